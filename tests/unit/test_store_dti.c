/* test_store_dti.c — unit tests for the SQLite storage of the DTI self-assessment
 * (store/sqlite_dti.c, sql/sqlite/0007_dti.sql): a framework written and read back field by
 * field, then replaced; years bound to frameworks; entries with their versions and history;
 * evidence whose files are kept once per SHA-256, withdrawn and listed; published values; the
 * codes in use; and, with SQLite directly, that the histories refuse rewrites and that a stored
 * rule that does not parse is a store failure.
 *
 * Each test opens its own database in a temporary directory.
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

#include "core/dti.h"
#include "lib/buf.h"
#include "store/store.h"

/* ---- helpers ------------------------------------------------------------------------------- */

static char test_dti_dir[] = "/tmp/dxtrack-test-store-dti-XXXXXX";

static struct store *test_dti_open(const char *name, char *path, size_t size)
{
	char why[512];
	snprintf(path, size, "%s/%s", test_dti_dir, name);
	struct store *s = store_open(path, why, sizeof why);
	if (!s)
		fail_msg("store_open %s: %s", path, why);
	return s;
}

static void test_dti_ok(struct store *s, int rc)
{
	if (rc < 0)
		fail_msg("store: %s", store_error(s));
}

/* Rows of a one-number query, with SQLite directly. */
static int64_t test_dti_count(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int64_t n = -1;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

/* 1 when sql runs, 0 when SQLite refuses it (a trigger or constraint). */
static int test_dti_exec(const char *path, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc == SQLITE_OK;
}

static struct dti_item test_dti_item(const char *code, const char *parent, const char *name)
{
	struct dti_item it;
	memset(&it, 0, sizeof it);
	it.code = (char *)code;
	it.parent = (char *)parent;
	it.name = (char *)name;
	it.official = true;
	return it;
}

/* Framework "DTI-2024": a main index I1 (400 points) with a linear component I1.1 (percent,
 * target 80, weight 2, evidence required) and a steps component I1.2 (level, weight 1, an
 * illustrative row). */
static void test_dti_framework3(struct dti_item items[3])
{
	const char *why = NULL;
	items[0] = test_dti_item("I1", NULL, "Nhận thức số");
	items[0].has_points = true;
	items[0].points = 400;
	items[0].source = (char *)"QĐ 405/QĐ-BKHCN";
	items[1] = test_dti_item("I1.1", "I1", "Tỷ lệ cán bộ được tập huấn");
	items[1].has_kind = true;
	items[1].kind = DTI_PERCENT;
	items[1].has_target = true;
	items[1].target = 80;
	items[1].rule.kind = DTI_RULE_LINEAR;
	items[1].evidence_required = true;
	items[1].has_weight = true;
	items[1].weight = 2;
	items[2] = test_dti_item("I1.2", "I1", "Mức độ ban hành kế hoạch");
	items[2].has_kind = true;
	items[2].kind = DTI_LEVEL;
	assert_int_equal(dti_rule_parse("steps:1=0.25;2=0.5;3=1", &items[2].rule, &why), 0);
	items[2].has_weight = true;
	items[2].weight = 1;
	items[2].official = false;
	items[2].source = (char *)"ví dụ";
}

static void test_dti_str_equal(const char *got, const char *want)
{
	if (!want)
		assert_null(got);
	else
		assert_string_equal(got, want);
}

/* got (read back) equals want (written) in every field. */
static void test_dti_item_equal(const struct dti_item *got, const struct dti_item *want)
{
	assert_string_equal(got->code, want->code);
	test_dti_str_equal(got->parent, want->parent);
	assert_string_equal(got->name, want->name);
	assert_int_equal(got->has_points, want->has_points);
	if (want->has_points)
		assert_true(got->points == want->points);
	assert_int_equal(got->has_kind, want->has_kind);
	if (want->has_kind)
		assert_int_equal(got->kind, want->kind);
	assert_int_equal(got->has_target, want->has_target);
	if (want->has_target)
		assert_true(got->target == want->target);
	assert_int_equal(got->rule.kind, want->rule.kind);
	assert_true(got->rule.threshold == want->rule.threshold);
	assert_int_equal(got->rule.n_steps, want->rule.n_steps);
	for (size_t i = 0; i < want->rule.n_steps; i++) {
		assert_true(got->rule.step_value[i] == want->rule.step_value[i]);
		assert_true(got->rule.step_score[i] == want->rule.step_score[i]);
	}
	assert_int_equal(got->evidence_required, want->evidence_required);
	assert_int_equal(got->has_weight, want->has_weight);
	if (want->has_weight)
		assert_true(got->weight == want->weight);
	assert_int_equal(got->official, want->official);
	test_dti_str_equal(got->source, want->source);
}

static void test_dti_items_free(struct dti_item *items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dti_item_clear(&items[i]);
	free(items);
}

/* Appends "code:items:imported_at:author;" of each framework. */
static int test_dti_framework_each(void *ctx, const struct store_dti_framework *f)
{
	buf_printf(ctx, "%s:%zu:%s:%s;", f->code, f->items, f->imported_at, f->author);
	return 0;
}

/* Appends "code;". */
static int test_dti_code_each(void *ctx, const char *code)
{
	buf_printf(ctx, "%s;", code);
	return 0;
}

/* ---- frameworks ---------------------------------------------------------------------------- */

static void test_dti_framework_roundtrip(void **state)
{
	char path[400];
	struct dti_item items[3];
	struct dti_item *got = NULL;
	size_t n = 99;
	struct buf b;
	(void)state;
	struct store *s = test_dti_open("framework.db", path, sizeof path);
	test_dti_framework3(items);

	assert_int_equal(store_dti_framework_get(s, "DTI-2024", &got, &n), 0);
	assert_null(got);
	assert_int_equal(n, 0);

	test_dti_ok(
	    s, store_dti_framework_put(s, "DTI-2024", items, 3, "2024-03-01T08:00:00Z", "admin"));
	assert_int_equal(store_dti_framework_get(s, "DTI-2024", &got, &n), 1);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < 3; i++)
		test_dti_item_equal(&got[i], &items[i]);
	/* the main index has no kind, no target, no rule; the steps read back exactly */
	assert_false(got[0].has_kind);
	assert_false(got[0].has_target);
	assert_int_equal(got[0].rule.kind, DTI_RULE_NONE);
	assert_int_equal(got[2].rule.kind, DTI_RULE_STEPS);
	assert_int_equal(got[2].rule.n_steps, 3);
	assert_true(got[2].rule.step_value[1] == 2);
	assert_true(got[2].rule.step_score[0] == 0.25);
	test_dti_items_free(got, n);

	buf_init(&b, 0);
	test_dti_ok(s, store_dti_frameworks_each(s, test_dti_framework_each, &b));
	assert_string_equal(buf_cstr(&b), "DTI-2024:3:2024-03-01T08:00:00Z:admin;");

	/* replaced by two items, the second one a threshold main index without components */
	struct dti_item two[2];
	two[0] = items[2];
	two[0].parent = NULL;
	two[0].has_points = true;
	two[0].points = 600;
	two[0].has_weight = false;
	two[1] = test_dti_item("I2", NULL, "Thể chế số");
	two[1].has_points = true;
	two[1].points = 400;
	two[1].has_kind = true;
	two[1].kind = DTI_COUNT;
	two[1].rule.kind = DTI_RULE_THRESHOLD;
	two[1].rule.threshold = 2.5;
	test_dti_ok(
	    s, store_dti_framework_put(s, "DTI-2024", two, 2, "2024-03-02T09:00:00Z", "editor"));
	assert_int_equal(store_dti_framework_get(s, "DTI-2024", &got, &n), 1);
	assert_int_equal(n, 2);
	test_dti_item_equal(&got[0], &two[0]);
	test_dti_item_equal(&got[1], &two[1]);
	assert_null(got[0].parent);
	assert_false(got[0].has_weight);
	test_dti_items_free(got, n);

	/* a second framework, listed by code; an empty one is a framework of no items */
	test_dti_ok(s,
	            store_dti_framework_put(s, "DTI-2021", NULL, 0, "2024-03-03T00:00:00Z", "x"));
	assert_int_equal(store_dti_framework_get(s, "DTI-2021", &got, &n), 1);
	assert_int_equal(n, 0);
	free(got);
	buf_reset(&b);
	test_dti_ok(s, store_dti_frameworks_each(s, test_dti_framework_each, &b));
	assert_string_equal(buf_cstr(&b), "DTI-2021:0:2024-03-03T00:00:00Z:x;"
	                                  "DTI-2024:2:2024-03-02T09:00:00Z:editor;");
	assert_int_equal(test_dti_count(path, "SELECT count(*) FROM dti_item"), 2);

	/* two items with one code: nothing of the new list is kept, the old one stays */
	struct dti_item dup[2] = {two[1], two[1]};
	assert_int_equal(
	    store_dti_framework_put(s, "DTI-2024", dup, 2, "2024-03-04T00:00:00Z", "y"), -1);
	assert_non_null(strstr(store_error(s), "item 2 (I2)"));
	assert_int_equal(store_dti_framework_get(s, "DTI-2024", &got, &n), 1);
	assert_int_equal(n, 2);
	assert_string_equal(got[0].code, "I1.2");
	test_dti_items_free(got, n);

	buf_finish(&b);
	store_close(s);

	/* a stored rule or kind that does not parse is a failure, with the item named */
	assert_true(test_dti_exec(path, "UPDATE dti_item SET rule = 'steps:x' WHERE code = 'I2'"));
	s = test_dti_open("framework.db", path, sizeof path);
	static struct dti_item dummy;
	got = &dummy; /* set to NULL on failure */
	assert_int_equal(store_dti_framework_get(s, "DTI-2024", &got, &n), -1);
	assert_null(got);
	assert_int_equal(n, 0);
	assert_non_null(strstr(store_error(s), "DTI framework DTI-2024, item I2"));
	assert_non_null(strstr(store_error(s), "steps:x"));
	store_close(s);
	assert_true(test_dti_exec(path, "UPDATE dti_item SET rule = 'threshold:2.5', "
	                                "kind = 'many' WHERE code = 'I2'"));
	s = test_dti_open("framework.db", path, sizeof path);
	assert_int_equal(store_dti_framework_get(s, "DTI-2024", &got, &n), -1);
	assert_non_null(strstr(store_error(s), "kind \"many\""));
	store_close(s);
}

