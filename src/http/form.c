/* form.c — decoders for what clients send (see form.h): percent-encoding (RFC 3986), query
 * strings and urlencoded forms, the Cookie header (RFC 6265) and multipart/form-data (RFC 7578).
 *
 * Hostile clients reach this code directly, so every scan is bounded by the length it was given
 * (bodies are not NUL-terminated as far as these functions know), nothing recurses, and every
 * name and text value is checked to be UTF-8 without NUL before it is handed on.
 */
#include "form.h"

#include <stdbool.h>
#include <string.h>

#include "../text/utf8.h"

#define FORM_BOUNDARY_MAX 70 /* RFC 2046 §5.1.1 */

static int form_hex(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static unsigned char form_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* True when s[0..len) equals the lower-case ASCII word, ignoring ASCII case. */
static bool form_eq_ci(const char *s, size_t len, const char *word)
{
	size_t n = strlen(word);
	if (len != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (form_lower((unsigned char)s[i]) != (unsigned char)word[i])
			return false;
	return true;
}

static bool form_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* Valid UTF-8 without NUL bytes: what every decoded name and text value must be. */
static bool form_text_ok(const char *s, size_t len)
{
	return memchr(s, '\0', len) == NULL && utf8_valid(s, len, NULL);
}

int form_decode(struct arena *arena, const char *s, size_t len, int plus_is_space, char **out)
{
	char *d = arena_alloc(arena, len + 1);
	size_t n = 0;

	*out = NULL;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%') {
			if (len - i < 3)
				return -1;
			int hi = form_hex((unsigned char)s[i + 1]);
			int lo = form_hex((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			c = (unsigned char)(hi << 4 | lo);
			i += 2;
		} else if (c == '+' && plus_is_space) {
			c = ' ';
		}
		if (c == '\0')
			return -1;
		d[n++] = (char)c;
	}
	d[n] = '\0';
	if (!utf8_valid(d, n, NULL))
		return -1;
	*out = d;
	return 0;
}

int form_parse_urlencoded(struct arena *arena, const char *s, size_t len, struct http_params *out)
{
	size_t i = 0;

	while (i < len) {
		const char *pair = s + i;
		const char *amp = memchr(pair, '&', len - i);
		size_t plen = amp ? (size_t)(amp - pair) : len - i;
		i += plen + 1; /* past the '&' (or past the end, which ends the loop) */
		if (plen == 0)
			continue;
		const char *eq = memchr(pair, '=', plen);
		size_t nlen = eq ? (size_t)(eq - pair) : plen;
		char *name, *value = "";
		if (form_decode(arena, pair, nlen, 1, &name) < 0)
			return -1;
		if (eq && form_decode(arena, eq + 1, plen - nlen - 1, 1, &value) < 0)
			return -1;
		if (!*name)
			continue; /* "=x": nothing a handler could ask for */
		if (http_param_add(out, arena, name, value, strlen(value)) < 0)
			return -1;
	}
	return 0;
}

int form_parse_cookies(struct arena *arena, const char *header, struct http_params *out)
{
	const char *p = header;

	while (*p) {
		const char *end = strchr(p, ';');
		if (!end)
			end = p + strlen(p);
		const char *next = *end ? end + 1 : end;

		while (p < end && form_ows(*p))
			p++;
		const char *eq = memchr(p, '=', (size_t)(end - p));
		if (!eq) { /* malformed pair: skipped, like browsers do */
			p = next;
			continue;
		}
		const char *ne = eq;
		while (ne > p && form_ows(ne[-1]))
			ne--;
		const char *v = eq + 1, *ve = end;
		while (v < ve && form_ows(*v))
			v++;
		while (ve > v && form_ows(ve[-1]))
			ve--;
		if (ve - v >= 2 && v[0] == '"' && ve[-1] == '"') {
			v++;
			ve--;
		}
		size_t nlen = (size_t)(ne - p), vlen = (size_t)(ve - v);
		/* a nameless or non-UTF-8 cookie is not one of ours (another site on the same host
		 * may have set it): skipped rather than failing the request */
		if (nlen > 0 && utf8_valid(p, nlen, NULL) && utf8_valid(v, vlen, NULL)) {
			if (http_param_add(out, arena, arena_strndup(arena, p, nlen),
			                   arena_strndup(arena, v, vlen), vlen) < 0)
				return -1;
		}
		p = next;
	}
	return 0;
}

/* ---- header parameters: `type; a=b; c="x;y"` ------------------------------------------------- */

/* The length of the leading token (media type or disposition type) of s[0..len), trimmed. */
static size_t form_hvalue_type(const char *s, size_t len, size_t *start)
{
	size_t i = 0;
	while (i < len && form_ows(s[i]))
		i++;
	size_t b = i;
	while (i < len && s[i] != ';')
		i++;
	while (i > b && form_ows(s[i - 1]))
		i--;
	*start = b;
	return i - b;
}

/* Finds parameter want (lower case) in the header value s[0..len) after its type, and copies its
 * value (unquoted; \" and \\ unescaped) to the arena. 1 found, 0 absent, -1 malformed (an
 * unterminated quoted string, a NUL byte). The first occurrence wins. */
static int form_hvalue_param(struct arena *arena, const char *s, size_t len, const char *want,
                             char **out, size_t *out_len)
{
	size_t i = 0;
	int found = 0;

	if (memchr(s, '\0', len))
		return -1;
	while (i < len && s[i] != ';') /* skip the type */
		i++;
	while (i < len) {
		i++; /* past ';' */
		while (i < len && form_ows(s[i]))
			i++;
		size_t nb = i;
		while (i < len && s[i] != '=' && s[i] != ';')
			i++;
		size_t ne = i;
		while (ne > nb && form_ows(s[ne - 1]))
			ne--;
		if (i >= len || s[i] == ';')
			continue; /* a parameter without '=': ignored */
		i++;              /* past '=' */
		while (i < len && form_ows(s[i]))
			i++;
		bool match = !found && form_eq_ci(s + nb, ne - nb, want);
		if (i < len && s[i] == '"') {
			/* quoted-string: browsers send '"' as %22 and keep '\' as is, so only \"
			 * and
			 * \\ are taken as escapes; ';' inside quotes belongs to the value */
			char *v = match ? arena_alloc(arena, len - i) : NULL;
			size_t n = 0;
			i++;
			for (;;) {
				if (i >= len)
					return -1;
				char c = s[i];
				if (c == '"') {
					i++;
					break;
				}
				if (c == '\\' && i + 1 < len &&
				    (s[i + 1] == '"' || s[i + 1] == '\\')) {
					c = s[i + 1];
					i++;
				}
				if (v)
					v[n++] = c;
				i++;
			}
			if (v) {
				v[n] = '\0';
				*out = v;
				*out_len = n;
				found = 1;
			}
			while (i < len && s[i] != ';') /* anything after the closing quote */
				i++;
		} else {
			size_t vb = i;
			while (i < len && s[i] != ';')
				i++;
			size_t ve = i;
			while (ve > vb && form_ows(s[ve - 1]))
				ve--;
			if (match) {
				*out = arena_strndup(arena, s + vb, ve - vb);
				*out_len = ve - vb;
				found = 1;
			}
		}
	}
	return found;
}

/* ---- multipart/form-data ------------------------------------------------------------------- */

/* The part's headers s[0..len) (lines ending in CRLF, without the blank line) → its field name
 * and filename (NULL when absent). -1 on a malformed block or a missing form-data disposition. */
static int form_part_headers(struct arena *arena, const char *s, size_t len, char **name,
                             char **filename)
{
	bool disposition = false;
	size_t i = 0;

	*name = NULL;
	*filename = NULL;
	while (i < len) {
		const char *line = s + i;
		const char *crlf = memmem(line, len - i, "\r\n", 2);
		size_t llen = crlf ? (size_t)(crlf - line) : len - i;
		i += llen + 2;
		const char *colon = memchr(line, ':', llen);
		if (!colon)
			return -1;
		size_t hlen = (size_t)(colon - line);
		const char *v = colon + 1;
		size_t vlen = llen - hlen - 1;
		if (!form_eq_ci(line, hlen, "content-disposition"))
			continue; /* Content-Type and others: not needed */
		if (disposition)
			return -1; /* two dispositions: ambiguous */
		disposition = true;
		size_t tb, tlen = form_hvalue_type(v, vlen, &tb);
		if (!form_eq_ci(v + tb, tlen, "form-data"))
			return -1;
		size_t nlen = 0, flen = 0;
		int rc = form_hvalue_param(arena, v, vlen, "name", name, &nlen);
		if (rc <= 0 || nlen == 0 || !form_text_ok(*name, nlen))
			return -1; /* a field needs a name */
		rc = form_hvalue_param(arena, v, vlen, "filename", filename, &flen);
		if (rc < 0 || (rc > 0 && !form_text_ok(*filename, flen)))
			return -1;
	}
	return disposition ? 0 : -1;
}

/* The boundary parameter of a multipart/form-data Content-Type, or -1. */
static int form_boundary(struct arena *arena, const char *content_type, char **boundary,
                         size_t *blen)
{
	size_t len = strlen(content_type), tb;
	size_t tlen = form_hvalue_type(content_type, len, &tb);

	if (!form_eq_ci(content_type + tb, tlen, "multipart/form-data"))
		return -1;
	if (form_hvalue_param(arena, content_type, len, "boundary", boundary, blen) <= 0)
		return -1;
	if (*blen < 1 || *blen > FORM_BOUNDARY_MAX)
		return -1;
	for (size_t i = 0; i < *blen; i++) {
		unsigned char c = (unsigned char)(*boundary)[i];
		if (c < 0x20 || c > 0x7E)
			return -1;
	}
	return 0;
}

/* After a delimiter at s[i..): "--" closes the body; else optional blanks then CRLF start the
 * next part. Returns 1 (close), 0 (part follows, *i past the CRLF) or -1. */
static int form_after_delimiter(const char *s, size_t len, size_t *i)
{
	size_t k = *i;
	if (len - k >= 2 && s[k] == '-' && s[k + 1] == '-')
		return 1;
	while (k < len && form_ows(s[k]))
		k++;
	if (len - k < 2 || s[k] != '\r' || s[k + 1] != '\n')
		return -1;
	*i = k + 2;
	return 0;
}

int form_parse_multipart(struct arena *arena, const char *content_type, const char *body,
                         size_t len, struct http_params *fields, struct http_upload *upload)
{
	char *boundary;
	size_t blen;
	int rc = -1;

	memset(upload, 0, sizeof *upload);
	if (form_boundary(arena, content_type, &boundary, &blen) < 0)
		goto out;

	/* delim is "\r\n--boundary"; the first one may also start the body without the CRLF */
	size_t dlen = blen + 4;
	char *delim = arena_alloc(arena, dlen + 1);
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, boundary, blen);
	delim[dlen] = '\0';

	size_t i;
	if (len >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0) {
		i = dlen - 2;
	} else {
		const char *d = memmem(body, len, delim, dlen);
		if (!d)
			goto out;
		i = (size_t)(d - body) + dlen; /* the preamble before it is ignored */
	}

	size_t parts = 0;
	for (;;) {
		int after = form_after_delimiter(body, len, &i);
		if (after < 0)
			goto out;
		if (after == 1)
			break; /* the close delimiter; the epilogue is ignored */
		if (++parts > HTTP_PARAMS_MAX)
			goto out;

		/* the part runs to the next delimiter; a missing one means no closing boundary */
		const char *part = body + i;
		const char *d = memmem(part, len - i, delim, dlen);
		if (!d)
			goto out;
		size_t part_len = (size_t)(d - part);
		i += part_len + dlen;

		/* its headers end with a blank line inside the part; the content follows it */
		const char *blank = memmem(part, part_len, "\r\n\r\n", 4);
		if (!blank)
			goto out;
		size_t hlen = (size_t)(blank - part) + 2; /* keeps the last header line's CRLF */
		const char *data = blank + 4;
		size_t data_len = part_len - hlen - 2;

		char *name, *filename;
		if (form_part_headers(arena, part, hlen, &name, &filename) < 0)
			goto out;
		if (filename) {
			if (!*filename || upload->field)
				continue; /* no file chosen (filename=""), or not the first file */
			upload->field = name;
			upload->filename = filename;
			upload->data = arena_strndup(arena, data, data_len);
			upload->len = data_len;
			continue;
		}
		if (!form_text_ok(data, data_len))
			goto out;
		if (http_param_add(fields, arena, name, arena_strndup(arena, data, data_len),
		                   data_len) < 0)
			goto out;
	}
	rc = 0;
out:
	if (rc < 0)
		memset(upload, 0, sizeof *upload);
	return rc;
}
