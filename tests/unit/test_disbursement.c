/* test_disbursement.c — unit tests for core/disbursement.c: the curves from a hand-made
 * history, the planned curve, the seasonal and linear projections, the flags and colours at
 * every boundary, and the idle and bottleneck rules of allocations.
 *
 * The last tests open a database: who may allocate and set colours, and that both histories
 * refuse rewrites.
 *
 * Every expected number was worked out by hand (and the divisions re-done with exact fractions):
 * day counts from the calendar, planned amounts as budget × days gone / days of the span rounded
 * half up, shares in millionths. None was copied from the program's output.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "app/app.h"
#include "core/disbursement.h"
#include "core/task.h"

/* ---- helpers ------------------------------------------------------------------------------- */

static struct date test_disb_date(int year, int month, int day)
{
	struct date d = {year, month, day};
	return d;
}

static struct disbursement_record test_disb_rec(int64_t version, struct date on, int progress,
                                                int64_t disbursed, enum task_status status)
{
	struct disbursement_record r = {version, on, progress, disbursed, status};
	return r;
}

/* A task of 2024 worth 1 tỷ from 1 Jan to 10 Apr 2024: 100 days (31 + 29 + 31 + 9), so on
 * 1 Mar exactly 60 days = 60 % of its span have gone by. */
static struct task test_disb_task(enum task_status status, int progress, int64_t disbursed)
{
	struct task t;
	memset(&t, 0, sizeof t);
	t.year = 2024;
	t.code = (char *)"T-1";
	t.name = (char *)"Nhiệm vụ thử";
	t.investor = (char *)"STTTT";
	t.budget_vnd = INT64_C(1000000000);
	t.disbursed_vnd = disbursed;
	t.progress_pct = progress;
	t.status = status;
	t.start_date = test_disb_date(2024, 1, 1);
	t.end_date = test_disb_date(2024, 4, 10);
	return t;
}

/* ---- days ---------------------------------------------------------------------------------- */

static void test_disb_days(void **state)
{
	(void)state;
	struct date feb = disbursement_month_end(2024, 2);
	assert_int_equal(feb.day, 29);
	assert_int_equal(disbursement_month_end(2023, 2).day, 28);
	struct date dec = disbursement_month_end(2023, 12);
	assert_int_equal(dec.year, 2023);
	assert_int_equal(dec.month, 12);
	assert_int_equal(dec.day, 31);
	assert_int_equal(disbursement_days_in_year(2023), 365);
	assert_int_equal(disbursement_days_in_year(2024), 366);
	/* 14 Dec 2023: 334 days to the end of November, plus 14 */
	assert_int_equal(disbursement_days_gone(2023, test_disb_date(2023, 12, 14)), 348);
	assert_int_equal(disbursement_days_gone(2023, test_disb_date(2023, 1, 1)), 1);
	assert_int_equal(disbursement_days_gone(2023, test_disb_date(2022, 12, 31)), 0);
	assert_int_equal(disbursement_days_gone(2023, test_disb_date(2024, 3, 1)), 365);
}

/* ---- actual curve -------------------------------------------------------------------------- */

/* Five records of 2023; the fourth, written after the third, is dated earlier (a correction). */
static const struct disbursement_record *test_disb_history(size_t *n)
{
	static struct disbursement_record r[5];
	r[0] = test_disb_rec(1, test_disb_date(2023, 2, 10), 10, 100, TASK_IN_PROGRESS);
	r[1] = test_disb_rec(2, test_disb_date(2023, 3, 31), 20, 300, TASK_IN_PROGRESS);
	r[2] = test_disb_rec(3, test_disb_date(2023, 6, 15), 40, 500, TASK_IN_PROGRESS);
	r[3] = test_disb_rec(4, test_disb_date(2023, 5, 20), 35, 450, TASK_IN_PROGRESS);
	r[4] = test_disb_rec(5, test_disb_date(2023, 9, 30), 90, 900, TASK_COMPLETED);
	*n = 5;
	return r;
}

static void test_disb_actual_curve(void **state)
{
	size_t n;
	const struct disbursement_record *r = test_disb_history(&n);
	int64_t curve[DISBURSEMENT_MONTHS];
	(void)state;
	/* Jan: nothing yet; Feb: v1; Mar, Apr: v2; May: v4 (dated 20 May); Jun, Jul, Aug: still
	 * v4, written after v3 (dated 15 Jun), so v4 wins from its date on; Sep: v5; Oct, Nov and
	 * Dec have not ended on 15 Oct. */
	const int64_t want[DISBURSEMENT_MONTHS] = {0,   100, 300, 300, 450, 450,
	                                           450, 450, 900, -1,  -1,  -1};
	disbursement_actual_curve(2023, test_disb_date(2023, 10, 15), r, n, curve);
	for (int m = 0; m < DISBURSEMENT_MONTHS; m++)
		assert_int_equal(curve[m], want[m]);
	assert_int_equal(disbursement_actual_at(r, n, test_disb_date(2023, 10, 15)), 900);
	assert_int_equal(disbursement_actual_at(r, n, test_disb_date(2023, 5, 19)), 300);
	assert_int_equal(disbursement_actual_at(r, n, test_disb_date(2023, 6, 15)), 450);
	assert_int_equal(disbursement_actual_at(r, n, test_disb_date(2023, 2, 9)), 0);
	/* a whole year seen from later: every month ended */
	disbursement_actual_curve(2023, test_disb_date(2024, 2, 1), r, n, curve);
	assert_int_equal(curve[9], 900);
	assert_int_equal(curve[11], 900);
	/* the record in force also gives the state */
	struct task t;
	memset(&t, 0, sizeof t);
	t.year = 2023;
	t.budget_vnd = 1000;
	struct task s = disbursement_task_at(&t, r, n, test_disb_date(2023, 6, 30));
	assert_int_equal(s.progress_pct, 35);
	assert_int_equal(s.disbursed_vnd, 450);
	assert_int_equal(s.status, TASK_IN_PROGRESS);
	s = disbursement_task_at(&t, r, n, test_disb_date(2023, 1, 15));
	assert_int_equal(s.progress_pct, 0);
	assert_int_equal(s.disbursed_vnd, 0);
	assert_int_equal(s.status, TASK_PLANNED);
	assert_null(disbursement_record_at(r, n, test_disb_date(2023, 2, 9)));
	/* the same day twice: the one written later */
	struct disbursement_record same[2] = {
	    test_disb_rec(7, test_disb_date(2023, 4, 1), 0, 70, TASK_IN_PROGRESS),
	    test_disb_rec(6, test_disb_date(2023, 4, 1), 0, 60, TASK_IN_PROGRESS),
	};
	assert_int_equal(disbursement_actual_at(same, 2, test_disb_date(2023, 4, 1)), 70);
}

