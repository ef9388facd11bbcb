/*
 * act.c - what signed-in people do on a question's page: vote ("saya juga
 * ingin tahu"), follow, rate an answer; and what only its asker does:
 * follow up, say whether the answer satisfies, reopen it once. Each is
 * one write transaction; each ends in a redirect back to the page with a
 * notice, or the page again with the form's message (422).
 */
#include <string.h>

#include "accounts/accounts.h"
#include "core/clock.h"
#include "core/str.h"
#include "http/form.h"
#include "questions/notify.h"
#include "questions/questions.h"
#include "questions/rules.h"
#include "questions/store.h"
#include "questions/view.h"
#include "questions/web.h"
#include "view/locale.h"

void questions_fail(request *req, page *pg, db *c, int rc)
{
	if (rc == DB_DONE)
		page_not_found(pg);
	else
		page_db_error(req, pg, c, rc);
}

void questions_back(request *req, page *pg, int64_t id, const char *title, const char *notice)
{
	page_redirect(pg, 303, arena_printf(req->arena, "%s?pesan=%s", question_url(req->arena, id, title),
	                                    notice));
}

void questions_show_again(request *req, page *pg, db *c, int64_t id, formview *fv, const char *which)
{
	json_t *q = NULL;
	int rc = questions_detail_model(req, c, id, &q);
	if (rc != DB_ROW) {
		json_decref(fv_model(fv));
		questions_fail(req, pg, c, rc);
		return;
	}
	json_t *m = json_pack("{s:o, s:o}", "question", q, "form", fv_model(fv));
	json_object_set(m, arena_printf(req->arena, "form_%s", which), json_object_get(m, "form"));
	const char *csrf = accounts_csrf_token(req, pg->res);
	json_object_set_new(m, "csrf_token", csrf ? json_string(csrf) : json_null());
	pg->model = m;
	pg->template = "question";
	pg->title = json_string_value(json_object_get(q, "title"));
	pg->status = 422;
}

/* The question of the path, when this person may see it and it is public:
 * DB_ROW with *q, DB_DONE for a 404. */
static int public_question(request *req, db *c, json_t **q)
{
	int rc = questions_get(c, request_param_id(req), q);
	if (rc == DB_ROW && !question_state_public(json_string_value(json_object_get(*q, "state")))) {
		json_decref(*q);
		*q = NULL;
		rc = DB_DONE;
	}
	if (rc == DB_ROW && json_integer_value(json_object_get(*q, "listed")) == 0) {
		json_decref(*q);
		*q = NULL;
		rc = DB_DONE;
	}
	return rc;
}

static const char *title_of(request *req, json_t *q)
{
	const char *t = arena_strdup(req->arena, json_string_value(json_object_get(q, "title")));
	return t ? t : "";
}

/* Runs one change in a write transaction: DB_OK or its error. */
typedef int (*change_fn)(db *c, request *req, const json_t *q, const void *arg);

static int in_transaction(db *c, request *req, const json_t *q, change_fn fn, const void *arg)
{
	int rc = db_begin(c, true);
	if (rc != DB_OK)
		return rc;
	rc = fn(c, req, q, arg);
	if (rc == DB_OK)
		rc = db_commit(c);
	if (rc != DB_OK)
		db_rollback(c);
	return rc;
}

static int64_t qid(const json_t *q)
{
	return json_integer_value(json_object_get(q, "id"));
}

static int64_t my_id(const request *req)
{
	return accounts_current(req)->id;
}

static int do_vote(db *c, request *req, const json_t *q, const void *on)
{
	return questions_vote(c, qid(q), my_id(req), *(const bool *)on, clock_now());
}

static int do_follow(db *c, request *req, const json_t *q, const void *on)
{
	return questions_follow(c, qid(q), my_id(req), *(const bool *)on, clock_now());
}