/* ---- years --------------------------------------------------------------------------------- */

static int test_dti_year_each(void *ctx, int year, const char *framework, const char *province)
{
	buf_printf(ctx, "%d:%s:%s;", year, framework, province ? province : "-");
	return 0;
}

static void test_dti_years(void **state)
{
	char path[400];
	struct dti_item items[3];
	char *framework = NULL, *province = NULL;
	struct buf b;
	(void)state;
	struct store *s = test_dti_open("years.db", path, sizeof path);
	test_dti_framework3(items);
	test_dti_ok(s, store_dti_framework_put(s, "DTI-2024", items, 3, "t0", "admin"));
	test_dti_ok(s, store_dti_framework_put(s, "DTI-2021", items, 1, "t0", "admin"));

	assert_int_equal(store_dti_year_get(s, 2024, &framework, &province), 0);
	assert_null(framework);
	assert_int_equal(store_dti_year_put(s, 2024, "NOPE", NULL, "t1", "admin"), -1);
	assert_non_null(strstr(store_error(s), "no DTI framework NOPE"));

	test_dti_ok(s, store_dti_year_put(s, 2024, "DTI-2021", "06", "t1", "admin"));
	assert_int_equal(store_dti_year_get(s, 2024, &framework, &province), 1);
	assert_string_equal(framework, "DTI-2021");
	assert_string_equal(province, "06");
	free(framework);
	free(province);
	/* bound again: replaced */
	test_dti_ok(s, store_dti_year_put(s, 2024, "DTI-2024", NULL, "t2", "admin"));
	assert_int_equal(store_dti_year_get(s, 2024, &framework, &province), 1);
	assert_string_equal(framework, "DTI-2024");
	assert_null(province);
	free(framework);
	test_dti_ok(s, store_dti_year_put(s, 2022, "DTI-2021", "06", "t3", "admin"));
	test_dti_ok(s, store_dti_year_put(s, 2023, "DTI-2021", "", "t3", "admin"));

	buf_init(&b, 0);
	test_dti_ok(s, store_dti_years_each(s, test_dti_year_each, &b));
	assert_string_equal(buf_cstr(&b), "2024:DTI-2024:-;2023:DTI-2021:-;2022:DTI-2021:06;");
	buf_finish(&b);
	store_close(s);
}

