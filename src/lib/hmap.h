/* hmap.h — a hash map from strings to 64-bit integers (open addressing, FNV-1a).
 *
 * Used where an importer must remember what it has already seen in a file (duplicate codes,
 * units defined further down) without asking the database for every row. Keys are copied.
 */
#ifndef DXTRACK_HMAP_H
#define DXTRACK_HMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hmap_slot {
	char *key; /* NULL: empty */
	uint64_t hash;
	int64_t value;
};

struct hmap {
	struct hmap_slot *slots;
	size_t cap; /* a power of two */
	size_t count;
};

void hmap_init(struct hmap *m);
void hmap_finish(struct hmap *m);
/* Sets key to value; returns true if the key was new. */
bool hmap_put(struct hmap *m, const char *key, int64_t value);
/* True and *value (if not NULL) set when key is present. */
bool hmap_get(const struct hmap *m, const char *key, int64_t *value);

#endif
