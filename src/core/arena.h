/*
 * arena.h - per-request memory pool.
 *
 * Everything a request allocates comes from its arena and is released at
 * once when MHD reports the request complete. An arena has a cap: running
 * out is a sticky failure (arena_failed) that the server turns into a 503
 * for that request, never a crash. Allocations are 16-byte aligned.
 */
#ifndef TERBUKA_ARENA_H
#define TERBUKA_ARENA_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct arena arena;

/* A new arena that will hand out at most cap bytes in total; NULL on OOM. */
arena *arena_new(size_t cap);
/* Releases every allocation of the arena and the arena itself. */
void arena_free(arena *a);
/* n bytes, 16-aligned, uninitialised; NULL (and the arena failed) past the cap. */
void *arena_alloc(arena *a, size_t n);
/* count * size zeroed bytes, overflow-checked. */
void *arena_calloc(arena *a, size_t count, size_t size);
/* A NUL-terminated copy of the n bytes at s. */
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_strdup(arena *a, const char *s);
/* printf into the arena; NULL on failure. */
char *arena_printf(arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *arena_vprintf(arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* True once any allocation failed: the request must answer 503. */
bool arena_failed(const arena *a);
/* Bytes handed out so far (for tests and metrics). */
size_t arena_used(const arena *a);

/* The arena of the request this thread is serving, or NULL. jansson's
 * allocator (core/jsonmem.c) draws from it while it is set. */
void arena_set_current(arena *a);
arena *arena_current(void);

#endif
