/* disbursement_report.c — disbursement monitoring and Finance's allocations as JSON: the one
 * rendering of `dxtrack disbursement --format json`, `dxtrack allocations --format json`, the
 * colour of `dxtrack task colour` and of the API (see disbursement_report.h). */
#include "disbursement_report.h"

#include <stdio.h>

#include "../io/task_io.h"

json_t *disbursement_report_date_json(struct date d)
{
	char text[16];
	if (!date_is_set(d))
		return json_null();
	snprintf(text, sizeof text, "%04d-%02d-%02d", d.year, d.month, d.day);
	return json_string(text);
}

json_t *disbursement_report_colour_json(const struct disbursement_task *t)
{
	json_t *o = json_object();
	json_object_set_new(o, "shown",
	                    json_string(disbursement_colour_code(disbursement_task_shown(t))));
	json_object_set_new(o, "computed", json_string(disbursement_colour_code(t->computed)));
	json_t *flags = json_array();
	if (t->flags & DISBURSEMENT_FLAG_PROGRESS)
		json_array_append_new(flags, json_string("below_progress"));
	if (t->flags & DISBURSEMENT_FLAG_SCHEDULE)
		json_array_append_new(flags, json_string("below_schedule"));
	json_object_set_new(o, "flags", flags);
	if (t->overridden) {
		json_object_set_new(o, "override",
		                    json_pack("{s:s,s:s,s:s,s:o,s:s}", "colour",
		                              disbursement_colour_code(t->override.colour),
		                              "comment", t->override.comment, "author",
		                              t->override.author, "on_date",
		                              disbursement_report_date_json(t->override.on_date),
		                              "recorded_at", t->override.recorded_at));
	} else {
		json_object_set_new(o, "override", json_null());
	}
	return o;
}

static json_t *disbursement_report_curve_json(const int64_t v[DISBURSEMENT_MONTHS])
{
	json_t *a = json_array();
	for (int m = 0; m < DISBURSEMENT_MONTHS; m++)
		json_array_append_new(a, v[m] >= 0 ? json_integer(v[m]) : json_null());
	return a;
}

static json_t *disbursement_report_line_json(const struct disbursement_line *l)
{
	json_t *o = json_object();
	json_object_set_new(o, "code", l->code ? json_string(l->code) : json_null());
	json_object_set_new(o, "name", l->name ? json_string(l->name) : json_null());
	json_object_set_new(o, "tasks", json_integer(l->tasks));
	json_object_set_new(o, "budget_vnd", json_integer(l->budget_vnd));
	json_object_set_new(o, "planned_vnd", disbursement_report_curve_json(l->planned_vnd));
	json_object_set_new(o, "actual_vnd", disbursement_report_curve_json(l->actual_vnd));
	json_object_set_new(o, "planned_as_of_vnd", json_integer(l->planned_as_of_vnd));
	json_object_set_new(o, "actual_as_of_vnd", json_integer(l->actual_as_of_vnd));
	json_object_set_new(o, "actual_pct_of_plan",
	                    task_io_pct_json(l->actual_as_of_vnd, l->planned_as_of_vnd));
	json_object_set_new(o, "actual_pct_of_budget",
	                    task_io_pct_json(l->actual_as_of_vnd, l->budget_vnd));
	json_object_set_new(o, "projected_vnd", json_integer(l->projected_vnd));
	json_object_set_new(o, "flagged", json_integer(l->flagged));
	json_t *c = json_object();
	for (int i = 0; i < DISBURSEMENT_COLOUR_COUNT; i++)
		json_object_set_new(c, disbursement_colour_code(i), json_integer(l->colours[i]));
	json_object_set_new(o, "colours", c);
	return o;
}

static json_t *disbursement_report_task_json(const struct disbursement_task *k)
{
	json_t *o = json_object();
	json_object_set_new(o, "code", json_string(k->code));
	json_object_set_new(o, "name", json_string(k->name ? k->name : ""));
	json_object_set_new(o, "investor", json_string(k->investor));
	json_object_set_new(o, "budget_vnd", json_integer(k->budget_vnd));
	json_object_set_new(o, "status", json_string(task_status_code(k->state.status)));
	json_object_set_new(o, "progress_pct", json_integer(k->state.progress_pct));
	json_object_set_new(o, "disbursed_vnd", json_integer(k->state.disbursed_vnd));
	json_object_set_new(o, "disbursed_pct",
	                    task_io_pct_json(k->state.disbursed_vnd, k->budget_vnd));
	json_object_set_new(o, "elapsed_pct",
	                    k->elapsed_x10 >= 0 ? json_real((double)k->elapsed_x10 / 10.0)
	                                        : json_null());
	json_object_set_new(o, "planned_vnd", disbursement_report_curve_json(k->planned_vnd));
	json_object_set_new(o, "actual_vnd", disbursement_report_curve_json(k->actual_vnd));
	json_object_set_new(o, "planned_as_of_vnd", json_integer(k->planned_as_of_vnd));
	json_object_set_new(o, "colour", disbursement_report_colour_json(k));
	return o;
}

