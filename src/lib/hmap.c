/* hmap.c — string → int64 hash map with linear probing (see hmap.h). */
#include "hmap.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"

void hmap_init(struct hmap *m)
{
	m->slots = NULL;
	m->cap = 0;
	m->count = 0;
}

void hmap_finish(struct hmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	hmap_init(m);
}

static uint64_t hmap_hash(const char *key)
{
	uint64_t h = 1469598103934665603u;
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 1099511628211u;
	return h;
}

/* The slot holding key (of hash h), or the empty slot where it would go. The stored hash is
 * compared first, so probing past other keys rarely touches their strings. */
static struct hmap_slot *hmap_find(const struct hmap *m, const char *key, uint64_t h)
{
	size_t mask = m->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct hmap_slot *s = &m->slots[i];
		if (!s->key || (s->hash == h && strcmp(s->key, key) == 0))
			return s;
	}
}

static void hmap_grow(struct hmap *m)
{
	struct hmap old = *m;
	m->cap = old.cap ? old.cap * 2 : 64;
	m->slots = mem_calloc(m->cap, sizeof *m->slots);
	for (size_t i = 0; i < old.cap; i++)
		if (old.slots[i].key)
			*hmap_find(m, old.slots[i].key, old.slots[i].hash) = old.slots[i];
	free(old.slots);
}

bool hmap_put(struct hmap *m, const char *key, int64_t value)
{
	if ((m->count + 1) * 4 > m->cap * 3)
		hmap_grow(m);
	uint64_t h = hmap_hash(key);
	struct hmap_slot *s = hmap_find(m, key, h);
	bool fresh = !s->key;
	if (fresh) {
		s->key = mem_strdup(key);
		s->hash = h;
		m->count++;
	}
	s->value = value;
	return fresh;
}

bool hmap_get(const struct hmap *m, const char *key, int64_t *value)
{
	if (!m->cap)
		return false;
	struct hmap_slot *s = hmap_find(m, key, hmap_hash(key));
	if (!s->key)
		return false;
	if (value)
		*value = s->value;
	return true;
}
