/*
 * web_sign.c - signing in and out, registering, verifying an address and
 * resetting a forgotten password.
 *
 * Sign-in and reset answer the same whether an address has an account or
 * not (and take as long), so neither tells a stranger who is registered.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "accounts/rules.h"
#include "accounts/session.h"
#include "accounts/store.h"
#include "accounts/web.h"
#include "core/log.h"
#include "core/str.h"
#include "limits/ratelimit.h"
#include "view/locale.h"

#define LOGIN_FREE_FAILURES 5

/* --- sign in ------------------------------------------------------------- */

void login_page(request *req, page *pg)
{
	formview fv;
	fv_init(&fv);
	fv_keep(&fv, "lanjut", web_next(req, http_params_get(&req->query, "lanjut")));
	web_form(req, pg, "login", "login.title", &fv, 200);
}

/* Signs the person in: a fresh session (any old one of this browser ends,
 * so a planted token is worthless), then on to where they were going. */
static void sign_in(request *req, page *pg, db *c, int64_t user, const char *next, bool remember)
{
	char token[TOKEN_TEXT];
	const account *old = accounts_current(req);
	int rc = old ? session_end(c, old->token_hash) : DB_OK;
	if (rc == DB_OK)
		rc = session_start(c, user, web_user_agent(req), token);
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	session_cookie(req, pg->res, token, remember);
	page_redirect(pg, 303, next);
}

/* The stored hash is re-made when the parameters have changed. */
static void maybe_rehash(request *req, db *c, int64_t user, const char *hash, const char *password)
{
	char fresh[PASSWORD_HASH];
	if (!password_needs_rehash(hash) || password_hash(password, fresh) != 0)
		return;
	if (users_set_password(c, user, fresh) != DB_OK)
		log_error(req->id, "password rehash failed: %s", db_errmsg(c));
}

/* The sign-in form again with one message on the address field. */
static void login_again(request *req, page *pg, formview *fv, const char *key, int64_t wait,
                        unsigned status)
{
	if (wait > 0)
		fv_fail_n(fv, "email", key, (size_t)(wait + 59) / 60);
	else
		fv_fail(fv, "email", key);
	web_form(req, pg, "login", "login.title", fv, status);
	if (status == 429)
		accounts_too_many(req, pg, wait), pg->error = NULL;
}

