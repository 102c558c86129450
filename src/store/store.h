/* store.h — the storage interface: every use of the database, as use-case functions.
 *
 * The domain and application code see only these functions; each backend (sqlite.c now, a
 * PostgreSQL one later) implements them with its own SQL behind a table of operations. SQL exists
 * nowhere else. All functions return 0 on success and -1 on a database failure, with the reason in
 * store_error(); lookups return 1 when found and 0 when not. Strings in returned records are
 * malloc'd and owned by the caller (free with task_clear, unit_clear, task_update_clear).
 * A store handle is used by one thread at a time.
 */
#ifndef DXTRACK_STORE_H
#define DXTRACK_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/task.h"
#include "../core/disbursement.h"
#include "../core/dti.h"
#include "../core/indicator.h"
#include "../core/plan.h"
#include "../core/unit.h"
#include "../core/user.h"
#include "../lib/buf.h"

enum task_sort { TASK_SORT_CODE, TASK_SORT_NAME, TASK_SORT_BUDGET, TASK_SORT_PROGRESS };

/* Which tasks to list. Zero / NULL fields do not filter. */
struct task_filter {
	int year;
	int status;           /* an enum task_status, or -1 for all */
	const char *investor; /* exact org-unit code */
	const char *unit;     /* the investor is this unit or anywhere below it */
	const char *unit_on;  /* "YYYY-MM-DD": below it in the tree of that day; NULL: today's */
	const char *search; /* words matched against code and name, ignoring case and diacritics */
	const char *category;
	uint32_t tags;       /* tasks having all these tags */
	enum task_sort sort; /* name sorts in Vietnamese alphabetical order */
	bool descending;
	size_t limit; /* 0: no limit */
	size_t offset;
};

struct audit_entry {
	int64_t id;
	const char *at; /* UTC timestamp */
	const char *actor;
	const char *action; /* "import.tasks", "task.update", … */
	const char *object; /* what was written: "task 2023/CDS23-01", a file name … */
	const char *detail; /* JSON, or NULL */
};

/* Which audit rows to list, newest first. Zero / NULL fields do not filter. */
struct audit_filter {
	const char *actor;  /* exact user name */
	const char *action; /* exact ("task.update"), or a prefix ending in '.' ("task.") */
	const char *search; /* a substring of the object ("2023/CDS23-01") */
	const char *since;  /* "YYYY-MM-DD": rows of that UTC day or later */
	const char *until;  /* "YYYY-MM-DD": rows of that UTC day or earlier */
	int64_t before_id;  /* paging: only rows with a smaller id */
	size_t limit;       /* 0: no limit */
};

/* A session or API token as stored: only the hash of its secret. */
struct store_credential {
	int64_t id;
	int64_t user_id;
	const char *expires_at; /* session: UTC; API token: NULL */
	const char *csrf;       /* session: its CSRF token; API token: NULL */
	bool revoked;           /* API token revoked */
};

struct store; /* opaque */

/* Opens (creating if needed) the database named by url: a file path or "sqlite:PATH". Applies the
 * pending migrations. On failure returns NULL and writes the reason into why (if not NULL). */
struct store *store_open(const char *url, char *why, size_t why_size);
void store_close(struct store *s); /* accepts NULL */
const char *store_error(const struct store *s);
int store_schema_version(struct store *s);

/* One write transaction at a time; begin takes the write lock at once. */
int store_begin(struct store *s);
int store_commit(struct store *s);
int store_rollback(struct store *s); /* harmless when no transaction is open */
/* A read snapshot around many reads (a web request): one consistent view, one lock. No write may
 * happen inside it; read_end is harmless when none is open. PostgreSQL begins it with the first
 * statement, so a request that needs none costs no round trip. */
int store_read_begin(struct store *s);
int store_read_end(struct store *s);
/* A number that grows with every write (the newest audit row's id): what was computed from the
 * data at one generation stays true until it changes, across processes too. */
int store_generation(struct store *s, int64_t *gen);

/* A watch learns of every process's writes as they commit, so that store_generation of the
 * handles given it (store_watch_attach) answers without asking the database: a server of many
 * requests per second then serves what it keeps (responses, credentials) with no round trip.
 * Only PostgreSQL needs one (SQLite's generation is read in-process): store_watch_start returns
 * NULL for SQLite with why "", or NULL with the reason. A handle's own commits move its watch on
 * at once; another process's are seen when PostgreSQL delivers their notification (at their
 * commit). While the watch is not confirmed by the database (its connection lost, the server
 * slow: at most STORE_WATCH_FRESH_MS), store_generation asks the database as before. The watch
 * is shared by the threads of one server; stop it after closing the handles given it. */
