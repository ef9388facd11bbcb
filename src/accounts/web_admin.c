/*
 * web_admin.c - administering people: find them, give and take roles,
 * disable an account (its sessions end at once); every change goes into
 * the audit log. And the desk of an agency's officers.
 */
#include <stdio.h>
#include <string.h>

#include "accounts/session.h"
#include "accounts/store.h"
#include "accounts/web.h"
#include "agencies/agencies.h"
#include "core/str.h"
#include "view/locale.h"

#define PAGE_SIZE 50

static json_t *grants_of(db *c, int64_t user, int *rc)
{
	json_t *g = NULL;
	*rc = db_query_json(c,
		"SELECT r.id, r.role, a.slug AS agency, a.name AS agency_name FROM user_roles r "
		"LEFT JOIN agencies a ON a.id = r.agency_id WHERE r.user_id = ? ORDER BY r.id",
		DB_ARGS(DB_INT(user)), &g);
	size_t i;
	json_t *x;
	json_array_foreach(g, i, x)
	{
		char key[32];
		snprintf(key, sizeof(key), "role.%s", json_string_value(json_object_get(x, "role")));
		json_object_set_new(x, "label", json_string(locale_get(key)));
	}
	return g;
}

void admin_users_page(request *req, page *pg)
{
	const char *q = http_params_get(&req->query, "q");
	const char *p = http_params_get(&req->query, "halaman");
	int64_t pageno = 1;
	if (p != NULL && (!str_to_i64(str_c(p), false, &pageno) || pageno < 1 || pageno > 100000))
		pageno = 1;
	if (q == NULL || utf8_length(q, strlen(q)) > 100)
		q = "";
	const char *like = db_like_contains(req->arena, q);
	db *c = db_thread();
	json_t *rows = NULL;
	int rc = c && like ? db_query_json(c,
		"SELECT id, email, display_name, CASE WHEN email_verified_at IS NULL THEN 0 ELSE 1 END AS verified, "
		"disabled_at, created_at FROM users WHERE deleted_at IS NULL "
		"AND (email_key LIKE ? ESCAPE '\\' OR lower(display_name) LIKE ? ESCAPE '\\') "
		"ORDER BY id DESC LIMIT ? OFFSET ?",
		DB_ARGS(DB_TEXT(like), DB_TEXT(like), DB_INT(PAGE_SIZE + 1),
		        DB_INT((pageno - 1) * PAGE_SIZE)), &rows) : DB_UNAVAILABLE;
	size_t i;
	json_t *u;
	json_array_foreach(rows, i, u)
	{
		if (rc != DB_OK)
			break;
		json_object_set_new(u, "grants", grants_of(c, json_integer_value(json_object_get(u, "id")), &rc));
		json_object_set_new(u, "url", json_string(arena_printf(req->arena, "/admin/pengguna/%lld",
			(long long)json_integer_value(json_object_get(u, "id")))));
		json_object_set_new(u, "disabled", json_boolean(json_is_string(json_object_get(u, "disabled_at"))));
	}
	if (rc != DB_OK) {
		json_decref(rows);
		page_db_error(req, pg, c, rc);
		return;
	}
	bool more = json_array_size(rows) > PAGE_SIZE;
	if (more)
		json_array_remove(rows, PAGE_SIZE);
	json_t *m = json_pack("{s:o, s:s, s:I}", "users", rows, "q", q, "page", (json_int_t)pageno);
	http_params np = { 0 };
	if (q[0] != '\0')
		http_params_add(req->arena, &np, "q", q, strlen(q));
	if (more) {
		http_params nx = np;
		const char *n = arena_printf(req->arena, "%lld", (long long)pageno + 1);
		http_params_add(req->arena, &nx, "halaman", n, strlen(n));
		json_object_set_new(m, "next", json_string(arena_printf(req->arena, "/admin/pengguna?%s",
			http_query_encode(req->arena, &nx))));
	}
	if (pageno > 1) {
		const char *n = arena_printf(req->arena, "%lld", (long long)pageno - 1);
		http_params_add(req->arena, &np, "halaman", n, strlen(n));
		json_object_set_new(m, "prev", json_string(arena_printf(req->arena, "/admin/pengguna?%s",
			http_query_encode(req->arena, &np))));
	}
	pg->model = m;
	pg->title = locale_get("admin_users.title");
}