/* ---- planned curve ------------------------------------------------------------------------- */

static void test_disb_planned_curve(void **state)
{
	struct task t;
	int64_t curve[DISBURSEMENT_MONTHS];
	(void)state;
	memset(&t, 0, sizeof t);
	t.year = 2023;
	t.budget_vnd = INT64_C(1200000000);
	/* 1 Mar → 30 Jun 2023 is 121 days (31 + 30 + 31 + 29) */
	t.start_date = test_disb_date(2023, 3, 1);
	t.end_date = test_disb_date(2023, 6, 30);
	disbursement_planned_curve(&t, curve);
	/* 31 Mar: 30/121 → 297.520.661,16; 30 Apr: 60/121 → 595.041.322,31;
	 * 31 May: 91/121 → 902.479.338,84 (rounded up) */
	const int64_t want[DISBURSEMENT_MONTHS] = {
	    0,
	    0,
	    INT64_C(297520661),
	    INT64_C(595041322),
	    INT64_C(902479339),
	    INT64_C(1200000000),
	    INT64_C(1200000000),
	    INT64_C(1200000000),
	    INT64_C(1200000000),
	    INT64_C(1200000000),
	    INT64_C(1200000000),
	    INT64_C(1200000000),
	};
	for (int m = 0; m < DISBURSEMENT_MONTHS; m++)
		assert_int_equal(curve[m], want[m]);
	/* the start day itself: nothing is due yet */
	assert_int_equal(disbursement_planned_at(&t, test_disb_date(2023, 3, 1)), 0);
	assert_int_equal(disbursement_planned_at(&t, test_disb_date(2023, 2, 1)), 0);

	/* no dates: the whole year, 1 Jan → 31 Dec = 364 days; 31 Jan is 30 of them:
	 * 365.000.000 × 30 / 364 = 30.082.417,58 */
	t.budget_vnd = INT64_C(365000000);
	t.start_date = t.end_date = (struct date){0, 0, 0};
	disbursement_planned_curve(&t, curve);
	assert_int_equal(curve[0], INT64_C(30082418));
	assert_int_equal(curve[11], INT64_C(365000000));
	struct date s, e;
	disbursement_plan_span(&t, &s, &e);
	assert_int_equal(s.month, 1);
	assert_int_equal(s.day, 1);
	assert_int_equal(e.month, 12);
	assert_int_equal(e.day, 31);

	/* a one-day task: all of it on its day */
	t.budget_vnd = 100;
	t.start_date = t.end_date = test_disb_date(2023, 5, 10);
	assert_int_equal(disbursement_planned_at(&t, test_disb_date(2023, 5, 9)), 0);
	assert_int_equal(disbursement_planned_at(&t, test_disb_date(2023, 5, 10)), 100);
}

/* ---- projection ---------------------------------------------------------------------------- */

static void test_disb_shape(void **state)
{
	(void)state;
	/* 2021: 10 % by March, 70 % by November, the rest in December */
	const int64_t y2021[DISBURSEMENT_MONTHS] = {0,   0,   100, 100, 200, 300,
	                                            300, 400, 500, 600, 700, 1000};
	/* 2022: 10 % a month from February to November */
	const int64_t y2022[DISBURSEMENT_MONTHS] = {0,   50,  100, 150, 200, 250,
	                                            300, 350, 400, 450, 500, 500};
	int64_t shapes[2][DISBURSEMENT_MONTHS], avg[DISBURSEMENT_MONTHS];
	assert_int_equal(disbursement_shape_of(y2021, shapes[0]), 0);
	assert_int_equal(disbursement_shape_of(y2022, shapes[1]), 0);
	assert_int_equal(shapes[0][2], 100000);
	assert_int_equal(shapes[0][10], 700000);
	assert_int_equal(shapes[1][1], 100000);
	assert_int_equal(shapes[1][10], 1000000);
	disbursement_shape_average((const int64_t(*)[DISBURSEMENT_MONTHS])shapes, 2, avg);
	const int64_t want[DISBURSEMENT_MONTHS] = {0,      50000,  150000, 200000, 300000, 400000,
	                                           450000, 550000, 650000, 750000, 850000, 1000000};
	for (int m = 0; m < DISBURSEMENT_MONTHS; m++)
		assert_int_equal(avg[m], want[m]);

	/* thirds round half up: 1/3 → 333.333, 2/3 → 666.667 */
	const int64_t thirds[DISBURSEMENT_MONTHS] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3};
	int64_t sh[DISBURSEMENT_MONTHS];
	assert_int_equal(disbursement_shape_of(thirds, sh), 0);
	assert_int_equal(sh[9], 333333);
	assert_int_equal(sh[10], 666667);
	/* nothing disbursed in the year: no shape */
	const int64_t none[DISBURSEMENT_MONTHS] = {0};
	assert_int_equal(disbursement_shape_of(none, sh), -1);

	/* the share on a day, interpolated within its month:
	 * 14 Dec: 850.000 + 150.000 × 14/31 = 850.000 + 67.741,9 → 917.742;
	 * 10 Mar: 50.000 + 100.000 × 10/31 = 50.000 + 32.258,1 → 82.258; a month end is exact */
	assert_int_equal(disbursement_shape_at(avg, 2023, test_disb_date(2023, 12, 14)), 917742);
	assert_int_equal(disbursement_shape_at(avg, 2023, test_disb_date(2023, 3, 10)), 82258);
	assert_int_equal(disbursement_shape_at(avg, 2023, test_disb_date(2023, 3, 31)), 150000);
	assert_int_equal(disbursement_shape_at(avg, 2023, test_disb_date(2023, 1, 20)), 0);
	assert_int_equal(disbursement_shape_at(avg, 2023, test_disb_date(2022, 12, 31)), 0);
	assert_int_equal(disbursement_shape_at(avg, 2023, test_disb_date(2024, 1, 5)), 1000000);
}

