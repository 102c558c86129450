/* disbursement.h — disbursement monitoring (giải ngân): monthly curves, the year-end projection,
 * the flags and the colour of a task, and the rules on Finance's allocations (phân cấp).
 *
 * Pure: everything here looks at tasks, their dated history records and a day, and never at the
 * database or the clock. app/disbursement.c and app/allocations.c read the data and call it.
 * Money is int64_t đồng; shares are integers (points, tenths or millionths), compared exactly.
 *
 * THE RULES
 *
 * Actual curve. A task's cumulative disbursement on a day D is the disbursed_vnd of the record
 * written last (highest version) among its records dated on or before D, or 0 when it has none.
 * "Written last", not "dated last": a task's state is its latest record, so on any day after all
 * its records the curve equals the task's current figure (the summary's), and a correction
 * written later wins from its date on. Month m's value is taken at the month's last day; a month
 * that has not ended on the as-of day has no value (-1), and the as-of day has its own value.
 * An investor's curve is the sum of its tasks', the province's the sum of all.
 *
 * Planned curve. A task's budget is spread linearly by days over its planned span: on day D the
 * plan is budget × clamp(D − start, 0, end − start) / (end − start), rounded half up (the same
 * elapsed share task_is_lagging measures; 100 % from the end date on; a one-day span is 100 %
 * from its start). A missing start is 1 January of the task's year, a missing end 31 December.
 * Linear rather than an S-curve: nothing in the data says when within its span a task pays, and
 * a straight line is what a reader can check by hand.
 *
 * Projection to 31 December (disbursement_project_*), never above the budget, never below the
 * actual figure:
 * - seasonal, when the database has earlier years with monthly history: a year qualifies when
 *   its records are dated in at least DISBURSEMENT_SHAPE_MIN_MONTHS distinct months of it and its
 *   31 December total is above 0. Its shape is the share of its 31 December total reached at each
 *   month end (in millionths); the shapes of the latest DISBURSEMENT_SHAPE_YEARS qualifying
 *   years are averaged with equal weights. The share on the as-of day is interpolated by days
 *   between the previous month end (1 January: 0) and the month's end. Projection = actual ×
 *   10^6 / share. A share of 0 on the as-of day falls back to linear.
 * - linear otherwise: actual × days of the year / days from 1 January through the as-of day.
 *
 * Flags of a task on the as-of day, judged on its state on that day (its record in force then),
 * for a task with a budget that is not stopped or deferred:
 * - DISBURSEMENT_FLAG_PROGRESS: disbursement rate (disbursed / budget) more than
 *   DISBURSEMENT_PROGRESS_GAP_POINTS below physical progress:
 *   100 × disbursed + GAP × budget < progress × budget.
 * - DISBURSEMENT_FLAG_SCHEDULE: a task with both dates, after its start: the rate more than
 *   DISBURSEMENT_SCHEDULE_GAP_POINTS below the planned share for the day (the planned curve's
 *   share, at most 100 %).
 *
 * Colour (disbursement_task_colour), on the same state:
 * - red: the task is stopped or deferred (it will not deliver this year as planned), or it lags
 *   (task_is_lagging: planned or in progress and past its end date, or progress more than
 *   TASK_LAG_POINTS behind the elapsed share of its span);
 * - amber: otherwise, when progress is more than DISBURSEMENT_AMBER_POINTS behind the elapsed
 *   share (planned or in progress, both dates), or either disbursement flag is raised — so a
 *   completed task is amber when its money lags the finished work;
 * - green: otherwise.
 * "More than" is strict everywhere: exactly on a margin is not past it.
 * An administrator's override (struct disbursement_override) replaces the colour shown, with its
 * author, day and mandatory comment, until it is cleared; it does not expire with later progress
 * updates (clearing it is a deliberate act, recorded like setting it). The computed colour is
 * always shown next to it.
 *
 * Allocations (phân cấp). Finance allocates an amount to a unit for a year; the latest record is
 * in force. The year's tasks whose investor is the unit or below it (the tree of the year's last
 * day, or of today if earlier) must fit: Σ budget_vnd ≤ the allocation. Nested allocations are
 * each checked on their own subtree; they are not required to add up.
 * - Idle (disbursement_is_idle): money allocated and not all disbursed (allocated > Σ disbursed
 *   on the day), and no rise in any of the unit's tasks' cumulative disbursement for at least
 *   DISBURSEMENT_IDLE_DAYS days: day − since ≥ N, where since is the later of the unit's first
 *   allocation day of the year and the last day on or before the as-of day on which a task's
 *   actual curve rose (disbursement_last_rise).
 * - Bottleneck (disbursement_is_bottleneck): allocated > 0 and disbursed / allocated more than
 *   DISBURSEMENT_BOTTLENECK_POINTS below the share of the year gone by on the day (days from
 *   1 January through the day, of the days of the year); or idle.
 */
