/* import_tasks.c — `dxtrack import tasks`: the year's tasks from CSV, all or nothing.
 *
 * The data may also be an .xlsx workbook: table_open (io/table.h) recognises it by its ZIP
 * signature and reads its first sheet (io/xlsx.h) as CSV, labelled "FILE:SHEET!" so that every
 * message below reads "FILE:SHEET!ROW: column: message"; a workbook that cannot be read is one
 * problem "FILE: why" and APP_BAD_INPUT, as an empty file is.
 *
 * Pass 1 reads every row and checks what the row alone can tell (formats, ranges, the rules of
 * core/task.c, duplicates in the file): task_rows.c, which the proposals import shares. Pass 2
 * checks references (the investor exists, carried_from names a task of an earlier year, in the
 * database or the file). Only when both passes found nothing does pass 3 write, in the same
 * transaction as the reads and the audit row.
 *
 * An administrator (or the system) may import any row; an editor only rows whose investor is its
 * unit or below it, both in the file and, for a task already stored, in the database (so a file
 * cannot move another unit's task into one's own). Each row outside is reported and the import is
 * refused as APP_FORBIDDEN. The unit check runs only for editors, once per distinct investor.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/mem.h"
#include "task_rows.h"

struct import_task_row {
	unsigned line;
	struct task task;
};

struct import_tasks {
	struct app *app;
	struct arena strings; /* the parsed rows' strings: freed at once at the end */
	struct table_reader *table;
	struct task_rows parser; /* pass 1 (task_rows.h); its investors cache serves pass 2 */
	struct import_task_row *rows;
	size_t n_rows;
	size_t cap_rows;
	struct hmap min_year; /* code → earliest year it has in the file */
	struct hmap within;   /* editors: code → 1 in the editor's unit, 0 outside (cache) */
	size_t forbidden;     /* rows outside the editor's unit */
	struct hmap stored;   /* "year/code" → id of the tasks the database already has */
	struct hmap years;    /* the years in the file whose stored codes are loaded */
};

/* For an editor: whether unit is its unit or below it (cached per unit). 1, 0, or -1 on a store
 * failure. Everyone else may import every row. */
static int import_tasks_within(struct import_tasks *im, const char *unit)
{
	struct app *a = im->app;
	if (a->who.role != ROLE_EDITOR)
		return 1;
	int64_t inside;
	if (!hmap_get(&im->within, unit, &inside)) {
		int rc = a->who.unit[0] ? store_unit_within(a->store, unit, a->who.unit) : 0;
		if (rc < 0)
			return -1;
		inside = rc;
		hmap_put(&im->within, unit, inside);
	}
	return (int)inside;
}

/* Pass 2: the investor exists and carried_from names a task of an earlier year. */
static int import_tasks_check_references(struct import_tasks *im, struct diag *d)
{
	bool any_carried = false;
	for (size_t i = 0; i < im->n_rows && !any_carried; i++)
		any_carried = im->rows[i].task.carried_from != NULL;
	for (size_t i = 0; any_carried && i < im->n_rows; i++) {
		const struct task *t = &im->rows[i].task;
		int64_t y;
		if (!hmap_get(&im->min_year, t->code, &y) || y > t->year)
			hmap_put(&im->min_year, t->code, t->year);
	}
	for (size_t i = 0; i < im->n_rows; i++) {
		const struct task *t = &im->rows[i].task;
		unsigned line = im->rows[i].line;
		int known = task_rows_investor(&im->parser, im->app, line, t->investor, d);
		if (known < 0)
			return -1;
		int inside = known ? import_tasks_within(im, t->investor) : 1;
		if (inside < 0)
			return -1;
		if (!inside) {
			diag_add(d, table_label(im->table), line, "investor",
			         "unit %s is outside your unit %s", t->investor, im->app->who.unit);
			im->forbidden++;
		}
		if (t->carried_from) {
			int64_t y;
			int found = hmap_get(&im->min_year, t->carried_from, &y) && y < t->year;
			if (!found)
				found = store_task_exists_before(im->app->store, t->carried_from,
				                                 t->year);
			if (found < 0)
				return -1;
			if (!found)
				diag_add(d, table_label(im->table), line, "carried_from",
				         "no task \"%s\" in a year before %d", t->carried_from,
				         t->year);
		}
	}
	return 0;
}

/* Pass 2, Finance's allocations (phân cấp): the year's budgets at or below each allocated unit
 * must fit its allocation (app_allocations_check, app/allocations.c). -1 on a store failure. */
