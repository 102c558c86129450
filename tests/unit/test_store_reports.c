/* test_store_reports.c — unit tests for the SQLite storage of the settings and of the report under
 * review (store/sqlite_reports.c, sql/sqlite/0008_reports.sql): settings set, replaced and
 * removed; one report per year; versions whose snapshot bytes come back exactly, listed in order;
 * submission once; comments answered once; and, with SQLite directly, that the schema keeps a
 * version's snapshot and hash frozen, lets its status move only to submitted and only once,
 * takes nothing after a submission, and keeps comments and answers as they were written.
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

#include "lib/buf.h"
#include "store/store.h"

/* ---- helpers ------------------------------------------------------------------------------- */

static char test_rep_dir[] = "/tmp/dxtrack-test-store-reports-XXXXXX";

static struct store *test_rep_open(const char *name, char *path, size_t size)
{
	char why[512];
	snprintf(path, size, "%s/%s", test_rep_dir, name);
	struct store *s = store_open(path, why, sizeof why);
	if (!s)
		fail_msg("store_open %s: %s", path, why);
	return s;
}

static void test_rep_ok(struct store *s, int rc)
{
	if (rc < 0)
		fail_msg("store: %s", store_error(s));
}

/* 1 when sql runs, 0 when SQLite refuses it (a trigger or constraint). */
static int test_rep_exec(const char *path, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc == SQLITE_OK;
}

static const char test_rep_sha1[] =
    "1111111111111111111111111111111111111111111111111111111111111111";
static const char test_rep_sha2[] =
    "2222222222222222222222222222222222222222222222222222222222222222";

static struct store_report_version test_rep_version(int64_t id, int version, const char *status,
                                                    const char *sha)
{
	struct store_report_version v = {
	    .report_id = id,
	    .version = version,
	    .status = status,
	    .sha256 = sha,
	    .created_at = "2023-12-14T08:00:00Z",
	    .author = "admin",
	};
	return v;
}

/* "year/version/status/sha-prefix/submitted;" per version */
static int test_rep_version_each(void *ctx, const struct store_report_version *v)
{
	buf_printf(ctx, "%d/%d/%s/%.4s/%s;", v->year, v->version, v->status, v->sha256,
	           v->submitted_at ? v->submitted_at : "-");
	return 0;
}

/* "id:version:section:text:author:answer:answer_text:answered_by;" per comment */
static int test_rep_comment_each(void *ctx, const struct store_report_comment *c)
{
	buf_printf(ctx, "%lld:%d:%s:%s:%s:%s:%s:%s;", (long long)c->id, c->version, c->section,
	           c->text, c->author, c->answer, c->answer_text ? c->answer_text : "-",
	           c->answered_by ? c->answered_by : "-");
	return 0;
}

/* ---- tests --------------------------------------------------------------------------------- */

static void test_rep_settings(void **state)
{
	(void)state;
	char path[256];
	struct store *s = test_rep_open("settings.db", path, sizeof path);
	char *v = NULL;
	assert_int_equal(store_setting_get(s, "place", &v), 0);
	assert_null(v);
	test_rep_ok(s, store_setting_put(s, "place", "Bắc Kạn", "t1", "admin"));
	assert_int_equal(store_setting_get(s, "place", &v), 1);
	assert_string_equal(v, "Bắc Kạn");
	free(v);
	/* replaced; a long multi-line value comes back whole */
	struct buf big;
	buf_init(&big, 0);
	for (int i = 0; i < 2000; i++)
		buf_printf(&big, "# Dòng %d của mẫu {{year}}\n", i);
	test_rep_ok(s, store_setting_put(s, "template", buf_cstr(&big), "t2", "admin"));
	assert_int_equal(store_setting_get(s, "template", &v), 1);
	assert_string_equal(v, buf_cstr(&big));
	free(v);
	test_rep_ok(s, store_setting_put(s, "place", "Thái Nguyên", "t3", "lan"));
	assert_int_equal(store_setting_get(s, "place", &v), 1);
	assert_string_equal(v, "Thái Nguyên");
	free(v);
	/* "" and NULL remove */
	test_rep_ok(s, store_setting_put(s, "place", "", "t4", "admin"));
	assert_int_equal(store_setting_get(s, "place", &v), 0);
	test_rep_ok(s, store_setting_put(s, "template", NULL, "t4", "admin"));
	assert_int_equal(store_setting_get(s, "template", &v), 0);
	test_rep_ok(s, store_setting_put(s, "nothing", NULL, "t4", "admin"));
	buf_finish(&big);
	store_close(s);
}

