/*
 * web_account.c - the person's own account: what it holds, changing the
 * name, password and address, downloading everything, deleting it
 * (UU 27/2022 on personal data).
 */
#include <string.h>
#include <strings.h>

#include "accounts/rules.h"
#include "accounts/session.h"
#include "accounts/store.h"
#include "accounts/web.h"
#include "core/clock.h"
#include "core/str.h"
#include "accounts/device.h"
#include "view/format.h"
#include "limits/ratelimit.h"
#include "view/locale.h"

/* Adds key_label, the moment at key as a person reads it (WIB). */
void label_time(request *req, json_t *o, const char *key, const char *label_key)
{
	const char *label = format_time_wib(req->arena, json_string_value(json_object_get(o, key)));
	json_object_set_new(o, label_key, label ? json_string(label) : json_null());
}

/* The account page; `form` names the form being shown again with its
 * errors (NULL on a plain visit). */
static void show_account(request *req, page *pg, const char *form, formview *fv, unsigned status)
{
	const account *me = accounts_current(req);
	db *c = db_thread();
	json_t *sessions = NULL, *pending = NULL;
	int rc = c ? db_query_json(c,
		"SELECT created_at, last_seen_at, user_agent, CASE WHEN token_hash = ? THEN 1 ELSE 0 END AS current FROM sessions "
		"WHERE user_id = ? ORDER BY last_seen_at DESC",
		DB_ARGS(DB_TEXT(me->token_hash), DB_INT(me->id)), &sessions) : DB_UNAVAILABLE;
	if (rc == DB_OK) {
		char now[CLOCK_ISO_LEN];
		clock_iso(now, clock_now());
		rc = db_query_row_json(c,
			"SELECT new_email FROM account_tokens WHERE user_id = ? AND purpose = 'email' "
			"AND used_at IS NULL AND expires_at > ? ORDER BY created_at DESC LIMIT 1",
			DB_ARGS(DB_INT(me->id), DB_TEXT(now)), &pending);
	}
	if (rc < 0) {
		json_decref(sessions);
		page_db_error(req, pg, c, rc);
		return;
	}
	size_t i;
	json_t *s;
	json_array_foreach(sessions, i, s)
	{
		json_object_set_new(s, "current", json_boolean(json_integer_value(json_object_get(s, "current"))));
		label_time(req, s, "created_at", "created_label");
		label_time(req, s, "last_seen_at", "seen_label");
		const char *device = device_label(req->arena, json_string_value(json_object_get(s, "user_agent")));
		json_object_set_new(s, "device", device ? json_string(device) : json_null());
	}
	formview empty;
	fv_init(&empty);
	json_t *fm = fv_model(form ? fv : &empty);
	if (form != NULL)
		json_decref(fv_model(&empty));
	json_t *m = json_pack("{s:{s:s, s:s, s:b}, s:o, s:o, s:o}",
		"account", "name", me->name, "email", me->email, "verified", me->verified,
		"grants", web_grants(me), "sessions", sessions,
		"form", fm);
	json_t *nf = json_object_get(m, "form");
	json_object_set_new(m, "form_name", json_string(form ? form : ""));
	if (form != NULL)
		json_object_set_new(m, arena_printf(req->arena, "form_%s", form), json_incref(nf));
	if (pending != NULL)
		json_object_set(json_object_get(m, "account"), "pending_email",
		                json_object_get(pending, "new_email"));
	json_decref(pending);
	const char *csrf = accounts_csrf_token(req, pg->res);
	json_object_set_new(m, "csrf_token", csrf ? json_string(csrf) : json_null());
	const char *flash = web_flash(req);
	if (flash != NULL)
		json_object_set_new(m, "flash", json_string(flash));
	pg->model = m;
	pg->template = "account";
	pg->title = locale_get("account.title");
	pg->status = status;
}

void account_page(request *req, page *pg)
{
	show_account(req, pg, NULL, NULL, 200);
}

void account_name_submit(request *req, page *pg)
{
	const account *me = accounts_current(req);
	formview fv;
	fv_init(&fv);
	const char *name = fv_text(&fv, req, "name", DISPLAY_NAME_MAX, "name.required", false);
	if (name == NULL) {
		page_fail(req, pg, "out of request memory");
		return;
	}
	check_name(&fv, "name", name);
	if (!fv_ok(&fv)) {
		show_account(req, pg, "name", &fv, 422);
		return;
	}
	db *c = db_thread();
	int rc = c ? users_set_name(c, me->id, name) : DB_UNAVAILABLE;
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	page_redirect(pg, 303, "/akun?pesan=nama_diubah");
}

/* The current password, checked; false (with the field failed) when
 * wrong. Guessing it with a stolen session backs off like sign-in does. */