/* The admin page of one person; fv holds the grant form's errors. */
static void show_user(request *req, page *pg, formview *fv, unsigned status)
{
	int64_t id = request_param_id(req);
	db *c = db_thread();
	json_t *u = NULL, *agencies = NULL, *audit = NULL, *grants = NULL;
	int64_t nsessions = 0;
	int rc = c ? users_by_id(c, id, &u) : DB_UNAVAILABLE;
	if (rc == DB_ROW && json_is_string(json_object_get(u, "deleted_at")))
		rc = DB_DONE;
	if (rc == DB_DONE) {
		json_decref(u);
		page_not_found(pg);
		return;
	}
	if (rc == DB_ROW)
		grants = grants_of(c, id, &rc);
	if (rc == DB_OK)
		rc = db_query_json(c, "SELECT slug, name FROM agencies ORDER BY sort_order, name",
		                   DB_NOARGS, &agencies);
	if (rc == DB_OK)
		rc = db_query_json(c,
			"SELECT l.at, l.action, l.detail, coalesce(a.display_name, '') AS actor "
			"FROM audit_log l LEFT JOIN users a ON a.id = l.actor_id "
			"WHERE l.target_user_id = ? ORDER BY l.id DESC LIMIT 100",
			DB_ARGS(DB_INT(id)), &audit);
	if (rc == DB_OK)
		rc = db_query_int(c, "SELECT count(*) FROM sessions WHERE user_id = ?",
		                  DB_ARGS(DB_INT(id)), &nsessions) == DB_ROW ? DB_OK : DB_ERROR;
	if (rc != DB_OK) {
		json_decref(u);
		json_decref(grants);
		json_decref(agencies);
		page_db_error(req, pg, c, rc);
		return;
	}
	json_object_del(u, "password_hash");
	json_object_set_new(u, "disabled", json_boolean(json_is_string(json_object_get(u, "disabled_at"))));
	json_object_set_new(u, "verified", json_boolean(json_is_string(json_object_get(u, "email_verified_at"))));
	json_object_set_new(u, "sessions", json_integer(nsessions));
	label_time(req, u, "created_at", "created_label");
	size_t k;
	json_t *entry;
	json_array_foreach(audit, k, entry)
	{
		label_time(req, entry, "at", "at_label");
	}
	json_object_set_new(u, "url", json_string(arena_printf(req->arena, "/admin/pengguna/%lld", (long long)id)));
	json_t *roles = json_array();
	static const char *const all[] = { "warga", "petugas", "ppid", "humas", "admin" };
	for (size_t i = 0; i < 5; i++) {
		char key[32];
		snprintf(key, sizeof(key), "role.%s", all[i]);
		json_array_append_new(roles, json_pack("{s:s, s:s}", "value", all[i], "label", locale_get(key)));
	}
	const account *me = accounts_current(req);
	json_t *m = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:b}", "user", u, "grants", grants,
	                      "agencies", agencies, "roles", roles, "audit", audit, "form", fv_model(fv),
	                      "is_self", me->id == id);
	const char *csrf = accounts_csrf_token(req, pg->res);
	json_object_set_new(m, "csrf_token", csrf ? json_string(csrf) : json_null());
	const char *flash = web_flash(req);
	if (flash != NULL)
		json_object_set_new(m, "flash", json_string(flash));
	json_decref(pg->model);
	pg->model = m;
	pg->template = "admin_user";
	pg->title = json_string_value(json_object_get(u, "display_name"));
	pg->status = status;
}

