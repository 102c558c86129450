/* pg_units.c — the PostgreSQL backend: units and the tree over time (sql/pg/0001, 0003). The
 * statements of sqlite.c's Q_UNIT_* and sqlite_unit*, in PostgreSQL's dialect. unit_link and
 * unit_successor have an identity column id in place of SQLite's rowid: ties sort by it.
 */
#include <stdlib.h>
#include <string.h>

#include "../text/fold.h"
#include "pg_impl.h"

#define PG_UNIT_COLUMNS "code, name, kind, parent_code, valid_from, valid_to"
/* The span [valid_from, valid_to) of table alias t holds the day $1. */
#define PG_HOLDS(t)                                                                                \
	"(" t ".valid_from IS NULL OR " t ".valid_from <= $1) AND (" t                             \
	".valid_to IS NULL OR $1 < " t ".valid_to)"

/* A caller's callback and context, for the row adapters below. */
struct pg_units_each {
	int (*unit)(void *, const struct unit *);
	int (*link)(void *, const struct unit_link *);
	int (*succession)(void *, const struct unit_succession *);
	void *ctx;
};

/* Reads row i of PG_UNIT_COLUMNS. */
static void pg_unit_read(const PGresult *r, int i, struct unit *u)
{
	u->code = pg_strdup(r, i, 0);
	u->name = pg_strdup(r, i, 1);
	const char *kind = pg_text(r, i, 2);
	if (!kind || unit_kind_parse(kind, &u->kind) < 0)
		u->kind = UNIT_AGENCY;
	u->parent_code = pg_strdup(r, i, 3);
	u->valid_from = pg_date(r, i, 4);
	u->valid_to = pg_date(r, i, 5);
}

static int pg_unit_row(const PGresult *r, int i, void *ctx)
{
	struct pg_units_each *e = ctx;
	struct unit u = {0};
	pg_unit_read(r, i, &u);
	int stop = e->unit(e->ctx, &u);
	unit_clear(&u);
	return stop;
}

/* Runs a query of at most one row: 1 when it returned one, 0 when not. */
static int pg_unit_exists(struct pg_store *q, const char *what, const char *sql,
                          const struct pg_params *p)
{
	PGresult *r = pg_query(q, what, sql, p);
	if (!r)
		return -1;
	int found = PQntuples(r) > 0;
	PQclear(r);
	return found;
}

int pg_unit_get(struct store *s, const char *code, struct unit *out)
{
	struct pg_params p = {0};
	pg_param_text(&p, code, false);
	PGresult *r = pg_query(pg_of(s), "reading a unit",
	                       "SELECT " PG_UNIT_COLUMNS " FROM unit WHERE code = $1", &p);
	if (!r)
		return -1;
	int found = PQntuples(r) > 0;
	if (found)
		pg_unit_read(r, 0, out);
	PQclear(r);
	return found;
}

int pg_unit_put(struct store *s, const struct unit *u)
{
	struct pg_params p = {0};
	char *fold = fold_key(u->name, strlen(u->name));
	pg_param_text(&p, u->code, false);
	pg_param_text(&p, u->name, false);
	pg_param_text(&p, fold ? fold : "", false);
	pg_param_text(&p, unit_kind_code(u->kind), false);
	pg_param_text(&p, u->parent_code, true);
	pg_param_date(&p, u->valid_from);
	pg_param_date(&p, u->valid_to);
	/* the validity of a unit is written when it is new: later only events change it */
	int rc =
	    pg_command(pg_of(s), "writing a unit",
	               "INSERT INTO unit (code, name, name_fold, kind, parent_code, valid_from, "
	               "valid_to) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (code) DO "
	               "UPDATE SET name = excluded.name, name_fold = excluded.name_fold, "
	               "kind = excluded.kind, parent_code = excluded.parent_code",
	               &p, NULL);
	free(fold);
	return rc;
}

int pg_units_each(struct store *s, int (*each)(void *, const struct unit *), void *ctx)
{
	struct pg_units_each e = {.unit = each, .ctx = ctx};
	return pg_rows(pg_of(s), "listing units",
	               "SELECT " PG_UNIT_COLUMNS " FROM unit ORDER BY code COLLATE \"C\"", NULL,
	               pg_unit_row, &e);
}

