/*
 * append.c - writing an entry: in the statement's own transaction, one
 * SELECT of its row, one UPDATE of the counter (whose row lock makes the
 * numbers gapless across nodes: a second writer waits for the first to
 * commit or roll back), one INSERT. The tree and its signature are the
 * sealing job's (tree.c), asked for by the first entry that finds none
 * waiting, so a request pays for a SHA-256 and three statements.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/log.h"
#include "jobs/jobs.h"
#include "ledger/ledger.h"
#include "ledger/ledger_int.h"

#define SEAL_JOB "ledger.seal"
#define SEAL_DELAY 1 /* seconds: entries of the next second share one head */

/* What appending costs the requests that make statements (/metrics). */
static atomic_uint_fast64_t appends, append_us, append_max_us, appends_over_1ms;

static uint64_t micros(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static int record(db *c, const char *kind, int64_t ref_id);

int ledger_record(db *c, const char *kind, int64_t ref_id)
{
	uint64_t start = micros();
	int rc = record(c, kind, ref_id);
	uint64_t took = micros() - start;
	atomic_fetch_add(&appends, 1);
	atomic_fetch_add(&append_us, took);
	if (took > 1000)
		atomic_fetch_add(&appends_over_1ms, 1);
	uint_fast64_t max = atomic_load(&append_max_us);
	while (took > max && !atomic_compare_exchange_weak(&append_max_us, &max, took))
		;
	return rc;
}

void ledger_metrics(buf *out)
{
	buf_printf(out, "# HELP terbuka_ledger_appends_total Entries appended to the public record by this process.\n"
	                "# TYPE terbuka_ledger_appends_total counter\nterbuka_ledger_appends_total %llu\n"
	                "# TYPE terbuka_ledger_append_seconds_total counter\nterbuka_ledger_append_seconds_total %.6f\n"
	                "# TYPE terbuka_ledger_append_seconds_max gauge\nterbuka_ledger_append_seconds_max %.6f\n"
	                "# TYPE terbuka_ledger_appends_over_1ms_total counter\nterbuka_ledger_appends_over_1ms_total %llu\n",
	           (unsigned long long)atomic_load(&appends), (double)atomic_load(&append_us) / 1e6,
	           (double)atomic_load(&append_max_us) / 1e6, (unsigned long long)atomic_load(&appends_over_1ms));
}

static int record(db *c, const char *kind, int64_t ref_id)
{
	const ledger_kind *k = ledger_kind_find(kind);
	if (k == NULL) {
		log_error(NULL, "ledger: no statement of kind %s", kind ? kind : "?");
		return DB_ERROR;
	}
	json_t *st = NULL;
	int rc = ledger_statement(c, k, ref_id, &st);
	if (rc != DB_ROW) {
		if (rc == DB_DONE)
			log_error(NULL, "ledger: %s %lld is not there to record", kind, (long long)ref_id);
		return rc == DB_DONE ? DB_ERROR : rc;
	}
	char now[CLOCK_ISO_LEN];
	clock_iso(now, clock_now());
	json_t *entry = json_object();
	json_object_set_new(entry, "v", json_integer(1));
	json_object_set_new(entry, "kind", json_string(kind));
	json_object_set_new(entry, "id", json_integer(ref_id));
	json_object_set_new(entry, "at", json_string(now));
	json_object_set_new(entry, "statement", st);
	size_t len = 0;
	char *body = ledger_canon_dump(entry, &len);
	json_decref(entry);
	if (body == NULL) {
		log_error(NULL, "ledger: %s %lld has no canonical form", kind, (long long)ref_id);
		return DB_ERROR;
	}
	merkle_hash leaf;
	char hex[2 * MERKLE_HASH + 1];
	merkle_leaf(body, len, leaf);
	merkle_hex(leaf, hex);

	int64_t n = 0, pending = 0;
	db_stmt *s = db_prepare(c, "UPDATE ledger_counter SET next = next + 1, pending = pending + 1 WHERE id = 1 "
	                           "RETURNING next - 1, pending");
	rc = s ? db_step(s) : DB_ERROR;
	if (rc == DB_ROW) {
		n = db_column_int(s, 0);
		pending = db_column_int(s, 1);
		db_reset(s);
		rc = db_exec(c, "INSERT INTO ledger_entries (n, kind, ref_id, body, leaf_hash, created_at) "
		                "VALUES (?, ?, ?, ?, ?, ?)",
		             DB_ARGS(DB_INT(n), DB_TEXT(kind), DB_INT(ref_id), DB_TEXTN(body, len), DB_TEXT(hex),
		                     DB_TEXT(now)), NULL);
	} else if (s != NULL) {
		db_reset(s);
		rc = rc == DB_DONE ? DB_ERROR : rc;
	}
	free(body);
	if (rc == DB_OK && pending == 1)
		rc = jobs_enqueue(c, SEAL_JOB, NULL, SEAL_DELAY, NULL);
	return rc;
}

static int seal_job(db *c, json_t *payload, char *err, size_t errlen)
{
	if (!ledger_sign_ready()) {
		snprintf(err, errlen, "no signing key on this node");
		return -1;
	}
	/* first, on its own: an entry committed from now on asks for the next head */
	int rc = db_exec(c, "UPDATE ledger_counter SET pending = 0 WHERE id = 1", DB_NOARGS, NULL);
	int64_t size = 0;
	if (rc == DB_OK)
		rc = ledger_seal(c, &size);
	if (rc != DB_OK) {
		snprintf(err, errlen, "sealing: %s", db_errmsg(c));
		return -1;
	}
	return 0;
}

int ledger_record_unlogged(db *c, int64_t *count)
{
	int rc = DB_OK;
	const ledger_kind *k;
	for (unsigned i = 0; rc == DB_OK && (k = ledger_kind_at(i)) != NULL; i++) {
		json_t *rows = NULL;
		rc = db_query_json(c, k->unlogged, DB_NOARGS, &rows);
		size_t j;
		json_t *row;
		json_array_foreach(rows, j, row)
		{
			if (rc == DB_OK)
				rc = ledger_record(c, k->kind, json_integer_value(json_object_get(row, "id")));
			(*count)++;
		}
		json_decref(rows);
	}
	return rc;
}

static int backfill(db *c)
{
	int64_t next = 0, count = 0;
	int rc = db_query_int(c, "SELECT next FROM ledger_counter WHERE id = 1", DB_NOARGS, &next);
	if (rc != DB_ROW || next != 1)
		return rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_ERROR : rc;
	rc = db_begin(c, true);
	if (rc == DB_OK)
		rc = ledger_record_unlogged(c, &count);
	if (rc == DB_OK)
		rc = db_commit(c);
	else
		db_rollback(c);
	if (rc == DB_OK && count > 0)
		log_info("ledger: the log began with the %lld official statements already in the database", (long long)count);
	return rc;
}

int ledger_init(const struct config *cfg, char *err, size_t errlen)
{
	if (ledger_sign_init(cfg->keys, err, errlen) != 0)
		return -1;
	if (jobs_register(SEAL_JOB, seal_job) != 0) {
		snprintf(err, errlen, "cannot register the ledger's job");
		return -1;
	}
	db *c = db_thread();
	int64_t next = 0, head = 0;
	int rc = c ? backfill(c) : DB_UNAVAILABLE;
	if (rc == DB_OK)
		rc = db_query_int(c, "SELECT next FROM ledger_counter WHERE id = 1", DB_NOARGS, &next) == DB_ROW ? DB_OK
		                                                                                               : DB_ERROR;
	if (rc == DB_OK)
		rc = ledger_head_size(c, &head);
	if (rc == DB_OK && next - 1 > head) /* entries that wait for a head (a crash, an old job lost) */
		rc = jobs_enqueue(c, SEAL_JOB, NULL, 0, NULL);
	if (rc != DB_OK) {
		snprintf(err, errlen, "ledger: %s", c ? db_errmsg(c) : "no database connection");
		return -1;
	}
	return 0;
}

void ledger_free(void)
{
	ledger_sign_free();
}
