/* disbursement.c — curves, projection, flags, colours and allocation rules of disbursement
 * monitoring (the rules are written out in disbursement.h). */
#include "disbursement.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/mem.h"
#include "../text/fold.h"

static const char *const disbursement_colour_codes[DISBURSEMENT_COLOUR_COUNT] = {
    "green",
    "amber",
    "red",
};
static const char *const disbursement_colour_labels[DISBURSEMENT_COLOUR_COUNT] = {
    "xanh",
    "vàng",
    "đỏ",
};

/* num / den rounded half away from zero; den > 0. 128-bit: money × days or × 10^6 can pass
 * INT64_MAX. */
static int64_t disbursement_div_round(__int128 num, __int128 den)
{
	__int128 mag = ((num < 0 ? -num : num) * 2 + den) / (den * 2);
	return (int64_t)(num < 0 ? -mag : mag);
}

/* v within [lo, max(lo, hi)]. */
static int64_t disbursement_clamp(int64_t v, int64_t lo, int64_t hi)
{
	if (hi < lo)
		hi = lo;
	return v < lo ? lo : v > hi ? hi : v;
}

void disbursement_override_clear(struct disbursement_override *o)
{
	free(o->comment);
	free(o->author);
	free(o->recorded_at);
	memset(o, 0, sizeof *o);
}

void disbursement_allocation_clear(struct disbursement_allocation *al)
{
	free(al->unit);
	free(al->note);
	free(al->author);
	free(al->recorded_at);
	memset(al, 0, sizeof *al);
}

const char *disbursement_colour_code(enum disbursement_colour c)
{
	return (unsigned)c < DISBURSEMENT_COLOUR_COUNT ? disbursement_colour_codes[c] : "?";
}

const char *disbursement_colour_label_vi(enum disbursement_colour c)
{
	return (unsigned)c < DISBURSEMENT_COLOUR_COUNT ? disbursement_colour_labels[c] : "?";
}

int disbursement_colour_parse(const char *s, enum disbursement_colour *out)
{
	char *key = fold_key(s, strlen(s));
	int found = -1;
	for (int i = 0; key && i < DISBURSEMENT_COLOUR_COUNT && found < 0; i++) {
		char *label =
		    fold_key(disbursement_colour_labels[i], strlen(disbursement_colour_labels[i]));
		if (strcmp(key, disbursement_colour_codes[i]) == 0 ||
		    (label && strcmp(key, label) == 0))
			found = i;
		free(label);
	}
	free(key);
	if (found < 0)
		return -1;
	*out = (enum disbursement_colour)found;
	return 0;
}

/* ---- days and curves ---- */

struct date disbursement_month_end(int year, int month)
{
	struct date next =
	    month == 12 ? (struct date){year + 1, 1, 1} : (struct date){year, month + 1, 1};
	return date_from_days(date_to_days(next) - 1);
}

int disbursement_days_in_year(int year)
{
	return (int)(date_to_days((struct date){year + 1, 1, 1}) -
	             date_to_days((struct date){year, 1, 1}));
}

int disbursement_days_gone(int year, struct date day)
{
	int64_t gone = date_to_days(day) - date_to_days((struct date){year, 1, 1}) + 1;
	int64_t all = disbursement_days_in_year(year);
	return (int)(gone < 0 ? 0 : gone > all ? all : gone);
}

const struct disbursement_record *disbursement_record_at(const struct disbursement_record *r,
                                                         size_t n, struct date day)
{
	const struct disbursement_record *best = NULL;
	for (size_t i = 0; i < n; i++) {
		if (!date_is_set(r[i].on_date) || date_compare(r[i].on_date, day) > 0)
			continue;
		if (!best || r[i].version > best->version)
			best = &r[i];
	}
	return best;
}

int64_t disbursement_actual_at(const struct disbursement_record *r, size_t n, struct date day)
{
	const struct disbursement_record *rec = disbursement_record_at(r, n, day);
	return rec ? rec->disbursed_vnd : 0;
}

