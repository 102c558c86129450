/* test_units_time.c — units over time: the validity spans and events of core/unit.c, and the
 * merge, dissolve and move use cases (app/units.c, store/sqlite.c) on a real SQLite database in a
 * temporary directory.
 *
 * The fixture is a small Bắc Kạn before 2025: province 06 with district 058 (communes 01834,
 * 01840) and district 061 (commune 01888), agency SYT, and a 2023 task of SYT. Expected trees are
 * written out by hand as "code>parent" lists in code order, from the rules in app.h: on the day of
 * a merge the sources are gone and their children hang under the unit merged into; on the day
 * before, nothing has changed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "app/app.h"
#include "core/unit.h"
#include "lib/buf.h"
#include "lib/diag.h"

#define TEST_NOW "2023-12-14T08:00:00Z"

static const char test_units_csv[] = "code,name,kind,parent_code\n"
                                     "VN,Việt Nam,nation,\n"
                                     "06,Tỉnh Bắc Kạn,province,VN\n"
                                     "058,Thành phố Bắc Kạn,district,06\n"
                                     "061,Huyện Ba Bể,district,06\n"
                                     "01834,Phường Nguyễn Thị Minh Khai,commune,058\n"
                                     "01840,Phường Đức Xuân,commune,058\n"
                                     "01888,Thị trấn Chợ Rã,commune,061\n"
                                     "SYT,Sở Y tế,agency,06\n";

static const char test_units_tasks[] =
    "code,year,name,investor,budget_vnd,disbursed_vnd,progress_pct,status\n"
    "T-SYT,2023,Bệnh án điện tử,SYT,200000000,0,0,planned\n";

/* The 2025 restructuring of the fixture, in two orders of the same day. */
static const char test_units_top_down[] = "event,unit,into,on,name,kind,parent\n"
                                          "merge,06,19,2025-07-01,Tỉnh Thái Nguyên,province,VN\n"
                                          "dissolve,058,,2025-07-01,,,\n"
                                          "dissolve,061,,2025-07-01,,,\n"
                                          "merge,01834,01840,2025-07-01,,,\n";
static const char test_units_bottom_up[] = "event,unit,into,on,name,kind,parent\n"
                                           "merge,01834,01840,01/07/2025,,,\n"
                                           "dissolve,061,,01/07/2025,,,\n"
                                           "dissolve,058,,01/07/2025,,,\n"
                                           "merge,06,19,01/07/2025,Tỉnh Thái Nguyên,province,VN\n";

static char test_units_dir[] = "/tmp/dxtrack-test-units-XXXXXX";
static int test_units_dbs;

static struct date test_units_date(int y, int m, int d)
{
	struct date day = {y, m, d};
	return day;
}

static const struct date test_units_unset = {0, 0, 0};

/* ---- core: spans and events ---------------------------------------------------------------- */

static void test_units_span_holds(void **state)
{
	struct date jul1 = test_units_date(2025, 7, 1), jun30 = test_units_date(2025, 6, 30);
	(void)state;
	/* open on both sides: every day */
	assert_true(unit_span_holds(test_units_unset, test_units_unset, jun30));
	/* valid_to is the first day without: 30 June is in, 1 July is out */
	assert_true(unit_span_holds(test_units_unset, jul1, jun30));
	assert_false(unit_span_holds(test_units_unset, jul1, jul1));
	/* valid_from is the first day with */
	assert_true(unit_span_holds(jul1, test_units_unset, jul1));
	assert_false(unit_span_holds(jul1, test_units_unset, jun30));
	/* an empty span [1 July, 1 July) holds no day */
	assert_false(unit_span_holds(jul1, jul1, jul1));
	assert_false(unit_span_holds(jul1, jul1, jun30));
	/* leap day inside [2024-01-01, 2024-03-01) */
	assert_true(unit_span_holds(test_units_date(2024, 1, 1), test_units_date(2024, 3, 1),
	                            test_units_date(2024, 2, 29)));
}

