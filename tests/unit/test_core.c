/* test_core.c — unit tests for the pure domain code: money, dates, task rules, units, summary,
 * and the small library pieces they use (hmap, diag, buf).
 *
 * Every expected value is written by hand from the headers' contracts and Vietnamese conventions
 * (grouping with ".", dd/mm/yyyy, Gregorian leap years), never copied from the program's output.
 * Day counts were worked out on paper (and cross-checked with an independent calendar).
 * The role table (issue 3) is written out from the words: viewer reads, editor changes
 * its own unit's tasks, finance changes disbursement (and may add a note), admin everything.
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

#include "core/date.h"
#include "core/money.h"
#include "core/summary.h"
#include "core/task.h"
#include "core/unit.h"
#include "core/user.h"
#include "lib/buf.h"
#include "lib/diag.h"
#include "lib/hmap.h"

/* ---- helpers ------------------------------------------------------------------------------- */

static struct date test_core_date(int year, int month, int day)
{
	struct date d = {year, month, day};
	return d;
}

/* True when needle occurs in hay, ignoring ASCII case. */
static bool test_core_contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++) {
		size_t i = 0;
		while (i < n && hay[i]) {
			char a = hay[i], b = needle[i];
			if (a >= 'A' && a <= 'Z')
				a = (char)(a - 'A' + 'a');
			if (b >= 'A' && b <= 'Z')
				b = (char)(b - 'A' + 'a');
			if (a != b)
				break;
			i++;
		}
		if (i == n)
			return true;
	}
	return n == 0;
}

/* ---- money --------------------------------------------------------------------------------- */

static void test_core_money_ok(const char *s, int64_t want)
{
	int64_t vnd = -12345;
	const char *why = NULL;

	if (money_parse(s, strlen(s), &vnd, &why) != 0)
		fail_msg("money_parse(\"%s\") failed: %s", s, why ? why : "(no reason)");
	if (vnd != want)
		fail_msg("money_parse(\"%s\") gave %lld, want %lld", s, (long long)vnd,
		         (long long)want);
}

/* Expects s to be rejected with a reason; when word is not NULL the reason must mention it. */
static void test_core_money_bad(const char *s, const char *word)
{
	int64_t vnd = 0;
	const char *why = NULL;

	if (money_parse(s, strlen(s), &vnd, &why) != -1)
		fail_msg("money_parse(\"%s\") accepted it as %lld", s, (long long)vnd);
	if (!why || !*why)
		fail_msg("money_parse(\"%s\") gave no reason", s);
	if (word && !test_core_contains_ci(why, word))
		fail_msg("money_parse(\"%s\") reason \"%s\" does not mention \"%s\"", s, why, word);
}

static void test_core_money_parse_good(void **state)
{
	(void)state;
	/* the planning issue's 2024 total, plain and grouped */
	test_core_money_ok("67150000000", INT64_C(67150000000));
	test_core_money_ok("67.150.000.000", INT64_C(67150000000));
	test_core_money_ok(" 1000 ", 1000);
	test_core_money_ok("  1.000  ", 1000);
	test_core_money_ok("0", 0);
	test_core_money_ok("999", 999);
	/* "." groups thousands in Vietnamese, it never marks decimals */
	test_core_money_ok("12.345", 12345);
	test_core_money_ok("1.000.000", 1000000);
	/* exactly the limit is still accepted */
	test_core_money_ok("10000000000000000", MONEY_MAX_VND);
	test_core_money_ok("10.000.000.000.000.000", MONEY_MAX_VND);
}

static void test_core_money_parse_len(void **state)
{
	int64_t vnd = 0;
	const char *why = NULL;

	(void)state;
	/* only len bytes are read: a cell cut out of a longer line */
	assert_int_equal(money_parse("1.500;x", 5, &vnd, &why), 0);
	assert_int_equal(vnd, 1500);
}

static void test_core_money_parse_bad(void **state)
{
	(void)state;
	test_core_money_bad("", NULL);
	test_core_money_bad("   ", NULL);
	test_core_money_bad("-5", "negative");
	test_core_money_bad("1,5", "decimal");
	test_core_money_bad("1.000,5", "decimal");
	test_core_money_bad("1.50.000", "group");
	test_core_money_bad("1234.567", "group");
	test_core_money_bad("1.2345", "group");
	test_core_money_bad("1..000", NULL);
	test_core_money_bad(".000", NULL);
	test_core_money_bad("1.000.", NULL);
	test_core_money_bad("12a", NULL);
	test_core_money_bad("1 000", NULL);
	test_core_money_bad("10000000000000001", "too large");
	test_core_money_bad("10.000.000.000.000.001", "too large");
	/* far past INT64_MAX: must be refused, not wrapped around */
	test_core_money_bad("99999999999999999999999", "too large");
	test_core_money_bad("99.999.999.999.999.999.999.999", "too large");
}

static void test_core_money_pct(void **state)
{
	(void)state;
	/* 35,6 tỷ of 67,15 tỷ = 0,53015… → 53,0 % */
	assert_int_equal(money_pct_x10(INT64_C(35600000000), INT64_C(67150000000)), 530);
	assert_int_equal(money_pct_x10(1, 3), 333);  /* 33,33… % */
	assert_int_equal(money_pct_x10(2, 3), 667);  /* 66,66… % rounds up */
	assert_int_equal(money_pct_x10(1, 8), 125);  /* 12,5 % exactly */
	assert_int_equal(money_pct_x10(1, 16), 63);  /* 6,25 % = 62,5 tenths, half up */
	assert_int_equal(money_pct_x10(1, 2000), 1); /* 0,05 % = 0,5 tenths, half up */
	assert_int_equal(money_pct_x10(1, 2001), 0); /* just under half a tenth */
	assert_int_equal(money_pct_x10(0, 5), 0);
	assert_int_equal(money_pct_x10(5, 5), 1000);
	assert_int_equal(money_pct_x10(3, 2), 1500); /* overspent: 150 % is shown, not capped */
	assert_int_equal(money_pct_x10(7, 0), 0);
	assert_int_equal(money_pct_x10(7, -3), 0);
	/* the largest amounts must not overflow part * 1000 */
	assert_int_equal(money_pct_x10(MONEY_MAX_VND, MONEY_MAX_VND), 1000);
	assert_int_equal(money_pct_x10(MONEY_MAX_VND / 2, MONEY_MAX_VND), 500);
	assert_int_equal(money_pct_x10(MONEY_MAX_VND / 3, MONEY_MAX_VND), 333);
}

static void test_core_money_millions(void **state)
{
	(void)state;
	assert_int_equal(money_millions_ceil(0), 0);
	assert_int_equal(money_millions_ceil(1), 1);
	assert_int_equal(money_millions_ceil(999999), 1);
	assert_int_equal(money_millions_ceil(1000000), 1);
	assert_int_equal(money_millions_ceil(1000001), 2);
	assert_int_equal(money_millions_ceil(INT64_C(67150000000)), 67150);
	assert_int_equal(money_millions_ceil(MONEY_MAX_VND), INT64_C(10000000000));
}

/* ---- date ---------------------------------------------------------------------------------- */

static void test_core_date_ok(const char *s, int y, int m, int d)
{
	struct date got = {-1, -1, -1};
	const char *why = NULL;

	if (date_parse(s, strlen(s), &got, &why) != 0)
		fail_msg("date_parse(\"%s\") failed: %s", s, why ? why : "(no reason)");
	if (got.year != y || got.month != m || got.day != d)
		fail_msg("date_parse(\"%s\") gave %d-%d-%d, want %d-%d-%d", s, got.year, got.month,
		         got.day, y, m, d);
}

