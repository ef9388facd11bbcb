/*
 * store.c - see store.h. Lists are statement variants per combination of
 * set filters (db/variants.h) over the `listed` indexes; pages are keyset.
 * Counters on questions (votes, answers, forwarded) and answers (ratings)
 * are kept by the writers here, in the same transaction as the rows they
 * count.
 */
#include "questions/store.h"

#include <string.h>

#include "core/clock.h"
#include "db/variants.h"
#include "ledger/ledger.h"

static const char *const filter_terms[] = {
	"AND q.agency_id = ? ", "AND q.kecamatan_id = ? ", "AND q.program_id = ? ",
	"AND q.state = ? ", "AND q.state IN ('terbuka','diteruskan') ",
	"AND q.state IN ('terbuka','diteruskan') AND q.due_at < ? ", "AND q.answered_at IS NOT NULL ",
};
enum { F_AGENCY = 1, F_KECAMATAN = 2, F_PROGRAM = 4, F_STATE = 8, F_WAITING = 16, F_OVERDUE = 32,
       F_ANSWERED = 64 };

#define LIST_COLUMNS \
	"SELECT q.id, q.title, substr(q.body, 1, 240) AS excerpt, q.state, q.votes, q.answers, " \
	"q.anonymous, q.created_at, q.published_at, q.due_at, q.answered_at, q.forwarded, " \
	"a.slug AS agency, a.name AS agency_name, a.short_name AS agency_short, " \
	"k.slug AS kecamatan, k.name AS kecamatan_name " \
	"FROM questions q LEFT JOIN agencies a ON a.id = q.agency_id " \
	"LEFT JOIN agencies k ON k.id = q.kecamatan_id WHERE q.listed = 1 "

enum shape {
	NEWEST, NEWEST_AFTER, VOTES, VOTES_AFTER, WAITING, WAITING_AFTER, ANSWERED, ANSWERED_AFTER,
	COUNT, SHAPES
};
static const struct variant_shape shapes[SHAPES] = {
	[NEWEST] = { LIST_COLUMNS, "ORDER BY q.id DESC LIMIT ?" },
	[NEWEST_AFTER] = { LIST_COLUMNS, "AND q.id < ? ORDER BY q.id DESC LIMIT ?" },
	[VOTES] = { LIST_COLUMNS, "ORDER BY q.votes DESC, q.id DESC LIMIT ?" },
	[VOTES_AFTER] = { LIST_COLUMNS, "AND (q.votes, q.id) < (?, ?) ORDER BY q.votes DESC, q.id DESC LIMIT ?" },
	[WAITING] = { LIST_COLUMNS, "AND q.state IN ('terbuka','diteruskan') ORDER BY q.id LIMIT ?" },
	[WAITING_AFTER] = { LIST_COLUMNS, "AND q.state IN ('terbuka','diteruskan') AND q.id > ? "
	                                  "ORDER BY q.id LIMIT ?" },
	[ANSWERED] = { LIST_COLUMNS, "AND q.answered_at IS NOT NULL "
	                             "ORDER BY q.answered_at DESC, q.id DESC LIMIT ?" },
	[ANSWERED_AFTER] = { LIST_COLUMNS, "AND (q.answered_at, q.id) < (?, ?) "
	                                   "ORDER BY q.answered_at DESC, q.id DESC LIMIT ?" },
	/* counted up to one past the cap: a page says "more than 1,000" rather
	 * than read 100,000 index entries for a number nobody checks */
	[COUNT] = { "SELECT count(*) FROM (SELECT 1 FROM questions q WHERE q.listed = 1 ",
	            "LIMIT " QUESTION_COUNT_CAP_TEXT ") capped" },
};
static sql_variants statements = { shapes, SHAPES, filter_terms, 7, NULL };

int questions_resolve(db *c, question_filter *f)
{
	f->agency_id = f->kecamatan_id = 0;
	int rc = DB_ROW;
	if (f->agency[0]) {
		rc = db_query_int(c, "SELECT id FROM agencies WHERE slug = ?", DB_ARGS(DB_TEXT(f->agency)),
		                  &f->agency_id);
		if (rc == DB_DONE)
			f->agency_id = -1;
	}
	if (rc >= 0 && f->kecamatan[0]) {
		rc = db_query_int(c, "SELECT id FROM agencies WHERE slug = ? AND kind = 'kecamatan'",
		                  DB_ARGS(DB_TEXT(f->kecamatan)), &f->kecamatan_id);
		if (rc == DB_DONE)
			f->kecamatan_id = -1;
	}
	return rc < 0 ? rc : DB_OK;
}