static void test_units_span_valid_within(void **state)
{
	struct date a = test_units_date(2023, 1, 1), b = test_units_date(2025, 7, 1);
	(void)state;
	assert_true(unit_span_valid(test_units_unset, test_units_unset));
	assert_true(unit_span_valid(a, b));
	assert_true(unit_span_valid(a, test_units_unset));
	assert_false(unit_span_valid(b, a));
	assert_false(unit_span_valid(b, b));

	/* anything lies within "always" */
	assert_true(unit_span_within(a, b, test_units_unset, test_units_unset));
	assert_true(unit_span_within(test_units_unset, test_units_unset, test_units_unset,
	                             test_units_unset));
	/* an open end does not lie within a parent that ends */
	assert_false(unit_span_within(test_units_unset, test_units_unset, test_units_unset, b));
	assert_true(unit_span_within(test_units_unset, b, test_units_unset, b));
	assert_true(unit_span_within(test_units_unset, a, test_units_unset, b));
	/* a child that begins on its parent's end, or before its parent's start, does not */
	assert_false(unit_span_within(b, test_units_unset, test_units_unset, b));
	assert_false(unit_span_within(a, test_units_unset, b, test_units_unset));
	assert_false(unit_span_within(test_units_unset, test_units_unset, b, test_units_unset));
	assert_true(unit_span_within(b, test_units_unset, a, test_units_unset));
}

static void test_units_span_format(void **state)
{
	struct buf out;
	(void)state;
	buf_init(&out, 0);
	unit_span_format(&out, test_units_unset, test_units_unset);
	assert_string_equal(buf_cstr(&out), "always");
	buf_reset(&out);
	unit_span_format(&out, test_units_date(2025, 7, 1), test_units_unset);
	assert_string_equal(buf_cstr(&out), "from 2025-07-01");
	buf_reset(&out);
	unit_span_format(&out, test_units_unset, test_units_date(2025, 7, 1));
	assert_string_equal(buf_cstr(&out), "before 2025-07-01");
	buf_reset(&out);
	unit_span_format(&out, test_units_date(2004, 1, 9), test_units_date(2025, 7, 1));
	assert_string_equal(buf_cstr(&out), "from 2004-01-09, before 2025-07-01");
	buf_finish(&out);
}

static void test_units_events(void **state)
{
	enum unit_event e = UNIT_EVENT_COUNT;
	(void)state;
	assert_int_equal(unit_event_parse("merge", &e), 0);
	assert_int_equal(e, UNIT_EVENT_MERGE);
	assert_int_equal(unit_event_parse("dissolve", &e), 0);
	assert_int_equal(e, UNIT_EVENT_DISSOLVE);
	assert_int_equal(unit_event_parse("split", &e), 0);
	assert_int_equal(e, UNIT_EVENT_SPLIT);
	assert_int_equal(unit_event_parse("move", &e), 0);
	assert_int_equal(e, UNIT_EVENT_MOVE);
	assert_int_equal(unit_event_parse("Merge", &e), -1);
	assert_int_equal(unit_event_parse("", &e), -1);
	assert_string_equal(unit_event_code(UNIT_EVENT_DISSOLVE), "dissolve");
	assert_string_equal(unit_event_label_vi(UNIT_EVENT_MERGE), "sáp nhập");
	assert_string_equal(unit_event_label_vi(UNIT_EVENT_DISSOLVE), "giải thể");
	assert_string_equal(unit_event_code(UNIT_EVENT_COUNT), "?");

	struct unit u = {.valid_from = test_units_date(2025, 7, 1)};
	assert_false(unit_valid_on(&u, test_units_date(2025, 6, 30)));
	assert_true(unit_valid_on(&u, test_units_date(2025, 7, 1)));
}

/* ---- app: the fixture ---------------------------------------------------------------------- */

struct test_units {
	char path[300];
	struct app app; /* as the system */
};

static void test_units_open(struct test_units *t)
{
	char why[512];
	if (app_open(&t->app, t->path, "tester", "cli", TEST_NOW, why, sizeof why) != APP_OK)
		fail_msg("app_open %s: %s", t->path, why);
}

static int test_units_setup(void **state)
{
	struct test_units *t = calloc(1, sizeof *t);
	struct diag d;
	struct import_result r;
	snprintf(t->path, sizeof t->path, "%s/units%d.db", test_units_dir, ++test_units_dbs);
	test_units_open(t);
	diag_init(&d);
	assert_int_equal(
	    app_import_units(&t->app, "units.csv", test_units_csv, strlen(test_units_csv), &d, &r),
	    APP_OK);
	assert_int_equal(app_import_tasks(&t->app, "tasks.csv", test_units_tasks,
	                                  strlen(test_units_tasks), &d, &r),
	                 APP_OK);
	diag_finish(&d);
	*state = t;
	return 0;
}

static int test_units_teardown(void **state)
{
	struct test_units *t = *state;
	app_close(&t->app);
	free(t);
	return 0;
}

