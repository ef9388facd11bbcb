/*
 * web_report.c - an officer's progress report on a programme (text, new
 * progress and status, photos) and documents attached to it. A report
 * that changes status or progress changes the programme too, as a new
 * version like any edit.
 */
#include <stdio.h>
#include <string.h>

#include "accounts/accounts.h"
#include "core/str.h"
#include "http/form.h"
#include "programs/programs.h"
#include "programs/rules.h"
#include "programs/store.h"
#include "programs/view.h"
#include "programs/web.h"
#include "programs/webhook.h"
#include "uploads/uploads.h"
#include "view/formview.h"
#include "view/locale.h"

#define MAX_PHOTOS 3

/* The programme page again, with the form that came back wrong. */
static void show_again(request *req, page *pg, db *c, int64_t id, formview *fv, const char *which)
{
	json_t *p = NULL;
	int rc = programs_detail_model(req, c, id, &p);
	if (rc != DB_ROW) {
		json_decref(fv_model(fv));
		if (rc == DB_DONE)
			page_not_found(pg);
		else
			page_db_error(req, pg, c, rc);
		return;
	}
	json_t *m = json_pack("{s:o, s:o, s:s}", "program", p, "form", fv_model(fv), "form_name", which);
	json_object_set(m, arena_printf(req->arena, "form_%s", which), json_object_get(m, "form"));
	const char *csrf = accounts_csrf_token(req, pg->res);
	json_object_set_new(m, "csrf_token", csrf ? json_string(csrf) : json_null());
	pg->model = m;
	pg->template = "program";
	pg->title = json_string_value(json_object_get(p, "title"));
	pg->status = 422;
}

static void not_found_or_error(request *req, page *pg, db *c, int rc)
{
	if (rc == DB_DONE)
		page_not_found(pg);
	else
		page_db_error(req, pg, c, rc);
}

/* Checks the uploaded files of field (up to max) and stores them. */
static int store_files(request *req, db *c, formview *fv, const char *field, bool images_only,
                       int max, upload *out, int *n)
{
	*n = 0;
	for (const http_file *f = req->files; f != NULL; f = f->next) {
		if (strcmp(f->field, field) != 0 || (f->len == 0 && f->filename[0] == '\0'))
			continue; /* an empty file input */
		if (*n == max) {
			fv_fail_n(fv, field, "program_report.too_many_files", (size_t)max);
			return DB_OK;
		}
		const char *key = NULL;
		int rc = uploads_store(c, f, images_only, &out[*n], &key);
		if (rc == DB_DONE) {
			fv_fail_n(fv, field, key, uploads_max() / (1024 * 1024));
			return DB_OK;
		}
		if (rc != DB_OK)
			return rc;
		(*n)++;
	}
	return DB_OK;
}

/* program_fields from a stored row, for a save that changes only status
 * and progress. */
static void fields_of(request *req, json_t *row, program_fields *p)
{
	memset(p, 0, sizeof(*p));
	p->parent_id = json_integer_value(json_object_get(row, "parent_id"));
	p->level = json_string_value(json_object_get(row, "level"));
	p->agency_id = json_integer_value(json_object_get(row, "agency_id"));
	p->title = json_string_value(json_object_get(row, "title"));
	p->summary = json_string_value(json_object_get(row, "summary"));
	p->status = json_string_value(json_object_get(row, "status"));
	p->fiscal_year = json_integer_value(json_object_get(row, "fiscal_year"));
	p->budget = json_integer_value(json_object_get(row, "budget"));
	p->realization = json_integer_value(json_object_get(row, "realization"));
	p->funding = json_string_value(json_object_get(row, "funding"));
	p->progress = (int)json_integer_value(json_object_get(row, "progress"));
	p->rollup = json_string_value(json_object_get(row, "rollup"));
	p->targets = json_string_value(json_object_get(row, "targets"));
	const char *s = json_string_value(json_object_get(row, "start_date"));
	const char *e = json_string_value(json_object_get(row, "end_date"));
	p->start_date = s ? s : "";
	p->end_date = e ? e : "";
	json_t *lat = json_object_get(row, "latitude"), *lon = json_object_get(row, "longitude");
	p->has_coordinates = json_is_number(lat) && json_is_number(lon);
	p->latitude = json_number_value(lat);
	p->longitude = json_number_value(lon);
	(void)req;
}

static int place_ids(db *c, json_t *row, program_fields *p)
{
	const char *kec = json_string_value(json_object_get(row, "kecamatan"));
	const char *vil = json_string_value(json_object_get(row, "village"));
	int rc = DB_OK;
	if (kec != NULL && (rc = programs_kecamatan_id(c, kec, &p->kecamatan_id)) == DB_ROW && vil != NULL)
		rc = programs_village_id(c, p->kecamatan_id, vil, &p->village_id);
	return rc < 0 ? rc : DB_OK;
}

