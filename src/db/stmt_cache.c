/*
 * stmt_cache.c - a chained hash table of prepared statements (see
 * stmt_cache.h). FNV-1a over the SQL text; a pointer-equal key is the fast
 * path, the text comparison makes it correct.
 */
#include "db/stmt_cache.h"

#include <stdlib.h>
#include <string.h>

uint64_t stmt_cache_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;
	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

struct stmt_entry *stmt_cache_find(const struct stmt_cache *c, const char *sql, uint64_t hash)
{
	if (c->nbuckets == 0)
		return NULL;
	for (struct stmt_entry *e = c->buckets[hash & (c->nbuckets - 1)]; e != NULL; e = e->next) {
		if (e->hash == hash && (e->key == sql || strcmp(e->sql, sql) == 0))
			return e;
	}
	return NULL;
}

bool stmt_cache_reserve(struct stmt_cache *c)
{
	if (c->nbuckets > 0 && c->count < c->nbuckets / 4 * 3)
		return true;
	size_t n = c->nbuckets ? c->nbuckets * 2 : 32;
	struct stmt_entry **b = calloc(n, sizeof(*b));
	if (b == NULL)
		return false;
	for (size_t i = 0; i < c->nbuckets; i++) {
		struct stmt_entry *e = c->buckets[i];
		while (e != NULL) {
			struct stmt_entry *next = e->next;
			e->next = b[e->hash & (n - 1)];
			b[e->hash & (n - 1)] = e;
			e = next;
		}
	}
	free(c->buckets);
	c->buckets = b;
	c->nbuckets = n;
	return true;
}

void stmt_cache_add(struct stmt_cache *c, struct stmt_entry *e)
{
	size_t i = e->hash & (c->nbuckets - 1);
	e->next = c->buckets[i];
	c->buckets[i] = e;
	c->count++;
}

void stmt_cache_free(struct stmt_cache *c, void (*free_entry)(struct stmt_entry *e))
{
	for (size_t i = 0; i < c->nbuckets; i++) {
		struct stmt_entry *e = c->buckets[i];
		while (e != NULL) {
			struct stmt_entry *next = e->next;
			free_entry(e);
			e = next;
		}
	}
	free(c->buckets);
	c->buckets = NULL;
	c->nbuckets = c->count = 0;
}
