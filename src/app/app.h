/* app.h — the use cases of dxtrack: the only place a rule is applied.
 *
 * The CLI, and later the web pages and the JSON API, call these functions and nothing below them.
 * Each write validates with core/, writes through store/ and appends its audit row, all in one
 * transaction: it happens completely or not at all. Problems the user can fix are added to a
 * struct diag as "FILE:LINE: column: message" and reported as APP_BAD_INPUT.
 */
#ifndef DXTRACK_APP_H
#define DXTRACK_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "../core/date.h"
#include "../core/disbursement.h"
#include "../core/dti.h"
#include "../core/indicator.h"
#include "../core/period.h"
#include "../core/plan.h"
#include "../core/rollup.h"
#include "../core/summary.h"
#include "../core/task.h"
#include "../core/unit.h"
#include "../core/user.h"
#include "../lib/cache.h"
#include "../lib/diag.h"
#include "../report/doc.h"
#include "../store/store.h"

/* The outcome of a use case. cli/ maps it to an exit code, http/ (later) to a status; each
 * mapping is one table. */
enum app_status {
	APP_OK = 0,
	APP_FAILED,       /* the database or the system failed: store_error() says why */
	APP_BAD_INPUT,    /* the input broke a rule: the diagnostics say where and why */
	APP_NOT_FOUND,    /* no such task or unit */
	APP_FORBIDDEN,    /* the acting user's role or unit does not allow it */
	APP_CONFLICT,     /* the task moved on since the version the writer saw */
	APP_UNAUTHORIZED, /* no valid session or token, or a wrong name or password */
	APP_THROTTLED,    /* too many failed logins: try again later */
};

/* Who is acting. app_open acts as the system (the CLI: whoever runs it can open the database
 * file anyway, so it has every right and is named after the operating-system user); app_attach
 * starts as nobody until app_authenticate or app_login names a user. */
enum app_actor { APP_NOBODY, APP_SYSTEM, APP_USER };

struct app_principal {
	enum app_actor kind;
	int64_t user_id;              /* APP_USER only */
	enum user_role role;          /* ROLE_ADMIN for the system */
	char unit[UNIT_CODE_MAX + 1]; /* "" when the user has no unit */
	char name[USER_NAME_MAX + 1]; /* as recorded in history and audit */
};

/* A session with the database on behalf of one person (one CLI command or one HTTP request). */
struct app {
	struct store *store;
	bool store_borrowed; /* app_attach: app_close leaves the store open */
	struct app_principal who;
	char *actor;       /* who is writing: recorded in history and audit */
	char *source;      /* "cli", "web", "api": recorded in history */
	struct date today; /* the default date of progress updates */
	char now[32];      /* UTC timestamp of this session, "YYYY-MM-DDTHH:MM:SSZ" */
	struct cache *credentials; /* app_keep_credentials; NULL: none kept */
};

/* Opens the database (creating it and applying migrations as needed). now_utc may be NULL for
 * the clock, or "YYYY-MM-DDTHH:MM:SSZ" to fix the session's time (tests, back-dated entry).
 * APP_FAILED with the reason in why. */
enum app_status app_open(struct app *a, const char *db_url, const char *actor, const char *source,
                         const char *now_utc, char *why, size_t why_size);
/* A session on a store the caller owns (one of the server's pool, for one request): nothing is
 * opened, and the session acts as nobody until a user is authenticated. */
enum app_status app_attach(struct app *a, struct store *s, const char *source, const char *now_utc,
                           char *why, size_t why_size);
void app_close(struct app *a);
/* Lets app_authenticate keep the credentials it finds valid in c (the server's, shared by its
 * threads), and trust them again while the data's generation is unchanged (every sign-out,
 * revocation or change of a user is a write) and a session has not expired: a request then
 * needs no lookup at all. */
void app_keep_credentials(struct app *a, struct cache *c);
const char *app_error(const struct app *a); /* the store's last failure */
int app_schema_version(struct app *a);      /* the database's migration level */

struct import_result {
	size_t rows;
	size_t inserted;
	size_t updated;
	size_t unchanged;
};

/* CSV import, all or nothing: one bad row rejects the file and nothing is written. label names
 * the file in messages. Header of units: code,name,kind,parent_code and optionally valid_from,
 * valid_to (a new unit's validity; parent_code is its parent from its beginning; a known unit
 * keeps its dated history, see app/import_units.c). Header of tasks: the
 * columns of io/task_io.h, in any order. Re-importing a known code updates it; for a task this is
 * recorded as a progress update. */
enum app_status app_import_units(struct app *a, const char *label, const char *data, size_t len,
                                 struct diag *d, struct import_result *r);
enum app_status app_import_tasks(struct app *a, const char *label, const char *data, size_t len,
                                 struct diag *d, struct import_result *r);

/* What a progress update changes; fields not "has_" are left as they are. */
struct task_change {
	bool has_progress;
	int progress_pct;
	bool has_disbursed;
	int64_t disbursed_vnd; /* cumulative */
	bool has_status;
	enum task_status status;
	const char *note;         /* may be NULL */
	struct date on_date;      /* unset: today */
	int64_t expected_version; /* 0: any; else APP_CONFLICT when the task's version differs */
};

/* Records a dated progress update of one task after checking the rules on the resulting state;
 * *result (if not NULL) receives the task as it now is. */
enum app_status app_task_update(struct app *a, int year, const char *code,
                                const struct task_change *c, struct diag *d, struct task *result);
enum app_status app_task_get(struct app *a, int year, const char *code, struct task *out);
/* What the acting user may change in task t (enum user_right bits; 0 for nobody): what a form
 * offers, and what app_task_update allows. */
enum app_status app_task_rights(struct app *a, const struct task *t, unsigned *rights);
enum app_status app_task_history(struct app *a, int64_t task_id,
                                 int (*each)(void *ctx, const struct task_update *u), void *ctx);