static void test_core_date_bad(const char *s, const char *word)
{
	struct date got = {0, 0, 0};
	const char *why = NULL;

	if (date_parse(s, strlen(s), &got, &why) != -1)
		fail_msg("date_parse(\"%s\") accepted it as %d-%d-%d", s, got.year, got.month,
		         got.day);
	if (!why || !*why)
		fail_msg("date_parse(\"%s\") gave no reason", s);
	if (word && !test_core_contains_ci(why, word))
		fail_msg("date_parse(\"%s\") reason \"%s\" does not mention \"%s\"", s, why, word);
}

static void test_core_date_parse_good(void **state)
{
	(void)state;
	test_core_date_ok("2023-12-14", 2023, 12, 14);
	test_core_date_ok("14/12/2023", 2023, 12, 14);
	test_core_date_ok("1/2/2024", 2024, 2, 1); /* day first: 1 February, not 2 January */
	test_core_date_ok("01/02/2024", 2024, 2, 1);
	test_core_date_ok("29/02/2024", 2024, 2, 29);
	test_core_date_ok("2024-02-29", 2024, 2, 29);
	test_core_date_ok("31/12/2023", 2023, 12, 31);
}

static void test_core_date_parse_len(void **state)
{
	struct date d = {0, 0, 0};
	const char *why = NULL;

	(void)state;
	assert_int_equal(date_parse("2023-12-14;next", 10, &d, &why), 0);
	assert_int_equal(d.year, 2023);
	assert_int_equal(d.month, 12);
	assert_int_equal(d.day, 14);
}

static void test_core_date_parse_bad(void **state)
{
	(void)state;
	test_core_date_bad("29/02/2023", "no such date"); /* 2023 is not a leap year */
	test_core_date_bad("2023-02-29", "no such date");
	test_core_date_bad("31/04/2024", "no such date"); /* April has 30 days */
	test_core_date_bad("2023-13-01", NULL);
	test_core_date_bad("2023-00-10", NULL);
	test_core_date_bad("00/01/2024", NULL);
	test_core_date_bad("14-12-2023", NULL);
	test_core_date_bad("2023/12/14", NULL);
	test_core_date_bad("2023-12-14x", NULL);
	test_core_date_bad("14/12", NULL);
	test_core_date_bad("", NULL);
}

static void test_core_date_valid(void **state)
{
	(void)state;
	assert_true(date_valid(2024, 2, 29));
	assert_false(date_valid(2023, 2, 29));
	assert_true(date_valid(2000, 2, 29));  /* divisible by 400: leap */
	assert_false(date_valid(1900, 2, 29)); /* divisible by 100 only: not leap */
	assert_false(date_valid(2100, 2, 29));
	assert_false(date_valid(2023, 4, 31));
	assert_true(date_valid(2023, 1, 31));
	assert_false(date_valid(2023, 0, 1));
	assert_false(date_valid(2023, 13, 1));
	assert_false(date_valid(2023, 1, 0));

	assert_true(date_is_set(test_core_date(2023, 1, 1)));
	assert_false(date_is_set(test_core_date(0, 0, 0)));
}

static void test_core_date_days_known(void **state)
{
	(void)state;
	assert_int_equal(date_to_days(test_core_date(1970, 1, 1)), 0);
	assert_int_equal(date_to_days(test_core_date(1970, 1, 2)), 1);
	assert_int_equal(date_to_days(test_core_date(1969, 12, 31)), -1);
	/* 30 years with 7 leap days (1972…1996) = 10957, then 31 + 29 days of 2000 */
	assert_int_equal(date_to_days(test_core_date(2000, 3, 1)), 11017);
	/* 71 years back, with 17 leap days (1904…1968; 1900 is not leap) */
	assert_int_equal(date_to_days(test_core_date(1899, 1, 1)), -25932);
	/* 130 years with 32 leap days, then 31 + 28 (2100 is not leap) */
	assert_int_equal(date_to_days(test_core_date(2100, 3, 1)), 47541);
}

/* The day after d, by the Gregorian rules written out here independently of date.c. */
static struct date test_core_next_day(struct date d)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
	int last = mdays[d.month - 1] + (d.month == 2 && leap ? 1 : 0);

	if (d.day < last) {
		d.day++;
	} else if (d.month < 12) {
		d.month++;
		d.day = 1;
	} else {
		d.year++;
		d.month = 1;
		d.day = 1;
	}
	return d;
}

static void test_core_date_days_round_trip(void **state)
{
	struct date cur = test_core_date(1899, 1, 1);
	int64_t first = -25932;
	int64_t i;

	(void)state;
	/* every day from 1899 to past 2101: 1900 (not leap), 2000 (leap), 2100 (not leap) */
	for (i = 0; cur.year < 2102; i++) {
		struct date back = date_from_days(first + i);
		if (date_to_days(cur) != first + i)
			fail_msg("date_to_days(%d-%d-%d) is %lld, want %lld", cur.year, cur.month,
			         cur.day, (long long)date_to_days(cur), (long long)(first + i));
		if (back.year != cur.year || back.month != cur.month || back.day != cur.day)
			fail_msg("date_from_days(%lld) is %d-%d-%d, want %d-%d-%d",
			         (long long)(first + i), back.year, back.month, back.day, cur.year,
			         cur.month, cur.day);
		cur = test_core_next_day(cur);
	}
	/* 1899-01-01 … 2101-12-31 is 203 years with 49 leap days (1904…2096, 2000 included;
	 * 1900 and 2100 are not leap): 203 × 365 + 49 = 74 144 days */
	assert_int_equal(i, 74144);
	assert_int_equal(date_to_days(test_core_date(2102, 1, 1)), -25932 + 74144);
}

static void test_core_date_compare(void **state)
{
	struct date unset = {0, 0, 0};

	(void)state;
	assert_true(date_compare(test_core_date(2023, 12, 14), test_core_date(2024, 1, 1)) < 0);
	assert_true(date_compare(test_core_date(2024, 1, 1), test_core_date(2023, 12, 14)) > 0);
	assert_true(date_compare(test_core_date(2024, 2, 1), test_core_date(2024, 1, 31)) > 0);
	assert_true(date_compare(test_core_date(2024, 1, 30), test_core_date(2024, 1, 31)) < 0);
	assert_int_equal(date_compare(test_core_date(2024, 1, 31), test_core_date(2024, 1, 31)), 0);
	/* an unset date sorts first */
	assert_true(date_compare(unset, test_core_date(2000, 1, 1)) < 0);
	assert_true(date_compare(test_core_date(2000, 1, 1), unset) > 0);
	assert_int_equal(date_compare(unset, unset), 0);
}

static void test_core_date_format(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	date_format_iso(&b, test_core_date(2023, 12, 14));
	assert_string_equal(buf_cstr(&b), "2023-12-14");
	buf_reset(&b);
	date_format_iso(&b, test_core_date(2024, 2, 1));
	assert_string_equal(buf_cstr(&b), "2024-02-01");
	buf_reset(&b);
	date_format_iso(&b, test_core_date(0, 0, 0));
	assert_string_equal(buf_cstr(&b), "");
	buf_finish(&b);
	/* the fixed-size form: zero-padded, "" when unset */
	char text[DATE_ISO_SIZE] = "x";
	date_iso(test_core_date(5, 1, 2), text);
	assert_string_equal(text, "0005-01-02");
	date_iso(test_core_date(9999, 12, 31), text);
	assert_string_equal(text, "9999-12-31");
	date_iso(test_core_date(0, 0, 0), text);
	assert_string_equal(text, "");
}

