/*
 * stmt_cache.h - the per-connection cache of prepared statements, keyed
 * by SQL text, shared by the engine bodies (sqlite.c, pg.c). An engine
 * embeds a struct stmt_entry in its statement and owns the memory; the
 * cache only links entries. Not for use outside src/db/.
 */
#ifndef TERBUKA_STMT_CACHE_H
#define TERBUKA_STMT_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct stmt_entry {
	const char *key;        /* the caller's pointer: compared, never read */
	char *sql;              /* the engine's copy of the text */
	uint64_t hash;
	struct stmt_entry *next; /* bucket chain */
};

struct stmt_cache {
	struct stmt_entry **buckets;
	size_t nbuckets; /* a power of two */
	size_t count;
};

uint64_t stmt_cache_hash(const char *sql);
/* The entry for sql (whose hash is given), or NULL. */
struct stmt_entry *stmt_cache_find(const struct stmt_cache *c, const char *sql, uint64_t hash);
/* Makes room for one more entry; false when out of memory. */
bool stmt_cache_reserve(struct stmt_cache *c);
/* Links e (key, sql and hash set) after stmt_cache_reserve. */
void stmt_cache_add(struct stmt_cache *c, struct stmt_entry *e);
/* Calls free_entry on every entry, then frees the table. */
void stmt_cache_free(struct stmt_cache *c, void (*free_entry)(struct stmt_entry *e));

#endif
