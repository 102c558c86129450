/* sqlite.c — the SQLite backend of store.h: the embedded default.
 *
 * One connection per handle, WAL, foreign keys on, a 5 s busy timeout. The ICU "vi" collation and
 * the fold keys (text/) are computed in C, so ORDER BY name COLLATE vi gives Vietnamese order and
 * searches compare fold keys. Frequently used statements are prepared once per handle.
 * The DTI functions are in sqlite_dti.c; what the files share is in sqlite_impl.h.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/period.h"
#include "../lib/buf.h"
#include "../lib/mem.h"
#include "../text/collate.h"
#include "../text/fold.h"
#include "migrations.h"
#include "sqlite_impl.h"
#include "store_impl.h"

#define SQLITE_TASK_COLUMNS                                                                        \
	"id, year, code, name, investor, category, funding, budget_vnd, carried_from, tags, "      \
	"start_date, end_date, note, progress_pct, disbursed_vnd, status, updated_on, version"

#define SQLITE_USER_COLUMNS "id, name, role, unit, disabled, created_at, pw_hash"

#define SQLITE_UNIT_COLUMNS "code, name, kind, parent_code, valid_from, valid_to"
/* The span [valid_from, valid_to) of table alias t holds the day ?1. */
#define SQLITE_HOLDS(t)                                                                            \
	"(" t ".valid_from IS NULL OR " t ".valid_from <= ?1) AND (" t                             \
	".valid_to IS NULL OR ?1 < " t ".valid_to)"

static const char *const sqlite_sql[Q_COUNT] = {
    [Q_UNIT_GET] = "SELECT " SQLITE_UNIT_COLUMNS " FROM unit WHERE code = ?1",
    /* the validity of a unit is written when it is new: later only events change it */
    [Q_UNIT_PUT] = "INSERT INTO unit (code, name, name_fold, kind, parent_code, valid_from, "
                   "valid_to) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (code) DO UPDATE "
                   "SET name = excluded.name, name_fold = excluded.name_fold, "
                   "kind = excluded.kind, parent_code = excluded.parent_code",
    /* units over time: ?1 is the day, "YYYY-MM-DD" */
    [Q_UNIT_PARENT_AT] = "SELECT parent_code FROM unit_link l WHERE code = ?2 AND " SQLITE_HOLDS(
        "l") " ORDER BY valid_from DESC LIMIT 1",
    [Q_UNIT_WITHIN_AT] =
        "WITH RECURSIVE up (code, depth) AS (SELECT ?2, 0 UNION ALL SELECT l.parent_code, "
        "up.depth + 1 FROM unit_link l JOIN up ON l.code = up.code WHERE " SQLITE_HOLDS(
            "l") " AND up.depth < 64) SELECT 1 FROM up WHERE code = ?3 LIMIT 1",
    [Q_UNIT_CHANGED_AFTER] =
        "SELECT min(d) FROM (SELECT valid_from AS d FROM unit WHERE code = ?2 "
        "UNION ALL SELECT valid_to FROM unit WHERE code = ?2 "
        "UNION ALL SELECT valid_from FROM unit_link WHERE code = ?2 OR parent_code = ?2 "
        "UNION ALL SELECT valid_to FROM unit_link WHERE code = ?2 OR parent_code = ?2) "
        "WHERE d > ?1",
    [Q_UNIT_LINK_ADD] = "INSERT INTO unit_link (code, parent_code, valid_from, valid_to) "
                        "VALUES (?1, ?2, ?3, ?4)",
    [Q_UNIT_LINK_CORRECT] = "UPDATE unit_link SET parent_code = ?2 WHERE code = ?1 AND "
                            "valid_from IS NULL AND valid_to IS NULL",
    [Q_UNIT_LINK_CLOSE] = "UPDATE unit_link SET valid_to = ?2 WHERE code = ?1 AND valid_to IS NULL",
    [Q_UNIT_END] = "UPDATE unit SET valid_to = ?2 WHERE code = ?1 AND valid_to IS NULL",
    /* parent_code is the parent of the latest link that was ever in force */
    [Q_UNIT_PARENT_REFRESH] =
        "UPDATE unit SET parent_code = coalesce((SELECT parent_code FROM unit_link WHERE "
        "code = ?1 AND (valid_from IS NULL OR valid_to IS NULL OR valid_from < valid_to) "
        "ORDER BY coalesce(valid_from, '') DESC, rowid DESC LIMIT 1), parent_code) "
        "WHERE code = ?1",
    [Q_UNIT_SUCCESSION_ADD] = "INSERT INTO unit_successor (code, successor_code, on_date, "
                              "event) VALUES (?1, ?2, ?3, ?4)",
    [Q_TASK_GET] = "SELECT " SQLITE_TASK_COLUMNS " FROM task_current WHERE year = ?1 AND code = ?2",
    [Q_TASK_INSERT] = "INSERT INTO task (year, code, name, search_fold, investor, category, "
                      "funding, budget_vnd, carried_from, tags, start_date, end_date, note, "
                      "on_date, recorded_at, author, source, progress_pct, disbursed_vnd, "
                      "status, first_note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                      "?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
    [Q_TASK_UPDATE_PLAN] = "UPDATE task SET name = ?2, search_fold = ?3, investor = ?4, "
                           "category = ?5, funding = ?6, budget_vnd = ?7, carried_from = ?8, "
                           "tags = ?9, start_date = ?10, end_date = ?11, note = ?12 WHERE id = ?1",
    [Q_TASK_EXISTS_BEFORE] = "SELECT 1 FROM task WHERE code = ?1 AND year < ?2 LIMIT 1",
    [Q_UPDATE_APPEND] = "INSERT INTO task_update (task_id, seq, on_date, recorded_at, author, "
                        "source, progress_pct, disbursed_vnd, status, note, changes) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    [Q_AUDIT_APPEND] = ("INSERT INTO audit (at, actor, action, object, detail) "
                        "VALUES (?1, ?2, ?3, ?4, ?5)"),
    /* walks up from ?1 (which must exist) through its parents; the depth bound stops a loop */
    [Q_UNIT_WITHIN] =
        "WITH RECURSIVE up (code, depth) AS (SELECT code, 0 FROM unit WHERE code = ?1 "
        "UNION ALL SELECT u.parent_code, up.depth + 1 FROM unit u JOIN up "
        "ON u.code = up.code WHERE u.parent_code IS NOT NULL AND up.depth < 64) "
        "SELECT 1 FROM up WHERE code = ?2 LIMIT 1",
    [Q_USER_INSERT] = "INSERT INTO account (name, role, unit, disabled, pw_hash, created_at) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [Q_USER_GET] = "SELECT " SQLITE_USER_COLUMNS " FROM account WHERE name = ?1",
    [Q_USER_GET_BY_ID] = "SELECT " SQLITE_USER_COLUMNS " FROM account WHERE id = ?1",
    [Q_USER_UPDATE] = "UPDATE account SET role = ?2, unit = ?3, disabled = ?4, pw_hash = ?5 "
                      "WHERE id = ?1",
    [Q_SESSION_INSERT] = "INSERT INTO session (token_hash, user_id, csrf, created_at, "
                         "expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    [Q_SESSION_GET] = "SELECT user_id, csrf, expires_at FROM session WHERE token_hash = ?1",
    [Q_SESSION_DELETE] = "DELETE FROM session WHERE token_hash = ?1",
    [Q_SESSIONS_DELETE_USER] = "DELETE FROM session WHERE user_id = ?1",
    [Q_SESSIONS_DELETE_EXPIRED] = "DELETE FROM session WHERE expires_at <= ?1",
    [Q_TOKEN_INSERT] = "INSERT INTO api_token (token_hash, user_id, label, created_at) "
                       "VALUES (?1, ?2, ?3, ?4)",
    [Q_TOKEN_GET] = "SELECT id, user_id, revoked_at IS NOT NULL FROM api_token "
                    "WHERE token_hash = ?1",
    /* revoking twice keeps the first time */
    [Q_TOKEN_REVOKE] = "UPDATE api_token SET revoked_at = coalesce(revoked_at, ?2) WHERE id = ?1",
    [Q_TOKENS_REVOKE_USER] = "UPDATE api_token SET revoked_at = ?2 "
                             "WHERE user_id = ?1 AND revoked_at IS NULL",
    [Q_LOGIN_FAILURE_ADD] = "INSERT INTO login_failure (name, client, at) VALUES (?1, ?2, ?3)",
    /* a NULL client matches no row, so it counts 0 */
    [Q_LOGIN_FAILURES_COUNT] =
        "SELECT (SELECT count(*) FROM login_failure WHERE name = ?1 AND at >= ?3), "
        "(SELECT count(*) FROM login_failure WHERE client = ?2 AND at >= ?3)",
    [Q_LOGIN_FAILURES_CLEAR] = "DELETE FROM login_failure WHERE name = ?1",
    [Q_READ_BEGIN] = "BEGIN DEFERRED",
    [Q_READ_END] = "COMMIT",
    /* every write appends an audit row in its transaction: the newest id names the data */
    [Q_GENERATION] = "SELECT coalesce(max(id), 0) FROM audit",
    /* indicators (0004) */
    [Q_INDICATOR_GET] = "SELECT id, code, name, measure, aggregation, numerator, denominator, "
                        "multiplier, direction, decimals, reported_kinds FROM indicator "
                        "WHERE code = ?1",
    [Q_INDICATOR_PUT] =
        "INSERT INTO indicator (code, name, measure, aggregation, numerator, "
        "denominator, multiplier, direction, decimals) VALUES (?1, ?2, ?3, ?4, "
        "?5, ?6, ?7, ?8, ?9) ON CONFLICT (code) DO UPDATE SET name = excluded.name, "
        "measure = excluded.measure, aggregation = excluded.aggregation, "
        "numerator = excluded.numerator, denominator = excluded.denominator, "
        "multiplier = excluded.multiplier, direction = excluded.direction, "
        "decimals = excluded.decimals RETURNING id",
    [Q_INDICATOR_ADD_KINDS] = "UPDATE indicator SET reported_kinds = reported_kinds | ?2 "
                              "WHERE id = ?1",
    [Q_INDICATOR_HAS_VALUES] = "SELECT 1 FROM indicator_value WHERE indicator_id = ?1 LIMIT 1",
    [Q_UNIT_KEY_ADD] = "INSERT INTO unit_key (code) VALUES (?1)",
    [Q_INDICATOR_IMPORT_ADD] = "INSERT INTO indicator_import (recorded_at, author, file) "
                               "VALUES (?1, ?2, ?3)",
    [Q_VALUE_INSERT] = "INSERT INTO indicator_value (indicator_id, period, unit_id, value, "
                       "source, import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                       "ON CONFLICT DO NOTHING",
    /* not a row this import inserted (same import_id), not an equal one */
    [Q_VALUE_REPLACE] = "UPDATE indicator_value SET value = ?4, source = ?5, import_id = ?6 "
                        "WHERE indicator_id = ?1 AND period = ?2 AND unit_id = ?3 "
                        "AND import_id IS NOT ?6 AND (value IS NOT ?4 OR source IS NOT ?5)",
    [Q_VALUES_RANGE] = "SELECT unit_id, period, value FROM indicator_value "
                       "WHERE indicator_id = ?1 AND period BETWEEN ?2 AND ?3 "
                       "ORDER BY period, unit_id",
    /* the latest period before ?2: one seek down the primary key */
    [Q_VALUE_YEAR_BEFORE] = "SELECT period FROM indicator_value WHERE indicator_id = ?1 "
                            "AND period < ?2 ORDER BY period DESC LIMIT 1",
    /* ?5 (a value's source) is not used by targets */
    [Q_TARGET_INSERT] = "INSERT INTO indicator_target (indicator_id, unit_id, period, target, "
                        "import_id) VALUES (?1, ?3, ?2, ?4, ?6) ON CONFLICT DO NOTHING",
    [Q_TARGET_REPLACE] = "UPDATE indicator_target SET target = ?4, import_id = ?6 "
                         "WHERE indicator_id = ?1 AND unit_id = ?3 AND period = ?2 "
                         "AND target IS NOT ?4",
    [Q_TARGETS] = "SELECT unit_id, period, target FROM indicator_target WHERE indicator_id = ?1",
};