int pg_unit_count(struct store *s, int64_t *count)
{
	*count = 0;
	return pg_value_int64(pg_of(s), "counting", "SELECT count(*) FROM unit", NULL, count) < 0
	           ? -1
	           : 0;
}

int pg_unit_within(struct store *s, const char *unit, const char *ancestor)
{
	struct pg_params p = {0};
	pg_param_text(&p, unit, false);
	pg_param_text(&p, ancestor, false);
	/* walks up from $1 (which must exist) through its parents; the depth bound stops a loop */
	return pg_unit_exists(
	    pg_of(s), "looking up the unit tree",
	    "WITH RECURSIVE up (code, depth) AS (SELECT code, 0 FROM unit WHERE code = $1 "
	    "UNION ALL SELECT u.parent_code, up.depth + 1 FROM unit u JOIN up "
	    "ON u.code = up.code WHERE u.parent_code IS NOT NULL AND up.depth < 64) "
	    "SELECT 1 FROM up WHERE code = $2 LIMIT 1",
	    &p);
}

/* ---- units over time ---- */

int pg_units_at(struct store *s, const char *date_iso, int (*each)(void *, const struct unit *),
                void *ctx)
{
	struct pg_units_each e = {.unit = each, .ctx = ctx};
	struct pg_params p = {0};
	pg_param_text(&p, date_iso, false);
	/* the unit's link in force that day gives its parent (none for the nation) */
	return pg_rows(
	    pg_of(s), "listing the units of a day",
	    "SELECT u.code, u.name, u.kind, l.parent_code, u.valid_from, u.valid_to "
	    "FROM unit u LEFT JOIN unit_link l ON l.code = u.code AND " PG_HOLDS(
	        "l") " WHERE " PG_HOLDS("u") " ORDER BY u.code COLLATE \"C\", "
	                                     "l.valid_from COLLATE \"C\" NULLS FIRST, l.id",
	    &p, pg_unit_row, &e);
}

int pg_unit_children_at(struct store *s, const char *code, const char *date_iso,
                        int (*each)(void *, const struct unit *), void *ctx)
{
	struct pg_units_each e = {.unit = each, .ctx = ctx};
	struct pg_params p = {0};
	pg_param_text(&p, date_iso, false);
	pg_param_text(&p, code, false);
	return pg_rows(pg_of(s), "listing the children of a unit",
	               "SELECT u.code, u.name, u.kind, l.parent_code, u.valid_from, u.valid_to "
	               "FROM unit_link l JOIN unit u ON u.code = l.code "
	               "WHERE l.parent_code = $2 AND " PG_HOLDS("l") " AND " PG_HOLDS(
	                   "u") " ORDER BY u.code COLLATE \"C\", l.id",
	               &p, pg_unit_row, &e);
}

int pg_unit_parent_at(struct store *s, const char *code, const char *date_iso, char **parent)
{
	struct pg_params p = {0};
	*parent = NULL;
	pg_param_text(&p, date_iso, false);
	pg_param_text(&p, code, false);
	/* SQLite's DESC puts NULL last; its index (code, valid_from) read backwards: id DESC */
	PGresult *r = pg_query(pg_of(s), "reading the parent of a unit",
	                       "SELECT parent_code FROM unit_link l WHERE code = $2 AND " PG_HOLDS(
	                           "l") " ORDER BY valid_from COLLATE \"C\" DESC NULLS LAST, "
	                                "id DESC LIMIT 1",
	                       &p);
	if (!r)
		return -1;
	int found = PQntuples(r) > 0;
	if (found)
		*parent = pg_strdup(r, 0, 0);
	PQclear(r);
	return found;
}

