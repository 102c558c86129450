/* pg.c — the PostgreSQL backend of store.h: for several servers sharing one database.
 *
 * One connection per handle (libpq). Writers are serialised by one transaction-scoped advisory
 * lock taken in store_begin, as SQLite's single writer serialises them: the domain code sees
 * the same rules on both backends (the newest audit id names the data, version checks happen
 * under the lock), and two `dxtrack serve` processes never lose an update. A read snapshot is a
 * REPEATABLE READ transaction. The schema is sql/pg/, applied in order under a second advisory
 * lock; its level is kept in the table schema_migration. The domain files (pg_units.c,
 * pg_tasks.c, …) share the helpers below through pg_impl.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/mem.h"
#include "migrations.h"
#include "pg_impl.h"
#include "store_impl.h"

/* The advisory lock keys: "dxtrack" writes, and migrations. */
#define PG_LOCK_WRITE "7482051200"
#define PG_LOCK_MIGRATE "7482051201"

struct pg_store *pg_of(struct store *s)
{
	return (struct pg_store *)s;
}

int pg_fail(struct pg_store *q, const char *what, const PGresult *r)
{
	const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	snprintf(q->sqlstate, sizeof q->sqlstate, "%s", state ? state : "");
	if (!msg) {
		msg = PQerrorMessage(q->conn);
		size_t len = strlen(msg);
		while (len && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
			len--;
		return store_fail(&q->base, "%s: %.*s", what, (int)len, msg);
	}
	return store_fail(&q->base, "%s: %s", what, msg);
}

bool pg_unique_violation(const struct pg_store *q)
{
	return strcmp(q->sqlstate, "23505") == 0;
}

/* ---- parameters ---- */

static void pg_param_add(struct pg_params *p, const char *value, int length, int format)
{
	if (p->n >= PG_MAX_PARAMS)
		abort(); /* a programming error: raise PG_MAX_PARAMS */
	p->values[p->n] = value;
	p->lengths[p->n] = length;
	p->formats[p->n] = format;
	p->n++;
}

void pg_param_text(struct pg_params *p, const char *s, bool empty_is_null)
{
	pg_param_add(p, !s || (empty_is_null && !s[0]) ? NULL : s, 0, 0);
}

void pg_param_int64(struct pg_params *p, int64_t v)
{
	char *at = p->scratch[p->n < PG_MAX_PARAMS ? p->n : 0];
	snprintf(at, sizeof p->scratch[0], "%lld", (long long)v);
	pg_param_add(p, at, 0, 0);
}

void pg_param_double(struct pg_params *p, double v)
{
	char *at = p->scratch[p->n < PG_MAX_PARAMS ? p->n : 0];
	snprintf(at, sizeof p->scratch[0], "%.17g", v);
	pg_param_add(p, at, 0, 0);
}

void pg_param_date(struct pg_params *p, struct date d)
{
	if (!date_is_set(d)) {
		pg_param_add(p, NULL, 0, 0);
		return;
	}
	char *at = p->scratch[p->n < PG_MAX_PARAMS ? p->n : 0];
	date_iso(d, at);
	pg_param_add(p, at, 0, 0);
}

void pg_param_null(struct pg_params *p)
{
	pg_param_add(p, NULL, 0, 0);
}

void pg_param_bytes(struct pg_params *p, const void *data, size_t len)
{
	pg_param_add(p, data ? data : "", (int)len, 1);
}

/* ---- running statements ---- */

static int pg_transaction_start(struct pg_store *q, const char *sql);

/* What every connection sets first (again after a reconnect). */
static int pg_session_setup(struct pg_store *q)
{
	if (PQsetClientEncoding(q->conn, "UTF8") != 0)
		return pg_fail(q, "setting the client encoding", NULL);
	PGresult *r = PQexec(q->conn, "SET client_min_messages = warning; "
	                              "SET extra_float_digits = 1; SET TIME ZONE 'UTC'");
	int rc =
	    PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : pg_fail(q, "setting up the session", r);
	PQclear(r);
	return rc;
}

/* Forgets the prepared statements (the connection was made again, or is closing). */
static void pg_prepared_forget(struct pg_store *q)
{
	for (int i = 0; i < q->prepared_count; i++)
		free(q->prepared[i]);
	q->prepared_count = 0;
}

/* A connection lost outside a transaction (the server restarted, a proxy closed it) is made
 * again once, so a long-running `dxtrack serve` recovers by itself: 1 when the caller may run
 * its statement again. Inside a transaction the loss is reported: its work is gone. */
static int pg_reconnected(struct pg_store *q)
{
	if (PQstatus(q->conn) != CONNECTION_BAD || q->in_transaction)
		return 0;
	PQreset(q->conn);
	pg_prepared_forget(q); /* a new session has none of them */
	return PQstatus(q->conn) == CONNECTION_OK && pg_session_setup(q) == 0;
}

/* FNV-1a of a statement's text. */
static uint64_t pg_sql_hash(const char *sql)
{
	uint64_t h = 14695981039346656037u;
	for (const unsigned char *c = (const unsigned char *)sql; *c; c++)
		h = (h ^ *c) * 1099511628211u;
	return h;
}

/* Runs sql with p as a prepared statement: prepared on its first use on this connection (up to
 * PG_PREPARED_MAX different texts; past that, parsed each time). Statements are keyed by their
 * text, so SQL built at run time is safe too. */
static PGresult *pg_run(struct pg_store *q, const char *sql, const struct pg_params *p)
{
	int n = p ? p->n : 0;
	uint64_t hash = pg_sql_hash(sql);
	int slot = -1;
	for (int i = 0; i < q->prepared_count && slot < 0; i++)
		if (q->prepared_hash[i] == hash && strcmp(q->prepared[i], sql) == 0)
			slot = i;
	char name[16];
	if (slot < 0 && q->prepared_count < PG_PREPARED_MAX) {
		snprintf(name, sizeof name, "dx%d", q->prepared_count);
		PGresult *r = PQprepare(q->conn, name, sql, n, NULL);
		if (!r || PQresultStatus(r) != PGRES_COMMAND_OK)
			return r; /* the error, as running it would have given */
		PQclear(r);
		slot = q->prepared_count++;
		q->prepared[slot] = mem_strdup(sql);
		q->prepared_hash[slot] = hash;
	}
	if (slot < 0)
		return PQexecParams(q->conn, sql, n, NULL, p ? p->values : NULL,
		                    p ? p->lengths : NULL, p ? p->formats : NULL, 0);
	snprintf(name, sizeof name, "dx%d", slot);
	return PQexecPrepared(q->conn, name, n, p ? p->values : NULL, p ? p->lengths : NULL,
	                      p ? p->formats : NULL, 0);
}

/* Begins the read snapshot store_read_begin asked for, with the first statement that needs it:
 * a request answered from what the server keeps makes no round trip at all. PostgreSQL takes a
 * REPEATABLE READ snapshot at the first statement anyway, so nothing is seen differently. */
static int pg_snapshot_start(struct pg_store *q)
{
	if (!q->snapshot_due)
		return 0;
	q->snapshot_due = false;
	return pg_transaction_start(q, "BEGIN ISOLATION LEVEL REPEATABLE READ");
}

PGresult *pg_query(struct pg_store *q, const char *what, const char *sql, const struct pg_params *p)
{
	if (pg_snapshot_start(q) < 0 || pg_tasks_send(q) < 0)
		return NULL;
	PGresult *r = pg_run(q, sql, p);
	if ((!r || PQresultStatus(r) == PGRES_FATAL_ERROR) && pg_reconnected(q)) {
		PQclear(r);
		r = pg_run(q, sql, p);
	}
	ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return r;
	pg_fail(q, what, r);
	PQclear(r);
	return NULL;
}

int pg_command(struct pg_store *q, const char *what, const char *sql, const struct pg_params *p,
               int64_t *affected)
{
	PGresult *r = pg_query(q, what, sql, p);
	if (!r)
		return -1;
	if (affected)
		*affected = strtoll(PQcmdTuples(r), NULL, 10);
	PQclear(r);
	return 0;
}

int pg_exec(struct pg_store *q, const char *sql)
{
	if (pg_snapshot_start(q) < 0 || pg_tasks_send(q) < 0)
		return -1;
	PGresult *r = PQexec(q->conn, sql);
	if ((!r || PQresultStatus(r) == PGRES_FATAL_ERROR) && pg_reconnected(q)) {
		PQclear(r);
		r = PQexec(q->conn, sql);
	}
	ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	int rc = 0;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		rc = pg_fail(q, "PostgreSQL", r);
	PQclear(r);
	return rc;
}

int pg_rows(struct pg_store *q, const char *what, const char *sql, const struct pg_params *p,
            int (*row)(const PGresult *r, int i, void *ctx), void *ctx)
{
	PGresult *r = pg_query(q, what, sql, p);
	if (!r)
		return -1;
	int n = PQntuples(r);
	for (int i = 0; i < n; i++)
		if (row(r, i, ctx))
			break;
	PQclear(r);
	return 0;
}

int pg_value_int64(struct pg_store *q, const char *what, const char *sql, const struct pg_params *p,
                   int64_t *out)
{
	PGresult *r = pg_query(q, what, sql, p);
	if (!r)
		return -1;
	int found = PQntuples(r) > 0 && PQnfields(r) > 0 && !PQgetisnull(r, 0, 0);
	if (found)
		*out = pg_bigint(r, 0, 0);
	PQclear(r);
	return found;
}

/* ---- reading cells ---- */

bool pg_null(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) != 0;
}

