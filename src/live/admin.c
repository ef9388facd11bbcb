/*
 * admin.c - humas's side of live sessions: scheduling and editing one,
 * starting and ending it (ending hands its questions to the departments,
 * archive.c), and the moderator page with its decisions: approve, reject,
 * hide, merge duplicates, correct typos (the original is kept), pin the
 * question being answered, mark it answered with a short written answer.
 */
#include <stdio.h>
#include <string.h>

#include "accounts/accounts.h"
#include "agencies/agencies.h"
#include "calendar/calendar.h"
#include "core/clock.h"
#include "core/str.h"
#include "http/form.h"
#include "live/archive.h"
#include "live/live.h"
#include "live/store.h"
#include "live/view.h"
#include "live/webhook.h"
#include "view/formview.h"
#include "view/locale.h"

#define MAX_AGENCIES 3

/* "2026-12-01T09:30" in WIB -> "2026-12-01T02:30:00Z"; false if not one. */
static bool wib_to_utc(arena *a, const char *local, const char **out)
{
	int64_t t;
	if (strlen(local) != 16 || !calendar_parse_wib(local, &t))
		return false;
	char iso[CLOCK_ISO_LEN];
	clock_iso(iso, t);
	*out = arena_strdup(a, iso);
	return *out != NULL;
}

/* "2026-12-01T02:30:00Z" -> "2026-12-01T09:30" (WIB), for the form. */
static const char *utc_to_wib(arena *a, const char *iso)
{
	int32_t day;
	int hh, mm;
	if (iso == NULL || !calendar_parse_day(iso, &day) || strlen(iso) < 16 || sscanf(iso + 11, "%2d:%2d", &hh, &mm) != 2)
		return "";
	int64_t t = (int64_t)day * 86400 + hh * 3600 + mm * 60 + WIB_OFFSET;
	int y, m, d;
	calendar_civil((int32_t)(t / 86400), &y, &m, &d);
	return arena_printf(a, "%04d-%02d-%02dT%02d:%02d", y, m, d, (int)(t % 86400 / 3600), (int)(t % 3600 / 60));
}

static int read_form(request *req, db *c, formview *fv, live_fields *f, int64_t *agencies)
{
	memset(f, 0, sizeof(*f));
	f->title = fv_text(fv, req, "judul", 200, "live_form.title_required", false);
	f->description = fv_text(fv, req, "deskripsi", 5000, NULL, false);
	const char *start = fv_text(fv, req, "mulai", 16, "live_form.start_required", false);
	const char *end = fv_text(fv, req, "selesai", 16, "live_form.end_required", false);
	f->stream_url = fv_text(fv, req, "tautan", 500, NULL, false);
	if (!f->title || !f->description || !start || !end || !f->stream_url)
		return DB_ERROR;
	const char *anon = form_get(req, "anonim", NULL, NULL), *premod = form_get(req, "pramoderasi", NULL, NULL);
	f->allow_anonymous = anon != NULL && anon[0]; /* a checkbox: sent (non-empty) when ticked */
	f->premoderated = premod != NULL && premod[0];
	if (f->allow_anonymous)
		fv_keep(fv, "anonim", "1");
	if (f->premoderated)
		fv_keep(fv, "pramoderasi", "1");
	if (start[0] && !wib_to_utc(req->arena, start, &f->starts_at))
		fv_fail(fv, "mulai", "live_form.time_invalid");
	if (end[0] && !wib_to_utc(req->arena, end, &f->ends_at))
		fv_fail(fv, "selesai", "live_form.time_invalid");
	else if (f->starts_at && f->ends_at && strcmp(f->ends_at, f->starts_at) <= 0)
		fv_fail(fv, "selesai", "live_form.end_before_start");
	if (f->stream_url[0] && strncmp(f->stream_url, "https://", 8) != 0 && strncmp(f->stream_url, "http://", 7) != 0)
		fv_fail(fv, "tautan", "live_form.link_invalid");
	for (int i = 0; i < MAX_AGENCIES; i++) {
		char field[16];
		snprintf(field, sizeof(field), "dinas%d", i + 1);
		const char *slug = fv_text(fv, req, arena_strdup(req->arena, field), 100, NULL, false);
		if (slug == NULL || slug[0] == '\0')
			continue;
		int rc = agencies_id(c, slug, &agencies[f->nagencies]);
		if (rc == DB_DONE)
			fv_fail(fv, arena_strdup(req->arena, field), "live_form.agency_unknown");
		else if (rc != DB_ROW)
			return rc;
		else
			f->nagencies++;
	}
	if (f->nagencies == 0)
		fv_fail(fv, "dinas1", "live_form.agency_required");
	f->agencies = agencies;
	return DB_OK;
}

