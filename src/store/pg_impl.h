/* pg_impl.h — what the files of the PostgreSQL backend share: the handle, the parameter and row
 * helpers of pg.c, and the functions each domain file (pg_units.c, pg_tasks.c, …) adds to the
 * table of operations. Private to src/store/pg*.c.
 *
 * Dialect rules, so the two backends give the same answers (sql/pg/ mirrors sql/sqlite/):
 *  - placeholders are $1, $2, … (a number may repeat, as ?1 may in SQLite); a parameter whose
 *    type PostgreSQL cannot infer is cast ($1::text, $2::bigint);
 *  - every ORDER BY on text says COLLATE "C" (SQLite's binary order), or COLLATE vi (created
 *    by sql/pg/0001 from ICU "vi") where SQLite says COLLATE vi, so the order never depends on
 *    the server's locale;
 *  - SQLite's `a IS NOT b` is `a IS DISTINCT FROM b`; new ids come from RETURNING id;
 *  - 0/1 flags stay integers, dates and timestamps stay ISO text, money is bigint, files bytea.
 */
#ifndef DXTRACK_PG_IMPL_H
#define DXTRACK_PG_IMPL_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#include "../core/date.h"
#include "../lib/buf.h"
#include "store_impl.h"

#define PG_MAX_PARAMS 40
#define PG_PREPARED_MAX 256 /* statements kept prepared per connection */

struct pg_store {
	struct store base; /* first: a struct store * points here */
	PGconn *conn;
	char url[512];       /* as given, for messages and pg_dump */
	char sqlstate[6];    /* of the last failed statement: "23505" is a unique violation */
	bool in_transaction; /* a lost connection is made again only outside one */
	bool writing;        /* the transaction is store_begin's: its commit is announced */
	bool snapshot_due;   /* store_read_begin was called: BEGIN goes with the first statement */
	struct store_watch *watch; /* store_watch_attach: the generation without a round trip */
	/* the tasks registered in the open write transaction and not sent yet (pg_tasks.c): rows of
	 * COPY's text format, sent before any other statement runs and before the commit */
	struct buf tasks_held;
	int64_t task_next_id; /* the id the next one gets; 0: not read in this transaction */
	char cred_csrf[64];   /* the strings of the last store_session_get */
	char cred_expires[32];
	/* the statements prepared on this connection (pg.c): the text of statement "dxN" is
	 * prepared[N]; parsed and planned once, as SQLite's cached statements */
	char *prepared[PG_PREPARED_MAX];
	uint64_t prepared_hash[PG_PREPARED_MAX];
	int prepared_count;
};

/* The parameters of one statement, in order ($1 is the first added). Text is not copied: it
 * must stay valid until the statement has run. Numbers and dates are printed into scratch. */
struct pg_params {
	int n;
	const char *values[PG_MAX_PARAMS];
	int lengths[PG_MAX_PARAMS];
	int formats[PG_MAX_PARAMS];
	char scratch[PG_MAX_PARAMS][32];
};

/* ---- the watch (pg_watch.c) ---- */

/* The channel on which each write transaction announces its newest audit id. */
#define PG_WATCH_CHANNEL "dxtrack_generation"
/* Records that the data has reached generation gen (a commit of this process). */
void pg_watch_advance(struct store_watch *w, int64_t gen);
/* The generation as the watch knows it: false when the watch is not fresh (ask the database). */
bool pg_watch_generation(struct store_watch *w, int64_t *gen);

/* ---- tasks registered in bulk (pg_tasks.c, pg_copy.c) ---- */

/* Sends the tasks held back in this transaction with one COPY; 0 when there are none. */
int pg_tasks_send(struct pg_store *q);
/* Forgets them and the numbering (the transaction ended). */
void pg_tasks_forget(struct pg_store *q);
/* Appends p's values as one row of COPY's text format (NULL as \N, text escaped; p holds no
 * binary value). */
void pg_copy_params_row(struct buf *row, const struct pg_params *p);

/* ---- helpers (pg.c) ---- */

struct pg_store *pg_of(struct store *s);
/* Records "what: PostgreSQL's message" (and the SQLSTATE) as the handle's error; returns -1. */
int pg_fail(struct pg_store *q, const char *what, const PGresult *r);

/* Parameters: text (NULL, or when empty_is_null an empty string, is SQL NULL), numbers, a
 * date as 'YYYY-MM-DD' (NULL when unset), bytes sent in binary (for bytea). */
void pg_param_text(struct pg_params *p, const char *s, bool empty_is_null);
void pg_param_int64(struct pg_params *p, int64_t v);
void pg_param_double(struct pg_params *p, double v);
void pg_param_date(struct pg_params *p, struct date d);
void pg_param_null(struct pg_params *p);
void pg_param_bytes(struct pg_params *p, const void *data, size_t len);

