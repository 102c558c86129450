/* disbursement.c — disbursement monitoring (`dxtrack disbursement`, a task's colour and its
 * override): reads the year's tasks and their dated history, the earlier years' history for the
 * seasonal shape, the overrides and the allocations, and lets core/disbursement.c compute.
 *
 * Like the summary, a year is read in the tree of its as-of day, and its scope is named by the
 * summary (app_summary), so both name the same province and refuse the same unknown unit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/mem.h"
#include "../text/utf8.h"
#include "app_impl.h"

/* A history record and the task it belongs to. */
struct disbursement_keyed {
	int64_t task_id;
	struct disbursement_record rec;
};

/* The tasks of a filter with their history and overrides, gathered before computing. */
struct disbursement_read {
	struct task *tasks;
	size_t n_tasks;
	size_t cap_tasks;
	struct disbursement_keyed *recs; /* ordered by task id, then version */
	size_t n_recs;
	size_t cap_recs;
	struct disbursement_override *overrides; /* ordered by task id */
	size_t n_overrides;
	size_t cap_overrides;
};

static int disbursement_read_task(void *ctx, const struct task *t)
{
	struct disbursement_read *r = ctx;
	if (r->n_tasks == r->cap_tasks) {
		r->cap_tasks = r->cap_tasks ? r->cap_tasks * 2 : 64;
		r->tasks = mem_realloc(r->tasks, r->cap_tasks * sizeof *r->tasks);
	}
	task_copy(&r->tasks[r->n_tasks++], t);
	return 0;
}

static int disbursement_read_record(void *ctx, const struct task_update *u)
{
	struct disbursement_read *r = ctx;
	if (r->n_recs == r->cap_recs) {
		r->cap_recs = r->cap_recs ? r->cap_recs * 2 : 256;
		r->recs = mem_realloc(r->recs, r->cap_recs * sizeof *r->recs);
	}
	r->recs[r->n_recs++] = (struct disbursement_keyed){
	    u->task_id,
	    {u->version, u->on_date, u->progress_pct, u->disbursed_vnd, u->status},
	};
	return 0;
}

static int disbursement_read_override(void *ctx, const struct disbursement_override *o)
{
	struct disbursement_read *r = ctx;
	if (r->n_overrides == r->cap_overrides) {
		r->cap_overrides = r->cap_overrides ? r->cap_overrides * 2 : 16;
		r->overrides = mem_realloc(r->overrides, r->cap_overrides * sizeof *r->overrides);
	}
	struct disbursement_override *c = &r->overrides[r->n_overrides++];
	*c = *o;
	c->comment = mem_strdup(o->comment);
	c->author = mem_strdup(o->author);
	c->recorded_at = mem_strdup(o->recorded_at);
	return 0;
}

static void disbursement_read_free(struct disbursement_read *r)
{
	for (size_t i = 0; i < r->n_tasks; i++)
		task_clear(&r->tasks[i]);
	free(r->tasks);
	free(r->recs);
	for (size_t i = 0; i < r->n_overrides; i++)
		disbursement_override_clear(&r->overrides[i]);
	free(r->overrides);
	memset(r, 0, sizeof *r);
}

/* Adds every task read to the report, each with its records and override. */
static void disbursement_read_add(struct disbursement_read *r, struct disbursement *out)
{
	struct disbursement_record *recs = NULL;
	size_t cap = 0;
	for (size_t i = 0; i < r->n_tasks; i++) {
		const struct task *t = &r->tasks[i];
		/* the task's records: a binary search for the first, then the run */
		size_t lo = 0, hi = r->n_recs;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (r->recs[mid].task_id < t->id)
				lo = mid + 1;
			else
				hi = mid;
		}
		size_t n = 0;
		for (size_t k = lo; k < r->n_recs && r->recs[k].task_id == t->id; k++) {
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				recs = mem_realloc(recs, cap * sizeof *recs);
			}
			recs[n++] = r->recs[k].rec;
		}
		const struct disbursement_override *o = NULL;
		for (size_t k = 0; k < r->n_overrides && !o; k++)
			if (r->overrides[k].task_id == t->id)
				o = &r->overrides[k];
		disbursement_add(out, t, recs, n, o);
	}
	free(recs);
}

/* Reads the tasks f selects with their history (and, with_overrides, the year's overrides) and
 * adds them to out. -1 on a store failure. */
static int disbursement_collect(struct app *a, const struct task_filter *f, bool with_overrides,
                                struct disbursement *out)
{
	struct disbursement_read r = {0};
	int rc = -1;
	if (store_tasks_each(a->store, f, disbursement_read_task, &r) < 0 ||
	    store_history_each(a->store, f, disbursement_read_record, &r) < 0)
		goto out;
	if (with_overrides &&
	    store_overrides_each(a->store, f->year, disbursement_read_override, &r) < 0)
		goto out;
	disbursement_read_add(&r, out);
	rc = 0;
out:
	disbursement_read_free(&r);
	return rc;
}

