/* store_copy.c — copying a whole database into another one, of either backend, and verifying
 * the copy (store.h: store_copy).
 *
 * The tables are described once, here: their columns with a type each, their primary key, in an
 * order where referenced rows come first (the order of sql/sqlite/). Each backend reads and
 * writes rows of a described table (the ops columns_each, table_count, table_each, load_*), so
 * the copy needs no SQL of its own and a table moves from SQLite to PostgreSQL or back alike.
 * Before copying, both databases are checked against the description: a table or column it
 * lacks (a newer schema) stops the copy instead of being left behind (store_check_tables checks a
 * restored database the same way). After copying, each side
 * counts and hashes its rows, read back through its own backend in key order, inside the
 * target's transaction: a mismatch is found before anything is kept.
 */
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "store_impl.h"

#define COPY_TABLE(table, key, ...)                                                                \
	{                                                                                          \
		table, (const struct store_column[]){__VA_ARGS__},                                 \
		    (int)(sizeof((const struct store_column[]){__VA_ARGS__}) /                     \
		          sizeof(struct store_column)),                                            \
		    key                                                                            \
	}

/* Every table of the schema (sql/sqlite/0001…0008), referenced tables first; key columns lead. */
static const struct store_table copy_tables[] = {
    /* 0001 */
    COPY_TABLE("unit", 1, {"code", 't'}, {"name", 't'}, {"name_fold", 't'}, {"kind", 't'},
               {"parent_code", 't'}, {"valid_from", 't'}, {"valid_to", 't'}),
    COPY_TABLE("task", 1, {"id", 'i'}, {"year", 'i'}, {"code", 't'}, {"name", 't'},
               {"search_fold", 't'}, {"investor", 't'}, {"category", 't'}, {"funding", 't'},
               {"budget_vnd", 'i'}, {"carried_from", 't'}, {"tags", 't'}, {"start_date", 't'},
               {"end_date", 't'}, {"note", 't'}, {"on_date", 't'}, {"recorded_at", 't'},
               {"author", 't'}, {"source", 't'}, {"progress_pct", 'i'}, {"disbursed_vnd", 'i'},
               {"status", 't'}, {"first_note", 't'}),
    COPY_TABLE("task_update", 2, {"task_id", 'i'}, {"seq", 'i'}, {"on_date", 't'},
               {"recorded_at", 't'}, {"author", 't'}, {"source", 't'}, {"progress_pct", 'i'},
               {"disbursed_vnd", 'i'}, {"status", 't'}, {"note", 't'}, {"changes", 't'}),
    COPY_TABLE("audit", 1, {"id", 'i'}, {"at", 't'}, {"actor", 't'}, {"action", 't'},
               {"object", 't'}, {"detail", 't'}),
    /* 0002 */
    COPY_TABLE("account", 1, {"id", 'i'}, {"name", 't'}, {"role", 't'}, {"unit", 't'},
               {"disabled", 'i'}, {"pw_hash", 't'}, {"created_at", 't'}),
    COPY_TABLE("session", 1, {"token_hash", 't'}, {"user_id", 'i'}, {"csrf", 't'},
               {"created_at", 't'}, {"expires_at", 't'}),
    COPY_TABLE("api_token", 1, {"id", 'i'}, {"token_hash", 't'}, {"user_id", 'i'}, {"label", 't'},
               {"created_at", 't'}, {"revoked_at", 't'}),
    COPY_TABLE("login_failure", 0, {"name", 't'}, {"client", 't'}, {"at", 't'}),
    /* 0003 */
    COPY_TABLE("unit_link", 0, {"code", 't'}, {"parent_code", 't'}, {"valid_from", 't'},
               {"valid_to", 't'}),
    COPY_TABLE("unit_successor", 0, {"code", 't'}, {"successor_code", 't'}, {"on_date", 't'},
               {"event", 't'}),
    /* 0004 */
    COPY_TABLE("indicator", 1, {"id", 'i'}, {"code", 't'}, {"name", 't'}, {"measure", 't'},
               {"aggregation", 't'}, {"numerator", 't'}, {"denominator", 't'}, {"multiplier", 'r'},
               {"direction", 't'}, {"decimals", 'i'}, {"reported_kinds", 'i'}),
    COPY_TABLE("unit_key", 1, {"id", 'i'}, {"code", 't'}),
    COPY_TABLE("indicator_import", 1, {"id", 'i'}, {"recorded_at", 't'}, {"author", 't'},
               {"file", 't'}),
    COPY_TABLE("indicator_value", 3, {"indicator_id", 'i'}, {"period", 'i'}, {"unit_id", 'i'},
               {"value", 'r'}, {"source", 't'}, {"import_id", 'i'}),
    COPY_TABLE("indicator_target", 3, {"indicator_id", 'i'}, {"unit_id", 'i'}, {"period", 'i'},
               {"target", 'r'}, {"import_id", 'i'}),
    /* 0005 */
    COPY_TABLE("proposal", 1, {"id", 'i'}, {"year", 'i'}, {"code", 't'}, {"name", 't'},
               {"search_fold", 't'}, {"investor", 't'}, {"category", 't'}, {"funding", 't'},
               {"budget_vnd", 'i'}, {"carried_from", 't'}, {"tags", 't'}, {"start_date", 't'},
               {"end_date", 't'}, {"note", 't'}, {"score", 'i'}, {"created_at", 't'},
               {"updated_at", 't'}),
    COPY_TABLE("plan_adoption", 1, {"year", 'i'}, {"adopted_at", 't'}, {"adopted_by", 't'},
               {"budget_vnd", 'i'}, {"selected_vnd", 'i'}, {"locks", 't'}, {"excludes", 't'}),
    COPY_TABLE("plan_adoption_item", 2, {"year", 'i'}, {"position", 'i'}, {"code", 't'},
               {"name", 't'}, {"investor", 't'}, {"tier", 'i'}, {"score", 'i'}, {"budget_vnd", 'i'},
               {"selected", 'i'}, {"reason", 't'}),
    /* 0006 */
    COPY_TABLE("allocation", 1, {"id", 'i'}, {"year", 'i'}, {"unit", 't'}, {"amount_vnd", 'i'},
               {"note", 't'}, {"on_date", 't'}, {"recorded_at", 't'}, {"author", 't'}),
    COPY_TABLE("task_colour", 1, {"id", 'i'}, {"task_id", 'i'}, {"colour", 't'}, {"comment", 't'},
               {"on_date", 't'}, {"recorded_at", 't'}, {"author", 't'}),
    /* 0007 */
    COPY_TABLE("dti_framework", 1, {"id", 'i'}, {"code", 't'}, {"imported_at", 't'},
               {"author", 't'}),
    COPY_TABLE("dti_item", 2, {"framework_id", 'i'}, {"code", 't'}, {"seq", 'i'},
               {"parent_code", 't'}, {"name", 't'}, {"points", 'r'}, {"kind", 't'}, {"target", 'r'},
               {"rule", 't'}, {"evidence_required", 'i'}, {"weight", 'r'}, {"official", 'i'},
               {"source", 't'}),
    COPY_TABLE("dti_year", 1, {"year", 'i'}, {"framework_id", 'i'}, {"province", 't'},
               {"bound_at", 't'}, {"author", 't'}),
    COPY_TABLE("dti_entry", 2, {"year", 'i'}, {"code", 't'}, {"value", 'r'}, {"unit", 't'},
               {"due", 't'}, {"status", 't'}, {"indicator", 't'}, {"note", 't'}, {"version", 'i'},
               {"updated_at", 't'}, {"author", 't'}),
    COPY_TABLE("dti_entry_history", 1, {"id", 'i'}, {"year", 'i'}, {"code", 't'}, {"value", 'r'},
               {"unit", 't'}, {"due", 't'}, {"status", 't'}, {"indicator", 't'}, {"note", 't'},
               {"version", 'i'}, {"updated_at", 't'}, {"author", 't'}),
    COPY_TABLE("dti_file", 1, {"sha256", 't'}, {"media_type", 't'}, {"size_bytes", 'i'},
               {"content", 'b'}),
    COPY_TABLE("dti_evidence", 1, {"id", 'i'}, {"year", 'i'}, {"code", 't'}, {"number", 't'},
               {"title", 't'}, {"doc_date", 't'}, {"summary", 't'}, {"file_sha256", 't'},
               {"file_name", 't'}, {"media_type", 't'}, {"size_bytes", 'i'}, {"recorded_at", 't'},
               {"author", 't'}, {"withdrawn_at", 't'}, {"withdrawn_by", 't'}),
    COPY_TABLE("dti_published", 2, {"year", 'i'}, {"code", 't'}, {"value", 'r'}, {"source", 't'},
               {"recorded_at", 't'}, {"author", 't'}),
    /* 0008 */
    COPY_TABLE("setting", 1, {"key", 't'}, {"value", 't'}, {"updated_at", 't'}, {"author", 't'}),
    COPY_TABLE("report", 1, {"id", 'i'}, {"year", 'i'}, {"created_at", 't'}, {"author", 't'}),
    COPY_TABLE("report_version", 2, {"report_id", 'i'}, {"version", 'i'}, {"status", 't'},
               {"snapshot", 't'}, {"sha256", 't'}, {"created_at", 't'}, {"author", 't'},
               {"submitted_at", 't'}),
    COPY_TABLE("report_comment", 1, {"id", 'i'}, {"report_id", 'i'}, {"version", 'i'},
               {"section", 't'}, {"text", 't'}, {"author", 't'}, {"created_at", 't'},
               {"answer", 't'}, {"answer_text", 't'}, {"answered_by", 't'}, {"answered_at", 't'}),
};

