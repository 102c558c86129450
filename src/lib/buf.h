/* buf.h — a growable byte buffer with a hard cap.
 *
 * The cap is also the input size limit of whatever fills the buffer: an append that would pass it
 * fails with -1 and leaves the buffer unchanged. The contents are always NUL-terminated (the NUL
 * is not counted in len), so data can be used as a C string when it holds text.
 */
#ifndef DXTRACK_BUF_H
#define DXTRACK_BUF_H

#include <stdarg.h>
#include <stddef.h>

#define BUF_DEFAULT_LIMIT ((size_t)1 << 30) /* 1 GiB */

struct buf {
	char *data;   /* owned; NULL until the first append */
	size_t len;   /* bytes used, without the trailing NUL */
	size_t cap;   /* bytes allocated */
	size_t limit; /* most bytes the buffer may hold */
};

void buf_init(struct buf *b, size_t limit); /* limit 0 means BUF_DEFAULT_LIMIT */
void buf_finish(struct buf *b);             /* frees; the buffer may be initialised again */
void buf_reset(struct buf *b);              /* len = 0, keeps the memory */
int buf_append(struct buf *b, const void *data, size_t len); /* 0, or -1 past the limit */
/* Makes room for extra more bytes (plus the NUL) without changing len; -1 past the limit. */
int buf_reserve(struct buf *b, size_t extra);
/* Appends the whole file at path (a writer's temporary file: libxlsxwriter writes only files);
 * 0, or -1 when it cannot be read or passes the limit. */
int buf_append_file(struct buf *b, const char *path);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap);
const char *buf_cstr(const struct buf *b); /* "" for an empty buffer; never NULL */
char *buf_steal(struct buf *b);            /* the caller owns the (NUL-terminated) data */

#endif