/* ---- task vocabularies --------------------------------------------------------------------- */

static void test_core_status_expect(const char *s, enum task_status want)
{
	enum task_status got = TASK_STATUS_COUNT;

	if (task_status_parse(s, &got) != 0)
		fail_msg("task_status_parse(\"%s\") failed", s);
	if (got != want)
		fail_msg("task_status_parse(\"%s\") gave %d, want %d", s, (int)got, (int)want);
}

static void test_core_task_status_parse(void **state)
{
	enum task_status got = TASK_PLANNED;
	int s;

	(void)state;
	test_core_status_expect("completed", TASK_COMPLETED);
	test_core_status_expect("in_progress", TASK_IN_PROGRESS);
	test_core_status_expect("planned", TASK_PLANNED);
	test_core_status_expect("hoàn thành", TASK_COMPLETED);
	test_core_status_expect("Hoàn thành", TASK_COMPLETED);
	test_core_status_expect("HOÀN THÀNH", TASK_COMPLETED);
	test_core_status_expect("hoan thanh", TASK_COMPLETED);
	test_core_status_expect("Đang triển khai", TASK_IN_PROGRESS); /* capital Đ */
	test_core_status_expect("dang trien khai", TASK_IN_PROGRESS);
	test_core_status_expect("chưa triển khai", TASK_PLANNED);
	test_core_status_expect("dừng thực hiện", TASK_STOPPED);
	test_core_status_expect("chuyển sang năm sau", TASK_DEFERRED);

	assert_string_equal(task_status_code(TASK_IN_PROGRESS), "in_progress");
	assert_string_equal(task_status_label_vi(TASK_IN_PROGRESS), "đang triển khai");
	assert_string_equal(task_status_label_vi(TASK_COMPLETED), "hoàn thành");
	/* what is printed can be read back */
	for (s = 0; s < TASK_STATUS_COUNT; s++) {
		test_core_status_expect(task_status_code((enum task_status)s), (enum task_status)s);
		test_core_status_expect(task_status_label_vi((enum task_status)s),
		                        (enum task_status)s);
	}

	assert_int_equal(task_status_parse("xong", &got), -1);
	assert_int_equal(task_status_parse("", &got), -1);
	assert_int_equal(task_status_parse("hoàn", &got), -1);
}

static void test_core_task_funding_parse(void **state)
{
	enum task_funding f = FUNDING_OTHER;
	int i;

	(void)state;
	assert_int_equal(task_funding_parse("", &f), 0);
	assert_int_equal(f, FUNDING_NONE);
	assert_string_equal(task_funding_code(FUNDING_NONE), "");

	assert_int_equal(task_funding_parse("vốn đầu tư công", &f), 0);
	assert_int_equal(f, FUNDING_PUBLIC_INVESTMENT);
	assert_int_equal(task_funding_parse("Vốn đầu tư công", &f), 0);
	assert_int_equal(f, FUNDING_PUBLIC_INVESTMENT);
	assert_int_equal(task_funding_parse("kinh phí sự nghiệp", &f), 0);
	assert_int_equal(f, FUNDING_RECURRENT);

	for (i = 1; i < FUNDING_COUNT; i++) {
		f = FUNDING_NONE;
		assert_int_equal(task_funding_parse(task_funding_code((enum task_funding)i), &f),
		                 0);
		assert_int_equal(f, i);
		f = FUNDING_NONE;
		assert_int_equal(
		    task_funding_parse(task_funding_label_vi((enum task_funding)i), &f), 0);
		assert_int_equal(f, i);
	}
	assert_int_equal(task_funding_parse("tiền túi", &f), -1);
}

static void test_core_task_tags(void **state)
{
	uint32_t tags = 0xdeadu;
	struct buf bad, out;
	unsigned i;

	(void)state;
	buf_init(&bad, 0);
	buf_init(&out, 0);

	assert_string_equal(task_tag_code(0), "citizen_service");
	assert_string_equal(task_tag_code(5), "de_an_06");

	assert_int_equal(task_tags_parse("citizen_service; de_an_06", &tags, &bad), 0);
	assert_int_equal(tags, TAG_CITIZEN_SERVICE | TAG_DE_AN_06);
	assert_int_equal(task_tags_parse(" de_an_06 ;citizen_service ", &tags, &bad), 0);
	assert_int_equal(tags, TAG_CITIZEN_SERVICE | TAG_DE_AN_06);

	tags = 0xdeadu;
	assert_int_equal(task_tags_parse("", &tags, &bad), 0);
	assert_int_equal(tags, 0);

	assert_int_equal(task_tags_parse("ai", &tags, &bad), -1);
	assert_string_equal(buf_cstr(&bad), "ai");
	buf_reset(&bad);
	assert_int_equal(task_tags_parse("citizen_service; ai", &tags, &bad), -1);
	assert_string_equal(buf_cstr(&bad), "ai");
	assert_int_equal(task_tags_parse("ai", &tags, NULL), -1);

	/* every code reads back as its own bit */
	for (i = 0; i < TASK_TAG_COUNT; i++) {
		assert_int_equal(task_tags_parse(task_tag_code(i), &tags, NULL), 0);
		assert_int_equal(tags, 1u << i);
	}

	/* the order follows the enum, not the order of the bits given */
	task_tags_format(&out, TAG_DE_AN_06 | TAG_CITIZEN_SERVICE);
	assert_string_equal(buf_cstr(&out), "citizen_service;de_an_06");
	buf_reset(&out);
	task_tags_format(&out, 0);
	assert_string_equal(buf_cstr(&out), "");
	buf_reset(&out);
	task_tags_format(&out, TAG_DE_AN_06);
	assert_string_equal(buf_cstr(&out), "de_an_06");
	buf_reset(&out);
	/* all tags: codes joined in enum order, and the list parses back to the same bits */
	{
		struct buf want;
		buf_init(&want, 0);
		for (i = 0; i < TASK_TAG_COUNT; i++) {
			if (i)
				buf_putc(&want, ';');
			buf_puts(&want, task_tag_code(i));
		}
		task_tags_format(&out, 0xffu);
		assert_string_equal(buf_cstr(&out), buf_cstr(&want));
		assert_int_equal(task_tags_parse(buf_cstr(&out), &tags, NULL), 0);
		assert_int_equal(tags, 0xffu);
		buf_finish(&want);
	}

	buf_finish(&bad);
	buf_finish(&out);
}

/* ---- task_check ---------------------------------------------------------------------------- */

#define TEST_CORE_MAX_REPORTS 16

struct test_core_reports {
	int n;
	char column[TEST_CORE_MAX_REPORTS][32];
	char message[TEST_CORE_MAX_REPORTS][128];
};

static void test_core_report(void *ctx, const char *column, const char *message)
{
	struct test_core_reports *r = ctx;

	assert_non_null(column);
	assert_non_null(message);
	assert_true(message[0] != '\0');
	if (r->n < TEST_CORE_MAX_REPORTS) {
		snprintf(r->column[r->n], sizeof r->column[r->n], "%s", column);
		snprintf(r->message[r->n], sizeof r->message[r->n], "%s", message);
	}
	r->n++;
}

static bool test_core_reported(const struct test_core_reports *r, const char *column)
{
	int i;

	for (i = 0; i < r->n && i < TEST_CORE_MAX_REPORTS; i++)
		if (strcmp(r->column[i], column) == 0)
			return true;
	return false;
}

/* A task that breaks no rule: the strings are literals and must not be freed. */
static struct task test_core_valid_task(void)
{
	struct task t;