enum app_status app_tasks_each(struct app *a, const struct task_filter *f,
                               int (*each)(void *ctx, const struct task *t), void *ctx);
enum app_status app_unit_get(struct app *a, const char *code, struct unit *out);
enum app_status app_units_each(struct app *a, int (*each)(void *ctx, const struct unit *u),
                               void *ctx);

/* ---- units over time (app/units.c) ----
 * A unit is valid over [valid_from, valid_to) and its parent changes by dated events; nothing is
 * overwritten, so the tree of any day can be read back. The events are administrators' writes,
 * each one transaction with its audit row (unit.merge, unit.dissolve, unit.move); on any
 * problem nothing is written and every problem is reported ("unit X: message", or
 * "FILE:LINE: column: message" from a file). Events are recorded in date order: one dated
 * before a later recorded change of a unit it touches is refused. Tasks keep their investor code:
 * a merged or dissolved unit's tasks stay its own. */

/* Every unit valid on `on` (unset: today), ordered by code, with parent_code its parent on that
 * day: the tree as it stood then. */
enum app_status app_units_at(struct app *a, struct date on,
                             int (*each)(void *ctx, const struct unit *u), void *ctx);

/* The unit a merge creates when its target does not exist yet. */
struct app_unit_new {
	const char *name;
	enum unit_kind kind;
	const char *parent; /* valid on the day of the merge */
};

/* Merges the sources into `into` on `on`: each source ends on that day, its children of that day
 * pass to `into`, and the succession source → into is recorded. `into` exists and is valid on
 * that day, or (create not NULL) is created from that day. Refused: a unit merged into itself or
 * into its own descendant, unknown units, units not valid on that day or beginning on it. */
enum app_status app_unit_merge(struct app *a, const char *const *sources, size_t n_sources,
                               const char *into, struct date on, const struct app_unit_new *create,
                               struct diag *d);
/* Dissolves a unit on `on`: it ends, its children of that day pass to its parent of that day,
 * and the succession unit → parent (dissolve) is recorded. */
enum app_status app_unit_dissolve(struct app *a, const char *code, struct date on, struct diag *d);
/* Moves a unit under another parent from `on`: its parent link closes and a new one opens.
 * Refused: loops, and parents whose kind unit_parent_allowed forbids. */
enum app_status app_unit_move(struct app *a, const char *code, const char *parent, struct date on,
                              struct diag *d);

/* What app_unit_apply did. */
struct app_units_applied {
	size_t events; /* rows of the file */
	size_t merged;
	size_t dissolved;
	size_t moved;
	size_t created; /* units created by merges */
};
/* Applies a CSV file of events in file order, all or nothing: header event,unit,into,on,name,
 * kind,parent. event is merge (unit into `into`; name, kind and parent create `into` when it
 * does not exist yet), dissolve, or move (unit under `parent`). One audit row per event, and
 * unit.apply for the file. */
enum app_status app_unit_apply(struct app *a, const char *label, const char *data, size_t len,
                               struct diag *d, struct app_units_applied *r);

/* A unit's parent links, oldest first, and the successions that name it, by date. */
enum app_status app_unit_links(struct app *a, const char *code,
                               int (*each)(void *ctx, const struct unit_link *l), void *ctx);
enum app_status app_unit_successions(struct app *a, const char *code,
                                     int (*each)(void *ctx, const struct unit_succession *e),
                                     void *ctx);

/* The committee summary of a year, for the tasks whose investor is unit or below it (all tasks
 * when unit is NULL). Lagging is judged on as_of (unset: 31 December of the year, or today if
 * that is earlier). Investors are named and ordered by budget. */
enum app_status app_summary(struct app *a, int year, const char *unit, struct date as_of,
                            struct summary *out, struct diag *d);

/* ---- reads shared by the CLI, the pages and the API (app/reads.c) ---- */

/* A read-only request's snapshot: its reads see one state of the data, under one lock. No write
 * may be made until app_snapshot_end. */
enum app_status app_snapshot_begin(struct app *a);
void app_snapshot_end(struct app *a);
/* The data's generation: it grows with every write, so anything computed from the data can be
 * kept until it changes (store_generation). */
enum app_status app_generation(struct app *a, int64_t *gen);

/* The task as a JSON object (io/task_io.h's fields, "version", "updated_on"), with its full
 * history under "history" when asked. *out is new (json_decref it). */
enum app_status app_task_json(struct app *a, int year, const char *code, bool with_history,
                              json_t **out);
/* How many tasks a filter selects, ignoring its limit and offset. */
enum app_status app_task_count(struct app *a, const struct task_filter *f, int64_t *count);
/* The years that have tasks, newest first (at most max); *n receives how many. */
enum app_status app_task_years(struct app *a, int *years, size_t max, size_t *n);
/* The year pages and the API show when none is asked for: the newest year with tasks that is
 * not after this year, else this year. */
int app_default_year(struct app *a);

/* ---- accounts (app/users.c) ---- */

/* Creates an account; the password is hashed with Argon2id. An editor needs a unit. Admin only. */
enum app_status app_user_add(struct app *a, const char *name, enum user_role role, const char *unit,
                             const char *password, struct diag *d);

/* What app_user_change changes; NULL / false fields are left as they are. */
struct user_change {
	bool has_role;
	enum user_role role;
	const char *unit; /* "" removes the unit */
	bool has_disabled;
	bool disabled; /* disabling also ends the user's sessions and revokes its API tokens */
	const char *password; /* a new password (ends the user's sessions) */
};
/* Admin only; a user may change only their own password (and must give old_password then). */
enum app_status app_user_change(struct app *a, const char *name, const struct user_change *c,
                                const char *old_password, struct diag *d);
enum app_status app_user_get(struct app *a, const char *name, struct user *out); /* no pw_hash */
enum app_status app_users_each(struct app *a, int (*each)(void *ctx, const struct user *u),
                               void *ctx);