/* A vote or a follow, or taking it back (field aksi=batal). */
static void toggle(request *req, page *pg, change_fn fn, const char *on_notice, const char *off_notice)
{
	db *c = db_thread();
	json_t *q = NULL;
	int rc = c ? public_question(req, c, &q) : DB_UNAVAILABLE;
	const char *action = form_get(req, "aksi", NULL, NULL);
	bool on = action == NULL || strcmp(action, "batal") != 0;
	if (rc == DB_ROW)
		rc = in_transaction(c, req, q, fn, &on);
	if (rc != DB_OK) {
		json_decref(q);
		questions_fail(req, pg, c, rc);
		return;
	}
	questions_back(req, pg, qid(q), title_of(req, q), on ? on_notice : off_notice);
	json_decref(q);
}

void questions_vote_submit(request *req, page *pg)
{
	toggle(req, pg, do_vote, "didukung", "dukungan_dibatalkan");
}

void questions_follow_submit(request *req, page *pg)
{
	toggle(req, pg, do_follow, "diikuti", "berhenti_mengikuti");
}

static int do_rate(db *c, request *req, const json_t *q, const void *arg)
{
	const int64_t *v = arg; /* answer id, stars */
	int64_t found = 0;
	int rc = db_query_int(c, "SELECT count(*) FROM answers WHERE id = ? AND question_id = ? AND hidden = 0",
	                      DB_ARGS(DB_INT(v[0]), DB_INT(qid(q))), &found);
	if (rc != DB_ROW)
		return rc;
	return found ? questions_rate(c, v[0], my_id(req), (int)v[1], clock_now()) : DB_DONE;
}

void questions_rate_submit(request *req, page *pg)
{
	db *c = db_thread();
	json_t *q = NULL;
	int rc = c ? public_question(req, c, &q) : DB_UNAVAILABLE;
	int64_t v[2] = { 0, 0 };
	if (rc == DB_ROW) {
		const char *answer = form_get(req, "jawaban", NULL, NULL);
		const char *stars = form_get(req, "bintang", NULL, NULL);
		if (answer == NULL || !str_to_i64(str_c(answer), false, &v[0]))
			rc = DB_DONE;
		else if (stars == NULL || !str_to_i64(str_c(stars), false, &v[1]) || v[1] < 1 || v[1] > 5) {
			formview fv;
			fv_init(&fv);
			fv_fail(&fv, "bintang", "questions.rate_invalid");
			int64_t id = qid(q);
			json_decref(q);
			questions_show_again(req, pg, c, id, &fv, "rate");
			return;
		}
	}
	if (rc == DB_ROW)
		rc = in_transaction(c, req, q, do_rate, v);
	if (rc != DB_OK) {
		json_decref(q);
		questions_fail(req, pg, c, rc);
		return;
	}
	questions_back(req, pg, qid(q), title_of(req, q), "dinilai");
	json_decref(q);
}

/* --- the asker's --------------------------------------------------------- */

/* The question of the path when the signed-in person asked it: DB_ROW,
 * DB_DONE (404), or 403 answered in pg (returns 0 then). */
static int askers_question(request *req, page *pg, db *c, json_t **q)
{
	int rc = public_question(req, c, q);
	if (rc == DB_ROW && json_integer_value(json_object_get(*q, "user_id")) != my_id(req)) {
		json_decref(*q);
		*q = NULL;
		pg->status = 403;
		pg->error = "questions.only_asker";
		return 0;
	}
	return rc;
}

static int do_reply(db *c, request *req, const json_t *q, const void *body)
{
	int rc = questions_reply(c, qid(q), my_id(req), body, clock_now());
	return rc == DB_OK ? questions_notify(c, qid(q), "reply", my_id(req)) : rc;
}

