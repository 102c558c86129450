/* texttable.c — aligned plain-text tables for the CLI (see texttable.h). */
#include "texttable.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/mem.h"
#include "../text/utf8.h"

struct texttable {
	size_t n_columns;
	bool *right;
	size_t *max;
	char **cells; /* rows × columns, header row first */
	size_t n_rows;
	size_t cap_rows;
};

struct texttable *texttable_create(size_t n_columns, const char *const *headers, const bool *right,
                                   const size_t *max)
{
	struct texttable *t = mem_calloc(1, sizeof *t);
	t->n_columns = n_columns;
	t->right = mem_calloc(n_columns, sizeof *t->right);
	t->max = mem_calloc(n_columns, sizeof *t->max);
	for (size_t c = 0; c < n_columns; c++) {
		t->right[c] = right ? right[c] : false;
		t->max[c] = max ? max[c] : 0;
	}
	texttable_add(t, headers);
	return t;
}

void texttable_destroy(struct texttable *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n_rows * t->n_columns; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->right);
	free(t->max);
	free(t);
}

void texttable_add(struct texttable *t, const char *const *cells)
{
	if (t->n_rows == t->cap_rows) {
		t->cap_rows = t->cap_rows ? t->cap_rows * 2 : 32;
		t->cells = mem_realloc(t->cells, t->cap_rows * t->n_columns * sizeof *t->cells);
	}
	for (size_t c = 0; c < t->n_columns; c++)
		t->cells[t->n_rows * t->n_columns + c] = mem_strdup(cells[c] ? cells[c] : "");
	t->n_rows++;
}

/* Byte length of the first n characters of s. */
static size_t texttable_prefix(const char *s, size_t n)
{
	size_t i = 0;
	while (s[i] && n) {
		i++;
		while ((s[i] & 0xC0) == 0x80)
			i++;
		n--;
	}
	return i;
}

static size_t texttable_width(const struct texttable *t, size_t c, const char *cell)
{
	size_t w = utf8_length(cell, strlen(cell));
	return t->max[c] && w > t->max[c] ? t->max[c] : w;
}

void texttable_render(const struct texttable *t, struct buf *out)
{
	size_t *width = mem_calloc(t->n_columns, sizeof *width);
	for (size_t r = 0; r < t->n_rows; r++)
		for (size_t c = 0; c < t->n_columns; c++) {
			size_t w = texttable_width(t, c, t->cells[r * t->n_columns + c]);
			if (w > width[c])
				width[c] = w;
		}
	for (size_t r = 0; r < t->n_rows; r++) {
		size_t line_start = out->len;
		for (size_t c = 0; c < t->n_columns; c++) {
			const char *cell = t->cells[r * t->n_columns + c];
			size_t w = utf8_length(cell, strlen(cell));
			size_t shown = w;
			bool cut = t->max[c] && w > t->max[c];
			if (cut)
				shown = t->max[c];
			size_t pad = width[c] - shown;
			if (c)
				buf_puts(out, "  ");
			if (t->right[c])
				for (size_t i = 0; i < pad; i++)
					buf_putc(out, ' ');
			if (cut) {
				buf_append(out, cell, texttable_prefix(cell, shown - 1));
				buf_puts(out, "…");
			} else {
				buf_puts(out, cell);
			}
			if (!t->right[c] && c + 1 < t->n_columns)
				for (size_t i = 0; i < pad; i++)
					buf_putc(out, ' ');
		}
		while (out->len > line_start && out->data[out->len - 1] == ' ')
			out->len--;
		buf_putc(out, '\n');
		if (r == 0) {
			for (size_t c = 0; c < t->n_columns; c++) {
				if (c)
					buf_puts(out, "  ");
				for (size_t i = 0; i < width[c]; i++)
					buf_putc(out, '-');
			}
			buf_putc(out, '\n');
		}
	}
	free(width);
}