#ifndef DXTRACK_DISBURSEMENT_H
#define DXTRACK_DISBURSEMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "task.h"

#define DISBURSEMENT_MONTHS 12
#define DISBURSEMENT_SHAPE_SCALE 1000000 /* shares of the year in millionths */
#define DISBURSEMENT_SHAPE_MIN_MONTHS 4  /* a past year needs records in this many months */
#define DISBURSEMENT_SHAPE_YEARS 5       /* at most this many past years are averaged */
#define DISBURSEMENT_PROGRESS_GAP_POINTS 30
#define DISBURSEMENT_SCHEDULE_GAP_POINTS 25
#define DISBURSEMENT_AMBER_POINTS 10
#define DISBURSEMENT_IDLE_DAYS 60
#define DISBURSEMENT_BOTTLENECK_POINTS 25
#define DISBURSEMENT_COMMENT_MAX 1000 /* code points of an override's comment */

enum disbursement_colour {
	DISBURSEMENT_GREEN,
	DISBURSEMENT_AMBER,
	DISBURSEMENT_RED,
	DISBURSEMENT_COLOUR_COUNT
};

enum disbursement_flag {
	DISBURSEMENT_FLAG_PROGRESS = 1u << 0, /* rate far below physical progress */
	DISBURSEMENT_FLAG_SCHEDULE = 1u << 1, /* rate below the planned schedule for the day */
};

enum disbursement_method { DISBURSEMENT_LINEAR, DISBURSEMENT_SEASONAL };

/* One record of a task's history, as far as the curves need it. */
struct disbursement_record {
	int64_t version;
	struct date on_date;
	int progress_pct;
	int64_t disbursed_vnd;
	enum task_status status;
};

/* An administrator's colour override of a task: one record, append-only; the latest wins. */
struct disbursement_override {
	int64_t id;
	int64_t task_id;
	bool cleared; /* a record that removes the override (colour is then meaningless) */
	enum disbursement_colour colour;
	char *comment;
	char *author;
	char *recorded_at;   /* UTC "YYYY-MM-DDTHH:MM:SSZ" */
	struct date on_date; /* the day it was made */
};

/* Finance's allocation (phân cấp) of a year to a unit: one record; the latest is in force. */
struct disbursement_allocation {
	int64_t id;
	int year;
	char *unit;
	int64_t amount_vnd;
	char *note;
	char *author;
	char *recorded_at;
	struct date on_date;  /* the day it was recorded */
	struct date first_on; /* read back: the day of the unit's first allocation of the year */
};

void disbursement_override_clear(struct disbursement_override *o);
void disbursement_allocation_clear(struct disbursement_allocation *al);

const char *disbursement_colour_code(enum disbursement_colour c);     /* "amber" */
const char *disbursement_colour_label_vi(enum disbursement_colour c); /* "vàng" */
/* The code or the Vietnamese label ("đỏ", "do", "red"); 0, or -1 if unknown. */
int disbursement_colour_parse(const char *s, enum disbursement_colour *out);

/* ---- days and curves ---- */

struct date disbursement_month_end(int year, int month); /* month 1..12 */
/* Days from 1 January of year through day (inclusive), within 0..days of the year. */
int disbursement_days_gone(int year, struct date day);
int disbursement_days_in_year(int year);

/* The record in force on day (see THE RULES), or NULL. */
const struct disbursement_record *disbursement_record_at(const struct disbursement_record *r,
                                                         size_t n, struct date day);
/* Cumulative disbursement on day: the record in force's, else 0. */
int64_t disbursement_actual_at(const struct disbursement_record *r, size_t n, struct date day);
/* The task's state on day: t with progress, disbursement and status of the record in force then
 * (no record yet: 0, 0, planned). Strings are t's (a shallow copy). */
