/* cache.h — things kept while the data they come from is unchanged: the server's responses (or
 * parts of pages), and the credentials app_authenticate found valid.
 *
 * An entry is a key ("summary?year=2023&as_of=2023-12-14") and the data's generation when it was
 * made (app_generation: it grows with every write, in any process). A lookup with another
 * generation misses, so nothing stale is ever served. The cache is owned by the server, shared
 * by its threads (one lock), bounded in entries and bytes, and evicts the least recently used.
 */
#ifndef DXTRACK_CACHE_H
#define DXTRACK_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define CACHE_KEY_MAX 256 /* longer keys are not cached */

struct cache; /* opaque */

struct cache *cache_create(size_t max_entries, size_t max_bytes);
void cache_destroy(struct cache *c); /* accepts NULL */

/* Appends the entry's bytes to out and returns true when key was stored at generation gen. A
 * NULL cache always misses. */
bool cache_get(struct cache *c, const char *key, int64_t gen, struct buf *out);
/* Stores a copy of data for key at generation gen (replacing an older one). */
void cache_put(struct cache *c, const char *key, int64_t gen, const char *data, size_t len);

#endif