static void test_disb_qualifies(void **state)
{
	(void)state;
	struct disbursement_record r[5] = {
	    test_disb_rec(1, test_disb_date(2022, 3, 5), 0, 10, TASK_IN_PROGRESS),
	    test_disb_rec(2, test_disb_date(2022, 3, 25), 0, 20, TASK_IN_PROGRESS),
	    test_disb_rec(3, test_disb_date(2022, 6, 30), 0, 30, TASK_IN_PROGRESS),
	    test_disb_rec(4, test_disb_date(2021, 12, 31), 0, 5, TASK_IN_PROGRESS),
	    test_disb_rec(5, test_disb_date(2022, 12, 1), 0, 40, TASK_IN_PROGRESS),
	};
	/* March, June and December of 2022; 2021 does not count */
	unsigned mask = disbursement_months_mask(2022, r, 5);
	assert_int_equal(mask, (1u << 2) | (1u << 5) | (1u << 11));
	const int64_t curve[DISBURSEMENT_MONTHS] = {0, 0, 20, 20, 20, 30, 30, 30, 30, 30, 30, 40};
	/* three months: not monthly enough; four: enough */
	assert_false(disbursement_year_qualifies(mask, curve));
	assert_true(disbursement_year_qualifies(mask | (1u << 8), curve));
	/* four months but nothing by 31 December */
	const int64_t empty[DISBURSEMENT_MONTHS] = {0};
	assert_false(disbursement_year_qualifies(mask | (1u << 8), empty));
}

static void test_disb_projection(void **state)
{
	(void)state;
	/* linear: 35.600.000.000 × 365 / 348 (14 Dec) = 37.339.080.459,77 */
	assert_int_equal(disbursement_project_linear(2023, test_disb_date(2023, 12, 14),
	                                             INT64_C(35600000000), INT64_C(67150000000)),
	                 INT64_C(37339080460));
	/* never above the budget: 10 × 365 / 182 = 20,05 → the budget, 12 */
	assert_int_equal(disbursement_project_linear(2023, test_disb_date(2023, 7, 1), 10, 12), 12);
	/* never below the actual figure, even over a smaller budget */
	assert_int_equal(disbursement_project_linear(2023, test_disb_date(2023, 7, 1), 10, 5), 10);
	/* from 31 December on, the year is what it is */
	assert_int_equal(disbursement_project_linear(2023, test_disb_date(2023, 12, 31), 700, 1000),
	                 700);
	assert_int_equal(disbursement_project_linear(2023, test_disb_date(2024, 2, 1), 700, 1000),
	                 700);
	/* before the year: nothing to extend */
	assert_int_equal(disbursement_project_linear(2023, test_disb_date(2022, 12, 1), 0, 1000),
	                 0);
	/* seasonal: 35.600.000.000 × 10^6 / 917.742 = 38.790.858.432,9 */
	assert_int_equal(
	    disbursement_project_seasonal(INT64_C(35600000000), 917742, INT64_C(67150000000)),
	    INT64_C(38790858433));
	assert_int_equal(disbursement_project_seasonal(400, 400000, 2000), 1000);
	assert_int_equal(disbursement_project_seasonal(400, 100000, 2000), 2000); /* capped */
	assert_int_equal(disbursement_project_seasonal(400, 0, 2000), 400);
	/* a share above 100 % (a past year whose curve fell back) never lowers the figure */
	assert_int_equal(disbursement_project_seasonal(400, 1200000, 2000), 400);
}

/* ---- flags and colours --------------------------------------------------------------------- */

static void test_disb_flags(void **state)
{
	struct date mar1 = test_disb_date(2024, 3, 1); /* 60 % of the span gone */
	struct task t;
	(void)state;
	/* progress 80: 50 % + 30 = 80 is not below 80; one đồng less is */
	t = test_disb_task(TASK_IN_PROGRESS, 80, INT64_C(500000000));
	assert_int_equal(disbursement_task_flags(&t, mar1), 0);
	t.disbursed_vnd = INT64_C(499999999);
	assert_int_equal(disbursement_task_flags(&t, mar1), DISBURSEMENT_FLAG_PROGRESS);
	/* schedule: 35 % + 25 = 60 is not below the 60 % due; one đồng less is */
	t = test_disb_task(TASK_IN_PROGRESS, 40, INT64_C(350000000));
	assert_int_equal(disbursement_task_flags(&t, mar1), 0);
	t.disbursed_vnd = INT64_C(349999999);
	assert_int_equal(disbursement_task_flags(&t, mar1), DISBURSEMENT_FLAG_SCHEDULE);
	/* both at once */
	t = test_disb_task(TASK_IN_PROGRESS, 90, 0);
	assert_int_equal(disbursement_task_flags(&t, mar1),
	                 DISBURSEMENT_FLAG_PROGRESS | DISBURSEMENT_FLAG_SCHEDULE);
	/* on the start day nothing is due yet */
	assert_int_equal(disbursement_task_flags(&t, test_disb_date(2024, 1, 1)) &
	                     DISBURSEMENT_FLAG_SCHEDULE,
	                 0);
	/* after the end the plan is 100 %: 75 % + 25 = 100 is not below it */
	t = test_disb_task(TASK_IN_PROGRESS, 75, INT64_C(750000000));
	assert_int_equal(disbursement_task_flags(&t, test_disb_date(2024, 5, 1)), 0);
	t.disbursed_vnd = INT64_C(749999999);
	assert_int_equal(disbursement_task_flags(&t, test_disb_date(2024, 5, 1)),
	                 DISBURSEMENT_FLAG_SCHEDULE);
	/* stopped, deferred, or without a budget: not judged */
	t = test_disb_task(TASK_STOPPED, 50, 0);
	assert_int_equal(disbursement_task_flags(&t, mar1), 0);
	t = test_disb_task(TASK_DEFERRED, 50, 0);
	assert_int_equal(disbursement_task_flags(&t, mar1), 0);
	t = test_disb_task(TASK_IN_PROGRESS, 50, 0);
	t.budget_vnd = 0;
	assert_int_equal(disbursement_task_flags(&t, mar1), 0);
	/* without dates only the progress gap is judged */
	t = test_disb_task(TASK_IN_PROGRESS, 50, 0);
	t.start_date = t.end_date = (struct date){0, 0, 0};
	assert_int_equal(disbursement_task_flags(&t, mar1), DISBURSEMENT_FLAG_PROGRESS);
	t.progress_pct = 30; /* 0 + 30 = 30 is not below 30 */
	assert_int_equal(disbursement_task_flags(&t, mar1), 0);
	/* a completed task whose money lags the finished work: 70 % + 30 = 100 */
	t = test_disb_task(TASK_COMPLETED, 100, INT64_C(700000000));
	assert_int_equal(disbursement_task_flags(&t, mar1), 0);
	t.disbursed_vnd = INT64_C(699999999);
	assert_int_equal(disbursement_task_flags(&t, mar1), DISBURSEMENT_FLAG_PROGRESS);
	/* the elapsed share shown next to them, in tenths */
	assert_int_equal(disbursement_elapsed_x10(&t, mar1), 600);
	assert_int_equal(disbursement_elapsed_x10(&t, test_disb_date(2023, 12, 1)), 0);
	assert_int_equal(disbursement_elapsed_x10(&t, test_disb_date(2024, 6, 1)), 1000);
	t.start_date = (struct date){0, 0, 0};
	assert_int_equal(disbursement_elapsed_x10(&t, mar1), -1);
}