/* The average shape of the latest earlier years with monthly history (core/disbursement.h):
 * *n_years of them, listed newest first in years. -1 on a store failure. */
static int disbursement_shape(struct app *a, int year, int64_t shape[DISBURSEMENT_MONTHS],
                              int years[DISBURSEMENT_SHAPE_YEARS], size_t *n_years)
{
	int all[256];
	size_t n_all = 0;
	int64_t shapes[DISBURSEMENT_SHAPE_YEARS][DISBURSEMENT_MONTHS];
	*n_years = 0;
	if (store_task_years(a->store, all, sizeof all / sizeof all[0], &n_all) < 0)
		return -1;
	for (size_t i = 0; i < n_all && *n_years < DISBURSEMENT_SHAPE_YEARS; i++) {
		if (all[i] >= year)
			continue;
		struct disbursement past;
		struct task_filter f = {.year = all[i], .status = -1};
		disbursement_init(&past, all[i], (struct date){all[i], 12, 31});
		int rc = disbursement_collect(a, &f, false, &past);
		if (rc == 0 &&
		    disbursement_year_qualifies(past.months_recorded, past.total.actual_vnd) &&
		    disbursement_shape_of(past.total.actual_vnd, shapes[*n_years]) == 0)
			years[(*n_years)++] = all[i];
		disbursement_finish(&past);
		if (rc < 0)
			return -1;
	}
	if (*n_years)
		disbursement_shape_average((const int64_t(*)[DISBURSEMENT_MONTHS])shapes, *n_years,
		                           shape);
	return 0;
}

