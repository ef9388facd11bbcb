/*
 * admin.c - administering the agencies: the list, adding one, and editing
 * one's profile (name, kind, head, contacts, website, social accounts,
 * logo), slug included.
 *
 * A form is read and checked whole before anything is written; it comes
 * back with a message beside each wrong field (422) and what was typed.
 * The logo is stored inside the same transaction as the agency's row, so
 * a refused form leaves neither behind (the bytes may stay on disk: they
 * are content-addressed and harmless, see uploads.h). Every change goes
 * into the audit log as agency.create or agency.update.
 */
#include <stdio.h>
#include <string.h>

#include "accounts/accounts.h"
#include "accounts/rules.h"
#include "accounts/store.h"
#include "agencies/agencies.h"
#include "agencies/rules.h"
#include "core/clock.h"
#include "core/str.h"
#include "http/form.h"
#include "search/search.h"
#include "uploads/uploads.h"
#include "view/formview.h"
#include "view/locale.h"

/* Every column the form edits, as the database has it. */
static const char row_sql[] =
	"SELECT id, slug, name, short_name, kind, description, head_name, head_title, address, "
	"phone, email, website, social, logo FROM agencies WHERE slug = ?";

static const char insert_sql[] =
	"INSERT INTO agencies (slug, name, short_name, kind, description, head_name, head_title, "
	"address, phone, email, website, social, logo, sort_order, created_at, updated_at) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	"(SELECT coalesce(max(sort_order), 0) + 1 FROM agencies), ?, ?)";

static const char update_sql[] =
	"UPDATE agencies SET slug = ?, name = ?, short_name = ?, kind = ?, description = ?, "
	"head_name = ?, head_title = ?, address = ?, phone = ?, email = ?, website = ?, social = ?, "
	"logo = ?, updated_at = ? WHERE id = ?";

/* The text fields of the form, in its order (the order of the messages). */
enum { F_NAME, F_SHORT_NAME, F_SLUG, F_KIND, F_DESCRIPTION, F_HEAD_TITLE, F_HEAD_NAME, F_ADDRESS,
       F_PHONE, F_EMAIL, F_WEBSITE, NFIELDS };

static const struct field {
	const char *name;     /* form field and column */
	size_t max;           /* characters */
	const char *required; /* locale key of the message when empty, or NULL */
	bool one_line;        /* shows only text on one line (accounts/rules.h name_clean) */
} fields[NFIELDS] = {
	[F_NAME] = { "name", AGENCY_NAME_MAX, "agency_form.name_required", true },
	[F_SHORT_NAME] = { "short_name", AGENCY_SHORT_NAME_MAX, NULL, true },
	[F_SLUG] = { "slug", AGENCY_SLUG_MAX, "agency_form.slug_required", false },
	[F_KIND] = { "kind", 20, "agency_form.kind_required", false },
	[F_DESCRIPTION] = { "description", AGENCY_DESCRIPTION_MAX, NULL, false },
	[F_HEAD_TITLE] = { "head_title", AGENCY_HEAD_MAX, NULL, true },
	[F_HEAD_NAME] = { "head_name", AGENCY_HEAD_MAX, NULL, true },
	[F_ADDRESS] = { "address", AGENCY_ADDRESS_MAX, NULL, true },
	[F_PHONE] = { "phone", AGENCY_PHONE_MAX, NULL, false },
	[F_EMAIL] = { "email", EMAIL_MAX, NULL, false },
	[F_WEBSITE] = { "website", AGENCY_URL_MAX, NULL, false },
};

/* A submitted form, read and checked. */
typedef struct agency_form {
	const char *v[NFIELDS];
	const char *social[AGENCY_NNETWORKS];
	const char *social_json; /* {"instagram": "https://..."} of the non-empty ones */
	const http_file *logo;   /* a file was chosen */
	bool remove_logo;
} agency_form;

static const char *social_field(arena *a, const agency_network *net)
{
	return arena_printf(a, "social_%s", net->name);
}

/* Reads every field into f and checks it; the messages go into fv. False
 * when the request memory ran out. */
