/* pg_dti.c — the PostgreSQL backend of the DTI store functions (store.h, sql/pg/0007_dti.sql):
 * frameworks and their items, the years bound to them, entries with their history, evidence with
 * its files, and the published values. It mirrors sqlite_dti.c statement for statement.
 *
 * A function that writes more than one row does so inside a savepoint of the caller's
 * transaction (or a transaction of its own when there is none), so that it is all or nothing and
 * a failure leaves the caller's transaction usable, as with SQLite. No statement is expected to
 * fail on the way: a second copy of a file is skipped with ON CONFLICT DO NOTHING.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/dti.h"
#include "../lib/buf.h"
#include "../lib/mem.h"
#include "pg_impl.h"
#include "store_impl.h"

/* ---- helpers ---- */

/* Opens the savepoint of a write of several rows; *own: there was no transaction, so a
 * transaction of its own was begun instead. */
static int pg_dti_savepoint(struct pg_store *q, bool *own)
{
	*own = PQtransactionStatus(q->conn) == PQTRANS_IDLE;
	return pg_exec(q, *own ? "BEGIN" : "SAVEPOINT dti");
}

/* Releases the savepoint (or commits) when rc is 0, else undoes what was done since it (keeping
 * the message of the failure); returns rc, or -1 when the release fails. */
static int pg_dti_release(struct pg_store *q, bool own, int rc)
{
	if (rc == 0)
		return pg_exec(q, own ? "COMMIT" : "RELEASE dti");
	char msg[sizeof q->base.error];
	snprintf(msg, sizeof msg, "%s", q->base.error);
	PQclear(PQexec(q->conn, own ? "ROLLBACK" : "ROLLBACK TO dti; RELEASE dti"));
	snprintf(q->base.error, sizeof q->base.error, "%s", msg);
	return rc;
}

static void pg_dti_param_number(struct pg_params *p, bool has, double v)
{
	if (has)
		pg_param_double(p, v);
	else
		pg_param_null(p);
}

static bool pg_dti_number(const PGresult *r, int row, int col, double *v)
{
	if (pg_null(r, row, col)) {
		*v = 0;
		return false;
	}
	*v = pg_double(r, row, col);
	return true;
}

/* A caller's callback and context, for the row adapters below. failed: a row could not be read
 * (the message is in the handle). */
