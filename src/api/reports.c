/* reports.c — the committee's report under review, and the settings its documents use, in the
 * API (app.h, "the review" and "settings"). The report objects are app/reports.h's, the same
 * as `dxtrack report list|show --format json` prints.
 *
 *   GET  /api/v1/reports                               every report with its versions
 *   GET  /api/v1/reports/{id}                          one: versions and comments
 *   POST /api/v1/reports                               {"year","as_of","date","number"} → 201
 *   POST /api/v1/reports/{id}/revise                   {"as_of","date","number"} (optional)
 *   POST /api/v1/reports/{id}/submit
 *   POST /api/v1/reports/{id}/comments                 {"version","section","text"} → 201
 *   POST /api/v1/comments/{id}/answer                  {"answer","text"}
 *   GET  /api/v1/reports/{id}/versions/{n}.docx|.pdf|.xlsx   the version's document
 *   GET  /api/v1/settings                              every setting with its help
 *   PUT  /api/v1/settings/{key}                        {"value"} (null or "" removes it)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/reports.h"
#include "api_impl.h"

/* ---- request parts ------------------------------------------------------------------------- */

/* A positive id of the path; -1 after answering 404 ("no such WHAT"). */
static int64_t api_reports_id(struct http_exchange *x, size_t i, const char *what)
{
	const char *s = i < x->rq->route_param_count ? x->rq->route_params[i] : "";
	char *end;
	long long n = strtoll(s, &end, 10);
	if (!s[0] || *end || n < 1) {
		char m[96];
		snprintf(m, sizeof m, "no such %s: the id is a whole number", what);
		api_error(x, 404, "not_found", m);
		return -1;
	}
	return n;
}

/* Reads the options of a draft or revision ("as_of", "date", "number"; "year" when year is not
 * NULL); answers 400 and returns -1 on a malformed or unknown field. */
static int api_reports_options(struct http_exchange *x, json_t *body, int *year,
                               struct app_report_options *o)
{
	const char *key;
	json_t *v;
	char why[200];
	json_object_foreach(body, key, v)
	{
		const char *err;
		if (year && strcmp(key, "year") == 0) {
			if (!json_is_integer(v) || json_integer_value(v) < TASK_YEAR_MIN ||
			    json_integer_value(v) > TASK_YEAR_MAX)
				goto bad;
			*year = (int)json_integer_value(v);
		} else if (strcmp(key, "as_of") == 0 || strcmp(key, "date") == 0) {
			struct date *dt = key[0] == 'a' ? &o->as_of : &o->date;
			const char *s = json_string_value(v);
			if (json_is_null(v))
				continue;
			if (!s || date_parse(s, strlen(s), dt, &err) < 0)
				goto bad;
		} else if (strcmp(key, "number") == 0) {
			if (json_is_null(v))
				continue;
			if (!json_is_string(v))
				goto bad;
			o->number = json_string_value(v);
		} else {
			snprintf(why, sizeof why,
			         "unknown field \"%.60s\": send %sas_of, date, number", key,
			         year ? "year, " : "");
			api_error(x, 400, "bad_request", why);
			return -1;
		}
	}
	return 0;
bad:
	snprintf(why, sizeof why, "%s: %s", key,
	         strcmp(key, "year") == 0     ? "expected a year from 2000 to 2100"
	         : strcmp(key, "number") == 0 ? "expected a string, or null"
	                                      : "expected a date YYYY-MM-DD, or null");
	api_error(x, 400, "bad_request", why);
	return -1;
}

/* The body of a POST that may be empty: an empty object when nothing was sent. NULL after
 * answering. */
static json_t *api_reports_body(struct http_exchange *x)
{
	if (x->rq->body_len == 0)
		return json_object();
	return api_body_object(x);
}

/* Answers the report as it now is (app_report_json), with status. */
static void api_reports_send(struct http_exchange *x, int status, int64_t id)
{
	json_t *j = NULL;
	enum app_status s = app_report_json(x->app, id, 0, &j);
	if (s != APP_OK) {
		api_fail(x, s, NULL, NULL);
		return;
	}
	if (status == 201) {
		char location[64];
		snprintf(location, sizeof location, "/api/v1/reports/%lld", (long long)id);
		http_response_header(x->rs, x->rq->arena, "Location",
		                     arena_strdup(x->rq->arena, location));
	}
	api_send(x, status, j);
}

/* ---- reports ------------------------------------------------------------------------------- */

/* GET /api/v1/reports → {"reports":[{"id","year","version","status","versions":[…]}]} */
void api_reports(struct http_exchange *x)
{
	json_t *j = NULL;
	enum app_status s = app_reports_json(x->app, &j);
	if (s != APP_OK)
		api_fail(x, s, NULL, NULL);
	else
		api_send(x, 200, j);
}

/* GET /api/v1/reports/{id} → {"id","year","version","status","versions":[…],"comments":[…]} */
void api_report(struct http_exchange *x)
{
	int64_t id = api_reports_id(x, 0, "report");
	if (id < 0)
		return;
	json_t *j = NULL;
	enum app_status s = app_report_json(x->app, id, 0, &j);
	if (s == APP_NOT_FOUND)
		api_error(x, 404, "not_found", "no such report");
	else if (s != APP_OK)
		api_fail(x, s, NULL, NULL);
	else
		api_send(x, 200, j);
}

