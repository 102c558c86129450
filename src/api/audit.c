/* audit.c — GET /api/v1/audit: the audit log, newest first, filtered and paged. */
#include <stdlib.h>
#include <string.h>

#include "api_impl.h"

#define API_AUDIT_LIMIT 100
#define API_AUDIT_LIMIT_MAX 1000

struct api_audit_page {
	json_t *entries;
	int64_t last_id;
};

static int api_audit_each(void *ctx, const struct audit_entry *e)
{
	struct api_audit_page *p = ctx;
	json_t *detail = e->detail ? json_loads(e->detail, 0, NULL) : NULL;
	if (e->detail && !detail)
		detail = json_string(e->detail);
	json_array_append_new(p->entries,
	                      json_pack("{s:I,s:s,s:s,s:s,s:s,s:o?}", "id", (json_int_t)e->id, "at",
	                                e->at, "actor", e->actor, "action", e->action, "object",
	                                e->object, "detail", detail));
	p->last_id = e->id;
	return 0;
}

/* A query value, or NULL when absent or empty (an empty form field filters nothing). */
static const char *api_audit_param(const struct http_params *q, const char *name)
{
	const char *v = http_param_get(q, name);
	return v && v[0] ? v : NULL;
}

/* A whole number in [min, max] from a query value; -1 when malformed. */
static int64_t api_audit_number(const char *s, int64_t min, int64_t max)
{
	char *end;
	if (!s || !(*s >= '0' && *s <= '9'))
		return -1;
	long long n = strtoll(s, &end, 10);
	return *end || n < min || n > max ? -1 : n;
}

/* GET /api/v1/audit?actor=&action=&q=&since=&until=&before=&limit= →
 * {"entries":[{"id","at","actor","action","object","detail"}],"next_before":ID|null} */
void api_audit(struct http_exchange *x)
{
	const struct http_params *q = &x->rq->query;
	struct audit_filter f = {
	    .actor = api_audit_param(q, "actor"),
	    .action = api_audit_param(q, "action"),
	    .search = api_audit_param(q, "q"),
	    .since = api_audit_param(q, "since"),
	    .until = api_audit_param(q, "until"),
	    .limit = API_AUDIT_LIMIT,
	};
	const char *before = http_param_get(q, "before");
	const char *limit = http_param_get(q, "limit");
	if (before && before[0] && (f.before_id = api_audit_number(before, 1, INT64_MAX)) < 0) {
		api_error(x, 400, "bad_request", "before: expected an entry id");
		return;
	}
	if (limit && limit[0]) {
		int64_t n = api_audit_number(limit, 1, API_AUDIT_LIMIT_MAX);
		if (n < 0) {
			api_error(x, 400, "bad_request", "limit: from 1 to 1000");
			return;
		}
		f.limit = (size_t)n;
	}
	struct api_audit_page page = {json_array(), 0};
	struct diag d;
	diag_init(&d);
	enum app_status s = app_audit_each(x->app, &f, api_audit_each, &page, &d);
	diag_finish(&d);
	if (s != APP_OK) {
		json_decref(page.entries);
		if (s == APP_BAD_INPUT) /* a malformed query parameter */
			api_error(x, 400, "bad_request",
			          "since, until: expected a date YYYY-MM-DD or DD/MM/YYYY");
		else
			api_fail(x, s, NULL, NULL);
		return;
	}
	json_t *next = json_array_size(page.entries) == f.limit
	                   ? json_integer((json_int_t)page.last_id)
	                   : json_null();
	api_send(x, 200, json_pack("{s:o,s:o}", "entries", page.entries, "next_before", next));
}