	memset(&t, 0, sizeof t);
	t.year = 2024;
	t.code = (char *)"CDS-2024-01";
	t.name = (char *)"Nâng cấp Cổng dịch vụ công tỉnh";
	t.investor = (char *)"STTTT";
	t.funding = FUNDING_PUBLIC_INVESTMENT;
	t.budget_vnd = INT64_C(10000000000);
	t.disbursed_vnd = INT64_C(4000000000);
	t.progress_pct = 40;
	t.status = TASK_IN_PROGRESS;
	t.tags = TAG_ONLINE_PUBLIC_SERVICE;
	t.start_date = test_core_date(2024, 1, 1);
	t.end_date = test_core_date(2024, 12, 31);
	return t;
}

/* Runs task_check and expects exactly one problem, in column. */
static void test_core_check_one(const struct task *t, const char *column)
{
	struct test_core_reports r;

	memset(&r, 0, sizeof r);
	assert_int_equal(task_check(t, test_core_report, &r), 1);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.column[0], column);
}

static void test_core_task_check_valid(void **state)
{
	struct test_core_reports r;
	struct task t = test_core_valid_task();

	(void)state;
	memset(&r, 0, sizeof r);
	assert_int_equal(task_check(&t, test_core_report, &r), 0);
	assert_int_equal(r.n, 0);

	/* the edges of every range are still valid */
	t.year = 2000;
	t.progress_pct = 0;
	t.disbursed_vnd = 0;
	t.end_date = t.start_date; /* a one-day task */
	assert_int_equal(task_check(&t, test_core_report, &r), 0);
	t.year = 2100;
	t.progress_pct = 100;
	t.status = TASK_COMPLETED;
	t.disbursed_vnd = t.budget_vnd; /* fully disbursed */
	assert_int_equal(task_check(&t, test_core_report, &r), 0);
	/* dates are optional */
	t.start_date = test_core_date(0, 0, 0);
	t.end_date = test_core_date(0, 0, 0);
	assert_int_equal(task_check(&t, test_core_report, &r), 0);
	assert_int_equal(r.n, 0);
}

static void test_core_task_check_each_rule(void **state)
{
	struct task t;

	(void)state;
	t = test_core_valid_task();
	t.status = TASK_COMPLETED;
	t.progress_pct = 80;
	test_core_check_one(&t, "status");

	t = test_core_valid_task();
	t.disbursed_vnd = t.budget_vnd + 1;
	test_core_check_one(&t, "disbursed_vnd");

	t = test_core_valid_task();
	t.disbursed_vnd = -1;
	test_core_check_one(&t, "disbursed_vnd");

	t = test_core_valid_task();
	t.progress_pct = 101;
	test_core_check_one(&t, "progress_pct");

	t = test_core_valid_task();
	t.progress_pct = -1;
	test_core_check_one(&t, "progress_pct");

	t = test_core_valid_task();
	t.end_date = test_core_date(2023, 12, 31); /* the day before the start */
	test_core_check_one(&t, "end_date");

	t = test_core_valid_task();
	t.year = 1999;
	test_core_check_one(&t, "year");

	t = test_core_valid_task();
	t.year = 2101;
	test_core_check_one(&t, "year");

	/* a negative budget is reported on the budget (disbursed 0 is then also above it) */
	{
		struct test_core_reports r;
		memset(&r, 0, sizeof r);
		t = test_core_valid_task();
		t.budget_vnd = -1;
		t.disbursed_vnd = 0;
		assert_true(task_check(&t, test_core_report, &r) >= 1);
		assert_true(test_core_reported(&r, "budget_vnd"));
	}
}

static void test_core_task_check_several(void **state)
{
	struct test_core_reports r;
	struct task t = test_core_valid_task();
	int n;

	(void)state;
	memset(&r, 0, sizeof r);
	t.year = 1999;
	t.progress_pct = 101;
	t.disbursed_vnd = t.budget_vnd * 2;
	t.end_date = test_core_date(2023, 6, 1);
	n = task_check(&t, test_core_report, &r);
	assert_int_equal(n, 4);
	assert_int_equal(r.n, 4);
	assert_true(test_core_reported(&r, "year"));
	assert_true(test_core_reported(&r, "progress_pct"));
	assert_true(test_core_reported(&r, "disbursed_vnd"));
	assert_true(test_core_reported(&r, "end_date"));

	/* completed at 80 % with a bad year: two problems, both named */
	memset(&r, 0, sizeof r);
	t = test_core_valid_task();
	t.status = TASK_COMPLETED;
	t.progress_pct = 80;
	t.year = 1999;
	assert_int_equal(task_check(&t, test_core_report, &r), 2);
	assert_true(test_core_reported(&r, "status"));
	assert_true(test_core_reported(&r, "year"));
}

/* ---- task_is_lagging ----------------------------------------------------------------------- */

static struct task test_core_lag_task(enum task_status st, int progress, struct date start,
                                      struct date end)
{
	struct task t = test_core_valid_task();

	t.status = st;
	t.progress_pct = progress;
	t.start_date = start;
	t.end_date = end;
	return t;
}

static void test_core_task_lagging(void **state)
{
	struct date y_start = test_core_date(2023, 1, 1), y_end = test_core_date(2023, 12, 31);
	struct date none = {0, 0, 0};
	struct task t;

	(void)state;
	/* 1 Jul 2023: 181 of 364 days elapsed, 49,7 %; progress 50 is on schedule */
	t = test_core_lag_task(TASK_IN_PROGRESS, 50, y_start, y_end);
	assert_false(task_is_lagging(&t, test_core_date(2023, 7, 1)));

	/* 1 Oct 2023: 273 of 364 days, 75 %; progress 20 is 55 points behind */
	t = test_core_lag_task(TASK_IN_PROGRESS, 20, y_start, y_end);
	assert_true(task_is_lagging(&t, test_core_date(2023, 10, 1)));
	/* on 1 Jul (49,7 % elapsed) it was already lagging: 20 + 25 = 45 < 49,7 */
	assert_true(task_is_lagging(&t, test_core_date(2023, 7, 1)));
	/* on 1 Apr (90 of 364 days, 24,7 %) it was still fine */
	assert_false(task_is_lagging(&t, test_core_date(2023, 4, 1)));

	/* the end date has passed and the work is not done */
	t = test_core_lag_task(TASK_IN_PROGRESS, 90, y_start, y_end);
	assert_true(task_is_lagging(&t, test_core_date(2024, 1, 1)));
	/* on the end date itself it has not passed yet: 100 % elapsed, 90 + 25 > 100 */
	assert_false(task_is_lagging(&t, test_core_date(2023, 12, 31)));
	/* a planned task that should have finished is lagging too */
	t = test_core_lag_task(TASK_PLANNED, 0, y_start, y_end);
	assert_true(task_is_lagging(&t, test_core_date(2024, 3, 1)));
	/* before the start nothing is late */
	assert_false(task_is_lagging(&t, test_core_date(2022, 12, 1)));

	/* finished, stopped or deferred tasks never lag */
	t = test_core_lag_task(TASK_COMPLETED, 100, y_start, y_end);
	assert_false(task_is_lagging(&t, test_core_date(2025, 1, 1)));
	t = test_core_lag_task(TASK_STOPPED, 10, y_start, y_end);
	assert_false(task_is_lagging(&t, test_core_date(2025, 1, 1)));
	t = test_core_lag_task(TASK_DEFERRED, 10, y_start, y_end);
	assert_false(task_is_lagging(&t, test_core_date(2025, 1, 1)));

	/* without dates a task is never lagging by time */
	t = test_core_lag_task(TASK_PLANNED, 0, none, none);
	assert_false(task_is_lagging(&t, test_core_date(2030, 1, 1)));
	t = test_core_lag_task(TASK_IN_PROGRESS, 0, none, none);
	assert_false(task_is_lagging(&t, test_core_date(2030, 1, 1)));
}

