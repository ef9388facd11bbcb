/*
 * admin.c - /admin/libur, the page of a year's holidays: the years to
 * choose from (those loaded, this year and next), what the calendar
 * cannot vouch for said plainly (next year not loaded yet, days not yet
 * confirmed), the days, the forms to add a day and import a file, and
 * the changes of the year. Also adding a day and confirming a year.
 */
#include <stdio.h>
#include <string.h>

#include "accounts/accounts.h"
#include "calendar/admin.h"
#include "calendar/admin_int.h"
#include "core/clock.h"
#include "core/str.h"
#include "http/form.h"
#include "view/locale.h"

static const char *fill(arena *a, const char *key, const char *const *names, const char *const *values, size_t n)
{
	const char *s = locale_fill(a, key, names, values, n);
	return s ? s : "";
}

/* The year asked for (?tahun=), or this year. */
static int year_asked(const char *value)
{
	int64_t y = 0;
	if (value == NULL || !str_to_i64(str_c(value), false, &y) || y < HOLIDAYS_FIRST_YEAR || y > HOLIDAYS_LAST_YEAR)
		return 0;
	return (int)y;
}

static json_int_t days_in(const json_t *years, int year, json_int_t *unconfirmed)
{
	size_t i;
	json_t *r;
	char y[8];
	snprintf(y, sizeof(y), "%04d", year);
	*unconfirmed = 0;
	json_array_foreach(years, i, r)
	{
		const char *loaded = json_string_value(json_object_get(r, "year"));
		if (loaded != NULL && strcmp(loaded, y) == 0) {
			*unconfirmed = json_integer_value(json_object_get(r, "unconfirmed"));
			return json_integer_value(json_object_get(r, "days"));
		}
	}
	return 0;
}

/* The years to choose from: every year loaded, this year and next, and
 * the one shown, each once, in order: [{year, url, current, days}]. */
static json_t *year_choices(arena *a, const json_t *loaded, int shown, int now)
{
	int first = shown < now ? shown : now, last = shown > now + 1 ? shown : now + 1;
	size_t i;
	json_t *r;
	json_array_foreach(loaded, i, r)
	{
		int64_t y = 0;
		if (str_to_i64(str_c(json_string_value(json_object_get(r, "year"))), false, &y) && y >= HOLIDAYS_FIRST_YEAR &&
		    y <= HOLIDAYS_LAST_YEAR) {
			first = (int)y < first ? (int)y : first;
			last = (int)y > last ? (int)y : last;
		}
	}
	json_t *out = json_array();
	for (int y = first; y <= last; y++) {
		json_int_t unconfirmed, n = days_in(loaded, y, &unconfirmed);
		if (n == 0 && y != shown && y != now && y != now + 1)
			continue;
		json_array_append_new(out, json_pack("{s:i, s:s, s:b, s:I, s:b}", "year", y, "url",
		                                     arena_printf(a, "/admin/libur?tahun=%d", y), "current", y == shown,
		                                     "days", n, "unconfirmed", unconfirmed > 0));
	}
	return out;
}

/* What the calendar cannot vouch for: this year or next not loaded. */
static json_t *missing_years(arena *a, const json_t *loaded, int now)
{
	json_t *out = json_array();
	for (int y = now; y <= now + 1; y++) {
		json_int_t unconfirmed;
		if (days_in(loaded, y, &unconfirmed) > 0)
			continue;
		char year[8];
		snprintf(year, sizeof(year), "%d", y);
		const char *names[] = { "tahun" }, *values[] = { year };
		json_array_append_new(out, json_string(fill(a, "admin_holidays.missing_year", names, values, 1)));
	}
	return out;
}

/* The state of the year shown: how many days, how many not confirmed. */
static void year_state(arena *a, json_t *m, const json_t *loaded, int year)
{
	json_int_t unconfirmed, n = days_in(loaded, year, &unconfirmed);
	char y[8], total[24], open[24];
	snprintf(y, sizeof(y), "%d", year);
	snprintf(total, sizeof(total), "%lld", (long long)n);
	snprintf(open, sizeof(open), "%lld", (long long)unconfirmed);
	const char *names[] = { "tahun", "total", "n" }, *values[] = { y, total, open };
	if (n == 0)
		json_object_set_new(m, "none_text", json_string(fill(a, "admin_holidays.none_year", names, values, 1)));
	else if (unconfirmed > 0)
		json_object_set_new(m, "unconfirmed_text",
		                    json_string(fill(a, "admin_holidays.unconfirmed", names, values, 3)));
	else
		json_object_set_new(m, "confirmed_text",
		                    json_string(fill(a, "admin_holidays.all_confirmed", names, values, 2)));
	json_object_set_new(m, "heading", json_string(fill(a, "admin_holidays.heading", names, values, 1)));
	json_object_set_new(m, "confirm_label", json_string(fill(a, "admin_holidays.confirm_year", names, values, 1)));
	json_object_set_new(m, "changes_title", json_string(fill(a, "admin_holidays.changes_title", names, values, 1)));
	json_object_set_new(m, "days", json_integer(n));
	json_object_set_new(m, "unconfirmed", json_integer(unconfirmed));
}