enum { COPY_NTABLES = sizeof copy_tables / sizeof copy_tables[0] };

_Static_assert(COPY_NTABLES <= STORE_COPY_TABLES, "raise STORE_COPY_TABLES");

/* Records on to the failure of a step: "what: the reason side recorded" (side may be to). */
static int copy_fail(struct store *to, struct store *side, const char *what)
{
	char reason[sizeof to->error];
	snprintf(reason, sizeof reason, "%s", store_error(side));
	return store_fail(to, "%s: %s", what, reason);
}

/* ---- the description against the databases ---- */

struct copy_schema {
	struct store *to;            /* where a problem is recorded */
	const char *side;            /* "the source", "the target" */
	uint64_t seen[COPY_NTABLES]; /* bit c: column c of the table was found */
	int failed;
};

static int copy_table_index(const char *name)
{
	for (int i = 0; i < COPY_NTABLES; i++)
		if (strcmp(copy_tables[i].name, name) == 0)
			return i;
	return -1;
}

static int copy_schema_column(void *ctx, const char *table, const char *column, bool generated)
{
	struct copy_schema *c = ctx;
	int t = copy_table_index(table);
	if (t < 0) {
		store_fail(c->to,
		           "%s has a table \"%s\" that this dxtrack does not know: use the dxtrack "
		           "that made it",
		           c->side, table);
		c->failed = 1;
		return 1;
	}
	const struct store_table *d = &copy_tables[t];
	for (int i = 0; i < d->ncolumns; i++) {
		if (strcmp(d->columns[i].name, column) == 0) {
			c->seen[t] |= (uint64_t)1 << i;
			return 0;
		}
	}
	if (generated) /* PostgreSQL's identity column of a table SQLite orders by rowid */
		return 0;
	store_fail(c->to,
	           "%s has a column %s.%s that this dxtrack does not know: use the dxtrack that "
	           "made it",
	           c->side, table, column);
	c->failed = 1;
	return 1;
}