struct pg_dti_each {
	struct pg_store *q;
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

/* pg_rows, then -1 when a row adapter failed. */
static int pg_dti_rows(struct pg_store *q, const char *what, const char *sql,
                       const struct pg_params *p, int (*row)(const PGresult *r, int i, void *ctx),
                       struct pg_dti_each *e)
{
	e->q = q;
	e->failed = false;
	int rc = pg_rows(q, what, sql, p, row, e);
	return rc < 0 || e->failed ? -1 : 0;
}

/* ---- frameworks ---- */

#define PG_DTI_ITEM_COLUMNS                                                                        \
	"code, parent_code, name, points, kind, target, rule, evidence_required, weight, "         \
	"official, source"

/* Reads a row of PG_DTI_ITEM_COLUMNS; -1 (with a message) when its kind or rule does not parse.
 * The strings read are in *it either way. */
static int pg_dti_item_read(struct pg_store *q, const PGresult *r, int row, const char *framework,
                            struct dti_item *it)
{
	memset(it, 0, sizeof *it);
	it->code = pg_strdup(r, row, 0);
	it->parent = pg_strdup(r, row, 1);
	it->name = pg_strdup(r, row, 2);
	it->has_points = pg_dti_number(r, row, 3, &it->points);
	const char *kind = pg_text(r, row, 4);
	if (kind) {
		it->has_kind = true;
		if (dti_kind_parse(kind, &it->kind) < 0)
			return store_fail(
			    &q->base,
			    "DTI framework %s, item %s: the stored kind \"%s\" is unknown",
			    framework, it->code ? it->code : "", kind);
	}
	it->has_target = pg_dti_number(r, row, 5, &it->target);
	const char *rule = pg_text_or_empty(r, row, 6);
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
	it->evidence_required = pg_bigint(r, row, 7) != 0;
	it->has_weight = pg_dti_number(r, row, 8, &it->weight);
	it->official = pg_bigint(r, row, 9) != 0;
	it->source = pg_strdup(r, row, 10);
	return 0;
}

/* The id of framework code: 1 and *id, 0 when there is none. */
static int pg_dti_framework_id(struct pg_store *q, const char *code, int64_t *id, const char *what)
{
	struct pg_params p = {0};
	pg_param_text(&p, code, false);
	return pg_value_int64(q, what, "SELECT id FROM dti_framework WHERE code = $1", &p, id);
}

static int pg_dti_items_insert(struct pg_store *q, int64_t framework_id,
                               const struct dti_item *items, size_t n, const char *what)
{
	struct pg_params p = {0};
	pg_param_int64(&p, framework_id);
	if (pg_command(q, what, "DELETE FROM dti_item WHERE framework_id = $1", &p, NULL) < 0)
		return -1;
	struct buf rule;
	buf_init(&rule, 0);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct dti_item *it = &items[i];
		char what_item[256];
		snprintf(what_item, sizeof what_item, "%s: item %zu (%s)", what, i + 1,
		         it->code ? it->code : "");
		buf_reset(&rule);
		if (it->rule.kind != DTI_RULE_NONE)
			dti_rule_format(&it->rule, &rule);
		p = (struct pg_params){0};
		pg_param_int64(&p, framework_id);
		pg_param_int64(&p, (int64_t)i + 1);
		pg_param_text(&p, it->code, false);
		pg_param_text(&p, it->parent, true);
		pg_param_text(&p, it->name ? it->name : "", false);
		pg_dti_param_number(&p, it->has_points, it->points);
		pg_param_text(&p, it->has_kind ? dti_kind_name(it->kind) : NULL, false);
		pg_dti_param_number(&p, it->has_target, it->target);
		pg_param_text(&p, buf_cstr(&rule), false);
		pg_param_int64(&p, it->evidence_required);
		pg_dti_param_number(&p, it->has_weight, it->weight);
		pg_param_int64(&p, it->official);
		pg_param_text(&p, it->source, false);
		rc = pg_command(q, what_item,
		                "INSERT INTO dti_item (framework_id, seq, " PG_DTI_ITEM_COLUMNS
		                ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
		                &p, NULL);
	}
	buf_finish(&rule);
	return rc;
}

int pg_dti_framework_put(struct store *s, const char *code, const struct dti_item *items, size_t n,
                         const char *at, const char *author)
{
	struct pg_store *q = pg_of(s);
	const char *what = "storing a DTI framework";
	int64_t id = 0;
	bool own;
	if (pg_dti_savepoint(q, &own) < 0)
		return -1;
	struct pg_params p = {0};
	pg_param_text(&p, code, false);
	pg_param_text(&p, at, false);
	pg_param_text(&p, author, false);
	int found = pg_value_int64(q, what,
	                           "INSERT INTO dti_framework (code, imported_at, author) VALUES "
	                           "($1, $2, $3) ON CONFLICT (code) DO UPDATE SET "
	                           "imported_at = excluded.imported_at, author = excluded.author "
	                           "RETURNING id",
	                           &p, &id);
	int rc = found < 0 ? -1 : 0;
	if (found == 0)
		rc = store_fail(s, "%s: no id was returned", what);
	if (rc == 0)
		rc = pg_dti_items_insert(q, id, items, n, what);
	return pg_dti_release(q, own, rc);
}

int pg_dti_framework_get(struct store *s, const char *code, struct dti_item **items, size_t *n)
{
	struct pg_store *q = pg_of(s);
	const char *what = "reading a DTI framework";
	int64_t id = 0;
	*items = NULL;
	*n = 0;
	int found = pg_dti_framework_id(q, code, &id, what);
	if (found <= 0)
		return found;
	struct pg_params p = {0};
	pg_param_int64(&p, id);
	PGresult *r = pg_query(q, what,
	                       "SELECT " PG_DTI_ITEM_COLUMNS
	                       " FROM dti_item WHERE framework_id = $1 ORDER BY seq",
	                       &p);
	if (!r)
		return -1;
	size_t len = (size_t)PQntuples(r);
	struct dti_item *v = len ? mem_realloc(NULL, len * sizeof *v) : NULL;
	size_t done = 0;
	int rc = 0;
	while (done < len && rc == 0) {
		rc = pg_dti_item_read(q, r, (int)done, code, &v[done]);
		done++;
	}
	PQclear(r);
	if (rc < 0) {
		for (size_t i = 0; i < done; i++)
			dti_item_clear(&v[i]);
		free(v);
		return -1;
	}
	*items = v;
	*n = len;
	return 1;
}