/* ---- sessions and API tokens (app/auth.c) ---- */

#define APP_TOKEN_CHARS 43                 /* 32 random bytes, base64url without padding */
#define APP_SESSION_SECONDS (8 * 3600)     /* a session ends 8 hours after login */
#define APP_LOGIN_MAX_FAILURES 5           /* failed logins allowed per name… */
#define APP_LOGIN_MAX_FAILURES_CLIENT 30   /* …and per client address (an office's NAT)… */
#define APP_LOGIN_WINDOW_SECONDS (15 * 60) /* …within this window, before logins are refused */
#define APP_PASSWORD_CHARS 20              /* length of a generated password */

struct app_session {
	char token[APP_TOKEN_CHARS + 1]; /* the secret: only in app_login's result, never stored */
	char csrf[APP_TOKEN_CHARS + 1];  /* the session's CSRF token; "" for an API token */
	char expires_at[32];             /* UTC; "" for an API token */
};

/* Checks name and password and opens a session (stored as a hash of its token). client (the
 * peer's address, may be NULL) and name are throttled: APP_THROTTLED after
 * APP_LOGIN_MAX_FAILURES failures of the name, or APP_LOGIN_MAX_FAILURES_CLIENT from the client,
 * within APP_LOGIN_WINDOW_SECONDS. A wrong name, a wrong password
 * and a disabled account all give APP_UNAUTHORIZED, indistinguishably. Sets a->who on success. */
enum app_status app_login(struct app *a, const char *name, const char *password, const char *client,
                          struct app_session *out);
/* Finds the session or API token whose secret this is and acts as its user (sets a->who);
 * out->csrf receives the session's CSRF token. APP_UNAUTHORIZED when it is unknown, expired,
 * revoked, or its user is disabled. */
enum app_status app_authenticate(struct app *a, const char *token, struct app_session *out);
enum app_status app_logout(struct app *a, const char *token); /* ends that session */

/* Creates an API token for a user (admin only): *token receives the secret, which is stored only
 * as a hash. */
enum app_status app_token_add(struct app *a, const char *user, const char *label,
                              char token[APP_TOKEN_CHARS + 1], int64_t *id, struct diag *d);
enum app_status app_token_revoke(struct app *a, int64_t id, struct diag *d);
struct api_token {
	int64_t id;
	const char *user;
	const char *label;
	const char *created_at;
	const char *revoked_at; /* NULL while valid */
};
enum app_status app_tokens_each(struct app *a, int (*each)(void *ctx, const struct api_token *t),
                                void *ctx);

/* APP_TOKEN_CHARS random base64url characters (32 bytes from libsodium): session secrets, CSRF
 * tokens, the login form's CSRF cookie. */
void app_random_token(char out[APP_TOKEN_CHARS + 1]);
/* A random password of APP_PASSWORD_CHARS letters and digits (no look-alikes). */
void app_password_generate(char out[APP_PASSWORD_CHARS + 1]);

/* ---- the audit log (app/audit.c) ---- */

/* Every write's audit row, newest first, filtered; readable by every signed-in role. The days
 * since and until may be YYYY-MM-DD or DD/MM/YYYY (APP_BAD_INPUT, with a diagnostic naming
 * the field, when one is not a date). */
enum app_status app_audit_each(struct app *a, const struct audit_filter *f,
                               int (*each)(void *ctx, const struct audit_entry *e), void *ctx,
                               struct diag *d);

/* ---- indicators (app/indicators.c, app/import_indicators.c, app/import_values.c) ---- */

/* CSV imports of indicator data, all or nothing like the others (administrators; values also
 * editors, for units at or below their own). Headers:
 *   indicators  code,name,measure,aggregation,numerator,denominator,multiplier,direction,decimals
 *   targets     indicator,unit,period,target
 *   values      indicator,unit,period,value,source
 * A known code (indicators) or key (indicator, unit, period) is replaced: r->updated counts the
 * rows that changed something, r->unchanged those equal to what was stored. */
enum app_status app_import_indicators(struct app *a, const char *label, const char *data,
                                      size_t len, struct diag *d, struct import_result *r);
enum app_status app_import_targets(struct app *a, const char *label, const char *data, size_t len,
                                   struct diag *d, struct import_result *r);
enum app_status app_import_values(struct app *a, const char *label, const char *data, size_t len,
                                  struct diag *d, struct import_result *r);

enum app_status app_indicator_get(struct app *a, const char *code, struct indicator *out);
enum app_status app_indicators_each(struct app *a,
                                    int (*each)(void *ctx, const struct indicator *ind),
                                    void *ctx); /* by code */

/* struct indicator_figure (one unit's figure of one indicator and period) is in
 * core/rollup.h. */

/* The figure of indicator `code` for unit and period. APP_NOT_FOUND (with a diagnostic) for an
 * unknown indicator, or a unit that does not exist on the period's last day. The figure's
 * strings live until the call returns: each receives it. */
enum app_status app_indicator_value(struct app *a, const char *code, const char *unit,
                                    struct period p,
                                    int (*each)(void *ctx, const struct indicator_figure *f),
                                    void *ctx, struct diag *d);
/* The figures of every indicator (by code) for every unit of the kinds in levels (bits
 * 1 << enum unit_kind; units ordered by code) in the tree as it stood on the period's last day:
 * the committee's table by district or province. each returns non-zero to stop. */
enum app_status app_indicator_rollup(struct app *a, struct period p, unsigned levels,
                                     int (*each)(void *ctx, const struct indicator_figure *f),
                                     void *ctx, struct diag *d);

/* ---- indicator views: the pages and the API (app/indicators.c, app/indicator_entry.c) ----
 * Reads in the same computation as app_indicator_value (core/rollup.h says how); the figures'
 * strings live until each returns. Any signed-in user may read them (the route says so); the
 * data-entry rows and writes are for administrators and editors. */