static bool current_password_ok(request *req, db *c, formview *fv, const char *field,
                                const char *password, int *rc)
{
	const account *me = accounts_current(req);
	const char *key = arena_printf(req->arena, "password-check:%lld", (long long)me->id);
	int64_t wait = 0, block = 0;
	*rc = key ? ratelimit_attempt(c, key, 5, &wait, &block) : DB_ERROR;
	if (*rc != DB_OK)
		return false;
	if (wait > 0) {
		fv_fail_n(fv, field, "password.blocked", (size_t)(wait + 59) / 60);
		return false;
	}
	json_t *u = NULL;
	*rc = users_by_id(c, me->id, &u);
	if (*rc < 0)
		return false;
	*rc = DB_OK;
	bool ok = password_verify(json_string_value(json_object_get(u, "password_hash")), password);
	json_decref(u);
	if (!ok)
		fv_fail(fv, field, block ? "password.wrong_blocked" : "password.wrong");
	else
		*rc = ratelimit_clear(c, key);
	return ok;
}

void account_password_submit(request *req, page *pg)
{
	const account *me = accounts_current(req);
	formview fv;
	fv_init(&fv);
	const char *current = fv_text(&fv, req, "current_password", PASSWORD_MAX, "password.current_required", true);
	const char *fresh = fv_text(&fv, req, "new_password", PASSWORD_MAX, NULL, true);
	if (current == NULL || fresh == NULL) {
		page_fail(req, pg, "out of request memory");
		return;
	}
	check_new_password(&fv, "new_password", fresh, me->email);
	db *c = db_thread();
	int rc = c ? DB_OK : DB_UNAVAILABLE;
	if (c != NULL && fv_ok(&fv))
		current_password_ok(req, c, &fv, "current_password", current, &rc);
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	if (!fv_ok(&fv)) {
		show_account(req, pg, "password", &fv, 422);
		return;
	}
	char hash[PASSWORD_HASH];
	if (password_hash(fresh, hash) != 0) {
		page_fail(req, pg, "password hashing failed (out of memory)");
		return;
	}
	rc = db_begin(c, true);
	if (rc == DB_OK)
		rc = users_set_password(c, me->id, hash);
	if (rc == DB_OK) /* every other device signs in again */
		rc = session_end_all(c, me->id, me->token_hash);
	if (rc == DB_OK) /* and links mailed before (reset, change of address) die */
		rc = tokens_drop(c, me->id, NULL);
	if (rc == DB_OK)
		rc = audit_add(c, me->id, "password.change", me->id, "");
	if (rc == DB_OK)
		rc = web_mail(req, c, me->email, me->name, "mail.password_changed.subject",
		              "mail.password_changed.body", web_link(req, "/lupa-sandi", NULL));
	rc = web_commit(c, rc);
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	page_redirect(pg, 303, "/akun?pesan=sandi_diubah");
}

void account_email_submit(request *req, page *pg)
{
	const account *me = accounts_current(req);
	formview fv;
	fv_init(&fv);
	const char *email = fv_text(&fv, req, "new_email", EMAIL_MAX, "email.required", false);
	const char *password = fv_text(&fv, req, "email_password", PASSWORD_MAX, "password.current_required", true);
	if (email == NULL || password == NULL) {
		page_fail(req, pg, "out of request memory");
		return;
	}
	check_email(&fv, "new_email", email);
	if (fv_ok(&fv) && strcasecmp(email, me->email) == 0)
		fv_fail(&fv, "new_email", "email.same");
	db *c = db_thread();
	json_t *other = NULL;
	int rc = c ? DB_OK : DB_UNAVAILABLE;
	if (c != NULL && fv_ok(&fv)) {
		rc = users_by_email(c, email, &other);
		json_decref(other);
		if (rc == DB_ROW)
			fv_fail(&fv, "new_email", "email.taken");
		rc = rc < 0 ? rc : DB_OK;
	}
	if (rc == DB_OK && fv_ok(&fv))
		current_password_ok(req, c, &fv, "email_password", password, &rc);
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	if (!fv_ok(&fv)) {
		show_account(req, pg, "email", &fv, 422);
		return;
	}
	char token[TOKEN_TEXT];
	rc = db_begin(c, true);
	if (rc == DB_OK)
		rc = tokens_drop(c, me->id, "email");
	if (rc == DB_OK)
		rc = tokens_issue(c, me->id, "email", email, TOKEN_EMAIL_TTL, token);
	if (rc == DB_OK)
		rc = web_mail(req, c, email, me->name, "mail.email_confirm.subject",
		              "mail.email_confirm.body", web_link(req, "/akun/email/konfirmasi", token));
	if (rc == DB_OK) /* the old address hears of it, in case it was not them */
		rc = web_mail(req, c, me->email, me->name, "mail.email_change_notice.subject",
		              "mail.email_change_notice.body", web_link(req, "/akun", NULL));
	rc = web_commit(c, rc);
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	page_redirect(pg, 303, "/akun?pesan=email_dikirim");
}

void account_email_confirm_page(request *req, page *pg)
{
	web_confirm_page(req, pg, "email", "/akun/email/konfirmasi", "email_confirm");
}

