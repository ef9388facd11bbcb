/*
 * jobs.h - background jobs (mail, webhooks, reminders) with retries.
 *
 * A job is a kind ("mail.send") and a JSON payload in the jobs table.
 * Workers on every node claim due jobs; a claim is atomic on both engines
 * (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: one writer at a time), so
 * two workers never run one job. A failed job is retried with exponential
 * backoff until max_attempts, then marked failed. A job whose worker died
 * (running for longer than JOBS_STALE_SECONDS) is claimed again.
 * Handlers must therefore be idempotent. A finished job (done, or failed
 * for good) keeps no payload: mail bodies carry single-use links, which
 * must not outlive their sending in the database.
 */
#ifndef TERBUKA_JOBS_H
#define TERBUKA_JOBS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

#define JOBS_STALE_SECONDS 600

/* Runs one job; 0 on success, or -1 with a reason in err (no personal data). */
typedef int (*job_fn)(db *c, json_t *payload, char *err, size_t errlen);

/* Registers the handler of a kind (at start-up, before workers run). */
int jobs_register(const char *kind, job_fn fn);
void jobs_unregister_all(void);

/* Queues a job to run delay_seconds from now; *id gets its id if non-NULL.
 * Takes ownership of payload (NULL means {}), like jansson's *_new calls. */
int jobs_enqueue(db *c, const char *kind, json_t *payload, int64_t delay_seconds, int64_t *id);
/* The same with its own number of attempts (1 to 20) instead of the
 * table's default 5. */
int jobs_enqueue_tries(db *c, const char *kind, json_t *payload, int64_t delay_seconds, int max_attempts,
                       int64_t *id);
/* The same at an instant (Unix seconds) rather than after a delay: a job
 * due at a set hour lands on it even when a second ticks between the
 * caller's reading of the clock and the queue's. */
int jobs_enqueue_at(db *c, const char *kind, json_t *payload, int64_t at, int64_t *id);

/* Claims one due job and runs it. Returns 1 when a job ran (whatever its
 * outcome), 0 when none was due, or a negative db status. worker names the
 * claimant in the table (node and thread). */
int jobs_run_once(db *c, const char *worker);
/* Inside a handler: which attempt of its job this is (1 for the first)
 * and how many it gets, so a handler can tell a last failure from one
 * that will be retried. Both 0 outside a handler. */
void jobs_current_attempt(int64_t *attempt, int64_t *max_attempts);
/* The wait before the next attempt after the given failed one (1: the
 * first): 30 s doubling up to an hour. */
int64_t jobs_backoff_seconds(int64_t attempts);

/* Starts n worker threads on this node (each with its own connection);
 * they poll every poll_ms when idle. jobs_stop waits for them. */
int jobs_start(unsigned n, unsigned poll_ms);
void jobs_stop(void);
/* Wakes this node's idle workers to look for a due job now (jobs_enqueue
 * calls it); workers on other nodes find the job at their next poll. */
void jobs_wake(void);
/* True while jobs_stop is stopping the workers: a handler blocked on the
 * network (a slow SMTP server) gives up, so shutdown is not held up; the
 * job is retried later. */
bool jobs_stopping(void);

#endif
