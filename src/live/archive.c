/*
 * archive.c - a live session's questions become the departments'
 * questions when it ends (see archive.h).
 *
 * Everything goes through the questions' store (questions/store.h), as
 * the demo loader does, so the history, counters and clocks are what the
 * site would have made had the question been asked on the site: created
 * (diajukan) when it was asked live, answered (dijawab) when it was
 * answered live. Each question's form key is "live:<live question id>",
 * so even a run that lost track of its links cannot make one twice.
 *
 * The texts stored (the line that links the session, the answer given
 * live, the anonymous participants' name) come from the locale catalogue
 * (live_archive.*) and are markdown, as question bodies are.
 */
#include "live/archive.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/str.h"
#include "questions/store.h"
#include "search/search.h"
#include "view/locale.h"

/* A title is the first characters of the question, "…" included. */
#define TITLE_MAX 150
#define ELLIPSIS "\xE2\x80\xA6"
#define TEXT_MAX (64u * 1024)

/* "2026-11-28T16:15:14Z" -> Unix seconds; false when it is not such a time. */
static bool iso_seconds(const char *iso, int64_t *out)
{
	return calendar_parse_utc(iso, out);
}

static bool blank(unsigned char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}

/* The text on one line: runs of white space become one space, control
 * characters go, the ends are trimmed. */
static void one_line(buf *out, const char *s)
{
	size_t n = strlen(s), i = 0;
	bool space = false;
	while (i < n) {
		size_t k = utf8_char(s + i, n - i);
		unsigned char ch = (unsigned char)s[i];
		if (k == 0 || (k == 1 && (ch < 0x20 || ch == 0x7F) && !blank(ch))) {
			i += 1; /* not text */
			continue;
		}
		if (k == 1 && blank(ch)) {
			space = out->len > 0;
		} else {
			if (space)
				buf_putc(out, ' ');
			space = false;
			buf_append(out, s + i, k);
		}
		i += k;
	}
}

/* The question's title: its text on one line, and when that is longer
 * than TITLE_MAX characters, cut after the last whole word that fits with
 * "…" (mid-word only when one word fills most of the room). */
static void title_of(buf *title, const char *body)
{
	buf line;
	buf_init(&line, TEXT_MAX);
	one_line(&line, body);
	const char *s = line.data ? line.data : "";
	size_t n = line.len;
	if (utf8_length(s, n) <= TITLE_MAX) {
		buf_append(title, s, n);
		buf_free(&line);
		return;
	}
	size_t end = 0, chars = 0, last_space = 0;
	while (end < n && chars < TITLE_MAX - 1) {
		size_t k = utf8_char(s + end, n - end);
		k = k ? k : 1;
		if (s[end] == ' ')
			last_space = end;
		end += k;
		chars++;
	}
	if (end < n && s[end] != ' ' && last_space > end / 2)
		end = last_space; /* the word at the cut does not fit: leave it out */
	while (end > 0 && strchr(" ,;:-", s[end - 1]) != NULL)
		end--;
	buf_append(title, s, end);
	buf_puts(title, ELLIPSIS);
	buf_free(&line);
}

/* Text for a place in markdown where it must stay text (a link's words, a
 * name): on one line, every ASCII punctuation character escaped. */
