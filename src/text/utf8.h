/* utf8.h — UTF-8 validation and NFC normalisation (utf8proc).
 *
 * All text enters dxtrack through here: it must be valid UTF-8 and is stored in NFC, so that the
 * same word typed on two keyboards (precomposed "ệ" or "e" + marks) is the same bytes.
 */
#ifndef DXTRACK_UTF8_H
#define DXTRACK_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..len) is valid UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
 * On false, *bad_offset (if not NULL) is the byte offset of the first invalid sequence. */
bool utf8_valid(const char *s, size_t len, size_t *bad_offset);

/* A NUL-terminated, malloc'd NFC copy of s[0..len); NULL if s is not valid UTF-8. */
char *utf8_nfc(const char *s, size_t len);

/* True when s is valid UTF-8 made only of characters that are NFC whatever surrounds them
 * (ASCII, Latin, precomposed Vietnamese, common punctuation): utf8_nfc's fast path. False
 * means "not known", not "not NFC". */
bool utf8_is_surely_nfc(const char *s, size_t len);

/* A NUL-terminated, malloc'd upper-case NFC copy of s[0..len) ("Tỉnh Bắc Kạn" → "TỈNH BẮC KẠN"),
 * code point by code point (utf8proc's simple case mapping); NULL if s is not valid UTF-8. */
char *utf8_upper(const char *s, size_t len);

/* Number of code points in a valid UTF-8 string (for column widths and length limits). */
size_t utf8_length(const char *s, size_t len);

#endif