/* ---- entries ------------------------------------------------------------------------------- */

static int test_dti_entry_each(void *ctx, const char *code, const struct dti_entry *e)
{
	buf_printf(ctx, "%s:v%lld:%s;", code, (long long)e->version, dti_status_name(e->status));
	return 0;
}

static int test_dti_history_each(void *ctx, const struct dti_entry *e)
{
	struct buf *b = ctx;
	buf_printf(b, "v%lld:", (long long)e->version);
	if (e->has_value)
		buf_printf(b, "%g", e->value);
	else
		buf_puts(b, "-");
	buf_printf(b, ":%s:%s:%s:%s;", dti_status_name(e->status), e->unit ? e->unit : "-",
	           e->updated_at, e->author);
	return 0;
}

static int test_dti_stop_each(void *ctx, const struct dti_entry *e)
{
	(void)e;
	(*(int *)ctx)++;
	return 1;
}

static void test_dti_entries(void **state)
{
	char path[400];
	struct dti_entry e, got;
	struct buf b;
	(void)state;
	struct store *s = test_dti_open("entries.db", path, sizeof path);

	assert_int_equal(store_dti_entry_get(s, 2024, "I1.1", &got), 0);

	/* first write: a draft without a value */
	memset(&e, 0, sizeof e);
	e.status = DTI_DRAFT;
	e.unit = (char *)"STTTT";
	e.due = (struct date){2024, 9, 30};
	e.note = (char *)"chờ số liệu";
	e.updated_at = (char *)"2024-05-01T08:00:00Z";
	e.author = (char *)"editor";
	test_dti_ok(s, store_dti_entry_put(s, 2024, "I1.1", &e));
	assert_int_equal(e.version, 1);

	assert_int_equal(store_dti_entry_get(s, 2024, "I1.1", &got), 1);
	assert_false(got.has_value);
	assert_string_equal(got.unit, "STTTT");
	assert_int_equal(got.due.year, 2024);
	assert_int_equal(got.due.month, 9);
	assert_int_equal(got.due.day, 30);
	assert_int_equal(got.status, DTI_DRAFT);
	assert_null(got.indicator);
	assert_string_equal(got.note, "chờ số liệu");
	assert_int_equal(got.version, 1);
	assert_string_equal(got.updated_at, "2024-05-01T08:00:00Z");
	assert_string_equal(got.author, "editor");
	assert_null(got.unit_name);
	assert_int_equal(got.evidence, 0);
	dti_entry_clear(&got);

	/* second write: submitted with a value and a linked indicator, no due date, no note */
	e.has_value = true;
	e.value = 72.5;
	e.status = DTI_SUBMITTED;
	e.due = (struct date){0, 0, 0};
	e.indicator = (char *)"CB_TAPHUAN";
	e.note = NULL;
	e.updated_at = (char *)"2024-06-01T08:00:00Z";
	e.author = (char *)"manager";
	test_dti_ok(s, store_dti_entry_put(s, 2024, "I1.1", &e));
	assert_int_equal(e.version, 2);
	assert_int_equal(store_dti_entry_get(s, 2024, "I1.1", &got), 1);
	assert_true(got.has_value);
	assert_true(got.value == 72.5);
	assert_false(date_is_set(got.due));
	assert_int_equal(got.status, DTI_SUBMITTED);
	assert_string_equal(got.indicator, "CB_TAPHUAN");
	assert_null(got.note);
	assert_int_equal(got.version, 2);
	assert_string_equal(got.author, "manager");
	dti_entry_clear(&got);

	/* another item and another year */
	memset(&e, 0, sizeof e);
	e.status = DTI_VERIFIED;
	e.has_value = true;
	e.value = 3;
	e.updated_at = (char *)"2024-06-02T08:00:00Z";
	e.author = (char *)"admin";
	test_dti_ok(s, store_dti_entry_put(s, 2024, "I1.2", &e));
	assert_int_equal(e.version, 1);
	test_dti_ok(s, store_dti_entry_put(s, 2023, "I1.1", &e));
	assert_int_equal(e.version, 1);

	buf_init(&b, 0);
	test_dti_ok(s, store_dti_entries_each(s, 2024, test_dti_entry_each, &b));
	assert_string_equal(buf_cstr(&b), "I1.1:v2:submitted;I1.2:v1:verified;");
	buf_reset(&b);
	test_dti_ok(s, store_dti_entry_history(s, 2024, "I1.1", test_dti_history_each, &b));
	assert_string_equal(buf_cstr(&b), "v1:-:draft:STTTT:2024-05-01T08:00:00Z:editor;"
	                                  "v2:72.5:submitted:STTTT:2024-06-01T08:00:00Z:manager;");
	int calls = 0;
	test_dti_ok(s, store_dti_entry_history(s, 2024, "I1.1", test_dti_stop_each, &calls));
	assert_int_equal(calls, 1);

	/* a write that fails leaves neither the entry nor its history changed */
	e.status = DTI_STATUS_COUNT;
	e.version = 0;
	assert_int_equal(store_dti_entry_put(s, 2024, "I1.2", &e), -1);
	assert_int_equal(e.version, 0);
	buf_reset(&b);
	test_dti_ok(s, store_dti_entries_each(s, 2024, test_dti_entry_each, &b));
	assert_string_equal(buf_cstr(&b), "I1.1:v2:submitted;I1.2:v1:verified;");
	assert_int_equal(test_dti_count(path, "SELECT count(*) FROM dti_entry_history"), 4);

	/* ... and inside a caller's transaction too */
	test_dti_ok(s, store_begin(s));
	e.status = DTI_DRAFT;
	test_dti_ok(s, store_dti_entry_put(s, 2024, "I1.2", &e));
	assert_int_equal(e.version, 2);
	test_dti_ok(s, store_rollback(s));
	assert_int_equal(store_dti_entry_get(s, 2024, "I1.2", &got), 1);
	assert_int_equal(got.version, 1);
	dti_entry_clear(&got);
	buf_finish(&b);
	store_close(s);

	/* the history is append-only */
	assert_false(test_dti_exec(path, "UPDATE dti_entry_history SET value = 0"));
	assert_false(test_dti_exec(path, "DELETE FROM dti_entry_history"));
	assert_false(test_dti_exec(path, "UPDATE dti_entry SET status = 'done'"));
	assert_int_equal(test_dti_count(path, "SELECT count(*) FROM dti_entry_history"), 4);
}