static void test_disb_colour(void **state)
{
	struct date mar1 = test_disb_date(2024, 3, 1); /* 60 % of the span gone */
	struct task t;
	(void)state;
	/* progress 10 points behind time is not "more than" 10: green */
	t = test_disb_task(TASK_IN_PROGRESS, 50, INT64_C(500000000));
	assert_int_equal(disbursement_task_colour(&t, mar1), DISBURSEMENT_GREEN);
	/* 11 behind: amber */
	t = test_disb_task(TASK_IN_PROGRESS, 49, INT64_C(490000000));
	assert_int_equal(disbursement_task_colour(&t, mar1), DISBURSEMENT_AMBER);
	/* 25 behind is still amber (not lagging); 26 behind is red */
	t = test_disb_task(TASK_IN_PROGRESS, 35, INT64_C(350000000));
	assert_int_equal(disbursement_task_colour(&t, mar1), DISBURSEMENT_AMBER);
	t = test_disb_task(TASK_IN_PROGRESS, 34, INT64_C(350000000));
	assert_int_equal(disbursement_task_colour(&t, mar1), DISBURSEMENT_RED);
	/* a planned task with 0 % lags from the 26th day (25 % of 100 days gone on 26 Jan) */
	t = test_disb_task(TASK_PLANNED, 0, 0);
	assert_int_equal(disbursement_task_colour(&t, test_disb_date(2024, 1, 11)),
	                 DISBURSEMENT_GREEN); /* 10 % gone: 0 + 10 = 10, not behind */
	assert_int_equal(disbursement_task_colour(&t, test_disb_date(2024, 1, 12)),
	                 DISBURSEMENT_AMBER); /* 11 % gone: 11 points behind */
	assert_int_equal(disbursement_task_colour(&t, test_disb_date(2024, 1, 26)),
	                 DISBURSEMENT_AMBER);
	assert_int_equal(disbursement_task_colour(&t, test_disb_date(2024, 1, 27)),
	                 DISBURSEMENT_RED);
	/* on time, but the money: schedule flag at 35 % − 1 đồng, progress flag at 60 % − 1 đồng */
	t = test_disb_task(TASK_IN_PROGRESS, 60, INT64_C(350000000));
	assert_int_equal(disbursement_task_colour(&t, mar1), DISBURSEMENT_GREEN);
	t.disbursed_vnd = INT64_C(349999999);
	assert_int_equal(disbursement_task_colour(&t, mar1), DISBURSEMENT_AMBER);
	t = test_disb_task(TASK_IN_PROGRESS, 90, INT64_C(600000000));
	assert_int_equal(disbursement_task_colour(&t, mar1), DISBURSEMENT_GREEN);
	t.disbursed_vnd = INT64_C(599999999);
	assert_int_equal(disbursement_task_colour(&t, mar1), DISBURSEMENT_AMBER);
	/* the end date: on it, 90 % is not lagging (90 + 25 > 100) nor behind (90 + 10 = 100);
	 * the day after, unfinished past its end: red */
	t = test_disb_task(TASK_IN_PROGRESS, 90, INT64_C(900000000));
	assert_int_equal(disbursement_task_colour(&t, test_disb_date(2024, 4, 10)),
	                 DISBURSEMENT_GREEN);
	assert_int_equal(disbursement_task_colour(&t, test_disb_date(2024, 4, 11)),
	                 DISBURSEMENT_RED);
	/* stopped or deferred: red, whatever the figures */
	t = test_disb_task(TASK_STOPPED, 100, INT64_C(1000000000));
	assert_int_equal(disbursement_task_colour(&t, mar1), DISBURSEMENT_RED);
	t = test_disb_task(TASK_DEFERRED, 0, 0);
	assert_int_equal(disbursement_task_colour(&t, test_disb_date(2023, 12, 1)),
	                 DISBURSEMENT_RED);
	/* completed: green, amber when its money lags (70 % + 30 = 100 is not below 100) */
	t = test_disb_task(TASK_COMPLETED, 100, INT64_C(700000000));
	assert_int_equal(disbursement_task_colour(&t, mar1), DISBURSEMENT_GREEN);
	t.disbursed_vnd = INT64_C(699999999);
	assert_int_equal(disbursement_task_colour(&t, mar1), DISBURSEMENT_AMBER);
	t.disbursed_vnd = INT64_C(1000000000);
	assert_int_equal(disbursement_task_colour(&t, test_disb_date(2025, 1, 1)),
	                 DISBURSEMENT_GREEN);
	/* no dates: never late by time */
	t = test_disb_task(TASK_PLANNED, 0, 0);
	t.start_date = t.end_date = (struct date){0, 0, 0};
	assert_int_equal(disbursement_task_colour(&t, test_disb_date(2030, 1, 1)),
	                 DISBURSEMENT_GREEN);
}

