/* plan.c — next year's catalogue in the API: the selection (what `dxtrack plan --format json`
 * prints, byte for byte, through report/plan_report), adoption, the adopted catalogue. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/money.h"
#include "../report/plan_report.h"
#include "../report/plan_xlsx.h"
#include "api_impl.h"

/* Answers the result as plan_report_json with status, or the failure. */
static void api_plan_answer(struct http_exchange *x, int status, enum app_status s,
                            struct plan_result *r, struct diag *d)
{
	if (s == APP_OK)
		api_send(x, status, plan_report_json(r));
	else
		api_fail(x, s, d, NULL);
}

/* The selection as report/plan_xlsx's workbook (format=xlsx). */
static void api_plan_xlsx(struct http_exchange *x, const struct plan_result *r)
{
	struct buf bytes;
	buf_init(&bytes, 0);
	if (plan_xlsx_write(r, &bytes) < 0) {
		buf_finish(&bytes);
		api_error(x, 500, "internal", "could not make the workbook");
		return;
	}
	char disposition[80];
	snprintf(disposition, sizeof disposition, "attachment; filename=\"plan-%d.xlsx\"", r->year);
	x->rs->status = 200;
	x->rs->no_store = true;
	x->rs->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	http_response_header(x->rs, x->rq->arena, "Content-Disposition",
	                     arena_strdup(x->rq->arena, disposition));
	buf_reset(&x->rs->body);
	buf_append(&x->rs->body, bytes.data, bytes.len);
	buf_finish(&bytes);
}

/* GET /api/v1/plan?year=Y&budget_vnd=N&lock=CODE…&exclude=CODE…[&format=json|xlsx] →
 * {"year","budget_vnd","selected_vnd","selected":[…],"not_selected":[…]}, or with format=xlsx
 * the same selection as a workbook (report/plan_xlsx) */
void api_plan(struct http_exchange *x)
{
	const struct http_params *qs = &x->rq->query;
	const char **locks = arena_alloc(x->rq->arena, (qs->count + 1) * sizeof *locks);
	const char **excludes = arena_alloc(x->rq->arena, (qs->count + 1) * sizeof *excludes);
	struct app_plan_request q = {.locks = locks, .excludes = excludes};
	bool has_year = false, has_budget = false, xlsx = false;
	char why[160];
	for (size_t i = 0; i < qs->count; i++) {
		const struct http_param *p = &qs->items[i];
		const char *bad;
		char *end;
		if (strcmp(p->name, "year") == 0) {
			long y = strtol(p->value, &end, 10);
			if (!p->value[0] || *end || y < TASK_YEAR_MIN || y > TASK_YEAR_MAX) {
				api_error(x, 400, "bad_request",
				          "year: expected a year from 2000 to 2100");
				return;
			}
			q.year = (int)y;
			has_year = true;
		} else if (strcmp(p->name, "budget_vnd") == 0) {
			if (money_parse(p->value, strlen(p->value), &q.budget_vnd, &bad) < 0) {
				snprintf(why, sizeof why, "budget_vnd: %s", bad);
				api_error(x, 400, "bad_request", why);
				return;
			}
			has_budget = true;
		} else if (strcmp(p->name, "lock") == 0) {
			locks[q.n_locks++] = p->value;
		} else if (strcmp(p->name, "exclude") == 0) {
			excludes[q.n_excludes++] = p->value;
		} else if (strcmp(p->name, "format") == 0) {
			if (strcmp(p->value, "json") && strcmp(p->value, "xlsx")) {
				api_error(x, 400, "bad_request", "format: expected json or xlsx");
				return;
			}
			xlsx = strcmp(p->value, "xlsx") == 0;
		} else {
			snprintf(why, sizeof why, "unknown parameter \"%.60s\"", p->name);
			api_error(x, 400, "bad_request", why);
			return;
		}
	}
	if (!has_year || !has_budget) {
		api_error(x, 400, "bad_request", "year and budget_vnd are required");
		return;
	}
	struct plan_result r;
	struct diag d;
	plan_result_init(&r);
	diag_init(&d);
	enum app_status s = app_plan(x->app, &q, &r, &d);
	if (s == APP_OK && xlsx)
		api_plan_xlsx(x, &r);
	else
		api_plan_answer(x, 200, s, &r, &d);
	diag_finish(&d);
	plan_result_finish(&r);
}