static int pg_dti_framework_row(const PGresult *r, int i, void *ctx)
{
	struct pg_dti_each *e = ctx;
	struct store_dti_framework f = {
	    .code = pg_text_or_empty(r, i, 0),
	    .items = (size_t)pg_bigint(r, i, 1),
	    .imported_at = pg_text_or_empty(r, i, 2),
	    .author = pg_text_or_empty(r, i, 3),
	};
	return e->framework(e->ctx, &f);
}

int pg_dti_frameworks_each(struct store *s, int (*each)(void *, const struct store_dti_framework *),
                           void *ctx)
{
	struct pg_store *q = pg_of(s);
	struct pg_dti_each e = {.framework = each, .ctx = ctx};
	return pg_dti_rows(q, "listing DTI frameworks",
	                   "SELECT f.code, (SELECT count(*) FROM dti_item i WHERE "
	                   "i.framework_id = f.id), f.imported_at, f.author FROM dti_framework f "
	                   "ORDER BY f.code COLLATE \"C\"",
	                   NULL, pg_dti_framework_row, &e);
}

static int pg_dti_code_row(const PGresult *r, int i, void *ctx)
{
	struct pg_dti_each *e = ctx;
	return e->code(e->ctx, pg_text_or_empty(r, i, 0));
}

int pg_dti_codes_in_use(struct store *s, const char *framework, int (*each)(void *, const char *),
                        void *ctx)
{
	struct pg_store *q = pg_of(s);
	struct pg_params p = {0};
	pg_param_text(&p, framework, false);
	struct pg_dti_each e = {.code = each, .ctx = ctx};
	/* withdrawn evidence stays on record: its code is in use too */
	return pg_dti_rows(
	    q, "listing the DTI codes in use",
	    "WITH y (year) AS (SELECT y.year FROM dti_year y JOIN dti_framework f "
	    "ON f.id = y.framework_id WHERE f.code = $1) "
	    "SELECT code FROM (SELECT code FROM dti_entry WHERE year IN (SELECT year "
	    "FROM y) UNION SELECT code FROM dti_evidence WHERE year IN (SELECT year "
	    "FROM y)) c ORDER BY code COLLATE \"C\"",
	    &p, pg_dti_code_row, &e);
}

/* ---- years ---- */

int pg_dti_year_put(struct store *s, int year, const char *framework, const char *province,
                    const char *at, const char *author)
{
	struct pg_store *q = pg_of(s);
	const char *what = "binding a DTI year";
	int64_t id = 0;
	int found = pg_dti_framework_id(q, framework, &id, what);
	if (found < 0)
		return -1;
	if (found == 0)
		return store_fail(s, "%s: there is no DTI framework %s", what, framework);
	struct pg_params p = {0};
	pg_param_int64(&p, year);
	pg_param_int64(&p, id);
	pg_param_text(&p, province, true);
	pg_param_text(&p, at, false);
	pg_param_text(&p, author, false);
	return pg_command(q, what,
	                  "INSERT INTO dti_year (year, framework_id, province, bound_at, author) "
	                  "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (year) DO UPDATE SET "
	                  "framework_id = excluded.framework_id, province = excluded.province, "
	                  "bound_at = excluded.bound_at, author = excluded.author",
	                  &p, NULL);
}

