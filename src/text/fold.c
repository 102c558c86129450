/* fold.c — accent- and case-insensitive search keys for Vietnamese text.
 *
 * utf8proc does NFC + case folding + mark stripping in one pass (COMPOSE | STRIPMARK | CASEFOLD;
 * adding DECOMPOSE would be an error). đ/Đ have no decomposition, so they survive that pass and
 * are replaced by "d" afterwards. Runs once per imported row: no ICU, no global state, and pure
 * ASCII input (most codes and many names) skips utf8proc entirely.
 */
#include "fold.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static bool fold_is_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

/* ASCII folds to itself lower-cased (no marks, no compositions): same result as utf8proc. */
static int fold_append_ascii(struct buf *out, const char *s, size_t len)
{
	size_t start = out->len;

	if (buf_append(out, s, len) < 0)
		return -1;
	for (size_t i = start; i < out->len; i++)
		if (out->data[i] >= 'A' && out->data[i] <= 'Z')
			out->data[i] = (char)(out->data[i] - 'A' + 'a');
	return 0;
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

int fold_append(struct buf *out, const char *s, size_t len)
{
	utf8proc_uint8_t *mapped = NULL;
	int rc = -1;

	if (!utf8_valid(s, len, NULL) || len > (size_t)PTRDIFF_MAX)
		goto out;
	if (fold_is_ascii(s, len)) {
		rc = fold_append_ascii(out, s, len);
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
