/* diag.c — the diagnostics list (see diag.h). */
#include "diag.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

void diag_init(struct diag *d)
{
	memset(d, 0, sizeof *d);
}

void diag_finish(struct diag *d)
{
	for (size_t i = 0; i < d->count; i++) {
		free(d->items[i].file);
		free(d->items[i].column);
		free(d->items[i].message);
	}
	free(d->items);
	memset(d, 0, sizeof *d);
}

void diag_add(struct diag *d, const char *file, unsigned line, const char *column, const char *fmt,
              ...)
{
	if (d->count >= DIAG_KEEP) {
		d->dropped++;
		return;
	}
	if (d->count == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->items = mem_realloc(d->items, d->cap * sizeof *d->items);
	}
	struct buf msg;
	buf_init(&msg, 0);
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	struct diag_item *it = &d->items[d->count++];
	it->file = mem_strdup(file);
	it->line = line;
	it->column = mem_strdup(column);
	it->message = buf_steal(&msg);
	it->seq = d->count - 1;
}

size_t diag_total(const struct diag *d)
{
	return d->count + d->dropped;
}

static int diag_compare(const void *a, const void *b)
{
	const struct diag_item *x = a, *y = b;
	int c = strcmp(x->file ? x->file : "", y->file ? y->file : "");
	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void diag_sort(struct diag *d)
{
	if (d->count > 1)
		qsort(d->items, d->count, sizeof *d->items, diag_compare);
}

void diag_format(const struct diag_item *it, struct buf *out)
{
	if (it->file) {
		size_t n = strlen(it->file);
		bool sheet = n > 0 && it->file[n - 1] == '!'; /* "FILE:SHEET!" (diag.h) */
		if (it->line)
			buf_printf(out, sheet ? "%s%u" : "%s:%u", it->file, it->line);
		else
			buf_append(out, it->file, sheet ? n - 1 : n);
		buf_puts(out, ": ");
	}
	if (it->column)
		buf_printf(out, "%s: ", it->column);
	buf_puts(out, it->message);
}

void diag_print(const struct diag *d, FILE *f)
{
	struct buf line;
	buf_init(&line, 0);
	for (size_t i = 0; i < d->count; i++) {
		buf_reset(&line);
		diag_format(&d->items[i], &line);
		fprintf(f, "%s\n", buf_cstr(&line));
	}
	if (d->dropped)
		fprintf(f, "... and %zu more problems\n", d->dropped);
	buf_finish(&line);
}