struct sqlite_store *sqlite_of(struct store *s)
{
	return (struct sqlite_store *)s;
}

int sqlite_fail(struct sqlite_store *q, const char *what)
{
	return store_fail(&q->base, "%s: %s", what, sqlite3_errmsg(q->db));
}

/* The cached statement id, reset and with its bindings cleared. */
static sqlite3_stmt *sqlite_stmt(struct sqlite_store *q, enum sqlite_stmt_id id)
{
	sqlite3_stmt *st = q->stmt[id];
	if (!st) {
		if (sqlite3_prepare_v3(q->db, sqlite_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &st,
		                       NULL) != SQLITE_OK) {
			sqlite_fail(q, "prepare");
			return NULL;
		}
		q->stmt[id] = st;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return st;
}

/* Binds text, or NULL for a NULL or (when empty_is_null) empty string. */
void sqlite_bind_text(sqlite3_stmt *st, int i, const char *s, bool empty_is_null)
{
	if (!s || (empty_is_null && !s[0]))
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

void sqlite_bind_date(sqlite3_stmt *st, int i, struct date d)
{
	if (!date_is_set(d)) {
		sqlite3_bind_null(st, i);
		return;
	}
	char text[DATE_ISO_SIZE];
	date_iso(d, text);
	sqlite3_bind_text(st, i, text, -1, SQLITE_TRANSIENT);
}

char *sqlite_column_strdup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? mem_strdup((const char *)t) : NULL;
}

struct date sqlite_column_date(sqlite3_stmt *st, int i)
{
	struct date d = {0, 0, 0};
	const char *t = (const char *)sqlite3_column_text(st, i);
	const char *why;
	if (t && date_parse(t, strlen(t), &d, &why) < 0)
		memset(&d, 0, sizeof d);
	return d;
}

static int sqlite_collate_vi(void *ctx, int alen, const void *a, int blen, const void *b)
{
	return collate_compare(ctx, a, (size_t)alen, b, (size_t)blen);
}

int sqlite_exec(struct sqlite_store *q, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(q->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		store_fail(&q->base, "%s", msg ? msg : sqlite3_errmsg(q->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int sqlite_schema_version(struct store *s)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = NULL;
	int version = -1;
	if (sqlite3_prepare_v2(q->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return version;
}

/* Applies every embedded migration newer than the database, each in its own transaction. */
static int sqlite_migrate(struct sqlite_store *q)
{
	int current = sqlite_schema_version(&q->base);
	int latest =
	    migrations_sqlite_count ? migrations_sqlite[migrations_sqlite_count - 1].version : 0;
	if (current < 0)
		return sqlite_fail(q, "reading the schema version");
	if (current > latest)
		return store_fail(&q->base,
		                  "the database has schema version %d, newer than this dxtrack "
		                  "(%d): use a newer dxtrack",
		                  current, latest);
	for (int i = 0; i < migrations_sqlite_count; i++) {
		const struct migration *m = &migrations_sqlite[i];
		if (m->version <= current)
			continue;
		char pragma[64];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", m->version);
		if (sqlite_exec(q, "BEGIN IMMEDIATE") < 0)
			return -1;
		/* another process may have applied it while this one waited for the lock */
		int now = sqlite_schema_version(&q->base);
		if (now < 0 || now >= m->version) {
			sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
			if (now < 0)
				return sqlite_fail(q, "reading the schema version");
			continue;
		}
		if (sqlite_exec(q, m->sql) < 0 || sqlite_exec(q, pragma) < 0) {
			char msg[sizeof q->base.error];
			snprintf(msg, sizeof msg, "%s", q->base.error);
			sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
			return store_fail(&q->base, "migration %s failed: %s", m->name, msg);
		}
		if (sqlite_exec(q, "COMMIT") < 0)
			return -1;
	}
	return 0;
}

static void sqlite_close(struct store *s)
{
	struct sqlite_store *q = sqlite_of(s);
	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(q->stmt[i]);
	sqlite3_close(q->db);
	collate_destroy(q->collator);
	buf_finish(&q->fold);
	buf_finish(&q->tags);
	free(q);
}

static int sqlite_begin(struct store *s)
{
	return sqlite_exec(sqlite_of(s), "BEGIN IMMEDIATE");
}

static int sqlite_commit(struct store *s)
{
	return sqlite_exec(sqlite_of(s), "COMMIT");
}

/* A read snapshot: one shared lock and one consistent view for a request's many reads. */
static int sqlite_read_begin(struct store *s)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_READ_BEGIN);
	return st && sqlite3_step(st) == SQLITE_DONE ? 0 : sqlite_fail(q, "starting a read");
}

static int sqlite_read_end(struct store *s)
{
	struct sqlite_store *q = sqlite_of(s);
	if (sqlite3_get_autocommit(q->db))
		return 0;
	sqlite3_stmt *st = sqlite_stmt(q, Q_READ_END);
	return st && sqlite3_step(st) == SQLITE_DONE ? 0 : sqlite_fail(q, "ending a read");
}

static int sqlite_generation(struct store *s, int64_t *gen)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_GENERATION);
	if (!st || sqlite3_step(st) != SQLITE_ROW)
		return sqlite_fail(q, "reading the data's generation");
	*gen = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

static int sqlite_rollback(struct store *s)
{
	struct sqlite_store *q = sqlite_of(s);
	if (sqlite3_get_autocommit(q->db))
		return 0;
	return sqlite_exec(q, "ROLLBACK");
}

/* Steps a statement that returns no rows. */
int sqlite_step_done(struct sqlite_store *q, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sqlite_fail(q, what);
	return 0;
}

/* Steps st to the end (or until a row callback returns non-zero), handing each row to row();
 * finalizes st. what names the query in the error message. */
int sqlite_rows(struct sqlite_store *q, sqlite3_stmt *st, const char *what,
                int (*row)(sqlite3_stmt *st, void *ctx), void *ctx)
{
	int step;
	int rc = 0;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if (row(st, ctx))
			break;
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = sqlite_fail(q, what);
	sqlite3_finalize(st);
	return rc;
}

/* A caller's callback and context, for the row adapters below. */
struct sqlite_each {
	int (*unit)(void *, const struct unit *);
	int (*task)(void *, const struct task *);
	int (*update)(void *, const struct task_update *);
	int (*audit)(void *, const struct audit_entry *);
	int (*code)(void *, const char *, int64_t);
	int (*user)(void *, const struct user *);
	int (*token)(void *, const struct store_token_row *);
	int (*indicator)(void *, const struct indicator *);
	void *ctx;
};

static void sqlite_unit_read(sqlite3_stmt *st, struct unit *u)
{
	u->code = sqlite_column_strdup(st, 0);
	u->name = sqlite_column_strdup(st, 1);
	const char *kind = (const char *)sqlite3_column_text(st, 2);
	if (!kind || unit_kind_parse(kind, &u->kind) < 0)
		u->kind = UNIT_AGENCY;
	u->parent_code = sqlite_column_strdup(st, 3);
	if (sqlite3_column_count(st) > 5) {
		u->valid_from = sqlite_column_date(st, 4);
		u->valid_to = sqlite_column_date(st, 5);
	}
}

static int sqlite_unit_get(struct store *s, const char *code, struct unit *out)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_UNIT_GET);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		sqlite_unit_read(st, out);
		sqlite3_reset(st);
		return 1;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sqlite_fail(q, "reading a unit");
}

static int sqlite_unit_put(struct store *s, const struct unit *u)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_UNIT_PUT);
	if (!st)
		return -1;
	char *fold = fold_key(u->name, strlen(u->name));
	sqlite3_bind_text(st, 1, u->code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, u->name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, fold ? fold : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, unit_kind_code(u->kind), -1, SQLITE_STATIC);
	sqlite_bind_text(st, 5, u->parent_code, true);
	sqlite_bind_date(st, 6, u->valid_from);
	sqlite_bind_date(st, 7, u->valid_to);
	free(fold);
	return sqlite_step_done(q, st, "writing a unit");
}

static int sqlite_unit_row(sqlite3_stmt *st, void *ctx)
{
	struct sqlite_each *e = ctx;
	struct unit u = {0};
	sqlite_unit_read(st, &u);
	int stop = e->unit(e->ctx, &u);
	unit_clear(&u);
	return stop;
}

static int sqlite_units_each(struct store *s, int (*each)(void *, const struct unit *), void *ctx)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = NULL;
	struct sqlite_each e = {.unit = each, .ctx = ctx};
	if (sqlite3_prepare_v2(q->db, "SELECT " SQLITE_UNIT_COLUMNS " FROM unit ORDER BY code", -1,
	                       &st, NULL) != SQLITE_OK)
		return sqlite_fail(q, "listing units");
	return sqlite_rows(q, st, "listing units", sqlite_unit_row, &e);
}

static int sqlite_count(struct sqlite_store *q, const char *sql, int64_t *count)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;
	if (sqlite3_prepare_v2(q->db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		sqlite_fail(q, "counting");
		goto out;
	}
	*count = sqlite3_column_int64(st, 0);
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

static int sqlite_unit_count(struct store *s, int64_t *count)
{
	return sqlite_count(sqlite_of(s), "SELECT count(*) FROM unit", count);
}

/* Reads a row of SQLITE_TASK_COLUMNS. */
/* Reads columns 0–12: a task's plan (id … note), as SQLITE_TASK_COLUMNS and the proposals'
 * columns both begin. */
static void sqlite_task_plan_read(sqlite3_stmt *st, struct task *t)
{
	memset(t, 0, sizeof *t);
	t->id = sqlite3_column_int64(st, 0);
	t->year = sqlite3_column_int(st, 1);
	t->code = sqlite_column_strdup(st, 2);
	t->name = sqlite_column_strdup(st, 3);
	t->investor = sqlite_column_strdup(st, 4);
	t->category = sqlite_column_strdup(st, 5);
	const char *funding = (const char *)sqlite3_column_text(st, 6);
	if (!funding || task_funding_parse(funding, &t->funding) < 0)
		t->funding = FUNDING_NONE;
	t->budget_vnd = sqlite3_column_int64(st, 7);
	t->carried_from = sqlite_column_strdup(st, 8);
	const char *tags = (const char *)sqlite3_column_text(st, 9);
	if (tags)
		task_tags_parse(tags, &t->tags, NULL);
	t->start_date = sqlite_column_date(st, 10);
	t->end_date = sqlite_column_date(st, 11);
	t->note = sqlite_column_strdup(st, 12);
}

static void sqlite_task_read(sqlite3_stmt *st, struct task *t)
{
	sqlite_task_plan_read(st, t);
	t->progress_pct = sqlite3_column_int(st, 13);
	t->disbursed_vnd = sqlite3_column_int64(st, 14);
	const char *status = (const char *)sqlite3_column_text(st, 15);
	if (!status || task_status_parse(status, &t->status) < 0)
		t->status = TASK_PLANNED;
	t->updated_on = sqlite_column_date(st, 16);
	t->version = sqlite3_column_int64(st, 17);
}

static int sqlite_task_get(struct store *s, int year, const char *code, struct task *out)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_TASK_GET);
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		sqlite_task_read(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : sqlite_fail(q, "reading a task");
}

/* Binds the plan fields shared by insert and update, from parameter `first` on:
 * name, search_fold, investor, category, funding, budget, carried_from, tags, start, end, note.
 * Text is bound without a copy (SQLITE_STATIC): t's strings and q's scratch buffers outlive the
 * statement's step, which follows at once. search_fold is the fold of code and name. */
