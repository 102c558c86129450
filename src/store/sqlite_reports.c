/* sqlite_reports.c — the SQLite backend of the settings and of the report under review
 * (store.h, sql/sqlite/0008_reports.sql): settings as named texts; reports, their frozen
 * versions (snapshot bytes and SHA-256, stored exactly as given) and the comments on them with
 * their answers.
 *
 * Statements are prepared per call: a review step makes a handful of them. The schema's
 * triggers keep versions frozen and answers written once, whatever calls here.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/buf.h"
#include "../lib/mem.h"
#include "sqlite_impl.h"
#include "store_impl.h"

/* ---- helpers ---- */

static int sqlite_reports_prepare(struct sqlite_store *q, const char *sql, sqlite3_stmt **st,
                                  const char *what)
{
	*st = NULL;
	if (sqlite3_prepare_v2(q->db, sql, -1, st, NULL) != SQLITE_OK) {
		sqlite3_finalize(*st);
		*st = NULL;
		return sqlite_fail(q, what);
	}
	return 0;
}

static const char *sqlite_reports_text(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	return t ? t : "";
}

/* Steps a statement that writes one row: 0, STORE_CONFLICT when a primary key or unique
 * constraint refused it, else -1 with the message. Finalizes st. */
static int sqlite_reports_insert(struct sqlite_store *q, sqlite3_stmt *st, const char *what)
{
	int rc = 0;
	if (sqlite3_step(st) != SQLITE_DONE) {
		int code = sqlite3_extended_errcode(q->db);
		sqlite_fail(q, what);
		rc = code == SQLITE_CONSTRAINT_PRIMARYKEY || code == SQLITE_CONSTRAINT_UNIQUE
		         ? STORE_CONFLICT
		         : -1;
	}
	sqlite3_finalize(st);
	return rc;
}

/* One integer of a one-row query: 1 and *out, 0 when there is no row. Finalizes st. */
static int sqlite_reports_int64(struct sqlite_store *q, sqlite3_stmt *st, const char *what,
                                int64_t *out)
{
	int step = sqlite3_step(st);
	int rc = step == SQLITE_ROW ? 1 : step == SQLITE_DONE ? 0 : sqlite_fail(q, what);
	if (rc == 1)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc;
}

/* ---- settings ---- */

int sqlite_setting_get(struct store *s, const char *key, char **value)
{
	struct sqlite_store *q = sqlite_of(s);
	const char *what = "reading a setting";
	sqlite3_stmt *st;
	*value = NULL;
	if (sqlite_reports_prepare(q, "SELECT value FROM setting WHERE key = ?1", &st, what) < 0)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	int step = sqlite3_step(st);
	int rc = step == SQLITE_ROW ? 1 : step == SQLITE_DONE ? 0 : sqlite_fail(q, what);
	if (rc == 1)
		*value = mem_strdup(sqlite_reports_text(st, 0));
	sqlite3_finalize(st);
	return rc;
}

int sqlite_setting_put(struct store *s, const char *key, const char *value, const char *at,
                       const char *author)
{
	struct sqlite_store *q = sqlite_of(s);
	const char *what = "writing a setting";
	sqlite3_stmt *st;
	bool remove = !value || !value[0];
	if (sqlite_reports_prepare(q,
	                           remove ? "DELETE FROM setting WHERE key = ?1"
	                                  : "INSERT INTO setting (key, value, updated_at, author) "
	                                    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (key) DO UPDATE "
	                                    "SET value = excluded.value, updated_at = "
	                                    "excluded.updated_at, author = excluded.author",
	                           &st, what) < 0)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (!remove) {
		sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
		sqlite_bind_text(st, 3, at, false);
		sqlite_bind_text(st, 4, author, false);
	}
	int rc = sqlite_step_done(q, st, what);
	sqlite3_finalize(st);
	return rc;
}

/* ---- reports and versions ---- */

int sqlite_report_add(struct store *s, int year, const char *at, const char *author, int64_t *id)
{
	struct sqlite_store *q = sqlite_of(s);
	const char *what = "creating a report";
	sqlite3_stmt *st;
	if (sqlite_reports_prepare(
	        q, "INSERT INTO report (year, created_at, author) VALUES (?1, ?2, ?3)", &st, what) <
	    0)
		return -1;
	sqlite3_bind_int(st, 1, year);
	sqlite_bind_text(st, 2, at, false);
	sqlite_bind_text(st, 3, author, false);
	int rc = sqlite_reports_insert(q, st, what);
	if (rc == 0)
		*id = sqlite3_last_insert_rowid(q->db);
	return rc;
}

int sqlite_report_find(struct store *s, int year, int64_t *id)
{
	struct sqlite_store *q = sqlite_of(s);
	const char *what = "finding a year's report";
	sqlite3_stmt *st;
	if (sqlite_reports_prepare(q, "SELECT id FROM report WHERE year = ?1", &st, what) < 0)
		return -1;
	sqlite3_bind_int(st, 1, year);
	return sqlite_reports_int64(q, st, what, id);
}