/* Every indicator's figure (by code) for one unit and period: the overview page. */
enum app_status app_indicator_unit(struct app *a, const char *unit, struct period p,
                                   int (*each)(void *ctx, const struct indicator_figure *f),
                                   void *ctx, struct diag *d);

/* The drill-down: each is called first with unit's own figure of indicator code, then with the
 * figure of each unit below it, ordered by code, in the tree of the period's last day — with
 * levels (bits 1 << enum unit_kind) every unit of those kinds anywhere below unit; with levels 0
 * the units directly below unit that are expected to report it or have units below them that
 * are (for a province: its districts, and its agencies for an agency indicator; for a district:
 * its communes). APP_NOT_FOUND as app_indicator_value. */
enum app_status app_indicator_children(struct app *a, const char *code, const char *unit,
                                       struct period p, unsigned levels,
                                       int (*each)(void *ctx, const struct indicator_figure *f),
                                       void *ctx, struct diag *d);

#define APP_INDICATOR_TREND_YEARS 10 /* a year's trend: at most this many years, up to it */
#define APP_INDICATOR_TREND_MAX 12   /* periods of a trend at most (the months of a year) */
/* The figure of indicator code for unit over the periods around p, oldest first: for a year,
 * the years up to p's (at most APP_INDICATOR_TREND_YEARS) that have values of the indicator (for
 * a ratio, of either part), and p's own year; for a quarter, the 4 quarters of its year; for a
 * month, the 12 months of its year. Each period is computed in the tree of its own last day; in
 * a period when unit did not exist its figure has no value and 0 expected units (unit_name
 * NULL). APP_NOT_FOUND when the indicator is unknown or unit does not exist in p. */
enum app_status app_indicator_trend(struct app *a, const char *code, const char *unit,
                                    struct period p,
                                    int (*each)(void *ctx, const struct indicator_figure *f),
                                    void *ctx, struct diag *d);

/* A unit of the tree of a period, as completeness lists it. */
struct indicator_unit_ref {
	const char *code;
	const char *name;
	enum unit_kind kind;
	const char *parent_code; /* NULL for a root */
	const char *parent_name;
};
/* Completeness of one indicator under a unit: its figure (reporting and expected units) and the
 * expected units that have not reported for the period (core/rollup.h: EXPECTED UNITS), by
 * code. */
struct indicator_completeness {
	const struct indicator_figure *figure;
	const struct indicator_unit_ref *missing;
	size_t n_missing;
};
/* Completeness of every indicator that takes values (not the ratios: those are computed from
 * two others, whose completeness is listed), by code: "which units have not reported which
 * indicators for this period". APP_NOT_FOUND when unit does not exist on p's last day. */
enum app_status app_indicator_missing(struct app *a, const char *unit, struct period p,
                                      int (*each)(void *ctx,
                                                  const struct indicator_completeness *c),
                                      void *ctx, struct diag *d);

/* One row of the data-entry form: an indicator that takes values and a unit expected to report
 * it (rollup.h), with the unit's own value for exactly that period (not derived from months). */
struct indicator_entry {
	const struct indicator *indicator;
	const char *unit;
	const char *unit_name;
	enum unit_kind kind;
	bool has_value;
	double value;
};
/* The rows the acting user may enter for unit (itself or below it) and period p, by unit code
 * then indicator code: for every indicator with values (not a ratio) each expected unit — the
 * commune itself for a commune's editor, the communes (and agencies) of a district. An editor
 * gets only units within its own unit (the importer's rule) and APP_FORBIDDEN for a unit outside
 * it; viewers and finance APP_FORBIDDEN; APP_NOT_FOUND for a unit not in the period's tree. An
 * indicator no unit has sent a value of yet has no expected units, so no rows: its first values
 * come by file (app_import_values). */
enum app_status app_indicator_entries(struct app *a, const char *unit, struct period p,
                                      int (*each)(void *ctx, const struct indicator_entry *e),
                                      void *ctx, struct diag *d);

/* A value typed into the entry form (or sent by a program) for period p: the text as given. */
struct app_value_entry {
	const char *indicator;
	const char *unit;
	const char *value;
};
#define APP_VALUES_FORM_LABEL "biểu mẫu nhập liệu" /* the "file" of messages and the audit */
/* Writes the entries through app_import_values — its checks, its rights, all or nothing, one
 * audit row — as a values CSV made in memory, labelled APP_VALUES_FORM_LABEL, whose source
 * column says APP_VALUES_FORM_LABEL too. Entry i is line i + 2 of that CSV (line breaks in a
 * value become spaces), so a diagnostic "biểu mẫu nhập liệu:LINE: column: message" names its
 * entry. n == 0 writes nothing (and no audit row). */
enum app_status app_values_enter(struct app *a, struct period p, const struct app_value_entry *e,
                                 size_t n, struct diag *d, struct import_result *r);

/* The unit indicator pages show when none is asked for: the first province (by code) in the
 * tree of p's last day, else the first unit without a parent; "" when the tree is empty. */
enum app_status app_indicator_default_unit(struct app *a, struct period p,
                                           char out[UNIT_CODE_MAX + 1]);
/* The years that have values of any indicator, newest first (at most max); *n how many. */
enum app_status app_indicator_years(struct app *a, int *years, size_t max, size_t *n);
/* The year indicator pages show when none is asked for: the newest year with values that is
 * not after this year, else this year. */
int app_indicator_default_year(struct app *a);

/* ---- next year's catalogue (app/import_proposals.c, app/plan.c) ----
 * Proposals for a year — a task's plan and the committee's merit score (0..1000) — come from a
 * CSV file or from carrying over the unfinished tasks of the year before. app_plan selects among
 * them under a budget ceiling by the committee's tiers (core/plan.h states the rules exactly);
 * app_plan_adopt turns the selection into the year's tasks and records the decision, once per
 * year. Writes are administrators'; reads need a signed-in user. */