/* The set filters as bits and their binds; now is for "terlambat". */
static unsigned filter_args(const question_filter *f, const char *now, db_val *args, size_t *n)
{
	unsigned mask = 0;
	*n = 0;
	if (f->agency_id != 0) {
		mask |= F_AGENCY;
		args[(*n)++] = DB_INT(f->agency_id);
	}
	if (f->kecamatan_id != 0) {
		mask |= F_KECAMATAN;
		args[(*n)++] = DB_INT(f->kecamatan_id);
	}
	if (f->program_id != 0) {
		mask |= F_PROGRAM;
		args[(*n)++] = DB_INT(f->program_id);
	}
	/* an order that shows only some questions counts only those */
	if (f->sort == QSORT_ANSWERED)
		mask |= F_ANSWERED;
	if (strcmp(f->state, "menunggu") == 0 || (f->sort == QSORT_WAITING && f->state[0] == '\0')) {
		mask |= F_WAITING;
	} else if (strcmp(f->state, "terlambat") == 0) {
		mask |= F_OVERDUE;
		args[(*n)++] = DB_TEXT(now);
	} else if (f->state[0]) {
		mask |= F_STATE;
		args[(*n)++] = DB_TEXT(f->state);
	}
	return mask;
}

int questions_list(db *c, const question_filter *f, json_t **rows)
{
	char now[CLOCK_ISO_LEN];
	clock_iso(now, clock_now());
	db_val args[12];
	size_t n;
	unsigned mask = filter_args(f, now, args, &n);
	bool after = f->after_id != 0;
	enum shape shape;
	switch (f->sort) {
	case QSORT_VOTES:
		shape = after ? VOTES_AFTER : VOTES;
		if (after)
			args[n++] = DB_INT(f->after_value);
		break;
	case QSORT_WAITING:
		shape = after ? WAITING_AFTER : WAITING;
		break;
	case QSORT_ANSWERED:
		shape = after ? ANSWERED_AFTER : ANSWERED;
		if (after)
			args[n++] = DB_TEXT(f->after_text ? f->after_text : "");
		break;
	default:
		shape = after ? NEWEST_AFTER : NEWEST;
	}
	if (after)
		args[n++] = DB_INT(f->after_id);
	args[n++] = DB_INT(f->limit + 1);
	const char *sql = sql_variant(&statements, shape, mask);
	return sql ? db_query_json(c, sql, args, n, rows) : DB_ERROR;
}

int questions_count(db *c, const question_filter *f, int64_t *count)
{
	char now[CLOCK_ISO_LEN];
	clock_iso(now, clock_now());
	db_val args[8];
	size_t n;
	unsigned mask = filter_args(f, now, args, &n);
	const char *sql = sql_variant(&statements, COUNT, mask);
	int rc = sql ? db_query_int(c, sql, args, n, count) : DB_ERROR;
	return rc == DB_ROW ? DB_OK : rc;
}

int questions_get(db *c, int64_t id, json_t **row)
{
	return db_query_row_json(c,
		"SELECT q.id, q.user_id, q.title, q.body, q.photo, q.anonymous, q.state, q.hold_reason, "
		"q.close_reason, q.duplicate_of, d.title AS duplicate_title, q.hidden, q.listed, q.votes, "
		"q.answers, q.reopened, q.satisfied, q.forwarded, q.created_at, q.published_at, q.due_at, "
		"q.first_response_at, q.answered_at, q.updated_at, q.agency_id, "
		"a.slug AS agency, a.name AS agency_name, a.short_name AS agency_short, "
		"k.slug AS kecamatan, k.name AS kecamatan_name, q.program_id, p.title AS program_title, "
		"p.status AS program_status, u.display_name AS asker_name, x.mime AS photo_mime, "
		"x.size AS photo_size, "
		"CASE WHEN u.deleted_at IS NULL THEN 0 ELSE 1 END AS asker_deleted "
		"FROM questions q LEFT JOIN agencies a ON a.id = q.agency_id "
		"LEFT JOIN agencies k ON k.id = q.kecamatan_id LEFT JOIN programs p ON p.id = q.program_id "
		"LEFT JOIN questions d ON d.id = q.duplicate_of JOIN users u ON u.id = q.user_id "
		"LEFT JOIN files x ON x.hash = q.photo WHERE q.id = ?", DB_ARGS(DB_INT(id)), row);
}

