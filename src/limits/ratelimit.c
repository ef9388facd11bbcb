/*
 * ratelimit.c - see ratelimit.h. One row per key; every change is a single
 * upsert, so concurrent nodes never lose a hit.
 */
#include "limits/ratelimit.h"

#include <sodium.h>

#include "core/clock.h"

#define FAILURE_MEMORY (24 * 3600) /* failures older than this are forgotten */
#define BLOCK_FIRST 60
#define BLOCK_MAX 3600

/* The stored key: hex BLAKE2b-128 of what is counted. */
static void key_hash(const char *key, char out[33])
{
	unsigned char h[16];
	crypto_generichash(h, sizeof(h), (const unsigned char *)key, strlen(key), NULL, 0);
	sodium_bin2hex(out, 33, h, sizeof(h));
}

int ratelimit_hit(db *c, const char *key, int64_t max, int64_t window_seconds,
                  int64_t *retry_after)
{
	char k[33];
	key_hash(key, k);
	int64_t now = clock_now();
	int64_t start = now - now % window_seconds;
	int64_t hits = 0;
	int rc = db_query_int(c,
		"INSERT INTO rate_limits (key, window_start, hits, blocked_until) VALUES (?, ?, 1, 0) "
		"ON CONFLICT (key) DO UPDATE SET "
		"hits = CASE WHEN rate_limits.window_start = excluded.window_start "
		"THEN rate_limits.hits + 1 ELSE 1 END, window_start = excluded.window_start "
		"RETURNING hits",
		DB_ARGS(DB_TEXT(k), DB_INT(start)), &hits);
	if (rc != DB_ROW)
		return rc == DB_DONE ? DB_ERROR : rc;
	*retry_after = hits > max ? start + window_seconds - now : 0;
	if (*retry_after == 0 && hits > max)
		*retry_after = 1;
	return DB_OK;
}

int ratelimit_blocked(db *c, const char *key, int64_t *retry_after)
{
	char k[33];
	key_hash(key, k);
	int64_t until = 0, now = clock_now();
	int rc = db_query_int(c, "SELECT blocked_until FROM rate_limits WHERE key = ?",
	                      DB_ARGS(DB_TEXT(k)), &until);
	if (rc < 0)
		return rc;
	*retry_after = rc == DB_ROW && until > now ? until - now : 0;
	return DB_OK;
}

int ratelimit_failure(db *c, const char *key, int64_t free, int64_t *retry_after)
{
	char k[33];
	key_hash(key, k);
	int64_t now = clock_now();
	int64_t failures = 0;
	int rc = db_query_int(c,
		"INSERT INTO rate_limits (key, window_start, hits, blocked_until) VALUES (?, ?, 1, 0) "
		"ON CONFLICT (key) DO UPDATE SET "
		"hits = CASE WHEN rate_limits.window_start > ? THEN rate_limits.hits + 1 ELSE 1 END, "
		"window_start = excluded.window_start "
		"RETURNING hits",
		DB_ARGS(DB_TEXT(k), DB_INT(now), DB_INT(now - FAILURE_MEMORY)), &failures);
	if (rc != DB_ROW)
		return rc == DB_DONE ? DB_ERROR : rc;
	*retry_after = 0;
	if (failures < free)
		return DB_OK;
	int64_t block = BLOCK_FIRST;
	for (int64_t i = free; i < failures && block < BLOCK_MAX; i++)
		block *= 2;
	if (block > BLOCK_MAX)
		block = BLOCK_MAX;
	*retry_after = block;
	return db_exec(c, "UPDATE rate_limits SET blocked_until = ? WHERE key = ?",
	               DB_ARGS(DB_INT(now + block), DB_TEXT(k)), NULL);
}

int ratelimit_clear(db *c, const char *key)
{
	char k[33];
	key_hash(key, k);
	return db_exec(c, "DELETE FROM rate_limits WHERE key = ?", DB_ARGS(DB_TEXT(k)), NULL);
}
