/*
 * web_edit.c - officers' forms: a new programme (or kegiatan, or
 * sub-kegiatan under a parent), editing one, posting a progress report
 * with photos, attaching documents. The route table lets only petugas of
 * the agency in the path in; these handlers check that the programme
 * belongs to that agency (a programme of another agency is a 404 here).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "agencies/agencies.h"
#include "core/clock.h"
#include "core/str.h"
#include "http/form.h"
#include "programs/programs.h"
#include "programs/rules.h"
#include "programs/store.h"
#include "programs/view.h"
#include "programs/web.h"
#include "uploads/uploads.h"
#include "view/formview.h"
#include "view/locale.h"

#define MAX_TARGETS 20

static const char *const levels[] = { "program", "kegiatan", "subkegiatan" };

/* The form's choices and the agency, for showing it. */
static int form_model(request *req, db *c, json_t *m, const char *status, const char *funding)
{
	json_t *places = NULL;
	int rc = programs_places(c, &places);
	if (rc != DB_OK)
		return rc;
	json_t *statuses = json_array(), *fundings = json_array();
	for (int i = 0; i < 5; i++) {
		char k[64];
		snprintf(k, sizeof(k), "program_status.%s", program_statuses[i]);
		json_array_append_new(statuses, json_pack("{s:s, s:s, s:b}", "value", program_statuses[i],
			"label", locale_get(k), "selected", strcmp(program_statuses[i], status) == 0));
	}
	for (int i = 0; i < 6; i++) {
		char k[64];
		snprintf(k, sizeof(k), "funding.%s", program_fundings[i]);
		json_array_append_new(fundings, json_pack("{s:s, s:s, s:b}", "value", program_fundings[i],
			"label", locale_get(k), "selected", strcmp(program_fundings[i], funding) == 0));
	}
	json_object_set_new(m, "choices", json_pack("{s:o, s:o, s:o}", "statuses", statuses,
	                                            "fundings", fundings, "places", places));
	const char *csrf = accounts_csrf_token(req, NULL);
	json_object_set_new(m, "csrf_token", csrf ? json_string(csrf) : json_null());
	return DB_OK;
}

/* Marks the chosen kecamatan and village in the places. */
static void choose_place(json_t *m, const char *kecamatan, const char *village)
{
	size_t i, k;
	json_t *p, *v;
	json_array_foreach(json_object_get(json_object_get(m, "choices"), "places"), i, p)
	{
		const char *slug = json_string_value(json_object_get(p, "slug"));
		bool here = strcmp(slug, kecamatan) == 0;
		json_object_set_new(p, "selected", json_boolean(here));
		json_array_foreach(json_object_get(p, "villages"), k, v)
		{
			const char *vs = json_string_value(json_object_get(v, "slug"));
			json_object_set_new(v, "value", json_string(""));
			char both[200];
			snprintf(both, sizeof(both), "%s/%s", slug, vs);
			json_object_set_new(v, "value", json_string(both));
			json_object_set_new(v, "selected", json_boolean(strcmp(both, village) == 0));
		}
	}
}