int questions_answers(db *c, int64_t id, json_t **rows)
{
	int rc = db_query_json(c,
		"SELECT s.id, s.body, s.field_report, s.rating_sum, s.rating_count, s.created_at, "
		"s.updated_at, s.version, s.edited_at, a.slug AS agency, a.name AS agency_name, "
		"coalesce(u.display_name, '') AS by_name FROM answers s "
		"JOIN agencies a ON a.id = s.agency_id LEFT JOIN users u ON u.id = s.user_id "
		"WHERE s.question_id = ? AND s.hidden = 0 ORDER BY s.id", DB_ARGS(DB_INT(id)), rows);
	if (rc != DB_OK)
		return rc;
	json_t *files = NULL;
	rc = db_query_json(c,
		"SELECT f.answer_id, f.file_hash AS hash, f.title, x.mime, x.size, x.width, x.height "
		"FROM answer_files f JOIN answers s ON s.id = f.answer_id JOIN files x ON x.hash = f.file_hash "
		"WHERE s.question_id = ? ORDER BY f.id", DB_ARGS(DB_INT(id)), &files);
	if (rc != DB_OK)
		return rc;
	size_t i, k;
	json_t *ans, *file;
	json_array_foreach(*rows, i, ans)
	{
		json_t *mine = json_array();
		json_int_t aid = json_integer_value(json_object_get(ans, "id"));
		json_array_foreach(files, k, file)
		{
			if (json_integer_value(json_object_get(file, "answer_id")) == aid)
				json_array_append(mine, file);
		}
		json_object_set_new(ans, "files", mine);
	}
	json_decref(files);
	return DB_OK;
}

int questions_events(db *c, int64_t id, json_t **rows)
{
	return db_query_json(c,
		"SELECT e.id, e.at, e.kind, e.reason, e.body, e.answer_id, f.name AS agency_name, "
		"f.slug AS agency, t.name AS to_agency_name, t.slug AS to_agency "
		"FROM question_events e LEFT JOIN agencies f ON f.id = e.agency_id "
		"LEFT JOIN agencies t ON t.id = e.to_agency_id WHERE e.question_id = ? ORDER BY e.id",
		DB_ARGS(DB_INT(id)), rows);
}

static db_val opt_int(int64_t v)
{
	return v ? DB_INT(v) : DB_NULL;
}

static db_val opt_text(const char *s)
{
	return s && s[0] ? DB_TEXT(s) : DB_NULL;
}

int questions_event(db *c, int64_t id, const char *kind, int64_t user, int64_t agency,
                    int64_t to_agency, int64_t answer_id, const char *reason, const char *body,
                    int64_t at)
{
	char when[CLOCK_ISO_LEN];
	clock_iso(when, at);
	return db_exec(c,
		"INSERT INTO question_events (question_id, at, kind, user_id, agency_id, to_agency_id, "
		"answer_id, reason, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		DB_ARGS(DB_INT(id), DB_TEXT(when), DB_TEXT(kind), opt_int(user), opt_int(agency),
		        opt_int(to_agency), opt_int(answer_id), opt_text(reason), opt_text(body)), NULL);
}

/* Starts the clock of the question's current department at `at`. */
static int start_clock(db *c, int64_t id, int64_t at, const calendar *cal)
{
	int64_t days = 5;
	int rc = db_query_int(c,
		"SELECT coalesce(a.response_days, 5) FROM questions q LEFT JOIN agencies a "
		"ON a.id = q.agency_id WHERE q.id = ?", DB_ARGS(DB_INT(id)), &days);
	if (rc != DB_ROW)
		return rc == DB_DONE ? DB_ERROR : rc;
	char from[CLOCK_ISO_LEN], due[CLOCK_ISO_LEN];
	clock_iso(from, at);
	clock_iso(due, calendar_due(cal, at, (int)days));
	return db_exec(c, "UPDATE questions SET clock_from = ?, due_at = ? WHERE id = ?",
	               DB_ARGS(DB_TEXT(from), DB_TEXT(due), DB_INT(id)), NULL);
}

