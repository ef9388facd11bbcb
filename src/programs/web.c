/*
 * web.c - the public programme pages: the list with filters, totals and
 * its CSV, one programme with its kegiatan, timeline and history, and
 * following one.
 */
#include <stdio.h>
#include <string.h>

#include "accounts/accounts.h"
#include "core/buf.h"
#include "core/str.h"
#include "http/form.h"
#include "ledger/ledger.h"
#include "programs/programs.h"
#include "programs/rules.h"
#include "programs/store.h"
#include "programs/view.h"
#include "programs/web.h"
#include "uploads/uploads.h"
#include "view/format.h"
#include "view/formview.h"
#include "view/csv.h"
#include "view/locale.h"
#include "view/markdown.h"
#include "view/syndicate.h"

#define CSV_MAX (32u * 1024 * 1024)

/* --- the list ---------------------------------------------------------- */

static const char *query(const request *req, const char *name)
{
	const char *v = http_params_get(&req->query, name);
	return v != NULL && strlen(v) <= 100 ? v : "";
}

/* Reads the filters from the query; the cursor "setelah" is "ID" or
 * "VALUE_ID" (budget and progress orders). */
void programs_filter_from(const request *req, program_filter *f, int limit)
{
	memset(f, 0, sizeof(*f));
	f->agency = query(req, "dinas");
	f->status = query(req, "status");
	f->kecamatan = query(req, "kecamatan");
	f->funding = query(req, "sumber");
	f->limit = limit;
	int64_t year = 0;
	const char *y = query(req, "tahun");
	if (y[0] && str_to_i64(str_c(y), false, &year) && year >= 2000 && year <= 2100)
		f->year = year;
	const char *sort = query(req, "urut");
	f->sort = strcmp(sort, "anggaran") == 0 ? SORT_BUDGET :
	          strcmp(sort, "progres") == 0 ? SORT_PROGRESS : SORT_NEWEST;
	const char *after = query(req, "setelah");
	const char *cut = strchr(after, '_');
	int64_t v = 0, id = 0;
	if (f->sort == SORT_NEWEST) {
		if (str_to_i64(str_c(after), false, &id))
			f->after_id = id;
	} else if (cut != NULL && str_to_i64((str){ after, (size_t)(cut - after) }, false, &v) &&
	           str_to_i64(str_c(cut + 1), false, &id)) {
		f->after_value = v;
		f->after_id = id;
	}
}

/* The query string of the filters (without the cursor), for links. */
static http_params filter_params(request *req)
{
	static const char *const keys[] = { "dinas", "status", "tahun", "kecamatan", "sumber", "urut" };
	http_params p = { 0 };
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *v = query(req, keys[i]);
		if (v[0])
			http_params_add(req->arena, &p, keys[i], v, strlen(v));
	}
	return p;
}

static int filter_choices(request *req, db *c, const program_filter *f, json_t *m)
{
	json_t *agencies = NULL, *kecamatan = NULL, *years = NULL;
	int rc = db_query_json(c,
		"SELECT slug AS value, name AS label FROM agencies a WHERE EXISTS "
		"(SELECT 1 FROM programs p WHERE p.agency_id = a.id) ORDER BY sort_order, name",
		DB_NOARGS, &agencies);
	if (rc == DB_OK)
		rc = db_query_json(c,
			"SELECT slug AS value, name AS label FROM agencies WHERE kind = 'kecamatan' ORDER BY name",
			DB_NOARGS, &kecamatan);
	if (rc == DB_OK)
		rc = db_query_json(c, /* a skip scan of programs_by_year, newest first */
			"WITH RECURSIVE y (value) AS (SELECT max(fiscal_year) FROM programs "
			"UNION ALL SELECT (SELECT max(fiscal_year) FROM programs WHERE fiscal_year < y.value) "
			"FROM y WHERE y.value IS NOT NULL) SELECT value FROM y WHERE value IS NOT NULL",
			DB_NOARGS, &years);
	if (rc != DB_OK) {
		json_decref(agencies);
		json_decref(kecamatan);
		return rc;
	}
	fv_choose(agencies, f->agency);
	fv_choose(kecamatan, f->kecamatan);
	size_t i;
	json_t *y;
	json_array_foreach(years, i, y)
	{
		json_object_set_new(y, "selected", json_boolean(json_integer_value(json_object_get(y, "value")) == f->year));
	}
	static const char *const sorts[] = { "terbaru", "anggaran", "progres" };
	const char *sort = f->sort == SORT_BUDGET ? "anggaran" : f->sort == SORT_PROGRESS ? "progres" : "terbaru";
	json_object_set_new(m, "choices", json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}",
		"agencies", agencies, "kecamatan", kecamatan, "years", years,
		"statuses", fv_options("program_status", program_statuses, 5, f->status),
		"fundings", fv_options("funding", program_fundings, 6, f->funding),
		"sorts", fv_options("program_sort", sorts, 3, sort)));
	(void)req;
	return DB_OK;
}

