/* tasks.c — progress updates of one task (`dxtrack task update`, later the web form and API). */
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

enum app_status app_task_update(struct app *a, int year, const char *code,
                                const struct task_change *c, struct diag *d, struct task *result)
{
	struct task t = {0};
	char *note = NULL;
	enum app_status status = APP_FAILED;
	char object[128];
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
	if (c->has_progress)
		t.progress_pct = c->progress_pct;
	if (c->has_disbursed)
		t.disbursed_vnd = c->disbursed_vnd;
	if (c->has_status)
		t.status = c->status;
	struct task_update_report rep = {d, object};
	if (task_check(&t, task_update_report, &rep) > 0) {
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
	json_t *detail = json_pack("{s:i,s:I,s:s,s:s}", "progress_pct", t.progress_pct,
	                           "disbursed_vnd", (json_int_t)t.disbursed_vnd, "status",
	                           task_status_code(t.status), "note", u.note);
	int rc = store_update_append(a->store, &u);
	if (rc == 0)
		rc = app_audit(a, "task.update", object, detail);
	json_decref(detail);
	if (rc < 0 || store_commit(a->store) < 0) {
		status = app_fail(a);
		goto out;
	}
	status = APP_OK;
	if (result) {
		task_clear(result);
		if (store_task_get(a->store, year, code, result) != 1)
			status = APP_FAILED;
	}
out:
	free(note);
	task_clear(&t);
	return status;
}