int pg_dti_year_get(struct store *s, int year, char **framework, char **province)
{
	struct pg_store *q = pg_of(s);
	*framework = NULL;
	*province = NULL;
	struct pg_params p = {0};
	pg_param_int64(&p, year);
	PGresult *r = pg_query(q, "reading a DTI year",
	                       "SELECT f.code, y.province FROM dti_year y JOIN dti_framework f "
	                       "ON f.id = y.framework_id WHERE y.year = $1",
	                       &p);
	if (!r)
		return -1;
	int rc = PQntuples(r) > 0;
	if (rc == 1) {
		*framework = pg_strdup(r, 0, 0);
		*province = pg_strdup(r, 0, 1);
	}
	PQclear(r);
	return rc;
}

static int pg_dti_year_row(const PGresult *r, int i, void *ctx)
{
	struct pg_dti_each *e = ctx;
	return e->year(e->ctx, (int)pg_bigint(r, i, 0), pg_text_or_empty(r, i, 1),
	               pg_text(r, i, 2));
}

int pg_dti_years_each(struct store *s, int (*each)(void *, int, const char *, const char *),
                      void *ctx)
{
	struct pg_store *q = pg_of(s);
	struct pg_dti_each e = {.year = each, .ctx = ctx};
	return pg_dti_rows(q, "listing DTI years",
	                   "SELECT y.year, f.code, y.province FROM dti_year y JOIN dti_framework "
	                   "f ON f.id = y.framework_id ORDER BY y.year DESC",
	                   NULL, pg_dti_year_row, &e);
}

/* ---- entries ---- */

#define PG_DTI_ENTRY_COLUMNS                                                                       \
	"year, code, value, unit, due, status, indicator, note, version, updated_at, author"

/* Reads a row of PG_DTI_ENTRY_COLUMNS; -1 (with a message) when its status is unknown. The
 * strings read are in *e either way. */
static int pg_dti_entry_read(struct pg_store *q, const PGresult *r, int row, struct dti_entry *e)
{
	memset(e, 0, sizeof *e);
	e->has_value = pg_dti_number(r, row, 2, &e->value);
	e->unit = pg_strdup(r, row, 3);
	e->due = pg_date(r, row, 4);
	e->indicator = pg_strdup(r, row, 6);
	e->note = pg_strdup(r, row, 7);
	e->version = pg_bigint(r, row, 8);
	e->updated_at = pg_strdup(r, row, 9);
	e->author = pg_strdup(r, row, 10);
	const char *status = pg_text_or_empty(r, row, 5);
	if (dti_status_parse(status, &e->status) < 0)
		return store_fail(&q->base, "DTI entry %d/%s: the stored status \"%s\" is unknown",
		                  (int)pg_bigint(r, row, 0), pg_text_or_empty(r, row, 1), status);
	return 0;
}

int pg_dti_entry_get(struct store *s, int year, const char *code, struct dti_entry *out)
{
	struct pg_store *q = pg_of(s);
	struct pg_params p = {0};
	pg_param_int64(&p, year);
	pg_param_text(&p, code, false);
	PGresult *r = pg_query(
	    q, "reading a DTI entry",
	    "SELECT " PG_DTI_ENTRY_COLUMNS " FROM dti_entry WHERE year = $1 AND code = $2", &p);
	if (!r)
		return -1;
	int rc = PQntuples(r) > 0;
	if (rc == 1 && pg_dti_entry_read(q, r, 0, out) < 0) {
		dti_entry_clear(out);
		rc = -1;
	}
	PQclear(r);
	return rc;
}

static int pg_dti_entry_row(const PGresult *r, int i, void *ctx)
{
	struct pg_dti_each *e = ctx;
	struct dti_entry en;
	int stop;
	if (pg_dti_entry_read(e->q, r, i, &en) < 0) {
		e->failed = true;
		stop = 1;
	} else if (e->entry) {
		stop = e->entry(e->ctx, pg_text_or_empty(r, i, 1), &en);
	} else {
		stop = e->history(e->ctx, &en);
	}
	dti_entry_clear(&en);
	return stop;
}

