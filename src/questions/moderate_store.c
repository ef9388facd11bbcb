/*
 * moderate_store.c - the SQL of moderation (see moderate.h): settings,
 * the audit log, the queue's reads, flags, hiding and refusing. No
 * handler logic: which decision is allowed in which state is decided by
 * the callers, under moderation_lock.
 */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/str.h"
#include "ledger/ledger.h"
#include "questions/moderate.h"

static db_val opt_int(int64_t v)
{
	return v ? DB_INT(v) : DB_NULL;
}

static db_val opt_text(const char *s)
{
	return s && s[0] ? DB_TEXT(s) : DB_NULL;
}

/* --- settings --------------------------------------------------------------- */

int moderation_settings(db *c, bool *premoderation, int *threshold)
{
	json_t *rows = NULL;
	int rc = db_query_json(c, "SELECT key, value FROM settings WHERE key IN "
	                          "('questions.premoderation', 'questions.flag_threshold')", DB_NOARGS, &rows);
	if (rc != DB_OK)
		return rc;
	*premoderation = true;
	*threshold = FLAG_THRESHOLD_DEFAULT;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		const char *key = json_string_value(json_object_get(r, "key"));
		const char *value = json_string_value(json_object_get(r, "value"));
		if (key == NULL || value == NULL)
			continue;
		if (strcmp(key, "questions.premoderation") == 0) {
			*premoderation = strcmp(value, "0") != 0; /* the rule ask.c applies */
		} else {
			int64_t n = 0;
			if (str_to_i64(str_c(value), false, &n) && n >= FLAG_THRESHOLD_MIN && n <= FLAG_THRESHOLD_MAX)
				*threshold = (int)n;
		}
	}
	json_decref(rows);
	return DB_OK;
}

static int put_setting(db *c, const char *key, const char *value)
{
	return db_exec(c, "INSERT INTO settings (key, value) VALUES (?, ?) "
	                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	               DB_ARGS(DB_TEXT(key), DB_TEXT(value)), NULL);
}

int moderation_settings_save(db *c, bool premoderation, int threshold)
{
	char n[16];
	snprintf(n, sizeof(n), "%d", threshold);
	int rc = put_setting(c, "questions.premoderation", premoderation ? "1" : "0");
	return rc == DB_OK ? put_setting(c, "questions.flag_threshold", n) : rc;
}

/* --- the log ------------------------------------------------------------------ */

int moderation_log_write(db *c, const moderation_entry *e, int64_t at)
{
	char when[CLOCK_ISO_LEN];
	clock_iso(when, at);
	int64_t id = 0;
	int rc = db_query_int(c,
		"INSERT INTO moderation_log (at, user_id, question_id, answer_id, action, reason, note) "
		"VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
		DB_ARGS(DB_TEXT(when), opt_int(e->user), opt_int(e->question), opt_int(e->answer),
		        DB_TEXT(e->action), opt_text(e->reason), DB_TEXT(e->note ? e->note : "")), &id);
	if (rc != DB_ROW)
		return rc == DB_DONE ? DB_ERROR : rc;
	/* the decision and its reason (never the judged text, nor the note) go on the public record */
	return ledger_record(c, "moderation", id);
}

#define LOG_COLUMNS \
	"SELECT l.id, l.at, l.action, l.reason, l.note, l.question_id, l.answer_id, " \
	"u.display_name AS by_name, q.title AS question_title FROM moderation_log l " \
	"LEFT JOIN users u ON u.id = l.user_id LEFT JOIN questions q ON q.id = l.question_id "

int moderation_log_page(db *c, int64_t before_id, int limit, json_t **rows)
{
	if (before_id > 0)
		return db_query_json(c, LOG_COLUMNS "WHERE l.id < ? ORDER BY l.id DESC LIMIT ?",
		                     DB_ARGS(DB_INT(before_id), DB_INT(limit + 1)), rows);
	return db_query_json(c, LOG_COLUMNS "ORDER BY l.id DESC LIMIT ?", DB_ARGS(DB_INT(limit + 1)), rows);
}

/* --- reading ------------------------------------------------------------------ */

int moderation_lock(db *c, int64_t question)
{
	if (db_engine() != DB_POSTGRES)
		return DB_OK;
	int64_t id = 0;
	int rc = db_query_int(c, "SELECT id FROM questions WHERE id = ? FOR UPDATE", DB_ARGS(DB_INT(question)), &id);
	return rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
}