static void test_core_task_lagging_boundary(void **state)
{
	/* 1 Jan → 10 Apr 2024 is 100 days (31 + 29 + 31 + 9); on 1 Mar 60 days = exactly 60 %
	 * have elapsed. */
	struct date start = test_core_date(2024, 1, 1), end = test_core_date(2024, 4, 10);
	struct date as_of = test_core_date(2024, 3, 1);
	struct task t;

	(void)state;
	/* 35 + 25 = 60: exactly 25 points behind is not "more than" 25 */
	t = test_core_lag_task(TASK_IN_PROGRESS, 35, start, end);
	assert_false(task_is_lagging(&t, as_of));
	/* 34 + 25 = 59 < 60: now it is */
	t = test_core_lag_task(TASK_IN_PROGRESS, 34, start, end);
	assert_true(task_is_lagging(&t, as_of));
	/* the same boundary for a planned task with 0 %: 25 % elapsed on 26 Jan (25 of 100 days) */
	t = test_core_lag_task(TASK_PLANNED, 0, start, end);
	assert_false(task_is_lagging(&t, test_core_date(2024, 1, 26)));
	assert_true(task_is_lagging(&t, test_core_date(2024, 1, 27)));
}

/* ---- summary ------------------------------------------------------------------------------- */

static const struct summary_investor *test_core_find_investor(const struct summary *s,
                                                              const char *code)
{
	size_t i;

	for (i = 0; i < s->n_investors; i++)
		if (s->investors[i].code && strcmp(s->investors[i].code, code) == 0)
			return &s->investors[i];
	return NULL;
}

static void test_core_summary_totals(void **state)
{
	struct date as_of = test_core_date(2024, 6, 30);
	struct summary s;
	struct task t1, t2, t3;
	const struct summary_investor *sttt, *cat;

	(void)state;
	/* Sở TT&TT: one task under way, on schedule (40 % done, 181 of 365 days = 49,6 % gone) */
	t1 = test_core_valid_task();
	t1.code = (char *)"CDS-01";
	/* …and one finished and fully paid */
	t2 = test_core_valid_task();
	t2.code = (char *)"CDS-02";
	t2.budget_vnd = INT64_C(5000000000);
	t2.disbursed_vnd = INT64_C(5000000000);
	t2.progress_pct = 100;
	t2.status = TASK_COMPLETED;
	/* Công an tỉnh: one big task that should have ended on 1 Jun at 5 % */
	t3 = test_core_valid_task();
	t3.code = (char *)"CA-01";
	t3.investor = (char *)"CAT";
	t3.budget_vnd = INT64_C(20000000000);
	t3.disbursed_vnd = INT64_C(1000000000);
	t3.progress_pct = 5;
	t3.end_date = test_core_date(2024, 6, 1);

	summary_init(&s, 2024, as_of);
	summary_add(&s, &t1);
	summary_add(&s, &t2);
	summary_add(&s, &t3);

	assert_int_equal(s.year, 2024);
	assert_int_equal(s.tasks, 3);
	assert_int_equal(s.budget_vnd, INT64_C(35000000000));
	assert_int_equal(s.disbursed_vnd, INT64_C(10000000000));
	assert_int_equal(s.by_status[TASK_PLANNED], 0);
	assert_int_equal(s.by_status[TASK_IN_PROGRESS], 2);
	assert_int_equal(s.by_status[TASK_COMPLETED], 1);
	assert_int_equal(s.by_status[TASK_STOPPED], 0);
	assert_int_equal(s.by_status[TASK_DEFERRED], 0);
	assert_int_equal(s.lagging, 1);
	/* 10 of 35 tỷ = 28,571… % → 28,6 % */
	assert_int_equal(summary_pct_x10(s.disbursed_vnd, s.budget_vnd), 286);

	assert_int_equal(s.n_investors, 2);
	sttt = test_core_find_investor(&s, "STTTT");
	cat = test_core_find_investor(&s, "CAT");
	assert_non_null(sttt);
	assert_non_null(cat);
	assert_int_equal(sttt->tasks, 2);
	assert_int_equal(sttt->budget_vnd, INT64_C(15000000000));
	assert_int_equal(sttt->disbursed_vnd, INT64_C(9000000000));
	assert_int_equal(sttt->completed, 1);
	assert_int_equal(sttt->lagging, 0);
	assert_int_equal(summary_pct_x10(sttt->disbursed_vnd, sttt->budget_vnd), 600);
	assert_int_equal(cat->tasks, 1);
	assert_int_equal(cat->budget_vnd, INT64_C(20000000000));
	assert_int_equal(cat->disbursed_vnd, INT64_C(1000000000));
	assert_int_equal(cat->completed, 0);
	assert_int_equal(cat->lagging, 1);
	assert_int_equal(summary_pct_x10(cat->disbursed_vnd, cat->budget_vnd), 50);

	/* the biggest budget first: CAT (20 tỷ), then STTTT (15 tỷ) */
	summary_sort_investors(&s);
	assert_string_equal(s.investors[0].code, "CAT");
	assert_string_equal(s.investors[1].code, "STTTT");
	assert_int_equal(s.investors[0].budget_vnd, INT64_C(20000000000));

	summary_finish(&s);
}

static void test_core_summary_copies_codes(void **state)
{
	struct summary s;
	struct task t = test_core_valid_task();
	char investor[16] = "STTTT";

	(void)state;
	summary_init(&s, 2024, test_core_date(2024, 6, 30));
	t.investor = investor;
	summary_add(&s, &t);
	/* the caller's string goes away after the add; the summary keeps its own copy */
	memset(investor, 'x', sizeof investor - 1);
	summary_add(&s, &t);
	assert_int_equal(s.n_investors, 2);
	assert_non_null(test_core_find_investor(&s, "STTTT"));
	assert_int_equal(test_core_find_investor(&s, "STTTT")->tasks, 1);
	summary_finish(&s);
}

static void test_core_summary_sort_ties(void **state)
{
	struct summary s;
	struct task t = test_core_valid_task();

	(void)state;
	summary_init(&s, 2024, test_core_date(2024, 6, 30));
	t.investor = (char *)"SYT";
	t.budget_vnd = INT64_C(5000000000);
	t.disbursed_vnd = 0;
	summary_add(&s, &t);
	t.investor = (char *)"SGDDT";
	summary_add(&s, &t);
	t.investor = (char *)"UBND-BK";
	t.budget_vnd = INT64_C(9000000000);
	summary_add(&s, &t);
	t.investor = (char *)"SNN";
	t.budget_vnd = INT64_C(1000000000);
	summary_add(&s, &t);

	summary_sort_investors(&s);
	assert_int_equal(s.n_investors, 4);
	assert_string_equal(s.investors[0].code, "UBND-BK"); /* 9 tỷ */
	assert_string_equal(s.investors[1].code, "SGDDT");   /* 5 tỷ, code first */
	assert_string_equal(s.investors[2].code, "SYT");     /* 5 tỷ */
	assert_string_equal(s.investors[3].code, "SNN");     /* 1 tỷ */
	summary_finish(&s);
}

