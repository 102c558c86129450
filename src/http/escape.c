/* escape.c — output escapers for HTML text and attributes, URL components and JSON strings (see
 * escape.h).
 *
 * Each escaper copies runs of safe bytes in one append and replaces the rest; on reaching the
 * buffer's cap it restores the buffer to its length before the call, so a failed escape never
 * leaves half a value behind.
 */
#include "escape.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../text/utf8.h"

static const char escape_hex[] = "0123456789ABCDEF";      /* %XX in URLs: upper case */
static const char escape_hex_json[] = "0123456789abcdef"; /* \u00xx in JSON: lower case */

/* Undoes a partial append: the buffer goes back to len bytes. Returns -1 for the caller. */
static int escape_fail(struct buf *b, size_t len)
{
	b->len = len;
	if (b->data)
		b->data[len] = '\0';
	return -1;
}

/* The entity for an HTML-special byte, or NULL. */
static const char *escape_entity(unsigned char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	default:
		return NULL;
	}
}

int escape_html(struct buf *b, const char *s)
{
	size_t start = b->len;
	const char *run = s;

	if (!s)
		return 0;
	for (;; s++) {
		const char *ent = escape_entity((unsigned char)*s);
		if (!ent && *s)
			continue;
		if (s > run && buf_append(b, run, (size_t)(s - run)) < 0)
			return escape_fail(b, start);
		if (!*s)
			break;
		if (buf_puts(b, ent) < 0)
			return escape_fail(b, start);
		run = s + 1;
	}
	return 0;
}

int escape_attr(struct buf *b, const char *s)
{
	return escape_html(b, s);
}

/* RFC 3986 unreserved: ALPHA / DIGIT / "-" / "." / "_" / "~". */
static int escape_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~';
}

int escape_url(struct buf *b, const char *s)
{
	size_t start = b->len;
	const char *run = s;

	if (!s)
		return 0;
	for (;; s++) {
		unsigned char c = (unsigned char)*s;
		if (c && escape_unreserved(c))
			continue;
		if (s > run && buf_append(b, run, (size_t)(s - run)) < 0)
			return escape_fail(b, start);
		if (!c)
			break;
		char pct[3] = {'%', escape_hex[c >> 4], escape_hex[c & 15]};
		if (buf_append(b, pct, 3) < 0)
			return escape_fail(b, start);
		run = s + 1;
	}
	return 0;
}

/* True when the byte needs a \u escape (or a short one) inside a JSON string that may sit in a
 * <script> element: controls, '"', '\\', and '<' '>' '&'. */
static int escape_json_special(unsigned char c)
{
	return c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c == 0x7F;
}

/* Appends the JSON form of the valid UTF-8 text s[0..len). */
static int escape_json_valid(struct buf *b, const unsigned char *s, size_t len)
{
	size_t run = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = s[i];
		const char *esc = NULL;
		char u[7];
		size_t skip = 1;

		if (escape_json_special(c)) {
			if (c == '"') {
				esc = "\\\"";
			} else if (c == '\\') {
				esc = "\\\\";
			} else {
				u[0] = '\\';
				u[1] = 'u';
				u[2] = '0';
				u[3] = '0';
				u[4] = escape_hex_json[c >> 4];
				u[5] = escape_hex_json[c & 15];
				u[6] = '\0';
				esc = u;
			}
		} else if (c == 0xE2 && i + 2 < len && s[i + 1] == 0x80 &&
		           (s[i + 2] == 0xA8 || s[i + 2] == 0xA9)) {
			/* U+2028 and U+2029 end a line in older JavaScript: never raw in a script
			 */
			esc = s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029";
			skip = 3;
		} else {
			continue;
		}
		if (i > run && buf_append(b, s + run, i - run) < 0)
			return -1;
		if (buf_puts(b, esc) < 0)
			return -1;
		i += skip - 1;
		run = i + 1;
	}
	if (len > run && buf_append(b, s + run, len - run) < 0)
		return -1;
	return 0;
}

int escape_json(struct buf *b, const char *s)
{
	size_t start = b->len;
	size_t len = s ? strlen(s) : 0;
	size_t i = 0;

	if (buf_putc(b, '"') < 0)
		return escape_fail(b, start);
	/* Input should be valid UTF-8 already; any invalid byte still becomes U+FFFD so the
	 * output is always valid JSON. */
	while (i < len) {
		size_t bad = len - i;
		bool ok = utf8_valid(s + i, len - i, &bad);
		if (escape_json_valid(b, (const unsigned char *)s + i, ok ? len - i : bad) < 0)
			return escape_fail(b, start);
		if (ok)
			break;
		if (buf_puts(b, "\\ufffd") < 0)
			return escape_fail(b, start);
		i += bad + 1;
	}
	if (buf_putc(b, '"') < 0)
		return escape_fail(b, start);
	return 0;
}

int escape_htmlf(struct buf *b, const char *fmt, ...)
{
	size_t start = b->len;
	const char *run = fmt;
	const char *p = fmt;
	int rc = -1;
	va_list ap;

	va_start(ap, fmt);
	while (*p) {
		if (*p != '%') {
			p++;
			continue;
		}
		if (p > run && buf_append(b, run, (size_t)(p - run)) < 0)
			goto out;
		p++;
		int step;
		if (*p == '%') {
			step = buf_putc(b, '%');
		} else if (*p == 's') {
			step = escape_html(b, va_arg(ap, const char *));
		} else if (*p == 'd' || *p == 'i') {
			step = buf_printf(b, "%d", va_arg(ap, int));
		} else if (*p == 'u') {
			step = buf_printf(b, "%u", va_arg(ap, unsigned));
		} else if (p[0] == 'l' && (p[1] == 'd' || p[1] == 'i')) {
			step = buf_printf(b, "%ld", va_arg(ap, long));
			p++;
		} else if (p[0] == 'l' && p[1] == 'l' && (p[2] == 'd' || p[2] == 'i')) {
			step = buf_printf(b, "%lld", va_arg(ap, long long));
			p += 2;
		} else if (p[0] == 'z' && p[1] == 'u') {
			step = buf_printf(b, "%zu", va_arg(ap, size_t));
			p++;
		} else {
			assert(!"escape_htmlf: only %s %d %i %u %ld %lld %zu %% are allowed");
			goto out;
		}
		if (step < 0)
			goto out;
		p++;
		run = p;
	}
	if (p > run && buf_append(b, run, (size_t)(p - run)) < 0)
		goto out;
	rc = 0;
out:
	va_end(ap);
	if (rc < 0)
		escape_fail(b, start);
	return rc;
}