int pg_unit_within_at(struct store *s, const char *unit, const char *ancestor, const char *date_iso)
{
	struct pg_params p = {0};
	pg_param_text(&p, date_iso, false);
	pg_param_text(&p, unit, false);
	pg_param_text(&p, ancestor, false);
	return pg_unit_exists(
	    pg_of(s), "looking up the unit tree of a day",
	    "WITH RECURSIVE up (code, depth) AS (SELECT $2::text, 0 UNION ALL SELECT "
	    "l.parent_code, up.depth + 1 FROM unit_link l JOIN up ON l.code = up.code "
	    "WHERE " PG_HOLDS("l") " AND up.depth < 64) SELECT 1 FROM up WHERE code = $3 LIMIT 1",
	    &p);
}

int pg_unit_changed_after(struct store *s, const char *code, const char *date_iso,
                          struct date *first)
{
	struct pg_params p = {0};
	pg_param_text(&p, date_iso, false);
	pg_param_text(&p, code, false);
	PGresult *r = pg_query(
	    pg_of(s), "looking for later changes of a unit",
	    "SELECT min(d COLLATE \"C\") FROM (SELECT valid_from AS d FROM unit WHERE code = $2 "
	    "UNION ALL SELECT valid_to FROM unit WHERE code = $2 "
	    "UNION ALL SELECT valid_from FROM unit_link WHERE code = $2 OR parent_code = $2 "
	    "UNION ALL SELECT valid_to FROM unit_link WHERE code = $2 OR parent_code = $2) days "
	    "WHERE d COLLATE \"C\" > $1",
	    &p);
	if (!r)
		return -1;
	int later = PQntuples(r) > 0 && !pg_null(r, 0, 0);
	if (later)
		*first = pg_date(r, 0, 0);
	PQclear(r);
	return later;
}

static int pg_unit_link_row(const PGresult *r, int i, void *ctx)
{
	struct pg_units_each *e = ctx;
	struct unit_link l = {
	    .code = pg_strdup(r, i, 0),
	    .parent_code = pg_strdup(r, i, 1),
	    .valid_from = pg_date(r, i, 2),
	    .valid_to = pg_date(r, i, 3),
	};
	int stop = e->link(e->ctx, &l);
	unit_link_clear(&l);
	return stop;
}

int pg_unit_links_each(struct store *s, const char *code,
                       int (*each)(void *, const struct unit_link *), void *ctx)
{
	struct pg_units_each e = {.link = each, .ctx = ctx};
	struct pg_params p = {0};
	pg_param_text(&p, code, false);
	return pg_rows(pg_of(s), "reading the parents of a unit",
	               "SELECT code, parent_code, valid_from, valid_to FROM unit_link "
	               "WHERE code = $1 ORDER BY coalesce(valid_from, '') COLLATE \"C\", id",
	               &p, pg_unit_link_row, &e);
}

static int pg_unit_succession_row(const PGresult *r, int i, void *ctx)
{
	struct pg_units_each *e = ctx;
	struct unit_succession u = {
	    .code = pg_strdup(r, i, 0),
	    .successor_code = pg_strdup(r, i, 1),
	    .on = pg_date(r, i, 2),
	};
	const char *event = pg_text(r, i, 3);
	if (!event || unit_event_parse(event, &u.event) < 0)
		u.event = UNIT_EVENT_MERGE;
	int stop = e->succession(e->ctx, &u);
	unit_succession_clear(&u);
	return stop;
}

int pg_unit_successions_each(struct store *s, const char *code,
                             int (*each)(void *, const struct unit_succession *), void *ctx)
{
	struct pg_units_each e = {.succession = each, .ctx = ctx};
	struct pg_params p = {0};
	pg_param_text(&p, code, false);
	return pg_rows(pg_of(s), "reading the successions of a unit",
	               "SELECT code, successor_code, on_date, event FROM unit_successor "
	               "WHERE code = $1 OR successor_code = $1 ORDER BY on_date COLLATE \"C\", id",
	               &p, pg_unit_succession_row, &e);
}

/* Runs a statement of one or two text parameters (b may be NULL: then it is not passed). */
static int pg_unit_run(struct pg_store *q, const char *sql, const char *a, const char *b,
                       const char *what)
{
	struct pg_params p = {0};
	pg_param_text(&p, a, false);
	if (b)
		pg_param_text(&p, b, false);
	return pg_command(q, what, sql, &p, NULL);
}

