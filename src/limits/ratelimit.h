/*
 * ratelimit.h - counters that slow down guessing and flooding, kept in the
 * database so that they hold across every node on PostgreSQL.
 *
 * Keys are stored as a hash, never as the address or email they count.
 * Two kinds:
 *   - a fixed window: at most max hits per window of seconds;
 *   - failures with backoff: after `free` failures, each further failure
 *     blocks the key for twice as long as the last (1 minute, 2, 4, ...,
 *     at most an hour); a success clears the key.
 */
#ifndef TERBUKA_RATELIMIT_H
#define TERBUKA_RATELIMIT_H

#include <stdint.h>

#include "db/db.h"

/* Counts one hit. *retry_after gets 0 when it is allowed, or the seconds
 * until the window ends when key is over max. Returns a db status. */
int ratelimit_hit(db *c, const char *key, int64_t max, int64_t window_seconds,
                  int64_t *retry_after);
/* Whether key is blocked now: *retry_after gets 0 or the seconds left. */
int ratelimit_blocked(db *c, const char *key, int64_t *retry_after);
/* Records a failure; *retry_after gets the block it starts (0 for none). */
int ratelimit_failure(db *c, const char *key, int64_t free, int64_t *retry_after);
int ratelimit_clear(db *c, const char *key);

#endif
