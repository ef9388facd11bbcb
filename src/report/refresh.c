/*
 * refresh.c - keeping the report card's figures (report.h): a run counts
 * everything from the rows in one read snapshot, then replaces every row
 * of report_figures in one short write. The job "report.refresh" runs at
 * start-up and then every REPORT_REFRESH_SECONDS, on whichever node
 * claims it; it skips the work when none of the data behind the figures
 * changed since the last run, unless that run is an hour old (the
 * "overdue now" figures age without any write).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/clock.h"
#include "core/log.h"
#include "dataversion.h"
#include "jobs/jobs.h"
#include "pagecache.h"
#include "report/report.h"
#include "report/tally.h"

#define JOB "report.refresh"
#define STALE_SECONDS 3600
/* The most one run may hold: the cells and every response time (100,000
 * questions take about 10 MB). */
#define COUNT_MEMORY ((size_t)512 << 20)
/* What the figures are counted from (the page cache's topics). */
#define SOURCES (TOPIC_SITE | TOPIC_AGENCIES | TOPIC_PROGRAMS | TOPIC_QUESTIONS | TOPIC_KIP)

static int64_t ms_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The first year any figure can fall in. */
static int first_year(db *c, int64_t *year)
{
	return db_query_int(c,
		"SELECT coalesce(min(y), 0) FROM ("
		"SELECT CAST(substr(min(published_at), 1, 4) AS INTEGER) AS y FROM questions "
		"UNION ALL SELECT min(year) FROM kip_requests "
		"UNION ALL SELECT min(fiscal_year) FROM programs) AS years WHERE y IS NOT NULL",
		DB_NOARGS, year);
}

static int count_all(db *c, report_tally *t)
{
	int rc = report_count_questions(c, t);
	if (rc == DB_OK)
		rc = report_count_ratings(c, t);
	if (rc == DB_OK)
		rc = report_count_programs(c, t);
	if (rc == DB_OK)
		rc = report_count_kip(c, t);
	return rc;
}

/* Every used cell of t as report_figures rows. */
static int write_cells(db *c, report_tally *t)
{
	int rc = db_exec(c, "DELETE FROM report_figures", DB_NOARGS, NULL);
	for (size_t ai = 0; rc == DB_OK && ai < t->nagencies; ai++)
		for (int y = 0; rc == DB_OK && y < t->nyears; y++)
			for (int m = 0; rc == DB_OK && m <= 12; m++) {
				report_cell *cell = &t->cells[(ai * (size_t)t->nyears + (size_t)y) * REPORT_PERIODS + (size_t)m];
				if (!cell->used)
					continue;
				char period[16];
				if (m == 0)
					snprintf(period, sizeof(period), "%04d", t->first_year + y);
				else
					snprintf(period, sizeof(period), "%04d-%02d", t->first_year + y, m);
				json_t *j = report_cell_json(cell, m == 0);
				char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
				json_decref(j);
				rc = text ? db_exec(c, "INSERT INTO report_figures (period, agency_id, figures) VALUES (?, ?, ?)",
				                    DB_ARGS(DB_TEXT(period), DB_INT(t->agency_ids[ai]), DB_TEXT(text)), NULL)
				          : DB_ERROR;
				if (text) {
					json_free_t release;
					json_get_alloc_funcs(NULL, &release);
					release(text);
				}
			}
	return rc;
}

/* Counts in a read snapshot; the tally lives in a. */
static int count_snapshot(db *c, arena *a, int64_t now, report_tally *t)
{
	int rc = db_begin(c, false);
	if (rc != DB_OK)
		return rc;
	int64_t year = 0;
	rc = first_year(c, &year);
	rc = rc == DB_ROW ? report_tally_init(c, a, now, (int)year, t) : rc == DB_DONE ? DB_ERROR : rc;
	if (rc == DB_OK)
		rc = count_all(c, t);
	int end = db_commit(c);
	return rc == DB_OK ? end : rc;
}

int report_refresh(db *c, bool force, bool *ran)
{
	*ran = false;
	int64_t version = 0, last = -1, now = clock_now();
	json_t *run = NULL;
	int rc = dataversion_read(c, SOURCES, &version);
	if (rc == DB_OK)
		rc = db_query_row_json(c, "SELECT computed_at, source_version FROM report_runs WHERE id = 1", DB_NOARGS, &run);
	if (rc != DB_ROW && rc != DB_OK)
		return rc == DB_DONE ? DB_ERROR : rc;
	int64_t computed = 0;
	const char *at = json_string_value(json_object_get(run, "computed_at"));
	bool dated = at && calendar_parse_utc(at, &computed);
	last = json_integer_value(json_object_get(run, "source_version"));
	json_decref(run);
	if (!force && dated && last == version && now - computed < STALE_SECONDS)
		return DB_OK;
	arena *a = arena_new(COUNT_MEMORY);
	if (a == NULL)
		return DB_ERROR;
	report_tally t;
	int64_t started = ms_now();
	rc = count_snapshot(c, a, now, &t);
	if (rc == DB_OK)
		rc = db_begin(c, true);
	if (rc == DB_OK) {
		char when[CLOCK_ISO_LEN];
		clock_iso(when, now);
		int64_t took = ms_now() - started;
		rc = db_exec(c, "UPDATE report_runs SET computed_at = ?, source_version = ?, took_ms = ? WHERE id = 1",
		             DB_ARGS(DB_TEXT(when), DB_INT(version), DB_INT(took)), NULL);
		if (rc == DB_OK)
			rc = write_cells(c, &t);
		rc = rc == DB_OK ? db_commit(c) : (db_rollback(c), rc);
		if (rc == DB_OK)
			log_info("report card counted in %lld ms", (long long)(ms_now() - started));
	}
	if (rc != DB_OK && arena_failed(a))
		log_error(NULL, "report card: counting needs more than %zu MB of memory", COUNT_MEMORY >> 20);
	arena_free(a);
	*ran = rc == DB_OK;
	return rc;
}

static int schedule(db *c, int64_t delay)
{
	int64_t queued = 0;
	int rc = db_query_int(c, "SELECT count(*) FROM jobs WHERE kind = '" JOB "' AND status = 'queued'", DB_NOARGS,
	                      &queued);
	if (rc != DB_ROW)
		return rc == DB_DONE ? DB_ERROR : rc;
	return queued ? DB_OK : jobs_enqueue(c, JOB, NULL, delay, NULL);
}

static int refresh_job(db *c, json_t *payload, char *err, size_t errlen)
{
	(void)payload;
	bool ran;
	int rc = report_refresh(c, false, &ran);
	if (rc != DB_OK) {
		snprintf(err, errlen, "report card: %s", db_errmsg(c));
		return -1;
	}
	if (schedule(c, REPORT_REFRESH_SECONDS) != DB_OK) {
		snprintf(err, errlen, "report card: cannot queue the next run: %s", db_errmsg(c));
		return -1;
	}
	return 0;
}

int report_init(db *c)
{
	if (jobs_register(JOB, refresh_job) != 0)
		return -1;
	return c && schedule(c, 0) == DB_OK ? 0 : -1;
}
