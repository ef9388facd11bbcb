/*
 * web.c - the report card's pages (report.h):
 *   /laporan?tahun=&bulan=        every department and the whole government
 *   /laporan/:slug?tahun=&bulan=  one department, month by month
 * (one handler: the route's slug, absent on /laporan, says which)
 *   POST /admin/laporan/hitung    an admin counts the figures again now
 * Each page's JSON twin is its model (model.h); the CSV and the PDF are
 * in export.c.
 */
#include <string.h>

#include "accounts/accounts.h"
#include "app.h"
#include "core/log.h"
#include "calendar/calendar.h"
#include "core/clock.h"
#include "report/pages.h"
#include "report/model.h"
#include "report/report.h"
#include "view/locale.h"

static const char *query(const request *req, const char *name)
{
	const char *v = http_params_get(&req->query, name);
	return v ? v : "";
}

/* The years a visitor may pick: those with figures, and this one. */
static int years(db *c, const report_period *p, json_t **out)
{
	json_t *rows = NULL;
	int rc = db_query_json(c, "SELECT DISTINCT CAST(period AS INTEGER) AS y FROM report_figures "
	                          "WHERE length(period) = 4 ORDER BY y DESC", DB_NOARGS, &rows);
	if (rc != DB_OK)
		return rc;
	*out = json_array();
	int y, m, d;
	calendar_civil(calendar_wib_day(clock_now()), &y, &m, &d);
	bool have_this = false;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
		have_this = have_this || json_integer_value(json_object_get(r, "y")) == y;
	if (!have_this)
		json_array_append_new(*out, json_pack("{s:i, s:b}", "value", y, "selected", p->year == y));
	json_array_foreach(rows, i, r)
	{
		int v = (int)json_integer_value(json_object_get(r, "y"));
		json_array_append_new(*out, json_pack("{s:i, s:b}", "value", v, "selected", p->year == v));
	}
	json_decref(rows);
	return DB_OK;
}

static json_t *months(const report_period *p)
{
	json_t *out = json_array(), *names = json_object_get(locale_root(), "months");
	for (int k = 1; k <= 12; k++)
		json_array_append_new(out, json_pack("{s:i, s:s, s:b}", "value", k, "label",
		                                     json_string_value(json_array_get(names, (size_t)k - 1)),
		                                     "selected", p->month == k));
	return out;
}

bool report_load(request *req, page *pg, report_period *p, const char **slug, json_t **m)
{
	db *c = db_thread();
	*slug = request_param(req, "slug");
	if (!report_period_of(query(req, "tahun"), query(req, "bulan"), p)) {
		page_not_found(pg);
		return false;
	}
	int rc = c ? report_model(c, req->arena, p, *slug, m) : DB_UNAVAILABLE;
	return page_loaded(req, pg, c, rc == DB_OK ? DB_ROW : rc);
}

static void finish_page(request *req, page *pg, const report_period *p, const char *slug, json_t *m)
{
	db *c = db_thread();
	json_t *ys = NULL;
	int rc = years(c, p, &ys);
	if (rc != DB_OK) {
		json_decref(m);
		page_db_error(req, pg, c, rc);
		return;
	}
	const char *base = slug ? arena_printf(req->arena, "/laporan/%s", slug) : "/laporan";
	json_object_set_new(m, "choices", json_pack("{s:o, s:o}", "years", ys, "months", months(p)));
	json_object_set_new(m, "action", json_string(base));
	json_object_set_new(m, "downloads",
	                    json_pack("{s:s, s:s, s:s}", "csv", report_url(req->arena, base, "/unduh.csv", p), "json",
	                              report_url(req->arena, base, ".json", p), "pdf",
	                              report_url(req->arena, base, "/cetak.pdf", p)));
	const account *me = accounts_current(req);
	json_object_set_new(m, "may_recount", json_boolean(me && (me->roles & ROLE_ADMIN)));
	report_charts(req->arena, m, slug != NULL);
	pg->model = m;
	const char *title = slug ? json_string_value(json_object_get(json_object_get(m, "department"), "name"))
	                         : locale_get("report.title");
	pg->title = arena_printf(req->arena, "%s %s", title,
	                         json_string_value(json_object_get(json_object_get(m, "period"), "label")));
}

void report_page(request *req, page *pg)
{
	report_period p;
	const char *slug;
	json_t *m = NULL;
	if (report_load(req, pg, &p, &slug, &m))
		finish_page(req, pg, &p, slug, m);
}

void report_recount_submit(request *req, page *pg)
{
	db *c = db_thread();
	bool ran = false;
	int rc = c ? report_refresh(c, true, &ran) : DB_UNAVAILABLE;
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	log_info("report card counted again by an admin (request %s)", req->id);
	page_redirect(pg, 303, "/laporan?pesan=laporan_dihitung");
}