void login_submit(request *req, page *pg)
{
	formview fv;
	fv_init(&fv);
	const char *email = fv_text(&fv, req, "email", EMAIL_MAX, "login.email_required", false);
	const char *password = fv_text(&fv, req, "password", PASSWORD_MAX, "login.password_required", true);
	const char *next = web_next(req, form_get(req, "lanjut", NULL, NULL));
	bool remember = form_get(req, "ingat", NULL, NULL) != NULL;
	fv_keep(&fv, "lanjut", next);
	if (remember)
		fv_keep(&fv, "ingat", "1");
	if (email == NULL || password == NULL) {
		page_fail(req, pg, "out of request memory");
		return;
	}
	if (!fv_ok(&fv)) {
		web_form(req, pg, "login", "login.title", &fv, 422);
		return;
	}
	char key[EMAIL_MAX + 1];
	if (!email_valid(email, strlen(email)) || !email_key(email, strlen(email), key, sizeof(key))) {
		password_burn(password); /* no account can have it: answer as for any other */
		login_again(req, pg, &fv, "login.wrong", 0, 422);
		return;
	}
	db *c = db_thread();
	const char *limit_key = arena_printf(req->arena, "login:%s", key);
	int64_t wait = 0, block = 0;
	/* counted before the password is checked, so parallel guesses cannot
	 * get more than LOGIN_FREE_FAILURES checks */
	int rc = c ? ratelimit_attempt(c, limit_key, LOGIN_FREE_FAILURES, &wait, &block) : DB_UNAVAILABLE;
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	if (wait > 0) {
		login_again(req, pg, &fv, "login.blocked", wait, 429);
		return;
	}
	json_t *u = NULL;
	rc = users_by_email(c, email, &u);
	if (rc < 0) {
		page_db_error(req, pg, c, rc);
		return;
	}
	const char *hash = json_string_value(json_object_get(u, "password_hash"));
	bool ok = hash != NULL && password_verify(hash, password);
	if (hash == NULL)
		password_burn(password);
	if (!ok) {
		json_decref(u);
		login_again(req, pg, &fv, block ? "login.blocked" : "login.wrong", block, block ? 429 : 422);
		return;
	}
	int64_t id = json_integer_value(json_object_get(u, "id"));
	if (json_is_string(json_object_get(u, "disabled_at"))) {
		json_decref(u);
		login_again(req, pg, &fv, "login.disabled", 0, 403);
		return;
	}
	maybe_rehash(req, c, id, hash, password);
	json_decref(u);
	if ((rc = ratelimit_clear(c, limit_key)) != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	sign_in(req, pg, c, id, next, remember);
}

/* --- sign out ------------------------------------------------------------ */

void logout_page(request *req, page *pg)
{
	if (accounts_current(req) == NULL) {
		page_redirect(pg, 303, "/");
		return;
	}
	formview fv;
	fv_init(&fv);
	web_form(req, pg, "logout", "logout.title", &fv, 200);
}

void logout_submit(request *req, page *pg)
{
	const account *me = accounts_current(req);
	if (me != NULL) {
		db *c = db_thread();
		int rc = c ? session_end(c, me->token_hash) : DB_UNAVAILABLE;
		if (rc != DB_OK) {
			page_db_error(req, pg, c, rc);
			return;
		}
	}
	session_cookie(req, pg->res, NULL, false);
	page_redirect(pg, 303, "/?pesan=keluar");
}

void logout_all_submit(request *req, page *pg)
{
	const account *me = accounts_current(req);
	db *c = db_thread();
	int rc = c ? session_end_all(c, me->id, NULL) : DB_UNAVAILABLE;
	if (rc == DB_OK)
		rc = audit_add(c, me->id, "sessions.end_all", me->id, "");
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	session_cookie(req, pg->res, NULL, false);
	page_redirect(pg, 303, "/masuk?pesan=keluar_semua");
}

/* --- register ------------------------------------------------------------ */

void register_page(request *req, page *pg)
{
	formview fv;
	fv_init(&fv);
	web_form(req, pg, "register", "register.title", &fv, 200);
}

/* The checks every new password passes (register, reset, change). */
void check_new_password(formview *fv, const char *field, const char *password, const char *email)
{
	if (json_object_get(fv->error, field) == NULL) {
		size_t n = utf8_length(password, strlen(password));
		if (n == 0)
			fv_fail(fv, field, "password.required");
		else if (n < PASSWORD_MIN)
			fv_fail_n(fv, field, "password.too_short", PASSWORD_MIN);
		else if (email != NULL && strcasecmp(password, email) == 0)
			fv_fail(fv, field, "password.is_email");
	}
}

/* A display name: long enough, and only text. */
void check_name(formview *fv, const char *field, const char *name)
{
	if (name[0] == '\0' || json_object_get(fv->error, field) != NULL)
		return;
	if (utf8_length(name, strlen(name)) < DISPLAY_NAME_MIN)
		fv_fail_n(fv, field, "name.too_short", DISPLAY_NAME_MIN);
	else if (!name_clean(name, strlen(name)))
		fv_fail(fv, field, "name.bad_chars");
}

/* Address and name of a new account or a changed one. */
void check_email(formview *fv, const char *field, const char *email)
{
	if (email[0] != '\0' && json_object_get(fv->error, field) == NULL &&
	    !email_valid(email, strlen(email)))
		fv_fail(fv, field, "email.invalid");
}

void register_submit(request *req, page *pg)
{
	formview fv;
	fv_init(&fv);
	const char *email = fv_text(&fv, req, "email", EMAIL_MAX, "email.required", false);
	const char *name = fv_text(&fv, req, "name", DISPLAY_NAME_MAX, "name.required", false);
	const char *password = fv_text(&fv, req, "password", PASSWORD_MAX, NULL, true);
	if (email == NULL || name == NULL || password == NULL) {
		page_fail(req, pg, "out of request memory");
		return;
	}
	check_email(&fv, "email", email);
	check_name(&fv, "name", name);
	check_new_password(&fv, "password", password, email);
	db *c = db_thread();
	if (c == NULL) {
		page_db_error(req, pg, NULL, DB_UNAVAILABLE);
		return;
	}
	json_t *existing = NULL;
	int rc = json_object_get(fv.error, "email") ? DB_DONE : users_by_email(c, email, &existing);
	json_decref(existing);
	if (rc < 0) {
		page_db_error(req, pg, c, rc);
		return;
	}
	if (rc == DB_ROW)
		fv_fail(&fv, "email", "email.taken");
	if (!fv_ok(&fv)) {
		web_form(req, pg, "register", "register.title", &fv, 422);
		return;
	}
	char hash[PASSWORD_HASH], verify[TOKEN_TEXT], token[TOKEN_TEXT];
	if (password_hash(password, hash) != 0) {
		page_fail(req, pg, "password hashing failed (out of memory)");
		return;
	}
	int64_t id = 0;
	rc = db_begin(c, true);
	if (rc == DB_OK)
		rc = users_create(c, email, name, hash, &id);
	if (rc == DB_OK)
		rc = tokens_issue(c, id, "verify", NULL, TOKEN_VERIFY_TTL, verify);
	/* the name is the registrant's own text: it is not put in mail to an
	 * address nobody has verified yet */
	if (rc == DB_OK)
		rc = web_mail(req, c, email, NULL, "mail.verify.subject", "mail.verify.body",
		              web_link(req, "/akun/verifikasi", verify));
	const account *old = accounts_current(req);
	if (rc == DB_OK && old != NULL)
		rc = session_end(c, old->token_hash);
	if (rc == DB_OK)
		rc = session_start(c, id, web_user_agent(req), token);
	rc = web_commit(c, rc);
	if (rc == DB_CONSTRAINT) { /* registered a moment ago by someone else */
		fv_fail(&fv, "email", "email.taken");
		web_form(req, pg, "register", "register.title", &fv, 422);
		return;
	}
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	session_cookie(req, pg->res, token, false);
	page_redirect(pg, 303, "/akun?pesan=terdaftar");
}

/* --- verify the address -------------------------------------------------- */

/* A link from a mail opens a page with one button; only the button (a
 * POST) uses the token, so a mail scanner that fetches links cannot use
 * it up before the person clicks. */
void web_confirm_page(request *req, page *pg, const char *purpose, const char *action,
                      const char *what)
{
	const char *token = http_params_get(&req->query, "token");
	db *c = db_thread();
	int rc = c ? tokens_check(c, token ? token : "", purpose) : DB_UNAVAILABLE;
	if (rc < 0) {
		page_db_error(req, pg, c, rc);
		return;
	}
	char title[64], lead[64], button[64], invalid[64];
	snprintf(title, sizeof(title), "%s.title", what);
	snprintf(lead, sizeof(lead), "%s.lead", what);
	snprintf(button, sizeof(button), "%s.submit", what);
	snprintf(invalid, sizeof(invalid), "%s.invalid", what);
	if (rc == DB_DONE) {
		web_notice(req, pg, 400, title, invalid, "/akun", "verify.to_account");
		return;
	}
	formview fv;
	fv_init(&fv);
	fv_keep(&fv, "token", token);
	web_form(req, pg, "confirm", title, &fv, 200);
	pg->res->no_referrer = true; /* the token is in this page's URL */
	json_object_set_new(pg->model, "confirm", json_pack("{s:s, s:s, s:s}", "action", action,
		"lead", locale_get(lead), "submit", locale_get(button)));
}

void verify_email_page(request *req, page *pg)
{
	web_confirm_page(req, pg, "verify", "/akun/verifikasi", "verify");
}

void verify_email_submit(request *req, page *pg)
{
	db *c = db_thread();
	json_t *t = NULL;
	const char *token = form_get(req, "token", NULL, NULL);
	int rc = c ? db_begin(c, true) : DB_UNAVAILABLE;
	if (rc == DB_OK)
		rc = tokens_use(c, token ? token : "", "verify", &t);
	if (rc == DB_ROW)
		rc = users_set_verified(c, json_integer_value(json_object_get(t, "user_id")));
	json_decref(t);
	if (rc == DB_DONE) {
		db_rollback(c);
		web_notice(req, pg, 400, "verify.title", "verify.invalid", "/akun", "verify.to_account");
		return;
	}
	if (c != NULL)
		rc = web_commit(c, rc);
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	web_notice(req, pg, 200, "verify.title", "verify.done", "/akun", "verify.to_account");
}

void verify_resend_submit(request *req, page *pg)
{
	const account *me = accounts_current(req);
	if (me->verified) {
		page_redirect(pg, 303, "/akun?pesan=sudah_terverifikasi");
		return;
	}
	db *c = db_thread();
	char verify[TOKEN_TEXT];
	int rc = c ? db_begin(c, true) : DB_UNAVAILABLE;
	if (rc == DB_OK)
		rc = tokens_drop(c, me->id, "verify");
	if (rc == DB_OK)
		rc = tokens_issue(c, me->id, "verify", NULL, TOKEN_VERIFY_TTL, verify);
	if (rc == DB_OK)
		rc = web_mail(req, c, me->email, NULL, "mail.verify.subject", "mail.verify.body",
		              web_link(req, "/akun/verifikasi", verify));
	if (c != NULL)
		rc = web_commit(c, rc);
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	page_redirect(pg, 303, "/akun?pesan=verifikasi_dikirim");
}

/* --- forgotten password ------------------------------------------------- */

void forgot_page(request *req, page *pg)
{
	formview fv;
	fv_init(&fv);
	web_form(req, pg, "forgot", "forgot.title", &fv, 200);
}

/* Sends a reset link when the address has an active account; at most
 * three an hour per address, silently (the answer never differs). */
static int send_reset(request *req, db *c, const char *email)
{
	char key[EMAIL_MAX + 1], token[TOKEN_TEXT];
	int64_t wait = 0;
	if (!email_key(email, strlen(email), key, sizeof(key)))
		return DB_OK; /* cannot be an account's address */
	int rc = ratelimit_hit(c, arena_printf(req->arena, "reset:%s", key), 3, 3600, &wait);
	if (rc != DB_OK || wait > 0)
		return rc;
	json_t *u = NULL;
	rc = users_by_email(c, email, &u);
	if (rc != DB_ROW || json_is_string(json_object_get(u, "disabled_at"))) {
		json_decref(u);
		return rc < 0 ? rc : DB_OK;
	}
	int64_t id = json_integer_value(json_object_get(u, "id"));
	const char *name = arena_strdup(req->arena, json_string_value(json_object_get(u, "display_name")));
	const char *to = arena_strdup(req->arena, json_string_value(json_object_get(u, "email")));
	json_decref(u);
	rc = db_begin(c, true);
	if (rc == DB_OK)
		rc = tokens_issue(c, id, "reset", NULL, TOKEN_RESET_TTL, token);
	if (rc == DB_OK)
		rc = web_mail(req, c, to, name, "mail.reset.subject", "mail.reset.body",
		              web_link(req, "/atur-sandi", token));
	return web_commit(c, rc);
}

void forgot_submit(request *req, page *pg)
{
	formview fv;
	fv_init(&fv);
	const char *email = fv_text(&fv, req, "email", EMAIL_MAX, "email.required", false);
	if (email == NULL) {
		page_fail(req, pg, "out of request memory");
		return;
	}
	check_email(&fv, "email", email);
	if (!fv_ok(&fv)) {
		web_form(req, pg, "forgot", "forgot.title", &fv, 422);
		return;
	}
	db *c = db_thread();
	int rc = c ? send_reset(req, c, email) : DB_UNAVAILABLE;
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	web_notice(req, pg, 200, "forgot.title", "forgot.sent", "/masuk", "forgot.to_login");
}

/* --- a new password from the link -------------------------------------- */

void reset_page(request *req, page *pg)
{
	const char *token = http_params_get(&req->query, "token");
	db *c = db_thread();
	int rc = c ? tokens_check(c, token ? token : "", "reset") : DB_UNAVAILABLE;
	if (rc < 0) {
		page_db_error(req, pg, c, rc);
		return;
	}
	if (rc == DB_DONE) {
		web_notice(req, pg, 400, "reset.title", "reset.invalid", "/lupa-sandi", "reset.again");
		return;
	}
	formview fv;
	fv_init(&fv);
	fv_keep(&fv, "token", token);
	web_form(req, pg, "reset", "reset.title", &fv, 200);
	pg->res->no_referrer = true; /* the token is in this page's URL */
}

void reset_submit(request *req, page *pg)
{
	formview fv;
	fv_init(&fv);
	const char *token = fv_text(&fv, req, "token", TOKEN_TEXT, NULL, false);
	const char *password = fv_text(&fv, req, "password", PASSWORD_MAX, NULL, true);
	if (token == NULL || password == NULL) {
		page_fail(req, pg, "out of request memory");
		return;
	}
	check_new_password(&fv, "password", password, NULL);
	if (!fv_ok(&fv)) {
		web_form(req, pg, "reset", "reset.title", &fv, 422);
		return;
	}
	char hash[PASSWORD_HASH], session[TOKEN_TEXT];
	if (password_hash(password, hash) != 0) {
		page_fail(req, pg, "password hashing failed (out of memory)");
		return;
	}
	db *c = db_thread();
	json_t *t = NULL, *u = NULL;
	int64_t id = 0;
	int rc = c ? db_begin(c, true) : DB_UNAVAILABLE;
	if (rc == DB_OK)
		rc = tokens_use(c, token, "reset", &t);
	if (rc == DB_ROW) {
		id = json_integer_value(json_object_get(t, "user_id"));
		rc = users_by_id(c, id, &u);
	}
	if (rc == DB_ROW && (json_is_string(json_object_get(u, "disabled_at")) ||
	                     json_is_string(json_object_get(u, "deleted_at"))))
		rc = DB_DONE;
	json_decref(t);
	json_decref(u);
	if (rc == DB_DONE) {
		db_rollback(c);
		web_notice(req, pg, 400, "reset.title", "reset.invalid", "/lupa-sandi", "reset.again");
		return;
	}
	if (rc == DB_ROW)
		rc = users_set_password(c, id, hash);
	/* the link proved the mailbox; every old session ends */
	if (rc == DB_OK)
		rc = users_set_verified(c, id);
	if (rc == DB_OK) /* links sent before (reset, change of address) die with the old password */
		rc = tokens_drop(c, id, NULL);
	if (rc == DB_OK)
		rc = session_end_all(c, id, NULL);
	if (rc == DB_OK)
		rc = audit_add(c, id, "password.reset", id, "");
	if (rc == DB_OK)
		rc = session_start(c, id, web_user_agent(req), session);
	if (c != NULL)
		rc = web_commit(c, rc);
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	session_cookie(req, pg->res, session, false);
	page_redirect(pg, 303, "/akun?pesan=sandi_diatur");
}
