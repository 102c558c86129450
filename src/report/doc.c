/* doc.c — the document model, its section numbers and its snapshot JSON (see doc.h).
 *
 * The snapshot, keys in this order (version 1):
 *   {"version":1,
 *    "header":{"parent_body","issuing_body","number","place","date" ("2023-12-14" or null),
 *              "doc_type","title","recipients":[…],"signer_authority","signer_title",
 *              "signer_name"},                         (an absent element is "")
 *    "blocks":[{"kind":"heading","section","level","text"}
 *              {"kind":"paragraph"|"bullet","section","text"}
 *              {"kind":"table","section","head":[…],"align":["left"|"center"|"right"…],
 *               "width_pct":[…],"last_row_total":bool,"rows":[[…]…]}
 *              {"kind":"chart","section","title","bars":[{"label","value","text"}…]}
 *              {"kind":"page_break","section"}]}      (section a string, or null if unset)
 * Reading is strict: every key present, no other key, the right types, levels 1 or 2, widths
 * 1..100 adding up to 100, rows as wide as the head, chart values finite and ≥ 0, the date a
 * real ISO day, no NUL inside a string. jansson has already refused invalid UTF-8.
 */
#include "doc.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/mem.h"
#include "../text/vnfmt.h"

void doc_init(struct doc *d)
{
	memset(d, 0, sizeof *d);
}

