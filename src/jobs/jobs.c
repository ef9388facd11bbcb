/*
 * jobs.c - the job queue and its workers (see jobs.h).
 */
#include "jobs/jobs.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"

#define MAX_KINDS 64
#define MAX_WORKERS 16
#define BACKOFF_BASE 30     /* seconds before the first retry */
#define BACKOFF_MAX 3600

static struct {
	char kind[65];
	job_fn fn;
} kinds[MAX_KINDS];
static unsigned nkinds;

/* One statement, two bodies: PostgreSQL lets concurrent claimers skip rows
 * another has locked; SQLite has one writer, so the plain form is atomic. */
static const char claim_pg[] =
	"UPDATE jobs SET status = 'running', locked_by = ?, locked_at = ?, "
	"attempts = attempts + 1, updated_at = ? "
	"WHERE id = (SELECT id FROM jobs WHERE (status = 'queued' AND run_at <= ?) "
	"OR (status = 'running' AND locked_at < ?) ORDER BY run_at, id LIMIT 1 "
	"FOR UPDATE SKIP LOCKED) "
	"RETURNING id, kind, payload, attempts, max_attempts";
static const char claim_sqlite[] =
	"UPDATE jobs SET status = 'running', locked_by = ?, locked_at = ?, "
	"attempts = attempts + 1, updated_at = ? "
	"WHERE id = (SELECT id FROM jobs WHERE (status = 'queued' AND run_at <= ?) "
	"OR (status = 'running' AND locked_at < ?) ORDER BY run_at, id LIMIT 1) "
	"RETURNING id, kind, payload, attempts, max_attempts";

/* ISO 8601 UTC of Unix time t. */
static void iso_at(char out[24], int64_t at)
{
	time_t t = (time_t)at;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ISO 8601 UTC, offset seconds from now. */
static void iso_time(char out[24], int64_t offset)
{
	iso_at(out, (int64_t)time(NULL) + offset);
}

/* Queues a job to run at Unix time run_at (see jobs_enqueue). */
static int enqueue(db *c, const char *kind, json_t *payload, int64_t run_at, int max_attempts, int64_t *id)
{
	int64_t now_t = (int64_t)time(NULL);
	char now[24], at[24];
	iso_at(now, now_t);
	iso_at(at, run_at);
	/* jansson's own allocator made the text: in a request it lives in the
	 * request's arena (core/jsonmem.h), so it goes back the same way */
	json_malloc_t unused;
	json_free_t release;
	json_get_alloc_funcs(&unused, &release);
	if (payload == NULL)
		payload = json_object();
	char *json = payload ? json_dumps(payload, JSON_COMPACT) : NULL;
	json_decref(payload);
	if (json == NULL)
		return DB_ERROR;
	int64_t got = 0;
	if (max_attempts < 1 || max_attempts > 20)
		max_attempts = 5;
	int rc = db_query_int(c, "INSERT INTO jobs (kind, payload, run_at, max_attempts, created_at, updated_at) "
	                         "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
	                      DB_ARGS(DB_TEXT(kind), DB_TEXT(json), DB_TEXT(at), DB_INT(max_attempts), DB_TEXT(now),
	                              DB_TEXT(now)),
	                      &got);
	release(json);
	if (rc != DB_ROW)
		return rc < 0 ? rc : DB_ERROR;
	if (id != NULL)
		*id = got;
	/* The row may still sit in the caller's open transaction: a woken
	 * worker then waits for the commit (SQLite's one writer) or finds
	 * nothing and sleeps until its next poll (PostgreSQL). Either way the
	 * job runs; waking only saves the poll interval in the common case. */
	if (run_at <= now_t)
		jobs_wake();
	return DB_OK;
}

int jobs_register(const char *kind, job_fn fn)
{
	if (nkinds == MAX_KINDS || strlen(kind) >= sizeof(kinds[0].kind))
		return -1;
	snprintf(kinds[nkinds].kind, sizeof(kinds[0].kind), "%s", kind);
	kinds[nkinds].fn = fn;
	nkinds++;
	return 0;
}

void jobs_unregister_all(void)
{
	nkinds = 0;
}

static job_fn handler_of(const char *kind)
{
	for (unsigned i = 0; i < nkinds; i++) {
		if (strcmp(kinds[i].kind, kind) == 0)
			return kinds[i].fn;
	}
	return NULL;
}

int jobs_enqueue(db *c, const char *kind, json_t *payload, int64_t delay_seconds, int64_t *id)
{
	return jobs_enqueue_tries(c, kind, payload, delay_seconds, 5, id);
}

int jobs_enqueue_tries(db *c, const char *kind, json_t *payload, int64_t delay_seconds, int max_attempts,
                       int64_t *id)
{
	return enqueue(c, kind, payload, (int64_t)time(NULL) + delay_seconds, max_attempts, id);
}

int jobs_enqueue_at(db *c, const char *kind, json_t *payload, int64_t at, int64_t *id)
{
	return enqueue(c, kind, payload, at, 5, id);
}

/* Claims one due job: *job gets {id, kind, payload, attempts, max_attempts}
 * or NULL. */
static int claim(db *c, const char *worker, json_t **job)
{
	char now[24], stale[24];
	iso_time(now, 0);
	iso_time(stale, -JOBS_STALE_SECONDS);
	int rc = db_begin(c, true);
	if (rc != DB_OK)
		return rc;
	rc = db_query_row_json(c, db_engine() == DB_POSTGRES ? claim_pg : claim_sqlite,
	                       DB_ARGS(DB_TEXT(worker), DB_TEXT(now), DB_TEXT(now), DB_TEXT(now),
	                               DB_TEXT(stale)),
	                       job);
	if (rc != DB_ROW && rc != DB_DONE) {
		db_rollback(c);
		return rc;
	}
	rc = db_commit(c);
	if (rc != DB_OK) {
		json_decref(*job);
		*job = NULL;
	}
	return rc;
}

int64_t jobs_backoff_seconds(int64_t attempts)
{
	int64_t wait = BACKOFF_BASE;
	for (int64_t i = 1; i < attempts && wait < BACKOFF_MAX; i++)
		wait *= 2;
	return wait > BACKOFF_MAX ? BACKOFF_MAX : wait;
}

/* The attempt the handler running on this thread is making. */
static _Thread_local int64_t current_attempt, current_max;

void jobs_current_attempt(int64_t *attempt, int64_t *max_attempts)
{
	*attempt = current_attempt;
	*max_attempts = current_max;
}

static int finish(db *c, int64_t id, bool ok, int64_t attempts, int64_t max_attempts,
                  const char *error)
{
	char now[24], retry[24];
	iso_time(now, 0);
	if (ok)
		return db_exec(c, "UPDATE jobs SET status = 'done', payload = '{}', last_error = NULL, "
		                  "updated_at = ? WHERE id = ?",
		               DB_ARGS(DB_TEXT(now), DB_INT(id)), NULL);
	iso_time(retry, jobs_backoff_seconds(attempts));
	bool give_up = attempts >= max_attempts;
	return db_exec(c, "UPDATE jobs SET status = ?, run_at = ?, last_error = ?, updated_at = ?, "
	                  "payload = CASE WHEN ? = 1 THEN '{}' ELSE payload END WHERE id = ?",
	               DB_ARGS(DB_TEXT(give_up ? "failed" : "queued"), DB_TEXT(retry),
	                       DB_TEXT(error), DB_TEXT(now), DB_INT(give_up), DB_INT(id)),
	               NULL);
}

int jobs_run_once(db *c, const char *worker)
{
	json_t *job = NULL;
	int rc = claim(c, worker, &job);
	if (rc != DB_OK)
		return rc;
	if (job == NULL)
		return 0;
	int64_t id = json_integer_value(json_object_get(job, "id"));
	const char *kind = json_string_value(json_object_get(job, "kind"));
	const char *text = json_string_value(json_object_get(job, "payload"));
	int64_t attempts = json_integer_value(json_object_get(job, "attempts"));
	int64_t max_attempts = json_integer_value(json_object_get(job, "max_attempts"));
	json_t *payload = text ? json_loads(text, 0, NULL) : NULL;
	char err[256] = "";
	job_fn fn = kind ? handler_of(kind) : NULL;
	int ok = -1;
	if (fn == NULL) {
		snprintf(err, sizeof(err), "no handler for job kind '%s'", kind ? kind : "?");
		max_attempts = attempts; /* retrying cannot help */
	} else if (payload == NULL) {
		snprintf(err, sizeof(err), "payload is not JSON");
		max_attempts = attempts;
	} else {
		current_attempt = attempts;
		current_max = max_attempts;
		ok = fn(c, payload, err, sizeof(err));
		current_attempt = current_max = 0;
	}
	if (ok != 0)
		log_error(NULL, "job %lld (%s) attempt %lld failed: %s", (long long)id,
		          kind ? kind : "?", (long long)attempts, err);
	rc = finish(c, id, ok == 0, attempts, max_attempts, err);
	json_decref(payload);
	json_decref(job);
	return rc == DB_OK ? 1 : rc;
}

/* --- worker threads ------------------------------------------------------ */

static pthread_t workers[MAX_WORKERS];
static unsigned nworkers;
static unsigned poll_interval_ms;
static atomic_bool stopping;
static pthread_mutex_t idle_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t idle_cond = PTHREAD_COND_INITIALIZER;

static void idle_wait(unsigned ms)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&idle_lock);
	if (!atomic_load(&stopping))
		pthread_cond_timedwait(&idle_cond, &idle_lock, &until);
	pthread_mutex_unlock(&idle_lock);
}

