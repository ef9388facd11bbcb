/*
 * dip_web.c - the Daftar Informasi Publik for everyone: /dip (every
 * PPID's items, by department ?dinas=, category ?kategori= and words ?q=
 * understood with Indonesian stems, 25 a page), /dip/:id (one item, its
 * documents unless it is exempt) and /dip/unduh (the list as CSV).
 *
 * An exempt item (dikecualikan) is listed with its ground and the
 * consequence test, never with its documents: neither page nor twin
 * names them, so their addresses (/berkas/<hash>) are not published.
 */
#include <stdio.h>
#include <string.h>

#include "agencies/agencies.h"
#include "core/buf.h"
#include "http/parse.h"
#include "kip/desk.h"
#include "kip/dip.h"
#include "kip/kip.h"
#include "uploads/uploads.h"
#include "view/formview.h"
#include "view/csv.h"
#include "view/locale.h"

#define PAGE 25
#define CSV_ROWS 100000
#define CSV_MAX (16u * 1024 * 1024)

static http_params filter_params(request *req)
{
	static const char *const keys[] = { "dinas", "kategori", "q" };
	http_params p = { 0 };
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *v = http_params_get(&req->query, keys[i]);
		if (v != NULL && v[0] && strlen(v) <= 200)
			http_params_add(req->arena, &p, keys[i], v, strlen(v));
	}
	return p;
}

/* The filter's selects: departments (the main PPID first), categories. */
static int choices(db *c, request *req, json_t *m)
{
	const char *dinas = http_params_get(&req->query, "dinas");
	const char *kategori = http_params_get(&req->query, "kategori");
	json_t *departments = NULL, *districts = NULL;
	int rc = agencies_choices(c, dinas ? dinas : "", "", &departments, &districts);
	json_decref(districts);
	if (rc != DB_OK)
		return rc;
	json_array_insert_new(departments, 0, json_pack("{s:s, s:s, s:b}", "value", KIP_DIP_MAIN, "label",
		locale_get("kip_request.main_ppid"), "selected", dinas && strcmp(dinas, KIP_DIP_MAIN) == 0));
	json_object_set_new(m, "departments", departments);
	json_object_set_new(m, "categories", fv_options("kip_dip.categories", kip_dip_categories,
	                                                KIP_DIP_CATEGORIES, kategori ? kategori : ""));
	return DB_OK;
}

void kip_dip_page(request *req, page *pg)
{
	db *c = db_thread();
	dip_filter f;
	json_t *rows = NULL;
	int64_t count = 0;
	int rc = c ? dip_filter_from(req, c, &f, PAGE + 1) : DB_UNAVAILABLE;
	if (rc == DB_OK)
		rc = dip_list(c, &f, &rows);
	if (rc == DB_OK)
		rc = dip_count(c, &f, &count);
	json_t *m = json_object();
	if (rc == DB_OK)
		rc = choices(c, req, m);
	if (rc != DB_OK) {
		json_decref(rows);
		json_decref(m);
		page_db_error(req, pg, c, rc);
		return;
	}
	bool more = json_array_size(rows) > PAGE;
	if (more)
		json_array_remove(rows, PAGE);
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
		dip_decorate(req->arena, r);
	http_params p = filter_params(req);
	const char *qs = http_query_encode(req->arena, &p);
	qs = qs ? qs : "";
	if (more) {
		json_int_t last = json_integer_value(json_object_get(json_array_get(rows, PAGE - 1), "id"));
		json_object_set_new(m, "next", json_string(arena_printf(req->arena, "/dip?%s%ssetelah=%lld", qs,
			qs[0] ? "&" : "", (long long)last)));
	}
	if (f.after > 0)
		json_object_set_new(m, "first", json_string(arena_printf(req->arena, "/dip%s%s", qs[0] ? "?" : "", qs)));
	const char *q = http_params_get(&p, "q");
	json_object_set_new(m, "q", json_string(q ? q : ""));
	json_object_set_new(m, "filtered", json_boolean(qs[0] != '\0'));
	json_object_set_new(m, "csv", json_string(arena_printf(req->arena, "/dip/unduh%s%s", qs[0] ? "?" : "", qs)));
	json_object_set_new(m, "count", json_integer((json_int_t)count));
	json_object_set_new(m, "empty", json_boolean(json_array_size(rows) == 0));
	json_object_set_new(m, "items", rows);
	const account *me = accounts_current(req);
	json_object_set_new(m, "is_ppid", json_boolean(me != NULL && (me->roles & ROLE_PPID)));
	pg->model = m;
	pg->title = locale_get("kip_dip.title");
}