json_t *disbursement_report_json(const struct disbursement *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "year", json_integer(r->year));
	json_object_set_new(o, "as_of", disbursement_report_date_json(r->as_of));
	json_object_set_new(o, "scope", r->scope_name ? json_string(r->scope_name) : json_null());
	json_object_set_new(o, "plan", json_string("linear_by_days"));
	json_t *p = json_object();
	json_object_set_new(
	    p, "method", json_string(r->method == DISBURSEMENT_SEASONAL ? "seasonal" : "linear"));
	json_object_set_new(p, "projected_vnd", json_integer(r->total.projected_vnd));
	json_object_set_new(p, "days_gone",
	                    json_integer(disbursement_days_gone(r->year, r->as_of)));
	json_object_set_new(p, "days_in_year", json_integer(disbursement_days_in_year(r->year)));
	json_t *years = json_array();
	for (size_t i = 0; i < r->n_shape_years; i++)
		json_array_append_new(years, json_integer(r->shape_years[i]));
	json_object_set_new(p, "years", years);
	json_object_set_new(p, "share_ppm",
	                    r->method == DISBURSEMENT_SEASONAL ? json_integer(r->share_ppm)
	                                                       : json_null());
	json_object_set_new(p, "shape_ppm",
	                    r->method == DISBURSEMENT_SEASONAL
	                        ? disbursement_report_curve_json(r->shape)
	                        : json_null());
	json_object_set_new(o, "projection", p);
	json_object_set_new(o, "total", disbursement_report_line_json(&r->total));
	json_t *inv = json_array();
	for (size_t i = 0; i < r->n_investors; i++)
		json_array_append_new(inv, disbursement_report_line_json(&r->investors[i]));
	json_object_set_new(o, "investors", inv);
	json_t *tasks = json_array();
	for (size_t i = 0; i < r->n_tasks; i++)
		json_array_append_new(tasks, disbursement_report_task_json(&r->tasks[i]));
	json_object_set_new(o, "tasks", tasks);
	json_t *idle = json_array();
	for (size_t i = 0; i < r->departments.n; i++) {
		const struct disbursement_department *dep = &r->departments.items[i];
		if (!dep->idle)
			continue;
		json_array_append_new(
		    idle, json_pack("{s:s,s:o,s:I,s:I,s:o,s:I}", "unit", dep->allocation.unit,
		                    "name", dep->name ? json_string(dep->name) : json_null(),
		                    "allocated_vnd", (json_int_t)dep->allocation.amount_vnd,
		                    "disbursed_vnd", (json_int_t)dep->disbursed_vnd, "last_rise",
		                    disbursement_report_date_json(dep->last_rise), "idle_days",
		                    (json_int_t)dep->idle_days));
	}
	json_object_set_new(o, "idle", idle);
	return o;
}

json_t *disbursement_report_allocations_json(const struct disbursement_departments *v)
{
	json_t *o = json_object();
	json_object_set_new(o, "year", json_integer(v->year));
	json_object_set_new(o, "as_of", disbursement_report_date_json(v->as_of));
	json_t *deps = json_array();
	for (size_t i = 0; i < v->n; i++) {
		const struct disbursement_department *dep = &v->items[i];
		const struct disbursement_allocation *al = &dep->allocation;
		json_t *j = json_object();
		json_object_set_new(j, "unit", json_string(al->unit));
		json_object_set_new(j, "name", dep->name ? json_string(dep->name) : json_null());
		json_object_set_new(j, "allocated_vnd", json_integer(al->amount_vnd));
		json_object_set_new(j, "committed_vnd", json_integer(dep->committed_vnd));
		json_object_set_new(j, "uncommitted_vnd",
		                    json_integer(al->amount_vnd - dep->committed_vnd));
		json_object_set_new(j, "disbursed_vnd", json_integer(dep->disbursed_vnd));
		json_object_set_new(j, "disbursed_pct",
		                    task_io_pct_json(dep->disbursed_vnd, al->amount_vnd));
		json_object_set_new(j, "tasks", json_integer(dep->tasks));
		json_object_set_new(j, "allocated_on", disbursement_report_date_json(al->on_date));
		json_object_set_new(j, "first_allocated_on",
		                    disbursement_report_date_json(al->first_on));
		json_object_set_new(j, "author", json_string(al->author ? al->author : ""));
		json_object_set_new(j, "note", json_string(al->note ? al->note : ""));
		json_object_set_new(j, "last_rise", disbursement_report_date_json(dep->last_rise));
		json_object_set_new(j, "idle_days", json_integer(dep->idle_days));
		json_object_set_new(j, "slow", json_boolean(dep->slow));
		json_object_set_new(j, "idle", json_boolean(dep->idle));
		json_object_set_new(j, "bottleneck",
		                    json_boolean(disbursement_department_bottleneck(dep)));
		json_array_append_new(deps, j);
	}
	json_object_set_new(o, "departments", deps);
	json_object_set_new(o, "total",
	                    json_pack("{s:I,s:I,s:I}", "allocated_vnd",
	                              (json_int_t)v->allocated_vnd, "committed_vnd",
	                              (json_int_t)v->committed_vnd, "disbursed_vnd",
	                              (json_int_t)v->disbursed_vnd));
	return o;
}