/* unit.parent_code follows the unit's links: the parent of the latest one ever in force (ties:
 * the one written last, SQLite's rowid DESC). */
static int pg_unit_parent_refresh(struct pg_store *q, const char *code)
{
	return pg_unit_run(q,
	                   "UPDATE unit SET parent_code = coalesce((SELECT parent_code FROM "
	                   "unit_link WHERE code = $1 AND (valid_from IS NULL OR valid_to IS NULL "
	                   "OR valid_from < valid_to) ORDER BY coalesce(valid_from, '') "
	                   "COLLATE \"C\" DESC, id DESC LIMIT 1), parent_code) WHERE code = $1",
	                   code, NULL, "writing the current parent of a unit");
}

/* Adds a link: p holds its code, parent_code, valid_from (NULL: undated), valid_to (NULL: open). */
static int pg_unit_link_insert(struct pg_store *q, const struct pg_params *p)
{
	return pg_command(q, "writing the parent of a unit",
	                  "INSERT INTO unit_link (code, parent_code, valid_from, valid_to) "
	                  "VALUES ($1, $2, $3, $4)",
	                  p, NULL);
}

int pg_unit_link_add(struct store *s, const struct unit_link *l)
{
	struct pg_store *q = pg_of(s);
	struct pg_params p = {0};
	pg_param_text(&p, l->code, false);
	pg_param_text(&p, l->parent_code, false);
	pg_param_date(&p, l->valid_from);
	pg_param_date(&p, l->valid_to);
	if (pg_unit_link_insert(q, &p) < 0)
		return -1;
	return pg_unit_parent_refresh(q, l->code);
}

int pg_unit_link_correct(struct store *s, const char *code, const char *parent)
{
	struct pg_store *q = pg_of(s);
	if (pg_unit_run(q,
	                "UPDATE unit_link SET parent_code = $2 WHERE code = $1 AND "
	                "valid_from IS NULL AND valid_to IS NULL",
	                code, parent, "correcting the parent of a unit") < 0)
		return -1;
	return pg_unit_parent_refresh(q, code);
}

/* Closes the open link of code on the day date_iso. */
static int pg_unit_link_close(struct pg_store *q, const char *code, const char *date_iso)
{
	return pg_unit_run(
	    q, "UPDATE unit_link SET valid_to = $2 WHERE code = $1 AND valid_to IS NULL", code,
	    date_iso, "closing the parent of a unit");
}

int pg_unit_reparent(struct store *s, const char *code, const char *parent, const char *date_iso)
{
	struct pg_store *q = pg_of(s);
	struct pg_params p = {0};
	pg_param_text(&p, code, false);
	pg_param_text(&p, parent, false);
	pg_param_text(&p, date_iso, false);
	pg_param_null(&p);
	if (pg_unit_link_close(q, code, date_iso) < 0 || pg_unit_link_insert(q, &p) < 0)
		return -1;
	return pg_unit_parent_refresh(q, code);
}

int pg_unit_end(struct store *s, const char *code, const char *date_iso)
{
	struct pg_store *q = pg_of(s);
	if (pg_unit_run(q, "UPDATE unit SET valid_to = $2 WHERE code = $1 AND valid_to IS NULL",
	                code, date_iso, "ending a unit") < 0 ||
	    pg_unit_link_close(q, code, date_iso) < 0)
		return -1;
	return pg_unit_parent_refresh(q, code);
}

int pg_unit_succession_add(struct store *s, const struct unit_succession *e)
{
	struct pg_params p = {0};
	pg_param_text(&p, e->code, false);
	pg_param_text(&p, e->successor_code, false);
	pg_param_date(&p, e->on);
	pg_param_text(&p, unit_event_code(e->event), false);
	return pg_command(pg_of(s), "writing a succession",
	                  "INSERT INTO unit_successor (code, successor_code, on_date, event) "
	                  "VALUES ($1, $2, $3, $4)",
	                  &p, NULL);
}