static void test_rep_versions(void **state)
{
	(void)state;
	char path[256];
	struct store *s = test_rep_open("versions.db", path, sizeof path);
	int64_t id = 0, id24 = 0, found = 0;
	int year = 0;
	assert_int_equal(store_report_find(s, 2023, &found), 0);
	test_rep_ok(s, store_report_add(s, 2023, "t1", "admin", &id));
	assert_true(id > 0);
	assert_int_equal(store_report_add(s, 2023, "t1", "admin", &found), STORE_CONFLICT);
	assert_int_equal(store_report_find(s, 2023, &found), 1);
	assert_int_equal(found, id);
	assert_int_equal(store_report_year(s, id, &year), 1);
	assert_int_equal(year, 2023);
	assert_int_equal(store_report_year(s, 999, &year), 0);

	/* the snapshot's bytes exactly as given: an embedded quote, Vietnamese, a number's text */
	const char snap1[] =
	    "{\"doc\":{\"title\":\"Báo cáo \\\"năm\\\"\"},\"figures\":{\"x\":1.10}}";
	const char snap2[] = "{\"doc\":{},\"appendix\":[],\"figures\":{\"x\":2}}";
	struct store_report_version v = test_rep_version(id, 1, "draft", test_rep_sha1);
	test_rep_ok(s, store_report_version_add(s, &v, snap1, strlen(snap1)));
	assert_int_equal(store_report_version_add(s, &v, snap1, strlen(snap1)), STORE_CONFLICT);
	v = test_rep_version(id, 2, "revised", test_rep_sha2);
	test_rep_ok(s, store_report_version_add(s, &v, snap2, strlen(snap2)));
	test_rep_ok(s, store_report_add(s, 2024, "t2", "admin", &id24));
	v = test_rep_version(id24, 1, "draft", test_rep_sha2);
	test_rep_ok(s, store_report_version_add(s, &v, snap2, strlen(snap2)));
	/* a bad status or hash is refused by the schema */
	v = test_rep_version(id24, 2, "final", test_rep_sha2);
	assert_int_equal(store_report_version_add(s, &v, snap2, strlen(snap2)), -1);
	v = test_rep_version(id24, 2, "revised", "abc");
	assert_int_equal(store_report_version_add(s, &v, snap2, strlen(snap2)), -1);

	struct buf b, out;
	char sha[65];
	buf_init(&b, 0);
	buf_init(&out, 0);
	test_rep_ok(s, store_report_versions_each(s, 0, test_rep_version_each, &b));
	assert_string_equal(buf_cstr(&b), "2024/1/draft/2222/-;2023/1/draft/1111/-;"
	                                  "2023/2/revised/2222/-;");
	buf_reset(&b);
	test_rep_ok(s, store_report_versions_each(s, id, test_rep_version_each, &b));
	assert_string_equal(buf_cstr(&b), "2023/1/draft/1111/-;2023/2/revised/2222/-;");
	assert_int_equal(store_report_snapshot(s, id, 1, &out, sha), 1);
	assert_int_equal(out.len, strlen(snap1));
	assert_memory_equal(out.data, snap1, out.len);
	assert_string_equal(sha, test_rep_sha1);
	buf_reset(&out);
	assert_int_equal(store_report_snapshot(s, id, 3, &out, sha), 0);
	/* a buffer too small for the snapshot is a failure, not a cut */
	struct buf small;
	buf_init(&small, 8);
	assert_int_equal(store_report_snapshot(s, id, 1, &small, sha), -1);
	buf_finish(&small);

	/* submission: once; then nothing follows */
	assert_int_equal(store_report_submit(s, id, 2, "t9"), 1);
	assert_int_equal(store_report_submit(s, id, 2, "t10"), 0);
	assert_int_equal(store_report_submit(s, id, 7, "t10"), 0);
	buf_reset(&b);
	test_rep_ok(s, store_report_versions_each(s, id, test_rep_version_each, &b));
	assert_string_equal(buf_cstr(&b), "2023/1/draft/1111/-;2023/2/submitted/2222/t9;");
	v = test_rep_version(id, 3, "revised", test_rep_sha1);
	assert_int_equal(store_report_version_add(s, &v, snap1, strlen(snap1)), -1);
	assert_non_null(strstr(store_error(s), "takes no new version"));
	buf_finish(&b);
	buf_finish(&out);
	store_close(s);

	/* the schema, with SQLite directly */
	assert_int_equal(test_rep_exec(path, "UPDATE report_version SET snapshot = '{}' WHERE "
	                                     "version = 1 AND report_id = 1"),
	                 0);
	assert_int_equal(test_rep_exec(path, "UPDATE report_version SET sha256 = '3333333333333333"
	                                     "333333333333333333333333333333333333333333333333' "
	                                     "WHERE report_id = 1"),
	                 0);
	assert_int_equal(test_rep_exec(path, "DELETE FROM report_version WHERE report_id = 2"), 0);
	assert_int_equal(test_rep_exec(path, "DELETE FROM report WHERE id = 2"), 0);
	assert_int_equal(test_rep_exec(path, "UPDATE report SET year = 2025 WHERE id = 2"), 0);
	/* back to draft, or submitted twice: refused */
	assert_int_equal(test_rep_exec(path, "UPDATE report_version SET status = 'draft', "
	                                     "submitted_at = NULL WHERE report_id = 1 AND version "
	                                     "= 2"),
	                 0);
	assert_int_equal(test_rep_exec(path, "UPDATE report_version SET submitted_at = 'later' "
	                                     "WHERE report_id = 1 AND version = 2"),
	                 0);
	/* an earlier version moved to revised: refused (only submitted, once) */
	assert_int_equal(test_rep_exec(path, "UPDATE report_version SET status = 'revised' WHERE "
	                                     "report_id = 2 AND version = 1"),
	                 0);
	/* submitted without its time: refused by the CHECK */
	assert_int_equal(test_rep_exec(path, "UPDATE report_version SET status = 'submitted' "
	                                     "WHERE report_id = 2 AND version = 1"),
	                 0);
	assert_int_equal(test_rep_exec(path, "UPDATE report_version SET status = 'submitted', "
	                                     "submitted_at = 'now' WHERE report_id = 2 AND version "
	                                     "= 1"),
	                 1);
}