static void sqlite_bind_plan(struct sqlite_store *q, sqlite3_stmt *st, int first,
                             const struct task *t)
{
	buf_reset(&q->fold);
	fold_append(&q->fold, t->code, strlen(t->code));
	buf_putc(&q->fold, ' ');
	fold_append(&q->fold, t->name, strlen(t->name));
	buf_reset(&q->tags);
	task_tags_format(&q->tags, t->tags);
	sqlite3_bind_text(st, first, t->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, first + 1, buf_cstr(&q->fold), (int)q->fold.len, SQLITE_STATIC);
	sqlite3_bind_text(st, first + 2, t->investor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, first + 3, t->category ? t->category : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, first + 4, task_funding_code(t->funding), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, first + 5, t->budget_vnd);
	sqlite_bind_text(st, first + 6, t->carried_from, true);
	sqlite3_bind_text(st, first + 7, buf_cstr(&q->tags), (int)q->tags.len, SQLITE_STATIC);
	sqlite_bind_date(st, first + 8, t->start_date);
	sqlite_bind_date(st, first + 9, t->end_date);
	sqlite3_bind_text(st, first + 10, t->note ? t->note : "", -1, SQLITE_STATIC);
}

/* Binds a history record's fields from parameter `first` on: on_date, recorded_at, author,
 * source, progress_pct, disbursed_vnd, status, note. */
static void sqlite_bind_record(sqlite3_stmt *st, int first, const struct task_update *u)
{
	sqlite_bind_date(st, first, u->on_date);
	sqlite3_bind_text(st, first + 1, u->recorded_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, first + 2, u->author, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, first + 3, u->source, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, first + 4, u->progress_pct);
	sqlite3_bind_int64(st, first + 5, u->disbursed_vnd);
	sqlite3_bind_text(st, first + 6, task_status_code(u->status), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, first + 7, u->note ? u->note : "", -1, SQLITE_STATIC);
}

static int sqlite_task_insert(struct store *s, struct task *t, const struct task_update *first)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_TASK_INSERT);
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, t->year);
	sqlite3_bind_text(st, 2, t->code, -1, SQLITE_STATIC);
	sqlite_bind_plan(q, st, 3, t);
	sqlite_bind_record(st, 14, first);
	if (sqlite_step_done(q, st, "adding a task") < 0)
		return -1;
	t->id = sqlite3_last_insert_rowid(q->db);
	return 0;
}

static int sqlite_task_update_plan(struct store *s, const struct task *t)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_TASK_UPDATE_PLAN);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, t->id);
	sqlite_bind_plan(q, st, 2, t);
	return sqlite_step_done(q, st, "changing a task");
}

static int sqlite_code_row(sqlite3_stmt *st, void *ctx)
{
	struct sqlite_each *e = ctx;
	return e->code(e->ctx, (const char *)sqlite3_column_text(st, 0),
	               sqlite3_column_int64(st, 1));
}

static int sqlite_task_codes(struct store *s, int year, int (*each)(void *, const char *, int64_t),
                             void *ctx)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = NULL;
	struct sqlite_each c = {.code = each, .ctx = ctx};
	if (sqlite3_prepare_v2(q->db, "SELECT code, id FROM task WHERE year = ?1", -1, &st, NULL) !=
	    SQLITE_OK)
		return sqlite_fail(q, "listing task codes");
	sqlite3_bind_int(st, 1, year);
	return sqlite_rows(q, st, "listing task codes", sqlite_code_row, &c);
}

static int sqlite_task_exists_before(struct store *s, const char *code, int year)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_TASK_EXISTS_BEFORE);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, year);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : sqlite_fail(q, "looking for an earlier task");
}

static int sqlite_update_append(struct store *s, const struct task_update *u)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_UPDATE_APPEND);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, u->task_id);
	sqlite3_bind_int64(st, 2, u->version);
	sqlite_bind_record(st, 3, u);
	sqlite_bind_text(st, 11, u->changes, true);
	if (sqlite3_step(st) == SQLITE_DONE) {
		sqlite3_reset(st);
		return 0;
	}
	/* the primary key (task_id, seq) taken: another writer appended this version first */
	int code = sqlite3_extended_errcode(q->db);
	sqlite_fail(q, "recording a progress update");
	sqlite3_reset(st);
	return code == SQLITE_CONSTRAINT_PRIMARYKEY || code == SQLITE_CONSTRAINT_UNIQUE
	           ? STORE_CONFLICT
	           : -1;
}

/* A bound value of the dynamic task query. */
struct sqlite_param {
	bool is_int;
	int64_t i;
	char *text; /* owned */
};

struct sqlite_query {
	struct buf sql;
	struct sqlite_param params[64];
	int n;
};

static void sqlite_query_int(struct sqlite_query *qq, const char *clause, int64_t v)
{
	buf_puts(&qq->sql, clause);
	qq->params[qq->n++] = (struct sqlite_param){.is_int = true, .i = v};
}

static void sqlite_query_text(struct sqlite_query *qq, const char *clause, const char *v)
{
	buf_puts(&qq->sql, clause);
	qq->params[qq->n++] = (struct sqlite_param){.text = mem_strdup(v)};
}

/* Builds "FROM task_current WHERE …" for a filter; every value is a bound parameter. */
static void sqlite_task_where(struct sqlite_query *qq, const struct task_filter *f)
{
	buf_puts(&qq->sql, " FROM task_current WHERE 1 = 1");
	if (f->year)
		sqlite_query_int(qq, " AND year = ?", f->year);
	if (f->status >= 0 && f->status < TASK_STATUS_COUNT)
		sqlite_query_text(qq, " AND status = ?", task_status_code(f->status));
	if (f->investor && f->investor[0])
		sqlite_query_text(qq, " AND investor = ?", f->investor);
	if (f->unit && f->unit[0] && f->unit_on && f->unit_on[0]) {
		/* the subtree as it stood that day (units over time, 0003) */
		sqlite_query_text(qq, " AND investor IN (WITH RECURSIVE sub (code) AS (SELECT ? ",
		                  f->unit);
		sqlite_query_text(
		    qq,
		    "UNION SELECT l.code FROM unit_link l JOIN sub ON l.parent_code = "
		    "sub.code WHERE (l.valid_from IS NULL OR l.valid_from <= ?) ",
		    f->unit_on);
		sqlite_query_text(
		    qq, "AND (l.valid_to IS NULL OR ? < l.valid_to)) SELECT code FROM sub)",
		    f->unit_on);
	} else if (f->unit && f->unit[0])
		sqlite_query_text(
		    qq,
		    " AND investor IN (WITH RECURSIVE sub (code) AS (SELECT ? "
		    "UNION SELECT u.code FROM unit u JOIN sub ON u.parent_code = sub.code) "
		    "SELECT code FROM sub)",
		    f->unit);
	if (f->category && f->category[0])
		sqlite_query_text(qq, " AND category = ?", f->category);
	for (unsigned i = 0; i < TASK_TAG_COUNT; i++) {
		if (!(f->tags & (1u << i)))
			continue;
		char pattern[64];
		snprintf(pattern, sizeof pattern, "%%;%s;%%", task_tag_code(i));
		sqlite_query_text(qq, " AND (';' || tags || ';') LIKE ?", pattern);
	}
	if (f->search && f->search[0]) {
		char *key = fold_key(f->search, strlen(f->search));
		char *save = NULL;
		for (char *w = key ? strtok_r(key, " \t", &save) : NULL; w && qq->n < 48;
		     w = strtok_r(NULL, " \t", &save))
			sqlite_query_text(qq, " AND instr(search_fold, ?) > 0", w);
		free(key);
	}
}

static int sqlite_query_prepare(struct sqlite_store *q, struct sqlite_query *qq, sqlite3_stmt **st,
                                const char *what)
{
	if (sqlite3_prepare_v2(q->db, buf_cstr(&qq->sql), -1, st, NULL) != SQLITE_OK)
		return sqlite_fail(q, what);
	for (int i = 0; i < qq->n; i++) {
		if (qq->params[i].is_int)
			sqlite3_bind_int64(*st, i + 1, qq->params[i].i);
		else
			sqlite3_bind_text(*st, i + 1, qq->params[i].text, -1, SQLITE_STATIC);
	}
	return 0;
}

static void sqlite_query_finish(struct sqlite_query *qq)
{
	for (int i = 0; i < qq->n; i++)
		free(qq->params[i].text);
	buf_finish(&qq->sql);
}

static int sqlite_task_row(sqlite3_stmt *st, void *ctx)
{
	struct sqlite_each *e = ctx;
	struct task t;
	sqlite_task_read(st, &t);
	int stop = e->task(e->ctx, &t);
	task_clear(&t);
	return stop;
}

static int sqlite_tasks_each(struct store *s, const struct task_filter *f,
                             int (*each)(void *, const struct task *), void *ctx)
{
	struct sqlite_store *q = sqlite_of(s);
	struct sqlite_query qq = {.n = 0};
	sqlite3_stmt *st = NULL;
	int rc = -1;
	buf_init(&qq.sql, 0);
	buf_puts(&qq.sql, "SELECT " SQLITE_TASK_COLUMNS);
	sqlite_task_where(&qq, f);
	/* name and code ascend, budget and progress descend; reverse flips either */
	static const char *const order[][2] = {
	    [TASK_SORT_CODE] = {" ORDER BY year, code", " ORDER BY year DESC, code DESC"},
	    [TASK_SORT_NAME] = {" ORDER BY name COLLATE vi, year, code",
	                        " ORDER BY name COLLATE vi DESC, year, code"},
	    [TASK_SORT_BUDGET] = {" ORDER BY budget_vnd DESC, year, code",
	                          " ORDER BY budget_vnd, year, code"},
	    [TASK_SORT_PROGRESS] = {" ORDER BY progress_pct DESC, year, code",
	                            " ORDER BY progress_pct, year, code"},
	};
	buf_puts(&qq.sql,
	         order[(unsigned)f->sort <= TASK_SORT_PROGRESS ? f->sort : 0][f->descending]);
	if (f->limit)
		buf_printf(&qq.sql, " LIMIT %zu OFFSET %zu", f->limit, f->offset);
	if (sqlite_query_prepare(q, &qq, &st, "querying tasks") == 0) {
		struct sqlite_each e = {.task = each, .ctx = ctx};
		rc = sqlite_rows(q, st, "querying tasks", sqlite_task_row, &e);
		st = NULL;
	}
	sqlite3_finalize(st);
	sqlite_query_finish(&qq);
	return rc;
}

static int sqlite_task_count(struct store *s, const struct task_filter *f, int64_t *count)
{
	struct sqlite_store *q = sqlite_of(s);
	struct sqlite_query qq = {.n = 0};
	sqlite3_stmt *st = NULL;
	int rc = -1;
	buf_init(&qq.sql, 0);
	buf_puts(&qq.sql, "SELECT count(*)");
	sqlite_task_where(&qq, f);
	if (sqlite_query_prepare(q, &qq, &st, "counting tasks") < 0)
		goto out;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite_fail(q, "counting tasks");
		goto out;
	}
	*count = sqlite3_column_int64(st, 0);
	rc = 0;
out:
	sqlite3_finalize(st);
	sqlite_query_finish(&qq);
	return rc;
}

