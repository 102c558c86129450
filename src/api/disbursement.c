/* disbursement.c — disbursement monitoring and Finance's allocations through the API, the same
 * JSON as the CLI's (report/disbursement_report.h renders both):
 *
 *   GET  /api/v1/disbursement?year=&as_of=&investor=   `dxtrack disbursement --format json`
 *   GET  /api/v1/allocations?year=&as_of=              `dxtrack allocations --format json`
 *   POST /api/v1/allocations {"unit","year","vnd","note"}   an allocation (finance, admin)
 *   POST /api/v1/tasks/{year}/{code}/colour {"colour","comment"}   an override (admin)
 *
 * Roles are checked by app/ (403); an allocation below what the tasks commit is 422.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/money.h"
#include "../report/disbursement_report.h"
#include "api_impl.h"

/* ?year= (default: the default year) and ?as_of=; on failure answers 400 and returns -1. */
static int api_disbursement_query(struct http_exchange *x, int *year, struct date *as_of)
{
	const struct http_params *q = &x->rq->query;
	const char *year_text = http_param_get(q, "year");
	const char *as_of_text = http_param_get(q, "as_of");
	*as_of = (struct date){0, 0, 0};
	if (year_text && year_text[0]) {
		char *end;
		long n = strtol(year_text, &end, 10);
		if (*end || end - year_text != 4 || n < TASK_YEAR_MIN || n > TASK_YEAR_MAX) {
			api_error(x, 400, "bad_request", "year: expected a year such as 2023");
			return -1;
		}
		*year = (int)n;
	} else {
		*year = app_default_year(x->app);
	}
	if (as_of_text && as_of_text[0]) {
		const char *why;
		if (date_parse(as_of_text, strlen(as_of_text), as_of, &why) < 0) {
			api_error(x, 400, "bad_request", "as_of: expected a date YYYY-MM-DD");
			return -1;
		}
	}
	return 0;
}

/* GET /api/v1/disbursement?year=Y[&as_of=YYYY-MM-DD][&investor=CODE] */
void api_disbursement(struct http_exchange *x)
{
	int year;
	struct date as_of;
	if (api_disbursement_query(x, &year, &as_of) < 0)
		return;
	const char *unit = http_param_get(&x->rq->query, "investor");
	if (unit && !unit[0])
		unit = NULL;
	struct disbursement r;
	struct diag d;
	diag_init(&d);
	enum app_status s = app_disbursement(x->app, year, unit, as_of, &r, &d);
	if (s == APP_OK)
		api_send(x, 200, disbursement_report_json(&r));
	else
		api_fail(x, s, &d, NULL);
	disbursement_finish(&r);
	diag_finish(&d);
}

/* GET /api/v1/allocations?year=Y[&as_of=YYYY-MM-DD] */
void api_allocations(struct http_exchange *x)
{
	int year;
	struct date as_of;
	if (api_disbursement_query(x, &year, &as_of) < 0)
		return;
	struct disbursement_departments v;
	struct diag d;
	diag_init(&d);
	enum app_status s = app_allocations(x->app, year, as_of, &v, &d);
	if (s == APP_OK)
		api_send(x, 200, disbursement_report_allocations_json(&v));
	else
		api_fail(x, s, &d, NULL);
	disbursement_departments_finish(&v);
	diag_finish(&d);
}

/* POST /api/v1/allocations {"unit":"SYT","year":2023,"vnd":25000000000 or "25.000.000.000",
 * "note":"…"} → 201 with the unit's row as `allocations --format json` shows it and
 * "previous_vnd" (null when there was none). */
