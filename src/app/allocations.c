/* allocations.c — Finance's allocations (phân cấp): `dxtrack allocate` records the budget
 * delegated to a unit for a year, `dxtrack allocations` sets it against what the unit's tasks
 * commit and disburse, and app_allocations_check keeps every budget write within it.
 *
 * "The unit's tasks" are the year's tasks whose investor is the unit or below it in the tree of
 * the year's last day (or today, if earlier): app_filter_dated, as the task lists use. The rules
 * (fit, idle, bottleneck) are in core/disbursement.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/money.h"
#include "../lib/hmap.h"
#include "../lib/mem.h"
#include "../text/utf8.h"
#include "../text/vnfmt.h"
#include "app_impl.h"

/* The year's tasks at or below unit, in the tree of the year (app_filter_dated: its last day,
 * or today if earlier); *copy and day hold what the returned filter points to. */
static const struct task_filter *allocations_filter(const struct app *a, int year, const char *unit,
                                                    struct task_filter *copy, char day[16])
{
	struct task_filter f = {.year = year, .status = -1, .unit = unit};
	return app_filter_dated(a, &f, copy, day);
}

/* Money as "23.290.000.000 đồng" into a (small) buffer that the caller finishes. */
static const char *allocations_money(struct buf *b, int64_t vnd)
{
	buf_reset(b);
	vnfmt_int(b, vnd);
	buf_puts(b, " đồng");
	return buf_cstr(b);
}

/* What the year's tasks at or below a unit commit and disburse. */
struct allocations_sum {
	struct date as_of;
	int tasks;
	int64_t budget_vnd;
	int64_t disbursed_vnd; /* on as_of, from the history */
	struct date last_rise;
	/* the records of the task being read (history comes ordered by task, then version) */
	int64_t task_id;
	struct disbursement_record *recs;
	size_t n_recs;
	size_t cap_recs;
};

static int allocations_sum_task(void *ctx, const struct task *t)
{
	struct allocations_sum *s = ctx;
	s->tasks++;
	s->budget_vnd += t->budget_vnd;
	return 0;
}

/* Adds the task whose records are gathered to the sum. */
static void allocations_sum_flush(struct allocations_sum *s)
{
	if (s->n_recs == 0)
		return;
	s->disbursed_vnd += disbursement_actual_at(s->recs, s->n_recs, s->as_of);
	struct date rise = disbursement_last_rise(s->recs, s->n_recs, s->as_of);
	if (date_compare(rise, s->last_rise) > 0)
		s->last_rise = rise;
	s->n_recs = 0;
}

static int allocations_sum_record(void *ctx, const struct task_update *u)
{
	struct allocations_sum *s = ctx;
	if (u->task_id != s->task_id) {
		allocations_sum_flush(s);
		s->task_id = u->task_id;
	}
	if (s->n_recs == s->cap_recs) {
		s->cap_recs = s->cap_recs ? s->cap_recs * 2 : 16;
		s->recs = mem_realloc(s->recs, s->cap_recs * sizeof *s->recs);
	}
	s->recs[s->n_recs++] = (struct disbursement_record){
	    .version = u->version,
	    .on_date = u->on_date,
	    .progress_pct = u->progress_pct,
	    .disbursed_vnd = u->disbursed_vnd,
	    .status = u->status,
	};
	return 0;
}

/* Sums the year's tasks at or below unit; with history, also what they had disbursed on as_of
 * and when it last rose. -1 on a store failure. */
static int allocations_sum(struct app *a, int year, const char *unit, bool history,
                           struct allocations_sum *s)
{
	struct task_filter copy;
	char day[16];
	const struct task_filter *f = allocations_filter(a, year, unit, &copy, day);
	if (store_tasks_each(a->store, f, allocations_sum_task, s) < 0)
		return -1;
	if (!history)
		return 0;
	int rc = store_history_each(a->store, f, allocations_sum_record, s);
	allocations_sum_flush(s);
	free(s->recs);
	s->recs = NULL;
	s->cap_recs = 0;
	return rc;
}