static void doc_free_strings(char **v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void doc_block_free(struct doc_block *b)
{
	free(b->text);
	free(b->section);
	doc_free_strings(b->table.head, b->table.n_cols);
	doc_free_strings(b->table.cells, b->table.n_cols * b->table.n_rows);
	free(b->table.align);
	free(b->table.width_pct);
	free(b->chart.title);
	doc_free_strings(b->chart.labels, b->chart.n);
	doc_free_strings(b->chart.texts, b->chart.n);
	free(b->chart.values);
}

void doc_finish(struct doc *d)
{
	struct doc_header *h = &d->header;
	free(h->parent_body);
	free(h->issuing_body);
	free(h->number);
	free(h->place);
	free(h->doc_type);
	free(h->title);
	doc_free_strings(h->recipients, h->n_recipients);
	free(h->signer_authority);
	free(h->signer_title);
	free(h->signer_name);
	for (size_t i = 0; i < d->n_blocks; i++)
		doc_block_free(&d->blocks[i]);
	free(d->blocks);
	memset(d, 0, sizeof *d);
}

static struct doc_block *doc_push(struct doc *d, enum doc_block_kind kind)
{
	if (d->n_blocks == d->cap_blocks) {
		d->cap_blocks = d->cap_blocks ? d->cap_blocks * 2 : 16;
		d->blocks = mem_realloc(d->blocks, d->cap_blocks * sizeof *d->blocks);
	}
	struct doc_block *b = &d->blocks[d->n_blocks++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	return b;
}

static char *doc_copy(const char *s)
{
	return mem_strdup(s ? s : "");
}

struct doc_block *doc_add_heading(struct doc *d, int level, const char *text)
{
	struct doc_block *b = doc_push(d, DOC_HEADING);
	b->level = level <= 1 ? 1 : 2;
	b->text = doc_copy(text);
	return b;
}

struct doc_block *doc_add_paragraph(struct doc *d, const char *text)
{
	struct doc_block *b = doc_push(d, DOC_PARAGRAPH);
	b->text = doc_copy(text);
	return b;
}

struct doc_block *doc_add_bullet(struct doc *d, const char *text)
{
	struct doc_block *b = doc_push(d, DOC_BULLET);
	b->text = doc_copy(text);
	return b;
}

void doc_add_page_break(struct doc *d)
{
	doc_push(d, DOC_PAGE_BREAK);
}

/* Widths that add up to 100, each at least 1: the caller's when they do; else the caller's
 * scaled to 100 (largest remainders first, the leftmost on a tie); else (NULL, or a width
 * below 1) equal shares. More than 100 columns cannot all have 1 %: they get what rounds. */
static void doc_widths(size_t n, const int *want, int *w)
{
	if (n == 0)
		return;
	long sum = 0;
	bool ok = want != NULL;
	for (size_t i = 0; ok && i < n; i++) {
		if (want[i] < 1 || want[i] > 100)
			ok = false;
		else
			sum += want[i];
	}
	if (!ok)
		sum = (long)n;
	long given = 0;
	for (size_t i = 0; i < n; i++) {
		w[i] = (int)(100L * (ok ? want[i] : 1) / sum);
		given += w[i];
	}
	while (given < 100) { /* fewer than n steps: each column takes at most one */
		size_t pick = n;
		long best = -1;
		for (size_t i = 0; i < n; i++) {
			long base = 100L * (ok ? want[i] : 1) / sum;
			long rem = 100L * (ok ? want[i] : 1) % sum;
			if (w[i] == base && rem > best) {
				best = rem;
				pick = i;
			}
		}
		if (pick == n)
			break;
		w[pick]++;
		given++;
	}
	for (size_t i = 0; i < n && n <= 100; i++) {
		if (w[i] >= 1)
			continue;
		size_t widest = 0;
		for (size_t k = 1; k < n; k++)
			if (w[k] > w[widest])
				widest = k;
		w[widest]--;
		w[i]++;
	}
}

struct doc_block *doc_add_table(struct doc *d, size_t n_cols, const char *const *head,
                                const enum doc_align *align, const int *width_pct)
{
	struct doc_block *b = doc_push(d, DOC_TABLE);
	struct doc_table *t = &b->table;
	t->n_cols = n_cols;
	t->head = mem_calloc(n_cols ? n_cols : 1, sizeof *t->head);
	t->align = mem_calloc(n_cols ? n_cols : 1, sizeof *t->align);
	t->width_pct = mem_calloc(n_cols ? n_cols : 1, sizeof *t->width_pct);
	for (size_t i = 0; i < n_cols; i++) {
		t->head[i] = doc_copy(head ? head[i] : NULL);
		t->align[i] = align ? align[i] : DOC_LEFT;
	}
	doc_widths(n_cols, width_pct, t->width_pct);
	return b;
}

void doc_table_row(struct doc_block *b, const char *const *cells)
{
	struct doc_table *t = &b->table;
	size_t n = t->n_cols;
	t->cells = mem_realloc(t->cells, (t->n_rows + 1) * n * sizeof *t->cells + 1);
	for (size_t i = 0; i < n; i++)
		t->cells[t->n_rows * n + i] = doc_copy(cells ? cells[i] : NULL);
	t->n_rows++;
}

struct doc_block *doc_add_chart(struct doc *d, const char *title)
{
	struct doc_block *b = doc_push(d, DOC_CHART);
	b->chart.title = doc_copy(title);
	return b;
}

void doc_chart_bar(struct doc_block *b, const char *label, double value, const char *text)
{
	struct doc_chart *c = &b->chart;
	c->labels = mem_realloc(c->labels, (c->n + 1) * sizeof *c->labels);
	c->texts = mem_realloc(c->texts, (c->n + 1) * sizeof *c->texts);
	c->values = mem_realloc(c->values, (c->n + 1) * sizeof *c->values);
	c->labels[c->n] = doc_copy(label);
	c->texts[c->n] = doc_copy(text);
	c->values[c->n] = isfinite(value) && value > 0 ? value : 0; /* bars are ≥ 0 */
	c->n++;
}

void doc_roman(int n, struct buf *out)
{
	static const int val[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
	static const char *const sym[] = {"M",  "CM", "D",  "CD", "C",  "XC", "L",
	                                  "XL", "X",  "IX", "V",  "IV", "I"};
	if (n < 1 || n > 3999) { /* no Roman numeral: the number as it is */
		buf_printf(out, "%d", n);
		return;
	}
	for (size_t i = 0; i < sizeof val / sizeof val[0]; i++)
		while (n >= val[i]) {
			buf_puts(out, sym[i]);
			n -= val[i];
		}
}

void doc_number_sections(struct doc *d)
{
	int part = 0, sub = 0;
	struct buf s;
	buf_init(&s, 0);
	for (size_t i = 0; i < d->n_blocks; i++) {
		struct doc_block *b = &d->blocks[i];
		if (b->kind == DOC_HEADING && b->level == 1) {
			part++;
			sub = 0;
		} else if (b->kind == DOC_HEADING) {
			sub++;
		}
		buf_reset(&s);
		if (part == 0)
			buf_putc(&s, '0');
		else
			doc_roman(part, &s);
		if (sub > 0)
			buf_printf(&s, ".%d", sub);
		free(b->section);
		b->section = mem_strdup(buf_cstr(&s));
	}
	buf_finish(&s);
}

void doc_place_date(const struct doc_header *h, struct buf *out)
{
	if (h->place && h->place[0]) {
		buf_puts(out, h->place);
		buf_puts(out, ", ");
	}
	if (date_is_set(h->date))
		vnfmt_date_long(out, h->date.year, h->date.month, h->date.day);
	else
		buf_puts(out, "ngày … tháng … năm …");
}

/* ---- the snapshot ---- */

static const char *const doc_kind_names[] = {
    [DOC_HEADING] = "heading", [DOC_PARAGRAPH] = "paragraph", [DOC_BULLET] = "bullet",
    [DOC_TABLE] = "table",     [DOC_CHART] = "chart",         [DOC_PAGE_BREAK] = "page_break",
};
static const char *const doc_align_names[] = {
    [DOC_LEFT] = "left", [DOC_CENTER] = "center", [DOC_RIGHT] = "right"};

static json_t *doc_json_str(const char *s)
{
	return json_string(s ? s : "");
}

static json_t *doc_json_strings(char *const *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, doc_json_str(v[i]));
	return a;
}

static json_t *doc_block_json(const struct doc_block *b)
{
	json_t *o = json_object();
	json_object_set_new(o, "kind", json_string(doc_kind_names[b->kind]));
	json_object_set_new(o, "section", b->section ? json_string(b->section) : json_null());
	switch (b->kind) {
	case DOC_HEADING:
		json_object_set_new(o, "level", json_integer(b->level));
		json_object_set_new(o, "text", doc_json_str(b->text));
		break;
	case DOC_PARAGRAPH:
	case DOC_BULLET:
		json_object_set_new(o, "text", doc_json_str(b->text));
		break;
	case DOC_TABLE: {
		const struct doc_table *t = &b->table;
		json_object_set_new(o, "head", doc_json_strings(t->head, t->n_cols));
		json_t *al = json_array(), *w = json_array(), *rows = json_array();
		for (size_t i = 0; i < t->n_cols; i++) {
			json_array_append_new(al, json_string(doc_align_names[t->align[i]]));
			json_array_append_new(w, json_integer(t->width_pct[i]));
		}
		for (size_t r = 0; r < t->n_rows; r++)
			json_array_append_new(
			    rows, doc_json_strings(t->cells + r * t->n_cols, t->n_cols));
		json_object_set_new(o, "align", al);
		json_object_set_new(o, "width_pct", w);
		json_object_set_new(o, "last_row_total", json_boolean(t->last_row_total));
		json_object_set_new(o, "rows", rows);
		break;
	}
	case DOC_CHART: {
		const struct doc_chart *c = &b->chart;
		json_object_set_new(o, "title", doc_json_str(c->title));
		json_t *bars = json_array();
		for (size_t i = 0; i < c->n; i++) {
			json_t *bar = json_object();
			json_object_set_new(bar, "label", doc_json_str(c->labels[i]));
			double v = isfinite(c->values[i]) && c->values[i] > 0 ? c->values[i] : 0;
			json_object_set_new(bar, "value", json_real(v));
			json_object_set_new(bar, "text", doc_json_str(c->texts[i]));
			json_array_append_new(bars, bar);
		}
		json_object_set_new(o, "bars", bars);
		break;
	}
	case DOC_PAGE_BREAK:
		break;
	}
	return o;
}

json_t *doc_to_json(const struct doc *d)
{
	const struct doc_header *h = &d->header;
	json_t *hj = json_object();
	json_object_set_new(hj, "parent_body", doc_json_str(h->parent_body));
	json_object_set_new(hj, "issuing_body", doc_json_str(h->issuing_body));
	json_object_set_new(hj, "number", doc_json_str(h->number));
	json_object_set_new(hj, "place", doc_json_str(h->place));
	if (date_is_set(h->date)) {
		struct buf iso;
		buf_init(&iso, 0);
		date_format_iso(&iso, h->date);
		json_object_set_new(hj, "date", json_string(buf_cstr(&iso)));
		buf_finish(&iso);
	} else {
		json_object_set_new(hj, "date", json_null());
	}
	json_object_set_new(hj, "doc_type", doc_json_str(h->doc_type));
	json_object_set_new(hj, "title", doc_json_str(h->title));
	json_object_set_new(hj, "recipients", doc_json_strings(h->recipients, h->n_recipients));
	json_object_set_new(hj, "signer_authority", doc_json_str(h->signer_authority));
	json_object_set_new(hj, "signer_title", doc_json_str(h->signer_title));
	json_object_set_new(hj, "signer_name", doc_json_str(h->signer_name));

	json_t *blocks = json_array();
	for (size_t i = 0; i < d->n_blocks; i++)
		json_array_append_new(blocks, doc_block_json(&d->blocks[i]));

	json_t *o = json_object();
	json_object_set_new(o, "version", json_integer(1));
	json_object_set_new(o, "header", hj);
	json_object_set_new(o, "blocks", blocks);
	return o;
}

/* Reading: where names the value ("blocks[3].rows[1][2]"), why gets "WHERE: problem". */
struct doc_reader {
	char *why;
	size_t why_size;
	bool failed;
};

static int doc_fail(struct doc_reader *r, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int doc_fail(struct doc_reader *r, const char *where, const char *fmt, ...)
{
	if (r->failed)
		return -1;
	r->failed = true;
	if (!r->why || !r->why_size)
		return -1;
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(r->why, r->why_size, "%s: %s", where, msg);
	return -1;
}

/* The object has exactly the keys named (a NULL-terminated list). */
static int doc_keys(struct doc_reader *r, const json_t *o, const char *where,
                    const char *const *keys)
{
	if (!json_is_object(o))
		return doc_fail(r, where, "not an object");
	for (const char *const *k = keys; *k; k++)
		if (!json_object_get(o, *k))
			return doc_fail(r, where, "missing key \"%s\"", *k);
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)o, key, v)
	{
		bool known = false;
		for (const char *const *k = keys; *k && !known; k++)
			known = strcmp(*k, key) == 0;
		if (!known)
			return doc_fail(r, where, "unknown key \"%.60s\"", key);
	}
	return 0;
}

/* A malloc'd copy of a JSON string without NUL inside; NULL after a failure. */
static char *doc_read_str(struct doc_reader *r, const json_t *v, const char *where)
{
	if (!json_is_string(v)) {
		doc_fail(r, where, "not a string");
		return NULL;
	}
	const char *s = json_string_value(v);
	size_t len = json_string_length(v);
	if (strlen(s) != len) {
		doc_fail(r, where, "contains a NUL character");
		return NULL;
	}
	return mem_strndup(s, len);
}

/* A header element: "" is kept as NULL (the element is left out). */
static int doc_read_elem(struct doc_reader *r, const json_t *h, const char *key, char **out)
{
	char where[64];
	snprintf(where, sizeof where, "header.%s", key);
	char *s = doc_read_str(r, json_object_get(h, key), where);
	if (!s)
		return -1;
	if (!s[0]) {
		free(s);
		s = NULL;
	}
	*out = s;
	return 0;
}

/* An array of strings, n long when n is not (size_t)-1. */
static char **doc_read_strings(struct doc_reader *r, const json_t *a, const char *where,
                               size_t want, size_t *n_out)
{
	if (!json_is_array(a)) {
		doc_fail(r, where, "not an array");
		return NULL;
	}
	size_t n = json_array_size(a);
	if (want != (size_t)-1 && n != want) {
		doc_fail(r, where, "%zu values where the table has %zu columns", n, want);
		return NULL;
	}
	char **v = mem_calloc(n ? n : 1, sizeof *v);
	for (size_t i = 0; i < n; i++) {
		char w[96];
		snprintf(w, sizeof w, "%s[%zu]", where, i);
		v[i] = doc_read_str(r, json_array_get(a, i), w);
		if (!v[i]) {
			doc_free_strings(v, i);
			return NULL;
		}
	}
	*n_out = n;
	return v;
}

static int doc_read_header(struct doc_reader *r, const json_t *h, struct doc_header *out)
{
	static const char *const keys[] = {"parent_body",  "issuing_body", "number",
	                                   "place",        "date",         "doc_type",
	                                   "title",        "recipients",   "signer_authority",
	                                   "signer_title", "signer_name",  NULL};
	if (doc_keys(r, h, "header", keys) < 0)
		return -1;
	if (doc_read_elem(r, h, "parent_body", &out->parent_body) < 0 ||
	    doc_read_elem(r, h, "issuing_body", &out->issuing_body) < 0 ||
	    doc_read_elem(r, h, "number", &out->number) < 0 ||
	    doc_read_elem(r, h, "place", &out->place) < 0 ||
	    doc_read_elem(r, h, "doc_type", &out->doc_type) < 0 ||
	    doc_read_elem(r, h, "title", &out->title) < 0 ||
	    doc_read_elem(r, h, "signer_authority", &out->signer_authority) < 0 ||
	    doc_read_elem(r, h, "signer_title", &out->signer_title) < 0 ||
	    doc_read_elem(r, h, "signer_name", &out->signer_name) < 0)
		return -1;
	const json_t *date = json_object_get(h, "date");
	if (json_is_string(date)) {
		const char *s = json_string_value(date), *why = NULL;
		struct date dt;
		if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
		    date_parse(s, 10, &dt, &why) < 0)
			return doc_fail(r, "header.date", "not a day as YYYY-MM-DD: \"%.40s\"", s);
		out->date = dt;
	} else if (!json_is_null(date)) {
		return doc_fail(r, "header.date", "neither a string nor null");
	}
	size_t n = 0;
	char **rec = doc_read_strings(r, json_object_get(h, "recipients"), "header.recipients",
	                              (size_t)-1, &n);
	if (!rec)
		return -1;
	out->recipients = rec;
	out->n_recipients = n;
	return 0;
}

