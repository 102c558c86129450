/* test_indicators.c — unit tests for indicators: periods (core/period.c), definitions and numbers
 * (core/indicator.c), and the roll-up (core/rollup.c): every aggregation rule in space and in
 * time, missing data, ratios over the units that report both, shares of 0/1, expected units, and
 * target inheritance.
 *
 * Every expected value is worked out by hand in the comment next to it (small numbers chosen so
 * that the arithmetic is checkable on paper), never copied from the program's output.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/indicator.h"
#include "core/period.h"
#include "core/rollup.h"
#include "core/unit.h"
#include "lib/buf.h"

/* ---- helpers ------------------------------------------------------------------------------- */

static struct period test_period(const char *s)
{
	struct period p = {0, PERIOD_YEAR, 0};
	const char *why = NULL;
	if (period_parse(s, strlen(s), &p, &why) != 0)
		fail_msg("period_parse(\"%s\") failed: %s", s, why ? why : "?");
	return p;
}

static void test_near(double got, double want)
{
	double diff = got > want ? got - want : want - got;
	if (diff > 1e-9 * (want < 0 ? -want : want > 1 ? want : 1))
		fail_msg("got %.15g, want %.15g", got, want);
}

/* A series from "PERIOD=VALUE" pairs (all of one year). */
static void test_series(struct rollup_series *s, const char *const *pairs, size_t n)
{
	rollup_series_clear(s);
	for (size_t i = 0; i < n; i++) {
		char text[16];
		const char *eq = strchr(pairs[i], '=');
		assert_non_null(eq);
		snprintf(text, sizeof text, "%.*s", (int)(eq - pairs[i]), pairs[i]);
		double v = 0;
		sscanf(eq + 1, "%lf", &v);
		rollup_series_set(s, period_slot(test_period(text)), v);
	}
}

#define TEST_SERIES(s, ...)                                                                        \
	do {                                                                                       \
		static const char *const pairs_[] = {__VA_ARGS__};                                 \
		test_series((s), pairs_, sizeof pairs_ / sizeof pairs_[0]);                        \
	} while (0)

static struct rollup_rule test_rule(enum indicator_aggregation agg)
{
	struct rollup_rule r = {agg, agg, agg, 1};
	return r;
}

/* ---- periods ------------------------------------------------------------------------------- */

static void test_period_parse_ok(void **state)
{
	(void)state;
	struct period p = test_period("2023");
	assert_int_equal(p.year, 2023);
	assert_int_equal(p.type, PERIOD_YEAR);
	p = test_period("2023Q4");
	assert_int_equal(p.type, PERIOD_QUARTER);
	assert_int_equal(p.index, 4);
	p = test_period("2023-01");
	assert_int_equal(p.type, PERIOD_MONTH);
	assert_int_equal(p.index, 1);
	p = test_period("2100-12");
	assert_int_equal(p.year, 2100);
	assert_int_equal(p.index, 12);
}

static void test_period_parse_bad(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "",        "23",      "20233",    "2023Q0",  "2023Q5",     "2023q4", "2023-00",
	    "2023-13", "2023-1",  "2023-1x",  "12/2023", " 2023",      "2023 ",  "1999",
	    "2101",    "2023Q12", "2023-012", "abcd",    "2023-12-01",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct period p;
		const char *why = NULL;
		if (period_parse(bad[i], strlen(bad[i]), &p, &why) == 0)
			fail_msg("period_parse accepted \"%s\"", bad[i]);
		assert_non_null(why);
	}
}

static void test_period_format(void **state)
{
	(void)state;
	static const char *const texts[] = {"2023", "2023Q1", "2023Q4", "2023-01", "2023-12"};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		char out[PERIOD_TEXT_MAX];
		period_text(test_period(texts[i]), out);
		assert_string_equal(out, texts[i]);
	}
	struct buf b;
	buf_init(&b, 0);
	period_format_vi(&b, test_period("2023"));
	buf_puts(&b, "|");
	period_format_vi(&b, test_period("2023Q4"));
	buf_puts(&b, "|");
	period_format_vi(&b, test_period("2023-09"));
	assert_string_equal(buf_cstr(&b), "năm 2023|quý IV/2023|tháng 9/2023");
	buf_finish(&b);
}

static void test_period_days(void **state)
{
	(void)state;
	struct {
		const char *p;
		int fy, fm, fd, ly, lm, ld;
	} cases[] = {
	    {"2023", 2023, 1, 1, 2023, 12, 31},    {"2023Q1", 2023, 1, 1, 2023, 3, 31},
	    {"2023Q2", 2023, 4, 1, 2023, 6, 30},   {"2023Q3", 2023, 7, 1, 2023, 9, 30},
	    {"2023Q4", 2023, 10, 1, 2023, 12, 31}, {"2024-02", 2024, 2, 1, 2024, 2, 29},
	    {"2023-02", 2023, 2, 1, 2023, 2, 28},  {"2100-02", 2100, 2, 1, 2100, 2, 28},
	    {"2000-02", 2000, 2, 1, 2000, 2, 29},  {"2025-06", 2025, 6, 1, 2025, 6, 30},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct period p = test_period(cases[i].p);
		struct date f = period_first_day(p), l = period_last_day(p);
		if (f.year != cases[i].fy || f.month != cases[i].fm || f.day != cases[i].fd ||
		    l.year != cases[i].ly || l.month != cases[i].lm || l.day != cases[i].ld)
			fail_msg("%s: %d-%d-%d … %d-%d-%d", cases[i].p, f.year, f.month, f.day,
			         l.year, l.month, l.day);
	}
}