static int sqlite_task_years(struct store *s, int *years, size_t max, size_t *n)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = NULL;
	int step;
	*n = 0;
	if (sqlite3_prepare_v2(q->db, "SELECT DISTINCT year FROM task ORDER BY year DESC LIMIT ?1",
	                       -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(q, "listing the years");
	sqlite3_bind_int64(st, 1, (int64_t)max);
	while ((step = sqlite3_step(st)) == SQLITE_ROW && *n < max)
		years[(*n)++] = sqlite3_column_int(st, 0);
	int rc =
	    step == SQLITE_ROW || step == SQLITE_DONE ? 0 : sqlite_fail(q, "listing the years");
	sqlite3_finalize(st);
	return rc;
}

static int sqlite_update_row(sqlite3_stmt *st, void *ctx)
{
	struct sqlite_each *e = ctx;
	struct task_update u = {0};
	u.version = sqlite3_column_int64(st, 0);
	u.task_id = sqlite3_column_int64(st, 1);
	u.on_date = sqlite_column_date(st, 2);
	u.recorded_at = sqlite_column_strdup(st, 3);
	u.author = sqlite_column_strdup(st, 4);
	u.source = sqlite_column_strdup(st, 5);
	u.progress_pct = sqlite3_column_int(st, 6);
	u.disbursed_vnd = sqlite3_column_int64(st, 7);
	const char *status = (const char *)sqlite3_column_text(st, 8);
	if (!status || task_status_parse(status, &u.status) < 0)
		u.status = TASK_PLANNED;
	u.note = sqlite_column_strdup(st, 9);
	u.changes = sqlite_column_strdup(st, 10);
	int stop = e->update(e->ctx, &u);
	task_update_clear(&u);
	return stop;
}

static int sqlite_updates_each(struct store *s, int64_t task_id,
                               int (*each)(void *, const struct task_update *), void *ctx)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = NULL;
	struct sqlite_each e = {.update = each, .ctx = ctx};
	if (sqlite3_prepare_v2(
	        q->db,
	        "SELECT seq, task_id, on_date, recorded_at, author, source, progress_pct, "
	        "disbursed_vnd, status, note, changes FROM task_history "
	        "WHERE task_id = ?1 ORDER BY seq",
	        -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(q, "reading progress history");
	sqlite3_bind_int64(st, 1, task_id);
	return sqlite_rows(q, st, "reading progress history", sqlite_update_row, &e);
}

static int sqlite_audit_append(struct store *s, const struct audit_entry *e)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_AUDIT_APPEND);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, e->at, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, e->actor, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, e->action, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, e->object, -1, SQLITE_TRANSIENT);
	sqlite_bind_text(st, 5, e->detail, true);
	return sqlite_step_done(q, st, "writing the audit log");
}

static int sqlite_audit_row(sqlite3_stmt *st, void *ctx)
{
	struct sqlite_each *e = ctx;
	struct audit_entry a = {
	    .id = sqlite3_column_int64(st, 0),
	    .at = (const char *)sqlite3_column_text(st, 1),
	    .actor = (const char *)sqlite3_column_text(st, 2),
	    .action = (const char *)sqlite3_column_text(st, 3),
	    .object = (const char *)sqlite3_column_text(st, 4),
	    .detail = (const char *)sqlite3_column_text(st, 5),
	};
	return e->audit(e->ctx, &a);
}

static int sqlite_audit_each(struct store *s, const struct audit_filter *f,
                             int (*each)(void *, const struct audit_entry *), void *ctx)
{
	struct sqlite_store *q = sqlite_of(s);
	struct sqlite_query qq = {.n = 0};
	sqlite3_stmt *st = NULL;
	int rc = -1;
	buf_init(&qq.sql, 0);
	buf_puts(&qq.sql, "SELECT id, at, actor, action, object, detail FROM audit WHERE 1 = 1");
	if (f->actor && f->actor[0])
		sqlite_query_text(&qq, " AND actor = ?", f->actor);
	if (f->action && f->action[0]) {
		size_t n = strlen(f->action);
		/* "task." is a prefix; instr, not LIKE, so that '%' and '_' mean themselves */
		if (f->action[n - 1] == '.')
			sqlite_query_text(&qq, " AND instr(action, ?) = 1", f->action);
		else
			sqlite_query_text(&qq, " AND action = ?", f->action);
	}
	if (f->search && f->search[0])
		sqlite_query_text(&qq, " AND instr(object, ?) > 0", f->search);
	/* timestamps are "YYYY-MM-DDTHH:MM:SSZ": the day's rows sort between "DAY" and "DAYU" */
	if (f->since && f->since[0])
		sqlite_query_text(&qq, " AND at >= ?", f->since);
	if (f->until && f->until[0]) {
		char until[64];
		snprintf(until, sizeof until, "%.40sU", f->until);
		sqlite_query_text(&qq, " AND at < ?", until);
	}
	if (f->before_id)
		sqlite_query_int(&qq, " AND id < ?", f->before_id);
	buf_puts(&qq.sql, " ORDER BY id DESC");
	if (f->limit)
		sqlite_query_int(&qq, " LIMIT ?", (int64_t)f->limit);
	if (sqlite_query_prepare(q, &qq, &st, "reading the audit log") == 0) {
		struct sqlite_each e = {.audit = each, .ctx = ctx};
		rc = sqlite_rows(q, st, "reading the audit log", sqlite_audit_row, &e);
		st = NULL;
	}
	sqlite3_finalize(st);
	sqlite_query_finish(&qq);
	return rc;
}

/* Steps a cached statement that returns at most one row and no columns we need: 1 when it
 * returned a row, 0 when not. */
static int sqlite_step_exists(struct sqlite_store *q, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : sqlite_fail(q, what);
}

static int sqlite_unit_within(struct store *s, const char *unit, const char *ancestor)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_UNIT_WITHIN);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, unit, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, ancestor, -1, SQLITE_TRANSIENT);
	return sqlite_step_exists(q, st, "looking up the unit tree");
}

/* ---- units over time ---- */

static int sqlite_units_at(struct store *s, const char *date_iso,
                           int (*each)(void *, const struct unit *), void *ctx)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = NULL;
	struct sqlite_each e = {.unit = each, .ctx = ctx};
	/* the unit's link in force that day gives its parent (none for the nation) */
	if (sqlite3_prepare_v2(
	        q->db,
	        "SELECT u.code, u.name, u.kind, l.parent_code, u.valid_from, "
	        "u.valid_to FROM unit u LEFT JOIN unit_link l ON l.code = u.code "
	        "AND " SQLITE_HOLDS("l") " WHERE " SQLITE_HOLDS("u") " ORDER BY u.code",
	        -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(q, "listing the units of a day");
	sqlite3_bind_text(st, 1, date_iso, -1, SQLITE_TRANSIENT);
	return sqlite_rows(q, st, "listing the units of a day", sqlite_unit_row, &e);
}

static int sqlite_unit_children_at(struct store *s, const char *code, const char *date_iso,
                                   int (*each)(void *, const struct unit *), void *ctx)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = NULL;
	struct sqlite_each e = {.unit = each, .ctx = ctx};
	if (sqlite3_prepare_v2(q->db,
	                       "SELECT u.code, u.name, u.kind, l.parent_code, u.valid_from, "
	                       "u.valid_to FROM unit_link l JOIN unit u ON u.code = l.code "
	                       "WHERE l.parent_code = ?2 AND " SQLITE_HOLDS(
	                           "l") " AND " SQLITE_HOLDS("u") " ORDER BY u.code",
	                       -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(q, "listing the children of a unit");
	sqlite3_bind_text(st, 1, date_iso, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_TRANSIENT);
	return sqlite_rows(q, st, "listing the children of a unit", sqlite_unit_row, &e);
}

static int sqlite_unit_parent_at(struct store *s, const char *code, const char *date_iso,
                                 char **parent)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_UNIT_PARENT_AT);
	*parent = NULL;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, date_iso, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*parent = sqlite_column_strdup(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : sqlite_fail(q, "reading the parent of a unit");
}

static int sqlite_unit_within_at(struct store *s, const char *unit, const char *ancestor,
                                 const char *date_iso)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_UNIT_WITHIN_AT);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, date_iso, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, unit, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, ancestor, -1, SQLITE_TRANSIENT);
	return sqlite_step_exists(q, st, "looking up the unit tree of a day");
}

static int sqlite_unit_changed_after(struct store *s, const char *code, const char *date_iso,
                                     struct date *first)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_UNIT_CHANGED_AFTER);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, date_iso, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	bool later = rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL;
	if (later)
		*first = sqlite_column_date(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return sqlite_fail(q, "looking for later changes of a unit");
	return later;
}

/* The callbacks of the units-over-time lists. */
struct sqlite_unit_each {
	int (*link)(void *, const struct unit_link *);
	int (*succession)(void *, const struct unit_succession *);
	void *ctx;
};

static int sqlite_unit_link_row(sqlite3_stmt *st, void *ctx)
{
	struct sqlite_unit_each *e = ctx;
	struct unit_link l = {
	    .code = sqlite_column_strdup(st, 0),
	    .parent_code = sqlite_column_strdup(st, 1),
	    .valid_from = sqlite_column_date(st, 2),
	    .valid_to = sqlite_column_date(st, 3),
	};
	int stop = e->link(e->ctx, &l);
	unit_link_clear(&l);
	return stop;
}

static int sqlite_unit_links_each(struct store *s, const char *code,
                                  int (*each)(void *, const struct unit_link *), void *ctx)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = NULL;
	struct sqlite_unit_each e = {.link = each, .ctx = ctx};
	if (sqlite3_prepare_v2(q->db,
	                       "SELECT code, parent_code, valid_from, valid_to FROM unit_link "
	                       "WHERE code = ?1 ORDER BY coalesce(valid_from, ''), rowid",
	                       -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(q, "reading the parents of a unit");
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	return sqlite_rows(q, st, "reading the parents of a unit", sqlite_unit_link_row, &e);
}

static int sqlite_unit_succession_row(sqlite3_stmt *st, void *ctx)
{
	struct sqlite_unit_each *e = ctx;
	struct unit_succession u = {
	    .code = sqlite_column_strdup(st, 0),
	    .successor_code = sqlite_column_strdup(st, 1),
	    .on = sqlite_column_date(st, 2),
	};
	const char *event = (const char *)sqlite3_column_text(st, 3);
	if (!event || unit_event_parse(event, &u.event) < 0)
		u.event = UNIT_EVENT_MERGE;
	int stop = e->succession(e->ctx, &u);
	unit_succession_clear(&u);
	return stop;
}

static int sqlite_unit_successions_each(struct store *s, const char *code,
                                        int (*each)(void *, const struct unit_succession *),
                                        void *ctx)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = NULL;
	struct sqlite_unit_each e = {.succession = each, .ctx = ctx};
	if (sqlite3_prepare_v2(q->db,
	                       "SELECT code, successor_code, on_date, event FROM unit_successor "
	                       "WHERE code = ?1 OR successor_code = ?1 ORDER BY on_date, rowid",
	                       -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(q, "reading the successions of a unit");
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	return sqlite_rows(q, st, "reading the successions of a unit", sqlite_unit_succession_row,
	                   &e);
}

/* Runs a cached statement of one or two text parameters (b may be NULL: then it is not bound). */
static int sqlite_unit_run(struct sqlite_store *q, enum sqlite_stmt_id id, const char *a,
                           const char *b, const char *what)
{
	sqlite3_stmt *st = sqlite_stmt(q, id);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, a, -1, SQLITE_TRANSIENT);
	if (b)
		sqlite3_bind_text(st, 2, b, -1, SQLITE_TRANSIENT);
	return sqlite_step_done(q, st, what);
}

/* unit.parent_code follows the unit's links: the parent of the latest one ever in force. */
static int sqlite_unit_parent_refresh(struct sqlite_store *q, const char *code)
{
	return sqlite_unit_run(q, Q_UNIT_PARENT_REFRESH, code, NULL,
	                       "writing the current parent of a unit");
}

static int sqlite_unit_link_add(struct store *s, const struct unit_link *l)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_UNIT_LINK_ADD);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, l->code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, l->parent_code, -1, SQLITE_TRANSIENT);
	sqlite_bind_date(st, 3, l->valid_from);
	sqlite_bind_date(st, 4, l->valid_to);
	if (sqlite_step_done(q, st, "writing the parent of a unit") < 0)
		return -1;
	return sqlite_unit_parent_refresh(q, l->code);
}

