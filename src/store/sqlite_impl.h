/* sqlite_impl.h — what the files of the SQLite backend share: the handle, the ids of its cached
 * statements, the bind and row helpers of sqlite.c, and the functions the other files
 * (sqlite_dti.c) add to the table of operations. Private to src/store/sqlite*.c.
 */
#ifndef DXTRACK_SQLITE_IMPL_H
#define DXTRACK_SQLITE_IMPL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "../core/date.h"
#include "../lib/buf.h"
#include "../text/collate.h"
#include "store_impl.h"

/* The statements prepared once per handle (sqlite_stmt). */
enum sqlite_stmt_id {
	Q_UNIT_GET,
	Q_UNIT_PUT,
	Q_UNIT_PARENT_AT,
	Q_UNIT_WITHIN_AT,
	Q_UNIT_CHANGED_AFTER,
	Q_UNIT_LINK_ADD,
	Q_UNIT_LINK_CORRECT,
	Q_UNIT_LINK_CLOSE,
	Q_UNIT_END,
	Q_UNIT_PARENT_REFRESH,
	Q_UNIT_SUCCESSION_ADD,
	Q_TASK_GET,
	Q_TASK_INSERT,
	Q_TASK_UPDATE_PLAN,
	Q_TASK_EXISTS_BEFORE,
	Q_UPDATE_APPEND,
	Q_AUDIT_APPEND,
	Q_UNIT_WITHIN,
	Q_USER_INSERT,
	Q_USER_GET,
	Q_USER_GET_BY_ID,
	Q_USER_UPDATE,
	Q_SESSION_INSERT,
	Q_SESSION_GET,
	Q_SESSION_DELETE,
	Q_SESSIONS_DELETE_USER,
	Q_SESSIONS_DELETE_EXPIRED,
	Q_TOKEN_INSERT,
	Q_TOKEN_GET,
	Q_TOKEN_REVOKE,
	Q_TOKENS_REVOKE_USER,
	Q_LOGIN_FAILURE_ADD,
	Q_LOGIN_FAILURES_COUNT,
	Q_LOGIN_FAILURES_CLEAR,
	Q_READ_BEGIN,
	Q_READ_END,
	Q_GENERATION,
	Q_INDICATOR_GET,
	Q_INDICATOR_PUT,
	Q_INDICATOR_ADD_KINDS,
	Q_INDICATOR_HAS_VALUES,
	Q_UNIT_KEY_ADD,
	Q_INDICATOR_IMPORT_ADD,
	Q_VALUE_INSERT,
	Q_VALUE_REPLACE,
	Q_VALUES_RANGE,
	Q_VALUE_YEAR_BEFORE,
	Q_TARGET_INSERT,
	Q_TARGET_REPLACE,
	Q_TARGETS,
	Q_VALUES_INSERT_BATCH, /* built at run time: sqlite_values_batch */
	Q_COPY_LOAD,           /* built at run time: the INSERT of sqlite_load_begin */
	Q_COUNT
};

struct sqlite_store {
	struct store base; /* first: a struct store * points here */
	sqlite3 *db;
	struct collator *collator;
	sqlite3_stmt *stmt[Q_COUNT];
	struct buf fold; /* bound SQLITE_STATIC: valid until the next bind of the same kind */
	struct buf tags;
	char cred_csrf[64]; /* the strings of the last store_session_get */
	char cred_expires[32];
	char *load_triggers; /* sqlite_copy.c: the triggers of the table being loaded */
};

/* ---- helpers (sqlite.c) ---- */

struct sqlite_store *sqlite_of(struct store *s);
/* Records "what: SQLite's message" as the handle's error; returns -1. */
int sqlite_fail(struct sqlite_store *q, const char *what);
/* Runs SQL without results (one or more statements); -1 with the message on failure. */
int sqlite_exec(struct sqlite_store *q, const char *sql);
/* Binds text, or NULL for a NULL or (when empty_is_null) empty string. */
void sqlite_bind_text(sqlite3_stmt *st, int i, const char *s, bool empty_is_null);
/* Binds a date as 'YYYY-MM-DD', or NULL when it is unset. */
void sqlite_bind_date(sqlite3_stmt *st, int i, struct date d);
char *sqlite_column_strdup(sqlite3_stmt *st, int i);     /* malloc'd; NULL for NULL */
struct date sqlite_column_date(sqlite3_stmt *st, int i); /* unset for NULL or a bad date */
/* Steps a statement that returns no rows, then resets it. */
int sqlite_step_done(struct sqlite_store *q, sqlite3_stmt *st, const char *what);
/* Steps st to the end (or until a row callback returns non-zero), handing each row to row();
 * finalizes st. what names the query in the error message. */