int questions_start_clock(db *c, int64_t id, int64_t at, const calendar *cal)
{
	return start_clock(c, id, at, cal);
}

int questions_create(db *c, const question_new *q, int64_t at, const calendar *cal, int64_t *id)
{
	if (q->form_key != NULL) {
		int rc = db_query_int(c, "SELECT id FROM questions WHERE form_key = ?",
		                      DB_ARGS(DB_TEXT(q->form_key)), id);
		if (rc != DB_DONE)
			return rc == DB_ROW ? DB_DONE : rc;
	}
	char when[CLOCK_ISO_LEN];
	clock_iso(when, at);
	bool held = q->hold != NULL;
	int rc = db_query_int(c,
		"INSERT INTO questions (user_id, agency_id, program_id, kecamatan_id, title, body, photo, "
		"anonymous, state, hold_reason, listed, created_at, published_at, updated_at, form_key) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		DB_ARGS(DB_INT(q->user_id), opt_int(q->agency_id), opt_int(q->program_id),
		        opt_int(q->kecamatan_id), DB_TEXT(q->title), DB_TEXT(q->body), opt_text(q->photo),
		        DB_INT(q->anonymous), DB_TEXT(held ? "moderasi" : "terbuka"), opt_text(q->hold),
		        DB_INT(held ? 0 : 1), DB_TEXT(when), held ? DB_NULL : DB_TEXT(when), DB_TEXT(when),
		        opt_text(q->form_key)), id);
	if (rc != DB_ROW)
		return rc == DB_DONE ? DB_ERROR : rc;
	rc = questions_event(c, *id, "diajukan", q->user_id, 0, q->agency_id, 0, NULL, NULL, at);
	if (rc == DB_OK && held)
		rc = questions_event(c, *id, "ditahan", 0, 0, 0, 0, q->hold, NULL, at);
	if (rc == DB_OK && !held && q->agency_id)
		rc = start_clock(c, *id, at, cal);
	return rc;
}

int questions_publish(db *c, int64_t id, int64_t moderator, int64_t at, const calendar *cal)
{
	char when[CLOCK_ISO_LEN];
	clock_iso(when, at);
	int64_t changed = 0, agency = 0;
	int rc = db_exec(c,
		"UPDATE questions SET state = 'terbuka', listed = 1 - hidden, published_at = ?, "
		"hold_reason = NULL, updated_at = ? WHERE id = ? AND state = 'moderasi'",
		DB_ARGS(DB_TEXT(when), DB_TEXT(when), DB_INT(id)), &changed);
	if (rc != DB_OK || changed == 0)
		return rc != DB_OK ? rc : DB_DONE;
	rc = questions_event(c, id, "disetujui", moderator, 0, 0, 0, NULL, NULL, at);
	if (rc == DB_OK)
		rc = db_query_int(c, "SELECT coalesce(agency_id, 0) FROM questions WHERE id = ?",
		                  DB_ARGS(DB_INT(id)), &agency);
	if (rc == DB_ROW)
		rc = agency ? start_clock(c, id, at, cal) : DB_OK;
	return rc;
}

int questions_answer(db *c, int64_t id, int64_t agency, int64_t user, const char *body,
                     bool field_report, int64_t at, int64_t *answer_id)
{
	char when[CLOCK_ISO_LEN];
	clock_iso(when, at);
	int rc = db_query_int(c,
		"INSERT INTO answers (question_id, agency_id, user_id, body, field_report, created_at, "
		"updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
		DB_ARGS(DB_INT(id), DB_INT(agency), opt_int(user), DB_TEXT(body), DB_INT(field_report),
		        DB_TEXT(when), DB_TEXT(when)), answer_id);
	if (rc != DB_ROW)
		return rc == DB_DONE ? DB_ERROR : rc;
	rc = db_exec(c,
		"UPDATE questions SET state = 'dijawab', answers = answers + 1, answered_at = ?, "
		"first_response_at = coalesce(first_response_at, ?), satisfied = NULL, updated_at = ? "
		"WHERE id = ?", DB_ARGS(DB_TEXT(when), DB_TEXT(when), DB_TEXT(when), DB_INT(id)), NULL);
	if (rc == DB_OK)
		rc = questions_event(c, id, "dijawab", user, agency, 0, *answer_id, NULL, NULL, at);
	if (rc == DB_OK)
		rc = ledger_record(c, "answer", *answer_id); /* the public record, in this transaction */
	return rc;
}

