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
	if (randombytes_uniform(256) == 0) /* now and then, forget the stale rows */
		(void)db_exec(c, "DELETE FROM rate_limits WHERE window_start < ? AND blocked_until < ?",
		              DB_ARGS(DB_INT(now - FAILURE_MEMORY), DB_INT(now)), NULL);
	*retry_after = hits > max ? start + window_seconds - now : 0;
	if (*retry_after == 0 && hits > max)
		*retry_after = 1;
	return DB_OK;
}

static int64_t backoff(int64_t attempts, int64_t free)
{
	int64_t block = BLOCK_FIRST;
	for (int64_t i = free; i < attempts && block < BLOCK_MAX; i++)
		block *= 2;
	return block < BLOCK_MAX ? block : BLOCK_MAX;
}

static int attempt_locked(db *c, const char *k, int64_t free, int64_t now, int64_t *retry_after,
                          int64_t *block_if_wrong)
{
	static const char lock_pg[] =
		"SELECT hits, window_start, blocked_until FROM rate_limits WHERE key = ? FOR UPDATE";
	static const char lock_sqlite[] =
		"SELECT hits, window_start, blocked_until FROM rate_limits WHERE key = ?";
	int rc = db_exec(c,
		"INSERT INTO rate_limits (key, window_start, hits, blocked_until) VALUES (?, ?, 0, 0) "
		"ON CONFLICT (key) DO NOTHING", DB_ARGS(DB_TEXT(k), DB_INT(now)), NULL);
	json_t *row = NULL;
	if (rc == DB_OK)
		rc = db_query_row_json(c, db_engine() == DB_POSTGRES ? lock_pg : lock_sqlite,
		                       DB_ARGS(DB_TEXT(k)), &row);
	if (rc != DB_ROW)
		return rc == DB_DONE ? DB_ERROR : rc;
	int64_t hits = json_integer_value(json_object_get(row, "hits"));
	int64_t last = json_integer_value(json_object_get(row, "window_start"));
	int64_t until = json_integer_value(json_object_get(row, "blocked_until"));
	json_decref(row);
	if (until > now) {
		*retry_after = until - now;
		return DB_OK;
	}
	hits = (last > now - FAILURE_MEMORY ? hits : 0) + 1;
	*block_if_wrong = hits >= free ? backoff(hits, free) : 0;
	/* the block is in place before this attempt's check even runs */
	return db_exec(c,
		"UPDATE rate_limits SET hits = ?, window_start = ?, blocked_until = ? WHERE key = ?",
		DB_ARGS(DB_INT(hits), DB_INT(now), DB_INT(*block_if_wrong ? now + *block_if_wrong : 0),
		        DB_TEXT(k)), NULL);
}

int ratelimit_attempt(db *c, const char *key, int64_t free, int64_t *retry_after,
                      int64_t *block_if_wrong)
{
	char k[33];
	key_hash(key, k);
	*retry_after = 0;
	*block_if_wrong = 0;
	int rc = db_begin(c, true);
	if (rc != DB_OK)
		return rc;
	rc = attempt_locked(c, k, free, clock_now(), retry_after, block_if_wrong);
	if (rc == DB_OK && (rc = db_commit(c)) == DB_OK)
		return DB_OK;
	db_rollback(c);
	return rc;
}

int ratelimit_clear(db *c, const char *key)
{
	char k[33];
	key_hash(key, k);
	return db_exec(c, "DELETE FROM rate_limits WHERE key = ?", DB_ARGS(DB_TEXT(k)), NULL);
}
