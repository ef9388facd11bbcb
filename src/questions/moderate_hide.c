/*
 * moderate_hide.c - hiding and showing content: anyone signed in flags a
 * public question or answer (once); when the open flags on it reach the
 * threshold (setting questions.flag_threshold) it is hidden until a
 * moderator decides. Moderators hide (which settles the open flags: the
 * decision is "keep it hidden") or show it again (which settles them the
 * other way). The public history records each hiding and showing; the
 * log records who decided and why.
 */
#include <string.h>

#include "core/clock.h"
#include "core/str.h"
#include "http/form.h"
#include "questions/moderate.h"
#include "questions/questions.h"
#include "questions/rules.h"
#include "questions/store.h"
#include "questions/web.h"
#include "search/search.h"
#include "view/locale.h"

static bool visible_public(const json_t *q)
{
	return json_integer_value(json_object_get(q, "listed")) != 0 &&
	       json_integer_value(json_object_get(q, "hidden")) == 0 &&
	       question_state_public(json_string_value(json_object_get(q, "state")));
}

/* --- moderators: hide or show --------------------------------------------- */

typedef struct hide_input {
	bool hide;
	const char *reason; /* hiding: a flag reason */
	const char *note;
} hide_input;

/* Hides (or keeps hidden, settling its flags) or shows the question. */
static int decide_question(decision *d)
{
	const hide_input *in = d->arg;
	bool hidden = json_integer_value(json_object_get(d->q, "hidden")) != 0;
	int64_t open = 0;
	int rc = moderation_open_count(d->c, "question", d->id, &open);
	if (rc != DB_OK)
		return rc;
	if (in->hide && hidden && open == 0)
		d->conflict = "moderation.already_hidden";
	else if (in->hide && !hidden && !question_state_public(moderation_state(d)))
		d->conflict = "moderation.not_public";
	else if (!in->hide && !hidden)
		d->conflict = "moderation.not_hidden";
	if (d->conflict != NULL)
		return DB_OK;
	bool changed = false;
	rc = moderation_hide_question(d->c, d->id, in->hide, d->at, &changed);
	if (rc == DB_OK && changed)
		rc = questions_event(d->c, d->id, in->hide ? "disembunyikan" : "ditampilkan", d->me->id, 0, 0, 0,
		                     in->hide ? in->reason : NULL, NULL, d->at);
	if (rc == DB_OK)
		rc = moderation_resolve_flags(d->c, "question", d->id, d->at);
	if (rc == DB_OK)
		rc = search_index_question(d->c, d->id);
	if (rc == DB_OK)
		rc = moderation_log_decision(d, in->hide ? "sembunyikan" : "tampilkan", in->hide ? in->reason : NULL,
		                             in->note);
	d->notice = in->hide ? "moderasi_disembunyikan" : "moderasi_ditampilkan";
	return rc;
}

static int decide_answer(decision *d)
{
	const hide_input *in = d->arg;
	json_t *a = NULL;
	int rc = moderation_answer(d->c, d->answer, &a);
	if (rc != DB_ROW)
		return rc;
	bool hidden = json_integer_value(json_object_get(a, "hidden")) != 0;
	json_decref(a);
	int64_t open = 0;
	rc = moderation_open_count(d->c, "answer", d->answer, &open);
	if (rc != DB_OK)
		return rc;
	if (in->hide && hidden && open == 0)
		d->conflict = "moderation.already_hidden";
	else if (!in->hide && !hidden)
		d->conflict = "moderation.not_hidden";
	if (d->conflict != NULL)
		return DB_OK;
	bool changed = false;
	rc = moderation_hide_answer(d->c, d->answer, in->hide, d->at, &changed);
	if (rc == DB_OK && changed)
		rc = questions_event(d->c, d->id, in->hide ? "disembunyikan" : "ditampilkan", d->me->id, 0, 0,
		                     d->answer, in->hide ? in->reason : NULL, NULL, d->at);
	if (rc == DB_OK)
		rc = moderation_resolve_flags(d->c, "answer", d->answer, d->at);
	if (rc == DB_OK)
		rc = search_index_question(d->c, d->id);
	if (rc == DB_OK)
		rc = moderation_log_decision(d, in->hide ? "sembunyikan_jawaban" : "tampilkan_jawaban",
		                             in->hide ? in->reason : NULL, in->note);
	d->notice = in->hide ? "moderasi_disembunyikan" : "moderasi_ditampilkan";
	return rc;
}