/* Checks that the tables and columns of s are those described: 0, or -1 recorded on to. */
static int copy_check_schema(struct store *s, struct store *to, const char *side)
{
	struct copy_schema c = {.to = to, .side = side};
	if (s->ops->columns_each(s, copy_schema_column, &c) < 0) {
		char what[64];
		snprintf(what, sizeof what, "reading the tables of %s", side);
		return copy_fail(to, s, what);
	}
	if (c.failed)
		return -1;
	for (int t = 0; t < COPY_NTABLES; t++) {
		const struct store_table *d = &copy_tables[t];
		for (int i = 0; i < d->ncolumns; i++)
			if (!(c.seen[t] & ((uint64_t)1 << i)))
				return store_fail(to, "%s lacks the column %s.%s", side, d->name,
				                  d->columns[i].name);
	}
	return 0;
}

/* ---- copying ---- */

struct copy_load {
	struct store *to;
	const struct store_table *t;
	int64_t rows;
	bool failed;
};

static int copy_load_row(void *ctx, const struct store_cell *row)
{
	struct copy_load *l = ctx;
	if (l->to->ops->load_row(l->to, l->t, row) < 0) {
		l->failed = true;
		return 1;
	}
	l->rows++;
	return 0;
}

/* Copies the rows of table t: 0, or -1 recorded on to. */
static int copy_table(struct store *from, struct store *to, const struct store_table *t,
                      int64_t *rows)
{
	if (to->ops->load_begin(to, t) < 0) {
		char what[96];
		snprintf(what, sizeof what, "writing %s into the target", t->name);
		return copy_fail(to, to, what);
	}
	struct copy_load l = {.to = to, .t = t};
	int read = from->ops->table_each(from, t, STORE_ORDER_INSERTION, copy_load_row, &l);
	char what[96];
	if (read < 0 || l.failed) {
		/* the first reason is kept: ending the load may record another */
		if (read < 0)
			snprintf(what, sizeof what, "reading %s from the source", t->name);
		else
			snprintf(what, sizeof what, "writing %s into the target", t->name);
		char reason[sizeof to->error];
		snprintf(reason, sizeof reason, "%s", store_error(read < 0 ? from : to));
		to->ops->load_end(to, t, false);
		return store_fail(to, "%s: %s", what, reason);
	}
	if (to->ops->load_end(to, t, true) < 0) {
		snprintf(what, sizeof what, "writing %s into the target", t->name);
		return copy_fail(to, to, what);
	}
	*rows = l.rows;
	return 0;
}

