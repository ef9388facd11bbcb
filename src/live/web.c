/*
 * web.c - the public views of live sessions: the list, the participant
 * page (send a question, vote, see what is being answered), the presenter
 * screen, the overlay for streaming software, and the event stream they
 * all listen to. Anonymous participants are known by a browser key (the
 * tb_peserta cookie): one vote per browser, and the rate limit of the
 * route (per address) against scripted flooding.
 */
#include <stdio.h>
#include <string.h>

#include "accounts/accounts.h"
#include "accounts/secret.h"
#include "accounts/session.h"
#include "core/clock.h"
#include "core/str.h"
#include "http/form.h"
#include "ledger/ledger.h"
#include "live/live.h"
#include "live/store.h"
#include "live/view.h"
#include "stream.h"
#include "view/formview.h"
#include "view/locale.h"
#include "view/syndicate.h"

#define PARTICIPANT_COOKIE "tb_peserta"
#define LIST_LIMIT 50

void live_index_page(request *req, page *pg)
{
	db *c = db_thread();
	char now[CLOCK_ISO_LEN];
	clock_iso(now, clock_now());
	json_t *upcoming = NULL, *past = NULL;
	int rc = c ? live_list(c, true, now, LIST_LIMIT, &upcoming) : DB_UNAVAILABLE;
	if (rc == DB_OK)
		rc = live_list(c, false, now, LIST_LIMIT, &past);
	if (rc != DB_OK) {
		json_decref(upcoming);
		page_db_error(req, pg, c, rc);
		return;
	}
	live_decorate_sessions(req->arena, upcoming);
	live_decorate_sessions(req->arena, past);
	const account *me = accounts_current(req);
	pg->model = json_pack("{s:o, s:o, s:b, s:s}", "upcoming", upcoming, "past", past, "can_schedule",
	                      me != NULL && (me->roles & (ROLE_HUMAS | ROLE_ADMIN)) != 0, "feed_atom", "/sesi/atom");
	pg->title = locale_get("live.title");
}

int live_upcoming(db *c, arena *a, int limit, json_t **out)
{
	char now[CLOCK_ISO_LEN];
	clock_iso(now, clock_now());
	int rc = live_list(c, true, now, limit, out);
	if (rc == DB_OK)
		live_decorate_sessions(a, *out);
	return rc;
}

/* Who is sending or voting: "u:<id>" for a signed-in person, else
 * "b:<hash of the browser key>", the key made (and set as a cookie) on
 * first need. NULL when out of memory. */
static const char *participant(request *req, response *res)
{
	const account *me = accounts_current(req);
	if (me != NULL)
		return arena_printf(req->arena, "u:%lld", (long long)me->id);
	unsigned char raw[TOKEN_BYTES];
	const char *key = cookie_get(req, PARTICIPANT_COOKIE);
	char fresh[TOKEN_TEXT];
	if (key == NULL || !token_parse(key, raw)) {
		token_new(raw, fresh);
		key = arena_strdup(req->arena, fresh);
		const char *name = cookie_name(req, PARTICIPANT_COOKIE);
		const char *cookie = key && name ? arena_printf(req->arena,
			"%s=%s; Path=/sesi; Max-Age=31536000; HttpOnly; SameSite=Lax%s", name, key,
			session_secure(req) ? "; Secure" : "") : NULL;
		if (cookie == NULL)
			return NULL;
		if (res != NULL)
			response_header(res, "Set-Cookie", cookie);
		http_params_add(req->arena, &req->cookies, name, key, strlen(key));
	}
	char hash[TOKEN_HASH];
	token_hash(key, hash);
	return arena_printf(req->arena, "b:%.32s", hash);
}

/* The session of the path, decorated: DB_ROW, DB_DONE, or an error. */
static int path_session(request *req, db *c, json_t **s)
{
	int rc = live_get(c, request_param_id(req), s);
	if (rc == DB_ROW)
		live_decorate_session(req->arena, *s);
	return rc;
}

