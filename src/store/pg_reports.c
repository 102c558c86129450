/* pg_reports.c — the PostgreSQL backend of the settings and of the report under review
 * (store.h, sql/pg/0008_reports.sql), as sqlite_reports.c: settings as named texts; reports,
 * their frozen versions (snapshot bytes and SHA-256, stored exactly as given) and the comments
 * on them with their answers.
 *
 * A refusal the caller handles (a year's second report, a version made meanwhile) is found
 * without an error (ON CONFLICT DO NOTHING), since an error would abort the transaction. The
 * schema's triggers keep versions frozen and answers written once, whatever calls here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/buf.h"
#include "../lib/mem.h"
#include "pg_impl.h"
#include "store_impl.h"

/* A new report's or comment's id is given as SQLite gives a rowid (the largest in use + 1): a
 * rolled back insert uses none up, so the ids shown are SQLite's. Writers hold store_begin's
 * lock: no two compute it at once. */

/* ---- settings ---- */

int pg_setting_get(struct store *s, const char *key, char **value)
{
	struct pg_params p = {0};
	*value = NULL;
	pg_param_text(&p, key, false);
	PGresult *r =
	    pg_query(pg_of(s), "reading a setting", "SELECT value FROM setting WHERE key = $1", &p);
	if (!r)
		return -1;
	int found = PQntuples(r) > 0;
	if (found)
		*value = mem_strdup(pg_text_or_empty(r, 0, 0));
	PQclear(r);
	return found;
}

int pg_setting_put(struct store *s, const char *key, const char *value, const char *at,
                   const char *author)
{
	struct pg_params p = {0};
	bool remove = !value || !value[0];
	pg_param_text(&p, key, false);
	if (!remove) {
		pg_param_text(&p, value, false);
		pg_param_text(&p, at, false);
		pg_param_text(&p, author, false);
	}
	return pg_command(pg_of(s), "writing a setting",
	                  remove ? "DELETE FROM setting WHERE key = $1"
	                         : "INSERT INTO setting (key, value, updated_at, author) "
	                           "VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO UPDATE "
	                           "SET value = excluded.value, updated_at = excluded.updated_at, "
	                           "author = excluded.author",
	                  &p, NULL);
}

/* ---- reports and versions ---- */

int pg_report_add(struct store *s, int year, const char *at, const char *author, int64_t *id)
{
	const char *what = "creating a report";
	struct pg_params p = {0};
	pg_param_int64(&p, year);
	pg_param_text(&p, at, false);
	pg_param_text(&p, author, false);
	int rc =
	    pg_value_int64(pg_of(s), what,
	                   "INSERT INTO report (id, year, created_at, author) "
	                   "SELECT (SELECT coalesce(max(id), 0) + 1 FROM report), $1::bigint, "
	                   "$2::text, $3::text WHERE NOT EXISTS (SELECT 1 FROM report "
	                   "WHERE year = $1::bigint) ON CONFLICT (year) DO NOTHING RETURNING id",
	                   &p, id);
	if (rc == 0) {
		store_fail(s, "%s: year %d has a report already", what, year);
		return STORE_CONFLICT;
	}
	return rc < 0 ? -1 : 0;
}

int pg_report_find(struct store *s, int year, int64_t *id)
{
	struct pg_params p = {0};
	pg_param_int64(&p, year);
	return pg_value_int64(pg_of(s), "finding a year's report",
	                      "SELECT id FROM report WHERE year = $1", &p, id);
}

int pg_report_year(struct store *s, int64_t id, int *year)
{
	struct pg_params p = {0};
	int64_t y = 0;
	pg_param_int64(&p, id);
	int rc = pg_value_int64(pg_of(s), "reading a report",
	                        "SELECT year FROM report WHERE id = $1", &p, &y);
	if (rc == 1)
		*year = (int)y;
	return rc;
}

