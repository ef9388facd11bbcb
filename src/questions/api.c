/*
 * api.c - what other pages show of the questions: a department's recent
 * questions and its counts (its profile), the newest answered ones (the
 * home page).
 */
#include <stdlib.h>

#include "core/clock.h"
#include "questions/questions.h"
#include "questions/view.h"

#define SUMMARY_COLUMNS \
	"SELECT q.id, q.title, q.state, q.votes, q.answers, q.anonymous, q.published_at, q.due_at, " \
	"q.answered_at, a.slug AS agency, a.name AS agency_name FROM questions q " \
	"LEFT JOIN agencies a ON a.id = q.agency_id "

static int decorate_all(db *c, arena *a, json_t *rows)
{
	calendar *cal = calloc(1, sizeof(*cal));
	if (cal == NULL)
		return DB_ERROR;
	int rc = calendar_load(c, cal);
	int64_t now = clock_now();
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		if (rc == DB_OK)
			question_decorate(a, r, cal, now);
	}
	free(cal);
	return rc;
}

int questions_of_agency(db *c, arena *a, int64_t agency, int limit, json_t **out)
{
	char now[CLOCK_ISO_LEN];
	clock_iso(now, clock_now());
	json_t *recent = NULL, *counts = NULL;
	int rc = db_query_json(c, SUMMARY_COLUMNS "WHERE q.agency_id = ? AND q.listed = 1 "
	                          "ORDER BY q.id DESC LIMIT ?",
	                       DB_ARGS(DB_INT(agency), DB_INT(limit)), &recent);
	if (rc == DB_OK)
		rc = db_query_row_json(c,
			"SELECT count(*) AS total, "
			"coalesce(sum(CASE WHEN state = 'dijawab' THEN 1 ELSE 0 END), 0) AS answered, "
			"coalesce(sum(CASE WHEN state IN ('terbuka', 'diteruskan') THEN 1 ELSE 0 END), 0) AS waiting, "
			"coalesce(sum(CASE WHEN state IN ('terbuka', 'diteruskan') AND due_at < ? THEN 1 ELSE 0 END), 0) "
			"AS overdue FROM questions WHERE agency_id = ? AND listed = 1",
			DB_ARGS(DB_TEXT(now), DB_INT(agency)), &counts);
	if (rc == DB_ROW)
		rc = decorate_all(c, a, recent);
	if (rc != DB_OK) {
		json_decref(recent);
		json_decref(counts);
		return rc;
	}
	json_object_set_new(counts, "recent", recent);
	json_object_set_new(counts, "has_recent", json_boolean(json_array_size(recent) > 0));
	*out = counts;
	return DB_OK;
}

int questions_recently_answered(db *c, arena *a, int limit, json_t **out)
{
	int rc = db_query_json(c, SUMMARY_COLUMNS "WHERE q.listed = 1 AND q.answered_at IS NOT NULL "
	                          "ORDER BY q.answered_at DESC, q.id DESC LIMIT ?",
	                       DB_ARGS(DB_INT(limit)), out);
	if (rc == DB_OK && (rc = decorate_all(c, a, *out)) != DB_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}
