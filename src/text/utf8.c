/* utf8.c — strict UTF-8 validation, NFC normalisation (utf8proc) and code point counting.
 *
 * The validator is our own (Unicode 15, table 3-7 "well-formed byte sequences") so that what
 * counts as valid does not depend on the utf8proc version; utf8proc only ever sees valid input.
 */
#include "utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "../lib/mem.h"

/* utf8proc reports allocation failure as an error code; dxtrack treats it as fatal (see mem.h). */
static _Noreturn void utf8_die(void)
{
	fputs("dxtrack: out of memory (utf8proc)\n", stderr);
	abort();
}

/* Length of the well-formed sequence at s[i..len), or 0 if it is not well formed. */
static size_t utf8_seq_len(const unsigned char *s, size_t i, size_t len)
{
	unsigned char c = s[i];
	size_t need;
	unsigned char lo = 0x80, hi = 0xBF; /* range of the second byte */

	if (c < 0x80)
		return 1;
	if (c < 0xC2) /* continuation byte, or C0/C1 (overlong two-byte forms) */
		return 0;
	if (c < 0xE0) {
		need = 1;
	} else if (c < 0xF0) {
		need = 2;
		if (c == 0xE0)
			lo = 0xA0; /* E0 80..9F would be overlong */
		else if (c == 0xED)
			hi = 0x9F; /* ED A0..BF would be a surrogate U+D800..DFFF */
	} else if (c < 0xF5) {
		need = 3;
		if (c == 0xF0)
			lo = 0x90; /* F0 80..8F would be overlong */
		else if (c == 0xF4)
			hi = 0x8F; /* F4 90.. would be above U+10FFFF */
	} else {
		return 0; /* F5..FF: above U+10FFFF or never used */
	}
	if (len - i - 1 < need)
		return 0; /* truncated at the end of the input */
	if (s[i + 1] < lo || s[i + 1] > hi)
		return 0;
	for (size_t k = 2; k <= need; k++)
		if (s[i + k] < 0x80 || s[i + k] > 0xBF)
			return 0;
	return need + 1;
}

bool utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		if (u[i] < 0x80) { /* fast path for ASCII runs */
			i++;
			continue;
		}
		size_t n = utf8_seq_len(u, i, len);
		if (n == 0) {
			if (bad_offset)
				*bad_offset = i;
			return false;
		}
		i += n;
	}
	return true;
}

/* True when every code point of the (valid) string lies in ranges whose characters are all
 * NFC_Quick_Check=Yes: below U+0300 (Latin, before the combining marks), U+1E00–U+1EFF (Latin
 * Extended Additional: the precomposed Vietnamese letters), U+2010–U+205E (punctuation) and
 * U+20A0–U+20CF (currency, ₫). Such text is already NFC, so the common Vietnamese case skips
 * utf8proc; anything else takes the full path. tests/unit/test_text.c checks every code point
 * of these ranges against utf8proc. */
static bool utf8_surely_nfc(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < len;) {
		unsigned c = p[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		unsigned cp;
		if (c < 0xE0) {
			cp = ((c & 0x1Fu) << 6) | (p[i + 1] & 0x3Fu);
			i += 2;
		} else if (c < 0xF0) {
			cp = ((c & 0x0Fu) << 12) | ((p[i + 1] & 0x3Fu) << 6) | (p[i + 2] & 0x3Fu);
			i += 3;
		} else {
			return false;
		}
		if (!(cp < 0x300 || (cp >= 0x1E00 && cp <= 0x1EFF) ||
		      (cp >= 0x2010 && cp <= 0x205E) || (cp >= 0x20A0 && cp <= 0x20CF)))
			return false;
	}
	return true;
}

bool utf8_is_surely_nfc(const char *s, size_t len)
{
	return utf8_valid(s, len, NULL) && utf8_surely_nfc(s, len);
}

char *utf8_nfc(const char *s, size_t len)
{
	utf8proc_uint8_t *mapped = NULL;
	char *result = NULL;

	if (!utf8_valid(s, len, NULL) || len > (size_t)PTRDIFF_MAX)
		goto out;
	if (utf8_surely_nfc(s, len)) {
		result = mem_strndup(s, len);
		goto out;
	}
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
	                                  &mapped, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (n == UTF8PROC_ERROR_NOMEM)
		utf8_die();
	if (n < 0) /* overflow on absurd lengths; the input itself was checked above */
		goto out;
	/* Copy into our own allocation so the caller's free() never depends on utf8proc's. */
	result = mem_strndup((const char *)mapped, (size_t)n);
out:
	free(mapped); /* utf8proc_map allocates with malloc; NULL after an error */
	return result;
}

char *utf8_upper(const char *s, size_t len)
{
	char *nfc = utf8_nfc(s, len);
	if (!nfc)
		return NULL;
	size_t n = strlen(nfc);
	/* an upper-case code point takes at most 4 bytes; so does its lower-case one */
	char *out = mem_alloc(n * 4 + 1);
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t step = utf8proc_iterate((const utf8proc_uint8_t *)nfc + i,
		                                         (utf8proc_ssize_t)(n - i), &cp);
		if (step <= 0)
			break; /* cannot happen: nfc is valid */
		o +=
		    (size_t)utf8proc_encode_char(utf8proc_toupper(cp), (utf8proc_uint8_t *)out + o);
		i += (size_t)step;
	}
	out[o] = '\0';
	free(nfc);
	char *result = utf8_nfc(out, o);
	free(out);
	return result;
}

size_t utf8_length(const char *s, size_t len)
{
	size_t count = 0;

	/* Every code point has exactly one byte that is not a continuation byte (10xxxxxx). */
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			count++;
	return count;
}