#define QUEUE_COLUMNS \
	"SELECT q.id, q.title, q.body, q.state, q.hold_reason, q.anonymous, q.hidden, q.created_at, " \
	"q.published_at, q.agency_id, a.slug AS agency, a.name AS agency_name, " \
	"u.display_name AS asker_name FROM questions q " \
	"LEFT JOIN agencies a ON a.id = q.agency_id JOIN users u ON u.id = q.user_id "

int moderation_held(db *c, int limit, json_t **rows)
{
	return db_query_json(c, QUEUE_COLUMNS "WHERE q.state = 'moderasi' ORDER BY q.id LIMIT ?",
	                     DB_ARGS(DB_INT(limit)), rows);
}

/* Unrouted and still to be answered; held ones are in the held list. */
#define UNROUTED "q.agency_id IS NULL AND q.state IN ('terbuka','diteruskan','dijawab') "

int moderation_unrouted(db *c, int limit, json_t **rows)
{
	return db_query_json(c, QUEUE_COLUMNS "WHERE " UNROUTED "ORDER BY q.id LIMIT ?",
	                     DB_ARGS(DB_INT(limit)), rows);
}

/* Hidden with flags nobody has decided on (read from the open flags'
 * index, so the table of questions is not scanned). */
#define FLAGGED_QUESTION \
	"q.hidden = 1 AND q.id IN (SELECT target_id FROM flags WHERE resolved_at IS NULL AND kind = 'question') "
#define FLAGGED_ANSWER \
	"s.hidden = 1 AND s.id IN (SELECT target_id FROM flags WHERE resolved_at IS NULL AND kind = 'answer') "

int moderation_flagged_questions(db *c, int limit, json_t **rows)
{
	return db_query_json(c, QUEUE_COLUMNS "WHERE " FLAGGED_QUESTION "ORDER BY q.id LIMIT ?",
	                     DB_ARGS(DB_INT(limit)), rows);
}

int moderation_flagged_answers(db *c, int limit, json_t **rows)
{
	return db_query_json(c,
		"SELECT s.id, s.question_id, s.body, s.hidden, s.created_at, a.name AS agency_name, "
		"q.title AS question_title FROM answers s JOIN agencies a ON a.id = s.agency_id "
		"JOIN questions q ON q.id = s.question_id WHERE " FLAGGED_ANSWER "ORDER BY s.id LIMIT ?",
		DB_ARGS(DB_INT(limit)), rows);
}

int moderation_counts(db *c, int64_t counts[4])
{
	static const char *const sql[4] = {
		"SELECT count(*) FROM questions q WHERE q.state = 'moderasi'",
		"SELECT count(*) FROM questions q WHERE " UNROUTED,
		"SELECT count(*) FROM questions q WHERE " FLAGGED_QUESTION,
		"SELECT count(*) FROM answers s WHERE " FLAGGED_ANSWER,
	};
	for (int i = 0; i < 4; i++) {
		int rc = db_query_int(c, sql[i], DB_NOARGS, &counts[i]);
		if (rc != DB_ROW)
			return rc == DB_DONE ? DB_ERROR : rc;
	}
	return DB_OK;
}

int moderation_open_flags(db *c, const char *kind, json_t **rows)
{
	if (strcmp(kind, "question") == 0)
		return db_query_json(c,
			"SELECT f.target_id, f.reason, count(*) AS n FROM flags f JOIN questions q ON q.id = f.target_id "
			"WHERE f.resolved_at IS NULL AND f.kind = 'question' AND q.hidden = 1 "
			"GROUP BY f.target_id, f.reason ORDER BY f.target_id, n DESC, f.reason", DB_NOARGS, rows);
	return db_query_json(c,
		"SELECT f.target_id, f.reason, count(*) AS n FROM flags f JOIN answers s ON s.id = f.target_id "
		"WHERE f.resolved_at IS NULL AND f.kind = 'answer' AND s.hidden = 1 "
		"GROUP BY f.target_id, f.reason ORDER BY f.target_id, n DESC, f.reason", DB_NOARGS, rows);
}

int moderation_open_count(db *c, const char *kind, int64_t target, int64_t *n)
{
	int rc = db_query_int(c, "SELECT count(*) FROM flags WHERE resolved_at IS NULL AND kind = ? AND target_id = ?",
	                      DB_ARGS(DB_TEXT(kind), DB_INT(target)), n);
	return rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_ERROR : rc;
}

int moderation_answer(db *c, int64_t id, json_t **row)
{
	return db_query_row_json(c, "SELECT id, question_id, hidden FROM answers WHERE id = ?",
	                         DB_ARGS(DB_INT(id)), row);
}