struct task disbursement_task_at(const struct task *t, const struct disbursement_record *r,
                                 size_t n, struct date day)
{
	struct task s = *t;
	const struct disbursement_record *rec = disbursement_record_at(r, n, day);
	s.progress_pct = rec ? rec->progress_pct : 0;
	s.disbursed_vnd = rec ? rec->disbursed_vnd : 0;
	s.status = rec ? rec->status : TASK_PLANNED;
	return s;
}

void disbursement_actual_curve(int year, struct date as_of, const struct disbursement_record *r,
                               size_t n, int64_t out[DISBURSEMENT_MONTHS])
{
	for (int m = 0; m < DISBURSEMENT_MONTHS; m++) {
		struct date end = disbursement_month_end(year, m + 1);
		out[m] = date_compare(end, as_of) <= 0 ? disbursement_actual_at(r, n, end) : -1;
	}
}

void disbursement_plan_span(const struct task *t, struct date *start, struct date *end)
{
	bool has_start = date_is_set(t->start_date);
	*start = has_start ? t->start_date : (struct date){t->year, 1, 1};
	*end = date_is_set(t->end_date) ? t->end_date : (struct date){t->year, 12, 31};
	if (date_compare(*end, *start) < 0) {
		if (has_start)
			*end = *start;
		else
			*start = *end;
	}
}

int64_t disbursement_planned_at(const struct task *t, struct date day)
{
	struct date start, end;
	disbursement_plan_span(t, &start, &end);
	if (t->budget_vnd <= 0 || date_compare(day, start) < 0)
		return 0;
	int64_t total = date_to_days(end) - date_to_days(start);
	int64_t gone = date_to_days(day) - date_to_days(start);
	if (total <= 0 || gone >= total)
		return t->budget_vnd;
	return disbursement_div_round((__int128)t->budget_vnd * gone, total);
}

void disbursement_planned_curve(const struct task *t, int64_t out[DISBURSEMENT_MONTHS])
{
	for (int m = 0; m < DISBURSEMENT_MONTHS; m++)
		out[m] = disbursement_planned_at(t, disbursement_month_end(t->year, m + 1));
}

/* ---- projection ---- */

int disbursement_shape_of(const int64_t curve[DISBURSEMENT_MONTHS],
                          int64_t shape[DISBURSEMENT_MONTHS])
{
	int64_t year_vnd = curve[DISBURSEMENT_MONTHS - 1];
	if (year_vnd <= 0)
		return -1;
	for (int m = 0; m < DISBURSEMENT_MONTHS; m++)
		shape[m] = curve[m] <= 0
		               ? 0
		               : disbursement_div_round(
		                     (__int128)curve[m] * DISBURSEMENT_SHAPE_SCALE, year_vnd);
	return 0;
}

unsigned disbursement_months_mask(int year, const struct disbursement_record *r, size_t n)
{
	unsigned mask = 0;
	for (size_t i = 0; i < n; i++)
		if (r[i].on_date.year == year && r[i].on_date.month >= 1 &&
		    r[i].on_date.month <= 12)
			mask |= 1u << (r[i].on_date.month - 1);
	return mask;
}

bool disbursement_year_qualifies(unsigned months_mask, const int64_t curve[DISBURSEMENT_MONTHS])
{
	int months = 0;
	for (int m = 0; m < DISBURSEMENT_MONTHS; m++)
		months += (months_mask >> m) & 1u;
	return months >= DISBURSEMENT_SHAPE_MIN_MONTHS && curve[DISBURSEMENT_MONTHS - 1] > 0;
}

void disbursement_shape_average(const int64_t (*shapes)[DISBURSEMENT_MONTHS], size_t n,
                                int64_t out[DISBURSEMENT_MONTHS])
{
	for (int m = 0; m < DISBURSEMENT_MONTHS; m++) {
		int64_t sum = 0;
		for (size_t i = 0; i < n; i++)
			sum += shapes[i][m];
		out[m] = n ? disbursement_div_round(sum, (int64_t)n) : 0;
	}
}