static int test_units_tree_each(void *ctx, const struct unit *u)
{
	buf_printf(ctx, "%s%s>%s", ((struct buf *)ctx)->len ? " " : "", u->code,
	           u->parent_code ? u->parent_code : "-");
	return 0;
}

/* The tree of a day as "code>parent" in code order. The caller frees. */
static char *test_units_tree(struct app *a, struct date on)
{
	struct buf out;
	buf_init(&out, 0);
	assert_int_equal(app_units_at(a, on, test_units_tree_each, &out), APP_OK);
	return buf_steal(&out);
}

static void test_units_tree_is(struct app *a, struct date on, const char *want)
{
	char *got = test_units_tree(a, on);
	assert_string_equal(got, want);
	free(got);
}

static char *test_units_diag_text(const struct diag *d)
{
	struct buf out;
	buf_init(&out, 0);
	for (size_t i = 0; i < d->count; i++) {
		diag_format(&d->items[i], &out);
		buf_putc(&out, '\n');
	}
	return buf_steal(&out);
}

static void test_units_apply(struct app *a, const char *events)
{
	struct diag d;
	struct app_units_applied r;
	diag_init(&d);
	enum app_status s = app_unit_apply(a, "events.csv", events, strlen(events), &d, &r);
	if (s != APP_OK) {
		char *text = test_units_diag_text(&d);
		fail_msg("app_unit_apply: status %d:\n%s", s, text);
	}
	assert_int_equal(r.events, 4);
	assert_int_equal(r.merged, 2);
	assert_int_equal(r.dissolved, 2);
	assert_int_equal(r.created, 1);
	diag_finish(&d);
}

static int64_t test_units_generation(struct app *a)
{
	int64_t gen = -1;
	assert_int_equal(app_generation(a, &gen), APP_OK);
	return gen;
}

/* ---- app: the tree over time --------------------------------------------------------------- */

static const char test_units_before[] = "01834>058 01840>058 01888>061 058>06 06>VN 061>06 SYT>06 "
                                        "VN>-";
static const char test_units_after[] = "01840>19 01888>19 19>VN SYT>19 VN>-";

static void test_units_restructure(void **state)
{
	struct test_units *t = *state;
	struct date jun30 = test_units_date(2025, 6, 30), jul1 = test_units_date(2025, 7, 1);
	test_units_tree_is(&t->app, jun30, test_units_before);
	test_units_apply(&t->app, test_units_top_down);
	/* the day before is untouched; from 1 July the two-level tree */
	test_units_tree_is(&t->app, jun30, test_units_before);
	test_units_tree_is(&t->app, test_units_date(2023, 12, 31), test_units_before);
	test_units_tree_is(&t->app, jul1, test_units_after);
	test_units_tree_is(&t->app, test_units_date(2030, 1, 1), test_units_after);

	/* parent_code is today's tree: the commune continuing under 19, the ended units under the
	 * parent of their last day */
	struct unit u = {0};
	assert_int_equal(app_unit_get(&t->app, "01840", &u), APP_OK);
	assert_string_equal(u.parent_code, "19");
	unit_clear(&u);
	assert_int_equal(app_unit_get(&t->app, "01834", &u), APP_OK);
	assert_string_equal(u.parent_code, "058");
	assert_true(date_compare(u.valid_to, jul1) == 0);
	unit_clear(&u);
	assert_int_equal(app_unit_get(&t->app, "058", &u), APP_OK);
	assert_string_equal(u.parent_code, "06");
	unit_clear(&u);
	assert_int_equal(app_unit_get(&t->app, "19", &u), APP_OK);
	assert_string_equal(u.name, "Tỉnh Thái Nguyên");
	assert_int_equal(u.kind, UNIT_PROVINCE);
	assert_true(date_compare(u.valid_from, jul1) == 0);
	assert_false(date_is_set(u.valid_to));
	unit_clear(&u);

	/* the 2023 summary still names the province of 2023 */
	struct summary sum;
	struct diag d;
	diag_init(&d);
	assert_int_equal(app_summary(&t->app, 2023, NULL, test_units_unset, &sum, &d), APP_OK);
	assert_string_equal(sum.scope_name, "Tỉnh Bắc Kạn");
	summary_finish(&sum);
	/* and 06's subtree of 2023 still holds SYT's task */
	assert_int_equal(app_summary(&t->app, 2023, "06", test_units_unset, &sum, &d), APP_OK);
	assert_int_equal(sum.n_investors, 1);
	summary_finish(&sum);
	diag_finish(&d);
}

