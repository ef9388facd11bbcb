/*
 * ask.c - asking a question: the form, and its submit. Before a question
 * is sent, questions already asked that look like it are shown with their
 * answers (as the title is typed, with JavaScript; otherwise on a confirm
 * step the first submit leads to). A question with personal data in it
 * (a NIK, a phone number, an email address) waits for moderation with
 * that reason, whatever the moderation setting. Each form carries a
 * one-time key: submitting it twice makes one question.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "agencies/agencies.h"
#include "accounts/secret.h"
#include "core/clock.h"
#include "core/str.h"
#include "http/form.h"
#include "questions/notify.h"
#include "questions/questions.h"
#include "questions/rules.h"
#include "questions/store.h"
#include "questions/view.h"
#include "questions/web.h"
#include "search/search.h"
#include "uploads/uploads.h"
#include "view/formview.h"
#include "view/locale.h"

/* The fields as typed (and checked) plus what they resolve to. */
typedef struct ask_form {
	const char *title, *body, *agency, *kecamatan, *program, *photo, *key;
	bool anonymous, confirmed;
	question_new q;
} ask_form;

static int form_choices(db *c, json_t *m, const char *agency, const char *kecamatan)
{
	json_t *agencies = NULL, *places = NULL;
	int rc = agencies_choices(c, agency, kecamatan, &agencies, &places);
	if (rc == DB_OK)
		json_object_set_new(m, "choices", json_pack("{s:o, s:o}", "agencies", agencies, "kecamatan", places));
	return rc;
}

/* The programme a question is about, when the form names one. */
static int program_of(db *c, const char *text, json_t **row)
{
	int64_t id = 0;
	*row = NULL;
	if (text == NULL || text[0] == '\0')
		return DB_OK;
	if (!str_to_i64(str_c(text), false, &id))
		return DB_DONE;
	int rc = db_query_row_json(c, "SELECT p.id, p.title, a.slug AS agency FROM programs p "
	                              "JOIN agencies a ON a.id = p.agency_id WHERE p.id = ?",
	                           DB_ARGS(DB_INT(id)), row);
	return rc == DB_ROW ? DB_OK : rc;
}

/* The form page: fv's values and messages, with similar questions when
 * the first submit found some. */
static void show_form(request *req, page *pg, db *c, formview *fv, json_t *similar, unsigned status)
{
	json_t *v = fv->values;
	const char *agency = json_string_value(json_object_get(v, "dinas"));
	const char *kec = json_string_value(json_object_get(v, "kecamatan"));
	const char *prog = json_string_value(json_object_get(v, "program"));
	if (json_object_get(v, "kunci") == NULL) {
		unsigned char raw[TOKEN_BYTES];
		char key[TOKEN_TEXT];
		token_new(raw, key);
		fv_keep(fv, "kunci", key);
	}
	json_t *m = json_object(), *program = NULL;
	int rc = form_choices(c, m, agency ? agency : "", kec ? kec : "");
	if (rc == DB_OK)
		rc = program_of(c, prog, &program);
	if (rc == DB_DONE)
		rc = DB_OK; /* an unknown programme was reported on the form already */
	if (rc != DB_OK) {
		json_decref(m);
		json_decref(similar);
		json_decref(fv_model(fv));
		page_db_error(req, pg, c, rc);
		return;
	}
	if (program != NULL)
		json_object_set_new(m, "program", program);
	if (similar != NULL && json_array_size(similar) > 0) {
		json_object_set_new(m, "has_similar", json_true());
		json_object_set_new(m, "similar", similar);
	} else {
		json_decref(similar);
	}
	json_object_set_new(m, "form", fv_model(fv));
	const char *csrf = accounts_csrf_token(req, pg->res);
	json_object_set_new(m, "csrf_token", csrf ? json_string(csrf) : json_null());
	pg->model = m;
	pg->template = "ask";
	pg->title = locale_get("ask.title");
	pg->status = status;
}