/* All or nothing, like the tasks import. Header: the tasks header (io/task_io.h; status may be
 * left out or empty) plus score (a whole number 0..1000; 1 when absent or empty); the year
 * column is the year proposed for. Every row is read and checked as a task (the same parser and
 * messages), and a proposal is not begun: status planned, no progress, nothing disbursed. The
 * investor exists; carried_from names a task of an earlier year. A proposal already present
 * (same year and code) has its fields and score replaced (r->updated) unless equal
 * (r->unchanged). Audit: import.proposals. */
enum app_status app_import_proposals(struct app *a, const char *label, const char *data, size_t len,
                                     struct diag *d, struct import_result *r);

/* Carries over the tasks of from_year whose current status is in_progress or deferred: a
 * proposal for from_year + 1 with the task's code (plan_carry_over: budget − disbursed,
 * carried_from the task's code). A proposal already present with that code keeps its score and
 * takes the task's figures: r->updated when they differ, r->unchanged when not (so running it
 * twice changes nothing the second time). r->rows counts the tasks carried over. One audit row
 * (plan.carry_over), in one transaction. */
enum app_status app_plan_carry_over(struct app *a, int from_year, struct diag *d,
                                    struct import_result *r);

/* What to select: the proposals of year, under a ceiling, with codes locked in or excluded. */
struct app_plan_request {
	int year;
	int64_t budget_vnd; /* the ceiling, 0..MONEY_MAX_VND */
	const char *const *locks;
	size_t n_locks;
	const char *const *excludes;
	size_t n_excludes;
};

/* The selection (plan_select) of the year's proposals, into out (plan_result_init'ed by the
 * caller; plan_result_finish it): entries selected first, then the others, each part by tier,
 * then code. APP_BAD_INPUT with a diagnostic for a lock or exclude naming no proposal of the
 * year, a code both locked and excluded, locked proposals costing more than the ceiling, or a
 * tier too large to solve exactly. */
enum app_status app_plan(struct app *a, const struct app_plan_request *q, struct plan_result *out,
                         struct diag *d);
/* Makes the same selection and, in one transaction, registers each selected proposal as a task
 * of the year (status planned, progress 0, nothing disbursed, carried_from kept) the way the
 * tasks import registers a new task, and records the decision (who, when, ceiling, locks,
 * excludes, every entry with its tier and reason) with an audit row (plan.adopt). APP_CONFLICT
 * when the year was adopted already, or a selected code is already a task of the year;
 * APP_BAD_INPUT as app_plan, or when nothing is selected. out receives the decision. */
enum app_status app_plan_adopt(struct app *a, const struct app_plan_request *q,
                               struct plan_result *out, struct diag *d);
/* The adopted decision of a year, as it was recorded (adopted_at, adopted_by, locks and
 * excludes set). APP_NOT_FOUND when the year has none. */
enum app_status app_plan_show(struct app *a, int year, struct plan_result *out, struct diag *d);

/* ---- disbursement monitoring (app/disbursement.c) and Finance's allocations (app/allocations.c)
 * The rules — curves, projection, flags, colours, idle and bottleneck, allocations — are written
 * out at the top of core/disbursement.h. Reads need no role (the route decides who reads);
 * writes are audited in their transaction. */

/* The disbursement of year against its plan on as_of (unset: 31 December of the year, or today
 * if earlier; a day before the year is APP_BAD_INPUT), for the tasks whose investor is unit or
 * below it in the tree of as_of (all when NULL; an unknown unit is APP_NOT_FOUND): every task's
 * curves, state, flags and colour (with its override), the investors' and the total's curves
 * and projection (seasonal from earlier years with monthly history, else linear), and the
 * allocations in force at or below unit (out->departments), idle ones flagged. out is
 * initialised here and must be disbursement_finish'ed, also after a failure. */
enum app_status app_disbursement(struct app *a, int year, const char *unit, struct date as_of,
                                 struct disbursement *out, struct diag *d);
/* One task's colour on as_of (unset: today, so judged on its current state): out holds that
 * one task (out->tasks[0]) with its computed colour, flags and override. */
enum app_status app_task_colour(struct app *a, int year, const char *code, struct date as_of,
                                struct disbursement *out, struct diag *d);
/* An administrator's colour for a task, with a mandatory comment (why); colour NULL clears the
 * override in force (the comment is then optional). A new record each time, the latest wins;
 * it stays until cleared. Audited as task.colour. APP_BAD_INPUT without a comment, or clearing
 * when there is nothing to clear. */
enum app_status app_task_colour_set(struct app *a, int year, const char *code,
                                    const enum disbursement_colour *colour, const char *comment,
                                    struct diag *d);

/* Records Finance's allocation (phân cấp) of amount_vnd to unit for year (finance or admin): a
 * new record, in force from now on, audited as allocation.set. Refused (APP_BAD_INPUT) when it
 * is smaller than what the year's tasks at or below the unit already commit (Σ budgets).
 * *result (if not NULL, disbursement_departments_finish'ed by the caller) receives the unit's
 * row as it now stands; *previous_vnd (if not NULL) the amount in force before, or -1. */
enum app_status app_allocate(struct app *a, const char *unit, int year, int64_t amount_vnd,
                             const char *note, struct diag *d,
                             struct disbursement_departments *result, int64_t *previous_vnd);
/* Every allocation in force for year, by unit: allocated, committed (Σ budgets of the year's
 * tasks at or below the unit, in the tree of the year), disbursed on as_of (unset as in
 * app_summary), idle days, bottleneck flags. out is initialised here (finish it always). */
enum app_status app_allocations(struct app *a, int year, struct date as_of,
                                struct disbursement_departments *out, struct diag *d);

