/*
 * report_web.c - the pages of the annual service report (report.h):
 *   GET /permohonan/laporan?tahun=2026&dinas=slug, for everyone: every
 *   figure per department (or of one), the list of requests with the days
 *   each took, and the parts the PPID wrote; links to its CSV and PDF;
 *   GET and POST /ppid/laporan?tahun=&dinas=: the PPID writes those parts
 *   (policy, facilities, staff, obstacles, recommendations). A
 *   department's PPID writes its department's, the main PPID the whole
 *   government's (and, as it may handle every department's requests, any
 *   department's). The GETs only read.
 */
#include <string.h>

#include "accounts/accounts.h"
#include "agencies/agencies.h"
#include "calendar/calendar.h"
#include "core/clock.h"
#include "http/form.h"
#include "kip/desk.h"
#include "kip/kip.h"
#include "kip/report.h"
#include "view/formview.h"
#include "view/locale.h"

#define REPORT_URL "/permohonan/laporan"
#define EDIT_URL "/ppid/laporan"
#define TEXT_MAX 8000

/* The written parts: form field, column, locale key of the message when empty. */
static const char *const parts[][3] = {
	{ "kebijakan", "policy", "kip_report.policy_required" },
	{ "sarana", "facilities", "kip_report.facilities_required" },
	{ "sdm", "staff", "kip_report.staff_required" },
	{ "kendala", "obstacles", "kip_report.obstacles_required" },
	{ "rekomendasi", "recommendations", "kip_report.recommendations_required" },
};
#define NPARTS (sizeof(parts) / sizeof(parts[0]))

static const char *query(const request *req, const char *name)
{
	const char *v = http_params_get(&req->query, name);
	return v != NULL && strlen(v) <= 100 ? v : "";
}

/* The years to choose from, newest first: this year back to the first
 * with a request or a written report. */
static int years(db *c, int chosen, json_t **out)
{
	int64_t first = 0;
	int rc = db_query_int(c, "SELECT min(y) FROM (SELECT min(year) AS y FROM kip_requests "
	                         "UNION ALL SELECT min(year) FROM kip_reports) t", DB_NOARGS, &first);
	if (rc != DB_ROW && rc != DB_DONE)
		return rc;
	int y, m, d;
	calendar_civil(calendar_wib_day(clock_now()), &y, &m, &d);
	if (first < 2000 || first > y)
		first = y;
	*out = json_array();
	for (int year = y; year >= first; year--)
		json_array_append_new(*out, json_pack("{s:i, s:b}", "value", year, "selected", year == chosen));
	return DB_OK;
}

static bool may_write(const request *req, const kip_report_scope *s)
{
	const account *me = accounts_current(req);
	return me != NULL && kip_desk_handles(me, s->agency_id);
}

void kip_report_page(request *req, page *pg)
{
	db *c = db_thread();
	kip_report_scope s;
	json_t *m = NULL, *ys = NULL, *departments = NULL, *districts = NULL;
	int rc = c ? kip_report_scope_of(c, req->arena, query(req, "tahun"), query(req, "dinas"), &s) : DB_UNAVAILABLE;
	if (rc == DB_DONE) {
		page_not_found(pg);
		return;
	}
	if (rc == DB_OK)
		rc = kip_report_build(c, req->arena, &s, &m);
	if (rc == DB_OK)
		rc = years(c, s.year, &ys);
	if (rc == DB_OK)
		rc = agencies_choices(c, s.slug ? s.slug : "", s.slug ? s.slug : "", &departments, &districts);
	if (rc != DB_OK) {
		json_decref(m);
		json_decref(ys);
		page_db_error(req, pg, c, rc);
		return;
	}
	json_object_set_new(m, "choices", json_pack("{s:o, s:o, s:o}", "years", ys, "departments", departments,
	                                             "districts", districts));
	json_object_set_new(m, "csv_url", json_string(kip_report_url(req->arena, REPORT_URL, ".csv", &s)));
	json_object_set_new(m, "requests_csv_url",
	                    json_string(arena_printf(req->arena, "%s&isi=permohonan",
	                                             kip_report_url(req->arena, REPORT_URL, ".csv", &s))));
	json_object_set_new(m, "pdf_url", json_string(kip_report_url(req->arena, REPORT_URL, ".pdf", &s)));
	json_object_set_new(m, "edit_url", may_write(req, &s) ? json_string(kip_report_url(req->arena, EDIT_URL, "", &s))
	                                                      : json_null());
	const char *names[] = { "tahun", "nama" };
	const char *values[] = { arena_printf(req->arena, "%d", s.year), s.name };
	pg->model = m;
	pg->title = locale_fill(req->arena, "kip_report.page_title", names, values, 2);
}

