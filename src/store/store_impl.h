/* store_impl.h — what a storage backend provides: the table of operations behind store.h.
 * Only backends and store.c include this file. */
#ifndef DXTRACK_STORE_IMPL_H
#define DXTRACK_STORE_IMPL_H

#include "store.h"

/* A table as store_copy moves it (store_copy.c describes every one): its columns, the first
 * `key` of which are its primary key (0: it has none). */
struct store_column {
	const char *name;
	char type; /* 'i' integer, 'r' real (double), 't' text, 'b' blob (bytea) */
};
struct store_table {
	const char *name;
	const struct store_column *columns;
	int ncolumns;
	int key;
};

/* One value of a row, read as its column's type says; text and blobs are borrowed (valid during
 * the callback), text is UTF-8 and not NUL-terminated. */
struct store_cell {
	bool null;
	int64_t i;
	double r;
	const void *p;
	size_t len;
};

/* The order of a table's rows: by primary key (by every column when it has none, text in byte
 * order, NULL first), or as they were inserted (SQLite's rowid, PostgreSQL's identity column;
 * by key when the table has one). */
enum store_order { STORE_ORDER_KEY, STORE_ORDER_INSERTION };

struct store_ops {
	void (*close)(struct store *s);
	int (*schema_version)(struct store *s);
	int (*begin)(struct store *s);
	int (*commit)(struct store *s);
	int (*rollback)(struct store *s);
	int (*read_begin)(struct store *s);
	int (*read_end)(struct store *s);
	int (*generation)(struct store *s, int64_t *gen);
	void (*watch_attach)(struct store *s, struct store_watch *w); /* NULL: needs none */
	int (*unit_get)(struct store *s, const char *code, struct unit *out);
	int (*unit_put)(struct store *s, const struct unit *u);
	int (*units_each)(struct store *s, int (*each)(void *, const struct unit *), void *ctx);
	int (*unit_count)(struct store *s, int64_t *count);
	int (*task_get)(struct store *s, int year, const char *code, struct task *out);
	int (*task_insert)(struct store *s, struct task *t, const struct task_update *first);
	int (*task_update_plan)(struct store *s, const struct task *t);
	int (*task_codes)(struct store *s, int year, int (*each)(void *, const char *, int64_t),
	                  void *ctx);
	int (*task_exists_before)(struct store *s, const char *code, int year);
	int (*update_append)(struct store *s, const struct task_update *u);
	int (*tasks_each)(struct store *s, const struct task_filter *f,
	                  int (*each)(void *, const struct task *), void *ctx);
	int (*task_count)(struct store *s, const struct task_filter *f, int64_t *count);
	int (*task_years)(struct store *s, int *years, size_t max, size_t *n);
	int (*updates_each)(struct store *s, int64_t task_id,
	                    int (*each)(void *, const struct task_update *), void *ctx);
	int (*audit_append)(struct store *s, const struct audit_entry *e);
	int (*audit_each)(struct store *s, const struct audit_filter *f,
	                  int (*each)(void *, const struct audit_entry *), void *ctx);
	int (*unit_within)(struct store *s, const char *unit, const char *ancestor);
	int (*units_at)(struct store *s, const char *date_iso,
	                int (*each)(void *, const struct unit *), void *ctx);
	int (*unit_children_at)(struct store *s, const char *code, const char *date_iso,
	                        int (*each)(void *, const struct unit *), void *ctx);
	int (*unit_parent_at)(struct store *s, const char *code, const char *date_iso,
	                      char **parent);
	int (*unit_within_at)(struct store *s, const char *unit, const char *ancestor,
	                      const char *date_iso);
	int (*unit_changed_after)(struct store *s, const char *code, const char *date_iso,
	                          struct date *first);
	int (*unit_links_each)(struct store *s, const char *code,
	                       int (*each)(void *, const struct unit_link *), void *ctx);
	int (*unit_successions_each)(struct store *s, const char *code,
	                             int (*each)(void *, const struct unit_succession *),
	                             void *ctx);
	int (*unit_link_add)(struct store *s, const struct unit_link *l);
	int (*unit_link_correct)(struct store *s, const char *code, const char *parent);
	int (*unit_reparent)(struct store *s, const char *code, const char *parent,
	                     const char *date_iso);
	int (*unit_end)(struct store *s, const char *code, const char *date_iso);
	int (*unit_succession_add)(struct store *s, const struct unit_succession *e);
	int (*user_insert)(struct store *s, struct user *u);
	int (*user_get)(struct store *s, const char *name, struct user *out);
	int (*user_get_by_id)(struct store *s, int64_t id, struct user *out);
	int (*user_update)(struct store *s, const struct user *u);
	int (*users_each)(struct store *s, int (*each)(void *, const struct user *), void *ctx);
	int (*session_insert)(struct store *s, const char *token_hash, int64_t user_id,
	                      const char *csrf, const char *created_at, const char *expires_at);
	int (*session_get)(struct store *s, const char *token_hash, struct store_credential *out);
	int (*session_delete)(struct store *s, const char *token_hash);
	int (*sessions_delete_user)(struct store *s, int64_t user_id);
	int (*sessions_delete_expired)(struct store *s, const char *now);
	int (*token_insert)(struct store *s, const char *token_hash, int64_t user_id,
	                    const char *label, const char *created_at, int64_t *id);
	int (*token_get)(struct store *s, const char *token_hash, struct store_credential *out);
	int (*token_revoke)(struct store *s, int64_t id, const char *at);
	int (*tokens_revoke_user)(struct store *s, int64_t user_id, const char *at);
	int (*tokens_each)(struct store *s, int (*each)(void *, const struct store_token_row *),
	                   void *ctx);
	int (*login_failure_add)(struct store *s, const char *name, const char *client,
	                         const char *at);
	int (*login_failures_count)(struct store *s, const char *name, const char *client,
	                            const char *since, int64_t *by_name, int64_t *by_client);
	int (*login_failures_clear)(struct store *s, const char *name);
	/* indicators (0004) */
	int (*indicator_get)(struct store *s, const char *code, struct indicator *out);
	int (*indicator_put)(struct store *s, struct indicator *ind);
	int (*indicators_each)(struct store *s, int (*each)(void *, const struct indicator *),
	                       void *ctx);
	int (*indicator_add_kinds)(struct store *s, int64_t id, unsigned kinds);
	int (*indicator_has_values)(struct store *s, int64_t id);
	int (*unit_keys_each)(struct store *s, int (*each)(void *, const char *, int64_t),
	                      void *ctx);
	int (*unit_key_add)(struct store *s, const char *code, int64_t *id);
	int (*indicator_import_add)(struct store *s, const char *recorded_at, const char *author,
	                            const char *file, int64_t *id);
	int (*values_put)(struct store *s, const struct store_value *v, size_t n,
	                  struct store_put_counts *counts);
	int (*values_each)(struct store *s, int64_t indicator_id, int32_t period_lo,
	                   int32_t period_hi, int (*each)(void *, int64_t, int32_t, double),
	                   void *ctx);
	int (*value_years)(struct store *s, int64_t indicator_id, int *years, size_t max,
	                   size_t *n);
	int (*target_put)(struct store *s, const struct store_value *t,
	                  enum store_put_outcome *outcome);
	int (*targets_each)(struct store *s, int64_t indicator_id,
	                    int (*each)(void *, int64_t, int32_t, double), void *ctx);
	/* next year's catalogue (0005) */
	int (*proposal_get)(struct store *s, int year, const char *code, struct proposal *out);
	int (*proposal_put)(struct store *s, struct proposal *p, const char *at);
	int (*proposals_each)(struct store *s, int year,
	                      int (*each)(void *, const struct proposal *), void *ctx);
	int (*plan_adopt)(struct store *s, const struct plan_result *r);
	int (*plan_adopted)(struct store *s, int year, struct plan_result *out);
	/* disbursement monitoring (0006) */
	int (*history_each)(struct store *s, const struct task_filter *f,
	                    int (*each)(void *, const struct task_update *), void *ctx);
	int (*allocation_add)(struct store *s, struct disbursement_allocation *al);
	int (*allocations_each)(struct store *s, int year,
	                        int (*each)(void *, const struct disbursement_allocation *),
	                        void *ctx);
	int (*allocation_get)(struct store *s, int year, const char *unit,
	                      struct disbursement_allocation *out);
	int (*override_add)(struct store *s, struct disbursement_override *o);
	int (*overrides_each)(struct store *s, int year,
	                      int (*each)(void *, const struct disbursement_override *), void *ctx);
	int (*override_get)(struct store *s, int64_t task_id, struct disbursement_override *out);
	/* DTI (0007) */
	int (*dti_framework_put)(struct store *s, const char *code, const struct dti_item *items,
	                         size_t n, const char *at, const char *author);
	int (*dti_framework_get)(struct store *s, const char *code, struct dti_item **items,
	                         size_t *n);
	int (*dti_frameworks_each)(struct store *s,
	                           int (*each)(void *, const struct store_dti_framework *),
	                           void *ctx);
	int (*dti_codes_in_use)(struct store *s, const char *framework,
	                        int (*each)(void *, const char *), void *ctx);
	int (*dti_year_put)(struct store *s, int year, const char *framework, const char *province,
	                    const char *at, const char *author);
	int (*dti_year_get)(struct store *s, int year, char **framework, char **province);
	int (*dti_years_each)(struct store *s, int (*each)(void *, int, const char *, const char *),
	                      void *ctx);
	int (*dti_entry_get)(struct store *s, int year, const char *code, struct dti_entry *out);
	int (*dti_entries_each)(struct store *s, int year,
	                        int (*each)(void *, const char *, const struct dti_entry *),
	                        void *ctx);
	int (*dti_entry_put)(struct store *s, int year, const char *code, struct dti_entry *e);
	int (*dti_entry_history)(struct store *s, int year, const char *code,
	                         int (*each)(void *, const struct dti_entry *), void *ctx);
	int (*dti_evidence_add)(struct store *s, struct dti_evidence *e, const void *content);
	int (*dti_evidence_each)(struct store *s, int year, const char *code, bool with_withdrawn,
	                         int (*each)(void *, const struct dti_evidence *), void *ctx);
	int (*dti_evidence_get)(struct store *s, int64_t id, struct dti_evidence *out);
	int (*dti_evidence_withdraw)(struct store *s, int64_t id, const char *at, const char *by);
	int (*dti_file_get)(struct store *s, const char *sha256, struct buf *out);
	int (*dti_published_put)(struct store *s, int year, const char *code, double value,
	                         const char *source, const char *at, const char *author);
	int (*dti_published_each)(struct store *s, int year,
	                          int (*each)(void *, const char *, double, const char *),
	                          void *ctx);
	/* settings and the report under review (0008) */
	int (*setting_get)(struct store *s, const char *key, char **value);
	int (*setting_put)(struct store *s, const char *key, const char *value, const char *at,
	                   const char *author);
	int (*report_add)(struct store *s, int year, const char *at, const char *author,
	                  int64_t *id);
	int (*report_find)(struct store *s, int year, int64_t *id);
	int (*report_year)(struct store *s, int64_t id, int *year);
	int (*report_version_add)(struct store *s, const struct store_report_version *v,
	                          const char *snapshot, size_t len);
	int (*report_versions_each)(struct store *s, int64_t report_id,
	                            int (*each)(void *, const struct store_report_version *),
	                            void *ctx);
	int (*report_snapshot)(struct store *s, int64_t report_id, int version, struct buf *out,
	                       char sha256[65]);
	int (*report_submit)(struct store *s, int64_t report_id, int version, const char *at);
	int (*report_comment_add)(struct store *s, const struct store_report_comment *c,
	                          int64_t *id);
	int (*report_comments_each)(struct store *s, int64_t report_id,
	                            int (*each)(void *, const struct store_report_comment *),
	                            void *ctx);
	int (*report_comment_get)(struct store *s, int64_t id,
	                          int (*each)(void *, const struct store_report_comment *),
	                          void *ctx);
	int (*report_comment_answer)(struct store *s, int64_t id, const char *answer,
	                             const char *text, const char *by, const char *at);
	int (*report_open_count)(struct store *s, int64_t report_id, int version, int64_t *count);
	/* backup (sqlite_backup.c) */
	int (*backup)(struct store *s, const char *path, bool force, struct store_file_info *info);
	/* copying a database (store_copy.c). columns_each: every column of every table of the
	 * schema (schema_migration aside), table by table; generated: the backend fills it (an
	 * identity or generated column a description may lack). table_each: every row of t in
	 * that order, until each returns non-zero. load_begin, load_row…, load_end: rows written
	 * as given (ids included) in the caller's transaction, with t's own triggers off (the rows
	 * are history, not new writes); load_end turns them on again and sets identity sequences
	 * past the largest id; with ok false it only ends the load (the caller rolls back). */
	int (*columns_each)(struct store *s,
	                    int (*each)(void *, const char *table, const char *column,
	                                bool generated),
	                    void *ctx);
	int (*table_count)(struct store *s, const struct store_table *t, int64_t *rows);
	int (*table_each)(struct store *s, const struct store_table *t, enum store_order order,
	                  int (*each)(void *, const struct store_cell *row), void *ctx);
	int (*load_begin)(struct store *s, const struct store_table *t);
	int (*load_row)(struct store *s, const struct store_table *t, const struct store_cell *row);
	int (*load_end)(struct store *s, const struct store_table *t, bool ok);
};