#define STORE_WATCH_FRESH_MS 1000
struct store_watch;
struct store_watch *store_watch_start(const char *url, char *why, size_t why_size);
void store_watch_attach(struct store *s, struct store_watch *w);
void store_watch_stop(struct store_watch *w); /* accepts NULL */

int store_unit_get(struct store *s, const char *code, struct unit *out);
int store_unit_put(struct store *s, const struct unit *u); /* insert or replace by code */
int store_units_each(struct store *s, int (*each)(void *ctx, const struct unit *u), void *ctx);
int store_unit_count(struct store *s, int64_t *count);

/* The task with its current state (latest update). */
int store_task_get(struct store *s, int year, const char *code, struct task *out);
/* Registers a task: its plan (t) and the first record of its history (first: version 1, with
 * t's progress, disbursement and status; first->task_id is ignored). Sets t->id. */
int store_task_insert(struct store *s, struct task *t, const struct task_update *first);
int store_task_update_plan(struct store *s, const struct task *t); /* by t->id */
/* Calls each with the code and id of every task of one year (in no particular order): lets an
 * importer learn at once which rows are new. */
int store_task_codes(struct store *s, int year,
                     int (*each)(void *ctx, const char *code, int64_t id), void *ctx);
/* 1 when a task with this code exists in a year before `year`. */
int store_task_exists_before(struct store *s, const char *code, int year);
/* Appends a record to a task's history; u->task_id and u->version (the previous version + 1,
 * so at least 2) must be set. A version that already exists fails with STORE_CONFLICT (not -1):
 * another writer got there first; store_error() says so too. */
#define STORE_CONFLICT (-2)
int store_update_append(struct store *s, const struct task_update *u);
int store_tasks_each(struct store *s, const struct task_filter *f,
                     int (*each)(void *ctx, const struct task *t), void *ctx);
int store_task_count(struct store *s, const struct task_filter *f, int64_t *count);
/* The distinct years of the tasks, newest first, at most max of them; *n receives the count. */
int store_task_years(struct store *s, int *years, size_t max, size_t *n);
int store_updates_each(struct store *s, int64_t task_id,
                       int (*each)(void *ctx, const struct task_update *u), void *ctx);

int store_audit_append(struct store *s, const struct audit_entry *e);
int store_audit_each(struct store *s, const struct audit_filter *f,
                     int (*each)(void *ctx, const struct audit_entry *e), void *ctx);

/* 1 when unit is ancestor or lies below it in the tree, 0 when not (or unknown). */
int store_unit_within(struct store *s, const char *unit, const char *ancestor);

/* ---- units over time (sql/sqlite/0003_units_over_time.sql) ----
 * A unit is valid over [valid_from, valid_to) and hangs under dated parent links; units that end
 * name their successors. Dates are "YYYY-MM-DD" (date_iso); records carry struct date. The unit's
 * parent_code column is the parent of its latest link: the tree today, which store_unit_within
 * and the task filters walk. store_unit_put writes valid_from and valid_to of a new unit only. */

/* Every unit valid on that day, ordered by code, with parent_code its parent ON THAT DAY (NULL
 * for the nation). */
int store_units_at(struct store *s, const char *date_iso,
                   int (*each)(void *ctx, const struct unit *u), void *ctx);
/* The units valid on that day whose parent on that day is code, ordered by code. */
int store_unit_children_at(struct store *s, const char *code, const char *date_iso,
                           int (*each)(void *ctx, const struct unit *u), void *ctx);
/* 1 and *parent (malloc'd) when code has a parent on that day, 0 when not. */
int store_unit_parent_at(struct store *s, const char *code, const char *date_iso, char **parent);
/* 1 when unit is ancestor or lies below it in the tree of that day, 0 when not. */
int store_unit_within_at(struct store *s, const char *unit, const char *ancestor,
                         const char *date_iso);
/* 1 when something about code is recorded after that day (its validity starts or ends later, a
 * link of it or to it as parent starts or ends later), with *first the earliest such day; 0 when
 * not. Events are recorded in date order: one dated before a later change is refused. */