static void show_form(request *req, page *pg, db *c, formview *fv, int64_t id, unsigned status)
{
	json_t *v = fv->values;
	json_t *choices[MAX_AGENCIES];
	int rc = DB_OK;
	for (int i = 0; i < MAX_AGENCIES; i++) {
		char field[16];
		snprintf(field, sizeof(field), "dinas%d", i + 1);
		const char *chosen = json_string_value(json_object_get(v, field));
		json_t *districts = NULL;
		choices[i] = NULL;
		if (rc == DB_OK)
			rc = agencies_choices(c, chosen ? chosen : "", "", &choices[i], &districts);
		json_decref(districts);
	}
	if (rc != DB_OK) {
		for (int i = 0; i < MAX_AGENCIES; i++)
			json_decref(choices[i]);
		json_decref(fv_model(fv));
		page_db_error(req, pg, c, rc);
		return;
	}
	json_t *m = json_pack("{s:o, s:o, s:o, s:o, s:s, s:b}", "form", fv_model(fv), "agencies1", choices[0],
	                      "agencies2", choices[1], "agencies3", choices[2], "action",
	                      id ? arena_printf(req->arena, "/sesi/%lld/ubah", (long long)id) : "/sesi/baru",
	                      "is_new", id == 0);
	const char *csrf = accounts_csrf_token(req, pg->res);
	json_object_set_new(m, "csrf_token", csrf ? json_string(csrf) : json_null());
	pg->model = m;
	pg->template = "live_form";
	pg->title = locale_get(id ? "live_form.edit_title" : "live_form.new_title");
	pg->status = status;
}

void live_new_page(request *req, page *pg)
{
	db *c = db_thread();
	if (c == NULL) {
		page_db_error(req, pg, c, DB_UNAVAILABLE);
		return;
	}
	formview fv;
	fv_init(&fv);
	fv_keep(&fv, "anonim", "1");
	fv_keep(&fv, "pramoderasi", "1");
	show_form(req, pg, c, &fv, 0, 200);
}

void live_edit_page(request *req, page *pg)
{
	db *c = db_thread();
	json_t *s = NULL;
	int rc = c ? live_get(c, request_param_id(req), &s) : DB_UNAVAILABLE;
	if (rc != DB_ROW) {
		if (rc == DB_DONE)
			page_not_found(pg);
		else
			page_db_error(req, pg, c, rc);
		return;
	}
	formview fv;
	fv_init(&fv);
	fv_keep(&fv, "judul", json_string_value(json_object_get(s, "title")));
	fv_keep(&fv, "deskripsi", json_string_value(json_object_get(s, "description")));
	fv_keep(&fv, "mulai", utc_to_wib(req->arena, json_string_value(json_object_get(s, "starts_at"))));
	fv_keep(&fv, "selesai", utc_to_wib(req->arena, json_string_value(json_object_get(s, "ends_at"))));
	fv_keep(&fv, "tautan", json_string_value(json_object_get(s, "stream_url")));
	if (json_integer_value(json_object_get(s, "allow_anonymous")))
		fv_keep(&fv, "anonim", "1");
	if (json_integer_value(json_object_get(s, "premoderated")))
		fv_keep(&fv, "pramoderasi", "1");
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(s, "agencies"), i, a)
	{
		if (i < MAX_AGENCIES)
			fv_keep(&fv, arena_printf(req->arena, "dinas%zu", i + 1), json_string_value(json_object_get(a, "slug")));
	}
	json_decref(s);
	show_form(req, pg, c, &fv, request_param_id(req), 200);
}