static int test_units_succession_each(void *ctx, const struct unit_succession *e)
{
	struct buf *out = ctx;
	buf_printf(out, "%s%s>%s:%s:%04d-%02d-%02d", out->len ? " " : "", e->code,
	           e->successor_code, unit_event_code(e->event), e->on.year, e->on.month,
	           e->on.day);
	return 0;
}

static int test_units_link_each(void *ctx, const struct unit_link *l)
{
	struct buf *out = ctx;
	buf_printf(out, "%s%s[", out->len ? " " : "", l->parent_code);
	if (date_is_set(l->valid_from))
		date_format_iso(out, l->valid_from);
	buf_putc(out, ',');
	if (date_is_set(l->valid_to))
		date_format_iso(out, l->valid_to);
	buf_putc(out, ')');
	return 0;
}

static void test_units_history(void **state)
{
	struct test_units *t = *state;
	struct buf out;
	buf_init(&out, 0);
	test_units_apply(&t->app, test_units_top_down);
	/* 058 passed to 19 with 06's merge, then was dissolved that same day: the link to 19 never
	 * held a day, and the succession names the parent of that moment */
	assert_int_equal(app_unit_links(&t->app, "058", test_units_link_each, &out), APP_OK);
	assert_string_equal(buf_cstr(&out), "06[,2025-07-01) 19[2025-07-01,2025-07-01)");
	buf_reset(&out);
	assert_int_equal(app_unit_links(&t->app, "01840", test_units_link_each, &out), APP_OK);
	assert_string_equal(buf_cstr(&out), "058[,2025-07-01) 19[2025-07-01,)");
	buf_reset(&out);
	assert_int_equal(app_unit_successions(&t->app, "19", test_units_succession_each, &out),
	                 APP_OK);
	assert_string_equal(buf_cstr(&out), "06>19:merge:2025-07-01 058>19:dissolve:2025-07-01 "
	                                    "061>19:dissolve:2025-07-01");
	buf_reset(&out);
	assert_int_equal(app_unit_successions(&t->app, "01840", test_units_succession_each, &out),
	                 APP_OK);
	assert_string_equal(buf_cstr(&out), "01834>01840:merge:2025-07-01");
	buf_finish(&out);
}

/* The order of one day's events does not change the tree of that day. */
static void test_units_same_day_order(void **state)
{
	struct test_units *t = *state;
	struct test_units other;
	struct diag d;
	struct import_result r;
	snprintf(other.path, sizeof other.path, "%s/units%d.db", test_units_dir, ++test_units_dbs);
	test_units_open(&other);
	diag_init(&d);
	assert_int_equal(app_import_units(&other.app, "units.csv", test_units_csv,
	                                  strlen(test_units_csv), &d, &r),
	                 APP_OK);
	diag_finish(&d);
	test_units_apply(&t->app, test_units_top_down);
	test_units_apply(&other.app, test_units_bottom_up);
	for (int day = 29; day <= 31; day++) {
		struct date on = test_units_date(2025, day <= 30 ? 6 : 7, day <= 30 ? day : 1);
		char *a = test_units_tree(&t->app, on), *b = test_units_tree(&other.app, on);
		assert_string_equal(a, b);
		free(a);
		free(b);
	}
	test_units_tree_is(&other.app, test_units_date(2025, 7, 1), test_units_after);
	app_close(&other.app);
}

static void test_units_move(void **state)
{
	struct test_units *t = *state;
	struct diag d;
	diag_init(&d);
	/* from 2025 a commune may hang under its province directly */
	assert_int_equal(app_unit_move(&t->app, "01888", "06", test_units_date(2025, 3, 1), &d),
	                 APP_OK);
	test_units_tree_is(&t->app, test_units_date(2025, 2, 28), test_units_before);
	test_units_tree_is(&t->app, test_units_date(2025, 3, 1),
	                   "01834>058 01840>058 01888>06 058>06 06>VN 061>06 SYT>06 VN>-");
	/* and back under a district later; an earlier move is now out of order */
	assert_int_equal(app_unit_move(&t->app, "01888", "058", test_units_date(2025, 5, 1), &d),
	                 APP_OK);
	assert_int_equal(app_unit_move(&t->app, "01888", "061", test_units_date(2025, 4, 1), &d),
	                 APP_BAD_INPUT);
	char *text = test_units_diag_text(&d);
	assert_string_equal(text, "unit 01888: it changes on 2025-05-01, after 2025-04-01: record "
	                          "events in date order\n");
	free(text);
	test_units_tree_is(&t->app, test_units_date(2025, 4, 1),
	                   "01834>058 01840>058 01888>06 058>06 06>VN 061>06 SYT>06 VN>-");
	diag_finish(&d);
}