/* Reads and checks every field into *p; messages go to fv. */
static int read_fields(request *req, db *c, formview *fv, program_fields *p, bool has_children)
{
	p->title = fv_text(fv, req, "judul", 300, "program_form.title_required", false);
	p->summary = fv_text(fv, req, "ringkasan", 20000, NULL, false);
	p->status = fv_text(fv, req, "status", 20, "program_form.status_required", false);
	const char *year = fv_text(fv, req, "tahun", 4, "program_form.year_required", false);
	const char *budget = fv_text(fv, req, "pagu", 40, "program_form.budget_required", false);
	const char *real = fv_text(fv, req, "realisasi", 40, NULL, false);
	p->funding = fv_text(fv, req, "sumber", 20, "program_form.funding_required", false);
	const char *kec = fv_text(fv, req, "kecamatan", 80, NULL, false);
	const char *village = fv_text(fv, req, "desa", 170, NULL, false);
	const char *lat = fv_text(fv, req, "lintang", 20, NULL, false);
	const char *lon = fv_text(fv, req, "bujur", 20, NULL, false);
	p->start_date = fv_text(fv, req, "mulai", 10, NULL, false);
	p->end_date = fv_text(fv, req, "selesai", 10, NULL, false);
	const char *progress = fv_text(fv, req, "progres", 3, NULL, false);
	p->rollup = fv_text(fv, req, "rollup", 10, NULL, false);
	const char *targets = fv_text(fv, req, "target", 3000, NULL, false);
	if (!p->title || !p->summary || !p->status || !year || !budget || !real || !p->funding ||
	    !kec || !village || !lat || !lon || !p->start_date || !p->end_date || !progress ||
	    !p->rollup || !targets)
		return DB_ERROR;
	if (p->status[0] && status_index(p->status) < 0)
		fv_fail(fv, "status", "program_form.status_unknown");
	if (year[0] && (!str_to_i64(str_c(year), false, &p->fiscal_year) || p->fiscal_year < 2000 ||
	                p->fiscal_year > 2100))
		fv_fail(fv, "tahun", "program_form.year_invalid");
	if (budget[0] && !rupiah_parse(budget, strlen(budget), &p->budget))
		fv_fail(fv, "pagu", "program_form.money_invalid");
	p->realization = 0;
	if (real[0] && !rupiah_parse(real, strlen(real), &p->realization))
		fv_fail(fv, "realisasi", "program_form.money_invalid");
	else if (json_object_get(fv->error, "pagu") == NULL && p->realization > p->budget)
		fv_fail(fv, "realisasi", "program_form.realization_over");
	if (p->funding[0] && !funding_valid(p->funding))
		fv_fail(fv, "sumber", "program_form.funding_unknown");
	if (p->rollup[0] == '\0')
		p->rollup = "budget";
	else if (strcmp(p->rollup, "budget") != 0 && strcmp(p->rollup, "average") != 0)
		fv_fail(fv, "rollup", "program_form.rollup_unknown");
	/* place: the village's value is "kecamatan/desa" */
	p->kecamatan_id = p->village_id = 0;
	const char *slash = strchr(village, '/');
	const char *vk = slash ? arena_strndup(req->arena, village, (size_t)(slash - village)) : "";
	if (kec[0] == '\0' && vk && vk[0])
		kec = vk;
	int rc = DB_OK;
	if (kec[0]) {
		rc = programs_kecamatan_id(c, kec, &p->kecamatan_id);
		if (rc == DB_DONE)
			fv_fail(fv, "kecamatan", "program_form.kecamatan_unknown");
		rc = rc < 0 ? rc : DB_OK;
	}
	if (rc == DB_OK && village[0]) {
		if (slash == NULL || (vk && strcmp(vk, kec) != 0))
			fv_fail(fv, "desa", "program_form.village_elsewhere");
		else if (p->kecamatan_id) {
			rc = programs_village_id(c, p->kecamatan_id, slash + 1, &p->village_id);
			if (rc == DB_DONE)
				fv_fail(fv, "desa", "program_form.village_unknown");
			rc = rc < 0 ? rc : DB_OK;
		}
	}
	p->has_coordinates = lat[0] || lon[0];
	if (p->has_coordinates) {
		char *end1 = NULL, *end2 = NULL;
		p->latitude = strtod(lat, &end1);
		p->longitude = strtod(lon, &end2);
		if (!lat[0] || !lon[0] || *end1 || *end2 || p->latitude < -6.65 || p->latitude > -5.9 ||
		    p->longitude < 106.85 || p->longitude > 107.4)
			fv_fail(fv, "lintang", "program_form.coordinates");
	}
	if (p->start_date[0] && !date_valid(p->start_date))
		fv_fail(fv, "mulai", "program_form.date_invalid");
	if (p->end_date[0] && !date_valid(p->end_date))
		fv_fail(fv, "selesai", "program_form.date_invalid");
	else if (p->start_date[0] && p->end_date[0] && strcmp(p->end_date, p->start_date) < 0)
		fv_fail(fv, "selesai", "program_form.end_before_start");
	int64_t pr = -1;
	if (progress[0] && (!str_to_i64(str_c(progress), false, &pr) || pr > 100))
		fv_fail(fv, "progres", "program_form.progress_invalid");
	else if (progress[0] && has_children)
		fv_fail(fv, "progres", "program_form.progress_rolled");
	int def = status_default_progress(p->status);
	p->progress = pr >= 0 ? (int)pr : def >= 0 ? def : 0;
	/* targets: one per line */
	json_t *t = json_array();
	for (const char *line = targets; *line;) {
		size_t n = strcspn(line, "\r\n");
		const char *text = arena_strndup(req->arena, line, n);
		if (text && n > 0 && strspn(text, " \t") < n) {
			if (utf8_length(text, n) > 100 || json_array_size(t) >= MAX_TARGETS)
				fv_fail(fv, "target", "program_form.targets_too_long");
			json_array_append_new(t, json_string(text));
		}
		line += n;
		line += strspn(line, "\r\n");
	}
	char *text = json_dumps(t, JSON_COMPACT);
	json_decref(t);
	p->targets = text ? arena_strdup(req->arena, text) : "[]";
	json_malloc_t mm;
	json_free_t release;
	json_get_alloc_funcs(&mm, &release);
	if (text)
		release(text);
	return rc;
}