static void test_disb_colour_names(void **state)
{
	enum disbursement_colour c;
	(void)state;
	assert_string_equal(disbursement_colour_code(DISBURSEMENT_AMBER), "amber");
	assert_string_equal(disbursement_colour_label_vi(DISBURSEMENT_RED), "đỏ");
	assert_int_equal(disbursement_colour_parse("red", &c), 0);
	assert_int_equal(c, DISBURSEMENT_RED);
	assert_int_equal(disbursement_colour_parse("Vàng", &c), 0);
	assert_int_equal(c, DISBURSEMENT_AMBER);
	assert_int_equal(disbursement_colour_parse("xanh", &c), 0);
	assert_int_equal(c, DISBURSEMENT_GREEN);
	assert_int_equal(disbursement_colour_parse("do", &c), 0);
	assert_int_equal(c, DISBURSEMENT_RED);
	assert_int_equal(disbursement_colour_parse("purple", &c), -1);
	assert_int_equal(disbursement_colour_parse("", &c), -1);
}

/* ---- allocations: last rise, idle, slow ---------------------------------------------------- */

static void test_disb_last_rise(void **state)
{
	(void)state;
	struct disbursement_record r[6] = {
	    test_disb_rec(1, test_disb_date(2023, 1, 10), 0, 0, TASK_PLANNED),
	    test_disb_rec(2, test_disb_date(2023, 3, 1), 10, 100, TASK_IN_PROGRESS),
	    test_disb_rec(3, test_disb_date(2023, 5, 1), 20, 100, TASK_IN_PROGRESS), /* same */
	    test_disb_rec(4, test_disb_date(2023, 6, 1), 20, 80, TASK_IN_PROGRESS),  /* lower */
	    test_disb_rec(5, test_disb_date(2023, 7, 1), 30, 80, TASK_IN_PROGRESS),
	    test_disb_rec(6, test_disb_date(2023, 8, 15), 40, 120, TASK_IN_PROGRESS),
	};
	struct date d = disbursement_last_rise(r, 5, test_disb_date(2023, 12, 1));
	assert_int_equal(d.month, 3);
	assert_int_equal(d.day, 1);
	d = disbursement_last_rise(r, 6, test_disb_date(2023, 12, 1));
	assert_int_equal(d.month, 8);
	assert_int_equal(d.day, 15);
	/* on 14 Aug the August rise has not happened yet */
	d = disbursement_last_rise(r, 6, test_disb_date(2023, 8, 14));
	assert_int_equal(d.month, 3);
	assert_false(date_is_set(disbursement_last_rise(r, 6, test_disb_date(2023, 2, 1))));
	/* a back-dated record written later wins from its date: 100 on 1 May is never in force
	 * once 50 is recorded for 1 March, so the only rise is on 1 March */
	struct disbursement_record b[2] = {
	    test_disb_rec(1, test_disb_date(2023, 5, 1), 0, 100, TASK_IN_PROGRESS),
	    test_disb_rec(2, test_disb_date(2023, 3, 1), 0, 50, TASK_IN_PROGRESS),
	};
	d = disbursement_last_rise(b, 2, test_disb_date(2023, 12, 1));
	assert_int_equal(d.month, 3);
	assert_int_equal(disbursement_actual_at(b, 2, test_disb_date(2023, 6, 1)), 50);
}

static void test_disb_idle(void **state)
{
	struct date none = {0, 0, 0};
	(void)state;
	/* allocated 1 Sep, last rise 1 Mar: counted from 1 Sep; 1 Sep → 31 Oct = 60 days */
	int64_t days = disbursement_idle_days(
	    test_disb_date(2023, 9, 1), test_disb_date(2023, 3, 1), test_disb_date(2023, 10, 31));
	assert_int_equal(days, 60);
	assert_true(disbursement_is_idle(1000, 999, days));
	days = disbursement_idle_days(test_disb_date(2023, 9, 1), test_disb_date(2023, 3, 1),
	                              test_disb_date(2023, 10, 30));
	assert_int_equal(days, 59);
	assert_false(disbursement_is_idle(1000, 999, days));
	/* a rise after the allocation restarts the count: 15 Aug → 14 Oct = 60 days */
	days = disbursement_idle_days(test_disb_date(2023, 1, 5), test_disb_date(2023, 8, 15),
	                              test_disb_date(2023, 10, 14));
	assert_int_equal(days, 60);
	assert_int_equal(disbursement_idle_days(test_disb_date(2023, 1, 5),
	                                        test_disb_date(2023, 8, 15),
	                                        test_disb_date(2023, 10, 13)),
	                 59);
	/* everything allocated is disbursed: nothing is stuck */
	assert_false(disbursement_is_idle(1000, 1000, 365));
	/* no dates at all, or a day before them */
	assert_int_equal(disbursement_idle_days(none, none, test_disb_date(2023, 10, 1)), 0);
	assert_int_equal(
	    disbursement_idle_days(test_disb_date(2023, 11, 1), none, test_disb_date(2023, 10, 1)),
	    0);
}

static void test_disb_slow(void **state)
{
	struct date dec31 = test_disb_date(2023, 12, 31);
	(void)state;
	/* the year is over: 75 % + 25 = 100 is not below 100 % */
	assert_false(disbursement_is_slow(INT64_C(1000000000), INT64_C(750000000), 2023, dec31));
	assert_true(disbursement_is_slow(INT64_C(1000000000), INT64_C(749999999), 2023, dec31));
	/* 2 Jul 2023: 183 of 365 days (50,137 %); the line is 1 tỷ × (183/365 − 0,25) =
	 * 251.369.863,01 đồng */
	struct date jul2 = test_disb_date(2023, 7, 2);
	assert_true(disbursement_is_slow(INT64_C(1000000000), INT64_C(251369863), 2023, jul2));
	assert_false(disbursement_is_slow(INT64_C(1000000000), INT64_C(251369864), 2023, jul2));
	/* nothing allocated is never slow */
	assert_false(disbursement_is_slow(0, 0, 2023, dec31));
	/* bottleneck: slow or idle */
	assert_true(disbursement_is_bottleneck(1000, 900, 60, 2023, test_disb_date(2023, 2, 1)));
	assert_false(disbursement_is_bottleneck(1000, 900, 59, 2023, test_disb_date(2023, 2, 1)));
	assert_true(disbursement_is_bottleneck(1000, 0, 0, 2023, dec31));
}

