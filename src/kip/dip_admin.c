/*
 * dip_admin.c - the PPID keeps the Daftar Informasi Publik: /ppid/dip
 * lists the items this PPID keeps (a department's PPID: its departments';
 * the main PPID: every one), /ppid/dip/baru adds one, /ppid/dip/:id
 * changes one (dip_files.c: its documents, deleting it). The route lets
 * every PPID in; which items are theirs is checked here, so another
 * department's item is a 403 and a department they do not keep is a
 * message beside the field.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agencies/agencies.h"
#include "calendar/calendar.h"
#include "core/clock.h"
#include "http/parse.h"
#include "kip/desk.h"
#include "kip/dip.h"
#include "kip/kip.h"
#include "kip/rules.h"
#include "kip/state.h"
#include "uploads/uploads.h"
#include "view/formview.h"
#include "view/locale.h"

#define DESK_PAGE 50

static const char *message(const request *req)
{
	static const char *const known[] = { "dibuat", "disimpan", "dihapus", "berkas_ditambahkan", "berkas_dihapus" };
	const char *pesan = http_params_get(&req->query, "pesan");
	for (size_t i = 0; pesan != NULL && i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(pesan, known[i]) == 0) {
			char key[64];
			snprintf(key, sizeof(key), "kip_dip.messages.%s", known[i]);
			return locale_get(key);
		}
	return NULL;
}

void kip_dip_desk_page(request *req, page *pg)
{
	const account *me = accounts_current(req);
	db *c = db_thread();
	dip_filter f;
	json_t *rows = NULL;
	int64_t count = 0;
	int rc = c ? dip_filter_from(req, c, &f, DESK_PAGE + 1) : DB_UNAVAILABLE;
	if (!kip_desk_main(me))
		f.ppid_user = me->id;
	if (rc == DB_OK)
		rc = dip_list(c, &f, &rows);
	if (rc == DB_OK)
		rc = dip_count(c, &f, &count);
	if (rc != DB_OK) {
		json_decref(rows);
		page_db_error(req, pg, c, rc);
		return;
	}
	json_t *next = json_null();
	if (json_array_size(rows) > DESK_PAGE) {
		json_array_remove(rows, DESK_PAGE);
		next = json_string(arena_printf(req->arena, "/ppid/dip?setelah=%lld",
			(long long)json_integer_value(json_object_get(json_array_get(rows, DESK_PAGE - 1), "id"))));
	}
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
		dip_decorate(req->arena, r);
	const char *flash = message(req);
	pg->model = json_pack("{s:o, s:I, s:b, s:b, s:o, s:s?}", "items", rows, "count", (json_int_t)count,
		"main", kip_desk_main(me), "empty", json_array_size(rows) == 0, "next", next, "message", flash);
	pg->title = locale_get("kip_dip.desk_title");
}

/* The item at /ppid/dip/:id when this PPID keeps it; NULL when pg says
 * why not (404, 403, the database). */
json_t *kip_dip_open(request *req, page *pg, db **cp)
{
	db *c = *cp = db_thread();
	json_t *item = NULL;
	int rc = c ? dip_get(c, request_param_id(req), &item) : DB_UNAVAILABLE;
	if (!page_loaded(req, pg, c, rc))
		return NULL;
	if (!kip_desk_handles(accounts_current(req), json_integer_value(json_object_get(item, "agency_id")))) {
		json_decref(item);
		pg->status = 403;
		pg->error = "kip_dip.not_yours";
		return NULL;
	}
	dip_decorate(req->arena, item);
	return item;
}

static const char *kept(formview *fv, const char *field)
{
	const char *v = json_string_value(json_object_get(fv->values, field));
	return v ? v : "";
}

/* The form, new (item NULL) or of item (taken), with fv's values and
 * messages. */