static int doc_read_table(struct doc_reader *r, const json_t *o, const char *where,
                          struct doc_block *b)
{
	char w[96];
	struct doc_table *t = &b->table;
	snprintf(w, sizeof w, "%s.head", where);
	size_t n = 0;
	t->head = doc_read_strings(r, json_object_get(o, "head"), w, (size_t)-1, &n);
	if (!t->head)
		return -1;
	t->n_cols = n;
	if (n == 0)
		return doc_fail(r, w, "a table needs at least one column");
	t->align = mem_calloc(n, sizeof *t->align);
	t->width_pct = mem_calloc(n, sizeof *t->width_pct);

	const json_t *al = json_object_get(o, "align"), *wp = json_object_get(o, "width_pct");
	snprintf(w, sizeof w, "%s.align", where);
	if (!json_is_array(al))
		return doc_fail(r, w, "not an array");
	if (json_array_size(al) != n)
		return doc_fail(r, w, "%zu values where the table has %zu columns",
		                json_array_size(al), n);
	for (size_t i = 0; i < n; i++) {
		const char *s = json_string_value(json_array_get(al, i));
		size_t k = 0;
		while (s && k < 3 && strcmp(s, doc_align_names[k]) != 0)
			k++;
		if (!s || k == 3)
			return doc_fail(r, w, "value %zu is not \"left\", \"center\" or \"right\"",
			                i);
		t->align[i] = (enum doc_align)k;
	}
	snprintf(w, sizeof w, "%s.width_pct", where);
	if (!json_is_array(wp))
		return doc_fail(r, w, "not an array");
	if (json_array_size(wp) != n)
		return doc_fail(r, w, "%zu values where the table has %zu columns",
		                json_array_size(wp), n);
	long sum = 0;
	for (size_t i = 0; i < n; i++) {
		const json_t *v = json_array_get(wp, i);
		if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 100)
			return doc_fail(r, w, "value %zu is not a whole number from 1 to 100", i);
		t->width_pct[i] = (int)json_integer_value(v);
		sum += t->width_pct[i];
	}
	if (sum != 100)
		return doc_fail(r, w, "the widths add up to %ld, not 100", sum);

	const json_t *total = json_object_get(o, "last_row_total");
	if (!json_is_boolean(total))
		return doc_fail(r, where, "last_row_total is not true or false");
	t->last_row_total = json_is_true(total);

	const json_t *rows = json_object_get(o, "rows");
	snprintf(w, sizeof w, "%s.rows", where);
	if (!json_is_array(rows))
		return doc_fail(r, w, "not an array");
	size_t n_rows = json_array_size(rows);
	t->cells = mem_calloc(n_rows * n + 1, sizeof *t->cells);
	for (size_t i = 0; i < n_rows; i++) {
		snprintf(w, sizeof w, "%s.rows[%zu]", where, i);
		size_t got = 0;
		char **row = doc_read_strings(r, json_array_get(rows, i), w, n, &got);
		if (!row)
			return -1;
		memcpy(t->cells + i * n, row, n * sizeof *row);
		free(row);
		t->n_rows++;
	}
	return 0;
}