void questions_reply_submit(request *req, page *pg)
{
	db *c = db_thread();
	json_t *q = NULL;
	int rc = c ? askers_question(req, pg, c, &q) : DB_UNAVAILABLE;
	if (rc == 0)
		return;
	formview fv;
	fv_init(&fv);
	const char *body = rc == DB_ROW ? fv_text(&fv, req, "isi", REPLY_BODY_MAX, "questions.reply_required", false) : NULL;
	if (rc == DB_ROW && strcmp(json_string_value(json_object_get(q, "state")), "ditutup") == 0)
		fv_fail(&fv, "isi", "questions.closed");
	if (rc == DB_ROW && (body == NULL || !fv_ok(&fv))) {
		int64_t id = qid(q);
		json_decref(q);
		questions_show_again(req, pg, c, id, &fv, "reply");
		return;
	}
	json_decref(fv_model(&fv));
	if (rc == DB_ROW)
		rc = in_transaction(c, req, q, do_reply, body);
	if (rc != DB_OK) {
		json_decref(q);
		questions_fail(req, pg, c, rc);
		return;
	}
	questions_back(req, pg, qid(q), title_of(req, q), "balasan_terkirim");
	json_decref(q);
}

static int do_verdict(db *c, request *req, const json_t *q, const void *satisfied)
{
	return questions_verdict(c, qid(q), my_id(req), *(const bool *)satisfied, clock_now());
}

void questions_verdict_submit(request *req, page *pg)
{
	db *c = db_thread();
	json_t *q = NULL;
	int rc = c ? askers_question(req, pg, c, &q) : DB_UNAVAILABLE;
	if (rc == 0)
		return;
	const char *v = form_get(req, "nilai", NULL, NULL);
	bool satisfied = v != NULL && strcmp(v, "puas") == 0;
	if (rc == DB_ROW && (strcmp(json_string_value(json_object_get(q, "state")), "dijawab") != 0 ||
	                     v == NULL || (!satisfied && strcmp(v, "tidak_puas") != 0))) {
		formview fv;
		fv_init(&fv);
		fv_fail(&fv, "nilai", "questions.verdict_invalid");
		int64_t id = qid(q);
		json_decref(q);
		questions_show_again(req, pg, c, id, &fv, "verdict");
		return;
	}
	if (rc == DB_ROW)
		rc = in_transaction(c, req, q, do_verdict, &satisfied);
	if (rc != DB_OK) {
		json_decref(q);
		questions_fail(req, pg, c, rc);
		return;
	}
	questions_back(req, pg, qid(q), title_of(req, q), satisfied ? "puas" : "tidak_puas");
	json_decref(q);
}

static int do_reopen(db *c, request *req, const json_t *q, const void *cal)
{
	int rc = questions_reopen(c, qid(q), my_id(req), clock_now(), cal);
	return rc == DB_DONE ? DB_ERROR : rc; /* checked before: a race lost is a failure */
}

void questions_reopen_submit(request *req, page *pg)
{
	db *c = db_thread();
	json_t *q = NULL;
	calendar *cal = arena_alloc(req->arena, sizeof(*cal));
	int rc = c == NULL ? DB_UNAVAILABLE : cal == NULL ? DB_ERROR : askers_question(req, pg, c, &q);
	if (rc == 0)
		return;
	if (rc == DB_ROW && (strcmp(json_string_value(json_object_get(q, "state")), "dijawab") != 0 ||
	                     json_integer_value(json_object_get(q, "reopened")) != 0 ||
	                     !json_is_integer(json_object_get(q, "satisfied")) ||
	                     json_integer_value(json_object_get(q, "satisfied")) != 0)) {
		formview fv;
		fv_init(&fv);
		fv_fail(&fv, "buka", json_integer_value(json_object_get(q, "reopened")) ? "questions.reopened_once"
		                                                                         : "questions.reopen_after_verdict");
		int64_t id = qid(q);
		json_decref(q);
		questions_show_again(req, pg, c, id, &fv, "reopen");
		return;
	}
	if (rc == DB_ROW)
		rc = calendar_load(c, cal) == DB_OK ? in_transaction(c, req, q, do_reopen, cal) : DB_ERROR;
	if (rc != DB_OK) {
		json_decref(q);
		questions_fail(req, pg, c, rc);
		return;
	}
	questions_back(req, pg, qid(q), title_of(req, q), "dibuka_kembali");
	json_decref(q);
}