void account_email_confirm_submit(request *req, page *pg)
{
	db *c = db_thread();
	json_t *t = NULL;
	const char *token = form_get(req, "token", NULL, NULL);
	int rc = c ? db_begin(c, true) : DB_UNAVAILABLE;
	if (rc == DB_OK)
		rc = tokens_use(c, token ? token : "", "email", &t);
	if (rc == DB_ROW) {
		int64_t id = json_integer_value(json_object_get(t, "user_id"));
		rc = users_set_email(c, id, json_string_value(json_object_get(t, "new_email")));
		/* a new address is a new owner of the account's links and devices:
		 * every other session ends, every other link dies */
		const account *me = accounts_current(req);
		if (rc == DB_OK)
			rc = session_end_all(c, id, me && me->id == id ? me->token_hash : NULL);
		if (rc == DB_OK)
			rc = tokens_drop(c, id, NULL);
		if (rc == DB_OK)
			rc = audit_add(c, id, "email.change", id, "");
	}
	json_decref(t);
	if (rc == DB_DONE || rc == DB_CONSTRAINT) {
		db_rollback(c);
		web_notice(req, pg, 400, "email_confirm.title",
		           rc == DB_DONE ? "email_confirm.invalid" : "email_confirm.taken", "/akun",
		           "verify.to_account");
		return;
	}
	if (c != NULL)
		rc = web_commit(c, rc);
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	web_notice(req, pg, 200, "email_confirm.title", "email_confirm.done", "/akun", "verify.to_account");
}

/* Everything terbuka holds about the person, as one JSON file. */
void account_data_download(request *req, page *pg)
{
	const account *me = accounts_current(req);
	db *c = db_thread();
	json_t *user = NULL, *sessions = NULL, *audit = NULL;
	int rc = c ? users_by_id(c, me->id, &user) : DB_UNAVAILABLE;
	if (rc == DB_ROW)
		rc = db_query_json(c,
			"SELECT created_at, last_seen_at, expires_at, user_agent FROM sessions "
			"WHERE user_id = ? ORDER BY created_at", DB_ARGS(DB_INT(me->id)), &sessions);
	if (rc == DB_OK)
		rc = db_query_json(c,
			"SELECT at, action, detail, CASE WHEN actor_id = ? THEN 1 ELSE 0 END AS by_me FROM audit_log "
			"WHERE target_user_id = ? OR actor_id = ? ORDER BY id",
			DB_ARGS(DB_INT(me->id), DB_INT(me->id), DB_INT(me->id)), &audit);
	if (rc != DB_OK) {
		json_decref(user);
		json_decref(sessions);
		page_db_error(req, pg, c, rc == DB_DONE ? DB_ERROR : rc);
		return;
	}
	json_object_del(user, "password_hash");
	json_t *pending = NULL;
	char now[CLOCK_ISO_LEN];
	clock_iso(now, clock_now());
	rc = db_query_json(c,
		"SELECT purpose, new_email, created_at, expires_at FROM account_tokens "
		"WHERE user_id = ? AND used_at IS NULL AND expires_at > ? ORDER BY created_at",
		DB_ARGS(DB_INT(me->id), DB_TEXT(now)), &pending);
	if (rc != DB_OK) {
		json_decref(user);
		json_decref(sessions);
		json_decref(audit);
		page_db_error(req, pg, c, rc);
		return;
	}
	pg->model = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o}", "exported_at", now, "account", user,
	                      "roles", web_grants(me), "sessions", sessions, "audit", audit,
	                      "pending_links", pending);
	pg->json_only = true;
	response_header(pg->res, "Content-Disposition", "attachment; filename=\"data-akun.json\"");
}

void account_delete_page(request *req, page *pg)
{
	formview fv;
	fv_init(&fv);
	web_form(req, pg, "account_delete", "account_delete.title", &fv, 200);
}

void account_delete_submit(request *req, page *pg)
{
	const account *me = accounts_current(req);
	formview fv;
	fv_init(&fv);
	const char *password = fv_text(&fv, req, "current_password", PASSWORD_MAX, "password.current_required", true);
	if (password == NULL) {
		page_fail(req, pg, "out of request memory");
		return;
	}
	db *c = db_thread();
	int rc = c ? DB_OK : DB_UNAVAILABLE;
	if (c != NULL && fv_ok(&fv))
		current_password_ok(req, c, &fv, "current_password", password, &rc);
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	if (!fv_ok(&fv)) {
		web_form(req, pg, "account_delete", "account_delete.title", &fv, 422);
		return;
	}
	rc = db_begin(c, true);
	if (rc == DB_OK)
		rc = users_erase(c, me->id);
	if (rc == DB_OK)
		rc = audit_add(c, me->id, "account.delete", me->id, "");
	rc = web_commit(c, rc);
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	req->user = NULL;
	session_cookie(req, pg->res, NULL, false);
	web_notice(req, pg, 200, "account_delete.title", "account_delete.done", "/", "account_delete.home");
}