/* The agency of the path: its id (the guard has checked the person). */
static int path_agency(request *req, db *c, int64_t *id)
{
	return agencies_id(c, request_param(req, "slug"), id);
}

int programs_in_path(request *req, db *c, int64_t id, json_t **row)
{
	int rc = programs_get(c, id, row);
	if (rc == DB_ROW && strcmp(json_string_value(json_object_get(*row, "agency")),
	                           request_param(req, "slug")) != 0) {
		json_decref(*row);
		*row = NULL;
		rc = DB_DONE;
	}
	return rc;
}

static void show_form(request *req, page *pg, db *c, formview *fv, json_t *ctx, unsigned status,
                      const char *action)
{
	json_t *values = fv->values;
	const char *st = json_string_value(json_object_get(values, "status"));
	const char *fu = json_string_value(json_object_get(values, "sumber"));
	json_t *m = json_pack("{s:o, s:o, s:s}", "form", fv_model(fv), "context", ctx, "action", action);
	int rc = form_model(req, c, m, st ? st : "", fu ? fu : "");
	if (rc != DB_OK) {
		json_decref(m);
		page_db_error(req, pg, c, rc);
		return;
	}
	json_t *v = json_object_get(json_object_get(m, "form"), "values");
	const char *kec = json_string_value(json_object_get(v, "kecamatan"));
	const char *vil = json_string_value(json_object_get(v, "desa"));
	choose_place(m, kec ? kec : "", vil ? vil : "");
	const char *roll = json_string_value(json_object_get(v, "rollup"));
	json_object_set_new(m, "rollup_average", json_boolean(roll && strcmp(roll, "average") == 0));
	pg->model = m;
	pg->template = "program_form";
	pg->title = json_string_value(json_object_get(ctx, "heading"));
	pg->status = status;
	if (pg->res != NULL)
		(void)accounts_csrf_token(req, pg->res);
}

/* The context of a new programme: agency and parent (?induk / field induk). */
static int new_context(request *req, db *c, int64_t *agency, int64_t *parent, json_t **parent_row,
                       json_t **ctx)
{
	int rc = path_agency(req, c, agency);
	if (rc != DB_ROW)
		return rc;
	const char *induk = form_get(req, "induk", NULL, NULL);
	if (induk == NULL)
		induk = http_params_get(&req->query, "induk");
	*parent = 0;
	*parent_row = NULL;
	if (induk != NULL && induk[0]) {
		if (!str_to_i64(str_c(induk), false, parent))
			return DB_DONE;
		rc = programs_in_path(req, c, *parent, parent_row);
		if (rc != DB_ROW)
			return rc;
		if (strcmp(json_string_value(json_object_get(*parent_row, "level")), "subkegiatan") == 0)
			return DB_DONE;
	}
	const char *plevel = *parent_row ? json_string_value(json_object_get(*parent_row, "level")) : NULL;
	const char *level = plevel == NULL ? levels[0] : strcmp(plevel, "program") == 0 ? levels[1] : levels[2];
	char key[64];
	snprintf(key, sizeof(key), "program_form.new_%s", level);
	*ctx = json_pack("{s:s, s:s, s:s, s:b}", "heading", locale_get(key), "level", level,
	                 "agency", request_param(req, "slug"), "is_new", 1);
	if (*parent_row != NULL) {
		json_object_set(*ctx, "parent_title", json_object_get(*parent_row, "title"));
		json_object_set_new(*ctx, "parent_id", json_integer(*parent));
	}
	json_object_set_new(*ctx, "is_leaf_level", json_boolean(strcmp(level, "subkegiatan") == 0));
	return DB_ROW;
}