/* ---- evidence ------------------------------------------------------------------------------ */

#define TEST_DTI_SHA "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

static int test_dti_evidence_each(void *ctx, const struct dti_evidence *e)
{
	buf_printf(ctx, "%lld:%s:%s:%s;", (long long)e->id, e->code, e->title,
	           e->withdrawn_at ? "withdrawn" : "counts");
	return 0;
}

static struct dti_evidence test_dti_evidence(const char *code, const char *title)
{
	struct dti_evidence e;
	memset(&e, 0, sizeof e);
	e.year = 2024;
	e.code = (char *)code;
	e.number = (char *)"811/KH-UBND";
	e.title = (char *)title;
	e.doc_date = (struct date){2024, 3, 15};
	e.summary = (char *)"";
	e.recorded_at = (char *)"2024-05-01T08:00:00Z";
	e.author = (char *)"editor";
	return e;
}

static void test_dti_evidence_files(void **state)
{
	char path[400];
	static const char content[] = "%PDF-1.4 kế hoạch";
	const size_t size = sizeof content - 1;
	struct dti_evidence got;
	struct buf b;
	(void)state;
	struct store *s = test_dti_open("evidence.db", path, sizeof path);

	/* two items of evidence carry the same file; a third has none */
	struct dti_evidence a = test_dti_evidence("I1.1", "Kế hoạch chuyển đổi số");
	a.has_file = true;
	a.file_name = (char *)"kehoach.pdf";
	a.media_type = (char *)"application/pdf";
	a.size_bytes = (int64_t)size;
	memcpy(a.sha256, TEST_DTI_SHA, 65);
	struct dti_evidence c = a;
	c.code = (char *)"I1.2";
	c.title = (char *)"Bản sao kế hoạch";
	c.file_name = (char *)"ban-sao.pdf";
	struct dti_evidence d = test_dti_evidence("I1.1", "Báo cáo tập huấn");
	d.number = NULL; /* stored as "" */
	d.doc_date = (struct date){2023, 12, 20};
	test_dti_ok(s, store_dti_evidence_add(s, &a, content));
	test_dti_ok(s, store_dti_evidence_add(s, &c, content));
	test_dti_ok(s, store_dti_evidence_add(s, &d, NULL));
	assert_true(a.id > 0 && c.id > a.id && d.id > c.id);
	assert_int_equal(test_dti_count(path, "SELECT count(*) FROM dti_file"), 1);

	assert_int_equal(store_dti_evidence_get(s, c.id, &got), 1);
	assert_int_equal(got.id, c.id);
	assert_int_equal(got.year, 2024);
	assert_string_equal(got.code, "I1.2");
	assert_string_equal(got.number, "811/KH-UBND");
	assert_string_equal(got.title, "Bản sao kế hoạch");
	assert_int_equal(got.doc_date.year, 2024);
	assert_int_equal(got.doc_date.month, 3);
	assert_int_equal(got.doc_date.day, 15);
	assert_string_equal(got.summary, "");
	assert_true(got.has_file);
	assert_string_equal(got.file_name, "ban-sao.pdf");
	assert_string_equal(got.media_type, "application/pdf");
	assert_int_equal(got.size_bytes, size);
	assert_string_equal(got.sha256, TEST_DTI_SHA);
	assert_string_equal(got.recorded_at, "2024-05-01T08:00:00Z");
	assert_string_equal(got.author, "editor");
	assert_null(got.withdrawn_at);
	assert_null(got.withdrawn_by);
	dti_evidence_clear(&got);
	assert_int_equal(store_dti_evidence_get(s, d.id, &got), 1);
	assert_false(got.has_file);
	assert_null(got.file_name);
	assert_string_equal(got.sha256, "");
	assert_string_equal(got.number, "");
	dti_evidence_clear(&got);
	assert_int_equal(store_dti_evidence_get(s, 9999, &got), 0);

	/* the file, appended to what the buffer holds; a buffer too small fails */
	buf_init(&b, 0);
	buf_puts(&b, ">");
	assert_int_equal(store_dti_file_get(s, TEST_DTI_SHA, &b), 1);
	assert_int_equal(b.len, size + 1);
	assert_memory_equal(b.data + 1, content, size);
	assert_int_equal(store_dti_file_get(s, "00", &b), 0);
	buf_finish(&b);
	buf_init(&b, 4);
	assert_int_equal(store_dti_file_get(s, TEST_DTI_SHA, &b), -1);
	assert_non_null(strstr(store_error(s), TEST_DTI_SHA));
	assert_int_equal(b.len, 0);
	buf_finish(&b);

	/* withdrawn: listed only on request; a second withdrawal keeps the first */
	test_dti_ok(s, store_dti_evidence_withdraw(s, a.id, "2024-06-01T00:00:00Z", "manager"));
	test_dti_ok(s, store_dti_evidence_withdraw(s, a.id, "2024-07-01T00:00:00Z", "admin"));
	assert_int_equal(store_dti_evidence_get(s, a.id, &got), 1);
	assert_string_equal(got.withdrawn_at, "2024-06-01T00:00:00Z");
	assert_string_equal(got.withdrawn_by, "manager");
	dti_evidence_clear(&got);

	char want[200];
	buf_init(&b, 0);
	test_dti_ok(s, store_dti_evidence_each(s, 2024, NULL, false, test_dti_evidence_each, &b));
	snprintf(want, sizeof want,
	         "%lld:I1.1:Báo cáo tập huấn:counts;"
	         "%lld:I1.2:Bản sao kế hoạch:counts;",
	         (long long)d.id, (long long)c.id);
	assert_string_equal(buf_cstr(&b), want);
	buf_reset(&b);
	test_dti_ok(s, store_dti_evidence_each(s, 2024, NULL, true, test_dti_evidence_each, &b));
	snprintf(want, sizeof want,
	         "%lld:I1.1:Kế hoạch chuyển đổi số:withdrawn;"
	         "%lld:I1.1:Báo cáo tập huấn:counts;"
	         "%lld:I1.2:Bản sao kế hoạch:counts;",
	         (long long)a.id, (long long)d.id, (long long)c.id);
	assert_string_equal(buf_cstr(&b), want);
	buf_reset(&b);
	test_dti_ok(s, store_dti_evidence_each(s, 2024, "I1.1", false, test_dti_evidence_each, &b));
	snprintf(want, sizeof want, "%lld:I1.1:Báo cáo tập huấn:counts;", (long long)d.id);
	assert_string_equal(buf_cstr(&b), want);
	buf_reset(&b);
	test_dti_ok(s, store_dti_evidence_each(s, 2023, NULL, true, test_dti_evidence_each, &b));
	assert_string_equal(buf_cstr(&b), "");

	/* the withdrawn item's file is still there for the other one */
	buf_reset(&b);
	assert_int_equal(store_dti_file_get(s, TEST_DTI_SHA, &b), 1);
	assert_int_equal(b.len, size);
	buf_finish(&b);

	/* a file without its content is refused, and nothing is recorded */
	struct dti_evidence bad = a;
	memcpy(bad.sha256, "1111111111111111111111111111111111111111111111111111111111111111", 65);
	assert_int_equal(store_dti_evidence_add(s, &bad, NULL), -1);
	/* a bad hash is refused by the schema, with the file and the evidence undone */
	bad.sha256[10] = '\0';
	assert_int_equal(store_dti_evidence_add(s, &bad, content), -1);
	assert_int_equal(test_dti_count(path, "SELECT count(*) FROM dti_file"), 1);
	assert_int_equal(test_dti_count(path, "SELECT count(*) FROM dti_evidence"), 3);
	store_close(s);

	/* evidence is never deleted or rewritten; files never change */
	assert_false(test_dti_exec(path, "DELETE FROM dti_evidence"));
	assert_false(test_dti_exec(path, "UPDATE dti_evidence SET title = 'x'"));
	char sql[200];
	snprintf(sql, sizeof sql,
	         "UPDATE dti_evidence SET withdrawn_at = 'x', withdrawn_by = 'y' WHERE id = %lld",
	         (long long)a.id);
	assert_false(test_dti_exec(path, sql));
	snprintf(sql, sizeof sql,
	         "UPDATE dti_evidence SET withdrawn_at = 'x', withdrawn_by = 'y', title = 'z' "
	         "WHERE id = %lld",
	         (long long)c.id);
	assert_false(test_dti_exec(path, sql));
	snprintf(sql, sizeof sql, "UPDATE dti_evidence SET withdrawn_at = 'x' WHERE id = %lld",
	         (long long)c.id);
	assert_false(test_dti_exec(path, sql));
	assert_false(test_dti_exec(path, "DELETE FROM dti_file"));
	assert_false(test_dti_exec(path, "UPDATE dti_file SET media_type = 'text/plain'"));
	/* the one allowed change, by hand */
	snprintf(sql, sizeof sql,
	         "UPDATE dti_evidence SET withdrawn_at = 'x', withdrawn_by = 'y' WHERE id = %lld",
	         (long long)c.id);
	assert_true(test_dti_exec(path, sql));
}

