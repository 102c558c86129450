/* fold.c — accent- and case-insensitive search keys for Vietnamese text.
 *
 * utf8proc does NFC + case folding + mark stripping in one pass (COMPOSE | STRIPMARK | CASEFOLD;
 * adding DECOMPOSE would be an error). đ/Đ have no decomposition, so they survive that pass and
 * are replaced by "d" afterwards. Runs once per imported row, so the common case is fast: text
 * made of ASCII and Latin letters (U+00C0–U+024F,
 * U+1E00–U+1EFF: all of Vietnamese) is folded through a table of one ASCII letter per code point.
 * The table is computed once, from utf8proc itself, under pthread_once, and read-only after that;
 * a code point whose fold is not a single ASCII letter sends the whole string to utf8proc.
 */
#include "fold.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <utf8proc.h>

#include "../lib/mem.h"
#include "utf8.h"

#define FOLD_OPTIONS (UTF8PROC_COMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD)

/* utf8proc reports allocation failure as an error code; dxtrack treats it as fatal (see mem.h). */
static _Noreturn void fold_die(void)
{
	fputs("dxtrack: out of memory (utf8proc)\n", stderr);
	abort();
}

/* Replaces đ (C4 91) and Đ (C4 90) in p[0..n) by "d", in place; returns the new length.
 * A C4 byte is always a lead byte in valid UTF-8, so the match is on a character boundary. */
static size_t fold_d_stroke(unsigned char *p, size_t n)
{
	size_t w = 0;

	for (size_t r = 0; r < n; r++) {
		if (p[r] == 0xC4 && r + 1 < n && (p[r + 1] == 0x91 || p[r + 1] == 0x90)) {
			p[w++] = 'd';
			r++;
		} else {
			p[w++] = p[r];
		}
	}
	return w;
}

/* The fast table: for U+00C0..U+024F and U+1E00..U+1EFF, the ASCII letter the code point folds
 * to, or 0 when its fold is anything else. */
#define FOLD_LATIN_FIRST 0xC0u
#define FOLD_LATIN_LAST 0x24Fu
#define FOLD_EXT_FIRST 0x1E00u
#define FOLD_EXT_LAST 0x1EFFu
static unsigned char fold_table_latin[FOLD_LATIN_LAST - FOLD_LATIN_FIRST + 1];
static unsigned char fold_table_ext[FOLD_EXT_LAST - FOLD_EXT_FIRST + 1];
static pthread_once_t fold_table_once = PTHREAD_ONCE_INIT;

/* The single ASCII letter code point cp folds to through utf8proc (and đ → d), or 0. */
static unsigned char fold_one(unsigned cp)
{
	utf8proc_uint8_t in[4];
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)cp, in);
	unsigned char result = 0;
	n = utf8proc_map(in, n, &mapped, FOLD_OPTIONS);
	if (n > 0) {
		size_t kept = fold_d_stroke(mapped, (size_t)n);
		if (kept == 1 && mapped[0] < 0x80)
			result = mapped[0];
	}
	free(mapped);
	return result;
}

static void fold_table_build(void)
{
	for (unsigned cp = FOLD_LATIN_FIRST; cp <= FOLD_LATIN_LAST; cp++)
		fold_table_latin[cp - FOLD_LATIN_FIRST] = fold_one(cp);
	for (unsigned cp = FOLD_EXT_FIRST; cp <= FOLD_EXT_LAST; cp++)
		fold_table_ext[cp - FOLD_EXT_FIRST] = fold_one(cp);
}

/* Folds s through the table; -1 (out unchanged) when some character is not in it. The fold is
 * never longer than s, so it is written straight into room reserved up front. */
static int fold_append_table(struct buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	pthread_once(&fold_table_once, fold_table_build);
	if (buf_reserve(out, len) < 0)
		return -1;
	char *w = out->data + out->len;
	for (size_t i = 0; i < len;) {
		unsigned c = p[i];
		unsigned char f = 0;
		if (c < 0x80) {
			f = (unsigned char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
			i++;
		} else if (c < 0xE0) {
			unsigned cp = ((c & 0x1Fu) << 6) | (p[i + 1] & 0x3Fu);
			if (cp >= FOLD_LATIN_FIRST && cp <= FOLD_LATIN_LAST)
				f = fold_table_latin[cp - FOLD_LATIN_FIRST];
			i += 2;
		} else if (c < 0xF0) {
			unsigned cp =
			    ((c & 0x0Fu) << 12) | ((p[i + 1] & 0x3Fu) << 6) | (p[i + 2] & 0x3Fu);
			if (cp >= FOLD_EXT_FIRST && cp <= FOLD_EXT_LAST)
				f = fold_table_ext[cp - FOLD_EXT_FIRST];
			i += 3;
		}
		if (f == 0) {
			out->data[out->len] = '\0';
			return -1;
		}
		*w++ = (char)f;
	}
	out->len = (size_t)(w - out->data);
	out->data[out->len] = '\0';
	return 0;
}

int fold_append(struct buf *out, const char *s, size_t len)
{
	utf8proc_uint8_t *mapped = NULL;
	int rc = -1;

	if (!utf8_valid(s, len, NULL) || len > (size_t)PTRDIFF_MAX)
		goto out;
	if (fold_append_table(out, s, len) == 0) {
		rc = 0;
		goto out;
	}
	utf8proc_ssize_t n =
	    utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &mapped, FOLD_OPTIONS);
	if (n == UTF8PROC_ERROR_NOMEM)
		fold_die();
	if (n < 0)
		goto out;
	size_t kept = fold_d_stroke(mapped, (size_t)n);
	rc = buf_append(out, mapped, kept);
out:
	free(mapped); /* utf8proc_map allocates with malloc; NULL after an error */
	return rc;
}

char *fold_key(const char *s, size_t len)
{
	struct buf b;

	buf_init(&b, 0);
	if (fold_append(&b, s, len) < 0) {
		buf_finish(&b);
		return NULL;
	}
	return buf_steal(&b);
}