/* The department a PPID of departments writes for when none is named:
 * the first of theirs. */
static int own_department(db *c, arena *a, const account *me, const char **slug)
{
	json_t *row = NULL;
	int rc = db_query_row_json(c, "SELECT a.slug FROM user_roles r JOIN agencies a ON a.id = r.agency_id "
	                              "WHERE r.user_id = ? AND r.role = 'ppid' ORDER BY a.sort_order, a.name",
	                           DB_ARGS(DB_INT(me->id)), &row);
	if (rc == DB_ROW)
		*slug = arena_strdup(a, json_string_value(json_object_get(row, "slug")));
	json_decref(row);
	return rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
}

/* The scope asked for, checked: DB_OK, or pg answered (404, 403, error). */
static int scope_for_writer(request *req, page *pg, db *c, const char *tahun, const char *dinas,
                            kip_report_scope *s)
{
	const account *me = accounts_current(req);
	int rc = DB_OK;
	if (dinas[0] == '\0' && !kip_desk_main(me))
		rc = own_department(c, req->arena, me, &dinas);
	if (rc == DB_OK)
		rc = kip_report_scope_of(c, req->arena, tahun, dinas, s);
	if (rc == DB_DONE) {
		page_not_found(pg);
	} else if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
	} else if (!kip_desk_handles(me, s->agency_id)) {
		pg->status = 403;
		pg->error = "kip_report.not_yours";
		rc = DB_DONE;
	}
	return rc;
}

/* The writing page with fv's values and messages, and the scope's
 * figures beside them (takes fv's model). */
static void show_edit(request *req, page *pg, db *c, const kip_report_scope *s, formview *fv, unsigned status)
{
	json_t *report = NULL, *ys = NULL;
	int rc = kip_report_build(c, req->arena, s, &report);
	if (rc == DB_OK)
		rc = years(c, s->year, &ys);
	if (rc != DB_OK) {
		json_decref(report);
		json_decref(fv_model(fv));
		page_db_error(req, pg, c, rc);
		return;
	}
	json_t *figures = json_is_null(json_object_get(report, "total")) ? json_array_get(json_object_get(report, "groups"), 0)
	                                                                 : json_object_get(report, "total");
	json_t *form = fv_model(fv), *fields = json_array();
	for (size_t i = 0; i < NPARTS; i++) {
		const char *value = json_string_value(json_object_get(json_object_get(form, "values"), parts[i][0]));
		const char *error = json_string_value(json_object_get(json_object_get(form, "error"), parts[i][0]));
		json_array_append_new(fields, json_pack("{s:s, s:s, s:s, s:s, s:s?}", "field", parts[i][0],
			"label", locale_get(arena_printf(req->arena, "kip_report.parts.%s", parts[i][1])),
			"hint", locale_get(arena_printf(req->arena, "kip_report.hints.%s", parts[i][1])),
			"value", value ? value : "", "error", error));
	}
	json_t *m = json_pack("{s:i, s:b, s:{s:s?, s:s}, s:O, s:O?, s:o, s:o, s:o}", "year", s->year,
		"in_progress", json_is_true(json_object_get(report, "in_progress")), "scope", "slug", s->slug,
		"name", s->name ? s->name : "", "figures", figures, "written", json_object_get(report, "written"),
		"years", ys, "form", form, "parts", fields);
	json_decref(report);
	json_object_set_new(m, "public_url", json_string(kip_report_url(req->arena, REPORT_URL, "", s)));
	json_object_set_new(m, "action", json_string(EDIT_URL));
	json_object_set_new(m, "saved", json_boolean(strcmp(query(req, "pesan"), "tersimpan") == 0 && status == 200));
	const char *csrf = accounts_csrf_token(req, pg->res);
	json_object_set_new(m, "csrf_token", csrf ? json_string(csrf) : json_null());
	const char *names[] = { "tahun", "nama" };
	const char *values[] = { arena_printf(req->arena, "%d", s->year), s->name };
	pg->model = m;
	pg->template = "kip_report_edit";
	pg->title = locale_fill(req->arena, "kip_report.edit_title", names, values, 2);
	pg->status = status;
}