static void decorate_totals(arena *a, json_t *t)
{
	int64_t b = json_integer_value(json_object_get(t, "budget"));
	int64_t r = json_integer_value(json_object_get(t, "realization"));
	json_object_set_new(t, "budget_label", json_string(rupiah_format(a, b)));
	json_object_set_new(t, "realization_label", json_string(rupiah_format(a, r)));
	json_object_set_new(t, "budget_short", json_string(rupiah_short(a, b)));
	json_object_set_new(t, "realization_short", json_string(rupiah_short(a, r)));
	json_object_set_new(t, "absorption", json_integer(b > 0 ? (json_int_t)(r * 100 / b) : 0));
}

void programs_index_page(request *req, page *pg)
{
	program_filter f;
	programs_filter_from(req, &f, PROGRAM_PAGE);
	db *c = db_thread();
	json_t *rows = NULL, *totals = NULL;
	int rc = c ? programs_resolve(c, &f) : DB_UNAVAILABLE;
	if (rc == DB_OK)
		rc = programs_list(c, &f, &rows);
	if (rc == DB_OK)
		rc = programs_totals(c, &f, &totals);
	if (rc != DB_OK) {
		json_decref(rows);
		page_db_error(req, pg, c, rc);
		return;
	}
	bool more = json_array_size(rows) > (size_t)f.limit;
	if (more)
		json_array_remove(rows, (size_t)f.limit);
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		program_decorate(req->arena, r);
	}
	decorate_totals(req->arena, totals);
	json_array_foreach(json_object_get(totals, "by_status"), i, r)
	{
		decorate_totals(req->arena, r);
		const char *s = json_string_value(json_object_get(r, "status"));
		char k[64];
		snprintf(k, sizeof(k), "program_status.%s", s ? s : "");
		json_object_set_new(r, "label", json_string(locale_get(k)));
	}
	json_array_foreach(json_object_get(totals, "by_agency"), i, r)
	{
		decorate_totals(req->arena, r);
	}
	json_t *m = json_pack("{s:o, s:o}", "programs", rows, "totals", totals);
	http_params p = filter_params(req);
	const char *qs = http_query_encode(req->arena, &p);
	if (more) {
		json_t *last = json_array_get(rows, json_array_size(rows) - 1);
		json_int_t id = json_integer_value(json_object_get(last, "id"));
		const char *key = f.sort == SORT_BUDGET ? "budget" : "progress";
		const char *cursor = f.sort == SORT_NEWEST
			? arena_printf(req->arena, "%lld", (long long)id)
			: arena_printf(req->arena, "%lld_%lld",
			               (long long)json_integer_value(json_object_get(last, key)), (long long)id);
		json_object_set_new(m, "next", json_string(arena_printf(req->arena, "/program?%s%ssetelah=%s",
			qs, qs[0] ? "&" : "", cursor)));
	}
	if (f.after_id != 0)
		json_object_set_new(m, "first", json_string(arena_printf(req->arena, "/program%s%s",
			qs[0] ? "?" : "", qs)));
	json_object_set_new(m, "csv", json_string(arena_printf(req->arena, "/program/unduh%s%s",
		qs[0] ? "?" : "", qs)));
	json_object_set_new(m, "filtered", json_boolean(qs[0] != '\0'));
	if ((rc = filter_choices(req, c, &f, m)) != DB_OK) {
		json_decref(m);
		page_db_error(req, pg, c, rc);
		return;
	}
	pg->model = m;
	pg->title = locale_get("programs.title");
}