static int year_model(request *req, db *c, int year, json_t *m)
{
	json_t *loaded = NULL, *rows = NULL, *changes = NULL;
	char from[11], to[11];
	snprintf(from, sizeof(from), "%04d-01-01", year);
	snprintf(to, sizeof(to), "%04d-12-31", year);
	int rc = calendar_holidays_years(c, &loaded);
	if (rc == DB_OK)
		rc = calendar_holidays_year(c, year, &rows);
	if (rc == DB_OK)
		rc = calendar_holiday_changes(c, from, to, HOLIDAYS_CHANGES_SHOWN, &changes);
	if (rc == DB_OK) {
		int now = holidays_this_year();
		holidays_decorate(req->arena, rows);
		holidays_decorate_changes(req->arena, changes);
		json_object_set_new(m, "year", json_integer(year));
		json_object_set_new(m, "years", year_choices(req->arena, loaded, year, now));
		json_object_set_new(m, "missing", missing_years(req->arena, loaded, now));
		year_state(req->arena, m, loaded, year);
		json_object_set_new(m, "has_holidays", json_boolean(json_array_size(rows) > 0));
		json_object_set(m, "holidays", rows);
		json_object_set(m, "changes", changes);
	}
	json_decref(loaded);
	json_decref(rows);
	json_decref(changes);
	return rc;
}

void holidays_show_year(request *req, page *pg, int year, json_t *add, json_t *upload, json_t *report,
                        unsigned status)
{
	db *c = db_thread();
	json_t *m = json_object();
	int rc = c ? year_model(req, c, year, m) : DB_UNAVAILABLE;
	if (rc != DB_OK) {
		json_decref(m);
		json_decref(add);
		json_decref(upload);
		json_decref(report);
		page_db_error(req, pg, c, rc);
		return;
	}
	const char *add_kind = json_string_value(json_object_get(json_object_get(add, "values"), "jenis"));
	const char *import_kind = json_string_value(json_object_get(json_object_get(upload, "values"), "jenis_impor"));
	json_object_set_new(m, "kinds", holidays_kinds(add_kind));
	json_object_set_new(m, "import_kinds", holidays_kinds(import_kind ? import_kind : HOLIDAY_KIND_NATIONAL));
	if (add != NULL)
		json_object_set(m, "form", add);
	else if (upload != NULL)
		json_object_set(m, "form", upload);
	json_object_set_new(m, "add", add ? add : json_object());
	json_object_set_new(m, "upload", upload ? upload : json_object());
	if (report != NULL)
		json_object_set_new(m, "import", report);
	const char *flash = holidays_flash(req);
	if (flash != NULL)
		json_object_set_new(m, "flash", json_string(flash));
	const char *csrf = accounts_csrf_token(req, pg->res);
	json_object_set_new(m, "csrf_token", csrf ? json_string(csrf) : json_null());
	pg->model = m;
	pg->template = "admin_holidays";
	pg->title = locale_get("admin_holidays.title");
	pg->status = status;
}

void holidays_admin_page(request *req, page *pg)
{
	int year = year_asked(http_params_get(&req->query, "tahun"));
	holidays_show_year(req, pg, year ? year : holidays_this_year(), NULL, NULL, NULL, 200);
}

void holidays_add_submit(request *req, page *pg)
{
	formview fv;
	fv_init(&fv);
	holiday h;
	if (!holidays_read_form(req, &fv, &h)) {
		json_decref(fv_model(&fv));
		page_fail(req, pg, "out of request memory");
		return;
	}
	db *c = db_thread();
	enum holiday_outcome out = HOLIDAY_SAVED;
	int rc = DB_OK;
	if (fv_ok(&fv)) {
		rc = c ? calendar_holiday_add(c, &h, accounts_current(req)->id, clock_now(), &out) : DB_UNAVAILABLE;
		if (rc == DB_OK)
			holidays_outcome_fail(&fv, out);
	}
	if (rc != DB_OK) {
		json_decref(fv_model(&fv));
		page_db_error(req, pg, c, rc);
		return;
	}
	int year = holidays_year_of(h.day);
	if (!fv_ok(&fv)) {
		holidays_show_year(req, pg, year ? year : holidays_this_year(), fv_model(&fv), NULL, NULL, 422);
		return;
	}
	json_decref(fv_model(&fv));
	page_redirect(pg, 303, arena_printf(req->arena, "/admin/libur?tahun=%d&pesan=ditambah#hari-%s", year, h.day));
}

void holidays_confirm_submit(request *req, page *pg)
{
	int year = year_asked(form_get(req, "tahun", NULL, NULL));
	if (year == 0) {
		pg->status = 422;
		pg->error = "admin_holidays.year_invalid";
		return;
	}
	db *c = db_thread();
	int64_t count = 0;
	enum holiday_outcome out = HOLIDAY_SAVED;
	int rc = c ? calendar_holidays_confirm(c, year, accounts_current(req)->id, clock_now(), &count, &out)
	           : DB_UNAVAILABLE;
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	page_redirect(pg, 303, arena_printf(req->arena, "/admin/libur?tahun=%d&pesan=%s", year,
	                                    out == HOLIDAY_SAVED ? "dikonfirmasi" : "sudah_dikonfirmasi"));
}
