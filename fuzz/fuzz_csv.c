/* fuzz_csv.c — libFuzzer target for the CSV reader and writer (run by fuzz/run.sh).
 *
 * Parses the input to its end, checking what csv.h promises of every record, and writes each
 * record back with csv_write_field (plain and guarded) and reads it again: the fields must come
 * back byte for byte, on the right lines. Any broken promise calls abort(), which libFuzzer
 * reports as a crash.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv.h"
#include "lib/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_csv_check(bool ok)
{
	if (!ok)
		abort();
}

/* Writes rec as one CSV record after a BOM (as an export for Excel starts), then a record "x",
 * reads both back and compares. Every LF written belongs to rec's record, so "x" must start on
 * the line after the last of them: an independent check of the line count. A record whose only
 * field is empty is written as an empty line, which the reader skips as blank (csv.h says so). */
static void fuzz_csv_round_trip(const struct csv_record *rec, bool guard)
{
	struct buf out;
	buf_init(&out, 0);
	buf_append(&out, "\xEF\xBB\xBF", 3);
	for (size_t i = 0; i < rec->n_fields; i++) {
		if (i)
			buf_putc(&out, ',');
		csv_write_field(&out, rec->fields[i], rec->lens[i], guard);
	}
	buf_puts(&out, guard ? "\r\n" : "\n");
	unsigned next_line = 1;
	for (size_t i = 0; i < out.len; i++)
		next_line += out.data[i] == '\n';
	buf_puts(&out, "x");

	struct csv_reader *r = csv_reader_create(out.data, out.len);
	struct csv_record back;
	if (!(rec->n_fields == 1 && rec->lens[0] == 0)) {
		fuzz_csv_check(csv_reader_next(r, &back) == 1);
		fuzz_csv_check(back.line == 1);
		fuzz_csv_check(back.n_fields == rec->n_fields);
		for (size_t i = 0; i < rec->n_fields; i++) {
			size_t start = 0, len = back.lens[i];
			if (guard)
				len = csv_unguard(back.fields[i], back.lens[i], &start);
			fuzz_csv_check(len == rec->lens[i]);
			fuzz_csv_check(memcmp(back.fields[i] + start, rec->fields[i], len) == 0);
		}
	}
	fuzz_csv_check(csv_reader_next(r, &back) == 1);
	fuzz_csv_check(back.line == next_line);
	fuzz_csv_check(back.n_fields == 1 && back.lens[0] == 1 && back.fields[0][0] == 'x');
	fuzz_csv_check(csv_reader_next(r, &back) == 0);
	csv_reader_destroy(r);
	buf_finish(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_reader *r = csv_reader_create((const char *)data, size);
	struct csv_record rec;
	unsigned last_line = 0, err_line;
	int rc;
	while ((rc = csv_reader_next(r, &rec)) == 1) {
		fuzz_csv_check(rec.line > last_line);
		fuzz_csv_check(rec.n_fields >= 1 && rec.n_fields <= CSV_MAX_FIELDS);
		for (size_t i = 0; i < rec.n_fields; i++) {
			fuzz_csv_check(rec.lens[i] <= size);
			fuzz_csv_check(rec.fields[i][rec.lens[i]] == '\0');
		}
		last_line = rec.line;
		fuzz_csv_round_trip(&rec, false);
		fuzz_csv_round_trip(&rec, true);
	}
	if (rc < 0) {
		const char *msg = csv_reader_error(r, &err_line);
		fuzz_csv_check(msg != NULL && *msg != '\0');
		fuzz_csv_check(err_line > last_line);
		fuzz_csv_check(csv_reader_next(r, &rec) == -1);
	} else {
		fuzz_csv_check(rc == 0);
		fuzz_csv_check(csv_reader_error(r, &err_line) == NULL);
	}
	csv_reader_destroy(r);
	return 0;
}
