/* escape.h — every byte we send is escaped for its context (DESIGN §5.10).
 *
 * HTML text and attribute values, URL components, and JSON strings. CSV cells are escaped by
 * io/csv.h (with its formula guard). Each function appends to a buffer and returns 0 or -1 when
 * the buffer's cap is reached. Input is expected to be UTF-8 (already validated on the way in).
 */
#ifndef DXTRACK_ESCAPE_H
#define DXTRACK_ESCAPE_H

#include <stddef.h>

#include "../lib/buf.h"

/* On -1 the buffer is left as it was before the call. A NULL s appends nothing ("" for JSON). */
int escape_html(struct buf *b, const char *s); /* & < > " ' → entities */
int escape_attr(struct buf *b, const char *s); /* the same set: attribute values are quoted */
int escape_url(struct buf *b, const char *s);  /* a query value or path segment: RFC 3986 */
/* A JSON string with its quotes. A quote and a backslash become \" and \\; controls, DEL and
 * < > & become \u00xx (so JSON in a <script> can never close it), U+2028/U+2029 \u2028/\u2029,
 * and an invalid UTF-8 byte \ufffd. */
int escape_json(struct buf *b, const char *s);
/* printf into HTML: every %s argument is HTML-escaped (NULL prints nothing); %d, %lld … as
 * printf. Only the conversions s d i u ld li lld lli zu and %% are allowed, without flags or
 * widths (anything else is a programmer error: an assert, or -1 without asserts). The format
 * itself is trusted markup and copied as is. The compiler checks the arguments' types. */
int escape_htmlf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