static int sqlite_unit_link_correct(struct store *s, const char *code, const char *parent)
{
	struct sqlite_store *q = sqlite_of(s);
	if (sqlite_unit_run(q, Q_UNIT_LINK_CORRECT, code, parent,
	                    "correcting the parent of a unit") < 0)
		return -1;
	return sqlite_unit_parent_refresh(q, code);
}

static int sqlite_unit_reparent(struct store *s, const char *code, const char *parent,
                                const char *date_iso)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st;
	if (sqlite_unit_run(q, Q_UNIT_LINK_CLOSE, code, date_iso, "closing the parent of a unit") <
	        0 ||
	    !(st = sqlite_stmt(q, Q_UNIT_LINK_ADD)))
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, parent, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, date_iso, -1, SQLITE_TRANSIENT);
	if (sqlite_step_done(q, st, "writing the parent of a unit") < 0)
		return -1;
	return sqlite_unit_parent_refresh(q, code);
}

static int sqlite_unit_end(struct store *s, const char *code, const char *date_iso)
{
	struct sqlite_store *q = sqlite_of(s);
	if (sqlite_unit_run(q, Q_UNIT_END, code, date_iso, "ending a unit") < 0 ||
	    sqlite_unit_run(q, Q_UNIT_LINK_CLOSE, code, date_iso, "closing the parent of a unit") <
	        0)
		return -1;
	return sqlite_unit_parent_refresh(q, code);
}

static int sqlite_unit_succession_add(struct store *s, const struct unit_succession *e)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_UNIT_SUCCESSION_ADD);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, e->code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, e->successor_code, -1, SQLITE_TRANSIENT);
	sqlite_bind_date(st, 3, e->on);
	sqlite3_bind_text(st, 4, unit_event_code(e->event), -1, SQLITE_STATIC);
	return sqlite_step_done(q, st, "writing a succession");
}

/* Reads a row of SQLITE_USER_COLUMNS (pw_hash only when with_hash and present). */
static void sqlite_user_read(sqlite3_stmt *st, struct user *u, bool with_hash)
{
	memset(u, 0, sizeof *u);
	u->id = sqlite3_column_int64(st, 0);
	u->name = sqlite_column_strdup(st, 1);
	const char *role = (const char *)sqlite3_column_text(st, 2);
	/* an unknown role (a newer schema) reads as the least privileged one */
	if (!role || user_role_parse(role, &u->role) < 0)
		u->role = ROLE_VIEWER;
	u->unit = sqlite_column_strdup(st, 3);
	u->disabled = sqlite3_column_int(st, 4) != 0;
	u->created_at = sqlite_column_strdup(st, 5);
	if (with_hash && sqlite3_column_count(st) > 6)
		u->pw_hash = sqlite_column_strdup(st, 6);
}

static int sqlite_user_insert(struct store *s, struct user *u)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_USER_INSERT);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, u->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, user_role_code(u->role), -1, SQLITE_STATIC);
	sqlite_bind_text(st, 3, u->unit, true);
	sqlite3_bind_int(st, 4, u->disabled);
	sqlite3_bind_text(st, 5, u->pw_hash ? u->pw_hash : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, u->created_at ? u->created_at : "", -1, SQLITE_STATIC);
	if (sqlite_step_done(q, st, "adding a user") < 0)
		return -1;
	u->id = sqlite3_last_insert_rowid(q->db);
	return 0;
}

/* Steps a cached user query: 1 and *out filled (with its hash), 0 not found. */
static int sqlite_user_one(struct sqlite_store *q, sqlite3_stmt *st, struct user *out)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		sqlite_user_read(st, out, true);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : sqlite_fail(q, "reading a user");
}

static int sqlite_user_get(struct store *s, const char *name, struct user *out)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_USER_GET);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	return sqlite_user_one(q, st, out);
}

static int sqlite_user_get_by_id(struct store *s, int64_t id, struct user *out)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_USER_GET_BY_ID);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return sqlite_user_one(q, st, out);
}

static int sqlite_user_update(struct store *s, const struct user *u)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_USER_UPDATE);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, u->id);
	sqlite3_bind_text(st, 2, user_role_code(u->role), -1, SQLITE_STATIC);
	sqlite_bind_text(st, 3, u->unit, true);
	sqlite3_bind_int(st, 4, u->disabled);
	sqlite3_bind_text(st, 5, u->pw_hash ? u->pw_hash : "", -1, SQLITE_STATIC);
	return sqlite_step_done(q, st, "changing a user");
}

static int sqlite_user_row(sqlite3_stmt *st, void *ctx)
{
	struct sqlite_each *e = ctx;
	struct user u;
	sqlite_user_read(st, &u, false);
	int stop = e->user(e->ctx, &u);
	user_clear(&u);
	return stop;
}

static int sqlite_users_each(struct store *s, int (*each)(void *, const struct user *), void *ctx)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = NULL;
	struct sqlite_each e = {.user = each, .ctx = ctx};
	if (sqlite3_prepare_v2(q->db,
	                       "SELECT id, name, role, unit, disabled, created_at FROM account "
	                       "ORDER BY name",
	                       -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(q, "listing users");
	return sqlite_rows(q, st, "listing users", sqlite_user_row, &e);
}

static int sqlite_session_insert(struct store *s, const char *token_hash, int64_t user_id,
                                 const char *csrf, const char *created_at, const char *expires_at)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_SESSION_INSERT);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_text(st, 3, csrf, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, created_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, expires_at, -1, SQLITE_STATIC);
	return sqlite_step_done(q, st, "opening a session");
}

static int sqlite_session_get(struct store *s, const char *token_hash, struct store_credential *out)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_SESSION_GET);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *csrf = (const char *)sqlite3_column_text(st, 1);
		const char *expires = (const char *)sqlite3_column_text(st, 2);
		snprintf(q->cred_csrf, sizeof q->cred_csrf, "%s", csrf ? csrf : "");
		snprintf(q->cred_expires, sizeof q->cred_expires, "%s", expires ? expires : "");
		*out = (struct store_credential){
		    .id = 0,
		    .user_id = sqlite3_column_int64(st, 0),
		    .expires_at = q->cred_expires,
		    .csrf = q->cred_csrf,
		    .revoked = false,
		};
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : sqlite_fail(q, "reading a session");
}

/* Runs a cached statement bound with one text value (may be NULL) or one integer. */
static int sqlite_run_text(struct sqlite_store *q, enum sqlite_stmt_id id, const char *text,
                           const char *what)
{
	sqlite3_stmt *st = sqlite_stmt(q, id);
	if (!st)
		return -1;
	sqlite_bind_text(st, 1, text, false);
	return sqlite_step_done(q, st, what);
}

static int sqlite_session_delete(struct store *s, const char *token_hash)
{
	return sqlite_run_text(sqlite_of(s), Q_SESSION_DELETE, token_hash, "ending a session");
}

static int sqlite_sessions_delete_user(struct store *s, int64_t user_id)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_SESSIONS_DELETE_USER);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, user_id);
	return sqlite_step_done(q, st, "ending a user's sessions");
}

static int sqlite_sessions_delete_expired(struct store *s, const char *now)
{
	return sqlite_run_text(sqlite_of(s), Q_SESSIONS_DELETE_EXPIRED, now,
	                       "removing expired sessions");
}

static int sqlite_token_insert(struct store *s, const char *token_hash, int64_t user_id,
                               const char *label, const char *created_at, int64_t *id)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_TOKEN_INSERT);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_text(st, 3, label ? label : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, created_at, -1, SQLITE_STATIC);
	if (sqlite_step_done(q, st, "adding an API token") < 0)
		return -1;
	if (id)
		*id = sqlite3_last_insert_rowid(q->db);
	return 0;
}

static int sqlite_token_get(struct store *s, const char *token_hash, struct store_credential *out)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_TOKEN_GET);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = (struct store_credential){
		    .id = sqlite3_column_int64(st, 0),
		    .user_id = sqlite3_column_int64(st, 1),
		    .expires_at = NULL,
		    .csrf = NULL,
		    .revoked = sqlite3_column_int(st, 2) != 0,
		};
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : sqlite_fail(q, "reading an API token");
}

static int sqlite_token_revoke(struct store *s, int64_t id, const char *at)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_TOKEN_REVOKE);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, at, -1, SQLITE_STATIC);
	if (sqlite_step_done(q, st, "revoking an API token") < 0)
		return -1;
	return sqlite3_changes(q->db) > 0;
}

static int sqlite_tokens_revoke_user(struct store *s, int64_t user_id, const char *at)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_TOKENS_REVOKE_USER);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_text(st, 2, at, -1, SQLITE_STATIC);
	return sqlite_step_done(q, st, "revoking a user's API tokens");
}

static int sqlite_token_row(sqlite3_stmt *st, void *ctx)
{
	struct sqlite_each *e = ctx;
	struct store_token_row t = {
	    .id = sqlite3_column_int64(st, 0),
	    .user = (const char *)sqlite3_column_text(st, 1),
	    .label = (const char *)sqlite3_column_text(st, 2),
	    .created_at = (const char *)sqlite3_column_text(st, 3),
	    .revoked_at = (const char *)sqlite3_column_text(st, 4),
	};
	return e->token(e->ctx, &t);
}

static int sqlite_tokens_each(struct store *s, int (*each)(void *, const struct store_token_row *),
                              void *ctx)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = NULL;
	struct sqlite_each e = {.token = each, .ctx = ctx};
	if (sqlite3_prepare_v2(q->db,
	                       "SELECT t.id, a.name, t.label, t.created_at, t.revoked_at "
	                       "FROM api_token t JOIN account a ON a.id = t.user_id ORDER BY t.id",
	                       -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(q, "listing API tokens");
	return sqlite_rows(q, st, "listing API tokens", sqlite_token_row, &e);
}

static int sqlite_login_failure_add(struct store *s, const char *name, const char *client,
                                    const char *at)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_LOGIN_FAILURE_ADD);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite_bind_text(st, 2, client, false);
	sqlite3_bind_text(st, 3, at, -1, SQLITE_STATIC);
	return sqlite_step_done(q, st, "recording a failed login");
}

static int sqlite_login_failures_count(struct store *s, const char *name, const char *client,
                                       const char *since, int64_t *by_name, int64_t *by_client)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_LOGIN_FAILURES_COUNT);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite_bind_text(st, 2, client, false);
	sqlite3_bind_text(st, 3, since, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*by_name = sqlite3_column_int64(st, 0);
		*by_client = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : sqlite_fail(q, "counting failed logins");
}

static int sqlite_login_failures_clear(struct store *s, const char *name)
{
	return sqlite_run_text(sqlite_of(s), Q_LOGIN_FAILURES_CLEAR, name,
	                       "clearing failed logins");
}

/* ---- indicators (0004): definitions, unit keys, values, targets ---- */

#define SQLITE_VALUES_BATCH 64 /* values per INSERT: 384 parameters */

#define SQLITE_INDICATOR_COLUMNS                                                                   \
	"id, code, name, measure, aggregation, numerator, denominator, multiplier, direction, "    \
	"decimals, reported_kinds"

static void sqlite_indicator_read(sqlite3_stmt *st, struct indicator *ind)
{
	memset(ind, 0, sizeof *ind);
	ind->id = sqlite3_column_int64(st, 0);
	ind->code = sqlite_column_strdup(st, 1);
	ind->name = sqlite_column_strdup(st, 2);
	ind->measure = sqlite_column_strdup(st, 3);
	const char *agg = (const char *)sqlite3_column_text(st, 4);
	if (!agg || indicator_aggregation_parse(agg, &ind->aggregation) < 0)
		ind->aggregation = INDICATOR_SUM;
	ind->numerator = sqlite_column_strdup(st, 5);
	ind->denominator = sqlite_column_strdup(st, 6);
	ind->multiplier = sqlite3_column_double(st, 7);
	const char *dir = (const char *)sqlite3_column_text(st, 8);
	if (!dir || indicator_direction_parse(dir, &ind->direction) < 0)
		ind->direction = INDICATOR_UP;
	ind->decimals = sqlite3_column_int(st, 9);
	ind->reported_kinds = (unsigned)sqlite3_column_int64(st, 10);
}