void api_allocations_post(struct http_exchange *x)
{
	json_t *body = api_body_object(x);
	if (!body)
		return;
	json_t *unit = json_object_get(body, "unit");
	json_t *year = json_object_get(body, "year");
	json_t *vnd = json_object_get(body, "vnd");
	json_t *note = json_object_get(body, "note");
	int64_t amount = -1;
	const char *why = NULL;
	if (!json_is_string(unit) || !json_string_value(unit)[0]) {
		api_error(x, 400, "bad_request", "unit: expected a unit code");
		goto out;
	}
	if (!json_is_integer(year) || json_integer_value(year) < TASK_YEAR_MIN ||
	    json_integer_value(year) > TASK_YEAR_MAX) {
		api_error(x, 400, "bad_request", "year: expected a year such as 2023");
		goto out;
	}
	if (json_is_integer(vnd) && json_integer_value(vnd) >= 0) {
		amount = json_integer_value(vnd);
	} else if (json_is_string(vnd)) {
		const char *s = json_string_value(vnd);
		if (money_parse(s, strlen(s), &amount, &why) < 0)
			amount = -1;
	}
	if (amount < 0) {
		char message[160];
		snprintf(message, sizeof message, "vnd: %s",
		         why ? why : "expected a whole number of đồng");
		api_error(x, 400, "bad_request", message);
		goto out;
	}
	if (note && !json_is_null(note) && !json_is_string(note)) {
		api_error(x, 400, "bad_request", "note: expected a string");
		goto out;
	}
	struct disbursement_departments result;
	struct diag d;
	int64_t previous = -1;
	diag_init(&d);
	enum app_status s = app_allocate(
	    x->app, json_string_value(unit), (int)json_integer_value(year), amount,
	    json_is_string(note) ? json_string_value(note) : NULL, &d, &result, &previous);
	if (s == APP_OK) {
		json_t *all = disbursement_report_allocations_json(&result);
		json_t *row = json_array_get(json_object_get(all, "departments"), 0);
		json_t *o = row ? json_incref(row) : json_object();
		json_object_set_new(o, "year", json_integer(json_integer_value(year)));
		json_object_set_new(o, "previous_vnd",
		                    previous >= 0 ? json_integer(previous) : json_null());
		json_decref(all);
		api_send(x, 201, o);
	} else {
		api_fail(x, s, &d, NULL);
	}
	disbursement_departments_finish(&result);
	diag_finish(&d);
out:
	json_decref(body);
}

/* POST /api/v1/tasks/{year}/{code}/colour {"colour":"red"|"amber"|"green"|null,"comment":"…"}
 * → 200 with the task's colour as `task colour --format json` shows it. */
void api_task_colour_post(struct http_exchange *x)
{
	int year;
	const char *code;
	if (api_task_key(x, &year, &code) < 0)
		return;
	json_t *body = api_body_object(x);
	if (!body)
		return;
	json_t *colour = json_object_get(body, "colour");
	json_t *comment = json_object_get(body, "comment");
	enum disbursement_colour c = DISBURSEMENT_GREEN;
	if (!colour || (!json_is_null(colour) &&
	                (!json_is_string(colour) ||
	                 disbursement_colour_parse(json_string_value(colour), &c) < 0))) {
		api_error(x, 400, "bad_request",
		          "colour: expected \"red\", \"amber\", \"green\" or null");
		goto out;
	}
	if (comment && !json_is_null(comment) && !json_is_string(comment)) {
		api_error(x, 400, "bad_request", "comment: expected a string");
		goto out;
	}
	struct disbursement r;
	struct diag d;
	diag_init(&d);
	enum app_status s =
	    app_task_colour_set(x->app, year, code, json_is_null(colour) ? NULL : &c,
	                        json_is_string(comment) ? json_string_value(comment) : NULL, &d);
	if (s == APP_OK)
		s = app_task_colour(x->app, year, code, (struct date){0, 0, 0}, &r, &d);
	else
		disbursement_init(&r, year, (struct date){0, 0, 0});
	if (s == APP_OK && r.n_tasks == 1) {
		json_t *o = disbursement_report_colour_json(&r.tasks[0]);
		json_object_set_new(o, "as_of", disbursement_report_date_json(r.as_of));
		api_send(x, 200, o);
	} else {
		api_fail(x, s == APP_OK ? APP_NOT_FOUND : s, &d, NULL);
	}
	disbursement_finish(&r);
	diag_finish(&d);
out:
	json_decref(body);
}
