/* diag.h — a list of human-readable diagnostics, "FILE:LINE: column: message" (or
 * "FILE:SHEET!ROW: column: message" for a workbook's sheet).
 *
 * Expected failures (bad input rows, unknown codes, rule violations) are appended here rather than
 * printed at once, so an importer can report every problem of a file and then change nothing.
 * The list keeps at most DIAG_KEEP items and counts the rest.
 */
#ifndef DXTRACK_DIAG_H
#define DXTRACK_DIAG_H

#include <stddef.h>
#include <stdio.h>

#include "buf.h"

#define DIAG_KEEP 1000

struct diag_item {
	char *file;    /* may be NULL: then the message has no place */
	unsigned line; /* 1-based; 0 when the problem is not on one line */
	char *column;  /* may be NULL */
	char *message;
	size_t seq; /* order of arrival, keeps diag_sort stable */
};

struct diag {
	struct diag_item *items;
	size_t count; /* items kept */
	size_t cap;
	size_t dropped; /* items not kept once DIAG_KEEP was reached */
};

void diag_init(struct diag *d);
void diag_finish(struct diag *d);
void diag_add(struct diag *d, const char *file, unsigned line, const char *column, const char *fmt,
              ...) __attribute__((format(printf, 5, 6)));
size_t diag_total(const struct diag *d); /* kept + dropped */
void diag_sort(struct diag *d);          /* by file, then line (stable) */
/* One line per item: "FILE:LINE: column: message" (parts that are absent are left out).
 * A file label ending in '!' names a sheet of a workbook ("tasks.xlsx:Nhiệm vụ!", io/table.h) and
 * is followed by the row with no ':' between, as spreadsheets write a cell's place
 * ("tasks.xlsx:Nhiệm vụ!12: budget_vnd: …"); without a row, the '!' is left out
 * ("tasks.xlsx:Nhiệm vụ: …"). */
void diag_format(const struct diag_item *it, struct buf *out);
void diag_print(const struct diag *d, FILE *f); /* every item, then "... and N more problems" */

#endif