static void *worker_loop(void *arg)
{
	char name[96], host[64] = "node";
	gethostname(host, sizeof(host) - 1);
	snprintf(name, sizeof(name), "%s:%d:%u", host, (int)getpid(), (unsigned)(uintptr_t)arg);
	while (!atomic_load(&stopping)) {
		db *c = db_thread();
		int rc = c ? jobs_run_once(c, name) : DB_UNAVAILABLE;
		if (rc <= 0)
			idle_wait(rc == 0 ? poll_interval_ms : 1000);
	}
	return NULL;
}

int jobs_start(unsigned n, unsigned poll_ms)
{
	atomic_store(&stopping, false);
	poll_interval_ms = poll_ms ? poll_ms : 1000;
	for (nworkers = 0; nworkers < n && nworkers < MAX_WORKERS; nworkers++) {
		if (pthread_create(&workers[nworkers], NULL, worker_loop,
		                   (void *)(uintptr_t)nworkers) != 0)
			return -1;
	}
	return 0;
}

void jobs_wake(void)
{
	pthread_mutex_lock(&idle_lock);
	pthread_cond_broadcast(&idle_cond);
	pthread_mutex_unlock(&idle_lock);
}

bool jobs_stopping(void)
{
	return atomic_load(&stopping);
}

void jobs_stop(void)
{
	atomic_store(&stopping, true);
	pthread_mutex_lock(&idle_lock);
	pthread_cond_broadcast(&idle_cond);
	pthread_mutex_unlock(&idle_lock);
	for (unsigned i = 0; i < nworkers; i++)
		pthread_join(workers[i], NULL);
	nworkers = 0;
	atomic_store(&stopping, false); /* jobs_run_once may be called directly again */
}
