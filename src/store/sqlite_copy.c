/* sqlite_copy.c — the SQLite backend's side of copying a database (store_copy.c): the tables and
 * columns it holds, a table's rows in key or rowid order, and rows written as given.
 *
 * Rows are written with one prepared INSERT per table inside the caller's transaction. SQLite
 * cannot switch a trigger off, so the table's triggers are dropped for the load and created again
 * from their own text at its end (in the same transaction: a rollback brings them back too).
 * They guard new writes (a comment on a submitted version…), which the copied history may hold.
 */
#include <stdlib.h>
#include <string.h>

#include "../lib/mem.h"
#include "sqlite_impl.h"

enum { SQLITE_COPY_MAX_COLUMNS = 64 };

int sqlite_columns_each(struct store *s, int (*each)(void *, const char *, const char *, bool),
                        void *ctx)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(
	        q->db,
	        "SELECT m.name, p.name FROM sqlite_schema AS m "
	        "JOIN pragma_table_info(m.name) AS p "
	        "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
	        "ORDER BY m.name, p.cid",
	        -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(q, "listing the tables");
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if (each(ctx, (const char *)sqlite3_column_text(st, 0),
		         (const char *)sqlite3_column_text(st, 1), false))
			break;
	int rc =
	    step == SQLITE_ROW || step == SQLITE_DONE ? 0 : sqlite_fail(q, "listing the tables");
	sqlite3_finalize(st);
	return rc;
}

int sqlite_table_count(struct store *s, const struct store_table *t, int64_t *rows)
{
	struct sqlite_store *q = sqlite_of(s);
	struct buf sql;
	buf_init(&sql, 0);
	buf_printf(&sql, "SELECT count(*) FROM \"%s\"", t->name);
	sqlite3_stmt *st = NULL;
	int rc = -1;
	if (sqlite3_prepare_v2(q->db, buf_cstr(&sql), -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		*rows = sqlite3_column_int64(st, 0);
		rc = 0;
	} else {
		sqlite_fail(q, t->name);
	}
	sqlite3_finalize(st);
	buf_finish(&sql);
	return rc;
}

/* Appends "c1", "c2", … (the first n columns of t), text in byte order when collate. */
static void sqlite_copy_columns(struct buf *sql, const struct store_table *t, int n, bool collate)
{
	for (int i = 0; i < n; i++)
		buf_printf(sql, "%s\"%s\"%s", i ? ", " : "", t->columns[i].name,
		           collate && t->columns[i].type == 't' ? " COLLATE BINARY" : "");
}

int sqlite_table_each(struct store *s, const struct store_table *t, enum store_order order,
                      int (*each)(void *, const struct store_cell *), void *ctx)
{
	struct sqlite_store *q = sqlite_of(s);
	if (t->ncolumns > SQLITE_COPY_MAX_COLUMNS)
		return store_fail(s, "%s: too many columns", t->name);
	struct buf sql;
	buf_init(&sql, 0);
	buf_puts(&sql, "SELECT ");
	sqlite_copy_columns(&sql, t, t->ncolumns, false);
	buf_printf(&sql, " FROM \"%s\" ORDER BY ", t->name);
	if (t->key == 0 && order == STORE_ORDER_INSERTION)
		buf_puts(&sql,
		         "rowid"); /* a table without a key is read in the order it was written */
	else
		sqlite_copy_columns(&sql, t, t->key ? t->key : t->ncolumns, true);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(q->db, buf_cstr(&sql), -1, &st, NULL) != SQLITE_OK) {
		buf_finish(&sql);
		return sqlite_fail(q, t->name);
	}
	buf_finish(&sql);
	struct store_cell row[SQLITE_COPY_MAX_COLUMNS];
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		for (int c = 0; c < t->ncolumns; c++) {
			struct store_cell *v = &row[c];
			memset(v, 0, sizeof *v);
			v->null = sqlite3_column_type(st, c) == SQLITE_NULL;
			if (v->null)
				continue;
			switch (t->columns[c].type) {
			case 'i':
				v->i = sqlite3_column_int64(st, c);
				break;
			case 'r':
				v->r = sqlite3_column_double(st, c);
				break;
			case 't':
				v->p = sqlite3_column_text(st, c);
				v->len = (size_t)sqlite3_column_bytes(st, c);
				break;
			default:
				v->p = sqlite3_column_blob(st, c);
				v->len = (size_t)sqlite3_column_bytes(st, c);
				if (!v->p)
					v->p = "";
			}
		}
		if (each(ctx, row))
			break;
	}
	int rc = step == SQLITE_ROW || step == SQLITE_DONE ? 0 : sqlite_fail(q, t->name);
	sqlite3_finalize(st);
	return rc;
}

