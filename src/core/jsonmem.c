/*
 * jsonmem.c - jansson allocator over the request arena (see jsonmem.h).
 */
#include "core/jsonmem.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/arena.h"

#define HEADER 16u /* keeps the 16-byte alignment of the payload */
#define TAG_HEAP 0x48454150u
#define TAG_ARENA 0x4152454eu

static void *jm_malloc(size_t n)
{
	size_t total;
	if (__builtin_add_overflow(n, HEADER, &total))
		return NULL;
	arena *a = arena_current();
	unsigned char *p = a ? arena_alloc(a, total) : malloc(total);
	if (p == NULL)
		return NULL;
	*(uint32_t *)p = a ? TAG_ARENA : TAG_HEAP;
	return p + HEADER;
}

static void jm_free(void *ptr)
{
	if (ptr == NULL)
		return;
	unsigned char *p = (unsigned char *)ptr - HEADER;
	if (*(uint32_t *)p == TAG_HEAP)
		free(p);
	/* arena blocks are released with their arena */
}

void jsonmem_install(void)
{
	json_set_alloc_funcs(jm_malloc, jm_free);
}