int pg_dti_entries_each(struct store *s, int year,
                        int (*each)(void *, const char *, const struct dti_entry *), void *ctx)
{
	struct pg_store *q = pg_of(s);
	struct pg_params p = {0};
	pg_param_int64(&p, year);
	struct pg_dti_each e = {.entry = each, .ctx = ctx};
	return pg_dti_rows(q, "listing DTI entries",
	                   "SELECT " PG_DTI_ENTRY_COLUMNS
	                   " FROM dti_entry WHERE year = $1 ORDER BY code COLLATE \"C\"",
	                   &p, pg_dti_entry_row, &e);
}

int pg_dti_entry_put(struct store *s, int year, const char *code, struct dti_entry *e)
{
	struct pg_store *q = pg_of(s);
	const char *what = "writing a DTI entry";
	int64_t version = 0;
	bool own;
	if (pg_dti_savepoint(q, &own) < 0)
		return -1;
	struct pg_params p = {0};
	pg_param_int64(&p, year);
	pg_param_text(&p, code, false);
	pg_dti_param_number(&p, e->has_value, e->value);
	pg_param_text(&p, e->unit, true);
	pg_param_date(&p, e->due);
	pg_param_text(&p, dti_status_name(e->status), false);
	pg_param_text(&p, e->indicator, true);
	pg_param_text(&p, e->note, true);
	pg_param_text(&p, e->updated_at, false);
	pg_param_text(&p, e->author, false);
	int found = pg_value_int64(
	    q, what,
	    "INSERT INTO dti_entry (" PG_DTI_ENTRY_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, "
	    "$8, 1, $9, $10) ON CONFLICT (year, code) DO UPDATE SET value = excluded.value, "
	    "unit = excluded.unit, due = excluded.due, status = excluded.status, "
	    "indicator = excluded.indicator, note = excluded.note, "
	    "version = dti_entry.version + 1, updated_at = excluded.updated_at, "
	    "author = excluded.author RETURNING version",
	    &p, &version);
	int rc = found < 0 ? -1 : 0;
	if (found == 0)
		rc = store_fail(s, "%s: no version was returned", what);
	if (rc == 0) {
		p = (struct pg_params){0};
		pg_param_int64(&p, year);
		pg_param_text(&p, code, false);
		rc = pg_command(q, what,
		                "INSERT INTO dti_entry_history (" PG_DTI_ENTRY_COLUMNS
		                ") SELECT " PG_DTI_ENTRY_COLUMNS
		                " FROM dti_entry WHERE year = $1 AND code = $2",
		                &p, NULL);
	}
	rc = pg_dti_release(q, own, rc);
	if (rc == 0)
		e->version = version;
	return rc;
}

int pg_dti_entry_history(struct store *s, int year, const char *code,
                         int (*each)(void *, const struct dti_entry *), void *ctx)
{
	struct pg_store *q = pg_of(s);
	struct pg_params p = {0};
	pg_param_int64(&p, year);
	pg_param_text(&p, code, false);
	struct pg_dti_each e = {.history = each, .ctx = ctx};
	return pg_dti_rows(q, "reading the history of a DTI entry",
	                   "SELECT " PG_DTI_ENTRY_COLUMNS " FROM dti_entry_history "
	                   "WHERE year = $1 AND code = $2 ORDER BY version",
	                   &p, pg_dti_entry_row, &e);
}

/* ---- evidence and files ---- */

#define PG_DTI_EVIDENCE_COLUMNS                                                                    \
	"id, year, code, number, title, doc_date, summary, file_sha256, file_name, media_type, "   \
	"size_bytes, recorded_at, author, withdrawn_at, withdrawn_by"

static void pg_dti_evidence_read(const PGresult *r, int row, struct dti_evidence *e)
{
	memset(e, 0, sizeof *e);
	e->id = pg_bigint(r, row, 0);
	e->year = (int)pg_bigint(r, row, 1);
	e->code = pg_strdup(r, row, 2);
	e->number = pg_strdup(r, row, 3);
	e->title = pg_strdup(r, row, 4);
	e->doc_date = pg_date(r, row, 5);
	e->summary = pg_strdup(r, row, 6);
	const char *sha = pg_text(r, row, 7);
	e->has_file = sha != NULL;
	if (sha) {
		snprintf(e->sha256, sizeof e->sha256, "%s", sha);
		e->file_name = pg_strdup(r, row, 8);
		e->media_type = pg_strdup(r, row, 9);
		e->size_bytes = pg_bigint(r, row, 10);
	}
	e->recorded_at = pg_strdup(r, row, 11);
	e->author = pg_strdup(r, row, 12);
	e->withdrawn_at = pg_strdup(r, row, 13);
	e->withdrawn_by = pg_strdup(r, row, 14);
}

