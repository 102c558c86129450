/* task_io.h — tasks as CSV rows and JSON objects, with the field names of the import CSV, so that
 * an export can be imported again unchanged.
 */
#ifndef DXTRACK_TASK_IO_H
#define DXTRACK_TASK_IO_H

#include <jansson.h>

#include "../core/task.h"
#include "../lib/buf.h"

/* The JSON dump flags of every dxtrack JSON output: compact, keys in insertion order, reals
 * with at most 15 significant digits (53.0, not 53.000000000000001). */
#define TASK_IO_JSON_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

void task_io_csv_header(struct buf *out); /* the header line, with "\n" */
/* One CSV line; text fields guarded against spreadsheet formulas (csv_write_field). */
void task_io_csv_row(struct buf *out, const struct task *t);
/* A new JSON object: the CSV's fields (numbers as numbers, absent text and dates as null) plus
 * "version" and "updated_on". */
json_t *task_io_json(const struct task *t);
/* part / whole as a JSON percentage with one decimal (53.0), from the exact tenths of
 * money_pct_x10: the "…_pct" numbers of every JSON output. */
json_t *task_io_pct_json(int64_t part, int64_t whole);
/* A progress update as a JSON object. */
json_t *task_io_update_json(const struct task_update *u);

#endif
