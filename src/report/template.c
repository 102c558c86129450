/* template.c — a report body from a text template (see template.h).
 *
 * Two passes over the same reading: the first only checks and reports every problem (fields,
 * blocks and names inside an {{if}} whose field is empty are checked too, so a mistake does not
 * hide until the day the section appears); the second, run only when the first found nothing,
 * appends the blocks. Lines are split on "\n" (a "\r" before it is dropped) and trimmed of
 * spaces and tabs; a line whose first character is '%' is a comment. A heading, bullet or
 * paragraph whose text is empty once its fields are filled in adds nothing. Text is added in
 * NFC.
 */
#include "template.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/mem.h"
#include "../text/utf8.h"

#define TEMPLATE_MAX_DEPTH 64

struct template_run {
	const char *label;
	const struct template_field *fields;
	size_t n_fields;
	const struct template_block *blocks;
	size_t n_blocks;
	struct doc *out; /* NULL in the checking pass */
	struct diag *d;  /* the checking pass's problems */
	unsigned line;
	size_t problems;
};

static void template_problem(struct template_run *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void template_problem(struct template_run *r, const char *fmt, ...)
{
	r->problems++;
	if (!r->d)
		return;
	struct buf msg;
	buf_init(&msg, 0);
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	diag_add(r->d, r->label, r->line, "template", "%s", buf_cstr(&msg));
	buf_finish(&msg);
}

static bool template_name_ok(const char *s, size_t len)
{
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'))
			return false;
	}
	return true;
}

/* A name as shown in a message: at most 40 bytes, cut at a character boundary. */
static int template_shown(const char *s, size_t len)
{
	if (len <= 40)
		return (int)len;
	size_t n = 40;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return (int)n;
}

static const struct template_field *template_field_find(const struct template_run *r,
                                                        const char *name, size_t len)
{
	for (size_t i = 0; i < r->n_fields; i++)
		if (r->fields[i].name && strlen(r->fields[i].name) == len &&
		    memcmp(r->fields[i].name, name, len) == 0)
			return &r->fields[i];
	return NULL;
}

static const struct template_block *template_block_find(const struct template_run *r,
                                                        const char *name, size_t len)
{
	for (size_t i = 0; i < r->n_blocks; i++)
		if (r->blocks[i].name && strlen(r->blocks[i].name) == len &&
		    memcmp(r->blocks[i].name, name, len) == 0)
			return &r->blocks[i];
	return NULL;
}

/* A field named in an {{if:…}} or {{…}}: checked; NULL when it is no field. */
static const struct template_field *template_field_use(struct template_run *r, const char *name,
                                                       size_t len, const char *how)
{
	if (!template_name_ok(name, len)) {
		template_problem(r, "bad name \"%.*s\" in %s (names are made of a-z, 0-9, _ and .)",
		                 template_shown(name, len), name, how);
		return NULL;
	}
	const struct template_field *f = template_field_find(r, name, len);
	if (!f) {
		template_problem(r, "unknown field \"%.*s\"", template_shown(name, len), name);
		return NULL;
	}
	if (f->value && !utf8_valid(f->value, strlen(f->value), NULL)) {
		template_problem(r, "the value of field \"%.*s\" is not valid UTF-8",
		                 template_shown(name, len), name);
		return NULL;
	}
	return f;
}

static bool template_is_directive(const char *inner, size_t len)
{
	return (len >= 3 && memcmp(inner, "if:", 3) == 0) ||
	       (len >= 6 && memcmp(inner, "block:", 6) == 0) ||
	       (len == 3 && !memcmp(inner, "end", 3)) ||
	       (len == 9 && memcmp(inner, "pagebreak", 9) == 0);
}

/* Fills the fields of text[0..len) into out (when out is not NULL). */
static void template_expand(struct template_run *r, const char *s, size_t len, struct buf *out)
{
	size_t i = 0;
	while (i < len) {
		const char *open = NULL;
		for (size_t k = i; k + 1 < len; k++)
			if (s[k] == '{' && s[k + 1] == '{') {
				open = s + k;
				break;
			}
		if (!open) {
			if (out)
				buf_append(out, s + i, len - i);
			return;
		}
		if (out)
			buf_append(out, s + i, (size_t)(open - (s + i)));
		const char *inner = open + 2, *close = NULL;
		for (const char *p = inner; p + 1 < s + len; p++)
			if (p[0] == '}' && p[1] == '}') {
				close = p;
				break;
			}
		if (!close) {
			template_problem(r, "\"{{\" without \"}}\"");
			return;
		}
		size_t n = (size_t)(close - inner);
		if (template_is_directive(inner, n)) {
			template_problem(r, "{{%.*s}} must be alone on its line",
			                 template_shown(inner, n), inner);
		} else {
			const struct template_field *f = template_field_use(r, inner, n, "a field");
			if (f && f->value && out)
				buf_puts(out, f->value);
		}
		i = (size_t)(close + 2 - s);
	}
}

static void template_trim(const char **s, size_t *len)
{
	while (*len && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*len)--;
	}
	while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
		(*len)--;
}

