/* table.c — CSV files as tables of known columns, with per-row diagnostics (see table.h). */
#include "table.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/buf.h"
#include "../lib/mem.h"
#include "../text/utf8.h"
#include "csv.h"
#include "xlsx.h"

/* The most CSV a workbook may turn into: as much as `dxtrack import` takes of a CSV file, so an
 * upload of a few MiB cannot make the server hold a gigabyte of text. */
#define TABLE_SHEET_CSV_MAX ((size_t)256 << 20)

struct table_reader {
	char *label;
	struct csv_reader *csv;
	const struct table_column *columns;
	size_t n_columns;
	size_t n_fields;   /* fields in the header */
	int *field_column; /* for each header field, its column index */
	const char **values;
	char **owned; /* per column: malloc'd NFC copy, or NULL */
	struct diag *diag;
	struct buf sheet_csv; /* an .xlsx file: its first sheet as CSV (xlsx.h) */
	bool sheet;           /* the data is that sheet: lines are its rows */
	unsigned breaks;      /* sheet: line breaks inside the fields of the records read so far */
};

/* The line of a record in messages. In a CSV file, the physical line it starts on. In a sheet,
 * its row: xlsx.h writes one record per row, so the physical line less the line breaks inside
 * the fields of the records before it. */
static unsigned table_line(const struct table_reader *t, unsigned line)
{
	return t->sheet && line > t->breaks ? line - t->breaks : line;
}

/* Reads the next record that is not all empty fields (",,,", or a sheet's empty row), keeping
 * the count of line breaks in sheet mode. As csv_reader_next. */
static int table_read(struct table_reader *t, struct csv_record *rec)
{
	for (;;) {
		int rc = csv_reader_next(t->csv, rec);
		if (rc <= 0)
			return rc;
		rec->line = table_line(t, rec->line);
		bool empty = true;
		for (size_t f = 0; f < rec->n_fields; f++) {
			const char *s = rec->fields[f], *end = s + rec->lens[f];
			empty = empty && s == end;
			while (t->sheet && s < end && (s = memchr(s, '\n', (size_t)(end - s)))) {
				t->breaks++; /* counts for the records after this one */
				s++;
			}
		}
		if (!empty)
			return 1;
	}
}

const char *table_label(const struct table_reader *t)
{
	return t->label;
}

void table_report(struct table_reader *t, const struct table_row *row, const char *column,
                  const char *fmt, ...)
{
	struct buf msg;
	buf_init(&msg, 0);
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	diag_add(t->diag, t->label, row->line, column, "%s", buf_cstr(&msg));
	buf_finish(&msg);
}

static bool table_is_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

static void table_free_owned(struct table_reader *t)
{
	for (size_t c = 0; c < t->n_columns; c++) {
		free(t->owned[c]);
		t->owned[c] = NULL;
		t->values[c] = "";
	}
}

void table_close(struct table_reader *t)
{
	if (!t)
		return;
	table_free_owned(t);
	csv_reader_destroy(t->csv);
	free(t->label);
	free(t->field_column);
	free(t->values);
	free(t->owned);
	buf_finish(&t->sheet_csv);
	free(t);
}

static int table_csv_error(struct table_reader *t)
{
	unsigned line = 0;
	const char *why = csv_reader_error(t->csv, &line);
	diag_add(t->diag, t->label, line ? table_line(t, line) : 0, NULL, "%s", why);
	return -1;
}