int64_t disbursement_shape_at(const int64_t shape[DISBURSEMENT_MONTHS], int year, struct date day)
{
	if (date_compare(day, (struct date){year, 1, 1}) < 0)
		return 0;
	if (date_compare(day, (struct date){year, 12, 31}) >= 0)
		return shape[DISBURSEMENT_MONTHS - 1];
	int m = day.month;
	int64_t prev = m == 1 ? 0 : shape[m - 2];
	int64_t cur = shape[m - 1];
	int dim = disbursement_month_end(year, m).day;
	return prev + disbursement_div_round((__int128)(cur - prev) * day.day, dim);
}

int64_t disbursement_project_linear(int year, struct date as_of, int64_t actual_vnd,
                                    int64_t budget_vnd)
{
	int gone = disbursement_days_gone(year, as_of);
	if (gone <= 0)
		return actual_vnd;
	int64_t p =
	    disbursement_div_round((__int128)actual_vnd * disbursement_days_in_year(year), gone);
	return disbursement_clamp(p, actual_vnd, budget_vnd);
}

int64_t disbursement_project_seasonal(int64_t actual_vnd, int64_t share_ppm, int64_t budget_vnd)
{
	if (share_ppm <= 0)
		return actual_vnd;
	int64_t p =
	    disbursement_div_round((__int128)actual_vnd * DISBURSEMENT_SHAPE_SCALE, share_ppm);
	return disbursement_clamp(p, actual_vnd, budget_vnd);
}

/* ---- flags and colour ---- */

int disbursement_elapsed_x10(const struct task *t, struct date day)
{
	if (!date_is_set(t->start_date) || !date_is_set(t->end_date))
		return -1;
	if (date_compare(day, t->start_date) <= 0)
		return 0;
	int64_t total = date_to_days(t->end_date) - date_to_days(t->start_date);
	int64_t gone = date_to_days(day) - date_to_days(t->start_date);
	if (total <= 0 || gone >= total)
		return 1000;
	return (int)disbursement_div_round((__int128)1000 * gone, total);
}

/* Whether the task is one whose money is judged: it has a budget and is not given up. */
static bool disbursement_judged(const struct task *s)
{
	return s->budget_vnd > 0 && s->status != TASK_STOPPED && s->status != TASK_DEFERRED;
}

unsigned disbursement_task_flags(const struct task *s, struct date day)
{
	unsigned flags = 0;
	if (!disbursement_judged(s))
		return 0;
	__int128 paid = (__int128)s->disbursed_vnd * 100;
	__int128 budget = s->budget_vnd;
	if (paid + DISBURSEMENT_PROGRESS_GAP_POINTS * budget < s->progress_pct * budget)
		flags |= DISBURSEMENT_FLAG_PROGRESS;
	if (date_is_set(s->start_date) && date_is_set(s->end_date) &&
	    date_compare(day, s->start_date) > 0) {
		int64_t total = date_to_days(s->end_date) - date_to_days(s->start_date);
		int64_t gone = date_to_days(day) - date_to_days(s->start_date);
		if (total <= 0)
			total = gone = 1;
		if (gone > total)
			gone = total;
		/* rate + GAP < 100 × gone / total, in integers */
		if ((paid + DISBURSEMENT_SCHEDULE_GAP_POINTS * budget) * total <
		    100 * budget * gone)
			flags |= DISBURSEMENT_FLAG_SCHEDULE;
	}
	return flags;
}

/* Progress more than points behind the elapsed share of the span (planned or in progress tasks
 * with both dates, after their start): the measure of task_is_lagging with another margin. */
static bool disbursement_behind_time(const struct task *s, struct date day, int points)
{
	if (s->status != TASK_PLANNED && s->status != TASK_IN_PROGRESS)
		return false;
	if (!date_is_set(s->start_date) || !date_is_set(s->end_date) || s->progress_pct >= 100 ||
	    date_compare(day, s->start_date) <= 0)
		return false;
	int64_t total = date_to_days(s->end_date) - date_to_days(s->start_date);
	int64_t gone = date_to_days(day) - date_to_days(s->start_date);
	if (total <= 0)
		return true; /* a one-day task not done after its day */
	if (gone > total)
		gone = total;
	return ((int64_t)s->progress_pct + points) * total < 100 * gone;
}