static void test_core_summary_pct(void **state)
{
	(void)state;
	assert_int_equal(summary_pct_x10(INT64_C(35600000000), INT64_C(67150000000)), 530);
	assert_int_equal(summary_pct_x10(1, 16), 63);
	assert_int_equal(summary_pct_x10(0, INT64_C(1000)), 0);
	assert_int_equal(summary_pct_x10(INT64_C(1000), 0), 0); /* no budget: no rate */
}

static void test_core_summary_empty(void **state)
{
	struct summary s;

	(void)state;
	summary_init(&s, 2025, test_core_date(2025, 1, 1));
	assert_int_equal(s.tasks, 0);
	assert_int_equal(s.budget_vnd, 0);
	assert_int_equal(s.n_investors, 0);
	summary_sort_investors(&s);
	summary_finish(&s);
}

/* ---- unit ---------------------------------------------------------------------------------- */

static void test_core_unit_kind(void **state)
{
	enum unit_kind k = UNIT_KIND_COUNT;
	int i;

	(void)state;
	assert_string_equal(unit_kind_code(UNIT_PROVINCE), "province");
	assert_int_equal(unit_kind_parse("province", &k), 0);
	assert_int_equal(k, UNIT_PROVINCE);
	for (i = 0; i < UNIT_KIND_COUNT; i++) {
		k = UNIT_KIND_COUNT;
		assert_int_equal(unit_kind_parse(unit_kind_code((enum unit_kind)i), &k), 0);
		assert_int_equal(k, i);
	}
	assert_string_equal(unit_kind_label_vi(UNIT_PROVINCE), "tỉnh");
	assert_int_equal(unit_kind_parse("planet", &k), -1);
	assert_int_equal(unit_kind_parse("", &k), -1);
}

static void test_core_unit_code_valid(void **state)
{
	char code[TASK_CODE_MAX + 2];

	(void)state;
	assert_true(unit_code_valid("06", UNIT_CODE_MAX));    /* Bắc Kạn, GSO code */
	assert_true(unit_code_valid("058", UNIT_CODE_MAX));   /* a district */
	assert_true(unit_code_valid("01834", UNIT_CODE_MAX)); /* a commune */
	assert_true(unit_code_valid("STTTT", UNIT_CODE_MAX));
	assert_true(unit_code_valid("a.b-c_d", UNIT_CODE_MAX));
	assert_false(unit_code_valid("", UNIT_CODE_MAX));
	assert_false(unit_code_valid("có dấu", UNIT_CODE_MAX));
	assert_false(unit_code_valid("Sở", UNIT_CODE_MAX));
	assert_false(unit_code_valid("a b", UNIT_CODE_MAX));
	assert_false(unit_code_valid("a/b", UNIT_CODE_MAX));
	assert_false(unit_code_valid("a;b", UNIT_CODE_MAX));

	memset(code, 'a', sizeof code);
	code[UNIT_CODE_MAX] = '\0'; /* 32 bytes: the longest allowed */
	assert_true(unit_code_valid(code, UNIT_CODE_MAX));
	code[UNIT_CODE_MAX] = 'a';
	code[UNIT_CODE_MAX + 1] = '\0'; /* 33 bytes */
	assert_false(unit_code_valid(code, UNIT_CODE_MAX));
	/* task codes share the rule with their own limit */
	assert_true(unit_code_valid(code, TASK_CODE_MAX));
	memset(code, 'a', sizeof code);
	code[TASK_CODE_MAX] = '\0';
	assert_true(unit_code_valid(code, TASK_CODE_MAX));
	code[TASK_CODE_MAX] = 'a';
	code[TASK_CODE_MAX + 1] = '\0';
	assert_false(unit_code_valid(code, TASK_CODE_MAX));
}

static void test_core_unit_parent(void **state)
{
	int p;

	(void)state;
	assert_true(unit_parent_allowed(UNIT_PROVINCE, UNIT_NATION));
	assert_false(unit_parent_allowed(UNIT_PROVINCE, UNIT_PROVINCE));
	assert_false(unit_parent_allowed(UNIT_PROVINCE, UNIT_DISTRICT));

	assert_true(unit_parent_allowed(UNIT_DISTRICT, UNIT_PROVINCE));
	assert_false(unit_parent_allowed(UNIT_DISTRICT, UNIT_COMMUNE));
	assert_false(unit_parent_allowed(UNIT_DISTRICT, UNIT_NATION));
	assert_false(unit_parent_allowed(UNIT_DISTRICT, UNIT_DISTRICT));

	assert_true(unit_parent_allowed(UNIT_COMMUNE, UNIT_DISTRICT));
	assert_true(unit_parent_allowed(UNIT_COMMUNE, UNIT_PROVINCE)); /* from 1 July 2025 */
	assert_false(unit_parent_allowed(UNIT_COMMUNE, UNIT_NATION));
	assert_false(unit_parent_allowed(UNIT_COMMUNE, UNIT_COMMUNE));
	assert_false(unit_parent_allowed(UNIT_COMMUNE, UNIT_AGENCY));

	assert_true(unit_parent_allowed(UNIT_AGENCY, UNIT_NATION));
	assert_true(unit_parent_allowed(UNIT_AGENCY, UNIT_PROVINCE));
	assert_true(unit_parent_allowed(UNIT_AGENCY, UNIT_DISTRICT));
	assert_false(unit_parent_allowed(UNIT_AGENCY, UNIT_COMMUNE));
	assert_false(unit_parent_allowed(UNIT_AGENCY, UNIT_AGENCY));

	/* nothing is above the nation, and no unit hangs under an agency */
	for (p = 0; p < UNIT_KIND_COUNT; p++) {
		assert_false(unit_parent_allowed(UNIT_NATION, (enum unit_kind)p));
		assert_false(unit_parent_allowed((enum unit_kind)p, UNIT_AGENCY));
	}
}

/* ---- hmap ---------------------------------------------------------------------------------- */

static void test_core_hmap_basic(void **state)
{
	struct hmap m;
	int64_t v = 0;
	char key[8] = "06";

	(void)state;
	hmap_init(&m);
	assert_false(hmap_get(&m, "06", &v)); /* empty map */
	assert_true(hmap_put(&m, key, 6));
	/* keys are copied: changing the caller's buffer does not change the map */
	key[0] = '9';
	assert_true(hmap_get(&m, "06", &v));
	assert_int_equal(v, 6);
	assert_false(hmap_get(&m, "96", NULL));

	assert_false(hmap_put(&m, "06", 60)); /* overwrite: not new */
	assert_true(hmap_get(&m, "06", &v));
	assert_int_equal(v, 60);
	assert_int_equal(m.count, 1);

	assert_true(hmap_put(&m, "", -1)); /* the empty string is a key like any other */
	assert_true(hmap_get(&m, "", &v));
	assert_int_equal(v, -1);
	assert_true(hmap_get(&m, "06", NULL));
	assert_false(hmap_get(&m, "6", NULL));
	assert_int_equal(m.count, 2);
	hmap_finish(&m);
}