void admin_user_page(request *req, page *pg)
{
	formview fv;
	fv_init(&fv);
	show_user(req, pg, &fv, 200);
}

/* After a change: back to the person's page with a notice. */
static void back_to_user(request *req, page *pg, const char *notice)
{
	page_redirect(pg, 303, arena_printf(req->arena, "/admin/pengguna/%lld?pesan=%s",
	                                    (long long)request_param_id(req), notice));
}

/* The target exists and is not deleted: DB_ROW, DB_DONE, or an error. */
static int target_exists(db *c, int64_t id)
{
	int64_t one;
	return db_query_int(c, "SELECT 1 FROM users WHERE id = ? AND deleted_at IS NULL",
	                    DB_ARGS(DB_INT(id)), &one);
}

void admin_user_grant_submit(request *req, page *pg)
{
	const account *me = accounts_current(req);
	int64_t id = request_param_id(req);
	formview fv;
	fv_init(&fv);
	const char *role = fv_text(&fv, req, "role", 20, "grant.role_required", false);
	const char *slug = fv_text(&fv, req, "agency", 100, NULL, false);
	if (role == NULL || slug == NULL) {
		page_fail(req, pg, "out of request memory");
		return;
	}
	unsigned r = role_parse(role);
	if (role[0] != '\0' && r == 0)
		fv_fail(&fv, "role", "grant.role_unknown");
	if (r == ROLE_PETUGAS && slug[0] == '\0')
		fv_fail(&fv, "agency", "grant.agency_required");
	db *c = db_thread();
	int64_t agency = 0;
	int rc = c ? target_exists(c, id) : DB_UNAVAILABLE;
	if (rc == DB_DONE) {
		page_not_found(pg);
		return;
	}
	rc = rc == DB_ROW ? DB_OK : rc;
	bool scoped = r == ROLE_PETUGAS || r == ROLE_PPID;
	if (rc == DB_OK && fv_ok(&fv) && scoped && slug[0] != '\0') {
		rc = agencies_id(c, slug, &agency);
		if (rc == DB_DONE)
			fv_fail(&fv, "agency", "grant.agency_unknown");
		rc = rc < 0 ? rc : DB_OK;
	}
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	if (!fv_ok(&fv)) {
		show_user(req, pg, &fv, 422);
		return;
	}
	rc = db_begin(c, true);
	if (rc == DB_OK)
		rc = grants_add(c, id, role, scoped ? agency : 0);
	if (rc == DB_OK)
		rc = audit_add(c, me->id, "role.grant", id,
		               arena_printf(req->arena, "%s%s%s", role, agency ? " " : "", agency ? slug : ""));
	rc = web_commit(c, rc);
	if (rc == DB_CONSTRAINT) {
		fv_fail(&fv, "role", "grant.exists");
		show_user(req, pg, &fv, 422);
		return;
	}
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	back_to_user(req, pg, "peran_ditambah");
}