static int doc_read_chart(struct doc_reader *r, const json_t *o, const char *where,
                          struct doc_block *b)
{
	static const char *const bar_keys[] = {"label", "value", "text", NULL};
	char w[96];
	snprintf(w, sizeof w, "%s.title", where);
	b->chart.title = doc_read_str(r, json_object_get(o, "title"), w);
	if (!b->chart.title)
		return -1;
	const json_t *bars = json_object_get(o, "bars");
	snprintf(w, sizeof w, "%s.bars", where);
	if (!json_is_array(bars))
		return doc_fail(r, w, "not an array");
	for (size_t i = 0; i < json_array_size(bars); i++) {
		const json_t *bar = json_array_get(bars, i);
		snprintf(w, sizeof w, "%s.bars[%zu]", where, i);
		if (doc_keys(r, bar, w, bar_keys) < 0)
			return -1;
		const json_t *v = json_object_get(bar, "value");
		if (!json_is_number(v) || !isfinite(json_number_value(v)) ||
		    json_number_value(v) < 0)
			return doc_fail(r, w, "value is not a number ≥ 0");
		char wl[112];
		snprintf(wl, sizeof wl, "%s.label", w);
		char *label = doc_read_str(r, json_object_get(bar, "label"), wl);
		if (!label)
			return -1;
		snprintf(wl, sizeof wl, "%s.text", w);
		char *text = doc_read_str(r, json_object_get(bar, "text"), wl);
		if (!text) {
			free(label);
			return -1;
		}
		doc_chart_bar(b, label, json_number_value(v), text);
		free(label);
		free(text);
	}
	return 0;
}