static void test_core_hmap_many(void **state)
{
	struct hmap m;
	char key[32];
	int64_t v;
	int i;

	(void)state;
	hmap_init(&m);
	for (i = 0; i < 10000; i++) {
		snprintf(key, sizeof key, "TASK-%d", i);
		assert_true(hmap_put(&m, key, (int64_t)i * 7));
	}
	assert_int_equal(m.count, 10000);
	assert_true(m.cap >= 10000);
	assert_int_equal(m.cap & (m.cap - 1), 0); /* a power of two */
	for (i = 0; i < 10000; i++) {
		snprintf(key, sizeof key, "TASK-%d", i);
		v = -1;
		if (!hmap_get(&m, key, &v) || v != (int64_t)i * 7)
			fail_msg("key %s lost after growth (got %lld)", key, (long long)v);
	}
	assert_false(hmap_get(&m, "TASK-10000", NULL));
	assert_false(hmap_get(&m, "TASK--1", NULL));
	/* overwriting every key keeps the count */
	for (i = 0; i < 10000; i += 3) {
		snprintf(key, sizeof key, "TASK-%d", i);
		assert_false(hmap_put(&m, key, -i));
	}
	assert_int_equal(m.count, 10000);
	assert_true(hmap_get(&m, "TASK-9999", &v));
	assert_int_equal(v, -9999);
	assert_true(hmap_get(&m, "TASK-9998", &v));
	assert_int_equal(v, 9998 * 7);
	hmap_finish(&m);
}

/* ---- diag ---------------------------------------------------------------------------------- */

static void test_core_diag_expect(const struct diag_item *it, const char *want)
{
	struct buf b;

	buf_init(&b, 0);
	diag_format(it, &b);
	assert_string_equal(buf_cstr(&b), want);
	buf_finish(&b);
}

static void test_core_diag_sort(void **state)
{
	struct diag d;

	(void)state;
	diag_init(&d);
	diag_add(&d, "b.csv", 2, "year", "b2");
	diag_add(&d, "a.csv", 3, "year", "first");
	diag_add(&d, "a.csv", 10, "year", "a10"); /* 10 after 3: numbers, not text */
	diag_add(&d, "a.csv", 3, "code", "second");
	diag_add(&d, "b.csv", 1, NULL, "b1");
	diag_add(&d, "a.csv", 3, "name", "third");
	diag_add(&d, "a.csv", 3, "budget_vnd", "fourth");
	assert_int_equal(d.count, 7);

	diag_sort(&d);
	assert_string_equal(d.items[0].message, "first");
	assert_string_equal(d.items[1].message, "second");
	assert_string_equal(d.items[2].message, "third");
	assert_string_equal(d.items[3].message, "fourth");
	assert_string_equal(d.items[4].message, "a10");
	assert_string_equal(d.items[5].message, "b1");
	assert_string_equal(d.items[6].message, "b2");
	assert_int_equal(d.items[4].line, 10);
	assert_string_equal(d.items[5].file, "b.csv");
	assert_null(d.items[5].column);
	diag_finish(&d);
}

static void test_core_diag_format(void **state)
{
	struct diag d;

	(void)state;
	diag_init(&d);
	diag_add(&d, "f.csv", 3, "year", "msg");
	diag_add(&d, "f.csv", 0, NULL, "msg");
	diag_add(&d, NULL, 0, "year", "msg");
	diag_add(&d, "f.csv", 3, NULL, "msg");
	diag_add(&d, "f.csv", 0, "year", "msg");
	diag_add(&d, NULL, 0, NULL, "msg");
	diag_add(&d, "tasks.csv", 12, "year", "year %d is not between %d and %d", 1999, 2000, 2100);
	assert_int_equal(d.count, 7);
	test_core_diag_expect(&d.items[0], "f.csv:3: year: msg");
	test_core_diag_expect(&d.items[1], "f.csv: msg");
	test_core_diag_expect(&d.items[2], "year: msg");
	test_core_diag_expect(&d.items[3], "f.csv:3: msg");
	test_core_diag_expect(&d.items[4], "f.csv: year: msg");
	test_core_diag_expect(&d.items[5], "msg");
	test_core_diag_expect(&d.items[6],
	                      "tasks.csv:12: year: year 1999 is not between 2000 and 2100");
	assert_int_equal(diag_total(&d), 7);
	assert_int_equal(d.dropped, 0);
	diag_finish(&d);
}

static void test_core_diag_keep(void **state)
{
	struct diag d;
	struct buf out;
	char chunk[256];
	size_t i, n;
	FILE *f;

	(void)state;
	diag_init(&d);
	for (i = 0; i < DIAG_KEEP + 5; i++)
		diag_add(&d, "big.csv", (unsigned)(i + 2), "code", "row %zu", i);
	assert_int_equal(d.count, DIAG_KEEP);
	assert_int_equal(d.dropped, 5);
	assert_int_equal(diag_total(&d), DIAG_KEEP + 5);
	/* the first ones are kept, the later ones only counted */
	assert_string_equal(d.items[0].message, "row 0");
	assert_string_equal(d.items[DIAG_KEEP - 1].message, "row 999");

	/* the printout lists what was kept and says how many more there were */
	f = tmpfile();
	assert_non_null(f);
	diag_print(&d, f);
	rewind(f);
	buf_init(&out, 0);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&out, chunk, n);
	fclose(f);
	assert_non_null(strstr(buf_cstr(&out), "big.csv:2: code: row 0\n"));
	assert_non_null(strstr(buf_cstr(&out), "big.csv:1001: code: row 999\n"));
	assert_null(strstr(buf_cstr(&out), "row 1000"));
	assert_non_null(strstr(buf_cstr(&out), "5 more"));
	buf_finish(&out);
	diag_finish(&d);
}

/* ---- buf ----------------------------------------------------------------------------------- */

static void test_core_buf(void **state)
{
	struct buf b;
	char *s;

	(void)state;
	buf_init(&b, 0);
	assert_string_equal(buf_cstr(&b), ""); /* never NULL, even before the first append */
	assert_int_equal(b.len, 0);
	assert_int_equal(buf_puts(&b, "Bắc"), 0);
	assert_int_equal(buf_putc(&b, ' '), 0);
	assert_int_equal(buf_printf(&b, "Kạn %d/%s", 6, "06"), 0);
	assert_string_equal(buf_cstr(&b), "Bắc Kạn 6/06");
	assert_int_equal(b.len, strlen("Bắc Kạn 6/06"));
	buf_reset(&b);
	assert_string_equal(buf_cstr(&b), "");
	assert_int_equal(buf_append(&b, "ab\0cd", 5), 0);
	assert_int_equal(b.len, 5);
	assert_memory_equal(b.data, "ab\0cd", 6); /* with the trailing NUL */
	s = buf_steal(&b);
	assert_non_null(s);
	assert_memory_equal(s, "ab\0cd", 6);
	free(s);
	buf_finish(&b);

	/* the cap: a refused append leaves the buffer as it was */
	buf_init(&b, 8);
	assert_int_equal(buf_puts(&b, "12345"), 0);
	assert_int_equal(buf_puts(&b, "6789012"), -1);
	assert_string_equal(buf_cstr(&b), "12345");
	assert_int_equal(b.len, 5);
	assert_int_equal(buf_printf(&b, "%s", "much too long"), -1);
	assert_string_equal(buf_cstr(&b), "12345");
	assert_int_equal(buf_putc(&b, '6'), 0);
	assert_string_equal(buf_cstr(&b), "123456");
	buf_finish(&b);

	/* many small appends grow it */
	buf_init(&b, 0);
	{
		int i;
		for (i = 0; i < 5000; i++)
			assert_int_equal(buf_putc(&b, (char)('a' + i % 26)), 0);
	}
	assert_int_equal(b.len, 5000);
	assert_int_equal(b.data[4999], 'a' + 4999 % 26);
	assert_int_equal(b.data[5000], '\0');
	buf_finish(&b);
}

/* ---- users: roles and rights --------------------------------------------------------------- */