/* Runs one statement (p may be NULL). Returns its result (PQclear it), or NULL with the error
 * recorded as "what: message". */
PGresult *pg_query(struct pg_store *q, const char *what, const char *sql,
                   const struct pg_params *p);
/* Runs a statement that returns no rows; *affected (when not NULL) gets the row count. */
int pg_command(struct pg_store *q, const char *what, const char *sql, const struct pg_params *p,
               int64_t *affected);
/* Runs SQL without parameters (several statements may be given). */
int pg_exec(struct pg_store *q, const char *sql);
/* Runs a query and hands each row to row() until it returns non-zero; 0, or -1 on failure.
 * The whole result is fetched first, so row() may use the store. */
int pg_rows(struct pg_store *q, const char *what, const char *sql, const struct pg_params *p,
            int (*row)(const PGresult *r, int i, void *ctx), void *ctx);
/* The first column of the first row as an integer: 1 with *out set, 0 when there is no row or
 * it is NULL, -1 on failure. */
int pg_value_int64(struct pg_store *q, const char *what, const char *sql, const struct pg_params *p,
                   int64_t *out);
/* Applies the embedded migrations above version current, recording each, inside the open
 * transaction (the caller's: a new connection's, or a restore's). 0, or -1 naming the one
 * that failed. */
int pg_migrate_from(struct pg_store *q, int current);
/* Whether the last failure was a unique violation (SQLSTATE 23505). */
bool pg_unique_violation(const struct pg_store *q);

/* Reading a result's cells. NULL reads as NULL / 0 / unset. Booleans ('t'/'f') read as 1/0. */
bool pg_null(const PGresult *r, int row, int col);
const char *pg_text(const PGresult *r, int row, int col); /* borrowed from r */
/* The same, with NULL read as "" (for fields the caller always prints). */
const char *pg_text_or_empty(const PGresult *r, int row, int col);
char *pg_strdup(const PGresult *r, int row, int col);   /* malloc'd */
int64_t pg_bigint(const PGresult *r, int row, int col); /* not pg_int64: libpq's type */
double pg_double(const PGresult *r, int row, int col);
struct date pg_date(const PGresult *r, int row, int col);
/* A bytea cell (text format) decoded and appended to out; -1 when it cannot be decoded. */
int pg_bytes(const PGresult *r, int row, int col, struct buf *out);

/* ---- the domain files: each defines the pg_* functions named like the ops they fill ---- */

/* pg_tasks.c: reads columns 0–12 of row i, a task's plan (id, year, code, name, investor,
 * category, funding, budget_vnd, carried_from, tags, start_date, end_date, note): the start of
 * both a task's and a proposal's columns. */
void pg_task_plan_read(const PGresult *r, int i, struct task *t);

/* pg_units.c: units, the tree over time */
int pg_unit_get(struct store *s, const char *code, struct unit *out);
int pg_unit_put(struct store *s, const struct unit *u);
int pg_units_each(struct store *s, int (*each)(void *, const struct unit *), void *ctx);
int pg_unit_count(struct store *s, int64_t *count);
int pg_unit_within(struct store *s, const char *unit, const char *ancestor);
int pg_units_at(struct store *s, const char *date_iso, int (*each)(void *, const struct unit *),
                void *ctx);
int pg_unit_children_at(struct store *s, const char *code, const char *date_iso,
                        int (*each)(void *, const struct unit *), void *ctx);
int pg_unit_parent_at(struct store *s, const char *code, const char *date_iso, char **parent);
int pg_unit_within_at(struct store *s, const char *unit, const char *ancestor,
                      const char *date_iso);
int pg_unit_changed_after(struct store *s, const char *code, const char *date_iso,
                          struct date *first);
int pg_unit_links_each(struct store *s, const char *code,
                       int (*each)(void *, const struct unit_link *), void *ctx);
int pg_unit_successions_each(struct store *s, const char *code,
                             int (*each)(void *, const struct unit_succession *), void *ctx);
int pg_unit_link_add(struct store *s, const struct unit_link *l);
int pg_unit_link_correct(struct store *s, const char *code, const char *parent);
int pg_unit_reparent(struct store *s, const char *code, const char *parent, const char *date_iso);
int pg_unit_end(struct store *s, const char *code, const char *date_iso);
int pg_unit_succession_add(struct store *s, const struct unit_succession *e);