int store_unit_changed_after(struct store *s, const char *code, const char *date_iso,
                             struct date *first);
/* The unit's parent links, oldest first; and the successions that name it (as the unit that
 * ended or as its successor), by date. */
int store_unit_links_each(struct store *s, const char *code,
                          int (*each)(void *ctx, const struct unit_link *l), void *ctx);
int store_unit_successions_each(struct store *s, const char *code,
                                int (*each)(void *ctx, const struct unit_succession *e), void *ctx);
/* Writes. Each refreshes the unit's parent_code from its links. link_add adds a link as given;
 * link_correct changes the parent of the unit's undated open link (a re-import's correction);
 * reparent closes the unit's open link on date_iso and opens one under parent from that day;
 * unit_end ends the unit (valid_to) and its open link on date_iso. */
int store_unit_link_add(struct store *s, const struct unit_link *l);
int store_unit_link_correct(struct store *s, const char *code, const char *parent);
int store_unit_reparent(struct store *s, const char *code, const char *parent,
                        const char *date_iso);
int store_unit_end(struct store *s, const char *code, const char *date_iso);
int store_unit_succession_add(struct store *s, const struct unit_succession *e);

/* Accounts. store_user_get fills pw_hash too; the list leaves it NULL. */
int store_user_insert(struct store *s, struct user *u); /* sets u->id */
int store_user_get(struct store *s, const char *name, struct user *out);
int store_user_get_by_id(struct store *s, int64_t id, struct user *out);
int store_user_update(struct store *s, const struct user *u); /* role, unit, disabled, pw_hash */
int store_users_each(struct store *s, int (*each)(void *ctx, const struct user *u), void *ctx);

/* Sessions, keyed by the hash (hex) of their token. */
int store_session_insert(struct store *s, const char *token_hash, int64_t user_id, const char *csrf,
                         const char *created_at, const char *expires_at);
/* Fills *out (strings valid until the next call on this store) and returns 1 when found. */
int store_session_get(struct store *s, const char *token_hash, struct store_credential *out);
int store_session_delete(struct store *s, const char *token_hash);
int store_sessions_delete_user(struct store *s, int64_t user_id);
int store_sessions_delete_expired(struct store *s, const char *now);

/* API tokens, keyed by the hash (hex) of their secret. */
int store_token_insert(struct store *s, const char *token_hash, int64_t user_id, const char *label,
                       const char *created_at, int64_t *id);
int store_token_get(struct store *s, const char *token_hash, struct store_credential *out);
int store_token_revoke(struct store *s, int64_t id, const char *at); /* 1 revoked, 0 unknown */
int store_tokens_revoke_user(struct store *s, int64_t user_id, const char *at);
struct store_token_row {
	int64_t id;
	const char *user;
	const char *label;
	const char *created_at;
	const char *revoked_at;
};
int store_tokens_each(struct store *s, int (*each)(void *ctx, const struct store_token_row *t),
                      void *ctx);

/* Failed logins, for throttling: one row per failure, by name and by client address. */
int store_login_failure_add(struct store *s, const char *name, const char *client, const char *at);
/* Counts failures since `since` (UTC) for the name, and for the client (NULL: not counted). */
int store_login_failures_count(struct store *s, const char *name, const char *client,
                               const char *since, int64_t *by_name, int64_t *by_client);
int store_login_failures_clear(struct store *s, const char *name); /* after a good login */

/* ---- indicators: definitions, targets, values (sql/sqlite/0004_indicators.sql) ---- */

/* Strings of a returned struct indicator are malloc'd (indicator_clear). */
int store_indicator_get(struct store *s, const char *code, struct indicator *out);
/* Inserts a definition, or updates the one with the same code; sets ind->id. reported_kinds is
 * not written (store_indicator_add_kinds). */
int store_indicator_put(struct store *s, struct indicator *ind);
int store_indicators_each(struct store *s, int (*each)(void *ctx, const struct indicator *ind),
                          void *ctx); /* by code */
/* Adds unit kinds (bits 1 << enum unit_kind) to those known to report the indicator. */
int store_indicator_add_kinds(struct store *s, int64_t id, unsigned kinds);
/* 1 when the indicator has at least one value stored. */
int store_indicator_has_values(struct store *s, int64_t id);