int pg_dti_evidence_add(struct store *s, struct dti_evidence *e, const void *content)
{
	struct pg_store *q = pg_of(s);
	const char *what = "recording DTI evidence";
	struct pg_params p = {0};
	if (e->has_file && (e->size_bytes < 0 || (e->size_bytes > 0 && !content)))
		return store_fail(s, "%s: the file's content is missing", what);
	bool own;
	if (pg_dti_savepoint(q, &own) < 0)
		return -1;
	int rc = 0;
	if (e->has_file) {
		/* only a second copy is skipped: a bad row still fails */
		pg_param_text(&p, e->sha256, false);
		pg_param_text(&p, e->media_type, false);
		pg_param_int64(&p, e->size_bytes);
		pg_param_bytes(&p, e->size_bytes ? content : "", (size_t)e->size_bytes);
		rc = pg_command(q, what,
		                "INSERT INTO dti_file (sha256, media_type, size_bytes, content) "
		                "VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING",
		                &p, NULL);
	}
	if (rc == 0) {
		p = (struct pg_params){0};
		pg_param_int64(&p, e->year);
		pg_param_text(&p, e->code, false);
		pg_param_text(&p, e->number ? e->number : "", false);
		pg_param_text(&p, e->title ? e->title : "", false);
		pg_param_date(&p, e->doc_date);
		pg_param_text(&p, e->summary ? e->summary : "", false);
		if (e->has_file) {
			pg_param_text(&p, e->sha256, false);
			pg_param_text(&p, e->file_name ? e->file_name : "", false);
			pg_param_text(&p, e->media_type, false);
			pg_param_int64(&p, e->size_bytes);
		} else {
			for (int i = 0; i < 4; i++)
				pg_param_null(&p);
		}
		pg_param_text(&p, e->recorded_at, false);
		pg_param_text(&p, e->author, false);
		int64_t id = 0;
		int found = pg_value_int64(
		    q, what,
		    "INSERT INTO dti_evidence (year, code, number, title, doc_date, summary, "
		    "file_sha256, file_name, media_type, size_bytes, recorded_at, author) VALUES "
		    "($1, "
		    "$2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
		    &p, &id);
		rc = found < 0 ? -1 : 0;
		if (found == 0)
			rc = store_fail(s, "%s: no id was returned", what);
		if (rc == 0)
			e->id = id;
	}
	return pg_dti_release(q, own, rc);
}

static int pg_dti_evidence_row(const PGresult *r, int i, void *ctx)
{
	struct pg_dti_each *e = ctx;
	struct dti_evidence ev;
	pg_dti_evidence_read(r, i, &ev);
	int stop = e->evidence(e->ctx, &ev);
	dti_evidence_clear(&ev);
	return stop;
}

int pg_dti_evidence_each(struct store *s, int year, const char *code, bool with_withdrawn,
                         int (*each)(void *, const struct dti_evidence *), void *ctx)
{
	struct pg_store *q = pg_of(s);
	struct buf sql;
	struct pg_params p = {0};
	buf_init(&sql, 0);
	buf_puts(&sql, "SELECT " PG_DTI_EVIDENCE_COLUMNS " FROM dti_evidence WHERE year = $1");
	pg_param_int64(&p, year);
	if (code) {
		buf_puts(&sql, " AND code = $2");
		pg_param_text(&p, code, false);
	}
	if (!with_withdrawn)
		buf_puts(&sql, " AND withdrawn_at IS NULL");
	buf_puts(&sql, " ORDER BY code COLLATE \"C\", id");
	struct pg_dti_each e = {.evidence = each, .ctx = ctx};
	int rc =
	    pg_dti_rows(q, "listing DTI evidence", buf_cstr(&sql), &p, pg_dti_evidence_row, &e);
	buf_finish(&sql);
	return rc;
}