int questions_attach(db *c, int64_t answer_id, const char *hash, const char *title)
{
	return db_exec(c, "INSERT INTO answer_files (answer_id, file_hash, title) VALUES (?, ?, ?)",
	               DB_ARGS(DB_INT(answer_id), DB_TEXT(hash), DB_TEXT(title ? title : "")), NULL);
}

int questions_forward(db *c, int64_t id, int64_t from, int64_t to, int64_t user, const char *note,
                      int64_t at, const calendar *cal)
{
	char when[CLOCK_ISO_LEN];
	clock_iso(when, at);
	/* a department's forward is its first response; humas routing is not */
	int rc = db_exec(c,
		"UPDATE questions SET agency_id = ?, state = CASE WHEN ? = 0 THEN state ELSE 'diteruskan' END, "
		"forwarded = forwarded + CASE WHEN ? = 0 THEN 0 ELSE 1 END, "
		"first_response_at = CASE WHEN ? = 0 THEN first_response_at "
		"ELSE coalesce(first_response_at, ?) END, updated_at = ? WHERE id = ?",
		DB_ARGS(DB_INT(to), DB_INT(from), DB_INT(from), DB_INT(from), DB_TEXT(when), DB_TEXT(when),
		        DB_INT(id)), NULL);
	if (rc == DB_OK)
		rc = questions_event(c, id, from ? "diteruskan" : "diarahkan", user, from, to, 0, NULL, note, at);
	int64_t listed = 0;
	if (rc == DB_OK)
		rc = db_query_int(c, "SELECT listed FROM questions WHERE id = ?", DB_ARGS(DB_INT(id)), &listed);
	if (rc == DB_ROW)
		rc = listed ? start_clock(c, id, at, cal) : DB_OK;
	return rc;
}

int questions_reply(db *c, int64_t id, int64_t user, const char *body, int64_t at)
{
	char when[CLOCK_ISO_LEN];
	clock_iso(when, at);
	int rc = questions_event(c, id, "balasan", user, 0, 0, 0, NULL, body, at);
	if (rc == DB_OK)
		rc = db_exec(c, "UPDATE questions SET updated_at = ? WHERE id = ?",
		             DB_ARGS(DB_TEXT(when), DB_INT(id)), NULL);
	return rc;
}

int questions_verdict(db *c, int64_t id, int64_t user, bool satisfied, int64_t at)
{
	int rc = db_exec(c, "UPDATE questions SET satisfied = ? WHERE id = ?",
	                 DB_ARGS(DB_INT(satisfied), DB_INT(id)), NULL);
	if (rc == DB_OK)
		rc = questions_event(c, id, satisfied ? "puas" : "tidak_puas", user, 0, 0, 0, NULL, NULL, at);
	return rc;
}

int questions_reopen(db *c, int64_t id, int64_t user, int64_t at, const calendar *cal)
{
	char when[CLOCK_ISO_LEN];
	clock_iso(when, at);
	int64_t changed = 0;
	int rc = db_exec(c,
		"UPDATE questions SET state = 'terbuka', reopened = 1, updated_at = ? "
		"WHERE id = ? AND state = 'dijawab' AND reopened = 0",
		DB_ARGS(DB_TEXT(when), DB_INT(id)), &changed);
	if (rc != DB_OK || changed == 0)
		return rc != DB_OK ? rc : DB_DONE;
	rc = questions_event(c, id, "dibuka_kembali", user, 0, 0, 0, NULL, NULL, at);
	return rc == DB_OK ? start_clock(c, id, at, cal) : rc;
}