/* Every refused event names its problem and writes nothing: neither the tree nor the audit. */
static void test_units_refused(void **state)
{
	struct test_units *t = *state;
	struct date jul1 = test_units_date(2025, 7, 1);
	struct diag d;
	struct app_unit_new commune = {"Xã Mới", UNIT_COMMUNE, "058"};
	static const struct {
		const char *what;
		const char *want;
	} cases[] = {
	    {"self", "unit 06: a unit cannot merge into itself\n"},
	    {"descendant", "unit 06: it cannot merge into 01834, which lies below it on "
	                   "2025-07-01\n"},
	    {"unknown", "unit NOPE: no such unit\n"},
	    {"loop", "unit 058: it cannot move under 01840, which lies below it on 2025-07-01\n"},
	    {"kind", "unit 01834: a commune cannot be under a commune (01840)\n"},
	    {"nation", "unit VN: a nation is never merged or dissolved\n"},
	    {"heirless", "unit 06: its child 058, a district, cannot pass to VN, a nation\n"
	                 "unit 06: its child 061, a district, cannot pass to VN, a nation\n"},
	    {"exists", "unit 01840: it exists already: a name, kind and parent are given only to "
	               "create it\n"},
	    {"not yet", "unit X2000: does not exist on 1999-12-31 (it is valid from 2000-01-01)\n"},
	};
	int64_t gen = test_units_generation(&t->app);
	char *before = test_units_tree(&t->app, jul1);
	assert_true(gen > 0);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *one[1] = {"06"};
		const char *two[2] = {"NOPE", "01834"};
		enum app_status s = APP_OK;
		diag_init(&d);
		switch (i) {
		case 0:
			s = app_unit_merge(&t->app, one, 1, "06", jul1, NULL, &d);
			break;
		case 1:
			s = app_unit_merge(&t->app, one, 1, "01834", jul1, NULL, &d);
			break;
		case 2:
			s = app_unit_merge(&t->app, two, 1, "01840", jul1, NULL, &d);
			break;
		case 3:
			s = app_unit_move(&t->app, "058", "01840", jul1, &d);
			break;
		case 4:
			s = app_unit_move(&t->app, "01834", "01840", jul1, &d);
			break;
		case 5:
			s = app_unit_dissolve(&t->app, "VN", jul1, &d);
			break;
		case 6:
			s = app_unit_dissolve(&t->app, "06", jul1, &d);
			break;
		case 7:
			s = app_unit_merge(&t->app, &two[1], 1, "01840", jul1, &commune, &d);
			break;
		case 8: {
			/* a unit created by a merge on 2000-01-01 did not exist the day before */
			struct app_unit_new later = {"Xã Sau", UNIT_COMMUNE, "058"};
			const char *src[1] = {"01840"};
			assert_int_equal(app_unit_merge(&t->app, src, 1, "X2000",
			                                test_units_date(2000, 1, 1), &later, &d),
			                 APP_OK);
			gen = test_units_generation(&t->app);
			free(before);
			before = test_units_tree(&t->app, jul1);
			s = app_unit_dissolve(&t->app, "X2000", test_units_date(1999, 12, 31), &d);
			break;
		}
		}
		assert_int_equal(s, APP_BAD_INPUT);
		char *text = test_units_diag_text(&d);
		if (strcmp(text, cases[i].want) != 0)
			fail_msg("case %s: got\n%s", cases[i].what, text);
		free(text);
		diag_finish(&d);
		assert_int_equal(test_units_generation(&t->app), gen);
		char *after = test_units_tree(&t->app, jul1);
		assert_string_equal(after, before);
		free(after);
	}
	free(before);
}

