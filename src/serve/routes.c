/* routes.c — the route table and its matcher: one line per path the server answers. */
#include "routes.h"

#include <string.h>

#include "../api/api.h"
#include "../core/dti.h"
#include "../http/form.h"
#include "../web/web.h"
#include "health.h"

#define GET HTTP_GET | HTTP_HEAD
#define POST HTTP_POST
/* An evidence upload: the file (core/dti.h's limit) and the form's other fields around it (the
 * 413 names the limit in whole MiB, rounded down: "tối đa 50 MiB"). */
#define DTI_UPLOAD_MAX (DTI_EVIDENCE_MAX_BYTES + ((size_t)64 << 10))

/* The first route that matches wins: the fixed paths /indicators/missing and /indicators/entry
 * come before /indicators/{} (so no indicator can be shown under those two codes); other
 * patterns do not overlap. Under /dti and /api/v1/dti the fixed segment "evidence" comes before
 * the {year} patterns (a year is a number, so nothing is hidden). Under /reports,
 * /reports/{}/compare comes before /reports/{}/{} (the downloads, "2.docx"). */
/* A row names body_max only when the route takes a body larger than HTTP_BODY_MAX (an upload);
 * the others leave it out. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
const struct route routes[] = {
    /* pages (web/) */
    {GET, "/", ROUTE_SIGNED_IN, ROUTE_PAGE, web_dashboard},
    {GET, "/login", ROUTE_PUBLIC, ROUTE_PAGE, web_login_form},
    {POST, "/login", ROUTE_PUBLIC, ROUTE_PAGE, web_login},
    {POST, "/logout", ROUTE_SIGNED_IN, ROUTE_PAGE, web_logout},
    {GET, "/tasks", ROUTE_SIGNED_IN, ROUTE_PAGE, web_tasks},
    {GET, "/tasks/{}/{}", ROUTE_SIGNED_IN, ROUTE_PAGE, web_task},
    {POST, "/tasks/{}/{}", ROUTE_SIGNED_IN, ROUTE_PAGE, web_task_update},
    {GET, "/indicators", ROUTE_SIGNED_IN, ROUTE_PAGE, web_indicators},
    {GET, "/indicators/missing", ROUTE_SIGNED_IN, ROUTE_PAGE, web_indicators_missing},
    {GET, "/indicators/entry", ROUTE_SIGNED_IN, ROUTE_PAGE, web_indicator_entry_form},
    {POST, "/indicators/entry", ROUTE_SIGNED_IN, ROUTE_PAGE, web_indicator_entry},
    {GET, "/indicators/{}", ROUTE_SIGNED_IN, ROUTE_PAGE, web_indicator},
    {GET, "/import", ROUTE_SIGNED_IN, ROUTE_PAGE, web_import_form},
    {POST, "/import", ROUTE_SIGNED_IN, ROUTE_PAGE, web_import},
    {GET, "/users", ROUTE_ADMIN, ROUTE_PAGE, web_users},
    {POST, "/users", ROUTE_ADMIN, ROUTE_PAGE, web_users_post},
    {GET, "/account", ROUTE_SIGNED_IN, ROUTE_PAGE, web_account},
    {POST, "/account", ROUTE_SIGNED_IN, ROUTE_PAGE, web_account_post},
    {GET, "/audit", ROUTE_SIGNED_IN, ROUTE_PAGE, web_audit},
    {GET, "/disbursement", ROUTE_SIGNED_IN, ROUTE_PAGE, web_disbursement},
    {GET, "/allocations", ROUTE_SIGNED_IN, ROUTE_PAGE, web_allocations},
    {POST, "/allocations", ROUTE_SIGNED_IN, ROUTE_PAGE, web_allocations_post},
    {GET, "/plan", ROUTE_SIGNED_IN, ROUTE_PAGE, web_plan},
    {POST, "/plan/adopt", ROUTE_ADMIN, ROUTE_PAGE, web_plan_adopt},
    {GET, "/dti", ROUTE_SIGNED_IN, ROUTE_PAGE, web_dti},
    {GET, "/dti/evidence/{}", ROUTE_SIGNED_IN, ROUTE_PAGE, web_dti_evidence_file},
    {POST, "/dti/evidence/{}/withdraw", ROUTE_SIGNED_IN, ROUTE_PAGE, web_dti_evidence_withdraw},
    {GET, "/dti/{}/{}", ROUTE_SIGNED_IN, ROUTE_PAGE, web_dti_item},
    {POST, "/dti/{}/{}", ROUTE_SIGNED_IN, ROUTE_PAGE, web_dti_item_post},
    {POST, "/dti/{}/{}/evidence", ROUTE_SIGNED_IN, ROUTE_PAGE, web_dti_evidence_post,
     DTI_UPLOAD_MAX},
    {GET, "/reports", ROUTE_SIGNED_IN, ROUTE_PAGE, web_reports},
    {POST, "/reports", ROUTE_SIGNED_IN, ROUTE_PAGE, web_reports_post},
    {POST, "/reports/comments/{}/answer", ROUTE_SIGNED_IN, ROUTE_PAGE, web_report_answer_post},
    {GET, "/reports/{}", ROUTE_SIGNED_IN, ROUTE_PAGE, web_report},
    {GET, "/reports/{}/compare", ROUTE_SIGNED_IN, ROUTE_PAGE, web_report_compare},
    {POST, "/reports/{}/comments", ROUTE_SIGNED_IN, ROUTE_PAGE, web_report_comment_post},
    {POST, "/reports/{}/revise", ROUTE_SIGNED_IN, ROUTE_PAGE, web_report_revise_post},
    {POST, "/reports/{}/submit", ROUTE_SIGNED_IN, ROUTE_PAGE, web_report_submit_post},
    {GET, "/reports/{}/{}", ROUTE_SIGNED_IN, ROUTE_PAGE, web_report_file},
    {GET, "/static/app.css", ROUTE_PUBLIC, ROUTE_PLAIN, web_stylesheet},
    {GET, "/healthz", ROUTE_PUBLIC, ROUTE_PLAIN, health_check},
    /* JSON API (api/) */
    {GET, "/api/v1/openapi.json", ROUTE_PUBLIC, ROUTE_API, api_openapi},
    {POST, "/api/v1/session", ROUTE_PUBLIC, ROUTE_API, api_session_post},
    {HTTP_DELETE, "/api/v1/session", ROUTE_SIGNED_IN, ROUTE_API, api_session_delete},
    {GET, "/api/v1/me", ROUTE_SIGNED_IN, ROUTE_API, api_me},
    {GET, "/api/v1/summary", ROUTE_SIGNED_IN, ROUTE_API, api_summary},
    {GET, "/api/v1/tasks", ROUTE_SIGNED_IN, ROUTE_API, api_tasks},
    {GET, "/api/v1/tasks/{}/{}", ROUTE_SIGNED_IN, ROUTE_API, api_task},
    {HTTP_PATCH, "/api/v1/tasks/{}/{}", ROUTE_SIGNED_IN, ROUTE_API, api_task_patch},
    {POST, "/api/v1/import/tasks", ROUTE_SIGNED_IN, ROUTE_API, api_import_tasks},
    {GET, "/api/v1/audit", ROUTE_SIGNED_IN, ROUTE_API, api_audit},
    {GET, "/api/v1/indicators", ROUTE_SIGNED_IN, ROUTE_API, api_indicators},
    {GET, "/api/v1/indicators/missing", ROUTE_SIGNED_IN, ROUTE_API, api_indicators_missing},
    {GET, "/api/v1/indicators/{}/values", ROUTE_SIGNED_IN, ROUTE_API, api_indicator_values},
    {POST, "/api/v1/import/values", ROUTE_SIGNED_IN, ROUTE_API, api_import_values},
    {GET, "/api/v1/disbursement", ROUTE_SIGNED_IN, ROUTE_API, api_disbursement},
    {GET, "/api/v1/allocations", ROUTE_SIGNED_IN, ROUTE_API, api_allocations},
    {POST, "/api/v1/allocations", ROUTE_SIGNED_IN, ROUTE_API, api_allocations_post},
    {POST, "/api/v1/tasks/{}/{}/colour", ROUTE_SIGNED_IN, ROUTE_API, api_task_colour_post},
    {GET, "/api/v1/plan", ROUTE_SIGNED_IN, ROUTE_API, api_plan},
    {POST, "/api/v1/plan/adopt", ROUTE_ADMIN, ROUTE_API, api_plan_adopt},
    {GET, "/api/v1/plan/adopted", ROUTE_SIGNED_IN, ROUTE_API, api_plan_adopted},
    {GET, "/api/v1/dti", ROUTE_SIGNED_IN, ROUTE_API, api_dti_years},
    {POST, "/api/v1/dti/frameworks", ROUTE_ADMIN, ROUTE_API, api_dti_frameworks_post},
    {POST, "/api/v1/dti/published", ROUTE_ADMIN, ROUTE_API, api_dti_published_post},
    {POST, "/api/v1/dti/evidence/{}/withdraw", ROUTE_SIGNED_IN, ROUTE_API,
     api_dti_evidence_withdraw},
    {GET, "/api/v1/dti/evidence/{}/file", ROUTE_SIGNED_IN, ROUTE_API, api_dti_evidence_file},
    {GET, "/api/v1/dti/{}", ROUTE_SIGNED_IN, ROUTE_API, api_dti_readiness},
    {GET, "/api/v1/dti/{}/{}", ROUTE_SIGNED_IN, ROUTE_API, api_dti_item},
    {HTTP_PATCH, "/api/v1/dti/{}/{}", ROUTE_SIGNED_IN, ROUTE_API, api_dti_item_patch},
    {POST, "/api/v1/dti/{}/{}/evidence", ROUTE_SIGNED_IN, ROUTE_API, api_dti_evidence_post,
     DTI_UPLOAD_MAX},
    {GET, "/api/v1/reports", ROUTE_SIGNED_IN, ROUTE_API, api_reports},
    {POST, "/api/v1/reports", ROUTE_SIGNED_IN, ROUTE_API, api_reports_post},
    {GET, "/api/v1/reports/{}", ROUTE_SIGNED_IN, ROUTE_API, api_report},
    {POST, "/api/v1/reports/{}/revise", ROUTE_SIGNED_IN, ROUTE_API, api_report_revise},
    {POST, "/api/v1/reports/{}/submit", ROUTE_SIGNED_IN, ROUTE_API, api_report_submit},
    {POST, "/api/v1/reports/{}/comments", ROUTE_SIGNED_IN, ROUTE_API, api_report_comment_post},
    {GET, "/api/v1/reports/{}/versions/{}", ROUTE_SIGNED_IN, ROUTE_API, api_report_file},
    {POST, "/api/v1/comments/{}/answer", ROUTE_SIGNED_IN, ROUTE_API, api_comment_answer},
    {GET, "/api/v1/settings", ROUTE_SIGNED_IN, ROUTE_API, api_settings},
    {HTTP_PUT, "/api/v1/settings/{}", ROUTE_SIGNED_IN, ROUTE_API, api_setting_put},
};
#pragma GCC diagnostic pop
const size_t routes_count = sizeof routes / sizeof routes[0];