const char *pg_text(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

const char *pg_text_or_empty(const PGresult *r, int row, int col)
{
	const char *t = pg_text(r, row, col);
	return t ? t : "";
}

char *pg_strdup(const PGresult *r, int row, int col)
{
	const char *t = pg_text(r, row, col);
	return t ? mem_strdup(t) : NULL;
}

int64_t pg_bigint(const PGresult *r, int row, int col)
{
	const char *t = pg_text(r, row, col);
	if (!t)
		return 0;
	if (t[0] == 't' && !t[1])
		return 1;
	if (t[0] == 'f' && !t[1])
		return 0;
	return strtoll(t, NULL, 10);
}

double pg_double(const PGresult *r, int row, int col)
{
	const char *t = pg_text(r, row, col);
	return t ? strtod(t, NULL) : 0.0;
}

struct date pg_date(const PGresult *r, int row, int col)
{
	struct date d = {0, 0, 0};
	const char *t = pg_text(r, row, col);
	const char *why;
	if (t && date_parse(t, strlen(t), &d, &why) < 0)
		memset(&d, 0, sizeof d);
	return d;
}

int pg_bytes(const PGresult *r, int row, int col, struct buf *out)
{
	const char *t = pg_text(r, row, col);
	if (!t)
		return 0;
	size_t len = 0;
	unsigned char *bytes = PQunescapeBytea((const unsigned char *)t, &len);
	if (!bytes)
		return -1;
	buf_append(out, bytes, len);
	PQfreemem(bytes);
	return 0;
}

/* ---- the handle, transactions, migrations ---- */

static int pg_schema_version(struct store *s)
{
	struct pg_store *q = pg_of(s);
	int64_t v = 0;
	/* a new database has no table yet (a query naming it would fail before it runs) */
	int found =
	    pg_value_int64(q, "reading the schema version",
	                   "SELECT 1 WHERE to_regclass('schema_migration') IS NOT NULL", NULL, &v);
	if (found > 0)
		found = pg_value_int64(q, "reading the schema version",
		                       "SELECT coalesce(max(version), 0) FROM schema_migration",
		                       NULL, &v);
	return found < 0 ? -1 : found == 0 ? 0 : (int)v;
}

int pg_migrate_from(struct pg_store *q, int current)
{
	for (int i = 0; i < migrations_pg_count; i++) {
		const struct migration *m = &migrations_pg[i];
		if (m->version <= current)
			continue;
		if (pg_exec(q, m->sql) < 0) {
			char msg[sizeof q->base.error];
			snprintf(msg, sizeof msg, "%s", q->base.error);
			return store_fail(&q->base, "migration %s failed: %s", m->name, msg);
		}
		struct pg_params p = {0};
		pg_param_int64(&p, m->version);
		pg_param_text(&p, m->name, false);
		if (pg_command(q, "recording a migration",
		               "INSERT INTO schema_migration (version, name, applied_at) "
		               "VALUES ($1, $2, to_char(now() AT TIME ZONE 'UTC', "
		               "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))",
		               &p, NULL) < 0)
			return -1;
	}
	return 0;
}

/* Applies every embedded migration newer than the database, all in one transaction under the
 * migration lock (PostgreSQL's DDL is transactional): a second process waits, then reads the
 * version again under the lock and finds nothing left to do. */
static int pg_migrate(struct pg_store *q)
{
	int latest = migrations_pg_count ? migrations_pg[migrations_pg_count - 1].version : 0;
	/* the usual case, an up-to-date database, needs neither the lock nor a transaction */
	int seen = pg_schema_version(&q->base);
	if (seen < 0)
		return -1;
	if (seen == latest)
		return 0;
	if (pg_exec(q, "BEGIN; SELECT pg_advisory_xact_lock(" PG_LOCK_MIGRATE ")") < 0)
		return -1;
	q->in_transaction = true;
	int current = pg_schema_version(&q->base);
	if (current < 0)
		goto fail;
	if (current > latest) {
		store_fail(
		    &q->base,
		    "the database has schema version %d, newer than this dxtrack (%d): use a "
		    "newer dxtrack",
		    current, latest);
		goto fail;
	}
	if (pg_migrate_from(q, current) < 0)
		goto fail;
	q->in_transaction = false;
	return pg_exec(q, "COMMIT");
fail:
	q->in_transaction = false;
	PQclear(PQexec(q->conn, "ROLLBACK"));
	return -1;
}

static void pg_close(struct store *s)
{
	struct pg_store *q = pg_of(s);
	buf_finish(&q->tasks_held);
	PQfinish(q->conn);
	pg_prepared_forget(q);
	free(q);
}

/* Starts a transaction with sql; marks the handle as inside one on success. */
static int pg_transaction_start(struct pg_store *q, const char *sql)
{
	if (pg_exec(q, sql) < 0)
		return -1;
	q->in_transaction = true;
	return 0;
}

/* Ends the open transaction, if any, with sql (COMMIT or ROLLBACK), never on a new connection:
 * a transaction lost with its connection is gone. So a lost connection has nothing to roll back
 * (0), but a commit on it fails (commit). */
static int pg_transaction_end(struct pg_store *q, const char *sql, bool commit)
{
	int rc = 0;
	if (!commit) /* (a commit sends the held tasks first, as any statement does) */
		pg_tasks_forget(q);
	PGTransactionStatusType status = PQtransactionStatus(q->conn);
	if (status == PQTRANS_UNKNOWN || PQstatus(q->conn) == CONNECTION_BAD) {
		if (commit)
			rc = store_fail(&q->base,
			                "committing: the connection to PostgreSQL was lost, "
			                "so nothing of the transaction was written");
	} else if (status != PQTRANS_IDLE) {
		rc = pg_exec(q, sql); /* still in_transaction: a failure is not retried */
	}
	q->in_transaction = false;
	q->writing = false;
	q->snapshot_due = false;
	pg_tasks_forget(q);
	return rc;
}

static int pg_begin(struct store *s)
{
	struct pg_store *q = pg_of(s);
	q->snapshot_due = false;
	if (pg_transaction_start(q, "BEGIN; SELECT pg_advisory_xact_lock(" PG_LOCK_WRITE ")") < 0)
		return -1;
	q->writing = true;
	return 0;
}

/* Tells every watch (pg_watch.c) of the write about to be committed: its newest audit id, sent
 * by PostgreSQL to the listeners when the transaction commits, and never if it does not. */
static int pg_announce(struct pg_store *q, int64_t *gen)
{
	return pg_value_int64(q, "announcing the write",
	                      "SELECT newest, pg_notify('" PG_WATCH_CHANNEL "', newest::text) "
	                      "FROM (SELECT coalesce(max(id), 0) AS newest FROM audit) AS a",
	                      NULL, gen) < 0
	           ? -1
	           : 0;
}

static int pg_commit(struct store *s)
{
	struct pg_store *q = pg_of(s);
	switch (PQtransactionStatus(q->conn)) {
	case PQTRANS_IDLE: /* SQLite too fails a COMMIT of nothing */
		q->in_transaction = false;
		return store_fail(s, "committing: no transaction is open");
	case PQTRANS_INERROR: /* PostgreSQL would answer COMMIT with a silent ROLLBACK */
		pg_transaction_end(q, "ROLLBACK", false);
		return store_fail(s, "committing: a statement of the transaction failed, so "
		                     "nothing of it was written");
	default: /* open, or the connection lost (unknown) */
		break;
	}
	int64_t gen = -1;
	if (q->writing && PQtransactionStatus(q->conn) == PQTRANS_INTRANS &&
	    pg_announce(q, &gen) < 0) {
		pg_transaction_end(q, "ROLLBACK", false);
		return -1;
	}
	if (pg_transaction_end(q, "COMMIT", true) < 0)
		return -1;
	if (q->watch && gen >= 0) /* this server sees its own write at once */
		pg_watch_advance(q->watch, gen);
	return 0;
}

static int pg_rollback(struct store *s)
{
	return pg_transaction_end(pg_of(s), "ROLLBACK", false);
}

static int pg_read_begin(struct store *s)
{
	struct pg_store *q = pg_of(s);
	q->snapshot_due = !q->in_transaction;
	return 0;
}

static int pg_read_end(struct store *s)
{
	struct pg_store *q = pg_of(s);
	if (q->snapshot_due) { /* no statement needed it */
		q->snapshot_due = false;
		return 0;
	}
	return pg_transaction_end(q, "COMMIT", false);
}

/* From the watch while it is fresh and no snapshot has begun (bytes made in a snapshot must be
 * named by that snapshot's generation, which may be older than the watch's); else asked. */
static int pg_generation(struct store *s, int64_t *gen)
{
	struct pg_store *q = pg_of(s);
	if (q->watch && !q->in_transaction && pg_watch_generation(q->watch, gen))
		return 0;
	*gen = 0;
	int found = pg_value_int64(pg_of(s), "reading the generation",
	                           "SELECT coalesce(max(id), 0) FROM audit", NULL, gen);
	return found < 0 ? -1 : 0;
}

static void pg_watch_attach(struct store *s, struct store_watch *w)
{
	pg_of(s)->watch = w;
}

static const struct store_ops pg_ops = {
    .close = pg_close,
    .schema_version = pg_schema_version,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .read_begin = pg_read_begin,
    .read_end = pg_read_end,
    .generation = pg_generation,
    .watch_attach = pg_watch_attach,
    .unit_get = pg_unit_get,
    .unit_put = pg_unit_put,
    .units_each = pg_units_each,
    .unit_count = pg_unit_count,
    .task_get = pg_task_get,
    .task_insert = pg_task_insert,
    .task_update_plan = pg_task_update_plan,
    .task_codes = pg_task_codes,
    .task_exists_before = pg_task_exists_before,
    .update_append = pg_update_append,
    .tasks_each = pg_tasks_each,
    .task_count = pg_task_count,
    .task_years = pg_task_years,
    .updates_each = pg_updates_each,
    .audit_append = pg_audit_append,
    .audit_each = pg_audit_each,
    .unit_within = pg_unit_within,
    .units_at = pg_units_at,
    .unit_children_at = pg_unit_children_at,
    .unit_parent_at = pg_unit_parent_at,
    .unit_within_at = pg_unit_within_at,
    .unit_changed_after = pg_unit_changed_after,
    .unit_links_each = pg_unit_links_each,
    .unit_successions_each = pg_unit_successions_each,
    .unit_link_add = pg_unit_link_add,
    .unit_link_correct = pg_unit_link_correct,
    .unit_reparent = pg_unit_reparent,
    .unit_end = pg_unit_end,
    .unit_succession_add = pg_unit_succession_add,
    .user_insert = pg_user_insert,
    .user_get = pg_user_get,
    .user_get_by_id = pg_user_get_by_id,
    .user_update = pg_user_update,
    .users_each = pg_users_each,
    .session_insert = pg_session_insert,
    .session_get = pg_session_get,
    .session_delete = pg_session_delete,
    .sessions_delete_user = pg_sessions_delete_user,
    .sessions_delete_expired = pg_sessions_delete_expired,
    .token_insert = pg_token_insert,
    .token_get = pg_token_get,
    .token_revoke = pg_token_revoke,
    .tokens_revoke_user = pg_tokens_revoke_user,
    .tokens_each = pg_tokens_each,
    .login_failure_add = pg_login_failure_add,
    .login_failures_count = pg_login_failures_count,
    .login_failures_clear = pg_login_failures_clear,
    .indicator_get = pg_indicator_get,
    .indicator_put = pg_indicator_put,
    .indicators_each = pg_indicators_each,
    .indicator_add_kinds = pg_indicator_add_kinds,
    .indicator_has_values = pg_indicator_has_values,
    .unit_keys_each = pg_unit_keys_each,
    .unit_key_add = pg_unit_key_add,
    .indicator_import_add = pg_indicator_import_add,
    .values_put = pg_values_put,
    .values_each = pg_values_each,
    .value_years = pg_value_years,
    .target_put = pg_target_put,
    .targets_each = pg_targets_each,
    .proposal_get = pg_proposal_get,
    .proposal_put = pg_proposal_put,
    .proposals_each = pg_proposals_each,
    .plan_adopt = pg_plan_adopt,
    .plan_adopted = pg_plan_adopted,
    .history_each = pg_history_each,
    .allocation_add = pg_allocation_add,
    .allocations_each = pg_allocations_each,
    .allocation_get = pg_allocation_get,
    .override_add = pg_override_add,
    .overrides_each = pg_overrides_each,
    .override_get = pg_override_get,
    .dti_framework_put = pg_dti_framework_put,
    .dti_framework_get = pg_dti_framework_get,
    .dti_frameworks_each = pg_dti_frameworks_each,
    .dti_codes_in_use = pg_dti_codes_in_use,
    .dti_year_put = pg_dti_year_put,
    .dti_year_get = pg_dti_year_get,
    .dti_years_each = pg_dti_years_each,
    .dti_entry_get = pg_dti_entry_get,
    .dti_entries_each = pg_dti_entries_each,
    .dti_entry_put = pg_dti_entry_put,
    .dti_entry_history = pg_dti_entry_history,
    .dti_evidence_add = pg_dti_evidence_add,
    .dti_evidence_each = pg_dti_evidence_each,
    .dti_evidence_get = pg_dti_evidence_get,
    .dti_evidence_withdraw = pg_dti_evidence_withdraw,
    .dti_file_get = pg_dti_file_get,
    .dti_published_put = pg_dti_published_put,
    .dti_published_each = pg_dti_published_each,
    .setting_get = pg_setting_get,
    .setting_put = pg_setting_put,
    .report_add = pg_report_add,
    .report_find = pg_report_find,
    .report_year = pg_report_year,
    .report_version_add = pg_report_version_add,
    .report_versions_each = pg_report_versions_each,
    .report_snapshot = pg_report_snapshot,
    .report_submit = pg_report_submit,
    .report_comment_add = pg_report_comment_add,
    .report_comments_each = pg_report_comments_each,
    .report_comment_get = pg_report_comment_get,
    .report_comment_answer = pg_report_comment_answer,
    .report_open_count = pg_report_open_count,
    .backup = pg_backup,
    .columns_each = pg_columns_each,
    .table_count = pg_table_count,
    .table_each = pg_table_each,
    .load_begin = pg_load_begin,
    .load_row = pg_load_row,
    .load_end = pg_load_end,
};

/* Silences libpq's NOTICEs ("relation already exists, skipping"): they are not for users. */
static void pg_notice_ignore(void *arg, const PGresult *r)
{
	(void)arg;
	(void)r;
}

struct store *store_pg_open(const char *url, char *why, size_t why_size)
{
	struct pg_store *q = mem_calloc(1, sizeof *q);
	q->base.ops = &pg_ops;
	buf_init(&q->tasks_held, 0);
	snprintf(q->url, sizeof q->url, "%s", url);
	q->conn = PQconnectdb(url);
	if (!q->conn || PQstatus(q->conn) != CONNECTION_OK) {
		const char *msg = q->conn ? PQerrorMessage(q->conn) : "out of memory";
		size_t len = strlen(msg);
		while (len && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
			len--;
		snprintf(why, why_size, "cannot connect to PostgreSQL: %.*s", (int)len, msg);
		goto fail;
	}
	PQsetNoticeReceiver(q->conn, pg_notice_ignore, NULL);
	if (pg_session_setup(q) < 0 || pg_migrate(q) < 0) {
		snprintf(why, why_size, "%s",
		         q->base.error[0] ? q->base.error : PQerrorMessage(q->conn));
		goto fail;
	}
	return &q->base;
fail:
	pg_close(&q->base);
	return NULL;
}
