/* sqlite_dti.c — the SQLite backend of the DTI store functions (store.h, sql/sqlite/0007_dti.sql):
 * frameworks and their items, the years bound to them, entries with their history, evidence with
 * its files, and the published values.
 *
 * Statements are prepared per call: a page or an import makes a handful of them. A function that
 * writes more than one row does so inside a savepoint, so that it is all or nothing within the
 * caller's transaction (or on its own when there is none).
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/dti.h"
#include "../lib/buf.h"
#include "../lib/mem.h"
#include "sqlite_impl.h"
#include "store_impl.h"

/* ---- helpers ---- */

static int sqlite_dti_prepare(struct sqlite_store *q, const char *sql, sqlite3_stmt **st,
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

static int sqlite_dti_savepoint(struct sqlite_store *q)
{
	return sqlite_exec(q, "SAVEPOINT dti");
}

/* Releases the savepoint when rc is 0, else undoes what was done since it (keeping the message of
 * the failure); returns rc, or -1 when the release fails. */
static int sqlite_dti_release(struct sqlite_store *q, int rc)
{
	if (rc == 0)
		return sqlite_exec(q, "RELEASE dti");
	char msg[sizeof q->base.error];
	snprintf(msg, sizeof msg, "%s", q->base.error);
	sqlite3_exec(q->db, "ROLLBACK TO dti; RELEASE dti", NULL, NULL, NULL);
	snprintf(q->base.error, sizeof q->base.error, "%s", msg);
	return rc;
}

static void sqlite_dti_bind_number(sqlite3_stmt *st, int i, bool has, double v)
{
	if (has)
		sqlite3_bind_double(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

static bool sqlite_dti_column_number(sqlite3_stmt *st, int i, double *v)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL) {
		*v = 0;
		return false;
	}
	*v = sqlite3_column_double(st, i);
	return true;
}

static const char *sqlite_dti_column_text(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	return t ? t : "";
}

/* A caller's callback and context, for the row adapters below. failed: a row could not be read
 * (the message is in the handle). */
struct sqlite_dti_each {
	struct sqlite_store *q;
	int (*framework)(void *, const struct store_dti_framework *);
	int (*code)(void *, const char *);
	int (*year)(void *, int, const char *, const char *);
	int (*entry)(void *, const char *, const struct dti_entry *);
	int (*history)(void *, const struct dti_entry *);
	int (*evidence)(void *, const struct dti_evidence *);
	int (*published)(void *, const char *, double, const char *);
	void *ctx;
	bool failed;
};

/* sqlite_rows, then -1 when a row adapter failed. */
static int sqlite_dti_rows(struct sqlite_store *q, sqlite3_stmt *st, const char *what,
                           int (*row)(sqlite3_stmt *st, void *ctx), struct sqlite_dti_each *e)
{
	e->q = q;
	e->failed = false;
	int rc = sqlite_rows(q, st, what, row, e);
	return rc < 0 || e->failed ? -1 : 0;
}

/* ---- frameworks ---- */

#define SQLITE_DTI_ITEM_COLUMNS                                                                    \
	"code, parent_code, name, points, kind, target, rule, evidence_required, weight, "         \
	"official, source"

/* Reads a row of SQLITE_DTI_ITEM_COLUMNS; -1 (with a message) when its kind or rule does not
 * parse. The strings read are in *it either way. */
static int sqlite_dti_item_read(struct sqlite_store *q, sqlite3_stmt *st, const char *framework,
                                struct dti_item *it)
{
	memset(it, 0, sizeof *it);
	it->code = sqlite_column_strdup(st, 0);
	it->parent = sqlite_column_strdup(st, 1);
	it->name = sqlite_column_strdup(st, 2);
	it->has_points = sqlite_dti_column_number(st, 3, &it->points);
	const char *kind = (const char *)sqlite3_column_text(st, 4);
	if (kind) {
		it->has_kind = true;
		if (dti_kind_parse(kind, &it->kind) < 0)
			return store_fail(
			    &q->base,
			    "DTI framework %s, item %s: the stored kind \"%s\" is unknown",
			    framework, it->code ? it->code : "", kind);
	}
	it->has_target = sqlite_dti_column_number(st, 5, &it->target);
	const char *rule = sqlite_dti_column_text(st, 6);
	it->rule.kind = DTI_RULE_NONE;
	if (rule[0]) {
		const char *why = "not a rule";
		if (dti_rule_parse(rule, &it->rule, &why) < 0)
			return store_fail(
			    &q->base,
			    "DTI framework %s, item %s: the stored rule \"%s\" does not "
			    "parse: %s",
			    framework, it->code ? it->code : "", rule, why ? why : "");
	}
	it->evidence_required = sqlite3_column_int(st, 7) != 0;
	it->has_weight = sqlite_dti_column_number(st, 8, &it->weight);
	it->official = sqlite3_column_int(st, 9) != 0;
	it->source = sqlite_column_strdup(st, 10);
	return 0;
}

/* The id of framework code: 1 and *id, 0 when there is none. */
static int sqlite_dti_framework_id(struct sqlite_store *q, const char *code, int64_t *id,
                                   const char *what)
{
	sqlite3_stmt *st;
	if (sqlite_dti_prepare(q, "SELECT id FROM dti_framework WHERE code = ?1", &st, what) < 0)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	int step = sqlite3_step(st);
	int rc = step == SQLITE_ROW ? 1 : step == SQLITE_DONE ? 0 : sqlite_fail(q, what);
	if (rc == 1)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc;
}

static int sqlite_dti_items_insert(struct sqlite_store *q, int64_t framework_id,
                                   const struct dti_item *items, size_t n, const char *what)
{
	sqlite3_stmt *st;
	if (sqlite_dti_prepare(q, "DELETE FROM dti_item WHERE framework_id = ?1", &st, what) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, framework_id);
	int rc = sqlite_step_done(q, st, what);
	sqlite3_finalize(st);
	if (rc < 0)
		return -1;
	if (sqlite_dti_prepare(q,
	                       "INSERT INTO dti_item (framework_id, seq, " SQLITE_DTI_ITEM_COLUMNS
	                       ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
	                       &st, what) < 0)
		return -1;
	struct buf rule;
	buf_init(&rule, 0);
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct dti_item *it = &items[i];
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		buf_reset(&rule);
		if (it->rule.kind != DTI_RULE_NONE)
			dti_rule_format(&it->rule, &rule);
		sqlite3_bind_int64(st, 1, framework_id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
		sqlite_bind_text(st, 3, it->code, false);
		sqlite_bind_text(st, 4, it->parent, true);
		sqlite3_bind_text(st, 5, it->name ? it->name : "", -1, SQLITE_STATIC);
		sqlite_dti_bind_number(st, 6, it->has_points, it->points);
		sqlite_bind_text(st, 7, it->has_kind ? dti_kind_name(it->kind) : NULL, false);
		sqlite_dti_bind_number(st, 8, it->has_target, it->target);
		sqlite3_bind_text(st, 9, buf_cstr(&rule), -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 10, it->evidence_required);
		sqlite_dti_bind_number(st, 11, it->has_weight, it->weight);
		sqlite3_bind_int(st, 12, it->official);
		sqlite_bind_text(st, 13, it->source, false);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(&q->base, "%s: item %zu (%s): %s", what, i + 1,
			                it->code ? it->code : "", sqlite3_errmsg(q->db));
	}
	buf_finish(&rule);
	sqlite3_finalize(st);
	return rc;
}

int sqlite_dti_framework_put(struct store *s, const char *code, const struct dti_item *items,
                             size_t n, const char *at, const char *author)
{
	struct sqlite_store *q = sqlite_of(s);
	const char *what = "storing a DTI framework";
	sqlite3_stmt *st;
	int64_t id = 0;
	if (sqlite_dti_savepoint(q) < 0)
		return -1;
	int rc = sqlite_dti_prepare(q,
	                            "INSERT INTO dti_framework (code, imported_at, author) VALUES "
	                            "(?1, ?2, ?3) ON CONFLICT (code) DO UPDATE SET "
	                            "imported_at = excluded.imported_at, author = excluded.author "
	                            "RETURNING id",
	                            &st, what);
	if (rc == 0) {
		sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, at, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, author, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			id = sqlite3_column_int64(st, 0);
		else
			rc = sqlite_fail(q, what);
		sqlite3_finalize(st);
	}
	if (rc == 0)
		rc = sqlite_dti_items_insert(q, id, items, n, what);
	return sqlite_dti_release(q, rc);
}

int sqlite_dti_framework_get(struct store *s, const char *code, struct dti_item **items, size_t *n)
{
	struct sqlite_store *q = sqlite_of(s);
	const char *what = "reading a DTI framework";
	int64_t id = 0;
	*items = NULL;
	*n = 0;
	int found = sqlite_dti_framework_id(q, code, &id, what);
	if (found <= 0)
		return found;
	sqlite3_stmt *st;
	if (sqlite_dti_prepare(q,
	                       "SELECT " SQLITE_DTI_ITEM_COLUMNS
	                       " FROM dti_item WHERE framework_id = ?1 ORDER BY seq",
	                       &st, what) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	struct dti_item *v = NULL;
	size_t len = 0, cap = 0;
	int step, rc = 0;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap ? cap * 2 : 64;
			v = mem_realloc(v, cap * sizeof *v);
		}
		rc = sqlite_dti_item_read(q, st, code, &v[len]);
		len++;
		if (rc < 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = sqlite_fail(q, what);
	sqlite3_finalize(st);
	if (rc < 0) {
		for (size_t i = 0; i < len; i++)
			dti_item_clear(&v[i]);
		free(v);
		return -1;
	}
	*items = v;
	*n = len;
	return 1;
}

static int sqlite_dti_framework_row(sqlite3_stmt *st, void *ctx)
{
	struct sqlite_dti_each *e = ctx;
	struct store_dti_framework f = {
	    .code = sqlite_dti_column_text(st, 0),
	    .items = (size_t)sqlite3_column_int64(st, 1),
	    .imported_at = sqlite_dti_column_text(st, 2),
	    .author = sqlite_dti_column_text(st, 3),
	};
	return e->framework(e->ctx, &f);
}

int sqlite_dti_frameworks_each(struct store *s,
                               int (*each)(void *, const struct store_dti_framework *), void *ctx)
{
	struct sqlite_store *q = sqlite_of(s);
	const char *what = "listing DTI frameworks";
	sqlite3_stmt *st;
	if (sqlite_dti_prepare(
	        q,
	        "SELECT f.code, (SELECT count(*) FROM dti_item i WHERE "
	        "i.framework_id = f.id), f.imported_at, f.author FROM dti_framework f "
	        "ORDER BY f.code",
	        &st, what) < 0)
		return -1;
	struct sqlite_dti_each e = {.framework = each, .ctx = ctx};
	return sqlite_dti_rows(q, st, what, sqlite_dti_framework_row, &e);
}

static int sqlite_dti_code_row(sqlite3_stmt *st, void *ctx)
{
	struct sqlite_dti_each *e = ctx;
	return e->code(e->ctx, sqlite_dti_column_text(st, 0));
}

int sqlite_dti_codes_in_use(struct store *s, const char *framework,
                            int (*each)(void *, const char *), void *ctx)
{
	struct sqlite_store *q = sqlite_of(s);
	const char *what = "listing the DTI codes in use";
	sqlite3_stmt *st;
	/* withdrawn evidence stays on record: its code is in use too */
	if (sqlite_dti_prepare(
	        q,
	        "WITH y (year) AS (SELECT y.year FROM dti_year y JOIN dti_framework f "
	        "ON f.id = y.framework_id WHERE f.code = ?1) "
	        "SELECT code FROM dti_entry WHERE year IN (SELECT year FROM y) "
	        "UNION SELECT code FROM dti_evidence WHERE year IN (SELECT year "
	        "FROM y) ORDER BY 1",
	        &st, what) < 0)
		return -1;
	sqlite3_bind_text(st, 1, framework, -1, SQLITE_STATIC);
	struct sqlite_dti_each e = {.code = each, .ctx = ctx};
	return sqlite_dti_rows(q, st, what, sqlite_dti_code_row, &e);
}

/* ---- years ---- */

int sqlite_dti_year_put(struct store *s, int year, const char *framework, const char *province,
                        const char *at, const char *author)
{
	struct sqlite_store *q = sqlite_of(s);
	const char *what = "binding a DTI year";
	int64_t id = 0;
	int found = sqlite_dti_framework_id(q, framework, &id, what);
	if (found < 0)
		return -1;
	if (found == 0)
		return store_fail(s, "%s: there is no DTI framework %s", what, framework);
	sqlite3_stmt *st;
	if (sqlite_dti_prepare(
	        q,
	        "INSERT INTO dti_year (year, framework_id, province, bound_at, author) "
	        "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (year) DO UPDATE SET "
	        "framework_id = excluded.framework_id, province = excluded.province, "
	        "bound_at = excluded.bound_at, author = excluded.author",
	        &st, what) < 0)
		return -1;
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_int64(st, 2, id);
	sqlite_bind_text(st, 3, province, true);
	sqlite3_bind_text(st, 4, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, author, -1, SQLITE_STATIC);
	int rc = sqlite_step_done(q, st, what);
	sqlite3_finalize(st);
	return rc;
}

int sqlite_dti_year_get(struct store *s, int year, char **framework, char **province)
{
	struct sqlite_store *q = sqlite_of(s);
	const char *what = "reading a DTI year";
	sqlite3_stmt *st;
	*framework = NULL;
	*province = NULL;
	if (sqlite_dti_prepare(q,
	                       "SELECT f.code, y.province FROM dti_year y JOIN dti_framework f "
	                       "ON f.id = y.framework_id WHERE y.year = ?1",
	                       &st, what) < 0)
		return -1;
	sqlite3_bind_int(st, 1, year);
	int step = sqlite3_step(st);
	int rc = step == SQLITE_ROW ? 1 : step == SQLITE_DONE ? 0 : sqlite_fail(q, what);
	if (rc == 1) {
		*framework = sqlite_column_strdup(st, 0);
		*province = sqlite_column_strdup(st, 1);
	}
	sqlite3_finalize(st);
	return rc;
}

static int sqlite_dti_year_row(sqlite3_stmt *st, void *ctx)
{
	struct sqlite_dti_each *e = ctx;
	return e->year(e->ctx, sqlite3_column_int(st, 0), sqlite_dti_column_text(st, 1),
	               (const char *)sqlite3_column_text(st, 2));
}

int sqlite_dti_years_each(struct store *s, int (*each)(void *, int, const char *, const char *),
                          void *ctx)
{
	struct sqlite_store *q = sqlite_of(s);
	const char *what = "listing DTI years";
	sqlite3_stmt *st;
	if (sqlite_dti_prepare(
	        q,
	        "SELECT y.year, f.code, y.province FROM dti_year y JOIN dti_framework "
	        "f ON f.id = y.framework_id ORDER BY y.year DESC",
	        &st, what) < 0)
		return -1;
	struct sqlite_dti_each e = {.year = each, .ctx = ctx};
	return sqlite_dti_rows(q, st, what, sqlite_dti_year_row, &e);
}

/* ---- entries ---- */

#define SQLITE_DTI_ENTRY_COLUMNS                                                                   \
	"year, code, value, unit, due, status, indicator, note, version, updated_at, author"

/* Reads a row of SQLITE_DTI_ENTRY_COLUMNS; -1 (with a message) when its status is unknown. The
 * strings read are in *e either way. */
static int sqlite_dti_entry_read(struct sqlite_store *q, sqlite3_stmt *st, struct dti_entry *e)
{
	memset(e, 0, sizeof *e);
	e->has_value = sqlite_dti_column_number(st, 2, &e->value);
	e->unit = sqlite_column_strdup(st, 3);
	e->due = sqlite_column_date(st, 4);
	e->indicator = sqlite_column_strdup(st, 6);
	e->note = sqlite_column_strdup(st, 7);
	e->version = sqlite3_column_int64(st, 8);
	e->updated_at = sqlite_column_strdup(st, 9);
	e->author = sqlite_column_strdup(st, 10);
	const char *status = sqlite_dti_column_text(st, 5);
	if (dti_status_parse(status, &e->status) < 0)
		return store_fail(&q->base, "DTI entry %d/%s: the stored status \"%s\" is unknown",
		                  sqlite3_column_int(st, 0), sqlite_dti_column_text(st, 1), status);
	return 0;
}

int sqlite_dti_entry_get(struct store *s, int year, const char *code, struct dti_entry *out)
{
	struct sqlite_store *q = sqlite_of(s);
	const char *what = "reading a DTI entry";
	sqlite3_stmt *st;
	if (sqlite_dti_prepare(q,
	                       "SELECT " SQLITE_DTI_ENTRY_COLUMNS
	                       " FROM dti_entry WHERE year = ?1 AND code = ?2",
	                       &st, what) < 0)
		return -1;
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
	int step = sqlite3_step(st);
	int rc = step == SQLITE_ROW ? 1 : step == SQLITE_DONE ? 0 : sqlite_fail(q, what);
	if (rc == 1 && sqlite_dti_entry_read(q, st, out) < 0) {
		dti_entry_clear(out);
		rc = -1;
	}
	sqlite3_finalize(st);
	return rc;
}

static int sqlite_dti_entry_row(sqlite3_stmt *st, void *ctx)
{
	struct sqlite_dti_each *e = ctx;
	struct dti_entry en;
	int stop;
	if (sqlite_dti_entry_read(e->q, st, &en) < 0) {
		e->failed = true;
		stop = 1;
	} else if (e->entry) {
		stop = e->entry(e->ctx, sqlite_dti_column_text(st, 1), &en);
	} else {
		stop = e->history(e->ctx, &en);
	}
	dti_entry_clear(&en);
	return stop;
}

int sqlite_dti_entries_each(struct store *s, int year,
                            int (*each)(void *, const char *, const struct dti_entry *), void *ctx)
{
	struct sqlite_store *q = sqlite_of(s);
	const char *what = "listing DTI entries";
	sqlite3_stmt *st;
	if (sqlite_dti_prepare(q,
	                       "SELECT " SQLITE_DTI_ENTRY_COLUMNS
	                       " FROM dti_entry WHERE year = ?1 ORDER BY code",
	                       &st, what) < 0)
		return -1;
	sqlite3_bind_int(st, 1, year);
	struct sqlite_dti_each e = {.entry = each, .ctx = ctx};
	return sqlite_dti_rows(q, st, what, sqlite_dti_entry_row, &e);
}

int sqlite_dti_entry_put(struct store *s, int year, const char *code, struct dti_entry *e)
{
	struct sqlite_store *q = sqlite_of(s);
	const char *what = "writing a DTI entry";
	sqlite3_stmt *st;
	int64_t version = 0;
	if (sqlite_dti_savepoint(q) < 0)
		return -1;
	int rc = sqlite_dti_prepare(
	    q,
	    "INSERT INTO dti_entry (" SQLITE_DTI_ENTRY_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	    "?7, ?8, 1, ?9, ?10) ON CONFLICT (year, code) DO UPDATE SET value = excluded.value, "
	    "unit = excluded.unit, due = excluded.due, status = excluded.status, "
	    "indicator = excluded.indicator, note = excluded.note, version = dti_entry.version + "
	    "1, "
	    "updated_at = excluded.updated_at, author = excluded.author RETURNING version",
	    &st, what);
	if (rc == 0) {
		sqlite3_bind_int(st, 1, year);
		sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
		sqlite_dti_bind_number(st, 3, e->has_value, e->value);
		sqlite_bind_text(st, 4, e->unit, true);
		sqlite_bind_date(st, 5, e->due);
		sqlite_bind_text(st, 6, dti_status_name(e->status), false);
		sqlite_bind_text(st, 7, e->indicator, true);
		sqlite_bind_text(st, 8, e->note, true);
		sqlite_bind_text(st, 9, e->updated_at, false);
		sqlite_bind_text(st, 10, e->author, false);
		if (sqlite3_step(st) == SQLITE_ROW)
			version = sqlite3_column_int64(st, 0);
		else
			rc = sqlite_fail(q, what);
		sqlite3_finalize(st);
	}
	if (rc == 0)
		rc = sqlite_dti_prepare(q,
		                        "INSERT INTO dti_entry_history (" SQLITE_DTI_ENTRY_COLUMNS
		                        ") SELECT " SQLITE_DTI_ENTRY_COLUMNS
		                        " FROM dti_entry WHERE year = ?1 AND code = ?2",
		                        &st, what);
	if (rc == 0) {
		sqlite3_bind_int(st, 1, year);
		sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
		rc = sqlite_step_done(q, st, what);
		sqlite3_finalize(st);
	}
	rc = sqlite_dti_release(q, rc);
	if (rc == 0)
		e->version = version;
	return rc;
}

int sqlite_dti_entry_history(struct store *s, int year, const char *code,
                             int (*each)(void *, const struct dti_entry *), void *ctx)
{
	struct sqlite_store *q = sqlite_of(s);
	const char *what = "reading the history of a DTI entry";
	sqlite3_stmt *st;
	if (sqlite_dti_prepare(q,
	                       "SELECT " SQLITE_DTI_ENTRY_COLUMNS " FROM dti_entry_history "
	                       "WHERE year = ?1 AND code = ?2 ORDER BY version",
	                       &st, what) < 0)
		return -1;
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
	struct sqlite_dti_each e = {.history = each, .ctx = ctx};
	return sqlite_dti_rows(q, st, what, sqlite_dti_entry_row, &e);
}

/* ---- evidence and files ---- */

#define SQLITE_DTI_EVIDENCE_COLUMNS                                                                \
	"id, year, code, number, title, doc_date, summary, file_sha256, file_name, media_type, "   \
	"size_bytes, recorded_at, author, withdrawn_at, withdrawn_by"

static void sqlite_dti_evidence_read(sqlite3_stmt *st, struct dti_evidence *e)
{
	memset(e, 0, sizeof *e);
	e->id = sqlite3_column_int64(st, 0);
	e->year = sqlite3_column_int(st, 1);
	e->code = sqlite_column_strdup(st, 2);
	e->number = sqlite_column_strdup(st, 3);
	e->title = sqlite_column_strdup(st, 4);
	e->doc_date = sqlite_column_date(st, 5);
	e->summary = sqlite_column_strdup(st, 6);
	const char *sha = (const char *)sqlite3_column_text(st, 7);
	e->has_file = sha != NULL;
	if (sha) {
		snprintf(e->sha256, sizeof e->sha256, "%s", sha);
		e->file_name = sqlite_column_strdup(st, 8);
		e->media_type = sqlite_column_strdup(st, 9);
		e->size_bytes = sqlite3_column_int64(st, 10);
	}
	e->recorded_at = sqlite_column_strdup(st, 11);
	e->author = sqlite_column_strdup(st, 12);
	e->withdrawn_at = sqlite_column_strdup(st, 13);
	e->withdrawn_by = sqlite_column_strdup(st, 14);
}

int sqlite_dti_evidence_add(struct store *s, struct dti_evidence *e, const void *content)
{
	struct sqlite_store *q = sqlite_of(s);
	const char *what = "recording DTI evidence";
	sqlite3_stmt *st;
	if (e->has_file && (e->size_bytes < 0 || (e->size_bytes > 0 && !content)))
		return store_fail(s, "%s: the file's content is missing", what);
	if (sqlite_dti_savepoint(q) < 0)
		return -1;
	int rc = 0;
	if (e->has_file) {
		/* only a second copy is skipped: a bad row still fails (unlike INSERT OR IGNORE) */
		rc = sqlite_dti_prepare(
		    q,
		    "INSERT INTO dti_file (sha256, media_type, size_bytes, content) "
		    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (sha256) DO NOTHING",
		    &st, what);
		if (rc == 0) {
			sqlite3_bind_text(st, 1, e->sha256, -1, SQLITE_STATIC);
			sqlite_bind_text(st, 2, e->media_type, false);
			sqlite3_bind_int64(st, 3, e->size_bytes);
			sqlite3_bind_blob64(st, 4, e->size_bytes ? content : "",
			                    (sqlite3_uint64)e->size_bytes, SQLITE_STATIC);
			rc = sqlite_step_done(q, st, what);
			sqlite3_finalize(st);
		}
	}
	if (rc == 0)
		rc = sqlite_dti_prepare(
		    q,
		    "INSERT INTO dti_evidence (year, code, number, title, doc_date, "
		    "summary, file_sha256, file_name, media_type, size_bytes, "
		    "recorded_at, author) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
		    "?9, ?10, ?11, ?12)",
		    &st, what);
	if (rc == 0) {
		sqlite3_bind_int(st, 1, e->year);
		sqlite3_bind_text(st, 2, e->code, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, e->number ? e->number : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, e->title ? e->title : "", -1, SQLITE_STATIC);
		sqlite_bind_date(st, 5, e->doc_date);
		sqlite3_bind_text(st, 6, e->summary ? e->summary : "", -1, SQLITE_STATIC);
		if (e->has_file) {
			sqlite3_bind_text(st, 7, e->sha256, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 8, e->file_name ? e->file_name : "", -1,
			                  SQLITE_STATIC);
			sqlite_bind_text(st, 9, e->media_type, false);
			sqlite3_bind_int64(st, 10, e->size_bytes);
		}
		sqlite_bind_text(st, 11, e->recorded_at, false);
		sqlite_bind_text(st, 12, e->author, false);
		rc = sqlite_step_done(q, st, what);
		if (rc == 0)
			e->id = sqlite3_last_insert_rowid(q->db);
		sqlite3_finalize(st);
	}
	return sqlite_dti_release(q, rc);
}

static int sqlite_dti_evidence_row(sqlite3_stmt *st, void *ctx)
{
	struct sqlite_dti_each *e = ctx;
	struct dti_evidence ev;
	sqlite_dti_evidence_read(st, &ev);
	int stop = e->evidence(e->ctx, &ev);
	dti_evidence_clear(&ev);
	return stop;
}

int sqlite_dti_evidence_each(struct store *s, int year, const char *code, bool with_withdrawn,
                             int (*each)(void *, const struct dti_evidence *), void *ctx)
{
	struct sqlite_store *q = sqlite_of(s);
	const char *what = "listing DTI evidence";
	struct buf sql;
	sqlite3_stmt *st;
	buf_init(&sql, 0);
	buf_puts(&sql, "SELECT " SQLITE_DTI_EVIDENCE_COLUMNS " FROM dti_evidence WHERE year = ?1");
	if (code)
		buf_puts(&sql, " AND code = ?2");
	if (!with_withdrawn)
		buf_puts(&sql, " AND withdrawn_at IS NULL");
	buf_puts(&sql, " ORDER BY code, id");
	int rc = sqlite_dti_prepare(q, buf_cstr(&sql), &st, what);
	buf_finish(&sql);
	if (rc < 0)
		return -1;
	sqlite3_bind_int(st, 1, year);
	if (code)
		sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
	struct sqlite_dti_each e = {.evidence = each, .ctx = ctx};
	return sqlite_dti_rows(q, st, what, sqlite_dti_evidence_row, &e);
}

int sqlite_dti_evidence_get(struct store *s, int64_t id, struct dti_evidence *out)
{
	struct sqlite_store *q = sqlite_of(s);
	const char *what = "reading DTI evidence";
	sqlite3_stmt *st;
	if (sqlite_dti_prepare(
	        q, "SELECT " SQLITE_DTI_EVIDENCE_COLUMNS " FROM dti_evidence WHERE id = ?1", &st,
	        what) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int step = sqlite3_step(st);
	int rc = step == SQLITE_ROW ? 1 : step == SQLITE_DONE ? 0 : sqlite_fail(q, what);
	if (rc == 1)
		sqlite_dti_evidence_read(st, out);
	sqlite3_finalize(st);
	return rc;
}

int sqlite_dti_evidence_withdraw(struct store *s, int64_t id, const char *at, const char *by)
{
	struct sqlite_store *q = sqlite_of(s);
	const char *what = "withdrawing DTI evidence";
	sqlite3_stmt *st;
	/* withdrawing twice keeps the first time (the schema refuses a second one) */
	if (sqlite_dti_prepare(q,
	                       "UPDATE dti_evidence SET withdrawn_at = ?2, withdrawn_by = ?3 "
	                       "WHERE id = ?1 AND withdrawn_at IS NULL",
	                       &st, what) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite_bind_text(st, 2, at, false);
	sqlite_bind_text(st, 3, by, false);
	int rc = sqlite_step_done(q, st, what);
	sqlite3_finalize(st);
	return rc;
}

int sqlite_dti_file_get(struct store *s, const char *sha256, struct buf *out)
{
	struct sqlite_store *q = sqlite_of(s);
	const char *what = "reading a DTI evidence file";
	sqlite3_stmt *st;
	if (sqlite_dti_prepare(q, "SELECT content FROM dti_file WHERE sha256 = ?1", &st, what) < 0)
		return -1;
	sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
	int step = sqlite3_step(st);
	int rc = step == SQLITE_ROW ? 1 : step == SQLITE_DONE ? 0 : sqlite_fail(q, what);
	if (rc == 1) {
		const void *data = sqlite3_column_blob(st, 0);
		size_t len = (size_t)sqlite3_column_bytes(st, 0);
		if (len > 0 && !data)
			rc = sqlite_fail(q, what);
		else if (len > 0 && buf_append(out, data, len) < 0)
			rc = store_fail(s, "%s: the file %s (%zu bytes) does not fit in %zu bytes",
			                what, sha256, len, out->limit - out->len);
	}
	sqlite3_finalize(st);
	return rc;
}

/* ---- published values ---- */

int sqlite_dti_published_put(struct store *s, int year, const char *code, double value,
                             const char *source, const char *at, const char *author)
{
	struct sqlite_store *q = sqlite_of(s);
	const char *what = "recording a published DTI value";
	sqlite3_stmt *st;
	if (sqlite_dti_prepare(
	        q,
	        "INSERT INTO dti_published (year, code, value, source, recorded_at, "
	        "author) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (year, code) DO "
	        "UPDATE SET value = excluded.value, source = excluded.source, "
	        "recorded_at = excluded.recorded_at, author = excluded.author",
	        &st, what) < 0)
		return -1;
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 3, value);
	sqlite3_bind_text(st, 4, source ? source : "", -1, SQLITE_STATIC);
	sqlite_bind_text(st, 5, at, false);
	sqlite_bind_text(st, 6, author, false);
	int rc = sqlite_step_done(q, st, what);
	sqlite3_finalize(st);
	return rc;
}

static int sqlite_dti_published_row(sqlite3_stmt *st, void *ctx)
{
	struct sqlite_dti_each *e = ctx;
	return e->published(e->ctx, sqlite_dti_column_text(st, 0), sqlite3_column_double(st, 1),
	                    sqlite_dti_column_text(st, 2));
}

int sqlite_dti_published_each(struct store *s, int year,
                              int (*each)(void *, const char *, double, const char *), void *ctx)
{
	struct sqlite_store *q = sqlite_of(s);
	const char *what = "listing published DTI values";
	sqlite3_stmt *st;
	if (sqlite_dti_prepare(q,
	                       "SELECT code, value, source FROM dti_published WHERE year = ?1 "
	                       "ORDER BY code",
	                       &st, what) < 0)
		return -1;
	sqlite3_bind_int(st, 1, year);
	struct sqlite_dti_each e = {.published = each, .ctx = ctx};
	return sqlite_dti_rows(q, st, what, sqlite_dti_published_row, &e);
}
