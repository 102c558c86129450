/* mem.h — allocation that never returns NULL.
 *
 * dxtrack treats running out of memory as fatal: every allocation goes through these wrappers,
 * which print one line and abort. Callers therefore never check for NULL.
 */
#ifndef DXTRACK_MEM_H
#define DXTRACK_MEM_H

#include <stddef.h>

void *mem_alloc(size_t size);                 /* malloc; never NULL */
void *mem_calloc(size_t count, size_t size);  /* calloc with overflow check; never NULL */
void *mem_realloc(void *ptr, size_t size);    /* realloc; never NULL */
char *mem_strdup(const char *s);              /* strdup; NULL in gives NULL out */
char *mem_strndup(const char *s, size_t len); /* copy of len bytes plus NUL */

#endif