/* Names the investors, as the summary does. -1 on a store failure. */
static int disbursement_name_investors(struct app *a, struct disbursement *out)
{
	for (size_t i = 0; i < out->n_investors; i++) {
		struct unit u = {0};
		int rc = store_unit_get(a->store, out->investors[i].code, &u);
		if (rc == 1) {
			out->investors[i].name = u.name;
			u.name = NULL;
		}
		unit_clear(&u);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* Keeps the allocations in force at or below unit (all when NULL) in out->departments. */
static enum app_status disbursement_idle_in_scope(struct app *a, const char *unit, const char *day,
                                                  struct disbursement *out, struct diag *d)
{
	struct disbursement_departments all;
	enum app_status s = app_allocations(a, out->year, out->as_of, &all, d);
	for (size_t i = 0; s == APP_OK && i < all.n; i++) {
		struct disbursement_department *dep = &all.items[i];
		int inside =
		    unit ? store_unit_within_at(a->store, dep->allocation.unit, unit, day) : 1;
		if (inside < 0) {
			s = APP_FAILED;
			break;
		}
		if (!inside)
			continue;
		struct disbursement_department *kept =
		    disbursement_departments_add(&out->departments, &dep->allocation);
		struct disbursement_allocation al = kept->allocation;
		*kept = *dep;
		kept->allocation = al;
		kept->name = mem_strdup(dep->name);
	}
	disbursement_departments_judge(&out->departments);
	disbursement_departments_finish(&all);
	return s;
}

enum app_status app_disbursement(struct app *a, int year, const char *unit, struct date as_of,
                                 struct disbursement *out, struct diag *d)
{
	if (!date_is_set(as_of)) {
		as_of = (struct date){year, 12, 31};
		if (date_compare(a->today, as_of) < 0)
			as_of = a->today;
	}
	disbursement_init(out, year, as_of);
	if (date_compare(as_of, (struct date){year, 1, 1}) < 0) {
		diag_add(d, NULL, 0, "as_of", "%04d-%02d-%02d is before the year %d", as_of.year,
		         as_of.month, as_of.day, year);
		return APP_BAD_INPUT;
	}
	struct summary s;
	enum app_status status = app_summary(a, year, unit, as_of, &s, d);
	out->scope_name = s.scope_name;
	s.scope_name = NULL;
	summary_finish(&s);
	if (status != APP_OK)
		return status;
	char day[16];
	snprintf(day, sizeof day, "%04d-%02d-%02d", as_of.year, as_of.month, as_of.day);
	struct task_filter f = {.year = year, .status = -1, .unit = unit, .unit_on = day};
	int64_t shape[DISBURSEMENT_MONTHS];
	int years[DISBURSEMENT_SHAPE_YEARS];
	size_t n_years = 0;
	if (disbursement_collect(a, &f, true, out) < 0 ||
	    disbursement_shape(a, year, shape, years, &n_years) < 0 ||
	    disbursement_name_investors(a, out) < 0)
		return APP_FAILED;
	disbursement_project(out, n_years ? shape : NULL, years, n_years);
	disbursement_sort_investors(out);
	return disbursement_idle_in_scope(a, unit, day, out, d);
}

/* The default day of a task's colour: today, so that a task is judged on its current state
 * (a year's report is judged on its own as-of day instead). */
static struct date disbursement_colour_day(const struct app *a, struct date as_of)
{
	return date_is_set(as_of) ? as_of : a->today;
}

enum app_status app_task_colour(struct app *a, int year, const char *code, struct date as_of,
                                struct disbursement *out, struct diag *d)
{
	struct disbursement_read r = {0};
	struct disbursement_override o = {0};
	struct task t = {0};
	enum app_status status = APP_FAILED;
	disbursement_init(out, year, disbursement_colour_day(a, as_of));
	int found = store_task_get(a->store, year, code, &t);
	if (found <= 0) {
		if (found == 0)
			diag_add(d, NULL, 0, NULL, "no task %s in %d", code, year);
		status = found < 0 ? APP_FAILED : APP_NOT_FOUND;
		goto out;
	}
	disbursement_read_task(&r, &t);
	int has = store_override_get(a->store, t.id, &o);
	if (has < 0 || store_updates_each(a->store, t.id, disbursement_read_record, &r) < 0)
		goto out;
	if (has == 1)
		disbursement_read_override(&r, &o);
	disbursement_read_add(&r, out);
	status = APP_OK;
out:
	task_clear(&t);
	disbursement_override_clear(&o);
	disbursement_read_free(&r);
	return status;
}

enum app_status app_task_colour_set(struct app *a, int year, const char *code,
                                    const enum disbursement_colour *colour, const char *comment,
                                    struct diag *d)
{
	struct task t = {0};
	struct disbursement_override prev = {0};
	char *text = NULL;
	char object[128];
	enum app_status status = app_require_admin(a, d, "override the colour of a task");
	if (status != APP_OK)
		return status;
	snprintf(object, sizeof object, "task %d/%.64s", year, code);
	if (comment && !utf8_valid(comment, strlen(comment), NULL)) {
		diag_add(d, object, 0, "comment", "invalid UTF-8");
		return APP_BAD_INPUT;
	}
	text = comment ? utf8_nfc(comment, strlen(comment)) : mem_strdup("");
	/* trimmed: a comment of spaces says nothing */
	size_t start = strspn(text, " \t\r\n"), len = strlen(text + start);
	while (len && strchr(" \t\r\n", text[start + len - 1]))
		len--;
	memmove(text, text + start, len);
	text[len] = '\0';
	if (colour && !text[0]) {
		diag_add(d, object, 0, "comment",
		         "a colour set by hand needs a comment saying why (--comment)");
		status = APP_BAD_INPUT;
		goto out;
	}
	if (utf8_length(text, len) > DISBURSEMENT_COMMENT_MAX) {
		diag_add(d, object, 0, "comment", "longer than %d characters",
		         DISBURSEMENT_COMMENT_MAX);
		status = APP_BAD_INPUT;
		goto out;
	}
	status = APP_FAILED;
	if (store_begin(a->store) < 0)
		goto out;
	int found = store_task_get(a->store, year, code, &t);
	int had = found == 1 ? store_override_get(a->store, t.id, &prev) : 0;
	if (found <= 0 || had < 0) {
		status = found < 0 || had < 0 ? app_fail(a) : APP_NOT_FOUND;
		if (found == 0) {
			store_rollback(a->store);
			diag_add(d, NULL, 0, NULL, "no task %s in %d", code, year);
		}
		goto out;
	}
	bool active = had == 1 && !prev.cleared;
	if (!colour && !active) {
		store_rollback(a->store);
		diag_add(d, object, 0, NULL, "has no colour set by hand to clear");
		status = APP_BAD_INPUT;
		goto out;
	}
	struct disbursement_override o = {
	    .task_id = t.id,
	    .cleared = colour == NULL,
	    .colour = colour ? *colour : DISBURSEMENT_GREEN,
	    .comment = text,
	    .author = a->actor,
	    .recorded_at = a->now,
	    .on_date = a->today,
	};
	int rc = store_override_add(a->store, &o);
	json_t *detail = json_pack(
	    "{s:o,s:s,s:o}", "colour",
	    colour ? json_string(disbursement_colour_code(*colour)) : json_null(), "comment", text,
	    "previous", active ? json_string(disbursement_colour_code(prev.colour)) : json_null());
	status = app_commit(a, rc, "task.colour", object, detail);
out:
	free(text);
	task_clear(&t);
	disbursement_override_clear(&prev);
	return status;
}
