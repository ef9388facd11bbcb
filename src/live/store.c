/*
 * store.c - see store.h.
 */
#include "live/store.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "db/pubsub.h"
#include "ledger/ledger.h"

static void now_iso(char out[CLOCK_ISO_LEN])
{
	clock_iso(out, clock_now());
}

int live_save(db *c, const live_fields *f, int64_t user, int64_t *id)
{
	char now[CLOCK_ISO_LEN];
	now_iso(now);
	int rc;
	if (*id == 0) {
		rc = db_query_int(c,
			"INSERT INTO live_sessions (title, description, starts_at, ends_at, stream_url, "
			"allow_anonymous, premoderated, created_by, created_at, updated_at) "
			"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			DB_ARGS(DB_TEXT(f->title), DB_TEXT(f->description), DB_TEXT(f->starts_at),
			        DB_TEXT(f->ends_at), DB_TEXT(f->stream_url), DB_INT(f->allow_anonymous),
			        DB_INT(f->premoderated), user ? DB_INT(user) : DB_NULL, DB_TEXT(now),
			        DB_TEXT(now)), id);
		rc = rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_ERROR : rc;
	} else {
		rc = db_exec(c,
			"UPDATE live_sessions SET title = ?, description = ?, starts_at = ?, ends_at = ?, "
			"stream_url = ?, allow_anonymous = ?, premoderated = ?, updated_at = ? WHERE id = ?",
			DB_ARGS(DB_TEXT(f->title), DB_TEXT(f->description), DB_TEXT(f->starts_at),
			        DB_TEXT(f->ends_at), DB_TEXT(f->stream_url), DB_INT(f->allow_anonymous),
			        DB_INT(f->premoderated), DB_TEXT(now), DB_INT(*id)), NULL);
		if (rc == DB_OK)
			rc = db_exec(c, "DELETE FROM live_session_agencies WHERE session_id = ?",
			             DB_ARGS(DB_INT(*id)), NULL);
	}
	for (size_t i = 0; rc == DB_OK && i < f->nagencies; i++)
		rc = db_exec(c, "INSERT INTO live_session_agencies (session_id, agency_id, position) VALUES (?, ?, ?)",
		             DB_ARGS(DB_INT(*id), DB_INT(f->agencies[i]), DB_INT((int64_t)i)), NULL);
	return rc;
}

#define SESSION_COLUMNS \
	"SELECT s.id, s.title, s.description, s.starts_at, s.ends_at, s.stream_url, s.allow_anonymous, " \
	"s.premoderated, s.state, s.current_id, s.archived_at, s.updated_at, " \
	"(SELECT count(*) FROM live_questions q WHERE q.session_id = s.id AND q.state = 'tampil') AS questions " \
	"FROM live_sessions s "

static int with_agencies(db *c, json_t *session)
{
	json_t *agencies = NULL;
	int rc = db_query_json(c,
		"SELECT a.id, a.slug, a.name, a.short_name FROM live_session_agencies l "
		"JOIN agencies a ON a.id = l.agency_id WHERE l.session_id = ? ORDER BY l.position",
		DB_ARGS(DB_INT(json_integer_value(json_object_get(session, "id")))), &agencies);
	if (rc == DB_OK)
		json_object_set_new(session, "agencies", agencies);
	return rc;
}

int live_get(db *c, int64_t id, json_t **row)
{
	int rc = db_query_row_json(c, SESSION_COLUMNS "WHERE s.id = ?", DB_ARGS(DB_INT(id)), row);
	if (rc == DB_ROW && with_agencies(c, *row) != DB_OK) {
		json_decref(*row);
		*row = NULL;
		return DB_ERROR;
	}
	return rc;
}