/* Drops the triggers of table t, keeping their text in q->load_triggers: 0, or -1. */
static int sqlite_copy_drop_triggers(struct sqlite_store *q, const struct store_table *t)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(q->db,
	                       "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' "
	                       "AND tbl_name = ?1 ORDER BY name",
	                       -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(q, "listing the triggers");
	sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
	struct buf create, drop;
	buf_init(&create, 0);
	buf_init(&drop, 0);
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		buf_printf(&create, "%s;\n", (const char *)sqlite3_column_text(st, 1));
		buf_printf(&drop, "DROP TRIGGER \"%s\";\n",
		           (const char *)sqlite3_column_text(st, 0));
	}
	int rc = step == SQLITE_DONE ? 0 : sqlite_fail(q, "listing the triggers");
	sqlite3_finalize(st);
	if (rc == 0 && drop.len > 0 && sqlite_exec(q, buf_cstr(&drop)) < 0)
		rc = -1;
	buf_finish(&drop);
	if (rc == 0 && create.len > 0)
		q->load_triggers = buf_steal(&create);
	buf_finish(&create);
	return rc;
}

int sqlite_load_begin(struct store *s, const struct store_table *t)
{
	struct sqlite_store *q = sqlite_of(s);
	if (t->ncolumns > SQLITE_COPY_MAX_COLUMNS)
		return store_fail(s, "%s: too many columns", t->name);
	sqlite3_finalize(q->stmt[Q_COPY_LOAD]);
	q->stmt[Q_COPY_LOAD] = NULL;
	free(q->load_triggers);
	q->load_triggers = NULL;
	struct buf sql;
	buf_init(&sql, 0);
	buf_printf(&sql, "INSERT INTO \"%s\" (", t->name);
	sqlite_copy_columns(&sql, t, t->ncolumns, false);
	buf_puts(&sql, ") VALUES (");
	for (int i = 0; i < t->ncolumns; i++)
		buf_puts(&sql, i ? ", ?" : "?");
	buf_puts(&sql, ")");
	int rc = sqlite3_prepare_v3(q->db, buf_cstr(&sql), -1, SQLITE_PREPARE_PERSISTENT,
	                            &q->stmt[Q_COPY_LOAD], NULL) == SQLITE_OK
	             ? 0
	             : sqlite_fail(q, t->name);
	buf_finish(&sql);
	if (rc == 0 && sqlite_copy_drop_triggers(q, t) < 0) {
		sqlite3_finalize(q->stmt[Q_COPY_LOAD]);
		q->stmt[Q_COPY_LOAD] = NULL;
		rc = -1;
	}
	return rc;
}

int sqlite_load_row(struct store *s, const struct store_table *t, const struct store_cell *row)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = q->stmt[Q_COPY_LOAD];
	if (!st)
		return store_fail(s, "%s: no load begun", t->name);
	for (int c = 0; c < t->ncolumns; c++) {
		const struct store_cell *v = &row[c];
		int i = c + 1;
		if (v->null) {
			sqlite3_bind_null(st, i);
			continue;
		}
		switch (t->columns[c].type) {
		case 'i':
			sqlite3_bind_int64(st, i, v->i);
			break;
		case 'r':
			sqlite3_bind_double(st, i, v->r);
			break;
		case 't':
			sqlite3_bind_text64(st, i, v->p, v->len, SQLITE_STATIC, SQLITE_UTF8);
			break;
		default:
			sqlite3_bind_blob64(st, i, v->p, v->len, SQLITE_STATIC);
		}
	}
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : sqlite_fail(q, t->name);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

int sqlite_load_end(struct store *s, const struct store_table *t, bool ok)
{
	struct sqlite_store *q = sqlite_of(s);
	(void)t;
	sqlite3_finalize(q->stmt[Q_COPY_LOAD]);
	q->stmt[Q_COPY_LOAD] = NULL;
	int rc = 0;
	/* an INTEGER PRIMARY KEY needs no sequence: a new row takes the largest id + 1 */
	if (ok && q->load_triggers && sqlite_exec(q, q->load_triggers) < 0)
		rc = -1;
	free(q->load_triggers);
	q->load_triggers = NULL;
	return rc;
}