/* ---- hashing ---- */

struct copy_hash {
	const struct store_table *t;
	crypto_hash_sha256_state st;
	int64_t rows;
};

static void copy_hash_text(struct copy_hash *h, const char *s)
{
	crypto_hash_sha256_update(&h->st, (const unsigned char *)s, strlen(s));
}

static int copy_hash_row(void *ctx, const struct store_cell *row)
{
	struct copy_hash *h = ctx;
	char num[64];
	for (int c = 0; c < h->t->ncolumns; c++) {
		const struct store_cell *v = &row[c];
		if (c)
			copy_hash_text(h, "\t");
		if (v->null) {
			copy_hash_text(h, "N");
			continue;
		}
		switch (h->t->columns[c].type) {
		case 'i':
			snprintf(num, sizeof num, "i%" PRId64, v->i);
			copy_hash_text(h, num);
			break;
		case 'r':
			snprintf(num, sizeof num, "r%.17g", v->r);
			copy_hash_text(h, num);
			break;
		case 't':
			snprintf(num, sizeof num, "t%zu:", v->len);
			copy_hash_text(h, num);
			crypto_hash_sha256_update(&h->st, v->p, v->len);
			break;
		default: { /* 'b' */
			copy_hash_text(h, "b");
			static const char digits[] = "0123456789abcdef";
			const unsigned char *p = v->p;
			char hex[4096];
			size_t n = 0;
			for (size_t i = 0; i < v->len; i++) {
				hex[n++] = digits[p[i] >> 4];
				hex[n++] = digits[p[i] & 15];
				if (n == sizeof hex) {
					crypto_hash_sha256_update(&h->st, (unsigned char *)hex, n);
					n = 0;
				}
			}
			crypto_hash_sha256_update(&h->st, (unsigned char *)hex, n);
		}
		}
	}
	copy_hash_text(h, "\n");
	h->rows++;
	return 0;
}