void questions_ask_page(request *req, page *pg)
{
	db *c = db_thread();
	if (c == NULL) {
		page_db_error(req, pg, c, DB_UNAVAILABLE);
		return;
	}
	formview fv;
	fv_init(&fv);
	static const char *const carried[] = { "dinas", "kecamatan", "program", "judul" };
	for (size_t i = 0; i < sizeof(carried) / sizeof(carried[0]); i++) {
		const char *v = http_params_get(&req->query, carried[i]);
		if (v != NULL && strlen(v) <= 150)
			fv_keep(&fv, carried[i], v);
	}
	show_form(req, pg, c, &fv, NULL, 200);
}

/* Reads and checks the fields; the photo is stored at once (so the
 * confirm step does not ask for it again) and carried as its hash. */
static int read_form(request *req, db *c, formview *fv, ask_form *f)
{
	memset(f, 0, sizeof(*f));
	f->title = fv_text(fv, req, "judul", QUESTION_TITLE_MAX, "ask.title_required", false);
	f->body = fv_text(fv, req, "isi", QUESTION_BODY_MAX, NULL, false);
	f->agency = fv_text(fv, req, "dinas", 100, NULL, false);
	f->kecamatan = fv_text(fv, req, "kecamatan", 100, NULL, false);
	f->program = fv_text(fv, req, "program", 20, NULL, false);
	f->photo = fv_text(fv, req, "foto_hash", 64, NULL, false);
	f->key = fv_text(fv, req, "kunci", 64, NULL, false);
	const char *anon = form_get(req, "anonim", NULL, NULL);
	const char *confirmed = form_get(req, "periksa", NULL, NULL);
	if (!f->title || !f->body || !f->agency || !f->kecamatan || !f->program || !f->photo || !f->key)
		return DB_ERROR;
	f->anonymous = anon != NULL && anon[0];
	f->confirmed = confirmed != NULL && strcmp(confirmed, "1") == 0;
	if (f->anonymous)
		fv_keep(fv, "anonim", "1");
	if (f->title[0] && utf8_length(f->title, strlen(f->title)) < QUESTION_TITLE_MIN)
		fv_fail_n(fv, "judul", "ask.title_short", QUESTION_TITLE_MIN);
	int rc = DB_ROW;
	if (f->agency[0]) {
		rc = db_query_int(c, "SELECT id FROM agencies WHERE slug = ?", DB_ARGS(DB_TEXT(f->agency)),
		                  &f->q.agency_id);
		if (rc == DB_DONE)
			fv_fail(fv, "dinas", "ask.agency_unknown");
	}
	if (rc >= 0 && f->kecamatan[0]) {
		rc = db_query_int(c, "SELECT id FROM agencies WHERE slug = ? AND kind = 'kecamatan'",
		                  DB_ARGS(DB_TEXT(f->kecamatan)), &f->q.kecamatan_id);
		if (rc == DB_DONE)
			fv_fail(fv, "kecamatan", "ask.kecamatan_unknown");
	}
	json_t *program = NULL;
	if (rc >= 0) {
		rc = program_of(c, f->program, &program);
		if (rc == DB_DONE)
			fv_fail(fv, "program", "ask.program_unknown");
		else if (program != NULL)
			f->q.program_id = json_integer_value(json_object_get(program, "id"));
		json_decref(program);
	}
	if (rc < 0)
		return rc;
	if (f->photo[0]) { /* carried from the confirm step: a stored image of ours */
		int64_t found = 0;
		rc = db_query_int(c, "SELECT count(*) FROM files WHERE hash = ? AND mime LIKE 'image/%'",
		                  DB_ARGS(DB_TEXT(f->photo)), &found);
		if (rc != DB_ROW)
			return rc;
		if (!found)
			f->photo = "";
	}
	for (const http_file *file = req->files; file != NULL; file = file->next) {
		if (strcmp(file->field, "foto") != 0 || (file->len == 0 && file->filename[0] == '\0'))
			continue;
		upload up;
		const char *key = NULL;
		rc = uploads_store(c, file, true, &up, &key);
		if (rc == DB_DONE) {
			fv_fail_n(fv, "foto", key, uploads_max() / (1024 * 1024));
			continue;
		}
		if (rc != DB_OK)
			return rc;
		f->photo = arena_strdup(req->arena, up.hash);
		fv_keep(fv, "foto_hash", f->photo);
	}
	return DB_OK;
}