enum disbursement_colour disbursement_task_colour(const struct task *s, struct date day)
{
	if (s->status == TASK_STOPPED || s->status == TASK_DEFERRED || task_is_lagging(s, day))
		return DISBURSEMENT_RED;
	if (disbursement_behind_time(s, day, DISBURSEMENT_AMBER_POINTS) ||
	    disbursement_task_flags(s, day))
		return DISBURSEMENT_AMBER;
	return DISBURSEMENT_GREEN;
}

/* ---- allocations ---- */

struct date disbursement_last_rise(const struct disbursement_record *r, size_t n, struct date as_of)
{
	struct date last = {0, 0, 0};
	for (size_t i = 0; i < n; i++) {
		struct date d = r[i].on_date;
		if (!date_is_set(d) || date_compare(d, as_of) > 0 || date_compare(d, last) <= 0)
			continue;
		struct date before = date_from_days(date_to_days(d) - 1);
		if (disbursement_actual_at(r, n, d) > disbursement_actual_at(r, n, before))
			last = d;
	}
	return last;
}

int64_t disbursement_idle_days(struct date first_allocated, struct date last_rise,
                               struct date as_of)
{
	struct date since = first_allocated;
	if (!date_is_set(since) || date_compare(last_rise, since) > 0)
		since = last_rise;
	if (!date_is_set(since))
		return 0;
	int64_t days = date_to_days(as_of) - date_to_days(since);
	return days < 0 ? 0 : days;
}

bool disbursement_is_idle(int64_t allocated_vnd, int64_t disbursed_vnd, int64_t idle_days)
{
	return allocated_vnd > disbursed_vnd && idle_days >= DISBURSEMENT_IDLE_DAYS;
}

bool disbursement_is_slow(int64_t allocated_vnd, int64_t disbursed_vnd, int year, struct date day)
{
	if (allocated_vnd <= 0)
		return false;
	__int128 all = disbursement_days_in_year(year);
	__int128 gone = disbursement_days_gone(year, day);
	/* rate + POINTS < 100 × gone / all, in integers */
	return ((__int128)disbursed_vnd * 100 +
	        (__int128)DISBURSEMENT_BOTTLENECK_POINTS * allocated_vnd) *
	           all <
	       (__int128)100 * allocated_vnd * gone;
}

bool disbursement_is_bottleneck(int64_t allocated_vnd, int64_t disbursed_vnd, int64_t idle_days,
                                int year, struct date day)
{
	return disbursement_is_slow(allocated_vnd, disbursed_vnd, year, day) ||
	       disbursement_is_idle(allocated_vnd, disbursed_vnd, idle_days);
}

/* ---- Finance's view ---- */

void disbursement_departments_init(struct disbursement_departments *v, int year, struct date as_of)
{
	memset(v, 0, sizeof *v);
	v->year = year;
	v->as_of = as_of;
}

void disbursement_departments_finish(struct disbursement_departments *v)
{
	for (size_t i = 0; i < v->n; i++) {
		disbursement_allocation_clear(&v->items[i].allocation);
		free(v->items[i].name);
	}
	free(v->items);
	memset(v, 0, sizeof *v);
}

struct disbursement_department *
disbursement_departments_add(struct disbursement_departments *v,
                             const struct disbursement_allocation *al)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 16;
		v->items = mem_realloc(v->items, v->cap * sizeof *v->items);
	}
	struct disbursement_department *dep = &v->items[v->n++];
	memset(dep, 0, sizeof *dep);
	dep->allocation = *al;
	dep->allocation.unit = mem_strdup(al->unit);
	dep->allocation.note = mem_strdup(al->note);
	dep->allocation.author = mem_strdup(al->author);
	dep->allocation.recorded_at = mem_strdup(al->recorded_at);
	return dep;
}