int live_list(db *c, bool upcoming, const char *from, int limit, json_t **rows)
{
	int rc = upcoming
		? db_query_json(c, SESSION_COLUMNS "WHERE s.ends_at >= ? AND s.state <> 'selesai' "
		                   "ORDER BY s.starts_at, s.id LIMIT ?", DB_ARGS(DB_TEXT(from), DB_INT(limit)), rows)
		: db_query_json(c, SESSION_COLUMNS "WHERE s.ends_at < ? OR s.state = 'selesai' "
		                   "ORDER BY s.starts_at DESC, s.id DESC LIMIT ?", DB_ARGS(DB_TEXT(from), DB_INT(limit)), rows);
	size_t i;
	json_t *r;
	json_array_foreach(*rows, i, r)
	{
		if (rc == DB_OK)
			rc = with_agencies(c, r);
	}
	return rc;
}

int live_set_state(db *c, int64_t id, const char *state, json_t *outbox)
{
	char now[CLOCK_ISO_LEN];
	now_iso(now);
	int64_t changed = 0;
	/* forward only: terjadwal -> berlangsung -> selesai (or straight to selesai) */
	int rc = db_exec(c,
		"UPDATE live_sessions SET state = ?, updated_at = ? WHERE id = ? AND "
		"((? = 'berlangsung' AND state = 'terjadwal') OR (? = 'selesai' AND state <> 'selesai'))",
		DB_ARGS(DB_TEXT(state), DB_TEXT(now), DB_INT(id), DB_TEXT(state), DB_TEXT(state)), &changed);
	if (rc != DB_OK || changed == 0)
		return rc != DB_OK ? rc : DB_DONE;
	return live_event(c, id, "state", json_pack("{s:s}", "state", state), outbox);
}

#define QUESTION_COLUMNS \
	"SELECT q.id, q.name, q.body, q.original_body, q.state, q.votes, q.answered, q.answer, " \
	"q.answered_at, q.merged_into, q.created_at, q.participant, q.question_id " \
	"FROM live_questions q "

int live_questions(db *c, int64_t session, bool moderator, json_t **rows)
{
	return moderator
		? db_query_json(c, QUESTION_COLUMNS "WHERE q.session_id = ? "
		                   "ORDER BY q.state = 'menunggu' DESC, q.answered, q.votes DESC, q.id",
		                DB_ARGS(DB_INT(session)), rows)
		: db_query_json(c, QUESTION_COLUMNS "WHERE q.session_id = ? AND q.state = 'tampil' "
		                   "ORDER BY q.answered, q.votes DESC, q.id", DB_ARGS(DB_INT(session)), rows);
}

int live_question_get(db *c, int64_t session, int64_t id, json_t **row)
{
	return db_query_row_json(c, QUESTION_COLUMNS "WHERE q.session_id = ? AND q.id = ?",
	                         DB_ARGS(DB_INT(session), DB_INT(id)), row);
}

/* What views show of a question: never who sent it beyond the name given. */
static json_t *public_view(db *c, int64_t session, int64_t id)
{
	json_t *row = NULL;
	if (live_question_get(c, session, id, &row) != DB_ROW)
		return json_pack("{s:I}", "id", (json_int_t)id);
	json_t *out = json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O}", "id", json_object_get(row, "id"),
		"name", json_object_get(row, "name"), "body", json_object_get(row, "body"),
		"state", json_object_get(row, "state"), "votes", json_object_get(row, "votes"),
		"answered", json_object_get(row, "answered"), "answer", json_object_get(row, "answer"));
	json_decref(row);
	return out;
}

int live_ask(db *c, int64_t session, int64_t user, const char *participant, const char *name,
             const char *body, bool premoderated, int64_t *id, json_t *outbox)
{
	char now[CLOCK_ISO_LEN];
	now_iso(now);
	int rc = db_query_int(c,
		"INSERT INTO live_questions (session_id, user_id, participant, name, body, state, created_at, "
		"updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		DB_ARGS(DB_INT(session), user ? DB_INT(user) : DB_NULL, DB_TEXT(participant), DB_TEXT(name),
		        DB_TEXT(body), DB_TEXT(premoderated ? "menunggu" : "tampil"), DB_TEXT(now), DB_TEXT(now)), id);
	if (rc != DB_ROW)
		return rc == DB_DONE ? DB_ERROR : rc;
	return live_event(c, session, premoderated ? "waiting" : "question", public_view(c, session, *id), outbox);
}

