/* dti.c — DTI readiness in the API: the frameworks and bound years, a year's readiness (what
 * `dxtrack dti readiness YEAR --format json` prints, byte for byte, through report/dti_report),
 * one item with its evidence and history (as `dxtrack dti show YEAR CODE --format json`), the
 * item's entry (PATCH, with its version as ETag / If-Match), evidence upload (multipart),
 * withdrawal and download, and the administrators' CSV imports of frameworks and published results.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../http/escape.h"
#include "../report/dti_report.h"
#include "api_impl.h"

/* ---- request parts ------------------------------------------------------------------------- */

/* A year of the path (2000..2100); -1 after answering 404. */
static int api_dti_year(struct http_exchange *x, const char *s, int *year)
{
	char *end;
	long n = strtol(s, &end, 10);
	if (*end || end - s != 4 || n < TASK_YEAR_MIN || n > TASK_YEAR_MAX) {
		api_error(x, 404, "not_found",
		          "no such assessment year: the path is /api/v1/dti/YEAR (2000 to 2100)");
		return -1;
	}
	*year = (int)n;
	return 0;
}

/* ?as_of=YYYY-MM-DD (default: today); -1 after answering 400. */
static int api_dti_as_of(struct http_exchange *x, struct date *as_of)
{
	*as_of = (struct date){0, 0, 0};
	for (size_t i = 0; i < x->rq->query.count; i++) {
		const struct http_param *p = &x->rq->query.items[i];
		const char *why;
		if (strcmp(p->name, "as_of") != 0) {
			char m[160];
			snprintf(m, sizeof m, "unknown parameter \"%.60s\": the only one is as_of",
			         p->name);
			api_error(x, 400, "bad_request", m);
			return -1;
		}
		if (date_parse(p->value, strlen(p->value), as_of, &why) < 0) {
			api_error(x, 400, "bad_request", "as_of: expected a date YYYY-MM-DD");
			return -1;
		}
	}
	return 0;
}

/* The assessment of year on as_of and the index of code in it (code NULL: none); on a failure
 * answers (404 for a year not bound or an unknown code) and returns -1. a is to be cleared by
 * the caller either way. */
static int api_dti_load(struct http_exchange *x, int year, const char *code, struct date as_of,
                        struct dti_assessment *a, size_t *i)
{
	struct diag d;
	diag_init(&d);
	enum app_status s = app_dti_assessment(x->app, year, as_of, a, &d);
	if (s == APP_OK && code) {
		*i = app_dti_find(a, code);
		if (*i == a->n) {
			diag_add(&d, NULL, 0, NULL, "%d: no item %s in framework %s", year, code,
			         a->framework);
			s = APP_NOT_FOUND;
		}
	}
	if (s != APP_OK)
		api_fail(x, s, &d, NULL);
	diag_finish(&d);
	return s == APP_OK ? 0 : -1;
}

/* An evidence id of the path; -1 after answering 404. */
static int64_t api_dti_evidence_id(struct http_exchange *x)
{
	const char *s = x->rq->route_params[0];
	char *end;
	long long n = strtoll(s, &end, 10);
	if (x->rq->route_param_count < 1 || !s[0] || *end || n < 1) {
		api_error(x, 404, "not_found", "no such evidence: the id is a whole number");
		return -1;
	}
	return n;
}

/* ---- GET ----------------------------------------------------------------------------------- */

struct api_dti_lists {
	json_t *frameworks, *years;
};

static int api_dti_framework_row(void *ctx, const struct store_dti_framework *f)
{
	struct api_dti_lists *l = ctx;
	json_array_append_new(l->frameworks, json_pack("{s:s, s:I, s:s?, s:s?}", "code", f->code,
	                                               "items", (json_int_t)f->items, "imported_at",
	                                               f->imported_at, "author", f->author));
	return 0;
}

static int api_dti_year_row(void *ctx, int year, const char *framework, const char *province)
{
	struct api_dti_lists *l = ctx;
	json_array_append_new(l->years, json_pack("{s:i, s:s, s:s?}", "year", year, "framework",
	                                          framework, "province", province));
	return 0;
}