static void test_rep_comments(void **state)
{
	(void)state;
	char path[256];
	struct store *s = test_rep_open("comments.db", path, sizeof path);
	int64_t id = 0, c1 = 0, c2 = 0, c3 = 0, open = -1;
	const char snap[] = "{}";
	test_rep_ok(s, store_report_add(s, 2023, "t1", "admin", &id));
	struct store_report_version v = test_rep_version(id, 1, "draft", test_rep_sha1);
	test_rep_ok(s, store_report_version_add(s, &v, snap, 2));

	struct store_report_comment c = {
	    .report_id = id,
	    .version = 1,
	    .section = "I",
	    .text = "Đề nghị bổ sung số liệu giải ngân quý IV.",
	    .author = "viewer",
	    .created_at = "t2",
	};
	test_rep_ok(s, store_report_comment_add(s, &c, &c1));
	c.section = "appendix";
	c.text = "Phụ lục thiếu cột ghi chú";
	test_rep_ok(s, store_report_comment_add(s, &c, &c2));
	/* a comment on a version that does not exist: refused */
	c.version = 5;
	assert_int_equal(store_report_comment_add(s, &c, &c3), -1);
	c.version = 1;
	test_rep_ok(s, store_report_open_count(s, id, 1, &open));
	assert_int_equal(open, 2);

	struct buf b;
	buf_init(&b, 0);
	test_rep_ok(s, store_report_comments_each(s, id, test_rep_comment_each, &b));
	char want[512];
	snprintf(want, sizeof want,
	         "%lld:1:I:Đề nghị bổ sung số liệu giải ngân quý IV.:viewer:open:-:-;"
	         "%lld:1:appendix:Phụ lục thiếu cột ghi chú:viewer:open:-:-;",
	         (long long)c1, (long long)c2);
	assert_string_equal(buf_cstr(&b), want);

	/* answered once */
	assert_int_equal(
	    store_report_comment_answer(s, c1, "accepted", "Đã bổ sung.", "admin", "t3"), 1);
	assert_int_equal(store_report_comment_answer(s, c1, "rejected", "Không.", "admin", "t4"),
	                 0);
	assert_int_equal(store_report_comment_answer(s, 999, "rejected", "Không.", "admin", "t4"),
	                 0);
	/* "open" is no answer */
	assert_int_equal(store_report_comment_answer(s, c2, "open", "x", "admin", "t4"), -1);
	buf_reset(&b);
	assert_int_equal(store_report_comment_get(s, c1, test_rep_comment_each, &b), 1);
	snprintf(want, sizeof want,
	         "%lld:1:I:Đề nghị bổ sung số liệu giải ngân quý IV.:viewer:accepted:Đã bổ "
	         "sung.:admin;",
	         (long long)c1);
	assert_string_equal(buf_cstr(&b), want);
	buf_reset(&b);
	assert_int_equal(store_report_comment_get(s, 999, test_rep_comment_each, &b), 0);
	assert_string_equal(buf_cstr(&b), "");
	test_rep_ok(s, store_report_open_count(s, id, 1, &open));
	assert_int_equal(open, 1);
	assert_int_equal(store_report_comment_answer(s, c2, "explained", "Đã có ở cột Tình trạng.",
	                                             "admin", "t5"),
	                 1);
	test_rep_ok(s, store_report_open_count(s, id, 1, &open));
	assert_int_equal(open, 0);

	/* a submitted version takes no comment */
	assert_int_equal(store_report_submit(s, id, 1, "t6"), 1);
	assert_int_equal(store_report_comment_add(s, &c, &c3), -1);
	assert_non_null(strstr(store_error(s), "takes no comment"));
	buf_finish(&b);
	store_close(s);

	/* the schema: comments are not rewritten, answers not changed, nothing deleted */
	assert_int_equal(
	    test_rep_exec(path, "UPDATE report_comment SET text = 'khác' WHERE id = 1"), 0);
	assert_int_equal(test_rep_exec(path, "UPDATE report_comment SET answer = 'rejected' WHERE "
	                                     "id = 1"),
	                 0);
	assert_int_equal(test_rep_exec(path, "UPDATE report_comment SET answer = 'open', "
	                                     "answer_text = NULL, answered_by = NULL, answered_at "
	                                     "= NULL WHERE id = 1"),
	                 0);
	assert_int_equal(test_rep_exec(path, "DELETE FROM report_comment WHERE id = 2"), 0);
	/* an answer without its text: refused by the CHECK */
	assert_int_equal(test_rep_exec(path, "INSERT INTO report_comment (report_id, version, "
	                                     "section, text, author, created_at, answer) VALUES "
	                                     "(1, 1, 'I', 'x', 'v', 't', 'accepted')"),
	                 0);
}

static int test_rep_group_setup(void **state)
{
	(void)state;
	return mkdtemp(test_rep_dir) ? 0 : -1;
}

static int test_rep_group_teardown(void **state)
{
	char cmd[512];
	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", test_rep_dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rep_settings),
	    cmocka_unit_test(test_rep_versions),
	    cmocka_unit_test(test_rep_comments),
	};
	return cmocka_run_group_tests(tests, test_rep_group_setup, test_rep_group_teardown);
}