static int import_tasks_check_allocations(struct import_tasks *im, struct diag *d)
{
	struct app_budget_row *rows = mem_calloc(im->n_rows ? im->n_rows : 1, sizeof *rows);
	for (size_t i = 0; i < im->n_rows; i++) {
		const struct task *t = &im->rows[i].task;
		rows[i] = (struct app_budget_row){im->rows[i].line, t->year, t->code, t->investor,
		                                  t->budget_vnd};
	}
	int rc = app_allocations_check(im->app, table_label(im->table), rows, im->n_rows, d);
	free(rows);
	return rc < 0 ? -1 : 0;
}

static bool import_same_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Adds {"field": [old, new]} to changes for each plan field that differs. */
static void import_task_diff(json_t *changes, const struct task *o, const struct task *n)
{
	struct {
		const char *name;
		const char *old_s, *new_s;
	} texts[] = {
	    {"name", o->name, n->name},
	    {"investor", o->investor, n->investor},
	    {"category", o->category, n->category},
	    {"carried_from", o->carried_from, n->carried_from},
	    {"note", o->note, n->note},
	    {"funding", task_funding_code(o->funding), task_funding_code(n->funding)},
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		if (!import_same_str(texts[i].old_s, texts[i].new_s))
			json_object_set_new(changes, texts[i].name,
			                    json_pack("[s,s]", texts[i].old_s ? texts[i].old_s : "",
			                              texts[i].new_s ? texts[i].new_s : ""));
	if (o->budget_vnd != n->budget_vnd)
		json_object_set_new(
		    changes, "budget_vnd",
		    json_pack("[I,I]", (json_int_t)o->budget_vnd, (json_int_t)n->budget_vnd));
	if (o->tags != n->tags) {
		struct buf a, b;
		buf_init(&a, 0);
		buf_init(&b, 0);
		task_tags_format(&a, o->tags);
		task_tags_format(&b, n->tags);
		json_object_set_new(changes, "tags",
		                    json_pack("[s,s]", buf_cstr(&a), buf_cstr(&b)));
		buf_finish(&a);
		buf_finish(&b);
	}
	struct date od[2] = {o->start_date, o->end_date}, nd[2] = {n->start_date, n->end_date};
	static const char *const dnames[2] = {"start_date", "end_date"};
	for (int i = 0; i < 2; i++) {
		if (date_compare(od[i], nd[i]) == 0)
			continue;
		struct buf a, b;
		buf_init(&a, 0);
		buf_init(&b, 0);
		date_format_iso(&a, od[i]);
		date_format_iso(&b, nd[i]);
		json_object_set_new(changes, dnames[i],
		                    json_pack("[s,s]", buf_cstr(&a), buf_cstr(&b)));
		buf_finish(&a);
		buf_finish(&b);
	}
}

struct import_stored_ctx {
	struct import_tasks *im;
	int year;
	struct buf key;
};

static int import_stored_each(void *ctx, const char *code, int64_t id)
{
	struct import_stored_ctx *c = ctx;
	task_rows_key(&c->key, c->year, code);
	hmap_put(&c->im->stored, buf_cstr(&c->key), id);
	return 0;
}

/* Loads the codes the database has for every year of the file: one indexed scan per year
 * instead of one lookup per row. -1 on a store failure. */
static int import_tasks_load_stored(struct import_tasks *im)
{
	struct import_stored_ctx c = {.im = im};
	int rc = 0;
	buf_init(&c.key, 0);
	for (size_t i = 0; i < im->n_rows && rc == 0; i++) {
		if (i > 0 && im->rows[i].task.year == im->rows[i - 1].task.year)
			continue; /* (rows come in runs of one year: no key to print) */
		char year[12];
		snprintf(year, sizeof year, "%d", im->rows[i].task.year);
		if (!hmap_put(&im->years, year, 1))
			continue;
		c.year = im->rows[i].task.year;
		rc = store_task_codes(im->app->store, c.year, import_stored_each, &c);
	}
	buf_finish(&c.key);
	return rc;
}

/* Pass 3 for one task: register it, or record what changed. -1 on a store failure. A stored
 * task outside an editor's unit is reported (d) and counted in im->forbidden, not written. */
static int import_task_write(struct import_tasks *im, struct import_task_row *row, struct diag *d,
                             struct import_result *r)
{
	struct app *a = im->app;
	struct task *t = &row->task;
	struct task old = {0};
	json_t *changes = NULL;
	char *changes_text = NULL;
	int rc = -1;
	struct buf key;
	buf_init(&key, 0);
	task_rows_key(&key, t->year, t->code);
	bool stored = hmap_get(&im->stored, buf_cstr(&key), NULL);
	buf_finish(&key);
	int found = stored ? store_task_get(a->store, t->year, t->code, &old) : 0;
	if (found < 0)
		goto out;
	int inside = found ? import_tasks_within(im, old.investor) : 1;
	if (inside < 0)
		goto out;
	if (!inside) {
		diag_add(d, table_label(im->table), row->line, "investor",
		         "task %d/%s belongs to unit %s, outside your unit %s", t->year, t->code,
		         old.investor, a->who.unit);
		im->forbidden++;
		rc = 0;
		goto out;
	}
	if (!found) {
		rc = task_rows_register(a, t, "import");
		r->inserted += rc == 0;
		goto out;
	}
	struct task_update u = {
	    .version = old.version + 1,
	    .on_date = a->today,
	    .recorded_at = a->now,
	    .author = a->actor,
	    .source = (char *)"import",
	    .progress_pct = t->progress_pct,
	    .disbursed_vnd = t->disbursed_vnd,
	    .status = t->status,
	    .note = (char *)"",
	};
	changes = json_object();
	import_task_diff(changes, &old, t);
	bool state_same = old.progress_pct == t->progress_pct &&
	                  old.disbursed_vnd == t->disbursed_vnd && old.status == t->status;
	if (json_object_size(changes) == 0 && state_same) {
		r->unchanged++;
		rc = 0;
		goto out;
	}
	t->id = old.id;
	if (json_object_size(changes) > 0) {
		if (store_task_update_plan(a->store, t) < 0)
			goto out;
		changes_text = json_dumps(changes, JSON_COMPACT);
	}
	u.task_id = t->id;
	u.changes = changes_text;
	rc = store_update_append(a->store, &u);
	r->updated += rc == 0;
out:
	free(changes_text);
	json_decref(changes);
	task_clear(&old);
	return rc;
}

static void import_tasks_free(struct import_tasks *im)
{
	arena_finish(&im->strings); /* every row's strings */
	free(im->rows);
	task_rows_finish(&im->parser);
	hmap_finish(&im->min_year);
	hmap_finish(&im->within);
	hmap_finish(&im->stored);
	hmap_finish(&im->years);
	table_close(im->table);
}

enum app_status app_import_tasks(struct app *a, const char *label, const char *data, size_t len,
                                 struct diag *d, struct import_result *r)
{
	memset(r, 0, sizeof *r);
	enum app_status status = app_require_user(a, d);
	if (status != APP_OK)
		return status;
	if (!user_may_import_tasks(a->who.role)) {
		diag_add(d, NULL, 0, NULL,
		         "only an administrator or an editor may import tasks; %s is %s",
		         a->who.name, app_role_phrase(a->who.role));
		return APP_FORBIDDEN;
	}
	struct import_tasks im = {.app = a};
	arena_init(&im.strings);
	status = APP_BAD_INPUT;
	size_t problems = diag_total(d);
	task_rows_init(&im.parser, "task", &im.strings);
	hmap_init(&im.min_year);
	hmap_init(&im.within);
	hmap_init(&im.stored);
	hmap_init(&im.years);
	im.table = table_open(label, data, len, task_row_columns, TASK_ROW_COLUMNS, d);
	if (!im.table)
		goto out;
	im.parser.table = im.table;
	if (store_begin(a->store) < 0) {
		status = APP_FAILED;
		goto out;
	}
	struct table_row row;
	int rc;
	while ((rc = table_next(im.table, &row)) > 0) {
		r->rows++;
		if (!row.ok)
			continue;
		if (im.n_rows == im.cap_rows) {
			im.cap_rows = im.cap_rows ? im.cap_rows * 2 : 1024;
			im.rows = mem_realloc(im.rows, im.cap_rows * sizeof *im.rows);
		}
		struct import_task_row *slot = &im.rows[im.n_rows];
		memset(slot, 0, sizeof *slot);
		slot->line = row.line;
		if (task_rows_parse(&im.parser, &row, &slot->task))
			im.n_rows++;
	}
	if (rc < 0)
		goto rollback;
	/* references are checked even when rows failed, so that one run reports everything */
	if (import_tasks_check_references(&im, d) < 0) {
		status = app_fail(a);
		goto out;
	}
	if (import_tasks_check_allocations(&im, d) < 0) {
		status = app_fail(a);
		goto out;
	}
	if (diag_total(d) > problems)
		goto rollback;
	if (import_tasks_load_stored(&im) < 0) {
		status = app_fail(a);
		goto out;
	}
	for (size_t i = 0; i < im.n_rows; i++) {
		if (import_task_write(&im, &im.rows[i], d, r) < 0) {
			status = app_fail(a);
			goto out;
		}
	}
	if (im.forbidden) {
		r->inserted = r->updated = r->unchanged = 0; /* nothing was written */
		goto rollback;
	}
	status = app_import_finish(a, "import.tasks", label, r);
	goto out;
rollback:
	store_rollback(a->store);
	status = im.forbidden ? APP_FORBIDDEN : APP_BAD_INPUT;
out:
	import_tasks_free(&im);
	return status;
}
