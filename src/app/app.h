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

#include "../core/date.h"
#include "../core/summary.h"
#include "../core/task.h"
#include "../core/unit.h"
#include "../lib/diag.h"
#include "../store/store.h"

/* The outcome of a use case. cli/ maps it to an exit code, http/ (later) to a status; each
 * mapping is one table. */
enum app_status {
	APP_OK = 0,
	APP_FAILED,    /* the database or the system failed: store_error() says why */
	APP_BAD_INPUT, /* the input broke a rule: the diagnostics say where and why */
	APP_NOT_FOUND, /* no such task or unit */
};

/* A session with the database on behalf of one person (one CLI command or one HTTP request). */
struct app {
	struct store *store;
	char *actor;       /* who is writing: recorded in history and audit */
	char *source;      /* "cli", "web", "api": recorded in history */
	struct date today; /* the default date of progress updates */
	char now[32];      /* UTC timestamp of this session, "YYYY-MM-DDTHH:MM:SSZ" */
};

/* Opens the database (creating it and applying migrations as needed). now_utc may be NULL for
 * the clock, or "YYYY-MM-DDTHH:MM:SSZ" to fix the session's time (tests, back-dated entry).
 * APP_FAILED with the reason in why. */
enum app_status app_open(struct app *a, const char *db_url, const char *actor, const char *source,
                         const char *now_utc, char *why, size_t why_size);
void app_close(struct app *a);
const char *app_error(const struct app *a); /* the store's last failure */
int app_schema_version(struct app *a);      /* the database's migration level */

struct import_result {
	size_t rows;
	size_t inserted;
	size_t updated;
	size_t unchanged;
};

/* CSV import, all or nothing: one bad row rejects the file and nothing is written. label names
 * the file in messages. Header of units: code,name,kind,parent_code. Header of tasks: the
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
	const char *note;    /* may be NULL */
	struct date on_date; /* unset: today */
};

/* Records a dated progress update of one task after checking the rules on the resulting state;
 * *result (if not NULL) receives the task as it now is. */
enum app_status app_task_update(struct app *a, int year, const char *code,
                                const struct task_change *c, struct diag *d, struct task *result);
enum app_status app_task_get(struct app *a, int year, const char *code, struct task *out);
enum app_status app_task_history(struct app *a, int64_t task_id,
                                 int (*each)(void *ctx, const struct task_update *u), void *ctx);
enum app_status app_tasks_each(struct app *a, const struct task_filter *f,
                               int (*each)(void *ctx, const struct task *t), void *ctx);
enum app_status app_unit_get(struct app *a, const char *code, struct unit *out);
enum app_status app_units_each(struct app *a, int (*each)(void *ctx, const struct unit *u),
                               void *ctx);

/* The committee summary of a year, for the tasks whose investor is unit or below it (all tasks
 * when unit is NULL). Lagging is judged on as_of (unset: 31 December of the year, or today if
 * that is earlier). Investors are named and ordered by budget. */
enum app_status app_summary(struct app *a, int year, const char *unit, struct date as_of,
                            struct summary *out, struct diag *d);

#endif