int live_vote(db *c, int64_t session, int64_t id, const char *participant, json_t *outbox)
{
	char now[CLOCK_ISO_LEN];
	now_iso(now);
	int64_t added = 0;
	int rc = db_exec(c,
		"INSERT INTO live_votes (live_question_id, participant, at) SELECT id, ?, ? FROM live_questions "
		"WHERE id = ? AND session_id = ? AND state = 'tampil' ON CONFLICT DO NOTHING",
		DB_ARGS(DB_TEXT(participant), DB_TEXT(now), DB_INT(id), DB_INT(session)), &added);
	if (rc != DB_OK || added == 0)
		return rc != DB_OK ? rc : DB_DONE;
	int64_t votes = 0;
	rc = db_query_int(c, "UPDATE live_questions SET votes = votes + 1 WHERE id = ? RETURNING votes",
	                  DB_ARGS(DB_INT(id)), &votes);
	if (rc != DB_ROW)
		return rc == DB_DONE ? DB_ERROR : rc;
	return live_event(c, session, "vote", json_pack("{s:I, s:I}", "id", (json_int_t)id, "votes", (json_int_t)votes),
	                  outbox);
}

static int set_question(db *c, int64_t session, int64_t id, const char *sql, const db_val *args,
                        size_t nargs)
{
	int64_t changed = 0;
	int rc = db_exec(c, sql, args, nargs, &changed);
	(void)session;
	return rc != DB_OK ? rc : changed ? DB_OK : DB_DONE;
}

int live_moderate(db *c, int64_t session, int64_t id, const char *state, json_t *outbox)
{
	char now[CLOCK_ISO_LEN];
	now_iso(now);
	int rc = set_question(c, session, id,
		"UPDATE live_questions SET state = ?, updated_at = ? WHERE id = ? AND session_id = ? "
		"AND state <> 'digabung'",
		DB_ARGS(DB_TEXT(state), DB_TEXT(now), DB_INT(id), DB_INT(session)));
	if (rc == DB_OK && strcmp(state, "tampil") != 0)
		rc = db_exec(c, "UPDATE live_sessions SET current_id = NULL WHERE id = ? AND current_id = ?",
		             DB_ARGS(DB_INT(session), DB_INT(id)), NULL);
	if (rc != DB_OK)
		return rc;
	return live_event(c, session, strcmp(state, "tampil") == 0 ? "question" : "removed",
	                  public_view(c, session, id), outbox);
}

int live_merge(db *c, int64_t session, int64_t id, int64_t into, json_t *outbox)
{
	char now[CLOCK_ISO_LEN];
	now_iso(now);
	if (id == into)
		return DB_DONE;
	int64_t votes = 0;
	int rc = db_query_int(c, "SELECT votes FROM live_questions WHERE id = ? AND session_id = ? "
	                         "AND state <> 'digabung'", DB_ARGS(DB_INT(id), DB_INT(session)), &votes);
	if (rc == DB_ROW)
		rc = set_question(c, session, into,
			"UPDATE live_questions SET votes = votes + ?, updated_at = ? WHERE id = ? AND session_id = ? "
			"AND state = 'tampil'", DB_ARGS(DB_INT(votes), DB_TEXT(now), DB_INT(into), DB_INT(session)));
	if (rc == DB_OK)
		rc = db_exec(c, "UPDATE live_questions SET state = 'digabung', merged_into = ?, updated_at = ? "
		                "WHERE id = ?", DB_ARGS(DB_INT(into), DB_TEXT(now), DB_INT(id)), NULL);
	if (rc == DB_OK)
		rc = live_event(c, session, "removed", public_view(c, session, id), outbox);
	if (rc == DB_OK)
		rc = live_event(c, session, "question", public_view(c, session, into), outbox);
	return rc;
}

int live_edit(db *c, int64_t session, int64_t id, const char *body, json_t *outbox)
{
	char now[CLOCK_ISO_LEN];
	now_iso(now);
	int rc = set_question(c, session, id,
		"UPDATE live_questions SET original_body = coalesce(original_body, body), body = ?, "
		"updated_at = ? WHERE id = ? AND session_id = ?",
		DB_ARGS(DB_TEXT(body), DB_TEXT(now), DB_INT(id), DB_INT(session)));
	return rc == DB_OK ? live_event(c, session, "question", public_view(c, session, id), outbox) : rc;
}