/* POST /api/v1/reports {"year","as_of","date","number"} → 201 with the new report */
void api_reports_post(struct http_exchange *x)
{
	struct diag d;
	struct app_report_options o = {0};
	int year = 0;
	int64_t id = 0;
	diag_init(&d);
	json_t *body = api_body_object(x);
	if (!body || api_reports_options(x, body, &year, &o) < 0)
		goto out;
	if (!year) {
		api_error(x, 400, "bad_request",
		          "year: send the year of the report (2000 to 2100)");
		goto out;
	}
	enum app_status s = app_report_draft(x->app, year, &o, &id, &d);
	if (s == APP_CONFLICT && id)
		api_fail(x, s, &d, json_pack("{s:I}", "report", (json_int_t)id));
	else if (s != APP_OK)
		api_fail(x, s, &d, NULL);
	else
		api_reports_send(x, 201, id);
out:
	json_decref(body);
	diag_finish(&d);
}

/* POST /api/v1/reports/{id}/revise {"as_of","date","number"} (all optional) → the report */
void api_report_revise(struct http_exchange *x)
{
	struct diag d;
	struct app_report_options o = {0};
	diag_init(&d);
	json_t *body = NULL;
	int64_t id = api_reports_id(x, 0, "report");
	if (id < 0)
		goto out;
	body = api_reports_body(x);
	if (!body || api_reports_options(x, body, NULL, &o) < 0)
		goto out;
	enum app_status s = app_report_revise(x->app, id, &o, &d);
	if (s != APP_OK)
		api_fail(x, s, &d, NULL);
	else
		api_reports_send(x, 200, id);
out:
	json_decref(body);
	diag_finish(&d);
}

/* POST /api/v1/reports/{id}/submit → the report, its latest version submitted */
void api_report_submit(struct http_exchange *x)
{
	struct diag d;
	diag_init(&d);
	int64_t id = api_reports_id(x, 0, "report");
	if (id > 0) {
		enum app_status s = app_report_submit(x->app, id, &d);
		if (s != APP_OK)
			api_fail(x, s, &d, NULL);
		else
			api_reports_send(x, 200, id);
	}
	diag_finish(&d);
}

/* The comment id's object, from the report's comments. */
struct api_reports_find {
	int64_t id;
	json_t *found;
};

static int api_reports_find_row(void *ctx, const struct report_comment *c)
{
	struct api_reports_find *f = ctx;
	if (c->id == f->id && !f->found)
		f->found = app_report_comment_json(c);
	return 0;
}

/* Answers the comment as it now is. */
static void api_reports_send_comment(struct http_exchange *x, int status, int64_t report_id,
                                     int64_t comment_id)
{
	struct api_reports_find f = {.id = comment_id};
	enum app_status s = app_report_comments(x->app, report_id, api_reports_find_row, &f);
	if (s != APP_OK || !f.found) {
		json_decref(f.found);
		api_fail(x, s != APP_OK ? s : APP_FAILED, NULL, NULL);
		return;
	}
	api_send(x, status, f.found);
}

/* POST /api/v1/reports/{id}/comments {"version","section","text"} → 201 with the comment */
void api_report_comment_post(struct http_exchange *x)
{
	struct diag d;
	diag_init(&d);
	json_t *body = NULL;
	int64_t id = api_reports_id(x, 0, "report"), cid = 0;
	if (id < 0)
		goto out;
	body = api_body_object(x);
	if (!body)
		goto out;
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v)
	{
		if (strcmp(key, "version") && strcmp(key, "section") && strcmp(key, "text")) {
			char why[160];
			snprintf(why, sizeof why,
			         "unknown field \"%.60s\": send version, section and text", key);
			api_error(x, 400, "bad_request", why);
			goto out;
		}
	}
	json_t *version = json_object_get(body, "version");
	const char *section = json_string_value(json_object_get(body, "section"));
	const char *text = json_string_value(json_object_get(body, "text"));
	if (!json_is_integer(version) || json_integer_value(version) < 1 ||
	    json_integer_value(version) > 1000000 || !section || !text) {
		api_error(x, 400, "bad_request",
		          "send version (a whole number), section and text (strings)");
		goto out;
	}
	enum app_status s = app_report_comment(x->app, id, (int)json_integer_value(version),
	                                       section, text, &cid, &d);
	if (s != APP_OK) {
		api_fail(x, s, &d, NULL);
		goto out;
	}
	api_reports_send_comment(x, 201, id, cid);
out:
	json_decref(body);
	diag_finish(&d);
}

/* POST /api/v1/comments/{id}/answer {"answer":"accepted|explained|rejected","text"} → the
 * comment, answered */