int pg_report_version_add(struct store *s, const struct store_report_version *v,
                          const char *snapshot, size_t len)
{
	const char *what = "recording a report version";
	struct pg_params p = {0};
	pg_param_int64(&p, v->report_id);
	pg_param_int64(&p, v->version);
	pg_param_text(&p, v->status, false);
	/* text's binary form is its bytes: len of them, without a terminating NUL */
	pg_param_bytes(&p, snapshot ? snapshot : "", snapshot ? len : 0);
	pg_param_text(&p, v->sha256, false);
	pg_param_text(&p, v->created_at, false);
	pg_param_text(&p, v->author, false);
	int64_t added = 0;
	if (pg_command(pg_of(s), what,
	               "INSERT INTO report_version (report_id, version, status, snapshot, sha256, "
	               "created_at, author) VALUES ($1, $2, $3, $4::text, $5, $6, $7) "
	               "ON CONFLICT (report_id, version) DO NOTHING",
	               &p, &added) < 0)
		return -1;
	if (added == 0) {
		store_fail(s, "%s: version %d of report %lld exists already", what, v->version,
		           (long long)v->report_id);
		return STORE_CONFLICT;
	}
	return 0;
}

struct pg_reports_each {
	int (*version)(void *, const struct store_report_version *);
	int (*comment)(void *, const struct store_report_comment *);
	void *ctx;
	size_t rows;
};

static int pg_report_version_row(const PGresult *r, int i, void *ctx)
{
	struct pg_reports_each *e = ctx;
	struct store_report_version v = {
	    .report_id = pg_bigint(r, i, 0),
	    .year = (int)pg_bigint(r, i, 1),
	    .version = (int)pg_bigint(r, i, 2),
	    .status = pg_text_or_empty(r, i, 3),
	    .sha256 = pg_text_or_empty(r, i, 4),
	    .created_at = pg_text_or_empty(r, i, 5),
	    .author = pg_text_or_empty(r, i, 6),
	    .submitted_at = pg_text(r, i, 7),
	};
	e->rows++;
	return e->version(e->ctx, &v);
}

int pg_report_versions_each(struct store *s, int64_t report_id,
                            int (*each)(void *, const struct store_report_version *), void *ctx)
{
	struct pg_reports_each e = {.version = each, .ctx = ctx};
	struct pg_params p = {0};
	pg_param_int64(&p, report_id);
	return pg_rows(pg_of(s), "listing report versions",
	               "SELECT v.report_id, r.year, v.version, v.status, v.sha256, v.created_at, "
	               "v.author, v.submitted_at FROM report_version v JOIN report r "
	               "ON r.id = v.report_id WHERE $1::bigint = 0 OR v.report_id = $1 "
	               "ORDER BY r.year DESC, v.version",
	               &p, pg_report_version_row, &e);
}

int pg_report_snapshot(struct store *s, int64_t report_id, int version, struct buf *out,
                       char sha256[65])
{
	const char *what = "reading a report snapshot";
	struct pg_params p = {0};
	pg_param_int64(&p, report_id);
	pg_param_int64(&p, version);
	PGresult *r = pg_query(pg_of(s), what,
	                       "SELECT snapshot, sha256 FROM report_version WHERE report_id = $1 "
	                       "AND version = $2",
	                       &p);
	if (!r)
		return -1;
	int rc = PQntuples(r) > 0;
	if (rc == 1) {
		const char *data = pg_text_or_empty(r, 0, 0);
		size_t len = (size_t)PQgetlength(r, 0, 0);
		snprintf(sha256, 65, "%s", pg_text_or_empty(r, 0, 1));
		if (len > 0 && buf_append(out, data, len) < 0)
			rc = store_fail(s, "%s: the snapshot (%zu bytes) does not fit in %zu bytes",
			                what, len, out->limit - out->len);
	}
	PQclear(r);
	return rc;
}

int pg_report_submit(struct store *s, int64_t report_id, int version, const char *at)
{
	struct pg_params p = {0};
	int64_t changed = 0;
	pg_param_int64(&p, report_id);
	pg_param_int64(&p, version);
	pg_param_text(&p, at, false);
	if (pg_command(pg_of(s), "submitting a report version",
	               "UPDATE report_version SET status = 'submitted', submitted_at = $3 "
	               "WHERE report_id = $1 AND version = $2 AND status <> 'submitted'",
	               &p, &changed) < 0)
		return -1;
	return changed > 0 ? 1 : 0;
}

/* ---- comments ---- */

#define PG_REPORT_COMMENT_COLUMNS                                                                  \
	"id, report_id, version, section, text, author, created_at, answer, answer_text, "         \
	"answered_by, answered_at"

