/* csv.h — an RFC 4180 reader with line numbers, and a CSV field writer.
 *
 * The reader works on a whole file in memory (the caller caps its size) and hands out one record
 * at a time with the physical line on which it starts, so that importers can report
 * "FILE:LINE: column: message". It accepts what Excel writes: a UTF-8 BOM (skipped), CRLF or LF
 * line ends, quoted fields holding commas, doubled quotes and newlines. Blank lines are skipped.
 * It checks structure only; UTF-8 validity of the fields is the caller's business.
 *
 * Written by hand rather than on libcsv: we need the starting line of each record, a pull-style
 * API and no callbacks. tests/unit/test_csv.c runs it on csv-spectrum (tests/conformance/): it
 * matches 11 of the 12 cases and rejects location_coordinates.csv, whose unquoted field holds a
 * quote, which RFC 4180 forbids (that case's .json is wrong upstream as well).
 */
#ifndef DXTRACK_CSV_H
#define DXTRACK_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/buf.h"

#define CSV_MAX_FIELDS 256

struct csv_reader; /* opaque */

struct csv_record {
	unsigned line;   /* 1-based physical line where the record starts */
	size_t n_fields; /* >= 1 */
	char **fields;   /* NUL-terminated, unquoted; valid until the next csv_reader_next */
	size_t *lens;    /* byte length of each field */
};

/* data[0..len) must outlive the reader; it is not copied. */
struct csv_reader *csv_reader_create(const char *data, size_t len);
void csv_reader_destroy(struct csv_reader *r); /* accepts NULL */

/* 1: *rec holds the next record; 0: end of data; -1: malformed input (unterminated quoted field,
 * a character after a closing quote, a quote inside an unquoted field, more than CSV_MAX_FIELDS
 * fields). After -1, csv_reader_error() says what and on which line (for an unterminated quoted
 * field, the line where it opened; else the line of the offending byte or field); reading cannot
 * go on. A CR that does not end a line is data. Before any error it returns NULL and line 0. */
int csv_reader_next(struct csv_reader *r, struct csv_record *rec);
const char *csv_reader_error(const struct csv_reader *r, unsigned *line);

/* Appends one field, quoted when it holds , " CR or LF or starts/ends with a space; appends
 * nothing when the field would pass out's limit. With guard, a field that starts with = + - @ (a
 * spreadsheet formula), possibly after some ', is prefixed with ' so Excel shows it as text;
 * csv_unguard() undoes exactly that on import, so a guarded field reads back unchanged. An empty
 * field is written as nothing: a record whose only field is empty reads back as a blank line. */
void csv_write_field(struct buf *out, const char *s, size_t len, bool guard);
/* Length of the field without the guard's leading ' (when s starts with ' followed by = + - @,
 * or by more ' and then one of those, *start is set to 1, else 0). */
size_t csv_unguard(const char *s, size_t len, size_t *start);

#endif