static int doc_read_block(struct doc_reader *r, const json_t *o, size_t i, struct doc *d)
{
	static const char *const text_keys[] = {"kind", "section", "text", NULL};
	static const char *const heading_keys[] = {"kind", "section", "level", "text", NULL};
	static const char *const table_keys[] = {"kind",      "section",        "head", "align",
	                                         "width_pct", "last_row_total", "rows", NULL};
	static const char *const chart_keys[] = {"kind", "section", "title", "bars", NULL};
	static const char *const break_keys[] = {"kind", "section", NULL};
	char where[48];
	snprintf(where, sizeof where, "blocks[%zu]", i);
	if (!json_is_object(o))
		return doc_fail(r, where, "not an object");
	const char *kind = json_string_value(json_object_get(o, "kind"));
	if (!kind)
		return doc_fail(r, where, "no \"kind\" string");
	size_t k = 0;
	while (k <= DOC_PAGE_BREAK && strcmp(kind, doc_kind_names[k]) != 0)
		k++;
	if (k > DOC_PAGE_BREAK)
		return doc_fail(r, where, "unknown kind \"%.40s\"", kind);
	static const char *const *const keys_of[] = {
	    [DOC_HEADING] = heading_keys, [DOC_PARAGRAPH] = text_keys,
	    [DOC_BULLET] = text_keys,     [DOC_TABLE] = table_keys,
	    [DOC_CHART] = chart_keys,     [DOC_PAGE_BREAK] = break_keys,
	};
	if (doc_keys(r, o, where, keys_of[k]) < 0)
		return -1;

	struct doc_block *b = doc_push(d, (enum doc_block_kind)k);
	const json_t *sec = json_object_get(o, "section");
	char w[64];
	snprintf(w, sizeof w, "%s.section", where);
	if (json_is_string(sec)) {
		b->section = doc_read_str(r, sec, w);
		if (!b->section)
			return -1;
	} else if (!json_is_null(sec)) {
		return doc_fail(r, w, "neither a string nor null");
	}
	if (k == DOC_HEADING) {
		const json_t *lv = json_object_get(o, "level");
		if (!json_is_integer(lv) || json_integer_value(lv) < 1 ||
		    json_integer_value(lv) > 2)
			return doc_fail(r, where, "level is not 1 or 2");
		b->level = (int)json_integer_value(lv);
	}
	if (k == DOC_HEADING || k == DOC_PARAGRAPH || k == DOC_BULLET) {
		snprintf(w, sizeof w, "%s.text", where);
		b->text = doc_read_str(r, json_object_get(o, "text"), w);
		return b->text ? 0 : -1;
	}
	if (k == DOC_TABLE)
		return doc_read_table(r, o, where, b);
	if (k == DOC_CHART)
		return doc_read_chart(r, o, where, b);
	return 0;
}

int doc_from_json(const json_t *j, struct doc *d, char *why, size_t why_size)
{
	static const char *const keys[] = {"version", "header", "blocks", NULL};
	struct doc_reader r = {why, why_size, false};
	doc_init(d);
	if (why && why_size)
		why[0] = '\0';
	if (doc_keys(&r, j, "document", keys) < 0)
		goto fail;
	const json_t *v = json_object_get(j, "version");
	if (!json_is_integer(v) || json_integer_value(v) != 1) {
		doc_fail(&r, "version", "not 1 (the only version this dxtrack reads)");
		goto fail;
	}
	if (doc_read_header(&r, json_object_get(j, "header"), &d->header) < 0)
		goto fail;
	const json_t *blocks = json_object_get(j, "blocks");
	if (!json_is_array(blocks)) {
		doc_fail(&r, "blocks", "not an array");
		goto fail;
	}
	for (size_t i = 0; i < json_array_size(blocks); i++)
		if (doc_read_block(&r, json_array_get(blocks, i), i, d) < 0)
			goto fail;
	return 0;
fail:
	doc_finish(d);
	return -1;
}
