/* import_proposals.c — `dxtrack import proposals`: next year's proposals from CSV, all or nothing.
 *
 * A proposals file is a tasks file plus a `score` column (the committee's merit score, a whole
 * number from 0 to 1000; 1 when the column is absent or empty); its year column is the year
 * proposed for. Pass 1 reads each row with the tasks import's own parser (task_rows.c: the same
 * formats, ranges, rules, duplicate check and messages), then the score and the proposal rules
 * (core/plan.c proposal_check: not begun, so status planned — which may be left out — no progress,
 * nothing disbursed). Pass 2 checks references: the investor exists, carried_from names a task of
 * an earlier year in the database. Only when both passes found nothing does pass 3 write: a new
 * proposal is inserted, a known one (same year and code) has its fields and score replaced
 * unless equal; then the audit row (import.proposals), all in one transaction. Administrators
 * only: the catalogue is the committee's.
 */
#include <stdlib.h>
#include <string.h>

#include "../lib/mem.h"
#include "task_rows.h"

enum { P_SCORE = TASK_ROW_COLUMNS, P_COLUMNS };

struct import_proposals {
	struct app *app;
	struct arena strings; /* the parsed rows' strings: freed at once at the end */
	struct table_reader *table;
	struct task_rows parser;
	struct table_column columns[P_COLUMNS]; /* the tasks columns, then score */
	struct proposal *rows;
	unsigned *lines;
	size_t n_rows;
	size_t cap_rows;
};

struct import_proposal_report_ctx {
	struct table_reader *table;
	const struct table_row *row;
};

static void import_proposal_report(void *ctx, const char *column, const char *message)
{
	struct import_proposal_report_ctx *c = ctx;
	table_report(c->table, c->row, column, "%s", message);
}

/* Pass 1 for one row beyond the task's fields: the score and the proposal rules. */
static bool import_proposal_parse(struct import_proposals *im, const struct table_row *row,
                                  struct proposal *p)
{
	bool ok = task_rows_parse(&im->parser, row, &p->task);
	const char *score = row->values[P_SCORE];
	p->score = PLAN_SCORE_DEFAULT;
	if (score[0] && task_rows_int(score, 0, PLAN_SCORE_MAX, false, &p->score) < 0) {
		table_report(im->table, row, "score",
		             "the score must be a whole number from 0 to %d, got \"%s\"",
		             PLAN_SCORE_MAX, score);
		ok = false;
	}
	/* like task_check: only on fields that parsed */
	struct import_proposal_report_ctx ctx = {im->table, row};
	if (ok && proposal_check(p, import_proposal_report, &ctx) > 0)
		ok = false;
	return ok;
}

/* Pass 2: the investor exists; carried_from names a task of an earlier year. -1 on a store
 * failure. */
static int import_proposals_check_references(struct import_proposals *im, struct diag *d)
{
	for (size_t i = 0; i < im->n_rows; i++) {
		const struct task *t = &im->rows[i].task;
		if (task_rows_investor(&im->parser, im->app, im->lines[i], t->investor, d) < 0)
			return -1;
		if (!t->carried_from)
			continue;
		int found = store_task_exists_before(im->app->store, t->carried_from, t->year);
		if (found < 0)
			return -1;
		if (!found)
			diag_add(d, table_label(im->table), im->lines[i], "carried_from",
			         "no task \"%s\" in a year before %d", t->carried_from, t->year);
	}
	return 0;
}

/* Pass 3 for one proposal. -1 on a store failure. */
static int import_proposal_write(struct import_proposals *im, struct proposal *p,
                                 struct import_result *r)
{
	struct proposal old = {0};
	int rc = store_proposal_get(im->app->store, p->task.year, p->task.code, &old);
	if (rc < 0)
		goto out;
	if (rc == 1 && proposal_equal(&old, p)) {
		r->unchanged++;
		rc = 0;
		goto out;
	}
	bool known = rc == 1;
	rc = store_proposal_put(im->app->store, p, im->app->now);
	if (rc == 0 && known)
		r->updated++;
	else if (rc == 0)
		r->inserted++;
out:
	proposal_clear(&old);
	return rc;
}

static void import_proposals_free(struct import_proposals *im)
{
	arena_finish(&im->strings); /* every row's strings */
	free(im->rows);
	free(im->lines);
	task_rows_finish(&im->parser);
	table_close(im->table);
}

enum app_status app_import_proposals(struct app *a, const char *label, const char *data, size_t len,
                                     struct diag *d, struct import_result *r)
{
	memset(r, 0, sizeof *r);
	enum app_status status = app_require_admin(a, d, "import proposals");
	if (status != APP_OK)
		return status;
	struct import_proposals im = {.app = a};
	arena_init(&im.strings);
	task_rows_init(&im.parser, "proposal", &im.strings);
	memcpy(im.columns, task_row_columns, sizeof task_row_columns);
	im.columns[TASK_ROW_STATUS].need = TABLE_OPTIONAL; /* a proposal is planned */
	im.columns[P_SCORE] = (struct table_column){"score", TABLE_OPTIONAL};
	status = APP_BAD_INPUT;
	size_t problems = diag_total(d);
	im.table = table_open(label, data, len, im.columns, P_COLUMNS, d);
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
			im.cap_rows = im.cap_rows ? im.cap_rows * 2 : 256;
			im.rows = mem_realloc(im.rows, im.cap_rows * sizeof *im.rows);
			im.lines = mem_realloc(im.lines, im.cap_rows * sizeof *im.lines);
		}
		struct proposal *slot = &im.rows[im.n_rows];
		memset(slot, 0, sizeof *slot);
		im.lines[im.n_rows] = row.line;
		if (import_proposal_parse(&im, &row, slot))
			im.n_rows++;
	}
	if (rc < 0)
		goto rollback;
	/* references are checked even when rows failed, so that one run reports everything */
	if (import_proposals_check_references(&im, d) < 0) {
		status = app_fail(a);
		goto out;
	}
	if (diag_total(d) > problems)
		goto rollback;
	for (size_t i = 0; i < im.n_rows; i++) {
		if (import_proposal_write(&im, &im.rows[i], r) < 0) {
			status = app_fail(a);
			goto out;
		}
	}
	status = app_import_finish(a, "import.proposals", label, r);
	goto out;
rollback:
	store_rollback(a->store);
	status = APP_BAD_INPUT;
out:
	import_proposals_free(&im);
	return status;
}