void api_comment_answer(struct http_exchange *x)
{
	struct diag d;
	diag_init(&d);
	json_t *body = NULL;
	int64_t cid = api_reports_id(x, 0, "comment");
	if (cid < 0)
		goto out;
	body = api_body_object(x);
	if (!body)
		goto out;
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v)
	{
		if (strcmp(key, "answer") && strcmp(key, "text")) {
			char why[160];
			snprintf(why, sizeof why, "unknown field \"%.60s\": send answer and text",
			         key);
			api_error(x, 400, "bad_request", why);
			goto out;
		}
	}
	enum report_answer answer;
	const char *text = json_string_value(json_object_get(body, "text"));
	if (app_report_answer_parse(json_string_value(json_object_get(body, "answer")), &answer) <
	        0 ||
	    answer == REPORT_OPEN || !text) {
		api_error(x, 400, "bad_request",
		          "send answer (accepted, explained or rejected) and text (a string)");
		goto out;
	}
	enum app_status s = app_report_answer(x->app, cid, answer, text, &d);
	if (s != APP_OK) {
		api_fail(x, s, &d, NULL);
		goto out;
	}
	/* the comment's report: find it among the reports' comments */
	json_t *all = NULL;
	s = app_reports_json(x->app, &all);
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(all, "reports"), i, r)
	{
		int64_t rid = (int64_t)json_integer_value(json_object_get(r, "id"));
		struct api_reports_find f = {.id = cid};
		if (app_report_comments(x->app, rid, api_reports_find_row, &f) == APP_OK &&
		    f.found) {
			json_decref(all);
			api_send(x, 200, f.found);
			goto out;
		}
		json_decref(f.found);
	}
	json_decref(all);
	api_fail(x, s != APP_OK ? s : APP_FAILED, NULL, NULL);
out:
	json_decref(body);
	diag_finish(&d);
}

/* GET /api/v1/reports/{id}/versions/{n}.docx|.pdf|.xlsx → the version's document */
void api_report_file(struct http_exchange *x)
{
	struct diag d;
	struct buf out;
	struct app_report_file meta;
	diag_init(&d);
	buf_init(&out, 0);
	int64_t id = api_reports_id(x, 0, "report");
	if (id >= 0) {
		enum app_status s =
		    app_report_file(x->app, id, x->rq->route_params[1], &out, &meta, &d);
		if (s == APP_OK)
			exchange_send_file(x, meta.media_type, meta.name, meta.etag, &out);
		else
			api_fail(x, s, &d, NULL);
	}
	buf_finish(&out);
	diag_finish(&d);
}

/* ---- settings ------------------------------------------------------------------------------ */

static int api_settings_row(void *ctx, const char *key, const char *value, const char *help)
{
	json_array_append_new(
	    ctx, json_pack("{s:s,s:s?,s:s}", "key", key, "value", value, "help", help));
	return 0;
}

/* GET /api/v1/settings → {"settings":[{"key","value","help"}]} (value null when not set), as
 * `dxtrack settings list --format json` */
void api_settings(struct http_exchange *x)
{
	json_t *list = json_array();
	enum app_status s = app_settings_each(x->app, api_settings_row, list);
	if (s != APP_OK) {
		json_decref(list);
		api_fail(x, s, NULL, NULL);
		return;
	}
	api_send(x, 200, json_pack("{s:o}", "settings", list));
}

struct api_settings_one {
	const char *key;
	json_t *found;
};

static int api_settings_one_row(void *ctx, const char *key, const char *value, const char *help)
{
	struct api_settings_one *o = ctx;
	if (strcmp(key, o->key) == 0)
		o->found = json_pack("{s:s,s:s?,s:s}", "key", key, "value", value, "help", help);
	return 0;
}

/* PUT /api/v1/settings/{key} {"value": "…"} (null or "" removes it) → {"key","value","help"} */
void api_setting_put(struct http_exchange *x)
{
	struct diag d;
	diag_init(&d);
	const char *key = x->rq->route_params[0];
	char *current = NULL;
	json_t *body = NULL;
	enum app_status known = app_setting_get(x->app, key, &current);
	free(current);
	if (known == APP_BAD_INPUT) {
		api_error(x, 404, "not_found",
		          "no such setting: GET /api/v1/settings lists the keys");
		goto out;
	}
	body = api_body_object(x);
	if (!body)
		goto out;
	json_t *v = json_object_get(body, "value");
	if (json_object_size(body) != 1 || !v || !(json_is_string(v) || json_is_null(v))) {
		api_error(x, 400, "bad_request",
		          "send {\"value\": \"…\"} (a string; null or \"\" removes the setting)");
		goto out;
	}
	enum app_status s =
	    app_setting_set(x->app, key, json_is_null(v) ? "" : json_string_value(v), &d);
	if (s != APP_OK) {
		api_fail(x, s, &d, NULL);
		goto out;
	}
	struct api_settings_one o = {.key = key};
	s = app_settings_each(x->app, api_settings_one_row, &o);
	if (s != APP_OK || !o.found) {
		json_decref(o.found);
		api_fail(x, s != APP_OK ? s : APP_FAILED, NULL, NULL);
		goto out;
	}
	api_send(x, 200, o.found);
out:
	json_decref(body);
	diag_finish(&d);
}