/* The page model of a session for its public views. */
static int public_model(request *req, db *c, json_t *s, const char *who, json_t **out)
{
	int64_t id = json_integer_value(json_object_get(s, "id"));
	json_t *questions = NULL, *mine = NULL;
	int64_t last = 0;
	int rc = live_questions(c, id, false, &questions);
	if (rc == DB_OK && who != NULL)
		rc = db_query_json(c, "SELECT v.live_question_id AS id FROM live_votes v JOIN live_questions q "
		                      "ON q.id = v.live_question_id WHERE q.session_id = ? AND v.participant = ?",
		                   DB_ARGS(DB_INT(id), DB_TEXT(who)), &mine);
	if (rc == DB_OK) {
		rc = db_query_int(c, "SELECT coalesce(max(id), 0) FROM live_events WHERE session_id = ?",
		                  DB_ARGS(DB_INT(id)), &last);
		rc = rc == DB_ROW ? DB_OK : rc;
	}
	if (rc != DB_OK) {
		json_decref(questions);
		json_decref(mine);
		return rc;
	}
	json_t *current = live_split(req->arena, questions, json_integer_value(json_object_get(s, "current_id")), mine);
	json_t *answered = json_object_get(current, "answered");
	size_t i;
	json_t *a;
	json_array_foreach(answered, i, a) /* each answer's entry of the public record */
	{
		json_object_set_new(a, "ledger", ledger_ref(c, "live_answer", json_integer_value(json_object_get(a, "id"))));
	}
	json_t *m = json_pack("{s:o, s:O, s:O, s:O, s:I}", "session", s, "current", json_object_get(current, "current"),
	                      "questions", json_object_get(current, "open"), "answered", answered, "last_event",
	                      (json_int_t)last);
	json_object_set_new(m, "has_answered", json_boolean(json_array_size(answered) > 0));
	json_decref(current);
	json_decref(questions);
	json_decref(mine);
	*out = m;
	return DB_OK;
}

static void show(request *req, page *pg, formview *fv, unsigned status)
{
	db *c = db_thread();
	json_t *s = NULL, *m = NULL;
	int rc = c ? path_session(req, c, &s) : DB_UNAVAILABLE;
	const char *who = rc == DB_ROW ? participant(req, pg->res) : NULL;
	if (rc == DB_ROW)
		rc = public_model(req, c, s, who, &m);
	else if (rc == DB_DONE)
		rc = DB_DONE;
	if (rc != DB_OK && rc != DB_ROW) {
		json_decref(fv_model(fv));
		if (rc == DB_DONE)
			page_not_found(pg);
		else
			page_db_error(req, pg, c, rc);
		return;
	}
	json_object_set_new(m, "form", fv_model(fv));
	json_object_set_new(m, "feed_atom", json_string("/sesi/atom"));
	/* news portals may embed it (feeds.h, site/oembed.h) */
	syndicate_oembed(req->arena, m, json_string_value(json_object_get(json_object_get(m, "session"), "url")));
	const char *csrf = accounts_csrf_token(req, pg->res);
	json_object_set_new(m, "csrf_token", csrf ? json_string(csrf) : json_null());
	const char *flash = page_flash(req);
	if (flash != NULL)
		json_object_set_new(m, "flash", json_string(flash));
	pg->title = json_string_value(json_object_get(json_object_get(m, "session"), "title"));
	pg->model = m;
	pg->template = "live";
	pg->status = status;
}

void live_show_page(request *req, page *pg)
{
	formview fv;
	fv_init(&fv);
	show(req, pg, &fv, 200);
}

static void back(request *req, page *pg, const char *notice)
{
	page_redirect(pg, 303, arena_printf(req->arena, "/sesi/%lld?pesan=%s#pertanyaan",
	                                    (long long)request_param_id(req), notice));
}

int live_write(request *req, db *c, int64_t session, live_change_fn fn, const void *arg)
{
	int rc = db_begin(c, true);
	if (rc != DB_OK)
		return rc;
	json_t *outbox = json_array();
	/* one writer per session at a time on PostgreSQL, so that its events'
	 * ids are committed in the order they were given (a client replaying
	 * after Last-Event-ID would skip a smaller id committed later); SQLite
	 * has one writer anyway */
	if (db_engine() == DB_POSTGRES) {
		int64_t locked = 0;
		rc = db_query_int(c, "SELECT id FROM live_sessions WHERE id = ? FOR UPDATE",
		                  DB_ARGS(DB_INT(session)), &locked);
		rc = rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
	}
	if (rc == DB_OK)
		rc = fn(c, req, session, arg, outbox);
	if (rc == DB_OK)
		rc = db_commit(c);
	if (rc != DB_OK)
		db_rollback(c);
	else
		live_publish(session, outbox);
	json_decref(outbox);
	return rc;
}

struct ask_args {
	const char *who, *name, *body;
	bool premoderated;
};

static int do_ask(db *c, request *req, int64_t session, const void *arg, json_t *outbox)
{
	const struct ask_args *a = arg;
	const account *me = accounts_current(req);
	int64_t id;
	return live_ask(c, session, me ? me->id : 0, a->who, a->name, a->body, a->premoderated, &id, outbox);
}

