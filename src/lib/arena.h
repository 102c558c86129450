/* arena.h — a bump allocator for memory that lives exactly as long as one command or request.
 *
 * Allocations are carved from large chunks and released all at once by arena_finish: no
 * per-object free, no fragmentation. An importer keeps its parsed rows' strings here. Like
 * mem.h, allocation never fails (it aborts).
 */
#ifndef DXTRACK_ARENA_H
#define DXTRACK_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head; /* the chunk being filled; older ones follow */
};

void arena_init(struct arena *a);
void arena_finish(struct arena *a);                 /* frees every allocation */
void *arena_alloc(struct arena *a, size_t size);    /* 16-byte aligned */
char *arena_strdup(struct arena *a, const char *s); /* NULL gives NULL */
char *arena_strndup(struct arena *a, const char *s, size_t len);

#endif
