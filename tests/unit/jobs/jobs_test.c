/*
 * jobs_test.c - the job queue on SQLite, and on PostgreSQL when
 * TERBUKA_TEST_PG names a database: running, retrying, giving up,
 * reclaiming a dead worker's job, and two workers on one queue never
 * running a job twice.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db/db.h"
#include "db/migrate.h"
#include "jobs/jobs.h"
#include "search/search.h"

#define NJOBS 300

static char location[512];
static char tmpdir[64];
static atomic_int runs[NJOBS];
static atomic_int failures_left;

static int ok_job(db *c, json_t *payload, char *err, size_t errlen)
{
	json_int_t n = json_integer_value(json_object_get(payload, "n"));
	if (n >= 0 && n < NJOBS)
		atomic_fetch_add(&runs[n], 1);
	usleep(200); /* long enough for the other worker to try the same row */
	return 0;
}

static int flaky_job(db *c, json_t *payload, char *err, size_t errlen)
{
	if (atomic_fetch_sub(&failures_left, 1) > 0) {
		snprintf(err, errlen, "temporary failure");
		return -1;
	}
	return 0;
}

static int open_db(void)
{
	char err[256];
	if (db_init(location, err, sizeof(err)) != DB_OK) {
		fprintf(stderr, "db_init: %s\n", err);
		return -1;
	}
	db *c = db_thread();
	if (c == NULL || db_migrate(c, err, sizeof(err)) < 0) {
		fprintf(stderr, "migrate: %s\n", err);
		return -1;
	}
	jobs_unregister_all();
	jobs_register("test.ok", ok_job);
	jobs_register("test.flaky", flaky_job);
	return db_exec(c, "DELETE FROM jobs", DB_NOARGS, NULL) == DB_OK ? 0 : -1;
}

static int setup_sqlite(void **state)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/jobs-test.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(location, sizeof(location), "%s/jobs.db", tmpdir);
	return open_db();
}

static int setup_pg(void **state)
{
	const char *url = getenv("TERBUKA_TEST_PG");
	snprintf(location, sizeof(location), "%s", url);
	tmpdir[0] = '\0';
	return open_db();
}

static int teardown(void **state)
{
	db_shutdown();
	if (tmpdir[0] != '\0') {
		char cmd[128];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			return -1;
	}
	return 0;
}

/* Every test starts from an empty queue, whatever an earlier one left. */
static int empty_queue(void **state)
{
	return db_exec(db_thread(), "DELETE FROM jobs", DB_NOARGS, NULL) == DB_OK ? 0 : -1;
}

static char *status_of(int64_t id, int64_t *attempts)
{
	json_t *row = NULL;
	db_query_row_json(db_thread(), "SELECT status, attempts FROM jobs WHERE id = ?",
	                  DB_ARGS(DB_INT(id)), &row);
	assert_non_null(row);
	static char status[16];
	snprintf(status, sizeof(status), "%s", json_string_value(json_object_get(row, "status")));
	if (attempts != NULL)
		*attempts = json_integer_value(json_object_get(row, "attempts"));
	json_decref(row);
	return status;
}

static void test_runs_a_due_job(void **state)
{
	db *c = db_thread();
	int64_t id;
	memset(runs, 0, sizeof(runs));
	assert_int_equal(jobs_enqueue(c, "test.ok", json_pack("{s:i}", "n", 7), 0, &id), DB_OK);
	assert_int_equal(jobs_run_once(c, "w1"), 1);
	assert_int_equal(atomic_load(&runs[7]), 1);
	assert_string_equal(status_of(id, NULL), "done");
	assert_int_equal(jobs_run_once(c, "w1"), 0); /* nothing left */
}

static void test_future_job_waits(void **state)
{
	db *c = db_thread();
	int64_t id;
	assert_int_equal(jobs_enqueue(c, "test.ok", json_pack("{s:i}", "n", 1), 3600, &id), DB_OK);
	assert_int_equal(jobs_run_once(c, "w1"), 0);
	assert_string_equal(status_of(id, NULL), "queued");
	db_exec(c, "DELETE FROM jobs", DB_NOARGS, NULL);
}