static int pg_report_comment_row(const PGresult *r, int i, void *ctx)
{
	struct pg_reports_each *e = ctx;
	struct store_report_comment c = {
	    .id = pg_bigint(r, i, 0),
	    .report_id = pg_bigint(r, i, 1),
	    .version = (int)pg_bigint(r, i, 2),
	    .section = pg_text_or_empty(r, i, 3),
	    .text = pg_text_or_empty(r, i, 4),
	    .author = pg_text_or_empty(r, i, 5),
	    .created_at = pg_text_or_empty(r, i, 6),
	    .answer = pg_text_or_empty(r, i, 7),
	    .answer_text = pg_text(r, i, 8),
	    .answered_by = pg_text(r, i, 9),
	    .answered_at = pg_text(r, i, 10),
	};
	e->rows++;
	return e->comment(e->ctx, &c);
}

int pg_report_comment_add(struct store *s, const struct store_report_comment *c, int64_t *id)
{
	struct pg_params p = {0};
	pg_param_int64(&p, c->report_id);
	pg_param_int64(&p, c->version);
	pg_param_text(&p, c->section, false);
	pg_param_text(&p, c->text, false);
	pg_param_text(&p, c->author, false);
	pg_param_text(&p, c->created_at, false);
	int rc =
	    pg_value_int64(pg_of(s), "recording a comment",
	                   "INSERT INTO report_comment (id, report_id, version, section, text, "
	                   "author, created_at) VALUES ((SELECT coalesce(max(id), 0) + 1 FROM "
	                   "report_comment), $1, $2, $3, $4, $5, $6) RETURNING id",
	                   &p, id);
	if (rc == 0)
		store_fail(s, "recording a comment: no id returned");
	return rc == 1 ? 0 : -1;
}

int pg_report_comments_each(struct store *s, int64_t report_id,
                            int (*each)(void *, const struct store_report_comment *), void *ctx)
{
	struct pg_reports_each e = {.comment = each, .ctx = ctx};
	struct pg_params p = {0};
	pg_param_int64(&p, report_id);
	return pg_rows(pg_of(s), "listing comments",
	               "SELECT " PG_REPORT_COMMENT_COLUMNS
	               " FROM report_comment WHERE report_id = $1 ORDER BY version, id",
	               &p, pg_report_comment_row, &e);
}

int pg_report_comment_get(struct store *s, int64_t id,
                          int (*each)(void *, const struct store_report_comment *), void *ctx)
{
	struct pg_reports_each e = {.comment = each, .ctx = ctx};
	struct pg_params p = {0};
	pg_param_int64(&p, id);
	if (pg_rows(pg_of(s), "reading a comment",
	            "SELECT " PG_REPORT_COMMENT_COLUMNS " FROM report_comment WHERE id = $1", &p,
	            pg_report_comment_row, &e) < 0)
		return -1;
	return e.rows > 0 ? 1 : 0;
}

int pg_report_comment_answer(struct store *s, int64_t id, const char *answer, const char *text,
                             const char *by, const char *at)
{
	struct pg_params p = {0};
	int64_t changed = 0;
	pg_param_int64(&p, id);
	pg_param_text(&p, answer, false);
	pg_param_text(&p, text ? text : "", false);
	pg_param_text(&p, by, false);
	pg_param_text(&p, at, false);
	if (pg_command(pg_of(s), "answering a comment",
	               "UPDATE report_comment SET answer = $2, answer_text = $3, answered_by = $4, "
	               "answered_at = $5 WHERE id = $1 AND answer = 'open'",
	               &p, &changed) < 0)
		return -1;
	return changed > 0 ? 1 : 0;
}

int pg_report_open_count(struct store *s, int64_t report_id, int version, int64_t *count)
{
	struct pg_params p = {0};
	*count = 0;
	pg_param_int64(&p, report_id);
	pg_param_int64(&p, version);
	return pg_value_int64(pg_of(s), "counting open comments",
	                      "SELECT count(*) FROM report_comment WHERE report_id = $1 AND "
	                      "version = $2 AND answer = 'open'",
	                      &p, count) < 0
	           ? -1
	           : 0;
}
