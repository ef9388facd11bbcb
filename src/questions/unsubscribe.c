/*
 * unsubscribe.c - the link at the foot of every question mail: a page
 * that names the question and one button that stops its mails (a GET
 * changes nothing, so mail scanners that open links unsubscribe nobody).
 * No sign-in is needed: the token in the path is the authority
 * (notify.c).
 */
#include <string.h>

#include "accounts/accounts.h"
#include "core/clock.h"
#include "questions/notify.h"
#include "questions/questions.h"
#include "questions/store.h"
#include "questions/view.h"
#include "view/locale.h"

/* The question the path's token is for: DB_ROW with *q, DB_DONE (404). */
static int token_question(request *req, db *c, int64_t *user, json_t **q)
{
	int64_t id = 0;
	int rc = questions_unsubscribe_check(c, request_param(req, "slug"), user, &id);
	if (rc != DB_OK)
		return rc;
	return db_query_row_json(c, "SELECT id, title FROM questions WHERE id = ?", DB_ARGS(DB_INT(id)), q);
}

static void answer(request *req, page *pg, db *c, int rc, json_t *q, bool done)
{
	if (rc != DB_ROW) {
		if (rc == DB_DONE)
			page_not_found(pg);
		else
			page_db_error(req, pg, c, rc);
		return;
	}
	json_int_t id = json_integer_value(json_object_get(q, "id"));
	json_object_set_new(q, "url", json_string(question_url(req->arena, id, json_string_value(json_object_get(q, "title")))));
	pg->model = json_pack("{s:o, s:b, s:s}", "question", q, "done", done, "action", req->path);
	const char *csrf = done ? NULL : accounts_csrf_token(req, pg->res);
	if (csrf != NULL)
		json_object_set_new(pg->model, "csrf_token", json_string(csrf));
	pg->title = locale_get("unsubscribe.title");
}

void questions_unsubscribe_page(request *req, page *pg)
{
	db *c = db_thread();
	int64_t user = 0;
	json_t *q = NULL;
	int rc = c ? token_question(req, c, &user, &q) : DB_UNAVAILABLE;
	answer(req, pg, c, rc, q, false);
}

void questions_unsubscribe_submit(request *req, page *pg)
{
	db *c = db_thread();
	int64_t user = 0;
	json_t *q = NULL;
	int rc = c ? token_question(req, c, &user, &q) : DB_UNAVAILABLE;
	if (rc == DB_ROW) {
		int w = questions_follow(c, json_integer_value(json_object_get(q, "id")), user, false, clock_now());
		if (w != DB_OK) {
			json_decref(q);
			page_db_error(req, pg, c, w);
			return;
		}
	}
	answer(req, pg, c, rc, q, true);
}