void kip_dip_form_show(request *req, page *pg, db *c, json_t *item, formview *fv, unsigned status)
{
	json_t *ppids = NULL, *files = NULL;
	int rc = dip_ppid_choices(c, accounts_current(req), kept(fv, "ppid"), &ppids);
	bool exempt = item != NULL && json_is_true(json_object_get(item, "exempt"));
	if (rc == DB_OK && item != NULL)
		rc = dip_files(c, json_integer_value(json_object_get(item, "id")), &files);
	if (rc != DB_OK) {
		json_decref(item);
		json_decref(ppids);
		json_decref(fv_model(fv));
		page_db_error(req, pg, c, rc);
		return;
	}
	size_t i;
	json_t *f;
	json_array_foreach(files, i, f)
		uploads_decorate(req->arena, f);
	/* the selects before fv_model, which empties fv (json_pack's arguments have no order) */
	json_t *categories = fv_options("kip_dip.categories", kip_dip_categories, KIP_DIP_CATEGORIES, kept(fv, "kategori"));
	json_t *formats = fv_options("kip_dip.formats", kip_dip_formats, KIP_DIP_FORMATS, kept(fv, "format"));
	json_t *exemptions = fv_options("kip_exemption", kip_exemptions, KIP_EXEMPTIONS, kept(fv, "pengecualian"));
	const char *action = item ? arena_printf(req->arena, "/ppid/dip/%lld",
		(long long)json_integer_value(json_object_get(item, "id"))) : "/ppid/dip/baru";
	json_t *m = json_pack("{s:o, s:b, s:s, s:o, s:o, s:o, s:o}", "item", item ? item : json_null(),
		"is_new", item == NULL, "action", action, "ppids", ppids, "categories", categories,
		"formats", formats, "exemptions", exemptions);
	json_object_set_new(m, "documents", files ? files : json_array());
	json_object_set_new(m, "documents_hidden", json_boolean(exempt));
	json_object_set_new(m, "form", fv_model(fv));
	const char *flash = message(req), *csrf = accounts_csrf_token(req, pg->res);
	json_object_set_new(m, "message", flash ? json_string(flash) : json_null());
	json_object_set_new(m, "csrf_token", csrf ? json_string(csrf) : json_null());
	json_object_set_new(m, "max_upload_mb", json_integer((json_int_t)(uploads_max() / (1024 * 1024))));
	pg->model = m;
	pg->template = "dip_form";
	pg->title = locale_get(item ? "kip_dip.edit_title" : "kip_dip.new_title");
	pg->status = status;
}

/* The department named by the form: 0 for the main PPID; a field error
 * when there is none by that name or this PPID does not keep it. */
static int department(db *c, formview *fv, const request *req, int64_t *agency)
{
	const char *ppid = fv_text(fv, req, "ppid", 80, "kip_dip.ppid_required", false);
	*agency = 0;
	if (ppid == NULL || ppid[0] == '\0')
		return DB_OK;
	if (strcmp(ppid, KIP_DIP_MAIN) != 0) {
		int rc = agencies_id(c, ppid, agency);
		if (rc == DB_DONE) {
			fv_fail(fv, "ppid", "kip_dip.ppid_unknown");
			return DB_OK;
		}
		if (rc != DB_ROW)
			return rc;
	}
	if (!kip_desk_handles(accounts_current(req), *agency))
		fv_fail(fv, "ppid", "kip_dip.ppid_not_yours");
	return DB_OK;
}

static const char *choice(formview *fv, const request *req, const char *field, const char *const *list,
                          size_t n, const char *message_key)
{
	const char *v = fv_text(fv, req, field, 40, message_key, false);
	if (v != NULL && v[0] && !kip_one_of(v, list, n))
		fv_fail(fv, field, message_key);
	return v;
}

