/*
 * demo.c - the demo data set's questions (data/demo/questions.json):
 *
 *   {"askers": ["Siti Nurhaliza", ...],
 *    "questions": [{"ref", "agency", "forwarded_from", "forward_note",
 *      "kecamatan", "program" (a programme's key), "asker" (index),
 *      "anonymous", "title", "body", "asked_days_ago",
 *      "answers": [{"body", "after_days", "field_report"}],
 *      "replies": [{"by": "asker" | "agency", "body", "after_days"}],
 *      "verdict": "puas" | "tidak_puas" | null, "reopened",
 *      "closed": "selesai" | "duplikat" | null, "duplicate_of" (a ref),
 *      "ratings": [stars...], "votes": n}]}
 *
 * Every step goes through store.c at its own moment (days before the
 * load), in time order, so the history, counters and clocks are what the
 * site would have made. Askers are accounts that cannot sign in (no
 * address, no password). A question already loaded (its ref is its form
 * key, "demo:q001") is left alone: loading twice changes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "questions/questions.h"
#include "questions/store.h"

#define DAY 86400

enum step_kind { ASK, FORWARD, ANSWER, REPLY, VERDICT, REOPEN, CLOSE };

struct step {
	int64_t at;
	enum step_kind kind;
	json_t *item; /* the answer or reply, when there is one */
};

static int fail(char *err, size_t errlen, const char *ref, const char *what, db *c)
{
	snprintf(err, errlen, "questions.json %s: %s%s%s", ref ? ref : "", what, c ? ": " : "",
	         c ? db_errmsg(c) : "");
	return -1;
}

static const char *text(const json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : "";
}

static int64_t id_of(db *c, const char *sql, const char *value)
{
	int64_t id = 0;
	if (value[0] && db_query_int(c, sql, DB_ARGS(DB_TEXT(value)), &id) != DB_ROW)
		id = 0;
	return id;
}

/* The askers' accounts, made once: ids[i] for askers[i]. */
static int askers(db *c, json_t *names, int64_t *ids, char *err, size_t errlen)
{
	char now[CLOCK_ISO_LEN];
	clock_iso(now, clock_now() - 400 * (int64_t)DAY);
	size_t i;
	json_t *n;
	json_array_foreach(names, i, n)
	{
		char key[48];
		snprintf(key, sizeof(key), "demo-warga-%zu", i);
		int rc = db_query_int(c, "SELECT id FROM users WHERE email_key = ?", DB_ARGS(DB_TEXT(key)), &ids[i]);
		if (rc == DB_DONE)
			rc = db_query_int(c,
				"INSERT INTO users (email_key, display_name, created_at, updated_at) "
				"VALUES (?, ?, ?, ?) RETURNING id",
				DB_ARGS(DB_TEXT(key), DB_TEXT(json_string_value(n) ? json_string_value(n) : "Warga"),
				        DB_TEXT(now), DB_TEXT(now)), &ids[i]);
		if (rc != DB_ROW)
			return fail(err, errlen, NULL, "an asker", c);
	}
	return 0;
}

static int by_time(const void *a, const void *b)
{
	const struct step *x = a, *y = b;
	if (x->at != y->at)
		return (x->at > y->at) - (x->at < y->at);
	return (x->kind > y->kind) - (x->kind < y->kind);
}

