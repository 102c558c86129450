/* pg_copy.c — the PostgreSQL backend's side of copying a database (store_copy.c): the tables and
 * columns it holds, a table's rows in key or insertion order, and rows written with COPY.
 *
 * Rows are read in binary (exact integers and doubles, text and bytea as their bytes), one at a
 * time (single-row mode: a table of evidence files is never held whole in memory), with every
 * value cast to the type its description says. They are written with COPY … FROM STDIN in text
 * format inside the caller's transaction, with the table's own triggers off (ALTER TABLE …
 * DISABLE TRIGGER USER: the "never changed" guards; foreign keys stay checked, the deferred
 * ones at the end of each table), then every identity sequence of the table is set past its
 * largest id, so new rows number on. A table without a key is read in the order of its identity
 * column (sql/pg/ gives one to the tables whose SQLite rowid order matters).
 */
#include <endian.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/mem.h"
#include "pg_impl.h"

enum { PG_COPY_MAX_COLUMNS = 64 };

/* Appends an identifier in double quotes (the described names are plain: no quote inside). */
static void pg_copy_ident(struct buf *sql, const char *name)
{
	buf_printf(sql, "\"%s\"", name);
}

struct pg_copy_columns {
	int (*each)(void *, const char *, const char *, bool);
	void *ctx;
};

static int pg_copy_column_row(const PGresult *r, int i, void *ctx)
{
	struct pg_copy_columns *c = ctx;
	return c->each(c->ctx, pg_text(r, i, 0), pg_text(r, i, 1), pg_bigint(r, i, 2) != 0);
}

int pg_columns_each(struct store *s, int (*each)(void *, const char *, const char *, bool),
                    void *ctx)
{
	struct pg_copy_columns c = {each, ctx};
	return pg_rows(pg_of(s), "listing the tables",
	               "SELECT c.relname::text, a.attname::text, "
	               "a.attidentity <> '' OR a.attgenerated <> '' "
	               "FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid "
	               "WHERE c.relnamespace = (SELECT oid FROM pg_namespace "
	               "WHERE nspname = current_schema()) "
	               "AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped "
	               "AND c.relname <> 'schema_migration' "
	               "ORDER BY c.relname COLLATE \"C\", a.attnum",
	               NULL, pg_copy_column_row, &c);
}

int pg_table_count(struct store *s, const struct store_table *t, int64_t *rows)
{
	struct buf sql;
	buf_init(&sql, 0);
	buf_puts(&sql, "SELECT count(*) FROM ");
	pg_copy_ident(&sql, t->name);
	*rows = 0;
	int found = pg_value_int64(pg_of(s), t->name, buf_cstr(&sql), NULL, rows);
	buf_finish(&sql);
	return found < 0 ? -1 : 0;
}

/* The first identity column of table t (malloc'd) in *column, or NULL when it has none: 0, or
 * -1 on failure. */
static int pg_copy_identity(struct pg_store *q, const struct store_table *t, char **column)
{
	*column = NULL;
	struct pg_params p = {0};
	pg_param_text(&p, t->name, false);
	PGresult *r = pg_query(q, t->name,
	                       "SELECT attname::text FROM pg_attribute WHERE attrelid = "
	                       "quote_ident($1::text)::regclass AND attidentity <> '' "
	                       "AND NOT attisdropped ORDER BY attnum LIMIT 1",
	                       &p);
	if (!r)
		return -1;
	if (PQntuples(r) > 0)
		*column = pg_strdup(r, 0, 0);
	PQclear(r);
	return 0;
}

/* Appends the ordering columns: the first n of t (text in byte order, NULL first). */
static void pg_copy_order(struct buf *sql, const struct store_table *t, int n)
{
	for (int i = 0; i < n; i++) {
		buf_puts(sql, i ? ", " : "");
		pg_copy_ident(sql, t->columns[i].name);
		buf_puts(sql,
		         t->columns[i].type == 't' ? " COLLATE \"C\" NULLS FIRST" : " NULLS FIRST");
	}
}

/* A big-endian 8-byte binary value. */
static uint64_t pg_copy_be64(const char *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof v);
	return be64toh(v);
}

/* Decodes the binary cells of row i of r into row: 0, or -1 when a value has the wrong size. */
static int pg_copy_decode(const PGresult *r, const struct store_table *t, struct store_cell *row)
{
	for (int c = 0; c < t->ncolumns; c++) {
		struct store_cell *v = &row[c];
		memset(v, 0, sizeof *v);
		v->null = PQgetisnull(r, 0, c) != 0;
		if (v->null)
			continue;
		const char *p = PQgetvalue(r, 0, c);
		size_t len = (size_t)PQgetlength(r, 0, c);
		switch (t->columns[c].type) {
		case 'i':
			if (len != 8)
				return -1;
			v->i = (int64_t)pg_copy_be64(p);
			break;
		case 'r': {
			if (len != 8)
				return -1;
			uint64_t bits = pg_copy_be64(p);
			memcpy(&v->r, &bits, sizeof v->r);
			break;
		}
		default: /* text and bytea: their bytes */
			v->p = p;
			v->len = len;
		}
	}
	return 0;
}