/* The integer keys of units in indicator data: each (code, id) known; and a new one for code. */
int store_unit_keys_each(struct store *s, int (*each)(void *ctx, const char *code, int64_t id),
                         void *ctx);
int store_unit_key_add(struct store *s, const char *code, int64_t *id);

/* Records one import of values or targets (who, when, which file); *id names it in the rows. */
int store_indicator_import_add(struct store *s, const char *recorded_at, const char *author,
                               const char *file, int64_t *id);

/* A value or a target as stored: integer keys, a period code (core/period.h). */
struct store_value {
	int64_t indicator_id;
	int32_t period;
	int64_t unit_id;
	double value;       /* the value, or the target */
	const char *source; /* values only; "" when not given */
	int64_t import_id;
};
enum store_put_outcome { STORE_PUT_INSERTED, STORE_PUT_REPLACED, STORE_PUT_UNCHANGED };
struct store_put_counts {
	size_t inserted;  /* new keys */
	size_t replaced;  /* keys stored before with another value or source */
	size_t unchanged; /* keys stored before with the same value and source */
};
/* Writes n values of one import (distinct keys, all with the same import_id, best in key
 * order), each replacing the one stored with the same indicator, period and unit, and adds what
 * happened to *counts. Bulk imports call it with many rows at once: they go in as multi-row
 * INSERTs. */
int store_values_put(struct store *s, const struct store_value *v, size_t n,
                     struct store_put_counts *counts);
/* Calls each with every value of one indicator whose period code lies in [period_lo,
 * period_hi], ordered by period, then unit id. */
int store_values_each(struct store *s, int64_t indicator_id, int32_t period_lo, int32_t period_hi,
                      int (*each)(void *ctx, int64_t unit_id, int32_t period, double value),
                      void *ctx);
/* The years in which an indicator has values (of any period of the year), newest first: at most
 * max into years, *n how many. One index seek per year. */
int store_value_years(struct store *s, int64_t indicator_id, int *years, size_t max, size_t *n);
/* The same for targets (source ignored); store_targets_each gives every target of an indicator. */
int store_target_put(struct store *s, const struct store_value *t, enum store_put_outcome *outcome);
int store_targets_each(struct store *s, int64_t indicator_id,
                       int (*each)(void *ctx, int64_t unit_id, int32_t period, double target),
                       void *ctx);

/* ---- next year's catalogue: proposals and adopted decisions (sql/sqlite/0005_plan.sql) ---- */

/* The proposal of a year with that code; out->carried_year is the latest year before the
 * proposal's of a task whose code is its carried_from (0 when there is none). Strings malloc'd
 * (proposal_clear). */
int store_proposal_get(struct store *s, int year, const char *code, struct proposal *out);
/* Inserts a proposal, or replaces every field and the score of the one with the same year and
 * code; at (UTC) is recorded as its time of creation or of its last change. Sets p->task.id. */
int store_proposal_put(struct store *s, struct proposal *p, const char *at);
/* Every proposal of a year, ordered by code (byte order), carried_year as store_proposal_get. */
int store_proposals_each(struct store *s, int year,
                         int (*each)(void *ctx, const struct proposal *p), void *ctx);
/* Records a year's adopted decision: r's year, ceiling, total, adopted_at, adopted_by, locks,
 * excludes and every entry in r's order. Fails (-1) when the year was adopted already. */
int store_plan_adopt(struct store *s, const struct plan_result *r);
/* 1 and the adopted decision of a year in *out (initialised by the caller, filled with
 * plan_result_add in the recorded order), or 0 when the year has none. */
int store_plan_adopted(struct store *s, int year, struct plan_result *out);

/* ---- disbursement monitoring: history, allocations, colour overrides (0006_disbursement.sql) */

/* Every history record (version 1 first) of the tasks f selects (its sort, limit and offset are
 * ignored), ordered by task id, then version: the curves of a year in one scan. */
int store_history_each(struct store *s, const struct task_filter *f,
                       int (*each)(void *ctx, const struct task_update *u), void *ctx);
/* Appends an allocation record (al->id is set; first_on is not written). */
int store_allocation_add(struct store *s, struct disbursement_allocation *al);
/* The allocation in force (the latest record) of every unit for a year, ordered by unit code,
 * with first_on the day of the unit's first record of that year. */
int store_allocations_each(struct store *s, int year,
                           int (*each)(void *ctx, const struct disbursement_allocation *al),
                           void *ctx);