void admin_user_revoke_submit(request *req, page *pg)
{
	const account *me = accounts_current(req);
	int64_t id = request_param_id(req);
	formview fv;
	fv_init(&fv);
	const char *g = form_get(req, "grant", NULL, NULL);
	int64_t grant_id = 0;
	if (g == NULL || !str_to_i64(str_c(g), false, &grant_id))
		fv_fail(&fv, "grant", "grant.unknown");
	/* an administrator cannot take away their own administration */
	for (size_t i = 0; id == me->id && i < me->ngrants; i++)
		if (me->grants[i].id == grant_id && me->grants[i].role == ROLE_ADMIN)
			fv_fail(&fv, "grant", "grant.own_admin");
	if (!fv_ok(&fv)) {
		show_user(req, pg, &fv, 422);
		return;
	}
	db *c = db_thread();
	json_t *row = NULL;
	int64_t changes = 0;
	int rc = c ? db_begin(c, true) : DB_UNAVAILABLE;
	if (rc == DB_OK)
		rc = db_query_row_json(c,
			"SELECT r.role, coalesce(a.slug, '') AS agency FROM user_roles r "
			"LEFT JOIN agencies a ON a.id = r.agency_id WHERE r.id = ? AND r.user_id = ?",
			DB_ARGS(DB_INT(grant_id), DB_INT(id)), &row);
	if (rc == DB_ROW)
		rc = grants_remove(c, id, grant_id, &changes);
	if (rc == DB_OK) {
		const char *agency = json_string_value(json_object_get(row, "agency"));
		rc = audit_add(c, me->id, "role.revoke", id,
		               arena_printf(req->arena, "%s%s%s", json_string_value(json_object_get(row, "role")),
		                            agency && agency[0] ? " " : "", agency ? agency : ""));
	}
	json_decref(row);
	if (rc == DB_DONE) {
		db_rollback(c);
		fv_fail(&fv, "grant", "grant.unknown");
		show_user(req, pg, &fv, 422);
		return;
	}
	if (c != NULL)
		rc = web_commit(c, rc);
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	back_to_user(req, pg, "peran_dicabut");
}

void admin_user_status_submit(request *req, page *pg)
{
	const account *me = accounts_current(req);
	int64_t id = request_param_id(req);
	formview fv;
	fv_init(&fv);
	const char *action = form_get(req, "aksi", NULL, NULL);
	bool disable = action && strcmp(action, "nonaktifkan") == 0;
	bool enable = action && strcmp(action, "aktifkan") == 0;
	if (!disable && !enable)
		fv_fail(&fv, "aksi", "status.unknown");
	else if (id == me->id)
		fv_fail(&fv, "aksi", "status.self");
	if (!fv_ok(&fv)) {
		show_user(req, pg, &fv, 422);
		return;
	}
	db *c = db_thread();
	int rc = c ? target_exists(c, id) : DB_UNAVAILABLE;
	if (rc == DB_DONE) {
		page_not_found(pg);
		return;
	}
	if (rc == DB_ROW)
		rc = db_begin(c, true);
	if (rc == DB_OK)
		rc = users_set_disabled(c, id, disable);
	if (rc == DB_OK)
		rc = audit_add(c, me->id, disable ? "account.disable" : "account.enable", id, "");
	if (c != NULL && rc != DB_UNAVAILABLE)
		rc = web_commit(c, rc);
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	back_to_user(req, pg, disable ? "dinonaktifkan" : "diaktifkan");
}

/* The desk of an agency's officers: who is on the team. Later issues put
 * the agency's queues (questions to answer, requests on the clock) here. */
void agency_desk_page(request *req, page *pg)
{
	const char *slug = request_param(req, "slug");
	db *c = db_thread();
	json_t *agency = NULL, *team = NULL;
	int rc = c ? agencies_get(c, slug, &agency) : DB_UNAVAILABLE;
	if (rc == DB_OK && agency == NULL) {
		page_not_found(pg);
		return;
	}
	if (rc == DB_OK)
		rc = db_query_json(c,
			"SELECT u.display_name AS name, r.role FROM user_roles r "
			"JOIN users u ON u.id = r.user_id JOIN agencies a ON a.id = r.agency_id "
			"WHERE a.slug = ? AND u.disabled_at IS NULL AND u.deleted_at IS NULL "
			"ORDER BY r.role, u.display_name",
			DB_ARGS(DB_TEXT(slug)), &team);
	if (rc != DB_OK) {
		json_decref(agency);
		page_db_error(req, pg, c, rc);
		return;
	}
	size_t i;
	json_t *x;
	json_array_foreach(team, i, x)
	{
		char key[32];
		snprintf(key, sizeof(key), "role.%s", json_string_value(json_object_get(x, "role")));
		json_object_set_new(x, "label", json_string(locale_get(key)));
	}
	pg->model = json_pack("{s:o, s:o}", "agency", agency, "team", team);
	pg->title = json_string_value(json_object_get(agency, "name"));
}