/* Reads the form; for an answer, d->id becomes its question's (0: none). */
static bool read_hide(request *req, decision *d, hide_input *in, bool hide, bool answer)
{
	memset(d, 0, sizeof(*d));
	memset(in, 0, sizeof(*in));
	fv_init(&d->fv);
	d->form = hide ? "sembunyikan" : "tampilkan";
	in->hide = hide;
	in->reason = hide ? fv_text(&d->fv, req, "alasan", 40, "moderation.hide_reason_required", false) : "";
	in->note = fv_text(&d->fv, req, "catatan", MODERATION_NOTE_MAX, NULL, false);
	if (in->reason == NULL || in->note == NULL)
		return false;
	if (in->reason[0] && !question_flag_reason_valid(in->reason))
		fv_fail(&d->fv, "alasan", "moderation.reason_unknown");
	d->arg = in;
	if (!answer) {
		d->id = request_param_id(req);
		return true;
	}
	d->answer = request_param_id(req);
	db *c = db_thread();
	json_t *a = NULL;
	int rc = c ? moderation_answer(c, d->answer, &a) : DB_UNAVAILABLE;
	d->id = rc == DB_ROW ? json_integer_value(json_object_get(a, "question_id")) : 0;
	json_decref(a);
	return rc == DB_ROW || rc == DB_DONE;
}

static void hide_or_show(request *req, page *pg, bool hide, bool answer)
{
	decision d;
	hide_input in;
	if (!read_hide(req, &d, &in, hide, answer)) {
		json_decref(fv_model(&d.fv));
		page_db_error(req, pg, db_thread(), DB_ERROR);
		return;
	}
	if (answer && d.id == 0) {
		json_decref(fv_model(&d.fv));
		page_not_found(pg);
		return;
	}
	moderation_decide(req, pg, &d, answer ? decide_answer : decide_question, false);
}

void moderation_hide_submit(request *req, page *pg)
{
	hide_or_show(req, pg, true, false);
}

void moderation_show_submit(request *req, page *pg)
{
	hide_or_show(req, pg, false, false);
}

void moderation_hide_answer_submit(request *req, page *pg)
{
	hide_or_show(req, pg, true, true);
}

void moderation_show_answer_submit(request *req, page *pg)
{
	hide_or_show(req, pg, false, true);
}

/* --- anyone signed in: flag ---------------------------------------------------- */

typedef struct flag_input {
	const char *kind;  /* question | answer */
	int64_t target;
	const char *reason;
	bool added, hid;   /* what happened */
} flag_input;

/* Past the threshold: hidden, in the history, in the log, out of search. */
static int hide_flagged(db *c, arena *a, int64_t question, const flag_input *in, int64_t at, int64_t open)
{
	bool answer = strcmp(in->kind, "answer") == 0;
	const char *reason = NULL;
	bool changed = false;
	int rc = moderation_top_reason(c, in->kind, in->target, &reason);
	if (rc == DB_OK)
		rc = answer ? moderation_hide_answer(c, in->target, true, at, &changed)
		            : moderation_hide_question(c, question, true, at, &changed);
	if (rc != DB_OK || !changed)
		return rc;
	rc = questions_event(c, question, "disembunyikan", 0, 0, 0, answer ? in->target : 0, reason, NULL, at);
	const char *names[] = { "n" }, *values[] = { arena_printf(a, "%lld", (long long)open) };
	moderation_entry e = { 0, question, answer ? in->target : 0,
	                       answer ? "jawaban_disembunyikan_otomatis" : "disembunyikan_otomatis", reason,
	                       values[0] ? locale_fill(a, "moderation.auto_note", names, values, 1) : NULL };
	if (rc == DB_OK)
		rc = moderation_log_write(c, &e, at);
	if (rc == DB_OK)
		rc = search_index_question(c, question);
	return rc;
}

static int save_flag(db *c, arena *a, int64_t question, int64_t user, flag_input *in)
{
	int64_t at = clock_now();
	int rc = moderation_flag(c, in->kind, in->target, question, user, in->reason, at, &in->added);
	if (rc != DB_OK || !in->added)
		return rc;
	bool premoderation = true;
	int threshold = FLAG_THRESHOLD_DEFAULT;
	int64_t open = 0;
	rc = moderation_settings(c, &premoderation, &threshold);
	if (rc == DB_OK)
		rc = moderation_open_count(c, in->kind, in->target, &open);
	if (rc == DB_OK && open >= threshold) {
		in->hid = true;
		rc = hide_flagged(c, a, question, in, at, open);
	}
	return rc;
}