/* --- writing ------------------------------------------------------------------ */

int moderation_flag(db *c, const char *kind, int64_t target, int64_t question, int64_t user,
                    const char *reason, int64_t at, bool *added)
{
	char when[CLOCK_ISO_LEN];
	clock_iso(when, at);
	int64_t changed = 0;
	int rc = db_exec(c,
		"INSERT INTO flags (kind, target_id, question_id, user_id, reason, at) VALUES (?, ?, ?, ?, ?, ?) "
		"ON CONFLICT (kind, target_id, user_id) DO NOTHING",
		DB_ARGS(DB_TEXT(kind), DB_INT(target), DB_INT(question), DB_INT(user), DB_TEXT(reason), DB_TEXT(when)),
		&changed);
	*added = changed > 0;
	return rc;
}

int moderation_top_reason(db *c, const char *kind, int64_t target, const char **reason)
{
	static const char *const known[] = { "spam", "sara", "data_pribadi", "bukan_pertanyaan", "lainnya" };
	json_t *row = NULL;
	int rc = db_query_row_json(c,
		"SELECT reason FROM flags WHERE resolved_at IS NULL AND kind = ? AND target_id = ? "
		"GROUP BY reason ORDER BY count(*) DESC, reason LIMIT 1",
		DB_ARGS(DB_TEXT(kind), DB_INT(target)), &row);
	*reason = "lainnya";
	const char *r = json_string_value(json_object_get(row, "reason"));
	for (size_t i = 0; r != NULL && i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(r, known[i]) == 0)
			*reason = known[i]; /* a string that outlives the row */
	json_decref(row);
	return rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
}

int moderation_resolve_flags(db *c, const char *kind, int64_t target, int64_t at)
{
	char when[CLOCK_ISO_LEN];
	clock_iso(when, at);
	return db_exec(c, "UPDATE flags SET resolved_at = ? WHERE resolved_at IS NULL AND kind = ? AND target_id = ?",
	               DB_ARGS(DB_TEXT(when), DB_TEXT(kind), DB_INT(target)), NULL);
}

int moderation_hide_question(db *c, int64_t id, bool hidden, int64_t at, bool *changed)
{
	char when[CLOCK_ISO_LEN];
	clock_iso(when, at);
	int64_t n = 0;
	int rc = db_exec(c,
		"UPDATE questions SET hidden = ?, listed = CASE WHEN ? = 1 THEN 0 "
		"WHEN state IN ('terbuka','dijawab','diteruskan','ditutup') THEN 1 ELSE 0 END, updated_at = ? "
		"WHERE id = ? AND hidden <> ?",
		DB_ARGS(DB_INT(hidden), DB_INT(hidden), DB_TEXT(when), DB_INT(id), DB_INT(hidden)), &n);
	*changed = n > 0;
	return rc;
}

int moderation_hide_answer(db *c, int64_t id, bool hidden, int64_t at, bool *changed)
{
	char when[CLOCK_ISO_LEN];
	clock_iso(when, at);
	int64_t n = 0;
	int rc = db_exec(c, "UPDATE answers SET hidden = ?, updated_at = ? WHERE id = ? AND hidden <> ?",
	                 DB_ARGS(DB_INT(hidden), DB_TEXT(when), DB_INT(id), DB_INT(hidden)), &n);
	*changed = n > 0;
	return rc;
}

int moderation_reject(db *c, int64_t id, const char *reason, int64_t original, int64_t at, bool *changed)
{
	char when[CLOCK_ISO_LEN];
	clock_iso(when, at);
	int64_t n = 0;
	int rc = db_exec(c,
		"UPDATE questions SET state = 'ditolak', close_reason = ?, duplicate_of = ?, hold_reason = NULL, "
		"listed = 0, updated_at = ? WHERE id = ? AND state <> 'ditolak'",
		DB_ARGS(DB_TEXT(reason), opt_int(original), DB_TEXT(when), DB_INT(id)), &n);
	*changed = n > 0;
	return rc;
}

int moderation_show_duplicate(db *c, int64_t id, int64_t at)
{
	char when[CLOCK_ISO_LEN];
	clock_iso(when, at);
	return db_exec(c, "UPDATE questions SET hidden = 0, listed = 1, updated_at = ? "
	                  "WHERE id = ? AND state = 'ditutup' AND hidden = 1",
	               DB_ARGS(DB_TEXT(when), DB_INT(id)), NULL);
}