int questions_close(db *c, int64_t id, int64_t user, const char *reason, int64_t duplicate_of,
                    int64_t at)
{
	char when[CLOCK_ISO_LEN];
	clock_iso(when, at);
	int rc = db_exec(c,
		"UPDATE questions SET state = 'ditutup', close_reason = ?, duplicate_of = ?, updated_at = ? "
		"WHERE id = ?", DB_ARGS(DB_TEXT(reason), opt_int(duplicate_of), DB_TEXT(when), DB_INT(id)), NULL);
	return rc == DB_OK ? questions_event(c, id, "ditutup", user, 0, 0, 0, reason, NULL, at) : rc;
}

int questions_vote(db *c, int64_t id, int64_t user, bool on, int64_t at)
{
	char when[CLOCK_ISO_LEN];
	clock_iso(when, at);
	int64_t changed = 0;
	int rc = on ? db_exec(c,
		"INSERT INTO question_votes (question_id, user_id, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
		DB_ARGS(DB_INT(id), DB_INT(user), DB_TEXT(when)), &changed)
	            : db_exec(c, "DELETE FROM question_votes WHERE question_id = ? AND user_id = ?",
		DB_ARGS(DB_INT(id), DB_INT(user)), &changed);
	if (rc == DB_OK && changed > 0)
		rc = db_exec(c, "UPDATE questions SET votes = votes + ? WHERE id = ?",
		             DB_ARGS(DB_INT(on ? 1 : -1), DB_INT(id)), NULL);
	return rc;
}

int questions_follow(db *c, int64_t id, int64_t user, bool on, int64_t at)
{
	char when[CLOCK_ISO_LEN];
	clock_iso(when, at);
	if (!on)
		return db_exec(c, "DELETE FROM question_follows WHERE question_id = ? AND user_id = ?",
		               DB_ARGS(DB_INT(id), DB_INT(user)), NULL);
	return db_exec(c,
		"INSERT INTO question_follows (question_id, user_id, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
		DB_ARGS(DB_INT(id), DB_INT(user), DB_TEXT(when)), NULL);
}

int questions_rate(db *c, int64_t answer_id, int64_t user, int stars, int64_t at)
{
	char when[CLOCK_ISO_LEN];
	clock_iso(when, at);
	int rc = db_exec(c,
		"INSERT INTO answer_ratings (answer_id, user_id, stars, at) VALUES (?, ?, ?, ?) "
		"ON CONFLICT (answer_id, user_id) DO UPDATE SET stars = excluded.stars, at = excluded.at",
		DB_ARGS(DB_INT(answer_id), DB_INT(user), DB_INT(stars), DB_TEXT(when)), NULL);
	if (rc == DB_OK)
		rc = db_exec(c,
			"UPDATE answers SET rating_sum = (SELECT coalesce(sum(stars), 0) FROM answer_ratings "
			"WHERE answer_id = ?), rating_count = (SELECT count(*) FROM answer_ratings "
			"WHERE answer_id = ?) WHERE id = ?",
			DB_ARGS(DB_INT(answer_id), DB_INT(answer_id), DB_INT(answer_id)), NULL);
	return rc;
}

int questions_mine(db *c, int64_t id, int64_t user, bool *voted, bool *following, json_t **ratings)
{
	int64_t v = 0, f = 0;
	*ratings = NULL;
	int rc = db_query_int(c, "SELECT count(*) FROM question_votes WHERE question_id = ? AND user_id = ?",
	                      DB_ARGS(DB_INT(id), DB_INT(user)), &v);
	if (rc == DB_ROW)
		rc = db_query_int(c,
			"SELECT count(*) FROM question_follows WHERE question_id = ? AND user_id = ?",
			DB_ARGS(DB_INT(id), DB_INT(user)), &f);
	json_t *rows = NULL;
	if (rc == DB_ROW)
		rc = db_query_json(c,
			"SELECT r.answer_id, r.stars FROM answer_ratings r JOIN answers s ON s.id = r.answer_id "
			"WHERE s.question_id = ? AND r.user_id = ?", DB_ARGS(DB_INT(id), DB_INT(user)), &rows);
	if (rc != DB_OK)
		return rc;
	*voted = v > 0;
	*following = f > 0;
	*ratings = rows;
	return DB_OK;
}