/* pg_tasks.c: tasks, their updates, the audit log */
int pg_task_get(struct store *s, int year, const char *code, struct task *out);
int pg_task_insert(struct store *s, struct task *t, const struct task_update *first);
int pg_task_update_plan(struct store *s, const struct task *t);
int pg_task_codes(struct store *s, int year, int (*each)(void *, const char *, int64_t), void *ctx);
int pg_task_exists_before(struct store *s, const char *code, int year);
int pg_update_append(struct store *s, const struct task_update *u);
int pg_tasks_each(struct store *s, const struct task_filter *f,
                  int (*each)(void *, const struct task *), void *ctx);
int pg_task_count(struct store *s, const struct task_filter *f, int64_t *count);
int pg_task_years(struct store *s, int *years, size_t max, size_t *n);
int pg_updates_each(struct store *s, int64_t task_id,
                    int (*each)(void *, const struct task_update *), void *ctx);
int pg_audit_append(struct store *s, const struct audit_entry *e);
int pg_audit_each(struct store *s, const struct audit_filter *f,
                  int (*each)(void *, const struct audit_entry *), void *ctx);
int pg_history_each(struct store *s, const struct task_filter *f,
                    int (*each)(void *, const struct task_update *), void *ctx);

/* pg_accounts.c: users, sessions, API tokens, failed logins */
int pg_user_insert(struct store *s, struct user *u);
int pg_user_get(struct store *s, const char *name, struct user *out);
int pg_user_get_by_id(struct store *s, int64_t id, struct user *out);
int pg_user_update(struct store *s, const struct user *u);
int pg_users_each(struct store *s, int (*each)(void *, const struct user *), void *ctx);
int pg_session_insert(struct store *s, const char *token_hash, int64_t user_id, const char *csrf,
                      const char *created_at, const char *expires_at);
int pg_session_get(struct store *s, const char *token_hash, struct store_credential *out);
int pg_session_delete(struct store *s, const char *token_hash);
int pg_sessions_delete_user(struct store *s, int64_t user_id);
int pg_sessions_delete_expired(struct store *s, const char *now);
int pg_token_insert(struct store *s, const char *token_hash, int64_t user_id, const char *label,
                    const char *created_at, int64_t *id);
int pg_token_get(struct store *s, const char *token_hash, struct store_credential *out);
int pg_token_revoke(struct store *s, int64_t id, const char *at);
int pg_tokens_revoke_user(struct store *s, int64_t user_id, const char *at);
int pg_tokens_each(struct store *s, int (*each)(void *, const struct store_token_row *), void *ctx);
int pg_login_failure_add(struct store *s, const char *name, const char *client, const char *at);
int pg_login_failures_count(struct store *s, const char *name, const char *client,
                            const char *since, int64_t *by_name, int64_t *by_client);
int pg_login_failures_clear(struct store *s, const char *name);

/* pg_indicators.c: indicators, their values and targets */
int pg_indicator_get(struct store *s, const char *code, struct indicator *out);
int pg_indicator_put(struct store *s, struct indicator *ind);
int pg_indicators_each(struct store *s, int (*each)(void *, const struct indicator *), void *ctx);
int pg_indicator_add_kinds(struct store *s, int64_t id, unsigned kinds);
int pg_indicator_has_values(struct store *s, int64_t id);
int pg_unit_keys_each(struct store *s, int (*each)(void *, const char *, int64_t), void *ctx);
int pg_unit_key_add(struct store *s, const char *code, int64_t *id);
int pg_indicator_import_add(struct store *s, const char *recorded_at, const char *author,
                            const char *file, int64_t *id);
int pg_values_put(struct store *s, const struct store_value *v, size_t n,
                  struct store_put_counts *counts);
int pg_values_each(struct store *s, int64_t indicator_id, int32_t period_lo, int32_t period_hi,
                   int (*each)(void *, int64_t, int32_t, double), void *ctx);
int pg_value_years(struct store *s, int64_t indicator_id, int *years, size_t max, size_t *n);
int pg_target_put(struct store *s, const struct store_value *t, enum store_put_outcome *outcome);
int pg_targets_each(struct store *s, int64_t indicator_id,
                    int (*each)(void *, int64_t, int32_t, double), void *ctx);

/* pg_plan.c: next year's catalogue, disbursement allocations and colour overrides */
int pg_proposal_get(struct store *s, int year, const char *code, struct proposal *out);
int pg_proposal_put(struct store *s, struct proposal *p, const char *at);
int pg_proposals_each(struct store *s, int year, int (*each)(void *, const struct proposal *),
                      void *ctx);
int pg_plan_adopt(struct store *s, const struct plan_result *r);
int pg_plan_adopted(struct store *s, int year, struct plan_result *out);
int pg_allocation_add(struct store *s, struct disbursement_allocation *al);
int pg_allocations_each(struct store *s, int year,
                        int (*each)(void *, const struct disbursement_allocation *), void *ctx);