void programs_new_page(request *req, page *pg)
{
	db *c = db_thread();
	int64_t agency, parent;
	json_t *prow = NULL, *ctx = NULL;
	int rc = c ? new_context(req, c, &agency, &parent, &prow, &ctx) : DB_UNAVAILABLE;
	if (rc != DB_ROW) {
		json_decref(prow);
		if (rc == DB_DONE)
			page_not_found(pg);
		else
			page_db_error(req, pg, c, rc);
		return;
	}
	formview fv;
	fv_init(&fv);
	char now[CLOCK_ISO_LEN], year[8];
	clock_iso(now, clock_now());
	snprintf(year, sizeof(year), "%.4s", now);
	fv_keep(&fv, "status", "direncanakan");
	fv_keep(&fv, "tahun", prow ? arena_printf(req->arena, "%lld", (long long)json_integer_value(json_object_get(prow, "fiscal_year"))) : year);
	fv_keep(&fv, "sumber", prow ? json_string_value(json_object_get(prow, "funding")) : "apbd");
	const char *kec = prow ? json_string_value(json_object_get(prow, "kecamatan")) : NULL;
	fv_keep(&fv, "kecamatan", kec ? kec : "");
	fv_keep(&fv, "rollup", "budget");
	if (parent)
		fv_keep(&fv, "induk", arena_printf(req->arena, "%lld", (long long)parent));
	json_decref(prow);
	show_form(req, pg, c, &fv, ctx, 200,
	          arena_printf(req->arena, "/dinas/%s/program/baru", request_param(req, "slug")));
}

void programs_new_submit(request *req, page *pg)
{
	const account *me = accounts_current(req);
	db *c = db_thread();
	int64_t agency, parent;
	json_t *prow = NULL, *ctx = NULL;
	int rc = c ? new_context(req, c, &agency, &parent, &prow, &ctx) : DB_UNAVAILABLE;
	if (rc != DB_ROW) {
		json_decref(prow);
		if (rc == DB_DONE)
			page_not_found(pg);
		else
			page_db_error(req, pg, c, rc);
		return;
	}
	formview fv;
	fv_init(&fv);
	program_fields p = { 0 };
	rc = read_fields(req, c, &fv, &p, false);
	if (parent)
		fv_keep(&fv, "induk", arena_printf(req->arena, "%lld", (long long)parent));
	p.parent_id = parent;
	p.agency_id = agency;
	p.level = json_string_value(json_object_get(ctx, "level"));
	json_decref(prow);
	const char *action = arena_printf(req->arena, "/dinas/%s/program/baru", request_param(req, "slug"));
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	if (!fv_ok(&fv)) {
		show_form(req, pg, c, &fv, ctx, 422, action);
		return;
	}
	int64_t id = 0;
	rc = db_begin(c, true);
	if (rc == DB_OK)
		rc = programs_save(c, &p, me->id, &id);
	if (rc == DB_OK)
		rc = db_commit(c);
	if (rc != DB_OK) {
		db_rollback(c);
		json_decref(ctx);
		page_db_error(req, pg, c, rc);
		return;
	}
	json_decref(ctx);
	page_redirect(pg, 303, arena_printf(req->arena, "%s?pesan=program_disimpan",
	                                    program_url(req->arena, id, p.title)));
}

/* Fills the form with a programme's current values. */
static void keep_row(request *req, formview *fv, json_t *row)
{
	static const char *const text[][2] = {
		{ "judul", "title" }, { "ringkasan", "summary" }, { "status", "status" },
		{ "sumber", "funding" }, { "mulai", "start_date" }, { "selesai", "end_date" },
		{ "rollup", "rollup" }, { "kecamatan", "kecamatan" },
	};
	for (size_t i = 0; i < sizeof(text) / sizeof(text[0]); i++) {
		const char *v = json_string_value(json_object_get(row, text[i][1]));
		fv_keep(fv, text[i][0], v ? v : "");
	}
	const char *kec = json_string_value(json_object_get(row, "kecamatan"));
	const char *vil = json_string_value(json_object_get(row, "village"));
	fv_keep(fv, "desa", kec && vil ? arena_printf(req->arena, "%s/%s", kec, vil) : "");
	fv_keep(fv, "tahun", arena_printf(req->arena, "%lld", (long long)json_integer_value(json_object_get(row, "fiscal_year"))));
	fv_keep(fv, "pagu", arena_printf(req->arena, "%lld", (long long)json_integer_value(json_object_get(row, "budget"))));
	fv_keep(fv, "realisasi", arena_printf(req->arena, "%lld", (long long)json_integer_value(json_object_get(row, "realization"))));
	fv_keep(fv, "progres", arena_printf(req->arena, "%lld", (long long)json_integer_value(json_object_get(row, "progress"))));
	json_t *lat = json_object_get(row, "latitude"), *lon = json_object_get(row, "longitude");
	fv_keep(fv, "lintang", json_is_number(lat) ? arena_printf(req->arena, "%.6f", json_number_value(lat)) : "");
	fv_keep(fv, "bujur", json_is_number(lon) ? arena_printf(req->arena, "%.6f", json_number_value(lon)) : "");
	json_t *targets = json_loads(json_string_value(json_object_get(row, "targets")), 0, NULL);
	buf b;
	buf_init(&b, 8192);
	size_t i;
	json_t *t;
	json_array_foreach(targets, i, t)
	{
		buf_puts(&b, json_string_value(t) ? json_string_value(t) : "");
		buf_putc(&b, '\n');
	}
	json_decref(targets);
	fv_keep(fv, "target", b.data && !buf_failed(&b) ? arena_strndup(req->arena, b.data, b.len) : "");
	buf_free(&b);
}