/* The steps of one question, in time order; returns how many. */
static size_t plan(json_t *q, int64_t asked, struct step *s, size_t cap)
{
	size_t n = 0;
	s[n++] = (struct step){ asked, ASK, NULL };
	json_t *answers = json_object_get(q, "answers");
	if (json_string_value(json_object_get(q, "forwarded_from")) != NULL)
		s[n++] = (struct step){ asked + DAY / 2, FORWARD, NULL };
	size_t i;
	json_t *it;
	int64_t first = 0, last = asked;
	json_array_foreach(answers, i, it)
	{
		int64_t at = asked + json_integer_value(json_object_get(it, "after_days")) * DAY + 2 * 3600 + (int64_t)i * 3600;
		if (n < cap - 4)
			s[n++] = (struct step){ at, ANSWER, it };
		first = first ? first : at;
		last = at > last ? at : last;
	}
	json_array_foreach(json_object_get(q, "replies"), i, it)
	{
		int64_t at = asked + json_integer_value(json_object_get(it, "after_days")) * DAY + 5 * 3600 + (int64_t)i * 600;
		if (n < cap - 4)
			s[n++] = (struct step){ at, REPLY, it };
	}
	bool reopened = json_is_true(json_object_get(q, "reopened"));
	if (json_string_value(json_object_get(q, "verdict")) != NULL && first)
		s[n++] = (struct step){ (reopened ? first : last) + 3 * 3600, VERDICT, NULL };
	if (reopened && first)
		s[n++] = (struct step){ first + 4 * 3600, REOPEN, NULL };
	if (json_string_value(json_object_get(q, "closed")) != NULL)
		s[n++] = (struct step){ last + DAY, CLOSE, NULL };
	qsort(s, n, sizeof(s[0]), by_time);
	return n;
}

struct ctx {
	db *c;
	const calendar *cal;
	const int64_t *askers;
	size_t nasker;
	char *err;
	size_t errlen;
};

static int step(struct ctx *x, json_t *q, int64_t id, int64_t asker, const struct step *s)
{
	db *c = x->c;
	int64_t agency = id_of(c, "SELECT id FROM agencies WHERE slug = ?", text(q, "agency"));
	switch (s->kind) {
	case FORWARD:
		return questions_forward(c, id, id_of(c, "SELECT id FROM agencies WHERE slug = ?",
		                         text(q, "forwarded_from")), agency, 0, text(q, "forward_note"), s->at, x->cal);
	case ANSWER: {
		int64_t aid;
		return questions_answer(c, id, agency, 0, text(s->item, "body"),
		                        json_is_true(json_object_get(s->item, "field_report")), s->at, &aid);
	}
	case REPLY:
		if (strcmp(text(s->item, "by"), "agency") == 0) {
			int64_t aid; /* a department's word on its own question is official */
			return questions_answer(c, id, agency, 0, text(s->item, "body"), false, s->at, &aid);
		}
		return questions_reply(c, id, asker, text(s->item, "body"), s->at);
	case VERDICT:
		return questions_verdict(c, id, asker, strcmp(text(q, "verdict"), "puas") == 0, s->at);
	case REOPEN:
		return questions_reopen(c, id, asker, s->at, x->cal);
	case CLOSE: {
		char ref[40];
		snprintf(ref, sizeof(ref), "demo:%s", text(q, "duplicate_of"));
		int64_t original = id_of(c, "SELECT id FROM questions WHERE form_key = ?", ref);
		return questions_close(c, id, 0, text(q, "closed"), original, s->at);
	}
	default:
		return DB_OK;
	}
}

/* Ratings on the last answer and votes, from other askers. */
static int crowd(struct ctx *x, json_t *q, int64_t id, size_t who, int64_t at)
{
	int64_t answer = 0;
	int rc = db_query_int(x->c, "SELECT coalesce(max(id), 0) FROM answers WHERE question_id = ?",
	                      DB_ARGS(DB_INT(id)), &answer);
	if (rc != DB_ROW)
		return rc;
	rc = DB_OK;
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(q, "ratings"), i, r)
	{
		if (rc != DB_OK || answer == 0)
			break;
		rc = questions_rate(x->c, answer, x->askers[(who + 1 + i) % x->nasker], (int)json_integer_value(r), at);
	}
	int64_t votes = json_integer_value(json_object_get(q, "votes"));
	for (int64_t v = 0; rc == DB_OK && v < votes && v < (int64_t)x->nasker - 1; v++)
		rc = questions_vote(x->c, id, x->askers[(who + 7 + (size_t)v) % x->nasker], true, at);
	return rc;
}