static bool read_form(request *req, formview *fv, agency_form *f)
{
	for (size_t i = 0; i < NFIELDS; i++) {
		const struct field *d = &fields[i];
		f->v[i] = fv_text(fv, req, d->name, d->max, d->required, false);
		if (f->v[i] == NULL)
			return false;
		const char *v = f->v[i];
		size_t n = strlen(v);
		if (d->one_line && !name_clean(v, n))
			fv_fail(fv, d->name, "agency_form.one_line");
		if (n == 0)
			continue;
		/* each field's own rule right after its text check: the
		 * messages come in the order of the form */
		if (i == F_SLUG && !agency_slug_valid(v, n))
			fv_fail(fv, d->name, "agency_form.slug_format");
		else if (i == F_KIND && !agency_kind_valid(v))
			fv_fail(fv, d->name, "agency_form.kind_unknown");
		else if (i == F_PHONE && !agency_phone_valid(v, n))
			fv_fail(fv, d->name, "agency_form.phone_format");
		else if (i == F_EMAIL && !email_valid(v, n))
			fv_fail(fv, d->name, "agency_form.email_format");
		else if (i == F_WEBSITE && !agency_url_valid(v, n, false))
			fv_fail(fv, d->name, "agency_form.url_format");
	}

	/* a field for a network we do not know is a crafted form: say so */
	for (size_t i = 0; i < req->form.n; i++) {
		const char *name = req->form.v[i].name;
		if (strncmp(name, "social_", 7) == 0 && agency_network_find(name + 7) == NULL &&
		    req->form.v[i].len > 0)
			fv_fail(fv, "social", "agency_form.social_unknown");
	}
	json_t *social = json_object();
	for (size_t i = 0; i < AGENCY_NNETWORKS; i++) {
		const agency_network *net = &agency_networks[i];
		const char *name = social_field(req->arena, net);
		const char *url = name ? fv_text(fv, req, name, AGENCY_URL_MAX, NULL, false) : NULL;
		if (url == NULL)
			return false;
		f->social[i] = url;
		if (url[0] == '\0')
			continue;
		if (!agency_url_valid(url, strlen(url), true))
			fv_fail(fv, name, "agency_form.social_https");
		else if (!agency_network_owns(net, url))
			fv_fail(fv, name, "agency_form.social_host");
		json_object_set_new(social, net->name, json_string(url));
	}
	f->social_json = json_dumps(social, JSON_COMPACT);
	json_decref(social);
	if (f->social_json == NULL)
		return false;

	for (const http_file *file = req->files; file != NULL; file = file->next)
		if (strcmp(file->field, "logo") == 0 && (file->filename[0] != '\0' || file->len > 0))
			f->logo = file;
	const char *remove = form_get(req, "hapus_logo", NULL, NULL);
	f->remove_logo = remove != NULL && strcmp(remove, "1") == 0;
	return true;
}