int pg_table_each(struct store *s, const struct store_table *t, enum store_order order,
                  int (*each)(void *, const struct store_cell *), void *ctx)
{
	struct pg_store *q = pg_of(s);
	if (t->ncolumns > PG_COPY_MAX_COLUMNS)
		return store_fail(s, "%s: too many columns", t->name);
	char *identity = NULL;
	if (t->key == 0 && order == STORE_ORDER_INSERTION && pg_copy_identity(q, t, &identity) < 0)
		return -1;
	static const char *const casts[] = {
	    ['i'] = "bigint", ['r'] = "float8", ['t'] = "text", ['b'] = "bytea"};
	struct buf sql;
	buf_init(&sql, 0);
	buf_puts(&sql, "SELECT ");
	for (int i = 0; i < t->ncolumns; i++) {
		buf_puts(&sql, i ? ", " : "");
		pg_copy_ident(&sql, t->columns[i].name);
		buf_printf(&sql, "::%s", casts[(unsigned char)t->columns[i].type]);
	}
	buf_puts(&sql, " FROM ");
	pg_copy_ident(&sql, t->name);
	buf_puts(&sql, " ORDER BY ");
	if (identity) /* a table without a key is read in the order it was written */
		pg_copy_ident(&sql, identity);
	else
		pg_copy_order(&sql, t, t->key ? t->key : t->ncolumns);
	free(identity);
	int sent = PQsendQueryParams(q->conn, buf_cstr(&sql), 0, NULL, NULL, NULL, NULL, 1);
	buf_finish(&sql);
	if (!sent)
		return pg_fail(q, t->name, NULL);
	PQsetSingleRowMode(q->conn);
	struct store_cell row[PG_COPY_MAX_COLUMNS];
	int rc = 0;
	bool stop = false;
	PGresult *r;
	/* every result is read, also after a stop: the connection is then free again */
	while ((r = PQgetResult(q->conn)) != NULL) {
		ExecStatusType st = PQresultStatus(r);
		if (st == PGRES_SINGLE_TUPLE && !stop && rc == 0) {
			if (pg_copy_decode(r, t, row) < 0)
				rc = store_fail(s, "%s: a value of an unexpected size", t->name);
			else if (each(ctx, row))
				stop = true;
		} else if (st != PGRES_SINGLE_TUPLE && st != PGRES_TUPLES_OK && rc == 0) {
			rc = pg_fail(q, t->name, r);
		}
		PQclear(r);
	}
	return rc;
}

int pg_load_begin(struct store *s, const struct store_table *t)
{
	struct pg_store *q = pg_of(s);
	struct buf sql;
	buf_init(&sql, 0);
	/* deferred foreign keys checked now: a table with pending checks cannot be altered */
	buf_puts(&sql, "SET CONSTRAINTS ALL IMMEDIATE; ALTER TABLE ");
	pg_copy_ident(&sql, t->name);
	buf_puts(&sql, " DISABLE TRIGGER USER");
	int rc = pg_exec(q, buf_cstr(&sql));
	if (rc == 0) {
		buf_reset(&sql);
		buf_puts(&sql, "COPY ");
		pg_copy_ident(&sql, t->name);
		buf_puts(&sql, " (");
		for (int i = 0; i < t->ncolumns; i++) {
			buf_puts(&sql, i ? ", " : "");
			pg_copy_ident(&sql, t->columns[i].name);
		}
		buf_puts(&sql, ") FROM STDIN");
		PGresult *r = PQexec(q->conn, buf_cstr(&sql));
		if (PQresultStatus(r) != PGRES_COPY_IN)
			rc = pg_fail(q, t->name, r);
		PQclear(r);
	}
	buf_finish(&sql);
	return rc;
}

/* Appends bytes as a field of COPY's text format: backslash, tab, newline and return escaped. */
static void pg_copy_text(struct buf *line, const char *p, size_t len)
{
	size_t from = 0;
	for (size_t i = 0; i < len; i++) {
		const char *esc = p[i] == '\\'   ? "\\\\"
		                  : p[i] == '\t' ? "\\t"
		                  : p[i] == '\n' ? "\\n"
		                  : p[i] == '\r' ? "\\r"
		                                 : NULL;
		if (!esc)
			continue;
		buf_append(line, p + from, i - from);
		buf_puts(line, esc);
		from = i + 1;
	}
	buf_append(line, p + from, len - from);
}