struct task disbursement_task_at(const struct task *t, const struct disbursement_record *r,
                                 size_t n, struct date day);
/* out[m] = the actual value at the end of month m + 1 of year when that day is on or before
 * as_of, else -1. */
void disbursement_actual_curve(int year, struct date as_of, const struct disbursement_record *r,
                               size_t n, int64_t out[DISBURSEMENT_MONTHS]);

/* The task's planned span: its dates, a missing one replaced by its year's first or last day. */
void disbursement_plan_span(const struct task *t, struct date *start, struct date *end);
int64_t disbursement_planned_at(const struct task *t, struct date day);
void disbursement_planned_curve(const struct task *t, int64_t out[DISBURSEMENT_MONTHS]);

/* ---- projection ---- */

/* A year's shape from its actual curve (all 12 months): shape[m] = curve[m] × 10^6 / curve[11],
 * rounded half up. -1 (shape untouched) when curve[11] <= 0. */
int disbursement_shape_of(const int64_t curve[DISBURSEMENT_MONTHS],
                          int64_t shape[DISBURSEMENT_MONTHS]);
/* Bit m - 1 for each month m of `year` in which a record is dated. */
unsigned disbursement_months_mask(int year, const struct disbursement_record *r, size_t n);
/* Whether a past year's history is monthly enough to lend its shape (see THE RULES). */
bool disbursement_year_qualifies(unsigned months_mask, const int64_t curve[DISBURSEMENT_MONTHS]);
/* The mean of n shapes, month by month, rounded half up. */
void disbursement_shape_average(const int64_t (*shapes)[DISBURSEMENT_MONTHS], size_t n,
                                int64_t out[DISBURSEMENT_MONTHS]);
/* The share of the year's disbursement reached on day, interpolated by days within its month;
 * 0 before the year, 10^6 from 31 December on. */
int64_t disbursement_shape_at(const int64_t shape[DISBURSEMENT_MONTHS], int year, struct date day);
/* actual × days of the year / days gone by on as_of (rounded half up), within
 * [actual, max(actual, budget)]; actual when no day has gone by. */
int64_t disbursement_project_linear(int year, struct date as_of, int64_t actual_vnd,
                                    int64_t budget_vnd);
/* actual × 10^6 / share_ppm (rounded half up), within [actual, max(actual, budget)]; requires
 * share_ppm > 0. */
int64_t disbursement_project_seasonal(int64_t actual_vnd, int64_t share_ppm, int64_t budget_vnd);

/* ---- flags and colour ---- */

/* The planned share of the task's span gone by on day, in tenths of a percent (0..1000); -1 when
 * the task has not both dates. */
int disbursement_elapsed_x10(const struct task *t, struct date day);
unsigned disbursement_task_flags(const struct task *state, struct date day);
enum disbursement_colour disbursement_task_colour(const struct task *state, struct date day);

/* ---- allocations ---- */

/* The last day on or before as_of on which the task's actual curve rose (a record in force that
 * day with more than the day before); unset when it never rose. */
struct date disbursement_last_rise(const struct disbursement_record *r, size_t n,
                                   struct date as_of);
/* Days since the money last moved: as_of − the later of first_allocated and last_rise (an unset
 * date is ignored); 0 when both are unset or after as_of. */
int64_t disbursement_idle_days(struct date first_allocated, struct date last_rise,
                               struct date as_of);
bool disbursement_is_idle(int64_t allocated_vnd, int64_t disbursed_vnd, int64_t idle_days);
bool disbursement_is_slow(int64_t allocated_vnd, int64_t disbursed_vnd, int year, struct date day);
bool disbursement_is_bottleneck(int64_t allocated_vnd, int64_t disbursed_vnd, int64_t idle_days,
                                int year, struct date day);

/* ---- Finance's view: the units with an allocation in force ---- */

struct disbursement_department {
	struct disbursement_allocation allocation; /* the record in force */
	char *name;                                /* the unit's name; may stay NULL */
	int tasks;                                 /* the year's tasks at or below the unit */
	int64_t committed_vnd;                     /* Σ their budgets */
	int64_t disbursed_vnd;                     /* Σ their actual disbursement on the day */
	struct date last_rise;                     /* disbursement_last_rise over them */
	int64_t idle_days;                         /* disbursement_idle_days */
	bool idle;                                 /* disbursement_is_idle */
	bool slow;                                 /* disbursement_is_slow */
};

