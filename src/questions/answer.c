/*
 * answer.c - the department's side: the official answer (with photos as
 * proof of work in the field, and documents), and forwarding a misrouted
 * question to another department with a note. The route table lets only
 * petugas of the agency in the path in; a question of another department
 * is refused here with 403.
 */
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "core/clock.h"
#include "http/form.h"
#include "questions/notify.h"
#include "questions/questions.h"
#include "questions/rules.h"
#include "questions/store.h"
#include "questions/web.h"
#include "questions/webhook.h"
#include "search/search.h"
#include "uploads/uploads.h"
#include "view/formview.h"

#define MAX_ATTACHMENTS 5

/* The question of the path: DB_ROW when it is the path agency's and may be
 * answered now; 0 with pg answered (403) when it belongs to another. */
static int agency_question(request *req, page *pg, db *c, json_t **q)
{
	int rc = questions_get(c, request_param_id(req), q);
	if (rc != DB_ROW)
		return rc;
	const char *state = json_string_value(json_object_get(*q, "state"));
	if (!question_state_public(state) || json_integer_value(json_object_get(*q, "listed")) == 0) {
		json_decref(*q);
		*q = NULL;
		return DB_DONE;
	}
	const char *agency = json_string_value(json_object_get(*q, "agency"));
	if (agency == NULL || strcmp(agency, request_param(req, "slug")) != 0) {
		json_decref(*q);
		*q = NULL;
		pg->status = 403;
		pg->error = "questions.not_your_agency";
		return 0;
	}
	return DB_ROW;
}

typedef struct answer_input {
	const char *body;
	bool field_report;
	upload files[MAX_ATTACHMENTS];
	int nfiles;
} answer_input;

static int store_attachments(request *req, db *c, formview *fv, answer_input *in)
{
	for (const http_file *f = req->files; f != NULL; f = f->next) {
		if (strcmp(f->field, "lampiran") != 0 || (f->len == 0 && f->filename[0] == '\0'))
			continue;
		if (in->nfiles == MAX_ATTACHMENTS) {
			fv_fail_n(fv, "lampiran", "questions.too_many_files", MAX_ATTACHMENTS);
			return DB_OK;
		}
		const char *key = NULL;
		int rc = uploads_store(c, f, false, &in->files[in->nfiles], &key);
		if (rc == DB_DONE) {
			fv_fail_n(fv, "lampiran", key, uploads_max() / (1024 * 1024));
			return DB_OK;
		}
		if (rc != DB_OK)
			return rc;
		in->nfiles++;
	}
	return DB_OK;
}

static int save_answer(db *c, const account *me, json_t *q, const answer_input *in)
{
	int64_t id = json_integer_value(json_object_get(q, "id"));
	int64_t agency = json_integer_value(json_object_get(q, "agency_id"));
	int64_t answer = 0;
	int rc = db_begin(c, true);
	if (rc != DB_OK)
		return rc;
	rc = questions_answer(c, id, agency, me->id, in->body, in->field_report, clock_now(), &answer);
	for (int i = 0; rc == DB_OK && i < in->nfiles; i++)
		rc = questions_attach(c, answer, in->files[i].hash, "");
	if (rc == DB_OK)
		rc = search_index_question(c, id);
	if (rc == DB_OK)
		rc = questions_notify(c, id, "answered", me->id);
	if (rc == DB_OK)
		rc = questions_webhook(c, id, "question.answered");
	if (rc == DB_OK)
		rc = db_commit(c);
	if (rc != DB_OK)
		db_rollback(c);
	return rc;
}