int pg_allocation_get(struct store *s, int year, const char *unit,
                      struct disbursement_allocation *out);
int pg_override_add(struct store *s, struct disbursement_override *o);
int pg_overrides_each(struct store *s, int year,
                      int (*each)(void *, const struct disbursement_override *), void *ctx);
int pg_override_get(struct store *s, int64_t task_id, struct disbursement_override *out);

/* pg_dti.c: DTI frameworks, the self-assessment and its evidence */
int pg_dti_framework_put(struct store *s, const char *code, const struct dti_item *items, size_t n,
                         const char *at, const char *author);
int pg_dti_framework_get(struct store *s, const char *code, struct dti_item **items, size_t *n);
int pg_dti_frameworks_each(struct store *s, int (*each)(void *, const struct store_dti_framework *),
                           void *ctx);
int pg_dti_codes_in_use(struct store *s, const char *framework, int (*each)(void *, const char *),
                        void *ctx);
int pg_dti_year_put(struct store *s, int year, const char *framework, const char *province,
                    const char *at, const char *author);
int pg_dti_year_get(struct store *s, int year, char **framework, char **province);
int pg_dti_years_each(struct store *s, int (*each)(void *, int, const char *, const char *),
                      void *ctx);
int pg_dti_entry_get(struct store *s, int year, const char *code, struct dti_entry *out);
int pg_dti_entries_each(struct store *s, int year,
                        int (*each)(void *, const char *, const struct dti_entry *), void *ctx);
int pg_dti_entry_put(struct store *s, int year, const char *code, struct dti_entry *e);
int pg_dti_entry_history(struct store *s, int year, const char *code,
                         int (*each)(void *, const struct dti_entry *), void *ctx);
int pg_dti_evidence_add(struct store *s, struct dti_evidence *e, const void *content);
int pg_dti_evidence_each(struct store *s, int year, const char *code, bool with_withdrawn,
                         int (*each)(void *, const struct dti_evidence *), void *ctx);
int pg_dti_evidence_get(struct store *s, int64_t id, struct dti_evidence *out);
int pg_dti_evidence_withdraw(struct store *s, int64_t id, const char *at, const char *by);
int pg_dti_file_get(struct store *s, const char *sha256, struct buf *out);
int pg_dti_published_put(struct store *s, int year, const char *code, double value,
                         const char *source, const char *at, const char *author);
int pg_dti_published_each(struct store *s, int year,
                          int (*each)(void *, const char *, double, const char *), void *ctx);

/* pg_reports.c: settings and the report under review */
int pg_setting_get(struct store *s, const char *key, char **value);
int pg_setting_put(struct store *s, const char *key, const char *value, const char *at,
                   const char *author);
int pg_report_add(struct store *s, int year, const char *at, const char *author, int64_t *id);
int pg_report_find(struct store *s, int year, int64_t *id);
int pg_report_year(struct store *s, int64_t id, int *year);
int pg_report_version_add(struct store *s, const struct store_report_version *v,
                          const char *snapshot, size_t len);
int pg_report_versions_each(struct store *s, int64_t report_id,
                            int (*each)(void *, const struct store_report_version *), void *ctx);
int pg_report_snapshot(struct store *s, int64_t report_id, int version, struct buf *out,
                       char sha256[65]);
int pg_report_submit(struct store *s, int64_t report_id, int version, const char *at);
int pg_report_comment_add(struct store *s, const struct store_report_comment *c, int64_t *id);
int pg_report_comments_each(struct store *s, int64_t report_id,
                            int (*each)(void *, const struct store_report_comment *), void *ctx);
int pg_report_comment_get(struct store *s, int64_t id,
                          int (*each)(void *, const struct store_report_comment *), void *ctx);
int pg_report_comment_answer(struct store *s, int64_t id, const char *answer, const char *text,
                             const char *by, const char *at);
int pg_report_open_count(struct store *s, int64_t report_id, int version, int64_t *count);

/* pg_copy.c: copying a database (store_copy.c) */
int pg_columns_each(struct store *s, int (*each)(void *, const char *, const char *, bool),
                    void *ctx);
int pg_table_count(struct store *s, const struct store_table *t, int64_t *rows);
int pg_table_each(struct store *s, const struct store_table *t, enum store_order order,
                  int (*each)(void *, const struct store_cell *), void *ctx);
int pg_load_begin(struct store *s, const struct store_table *t);
int pg_load_row(struct store *s, const struct store_table *t, const struct store_cell *row);
int pg_load_end(struct store *s, const struct store_table *t, bool ok);

/* pg_backup.c: a pg_dump of the database */
int pg_backup(struct store *s, const char *path, bool force, struct store_file_info *info);

#endif