void kip_report_edit_page(request *req, page *pg)
{
	db *c = db_thread();
	kip_report_scope s;
	if (c == NULL) {
		page_db_error(req, pg, c, DB_UNAVAILABLE);
		return;
	}
	if (scope_for_writer(req, pg, c, query(req, "tahun"), query(req, "dinas"), &s) != DB_OK)
		return;
	json_t *written = NULL;
	int rc = kip_report_written(c, req->arena, &s, &written);
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	formview fv;
	fv_init(&fv);
	for (size_t i = 0; i < NPARTS && written != NULL; i++)
		fv_keep(&fv, parts[i][0], json_string_value(json_object_get(written, parts[i][1])));
	json_decref(written);
	show_edit(req, pg, c, &s, &fv, 200);
}

void kip_report_edit_submit(request *req, page *pg)
{
	db *c = db_thread();
	kip_report_scope s;
	const char *tahun = form_get(req, "tahun", NULL, NULL), *dinas = form_get(req, "dinas", NULL, NULL);
	if (c == NULL) {
		page_db_error(req, pg, c, DB_UNAVAILABLE);
		return;
	}
	if (scope_for_writer(req, pg, c, tahun ? tahun : "", dinas ? dinas : "", &s) != DB_OK)
		return;
	formview fv;
	fv_init(&fv);
	const char *text[NPARTS];
	bool all = true;
	for (size_t i = 0; i < NPARTS; i++)
		all &= (text[i] = fv_text(&fv, req, parts[i][0], TEXT_MAX, parts[i][2], false)) != NULL;
	if (!all) { /* the request's memory ran out: answered 503 */
		json_decref(fv_model(&fv));
		page_fail(req, pg, "out of request memory");
		return;
	}
	if (!fv_ok(&fv)) {
		show_edit(req, pg, c, &s, &fv, 422);
		return;
	}
	json_decref(fv_model(&fv));
	char at[CLOCK_ISO_LEN];
	clock_iso(at, clock_now());
	int rc = db_exec(c,
		"INSERT INTO kip_reports (year, agency_id, policy, facilities, staff, obstacles, recommendations, "
		"updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (year, (coalesce(agency_id, 0))) "
		"DO UPDATE SET policy = excluded.policy, facilities = excluded.facilities, staff = excluded.staff, "
		"obstacles = excluded.obstacles, recommendations = excluded.recommendations, "
		"updated_by = excluded.updated_by, updated_at = excluded.updated_at",
		DB_ARGS(DB_INT(s.year), s.agency_id ? DB_INT(s.agency_id) : DB_NULL, DB_TEXT(text[0]), DB_TEXT(text[1]),
		        DB_TEXT(text[2]), DB_TEXT(text[3]), DB_TEXT(text[4]), DB_INT(accounts_current(req)->id), DB_TEXT(at)),
		NULL);
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	page_redirect(pg, 303, arena_printf(req->arena, "%s&pesan=tersimpan", kip_report_url(req->arena, EDIT_URL, "", &s)));
}
