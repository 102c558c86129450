/* table.c — CSV files as tables of known columns, with per-row diagnostics (see table.h). */
#include "table.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/buf.h"
#include "../lib/mem.h"
#include "../text/utf8.h"
#include "csv.h"

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
};

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
	free(t);
}

static int table_csv_error(struct table_reader *t)
{
	unsigned line = 0;
	const char *why = csv_reader_error(t->csv, &line);
	diag_add(t->diag, t->label, line, NULL, "%s", why);
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
	t->label = mem_strdup(label);
	t->columns = columns;
	t->n_columns = n_columns;
	t->diag = d;
	t->values = mem_calloc(n_columns, sizeof *t->values);
	t->owned = mem_calloc(n_columns, sizeof *t->owned);
	for (size_t c = 0; c < n_columns; c++)
		t->values[c] = "";
	t->csv = csv_reader_create(data, len);
	int rc = csv_reader_next(t->csv, &rec);
	if (rc < 0) {
		table_csv_error(t);
		goto fail;
	}
	if (rc == 0) {
		diag_add(d, label, 0, NULL, "the file is empty: expected a header row");
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
	return t;
fail:
	free(seen);
	table_close(t);
	return NULL;
}

int table_next(struct table_reader *t, struct table_row *row)
{
	struct csv_record rec;
	table_free_owned(t);
	int rc = csv_reader_next(t->csv, &rec);
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
