/* cache.c — a small LRU of byte strings keyed by text and generation (cache.h).
 *
 * A handful of keys are hot (a year's summary, its dashboard), so a linear scan under one lock
 * is enough; the lock is held only to find and copy.
 */
#include "cache.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

struct cache_entry {
	char key[CACHE_KEY_MAX + 1]; /* "" when the slot is free */
	int64_t gen;
	char *data;
	size_t len;
	uint64_t used; /* the tick of its last use: the smallest is evicted */
};

struct cache {
	pthread_mutex_t lock;
	struct cache_entry *entries;
	size_t count;
	size_t bytes, max_bytes;
	uint64_t tick;
};

struct cache *cache_create(size_t max_entries, size_t max_bytes)
{
	struct cache *c = mem_calloc(1, sizeof *c);
	pthread_mutex_init(&c->lock, NULL);
	c->entries = mem_calloc(max_entries, sizeof *c->entries);
	c->count = max_entries;
	c->max_bytes = max_bytes;
	return c;
}

void cache_destroy(struct cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->count; i++)
		free(c->entries[i].data);
	free(c->entries);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

static struct cache_entry *cache_find(struct cache *c, const char *key)
{
	for (size_t i = 0; i < c->count; i++)
		if (c->entries[i].key[0] && strcmp(c->entries[i].key, key) == 0)
			return &c->entries[i];
	return NULL;
}

static void cache_drop(struct cache *c, struct cache_entry *e)
{
	c->bytes -= e->len;
	free(e->data);
	memset(e, 0, sizeof *e);
}

bool cache_get(struct cache *c, const char *key, int64_t gen, struct buf *out)
{
	bool hit = false;
	if (!c)
		return false;
	pthread_mutex_lock(&c->lock);
	struct cache_entry *e = cache_find(c, key);
	if (e && e->gen == gen && buf_append(out, e->data, e->len) == 0) {
		e->used = ++c->tick;
		hit = true;
	}
	pthread_mutex_unlock(&c->lock);
	return hit;
}

void cache_put(struct cache *c, const char *key, int64_t gen, const char *data, size_t len)
{
	if (!c || strlen(key) > CACHE_KEY_MAX || len > c->max_bytes / 4)
		return;
	char *copy = mem_alloc(len ? len : 1);
	memcpy(copy, data, len);
	pthread_mutex_lock(&c->lock);
	struct cache_entry *e = cache_find(c, key);
	if (e && e->gen > gen) { /* a newer one is there already */
		free(copy);
		goto out;
	}
	if (e)
		cache_drop(c, e);
	/* make room: the least recently used go first */
	while (true) {
		struct cache_entry *oldest = NULL, *free_slot = NULL;
		for (size_t i = 0; i < c->count; i++) {
			struct cache_entry *x = &c->entries[i];
			if (!x->key[0])
				free_slot = free_slot ? free_slot : x;
			else if (!oldest || x->used < oldest->used)
				oldest = x;
		}
		if (free_slot && c->bytes + len <= c->max_bytes) {
			e = free_slot;
			break;
		}
		if (!oldest) {
			free(copy);
			goto out;
		}
		cache_drop(c, oldest);
	}
	snprintf(e->key, sizeof e->key, "%s", key);
	e->gen = gen;
	e->data = copy;
	e->len = len;
	e->used = ++c->tick;
	c->bytes += len;
out:
	pthread_mutex_unlock(&c->lock);
}