static int premoderation(db *c, bool *on)
{
	int64_t v = 1;
	int rc = db_query_int(c, "SELECT CASE WHEN value = '0' THEN 0 ELSE 1 END FROM settings "
	                         "WHERE key = 'questions.premoderation'", DB_NOARGS, &v);
	*on = v != 0;
	return rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
}

/* Creates it, makes the asker follow it and indexes it for search. */
static int create(db *c, ask_form *f, const account *me, int64_t *id, bool *again)
{
	calendar *cal = calloc(1, sizeof(*cal));
	if (cal == NULL)
		return DB_ERROR;
	int64_t now = clock_now();
	int rc = calendar_load(c, cal);
	if (rc == DB_OK)
		rc = db_begin(c, true);
	if (rc != DB_OK) {
		free(cal);
		return rc;
	}
	rc = questions_create(c, &f->q, now, cal, id);
	*again = rc == DB_DONE;
	if (rc == DB_OK)
		rc = questions_follow(c, *id, me->id, true, now);
	if (rc == DB_OK)
		rc = search_index_question(c, *id);
	if (rc == DB_OK || rc == DB_DONE)
		rc = db_commit(c);
	if (rc != DB_OK)
		db_rollback(c);
	free(cal);
	return rc;
}

void questions_ask_submit(request *req, page *pg)
{
	const account *me = accounts_current(req);
	db *c = db_thread();
	if (c == NULL) {
		page_db_error(req, pg, c, DB_UNAVAILABLE);
		return;
	}
	formview fv;
	fv_init(&fv);
	ask_form f;
	int rc = read_form(req, c, &fv, &f);
	if (rc != DB_OK) {
		json_decref(fv_model(&fv));
		page_db_error(req, pg, c, rc);
		return;
	}
	if (!fv_ok(&fv)) {
		show_form(req, pg, c, &fv, NULL, 422);
		return;
	}
	if (!f.confirmed) { /* the confirm step, when something like it was asked before */
		json_t *similar = NULL;
		rc = search_similar_questions(c, f.title, 5, &similar);
		if (rc != DB_OK) {
			json_decref(fv_model(&fv));
			page_db_error(req, pg, c, rc);
			return;
		}
		if (json_array_size(similar) > 0) {
			fv_keep(&fv, "periksa", "1");
			show_form(req, pg, c, &fv, similar, 200);
			return;
		}
		json_decref(similar);
	}
	json_decref(fv_model(&fv));
	bool held_for_moderation = false;
	if ((rc = premoderation(c, &held_for_moderation)) != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	const char *personal = question_personal_data(f.title, strlen(f.title));
	if (personal == NULL)
		personal = question_personal_data(f.body, strlen(f.body));
	f.q.user_id = me->id;
	f.q.title = f.title;
	f.q.body = f.body;
	f.q.photo = f.photo[0] ? f.photo : NULL;
	f.q.anonymous = f.anonymous;
	f.q.form_key = f.key[0] ? f.key : NULL;
	f.q.hold = personal ? "data_pribadi" : held_for_moderation ? "pramoderasi" : NULL;
	int64_t id = 0;
	bool again = false;
	rc = create(c, &f, me, &id, &again);
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	questions_back(req, pg, id, f.title, again ? "sudah_terkirim" : personal ? "ditahan_data_pribadi" :
	               f.q.hold ? "menunggu_moderasi" : "terkirim");
}