/* GET /api/v1/dti → {"frameworks":[{"code","items","imported_at","author"}],"years":[{"year",
 * "framework","province"}]} (newest year first), as `dxtrack dti frameworks --format json` */
void api_dti_years(struct http_exchange *x)
{
	struct api_dti_lists l = {json_array(), json_array()};
	enum app_status s = app_dti_frameworks_each(x->app, api_dti_framework_row, &l);
	if (s == APP_OK)
		s = app_dti_years_each(x->app, api_dti_year_row, &l);
	if (s != APP_OK) {
		json_decref(l.frameworks);
		json_decref(l.years);
		api_fail(x, s, NULL, NULL);
		return;
	}
	api_send(x, 200, json_pack("{s:o, s:o}", "frameworks", l.frameworks, "years", l.years));
}

/* GET /api/v1/dti/{year}?as_of=YYYY-MM-DD → the readiness object (report/dti_report.h) */
void api_dti_readiness(struct http_exchange *x)
{
	int year;
	struct date as_of;
	struct dti_assessment a;
	size_t i;
	if (api_dti_year(x, x->rq->route_params[0], &year) < 0 || api_dti_as_of(x, &as_of) < 0)
		return;
	if (api_dti_load(x, year, NULL, as_of, &a, &i) == 0)
		api_send(x, 200, dti_report_json(&a));
	dti_assessment_clear(&a);
}

/* The entry's ETag: its version, which every write moves on. */
static void api_dti_etag(struct http_exchange *x, int64_t version)
{
	char tag[32];
	snprintf(tag, sizeof tag, "\"%lld\"", (long long)version);
	http_response_header(x->rs, x->rq->arena, "ETag", arena_strdup(x->rq->arena, tag));
}

/* Item i of a as JSON (app_dti_item_json); NULL after answering a failure. */
static json_t *api_dti_item_json(struct http_exchange *x, const struct dti_assessment *a, size_t i)
{
	json_t *j;
	enum app_status s = app_dti_item_json(x->app, a, i, &j);
	if (s != APP_OK)
		api_fail(x, s, NULL, NULL);
	return j;
}

/* GET /api/v1/dti/{year}/{code}?as_of= → dti_report_item_json with "evidence_items" and "history",
 * as `dxtrack dti show YEAR CODE --format json`; ETag: the entry's version */
void api_dti_item(struct http_exchange *x)
{
	int year;
	struct date as_of;
	struct dti_assessment a;
	size_t i;
	if (api_dti_year(x, x->rq->route_params[0], &year) < 0 || api_dti_as_of(x, &as_of) < 0)
		return;
	if (api_dti_load(x, year, x->rq->route_params[1], as_of, &a, &i) == 0) {
		json_t *j = api_dti_item_json(x, &a, i);
		if (j) {
			api_dti_etag(x, a.entries[i].version);
			api_send(x, 200, j);
		}
	}
	dti_assessment_clear(&a);
}

/* ---- PATCH --------------------------------------------------------------------------------- */

/* A string or null (""): *out NULL when absent, "" for null. -1 when it is neither. */
static int api_dti_text(json_t *v, const char **out)
{
	if (json_is_null(v))
		*out = "";
	else if (json_is_string(v))
		*out = json_string_value(v);
	else
		return -1;
	return 0;
}

