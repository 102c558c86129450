/* indicator_report.c — indicators and their figures as JSON (indicator_report.h). */
#include "indicator_report.h"

#include <math.h>

json_t *indicator_report_definition_json(const struct indicator *ind)
{
	json_t *o = json_object();
	json_object_set_new(o, "code", json_string(ind->code));
	json_object_set_new(o, "name", json_string(ind->name));
	json_object_set_new(o, "measure", json_string(ind->measure ? ind->measure : ""));
	json_object_set_new(o, "aggregation",
	                    json_string(indicator_aggregation_code(ind->aggregation)));
	json_object_set_new(o, "numerator",
	                    ind->numerator ? json_string(ind->numerator) : json_null());
	json_object_set_new(o, "denominator",
	                    ind->denominator ? json_string(ind->denominator) : json_null());
	json_object_set_new(o, "multiplier", json_real(ind->multiplier));
	json_object_set_new(o, "direction", json_string(indicator_direction_code(ind->direction)));
	json_object_set_new(o, "decimals", json_integer(ind->decimals));
	return o;
}

/* A figure's number for machines: rounded to the indicator's decimals, an integer when it has
 * none. */
static json_t *indicator_report_number(const struct indicator *ind, bool has, double v)
{
	if (!has)
		return json_null();
	double r = indicator_round(ind, v);
	if (ind->decimals == 0 && fabs(r) < 9007199254740992.0)
		return json_integer((json_int_t)r);
	return json_real(r);
}

json_t *indicator_report_json(const struct indicator_figure *f, bool with_status)
{
	char period[PERIOD_TEXT_MAX];
	period_text(f->period, period);
	json_t *o = json_object();
	json_object_set_new(o, "indicator", json_string(f->indicator->code));
	json_object_set_new(o, "unit", json_string(f->unit));
	json_object_set_new(o, "period", json_string(period));
	json_object_set_new(o, "value",
	                    indicator_report_number(f->indicator, f->has_value, f->value));
	json_object_set_new(o, "target",
	                    indicator_report_number(f->indicator, f->has_target, f->target));
	json_object_set_new(o, "reporting_units", json_integer((json_int_t)f->reporting_units));
	json_object_set_new(o, "expected_units", json_integer((json_int_t)f->expected_units));
	if (with_status) {
		const char *s = indicator_status_code(indicator_status(
		    f->indicator, f->has_value, f->value, f->has_target, f->target));
		json_object_set_new(o, "status", s ? json_string(s) : json_null());
	}
	return o;
}