static int sqlite_indicator_get(struct store *s, const char *code, struct indicator *out)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_INDICATOR_GET);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		sqlite_indicator_read(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : sqlite_fail(q, "reading an indicator");
}

static int sqlite_indicator_put(struct store *s, struct indicator *ind)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_INDICATOR_PUT);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, ind->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, ind->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, ind->measure ? ind->measure : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, indicator_aggregation_code(ind->aggregation), -1, SQLITE_STATIC);
	sqlite_bind_text(st, 5, ind->numerator, true);
	sqlite_bind_text(st, 6, ind->denominator, true);
	sqlite3_bind_double(st, 7, ind->multiplier);
	sqlite3_bind_text(st, 8, indicator_direction_code(ind->direction), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 9, ind->decimals);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		ind->id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : sqlite_fail(q, "writing an indicator");
}

static int sqlite_indicator_row(sqlite3_stmt *st, void *ctx)
{
	struct sqlite_each *e = ctx;
	struct indicator ind;
	sqlite_indicator_read(st, &ind);
	int stop = e->indicator(e->ctx, &ind);
	indicator_clear(&ind);
	return stop;
}

static int sqlite_indicators_each(struct store *s, int (*each)(void *, const struct indicator *),
                                  void *ctx)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = NULL;
	struct sqlite_each e = {.indicator = each, .ctx = ctx};
	if (sqlite3_prepare_v2(q->db,
	                       "SELECT " SQLITE_INDICATOR_COLUMNS " FROM indicator ORDER BY code",
	                       -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(q, "listing indicators");
	return sqlite_rows(q, st, "listing indicators", sqlite_indicator_row, &e);
}

static int sqlite_indicator_add_kinds(struct store *s, int64_t id, unsigned kinds)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_INDICATOR_ADD_KINDS);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)kinds);
	return sqlite_step_done(q, st, "recording who reports an indicator");
}

static int sqlite_indicator_has_values(struct store *s, int64_t id)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_INDICATOR_HAS_VALUES);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : sqlite_fail(q, "looking for an indicator's values");
}

static int sqlite_unit_keys_each(struct store *s, int (*each)(void *, const char *, int64_t),
                                 void *ctx)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = NULL;
	struct sqlite_each c = {.code = each, .ctx = ctx};
	if (sqlite3_prepare_v2(q->db, "SELECT code, id FROM unit_key", -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(q, "listing unit keys");
	return sqlite_rows(q, st, "listing unit keys", sqlite_code_row, &c);
}

static int sqlite_unit_key_add(struct store *s, const char *code, int64_t *id)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_UNIT_KEY_ADD);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	if (sqlite_step_done(q, st, "adding a unit key") < 0)
		return -1;
	*id = sqlite3_last_insert_rowid(q->db);
	return 0;
}

static int sqlite_indicator_import_add(struct store *s, const char *recorded_at, const char *author,
                                       const char *file, int64_t *id)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_INDICATOR_IMPORT_ADD);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, recorded_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, author, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, file, -1, SQLITE_STATIC);
	if (sqlite_step_done(q, st, "recording an import") < 0)
		return -1;
	*id = sqlite3_last_insert_rowid(q->db);
	return 0;
}

/* The insert (which does nothing when the key is taken), then, when it did nothing, the update
 * (which does nothing when the row is equal): one statement per new row, the bulk case. The
 * parameters of both: ?1 indicator, ?2 period, ?3 unit, ?4 value, ?5 source, ?6 import. */
static int sqlite_put(struct sqlite_store *q, enum sqlite_stmt_id insert,
                      enum sqlite_stmt_id replace, const struct store_value *v,
                      enum store_put_outcome *outcome, const char *what)
{
	enum sqlite_stmt_id ids[2] = {insert, replace};
	for (int i = 0; i < 2; i++) {
		sqlite3_stmt *st = q->stmt[ids[i]];
		if (st)
			sqlite3_reset(st); /* every parameter is bound again below */
		else if (!(st = sqlite_stmt(q, ids[i])))
			return -1;
		sqlite3_bind_int64(st, 1, v->indicator_id);
		sqlite3_bind_int(st, 2, v->period);
		sqlite3_bind_int64(st, 3, v->unit_id);
		sqlite3_bind_double(st, 4, v->value);
		if (v->source)
			sqlite3_bind_text(st, 5, v->source, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 5);
		sqlite3_bind_int64(st, 6, v->import_id);
		if (sqlite3_step(st) != SQLITE_DONE) {
			sqlite_fail(q, what);
			sqlite3_reset(st);
			return -1;
		}
		sqlite3_reset(st);
		if (sqlite3_changes(q->db) > 0) {
			*outcome = i == 0 ? STORE_PUT_INSERTED : STORE_PUT_REPLACED;
			return 0;
		}
	}
	*outcome = STORE_PUT_UNCHANGED;
	return 0;
}

/* Binds value v's six parameters from parameter first on (the order of sqlite_put). */
static void sqlite_bind_value(sqlite3_stmt *st, int first, const struct store_value *v)
{
	sqlite3_bind_int64(st, first, v->indicator_id);
	sqlite3_bind_int(st, first + 1, v->period);
	sqlite3_bind_int64(st, first + 2, v->unit_id);
	sqlite3_bind_double(st, first + 3, v->value);
	sqlite3_bind_text(st, first + 4, v->source ? v->source : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, first + 5, v->import_id);
}

/* The multi-row insert of SQLITE_VALUES_BATCH values, prepared once per handle. */
static sqlite3_stmt *sqlite_values_batch(struct sqlite_store *q)
{
	sqlite3_stmt *st = q->stmt[Q_VALUES_INSERT_BATCH];
	if (st) {
		sqlite3_reset(st);
		return st;
	}
	struct buf sql;
	buf_init(&sql, 0);
	buf_puts(&sql, "INSERT INTO indicator_value (indicator_id, period, unit_id, value, source, "
	               "import_id) VALUES ");
	for (int i = 0; i < SQLITE_VALUES_BATCH; i++)
		buf_puts(&sql, i ? ", (?, ?, ?, ?, ?, ?)" : "(?, ?, ?, ?, ?, ?)");
	buf_puts(&sql, " ON CONFLICT DO NOTHING");
	if (sqlite3_prepare_v3(q->db, buf_cstr(&sql), -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) !=
	    SQLITE_OK) {
		sqlite_fail(q, "prepare");
		st = NULL;
	}
	buf_finish(&sql);
	q->stmt[Q_VALUES_INSERT_BATCH] = st;
	return st;
}

/* Values go in SQLITE_VALUES_BATCH at a time: one statement, one cursor that stays at the end
 * of the b-tree while rows in key order are appended (twice the rate of one INSERT per row).
 * When a batch inserted fewer rows than it had, the others were stored already: each is then
 * updated unless it is equal, or it is one this import has just inserted (its import_id). */
static int sqlite_values_put(struct store *s, const struct store_value *v, size_t n,
                             struct store_put_counts *counts)
{
	struct sqlite_store *q = sqlite_of(s);
	for (size_t at = 0; at < n;) {
		size_t k = n - at >= SQLITE_VALUES_BATCH ? SQLITE_VALUES_BATCH : 1;
		sqlite3_stmt *st = k > 1 ? sqlite_values_batch(q) : sqlite_stmt(q, Q_VALUE_INSERT);
		if (!st)
			return -1;
		for (size_t i = 0; i < k; i++)
			sqlite_bind_value(st, 1 + 6 * (int)i, &v[at + i]);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return sqlite_fail(q, "writing values");
		size_t inserted = (size_t)sqlite3_changes(q->db), replaced = 0;
		for (size_t i = 0; inserted < k && i < k; i++) {
			if (!(st = sqlite_stmt(q, Q_VALUE_REPLACE)))
				return -1;
			sqlite_bind_value(st, 1, &v[at + i]);
			if (sqlite_step_done(q, st, "replacing a value") < 0)
				return -1;
			replaced += sqlite3_changes(q->db) > 0;
		}
		counts->inserted += inserted;
		counts->replaced += replaced;
		counts->unchanged += k - inserted - replaced;
		at += k;
	}
	return 0;
}

static int sqlite_target_put(struct store *s, const struct store_value *t,
                             enum store_put_outcome *outcome)
{
	return sqlite_put(sqlite_of(s), Q_TARGET_INSERT, Q_TARGET_REPLACE, t, outcome,
	                  "writing a target");
}

/* Steps a statement of (unit id, period, number) rows into each; resets it. */
static int sqlite_numbers(struct sqlite_store *q, sqlite3_stmt *st,
                          int (*each)(void *, int64_t, int32_t, double), void *ctx,
                          const char *what)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (each(ctx, sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1),
		         sqlite3_column_double(st, 2)))
			break;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sqlite_fail(q, what);
}

static int sqlite_values_each(struct store *s, int64_t indicator_id, int32_t period_lo,
                              int32_t period_hi, int (*each)(void *, int64_t, int32_t, double),
                              void *ctx)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_VALUES_RANGE);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, indicator_id);
	sqlite3_bind_int(st, 2, period_lo);
	sqlite3_bind_int(st, 3, period_hi);
	return sqlite_numbers(q, st, each, ctx, "reading values");
}

static int sqlite_value_years(struct store *s, int64_t indicator_id, int *years, size_t max,
                              size_t *n)
{
	struct sqlite_store *q = sqlite_of(s);
	int32_t before = (PERIOD_YEAR_MAX + 1) * 100;
	*n = 0;
	while (*n < max) {
		sqlite3_stmt *st = sqlite_stmt(q, Q_VALUE_YEAR_BEFORE);
		if (!st)
			return -1;
		sqlite3_bind_int64(st, 1, indicator_id);
		sqlite3_bind_int(st, 2, before);
		int rc = sqlite3_step(st);
		int32_t period = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
		sqlite3_reset(st);
		if (rc == SQLITE_DONE)
			break;
		if (rc != SQLITE_ROW)
			return sqlite_fail(q, "reading the years of values");
		years[(*n)++] = period / 100;
		before = period / 100 * 100; /* the next seek starts below this year */
	}
	return 0;
}

static int sqlite_targets_each(struct store *s, int64_t indicator_id,
                               int (*each)(void *, int64_t, int32_t, double), void *ctx)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = sqlite_stmt(q, Q_TARGETS);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, indicator_id);
	return sqlite_numbers(q, st, each, ctx, "reading targets");
}

/* ---- next year's catalogue (0005): proposals, adopted decisions ---- */

/* carried_year: the latest year before the proposal's of a task named carried_from */
#define SQLITE_PROPOSAL_COLUMNS                                                                    \
	"p.id, p.year, p.code, p.name, p.investor, p.category, p.funding, p.budget_vnd, "          \
	"p.carried_from, p.tags, p.start_date, p.end_date, p.note, p.score, "                      \
	"(SELECT max(t.year) FROM task t WHERE t.code = p.carried_from AND t.year < p.year)"

/* Reads a row of SQLITE_PROPOSAL_COLUMNS. */
static void sqlite_proposal_read(sqlite3_stmt *st, struct proposal *p)
{
	memset(p, 0, sizeof *p);
	sqlite_task_plan_read(st, &p->task);
	p->task.status = TASK_PLANNED;
	p->score = sqlite3_column_int(st, 13);
	p->carried_year = sqlite3_column_int(st, 14);
}