/* The page of the form: a new agency (old == NULL) or an existing one. */
static void show_form(request *req, page *pg, formview *fv, unsigned status, json_t *old,
                      bool file_dropped)
{
	json_t *form = fv_model(fv);
	json_t *values = json_object_get(form, "values");
	json_t *errors = json_object_get(form, "error");
	const char *kind = json_string_value(json_object_get(values, "kind"));
	json_t *kinds = json_array();
	for (size_t i = 0; i < agency_nkinds; i++) {
		char key[64];
		snprintf(key, sizeof(key), "agency_kind.%s", agency_kinds[i]);
		json_array_append_new(kinds, json_pack("{s:s, s:s, s:b}", "value", agency_kinds[i],
			"label", locale_get(key), "selected", kind && strcmp(kind, agency_kinds[i]) == 0));
	}
	json_t *networks = json_array();
	for (size_t i = 0; i < AGENCY_NNETWORKS; i++) {
		const agency_network *net = &agency_networks[i];
		const char *field = social_field(req->arena, net);
		char label[64], hint[64];
		snprintf(label, sizeof(label), "agency.network.%s", net->name);
		snprintf(hint, sizeof(hint), "admin_agency.hint_%s", net->name);
		json_t *n = json_pack("{s:s, s:s, s:s, s:s}", "network", net->name, "field", field ? field : "",
		                      "label", locale_get(label), "hint", locale_get(hint));
		json_t *v = field ? json_object_get(values, field) : NULL;
		json_object_set_new(n, "value", v ? json_incref(v) : json_string(""));
		json_t *e = field ? json_object_get(errors, field) : NULL;
		/* null, not absent: the template must not find another "error" */
		json_object_set_new(n, "error", e ? json_incref(e) : json_null());
		json_array_append_new(networks, n);
	}
	const char *slug = old ? json_string_value(json_object_get(old, "slug")) : NULL;
	const char *action = slug ? arena_printf(req->arena, "/admin/dinas/%s/ubah", slug) : "/admin/dinas/baru";
	json_t *m = json_pack("{s:b, s:s, s:o, s:o, s:o, s:b}", "is_new", old == NULL, "action",
	                      action ? action : "", "form", form, "kinds", kinds, "networks", networks,
	                      "file_dropped", file_dropped);
	if (old != NULL) {
		const char *logo = json_string_value(json_object_get(old, "logo"));
		json_t *a = json_pack("{s:s, s:s, s:s}", "slug", slug, "name",
		                      json_string_value(json_object_get(old, "name")), "url",
		                      arena_printf(req->arena, "/dinas/%s", slug));
		if (logo != NULL)
			json_object_set_new(a, "logo_url", json_string(uploads_url(req->arena, logo, "kecil")));
		json_object_set_new(m, "agency", a);
	}
	const char *csrf = accounts_csrf_token(req, pg->res);
	json_object_set_new(m, "csrf_token", csrf ? json_string(csrf) : json_null());
	json_decref(pg->model);
	pg->model = m;
	pg->template = "admin_agency";
	pg->status = status;
	pg->title = old ? locale_fill(req->arena, "admin_agency.title_edit", (const char *[]){ "name" },
	                              (const char *[]){ json_string_value(json_object_get(old, "name")) }, 1)
	                : locale_get("admin_agency.title_new");
}

/* The agency of the path's slug (its editable columns), DB_ROW or DB_DONE. */
static int load(db *c, const char *slug, json_t **row)
{
	return db_query_row_json(c, row_sql, DB_ARGS(DB_TEXT(slug)), row);
}

/* What the audit log says about a change: "slug: name, phone" (the
 * fields that changed), or NULL when none did. */
static const char *changes(request *req, json_t *old, const agency_form *f, const char *logo)
{
	const char *out = "";
	for (size_t i = 0; i < NFIELDS; i++) {
		const char *was = json_string_value(json_object_get(old, fields[i].name));
		if (strcmp(was ? was : "", f->v[i]) != 0)
			out = arena_printf(req->arena, "%s%s%s", out, out[0] ? ", " : "", fields[i].name);
	}
	json_t *was_social = json_loads(json_string_value(json_object_get(old, "social")) ?
	                                json_string_value(json_object_get(old, "social")) : "{}", 0, NULL);
	json_t *now_social = json_loads(f->social_json, 0, NULL);
	if (!json_equal(was_social, now_social))
		out = arena_printf(req->arena, "%s%s%s", out, out && out[0] ? ", " : "", "social");
	json_decref(was_social);
	json_decref(now_social);
	const char *was_logo = json_string_value(json_object_get(old, "logo"));
	if ((was_logo == NULL) != (logo == NULL) || (logo && strcmp(was_logo, logo) != 0))
		out = arena_printf(req->arena, "%s%s%s", out, out && out[0] ? ", " : "", "logo");
	if (out == NULL || out[0] == '\0')
		return NULL;
	const char *old_slug = json_string_value(json_object_get(old, "slug"));
	if (strcmp(old_slug, f->v[F_SLUG]) != 0)
		return arena_printf(req->arena, "%s -> %s: %s", old_slug, f->v[F_SLUG], out);
	return arena_printf(req->arena, "%s: %s", old_slug, out);
}

/* Shared by create and update: checks, stores the logo and writes the row
 * in one transaction. old is NULL for a new agency. */
