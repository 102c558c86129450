/* plan.c — next year's catalogue (app.h): carrying unfinished tasks over as proposals, the
 * selection under a budget ceiling, its adoption as the year's tasks, and the adopted decision.
 *
 * The rules — tiers, reasons, the exact knapsack — are core/plan.c's; this file reads the
 * proposals, applies --lock and --exclude, and writes. Adoption registers each selected proposal
 * with task_rows_register, as the tasks import registers a new task, after task_check; the
 * decision is recorded in its own tables (sql/sqlite/0005_plan.sql), which never change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/money.h"
#include "../lib/mem.h"
#include "../text/vnfmt.h"
#include "task_rows.h"

/* ---- the proposals of a year, in code order ---- */

struct plan_proposals {
	struct proposal *p;
	size_t n;
	size_t cap;
};

static int plan_proposals_add(void *ctx, const struct proposal *p)
{
	struct plan_proposals *l = ctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->p = mem_realloc(l->p, l->cap * sizeof *l->p);
	}
	struct proposal *dst = &l->p[l->n++];
	*dst = *p;
	task_copy(&dst->task, &p->task);
	return 0;
}

static void plan_proposals_free(struct plan_proposals *l)
{
	for (size_t i = 0; i < l->n; i++)
		proposal_clear(&l->p[i]);
	free(l->p);
	memset(l, 0, sizeof *l);
}

/* The index of code among the proposals (ordered by code), or -1. */
static long plan_proposals_find(const struct plan_proposals *l, const char *code)
{
	size_t lo = 0, hi = l->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(l->p[mid].task.code, code);
		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* "A;B": codes joined for the record. */
static const char *plan_join(struct plan_result *r, const char *const *codes, size_t n)
{
	struct buf b;
	buf_init(&b, 0);
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(&b, ';');
		buf_puts(&b, codes[i]);
	}
	const char *s = arena_strdup(&r->strings, buf_cstr(&b));
	buf_finish(&b);
	return s;
}

/* Marks the locks and excludes of q on the items; reports unknown codes and codes both locked and
 * excluded. */
static void plan_mark(const struct app_plan_request *q, const struct plan_proposals *l,
                      struct plan_item *items, struct diag *d)
{
	for (size_t i = 0; i < q->n_locks; i++) {
		long k = plan_proposals_find(l, q->locks[i]);
		if (k < 0)
			diag_add(d, NULL, 0, "--lock", "no proposal \"%s\" for %d", q->locks[i],
			         q->year);
		else
			items[k].locked = true;
	}
	for (size_t i = 0; i < q->n_excludes; i++) {
		long k = plan_proposals_find(l, q->excludes[i]);
		if (k < 0)
			diag_add(d, NULL, 0, "--exclude", "no proposal \"%s\" for %d",
			         q->excludes[i], q->year);
		else if (items[k].locked)
			diag_add(d, NULL, 0, "--exclude", "%s is locked in and excluded at once",
			         q->excludes[i]);
		else
			items[k].excluded = true;
	}
}

/* Selects among the proposals l as q asks, into out (entries selected first, then the others,
 * each part by tier, then code). APP_OK or APP_BAD_INPUT (reported). */