/* Reads the PATCH body into a change; answers 400 and returns -1 on a malformed field. */
static int api_dti_change(struct http_exchange *x, json_t *body, struct app_dti_change *c)
{
	const char *key, *s;
	json_t *v;
	char why[200];
	json_object_foreach(body, key, v)
	{
		if (strcmp(key, "value") == 0) {
			c->has_value = true;
			if (json_is_null(v))
				c->clear_value = true;
			else if (json_is_number(v))
				c->value = json_number_value(v);
			else
				goto bad;
		} else if (strcmp(key, "unit") == 0) {
			if (api_dti_text(v, &c->unit) < 0)
				goto bad;
		} else if (strcmp(key, "indicator") == 0) {
			if (api_dti_text(v, &c->indicator) < 0)
				goto bad;
		} else if (strcmp(key, "note") == 0) {
			if (api_dti_text(v, &c->note) < 0)
				goto bad;
		} else if (strcmp(key, "due") == 0) {
			const char *err;
			if (api_dti_text(v, &s) < 0 ||
			    (s[0] && date_parse(s, strlen(s), &c->due, &err) < 0))
				goto bad;
			c->has_due = true;
		} else if (strcmp(key, "status") == 0) {
			if (!json_is_string(v) ||
			    dti_status_parse(json_string_value(v), &c->status) < 0)
				goto bad;
			c->has_status = true;
		} else if (strcmp(key, "version") != 0) {
			snprintf(
			    why, sizeof why,
			    "unknown field \"%.60s\": send value, unit, due, status, indicator, "
			    "note, version",
			    key);
			api_error(x, 400, "bad_request", why);
			return -1;
		}
	}
	return 0;
bad:
	snprintf(why, sizeof why, "%s: %s", key,
	         strcmp(key, "value") == 0    ? "expected a number, or null to remove the value"
	         : strcmp(key, "due") == 0    ? "expected a date YYYY-MM-DD, or null for none"
	         : strcmp(key, "status") == 0 ? "expected missing, draft, submitted or verified"
	                                      : "expected a string, or null");
	api_error(x, 400, "bad_request", why);
	return -1;
}

/* PATCH /api/v1/dti/{year}/{code} {"value","unit","due","status","indicator","note","version"}
 * (or If-Match) → the item as it now is (GET's object); 409 with "current" when it moved on */
void api_dti_item_patch(struct http_exchange *x)
{
	int year;
	const char *code = x->rq->route_params[1];
	struct app_dti_change c = {0};
	struct dti_assessment a;
	bool loaded = false;
	size_t i;
	struct diag d;
	diag_init(&d);
	json_t *body = NULL;
	if (api_dti_year(x, x->rq->route_params[0], &year) < 0)
		goto out;
	body = api_body_object(x);
	if (!body || api_dti_change(x, body, &c) < 0)
		goto out;
	int64_t expected = api_expected_version(x, body, 0);
	if (expected < 0) {
		api_error(x, 400, "bad_request",
		          "version: send the entry's version as a whole number (\"version\" or "
		          "If-Match), the same in both");
		goto out;
	}
	c.expected_version = expected;
	if (!c.has_value && !c.unit && !c.has_due && !c.has_status && !c.indicator && !c.note) {
		api_error(x, 400, "bad_request",
		          "nothing to change: send value, unit, due, status, indicator or note");
		goto out;
	}
	enum app_status s = app_dti_set(x->app, year, code, &c, &d, NULL);
	if (s != APP_OK && s != APP_CONFLICT) {
		api_fail(x, s, &d, NULL);
		goto out;
	}
	/* the item as it now is: the answer, or "current" beside the conflict */
	loaded = true;
	if (api_dti_load(x, year, code, (struct date){0, 0, 0}, &a, &i) < 0)
		goto out;
	json_t *j = api_dti_item_json(x, &a, i);
	if (!j)
		goto out;
	if (s == APP_CONFLICT) {
		api_fail(x, s, &d, json_pack("{s:o}", "current", j));
	} else {
		api_dti_etag(x, a.entries[i].version);
		api_send(x, 200, j);
	}
out:
	if (loaded)
		dti_assessment_clear(&a);
	json_decref(body);
	diag_finish(&d);
}

/* ---- evidence ------------------------------------------------------------------------------ */

struct api_dti_find_evidence {
	int64_t id;
	json_t *found;
};

static int api_dti_find_evidence_row(void *ctx, const struct dti_evidence *e)
{
	struct api_dti_find_evidence *f = ctx;
	if (e->id == f->id && !f->found)
		f->found = dti_report_evidence_json(e);
	return 0;
}

/* POST /api/v1/dti/{year}/{code}/evidence, multipart/form-data with the fields number, title,
 * date (YYYY-MM-DD) and summary and the part file (optional) → 201 with the new evidence */