void questions_answer_submit(request *req, page *pg)
{
	const account *me = accounts_current(req);
	db *c = db_thread();
	json_t *q = NULL;
	int rc = c ? agency_question(req, pg, c, &q) : DB_UNAVAILABLE;
	if (rc == 0)
		return;
	if (rc != DB_ROW) {
		questions_fail(req, pg, c, rc);
		return;
	}
	formview fv;
	fv_init(&fv);
	answer_input in = { 0 };
	in.body = fv_text(&fv, req, "isi", ANSWER_BODY_MAX, "questions.answer_required", false);
	const char *field = form_get(req, "lapangan", NULL, NULL);
	in.field_report = field != NULL && field[0];
	if (in.field_report)
		fv_keep(&fv, "lapangan", "1");
	if (strcmp(json_string_value(json_object_get(q, "state")), "ditutup") == 0)
		fv_fail(&fv, "isi", "questions.closed");
	rc = in.body ? store_attachments(req, c, &fv, &in) : DB_ERROR;
	int64_t id = json_integer_value(json_object_get(q, "id"));
	if (rc == DB_OK && !fv_ok(&fv)) {
		json_decref(q);
		questions_show_again(req, pg, c, id, &fv, "answer");
		return;
	}
	json_decref(fv_model(&fv));
	if (rc == DB_OK)
		rc = save_answer(c, me, q, &in);
	if (rc != DB_OK) {
		json_decref(q);
		page_db_error(req, pg, c, rc);
		return;
	}
	questions_back(req, pg, id, json_string_value(json_object_get(q, "title")), "dijawab");
	json_decref(q);
}

void questions_forward_submit(request *req, page *pg)
{
	const account *me = accounts_current(req);
	db *c = db_thread();
	json_t *q = NULL;
	int rc = c ? agency_question(req, pg, c, &q) : DB_UNAVAILABLE;
	if (rc == 0)
		return;
	if (rc != DB_ROW) {
		questions_fail(req, pg, c, rc);
		return;
	}
	int64_t id = json_integer_value(json_object_get(q, "id"));
	int64_t from = json_integer_value(json_object_get(q, "agency_id"));
	formview fv;
	fv_init(&fv);
	const char *to_slug = fv_text(&fv, req, "ke", 100, "questions.forward_to_required", false);
	const char *note = fv_text(&fv, req, "catatan", 1000, "questions.forward_note_required", false);
	int64_t to = 0;
	if (to_slug == NULL || note == NULL) {
		rc = DB_ERROR;
	} else if (to_slug[0]) {
		rc = db_query_int(c, "SELECT id FROM agencies WHERE slug = ?", DB_ARGS(DB_TEXT(to_slug)), &to);
		if (rc == DB_DONE || (rc == DB_ROW && to == from))
			fv_fail(&fv, "ke", rc == DB_DONE ? "questions.forward_unknown" : "questions.forward_self");
		rc = rc < 0 ? rc : DB_OK;
	} else {
		rc = DB_OK;
	}
	if (rc == DB_OK && strcmp(json_string_value(json_object_get(q, "state")), "ditutup") == 0)
		fv_fail(&fv, "ke", "questions.closed");
	if (rc == DB_OK && !fv_ok(&fv)) {
		json_decref(q);
		questions_show_again(req, pg, c, id, &fv, "forward");
		return;
	}
	json_decref(fv_model(&fv));
	calendar *cal = rc == DB_OK ? calloc(1, sizeof(*cal)) : NULL;
	if (rc == DB_OK)
		rc = cal == NULL ? DB_ERROR : calendar_load(c, cal);
	if (rc == DB_OK)
		rc = db_begin(c, true);
	if (rc == DB_OK) {
		rc = questions_forward(c, id, from, to, me->id, note, clock_now(), cal);
		if (rc == DB_OK)
			rc = search_index_question(c, id);
		if (rc == DB_OK)
			rc = questions_notify(c, id, "forwarded", me->id);
		if (rc == DB_OK)
			rc = questions_webhook(c, id, "question.forwarded");
		if (rc == DB_OK)
			rc = db_commit(c);
		if (rc != DB_OK)
			db_rollback(c);
	}
	free(cal);
	if (rc != DB_OK) {
		json_decref(q);
		page_db_error(req, pg, c, rc);
		return;
	}
	questions_back(req, pg, id, json_string_value(json_object_get(q, "title")), "diteruskan");
	json_decref(q);
}