static enum app_status plan_compute(const struct app_plan_request *q,
                                    const struct plan_proposals *l, struct plan_result *out,
                                    struct diag *d)
{
	enum app_status status = APP_BAD_INPUT;
	struct plan_item *items = mem_calloc(l->n ? l->n : 1, sizeof *items);
	struct buf reason, a, b;
	buf_init(&reason, 0);
	buf_init(&a, 0);
	buf_init(&b, 0);
	size_t problems = diag_total(d);
	if (q->budget_vnd < 0 || q->budget_vnd > MONEY_MAX_VND)
		diag_add(d, NULL, 0, "--budget-vnd", "the ceiling must be from 0 to %lld đồng",
		         (long long)MONEY_MAX_VND);
	for (size_t i = 0; i < l->n; i++) {
		const struct task *t = &l->p[i].task;
		items[i] = (struct plan_item){
		    .code = t->code,
		    .tier = plan_tier(t->tags, t->carried_from),
		    .score = l->p[i].score,
		    .budget_vnd = t->budget_vnd,
		};
	}
	plan_mark(q, l, items, d);
	if (diag_total(d) > problems)
		goto out;
	struct plan_totals tot;
	switch (plan_select(items, l->n, q->budget_vnd, &tot)) {
	case PLAN_LOCKS_OVER:
		vnfmt_int(&a, tot.locked * 1000000);
		vnfmt_int(&b, tot.capacity * 1000000);
		diag_add(d, NULL, 0, "--lock",
		         "the locked proposals cost %s đồng (in whole millions, rounded up), more "
		         "than the ceiling of %s đồng: lock fewer or raise the ceiling",
		         buf_cstr(&a), buf_cstr(&b));
		goto out;
	case PLAN_TOO_LARGE:
		diag_add(d, NULL, 0, NULL,
		         "tier %d holds too many proposals to select exactly within %lld MiB: "
		         "lock, exclude or split them",
		         tot.too_large_tier, (long long)(PLAN_TABLE_BITS_MAX >> 23));
		goto out;
	case PLAN_OK:
		break;
	}
	out->year = q->year;
	out->budget_vnd = q->budget_vnd;
	out->selected_vnd = tot.selected_vnd;
	for (int selected = 1; selected >= 0; selected--) {
		for (int tier = 1; tier <= PLAN_TIERS; tier++) {
			for (size_t i = 0; i < l->n; i++) {
				const struct proposal *p = &l->p[i];
				if (items[i].tier != tier ||
				    plan_pick_selected(items[i].pick) != (selected == 1))
					continue;
				buf_reset(&reason);
				if (selected) {
					plan_reason(&reason, p->task.tags, p->task.carried_from,
					            p->carried_year);
					if (items[i].pick == PLAN_PICK_LOCKED)
						buf_puts(&reason, " (chọn theo yêu cầu)");
				} else {
					buf_puts(&reason, plan_pick_reason(items[i].pick));
				}
				struct plan_entry e = {
				    .code = p->task.code,
				    .name = p->task.name,
				    .investor = p->task.investor,
				    .tier = tier,
				    .score = p->score,
				    .budget_vnd = p->task.budget_vnd,
				    .selected = selected == 1,
				    .reason = buf_cstr(&reason),
				};
				plan_result_add(out, &e);
			}
		}
	}
	status = APP_OK;
out:
	buf_finish(&b);
	buf_finish(&a);
	buf_finish(&reason);
	free(items);
	return status;
}

enum app_status app_plan(struct app *a, const struct app_plan_request *q, struct plan_result *out,
                         struct diag *d)
{
	struct plan_proposals l = {0};
	enum app_status status = app_require_user(a, d);
	if (status != APP_OK)
		return status;
	if (store_proposals_each(a->store, q->year, plan_proposals_add, &l) < 0)
		status = APP_FAILED;
	else
		status = plan_compute(q, &l, out, d);
	plan_proposals_free(&l);
	return status;
}

struct plan_rule_report {
	struct diag *diag;
	const char *object;
};

/* Messages of core's task rules, about the task a proposal becomes. */
static void plan_rule_report(void *ctx, const char *column, const char *message)
{
	struct plan_rule_report *r = ctx;
	diag_add(r->diag, r->object, 0, column, "%s", message);
}

/* Adoption after the selection: the selected proposals become tasks. APP_OK, APP_CONFLICT (a
 * code is a task of the year already), APP_BAD_INPUT or APP_FAILED; the caller rolls back. */