static json_t *edit_context(request *req, json_t *row, bool has_children)
{
	char key[64];
	snprintf(key, sizeof(key), "program_form.edit_%s", json_string_value(json_object_get(row, "level")));
	return json_pack("{s:s, s:O, s:s, s:O, s:b, s:b, s:s}", "heading", locale_get(key), "level",
	                 json_object_get(row, "level"), "agency", request_param(req, "slug"), "title",
	                 json_object_get(row, "title"), "has_children", has_children, "is_new", 0,
	                 "url", program_url(req->arena, json_integer_value(json_object_get(row, "id")),
	                                    json_string_value(json_object_get(row, "title"))));
}

static int children_count(db *c, int64_t id, int64_t *n)
{
	int rc = db_query_int(c, "SELECT count(*) FROM programs WHERE parent_id = ?", DB_ARGS(DB_INT(id)), n);
	return rc == DB_ROW ? DB_OK : rc;
}

/* The programme of the path with its number of children; false (and pg
 * answered: 404 or the database error) when there is none. */
static bool edit_target(request *req, page *pg, db **c, json_t **row, int64_t *kids)
{
	*c = db_thread();
	*row = NULL;
	*kids = 0;
	int rc = *c ? programs_in_path(req, *c, request_param_id(req), row) : DB_UNAVAILABLE;
	if (rc == DB_ROW)
		rc = children_count(*c, request_param_id(req), kids) == DB_OK ? DB_ROW : DB_ERROR;
	if (rc == DB_ROW)
		return true;
	json_decref(*row);
	*row = NULL;
	if (rc == DB_DONE)
		page_not_found(pg);
	else
		page_db_error(req, pg, *c, rc);
	return false;
}

void programs_edit_page(request *req, page *pg)
{
	int64_t id = request_param_id(req), kids = 0;
	db *c;
	json_t *row;
	if (!edit_target(req, pg, &c, &row, &kids))
		return;
	formview fv;
	fv_init(&fv);
	keep_row(req, &fv, row);
	json_t *ctx = edit_context(req, row, kids > 0);
	json_decref(row);
	show_form(req, pg, c, &fv, ctx, 200, arena_printf(req->arena, "/dinas/%s/program/%lld/ubah",
	                                                  request_param(req, "slug"), (long long)id));
}

void programs_edit_submit(request *req, page *pg)
{
	const account *me = accounts_current(req);
	int64_t id = request_param_id(req), kids = 0;
	db *c;
	json_t *row;
	if (!edit_target(req, pg, &c, &row, &kids))
		return;
	formview fv;
	fv_init(&fv);
	program_fields p = { 0 };
	int rc = read_fields(req, c, &fv, &p, kids > 0);
	p.level = json_string_value(json_object_get(row, "level"));
	p.agency_id = json_integer_value(json_object_get(row, "agency_id"));
	p.parent_id = json_integer_value(json_object_get(row, "parent_id"));
	json_t *ctx = edit_context(req, row, kids > 0);
	json_decref(row);
	const char *action = arena_printf(req->arena, "/dinas/%s/program/%lld/ubah", request_param(req, "slug"), (long long)id);
	if (rc != DB_OK) {
		json_decref(ctx);
		page_db_error(req, pg, c, rc);
		return;
	}
	if (!fv_ok(&fv)) {
		show_form(req, pg, c, &fv, ctx, 422, action);
		return;
	}
	json_decref(ctx);
	rc = db_begin(c, true);
	if (rc == DB_OK)
		rc = programs_save(c, &p, me->id, &id);
	if (rc == DB_OK)
		rc = db_commit(c);
	if (rc != DB_OK) {
		db_rollback(c);
		page_db_error(req, pg, c, rc);
		return;
	}
	page_redirect(pg, 303, arena_printf(req->arena, "%s?pesan=program_disimpan",
	                                    program_url(req->arena, id, p.title)));
}