static const char *md_text(arena *a, const char *s)
{
	buf line, out;
	buf_init(&line, TEXT_MAX);
	buf_init(&out, 2 * TEXT_MAX);
	one_line(&line, s);
	for (size_t i = 0; i < line.len; i++) {
		char ch = line.data[i];
		if (strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", ch) != NULL && ch != '\0')
			buf_putc(&out, '\\');
		buf_putc(&out, ch);
	}
	const char *r = buf_failed(&line) || buf_failed(&out) ? NULL
	              : arena_strndup(a, out.data ? out.data : "", out.len);
	buf_free(&line);
	buf_free(&out);
	return r;
}

/* A locale sentence; NULL when it is missing (the catalogue is not
 * loaded) or memory ran out. */
static const char *sentence(arena *a, const char *key, const char *const *names,
                            const char *const *values, size_t n)
{
	if (locale_get(key) == key) {
		log_error(NULL, "live archive: locale key %s is missing", key);
		return NULL;
	}
	return locale_fill(a, key, names, values, n);
}

struct archive {
	db *c;
	arena *a;
	calendar *cal;
	int64_t session, agency, at, anonymous; /* anonymous: that account's id, once made */
	const char *title; /* the session's, markdown-escaped */
	const char *url;   /* "/sesi/<id>" */
};

/* The account that asks for participants who were not signed in: made
 * the first time it is needed. */
static int anonymous_asker(struct archive *x)
{
	if (x->anonymous != 0)
		return DB_OK;
	int rc = db_query_int(x->c, "SELECT id FROM users WHERE email_key = ?",
	                      DB_ARGS(DB_TEXT(LIVE_ANONYMOUS_KEY)), &x->anonymous);
	if (rc == DB_DONE) {
		const char *name = sentence(x->a, "live_archive.asker", NULL, NULL, 0);
		if (name == NULL)
			return DB_ERROR;
		char now[CLOCK_ISO_LEN];
		clock_iso(now, x->at);
		rc = db_query_int(x->c,
			"INSERT INTO users (email_key, display_name, created_at, updated_at) "
			"VALUES (?, ?, ?, ?) RETURNING id",
			DB_ARGS(DB_TEXT(LIVE_ANONYMOUS_KEY), DB_TEXT(name), DB_TEXT(now), DB_TEXT(now)),
			&x->anonymous);
	}
	return rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_ERROR : rc;
}

/* The question's body: what was asked, then the line that links the
 * session (naming the participant when the name they gave is not the one
 * the question will show). */
static const char *body_of(struct archive *x, const char *text, const char *named)
{
	const char *names[] = { "title", "url", "name" };
	const char *values[] = { x->title, x->url, named ? md_text(x->a, named) : NULL };
	if (named != NULL && values[2] == NULL)
		return NULL;
	const char *note = sentence(x->a, named ? "live_archive.note_named" : "live_archive.note", names,
	                            values, named ? 3 : 2);
	return note ? arena_printf(x->a, "%s\n\n%s", text, note) : NULL;
}

/* The live question points at its question, which the search finds. */
static int link_question(struct archive *x, int64_t live_id, int64_t id)
{
	int rc = db_exec(x->c, "UPDATE live_questions SET question_id = ? WHERE id = ? AND question_id IS NULL",
	                 DB_ARGS(DB_INT(id), DB_INT(live_id)), NULL);
	return rc == DB_OK ? search_index_question(x->c, id) : rc;
}

static int archive_one(struct archive *x, json_t *q)
{
	int64_t live_id = json_integer_value(json_object_get(q, "id"));
	int64_t user = json_integer_value(json_object_get(q, "user_id"));
	const char *text = json_string_value(json_object_get(q, "body"));
	const char *name = json_string_value(json_object_get(q, "name"));
	const char *shown = json_string_value(json_object_get(q, "user_name"));
	const char *answer = json_string_value(json_object_get(q, "answer"));
	bool answered = json_integer_value(json_object_get(q, "answered")) != 0;
	text = text ? text : "";
	name = name ? name : "";
	int64_t asked, when;
	if (!iso_seconds(json_string_value(json_object_get(q, "created_at")), &asked))
		asked = x->at;
	if (!iso_seconds(json_string_value(json_object_get(q, "answered_at")), &when) || when < asked)
		when = x->at;

	/* Who asks: the participant's own account, or the shared anonymous
	 * one. The public sees a name only when the participant gave one, and
	 * never a signed-in person's account name when they chose another. */
	buf given;
	buf_init(&given, TEXT_MAX);
	one_line(&given, name);
	const char *gave = given.len ? arena_strndup(x->a, given.data, given.len) : NULL;
	buf_free(&given);
	bool own_name = gave != NULL && user != 0 && shown != NULL && strcmp(gave, shown) == 0;
	int rc = user != 0 ? DB_OK : anonymous_asker(x);
	if (rc != DB_OK)
		return rc;

	buf title;
	buf_init(&title, TEXT_MAX);
	title_of(&title, text);
	const char *title_text = title.len ? arena_strndup(x->a, title.data, title.len)
	                                   : sentence(x->a, "live_archive.untitled", NULL, NULL, 0);
	buf_free(&title);
	const char *body = body_of(x, text, gave != NULL && !own_name ? gave : NULL);
	const char *key = arena_printf(x->a, "live:%lld", (long long)live_id);
	if (title_text == NULL || body == NULL || key == NULL)
		return DB_ERROR;
	question_new n = {
		.user_id = user != 0 ? user : x->anonymous,
		.agency_id = x->agency,
		.title = title_text,
		.body = body,
		.anonymous = user != 0 ? !own_name : gave == NULL,
		.form_key = key,
		.hold = NULL, /* moderated during the session already */
	};
	int64_t id = 0;
	rc = questions_create(x->c, &n, asked, x->cal, &id);
	if (rc == DB_DONE)
		return link_question(x, live_id, id); /* made by an earlier run: only the link was missing */
	if (rc == DB_OK && user != 0)
		rc = questions_follow(x->c, id, user, true, asked);
	if (rc == DB_OK && x->agency != 0 && answered) {
		const char *names[] = { "title", "url" }, *values[] = { x->title, x->url };
		const char *official = answer != NULL && answer[0] != '\0'
			? answer : sentence(x->a, "live_archive.answered_live", names, values, 2);
		int64_t answer_id = 0;
		rc = official ? questions_answer(x->c, id, x->agency, 0, official, false, when, &answer_id)
		              : DB_ERROR;
	} else if (rc == DB_OK && x->agency != 0) {
		/* the department's queue: its clock runs from the session's end */
		rc = questions_start_clock(x->c, id, x->at, x->cal);
	}
	return rc == DB_OK ? link_question(x, live_id, id) : rc;
}

int live_archive(db *c, int64_t session, int64_t at)
{
	json_t *s = NULL, *rows = NULL;
	struct archive x = { .c = c, .session = session, .at = at };
	int rc = db_query_row_json(c, "SELECT id, title FROM live_sessions WHERE id = ?",
	                           DB_ARGS(DB_INT(session)), &s);
	if (rc != DB_ROW)
		return rc;
	rc = db_query_int(c, "SELECT agency_id FROM live_session_agencies WHERE session_id = ? "
	                     "ORDER BY position, agency_id LIMIT 1", DB_ARGS(DB_INT(session)), &x.agency);
	if (rc == DB_DONE)
		x.agency = 0; /* asked of nobody: humas routes them */
	else if (rc != DB_ROW)
		goto done;
	rc = db_query_json(c,
		"SELECT q.id, q.user_id, q.name, q.body, q.answered, q.answer, q.answered_at, q.created_at, "
		"u.display_name AS user_name FROM live_questions q LEFT JOIN users u ON u.id = q.user_id "
		"WHERE q.session_id = ? AND q.state = 'tampil' AND q.question_id IS NULL ORDER BY q.id",
		DB_ARGS(DB_INT(session)), &rows);
	if (rc != DB_OK)
		goto done;
	rc = DB_ERROR;
	x.a = arena_new(4u * 1024 * 1024);
	x.cal = calloc(1, sizeof(*x.cal));
	if (x.a == NULL || x.cal == NULL)
		goto done;
	if (json_array_size(rows) > 0 && (rc = calendar_load(c, x.cal)) != DB_OK)
		goto done;
	x.title = md_text(x.a, json_string_value(json_object_get(s, "title")) ? json_string_value(json_object_get(s, "title")) : "");
	x.url = arena_printf(x.a, "/sesi/%lld", (long long)session);
	rc = x.title && x.url ? DB_OK : DB_ERROR;
	size_t i;
	json_t *q;
	json_array_foreach(rows, i, q)
	{
		if (rc != DB_OK)
			break;
		rc = archive_one(&x, q);
	}
	if (rc == DB_OK) {
		char when[CLOCK_ISO_LEN];
		clock_iso(when, at);
		rc = db_exec(c, "UPDATE live_sessions SET archived_at = ? WHERE id = ? AND archived_at IS NULL",
		             DB_ARGS(DB_TEXT(when), DB_INT(session)), NULL);
	}
	if (rc == DB_OK && x.a != NULL && arena_failed(x.a))
		rc = DB_ERROR;
done:
	json_decref(rows);
	json_decref(s);
	if (x.a != NULL)
		arena_free(x.a);
	free(x.cal);
	return rc;
}
