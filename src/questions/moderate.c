/*
 * moderate.c - humas deciding on a question: approve a held one, refuse
 * one (or close it as a duplicate of another), route one asked of nobody
 * ("saya tidak tahu") to a department. Each decision is one write
 * transaction under moderation_lock that first checks the question's
 * state as it is then: a decision that no longer applies is a 409 and
 * writes nothing. Hiding, showing and flags are in moderate_hide.c.
 */
#include <stdlib.h>
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

const char *moderation_state(const decision *d)
{
	const char *s = json_string_value(json_object_get(d->q, "state"));
	return s ? s : "";
}

int moderation_log_decision(decision *d, const char *action, const char *reason, const char *note)
{
	moderation_entry e = { d->me->id, d->id, d->answer, action, reason, note };
	return moderation_log_write(d->c, &e, d->at);
}

static bool back_to_question(const request *req)
{
	const char *v = form_get(req, "kembali", NULL, NULL);
	return v != NULL && strcmp(v, "pertanyaan") == 0;
}

/* The decision did not apply: the form again, with its messages. */
static void answer_again(request *req, page *pg, decision *d)
{
	unsigned status = 422;
	if (d->conflict != NULL) {
		fv_fail(&d->fv, "keputusan", d->conflict);
		status = 409;
	}
	const char *anchor = d->answer ? arena_printf(req->arena, "j%lld", (long long)d->answer)
	                               : arena_printf(req->arena, "q%lld", (long long)d->id);
	if (back_to_question(req))
		moderation_question_again(req, pg, d->c, d->id, &d->fv, d->form, anchor ? anchor : "", status);
	else
		moderation_queue_again(req, pg, d->c, &d->fv, d->form, anchor ? anchor : "", status);
}

static void answer_done(request *req, page *pg, decision *d, const char *title)
{
	if (back_to_question(req))
		questions_back(req, pg, d->id, title, d->notice);
	else
		page_redirect(pg, 303, arena_printf(req->arena, "/moderasi?pesan=%s", d->notice));
}

/* Runs fn in a write transaction: DB_OK committed, DB_OK with nothing
 * written (d->conflict or a failed field), or an error status. */
static int run(decision *d, decide_fn fn, const char **title)
{
	int rc = db_begin(d->c, true);
	if (rc != DB_OK)
		return rc;
	rc = moderation_lock(d->c, d->id);
	if (rc == DB_OK)
		rc = questions_get(d->c, d->id, &d->q);
	if (rc == DB_ROW) {
		*title = arena_strdup(d->req->arena, json_string_value(json_object_get(d->q, "title")));
		rc = fv_ok(&d->fv) ? fn(d) : DB_OK;
	}
	if (rc == DB_OK && d->conflict == NULL && fv_ok(&d->fv))
		rc = db_commit(d->c);
	else if (rc == DB_OK)
		db_rollback(d->c);
	if (rc != DB_OK)
		db_rollback(d->c);
	json_decref(d->q);
	d->q = NULL;
	return rc;
}

void moderation_decide(request *req, page *pg, decision *d, decide_fn fn, bool need_calendar)
{
	d->req = req;
	d->c = db_thread();
	d->me = accounts_current(req);
	d->at = clock_now();
	int rc = d->c == NULL ? DB_UNAVAILABLE : DB_OK;
	if (rc == DB_OK && need_calendar) {
		d->cal = arena_alloc(req->arena, sizeof(*d->cal));
		rc = d->cal == NULL ? DB_ERROR : calendar_load(d->c, d->cal);
	}
	const char *title = NULL;
	if (rc == DB_OK)
		rc = run(d, fn, &title);
	if (rc != DB_OK) {
		json_decref(fv_model(&d->fv));
		questions_fail(req, pg, d->c, rc);
		return;
	}
	if (d->conflict != NULL || !fv_ok(&d->fv)) {
		answer_again(req, pg, d);
		return;
	}
	json_decref(fv_model(&d->fv));
	answer_done(req, pg, d, title ? title : "");
}

/* The note field every decision form has (optional). */
static const char *read_note(decision *d)
{
	const char *note = fv_text(&d->fv, d->req, "catatan", MODERATION_NOTE_MAX, NULL, false);
	return note ? note : "";
}