/* Fills the department's money and name. -1 on a store failure. */
static int allocations_fill(struct app *a, struct disbursement_department *dep, struct date as_of)
{
	struct allocations_sum s = {.as_of = as_of, .task_id = -1};
	struct unit u = {0};
	if (allocations_sum(a, dep->allocation.year, dep->allocation.unit, true, &s) < 0)
		return -1;
	dep->tasks = s.tasks;
	dep->committed_vnd = s.budget_vnd;
	dep->disbursed_vnd = s.disbursed_vnd;
	dep->last_rise = s.last_rise;
	int rc = store_unit_get(a->store, dep->allocation.unit, &u);
	if (rc == 1) {
		dep->name = u.name;
		u.name = NULL;
	}
	unit_clear(&u);
	return rc < 0 ? -1 : 0;
}

/* The default as-of day of a year's figures, as app_summary has it. */
static struct date allocations_as_of(const struct app *a, int year, struct date as_of)
{
	if (date_is_set(as_of))
		return as_of;
	struct date end = {year, 12, 31};
	return date_compare(a->today, end) < 0 ? a->today : end;
}

enum app_status app_allocate(struct app *a, const char *unit, int year, int64_t amount_vnd,
                             const char *note, struct diag *d,
                             struct disbursement_departments *result, int64_t *previous_vnd)
{
	struct disbursement_allocation prev = {0}, al = {0};
	struct allocations_sum sum = {.task_id = -1};
	struct buf m1, m2;
	char *nfc = NULL;
	char object[96];
	enum app_status status = app_require_user(a, d);
	if (result)
		disbursement_departments_init(result, year,
		                              allocations_as_of(a, year, (struct date){0}));
	if (previous_vnd)
		*previous_vnd = -1;
	if (status != APP_OK)
		return status;
	if (a->who.role != ROLE_FINANCE && !user_may_admin(a->who.role)) {
		diag_add(d, NULL, 0, NULL,
		         "only a finance user or an administrator may allocate budget; %s is %s",
		         a->who.name, app_role_phrase(a->who.role));
		return APP_FORBIDDEN;
	}
	snprintf(object, sizeof object, "allocation %d/%.40s", year, unit);
	if (year < TASK_YEAR_MIN || year > TASK_YEAR_MAX) {
		diag_add(d, object, 0, "year", "year must be between %d and %d", TASK_YEAR_MIN,
		         TASK_YEAR_MAX);
		return APP_BAD_INPUT;
	}
	if (amount_vnd < 0 || amount_vnd > MONEY_MAX_VND) {
		diag_add(d, object, 0, "vnd", "the amount must be between 0 and 10^16 đồng");
		return APP_BAD_INPUT;
	}
	if (note && (!utf8_valid(note, strlen(note), NULL) ||
	             utf8_length(note, strlen(note)) > TASK_TEXT_MAX)) {
		diag_add(d, object, 0, "note", "invalid UTF-8, or longer than %d characters",
		         TASK_TEXT_MAX);
		return APP_BAD_INPUT;
	}
	buf_init(&m1, 0);
	buf_init(&m2, 0);
	status = APP_FAILED;
	if (store_begin(a->store) < 0)
		goto out;
	struct unit u = {0};
	int found = store_unit_get(a->store, unit, &u);
	unit_clear(&u);
	if (found <= 0) {
		store_rollback(a->store);
		if (found == 0)
			diag_add(d, NULL, 0, NULL, "unknown unit \"%s\"", unit);
		status = found < 0 ? APP_FAILED : APP_NOT_FOUND;
		goto out;
	}
	if (allocations_sum(a, year, unit, false, &sum) < 0) {
		status = app_fail(a);
		goto out;
	}
	if (amount_vnd < sum.budget_vnd) {
		store_rollback(a->store);
		diag_add(d, object, 0, "vnd",
		         "%s is less than the %s already committed to the %d tasks of %s and the "
		         "units below it in %d: lower their budgets first",
		         allocations_money(&m1, amount_vnd), allocations_money(&m2, sum.budget_vnd),
		         sum.tasks, unit, year);
		status = APP_BAD_INPUT;
		goto out;
	}
	int had = store_allocation_get(a->store, year, unit, &prev);
	if (had < 0) {
		status = app_fail(a);
		goto out;
	}
	nfc = note ? utf8_nfc(note, strlen(note)) : NULL;
	al = (struct disbursement_allocation){
	    .year = year,
	    .unit = (char *)unit,
	    .amount_vnd = amount_vnd,
	    .note = nfc ? nfc : (char *)"",
	    .author = a->actor,
	    .recorded_at = a->now,
	    .on_date = a->today,
	};
	int rc = store_allocation_add(a->store, &al);
	json_t *detail =
	    json_pack("{s:i,s:s,s:I,s:o,s:I,s:i,s:s}", "year", year, "unit", unit, "amount_vnd",
	              (json_int_t)amount_vnd, "previous_vnd",
	              had == 1 ? json_integer(prev.amount_vnd) : json_null(), "committed_vnd",
	              (json_int_t)sum.budget_vnd, "tasks", sum.tasks, "note", al.note);
	status = app_commit(a, rc, "allocation.set", object, detail);
	if (status != APP_OK)
		goto out;
	if (previous_vnd && had == 1)
		*previous_vnd = prev.amount_vnd;
	if (result) {
		struct disbursement_allocation in_force = {0};
		if (store_allocation_get(a->store, year, unit, &in_force) != 1) {
			disbursement_allocation_clear(&in_force);
			status = APP_FAILED;
			goto out;
		}
		struct disbursement_department *dep =
		    disbursement_departments_add(result, &in_force);
		disbursement_allocation_clear(&in_force);
		if (allocations_fill(a, dep, result->as_of) < 0)
			status = APP_FAILED;
		disbursement_departments_judge(result);
	}
out:
	disbursement_allocation_clear(&prev);
	free(nfc);
	buf_finish(&m1);
	buf_finish(&m2);
	return status;
}