/* An instant is kept to the second, whenever the clock ticks: a KIP
 * reminder queued for 08:00 WIB must not run at 08:00:01. */
static void test_job_at_an_instant(void **state)
{
	db *c = db_thread();
	int64_t id, past = 0;
	int64_t at = (int64_t)time(NULL) + 86400 * 3 + 1;
	assert_int_equal(jobs_enqueue_at(c, "test.ok", NULL, at - (at % 3600), &id), DB_OK);
	json_t *row = NULL;
	assert_int_equal(db_query_row_json(c, "SELECT run_at FROM jobs WHERE id = ?", DB_ARGS(DB_INT(id)), &row), DB_ROW);
	char want[24];
	time_t t = (time_t)(at - (at % 3600));
	struct tm tm;
	strftime(want, sizeof(want), "%Y-%m-%dT%H:00:00Z", gmtime_r(&t, &tm));
	assert_string_equal(json_string_value(json_object_get(row, "run_at")), want);
	json_decref(row);
	assert_int_equal(jobs_run_once(c, "w1"), 0);
	assert_int_equal(jobs_enqueue_at(c, "test.ok", json_pack("{s:i}", "n", 9), (int64_t)time(NULL) - 60, &past), DB_OK);
	assert_int_equal(jobs_run_once(c, "w1"), 1); /* an instant gone by is due now */
	assert_string_equal(status_of(past, NULL), "done");
	assert_string_equal(status_of(id, NULL), "queued");
	db_exec(c, "DELETE FROM jobs", DB_NOARGS, NULL);
}

static void test_retry_then_give_up(void **state)
{
	db *c = db_thread();
	int64_t id, attempts;
	atomic_store(&failures_left, 100);
	assert_int_equal(jobs_enqueue(c, "test.flaky", NULL, 0, &id), DB_OK);
	assert_int_equal(jobs_run_once(c, "w1"), 1);
	assert_string_equal(status_of(id, &attempts), "queued"); /* to be retried later */
	assert_int_equal(attempts, 1);
	assert_int_equal(jobs_run_once(c, "w1"), 0);                /* not due yet */
	for (int i = 2; i <= 5; i++) {
		db_exec(c, "UPDATE jobs SET run_at = '2000-01-01T00:00:00Z'", DB_NOARGS, NULL);
		assert_int_equal(jobs_run_once(c, "w1"), 1);
	}
	assert_string_equal(status_of(id, &attempts), "failed");
	assert_int_equal(attempts, 5);
	db_exec(c, "DELETE FROM jobs", DB_NOARGS, NULL);
}

static void test_unknown_kind_fails_at_once(void **state)
{
	db *c = db_thread();
	int64_t id;
	assert_int_equal(jobs_enqueue(c, "test.nobody", NULL, 0, &id), DB_OK);
	assert_int_equal(jobs_run_once(c, "w1"), 1);
	assert_string_equal(status_of(id, NULL), "failed");
	db_exec(c, "DELETE FROM jobs", DB_NOARGS, NULL);
}

static void test_dead_workers_job_is_reclaimed(void **state)
{
	db *c = db_thread();
	int64_t id;
	memset(runs, 0, sizeof(runs));
	assert_int_equal(jobs_enqueue(c, "test.ok", json_pack("{s:i}", "n", 3), 0, &id), DB_OK);
	db_exec(c, "UPDATE jobs SET status = 'running', attempts = 1, locked_by = 'gone', "
	           "locked_at = '2000-01-01T00:00:00Z'", DB_NOARGS, NULL);
	assert_int_equal(jobs_run_once(c, "w2"), 1);
	assert_int_equal(atomic_load(&runs[3]), 1);
	assert_string_equal(status_of(id, NULL), "done");
	db_exec(c, "DELETE FROM jobs", DB_NOARGS, NULL);
}