static void test_disb_departments(void **state)
{
	struct disbursement_departments v;
	struct disbursement_allocation al = {
	    .year = 2023,
	    .unit = (char *)"STNMT",
	    .amount_vnd = INT64_C(11000000000),
	    .note = (char *)"",
	    .author = (char *)"tc",
	    .recorded_at = (char *)"2023-09-01T01:00:00Z",
	    .on_date = {2023, 9, 1},
	    .first_on = {2023, 9, 1},
	};
	(void)state;
	disbursement_departments_init(&v, 2023, test_disb_date(2023, 12, 14));
	struct disbursement_department *dep = disbursement_departments_add(&v, &al);
	dep->committed_vnd = INT64_C(11000000000);
	dep->disbursed_vnd = INT64_C(2600000000);
	dep->last_rise = test_disb_date(2023, 6, 30);
	al.unit = (char *)"SYT";
	al.amount_vnd = INT64_C(7000000000);
	al.first_on = test_disb_date(2023, 2, 1);
	dep = disbursement_departments_add(&v, &al);
	dep->committed_vnd = INT64_C(6500000000);
	dep->disbursed_vnd = INT64_C(6000000000);
	dep->last_rise = test_disb_date(2023, 12, 1);
	disbursement_departments_judge(&v);
	/* STNMT: allocated 1 Sep, no rise since: 1 Sep → 14 Dec = 104 days; 23,6 % against
	 * 95,3 % of the year gone */
	assert_string_equal(v.items[0].allocation.unit, "STNMT");
	assert_int_equal(v.items[0].idle_days, 104);
	assert_true(v.items[0].idle);
	assert_true(v.items[0].slow);
	assert_true(disbursement_department_bottleneck(&v.items[0]));
	/* SYT: rose on 1 Dec (13 days); 85,7 % of its allocation is not below 95,3 − 25 */
	assert_int_equal(v.items[1].idle_days, 13);
	assert_false(v.items[1].idle);
	assert_false(v.items[1].slow);
	assert_false(disbursement_department_bottleneck(&v.items[1]));
	assert_int_equal(v.allocated_vnd, INT64_C(18000000000));
	assert_int_equal(v.committed_vnd, INT64_C(17500000000));
	assert_int_equal(v.disbursed_vnd, INT64_C(8600000000));
	disbursement_departments_finish(&v);
	assert_int_equal(v.n, 0);
}

/* ---- the report ---------------------------------------------------------------------------- */

/* Three tasks of 2023 seen on 30 June:
 *   A  STTTT  1,2 tỷ, 1 Mar → 30 Jun; 100 tr on 15 Mar, 600 tr on 31 May, all on 10 Jul (later);
 *   B  CAT    2 tỷ, no dates (the whole year); 0 on 1 Apr, 200 tr on 30 Jun;
 *   C  STTTT  0,5 tỷ, all year, stopped on 1 Feb with nothing disbursed. */
struct test_disb_report {
	struct task a, b, c;
	struct disbursement_record ra[3], rb[2], rc[1];
};

static void test_disb_report_data(struct test_disb_report *x)
{
	memset(x, 0, sizeof *x);
	x->a.id = 1;
	x->a.year = 2023;
	x->a.code = (char *)"A";
	x->a.name = (char *)"Nhiệm vụ A";
	x->a.investor = (char *)"STTTT";
	x->a.budget_vnd = INT64_C(1200000000);
	x->a.start_date = test_disb_date(2023, 3, 1);
	x->a.end_date = test_disb_date(2023, 6, 30);
	x->a.status = TASK_COMPLETED; /* its current state, later than 30 June */
	x->a.progress_pct = 100;
	x->a.disbursed_vnd = INT64_C(1200000000);
	x->ra[0] = test_disb_rec(1, test_disb_date(2023, 3, 15), 10, 100000000, TASK_IN_PROGRESS);
	x->ra[1] = test_disb_rec(2, test_disb_date(2023, 5, 31), 60, 600000000, TASK_IN_PROGRESS);
	x->ra[2] = test_disb_rec(3, test_disb_date(2023, 7, 10), 100, 1200000000, TASK_COMPLETED);
	x->b = x->a;
	x->b.id = 2;
	x->b.code = (char *)"B";
	x->b.investor = (char *)"CAT";
	x->b.budget_vnd = INT64_C(2000000000);
	x->b.start_date = x->b.end_date = (struct date){0, 0, 0};
	x->rb[0] = test_disb_rec(1, test_disb_date(2023, 4, 1), 0, 0, TASK_IN_PROGRESS);
	x->rb[1] = test_disb_rec(2, test_disb_date(2023, 6, 30), 20, 200000000, TASK_IN_PROGRESS);
	x->c = x->a;
	x->c.id = 3;
	x->c.code = (char *)"C";
	x->c.budget_vnd = INT64_C(500000000);
	x->c.start_date = test_disb_date(2023, 1, 1);
	x->c.end_date = test_disb_date(2023, 12, 31);
	x->rc[0] = test_disb_rec(1, test_disb_date(2023, 2, 1), 5, 0, TASK_STOPPED);
}