int sqlite_rows(struct sqlite_store *q, sqlite3_stmt *st, const char *what,
                int (*row)(sqlite3_stmt *st, void *ctx), void *ctx);

/* ---- DTI (sqlite_dti.c, 0007) ---- */

int sqlite_dti_framework_put(struct store *s, const char *code, const struct dti_item *items,
                             size_t n, const char *at, const char *author);
int sqlite_dti_framework_get(struct store *s, const char *code, struct dti_item **items, size_t *n);
int sqlite_dti_frameworks_each(struct store *s,
                               int (*each)(void *, const struct store_dti_framework *), void *ctx);
int sqlite_dti_codes_in_use(struct store *s, const char *framework,
                            int (*each)(void *, const char *), void *ctx);
int sqlite_dti_year_put(struct store *s, int year, const char *framework, const char *province,
                        const char *at, const char *author);
int sqlite_dti_year_get(struct store *s, int year, char **framework, char **province);
int sqlite_dti_years_each(struct store *s, int (*each)(void *, int, const char *, const char *),
                          void *ctx);
int sqlite_dti_entry_get(struct store *s, int year, const char *code, struct dti_entry *out);
int sqlite_dti_entries_each(struct store *s, int year,
                            int (*each)(void *, const char *, const struct dti_entry *), void *ctx);
int sqlite_dti_entry_put(struct store *s, int year, const char *code, struct dti_entry *e);
int sqlite_dti_entry_history(struct store *s, int year, const char *code,
                             int (*each)(void *, const struct dti_entry *), void *ctx);
int sqlite_dti_evidence_add(struct store *s, struct dti_evidence *e, const void *content);
int sqlite_dti_evidence_each(struct store *s, int year, const char *code, bool with_withdrawn,
                             int (*each)(void *, const struct dti_evidence *), void *ctx);
int sqlite_dti_evidence_get(struct store *s, int64_t id, struct dti_evidence *out);
int sqlite_dti_evidence_withdraw(struct store *s, int64_t id, const char *at, const char *by);
int sqlite_dti_file_get(struct store *s, const char *sha256, struct buf *out);
int sqlite_dti_published_put(struct store *s, int year, const char *code, double value,
                             const char *source, const char *at, const char *author);
int sqlite_dti_published_each(struct store *s, int year,
                              int (*each)(void *, const char *, double, const char *), void *ctx);

/* ---- settings and the report under review (sqlite_reports.c, 0008) ---- */

int sqlite_setting_get(struct store *s, const char *key, char **value);
int sqlite_setting_put(struct store *s, const char *key, const char *value, const char *at,
                       const char *author);
int sqlite_report_add(struct store *s, int year, const char *at, const char *author, int64_t *id);
int sqlite_report_find(struct store *s, int year, int64_t *id);
int sqlite_report_year(struct store *s, int64_t id, int *year);
int sqlite_report_version_add(struct store *s, const struct store_report_version *v,
                              const char *snapshot, size_t len);
int sqlite_report_versions_each(struct store *s, int64_t report_id,
                                int (*each)(void *, const struct store_report_version *),
                                void *ctx);
int sqlite_report_snapshot(struct store *s, int64_t report_id, int version, struct buf *out,
                           char sha256[65]);
int sqlite_report_submit(struct store *s, int64_t report_id, int version, const char *at);
int sqlite_report_comment_add(struct store *s, const struct store_report_comment *c, int64_t *id);
int sqlite_report_comments_each(struct store *s, int64_t report_id,
                                int (*each)(void *, const struct store_report_comment *),
                                void *ctx);
int sqlite_report_comment_get(struct store *s, int64_t id,
                              int (*each)(void *, const struct store_report_comment *), void *ctx);
int sqlite_report_comment_answer(struct store *s, int64_t id, const char *answer, const char *text,
                                 const char *by, const char *at);
int sqlite_report_open_count(struct store *s, int64_t report_id, int version, int64_t *count);

/* ---- copying a database (sqlite_copy.c; store_copy.c) ---- */

int sqlite_columns_each(struct store *s, int (*each)(void *, const char *, const char *, bool),
                        void *ctx);
int sqlite_table_count(struct store *s, const struct store_table *t, int64_t *rows);
int sqlite_table_each(struct store *s, const struct store_table *t, enum store_order order,
                      int (*each)(void *, const struct store_cell *), void *ctx);
int sqlite_load_begin(struct store *s, const struct store_table *t);
int sqlite_load_row(struct store *s, const struct store_table *t, const struct store_cell *row);
int sqlite_load_end(struct store *s, const struct store_table *t, bool ok);

/* ---- backup and restore (sqlite_backup.c) ---- */

int sqlite_backup(struct store *s, const char *path, bool force, struct store_file_info *info);

#endif
