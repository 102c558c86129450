/* app_impl.h — helpers shared by the use cases in app/ (not for callers of app.h). */
#ifndef DXTRACK_APP_IMPL_H
#define DXTRACK_APP_IMPL_H

#include <jansson.h>

#include "app.h"

/* Appends the audit row of a write (inside the caller's transaction); detail may be NULL and is
 * not stolen. 0 or -1. */
int app_audit(struct app *a, const char *action, const char *object, json_t *detail);

/* Ends a successful import: appends its audit row (action, the file's label, the counts) and
 * commits. APP_OK, or APP_FAILED after a rollback. */
enum app_status app_import_finish(struct app *a, const char *action, const char *label,
                                  const struct import_result *r);

/* Ends a write whose changes are made (changed: 0, or -1 when one of them failed): appends its
 * audit row (detail is stolen; may be NULL) and commits, all in the write's transaction. APP_OK,
 * or APP_FAILED after a rollback — every write ends here. */
enum app_status app_commit(struct app *a, int changed, const char *action, const char *object,
                           json_t *detail);

/* A task filter whose unit subtree is read in the tree of the year it lists: a filter by unit
 * and year without unit_on gets the year's last day (or today, if earlier), as the summary does,
 * so the tasks of 2023 stay under the units of 2023 after a restructuring. Returns f itself or
 * copy (day holds the date). */
const struct task_filter *app_filter_dated(const struct app *a, const struct task_filter *f,
                                           struct task_filter *copy, char day[16]);

/* Rolls back and returns APP_FAILED (a store failure) — the one failure path of every write. */
enum app_status app_fail(struct app *a);

/* ---- who may act (app.c) ---- */

/* APP_OK when someone is signed in (a user, or the system); else APP_UNAUTHORIZED with
 * "sign in first" added to d (if not NULL). Every write and every protected read starts here. */
enum app_status app_require_user(struct app *a, struct diag *d);
/* APP_OK for an administrator (or the system); APP_UNAUTHORIZED for nobody; APP_FORBIDDEN for
 * the other roles, with "only an administrator may WHAT" added to d (if not NULL). */
enum app_status app_require_admin(struct app *a, struct diag *d, const char *what);

/* "an editor", "a finance user": the role in a sentence. */
const char *app_role_phrase(enum user_role r);

/* a->now moved by seconds, as "YYYY-MM-DDTHH:MM:SSZ" in out. */
void app_time_shift(const struct app *a, int64_t seconds, char out[32]);

/* ---- secrets (auth.c) ---- */

#define APP_HASH_HEX 64 /* a BLAKE2b-256 hash in hex */

/* The hash under which a session or API token is stored: BLAKE2b-256 of the secret, lower-case
 * hex. Only this ever reaches the database. */
void app_token_hash(const char *token, char out[APP_HASH_HEX + 1]);
/* Checks a new password: valid UTF-8 of USER_PASSWORD_MIN..USER_PASSWORD_MAX bytes. Adds the
 * reason to d as "OBJECT: password: …" (never the password itself; object may be NULL) and
 * returns false. */
bool app_password_acceptable(const char *password, const char *object, struct diag *d);
/* The Argon2id PHC string of a password (malloc'd), or NULL when libsodium fails (out of
 * memory for its 64 MiB). */
char *app_password_hash(const char *password);
/* True when password matches the PHC string. A NULL hash is checked against a fixed dummy hash
 * (and fails), so that an unknown name costs the same time as a wrong password. */
bool app_password_verify(const char *pw_hash, const char *password);

/* ---- Finance's allocations (allocations.c) ---- */

/* A task's budget as a write is about to leave it. */
struct app_budget_row {
	unsigned line; /* in the file being written, or 0 */
	int year;
	const char *code;
	const char *investor;
	int64_t budget_vnd;
};
/* Checks the allocations in force (core/disbursement.h) against budgets about to be written, in
 * the write's transaction, before writing: for each year of rows and each unit with an
 * allocation that year, Σ budgets of the year's tasks at or below the unit (the stored ones,
 * those in rows replaced by rows) must not exceed it. Adds "LABEL:LINE: budget_vnd: …" (unit,
 * allocation, overflow) for each row that adds money to an overflowing unit (a new task, a
 * higher budget, or a task moved under the unit). Every writer of budgets calls it (the tasks
 * import; anything else that registers tasks). Returns the number of problems, -1 on a store
 * failure. */
int app_allocations_check(struct app *a, const char *label, const struct app_budget_row *rows,
                          size_t n, struct diag *d);

#endif