/* The head of every backend's handle. */
struct store {
	const struct store_ops *ops;
	char error[512];
};

/* Backend constructors: NULL and a reason in why on failure. */
struct store *store_sqlite_open(const char *path, char *why, size_t why_size);
/* url: a libpq connection URI, postgresql://… or postgres://… */
struct store *store_pg_open(const char *url, char *why, size_t why_size);
/* The watch of a PostgreSQL database (pg_watch.c); stop accepts NULL. */
struct store_watch *store_pg_watch_start(const char *url, char *why, size_t why_size);
void store_pg_watch_stop(struct store_watch *w);

/* A restore in progress: its backend's ways to end it (store_restore_commit, _abort). */
struct store_restore {
	int (*commit)(struct store_restore *r, struct store_file_info *result, char *why,
	              size_t why_size);
	void (*abort)(struct store_restore *r);
};
struct store_restore *store_sqlite_restore_begin(const char *path, const char *file, bool force,
                                                 struct store **copy, struct store_file_info *found,
                                                 char *why, size_t why_size);
/* the same for PostgreSQL (pg_backup.c): url a libpq connection URI, file a pg_dump archive */
struct store_restore *store_pg_restore_begin(const char *url, const char *file, bool force,
                                             struct store **copy, struct store_file_info *found,
                                             char *why, size_t why_size);

/* Checks that the tables and columns of s are those of this binary's schema, no more, no less
 * (store_copy.c describes them): 0, or -1 with the first difference recorded on s. */
int store_check_tables(struct store *s);

/* Records a backend failure message (printf-style) in s->error; returns -1. */
int store_fail(struct store *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