static void save(request *req, page *pg, json_t *old)
{
	const account *me = accounts_current(req);
	formview fv;
	fv_init(&fv);
	agency_form f = { 0 };
	if (!read_form(req, &fv, &f)) {
		json_decref(old);
		page_fail(req, pg, "out of request memory");
		return;
	}
	int64_t id = old ? json_integer_value(json_object_get(old, "id")) : 0;
	const char *logo = old && !f.remove_logo ? json_string_value(json_object_get(old, "logo")) : NULL;
	db *c = db_thread();
	int rc = c ? DB_OK : DB_UNAVAILABLE;
	bool open = false;
	if (rc == DB_OK && (fv_ok(&fv) || f.logo != NULL)) {
		rc = db_begin(c, true);
		open = rc == DB_OK;
	}
	if (rc == DB_OK && fv_ok(&fv)) {
		int64_t other = 0;
		rc = db_query_int(c, "SELECT id FROM agencies WHERE slug = ? AND id <> ?",
		                  DB_ARGS(DB_TEXT(f.v[F_SLUG]), DB_INT(id)), &other);
		if (rc == DB_ROW)
			fv_fail(&fv, "slug", "agency_form.slug_taken");
		rc = rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
	}
	upload up;
	if (rc == DB_OK && f.logo != NULL) {
		const char *error_key = NULL;
		rc = uploads_store(c, f.logo, true, &up, &error_key);
		if (rc == DB_DONE) /* "{n}" in upload.too_large is the limit in MB */
			fv_fail_n(&fv, "logo", error_key ? error_key : "agency_form.logo_refused",
			          uploads_max() / (1024 * 1024));
		else if (rc == DB_OK)
			logo = up.hash;
		rc = rc == DB_DONE ? DB_OK : rc;
	}
	const char *detail = NULL;
	if (rc == DB_OK && fv_ok(&fv)) {
		char now[CLOCK_ISO_LEN];
		clock_iso(now, clock_now());
		const char **v = f.v;
		db_val logo_val = logo ? DB_TEXT(logo) : DB_NULL;
		if (old == NULL) {
			detail = f.v[F_SLUG];
			rc = db_exec(c, insert_sql, DB_ARGS(DB_TEXT(v[F_SLUG]), DB_TEXT(v[F_NAME]),
				DB_TEXT(v[F_SHORT_NAME]), DB_TEXT(v[F_KIND]), DB_TEXT(v[F_DESCRIPTION]),
				DB_TEXT(v[F_HEAD_NAME]), DB_TEXT(v[F_HEAD_TITLE]), DB_TEXT(v[F_ADDRESS]),
				DB_TEXT(v[F_PHONE]), DB_TEXT(v[F_EMAIL]), DB_TEXT(v[F_WEBSITE]),
				DB_TEXT(f.social_json), logo_val, DB_TEXT(now), DB_TEXT(now)), NULL);
		} else if ((detail = changes(req, old, &f, logo)) != NULL) {
			rc = db_exec(c, update_sql, DB_ARGS(DB_TEXT(v[F_SLUG]), DB_TEXT(v[F_NAME]),
				DB_TEXT(v[F_SHORT_NAME]), DB_TEXT(v[F_KIND]), DB_TEXT(v[F_DESCRIPTION]),
				DB_TEXT(v[F_HEAD_NAME]), DB_TEXT(v[F_HEAD_TITLE]), DB_TEXT(v[F_ADDRESS]),
				DB_TEXT(v[F_PHONE]), DB_TEXT(v[F_EMAIL]), DB_TEXT(v[F_WEBSITE]),
				DB_TEXT(f.social_json), logo_val, DB_TEXT(now), DB_INT(id)), NULL);
		}
		if (rc == DB_OK && detail != NULL)
			rc = audit_add(c, me->id, old ? "agency.update" : "agency.create", 0, detail);
		int64_t saved = id; /* the search index, in the same transaction */
		if (rc == DB_OK && detail != NULL && saved == 0) {
			rc = agencies_id(c, v[F_SLUG], &saved);
			rc = rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_ERROR : rc;
		}
		if (rc == DB_OK && detail != NULL)
			rc = search_index_agency(c, saved);
		if (rc == DB_CONSTRAINT) { /* another admin took the slug a moment ago */
			fv_fail(&fv, "slug", "agency_form.slug_taken");
			rc = DB_OK;
		}
	}
	if (open && (rc != DB_OK || !fv_ok(&fv))) {
		db_rollback(c);
		open = false;
	}
	if (open) {
		rc = db_commit(c);
		if (rc != DB_OK)
			db_rollback(c);
	}
	if (rc != DB_OK) {
		json_decref(old);
		page_db_error(req, pg, c, rc);
		return;
	}
	if (!fv_ok(&fv)) {
		/* a file that was fine is not kept: the person chooses it again */
		bool dropped = f.logo != NULL && json_object_get(fv.error, "logo") == NULL;
		show_form(req, pg, &fv, 422, old, dropped);
		json_decref(old);
		return;
	}
	json_decref(old);
	page_redirect(pg, 303, arena_printf(req->arena, "/dinas/%s?pesan=%s", f.v[F_SLUG],
	                                    id ? "dinas_diubah" : "dinas_dibuat"));
}