void kip_dip_item_page(request *req, page *pg)
{
	db *c = db_thread();
	json_t *item = NULL, *files = NULL;
	int rc = c ? dip_get(c, request_param_id(req), &item) : DB_UNAVAILABLE;
	if (rc == DB_DONE) {
		page_not_found(pg);
		return;
	}
	if (rc == DB_ROW)
		dip_decorate(req->arena, item);
	bool exempt = rc == DB_ROW && json_is_true(json_object_get(item, "exempt"));
	rc = rc != DB_ROW ? rc : exempt ? DB_OK : dip_files(c, json_integer_value(json_object_get(item, "id")), &files);
	if (rc != DB_OK) {
		json_decref(item);
		page_db_error(req, pg, c, rc);
		return;
	}
	if (!exempt) {
		size_t i;
		json_t *f;
		json_array_foreach(files, i, f)
			uploads_decorate(req->arena, f);
	}
	const account *me = accounts_current(req);
	json_object_set_new(item, "documents", files ? files : json_array());
	json_object_set_new(item, "has_documents", json_boolean(json_array_size(files) > 0));
	json_object_set_new(item, "can_edit", json_boolean(me != NULL &&
		kip_desk_handles(me, json_integer_value(json_object_get(item, "agency_id")))));
	pg->model = json_pack("{s:o}", "item", item);
	pg->title = json_string_value(json_object_get(item, "title"));
}

static const char *label(char *key, size_t n, const char *prefix, const char *value)
{
	snprintf(key, n, "%s.%s", prefix, value ? value : "");
	return locale_get(key);
}

/* One item of the list (dip.h's columns, in order) as a CSV line. */
static void csv_row(void *ctx, db_stmt *st)
{
	buf *b = ctx;
	char key[64];
	const char *agency = db_column_text(st, 3);
	buf_printf(b, "%lld,", (long long)db_column_int(st, 0));
	csv_cell(b, agency ? agency : locale_get("kip_request.main_ppid"), false);
	csv_cell(b, label(key, sizeof(key), "kip_dip.categories", db_column_text(st, 4)), false);
	for (int col = 5; col <= 7; col++) /* title, summary, official */
		csv_cell(b, db_column_text(st, col), false);
	csv_cell(b, label(key, sizeof(key), "kip_dip.formats", db_column_text(st, 8)), false);
	csv_cell(b, db_column_text(st, 9), false);
	buf_printf(b, "%lld,", (long long)db_column_int(st, 10));
	csv_cell(b, db_column_text(st, 11) ? label(key, sizeof(key), "kip_exemption", db_column_text(st, 11)) : "", false);
	buf_printf(b, "%s/dip/%lld\r\n", kip_base_url(), (long long)db_column_int(st, 0));
}

/* GET /dip/unduh: the whole filtered list, row by row from the statement
 * (no page of JSON in the request's memory). */
void kip_dip_csv(request *req, page *pg)
{
	db *c = db_thread();
	dip_filter f;
	int rc = c ? dip_filter_from(req, c, &f, CSV_ROWS) : DB_UNAVAILABLE;
	f.after = 0;
	buf b;
	buf_init(&b, CSV_MAX);
	buf_puts(&b, "\xEF\xBB\xBF" /* BOM: spreadsheets then read UTF-8 */
	             "id,ppid,kategori,judul,ringkasan,pejabat_penguasa,format,jangka_waktu_penyimpanan,tahun,"
	             "dasar_pengecualian,tautan\r\n");
	if (rc == DB_OK)
		rc = dip_each(c, &f, csv_row, &b);
	if (rc != DB_OK || buf_failed(&b)) {
		buf_free(&b);
		if (rc != DB_OK)
			page_db_error(req, pg, c, rc);
		else
			page_fail(req, pg, "CSV larger than its limit");
		return;
	}
	response_set_buf(pg->res, 200, "text/csv; charset=utf-8", &b);
	pg->res->compressible = true;
	response_header(pg->res, "Content-Disposition", "attachment; filename=\"daftar-informasi-publik.csv\"");
	pg->raw = true;
}
