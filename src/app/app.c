/* app.c — opening a session with the database (as the system, or attached to a store as nobody),
 * who may act, the audit log, and simple lookups (app.h). */
#include "app_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "../lib/mem.h"

/* Sets the session's clock: now_utc "YYYY-MM-DDTHH:MM:SSZ" (tests, back-dated entry) or, when
 * NULL, the system clock (today in local time, now in UTC). */
static enum app_status app_clock(struct app *a, const char *now_utc, char *why, size_t why_size)
{
	if (now_utc) {
		const char *err;
		struct tm tm;
		memset(&tm, 0, sizeof tm);
		const char *end = strptime(now_utc, "%Y-%m-%dT%H:%M:%SZ", &tm);
		if (strlen(now_utc) != 20 || now_utc[10] != 'T' || now_utc[19] != 'Z' || !end ||
		    *end || date_parse(now_utc, 10, &a->today, &err) < 0) {
			snprintf(why, why_size, "bad time \"%s\": expected YYYY-MM-DDTHH:MM:SSZ",
			         now_utc);
			return APP_FAILED;
		}
		snprintf(a->now, sizeof a->now, "%s", now_utc);
		return APP_OK;
	}
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(a->now, sizeof a->now, "%Y-%m-%dT%H:%M:%SZ", &tm);
	localtime_r(&t, &tm);
	a->today = (struct date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
	return APP_OK;
}

/* Copies a name into a fixed field, cut at a character boundary when too long. */
static void app_name_copy(char *out, size_t size, const char *name)
{
	size_t n = strlen(name);
	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)name[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out, name, n);
	out[n] = '\0';
}

enum app_status app_open(struct app *a, const char *db_url, const char *actor, const char *source,
                         const char *now_utc, char *why, size_t why_size)
{
	memset(a, 0, sizeof *a);
	if (sodium_init() < 0) {
		snprintf(why, why_size, "libsodium cannot start");
		return APP_FAILED;
	}
	if (app_clock(a, now_utc, why, why_size) != APP_OK)
		return APP_FAILED;
	a->store = store_open(db_url, why, why_size);
	if (!a->store)
		return APP_FAILED;
	a->actor = mem_strdup(actor && actor[0] ? actor : "unknown");
	a->source = mem_strdup(source);
	/* whoever runs the CLI can open the database file anyway: the system has every right */
	a->who.kind = APP_SYSTEM;
	a->who.role = ROLE_ADMIN;
	app_name_copy(a->who.name, sizeof a->who.name, a->actor);
	return APP_OK;
}

enum app_status app_attach(struct app *a, struct store *s, const char *source, const char *now_utc,
                           char *why, size_t why_size)
{
	memset(a, 0, sizeof *a);
	if (sodium_init() < 0) {
		snprintf(why, why_size, "libsodium cannot start");
		return APP_FAILED;
	}
	if (app_clock(a, now_utc, why, why_size) != APP_OK)
		return APP_FAILED;
	a->store = s;
	a->store_borrowed = true;
	a->who.kind = APP_NOBODY;
	a->who.role = ROLE_VIEWER;
	a->actor = mem_strdup("anonymous");
	a->source = mem_strdup(source);
	return APP_OK;
}

void app_keep_credentials(struct app *a, struct cache *c)
{
	a->credentials = c;
}

void app_close(struct app *a)
{
	if (!a->store_borrowed)
		store_close(a->store);
	free(a->actor);
	free(a->source);
	memset(a, 0, sizeof *a);
}

enum app_status app_require_user(struct app *a, struct diag *d)
{
	if (a->who.kind != APP_NOBODY)
		return APP_OK;
	if (d)
		diag_add(d, NULL, 0, NULL, "sign in first");
	return APP_UNAUTHORIZED;
}

enum app_status app_require_admin(struct app *a, struct diag *d, const char *what)
{
	enum app_status s = app_require_user(a, d);
	if (s != APP_OK)
		return s;
	if (user_may_admin(a->who.role))
		return APP_OK;
	if (d)
		diag_add(d, NULL, 0, NULL, "only an administrator may %s; %s is %s", what,
		         a->who.name, app_role_phrase(a->who.role));
	return APP_FORBIDDEN;
}