/* ---- DTI readiness (app/dti.c, app/dti_import.c, app/dti_evidence.c) ----
 * The rules — scoring, points at risk, owed and overdue — are at the top of core/dti.h.
 * Reads need no role beyond the route's; writes are audited in their transaction (dti.framework,
 * dti.use, dti.set, dti.import, dti.evidence, dti.withdraw, dti.published). Who may write:
 *   frameworks, year bindings, published values, assigning a unit / due date / linked
 *     indicator, and the status verified: administrators;
 *   an item's value, note, status up to submitted, and its evidence: administrators, and editors
 *     whose unit is the item's responsible unit or above it. */

/* CSV import of frameworks (administrators), all or nothing. Header
 *   framework,code,parent,name,points,kind,target,rule,evidence_required
 * and optionally weight, official (yes/no; default yes) and source. evidence_required and
 * official take yes/no, 1/0 or có/không. A file may hold several frameworks; each named one is
 * replaced as a whole, and refused when an item that has entries or evidence in a bound year
 * would disappear. r->rows counts items, r->inserted new frameworks, r->updated replaced ones,
 * r->unchanged frameworks identical to what was stored. */
enum app_status app_dti_framework_import(struct app *a, const char *label, const char *data,
                                         size_t len, struct diag *d, struct import_result *r);
enum app_status app_dti_frameworks_each(struct app *a,
                                        int (*each)(void *ctx, const struct store_dti_framework *f),
                                        void *ctx);

/* Binds year to framework (which must exist) and the unit assessed: province, or when NULL the
 * one unit of kind province valid on 31 December of the year (APP_BAD_INPUT when there is
 * none or several). Rebinding to another framework is refused while the year has entries or
 * evidence of codes the new one lacks. */
enum app_status app_dti_use(struct app *a, int year, const char *framework, const char *province,
                            struct diag *d);
/* Every bound year, newest first. */
enum app_status app_dti_years_each(struct app *a,
                                   int (*each)(void *ctx, int year, const char *framework,
                                               const char *province),
                                   void *ctx);

/* What app_dti_set changes; fields not "has_" / NULL are left as they are. */
struct app_dti_change {
	bool has_value;
	bool clear_value; /* with has_value: the value is removed */
	double value;     /* checked against the item's kind (dti_value_check) */
	const char *unit; /* the responsible unit; "" unassigns */
	bool has_due;
	struct date due; /* unset: no due date */
	bool has_status;
	enum dti_status status; /* default on a first value: draft; removing it: missing */
	const char *indicator;  /* a linked indicator's code ("" unlinks): the value fills itself */
	const char *note;
	int64_t expected_version; /* 0: any; else APP_CONFLICT when the entry has moved on */
};
/* Writes one scored item's entry for year (the year must be bound; APP_NOT_FOUND for a code
 * that is not a scored item of its framework). Refused: a value on a linked item, a status
 * submitted or verified without a value. *result (if not NULL, dti_entry_clear'ed by the
 * caller) receives the entry as it now is. */
enum app_status app_dti_set(struct app *a, int year, const char *code,
                            const struct app_dti_change *c, struct diag *d,
                            struct dti_entry *result);
/* Bulk entry for year, all or nothing: header code,value,unit and optionally due, status, note.
 * An empty cell leaves that field as it is. r->updated counts the entries that changed. */
enum app_status app_dti_import(struct app *a, int year, const char *label, const char *data,
                               size_t len, struct diag *d, struct import_result *r);
/* The recorded states of an item's entry, oldest first. */
enum app_status app_dti_history(struct app *a, int year, const char *code,
                                int (*each)(void *ctx, const struct dti_entry *e), void *ctx);

/* What the acting user may do to item i of an assessment (enum app_dti_right bits). */
enum app_dti_right {
	APP_DTI_VALUE = 1 << 0,    /* value, note, status up to submitted */
	APP_DTI_EVIDENCE = 1 << 1, /* add and withdraw evidence */
	APP_DTI_ASSIGN = 1 << 2,   /* responsible unit, due date, linked indicator */
	APP_DTI_VERIFY = 1 << 3,   /* status verified */
};
unsigned app_dti_rights(struct app *a, const struct dti_assessment *as, size_t i);

/* A new item of evidence: the document reference and optionally its file. */
struct app_dti_evidence_new {
	const char *number;    /* số hiệu (may be NULL or "") */
	const char *title;     /* tên văn bản (required) */
	struct date doc_date;  /* ngày văn bản (required) */
	const char *summary;   /* trích yếu (may be NULL) */
	const char *file_name; /* with file: its name as uploaded (directories are dropped) */
	const void *file;      /* NULL: a reference without a file */
	size_t file_bytes;     /* at most DTI_EVIDENCE_MAX_BYTES */
};
/* Records evidence for a scored item of year. The file's type is recognised from its first
 * bytes (PDF, DOCX, XLSX, PNG, JPEG; anything else is refused with a message naming the
 * accepted types); its SHA-256 is computed here. *id receives the new item's id. */
enum app_status app_dti_evidence_add(struct app *a, int year, const char *code,
                                     const struct app_dti_evidence_new *e, struct diag *d,
                                     int64_t *id);
/* Withdraws an item of evidence (it stays on record, no longer counts). */
enum app_status app_dti_evidence_withdraw(struct app *a, int64_t id, struct diag *d);
/* The evidence of year (one item's when code is not NULL), withdrawn ones included when asked. */
enum app_status app_dti_evidence_each(struct app *a, int year, const char *code,
                                      bool with_withdrawn,
                                      int (*each)(void *ctx, const struct dti_evidence *e),
                                      void *ctx);
/* An evidence item and its file: *meta (dti_evidence_clear it) and the bytes appended to
 * content (initialise it with limit DTI_EVIDENCE_MAX_BYTES + 1). APP_NOT_FOUND when there is
 * no such item or it has no file. Any signed-in user may read evidence. */
enum app_status app_dti_evidence_file(struct app *a, int64_t id, struct dti_evidence *meta,
                                      struct buf *content);

