/*
 * ratelimit.h - counters that slow down guessing and flooding, kept in the
 * database so that they hold across every node on PostgreSQL.
 *
 * Keys are stored as a hash, never as the address or email they count.
 * Two kinds:
 *   - a fixed window: at most max hits per window of seconds;
 *   - attempts with backoff (sign-in): the `free`-th attempt in a row
 *     without a success blocks the key for a minute, each later one for
 *     twice as long (at most an hour); a success clears the key. Attempts
 *     are counted before the slow check they guard, under a row lock, so
 *     parallel guesses cannot slip through between check and count.
 * Rows untouched for a day are deleted now and then.
 */
#ifndef TERBUKA_RATELIMIT_H
#define TERBUKA_RATELIMIT_H

#include <stdint.h>

#include "db/db.h"

/* Counts one hit. *retry_after gets 0 when it is allowed, or the seconds
 * until the window ends when key is over max. Returns a db status. */
int ratelimit_hit(db *c, const char *key, int64_t max, int64_t window_seconds,
                  int64_t *retry_after);
/* Counts an attempt on key, in a transaction of its own (call it outside
 * any). *retry_after > 0: refused, blocked for that many more seconds.
 * Otherwise the attempt may go ahead, and *block_if_wrong is the block it
 * has started should it fail (0: none yet); a success calls
 * ratelimit_clear. Returns a db status. */
int ratelimit_attempt(db *c, const char *key, int64_t free, int64_t *retry_after,
                      int64_t *block_if_wrong);
int ratelimit_clear(db *c, const char *key);

#endif