int live_pin(db *c, int64_t session, int64_t id, json_t *outbox)
{
	int64_t shown = 1;
	int rc = DB_ROW;
	if (id != 0)
		rc = db_query_int(c, "SELECT count(*) FROM live_questions WHERE id = ? AND session_id = ? "
		                     "AND state = 'tampil'", DB_ARGS(DB_INT(id), DB_INT(session)), &shown);
	if (rc != DB_ROW)
		return rc;
	if (!shown)
		return DB_DONE;
	rc = db_exec(c, "UPDATE live_sessions SET current_id = ? WHERE id = ?",
	             DB_ARGS(id ? DB_INT(id) : DB_NULL, DB_INT(session)), NULL);
	json_t *data = id ? public_view(c, session, id) : json_pack("{s:i}", "id", 0);
	return rc == DB_OK ? live_event(c, session, "current", data, outbox) : (json_decref(data), rc);
}

int live_answer(db *c, int64_t session, int64_t id, const char *answer, json_t *outbox)
{
	char now[CLOCK_ISO_LEN];
	now_iso(now);
	int rc = set_question(c, session, id,
		"UPDATE live_questions SET answered = 1, answer = ?, answered_at = ?, updated_at = ? "
		"WHERE id = ? AND session_id = ? AND state = 'tampil'",
		DB_ARGS(answer && answer[0] ? DB_TEXT(answer) : DB_NULL, DB_TEXT(now), DB_TEXT(now), DB_INT(id),
		        DB_INT(session)));
	if (rc == DB_OK)
		rc = ledger_record(c, "live_answer", id); /* answered live: on the public record */
	return rc == DB_OK ? live_event(c, session, "answered", public_view(c, session, id), outbox) : rc;
}

int live_event(db *c, int64_t session, const char *kind, json_t *data, json_t *outbox)
{
	char now[CLOCK_ISO_LEN];
	now_iso(now);
	char *text = data ? json_dumps(data, JSON_COMPACT) : NULL;
	int64_t id = 0;
	int rc = text ? db_query_int(c,
		"INSERT INTO live_events (session_id, at, kind, data) VALUES (?, ?, ?, ?) RETURNING id",
		DB_ARGS(DB_INT(session), DB_TEXT(now), DB_TEXT(kind), DB_TEXT(text)), &id) : DB_ERROR;
	json_malloc_t m;
	json_free_t release;
	json_get_alloc_funcs(&m, &release);
	if (text)
		release(text);
	if (rc != DB_ROW) {
		json_decref(data);
		return rc == DB_DONE ? DB_ERROR : rc;
	}
	json_array_append_new(outbox, json_pack("{s:I, s:s, s:o}", "id", (json_int_t)id, "event", kind, "data", data));
	return DB_OK;
}

void live_publish(int64_t session, json_t *outbox)
{
	char topic[40];
	snprintf(topic, sizeof(topic), "sesi/%lld", (long long)session);
	size_t i;
	json_t *e;
	json_array_foreach(outbox, i, e)
	{
		pubsub_publish(topic, e); /* a lost message is found again by the replay */
	}
}

int live_events_after(db *c, int64_t session, int64_t after_id, json_t **events)
{
	json_t *rows = NULL;
	int rc = db_query_json(c, "SELECT id, kind, data FROM live_events WHERE session_id = ? AND id > ? "
	                          "ORDER BY id LIMIT 1001", DB_ARGS(DB_INT(session), DB_INT(after_id)), &rows);
	if (rc != DB_OK)
		return rc;
	*events = json_array();
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		json_t *data = json_loads(json_string_value(json_object_get(r, "data")), 0, NULL);
		json_array_append_new(*events, json_pack("{s:O, s:O, s:o}", "id", json_object_get(r, "id"),
		                                         "event", json_object_get(r, "kind"),
		                                         "data", data ? data : json_object()));
	}
	json_decref(rows);
	return DB_OK;
}
