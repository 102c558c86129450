/* fold.h — search keys that ignore case and Vietnamese diacritics.
 *
 * fold_key("Chuyển đổi số ĐÀ NẴNG") is "chuyen doi so da nang": NFC, case-folded, combining marks
 * stripped (utf8proc), and đ/Đ (which have no decomposition) mapped to d by hand. Search compares
 * the fold key of the query with the fold key of the text, so "chuyen doi so" finds "chuyển đổi số"
 * and "d" finds "đ".
 */
#ifndef DXTRACK_FOLD_H
#define DXTRACK_FOLD_H

#include <stddef.h>

#include "../lib/buf.h"

/* A malloc'd, NUL-terminated fold key of s[0..len); NULL if s is not valid UTF-8. */
char *fold_key(const char *s, size_t len);

/* Appends the fold key of s[0..len) to out; -1 if s is not valid UTF-8 or the key would pass
 * out's limit (out unchanged in both cases). */
int fold_append(struct buf *out, const char *s, size_t len);

#endif