int pg_dti_evidence_get(struct store *s, int64_t id, struct dti_evidence *out)
{
	struct pg_store *q = pg_of(s);
	struct pg_params p = {0};
	pg_param_int64(&p, id);
	PGresult *r =
	    pg_query(q, "reading DTI evidence",
	             "SELECT " PG_DTI_EVIDENCE_COLUMNS " FROM dti_evidence WHERE id = $1", &p);
	if (!r)
		return -1;
	int rc = PQntuples(r) > 0;
	if (rc == 1)
		pg_dti_evidence_read(r, 0, out);
	PQclear(r);
	return rc;
}

int pg_dti_evidence_withdraw(struct store *s, int64_t id, const char *at, const char *by)
{
	struct pg_store *q = pg_of(s);
	struct pg_params p = {0};
	pg_param_int64(&p, id);
	pg_param_text(&p, at, false);
	pg_param_text(&p, by, false);
	/* withdrawing twice keeps the first time (the schema refuses a second one) */
	return pg_command(q, "withdrawing DTI evidence",
	                  "UPDATE dti_evidence SET withdrawn_at = $2, withdrawn_by = $3 "
	                  "WHERE id = $1 AND withdrawn_at IS NULL",
	                  &p, NULL);
}

int pg_dti_file_get(struct store *s, const char *sha256, struct buf *out)
{
	struct pg_store *q = pg_of(s);
	const char *what = "reading a DTI evidence file";
	struct pg_params p = {0};
	pg_param_text(&p, sha256, false);
	PGresult *r = pg_query(
	    q, what, "SELECT content, length(content) FROM dti_file WHERE sha256 = $1", &p);
	if (!r)
		return -1;
	int rc = PQntuples(r) > 0;
	if (rc == 1) {
		size_t len = (size_t)pg_bigint(r, 0, 1);
		size_t before = out->len;
		if (len > out->limit - out->len)
			rc = store_fail(s, "%s: the file %s (%zu bytes) does not fit in %zu bytes",
			                what, sha256, len, out->limit - out->len);
		else if (len > 0 && (pg_bytes(r, 0, 0, out) < 0 || out->len - before != len))
			rc = store_fail(s, "%s: the file %s (%zu bytes) could not be decoded", what,
			                sha256, len);
		if (rc < 0 && out->data) {
			out->len = before;
			out->data[before] = '\0';
		}
	}
	PQclear(r);
	return rc;
}

/* ---- published values ---- */

int pg_dti_published_put(struct store *s, int year, const char *code, double value,
                         const char *source, const char *at, const char *author)
{
	struct pg_store *q = pg_of(s);
	struct pg_params p = {0};
	pg_param_int64(&p, year);
	pg_param_text(&p, code, false);
	pg_param_double(&p, value);
	pg_param_text(&p, source ? source : "", false);
	pg_param_text(&p, at, false);
	pg_param_text(&p, author, false);
	return pg_command(q, "recording a published DTI value",
	                  "INSERT INTO dti_published (year, code, value, source, recorded_at, "
	                  "author) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (year, code) DO "
	                  "UPDATE SET value = excluded.value, source = excluded.source, "
	                  "recorded_at = excluded.recorded_at, author = excluded.author",
	                  &p, NULL);
}

static int pg_dti_published_row(const PGresult *r, int i, void *ctx)
{
	struct pg_dti_each *e = ctx;
	return e->published(e->ctx, pg_text_or_empty(r, i, 0), pg_double(r, i, 1),
	                    pg_text_or_empty(r, i, 2));
}

int pg_dti_published_each(struct store *s, int year,
                          int (*each)(void *, const char *, double, const char *), void *ctx)
{
	struct pg_store *q = pg_of(s);
	struct pg_params p = {0};
	pg_param_int64(&p, year);
	struct pg_dti_each e = {.published = each, .ctx = ctx};
	return pg_dti_rows(q, "listing published DTI values",
	                   "SELECT code, value, source FROM dti_published WHERE year = $1 "
	                   "ORDER BY code COLLATE \"C\"",
	                   &p, pg_dti_published_row, &e);
}