/* --- CSV --------------------------------------------------------------- */

static void csv_int(buf *b, json_t *v)
{
	if (json_is_integer(v))
		buf_printf(b, "%lld,", (long long)json_integer_value(v));
	else
		buf_putc(b, ',');
}

void programs_csv(request *req, page *pg)
{
	program_filter f;
	programs_filter_from(req, &f, 1000);
	f.after_id = 0;
	f.after_value = 0;
	db *c = db_thread();
	buf b;
	buf_init(&b, CSV_MAX);
	buf_puts(&b, "\xEF\xBB\xBF" /* BOM: spreadsheets then read UTF-8 */
	             "id,judul,dinas,status,tahun_anggaran,pagu_rupiah,realisasi_rupiah,sumber_dana,"
	             "kecamatan,progres_persen,mulai,selesai,tautan\r\n");
	int rc = c ? programs_resolve(c, &f) : DB_UNAVAILABLE;
	for (;;) {
		json_t *rows = NULL;
		if (rc != DB_OK || (rc = programs_list(c, &f, &rows)) != DB_OK)
			break;
		size_t n = json_array_size(rows), i;
		json_t *r;
		json_array_foreach(rows, i, r)
		{
			if (i == (size_t)f.limit)
				break;
			csv_int(&b, json_object_get(r, "id"));
			csv_cell(&b, json_string_value(json_object_get(r, "title")), false);
			csv_cell(&b, json_string_value(json_object_get(r, "agency_name")), false);
			csv_cell(&b, json_string_value(json_object_get(r, "status")), false);
			csv_int(&b, json_object_get(r, "fiscal_year"));
			csv_int(&b, json_object_get(r, "budget"));
			csv_int(&b, json_object_get(r, "realization"));
			csv_cell(&b, json_string_value(json_object_get(r, "funding")), false);
			csv_cell(&b, json_string_value(json_object_get(r, "kecamatan_name")), false);
			csv_int(&b, json_object_get(r, "progress"));
			csv_cell(&b, json_string_value(json_object_get(r, "start_date")), false);
			csv_cell(&b, json_string_value(json_object_get(r, "end_date")), false);
			csv_cell(&b, program_url(req->arena, json_integer_value(json_object_get(r, "id")),
			                         json_string_value(json_object_get(r, "title"))), true);
		}
		bool more = n > (size_t)f.limit;
		if (more) {
			json_t *last = json_array_get(rows, (size_t)f.limit - 1);
			f.after_id = json_integer_value(json_object_get(last, "id"));
			f.after_value = json_integer_value(json_object_get(last,
				f.sort == SORT_BUDGET ? "budget" : "progress"));
		}
		json_decref(rows);
		if (!more)
			break;
	}
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
	response_header(pg->res, "Content-Disposition", "attachment; filename=\"program.csv\"");
	pg->raw = true;
}

/* --- one programme ------------------------------------------------------ */

static void tree(request *req, json_t *program, json_t *rows)
{
	json_int_t id = json_integer_value(json_object_get(program, "id"));
	json_t *children = json_array();
	size_t i, k;
	json_t *r, *kid;
	json_array_foreach(rows, i, r)
	{
		program_decorate(req->arena, r);
		if (json_integer_value(json_object_get(r, "parent_id")) == id)
			json_array_append(children, r);
	}
	json_array_foreach(children, i, kid)
	{
		json_int_t kid_id = json_integer_value(json_object_get(kid, "id"));
		json_t *grand = json_array();
		json_array_foreach(rows, k, r)
		{
			if (json_integer_value(json_object_get(r, "parent_id")) == kid_id)
				json_array_append(grand, r);
		}
		json_object_set_new(kid, "children", grand);
	}
	json_object_set_new(program, "children", children);
}