/* ---- published values and codes in use ----------------------------------------------------- */

static int test_dti_published_each(void *ctx, const char *code, double value, const char *source)
{
	buf_printf(ctx, "%s:%g:%s;", code, value, source);
	return 0;
}

static void test_dti_published_codes(void **state)
{
	char path[400];
	struct dti_item items[3];
	struct dti_entry e;
	struct buf b;
	(void)state;
	struct store *s = test_dti_open("published.db", path, sizeof path);

	test_dti_ok(s,
	            store_dti_published_put(s, 2022, "DTI", 0.41, "Báo cáo DTI 2022", "t1", "a"));
	test_dti_ok(s, store_dti_published_put(s, 2022, "I1", 0.5, "Báo cáo DTI 2022", "t1", "a"));
	test_dti_ok(s, store_dti_published_put(s, 2023, "DTI", 0.3, NULL, "t1", "a"));
	test_dti_ok(s, store_dti_published_put(s, 2022, "DTI", 0.4125, "đính chính", "t2", "b"));
	assert_int_equal(store_dti_published_put(s, 2022, "I2", 1.5, "", "t2", "b"), -1);
	buf_init(&b, 0);
	test_dti_ok(s, store_dti_published_each(s, 2022, test_dti_published_each, &b));
	assert_string_equal(buf_cstr(&b), "DTI:0.4125:đính chính;I1:0.5:Báo cáo DTI 2022;");
	buf_reset(&b);
	test_dti_ok(s, store_dti_published_each(s, 2023, test_dti_published_each, &b));
	assert_string_equal(buf_cstr(&b), "DTI:0.3:;");
	buf_reset(&b);
	test_dti_ok(s, store_dti_published_each(s, 2021, test_dti_published_each, &b));
	assert_string_equal(buf_cstr(&b), "");

	/* codes in use: entries and evidence (withdrawn too) of the years bound to a framework */
	test_dti_framework3(items);
	test_dti_ok(s, store_dti_framework_put(s, "DTI-2024", items, 3, "t0", "admin"));
	test_dti_ok(s, store_dti_framework_put(s, "DTI-2021", items, 3, "t0", "admin"));
	test_dti_ok(s, store_dti_year_put(s, 2024, "DTI-2024", NULL, "t0", "admin"));
	test_dti_ok(s, store_dti_year_put(s, 2023, "DTI-2024", NULL, "t0", "admin"));
	test_dti_ok(s, store_dti_year_put(s, 2022, "DTI-2021", NULL, "t0", "admin"));
	memset(&e, 0, sizeof e);
	e.status = DTI_DRAFT;
	e.updated_at = (char *)"t1";
	e.author = (char *)"editor";
	test_dti_ok(s, store_dti_entry_put(s, 2024, "I1.1", &e));
	test_dti_ok(s, store_dti_entry_put(s, 2023, "I1.1", &e));
	test_dti_ok(s, store_dti_entry_put(s, 2022, "I9", &e)); /* another framework's year */
	test_dti_ok(s, store_dti_entry_put(s, 2020, "I8", &e)); /* an unbound year */
	struct dti_evidence ev = test_dti_evidence("OLD.1", "Văn bản cũ");
	ev.year = 2023;
	test_dti_ok(s, store_dti_evidence_add(s, &ev, NULL));
	test_dti_ok(s, store_dti_evidence_withdraw(s, ev.id, "t2", "admin"));
	ev = test_dti_evidence("I1.2", "Kế hoạch");
	test_dti_ok(s, store_dti_evidence_add(s, &ev, NULL));

	buf_reset(&b);
	test_dti_ok(s, store_dti_codes_in_use(s, "DTI-2024", test_dti_code_each, &b));
	assert_string_equal(buf_cstr(&b), "I1.1;I1.2;OLD.1;");
	buf_reset(&b);
	test_dti_ok(s, store_dti_codes_in_use(s, "DTI-2021", test_dti_code_each, &b));
	assert_string_equal(buf_cstr(&b), "I9;");
	buf_reset(&b);
	test_dti_ok(s, store_dti_codes_in_use(s, "NOPE", test_dti_code_each, &b));
	assert_string_equal(buf_cstr(&b), "");
	buf_finish(&b);
	store_close(s);
}

static int test_dti_group_setup(void **state)
{
	(void)state;
	return mkdtemp(test_dti_dir) ? 0 : -1;
}

static int test_dti_group_teardown(void **state)
{
	char cmd[512];
	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", test_dti_dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dti_framework_roundtrip),
	    cmocka_unit_test(test_dti_years),
	    cmocka_unit_test(test_dti_entries),
	    cmocka_unit_test(test_dti_evidence_files),
	    cmocka_unit_test(test_dti_published_codes),
	};
	return cmocka_run_group_tests(tests, test_dti_group_setup, test_dti_group_teardown);
}