static enum app_status plan_register(struct app *a, const struct plan_proposals *l,
                                     const struct plan_result *r, struct diag *d)
{
	char object[128];
	enum app_status status = APP_OK;
	for (size_t i = 0; i < r->n_selected; i++) {
		struct task old = {0};
		int rc = store_task_get(a->store, r->year, r->entries[i].code, &old);
		task_clear(&old);
		if (rc < 0)
			return APP_FAILED;
		if (rc == 1) {
			diag_add(d, NULL, 0, NULL,
			         "%d already has a task %s: the catalogue cannot "
			         "register it again",
			         r->year, r->entries[i].code);
			status = APP_CONFLICT;
		}
	}
	/* the new tasks' budgets must fit Finance's allocations, as an import's must */
	if (status == APP_OK && r->n_selected > 0) {
		struct app_budget_row *rows = mem_calloc(r->n_selected, sizeof *rows);
		for (size_t i = 0; i < r->n_selected; i++) {
			const struct proposal *p =
			    &l->p[plan_proposals_find(l, r->entries[i].code)];
			rows[i] = (struct app_budget_row){0, r->year, p->task.code,
			                                  p->task.investor, p->task.budget_vnd};
		}
		int over = app_allocations_check(a, "plan", rows, r->n_selected, d);
		free(rows);
		if (over < 0)
			return APP_FAILED;
		if (over > 0)
			return APP_BAD_INPUT;
	}
	for (size_t i = 0; i < r->n_selected && status == APP_OK; i++) {
		const struct proposal *p = &l->p[plan_proposals_find(l, r->entries[i].code)];
		struct task t;
		task_copy(&t, &p->task);
		t.id = 0;
		t.status = TASK_PLANNED;
		t.progress_pct = 0;
		t.disbursed_vnd = 0;
		snprintf(object, sizeof object, "task %d/%s", t.year, t.code);
		struct plan_rule_report rep = {d, object};
		if (task_check(&t, plan_rule_report, &rep) > 0)
			status = APP_BAD_INPUT;
		else if (task_rows_register(a, &t, "plan") < 0)
			status = APP_FAILED;
		task_clear(&t);
	}
	return status;
}

enum app_status app_plan_adopt(struct app *a, const struct app_plan_request *q,
                               struct plan_result *out, struct diag *d)
{
	struct plan_proposals l = {0};
	struct plan_result before;
	char object[32];
	plan_result_init(&before);
	enum app_status status = app_require_admin(a, d, "adopt a catalogue");
	if (status != APP_OK)
		goto out;
	if (store_begin(a->store) < 0) {
		status = APP_FAILED;
		goto out;
	}
	int rc = store_plan_adopted(a->store, q->year, &before);
	if (rc != 0) {
		status = rc < 0 ? app_fail(a) : APP_CONFLICT;
		if (rc == 1) {
			store_rollback(a->store);
			struct buf when;
			buf_init(&when, 0);
			struct date day;
			const char *why;
			if (before.adopted_at && date_parse(before.adopted_at, 10, &day, &why) == 0)
				vnfmt_date(&when, day.year, day.month, day.day);
			diag_add(
			    d, NULL, 0, NULL,
			    "the catalogue of %d was adopted on %s by %s: a year is adopted once "
			    "(see `dxtrack plan show --year %d`)",
			    q->year, buf_cstr(&when), before.adopted_by, q->year);
			buf_finish(&when);
		}
		goto out;
	}
	if (store_proposals_each(a->store, q->year, plan_proposals_add, &l) < 0) {
		status = app_fail(a);
		goto out;
	}
	status = plan_compute(q, &l, out, d);
	if (status == APP_OK && out->n_selected == 0) {
		diag_add(d, NULL, 0, NULL, "nothing to adopt: no proposal for %d is selected",
		         q->year);
		status = APP_BAD_INPUT;
	}
	if (status == APP_OK)
		status = plan_register(a, &l, out, d);
	if (status != APP_OK) {
		if (status == APP_FAILED)
			app_fail(a);
		else
			store_rollback(a->store);
		goto out;
	}
	out->adopted_at = arena_strdup(&out->strings, a->now);
	out->adopted_by = arena_strdup(&out->strings, a->actor);
	out->locks = plan_join(out, q->locks, q->n_locks);
	out->excludes = plan_join(out, q->excludes, q->n_excludes);
	json_t *selected = json_array();
	for (size_t i = 0; i < out->n_selected; i++)
		json_array_append_new(selected, json_string(out->entries[i].code));
	json_t *detail =
	    json_pack("{s:I,s:I,s:o,s:s,s:s}", "budget_vnd", (json_int_t)out->budget_vnd,
	              "selected_vnd", (json_int_t)out->selected_vnd, "selected", selected, "locks",
	              out->locks, "excludes", out->excludes);
	snprintf(object, sizeof object, "plan %d", q->year);
	status = app_commit(a, store_plan_adopt(a->store, out), "plan.adopt", object, detail);
out:
	plan_result_finish(&before);
	plan_proposals_free(&l);
	return status;
}