static void save(request *req, page *pg, int64_t id)
{
	db *c = db_thread();
	if (c == NULL) {
		page_db_error(req, pg, c, DB_UNAVAILABLE);
		return;
	}
	int64_t exists = 1;
	if (id != 0 && db_query_int(c, "SELECT count(*) FROM live_sessions WHERE id = ?", DB_ARGS(DB_INT(id)), &exists) == DB_ROW &&
	    !exists) {
		page_not_found(pg);
		return;
	}
	formview fv;
	fv_init(&fv);
	live_fields f;
	int64_t agencies[MAX_AGENCIES];
	int rc = read_form(req, c, &fv, &f, agencies);
	if (rc == DB_OK && !fv_ok(&fv)) {
		show_form(req, pg, c, &fv, id, 422);
		return;
	}
	json_decref(fv_model(&fv));
	if (rc == DB_OK && (rc = db_begin(c, true)) == DB_OK) {
		bool created = id == 0;
		rc = live_save(c, &f, accounts_current(req)->id, &id);
		if (rc == DB_OK && created)
			rc = live_webhook(c, id, "session.scheduled");
		if (rc == DB_OK)
			rc = db_commit(c);
		if (rc != DB_OK)
			db_rollback(c);
	}
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	page_redirect(pg, 303, arena_printf(req->arena, "/sesi/%lld/moderasi?pesan=sesi_disimpan", (long long)id));
}

void live_new_submit(request *req, page *pg)
{
	save(req, pg, 0);
}

void live_edit_submit(request *req, page *pg)
{
	save(req, pg, request_param_id(req));
}

/* --- state and moderation -------------------------------------------------- */

static int do_state(db *c, request *req, int64_t session, const void *arg, json_t *outbox)
{
	const char *state = arg;
	int rc = live_set_state(c, session, state, outbox);
	if (rc == DB_OK && strcmp(state, "berlangsung") == 0)
		rc = live_webhook(c, session, "session.live");
	if (rc == DB_OK && strcmp(state, "selesai") == 0)
		rc = live_archive(c, session, clock_now());
	(void)req;
	return rc;
}

void live_state_submit(request *req, page *pg)
{
	db *c = db_thread();
	const char *state = form_get(req, "status", NULL, NULL);
	if (state == NULL || (strcmp(state, "berlangsung") != 0 && strcmp(state, "selesai") != 0)) {
		pg->status = 422;
		pg->error = "live.state_invalid";
		return;
	}
	int rc = c ? live_write(req, c, request_param_id(req), do_state, state) : DB_UNAVAILABLE;
	if (rc == DB_DONE) {
		pg->status = 409;
		pg->error = "live.state_not_now";
		return;
	}
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	page_redirect(pg, 303, arena_printf(req->arena, "/sesi/%lld/moderasi?pesan=sesi_%s",
	                                    (long long)request_param_id(req), state));
}

void live_moderate_page(request *req, page *pg)
{
	db *c = db_thread();
	int64_t id = request_param_id(req);
	json_t *s = NULL, *questions = NULL;
	int rc = c ? live_get(c, id, &s) : DB_UNAVAILABLE;
	if (rc == DB_ROW)
		rc = live_questions(c, id, true, &questions);
	if (rc != DB_OK && rc != DB_ROW) {
		json_decref(s);
		if (rc == DB_DONE)
			page_not_found(pg);
		else
			page_db_error(req, pg, c, rc);
		return;
	}
	live_decorate_session(req->arena, s);
	size_t i;
	json_t *q;
	json_int_t current = json_integer_value(json_object_get(s, "current_id"));
	json_array_foreach(questions, i, q)
	{
		const char *st = json_string_value(json_object_get(q, "state"));
		char key[64];
		snprintf(key, sizeof(key), "live_question_state.%s", st ? st : "");
		json_object_set_new(q, "state_label", json_string(locale_get(key)));
		json_object_set_new(q, "waiting", json_boolean(st && strcmp(st, "menunggu") == 0));
		json_object_set_new(q, "shown", json_boolean(st && strcmp(st, "tampil") == 0));
		json_object_set_new(q, "is_current", json_boolean(json_integer_value(json_object_get(q, "id")) == current));
		json_object_set_new(q, "answered", json_boolean(json_integer_value(json_object_get(q, "answered"))));
	}
	pg->model = json_pack("{s:o, s:o}", "session", s, "questions", questions);
	const char *csrf = accounts_csrf_token(req, pg->res);
	json_object_set_new(pg->model, "csrf_token", csrf ? json_string(csrf) : json_null());
	const char *flash = page_flash(req);
	if (flash != NULL)
		json_object_set_new(pg->model, "flash", json_string(flash));
	pg->title = json_string_value(json_object_get(s, "title"));
}

