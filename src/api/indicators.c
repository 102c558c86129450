/* indicators.c — the indicators of the API: the definitions, a unit's figure with the units below
 * it, completeness, and the values import.
 *
 *   GET  /api/v1/indicators                                 the definitions, by code
 *   GET  /api/v1/indicators/{code}/values?unit=&period=&level=
 *                                                           the CLI's figure plus "status", and
 *                                                           "units" below unit when level is given
 *   GET  /api/v1/indicators/missing?unit=&period=           who has not reported what
 *   POST /api/v1/import/values?name=FILE.csv                a values CSV, all or nothing
 *
 * Every JSON object of a figure comes from report/indicator_report.h, as the CLI prints it. A
 * missing unit is the first province of the period's tree, a missing period the newest year with
 * values (app_indicator_default_unit, app_indicator_default_year), as on the pages. A figure is
 * kept in the response cache until the data's generation moves (a write shows at once).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../report/indicator_report.h"
#include "api_impl.h"

/* What the figure endpoints read from the query. */
struct api_indicator_query {
	struct period period;
	char period_text[PERIOD_TEXT_MAX];
	char unit[UNIT_CODE_MAX + 1];
	unsigned levels; /* 0: none asked */
};

/* Parses unit, period and (when allowed) level, rejecting any other parameter; answers 400 and
 * returns -1 on a bad one. */
static int api_indicator_query(struct http_exchange *x, bool with_level,
                               struct api_indicator_query *q)
{
	const char *unit = NULL, *period = NULL, *level = NULL, *why;
	char message[160];
	memset(q, 0, sizeof *q);
	for (size_t i = 0; i < x->rq->query.count; i++) {
		const struct http_param *p = &x->rq->query.items[i];
		if (strcmp(p->name, "unit") == 0)
			unit = p->value;
		else if (strcmp(p->name, "period") == 0)
			period = p->value;
		else if (with_level && strcmp(p->name, "level") == 0)
			level = p->value;
		else {
			snprintf(message, sizeof message,
			         "unknown parameter \"%.60s\": use unit, %s", p->name,
			         with_level ? "period, level" : "period");
			api_error(x, 400, "bad_request", message);
			return -1;
		}
	}
	if (period && period[0]) {
		if (period_parse(period, strlen(period), &q->period, &why) < 0) {
			snprintf(message, sizeof message, "period: %s (2023, 2023Q4 or 2023-12)",
			         why);
			api_error(x, 400, "bad_request", message);
			return -1;
		}
	} else {
		q->period = (struct period){app_indicator_default_year(x->app), PERIOD_YEAR, 0};
	}
	period_text(q->period, q->period_text);
	if (level && level[0] && unit_kinds_parse(level, &q->levels) < 0) {
		api_error(
		    x, 400, "bad_request",
		    "level: kinds of unit, comma-separated: province, district, commune, agency");
		return -1;
	}
	if (unit && unit[0]) {
		if (!unit_code_valid(unit, UNIT_CODE_MAX)) {
			api_error(x, 404, "not_found", "unit: no such unit");
			return -1;
		}
		snprintf(q->unit, sizeof q->unit, "%s", unit);
	} else if (app_indicator_default_unit(x->app, q->period, q->unit) != APP_OK) {
		api_fail(x, APP_FAILED, NULL, NULL);
		return -1;
	} else if (!q->unit[0]) {
		api_error(x, 404, "not_found", "no unit exists in that period: import units first");
		return -1;
	}
	return 0;
}

static int api_indicators_each(void *ctx, const struct indicator *ind)
{
	json_array_append_new(ctx, indicator_report_definition_json(ind));
	return 0;
}

/* GET /api/v1/indicators → {"indicators":[{"code","name","measure","aggregation","numerator",
 * "denominator","multiplier","direction","decimals"}]} (`dxtrack indicators --format json`) */
void api_indicators(struct http_exchange *x)
{
	json_t *list = json_array();
	enum app_status s = app_indicators_each(x->app, api_indicators_each, list);
	if (s != APP_OK) {
		json_decref(list);
		api_fail(x, s, NULL, NULL);
		return;
	}
	api_send(x, 200, json_pack("{s:o}", "indicators", list));
}

struct api_indicator_values {
	json_t *figure; /* the unit's own */
	json_t *units;  /* those below, when asked */
};