static void begin(decision *d, request *req, const char *form)
{
	memset(d, 0, sizeof(*d));
	d->req = req;
	d->form = form;
	d->id = request_param_id(req);
	fv_init(&d->fv);
}

/* --- approve -------------------------------------------------------------- */

static int decide_approve(decision *d)
{
	if (strcmp(moderation_state(d), "moderasi") != 0) {
		d->conflict = "moderation.not_held";
		return DB_OK;
	}
	const char *hold = json_string_value(json_object_get(d->q, "hold_reason"));
	int rc = questions_publish(d->c, d->id, d->me->id, d->at, d->cal);
	if (rc == DB_OK)
		rc = search_index_question(d->c, d->id);
	if (rc == DB_OK)
		rc = moderation_log_decision(d, "setujui", hold, d->arg);
	d->notice = "moderasi_disetujui";
	return rc == DB_DONE ? DB_ERROR : rc; /* checked under the lock: not held is impossible */
}

void moderation_approve_submit(request *req, page *pg)
{
	decision d;
	begin(&d, req, "setujui");
	d.arg = read_note(&d);
	moderation_decide(req, pg, &d, decide_approve, true);
}

/* --- refuse, or close as a duplicate ----------------------------------------- */

typedef struct reject_input {
	const char *reason;
	const char *original_text;
	int64_t original;
	const char *note;
} reject_input;

/* The original of a duplicate as typed: its number, or its address
 * ("https://.../pertanyaan/12-judul"). 0 when it is neither. */
static int64_t original_of(const char *text)
{
	const char *p = strstr(text, "/pertanyaan/");
	bool address = p != NULL;
	p = address ? p + strlen("/pertanyaan/") : text;
	if (!address && *p == '#')
		p++;
	size_t n = 0;
	while (p[n] >= '0' && p[n] <= '9')
		n++;
	if (n == 0 || (!address && p[n] != '\0') || (address && p[n] != '\0' && strchr("-?#./", p[n]) == NULL))
		return 0;
	int64_t id = 0;
	return str_to_i64((str){ p, n }, false, &id) ? id : 0;
}

/* The original must be another question the public sees. */
static int check_original(decision *d, int64_t original)
{
	if (original == d->id) {
		fv_fail(&d->fv, "asli", "moderation.original_self");
		return DB_OK;
	}
	int64_t found = 0;
	int rc = db_query_int(d->c,
		"SELECT count(*) FROM questions WHERE id = ? AND listed = 1 AND hidden = 0 "
		"AND state IN ('terbuka','dijawab','diteruskan','ditutup')", DB_ARGS(DB_INT(original)), &found);
	if (rc != DB_ROW)
		return rc == DB_DONE ? DB_ERROR : rc;
	if (!found)
		fv_fail(&d->fv, "asli", "moderation.original_unknown");
	return DB_OK;
}

/* A public question closed as a duplicate stays public, pointing to the
 * original; anything else refused is out of public view. */
static int close_or_refuse(decision *d, const reject_input *in, bool duplicate, const char **action)
{
	bool held = strcmp(moderation_state(d), "moderasi") == 0;
	if (duplicate && !held) {
		*action = "tutup_duplikat";
		d->notice = "moderasi_duplikat";
		int rc = questions_close(d->c, d->id, d->me->id, "duplikat", in->original, d->at);
		return rc == DB_OK ? moderation_show_duplicate(d->c, d->id, d->at) : rc;
	}
	*action = "tolak";
	d->notice = "moderasi_ditolak";
	bool changed = false;
	int rc = moderation_reject(d->c, d->id, in->reason, duplicate ? in->original : 0, d->at, &changed);
	if (rc == DB_OK && !changed)
		d->conflict = "moderation.already_rejected";
	if (rc == DB_OK && changed) /* the asker reads the reason (and the note) in the history */
		rc = questions_event(d->c, d->id, "ditolak", d->me->id, 0, 0, 0, in->reason, in->note, d->at);
	return rc;
}

