/* xlsx.h — the first sheet of an Excel workbook (.xlsx) as CSV, so that every importer reads
 * Excel files the way it reads CSV (libzip + expat; no packaged library reads .xlsx).
 *
 * Cells as Excel stores them: shared strings (rich-text runs joined, phonetic runs skipped),
 * inline strings, formula results (t="str"), booleans (1/0), numbers written back in the
 * shortest form that reads as the same double ("67150000000", "53.5"), and numbers whose style
 * is a date format (built-in 14–22, 45–47, or a custom format with d, m or y outside quotes and
 * brackets) as "YYYY-MM-DD" (1900 date system, the 1900 leap-year bug honoured; the 1904 system
 * when the workbook says so); numbers whose style is a percent format (built-in 9, 10, or a
 * custom format with % outside quotes and brackets) as Excel shows them, 0.53 as "53%" (so that a
 * progress typed 100% does not silently read as 1). Cell references may be absent (implicit
 * columns). Each sheet row from 1 to the last used one becomes one CSV record with as many fields
 * as the widest row, so CSV record N is sheet row N (an empty row is a record of empty fields).
 * Fields are quoted as RFC 4180 requires.
 */
#ifndef DXTRACK_XLSX_H
#define DXTRACK_XLSX_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/buf.h"

#define XLSX_SHEET_NAME_MAX 128 /* bytes of a sheet name, NUL included */
#define XLSX_MAX_CELLS 2000000  /* a workbook with more cells is refused */

/* True when data starts like a ZIP archive (an .xlsx, or any other OOXML file). */
bool xlsx_sniff(const void *data, size_t len);

/* Appends the first sheet (in workbook order) of the .xlsx in data[0..len) as CSV to csv and its
 * name to sheet_name. 0, or -1 with the reason in why ("not an .xlsx file: …", "the workbook
 * has no sheet", "sheet1.xml: XML error at line 3: …"). */
int xlsx_first_sheet_csv(const void *data, size_t len, struct buf *csv,
                         char sheet_name[XLSX_SHEET_NAME_MAX], char *why, size_t why_size);

#endif