/* The ministry's published results, entered by administrators from its announcement: CSV header
 * year,code,value and optionally source, where code is a main index of the year's framework
 * (the year must be bound) or DTI for the whole index, and value is 0..1 as published
 * ("0,8002" or "0.8002"). All or nothing. */
enum app_status app_dti_published_import(struct app *a, const char *label, const char *data,
                                         size_t len, struct diag *d, struct import_result *r);

/* A year's assessment, computed: the framework's items with their entries (linked indicators'
 * values filled from the unit assessed's figure for the year, unit names, evidence counted by
 * dti_evidence_counts), scored by dti_assess on as_of (unset: today), and the year before's
 * published results in out->previous. out is initialised here (dti_assessment_clear it always).
 * APP_NOT_FOUND (with a diagnostic) when the year is not bound to a framework. */
enum app_status app_dti_assessment(struct app *a, int year, struct date as_of,
                                   struct dti_assessment *out, struct diag *d);
/* Item i of as as JSON: dti_report_item_json with "evidence_items" (every item of evidence,
 * withdrawn ones included: dti_report_evidence_json) and, for a scored item, "history" (its
 * recorded states, oldest first: dti_report_entry_json) — `dxtrack dti show --format json` and
 * GET /api/v1/dti/{year}/{code}. *out is new (json_decref it); NULL on failure. */
enum app_status app_dti_item_json(struct app *a, const struct dti_assessment *as, size_t i,
                                  json_t **out);
/* The index of item code in as, or as->n. */
size_t app_dti_find(const struct dti_assessment *as, const char *code);

/* ---- settings (app/settings.c) ----
 * Named texts the documents use, set by administrators (`dxtrack settings set KEY VALUE`),
 * each write audited (setting.set). The keys and what they hold: */
#define APP_SETTING_KEYS                                                                           \
	X(parent_body, "Cơ quan chủ quản (dòng 1 của ô 2): UBND TỈNH BẮC KẠN")                     \
	X(issuing_body, "Cơ quan ban hành (dòng 2 của ô 2): BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ")            \
	X(number_suffix, "Ký hiệu sau số: BC-BCĐ")                                                 \
	X(place, "Địa danh: Bắc Kạn")                                                              \
	X(signer_authority, "Quyền hạn người ký: TM. BAN CHỈ ĐẠO (có thể để trống)")               \
	X(signer_title, "Chức vụ người ký: TRƯỞNG BAN")                                            \
	X(signer_name, "Họ tên người ký")                                                          \
	X(recipients, "Nơi nhận, mỗi nơi một dòng (không có dấu - đầu dòng)")                      \
	X(report_title, "Trích yếu của báo cáo năm; {{year}} là năm")                              \
	X(template, "Mẫu nội dung báo cáo (report/template.h); trống: mẫu có sẵn")
/* Sets (value "" removes) one of APP_SETTING_KEYS; APP_BAD_INPUT for another key or invalid
 * UTF-8. Administrators only. */
enum app_status app_setting_set(struct app *a, const char *key, const char *value, struct diag *d);
/* The value of key (malloc'd; NULL when not set). */
enum app_status app_setting_get(struct app *a, const char *key, char **value);
/* Every key of APP_SETTING_KEYS in that order, with its value (NULL when not set) and help. */
enum app_status app_settings_each(struct app *a,
                                  int (*each)(void *ctx, const char *key, const char *value,
                                              const char *help),
                                  void *ctx);

/* ---- official documents (app/report_build.c, app/reports.c) ---- */

/* What a document is made from besides the data. NULL fields take the settings, then the
 * built-in defaults. */
struct app_report_options {
	struct date as_of;          /* unset: 31 December of the year, or today if earlier */
	struct date date;           /* the document's date (ô 4); unset: as_of */
	const char *number;         /* "125" (ô 3 becomes "Số: 125/BC-BCĐ"); NULL: left blank */
	const char *template_label; /* names the template in messages */
	const char *template_text;  /* NULL: the `template` setting, else the built-in one */
};

/* The committee's report of year from the live data: the header and signature from the
 * settings, the body from the template with the year's figures (exactly those of app_summary
 * for the same as_of), the indicators of the unit assessed, the DTI readiness when the year is
 * bound to a framework, and next year's proposed catalogue when there are proposals; *appendix
 * (report/appendix_xlsx.h's JSON, new reference) lists every task, the investors and the
 * indicators. *figures (new reference) is the flat object of every template field and its
 * value, which the review compares between versions. doc is initialised here (doc_finish it
 * always). APP_BAD_INPUT with "LABEL:LINE: template: …" for a broken template. */
enum app_status app_report_build(struct app *a, int year, const struct app_report_options *o,
                                 struct doc *doc, json_t **appendix, json_t **figures,
                                 struct diag *d);

/* app_report_build's result as one snapshot {"doc": doc_to_json, "appendix", "figures"} (a new
 * reference): what the review freezes, and what the live documents are rendered from. */
enum app_status app_report_live(struct app *a, int year, const struct app_report_options *o,
                                json_t **snapshot, struct diag *d);

enum app_report_format { APP_REPORT_DOCX, APP_REPORT_PDF, APP_REPORT_XLSX };
/* A document in one format from a snapshot ({"doc","appendix","figures"}): the bytes appended
 * to out. The same snapshot gives the same bytes. */
enum app_status app_report_render(const json_t *snapshot, enum app_report_format f, struct buf *out,
                                  struct diag *d);

/* ---- the review: draft → comments → revised → submitted (app/reports.c) ----
 * A report (one per year) is a list of versions; each version is frozen when made: its
 * snapshot ({"doc","appendix","figures"} of app_report_build) and the SHA-256 of the snapshot's
 * bytes are stored, so any version regenerates byte for byte whatever the data does later.
 * Committee members (any signed-in user) comment on a version, per section (doc_block.section);
 * administrators (the drafting unit) answer each comment (accepted, explained, rejected, with a
 * text) and issue the next version (status revised), then submit the latest (status submitted:
 * nothing more may be added). Each step is audited (report.draft, report.comment,
 * report.answer, report.revise, report.submit). */