static int allocations_each_add(void *ctx, const struct disbursement_allocation *al)
{
	disbursement_departments_add(ctx, al);
	return 0;
}

enum app_status app_allocations(struct app *a, int year, struct date as_of,
                                struct disbursement_departments *out, struct diag *d)
{
	(void)d;
	disbursement_departments_init(out, year, allocations_as_of(a, year, as_of));
	if (store_allocations_each(a->store, year, allocations_each_add, out) < 0)
		return APP_FAILED;
	for (size_t i = 0; i < out->n; i++)
		if (allocations_fill(a, &out->items[i], out->as_of) < 0)
			return APP_FAILED;
	disbursement_departments_judge(out);
	return APP_OK;
}

/* ---- the check of budgets against allocations ---- */

/* A stored task of the year being checked. */
struct allocations_stored {
	char *code;
	char *investor;
	int64_t budget_vnd;
};

struct allocations_stored_list {
	struct allocations_stored *items;
	size_t n;
	size_t cap;
	struct hmap by_code; /* code → index */
};

static int allocations_stored_add(void *ctx, const struct task *t)
{
	struct allocations_stored_list *l = ctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 256;
		l->items = mem_realloc(l->items, l->cap * sizeof *l->items);
	}
	hmap_put(&l->by_code, t->code, (int64_t)l->n);
	l->items[l->n++] = (struct allocations_stored){mem_strdup(t->code), mem_strdup(t->investor),
	                                               t->budget_vnd};
	return 0;
}

static void allocations_stored_free(struct allocations_stored_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->items[i].code);
		free(l->items[i].investor);
	}
	free(l->items);
	hmap_finish(&l->by_code);
	memset(l, 0, sizeof *l);
}

/* Whether investor is unit or below it on day, cached in `inside`. 1, 0, or -1. */
static int allocations_inside(struct app *a, struct hmap *inside, const char *investor,
                              const char *unit, const char *day)
{
	int64_t v;
	if (hmap_get(inside, investor, &v))
		return (int)v;
	int rc = store_unit_within_at(a->store, investor, unit, day);
	if (rc < 0)
		return -1;
	hmap_put(inside, investor, rc);
	return rc;
}