/* Runs jobs until none is due three times in a row; an error (a busy
 * database) is not "none due", so it is simply tried again. */
static void *drain(void *name)
{
	db *c = db_thread();
	int idle = 0;
	for (int tries = 0; c != NULL && idle < 3 && tries < 100000; tries++) {
		int rc = jobs_run_once(c, name);
		if (rc == 0)
			idle++;
		else if (rc == 1)
			idle = 0;
	}
	return NULL;
}

static void test_two_workers_never_run_a_job_twice(void **state)
{
	db *c = db_thread();
	memset(runs, 0, sizeof(runs));
	assert_int_equal(db_begin(c, true), DB_OK);
	for (int i = 0; i < NJOBS; i++)
		assert_int_equal(jobs_enqueue(c, "test.ok", json_pack("{s:i}", "n", i), 0, NULL), DB_OK);
	assert_int_equal(db_commit(c), DB_OK);
	pthread_t a, b;
	pthread_create(&a, NULL, drain, "worker-a");
	pthread_create(&b, NULL, drain, "worker-b");
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	for (int i = 0; i < NJOBS; i++)
		assert_int_equal(atomic_load(&runs[i]), 1);
	int64_t done = 0, by_a = 0, by_b = 0;
	db_query_int(c, "SELECT count(*) FROM jobs WHERE status = 'done'", DB_NOARGS, &done);
	db_query_int(c, "SELECT count(*) FROM jobs WHERE locked_by = 'worker-a'", DB_NOARGS, &by_a);
	db_query_int(c, "SELECT count(*) FROM jobs WHERE locked_by = 'worker-b'", DB_NOARGS, &by_b);
	assert_int_equal(done, NJOBS);
	assert_int_equal(by_a + by_b, NJOBS);
	/* Both really worked the queue on PostgreSQL. SQLite's busy handler
	 * sleeps while the other writer takes the lock again, so there one
	 * worker may starve; the guarantee that matters, each job once, holds. */
	if (db_engine() == DB_POSTGRES)
		assert_true(by_a > 0 && by_b > 0);
	db_exec(c, "DELETE FROM jobs", DB_NOARGS, NULL);
}

static void test_worker_threads(void **state)
{
	db *c = db_thread();
	memset(runs, 0, sizeof(runs));
	for (int i = 0; i < 20; i++)
		assert_int_equal(jobs_enqueue(c, "test.ok", json_pack("{s:i}", "n", i), 0, NULL), DB_OK);
	assert_int_equal(jobs_start(2, 50), 0);
	int64_t done = 0;
	for (int tries = 0; tries < 200 && done < 20; tries++) {
		usleep(20000);
		db_query_int(c, "SELECT count(*) FROM jobs WHERE status = 'done'", DB_NOARGS, &done);
	}
	jobs_stop();
	assert_int_equal(done, 20);
	db_exec(c, "DELETE FROM jobs", DB_NOARGS, NULL);
}

#define T(f) cmocka_unit_test_setup(f, empty_queue)
#define TESTS                                        \
	T(test_runs_a_due_job),                      \
	T(test_future_job_waits),                    \
	T(test_job_at_an_instant),                   \
	T(test_retry_then_give_up),                  \
	T(test_unknown_kind_fails_at_once),          \
	T(test_dead_workers_job_is_reclaimed),       \
	T(test_two_workers_never_run_a_job_twice),   \
	T(test_worker_threads)

int main(void)
{
	if (search_init() != 0) /* migration 008 needs its tokenizer */
		return 1;
	const struct CMUnitTest tests[] = { TESTS };
	int failed = cmocka_run_group_tests_name("jobs on SQLite", tests, setup_sqlite, teardown);
	if (getenv("TERBUKA_TEST_PG") != NULL && getenv("TERBUKA_TEST_PG")[0] != '\0')
		failed += cmocka_run_group_tests_name("jobs on PostgreSQL", tests, setup_pg, teardown);
	else
		printf("jobs on PostgreSQL: skipped (TERBUKA_TEST_PG not set)\n");
	return failed;
}