/* Matches path against pattern; on success stores the "{}" segments in params. */
static int routes_match_one(const char *pattern, const char *path, struct http_request *rq,
                            const char **params, size_t *count)
{
	size_t n = 0;
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (p[0] == '{' && p[1] == '}') {
			const char *end = strchr(s, '/');
			size_t len = end ? (size_t)(end - s) : strlen(s);
			if (len == 0 || n == sizeof rq->route_params / sizeof rq->route_params[0])
				return 0;
			params[n++] = arena_strndup(rq->arena, s, len);
			s += len;
			p += 2;
		} else if (*p == *s) {
			p++;
			s++;
		} else {
			return 0;
		}
	}
	if (*p || *s)
		return 0;
	*count = n;
	return 1;
}

const struct route *routes_match(struct http_request *rq, unsigned *allowed)
{
	const struct route *found = NULL;
	*allowed = 0;
	for (size_t i = 0; i < routes_count; i++) {
		const char *params[4];
		size_t n = 0;
		if (!routes_match_one(routes[i].pattern, rq->path, rq, params, &n))
			continue;
		*allowed |= routes[i].methods;
		if (!found && (routes[i].methods & rq->method)) {
			found = &routes[i];
			memcpy(rq->route_params, params, n * sizeof params[0]);
			rq->route_param_count = n;
		}
	}
	return found;
}

size_t routes_body_max(const char *method, const char *raw_target)
{
	struct arena arena;
	struct http_request rq = {.arena = &arena, .method = HTTP_OTHER};
	size_t max = 0;
	for (unsigned m = HTTP_GET; m < HTTP_OTHER; m <<= 1)
		if (strcmp(method, http_method_name((enum http_method)m)) == 0)
			rq.method = (enum http_method)m;
	const char *q = strchr(raw_target, '?');
	size_t len = q ? (size_t)(q - raw_target) : strlen(raw_target);
	char *path;
	arena_init(&arena);
	if (rq.method != HTTP_OTHER && form_decode(&arena, raw_target, len, 0, &path) == 0) {
		unsigned allowed;
		rq.path = path;
		const struct route *r = routes_match(&rq, &allowed);
		max = r ? r->body_max : 0;
	}
	arena_finish(&arena);
	return max;
}
