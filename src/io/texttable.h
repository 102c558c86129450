/* texttable.h — plain-text tables for the terminal, aligned by characters (not bytes), so that
 * Vietnamese names line up. Cells are copied; long cells are cut with "…" at the column's limit.
 */
#ifndef DXTRACK_TEXTTABLE_H
#define DXTRACK_TEXTTABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/buf.h"

struct texttable; /* opaque */

/* n_columns headers; right[i] aligns column i to the right (numbers); max[i] is the most
 * characters column i shows (0: no limit). right and max may be NULL. */
struct texttable *texttable_create(size_t n_columns, const char *const *headers, const bool *right,
                                   const size_t *max);
void texttable_destroy(struct texttable *t); /* accepts NULL */
/* Appends a row of n_columns cells (NULL cells print empty). */
void texttable_add(struct texttable *t, const char *const *cells);
/* Header, a rule of "-", then the rows; columns separated by two spaces. */
void texttable_render(const struct texttable *t, struct buf *out);

#endif