static int read_item(request *req, db *c, formview *fv, dip_item *it)
{
	memset(it, 0, sizeof(*it));
	int rc = department(c, fv, req, &it->agency_id);
	it->category = choice(fv, req, "kategori", kip_dip_categories, KIP_DIP_CATEGORIES, "kip_dip.category_required");
	it->title = fv_text(fv, req, "judul", 200, "kip_dip.title_required", false);
	it->summary = fv_text(fv, req, "ringkasan", 4000, "kip_dip.summary_required", false);
	it->official = fv_text(fv, req, "pejabat", 200, "kip_dip.official_required", false);
	it->format = choice(fv, req, "format", kip_dip_formats, KIP_DIP_FORMATS, "kip_dip.format_required");
	it->retention = fv_text(fv, req, "retensi", 100, "kip_dip.retention_required", false);
	const char *year = fv_text(fv, req, "tahun", 4, "kip_dip.year_invalid", false);
	int y, mo, d;
	calendar_civil(calendar_wib_day(clock_now()), &y, &mo, &d);
	char *end = NULL;
	long v = year && year[0] ? strtol(year, &end, 10) : 0;
	if (year && year[0] && (end == NULL || *end != '\0' || strlen(year) != 4 || v < 1945 || v > y + 1))
		fv_fail(fv, "tahun", "kip_dip.year_invalid");
	it->year = (int)v;
	if (it->category && strcmp(it->category, KIP_DIP_EXEMPT) == 0) { /* Pasal 17 and its test, as a refusal */
		it->exemption = choice(fv, req, "pengecualian", kip_exemptions, KIP_EXEMPTIONS, "kip_desk.exemption_required");
		it->test = fv_text(fv, req, "uji_konsekuensi", 8000, "kip_desk.test_required", false);
	}
	if (!it->category || !it->title || !it->summary || !it->official || !it->format || !it->retention || !year)
		return DB_ERROR; /* the request's memory ran out */
	return rc;
}

/* Reads and saves the form for item id (0: a new one); the form again on
 * a mistake. */
static void save(request *req, page *pg, db *c, json_t *item, int64_t id)
{
	formview fv;
	fv_init(&fv);
	dip_item it;
	int rc = read_item(req, c, &fv, &it);
	if (rc == DB_OK && !fv_ok(&fv)) {
		kip_dip_form_show(req, pg, c, item, &fv, 422);
		return;
	}
	bool fresh = item == NULL;
	json_decref(item);
	json_decref(fv_model(&fv));
	if (rc == DB_OK)
		rc = dip_save(c, req->arena, &it, accounts_current(req)->id, &id);
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	page_redirect(pg, 303, arena_printf(req->arena, "/ppid/dip/%lld?pesan=%s", (long long)id,
	                                    fresh ? "dibuat" : "disimpan"));
}

void kip_dip_new_page(request *req, page *pg)
{
	db *c = db_thread();
	if (c == NULL) {
		page_db_error(req, pg, c, DB_UNAVAILABLE);
		return;
	}
	formview fv;
	fv_init(&fv);
	const account *me = accounts_current(req);
	for (size_t i = 0; i < me->ngrants; i++) /* a first visit: this PPID's own department */
		if (me->grants[i].role == ROLE_PPID)
			fv_keep(&fv, "ppid", me->grants[i].agency_slug ? me->grants[i].agency_slug : KIP_DIP_MAIN);
	kip_dip_form_show(req, pg, c, NULL, &fv, 200);
}

void kip_dip_new_submit(request *req, page *pg)
{
	db *c = db_thread();
	if (c == NULL) {
		page_db_error(req, pg, c, DB_UNAVAILABLE);
		return;
	}
	save(req, pg, c, NULL, 0);
}

void kip_dip_form_fill(arena *a, formview *fv, json_t *item)
{
	static const char *const fields[][2] = {
		{ "kategori", "category" }, { "judul", "title" }, { "ringkasan", "summary" }, { "pejabat", "official" },
		{ "format", "format" }, { "retensi", "retention" }, { "pengecualian", "exemption" },
		{ "uji_konsekuensi", "consequence_test" },
	};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		const char *v = json_string_value(json_object_get(item, fields[i][1]));
		if (v != NULL)
			fv_keep(fv, fields[i][0], v);
	}
	const char *slug = json_string_value(json_object_get(item, "agency_slug"));
	fv_keep(fv, "ppid", slug ? slug : KIP_DIP_MAIN);
	fv_keep(fv, "tahun", arena_printf(a, "%lld", (long long)json_integer_value(json_object_get(item, "year"))));
}

void kip_dip_edit_page(request *req, page *pg)
{
	db *c;
	json_t *item = kip_dip_open(req, pg, &c);
	if (item == NULL)
		return;
	formview fv;
	fv_init(&fv);
	kip_dip_form_fill(req->arena, &fv, item);
	kip_dip_form_show(req, pg, c, item, &fv, 200);
}

void kip_dip_edit_submit(request *req, page *pg)
{
	db *c;
	json_t *item = kip_dip_open(req, pg, &c);
	if (item != NULL)
		save(req, pg, c, item, json_integer_value(json_object_get(item, "id")));
}