static int decide_reject(decision *d)
{
	const reject_input *in = d->arg;
	const char *state = moderation_state(d);
	bool duplicate = strcmp(in->reason, "duplikat") == 0;
	if (strcmp(state, "ditolak") == 0)
		d->conflict = "moderation.already_rejected";
	else if (duplicate && strcmp(state, "ditutup") == 0)
		d->conflict = "moderation.already_closed";
	if (d->conflict != NULL)
		return DB_OK;
	int rc = duplicate ? check_original(d, in->original) : DB_OK;
	if (rc != DB_OK || !fv_ok(&d->fv))
		return rc;
	const char *action = NULL;
	rc = close_or_refuse(d, in, duplicate, &action);
	if (rc == DB_OK && d->conflict == NULL)
		rc = moderation_resolve_flags(d->c, "question", d->id, d->at);
	if (rc == DB_OK && d->conflict == NULL)
		rc = search_index_question(d->c, d->id);
	if (rc == DB_OK && d->conflict == NULL)
		rc = moderation_log_decision(d, action, in->reason, in->note);
	return rc;
}

void moderation_reject_submit(request *req, page *pg)
{
	decision d;
	begin(&d, req, "tolak");
	reject_input *in = arena_calloc(req->arena, 1, sizeof(*in));
	if (in == NULL) {
		page_fail(req, pg, "out of request memory");
		return;
	}
	in->reason = fv_text(&d.fv, req, "alasan", 40, "moderation.reason_required", false);
	in->original_text = fv_text(&d.fv, req, "asli", 300, NULL, false);
	in->note = read_note(&d);
	if (in->reason == NULL || in->original_text == NULL) {
		json_decref(fv_model(&d.fv));
		page_fail(req, pg, "out of request memory");
		return;
	}
	if (in->reason[0] && !question_reject_reason_valid(in->reason))
		fv_fail(&d.fv, "alasan", "moderation.reason_unknown");
	if (strcmp(in->reason, "duplikat") == 0) {
		in->original = original_of(in->original_text);
		if (in->original_text[0] == '\0')
			fv_fail(&d.fv, "asli", "moderation.original_required");
		else if (in->original == 0)
			fv_fail(&d.fv, "asli", "moderation.original_unknown");
	}
	d.arg = in;
	moderation_decide(req, pg, &d, decide_reject, false);
}

/* --- route an unaddressed question ------------------------------------------- */

typedef struct route_input {
	const char *agency;
	const char *note;
} route_input;

static int decide_route(decision *d)
{
	const route_input *in = d->arg;
	const char *state = moderation_state(d);
	if (json_integer_value(json_object_get(d->q, "agency_id")) != 0)
		d->conflict = "moderation.already_routed";
	else if (strcmp(state, "ditolak") == 0 || strcmp(state, "ditutup") == 0)
		d->conflict = "moderation.closed";
	if (d->conflict != NULL)
		return DB_OK;
	json_t *agency = NULL;
	int rc = db_query_row_json(d->c, "SELECT id, name FROM agencies WHERE slug = ?",
	                           DB_ARGS(DB_TEXT(in->agency)), &agency);
	if (rc == DB_DONE) {
		fv_fail(&d->fv, "dinas", "moderation.agency_unknown");
		return DB_OK;
	}
	if (rc != DB_ROW)
		return rc;
	int64_t to = json_integer_value(json_object_get(agency, "id"));
	const char *name = json_string_value(json_object_get(agency, "name"));
	const char *logged = in->note[0] ? arena_printf(d->req->arena, "%s: %s", name, in->note)
	                                 : arena_strdup(d->req->arena, name);
	json_decref(agency);
	rc = questions_forward(d->c, d->id, 0, to, d->me->id, in->note, d->at, d->cal);
	if (rc == DB_OK)
		rc = search_index_question(d->c, d->id);
	if (rc == DB_OK)
		rc = moderation_log_decision(d, "arahkan", NULL, logged);
	d->notice = "moderasi_diarahkan";
	return rc;
}

void moderation_route_submit(request *req, page *pg)
{
	decision d;
	begin(&d, req, "arahkan");
	route_input *in = arena_calloc(req->arena, 1, sizeof(*in));
	if (in == NULL) {
		page_fail(req, pg, "out of request memory");
		return;
	}
	in->agency = fv_text(&d.fv, req, "dinas", 100, "moderation.agency_required", false);
	in->note = read_note(&d);
	if (in->agency == NULL) {
		json_decref(fv_model(&d.fv));
		page_fail(req, pg, "out of request memory");
		return;
	}
	d.arg = in;
	moderation_decide(req, pg, &d, decide_route, true);
}