enum app_status app_plan_show(struct app *a, int year, struct plan_result *out, struct diag *d)
{
	enum app_status status = app_require_user(a, d);
	if (status != APP_OK)
		return status;
	int rc = store_plan_adopted(a->store, year, out);
	if (rc < 0)
		return APP_FAILED;
	if (rc == 0) {
		diag_add(d, NULL, 0, NULL,
		         "no catalogue adopted for %d (see `dxtrack plan adopt --help`)", year);
		return APP_NOT_FOUND;
	}
	return APP_OK;
}

/* ---- carry-over ---- */

struct plan_carried {
	struct task *t;
	size_t n;
	size_t cap;
};

static int plan_carried_add(void *ctx, const struct task *t)
{
	struct plan_carried *c = ctx;
	if (!plan_carries_over(t))
		return 0;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->t = mem_realloc(c->t, c->cap * sizeof *c->t);
	}
	task_copy(&c->t[c->n++], t);
	return 0;
}

/* Writes the proposal task t carries over to. -1 on a store failure. */
static int plan_carry_one(struct app *a, const struct task *t, struct import_result *r)
{
	struct proposal p, old = {0};
	plan_carry_over(t, &p);
	int rc = store_proposal_get(a->store, p.task.year, p.task.code, &old);
	if (rc == 1)
		p.score = old.score; /* the committee's score stays */
	if (rc == 1 && proposal_equal(&old, &p)) {
		r->unchanged++;
		rc = 0;
	} else if (rc >= 0) {
		bool known = rc == 1;
		rc = store_proposal_put(a->store, &p, a->now);
		if (rc == 0 && known)
			r->updated++;
		else if (rc == 0)
			r->inserted++;
	}
	proposal_clear(&old);
	proposal_clear(&p);
	return rc;
}

enum app_status app_plan_carry_over(struct app *a, int from_year, struct diag *d,
                                    struct import_result *r)
{
	struct plan_carried c = {0};
	char object[32];
	memset(r, 0, sizeof *r);
	enum app_status status = app_require_admin(a, d, "carry tasks over");
	if (status != APP_OK)
		return status;
	if (from_year < TASK_YEAR_MIN || from_year >= TASK_YEAR_MAX) {
		diag_add(d, NULL, 0, "--from", "the year must be from %d to %d", TASK_YEAR_MIN,
		         TASK_YEAR_MAX - 1);
		return APP_BAD_INPUT;
	}
	if (store_begin(a->store) < 0)
		return APP_FAILED;
	struct task_filter f = {.year = from_year, .status = -1, .sort = TASK_SORT_CODE};
	int rc = store_tasks_each(a->store, &f, plan_carried_add, &c);
	for (size_t i = 0; rc == 0 && i < c.n; i++)
		rc = plan_carry_one(a, &c.t[i], r);
	r->rows = c.n;
	json_t *detail =
	    json_pack("{s:i,s:I,s:I,s:I,s:I}", "from", from_year, "rows", (json_int_t)r->rows,
	              "inserted", (json_int_t)r->inserted, "updated", (json_int_t)r->updated,
	              "unchanged", (json_int_t)r->unchanged);
	snprintf(object, sizeof object, "plan %d", from_year + 1);
	status = app_commit(a, rc, "plan.carry_over", object, detail);
	for (size_t i = 0; i < c.n; i++)
		task_clear(&c.t[i]);
	free(c.t);
	return status;
}