void agencies_admin_page(request *req, page *pg)
{
	const char *q = http_params_get(&req->query, "q");
	if (q == NULL || utf8_length(q, strlen(q)) > 100)
		q = "";
	db *c = db_thread();
	json_t *groups = NULL;
	size_t count = 0;
	int rc = c ? agencies_directory(c, q, &groups, &count) : DB_UNAVAILABLE;
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	size_t i, k;
	json_t *g, *a;
	json_array_foreach(groups, i, g)
	{
		json_array_foreach(json_object_get(g, "agencies"), k, a)
		{
			const char *slug = json_string_value(json_object_get(a, "slug"));
			json_object_set_new(a, "edit_url",
			                    json_string(arena_printf(req->arena, "/admin/dinas/%s/ubah", slug)));
		}
	}
	pg->model = json_pack("{s:s, s:I, s:o}", "q", q, "count", (json_int_t)count, "groups", groups);
	pg->title = locale_get("admin_agencies.title");
}

void agencies_new_page(request *req, page *pg)
{
	formview fv;
	fv_init(&fv);
	show_form(req, pg, &fv, 200, NULL, false);
}

void agencies_create_submit(request *req, page *pg)
{
	save(req, pg, NULL);
}

/* The edit form's first show: the values the database has. */
void agencies_edit_page(request *req, page *pg)
{
	db *c = db_thread();
	json_t *row = NULL;
	int rc = c ? load(c, request_param(req, "slug"), &row) : DB_UNAVAILABLE;
	if (rc == DB_DONE) {
		page_not_found(pg);
		return;
	}
	if (rc != DB_ROW) {
		page_db_error(req, pg, c, rc);
		return;
	}
	formview fv;
	fv_init(&fv);
	for (size_t i = 0; i < NFIELDS; i++) {
		const char *v = json_string_value(json_object_get(row, fields[i].name));
		fv_keep(&fv, fields[i].name, v ? v : "");
	}
	const char *text = json_string_value(json_object_get(row, "social"));
	json_t *social = text ? json_loads(text, 0, NULL) : NULL;
	for (size_t i = 0; i < AGENCY_NNETWORKS; i++) {
		const char *url = json_string_value(json_object_get(social, agency_networks[i].name));
		fv_keep(&fv, social_field(req->arena, &agency_networks[i]), url ? url : "");
	}
	json_decref(social);
	show_form(req, pg, &fv, 200, row, false);
	json_decref(row);
}

void agencies_update_submit(request *req, page *pg)
{
	db *c = db_thread();
	json_t *row = NULL;
	int rc = c ? load(c, request_param(req, "slug"), &row) : DB_UNAVAILABLE;
	if (rc == DB_DONE) {
		page_not_found(pg);
		return;
	}
	if (rc != DB_ROW) {
		page_db_error(req, pg, c, rc);
		return;
	}
	save(req, pg, row);
}