/* Counts and hashes the rows of t in s, read in key order: 0, or -1 recorded on to. */
static int copy_hash_table(struct store *s, struct store *to, const char *side,
                           const struct store_table *t, int64_t *rows, char sha256[65])
{
	struct copy_hash h = {.t = t};
	crypto_hash_sha256_init(&h.st);
	if (s->ops->table_each(s, t, STORE_ORDER_KEY, copy_hash_row, &h) < 0) {
		char what[96];
		snprintf(what, sizeof what, "reading %s back from %s", t->name, side);
		return copy_fail(to, s, what);
	}
	unsigned char hash[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&h.st, hash);
	sodium_bin2hex(sha256, 65, hash, sizeof hash);
	*rows = h.rows;
	return 0;
}

/* ---- the whole copy ---- */

/* Copies and verifies, from read in one snapshot: 0, or -1 recorded on to. */
static int copy_all(struct store *from, struct store *to, struct store_copy_report *report)
{
	for (int i = 0; i < COPY_NTABLES; i++) {
		const struct store_table *t = &copy_tables[i];
		int64_t rows = 0;
		if (to->ops->table_count(to, t, &rows) < 0) {
			char what[96];
			snprintf(what, sizeof what, "counting the rows of %s in the target",
			         t->name);
			return copy_fail(to, to, what);
		}
		if (rows > 0)
			return store_fail(to,
			                  "the target is not empty (%s has %" PRId64
			                  " rows): migrate into a database that holds no data yet",
			                  t->name, rows);
	}
	for (int i = 0; i < COPY_NTABLES; i++) {
		struct store_copy_table *r = &report->tables[report->n++];
		r->name = copy_tables[i].name;
		if (copy_table(from, to, &copy_tables[i], &r->rows_to) < 0)
			return -1;
		report->rows += r->rows_to;
	}
	/* each side reads its own rows back: a difference in any value shows in the hash */
	const struct store_copy_table *first = NULL;
	for (size_t i = 0; i < report->n; i++) {
		struct store_copy_table *r = &report->tables[i];
		if (copy_hash_table(from, to, "the source", &copy_tables[i], &r->rows_from,
		                    r->sha256_from) < 0 ||
		    copy_hash_table(to, to, "the target", &copy_tables[i], &r->rows_to,
		                    r->sha256_to) < 0)
			return -1;
		if (r->rows_from != r->rows_to || strcmp(r->sha256_from, r->sha256_to) != 0) {
			report->mismatched++;
			if (!first)
				first = r;
		}
	}
	if (first)
		return store_fail(
		    to,
		    "the copy differs from the source in %zu table%s (first: %s, %" PRId64
		    " rows in the source, %" PRId64 " in the target)",
		    report->mismatched, report->mismatched == 1 ? "" : "s", first->name,
		    first->rows_from, first->rows_to);
	return 0;
}

int store_check_tables(struct store *s)
{
	return copy_check_schema(s, s, "the database");
}

int store_copy(struct store *from, struct store *to, struct store_copy_report *report)
{
	memset(report, 0, sizeof *report);
	if (from == to)
		return store_fail(to, "the source and the target are the same database");
	int version = store_schema_version(from);
	if (version < 0)
		return copy_fail(to, from, "reading the schema version of the source");
	int target_version = store_schema_version(to);
	if (target_version < 0)
		return copy_fail(to, to, "reading the schema version of the target");
	if (version != target_version)
		return store_fail(
		    to,
		    "the source has schema version %d, the target %d: both must be at "
		    "this dxtrack's",
		    version, target_version);
	report->schema_version = version;
	if (copy_check_schema(from, to, "the source") < 0 ||
	    copy_check_schema(to, to, "the target") < 0)
		return -1;
	if (store_read_begin(from) < 0)
		return copy_fail(to, from, "reading the source");
	int rc = copy_all(from, to, report);
	store_read_end(from);
	return rc;
}