struct disbursement_departments {
	int year;
	struct date as_of;
	struct disbursement_department *items; /* by unit code */
	size_t n;
	size_t cap;
	/* totals over the items (a unit inside another allocated unit counts in both) */
	int64_t allocated_vnd;
	int64_t committed_vnd;
	int64_t disbursed_vnd;
};

void disbursement_departments_init(struct disbursement_departments *v, int year, struct date as_of);
void disbursement_departments_finish(struct disbursement_departments *v);
/* Appends a department for the allocation in force al (copied), with no money yet. */
struct disbursement_department *
disbursement_departments_add(struct disbursement_departments *v,
                             const struct disbursement_allocation *al);
/* Once the money and last_rise of every item are set: idle days, idle, slow, and the totals. */
void disbursement_departments_judge(struct disbursement_departments *v);
/* Bottleneck: slow or idle. */
bool disbursement_department_bottleneck(const struct disbursement_department *dep);

/* ---- the report of a year: plan against actual, per task, investor and in total ---- */

/* A curve and its figures on the as-of day: the whole scope, or one investor. */
struct disbursement_line {
	char *code; /* investor code; NULL for the whole scope */
	char *name; /* filled by the caller; may stay NULL */
	int tasks;
	int64_t budget_vnd;
	int64_t planned_vnd[DISBURSEMENT_MONTHS]; /* cumulative plan at each month's end */
	int64_t actual_vnd[DISBURSEMENT_MONTHS];  /* cumulative actual at month ends; -1 not yet */
	int64_t planned_as_of_vnd;
	int64_t actual_as_of_vnd;
	int64_t projected_vnd;                  /* set by disbursement_project */
	int flagged;                            /* tasks with a flag */
	int colours[DISBURSEMENT_COLOUR_COUNT]; /* tasks by the colour shown */
};

struct disbursement_task {
	int64_t id;
	char *code;
	char *name;
	char *investor;
	int64_t budget_vnd;
	struct task state; /* on the as-of day (strings are the fields above) */
	int64_t planned_vnd[DISBURSEMENT_MONTHS];
	int64_t actual_vnd[DISBURSEMENT_MONTHS];
	int64_t planned_as_of_vnd;
	int elapsed_x10; /* disbursement_elapsed_x10 on the as-of day */
	unsigned flags;
	enum disbursement_colour computed;
	bool overridden;
	struct disbursement_override override; /* when overridden */
};

struct disbursement {
	int year;
	struct date as_of;
	char *scope_name;         /* "Tỉnh Bắc Kạn", or the unit asked for; may be NULL */
	unsigned months_recorded; /* disbursement_months_mask over every task added */
	struct disbursement_line total;
	struct disbursement_line *investors;
	size_t n_investors;
	size_t cap_investors;
	struct disbursement_task *tasks;
	size_t n_tasks;
	size_t cap_tasks;
	/* the projection (disbursement_project) */
	enum disbursement_method method;
	int shape_years[DISBURSEMENT_SHAPE_YEARS]; /* the years whose shape was averaged */
	size_t n_shape_years;
	int64_t shape[DISBURSEMENT_MONTHS];
	int64_t share_ppm; /* seasonal: the shape on the as-of day */
	/* the allocations in force in the scope (filled by the caller): idle ones are flagged */
	struct disbursement_departments departments;
};

void disbursement_init(struct disbursement *r, int year, struct date as_of);
void disbursement_finish(struct disbursement *r);
/* Adds a task with its history records (any order) and its override (NULL: none; a cleared one
 * counts as none; it is copied). */
void disbursement_add(struct disbursement *r, const struct task *t,
                      const struct disbursement_record *recs, size_t n,
                      const struct disbursement_override *o);
/* The colour shown: the override's when there is one, else the computed one. */
enum disbursement_colour disbursement_task_shown(const struct disbursement_task *t);
/* Projects the total and every investor: seasonal with shape (the average of n_years shapes of
 * the listed years) when shape is not NULL and its share on the as-of day is above 0, else
 * linear. */
void disbursement_project(struct disbursement *r, const int64_t shape[DISBURSEMENT_MONTHS],
                          const int *years, size_t n_years);
/* Orders investors by budget, largest first, then by code (as the summary does). */
void disbursement_sort_investors(struct disbursement *r);

#endif
