/* fuzz_form.c — libFuzzer target for the request decoders of http/form.h (run by fuzz/run.sh).
 *
 * The input goes whole to form_decode and form_parse_urlencoded, as a NUL-terminated copy to
 * form_parse_cookies, and split at its first '\n' to form_parse_multipart (the first line is the
 * Content-Type header, the rest the body). Each input gets a fresh arena, and the body is copied
 * to a buffer of exactly its size so that any read past the end is caught by ASan. What form.h
 * promises is checked on every success (valid UTF-8 without NUL, the pair limit, lengths that
 * match), and what was decoded is encoded again (escape_url, a multipart body of our own) and
 * must decode to the same pairs. A broken promise calls abort(), which libFuzzer reports.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/escape.h"
#include "http/form.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "text/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_BOUNDARY "dxFuzzBoundary42"

static void fuzz_form_check(bool ok)
{
	if (!ok)
		abort();
}

/* A decoded name or text value: valid UTF-8, no NUL inside, length as recorded. */
static void fuzz_form_check_text(const char *s, size_t len)
{
	fuzz_form_check(s != NULL);
	fuzz_form_check(strlen(s) == len);
	fuzz_form_check(utf8_valid(s, len, NULL));
}

static void fuzz_form_check_params(const struct http_params *p)
{
	fuzz_form_check(p->count <= HTTP_PARAMS_MAX && p->count <= p->cap);
	for (size_t i = 0; i < p->count; i++) {
		fuzz_form_check_text(p->items[i].name, strlen(p->items[i].name));
		fuzz_form_check(p->items[i].name[0] != '\0');
		fuzz_form_check_text(p->items[i].value, p->items[i].value_len);
	}
}

static bool fuzz_form_same(const struct http_params *a, const struct http_params *b)
{
	if (a->count != b->count)
		return false;
	for (size_t i = 0; i < a->count; i++)
		if (strcmp(a->items[i].name, b->items[i].name) != 0 ||
		    a->items[i].value_len != b->items[i].value_len ||
		    memcmp(a->items[i].value, b->items[i].value, a->items[i].value_len) != 0)
			return false;
	return true;
}

/* Pairs → "n=v&…" with escape_url → pairs again: the same. */
static void fuzz_form_urlencoded_round_trip(struct arena *arena, const struct http_params *p)
{
	struct buf b;
	struct http_params back = {0};

	buf_init(&b, 0);
	for (size_t i = 0; i < p->count; i++) {
		if (i)
			buf_putc(&b, '&');
		fuzz_form_check(escape_url(&b, p->items[i].name) == 0);
		buf_putc(&b, '=');
		fuzz_form_check(escape_url(&b, p->items[i].value) == 0);
	}
	fuzz_form_check(form_parse_urlencoded(arena, buf_cstr(&b), b.len, &back) == 0);
	fuzz_form_check(fuzz_form_same(p, &back));
	buf_finish(&b);
}

/* Text fields → a multipart body as a browser would write it → the same fields. Names that a
 * quoted-string cannot carry as is, and values holding our delimiter, are left out. */
static void fuzz_form_multipart_round_trip(struct arena *arena, const struct http_params *p)
{
	struct buf b;
	struct http_params back = {0};
	struct http_upload up;

	for (size_t i = 0; i < p->count; i++) {
		if (strpbrk(p->items[i].name, "\"\\\r\n") ||
		    strstr(p->items[i].value, "--" FUZZ_BOUNDARY))
			return;
	}
	buf_init(&b, 0);
	buf_puts(&b, "preamble\r\n");
	for (size_t i = 0; i < p->count; i++)
		buf_printf(&b,
		           "--" FUZZ_BOUNDARY "\r\nContent-Disposition: form-data; name=\"%s\"\r\n"
		           "\r\n%s\r\n",
		           p->items[i].name, p->items[i].value);
	buf_puts(&b, "--" FUZZ_BOUNDARY "--\r\n");
	fuzz_form_check(form_parse_multipart(arena, "multipart/form-data; boundary=" FUZZ_BOUNDARY,
	                                     buf_cstr(&b), b.len, &back, &up) == 0);
	fuzz_form_check(fuzz_form_same(p, &back));
	fuzz_form_check(up.field == NULL);
	buf_finish(&b);
}