/* The target of the flag under the lock: DB_ROW when it is public. */
static int flag_target(db *c, int64_t question, flag_input *in)
{
	json_t *q = NULL;
	int rc = moderation_lock(c, question);
	if (rc == DB_OK)
		rc = questions_get(c, question, &q);
	if (rc == DB_ROW && !visible_public(q))
		rc = DB_DONE;
	json_decref(q);
	if (rc != DB_ROW || strcmp(in->kind, "answer") != 0)
		return rc;
	json_t *a = NULL;
	rc = moderation_answer(c, in->target, &a);
	if (rc == DB_ROW && (json_integer_value(json_object_get(a, "question_id")) != question ||
	                     json_integer_value(json_object_get(a, "hidden")) != 0))
		rc = DB_DONE;
	json_decref(a);
	return rc;
}

static int flag_in_transaction(db *c, arena *a, int64_t question, int64_t user, flag_input *in)
{
	int rc = db_begin(c, true);
	if (rc != DB_OK)
		return rc;
	rc = flag_target(c, question, in);
	if (rc == DB_ROW)
		rc = save_flag(c, a, question, user, in);
	if (rc == DB_OK)
		rc = db_commit(c);
	if (rc != DB_OK)
		db_rollback(c);
	return rc;
}

/* Reads jenis, jawaban and alasan; false with fv failed when wrong. */
static bool read_flag(request *req, int64_t question, formview *fv, flag_input *in)
{
	const char *kind = form_get(req, "jenis", NULL, NULL);
	const char *answer = form_get(req, "jawaban", NULL, NULL);
	const char *reason = form_get(req, "alasan", NULL, NULL);
	in->kind = kind != NULL && strcmp(kind, "answer") == 0 ? "answer" : "question";
	in->target = question;
	if (kind != NULL && strcmp(kind, "question") != 0 && strcmp(kind, "answer") != 0)
		fv_fail(fv, "laporan", "moderation.flag_kind_unknown");
	if (strcmp(in->kind, "answer") == 0 &&
	    (answer == NULL || !str_to_i64(str_c(answer), false, &in->target) || in->target == 0))
		fv_fail(fv, "laporan", "moderation.flag_answer_unknown");
	if (reason == NULL || reason[0] == '\0')
		fv_fail(fv, "laporan", "moderation.flag_reason_required");
	else if (!question_flag_reason_valid(reason))
		fv_fail(fv, "laporan", "moderation.reason_unknown");
	in->reason = reason;
	return fv_ok(fv);
}

/* After the flag that hid the question its page is gone for the person
 * who sent it: a page that says what happened instead. */
static void hidden_notice(page *pg)
{
	json_t *n = json_pack("{s:s, s:s, s:s, s:s}", "title", locale_get("moderation.flag_thanks"),
	                      "message", locale_get("moderation.flag_hid"), "link", "/pertanyaan",
	                      "link_text", locale_get("moderation.to_questions"));
	pg->model = json_pack("{s:o}", "notice", n);
	pg->template = "notice";
	pg->title = locale_get("moderation.flag_thanks");
}

void questions_flag_submit(request *req, page *pg)
{
	const account *me = accounts_current(req);
	int64_t id = request_param_id(req);
	db *c = db_thread();
	formview fv;
	fv_init(&fv);
	flag_input in = { 0 };
	if (c != NULL && !read_flag(req, id, &fv, &in)) {
		questions_show_again(req, pg, c, id, &fv, "flag");
		return;
	}
	json_decref(fv_model(&fv));
	int rc = c ? flag_in_transaction(c, req->arena, id, me->id, &in) : DB_UNAVAILABLE;
	if (rc != DB_OK) {
		questions_fail(req, pg, c, rc);
		return;
	}
	if (in.hid && strcmp(in.kind, "question") == 0) {
		hidden_notice(pg);
		return;
	}
	json_t *q = NULL;
	rc = questions_get(c, id, &q);
	const char *title = rc == DB_ROW ? arena_strdup(req->arena, json_string_value(json_object_get(q, "title"))) : "";
	json_decref(q);
	questions_back(req, pg, id, title ? title : "", in.added ? "laporan_diterima" : "sudah_dilaporkan");
}