static int load_one(struct ctx *x, json_t *q, int64_t now)
{
	char key[40];
	snprintf(key, sizeof(key), "demo:%s", text(q, "ref"));
	size_t who = (size_t)json_integer_value(json_object_get(q, "asker"));
	if (who >= x->nasker)
		return fail(x->err, x->errlen, text(q, "ref"), "asker out of range", NULL);
	int64_t asker = x->askers[who];
	/* 09.00-16.00 WIB on the day, varied by ref, so times look like people's */
	int64_t asked = (now / DAY - json_integer_value(json_object_get(q, "asked_days_ago"))) * DAY +
	                2 * 3600 + (int64_t)(strlen(text(q, "title")) % 8) * 3600;
	const char *first = json_string_value(json_object_get(q, "forwarded_from"));
	question_new n = {
		.user_id = asker,
		.agency_id = id_of(x->c, "SELECT id FROM agencies WHERE slug = ?", first ? first : text(q, "agency")),
		.program_id = id_of(x->c, "SELECT id FROM programs WHERE ref = ?",
		                    text(q, "program")[0] ? arena_printf(arena_current(), "demo:%s", text(q, "program")) : ""),
		.kecamatan_id = id_of(x->c, "SELECT id FROM agencies WHERE slug = ? AND kind = 'kecamatan'",
		                      text(q, "kecamatan")),
		.title = text(q, "title"),
		.body = text(q, "body"),
		.anonymous = json_is_true(json_object_get(q, "anonymous")),
		.form_key = key,
	};
	if (n.agency_id == 0)
		return fail(x->err, x->errlen, text(q, "ref"), "unknown agency", NULL);
	struct step steps[64];
	size_t count = plan(q, asked, steps, 64);
	int64_t id = 0;
	int rc = DB_OK;
	for (size_t i = 0; rc == DB_OK && i < count; i++) {
		if (steps[i].kind == ASK) {
			rc = questions_create(x->c, &n, steps[i].at, x->cal, &id);
			if (rc == DB_DONE)
				return 0; /* loaded before */
			if (rc == DB_OK)
				rc = questions_follow(x->c, id, asker, true, steps[i].at);
		} else {
			rc = step(x, q, id, asker, &steps[i]);
		}
	}
	if (rc == DB_OK)
		rc = crowd(x, q, id, who, asked + DAY);
	return rc == DB_OK ? 0 : fail(x->err, x->errlen, text(q, "ref"), "loading", x->c);
}

int questions_demo_load(db *c, json_t *doc, char *err, size_t errlen)
{
	json_t *names = json_object_get(doc, "askers"), *questions = json_object_get(doc, "questions");
	if (!json_is_array(names) || !json_is_array(questions) || json_array_size(names) < 2)
		return fail(err, errlen, NULL, "expected \"askers\" (two or more) and \"questions\"", NULL);
	arena *prev = arena_current();
	arena *a = prev ? prev : arena_new(64u * 1024 * 1024);
	int64_t *ids = calloc(json_array_size(names), sizeof(*ids));
	calendar *cal = calloc(1, sizeof(*cal));
	int ret = a && ids && cal ? 0 : fail(err, errlen, NULL, "out of memory", NULL);
	if (a != NULL)
		arena_set_current(a);
	if (ret == 0 && calendar_load(c, cal) != DB_OK)
		ret = fail(err, errlen, NULL, "the holidays", c);
	if (ret == 0)
		ret = askers(c, names, ids, err, errlen);
	struct ctx x = { c, cal, ids, json_array_size(names), err, errlen };
	int64_t now = clock_now();
	size_t i;
	json_t *q;
	json_array_foreach(questions, i, q)
	{
		if (ret != 0)
			break;
		ret = load_one(&x, q, now);
	}
	arena_set_current(prev);
	if (prev == NULL && a != NULL)
		arena_free(a);
	free(ids);
	free(cal);
	return ret;
}