static int sqlite_proposal_get(struct store *s, int year, const char *code, struct proposal *out)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(q->db,
	                       "SELECT " SQLITE_PROPOSAL_COLUMNS
	                       " FROM proposal p WHERE p.year = ?1 AND p.code = ?2",
	                       -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(q, "reading a proposal");
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		sqlite_proposal_read(st, out);
	int found = rc == SQLITE_ROW    ? 1
	            : rc == SQLITE_DONE ? 0
	                                : sqlite_fail(q, "reading a proposal");
	sqlite3_finalize(st);
	return found;
}

static int sqlite_proposal_put(struct store *s, struct proposal *p, const char *at)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(
	        q->db,
	        "INSERT INTO proposal (year, code, name, search_fold, investor, category, funding, "
	        "budget_vnd, carried_from, tags, start_date, end_date, note, score, created_at, "
	        "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
	        "?15, ?15) ON CONFLICT (year, code) DO UPDATE SET name = excluded.name, "
	        "search_fold = excluded.search_fold, investor = excluded.investor, "
	        "category = excluded.category, funding = excluded.funding, "
	        "budget_vnd = excluded.budget_vnd, carried_from = excluded.carried_from, "
	        "tags = excluded.tags, start_date = excluded.start_date, "
	        "end_date = excluded.end_date, note = excluded.note, score = excluded.score, "
	        "updated_at = excluded.updated_at RETURNING id",
	        -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(q, "writing a proposal");
	sqlite3_bind_int(st, 1, p->task.year);
	sqlite3_bind_text(st, 2, p->task.code, -1, SQLITE_STATIC);
	sqlite_bind_plan(q, st, 3, &p->task);
	sqlite3_bind_int(st, 14, p->score);
	sqlite3_bind_text(st, 15, at, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		p->task.id = sqlite3_column_int64(st, 0);
	rc = rc == SQLITE_ROW ? 0 : sqlite_fail(q, "writing a proposal");
	sqlite3_finalize(st);
	return rc;
}

struct sqlite_proposal_each {
	int (*each)(void *, const struct proposal *);
	void *ctx;
};

static int sqlite_proposal_row(sqlite3_stmt *st, void *ctx)
{
	struct sqlite_proposal_each *e = ctx;
	struct proposal p;
	sqlite_proposal_read(st, &p);
	int stop = e->each(e->ctx, &p);
	proposal_clear(&p);
	return stop;
}

static int sqlite_proposals_each(struct store *s, int year,
                                 int (*each)(void *, const struct proposal *), void *ctx)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = NULL;
	struct sqlite_proposal_each e = {each, ctx};
	if (sqlite3_prepare_v2(q->db,
	                       "SELECT " SQLITE_PROPOSAL_COLUMNS
	                       " FROM proposal p WHERE p.year = ?1 ORDER BY p.code",
	                       -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(q, "listing proposals");
	sqlite3_bind_int(st, 1, year);
	return sqlite_rows(q, st, "listing proposals", sqlite_proposal_row, &e);
}

static int sqlite_plan_adopt(struct store *s, const struct plan_result *r)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = NULL;
	int rc = -1;
	if (sqlite3_prepare_v2(
	        q->db,
	        "INSERT INTO plan_adoption (year, adopted_at, adopted_by, budget_vnd, "
	        "selected_vnd, locks, excludes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	        -1, &st, NULL) != SQLITE_OK) {
		sqlite_fail(q, "recording an adoption");
		goto out;
	}
	sqlite3_bind_int(st, 1, r->year);
	sqlite3_bind_text(st, 2, r->adopted_at ? r->adopted_at : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, r->adopted_by ? r->adopted_by : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, r->budget_vnd);
	sqlite3_bind_int64(st, 5, r->selected_vnd);
	sqlite3_bind_text(st, 6, r->locks ? r->locks : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, r->excludes ? r->excludes : "", -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite_fail(q, "recording an adoption");
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(q->db,
	                       "INSERT INTO plan_adoption_item (year, position, code, name, "
	                       "investor, tier, score, budget_vnd, selected, reason) VALUES (?1, "
	                       "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	                       -1, &st, NULL) != SQLITE_OK) {
		sqlite_fail(q, "recording an adoption");
		goto out;
	}
	for (size_t i = 0; i < r->n; i++) {
		const struct plan_entry *e = &r->entries[i];
		sqlite3_reset(st);
		sqlite3_bind_int(st, 1, r->year);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
		sqlite3_bind_text(st, 3, e->code, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, e->name ? e->name : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, e->investor ? e->investor : "", -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 6, e->tier);
		sqlite3_bind_int(st, 7, e->score);
		sqlite3_bind_int64(st, 8, e->budget_vnd);
		sqlite3_bind_int(st, 9, e->selected);
		sqlite3_bind_text(st, 10, e->reason ? e->reason : "", -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			sqlite_fail(q, "recording an adoption");
			goto out;
		}
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

static int sqlite_plan_item_row(sqlite3_stmt *st, void *ctx)
{
	struct plan_entry e = {
	    .code = (const char *)sqlite3_column_text(st, 0),
	    .name = (const char *)sqlite3_column_text(st, 1),
	    .investor = (const char *)sqlite3_column_text(st, 2),
	    .tier = sqlite3_column_int(st, 3),
	    .score = sqlite3_column_int(st, 4),
	    .budget_vnd = sqlite3_column_int64(st, 5),
	    .selected = sqlite3_column_int(st, 6) != 0,
	    .reason = (const char *)sqlite3_column_text(st, 7),
	};
	plan_result_add(ctx, &e);
	return 0;
}

static int sqlite_plan_adopted(struct store *s, int year, struct plan_result *out)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(q->db,
	                       "SELECT adopted_at, adopted_by, budget_vnd, selected_vnd, locks, "
	                       "excludes FROM plan_adoption WHERE year = ?1",
	                       -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(q, "reading an adoption");
	sqlite3_bind_int(st, 1, year);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		rc = rc == SQLITE_DONE ? 0 : sqlite_fail(q, "reading an adoption");
		sqlite3_finalize(st);
		return rc;
	}
	out->year = year;
	out->adopted_at = arena_strdup(&out->strings, (const char *)sqlite3_column_text(st, 0));
	out->adopted_by = arena_strdup(&out->strings, (const char *)sqlite3_column_text(st, 1));
	out->budget_vnd = sqlite3_column_int64(st, 2);
	out->selected_vnd = sqlite3_column_int64(st, 3);
	out->locks = arena_strdup(&out->strings, (const char *)sqlite3_column_text(st, 4));
	out->excludes = arena_strdup(&out->strings, (const char *)sqlite3_column_text(st, 5));
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(q->db,
	                       "SELECT code, name, investor, tier, score, budget_vnd, selected, "
	                       "reason FROM plan_adoption_item WHERE year = ?1 ORDER BY position",
	                       -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(q, "reading an adoption");
	sqlite3_bind_int(st, 1, year);
	return sqlite_rows(q, st, "reading an adoption", sqlite_plan_item_row, out) < 0 ? -1 : 1;
}

/* ---- disbursement monitoring (0006): history by filter, allocations, colour overrides ----
 * Statements are prepared per call: these are read once per report and written rarely. */

static int sqlite_history_each(struct store *s, const struct task_filter *f,
                               int (*each)(void *, const struct task_update *), void *ctx)
{
	struct sqlite_store *q = sqlite_of(s);
	struct sqlite_query qq = {.n = 0};
	sqlite3_stmt *st = NULL;
	int rc = -1;
	buf_init(&qq.sql, 0);
	buf_puts(&qq.sql,
	         "SELECT seq, task_id, on_date, recorded_at, author, source, progress_pct, "
	         "disbursed_vnd, status, note, changes FROM task_history "
	         "WHERE task_id IN (SELECT id");
	sqlite_task_where(&qq, f);
	buf_puts(&qq.sql, ") ORDER BY task_id, seq");
	if (sqlite_query_prepare(q, &qq, &st, "reading the history of tasks") == 0) {
		struct sqlite_each e = {.update = each, .ctx = ctx};
		rc = sqlite_rows(q, st, "reading the history of tasks", sqlite_update_row, &e);
		st = NULL;
	}
	sqlite3_finalize(st);
	sqlite_query_finish(&qq);
	return rc;
}

/* The allocation in force of each unit of a year (?1), with the day of its first record. */
#define SQLITE_ALLOCATION_SELECT                                                                   \
	"SELECT a.id, a.year, a.unit, a.amount_vnd, a.note, a.on_date, a.recorded_at, a.author, "  \
	"(SELECT min(f.on_date) FROM allocation f WHERE f.year = a.year AND f.unit = a.unit) "     \
	"FROM allocation a WHERE a.year = ?1 AND a.id = (SELECT max(b.id) FROM allocation b "      \
	"WHERE b.year = a.year AND b.unit = a.unit)"

static void sqlite_allocation_read(sqlite3_stmt *st, struct disbursement_allocation *al)
{
	memset(al, 0, sizeof *al);
	al->id = sqlite3_column_int64(st, 0);
	al->year = sqlite3_column_int(st, 1);
	al->unit = sqlite_column_strdup(st, 2);
	al->amount_vnd = sqlite3_column_int64(st, 3);
	al->note = sqlite_column_strdup(st, 4);
	al->on_date = sqlite_column_date(st, 5);
	al->recorded_at = sqlite_column_strdup(st, 6);
	al->author = sqlite_column_strdup(st, 7);
	al->first_on = sqlite_column_date(st, 8);
}

struct sqlite_allocation_each {
	int (*each)(void *, const struct disbursement_allocation *);
	void *ctx;
};

static int sqlite_allocation_row(sqlite3_stmt *st, void *ctx)
{
	struct sqlite_allocation_each *e = ctx;
	struct disbursement_allocation al;
	sqlite_allocation_read(st, &al);
	int stop = e->each(e->ctx, &al);
	disbursement_allocation_clear(&al);
	return stop;
}

static int sqlite_allocation_add(struct store *s, struct disbursement_allocation *al)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(q->db,
	                       "INSERT INTO allocation (year, unit, amount_vnd, note, on_date, "
	                       "recorded_at, author) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	                       -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(q, "recording an allocation");
	sqlite3_bind_int(st, 1, al->year);
	sqlite3_bind_text(st, 2, al->unit, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, al->amount_vnd);
	sqlite3_bind_text(st, 4, al->note ? al->note : "", -1, SQLITE_STATIC);
	sqlite_bind_date(st, 5, al->on_date);
	sqlite3_bind_text(st, 6, al->recorded_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, al->author, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : sqlite_fail(q, "recording an allocation");
	if (rc == 0)
		al->id = sqlite3_last_insert_rowid(q->db);
	sqlite3_finalize(st);
	return rc;
}

static int sqlite_allocations_each(struct store *s, int year,
                                   int (*each)(void *, const struct disbursement_allocation *),
                                   void *ctx)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = NULL;
	struct sqlite_allocation_each e = {each, ctx};
	if (sqlite3_prepare_v2(q->db, SQLITE_ALLOCATION_SELECT " ORDER BY a.unit", -1, &st, NULL) !=
	    SQLITE_OK)
		return sqlite_fail(q, "reading allocations");
	sqlite3_bind_int(st, 1, year);
	return sqlite_rows(q, st, "reading allocations", sqlite_allocation_row, &e);
}

static int sqlite_allocation_get(struct store *s, int year, const char *unit,
                                 struct disbursement_allocation *out)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(q->db, SQLITE_ALLOCATION_SELECT " AND a.unit = ?2", -1, &st, NULL) !=
	    SQLITE_OK)
		return sqlite_fail(q, "reading an allocation");
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_text(st, 2, unit, -1, SQLITE_STATIC);
	int step = sqlite3_step(st);
	int rc = step == SQLITE_ROW ? 1 : step == SQLITE_DONE ? 0 : -1;
	if (rc == 1)
		sqlite_allocation_read(st, out);
	else if (rc < 0)
		sqlite_fail(q, "reading an allocation");
	sqlite3_finalize(st);
	return rc;
}

#define SQLITE_OVERRIDE_COLUMNS                                                                    \
	"c.id, c.task_id, c.colour, c.comment, c.on_date, c.recorded_at, c.author"

static void sqlite_override_read(sqlite3_stmt *st, struct disbursement_override *o)
{
	memset(o, 0, sizeof *o);
	o->id = sqlite3_column_int64(st, 0);
	o->task_id = sqlite3_column_int64(st, 1);
	const char *colour = (const char *)sqlite3_column_text(st, 2);
	o->cleared = !colour || disbursement_colour_parse(colour, &o->colour) < 0;
	o->comment = sqlite_column_strdup(st, 3);
	o->on_date = sqlite_column_date(st, 4);
	o->recorded_at = sqlite_column_strdup(st, 5);
	o->author = sqlite_column_strdup(st, 6);
}

struct sqlite_override_each {
	int (*each)(void *, const struct disbursement_override *);
	void *ctx;
};

static int sqlite_override_row(sqlite3_stmt *st, void *ctx)
{
	struct sqlite_override_each *e = ctx;
	struct disbursement_override o;
	sqlite_override_read(st, &o);
	int stop = e->each(e->ctx, &o);
	disbursement_override_clear(&o);
	return stop;
}

static int sqlite_override_add(struct store *s, struct disbursement_override *o)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(q->db,
	                       "INSERT INTO task_colour (task_id, colour, comment, on_date, "
	                       "recorded_at, author) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	                       -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(q, "recording a colour");
	sqlite3_bind_int64(st, 1, o->task_id);
	if (o->cleared)
		sqlite3_bind_null(st, 2);
	else
		sqlite3_bind_text(st, 2, disbursement_colour_code(o->colour), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, o->comment ? o->comment : "", -1, SQLITE_STATIC);
	sqlite_bind_date(st, 4, o->on_date);
	sqlite3_bind_text(st, 5, o->recorded_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, o->author, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : sqlite_fail(q, "recording a colour");
	if (rc == 0)
		o->id = sqlite3_last_insert_rowid(q->db);
	sqlite3_finalize(st);
	return rc;
}

static int sqlite_overrides_each(struct store *s, int year,
                                 int (*each)(void *, const struct disbursement_override *),
                                 void *ctx)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = NULL;
	struct sqlite_override_each e = {each, ctx};
	if (sqlite3_prepare_v2(q->db,
	                       "SELECT " SQLITE_OVERRIDE_COLUMNS " FROM task_colour c JOIN task t "
	                       "ON t.id = c.task_id WHERE t.year = ?1 AND c.id = (SELECT max(d.id) "
	                       "FROM task_colour d WHERE d.task_id = c.task_id) ORDER BY c.task_id",
	                       -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(q, "reading colour overrides");
	sqlite3_bind_int(st, 1, year);
	return sqlite_rows(q, st, "reading colour overrides", sqlite_override_row, &e);
}

static int sqlite_override_get(struct store *s, int64_t task_id, struct disbursement_override *out)
{
	struct sqlite_store *q = sqlite_of(s);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(q->db,
	                       "SELECT " SQLITE_OVERRIDE_COLUMNS " FROM task_colour c "
	                       "WHERE c.task_id = ?1 ORDER BY c.id DESC LIMIT 1",
	                       -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(q, "reading a colour override");
	sqlite3_bind_int64(st, 1, task_id);
	int step = sqlite3_step(st);
	int rc = step == SQLITE_ROW ? 1 : step == SQLITE_DONE ? 0 : -1;
	if (rc == 1)
		sqlite_override_read(st, out);
	else if (rc < 0)
		sqlite_fail(q, "reading a colour override");
	sqlite3_finalize(st);
	return rc;
}

static const struct store_ops sqlite_ops = {
    .close = sqlite_close,
    .schema_version = sqlite_schema_version,
    .begin = sqlite_begin,
    .commit = sqlite_commit,
    .rollback = sqlite_rollback,
    .read_begin = sqlite_read_begin,
    .read_end = sqlite_read_end,
    .generation = sqlite_generation,
    .unit_get = sqlite_unit_get,
    .unit_put = sqlite_unit_put,
    .units_each = sqlite_units_each,
    .unit_count = sqlite_unit_count,
    .task_get = sqlite_task_get,
    .task_insert = sqlite_task_insert,
    .task_update_plan = sqlite_task_update_plan,
    .task_codes = sqlite_task_codes,
    .task_exists_before = sqlite_task_exists_before,
    .update_append = sqlite_update_append,
    .tasks_each = sqlite_tasks_each,
    .task_count = sqlite_task_count,
    .task_years = sqlite_task_years,
    .updates_each = sqlite_updates_each,
    .audit_append = sqlite_audit_append,
    .audit_each = sqlite_audit_each,
    .unit_within = sqlite_unit_within,
    .units_at = sqlite_units_at,
    .unit_children_at = sqlite_unit_children_at,
    .unit_parent_at = sqlite_unit_parent_at,
    .unit_within_at = sqlite_unit_within_at,
    .unit_changed_after = sqlite_unit_changed_after,
    .unit_links_each = sqlite_unit_links_each,
    .unit_successions_each = sqlite_unit_successions_each,
    .unit_link_add = sqlite_unit_link_add,
    .unit_link_correct = sqlite_unit_link_correct,
    .unit_reparent = sqlite_unit_reparent,
    .unit_end = sqlite_unit_end,
    .unit_succession_add = sqlite_unit_succession_add,
    .user_insert = sqlite_user_insert,
    .user_get = sqlite_user_get,
    .user_get_by_id = sqlite_user_get_by_id,
    .user_update = sqlite_user_update,
    .users_each = sqlite_users_each,
    .session_insert = sqlite_session_insert,
    .session_get = sqlite_session_get,
    .session_delete = sqlite_session_delete,
    .sessions_delete_user = sqlite_sessions_delete_user,
    .sessions_delete_expired = sqlite_sessions_delete_expired,
    .token_insert = sqlite_token_insert,
    .token_get = sqlite_token_get,
    .token_revoke = sqlite_token_revoke,
    .tokens_revoke_user = sqlite_tokens_revoke_user,
    .tokens_each = sqlite_tokens_each,
    .login_failure_add = sqlite_login_failure_add,
    .login_failures_count = sqlite_login_failures_count,
    .login_failures_clear = sqlite_login_failures_clear,
    .indicator_get = sqlite_indicator_get,
    .indicator_put = sqlite_indicator_put,
    .indicators_each = sqlite_indicators_each,
    .indicator_add_kinds = sqlite_indicator_add_kinds,
    .indicator_has_values = sqlite_indicator_has_values,
    .unit_keys_each = sqlite_unit_keys_each,
    .unit_key_add = sqlite_unit_key_add,
    .indicator_import_add = sqlite_indicator_import_add,
    .values_put = sqlite_values_put,
    .values_each = sqlite_values_each,
    .value_years = sqlite_value_years,
    .target_put = sqlite_target_put,
    .targets_each = sqlite_targets_each,
    .proposal_get = sqlite_proposal_get,
    .proposal_put = sqlite_proposal_put,
    .proposals_each = sqlite_proposals_each,
    .plan_adopt = sqlite_plan_adopt,
    .plan_adopted = sqlite_plan_adopted,
    .history_each = sqlite_history_each,
    .allocation_add = sqlite_allocation_add,
    .allocations_each = sqlite_allocations_each,
    .allocation_get = sqlite_allocation_get,
    .override_add = sqlite_override_add,
    .overrides_each = sqlite_overrides_each,
    .override_get = sqlite_override_get,
    /* DTI (0007): sqlite_dti.c */
    .dti_framework_put = sqlite_dti_framework_put,
    .dti_framework_get = sqlite_dti_framework_get,
    .dti_frameworks_each = sqlite_dti_frameworks_each,
    .dti_codes_in_use = sqlite_dti_codes_in_use,
    .dti_year_put = sqlite_dti_year_put,
    .dti_year_get = sqlite_dti_year_get,
    .dti_years_each = sqlite_dti_years_each,
    .dti_entry_get = sqlite_dti_entry_get,
    .dti_entries_each = sqlite_dti_entries_each,
    .dti_entry_put = sqlite_dti_entry_put,
    .dti_entry_history = sqlite_dti_entry_history,
    .dti_evidence_add = sqlite_dti_evidence_add,
    .dti_evidence_each = sqlite_dti_evidence_each,
    .dti_evidence_get = sqlite_dti_evidence_get,
    .dti_evidence_withdraw = sqlite_dti_evidence_withdraw,
    .dti_file_get = sqlite_dti_file_get,
    .dti_published_put = sqlite_dti_published_put,
    .dti_published_each = sqlite_dti_published_each,
    /* settings and the report under review (0008): sqlite_reports.c */
    .setting_get = sqlite_setting_get,
    .setting_put = sqlite_setting_put,
    .report_add = sqlite_report_add,
    .report_find = sqlite_report_find,
    .report_year = sqlite_report_year,
    .report_version_add = sqlite_report_version_add,
    .report_versions_each = sqlite_report_versions_each,
    .report_snapshot = sqlite_report_snapshot,
    .report_submit = sqlite_report_submit,
    .report_comment_add = sqlite_report_comment_add,
    .report_comments_each = sqlite_report_comments_each,
    .report_comment_get = sqlite_report_comment_get,
    .report_comment_answer = sqlite_report_comment_answer,
    .report_open_count = sqlite_report_open_count,
    /* backup (sqlite_backup.c) */
    .backup = sqlite_backup,
    .columns_each = sqlite_columns_each,
    .table_count = sqlite_table_count,
    .table_each = sqlite_table_each,
    .load_begin = sqlite_load_begin,
    .load_row = sqlite_load_row,
    .load_end = sqlite_load_end,
};

/* Puts the file in WAL mode. Turning a new file's journal to WAL takes an exclusive lock, and
 * SQLite answers BUSY at once, without its busy handler, while another process opens the same
 * new file: so it is asked again, as the busy timeout would, for up to 5 s. */
static int sqlite_wal_on(struct sqlite_store *q)
{
	for (int waited_ms = 0;; waited_ms += 10) {
		int rc = sqlite3_exec(q->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			return 0;
		if ((rc & 0xff) != SQLITE_BUSY || waited_ms >= 5000)
			return sqlite_fail(q, "turning on the write-ahead log");
		sqlite3_sleep(10);
	}
}

struct store *store_sqlite_open(const char *path, char *why, size_t why_size)
{
	struct sqlite_store *q = mem_calloc(1, sizeof *q);
	q->base.ops = &sqlite_ops;
	buf_init(&q->fold, 0);
	buf_init(&q->tags, 0);
	if (sqlite3_open_v2(path, &q->db,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	                    NULL) != SQLITE_OK) {
		snprintf(why, why_size, "cannot open %s: %s", path,
		         q->db ? sqlite3_errmsg(q->db) : "out of memory");
		goto fail;
	}
	q->collator = collate_create();
	if (!q->collator) {
		snprintf(why, why_size, "ICU has no Vietnamese collation data");
		goto fail;
	}
	sqlite3_busy_timeout(q->db, 5000);
	if (sqlite3_create_collation_v2(q->db, "vi", SQLITE_UTF8, q->collator, sqlite_collate_vi,
	                                NULL) != SQLITE_OK ||
	    /* synchronous = FULL: a commit is on disk before it is acknowledged, so a write the API
	     * answered survives a power cut too (NORMAL would survive only a killed process) */
	    sqlite_exec(q, "PRAGMA page_size = 16384") < 0 || sqlite_wal_on(q) < 0 ||
	    sqlite_exec(q, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; "
	                   "PRAGMA cache_size = -8192") < 0 ||
	    sqlite_migrate(q) < 0) {
		snprintf(why, why_size, "%s: %s", path,
		         q->base.error[0] ? q->base.error : sqlite3_errmsg(q->db));
		goto fail;
	}
	return &q->base;
fail:
	sqlite_close(&q->base);
	return NULL;
}