int sqlite_report_year(struct store *s, int64_t id, int *year)
{
	struct sqlite_store *q = sqlite_of(s);
	const char *what = "reading a report";
	sqlite3_stmt *st;
	int64_t y = 0;
	if (sqlite_reports_prepare(q, "SELECT year FROM report WHERE id = ?1", &st, what) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite_reports_int64(q, st, what, &y);
	if (rc == 1)
		*year = (int)y;
	return rc;
}

int sqlite_report_version_add(struct store *s, const struct store_report_version *v,
                              const char *snapshot, size_t len)
{
	struct sqlite_store *q = sqlite_of(s);
	const char *what = "recording a report version";
	sqlite3_stmt *st;
	if (sqlite_reports_prepare(q,
	                           "INSERT INTO report_version (report_id, version, status, "
	                           "snapshot, sha256, created_at, author) VALUES (?1, ?2, ?3, "
	                           "?4, ?5, ?6, ?7)",
	                           &st, what) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, v->report_id);
	sqlite3_bind_int(st, 2, v->version);
	sqlite_bind_text(st, 3, v->status, false);
	sqlite3_bind_text64(st, 4, snapshot ? snapshot : "", snapshot ? (sqlite3_uint64)len : 0,
	                    SQLITE_STATIC, SQLITE_UTF8);
	sqlite_bind_text(st, 5, v->sha256, false);
	sqlite_bind_text(st, 6, v->created_at, false);
	sqlite_bind_text(st, 7, v->author, false);
	return sqlite_reports_insert(q, st, what);
}

struct sqlite_reports_each {
	int (*version)(void *, const struct store_report_version *);
	int (*comment)(void *, const struct store_report_comment *);
	void *ctx;
	size_t rows;
};

static int sqlite_report_version_row(sqlite3_stmt *st, void *ctx)
{
	struct sqlite_reports_each *e = ctx;
	struct store_report_version v = {
	    .report_id = sqlite3_column_int64(st, 0),
	    .year = sqlite3_column_int(st, 1),
	    .version = sqlite3_column_int(st, 2),
	    .status = sqlite_reports_text(st, 3),
	    .sha256 = sqlite_reports_text(st, 4),
	    .created_at = sqlite_reports_text(st, 5),
	    .author = sqlite_reports_text(st, 6),
	    .submitted_at = (const char *)sqlite3_column_text(st, 7),
	};
	e->rows++;
	return e->version(e->ctx, &v);
}

int sqlite_report_versions_each(struct store *s, int64_t report_id,
                                int (*each)(void *, const struct store_report_version *), void *ctx)
{
	struct sqlite_store *q = sqlite_of(s);
	const char *what = "listing report versions";
	sqlite3_stmt *st;
	if (sqlite_reports_prepare(q,
	                           "SELECT v.report_id, r.year, v.version, v.status, v.sha256, "
	                           "v.created_at, v.author, v.submitted_at FROM report_version v "
	                           "JOIN report r ON r.id = v.report_id WHERE ?1 = 0 OR "
	                           "v.report_id = ?1 ORDER BY r.year DESC, v.version",
	                           &st, what) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, report_id);
	struct sqlite_reports_each e = {.version = each, .ctx = ctx};
	return sqlite_rows(q, st, what, sqlite_report_version_row, &e);
}

int sqlite_report_snapshot(struct store *s, int64_t report_id, int version, struct buf *out,
                           char sha256[65])
{
	struct sqlite_store *q = sqlite_of(s);
	const char *what = "reading a report snapshot";
	sqlite3_stmt *st;
	if (sqlite_reports_prepare(q,
	                           "SELECT snapshot, sha256 FROM report_version WHERE report_id = "
	                           "?1 AND version = ?2",
	                           &st, what) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, report_id);
	sqlite3_bind_int(st, 2, version);
	int step = sqlite3_step(st);
	int rc = step == SQLITE_ROW ? 1 : step == SQLITE_DONE ? 0 : sqlite_fail(q, what);
	if (rc == 1) {
		const char *data = (const char *)sqlite3_column_text(st, 0);
		size_t len = (size_t)sqlite3_column_bytes(st, 0);
		snprintf(sha256, 65, "%s", sqlite_reports_text(st, 1));
		if (len > 0 && !data)
			rc = sqlite_fail(q, what);
		else if (len > 0 && buf_append(out, data, len) < 0)
			rc = store_fail(s, "%s: the snapshot (%zu bytes) does not fit in %zu bytes",
			                what, len, out->limit - out->len);
	}
	sqlite3_finalize(st);
	return rc;
}

int sqlite_report_submit(struct store *s, int64_t report_id, int version, const char *at)
{
	struct sqlite_store *q = sqlite_of(s);
	const char *what = "submitting a report version";
	sqlite3_stmt *st;
	if (sqlite_reports_prepare(q,
	                           "UPDATE report_version SET status = 'submitted', submitted_at "
	                           "= ?3 WHERE report_id = ?1 AND version = ?2 AND status <> "
	                           "'submitted'",
	                           &st, what) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, report_id);
	sqlite3_bind_int(st, 2, version);
	sqlite_bind_text(st, 3, at, false);
	int rc = sqlite_step_done(q, st, what);
	sqlite3_finalize(st);
	if (rc < 0)
		return -1;
	return sqlite3_changes(q->db) > 0 ? 1 : 0;
}

/* ---- comments ---- */

#define SQLITE_REPORT_COMMENT_COLUMNS                                                              \
	"id, report_id, version, section, text, author, created_at, answer, answer_text, "         \
	"answered_by, answered_at"

static int sqlite_report_comment_row(sqlite3_stmt *st, void *ctx)
{
	struct sqlite_reports_each *e = ctx;
	struct store_report_comment c = {
	    .id = sqlite3_column_int64(st, 0),
	    .report_id = sqlite3_column_int64(st, 1),
	    .version = sqlite3_column_int(st, 2),
	    .section = sqlite_reports_text(st, 3),
	    .text = sqlite_reports_text(st, 4),
	    .author = sqlite_reports_text(st, 5),
	    .created_at = sqlite_reports_text(st, 6),
	    .answer = sqlite_reports_text(st, 7),
	    .answer_text = (const char *)sqlite3_column_text(st, 8),
	    .answered_by = (const char *)sqlite3_column_text(st, 9),
	    .answered_at = (const char *)sqlite3_column_text(st, 10),
	};
	e->rows++;
	return e->comment(e->ctx, &c);
}

int sqlite_report_comment_add(struct store *s, const struct store_report_comment *c, int64_t *id)
{
	struct sqlite_store *q = sqlite_of(s);
	const char *what = "recording a comment";
	sqlite3_stmt *st;
	if (sqlite_reports_prepare(q,
	                           "INSERT INTO report_comment (report_id, version, section, text, "
	                           "author, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	                           &st, what) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, c->report_id);
	sqlite3_bind_int(st, 2, c->version);
	sqlite_bind_text(st, 3, c->section, false);
	sqlite_bind_text(st, 4, c->text, false);
	sqlite_bind_text(st, 5, c->author, false);
	sqlite_bind_text(st, 6, c->created_at, false);
	int rc = sqlite_reports_insert(q, st, what);
	if (rc == 0)
		*id = sqlite3_last_insert_rowid(q->db);
	return rc < 0 ? -1 : 0;
}

int sqlite_report_comments_each(struct store *s, int64_t report_id,
                                int (*each)(void *, const struct store_report_comment *), void *ctx)
{
	struct sqlite_store *q = sqlite_of(s);
	const char *what = "listing comments";
	sqlite3_stmt *st;
	if (sqlite_reports_prepare(q,
	                           "SELECT " SQLITE_REPORT_COMMENT_COLUMNS
	                           " FROM report_comment WHERE report_id = ?1 ORDER BY version, id",
	                           &st, what) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, report_id);
	struct sqlite_reports_each e = {.comment = each, .ctx = ctx};
	return sqlite_rows(q, st, what, sqlite_report_comment_row, &e);
}

int sqlite_report_comment_get(struct store *s, int64_t id,
                              int (*each)(void *, const struct store_report_comment *), void *ctx)
{
	struct sqlite_store *q = sqlite_of(s);
	const char *what = "reading a comment";
	sqlite3_stmt *st;
	if (sqlite_reports_prepare(
	        q, "SELECT " SQLITE_REPORT_COMMENT_COLUMNS " FROM report_comment WHERE id = ?1",
	        &st, what) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	struct sqlite_reports_each e = {.comment = each, .ctx = ctx};
	if (sqlite_rows(q, st, what, sqlite_report_comment_row, &e) < 0)
		return -1;
	return e.rows > 0 ? 1 : 0;
}

int sqlite_report_comment_answer(struct store *s, int64_t id, const char *answer, const char *text,
                                 const char *by, const char *at)
{
	struct sqlite_store *q = sqlite_of(s);
	const char *what = "answering a comment";
	sqlite3_stmt *st;
	if (sqlite_reports_prepare(q,
	                           "UPDATE report_comment SET answer = ?2, answer_text = ?3, "
	                           "answered_by = ?4, answered_at = ?5 WHERE id = ?1 AND answer = "
	                           "'open'",
	                           &st, what) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite_bind_text(st, 2, answer, false);
	sqlite3_bind_text(st, 3, text ? text : "", -1, SQLITE_STATIC);
	sqlite_bind_text(st, 4, by, false);
	sqlite_bind_text(st, 5, at, false);
	int rc = sqlite_step_done(q, st, what);
	sqlite3_finalize(st);
	if (rc < 0)
		return -1;
	return sqlite3_changes(q->db) > 0 ? 1 : 0;
}

int sqlite_report_open_count(struct store *s, int64_t report_id, int version, int64_t *count)
{
	struct sqlite_store *q = sqlite_of(s);
	const char *what = "counting open comments";
	sqlite3_stmt *st;
	*count = 0;
	if (sqlite_reports_prepare(q,
	                           "SELECT count(*) FROM report_comment WHERE report_id = ?1 AND "
	                           "version = ?2 AND answer = 'open'",
	                           &st, what) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, report_id);
	sqlite3_bind_int(st, 2, version);
	return sqlite_reports_int64(q, st, what, count) < 0 ? -1 : 0;
}