static void test_disb_report(void **state)
{
	struct test_disb_report x;
	struct disbursement r;
	(void)state;
	test_disb_report_data(&x);
	disbursement_init(&r, 2023, test_disb_date(2023, 6, 30));
	disbursement_add(&r, &x.a, x.ra, 3, NULL);
	disbursement_add(&r, &x.b, x.rb, 2, NULL);
	disbursement_add(&r, &x.c, x.rc, 1, NULL);
	disbursement_project(&r, NULL, NULL, 0);
	disbursement_sort_investors(&r);

	/* actual: A 100 tr from March, 600 tr from May; B 200 tr in June; July on not ended */
	const int64_t actual[DISBURSEMENT_MONTHS] = {0,
	                                             0,
	                                             INT64_C(100000000),
	                                             INT64_C(100000000),
	                                             INT64_C(600000000),
	                                             INT64_C(800000000),
	                                             -1,
	                                             -1,
	                                             -1,
	                                             -1,
	                                             -1,
	                                             -1};
	for (int m = 0; m < DISBURSEMENT_MONTHS; m++)
		assert_int_equal(r.total.actual_vnd[m], actual[m]);
	assert_int_equal(r.total.actual_as_of_vnd, INT64_C(800000000));
	/* plan on 30 June: A all of it; B 2 tỷ × 180/364 = 989.010.989,01; C 0,5 tỷ × 180/364 =
	 * 247.252.747,25 */
	assert_int_equal(r.total.planned_as_of_vnd, INT64_C(2436263736));
	assert_int_equal(r.total.planned_vnd[5], INT64_C(2436263736));
	assert_int_equal(r.total.planned_vnd[11], INT64_C(3700000000));
	assert_int_equal(r.total.budget_vnd, INT64_C(3700000000));
	assert_int_equal(r.total.tasks, 3);
	/* the states on 30 June, not today's */
	assert_int_equal(r.tasks[0].state.progress_pct, 60);
	assert_int_equal(r.tasks[0].state.status, TASK_IN_PROGRESS);
	assert_int_equal(r.tasks[2].state.status, TASK_STOPPED);
	/* A: on its end day 60 % done (60 + 25 < 100) → red, and 50 % paid against 100 % due;
	 * B: no dates, 10 % paid of 20 % done → green; C: stopped → red */
	assert_int_equal(r.tasks[0].computed, DISBURSEMENT_RED);
	assert_int_equal(r.tasks[0].flags, DISBURSEMENT_FLAG_SCHEDULE);
	assert_int_equal(r.tasks[1].computed, DISBURSEMENT_GREEN);
	assert_int_equal(r.tasks[1].flags, 0);
	assert_int_equal(r.tasks[2].computed, DISBURSEMENT_RED);
	assert_int_equal(r.total.flagged, 1);
	assert_int_equal(r.total.colours[DISBURSEMENT_GREEN], 1);
	assert_int_equal(r.total.colours[DISBURSEMENT_RED], 2);
	/* investors by budget: CAT 2 tỷ, then STTTT 1,7 tỷ */
	assert_int_equal(r.n_investors, 2);
	assert_string_equal(r.investors[0].code, "CAT");
	assert_string_equal(r.investors[1].code, "STTTT");
	assert_int_equal(r.investors[1].actual_vnd[5], INT64_C(600000000));
	assert_int_equal(r.investors[1].colours[DISBURSEMENT_RED], 2);
	/* records in February to July of 2023 */
	assert_int_equal(r.months_recorded, 0x7Eu);
	/* linear, 181 days gone on 30 June: 800 tr × 365/181 = 1.613.259.668,51;
	 * CAT 200 tr × 365/181 = 403.314.917,13; STTTT 600 tr × 365/181 = 1.209.944.751,38 */
	assert_int_equal(r.method, DISBURSEMENT_LINEAR);
	assert_int_equal(r.total.projected_vnd, INT64_C(1613259669));
	assert_int_equal(r.investors[0].projected_vnd, INT64_C(403314917));
	assert_int_equal(r.investors[1].projected_vnd, INT64_C(1209944751));

	/* seasonal: 40 % of a year by 30 June → 800 tr / 0,4 = 2 tỷ; STTTT 1,5 tỷ; CAT 500 tr */
	const int64_t shape[DISBURSEMENT_MONTHS] = {
	    0, 0, 100000, 200000, 300000, 400000, 500000, 600000, 700000, 800000, 900000, 1000000};
	const int years[2] = {2022, 2021};
	disbursement_project(&r, shape, years, 2);
	assert_int_equal(r.method, DISBURSEMENT_SEASONAL);
	assert_int_equal(r.share_ppm, 400000);
	assert_int_equal(r.n_shape_years, 2);
	assert_int_equal(r.shape_years[1], 2021);
	assert_int_equal(r.total.projected_vnd, INT64_C(2000000000));
	assert_int_equal(r.investors[0].projected_vnd, INT64_C(500000000));
	assert_int_equal(r.investors[1].projected_vnd, INT64_C(1500000000));
	disbursement_finish(&r);

	/* a shape that says nothing yet on the day falls back to linear */
	const int64_t late[DISBURSEMENT_MONTHS] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1000000};
	disbursement_init(&r, 2023, test_disb_date(2023, 6, 30));
	disbursement_add(&r, &x.b, x.rb, 2, NULL);
	disbursement_project(&r, late, years, 1);
	assert_int_equal(r.method, DISBURSEMENT_LINEAR);
	assert_int_equal(r.n_shape_years, 0);
	assert_int_equal(r.total.projected_vnd, INT64_C(403314917));
	disbursement_finish(&r);
}

static void test_disb_report_override(void **state)
{
	struct test_disb_report x;
	struct disbursement r;
	(void)state;
	test_disb_report_data(&x);
	struct disbursement_override o = {
	    .task_id = 2,
	    .colour = DISBURSEMENT_AMBER,
	    .comment = strdup("Chưa ký hợp đồng"),
	    .author = strdup("Nguyễn Văn A"),
	    .recorded_at = strdup("2023-06-30T02:00:00Z"),
	    .on_date = {2023, 6, 30},
	};
	struct disbursement_override cleared = {.task_id = 3, .cleared = true};
	disbursement_init(&r, 2023, test_disb_date(2023, 6, 30));
	disbursement_add(&r, &x.a, x.ra, 3, NULL);
	disbursement_add(&r, &x.b, x.rb, 2, &o);
	disbursement_add(&r, &x.c, x.rc, 1, &cleared);
	disbursement_override_clear(&o); /* the report keeps its own copy */
	assert_true(r.tasks[1].overridden);
	assert_int_equal(r.tasks[1].computed, DISBURSEMENT_GREEN);
	assert_int_equal(disbursement_task_shown(&r.tasks[1]), DISBURSEMENT_AMBER);
	assert_string_equal(r.tasks[1].override.comment, "Chưa ký hợp đồng");
	assert_string_equal(r.tasks[1].override.author, "Nguyễn Văn A");
	assert_int_equal(r.tasks[1].override.on_date.day, 30);
	/* a cleared override is no override */
	assert_false(r.tasks[2].overridden);
	assert_int_equal(disbursement_task_shown(&r.tasks[2]), DISBURSEMENT_RED);
	/* the counts follow what is shown */
	assert_int_equal(r.total.colours[DISBURSEMENT_GREEN], 0);
	assert_int_equal(r.total.colours[DISBURSEMENT_AMBER], 1);
	assert_int_equal(r.total.colours[DISBURSEMENT_RED], 2);
	disbursement_finish(&r);
	disbursement_finish(&r); /* twice is harmless */
}