/* Checks one allocation of one year; returns the problems added, or -1. */
static int allocations_check_unit(struct app *a, const char *label,
                                  const struct app_budget_row *rows, size_t n, int year,
                                  const struct allocations_stored_list *stored,
                                  const struct hmap *in_rows,
                                  const struct disbursement_allocation *al, struct diag *d)
{
	struct task_filter copy;
	char day[16];
	allocations_filter(a, year, al->unit, &copy, day);
	struct hmap inside;
	struct buf m1, m2, m3;
	int problems = 0, rc;
	int64_t sum = 0;
	hmap_init(&inside);
	buf_init(&m1, 0);
	buf_init(&m2, 0);
	buf_init(&m3, 0);
	for (size_t i = 0; i < stored->n; i++) {
		const struct allocations_stored *t = &stored->items[i];
		if (hmap_get(in_rows, t->code, NULL))
			continue;
		if ((rc = allocations_inside(a, &inside, t->investor, al->unit, day)) < 0)
			goto fail;
		if (rc)
			sum += t->budget_vnd;
	}
	for (size_t i = 0; i < n; i++) {
		if (rows[i].year != year)
			continue;
		if ((rc = allocations_inside(a, &inside, rows[i].investor, al->unit, day)) < 0)
			goto fail;
		if (rc)
			sum += rows[i].budget_vnd;
	}
	for (size_t i = 0; sum > al->amount_vnd && i < n; i++) {
		if (rows[i].year != year ||
		    (rc = allocations_inside(a, &inside, rows[i].investor, al->unit, day)) == 0)
			continue;
		if (rc < 0)
			goto fail;
		/* what the row's task put under the unit before this write */
		int64_t before = 0, at;
		if (hmap_get(&stored->by_code, rows[i].code, &at)) {
			const struct allocations_stored *t = &stored->items[at];
			if ((rc = allocations_inside(a, &inside, t->investor, al->unit, day)) < 0)
				goto fail;
			before = rc ? t->budget_vnd : 0;
		}
		if (rows[i].budget_vnd <= before)
			continue;
		/* a file's row is named by its line; a row without one (a plan's proposal) by code
		 */
		char object[160];
		if (rows[i].line)
			snprintf(object, sizeof object, "%s", label);
		else
			snprintf(object, sizeof object, "%s %d/%s", label, rows[i].year,
			         rows[i].code);
		diag_add(d, object, rows[i].line, "budget_vnd",
		         "the %d tasks of %s and the units below it would total %s, %s over the "
		         "allocation of %s recorded by Finance (phân cấp); lower a budget or ask "
		         "for a larger allocation",
		         year, al->unit, allocations_money(&m1, sum),
		         allocations_money(&m2, sum - al->amount_vnd),
		         allocations_money(&m3, al->amount_vnd));
		problems++;
	}
	goto out;
fail:
	problems = -1;
out:
	hmap_finish(&inside);
	buf_finish(&m1);
	buf_finish(&m2);
	buf_finish(&m3);
	return problems;
}

int app_allocations_check(struct app *a, const char *label, const struct app_budget_row *rows,
                          size_t n, struct diag *d)
{
	int years[64];
	size_t n_years = 0;
	int problems = 0;
	for (size_t i = 0; i < n; i++) {
		size_t y = 0;
		while (y < n_years && years[y] != rows[i].year)
			y++;
		if (y == n_years && n_years < sizeof years / sizeof years[0])
			years[n_years++] = rows[i].year;
	}
	for (size_t y = 0; y < n_years && problems >= 0; y++) {
		struct disbursement_departments allocs;
		struct allocations_stored_list stored = {0};
		struct hmap in_rows;
		disbursement_departments_init(&allocs, years[y], (struct date){0});
		hmap_init(&stored.by_code);
		hmap_init(&in_rows);
		if (store_allocations_each(a->store, years[y], allocations_each_add, &allocs) < 0) {
			problems = -1;
			goto next;
		}
		if (allocs.n == 0)
			goto next;
		struct task_filter f = {.year = years[y], .status = -1};
		if (store_tasks_each(a->store, &f, allocations_stored_add, &stored) < 0) {
			problems = -1;
			goto next;
		}
		for (size_t i = 0; i < n; i++)
			if (rows[i].year == years[y])
				hmap_put(&in_rows, rows[i].code, (int64_t)i);
		for (size_t k = 0; k < allocs.n && problems >= 0; k++) {
			int p = allocations_check_unit(a, label, rows, n, years[y], &stored,
			                               &in_rows, &allocs.items[k].allocation, d);
			problems = p < 0 ? -1 : problems + p;
		}
	next:
		disbursement_departments_finish(&allocs);
		allocations_stored_free(&stored);
		hmap_finish(&in_rows);
	}
	return problems;
}
