/* table.h — a CSV file (or an .xlsx workbook's first sheet) read as a table of known columns,
 * for every importer.
 *
 * The header row names the columns, in any order; a column the importer does not know, a
 * duplicated column or a missing required column is an error naming it. Each row's values come
 * back indexed by the importer's column list: valid UTF-8, NFC-normalised, trimmed of surrounding
 * spaces, with a spreadsheet guard (' before = + - @) removed, and "" for columns the file lacks.
 * Row problems (wrong number of fields, invalid UTF-8, an empty required value) are added to the
 * diagnostics as "FILE:LINE: column: message" and the row is flagged; the reader goes on so that
 * one pass reports every problem. A structural CSV error (an unterminated quote) ends the file.
 * A record of empty fields only (",,,") is skipped, before the header as after it.
 *
 * An Excel workbook (.xlsx, recognised by its ZIP signature) is read as its first sheet turned
 * into CSV (xlsx.h); its label is then "FILE:SHEET!" and lines are sheet rows, so messages read
 * "FILE:SHEET!ROW: column: message" (diag.h). A workbook that cannot be read is one problem,
 * "FILE: why"; so is an Excel 97-2003 (.xls) or password-protected file.
 */
#ifndef DXTRACK_TABLE_H
#define DXTRACK_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/diag.h"

/* How much of a column a file must give. */
enum table_need {
	TABLE_OPTIONAL = 0,  /* the header may leave it out (false in an initializer) */
	TABLE_REQUIRED = 1,  /* the header must have it and every row must fill it (true) */
	TABLE_IN_HEADER = 2, /* the header must have it; its cells may be empty */
};

struct table_column {
	const char *name;
	enum table_need need;
};

struct table_row {
	unsigned line;       /* where the record starts */
	bool ok;             /* false when a problem was reported for this row */
	const char **values; /* one per table_column, never NULL; valid until the next table_next */
};

struct table_reader; /* opaque */

/* Reads the header. label names the file in messages. On a header problem returns NULL with the
 * problems in d. The data must outlive the reader (a workbook's CSV is the reader's own). */
struct table_reader *table_open(const char *label, const char *data, size_t len,
                                const struct table_column *columns, size_t n_columns,
                                struct diag *d);
void table_close(struct table_reader *t); /* accepts NULL */
/* 1: *row is the next data row; 0: end of file; -1: the CSV is malformed (reported in d). */
int table_next(struct table_reader *t, struct table_row *row);
/* Adds a problem about the current row: "FILE:LINE: column: message". */
void table_report(struct table_reader *t, const struct table_row *row, const char *column,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
const char *table_label(const struct table_reader *t);

#endif