static int api_indicator_values_each(void *ctx, const struct indicator_figure *f)
{
	struct api_indicator_values *v = ctx;
	json_t *o = indicator_report_json(f, true);
	if (!v->figure)
		v->figure = o;
	else
		json_array_append_new(v->units, o);
	return 0;
}

/* GET /api/v1/indicators/{code}/values?unit=&period=&level= → {"indicator","unit","period",
 * "value","target","reporting_units","expected_units","status"[,"units":[…]]} */
void api_indicator_values(struct http_exchange *x)
{
	struct api_indicator_query q;
	const char *code = x->rq->route_params[0];
	struct diag d;
	diag_init(&d);
	if (api_indicator_query(x, true, &q) < 0)
		goto out;
	if (!unit_code_valid(code, INDICATOR_CODE_MAX)) {
		api_error(x, 404, "not_found", "no such indicator: see GET /api/v1/indicators");
		goto out;
	}
	/* the JSON depends on the data and on these four alone (codes are checked: no spaces) */
	char key[CACHE_KEY_MAX + 1];
	int64_t gen;
	snprintf(key, sizeof key, "api indicator %s %s %s %u", code, q.unit, q.period_text,
	         q.levels);
	x->rs->content_type = "application/json";
	if (exchange_cache_get(x, key, &x->rs->body, &gen))
		goto out;
	struct api_indicator_values v = {.units = q.levels ? json_array() : NULL};
	/* levels 0 would list the next level down: without level, the unit alone */
	enum app_status s = q.levels
	                        ? app_indicator_children(x->app, code, q.unit, q.period, q.levels,
	                                                 api_indicator_values_each, &v, &d)
	                        : app_indicator_value(x->app, code, q.unit, q.period,
	                                              api_indicator_values_each, &v, &d);
	if (s != APP_OK) {
		json_decref(v.figure);
		json_decref(v.units);
		api_fail(x, s, &d, NULL);
		goto out;
	}
	if (v.units)
		json_object_set_new(v.figure, "units", v.units);
	api_send(x, 200, v.figure);
	exchange_cache_put(x, key, gen, x->rs->body.data, x->rs->body.len);
out:
	diag_finish(&d);
}

static int api_indicators_missing_each(void *ctx, const struct indicator_completeness *c)
{
	const struct indicator_figure *f = c->figure;
	json_t *missing = json_array();
	for (size_t i = 0; i < c->n_missing; i++) {
		const struct indicator_unit_ref *u = &c->missing[i];
		json_array_append_new(
		    missing, json_pack("{s:s,s:s,s:s,s:s?}", "unit", u->code, "name", u->name,
		                       "kind", unit_kind_code(u->kind), "parent", u->parent_code));
	}
	json_array_append_new(
	    ctx, json_pack("{s:s,s:s,s:I,s:I,s:o}", "indicator", f->indicator->code, "name",
	                   f->indicator->name, "reporting_units", (json_int_t)f->reporting_units,
	                   "expected_units", (json_int_t)f->expected_units, "missing", missing));
	return 0;
}

/* GET /api/v1/indicators/missing?unit=&period= → {"unit","period","indicators":[{"indicator",
 * "name","reporting_units","expected_units","missing":[{"unit","name","kind","parent"}]}]} */
void api_indicators_missing(struct http_exchange *x)
{
	struct api_indicator_query q;
	struct diag d;
	diag_init(&d);
	if (api_indicator_query(x, false, &q) < 0)
		goto out;
	json_t *list = json_array();
	enum app_status s =
	    app_indicator_missing(x->app, q.unit, q.period, api_indicators_missing_each, list, &d);
	if (s != APP_OK) {
		json_decref(list);
		api_fail(x, s, &d, NULL);
		goto out;
	}
	api_send(x, 200,
	         json_pack("{s:s,s:s,s:o}", "unit", q.unit, "period", q.period_text, "indicators",
	                   list));
out:
	diag_finish(&d);
}

/* POST /api/v1/import/values?name=FILE.csv (the CSV as the body: indicator,unit,period,value,
 * source) → {"rows","inserted","updated","unchanged"}; any problem: 422 (403 for rows outside an
 * editor's unit) with every message and nothing written. */
void api_import_values(struct http_exchange *x)
{
	api_import(x, "values", app_import_values);
}