static void history(request *req, json_t *versions)
{
	size_t i, k;
	json_t *v, *ch;
	json_array_foreach(versions, i, v)
	{
		json_t *changes = json_loads(json_string_value(json_object_get(v, "changes")), 0, NULL);
		if (!json_is_array(changes)) {
			json_decref(changes);
			changes = json_array();
		}
		json_array_foreach(changes, k, ch)
		{
			char key[64];
			snprintf(key, sizeof(key), "program_field.%s",
			         json_string_value(json_object_get(ch, "field")));
			json_object_set_new(ch, "label", json_string(locale_get(key)));
			for (int side = 0; side < 2; side++) {
				const char *name = side ? "to" : "from";
				json_t *val = json_object_get(ch, name);
				char shown[32];
				snprintf(shown, sizeof(shown), "%s_text", name);
				const char *text = json_is_string(val) ? json_string_value(val) : NULL;
				if (json_is_integer(val))
					text = arena_printf(req->arena, "%lld", (long long)json_integer_value(val));
				else if (json_is_real(val))
					text = arena_printf(req->arena, "%.6f", json_real_value(val));
				json_object_set_new(ch, shown, json_string(text ? text : "—"));
			}
		}
		json_object_set_new(v, "changes", changes);
		const char *at = format_time_wib(req->arena, json_string_value(json_object_get(v, "at")));
		json_object_set_new(v, "at_label", at ? json_string(at) : json_null());
	}
}

static void timeline(request *req, json_t *updates, json_t *files)
{
	size_t i, k;
	json_t *u, *f;
	json_array_foreach(updates, i, u)
	{
		json_object_set_new(u, "body_html", json_string(markdown_html(req->arena, json_string_value(json_object_get(u, "body")))));
		const char *at = format_time_wib(req->arena, json_string_value(json_object_get(u, "at")));
		json_object_set_new(u, "at_label", at ? json_string(at) : json_null());
		const char *s = json_string_value(json_object_get(u, "status"));
		if (s != NULL) {
			char key[64];
			snprintf(key, sizeof(key), "program_status.%s", s);
			json_object_set_new(u, "status_label", json_string(locale_get(key)));
		}
		json_t *photos = json_array();
		json_int_t id = json_integer_value(json_object_get(u, "id"));
		json_array_foreach(files, k, f)
		{
			if (json_integer_value(json_object_get(f, "update_id")) == id)
				json_array_append(photos, f);
		}
		json_object_set_new(u, "files", photos);
	}
}

static void file_links(request *req, json_t *files, json_t *program)
{
	json_t *docs = json_array(), *photos = json_array();
	size_t i;
	json_t *f;
	json_array_foreach(files, i, f)
	{
		bool image = uploads_decorate(req->arena, f);
		if (json_is_null(json_object_get(f, "update_id")) || json_object_get(f, "update_id") == NULL)
			json_array_append(image ? photos : docs, f);
	}
	json_object_set_new(program, "has_files", json_boolean(json_array_size(docs) + json_array_size(photos) > 0));
	json_object_set_new(program, "documents", docs);
	json_object_set_new(program, "photos", photos);
}

