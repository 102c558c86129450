/* mem.c — the one place where allocation failure is handled: it aborts. */
#include "mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void mem_die(size_t size)
{
	fprintf(stderr, "dxtrack: out of memory (%zu bytes)\n", size);
	abort();
}

void *mem_alloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		mem_die(size);
	return p;
}

void *mem_calloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		mem_die(count * size);
	return p;
}

void *mem_realloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		mem_die(size);
	return p;
}

char *mem_strdup(const char *s)
{
	return s ? mem_strndup(s, strlen(s)) : NULL;
}

char *mem_strndup(const char *s, size_t len)
{
	char *p = mem_alloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}