/* A file with one bad event applies nothing, and every problem carries its line. */
static void test_units_apply_all_or_nothing(void **state)
{
	struct test_units *t = *state;
	static const char events[] = "event,unit,into,on,name,kind,parent\n"
	                             "merge,01834,01840,2025-07-01,,,\n"
	                             "merge,01840,01840,2025-07-01,,,\n"
	                             "split,061,,2025-07-01,,,\n"
	                             "move,01888,,2025-02-30,,,058\n"
	                             "dissolve,058,06,2025-07-01,,,\n";
	struct diag d;
	struct app_units_applied r;
	int64_t gen = test_units_generation(&t->app);
	diag_init(&d);
	assert_int_equal(app_unit_apply(&t->app, "e.csv", events, strlen(events), &d, &r),
	                 APP_BAD_INPUT);
	char *text = test_units_diag_text(&d);
	assert_string_equal(text, "e.csv:4: event: unknown event \"split\": use merge, dissolve or "
	                          "move\n"
	                          "e.csv:5: on: no such date\n"
	                          "e.csv:6: into: a dissolution names only the unit and the day: "
	                          "its children pass to its parent\n");
	free(text);
	diag_finish(&d);
	/* the shape is right, the events are not: the second merges a unit into itself */
	static const char events2[] = "event,unit,into,on,name,kind,parent\n"
	                              "merge,01834,01840,2025-07-01,,,\n"
	                              "merge,01840,01840,2025-07-01,,,\n";
	diag_init(&d);
	assert_int_equal(app_unit_apply(&t->app, "e.csv", events2, strlen(events2), &d, &r),
	                 APP_BAD_INPUT);
	text = test_units_diag_text(&d);
	assert_string_equal(text, "e.csv:3: unit: unit 01840: a unit cannot merge into itself\n");
	free(text);
	diag_finish(&d);
	assert_int_equal(test_units_generation(&t->app), gen);
	test_units_tree_is(&t->app, test_units_date(2025, 7, 1), test_units_before);
}

/* The history tables refuse to be rewritten, whoever writes to them. */
static void test_units_triggers(void **state)
{
	struct test_units *t = *state;
	sqlite3 *db = NULL;
	test_units_apply(&t->app, test_units_top_down);
	assert_int_equal(sqlite3_open(t->path, &db), SQLITE_OK);
	static const char *const refused[] = {
	    "DELETE FROM unit WHERE code = '01834'",
	    "DELETE FROM unit_link WHERE code = '01834'",
	    "DELETE FROM unit_successor",
	    "UPDATE unit_successor SET successor_code = '01888'",
	    "UPDATE unit SET valid_to = '2026-01-01' WHERE code = '01834'",
	    "UPDATE unit SET valid_from = '2020-01-01' WHERE code = '01840'",
	    "UPDATE unit_link SET parent_code = '06' WHERE code = '01840' AND valid_to IS NULL",
	    "UPDATE unit_link SET valid_to = '2026-01-01' WHERE code = '01834'",
	    "UPDATE unit SET valid_to = '2026-02-30' WHERE code = '01840'",
	};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		if (sqlite3_exec(db, refused[i], NULL, NULL, NULL) == SQLITE_OK)
			fail_msg("allowed: %s", refused[i]);
	}
	/* closing an open link is how history grows */
	assert_int_equal(sqlite3_exec(db,
	                              "UPDATE unit_link SET valid_to = '2026-01-01' WHERE code = "
	                              "'01840' AND valid_to IS NULL",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
}

static int test_units_group_setup(void **state)
{
	(void)state;
	return mkdtemp(test_units_dir) ? 0 : -1;
}

static int test_units_group_teardown(void **state)
{
	char cmd[512];
	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", test_units_dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_units_span_holds),
	    cmocka_unit_test(test_units_span_valid_within),
	    cmocka_unit_test(test_units_span_format),
	    cmocka_unit_test(test_units_events),
	    cmocka_unit_test_setup_teardown(test_units_restructure, test_units_setup,
	                                    test_units_teardown),
	    cmocka_unit_test_setup_teardown(test_units_history, test_units_setup,
	                                    test_units_teardown),
	    cmocka_unit_test_setup_teardown(test_units_same_day_order, test_units_setup,
	                                    test_units_teardown),
	    cmocka_unit_test_setup_teardown(test_units_move, test_units_setup, test_units_teardown),
	    cmocka_unit_test_setup_teardown(test_units_refused, test_units_setup,
	                                    test_units_teardown),
	    cmocka_unit_test_setup_teardown(test_units_apply_all_or_nothing, test_units_setup,
	                                    test_units_teardown),
	    cmocka_unit_test_setup_teardown(test_units_triggers, test_units_setup,
	                                    test_units_teardown),
	};
	return cmocka_run_group_tests(tests, test_units_group_setup, test_units_group_teardown);
}
