/* task_rows.h — a task as a row of a CSV file, and the registration of a new task: what the tasks
 * import (app/import_tasks.c), the proposals import (app/import_proposals.c) and the adoption of
 * a catalogue (app/plan.c) share, so that a task is read, checked and registered in one way.
 * Not for callers of app.h.
 */
#ifndef DXTRACK_TASK_ROWS_H
#define DXTRACK_TASK_ROWS_H

#include <stdbool.h>

#include "../io/table.h"
#include "../lib/arena.h"
#include "../lib/hmap.h"
#include "app_impl.h"

/* The columns of the tasks CSV (io/task_io.h), indexes into table_row.values. An importer may
 * append columns of its own after TASK_ROW_COLUMNS. */
enum task_row_column {
	TASK_ROW_CODE,
	TASK_ROW_YEAR,
	TASK_ROW_NAME,
	TASK_ROW_INVESTOR,
	TASK_ROW_CATEGORY,
	TASK_ROW_FUNDING,
	TASK_ROW_BUDGET,
	TASK_ROW_DISBURSED,
	TASK_ROW_PROGRESS,
	TASK_ROW_STATUS,
	TASK_ROW_CARRIED,
	TASK_ROW_TAGS,
	TASK_ROW_START,
	TASK_ROW_END,
	TASK_ROW_NOTE,
	TASK_ROW_COLUMNS
};

/* Names and required flags of the tasks CSV: code, year, name, investor, budget_vnd and status
 * must be filled. */
extern const struct table_column task_row_columns[TASK_ROW_COLUMNS];

/* What reading the rows of one file needs. */
struct task_rows {
	struct table_reader *table; /* the file (the importer opens and closes it) */
	struct arena *strings;      /* the parsed rows' strings live here */
	const char *noun;           /* "task", "proposal": names a repeated row */
	struct hmap keys;           /* "year/code" → the line where it first appears */
	struct hmap investors;      /* investor code → 1 known, 0 unknown (database lookups) */
};

void task_rows_init(struct task_rows *r, const char *noun, struct arena *strings);
void task_rows_finish(struct task_rows *r);

/* Parses a whole number in [min, max]; an optional trailing "%" when percent. 0 or -1. */
int task_rows_int(const char *s, int min, int max, bool percent, int *out);

/* The hash-map key of a task: "2023/CDS23-01". */
void task_rows_key(struct buf *key, int year, const char *code);

/* Pass 1 for one row: fills t (strings in r->strings) and reports every problem the row alone
 * shows: formats, ranges, task_check, a year/code that appears again in the file. An empty
 * status (possible only where the importer does not require the column) leaves t->status as it
 * was. True when the row is good. */
bool task_rows_parse(struct task_rows *r, const struct table_row *row, struct task *t);

/* Whether the investor of the row on `line` exists (cached): 1, or 0 after reporting
 * "investor: unknown unit" on that line, or -1 on a store failure. */
int task_rows_investor(struct task_rows *r, struct app *a, unsigned line, const char *investor,
                       struct diag *d);

/* Registers a new task with the first record of its history (version 1: t's progress,
 * disbursement and status, dated a->today, recorded a->now by a->actor, from source), in the
 * caller's transaction; sets t->id. 0 or -1 (store failure). */
int task_rows_register(struct app *a, struct task *t, const char *source);

#endif