void pg_copy_params_row(struct buf *row, const struct pg_params *p)
{
	for (int i = 0; i < p->n; i++) {
		if (i)
			buf_putc(row, '\t');
		if (!p->values[i])
			buf_puts(row, "\\N");
		else
			pg_copy_text(row, p->values[i], strlen(p->values[i]));
	}
	buf_putc(row, '\n');
}

int pg_load_row(struct store *s, const struct store_table *t, const struct store_cell *row)
{
	struct pg_store *q = pg_of(s);
	static const char digits[] = "0123456789abcdef";
	struct buf line;
	buf_init(&line, 0);
	for (int c = 0; c < t->ncolumns; c++) {
		const struct store_cell *v = &row[c];
		if (c)
			buf_putc(&line, '\t');
		if (v->null) {
			buf_puts(&line, "\\N");
			continue;
		}
		switch (t->columns[c].type) {
		case 'i':
			buf_printf(&line, "%lld", (long long)v->i);
			break;
		case 'r':
			if (isnan(v->r))
				buf_puts(&line, "NaN");
			else if (isinf(v->r))
				buf_puts(&line, v->r < 0 ? "-Infinity" : "Infinity");
			else
				buf_printf(&line, "%.17g", v->r);
			break;
		case 't':
			pg_copy_text(&line, v->p, v->len);
			break;
		default: { /* bytea's hex input, its backslash escaped for COPY */
			buf_reserve(&line, 3 + 2 * v->len);
			buf_puts(&line, "\\\\x");
			const unsigned char *p = v->p;
			for (size_t i = 0; i < v->len; i++) {
				buf_putc(&line, digits[p[i] >> 4]);
				buf_putc(&line, digits[p[i] & 15]);
			}
		}
		}
	}
	buf_putc(&line, '\n');
	int rc =
	    PQputCopyData(q->conn, line.data, (int)line.len) == 1 ? 0 : pg_fail(q, t->name, NULL);
	buf_finish(&line);
	return rc;
}

/* Sets every sequence of a column of t (identity or serial) past the column's largest value. */
static int pg_copy_sequences(struct pg_store *q, const struct store_table *t)
{
	struct pg_params p = {0};
	pg_param_text(&p, t->name, false);
	PGresult *r = pg_query(q, t->name,
	                       "SELECT attname::text, "
	                       "pg_get_serial_sequence(quote_ident($1::text), attname) "
	                       "FROM pg_attribute WHERE attrelid = quote_ident($1::text)::regclass "
	                       "AND attnum > 0 AND NOT attisdropped "
	                       "AND pg_get_serial_sequence(quote_ident($1::text), attname) "
	                       "IS NOT NULL ORDER BY attnum",
	                       &p);
	if (!r)
		return -1;
	int rc = 0;
	struct buf sql;
	buf_init(&sql, 0);
	for (int i = 0; i < PQntuples(r) && rc == 0; i++) {
		buf_reset(&sql);
		buf_puts(&sql, "SELECT setval($1, coalesce((SELECT max(");
		char *column =
		    PQescapeIdentifier(q->conn, pg_text(r, i, 0), strlen(pg_text(r, i, 0)));
		if (!column) {
			rc = pg_fail(q, t->name, NULL);
			break;
		}
		buf_puts(&sql, column);
		PQfreemem(column);
		buf_puts(&sql, ") FROM ");
		pg_copy_ident(&sql, t->name);
		buf_puts(&sql, "), 0) + 1, false)");
		struct pg_params seq = {0};
		pg_param_text(&seq, pg_text(r, i, 1), false);
		rc = pg_command(q, t->name, buf_cstr(&sql), &seq, NULL);
	}
	buf_finish(&sql);
	PQclear(r);
	return rc;
}

int pg_load_end(struct store *s, const struct store_table *t, bool ok)
{
	struct pg_store *q = pg_of(s);
	int rc = 0;
	if (PQputCopyEnd(q->conn, ok ? NULL : "the copy was given up") != 1)
		rc = pg_fail(q, t->name, NULL);
	PGresult *r;
	while ((r = PQgetResult(q->conn)) != NULL) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK && rc == 0 && ok)
			rc = pg_fail(q, t->name, r);
		PQclear(r);
	}
	if (!ok || rc < 0)
		return rc;
	struct buf sql;
	buf_init(&sql, 0);
	buf_puts(&sql, "SET CONSTRAINTS ALL IMMEDIATE; ALTER TABLE ");
	pg_copy_ident(&sql, t->name);
	buf_puts(&sql, " ENABLE TRIGGER USER");
	rc = pg_exec(q, buf_cstr(&sql));
	buf_finish(&sql);
	if (rc == 0)
		rc = pg_copy_sequences(q, t);
	return rc;
}