int programs_detail_model(request *req, db *c, int64_t id, json_t **out)
{
	json_t *p = NULL, *kids = NULL, *versions = NULL, *updates = NULL, *files = NULL;
	int rc = programs_get(c, id, &p);
	if (rc != DB_ROW)
		return rc;
	rc = programs_descendants(c, id, &kids);
	if (rc == DB_OK)
		rc = programs_versions(c, id, &versions);
	if (rc == DB_OK)
		rc = programs_updates(c, id, &updates);
	if (rc == DB_OK)
		rc = programs_files(c, id, &files);
	const account *me = accounts_current(req);
	int64_t followers = 0;
	bool following = false;
	if (rc == DB_OK)
		rc = programs_followers(c, id, me ? me->id : 0, &followers, &following);
	if (rc != DB_OK) {
		json_decref(p);
		json_decref(kids);
		json_decref(versions);
		json_decref(updates);
		json_decref(files);
		return rc;
	}
	program_decorate(req->arena, p);
	json_object_set_new(p, "summary_html", json_string(markdown_html(req->arena, json_string_value(json_object_get(p, "summary")))));
	json_t *targets = json_loads(json_string_value(json_object_get(p, "targets")), 0, NULL);
	json_object_set_new(p, "targets", json_is_array(targets) ? targets : json_array());
	if (!json_is_array(targets))
		json_decref(targets);
	tree(req, p, kids);
	json_decref(kids);
	history(req, versions);
	file_links(req, files, p);
	timeline(req, updates, files);
	json_decref(files);
	json_int_t parent = json_integer_value(json_object_get(p, "parent_id"));
	if (parent)
		json_object_set_new(p, "parent_url", json_string(program_url(req->arena, parent,
			json_string_value(json_object_get(p, "parent_title")))));
	json_object_set_new(p, "versions", versions);
	json_object_set_new(p, "updates", updates);
	json_object_set_new(p, "changed", json_boolean(json_array_size(versions) > 1));
	json_object_set_new(p, "followers", json_integer(followers));
	json_object_set_new(p, "following", json_boolean(following));
	const char *updated = format_time_wib(req->arena, json_string_value(json_object_get(p, "updated_at")));
	json_object_set_new(p, "updated_label", updated ? json_string(updated) : json_null());
	int64_t agency = json_integer_value(json_object_get(p, "agency_id"));
	bool editor = accounts_holds(accounts_current(req), ROLE_PETUGAS, agency);
	json_object_set_new(p, "can_edit", json_boolean(editor));
	const char *roll = json_string_value(json_object_get(p, "rollup"));
	json_object_set_new(p, "rollup_average", json_boolean(roll && strcmp(roll, "average") == 0));
	json_object_set_new(p, "has_children", json_boolean(json_array_size(json_object_get(p, "children")) > 0));
	json_object_set_new(p, "can_have_children", json_boolean(strcmp(json_string_value(json_object_get(p, "level")), "subkegiatan") != 0));
	if (editor) {
		const char *slug = json_string_value(json_object_get(p, "agency"));
		json_object_set_new(p, "edit_url", json_string(arena_printf(req->arena, "/dinas/%s/program/%lld/ubah", slug, (long long)id)));
		json_object_set_new(p, "update_url", json_string(arena_printf(req->arena, "/dinas/%s/program/%lld/kabar", slug, (long long)id)));
		json_object_set_new(p, "file_url", json_string(arena_printf(req->arena, "/dinas/%s/program/%lld/berkas", slug, (long long)id)));
		json_object_set_new(p, "child_url", json_string(arena_printf(req->arena, "/dinas/%s/program/baru?induk=%lld", slug, (long long)id)));
	}
	json_object_set_new(p, "ledger", ledger_ref(c, "program", id)); /* its latest entry of the public record */
	*out = p;
	return DB_ROW;
}

void programs_show_page(request *req, page *pg)
{
	db *c = db_thread();
	json_t *p = NULL;
	int rc = c ? programs_detail_model(req, c, request_param_id(req), &p) : DB_UNAVAILABLE;
	/* one address per programme: /program/12 and old titles lead to the current one */
	page_item(req, pg, c, rc, p, "program");
	/* its news for feed readers (feeds.h); news portals may embed it */
	json_t *shown = json_object_get(pg->model, "program");
	if (shown != NULL) {
		syndicate_feed(pg->model, arena_printf(req->arena, "/program/%lld/atom", (long long)request_param_id(req)),
		               locale_get("syndication.feed_program"));
		syndicate_oembed(req->arena, pg->model, json_string_value(json_object_get(shown, "url")));
	}
}

void programs_follow_submit(request *req, page *pg)
{
	const account *me = accounts_current(req);
	int64_t id = request_param_id(req);
	const char *action = form_get(req, "aksi", NULL, NULL);
	bool follow = action == NULL || strcmp(action, "berhenti") != 0;
	db *c = db_thread();
	json_t *p = NULL;
	int rc = c ? programs_get(c, id, &p) : DB_UNAVAILABLE;
	if (rc == DB_DONE) {
		page_not_found(pg);
		return;
	}
	if (rc == DB_ROW)
		rc = programs_follow(c, id, me->id, follow);
	const char *url = p ? program_url(req->arena, id, json_string_value(json_object_get(p, "title"))) : NULL;
	json_decref(p);
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	page_redirect(pg, 303, arena_printf(req->arena, "%s?pesan=%s", url, follow ? "diikuti" : "berhenti_mengikuti"));
}