void api_dti_evidence_post(struct http_exchange *x)
{
	int year;
	const char *code = x->rq->route_params[1];
	struct diag d;
	diag_init(&d);
	if (api_dti_year(x, x->rq->route_params[0], &year) < 0)
		goto out;
	if (strcmp(x->rq->content_type, "multipart/form-data") != 0) {
		api_error(x, 415, "unsupported_media_type",
		          "send multipart/form-data with the fields number, title, date, summary "
		          "and the file as the part \"file\"");
		goto out;
	}
	const struct http_params *form = &x->rq->form;
	const struct http_upload *up = &x->rq->upload;
	const char *date = http_param_get(form, "date"), *why;
	struct app_dti_evidence_new n = {
	    .number = http_param_get(form, "number"),
	    .title = http_param_get(form, "title"),
	    .summary = http_param_get(form, "summary"),
	};
	if (!n.title)
		n.title = "";
	if (up->field) {
		if (strcmp(up->field, "file") != 0) {
			api_error(x, 400, "bad_request",
			          "the file goes in the part named \"file\"");
			goto out;
		}
		n.file = up->data;
		n.file_bytes = up->len;
		n.file_name = up->filename;
	}
	if (date && date[0] && date_parse(date, strlen(date), &n.doc_date, &why) < 0) {
		char object[64];
		snprintf(object, sizeof object, "dti %d/%s", year, code);
		diag_add(&d, object, 0, "date", "expected a date YYYY-MM-DD, got \"%.40s\"", date);
		api_fail(x, APP_BAD_INPUT, &d, NULL);
		goto out;
	}
	int64_t id = 0;
	enum app_status s = app_dti_evidence_add(x->app, year, code, &n, &d, &id);
	if (s != APP_OK) {
		api_fail(x, s, &d, NULL);
		goto out;
	}
	struct api_dti_find_evidence f = {.id = id};
	s = app_dti_evidence_each(x->app, year, code, true, api_dti_find_evidence_row, &f);
	if (s != APP_OK || !f.found) {
		json_decref(f.found);
		api_fail(x, s != APP_OK ? s : APP_FAILED, NULL, NULL);
		goto out;
	}
	char location[64];
	snprintf(location, sizeof location, "/api/v1/dti/evidence/%lld/file", (long long)id);
	if (n.file)
		http_response_header(x->rs, x->rq->arena, "Location",
		                     arena_strdup(x->rq->arena, location));
	api_send(x, 201, f.found);
out:
	diag_finish(&d);
}

/* POST /api/v1/dti/evidence/{id}/withdraw → {"id","withdrawn":true} */
void api_dti_evidence_withdraw(struct http_exchange *x)
{
	struct diag d;
	diag_init(&d);
	int64_t id = api_dti_evidence_id(x);
	if (id > 0) {
		enum app_status s = app_dti_evidence_withdraw(x->app, id, &d);
		if (s == APP_OK)
			api_send(x, 200,
			         json_pack("{s:I, s:b}", "id", (json_int_t)id, "withdrawn", 1));
		else
			api_fail(x, s, &d, NULL);
	}
	diag_finish(&d);
}

/* GET /api/v1/dti/evidence/{id}/file → the file (its media type, as an attachment) */
void api_dti_evidence_file(struct http_exchange *x)
{
	struct dti_evidence meta = {0};
	struct buf content;
	buf_init(&content, DTI_EVIDENCE_MAX_BYTES + 1);
	int64_t id = api_dti_evidence_id(x);
	if (id < 0)
		goto out;
	enum app_status s = app_dti_evidence_file(x->app, id, &meta, &content);
	if (s == APP_NOT_FOUND) {
		api_error(x, 404, "not_found", "no such evidence, or it has no file");
		goto out;
	}
	if (s != APP_OK) {
		api_fail(x, s, NULL, NULL);
		goto out;
	}
	exchange_send_file(x, meta.media_type, meta.file_name, meta.sha256, &content);
out:
	dti_evidence_clear(&meta);
	buf_finish(&content);
}

/* ---- administrators' imports --------------------------------------------------------------- */

/* POST /api/v1/dti/frameworks?name=FILE.csv (the CSV of `dxtrack dti framework import`) →
 * {"rows","inserted","updated","unchanged"}; any problem: 422, nothing written */
void api_dti_frameworks_post(struct http_exchange *x)
{
	api_import(x, "framework", app_dti_framework_import);
}

/* POST /api/v1/dti/published?name=FILE.csv (the CSV of `dxtrack dti published import`) */
void api_dti_published_post(struct http_exchange *x)
{
	api_import(x, "published values", app_dti_published_import);
}