struct table_reader *table_open(const char *label, const char *data, size_t len,
                                const struct table_column *columns, size_t n_columns,
                                struct diag *d)
{
	struct table_reader *t = mem_calloc(1, sizeof *t);
	struct csv_record rec;
	bool *seen = mem_calloc(n_columns, sizeof *seen);
	size_t problems = diag_total(d);
	buf_init(&t->sheet_csv, TABLE_SHEET_CSV_MAX);
	struct buf sheet_label;
	buf_init(&sheet_label, 0);
	if (len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
		/* an OLE compound file: what Excel 97-2003 saves, and what Excel encrypts into */
		diag_add(d, label, 0, NULL,
		         "an Excel 97-2003 workbook (.xls) or a password-protected one: save it as "
		         "an Excel Workbook (.xlsx) without a password, or as CSV UTF-8");
		goto fail;
	}
	if (xlsx_sniff(data, len)) {
		char sheet[XLSX_SHEET_NAME_MAX], why[512];
		if (xlsx_first_sheet_csv(data, len, &t->sheet_csv, sheet, why, sizeof why) < 0) {
			diag_add(d, label, 0, NULL, "%s", why);
			goto fail;
		}
		buf_printf(&sheet_label, "%s:%s!", label, sheet); /* diag.h: FILE:SHEET!ROW */
		label = buf_cstr(&sheet_label);
		data = buf_cstr(&t->sheet_csv);
		len = t->sheet_csv.len;
		t->sheet = true;
	}
	t->label = mem_strdup(label);
	t->columns = columns;
	t->n_columns = n_columns;
	t->diag = d;
	t->values = mem_calloc(n_columns, sizeof *t->values);
	t->owned = mem_calloc(n_columns, sizeof *t->owned);
	for (size_t c = 0; c < n_columns; c++)
		t->values[c] = "";
	t->csv = csv_reader_create(data, len);
	int rc = table_read(t, &rec);
	if (rc < 0) {
		table_csv_error(t);
		goto fail;
	}
	if (rc == 0) {
		diag_add(d, label, 0, NULL, "the %s is empty: expected a header row",
		         t->sheet ? "sheet" : "file");
		goto fail;
	}
	t->n_fields = rec.n_fields;
	t->field_column = mem_calloc(rec.n_fields, sizeof *t->field_column);
	for (size_t f = 0; f < rec.n_fields; f++) {
		const char *name = rec.fields[f];
		size_t n = rec.lens[f];
		while (n && name[n - 1] == ' ')
			n--;
		while (n && *name == ' ') {
			name++;
			n--;
		}
		t->field_column[f] = -1;
		if (!utf8_valid(rec.fields[f], rec.lens[f], NULL)) {
			diag_add(d, label, rec.line, NULL, "header field %zu is not valid UTF-8",
			         f + 1);
			continue;
		}
		for (size_t c = 0; c < n_columns; c++)
			if (strlen(columns[c].name) == n &&
			    strncasecmp(columns[c].name, name, n) == 0)
				t->field_column[f] = (int)c;
		int c = t->field_column[f];
		if (c < 0) {
			diag_add(d, label, rec.line, NULL, "unknown column \"%.*s\"", (int)n, name);
		} else if (seen[c]) {
			diag_add(d, label, rec.line, columns[c].name, "column appears twice");
			t->field_column[f] = -1;
		} else {
			seen[c] = true;
		}
	}
	for (size_t c = 0; c < n_columns; c++)
		if (columns[c].need != TABLE_OPTIONAL && !seen[c])
			diag_add(d, label, rec.line, NULL, "missing required column \"%s\"",
			         columns[c].name);
	if (diag_total(d) > problems)
		goto fail;
	free(seen);
	buf_finish(&sheet_label);
	return t;
fail:
	free(seen);
	buf_finish(&sheet_label);
	table_close(t);
	return NULL;
}

int table_next(struct table_reader *t, struct table_row *row)
{
	struct csv_record rec;
	table_free_owned(t);
	int rc = table_read(t, &rec);
	if (rc < 0)
		return table_csv_error(t);
	if (rc == 0)
		return 0;
	row->line = rec.line;
	row->ok = true;
	row->values = t->values;
	if (rec.n_fields != t->n_fields) {
		table_report(t, row, NULL, "expected %zu fields as in the header, found %zu",
		             t->n_fields, rec.n_fields);
		row->ok = false;
		return 1;
	}
	for (size_t f = 0; f < rec.n_fields; f++) {
		int c = t->field_column[f];
		if (c < 0)
			continue;
		const char *s = rec.fields[f];
		size_t n = rec.lens[f];
		size_t bad = 0;
		if (memchr(s, '\0', n)) {
			table_report(t, row, t->columns[c].name, "the value holds a NUL byte");
			row->ok = false;
			continue;
		}
		if (!table_is_ascii(s, n) && !utf8_is_surely_nfc(s, n)) {
			/* rare: text that may need normalising, or is not UTF-8 at all */
			if (!utf8_valid(s, n, &bad)) {
				table_report(
				    t, row, t->columns[c].name,
				    "invalid UTF-8 at byte %zu of the value (save the file "
				    "as UTF-8)",
				    bad + 1);
				row->ok = false;
				continue;
			}
			t->owned[c] = utf8_nfc(s, n);
			s = t->owned[c];
			n = strlen(s);
		}
		size_t start = 0;
		n = csv_unguard(s, n, &start);
		s += start;
		while (n && (*s == ' ' || *s == '\t')) {
			s++;
			n--;
		}
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		/* values are NUL-terminated views: copy when trimming shortened them */
		if (s[n] != '\0') {
			char *copy = mem_strndup(s, n);
			free(t->owned[c]);
			t->owned[c] = copy;
			s = copy;
		}
		t->values[c] = s;
	}
	for (size_t c = 0; c < t->n_columns; c++) {
		if (t->columns[c].need == TABLE_REQUIRED && t->values[c][0] == '\0' && row->ok) {
			table_report(t, row, t->columns[c].name, "a value is required");
			row->ok = false;
		}
	}
	return 1;
}