void disbursement_departments_judge(struct disbursement_departments *v)
{
	v->allocated_vnd = v->committed_vnd = v->disbursed_vnd = 0;
	for (size_t i = 0; i < v->n; i++) {
		struct disbursement_department *dep = &v->items[i];
		int64_t allocated = dep->allocation.amount_vnd;
		dep->idle_days =
		    disbursement_idle_days(dep->allocation.first_on, dep->last_rise, v->as_of);
		dep->idle = disbursement_is_idle(allocated, dep->disbursed_vnd, dep->idle_days);
		dep->slow = disbursement_is_slow(allocated, dep->disbursed_vnd, v->year, v->as_of);
		v->allocated_vnd += allocated;
		v->committed_vnd += dep->committed_vnd;
		v->disbursed_vnd += dep->disbursed_vnd;
	}
}

bool disbursement_department_bottleneck(const struct disbursement_department *dep)
{
	return dep->slow || dep->idle;
}

/* ---- the report ---- */

/* A line with no task yet: months that ended by the as-of day start at 0, the others at -1. */
static void disbursement_line_init(const struct disbursement *r, struct disbursement_line *l,
                                   const char *code)
{
	memset(l, 0, sizeof *l);
	l->code = mem_strdup(code);
	for (int m = 0; m < DISBURSEMENT_MONTHS; m++)
		l->actual_vnd[m] =
		    date_compare(disbursement_month_end(r->year, m + 1), r->as_of) <= 0 ? 0 : -1;
}

static void disbursement_line_free(struct disbursement_line *l)
{
	free(l->code);
	free(l->name);
}

void disbursement_init(struct disbursement *r, int year, struct date as_of)
{
	memset(r, 0, sizeof *r);
	r->year = year;
	r->as_of = as_of;
	disbursement_line_init(r, &r->total, NULL);
	disbursement_departments_init(&r->departments, year, as_of);
}

static void disbursement_task_free(struct disbursement_task *t)
{
	free(t->code);
	free(t->name);
	free(t->investor);
	disbursement_override_clear(&t->override);
}

void disbursement_finish(struct disbursement *r)
{
	disbursement_line_free(&r->total);
	for (size_t i = 0; i < r->n_investors; i++)
		disbursement_line_free(&r->investors[i]);
	free(r->investors);
	for (size_t i = 0; i < r->n_tasks; i++)
		disbursement_task_free(&r->tasks[i]);
	free(r->tasks);
	free(r->scope_name);
	disbursement_departments_finish(&r->departments);
	memset(r, 0, sizeof *r);
}

static struct disbursement_line *disbursement_investor_of(struct disbursement *r, const char *code)
{
	for (size_t i = 0; i < r->n_investors; i++)
		if (strcmp(r->investors[i].code, code) == 0)
			return &r->investors[i];
	if (r->n_investors == r->cap_investors) {
		r->cap_investors = r->cap_investors ? r->cap_investors * 2 : 16;
		r->investors = mem_realloc(r->investors, r->cap_investors * sizeof *r->investors);
	}
	struct disbursement_line *l = &r->investors[r->n_investors++];
	disbursement_line_init(r, l, code);
	return l;
}

enum disbursement_colour disbursement_task_shown(const struct disbursement_task *t)
{
	return t->overridden ? t->override.colour : t->computed;
}

static void disbursement_line_add(struct disbursement_line *l, const struct disbursement_task *t)
{
	l->tasks++;
	l->budget_vnd += t->budget_vnd;
	for (int m = 0; m < DISBURSEMENT_MONTHS; m++) {
		l->planned_vnd[m] += t->planned_vnd[m];
		if (l->actual_vnd[m] >= 0 && t->actual_vnd[m] >= 0)
			l->actual_vnd[m] += t->actual_vnd[m];
	}
	l->planned_as_of_vnd += t->planned_as_of_vnd;
	l->actual_as_of_vnd += t->state.disbursed_vnd;
	l->flagged += t->flags != 0;
	l->colours[disbursement_task_shown(t)]++;
}