static void test_core_user_roles(void **state)
{
	static const struct {
		const char *code;
		enum user_role role;
	} known[] = {
	    {"admin", ROLE_ADMIN},
	    {"viewer", ROLE_VIEWER},
	    {"editor", ROLE_EDITOR},
	    {"finance", ROLE_FINANCE},
	};
	static const char *const unknown[] = {"",     "Admin",     "ADMIN", "editor ", " viewer",
	                                      "root", "finance\n", "?",     "quản trị"};
	enum user_role r;
	(void)state;

	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
		r = ROLE_COUNT;
		assert_int_equal(user_role_parse(known[i].code, &r), 0);
		assert_int_equal(r, known[i].role);
		assert_string_equal(user_role_code(known[i].role), known[i].code);
	}
	for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
		r = ROLE_VIEWER;
		if (user_role_parse(unknown[i], &r) != -1)
			fail_msg("user_role_parse accepted \"%s\"", unknown[i]);
		assert_int_equal(r, ROLE_VIEWER); /* untouched on failure */
	}
	/* Vietnamese labels, as the pages show them */
	assert_string_equal(user_role_label_vi(ROLE_ADMIN), "Quản trị");
	assert_string_equal(user_role_label_vi(ROLE_FINANCE), "Tài chính");
	assert_true(test_core_contains_ci(user_role_label_vi(ROLE_VIEWER), "Ban Chỉ đạo"));
	assert_true(test_core_contains_ci(user_role_label_vi(ROLE_EDITOR), "chủ đầu tư"));
	/* out of range is "?" rather than a crash */
	assert_string_equal(user_role_code(ROLE_COUNT), "?");
	assert_string_equal(user_role_label_vi((enum user_role) - 1), "?");
}

static void test_core_user_name_valid(void **state)
{
	static const char *const good[] = {
	    "ab",
	    "lan",
	    "nguyen.van.a",
	    "tran_thi_b",
	    "sttttt-01",
	    "a1",
	    "z.-_9",
	    /* 64 bytes: the longest */
	    "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij1234",
	};
	static const char *const bad[] = {
	    "",
	    "a",
	    "Lan",
	    "lAn",
	    "1lan",
	    ".lan",
	    "_lan",
	    "-lan",
	    "la n",
	    "lan\n",
	    "lan@x.vn",
	    "nguyễn",
	    "đức",
	    "lan/../",
	    "lan;--",
	    "LAN",
	    /* 65 bytes: one too many */
	    "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij12345",
	};
	(void)state;
	assert_int_equal(strlen(good[7]), USER_NAME_MAX);
	assert_int_equal(strlen(bad[16]), USER_NAME_MAX + 1);
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (!user_name_valid(good[i]))
			fail_msg("user_name_valid rejected \"%s\"", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (user_name_valid(bad[i]))
			fail_msg("user_name_valid accepted \"%s\"", bad[i]);
}

static void test_core_user_task_rights(void **state)
{
	const unsigned all = RIGHT_PROGRESS | RIGHT_DISBURSED | RIGHT_STATUS | RIGHT_NOTE;
	(void)state;
	assert_int_equal(RIGHT_ALL, all);
	/* admin: everything, wherever the task is */
	assert_int_equal(user_task_rights(ROLE_ADMIN, true), all);
	assert_int_equal(user_task_rights(ROLE_ADMIN, false), all);
	/* editor: everything in its unit, nothing outside */
	assert_int_equal(user_task_rights(ROLE_EDITOR, true), all);
	assert_int_equal(user_task_rights(ROLE_EDITOR, false), 0);
	/* finance: the disbursement and a note, never progress or status, in any unit */
	assert_int_equal(user_task_rights(ROLE_FINANCE, true), RIGHT_DISBURSED | RIGHT_NOTE);
	assert_int_equal(user_task_rights(ROLE_FINANCE, false), RIGHT_DISBURSED | RIGHT_NOTE);
	assert_false(user_task_rights(ROLE_FINANCE, true) & RIGHT_PROGRESS);
	assert_false(user_task_rights(ROLE_FINANCE, true) & RIGHT_STATUS);
	/* viewer: reads only */
	assert_int_equal(user_task_rights(ROLE_VIEWER, true), 0);
	assert_int_equal(user_task_rights(ROLE_VIEWER, false), 0);
	/* an unknown role has no rights */
	assert_int_equal(user_task_rights(ROLE_COUNT, true), 0);

	assert_true(user_may_import_tasks(ROLE_ADMIN));
	assert_true(user_may_import_tasks(ROLE_EDITOR));
	assert_false(user_may_import_tasks(ROLE_VIEWER));
	assert_false(user_may_import_tasks(ROLE_FINANCE));
	assert_true(user_may_admin(ROLE_ADMIN));
	assert_false(user_may_admin(ROLE_EDITOR));
	assert_false(user_may_admin(ROLE_VIEWER));
	assert_false(user_may_admin(ROLE_FINANCE));
}

static void test_core_user_clear(void **state)
{
	struct user u = {0};
	(void)state;
	u.id = 7;
	u.name = strdup("lan");
	u.unit = strdup("STTTT");
	u.created_at = strdup("2023-12-14T08:00:00Z");
	u.pw_hash = strdup("$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA");
	u.disabled = true;
	user_clear(&u);
	assert_null(u.name);
	assert_null(u.unit);
	assert_null(u.created_at);
	assert_null(u.pw_hash);
	assert_int_equal(u.id, 0);
	assert_false(u.disabled);
	user_clear(&u); /* twice is harmless */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_core_money_parse_good),
	    cmocka_unit_test(test_core_money_parse_len),
	    cmocka_unit_test(test_core_money_parse_bad),
	    cmocka_unit_test(test_core_money_pct),
	    cmocka_unit_test(test_core_money_millions),
	    cmocka_unit_test(test_core_date_parse_good),
	    cmocka_unit_test(test_core_date_parse_len),
	    cmocka_unit_test(test_core_date_parse_bad),
	    cmocka_unit_test(test_core_date_valid),
	    cmocka_unit_test(test_core_date_days_known),
	    cmocka_unit_test(test_core_date_days_round_trip),
	    cmocka_unit_test(test_core_date_compare),
	    cmocka_unit_test(test_core_date_format),
	    cmocka_unit_test(test_core_task_status_parse),
	    cmocka_unit_test(test_core_task_funding_parse),
	    cmocka_unit_test(test_core_task_tags),
	    cmocka_unit_test(test_core_task_check_valid),
	    cmocka_unit_test(test_core_task_check_each_rule),
	    cmocka_unit_test(test_core_task_check_several),
	    cmocka_unit_test(test_core_task_lagging),
	    cmocka_unit_test(test_core_task_lagging_boundary),
	    cmocka_unit_test(test_core_summary_totals),
	    cmocka_unit_test(test_core_summary_copies_codes),
	    cmocka_unit_test(test_core_summary_sort_ties),
	    cmocka_unit_test(test_core_summary_pct),
	    cmocka_unit_test(test_core_summary_empty),
	    cmocka_unit_test(test_core_unit_kind),
	    cmocka_unit_test(test_core_unit_code_valid),
	    cmocka_unit_test(test_core_unit_parent),
	    cmocka_unit_test(test_core_hmap_basic),
	    cmocka_unit_test(test_core_hmap_many),
	    cmocka_unit_test(test_core_diag_sort),
	    cmocka_unit_test(test_core_diag_format),
	    cmocka_unit_test(test_core_diag_keep),
	    cmocka_unit_test(test_core_buf),
	    cmocka_unit_test(test_core_user_roles),
	    cmocka_unit_test(test_core_user_name_valid),
	    cmocka_unit_test(test_core_user_task_rights),
	    cmocka_unit_test(test_core_user_clear),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