/* A heading, bullet or paragraph line. */
static void template_text_line(struct template_run *r, const char *s, size_t len, bool active)
{
	enum doc_block_kind kind = DOC_PARAGRAPH;
	int level = 0;
	if (len >= 2 && s[0] == '#' && s[1] == '#' && (len == 2 || s[2] == ' ' || s[2] == '\t')) {
		kind = DOC_HEADING;
		level = 2;
		s += 2;
		len -= 2;
	} else if (s[0] == '#' && (len == 1 || s[1] == ' ' || s[1] == '\t')) {
		kind = DOC_HEADING;
		level = 1;
		s++;
		len--;
	} else if (s[0] == '-' && len >= 2 && (s[1] == ' ' || s[1] == '\t')) {
		kind = DOC_BULLET;
		s++;
		len--;
	}
	template_trim(&s, &len);
	bool emit = r->out && active;
	struct buf text;
	buf_init(&text, 0);
	template_expand(r, s, len, emit ? &text : NULL);
	if (emit) {
		const char *t = buf_cstr(&text);
		size_t tl = text.len;
		template_trim(&t, &tl);
		if (tl > 0) {
			char *nfc = utf8_nfc(t, tl); /* the values were checked: valid UTF-8 */
			if (!nfc)
				nfc = mem_strndup(t, tl);
			if (kind == DOC_HEADING)
				doc_add_heading(r->out, level, nfc);
			else if (kind == DOC_BULLET)
				doc_add_bullet(r->out, nfc);
			else
				doc_add_paragraph(r->out, nfc);
			free(nfc);
		}
	}
	buf_finish(&text);
}

static void template_pass(struct template_run *r, const char *text, size_t len)
{
	struct {
		unsigned line;
		bool active;
		const char *name;
		size_t name_len;
	} stack[TEMPLATE_MAX_DEPTH];
	size_t depth = 0, too_deep = 0; /* too_deep: {{if}}s beyond the stack, still counted */
	bool active = true;
	size_t pos = 0;
	r->line = 0;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		const char *s = text + pos;
		size_t n = end - pos;
		pos = nl ? end + 1 : len;
		r->line++;
		if (n && s[n - 1] == '\r')
			n--;
		size_t bad = 0;
		if (memchr(s, '\0', n)) {
			template_problem(r, "a NUL byte in the line");
			continue;
		}
		if (!utf8_valid(s, n, &bad)) {
			template_problem(r, "not valid UTF-8 (byte %zu of the line)", bad + 1);
			continue;
		}
		template_trim(&s, &n);
		if (n == 0 || s[0] == '%')
			continue;
		/* a directive: "{{…}}" alone on the line, nothing else inside */
		if (n >= 4 && s[0] == '{' && s[1] == '{' && s[n - 2] == '}' && s[n - 1] == '}') {
			const char *inner = s + 2;
			size_t in = n - 4;
			bool single = true;
			for (size_t k = 0; k + 1 < in; k++)
				if ((inner[k] == '{' && inner[k + 1] == '{') ||
				    (inner[k] == '}' && inner[k + 1] == '}'))
					single = false;
			if (single && in >= 3 && memcmp(inner, "if:", 3) == 0) {
				const struct template_field *f =
				    template_field_use(r, inner + 3, in - 3, "{{if:…}}");
				bool set = f && f->value && f->value[0];
				if (depth < TEMPLATE_MAX_DEPTH) {
					stack[depth].line = r->line;
					stack[depth].active = active;
					stack[depth].name = inner + 3;
					stack[depth].name_len = in - 3;
					depth++;
				} else {
					if (too_deep == 0)
						template_problem(r,
						                 "{{if}} nested more than %d deep",
						                 TEMPLATE_MAX_DEPTH);
					too_deep++;
				}
				active = active && set;
				continue;
			}
			if (single && in == 3 && memcmp(inner, "end", 3) == 0) {
				if (too_deep > 0) {
					too_deep--;
				} else if (depth == 0) {
					template_problem(r, "{{end}} without {{if:…}}");
				} else {
					depth--;
					active = stack[depth].active;
				}
				continue;
			}
			if (single && in == 9 && memcmp(inner, "pagebreak", 9) == 0) {
				if (r->out && active)
					doc_add_page_break(r->out);
				continue;
			}
			if (single && in >= 6 && memcmp(inner, "block:", 6) == 0) {
				const char *name = inner + 6;
				size_t nl2 = in - 6;
				if (!template_name_ok(name, nl2)) {
					template_problem(
					    r,
					    "bad name \"%.*s\" in {{block:…}} (names are "
					    "made of a-z, 0-9, _ and .)",
					    template_shown(name, nl2), name);
					continue;
				}
				const struct template_block *b = template_block_find(r, name, nl2);
				if (!b)
					template_problem(r, "unknown block \"%.*s\"",
					                 template_shown(name, nl2), name);
				else if (r->out && active && b->add)
					b->add(b->ctx, r->out);
				continue;
			}
			/* "{{name}}" alone: a paragraph of one field */
		}
		template_text_line(r, s, n, active);
	}
	while (depth > 0) {
		depth--;
		r->line = stack[depth].line;
		template_problem(r, "{{if:%.*s}} without {{end}}",
		                 template_shown(stack[depth].name, stack[depth].name_len),
		                 stack[depth].name);
	}
}

int template_render(const char *label, const char *text, size_t len,
                    const struct template_field *fields, size_t n_fields,
                    const struct template_block *blocks, size_t n_blocks, struct doc *out,
                    struct diag *d)
{
	struct template_run r = {
	    .label = label,
	    .fields = fields,
	    .n_fields = n_fields,
	    .blocks = blocks,
	    .n_blocks = n_blocks,
	    .out = NULL,
	    .d = d,
	};
	template_pass(&r, text ? text : "", text ? len : 0);
	if (r.problems > 0)
		return -1;
	r.out = out;
	r.d = NULL;
	template_pass(&r, text ? text : "", text ? len : 0);
	return 0;
}