/* ---- app: who may write, and append-only histories ---------------------------------------- */

static char test_disb_dir[] = "/tmp/dxtrack-test-disbursement-XXXXXX";

static void test_disb_as(struct app *a, enum app_actor kind, enum user_role role)
{
	a->who.kind = kind;
	a->who.role = role;
	snprintf(a->who.unit, sizeof a->who.unit, "%s", role == ROLE_EDITOR ? "STTTT" : "");
}

static bool test_disb_diag_has(const struct diag *d, const char *text)
{
	for (size_t i = 0; i < d->count; i++)
		if (strstr(d->items[i].message, text))
			return true;
	return false;
}

static void test_disb_rights(void **state)
{
	static const char units[] = "code,name,kind,parent_code\nVN,Việt Nam,nation,\n"
	                            "06,Tỉnh Bắc Kạn,province,VN\n"
	                            "STTTT,Sở Thông tin và Truyền thông,agency,06\n";
	static const char tasks[] = "code,year,name,investor,budget_vnd,status\n"
	                            "A-1,2023,Một,STTTT,1000,planned\n";
	const enum disbursement_colour red = DISBURSEMENT_RED;
	struct app a;
	struct diag d;
	struct import_result r;
	char path[400], why[512];
	(void)state;
	snprintf(path, sizeof path, "%s/rights.db", test_disb_dir);
	if (app_open(&a, path, "tester", "cli", "2023-12-14T08:00:00Z", why, sizeof why) != APP_OK)
		fail_msg("app_open %s: %s", path, why);
	diag_init(&d);
	assert_int_equal(app_import_units(&a, "units.csv", units, strlen(units), &d, &r), APP_OK);
	assert_int_equal(app_import_tasks(&a, "tasks.csv", tasks, strlen(tasks), &d, &r), APP_OK);

	/* Finance allocates; an editor or a viewer may not; nobody must sign in first */
	test_disb_as(&a, APP_USER, ROLE_FINANCE);
	assert_int_equal(app_allocate(&a, "STTTT", 2023, 5000, NULL, &d, NULL, NULL), APP_OK);
	test_disb_as(&a, APP_USER, ROLE_EDITOR);
	assert_int_equal(app_allocate(&a, "STTTT", 2023, 6000, NULL, &d, NULL, NULL),
	                 APP_FORBIDDEN);
	assert_true(test_disb_diag_has(&d, "only a finance user or an administrator"));
	test_disb_as(&a, APP_USER, ROLE_VIEWER);
	assert_int_equal(app_allocate(&a, "STTTT", 2023, 6000, NULL, &d, NULL, NULL),
	                 APP_FORBIDDEN);
	test_disb_as(&a, APP_NOBODY, ROLE_VIEWER);
	assert_int_equal(app_allocate(&a, "STTTT", 2023, 6000, NULL, &d, NULL, NULL),
	                 APP_UNAUTHORIZED);
	/* colours are set by administrators only, not by Finance */
	test_disb_as(&a, APP_USER, ROLE_FINANCE);
	assert_int_equal(app_task_colour_set(&a, 2023, "A-1", &red, "lý do", &d), APP_FORBIDDEN);
	test_disb_as(&a, APP_USER, ROLE_ADMIN);
	assert_int_equal(app_task_colour_set(&a, 2023, "A-1", &red, "lý do", &d), APP_OK);

	/* the allocation in force is the one Finance recorded */
	struct disbursement_departments v;
	assert_int_equal(app_allocations(&a, 2023, (struct date){0, 0, 0}, &v, &d), APP_OK);
	assert_int_equal(v.n, 1);
	assert_int_equal(v.items[0].allocation.amount_vnd, 5000);
	assert_int_equal(v.items[0].committed_vnd, 1000);
	disbursement_departments_finish(&v);
	diag_finish(&d);
	app_close(&a);

	/* both histories are append-only */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_not_equal(
	    sqlite3_exec(db, "UPDATE allocation SET amount_vnd = 1", NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM allocation", NULL, NULL, NULL),
	                     SQLITE_OK);
	assert_int_not_equal(
	    sqlite3_exec(db, "UPDATE task_colour SET colour = 'green'", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM task_colour", NULL, NULL, NULL),
	                     SQLITE_OK);
	/* a colour without a comment cannot be stored even by hand */
	assert_int_not_equal(sqlite3_exec(db,
	                                  "INSERT INTO task_colour (task_id, colour, comment, "
	                                  "on_date, recorded_at, author) VALUES (1, 'red', '', "
	                                  "'2023-12-14', 'x', 'y')",
	                                  NULL, NULL, NULL),
	                     SQLITE_OK);
	sqlite3_close(db);
}

static int test_disb_group_setup(void **state)
{
	(void)state;
	return mkdtemp(test_disb_dir) ? 0 : -1;
}

static int test_disb_group_teardown(void **state)
{
	char cmd[512];
	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", test_disb_dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_disb_days),
	    cmocka_unit_test(test_disb_actual_curve),
	    cmocka_unit_test(test_disb_planned_curve),
	    cmocka_unit_test(test_disb_shape),
	    cmocka_unit_test(test_disb_qualifies),
	    cmocka_unit_test(test_disb_projection),
	    cmocka_unit_test(test_disb_flags),
	    cmocka_unit_test(test_disb_colour),
	    cmocka_unit_test(test_disb_colour_names),
	    cmocka_unit_test(test_disb_last_rise),
	    cmocka_unit_test(test_disb_idle),
	    cmocka_unit_test(test_disb_slow),
	    cmocka_unit_test(test_disb_departments),
	    cmocka_unit_test(test_disb_report),
	    cmocka_unit_test(test_disb_report_override),
	    cmocka_unit_test(test_disb_rights),
	};
	return cmocka_run_group_tests(tests, test_disb_group_setup, test_disb_group_teardown);
}
