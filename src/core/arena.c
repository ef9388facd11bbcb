/*
 * arena.c - a chunked bump allocator with a total cap.
 *
 * Chunks start small (most requests need a few KB) and double up to a
 * ceiling; an allocation larger than the ceiling gets a chunk of its own.
 */
#include "core/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALIGN 16u
#define FIRST_CHUNK 8192u
#define MAX_CHUNK (256u * 1024u)

struct chunk {
	struct chunk *next;
	size_t size; /* usable bytes after the header */
	size_t used;
	_Alignas(16) unsigned char data[];
};

struct arena {
	struct chunk *head;
	size_t cap;
	size_t total; /* bytes reserved in chunks */
	size_t used;  /* bytes handed out */
	size_t next_size;
	bool failed;
};

static _Thread_local arena *current;

arena *arena_new(size_t cap)
{
	arena *a = calloc(1, sizeof(*a));
	if (a == NULL)
		return NULL;
	a->cap = cap;
	a->next_size = FIRST_CHUNK;
	return a;
}

void arena_free(arena *a)
{
	if (a == NULL)
		return;
	struct chunk *c = a->head;
	while (c != NULL) {
		struct chunk *next = c->next;
		free(c);
		c = next;
	}
	if (current == a)
		current = NULL;
	free(a);
}

static struct chunk *chunk_add(arena *a, size_t need)
{
	size_t size = a->next_size;
	if (need > size)
		size = need;
	if (size > a->cap - a->total)
		size = a->cap - a->total; /* last chunk: whatever the cap allows */
	if (size < need)
		return NULL;
	struct chunk *c = malloc(sizeof(*c) + size);
	if (c == NULL)
		return NULL;
	c->size = size;
	c->used = 0;
	c->next = a->head;
	a->head = c;
	a->total += size;
	if (a->next_size < MAX_CHUNK)
		a->next_size *= 2;
	return c;
}

void *arena_alloc(arena *a, size_t n)
{
	if (a->failed)
		return NULL;
	size_t rounded;
	if (n == 0)
		n = 1;
	if (__builtin_add_overflow(n, ALIGN - 1, &rounded))
		goto fail;
	rounded &= ~(size_t)(ALIGN - 1);

	struct chunk *c = a->head;
	if (c == NULL || c->size - c->used < rounded) {
		if (a->total > a->cap || rounded > a->cap - a->total)
			goto fail;
		c = chunk_add(a, rounded);
		if (c == NULL)
			goto fail;
	}
	void *p = c->data + c->used;
	c->used += rounded;
	a->used += rounded;
	return p;
fail:
	a->failed = true;
	return NULL;
}

void *arena_calloc(arena *a, size_t count, size_t size)
{
	size_t n;
	if (__builtin_mul_overflow(count, size, &n)) {
		a->failed = true;
		return NULL;
	}
	void *p = arena_alloc(a, n);
	if (p != NULL)
		memset(p, 0, n);
	return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
	size_t total;
	if (__builtin_add_overflow(n, 1, &total)) {
		a->failed = true;
		return NULL;
	}
	char *p = arena_alloc(a, total);
	if (p == NULL)
		return NULL;
	if (n > 0)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

__attribute__((format(printf, 2, 0)))
char *arena_vprintf(arena *a, const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return NULL;
	char *p = arena_alloc(a, (size_t)n + 1);
	if (p == NULL)
		return NULL;
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

bool arena_failed(const arena *a)
{
	return a->failed;
}

size_t arena_used(const arena *a)
{
	return a->used;
}

void arena_set_current(arena *a)
{
	current = a;
}

arena *arena_current(void)
{
	return current;
}