void disbursement_add(struct disbursement *r, const struct task *t,
                      const struct disbursement_record *recs, size_t n,
                      const struct disbursement_override *o)
{
	if (r->n_tasks == r->cap_tasks) {
		r->cap_tasks = r->cap_tasks ? r->cap_tasks * 2 : 64;
		r->tasks = mem_realloc(r->tasks, r->cap_tasks * sizeof *r->tasks);
	}
	struct disbursement_task *dt = &r->tasks[r->n_tasks++];
	memset(dt, 0, sizeof *dt);
	dt->id = t->id;
	dt->code = mem_strdup(t->code);
	dt->name = mem_strdup(t->name);
	dt->investor = mem_strdup(t->investor ? t->investor : "");
	dt->budget_vnd = t->budget_vnd;
	dt->state = disbursement_task_at(t, recs, n, r->as_of);
	/* the state's strings are the report's own; the others are not kept */
	dt->state.code = dt->code;
	dt->state.name = dt->name;
	dt->state.investor = dt->investor;
	dt->state.category = dt->state.carried_from = dt->state.note = NULL;
	disbursement_planned_curve(t, dt->planned_vnd);
	disbursement_actual_curve(r->year, r->as_of, recs, n, dt->actual_vnd);
	dt->planned_as_of_vnd = disbursement_planned_at(t, r->as_of);
	dt->elapsed_x10 = disbursement_elapsed_x10(t, r->as_of);
	dt->flags = disbursement_task_flags(&dt->state, r->as_of);
	dt->computed = disbursement_task_colour(&dt->state, r->as_of);
	if (o && !o->cleared) {
		dt->overridden = true;
		dt->override = *o;
		dt->override.comment = mem_strdup(o->comment);
		dt->override.author = mem_strdup(o->author);
		dt->override.recorded_at = mem_strdup(o->recorded_at);
	}
	r->months_recorded |= disbursement_months_mask(r->year, recs, n);
	disbursement_line_add(&r->total, dt);
	disbursement_line_add(disbursement_investor_of(r, dt->investor), dt);
}

void disbursement_project(struct disbursement *r, const int64_t shape[DISBURSEMENT_MONTHS],
                          const int *years, size_t n_years)
{
	int64_t share = shape ? disbursement_shape_at(shape, r->year, r->as_of) : 0;
	r->method = share > 0 ? DISBURSEMENT_SEASONAL : DISBURSEMENT_LINEAR;
	r->n_shape_years = 0;
	r->share_ppm = 0;
	if (r->method == DISBURSEMENT_SEASONAL) {
		memcpy(r->shape, shape, sizeof r->shape);
		r->share_ppm = share;
		for (size_t i = 0; i < n_years && i < DISBURSEMENT_SHAPE_YEARS; i++)
			r->shape_years[r->n_shape_years++] = years[i];
	}
	for (size_t i = 0; i <= r->n_investors; i++) {
		struct disbursement_line *l = i < r->n_investors ? &r->investors[i] : &r->total;
		l->projected_vnd =
		    r->method == DISBURSEMENT_SEASONAL
		        ? disbursement_project_seasonal(l->actual_as_of_vnd, share, l->budget_vnd)
		        : disbursement_project_linear(r->year, r->as_of, l->actual_as_of_vnd,
		                                      l->budget_vnd);
	}
}

static int disbursement_investor_compare(const void *a, const void *b)
{
	const struct disbursement_line *x = a, *y = b;
	if (x->budget_vnd != y->budget_vnd)
		return x->budget_vnd > y->budget_vnd ? -1 : 1;
	return strcmp(x->code, y->code);
}

void disbursement_sort_investors(struct disbursement *r)
{
	if (r->n_investors > 1)
		qsort(r->investors, r->n_investors, sizeof *r->investors,
		      disbursement_investor_compare);
}