void programs_update_submit(request *req, page *pg)
{
	const account *me = accounts_current(req);
	int64_t id = request_param_id(req), kids = 0;
	db *c = db_thread();
	json_t *row = NULL;
	int rc = c ? programs_in_path(req, c, id, &row) : DB_UNAVAILABLE;
	if (rc == DB_ROW)
		rc = db_query_int(c, "SELECT count(*) FROM programs WHERE parent_id = ?", DB_ARGS(DB_INT(id)), &kids);
	if (rc != DB_ROW) {
		json_decref(row);
		not_found_or_error(req, pg, c, rc);
		return;
	}
	formview fv;
	fv_init(&fv);
	const char *body = fv_text(&fv, req, "isi", 5000, "program_report.body_required", false);
	const char *progress = fv_text(&fv, req, "progres", 3, NULL, false);
	const char *status = fv_text(&fv, req, "status", 20, NULL, false);
	if (body == NULL || progress == NULL || status == NULL) {
		json_decref(row);
		page_fail(req, pg, "out of request memory");
		return;
	}
	int64_t pr = -1;
	if (progress[0] && (!str_to_i64(str_c(progress), false, &pr) || pr > 100))
		fv_fail(&fv, "progres", "program_form.progress_invalid");
	else if (progress[0] && kids > 0)
		fv_fail(&fv, "progres", "program_form.progress_rolled");
	if (status[0] && status_index(status) < 0)
		fv_fail(&fv, "status", "program_form.status_unknown");
	upload photos[MAX_PHOTOS];
	int nphotos = 0;
	rc = fv_ok(&fv) ? store_files(req, c, &fv, "foto", true, MAX_PHOTOS, photos, &nphotos) : DB_OK;
	if (rc != DB_OK || !fv_ok(&fv)) {
		json_decref(row);
		if (rc != DB_OK)
			page_db_error(req, pg, c, rc);
		else
			show_again(req, pg, c, id, &fv, "report");
		return;
	}
	program_fields p;
	fields_of(req, row, &p);
	rc = place_ids(c, row, &p);
	bool changes = false;
	if (status[0] && strcmp(status, p.status) != 0) {
		p.status = status;
		int def = status_default_progress(status);
		if (pr < 0 && def >= 0 && kids == 0)
			p.progress = def;
		changes = true;
	}
	if (pr >= 0 && pr != p.progress) {
		p.progress = (int)pr;
		changes = true;
	}
	int64_t update = 0;
	if (rc == DB_OK)
		rc = db_begin(c, true);
	if (rc == DB_OK && changes)
		rc = programs_save(c, &p, me->id, &id);
	if (rc == DB_OK)
		rc = programs_add_update(c, id, me->id, NULL, body, pr >= 0 ? (int)pr : -1, status[0] ? status : NULL, &update);
	for (int i = 0; rc == DB_OK && i < nphotos; i++)
		rc = programs_attach(c, id, update, photos[i].hash, "");
	if (rc == DB_OK)
		rc = programs_notify_followers(c, id);
	if (rc == DB_OK && !changes)
		rc = programs_webhook(c, id, NULL); /* a change of the record told them already */
	if (rc == DB_OK)
		rc = db_commit(c);
	const char *url = program_url(req->arena, id, json_string_value(json_object_get(row, "title")));
	json_decref(row);
	if (rc != DB_OK) {
		db_rollback(c);
		page_db_error(req, pg, c, rc);
		return;
	}
	page_redirect(pg, 303, arena_printf(req->arena, "%s?pesan=kabar_terkirim#kabar", url));
}

void programs_file_submit(request *req, page *pg)
{
	int64_t id = request_param_id(req);
	db *c = db_thread();
	json_t *row = NULL;
	int rc = c ? programs_in_path(req, c, id, &row) : DB_UNAVAILABLE;
	if (rc != DB_ROW) {
		not_found_or_error(req, pg, c, rc);
		return;
	}
	formview fv;
	fv_init(&fv);
	const char *title = fv_text(&fv, req, "judul_berkas", 200, "program_file.title_required", false);
	upload file;
	int n = 0;
	rc = title ? store_files(req, c, &fv, "berkas", false, 1, &file, &n) : DB_ERROR;
	if (rc == DB_OK && fv_ok(&fv) && n == 0)
		fv_fail(&fv, "berkas", "program_file.required");
	if (rc != DB_OK || !fv_ok(&fv)) {
		json_decref(row);
		if (rc != DB_OK)
			page_db_error(req, pg, c, rc);
		else
			show_again(req, pg, c, id, &fv, "file");
		return;
	}
	rc = programs_attach(c, id, 0, file.hash, title);
	const char *url = program_url(req->arena, id, json_string_value(json_object_get(row, "title")));
	json_decref(row);
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	page_redirect(pg, 303, arena_printf(req->arena, "%s?pesan=berkas_ditambahkan#berkas", url));
}