/* 1 and the allocation in force of unit for year (first_on filled), 0 when it has none. */
int store_allocation_get(struct store *s, int year, const char *unit,
                         struct disbursement_allocation *out);
/* Appends a colour override record (o->id is set). */
int store_override_add(struct store *s, struct disbursement_override *o);
/* The latest override record of each task of a year that has any (cleared ones included),
 * ordered by task id. */
int store_overrides_each(struct store *s, int year,
                         int (*each)(void *ctx, const struct disbursement_override *o), void *ctx);
/* 1 and the latest override record of a task (possibly a clearing one), 0 when it has none. */
int store_override_get(struct store *s, int64_t task_id, struct disbursement_override *out);

/* ---- DTI self-assessment: frameworks, years, entries, evidence (0007_dti.sql) ---- */

/* A framework as listed. */
struct store_dti_framework {
	const char *code;
	size_t items;
	const char *imported_at;
	const char *author;
};

/* Stores framework `code` with exactly these items in this order, replacing every item it had
 * (a new framework is created). */
int store_dti_framework_put(struct store *s, const char *code, const struct dti_item *items,
                            size_t n, const char *at, const char *author);
/* 1 and the items of framework code in file order (*items malloc'd: dti_item_clear each, then
 * free), 0 when there is no such framework. */
int store_dti_framework_get(struct store *s, const char *code, struct dti_item **items, size_t *n);
/* Every framework, by code. */
int store_dti_frameworks_each(struct store *s,
                              int (*each)(void *ctx, const struct store_dti_framework *f),
                              void *ctx);
/* Each distinct item code that has an entry or evidence in a year bound to framework, by code. */
int store_dti_codes_in_use(struct store *s, const char *framework,
                           int (*each)(void *ctx, const char *code), void *ctx);

/* Binds a year to a framework and the unit assessed (province may be NULL), replacing an earlier
 * binding. */
int store_dti_year_put(struct store *s, int year, const char *framework, const char *province,
                       const char *at, const char *author);
/* 1 and the binding of year (*framework, *province malloc'd; *province may be NULL), 0 when the
 * year is not bound. */
int store_dti_year_get(struct store *s, int year, char **framework, char **province);
/* Every bound year, newest first. */
int store_dti_years_each(struct store *s,
                         int (*each)(void *ctx, int year, const char *framework,
                                     const char *province),
                         void *ctx);

/* 1 and the entry of (year, code) (strings malloc'd; evidence counts and unit_name not filled),
 * 0 when none was ever written. */
int store_dti_entry_get(struct store *s, int year, const char *code, struct dti_entry *out);
/* Every written entry of a year, by code (evidence counts and unit_name not filled). */
int store_dti_entries_each(struct store *s, int year,
                           int (*each)(void *ctx, const char *code, const struct dti_entry *e),
                           void *ctx);
/* Writes the entry of (year, code) as e says (value, unit, due, status, indicator, note,
 * updated_at, author) and appends it to the item's history; sets e->version to the previous
 * version + 1 (1 for the first write). */
int store_dti_entry_put(struct store *s, int year, const char *code, struct dti_entry *e);
/* The recorded states of (year, code), oldest first (version 1 first). */
int store_dti_entry_history(struct store *s, int year, const char *code,
                            int (*each)(void *ctx, const struct dti_entry *e), void *ctx);

/* Records an item of evidence; content (e->size_bytes bytes, when e->has_file) is kept once per
 * SHA-256 (e->sha256, computed by the caller). Sets e->id. */
int store_dti_evidence_add(struct store *s, struct dti_evidence *e, const void *content);
/* The evidence of a year (of one item when code is not NULL), by code, then id; withdrawn items
 * only when with_withdrawn. */
int store_dti_evidence_each(struct store *s, int year, const char *code, bool with_withdrawn,
                            int (*each)(void *ctx, const struct dti_evidence *e), void *ctx);
/* 1 and evidence item id (strings malloc'd), 0 when there is none. */
int store_dti_evidence_get(struct store *s, int64_t id, struct dti_evidence *out);
/* Marks an item withdrawn (it stays on record and no longer counts). */
int store_dti_evidence_withdraw(struct store *s, int64_t id, const char *at, const char *by);
/* 1 and the content of the file with this SHA-256 appended to out (whose limit must allow it),
 * 0 when there is none. */
int store_dti_file_get(struct store *s, const char *sha256, struct buf *out);