const char *app_role_phrase(enum user_role r)
{
	switch (r) {
	case ROLE_ADMIN:
		return "an administrator";
	case ROLE_VIEWER:
		return "a viewer";
	case ROLE_EDITOR:
		return "an editor";
	case ROLE_FINANCE:
		return "a finance user";
	case ROLE_COUNT:
		break;
	}
	return "a user";
}

void app_time_shift(const struct app *a, int64_t seconds, char out[32])
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	/* a->now was checked (app_clock) or written by strftime: it parses */
	strptime(a->now, "%Y-%m-%dT%H:%M:%SZ", &tm);
	time_t t = timegm(&tm) + (time_t)seconds;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

const char *app_error(const struct app *a)
{
	return a->store ? store_error(a->store) : "no database";
}

int app_schema_version(struct app *a)
{
	return store_schema_version(a->store);
}

int app_audit(struct app *a, const char *action, const char *object, json_t *detail)
{
	char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	struct audit_entry e = {
	    .at = a->now,
	    .actor = a->actor,
	    .action = action,
	    .object = object,
	    .detail = text,
	};
	int rc = store_audit_append(a->store, &e);
	free(text);
	return rc;
}

enum app_status app_fail(struct app *a)
{
	/* a successful rollback leaves the store's error message (the reason) as it was */
	store_rollback(a->store);
	return APP_FAILED;
}

enum app_status app_commit(struct app *a, int changed, const char *action, const char *object,
                           json_t *detail)
{
	if (changed == 0)
		changed = app_audit(a, action, object, detail);
	json_decref(detail);
	if (changed < 0 || store_commit(a->store) < 0)
		return app_fail(a);
	return APP_OK;
}

enum app_status app_import_finish(struct app *a, const char *action, const char *label,
                                  const struct import_result *r)
{
	json_t *detail = json_pack("{s:I,s:I,s:I,s:I}", "rows", (json_int_t)r->rows, "inserted",
	                           (json_int_t)r->inserted, "updated", (json_int_t)r->updated,
	                           "unchanged", (json_int_t)r->unchanged);
	return app_commit(a, 0, action, label, detail);
}

enum app_status app_task_get(struct app *a, int year, const char *code, struct task *out)
{
	int rc = store_task_get(a->store, year, code, out);
	return rc < 0 ? APP_FAILED : rc == 0 ? APP_NOT_FOUND : APP_OK;
}

enum app_status app_task_history(struct app *a, int64_t task_id,
                                 int (*each)(void *ctx, const struct task_update *u), void *ctx)
{
	return store_updates_each(a->store, task_id, each, ctx) < 0 ? APP_FAILED : APP_OK;
}

const struct task_filter *app_filter_dated(const struct app *a, const struct task_filter *f,
                                           struct task_filter *copy, char day[16])
{
	if (!f->unit || f->unit_on || !f->year)
		return f;
	struct date end = {f->year, 12, 31};
	if (date_compare(a->today, end) < 0)
		end = a->today;
	snprintf(day, 16, "%04d-%02d-%02d", end.year, end.month, end.day);
	*copy = *f;
	copy->unit_on = day;
	return copy;
}

enum app_status app_tasks_each(struct app *a, const struct task_filter *f,
                               int (*each)(void *ctx, const struct task *t), void *ctx)
{
	struct task_filter copy;
	char day[16];
	f = app_filter_dated(a, f, &copy, day);
	return store_tasks_each(a->store, f, each, ctx) < 0 ? APP_FAILED : APP_OK;
}

enum app_status app_unit_get(struct app *a, const char *code, struct unit *out)
{
	int rc = store_unit_get(a->store, code, out);
	return rc < 0 ? APP_FAILED : rc == 0 ? APP_NOT_FOUND : APP_OK;
}

enum app_status app_units_each(struct app *a, int (*each)(void *ctx, const struct unit *u),
                               void *ctx)
{
	return store_units_each(a->store, each, ctx) < 0 ? APP_FAILED : APP_OK;
}