static void test_period_contains(void **state)
{
	(void)state;
	struct {
		const char *outer, *inner;
		bool in;
	} cases[] = {
	    {"2023", "2023", true},       {"2023", "2023Q4", true},
	    {"2023", "2023-12", true},    {"2023Q4", "2023-10", true},
	    {"2023Q4", "2023-12", true},  {"2023Q4", "2023-09", false},
	    {"2023Q1", "2023-03", true},  {"2023Q1", "2023-04", false},
	    {"2023-12", "2023-12", true}, {"2023-12", "2023Q4", false},
	    {"2023Q4", "2023", false},    {"2023", "2024-01", false},
	    {"2023Q2", "2023Q2", true},   {"2023Q2", "2023Q3", false},
	    {"2024Q1", "2023-01", false},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (period_contains(test_period(cases[i].outer), test_period(cases[i].inner)) !=
		    cases[i].in)
			fail_msg("period_contains(%s, %s) should be %d", cases[i].outer,
			         cases[i].inner, cases[i].in);
}

static void test_period_children_parent(void **state)
{
	(void)state;
	struct period out[4], up;
	char text[PERIOD_TEXT_MAX];
	assert_int_equal(period_children(test_period("2023"), out), 4);
	period_text(out[0], text);
	assert_string_equal(text, "2023Q1");
	period_text(out[3], text);
	assert_string_equal(text, "2023Q4");
	assert_int_equal(period_children(test_period("2023Q2"), out), 3);
	period_text(out[0], text);
	assert_string_equal(text, "2023-04");
	period_text(out[2], text);
	assert_string_equal(text, "2023-06");
	assert_int_equal(period_children(test_period("2023-06"), out), 0);
	assert_true(period_parent(test_period("2023-06"), &up));
	period_text(up, text);
	assert_string_equal(text, "2023Q2");
	assert_true(period_parent(test_period("2023Q2"), &up));
	period_text(up, text);
	assert_string_equal(text, "2023");
	assert_false(period_parent(test_period("2023"), &up));
}

static void test_period_codes(void **state)
{
	(void)state;
	/* Y·100, Y·100+10+q, Y·100+20+m */
	assert_int_equal(period_code(test_period("2023")), 202300);
	assert_int_equal(period_code(test_period("2023Q1")), 202311);
	assert_int_equal(period_code(test_period("2023Q4")), 202314);
	assert_int_equal(period_code(test_period("2023-01")), 202321);
	assert_int_equal(period_code(test_period("2023-12")), 202332);
	/* chronological within a type, and everything of 2023 before anything of 2024 */
	static const char *const order[] = {"2022-12", "2023",    "2023Q1",  "2023Q2", "2023Q4",
	                                    "2023-01", "2023-02", "2023-12", "2024"};
	for (size_t i = 1; i < sizeof order / sizeof order[0]; i++)
		assert_true(period_code(test_period(order[i - 1])) <
		            period_code(test_period(order[i])));
	/* slots and the way back */
	assert_int_equal(period_slot(test_period("2023")), 0);
	assert_int_equal(period_slot(test_period("2023Q3")), 3);
	assert_int_equal(period_slot(test_period("2023-01")), 5);
	assert_int_equal(period_slot(test_period("2023-12")), 16);
	assert_int_equal(period_code_slot(202315), -1);
	assert_int_equal(period_code_slot(202333), -1);
	struct period p;
	assert_int_equal(period_from_code(202332, &p), 0);
	assert_int_equal(p.type, PERIOD_MONTH);
	assert_int_equal(p.index, 12);
	assert_int_equal(period_from_code(202310, &p), -1);
	assert_int_equal(period_from_code(199900, &p), -1);
}

/* ---- indicator definitions and numbers ----------------------------------------------------- */

struct test_reports {
	int n;
	char columns[512];
};

static void test_report(void *ctx, const char *column, const char *message)
{
	struct test_reports *r = ctx;
	(void)message;
	r->n++;
	strncat(r->columns, column, sizeof r->columns - strlen(r->columns) - 2);
	strcat(r->columns, ";");
}

static void test_indicator_aggregations(void **state)
{
	(void)state;
	static const char *const codes[] = {"sum", "ratio", "share", "mean", "min", "max", "last"};
	for (int i = 0; i < INDICATOR_AGGREGATION_COUNT; i++) {
		enum indicator_aggregation a;
		assert_int_equal(indicator_aggregation_parse(codes[i], &a), 0);
		assert_int_equal(a, i);
		assert_string_equal(indicator_aggregation_code(a), codes[i]);
	}
	enum indicator_aggregation a;
	assert_int_equal(indicator_aggregation_parse("average", &a), -1);
	assert_int_equal(indicator_aggregation_parse("Sum", &a), -1);
	enum indicator_direction d;
	assert_int_equal(indicator_direction_parse("down", &d), 0);
	assert_int_equal(d, INDICATOR_DOWN);
	assert_int_equal(indicator_direction_parse("higher", &d), -1);
}

static void test_indicator_check(void **state)
{
	(void)state;
	struct indicator ok = {.code = "DEN",
	                       .name = "Mật độ điện thoại",
	                       .measure = "máy/100 dân",
	                       .aggregation = INDICATOR_RATIO,
	                       .numerator = "SUB",
	                       .denominator = "POP",
	                       .multiplier = 100,
	                       .decimals = 1};
	struct test_reports r = {0};
	assert_int_equal(indicator_check(&ok, test_report, &r), 0);

	struct indicator x = ok; /* a ratio without its parts, with a bad multiplier */
	x.numerator = NULL;
	x.denominator = "";
	x.multiplier = 0;
	memset(&r, 0, sizeof r);
	assert_int_equal(indicator_check(&x, test_report, &r), 3);
	assert_string_equal(r.columns, "numerator;denominator;multiplier;");

	x = ok; /* a sum may have neither parts nor a multiplier other than 1 */
	x.aggregation = INDICATOR_SUM;
	x.multiplier = 100;
	memset(&r, 0, sizeof r);
	assert_int_equal(indicator_check(&x, test_report, &r), 3);
	assert_string_equal(r.columns, "numerator;denominator;multiplier;");

	x = ok; /* its own numerator, decimals out of range, a bad code, no name */
	x.numerator = "DEN";
	x.decimals = 7;
	x.code = "D E N";
	x.name = "";
	memset(&r, 0, sizeof r);
	assert_int_equal(indicator_check(&x, test_report, &r), 3);
	assert_string_equal(r.columns, "code;name;decimals;");
	x.code = "DEN";
	memset(&r, 0, sizeof r);
	assert_int_equal(indicator_check(&x, test_report, &r), 3);
	assert_string_equal(r.columns, "name;numerator;decimals;");
}

static void test_indicator_number(void **state)
{
	(void)state;
	struct {
		const char *s;
		double v;
	} ok[] = {
	    {"90.5", 90.5}, {"90,5", 90.5},
	    {"0", 0},       {"-3", -3},
	    {"1000", 1000}, {"0.1", 0.1},
	    {"007", 7},     {"12.25", 12.25},
	    {"-0.5", -0.5}, {"1000000000000000", 1e15},
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		double v = -1;
		const char *why = NULL;
		if (indicator_number_parse(ok[i].s, strlen(ok[i].s), &v, &why) != 0)
			fail_msg("\"%s\" rejected: %s", ok[i].s, why);
		if (v != ok[i].v)
			fail_msg("\"%s\" gave %.17g", ok[i].s, v);
	}
	static const char *const bad[] = {"",     "-",   "+5",        ".5",
	                                  "5.",   "1e5", "1.000.000", "1,000.5",
	                                  "90 5", "abc", "0x10",      "1000000000000001",
	                                  "--1",  "5-"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		double v;
		const char *why = NULL;
		if (indicator_number_parse(bad[i], strlen(bad[i]), &v, &why) == 0)
			fail_msg("\"%s\" accepted as %g", bad[i], v);
		assert_non_null(why);
	}
	struct indicator share = {.aggregation = INDICATOR_SHARE};
	const char *why;
	assert_true(indicator_value_allowed(&share, 0, &why));
	assert_true(indicator_value_allowed(&share, 1, &why));
	assert_false(indicator_value_allowed(&share, 0.5, &why));
	assert_false(indicator_value_allowed(&share, 2, &why));
	struct indicator sum = {.aggregation = INDICATOR_SUM};
	assert_true(indicator_value_allowed(&sum, 2, &why));
}

static void test_indicator_format(void **state)
{
	(void)state;
	struct {
		int decimals;
		double v;
		const char *text;
	} cases[] = {
	    {1, 90.5, "90,5"},
	    {0, 1000, "1.000"},
	    {1, 100, "100"},    /* a zero fraction is dropped */
	    {1, 98.04, "98"},   /* 98,04 → 98,0 → 98 */
	    {1, 90.45, "90,5"}, /* 90.45 is 90.4499999… in binary: half away from zero */
	    {2, 0.125, "0,13"}, /* exact half, away from zero (not to even) */
	    {0, -2.5, "-3"},
	    {1, 1234567.89, "1.234.567,9"},
	    {2, 66.666666666, "66,67"},
	    {0, 0, "0"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct indicator ind = {.decimals = cases[i].decimals};
		struct buf b;
		buf_init(&b, 0);
		indicator_format_value(&b, &ind, cases[i].v);
		if (strcmp(buf_cstr(&b), cases[i].text) != 0)
			fail_msg("%g at %d decimals: \"%s\", want \"%s\"", cases[i].v,
			         cases[i].decimals, buf_cstr(&b), cases[i].text);
		buf_finish(&b);
	}
	struct indicator one = {.decimals = 1};
	test_near(indicator_round(&one, 90.45), 90.5);
	test_near(indicator_round(&one, 100.0 * 2 / 3), 66.7);
	/* 0.1 + 0.2 is 0.30000000000000004: shown and rounded as 0,3 */
	test_near(indicator_round(&one, 0.1 + 0.2), 0.3);
}

/* ---- the roll-up in space ------------------------------------------------------------------ */

/* Three expected communes for year 2023: A reported 10, B reported 20, C nothing. */
static void test_rollup_space(void **state)
{
	(void)state;
	struct rollup_series a, b, c;
	TEST_SERIES(&a, "2023=10");
	TEST_SERIES(&b, "2023=20");
	rollup_series_clear(&c);
	const struct rollup_series *units[3] = {&a, &b, &c};
	struct period y = test_period("2023");
	struct {
		enum indicator_aggregation agg;
		double want;
	} cases[] = {
	    {INDICATOR_SUM, 30},                        /* 10 + 20: C is missing, not 0 */
	    {INDICATOR_MEAN, 15},                       /* (10 + 20) / 2, not 30 / 3 */
	    {INDICATOR_MIN, 10},                        /* not 0 */
	    {INDICATOR_MAX, 20},  {INDICATOR_LAST, 30}, /* a stock: summed over units */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct rollup_rule r = test_rule(cases[i].agg);
		struct rollup_result res = rollup_compute(&r, y, units, NULL, 3);
		assert_true(res.has_value);
		test_near(res.value, cases[i].want);
		assert_int_equal(res.reporting_units, 2);
		assert_int_equal(res.expected_units, 3);
	}
}

static void test_rollup_nobody(void **state)
{
	(void)state;
	struct rollup_series a, b;
	rollup_series_clear(&a);
	TEST_SERIES(&b, "2023-01=5"); /* January only: nothing for the second quarter */
	const struct rollup_series *units[2] = {&a, &b};
	for (int agg = 0; agg < INDICATOR_AGGREGATION_COUNT; agg++) {
		struct rollup_rule r = test_rule((enum indicator_aggregation)agg);
		struct rollup_result res =
		    rollup_compute(&r, test_period("2023Q2"), units, units, 2);
		assert_false(res.has_value); /* null, not 0 */
		assert_int_equal(res.reporting_units, 0);
		assert_int_equal(res.expected_units, 2);
	}
	/* and with no expected unit at all */
	struct rollup_rule r = test_rule(INDICATOR_SUM);
	struct rollup_result res = rollup_compute(&r, test_period("2023"), NULL, NULL, 0);
	assert_false(res.has_value);
	assert_int_equal(res.expected_units, 0);
}

/* Four communes with 4G or not: 1, 1, 0 and one that did not say. */
static void test_rollup_share(void **state)
{
	(void)state;
	struct rollup_series s[4];
	TEST_SERIES(&s[0], "2023=1");
	TEST_SERIES(&s[1], "2023=1");
	TEST_SERIES(&s[2], "2023=0");
	rollup_series_clear(&s[3]);
	const struct rollup_series *units[4] = {&s[0], &s[1], &s[2], &s[3]};
	struct rollup_rule r = test_rule(INDICATOR_SHARE);
	struct rollup_result res = rollup_compute(&r, test_period("2023"), units, NULL, 4);
	assert_true(res.has_value);
	test_near(res.value, 200.0 / 3); /* 100 × 2 / 3 reporting, not 2 / 4 */
	assert_int_equal(res.reporting_units, 3);
	assert_int_equal(res.expected_units, 4);
	/* all of them with 4G: 100 */
	const struct rollup_series *two[2] = {&s[0], &s[1]};
	res = rollup_compute(&r, test_period("2023"), two, NULL, 2);
	test_near(res.value, 100);
}

/* Telephone density = 100 × subscriptions / population, over the units that report both:
 * A 905 / 1000, B 90.5 / 100, C subscriptions 50 but no population, D population only. */
static void test_rollup_ratio(void **state)
{
	(void)state;
	struct rollup_series num[4], den[4];
	TEST_SERIES(&num[0], "2023=905");
	TEST_SERIES(&den[0], "2023=1000");
	TEST_SERIES(&num[1], "2023=90.5");
	TEST_SERIES(&den[1], "2023=100");
	TEST_SERIES(&num[2], "2023=50");
	rollup_series_clear(&den[2]);
	rollup_series_clear(&num[3]);
	TEST_SERIES(&den[3], "2023=400");
	const struct rollup_series *n[4] = {&num[0], &num[1], &num[2], &num[3]};
	const struct rollup_series *d[4] = {&den[0], &den[1], &den[2], &den[3]};
	struct rollup_rule r = {INDICATOR_RATIO, INDICATOR_LAST, INDICATOR_LAST, 100};
	struct rollup_result res = rollup_compute(&r, test_period("2023"), n, d, 4);
	assert_true(res.has_value);
	test_near(res.value, 90.5); /* 100 × (905 + 90.5) / (1000 + 100) = 99550 / 1100 */
	assert_int_equal(res.reporting_units, 2);
	assert_int_equal(res.expected_units, 4);
	/* a denominator that sums to 0: no value, though the unit reported */
	struct rollup_series zn, zd;
	TEST_SERIES(&zn, "2023=3");
	TEST_SERIES(&zd, "2023=0");
	const struct rollup_series *zn1[1] = {&zn}, *zd1[1] = {&zd};
	res = rollup_compute(&r, test_period("2023"), zn1, zd1, 1);
	assert_false(res.has_value);
	assert_int_equal(res.reporting_units, 1);
}

/* Merging the totals of two subtrees gives what adding every unit to one total gives. */
static void test_rollup_merge(void **state)
{
	(void)state;
	struct rollup_series s[5];
	TEST_SERIES(&s[0], "2023=4");
	TEST_SERIES(&s[1], "2023=9");
	rollup_series_clear(&s[2]);
	TEST_SERIES(&s[3], "2023=1");
	TEST_SERIES(&s[4], "2023=6");
	struct period y = test_period("2023");
	for (int agg = 0; agg < INDICATOR_AGGREGATION_COUNT; agg++) {
		if (agg == INDICATOR_RATIO)
			continue;
		struct rollup_rule r = test_rule((enum indicator_aggregation)agg);
		struct rollup_acc left, right, all;
		rollup_acc_init(&left);
		rollup_acc_init(&right);
		rollup_acc_init(&all);
		for (int i = 0; i < 5; i++) {
			rollup_acc_add_unit(i < 2 ? &left : &right, &r, &s[i], NULL, y);
			rollup_acc_add_unit(&all, &r, &s[i], NULL, y);
		}
		rollup_acc_merge(&left, &right);
		struct rollup_result a = rollup_acc_result(&left, &r),
		                     b = rollup_acc_result(&all, &r);
		assert_int_equal(a.expected_units, 5);
		assert_int_equal(a.reporting_units, 4);
		test_near(a.value, b.value);
	}
	/* min 1 and max 9 across the two sides */
	struct rollup_rule r = test_rule(INDICATOR_MIN);
	const struct rollup_series *units[5] = {&s[0], &s[1], &s[2], &s[3], &s[4]};
	test_near(rollup_compute(&r, y, units, NULL, 5).value, 1);
	r = test_rule(INDICATOR_MAX);
	test_near(rollup_compute(&r, y, units, NULL, 5).value, 9);
}

/* ---- the roll-up in time ------------------------------------------------------------------- */

static void test_rollup_time_sum(void **state)
{
	(void)state;
	struct rollup_series s;
	double v;
	/* twelve months 1..12: 78 (= 12 × 13 / 2) */
	TEST_SERIES(&s, "2023-01=1", "2023-02=2", "2023-03=3", "2023-04=4", "2023-05=5",
	            "2023-06=6", "2023-07=7", "2023-08=8", "2023-09=9", "2023-10=10", "2023-11=11",
	            "2023-12=12");
	assert_true(rollup_derive(INDICATOR_SUM, &s, test_period("2023"), &v));
	test_near(v, 78);
	assert_true(rollup_derive(INDICATOR_SUM, &s, test_period("2023Q4"), &v));
	test_near(v, 33); /* 10 + 11 + 12 */
	/* one month missing: no yearly sum (and no sum for its quarter), the others still */
	TEST_SERIES(&s, "2023-01=1", "2023-02=2", "2023-03=3", "2023-04=4", "2023-05=5",
	            "2023-06=6", "2023-07=7", "2023-08=8", "2023-09=9", "2023-10=10", "2023-12=12");
	assert_false(rollup_derive(INDICATOR_SUM, &s, test_period("2023"), &v));
	assert_false(rollup_derive(INDICATOR_SUM, &s, test_period("2023Q4"), &v));
	assert_true(rollup_derive(INDICATOR_SUM, &s, test_period("2023Q3"), &v));
	test_near(v, 24); /* 7 + 8 + 9 */
	assert_false(rollup_derive(INDICATOR_SUM, &s, test_period("2023-11"), &v));
	/* quarters given as quarters and as months, mixed: Q1 100, Q2 = 4 + 5 + 6, Q3 300,
	 * Q4 = 10 + 11 + 12 → 100 + 15 + 300 + 33 = 448 */
	TEST_SERIES(&s, "2023Q1=100", "2023-04=4", "2023-05=5", "2023-06=6", "2023Q3=300",
	            "2023-10=10", "2023-11=11", "2023-12=12");
	assert_true(rollup_derive(INDICATOR_SUM, &s, test_period("2023"), &v));
	test_near(v, 448);
	/* the unit's own yearly value wins over what its months would give */
	TEST_SERIES(&s, "2023=1000", "2023-01=1");
	assert_true(rollup_derive(INDICATOR_SUM, &s, test_period("2023"), &v));
	test_near(v, 1000);
	/* a quarter's own value wins over its months */
	TEST_SERIES(&s, "2023Q2=50", "2023-04=4", "2023-05=5", "2023-06=6");
	assert_true(rollup_derive(INDICATOR_SUM, &s, test_period("2023Q2"), &v));
	test_near(v, 50);
}

static void test_rollup_time_mean_min_max(void **state)
{
	(void)state;
	struct rollup_series s;
	double v;
	/* Jan 10, Feb 20 (Q1 mean 15), Apr 30 (Q2 mean 30), nothing after: the year's mean is the
	 * mean of the quarters that have one, (15 + 30) / 2 = 22.5 — not the mean of the months,
	 * (10 + 20 + 30) / 3 = 20 */
	TEST_SERIES(&s, "2023-01=10", "2023-02=20", "2023-04=30");
	assert_true(rollup_derive(INDICATOR_MEAN, &s, test_period("2023"), &v));
	test_near(v, 22.5);
	assert_true(rollup_derive(INDICATOR_MEAN, &s, test_period("2023Q1"), &v));
	test_near(v, 15);
	assert_false(rollup_derive(INDICATOR_MEAN, &s, test_period("2023Q3"), &v));
	assert_true(rollup_derive(INDICATOR_MIN, &s, test_period("2023"), &v));
	test_near(v, 10);
	assert_true(rollup_derive(INDICATOR_MAX, &s, test_period("2023"), &v));
	test_near(v, 30);
	/* with a quarter's own value: Q1 own 8 (its months ignored), Q2 30 → min 8, max 30 */
	TEST_SERIES(&s, "2023Q1=8", "2023-01=1", "2023-04=30");
	assert_true(rollup_derive(INDICATOR_MIN, &s, test_period("2023"), &v));
	test_near(v, 8);
	assert_true(rollup_derive(INDICATOR_MAX, &s, test_period("2023"), &v));
	test_near(v, 30);
	assert_true(rollup_derive(INDICATOR_MEAN, &s, test_period("2023"), &v));
	test_near(v, 19); /* (8 + 30) / 2 */
}

static void test_rollup_time_last_share(void **state)
{
	(void)state;
	struct rollup_series s;
	double v;
	/* Jan 5, Nov 7: the year's last is November's 7 */
	TEST_SERIES(&s, "2023-01=5", "2023-11=7");
	assert_true(rollup_derive(INDICATOR_LAST, &s, test_period("2023"), &v));
	test_near(v, 7);
	assert_true(rollup_derive(INDICATOR_LAST, &s, test_period("2023Q1"), &v));
	test_near(v, 5);
	assert_false(rollup_derive(INDICATOR_LAST, &s, test_period("2023Q2"), &v));
	/* Q4's own value 9 stands for Q4 even though December says 8 */
	TEST_SERIES(&s, "2023Q4=9", "2023-12=8", "2023-03=1");
	assert_true(rollup_derive(INDICATOR_LAST, &s, test_period("2023"), &v));
	test_near(v, 9);
	/* share: the latest 0/1 state — covered in March, not in December → 0 */
	TEST_SERIES(&s, "2023-03=1", "2023-12=0");
	assert_true(rollup_derive(INDICATOR_SHARE, &s, test_period("2023"), &v));
	test_near(v, 0);
	TEST_SERIES(&s, "2023-03=0", "2023Q3=1");
	assert_true(rollup_derive(INDICATOR_SHARE, &s, test_period("2023"), &v));
	test_near(v, 1);
}

/* A ratio in time: subscriptions (last) monthly, population (last) once for the year; each is
 * derived by its own rule first. */
static void test_rollup_time_ratio(void **state)
{
	(void)state;
	struct rollup_series sub[2], pop[2];
	/* A: June 800, December 905 → 905; population 1000 (yearly) */
	TEST_SERIES(&sub[0], "2023-06=800", "2023-12=905");
	TEST_SERIES(&pop[0], "2023=1000");
	/* B: Q4 90.5; population 100 given for Q4 */
	TEST_SERIES(&sub[1], "2023Q4=90.5");
	TEST_SERIES(&pop[1], "2023Q4=100");
	const struct rollup_series *n[2] = {&sub[0], &sub[1]}, *d[2] = {&pop[0], &pop[1]};
	struct rollup_rule r = {INDICATOR_RATIO, INDICATOR_LAST, INDICATOR_LAST, 100};
	struct rollup_result res = rollup_compute(&r, test_period("2023"), n, d, 2);
	assert_true(res.has_value);
	test_near(res.value, 90.5); /* 100 × (905 + 90.5) / (1000 + 100) */
	assert_int_equal(res.reporting_units, 2);
	/* for 2023Q2 only A has subscriptions (June 800) but no population for Q2: none report */
	res = rollup_compute(&r, test_period("2023Q2"), n, d, 2);
	assert_false(res.has_value);
	assert_int_equal(res.reporting_units, 0);
	/* a ratio of two sums: fibre users / households per month, both summed over the year */
	struct rollup_series f, h;
	TEST_SERIES(&f, "2023Q1=30", "2023Q2=30", "2023Q3=20", "2023Q4=20");
	TEST_SERIES(&h, "2023Q1=25", "2023Q2=25", "2023Q3=25", "2023Q4=25");
	const struct rollup_series *fn[1] = {&f}, *hd[1] = {&h};
	struct rollup_rule sum = {INDICATOR_RATIO, INDICATOR_SUM, INDICATOR_SUM, 100};
	res = rollup_compute(&sum, test_period("2023"), fn, hd, 1);
	test_near(res.value, 100); /* 100 × 100 / 100 */
}

/* ---- expected units and targets ------------------------------------------------------------ */

/* VN > P1 > D1 > C1, C2;  P1 > D2 > C3;  P1 > A1 (agency);  VN > P2 > D3 (no communes) */
static void test_tree(struct rollup_tree *t)
{
	rollup_tree_init(t);
	rollup_tree_add(t, "C1", "D1", UNIT_COMMUNE); /* children before parents: link sorts it */
	rollup_tree_add(t, "VN", NULL, UNIT_NATION);
	rollup_tree_add(t, "P1", "VN", UNIT_PROVINCE);
	rollup_tree_add(t, "P2", "VN", UNIT_PROVINCE);
	rollup_tree_add(t, "D1", "P1", UNIT_DISTRICT);
	rollup_tree_add(t, "D2", "P1", UNIT_DISTRICT);
	rollup_tree_add(t, "D3", "P2", UNIT_DISTRICT);
	rollup_tree_add(t, "C2", "D1", UNIT_COMMUNE);
	rollup_tree_add(t, "C3", "D2", UNIT_COMMUNE);
	rollup_tree_add(t, "A1", "P1", UNIT_AGENCY);
	rollup_tree_link(t);
}

/* How many units under `under` are expected for an indicator reported by kinds. */
static size_t test_expected(const struct rollup_tree *t, const char *under, unsigned kinds)
{
	size_t n = 0;
	int32_t a = rollup_tree_find(t, under);
	for (size_t i = 0; i < t->n; i++)
		n += rollup_tree_within(t, (int32_t)i, a) &&
		     rollup_tree_expected(t, (int32_t)i, kinds);
	return n;
}

static void test_rollup_expected(void **state)
{
	(void)state;
	struct rollup_tree t;
	test_tree(&t);
	unsigned communes = 1u << UNIT_COMMUNE, agencies = 1u << UNIT_AGENCY;
	assert_int_equal(test_expected(&t, "VN", communes), 3); /* C1 C2 C3; not A1 */
	assert_int_equal(test_expected(&t, "P1", communes), 3);
	assert_int_equal(test_expected(&t, "D1", communes), 2);
	assert_int_equal(test_expected(&t, "C2", communes), 1); /* itself */
	assert_int_equal(test_expected(&t, "P2", communes), 0); /* D3 has no commune */
	assert_int_equal(test_expected(&t, "VN", agencies), 1);
	assert_int_equal(test_expected(&t, "D1", agencies), 0);
	/* districts and communes both sent values: the lowest level counts, so D1 and D2 are not
	 * expected (their communes are), and D3, which has no commune, is */
	assert_int_equal(test_expected(&t, "VN", communes | (1u << UNIT_DISTRICT)), 4);
	assert_false(
	    rollup_tree_expected(&t, rollup_tree_find(&t, "D1"), communes | (1u << UNIT_DISTRICT)));
	assert_true(
	    rollup_tree_expected(&t, rollup_tree_find(&t, "D3"), communes | (1u << UNIT_DISTRICT)));
	/* nobody reports it: nobody is expected */
	assert_int_equal(test_expected(&t, "VN", 0), 0);
	assert_true(rollup_tree_within(&t, rollup_tree_find(&t, "C3"), rollup_tree_find(&t, "P1")));
	assert_false(
	    rollup_tree_within(&t, rollup_tree_find(&t, "C3"), rollup_tree_find(&t, "D1")));
	assert_int_equal(rollup_tree_find(&t, "NOPE"), -1);
	rollup_tree_finish(&t);
}

struct test_target {
	const char *unit, *period;
	double target;
};

struct test_targets {
	const struct rollup_tree *tree;
	const struct test_target *list;
	size_t n;
};

static bool test_target_lookup(void *ctx, int32_t node, int32_t period, double *target)
{
	struct test_targets *t = ctx;
	for (size_t i = 0; i < t->n; i++) {
		if (rollup_tree_find(t->tree, t->list[i].unit) == node &&
		    period_code(test_period(t->list[i].period)) == period) {
			*target = t->list[i].target;
			return true;
		}
	}
	return false;
}

static void test_rollup_targets(void **state)
{
	(void)state;
	struct rollup_tree t;
	test_tree(&t);
	/* the nation wants 90 for 2023 and 99 for December; P1 wants 80 for 2023 and 95 for Q4;
	 * C1 wants 97 for December */
	static const struct test_target list[] = {
	    {"VN", "2023", 90},   {"VN", "2023-12", 99}, {"P1", "2023", 80},
	    {"P1", "2023Q4", 95}, {"C1", "2023-12", 97},
	};
	struct test_targets ctx = {&t, list, sizeof list / sizeof list[0]};
	struct {
		const char *unit, *period;
		bool has;
		double want;
	} cases[] = {
	    {"C1", "2023-12", true, 97}, /* its own */
	    {"C1", "2023-11", true, 95}, /* none of its own: P1's for Q4 (D1 sets none) */
	    {"C2", "2023-12", true, 95}, /* P1's Q4 beats the nation's December: nearer unit */
	    {"C2", "2023-06", true, 80}, /* P1's year covers June */
	    {"P1", "2023", true, 80},
	    {"D3", "2023-12", true, 99}, /* under P2, which sets none: the nation's December */
	    {"P2", "2023Q2", true, 90},  /* the nation's year */
	    {"VN", "2024", false, 0},    /* nobody set one for 2024 */
	    {"C3", "2024-01", false, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		double got = -1;
		bool has =
		    rollup_target(&t, rollup_tree_find(&t, cases[i].unit),
		                  test_period(cases[i].period), test_target_lookup, &ctx, &got);
		if (has != cases[i].has || (has && got != cases[i].want))
			fail_msg("target of %s in %s: %d %g, want %d %g", cases[i].unit,
			         cases[i].period, has, got, cases[i].has, cases[i].want);
	}
	rollup_tree_finish(&t);
}

/* A loop in a broken tree does not hang the roll-up: the chain is cut. */
static void test_rollup_tree_loop(void **state)
{
	(void)state;
	struct rollup_tree t;
	rollup_tree_init(&t);
	rollup_tree_add(&t, "X", "Y", UNIT_DISTRICT);
	rollup_tree_add(&t, "Y", "X", UNIT_DISTRICT);
	rollup_tree_add(&t, "C", "X", UNIT_COMMUNE);
	rollup_tree_link(&t);
	assert_true(rollup_tree_within(&t, rollup_tree_find(&t, "C"), rollup_tree_find(&t, "X")));
	rollup_tree_finish(&t);
}

/* Red, amber, green by hand (INDICATOR_AMBER_PCT = 10): compared as shown, in units of the last
 * decimal. */
static void test_indicator_status(void **state)
{
	(void)state;
	struct indicator up = {.decimals = 1, .direction = INDICATOR_UP};
	struct indicator down = {.decimals = 1, .direction = INDICATOR_DOWN};
	struct indicator whole = {.decimals = 0, .direction = INDICATOR_UP};
	struct {
		const struct indicator *ind;
		double v, t;
		enum indicator_status want;
	} cases[] = {
	    /* the sample: 90,5 phones per 100 against the nation's 90; 98 % records against 95 */
	    {&up, 90.5, 90, INDICATOR_STATUS_GREEN},
	    {&up, 98.0, 95, INDICATOR_STATUS_GREEN},
	    {&up, 95, 95, INDICATOR_STATUS_GREEN},      /* met exactly */
	    {&up, 94.9, 95, INDICATOR_STATUS_AMBER},    /* 0,1 short */
	    {&up, 85.5, 95, INDICATOR_STATUS_AMBER},    /* 9,5 short = exactly 10 % of 95 */
	    {&up, 85.4, 95, INDICATOR_STATUS_RED},      /* 9,6 short */
	    {&up, 94.96, 95, INDICATOR_STATUS_GREEN},   /* shown as 95,0: met as shown */
	    {&up, 94.94, 95, INDICATOR_STATUS_AMBER},   /* shown as 94,9 */
	    {&up, 90.45, 90.5, INDICATOR_STATUS_GREEN}, /* 90.4499… in binary, shown 90,5 */
	    {&down, 4.0, 5, INDICATOR_STATUS_GREEN},    /* less is better: below the ceiling */
	    {&down, 5.5, 5, INDICATOR_STATUS_AMBER},    /* 0,5 over = 10 % of 5 */
	    {&down, 5.6, 5, INDICATOR_STATUS_RED},
	    {&up, 1, 0, INDICATOR_STATUS_GREEN}, /* a target of 0: no amber band */
	    {&up, -0.1, 0, INDICATOR_STATUS_RED},
	    {&whole, 900, 1000, INDICATOR_STATUS_AMBER}, /* members: 100 short of 1.000 */
	    {&whole, 899, 1000, INDICATOR_STATUS_RED},
	    {&whole, 1125, 1000, INDICATOR_STATUS_GREEN},
	    {&up, -90, -100, INDICATOR_STATUS_GREEN}, /* a negative target: |target| */
	    {&up, -110, -100, INDICATOR_STATUS_AMBER},
	    {&up, -110.1, -100, INDICATOR_STATUS_RED},
	    {&up, 1e15, 1e15, INDICATOR_STATUS_GREEN}, /* the largest values lose decimals */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		enum indicator_status got =
		    indicator_status(cases[i].ind, true, cases[i].v, true, cases[i].t);
		if (got != cases[i].want)
			fail_msg("case %zu: %g against %g: %d, want %d", i, cases[i].v, cases[i].t,
			         (int)got, (int)cases[i].want);
	}
	/* no value or no target: none, and JSON null */
	assert_int_equal(indicator_status(&up, false, 0, true, 95), INDICATOR_STATUS_NONE);
	assert_int_equal(indicator_status(&up, true, 90, false, 0), INDICATOR_STATUS_NONE);
	assert_null(indicator_status_code(INDICATOR_STATUS_NONE));
	assert_string_equal(indicator_status_code(INDICATOR_STATUS_GREEN), "green");
	assert_string_equal(indicator_status_code(INDICATOR_STATUS_AMBER), "amber");
	assert_string_equal(indicator_status_code(INDICATOR_STATUS_RED), "red");
	/* words beside the colour, never the colour alone */
	assert_string_equal(indicator_status_label_vi(INDICATOR_STATUS_GREEN), "Đạt");
	assert_string_equal(indicator_status_label_vi(INDICATOR_STATUS_AMBER), "Gần đạt");
	assert_string_equal(indicator_status_label_vi(INDICATOR_STATUS_RED), "Chưa đạt");
	assert_string_equal(indicator_status_label_vi(INDICATOR_STATUS_NONE), "Chưa đánh giá");
}

static void test_indicator_compare(void **state)
{
	(void)state;
	struct indicator up = {.decimals = 1, .direction = INDICATOR_UP};
	struct indicator down = {.decimals = 1, .direction = INDICATOR_DOWN};
	assert_true(indicator_compare(&up, true, 98, true, 90.5) < 0); /* more is better */
	assert_true(indicator_compare(&up, true, 90.5, true, 98) > 0);
	assert_true(indicator_compare(&down, true, 98, true, 90.5) > 0);      /* less is better */
	assert_int_equal(indicator_compare(&up, true, 90.45, true, 90.5), 0); /* equal as shown */
	assert_true(indicator_compare(&up, true, 0, false, 0) < 0);           /* no value: last */
	assert_true(indicator_compare(&down, false, 0, true, 1e9) > 0);
	assert_int_equal(indicator_compare(&up, false, 0, false, 5), 0);
}

static void test_unit_kinds_parse(void **state)
{
	(void)state;
	unsigned k = 0;
	assert_int_equal(unit_kinds_parse("district", &k), 0);
	assert_int_equal(k, 1u << UNIT_DISTRICT);
	assert_int_equal(unit_kinds_parse("district,province", &k), 0);
	assert_int_equal(k, 1u << UNIT_DISTRICT | 1u << UNIT_PROVINCE);
	assert_int_equal(unit_kinds_parse("commune,agency,commune", &k), 0);
	assert_int_equal(k, 1u << UNIT_COMMUNE | 1u << UNIT_AGENCY);
	const char *bad[] = {"",   ",",        "district,",         ",district",
	                     "xã", "District", "district,,commune", "averyveryverylongword"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (unit_kinds_parse(bad[i], &k) == 0)
			fail_msg("\"%s\" was accepted", bad[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_period_parse_ok),
	    cmocka_unit_test(test_period_parse_bad),
	    cmocka_unit_test(test_period_format),
	    cmocka_unit_test(test_period_days),
	    cmocka_unit_test(test_period_contains),
	    cmocka_unit_test(test_period_children_parent),
	    cmocka_unit_test(test_period_codes),
	    cmocka_unit_test(test_indicator_aggregations),
	    cmocka_unit_test(test_indicator_check),
	    cmocka_unit_test(test_indicator_number),
	    cmocka_unit_test(test_indicator_format),
	    cmocka_unit_test(test_indicator_status),
	    cmocka_unit_test(test_indicator_compare),
	    cmocka_unit_test(test_unit_kinds_parse),
	    cmocka_unit_test(test_rollup_space),
	    cmocka_unit_test(test_rollup_nobody),
	    cmocka_unit_test(test_rollup_share),
	    cmocka_unit_test(test_rollup_ratio),
	    cmocka_unit_test(test_rollup_merge),
	    cmocka_unit_test(test_rollup_time_sum),
	    cmocka_unit_test(test_rollup_time_mean_min_max),
	    cmocka_unit_test(test_rollup_time_last_share),
	    cmocka_unit_test(test_rollup_time_ratio),
	    cmocka_unit_test(test_rollup_expected),
	    cmocka_unit_test(test_rollup_targets),
	    cmocka_unit_test(test_rollup_tree_loop),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