/* The strings of a JSON array of codes into list (*n of them); -1 when it is not one. */
static int api_plan_codes(json_t *body, const char *name, const char **list, size_t max, size_t *n)
{
	json_t *a = json_object_get(body, name);
	*n = 0;
	if (!a)
		return 0;
	if (!json_is_array(a) || json_array_size(a) > max)
		return -1;
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v)
	{
		if (!json_is_string(v))
			return -1;
		list[(*n)++] = json_string_value(v);
	}
	return 0;
}

/* POST /api/v1/plan/adopt {"year":Y,"budget_vnd":N (or "200.000.000.000"),"lock":[…],
 * "exclude":[…]} → 201 and the adopted decision (as GET /api/v1/plan/adopted) */
void api_plan_adopt(struct http_exchange *x)
{
	json_t *body = api_body_object(x);
	if (!body)
		return;
	size_t max = HTTP_PARAMS_MAX * 4;
	const char **locks = arena_alloc(x->rq->arena, max * sizeof *locks);
	const char **excludes = arena_alloc(x->rq->arena, max * sizeof *excludes);
	struct app_plan_request q = {.locks = locks, .excludes = excludes};
	const char *key, *bad;
	json_t *v;
	char why[160];
	json_object_foreach(body, key, v)
	{
		if (strcmp(key, "year") && strcmp(key, "budget_vnd") && strcmp(key, "lock") &&
		    strcmp(key, "exclude")) {
			snprintf(why, sizeof why, "unknown field \"%.60s\"", key);
			api_error(x, 400, "bad_request", why);
			goto out;
		}
	}
	v = json_object_get(body, "year");
	if (!json_is_integer(v) || json_integer_value(v) < TASK_YEAR_MIN ||
	    json_integer_value(v) > TASK_YEAR_MAX) {
		api_error(x, 400, "bad_request", "year: expected a year from 2000 to 2100");
		goto out;
	}
	q.year = (int)json_integer_value(v);
	v = json_object_get(body, "budget_vnd");
	if (json_is_integer(v) && json_integer_value(v) >= 0 &&
	    json_integer_value(v) <= MONEY_MAX_VND) {
		q.budget_vnd = json_integer_value(v);
	} else if (json_is_string(v)) {
		if (money_parse(json_string_value(v), json_string_length(v), &q.budget_vnd, &bad) <
		    0) {
			snprintf(why, sizeof why, "budget_vnd: %s", bad);
			api_error(x, 400, "bad_request", why);
			goto out;
		}
	} else {
		api_error(x, 400, "bad_request", "budget_vnd: expected a whole number of đồng");
		goto out;
	}
	if (api_plan_codes(body, "lock", locks, max, &q.n_locks) < 0 ||
	    api_plan_codes(body, "exclude", excludes, max, &q.n_excludes) < 0) {
		api_error(x, 400, "bad_request", "lock and exclude: arrays of task codes");
		goto out;
	}
	struct plan_result r;
	struct diag d;
	plan_result_init(&r);
	diag_init(&d);
	enum app_status s = app_plan_adopt(x->app, &q, &r, &d);
	if (s == APP_OK) {
		/* the decision as it was recorded (adopted_at, adopted_by, locks, excludes) */
		plan_result_finish(&r);
		plan_result_init(&r);
		s = app_plan_show(x->app, q.year, &r, &d);
	}
	api_plan_answer(x, 201, s, &r, &d);
	diag_finish(&d);
	plan_result_finish(&r);
out:
	json_decref(body);
}

/* GET /api/v1/plan/adopted?year=Y → the adopted decision: the selection's fields and
 * "adopted_at", "adopted_by", "locks", "excludes"; 404 when the year has none */
void api_plan_adopted(struct http_exchange *x)
{
	const char *s = http_param_get(&x->rq->query, "year");
	char *end;
	long y = s ? strtol(s, &end, 10) : 0;
	if (!s || !s[0] || *end || y < TASK_YEAR_MIN || y > TASK_YEAR_MAX) {
		api_error(x, 400, "bad_request", "year: expected a year from 2000 to 2100");
		return;
	}
	struct plan_result r;
	struct diag d;
	plan_result_init(&r);
	diag_init(&d);
	enum app_status st = app_plan_show(x->app, (int)y, &r, &d);
	if (st == APP_NOT_FOUND && d.count == 0)
		diag_add(&d, NULL, 0, NULL, "no adopted catalogue for %ld", y);
	api_plan_answer(x, 200, st, &r, &d);
	diag_finish(&d);
	plan_result_finish(&r);
}