void live_ask_submit(request *req, page *pg)
{
	db *c = db_thread();
	json_t *s = NULL;
	int rc = c ? path_session(req, c, &s) : DB_UNAVAILABLE;
	if (rc != DB_ROW) {
		if (rc == DB_DONE)
			page_not_found(pg);
		else
			page_db_error(req, pg, c, rc);
		return;
	}
	const account *me = accounts_current(req);
	bool anonymous_ok = json_is_true(json_object_get(s, "allow_anonymous")); /* decorated: booleans */
	const char *state = json_string_value(json_object_get(s, "state"));
	bool premoderated = json_is_true(json_object_get(s, "premoderated"));
	json_decref(s);
	formview fv;
	fv_init(&fv);
	struct ask_args a = { 0 };
	a.body = fv_text(&fv, req, "isi", 1000, "live.question_required", false);
	a.name = fv_text(&fv, req, "nama", 80, NULL, false);
	if (a.body == NULL || a.name == NULL) {
		json_decref(fv_model(&fv));
		page_fail(req, pg, "out of request memory");
		return;
	}
	if (me == NULL && !anonymous_ok)
		fv_fail(&fv, "isi", "live.sign_in_to_ask");
	if (strcmp(state, "selesai") == 0)
		fv_fail(&fv, "isi", "live.over");
	if (!fv_ok(&fv)) {
		show(req, pg, &fv, 422);
		return;
	}
	json_decref(fv_model(&fv));
	a.who = participant(req, pg->res);
	a.premoderated = premoderated;
	/* an empty name stays empty (shown as "Peserta") where the session
	 * allows it; where it does not, the account's name is shown */
	if (a.name[0] == '\0' && me != NULL && !anonymous_ok)
		a.name = me->name;
	rc = a.who ? live_write(req, c, request_param_id(req), do_ask, &a) : DB_ERROR;
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	back(req, pg, premoderated ? "sesi_menunggu" : "sesi_terkirim");
}

static int do_vote(db *c, request *req, int64_t session, const void *arg, json_t *outbox)
{
	const int64_t *id = arg;
	const char *who = participant(req, NULL);
	int rc = who ? live_vote(c, session, *id, who, outbox) : DB_ERROR;
	return rc == DB_DONE ? DB_OK : rc; /* a second vote counts once: nothing to say */
}

void live_vote_submit(request *req, page *pg)
{
	db *c = db_thread();
	const char *q = form_get(req, "pertanyaan", NULL, NULL);
	int64_t id = 0;
	if (q == NULL || !str_to_i64(str_c(q), false, &id)) {
		page_not_found(pg);
		return;
	}
	(void)participant(req, pg->res); /* the browser key, set now if new */
	int rc = c ? live_write(req, c, request_param_id(req), do_vote, &id) : DB_UNAVAILABLE;
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	back(req, pg, "sesi_didukung");
}

/* The presenter's screen and the overlay: the question being answered. */
static void current_only(request *req, page *pg, const char *template)
{
	db *c = db_thread();
	json_t *s = NULL, *m = NULL;
	int rc = c ? path_session(req, c, &s) : DB_UNAVAILABLE;
	if (rc == DB_ROW)
		rc = public_model(req, c, s, NULL, &m);
	if (rc != DB_OK) {
		if (rc == DB_DONE)
			page_not_found(pg);
		else
			page_db_error(req, pg, c, rc);
		return;
	}
	pg->title = json_string_value(json_object_get(json_object_get(m, "session"), "title"));
	pg->model = m;
	pg->template = template;
	pg->layout = "bare";
}

void live_screen_page(request *req, page *pg)
{
	current_only(req, pg, "live_screen");
}

void live_overlay_page(request *req, page *pg)
{
	current_only(req, pg, "live_overlay");
	pg->res->allow_framing = true; /* streaming software shows it in a browser source */
}

/* --- the event stream ------------------------------------------------------ */

/* What a client reconnecting with Last-Event-ID missed (stream.h). */
static int replay(const char *topic, int64_t after_id, json_t **events, void *ctx)
{
	const int64_t *session = ctx;
	db *c = db_thread();
	(void)topic;
	return c ? live_events_after(c, *session, after_id, events) : DB_UNAVAILABLE;
}

void live_stream(request *req, page *pg)
{
	db *c = db_thread();
	int64_t *session = arena_alloc(req->arena, sizeof(*session));
	int64_t found = 0;
	int rc = c == NULL ? DB_UNAVAILABLE : session == NULL ? DB_ERROR :
	         db_query_int(c, "SELECT count(*) FROM live_sessions WHERE id = ?",
	                      DB_ARGS(DB_INT(request_param_id(req))), &found);
	if (rc != DB_ROW) {
		page_db_error(req, pg, c, rc);
		return;
	}
	if (!found) {
		page_not_found(pg);
		return;
	}
	*session = request_param_id(req);
	stream_answer(req, pg, arena_printf(req->arena, "sesi/%lld", (long long)*session), replay, session);
}
