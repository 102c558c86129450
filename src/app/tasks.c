/* tasks.c — progress updates of one task (`dxtrack task update`, the web form and the API).
 *
 * Who may change what: user_task_rights (core/user.c) gives the role's rights over the task, an
 * editor's depending on whether the investor is its unit or below it. Every field the change sets
 * must be among them. A writer that read version N may insist on it (expected_version): if the
 * task moved on meanwhile the update is refused as a conflict, so nobody overwrites figures they
 * have not seen.
 */
#include <stdlib.h>
#include <string.h>

#include "../lib/mem.h"
#include "../text/utf8.h"
#include "app_impl.h"

struct task_update_report {
	struct diag *diag;
	const char *object;
};

/* Rule messages from core name CSV columns; for an update they name the option's field. */
static void task_update_report(void *ctx, const char *column, const char *message)
{
	struct task_update_report *r = ctx;
	diag_add(r->diag, r->object, 0, column, "%s", message);
}

/* The rights needed by change c. */
static unsigned task_change_needs(const struct task_change *c)
{
	unsigned needs = 0;
	if (c->has_progress)
		needs |= RIGHT_PROGRESS;
	if (c->has_disbursed)
		needs |= RIGHT_DISBURSED;
	if (c->has_status)
		needs |= RIGHT_STATUS;
	if (c->note && c->note[0])
		needs |= RIGHT_NOTE;
	return needs;
}

enum app_status app_task_rights(struct app *a, const struct task *t, unsigned *rights)
{
	bool in_own_unit = false;
	*rights = 0;
	if (a->who.kind == APP_NOBODY)
		return APP_OK;
	if (a->who.role == ROLE_EDITOR) {
		int rc = a->who.unit[0] ? store_unit_within(a->store, t->investor, a->who.unit) : 0;
		if (rc < 0)
			return APP_FAILED;
		in_own_unit = rc == 1;
	}
	*rights = user_task_rights(a->who.role, in_own_unit);
	return APP_OK;
}

/* Whether the acting user may make change c to task t: APP_OK, APP_FORBIDDEN (reported) or
 * APP_FAILED. */
static enum app_status task_may_change(struct app *a, const struct task *t,
                                       const struct task_change *c, const char *object,
                                       struct diag *d)
{
	unsigned rights;
	if (app_task_rights(a, t, &rights) != APP_OK)
		return APP_FAILED;
	unsigned needs = task_change_needs(c);
	/* no rights at all refuses even a change that sets nothing */
	if (rights && (needs & ~rights) == 0)
		return APP_OK;
	if (a->who.role == ROLE_EDITOR)
		diag_add(d, object, 0, NULL, "investor %s is outside your unit %s", t->investor,
		         a->who.unit[0] ? a->who.unit : "(none)");
	else if (a->who.role == ROLE_FINANCE)
		diag_add(d, object, 0, NULL,
		         "a finance user may change only the disbursement (and add a note)");
	else
		diag_add(d, object, 0, NULL, "%s may not change tasks",
		         app_role_phrase(a->who.role));
	return APP_FORBIDDEN;
}

/* Moves the task read in the transaction into *result (when wanted). */
static void task_give(struct task *t, struct task *result)
{
	if (!result)
		return;
	task_clear(result);
	*result = *t;
	memset(t, 0, sizeof *t);
}

enum app_status app_task_update(struct app *a, int year, const char *code,
                                const struct task_change *c, struct diag *d, struct task *result)
{
	struct task t = {0};
	char *note = NULL;
	json_t *detail = NULL;
	enum app_status status = app_require_user(a, d);
	char object[128];
	if (status != APP_OK)
		return status;
	status = APP_FAILED;
	snprintf(object, sizeof object, "task %d/%s", year, code);
	if (c->note && !utf8_valid(c->note, strlen(c->note), NULL)) {
		diag_add(d, object, 0, "note", "invalid UTF-8");
		return APP_BAD_INPUT;
	}
	if (c->note && utf8_length(c->note, strlen(c->note)) > TASK_TEXT_MAX) {
		diag_add(d, object, 0, "note", "longer than %d characters", TASK_TEXT_MAX);
		return APP_BAD_INPUT;
	}
	if (store_begin(a->store) < 0)
		return APP_FAILED;
	int found = store_task_get(a->store, year, code, &t);
	if (found <= 0) {
		status = found < 0 ? app_fail(a) : APP_NOT_FOUND;
		if (found == 0) {
			store_rollback(a->store);
			diag_add(d, NULL, 0, NULL, "no task %s in %d", code, year);
		}
		goto out;
	}
	status = task_may_change(a, &t, c, object, d);
	if (status != APP_OK) {
		store_rollback(a->store);
		goto out;
	}
	if (c->expected_version && c->expected_version != t.version) {
		store_rollback(a->store);
		diag_add(d, NULL, 0, NULL, "%s is at version %lld, not %lld: reload it", object,
		         (long long)t.version, (long long)c->expected_version);
		task_give(&t, result);
		status = APP_CONFLICT;
		goto out;
	}
	json_t *old = json_pack("{s:i,s:I,s:s}", "progress_pct", t.progress_pct, "disbursed_vnd",
	                        (json_int_t)t.disbursed_vnd, "status", task_status_code(t.status));
	if (c->has_progress)
		t.progress_pct = c->progress_pct;
	if (c->has_disbursed)
		t.disbursed_vnd = c->disbursed_vnd;
	if (c->has_status)
		t.status = c->status;
	struct task_update_report rep = {d, object};
	if (task_check(&t, task_update_report, &rep) > 0) {
		json_decref(old);
		store_rollback(a->store);
		status = APP_BAD_INPUT;
		goto out;
	}
	note = c->note ? utf8_nfc(c->note, strlen(c->note)) : NULL;
	struct task_update u = {
	    .task_id = t.id,
	    .version = t.version + 1,
	    .on_date = date_is_set(c->on_date) ? c->on_date : a->today,
	    .recorded_at = a->now,
	    .author = a->actor,
	    .source = a->source,
	    .progress_pct = t.progress_pct,
	    .disbursed_vnd = t.disbursed_vnd,
	    .status = t.status,
	    .note = note ? note : (char *)"",
	};
	detail = json_pack("{s:I,s:o,s:{s:i,s:I,s:s,s:s}}", "version", (json_int_t)u.version, "old",
	                   old, "new", "progress_pct", t.progress_pct, "disbursed_vnd",
	                   (json_int_t)t.disbursed_vnd, "status", task_status_code(t.status),
	                   "note", u.note);
	int rc = store_update_append(a->store, &u);
	if (rc == STORE_CONFLICT) {
		/* another writer appended this version first: its figures win, this one reloads */
		store_rollback(a->store);
		diag_add(d, NULL, 0, NULL, "%s was changed by someone else meanwhile: reload it",
		         object);
		status = APP_CONFLICT;
		if (result) {
			task_clear(result);
			if (store_task_get(a->store, year, code, result) < 0)
				status = APP_FAILED;
		}
		goto out;
	}
	status = app_commit(a, rc, "task.update", object, json_incref(detail));
	if (status != APP_OK)
		goto out;
	if (result) {
		task_clear(result);
		if (store_task_get(a->store, year, code, result) != 1)
			status = APP_FAILED;
	}
out:
	json_decref(detail);
	free(note);
	task_clear(&t);
	return status;
}