/* Records the ministry's published value (0..1) of an item or of the whole index (code "DTI")
 * for a year, replacing an earlier one. */
int store_dti_published_put(struct store *s, int year, const char *code, double value,
                            const char *source, const char *at, const char *author);
/* The published values of a year, by code. */
int store_dti_published_each(struct store *s, int year,
                             int (*each)(void *ctx, const char *code, double value,
                                         const char *source),
                             void *ctx);

/* ---- settings, and the report under review (0008_reports.sql) ---- */

/* 1 and the value of setting key (*value malloc'd), 0 when it is not set. */
int store_setting_get(struct store *s, const char *key, char **value);
/* Sets key to value, recording when (at, UTC) and by whom; value NULL or "" removes it. */
int store_setting_put(struct store *s, const char *key, const char *value, const char *at,
                      const char *author);

/* A version of a report as stored (strings valid during the callback only). */
struct store_report_version {
	int64_t report_id;
	int year;
	int version;
	const char *status;     /* "draft", "revised" or "submitted" */
	const char *sha256;     /* of the snapshot's bytes, lower-case hex */
	const char *created_at; /* UTC */
	const char *author;
	const char *submitted_at; /* NULL until submitted */
};

/* A comment on a version as stored (strings valid during the callback only). */
struct store_report_comment {
	int64_t id;
	int64_t report_id;
	int version;
	const char *section; /* doc_block.section, "0" or "appendix" */
	const char *text;
	const char *author;
	const char *created_at;
	const char *answer;      /* "open", "accepted", "explained" or "rejected" */
	const char *answer_text; /* NULL while open */
	const char *answered_by;
	const char *answered_at;
};

/* Creates the report of year and sets *id; STORE_CONFLICT (not -1) when the year has one
 * already. */
int store_report_add(struct store *s, int year, const char *at, const char *author, int64_t *id);
/* 1 and the id of year's report, 0 when the year has none. */
int store_report_find(struct store *s, int year, int64_t *id);
/* 1 and the year of report id, 0 when there is no such report. */
int store_report_year(struct store *s, int64_t id, int *year);
/* Appends a version: v's report_id, version (the latest + 1; 1 for the first), status, sha256,
 * created_at and author (year and submitted_at are ignored), with the snapshot's len bytes
 * stored exactly. STORE_CONFLICT (not -1) when that version exists already: another writer got
 * there first. The schema refuses a version after a submitted one. */
int store_report_version_add(struct store *s, const struct store_report_version *v,
                             const char *snapshot, size_t len);
/* Every version of report id (0: of every report, newest year first), in version order; the
 * snapshots are not read. */
int store_report_versions_each(struct store *s, int64_t report_id,
                               int (*each)(void *ctx, const struct store_report_version *v),
                               void *ctx);
/* 1 with a version's snapshot appended to out (whose limit must allow it) and its stored
 * SHA-256 in sha256, 0 when there is no such version. */
int store_report_snapshot(struct store *s, int64_t report_id, int version, struct buf *out,
                          char sha256[65]);
/* Marks a version submitted at `at` (UTC): 1, or 0 when there is no such version or it is
 * submitted already. */
int store_report_submit(struct store *s, int64_t report_id, int version, const char *at);
/* Records an open comment (c's report_id, version, section, text, author, created_at; the
 * answer fields are ignored) and sets *id. The schema refuses one on a submitted version. */
int store_report_comment_add(struct store *s, const struct store_report_comment *c, int64_t *id);
/* Every comment of report id, by version, then id. */
int store_report_comments_each(struct store *s, int64_t report_id,
                               int (*each)(void *ctx, const struct store_report_comment *c),
                               void *ctx);
/* 1 with comment id handed to each, 0 when there is no such comment. */
int store_report_comment_get(struct store *s, int64_t id,
                             int (*each)(void *ctx, const struct store_report_comment *c),
                             void *ctx);
/* Writes the answer of an open comment (answer: "accepted", "explained" or "rejected"), once:
 * 1, or 0 when there is no such comment or it is answered already. */
int store_report_comment_answer(struct store *s, int64_t id, const char *answer, const char *text,
                                const char *by, const char *at);
/* How many comments of a version are still open. */
int store_report_open_count(struct store *s, int64_t report_id, int version, int64_t *count);