enum report_status { REPORT_DRAFT, REPORT_REVISED, REPORT_SUBMITTED };
enum report_answer { REPORT_OPEN, REPORT_ACCEPTED, REPORT_EXPLAINED, REPORT_REJECTED };

struct report_version {
	int64_t report_id;
	int year;
	int version;
	enum report_status status; /* of this version */
	char sha256[65];
	const char *created_at;
	const char *author;
	const char *submitted_at; /* NULL until submitted */
};

struct report_comment {
	int64_t id;
	int64_t report_id;
	int version;
	const char *section;
	const char *text;
	const char *author;
	const char *created_at;
	enum report_answer answer;
	const char *answer_text; /* NULL while open */
	const char *answered_by;
	const char *answered_at;
};

/* Makes version 1 (draft) of year's report from the live data (administrators); APP_CONFLICT
 * when the year already has a report. *report_id receives its id. */
enum app_status app_report_draft(struct app *a, int year, const struct app_report_options *o,
                                 int64_t *report_id, struct diag *d);
/* Makes the next version (revised) from the live data; refused while a comment on the latest
 * version is open, or once submitted. The number and date given to the version before are kept
 * unless o gives new ones. */
enum app_status app_report_revise(struct app *a, int64_t report_id,
                                  const struct app_report_options *o, struct diag *d);
/* Submits the latest version: refused while a comment on it is open. */
enum app_status app_report_submit(struct app *a, int64_t report_id, struct diag *d);
/* A comment on a section of a version (the latest, not submitted). */
enum app_status app_report_comment(struct app *a, int64_t report_id, int version,
                                   const char *section, const char *text, int64_t *comment_id,
                                   struct diag *d);
/* The drafting unit's answer (administrators), once per comment. */
enum app_status app_report_answer(struct app *a, int64_t comment_id, enum report_answer answer,
                                  const char *text, struct diag *d);
/* Every version of every report (newest report first, versions in order), or of one. */
enum app_status app_report_versions(struct app *a, int64_t report_id /* 0: all */,
                                    int (*each)(void *ctx, const struct report_version *v),
                                    void *ctx);
enum app_status app_report_comments(struct app *a, int64_t report_id,
                                    int (*each)(void *ctx, const struct report_comment *c),
                                    void *ctx);
/* A version's document as a file: file_name "N.docx", "N.pdf" or "N.xlsx" (version N of the
 * report) rendered from the version's snapshot into out, with its download name
 * ("bao-cao-2023-ban-2.pdf"), media type and ETag (the snapshot's SHA-256 and the format).
 * APP_NOT_FOUND (with a diagnostic) for another name or a version the report does not have. */
struct app_report_file {
	char name[64];
	const char *media_type;
	char etag[96];
};
enum app_status app_report_file(struct app *a, int64_t report_id, const char *file_name,
                                struct buf *out, struct app_report_file *meta, struct diag *d);
/* A version's snapshot (*snapshot new reference), checked against its stored SHA-256
 * (APP_FAILED with a message when they differ). */
enum app_status app_report_snapshot(struct app *a, int64_t report_id, int version,
                                    json_t **snapshot, struct diag *d);

/* ---- backup and restore (app/backup.c) ----
 * Administrators only (the CLI acts as the system, which is one). A backup is one checked,
 * self-contained database file, copied online from one snapshot (store_backup); a restore
 * replaces the database by such a file after checking it, atomically, and refuses while the
 * database is in use elsewhere (store_restore_begin). */

/* What a backup wrote, or what a restore put in place. */
struct app_db_copy {
	struct store_file_info info; /* the file written (backup) or the database now (restore) */
	int found_version;           /* restore: the file's schema version before migrating up */
	char sha256[65];             /* of the backup file: written, or restored from (hex) */
	bool written;                /* backup: the file is complete (even if its audit failed) */
	char database[512];          /* restore: the database, as it may be shown (no password) */
};

/* Writes a backup of the database to path (refused when path exists, unless force) and audits
 * it as db.backup in this database (the file, its size, SHA-256 and counts). APP_FAILED with
 * the reason in app_error() on refusal or failure. */
enum app_status app_backup(struct app *a, const char *path, bool force, struct app_db_copy *out,
                           struct diag *d);

/* Replaces the database named by db_url by the backup file `file` (refused when a database
 * exists there, unless force; when it is in use; when file is not a sound dxtrack database or
 * is newer than this binary), migrating the copy up, and appends db.restore (the file, its
 * SHA-256 and size) to the restored database's audit log, as actor. now_utc as in app_open.
 * APP_FAILED with the reason in why; the database is then as it was. */
enum app_status app_restore(const char *db_url, const char *file, bool force, const char *actor,
                            const char *now_utc, struct app_db_copy *out, char *why,
                            size_t why_size);

/* ---- moving the data to another database (app/migrate.c) ---- */

/* What a migration did: the databases as they may be shown (no password), and per table the
 * rows and SHA-256 read back from each side (store_copy). */
struct app_migration {
	char from[512];
	char to[512];
	struct store_copy_report report;
};

/* Copies the whole database named by from_url into the one named by to_url, of either backend,
 * which must hold no data yet (both are brought up to this binary's schema first): every table
 * in one transaction of the target, verified by counts and SHA-256 on both sides, with
 * db.migrate appended to the target's audit log as actor (the system, an administrator);
 * now_utc as in app_open. The source is only read. APP_FAILED with the reason in why on
 * refusal, failure or a difference (out->report then says which tables): the target then holds
 * nothing of it. */
enum app_status app_migrate(const char *from_url, const char *to_url, const char *actor,
                            const char *now_utc, struct app_migration *out, char *why,
                            size_t why_size);

#endif