static void fuzz_form_decode(struct arena *arena, const char *s, size_t len)
{
	for (int plus = 0; plus <= 1; plus++) {
		char *out = NULL;
		if (form_decode(arena, s, len, plus, &out) < 0) {
			fuzz_form_check(out == NULL);
			continue;
		}
		size_t n = strlen(out);
		fuzz_form_check(n <= len);
		fuzz_form_check_text(out, n);
		/* encoded again, it decodes to the same text */
		struct buf b;
		buf_init(&b, 0);
		fuzz_form_check(escape_url(&b, out) == 0);
		char *again = NULL;
		fuzz_form_check(form_decode(arena, buf_cstr(&b), b.len, plus, &again) == 0);
		fuzz_form_check(strcmp(out, again) == 0);
		buf_finish(&b);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena arena;
	arena_init(&arena);
	const char *in = (const char *)data;

	fuzz_form_decode(&arena, in, size);

	struct http_params q = {0};
	if (form_parse_urlencoded(&arena, in, size, &q) == 0) {
		fuzz_form_check_params(&q);
		fuzz_form_urlencoded_round_trip(&arena, &q);
	}

	char *copy = malloc(size + 1);
	memcpy(copy, data, size);
	copy[size] = '\0';
	struct http_params c = {0};
	if (form_parse_cookies(&arena, copy, &c) == 0) {
		fuzz_form_check(c.count <= HTTP_PARAMS_MAX);
		for (size_t i = 0; i < c.count; i++) {
			fuzz_form_check(c.items[i].name[0] != '\0');
			fuzz_form_check(!strchr(c.items[i].name, ';') &&
			                !strchr(c.items[i].value, ';'));
			fuzz_form_check(!strchr(c.items[i].name, '='));
			fuzz_form_check_text(c.items[i].value, c.items[i].value_len);
		}
	}

	/* the first line (without its CR) is the Content-Type, the rest the body */
	char *nl = strchr(copy, '\n');
	size_t ct_len = nl ? (size_t)(nl - copy) : size;
	size_t body_at = nl ? ct_len + 1 : size;
	if (ct_len && copy[ct_len - 1] == '\r')
		ct_len--;
	char *ct = malloc(ct_len + 1);
	memcpy(ct, copy, ct_len);
	ct[ct_len] = '\0';
	size_t body_len = size - body_at;
	char *body = malloc(body_len ? body_len : 1);
	memcpy(body, data + body_at, body_len);

	struct http_params f = {0};
	struct http_upload up;
	if (form_parse_multipart(&arena, ct, body, body_len, &f, &up) == 0) {
		fuzz_form_check_params(&f);
		if (up.field) {
			fuzz_form_check_text(up.field, strlen(up.field));
			fuzz_form_check(up.filename && up.filename[0] != '\0');
			fuzz_form_check_text(up.filename, strlen(up.filename));
			fuzz_form_check(up.len <= body_len && up.data[up.len] == '\0');
			fuzz_form_check(memmem(body, body_len, up.data, up.len) != NULL);
		} else {
			fuzz_form_check(!up.filename && !up.data && up.len == 0);
		}
		for (size_t i = 0; i < f.count; i++)
			fuzz_form_check(
			    memmem(body, body_len, f.items[i].value, f.items[i].value_len));
		fuzz_form_multipart_round_trip(&arena, &f);
	} else {
		fuzz_form_check(!up.field && !up.filename && !up.data && up.len == 0);
	}

	free(body);
	free(ct);
	free(copy);
	arena_finish(&arena);
	return 0;
}