/* ---- backup and restore (sqlite_backup.c) ----
 * A backup is one self-contained database file (nothing beside it), copied from one consistent
 * snapshot while others go on reading and writing; a restore replaces a database, atomically,
 * by a file it has checked first. Neither writes an audit row: app/backup.c does. */

/* What a backup or a restore found in the file it checked. */
struct store_file_info {
	int64_t bytes;      /* the file's size */
	int schema_version; /* its migration level (a restore: before the copy was brought up) */
	int64_t tasks;      /* rows of the tasks, units and audit log */
	int64_t units;
	int64_t audit;
};

/* Copies the open database into path: one snapshot, read in steps under a read transaction
 * (writers are not held up), into PATH.tmp, made self-contained, checked (integrity_check
 * "ok", the schema version of the source), fsync'd and renamed to path. An existing path is
 * replaced only when force: else STORE_CONFLICT (not -1), store_error() says so and nothing
 * is written. Fills *info with what the copy holds. Not inside a transaction. */
int store_backup(struct store *s, const char *path, bool force, struct store_file_info *info);

/* A restore in progress (opaque): the checked copy, and the database it will replace locked. */
struct store_restore;

/* Starts replacing the database named by url by the database file `file`: checks file (a
 * dxtrack database: integrity_check "ok", a schema version not newer than this binary's; it is
 * only read), refuses to replace an existing database unless force, and refuses when the
 * database is open anywhere else (a running `dxtrack serve`): it takes the database's
 * exclusive lock and holds it until the end. Then copies file into URL.tmp and opens the copy
 * migrated up to this binary's schema as *copy, for the caller to write into (the audit row
 * of the restore). *found describes file as it was. NULL on refusal or failure, with the
 * reason in why: nothing was changed. */
struct store_restore *store_restore_begin(const char *url, const char *file, bool force,
                                          struct store **copy, struct store_file_info *found,
                                          char *why, size_t why_size);
/* Ends a restore: closes the copy, makes it self-contained, checks it again (*result), fsyncs
 * it and renames it over the database, then lets go of the lock. 0, or -1 with the reason in
 * why (the database is then as it was). Frees r either way. */
int store_restore_commit(struct store_restore *r, struct store_file_info *result, char *why,
                         size_t why_size);
/* Gives a restore up: the copy is removed, the database is as it was. Frees r (NULL accepted). */
void store_restore_abort(struct store_restore *r);

/* ---- moving the data to another database (store_copy.c) ----
 * store_copy copies every table of dxtrack's schema from one database into another of the same
 * schema version, of either backend (SQLite to PostgreSQL, or back), in an order where
 * referenced rows come first, and then verifies it: each side counts and hashes its own rows,
 * read back through its own backend, so that a row lost or a value changed on the way shows. */

/* One table of a copy: rows and SHA-256 as each side read them after the copy. The SHA-256 is
 * of a canonical text of the rows in primary-key order (by every column when the table has no
 * key): each value is a tag and its text (NULL "N"; an integer "i" and its decimal; a double
 * "r" and %.17g; text "t", its length in bytes, ':' and its bytes; a blob "b" and its bytes in
 * lower-case hex), the values of a row separated by a tab and ended by a newline. */
struct store_copy_table {
	const char *name; /* static */
	int64_t rows_from, rows_to;
	char sha256_from[65], sha256_to[65]; /* lower-case hex; "" until computed */
};

#define STORE_COPY_TABLES 48 /* room for every table of the schema */

struct store_copy_report {
	int schema_version;
	size_t n; /* tables, in the order they were copied */
	struct store_copy_table tables[STORE_COPY_TABLES];
	int64_t rows;      /* rows copied, every table */
	size_t mismatched; /* tables whose count or SHA-256 differ */
};

/* Copies every row of from into to, then counts and hashes every table on both sides into
 * *report. to must be inside a write transaction (store_begin) and hold no row in any table of
 * the schema (a database just created: refused otherwise); from is read in one snapshot and
 * must not be inside a transaction. Identity sequences of to are set past the copied ids.
 * 0 when every count and SHA-256 match; -1 on refusal, failure or mismatch, with the reason in
 * store_error(to): the caller then rolls to back and nothing is kept. */
int store_copy(struct store *from, struct store *to, struct store_copy_report *report);

/* The database URL as it may be shown or recorded: a password in it replaced by "***"
 * (malloc'd). */
char *store_url_display(const char *url);

#endif