struct decision {
	const char *action;
	int64_t id, other;
	const char *text;
};

/* A question shown after the session ended (approved late, shown again)
 * joins the archive at once, as it would have at the end: live_archive
 * takes only the shown questions it has not taken yet. */
static int archive_if_ended(db *c, int64_t session)
{
	int64_t ended = 0;
	int rc = db_query_int(c, "SELECT count(*) FROM live_sessions WHERE id = ? AND state = 'selesai'",
	                      DB_ARGS(DB_INT(session)), &ended);
	if (rc != DB_ROW)
		return rc == DB_DONE ? DB_ERROR : rc;
	return ended ? live_archive(c, session, clock_now()) : DB_OK;
}

static int do_decide(db *c, request *req, int64_t session, const void *arg, json_t *outbox)
{
	const struct decision *d = arg;
	(void)req;
	if (strcmp(d->action, "setujui") == 0 || strcmp(d->action, "tampilkan") == 0) {
		int rc = live_moderate(c, session, d->id, "tampil", outbox);
		return rc == DB_OK ? archive_if_ended(c, session) : rc;
	}
	if (strcmp(d->action, "tolak") == 0)
		return live_moderate(c, session, d->id, "ditolak", outbox);
	if (strcmp(d->action, "sembunyikan") == 0)
		return live_moderate(c, session, d->id, "disembunyikan", outbox);
	if (strcmp(d->action, "gabung") == 0)
		return live_merge(c, session, d->id, d->other, outbox);
	if (strcmp(d->action, "ubah") == 0)
		return live_edit(c, session, d->id, d->text, outbox);
	if (strcmp(d->action, "sematkan") == 0)
		return live_pin(c, session, d->id, outbox);
	if (strcmp(d->action, "lepas") == 0)
		return live_pin(c, session, 0, outbox);
	if (strcmp(d->action, "jawab") == 0)
		return live_answer(c, session, d->id, d->text, outbox);
	return DB_DONE;
}

void live_moderate_submit(request *req, page *pg)
{
	db *c = db_thread();
	struct decision d = { form_get(req, "aksi", NULL, NULL), 0, 0, form_get(req, "isi", NULL, NULL) };
	const char *id = form_get(req, "pertanyaan", NULL, NULL);
	const char *other = form_get(req, "ke", NULL, NULL);
	bool ok = d.action != NULL && (strcmp(d.action, "lepas") == 0 ||
	          (id != NULL && str_to_i64(str_c(id), false, &d.id)));
	if (ok && strcmp(d.action, "gabung") == 0)
		ok = other != NULL && str_to_i64(str_c(other), false, &d.other);
	if (ok && strcmp(d.action, "ubah") == 0)
		ok = d.text != NULL && d.text[0] && utf8_length(d.text, strlen(d.text)) <= 1000;
	if (ok && strcmp(d.action, "jawab") == 0 && d.text != NULL && utf8_length(d.text, strlen(d.text)) > 3000)
		ok = false;
	if (!ok) {
		pg->status = 422;
		pg->error = "live.decision_invalid";
		return;
	}
	int rc = c ? live_write(req, c, request_param_id(req), do_decide, &d) : DB_UNAVAILABLE;
	if (rc == DB_DONE) {
		pg->status = 409;
		pg->error = "live.decision_not_now";
		return;
	}
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	page_redirect(pg, 303, arena_printf(req->arena, "/sesi/%lld/moderasi#pertanyaan-%lld",
	                                    (long long)request_param_id(req), (long long)d.id));
}
