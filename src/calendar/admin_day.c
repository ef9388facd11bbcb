/*
 * admin_day.c - /admin/libur/<date>: one holiday, its form (kind, name,
 * and the date, which moves it), deleting it, and the changes of that
 * date. An address whose last part is not a date with a holiday is a 404.
 */
#include <stdio.h>
#include <string.h>

#include "accounts/accounts.h"
#include "calendar/admin.h"
#include "calendar/admin_int.h"
#include "core/clock.h"
#include "view/locale.h"

/* The date of the address, or NULL when it is not one ("dinkes"). */
static const char *day_of(const request *req)
{
	const char *day = http_params_get(&req->match.params, "slug");
	return holidays_year_of(day) != 0 ? day : NULL;
}

static void show_day(request *req, page *pg, db *c, const char *day, formview *fv, unsigned status)
{
	json_t *row = NULL, *changes = NULL;
	int rc = calendar_holiday_get(c, day, &row);
	if (rc == DB_ROW)
		rc = calendar_holiday_changes(c, day, day, HOLIDAYS_CHANGES_SHOWN, &changes);
	if (rc != DB_OK && rc != DB_ROW) {
		json_decref(row);
		json_decref(fv_model(fv));
		if (rc == DB_DONE)
			page_not_found(pg);
		else
			page_db_error(req, pg, c, rc);
		return;
	}
	json_t *rows = json_pack("[o]", row);
	holidays_decorate(req->arena, rows);
	holidays_decorate_changes(req->arena, changes);
	int year = holidays_year_of(day);
	char y[8];
	snprintf(y, sizeof(y), "%d", year);
	const char *names[] = { "tahun" }, *values[] = { y };
	const char *kind = json_string_value(json_object_get(fv->values, "jenis"));
	json_t *m = json_pack("{s:O, s:o, s:o, s:s, s:s, s:s}", "holiday", row, "changes", changes, "kinds",
	                      holidays_kinds(kind), "back_url", arena_printf(req->arena, "/admin/libur?tahun=%d", year),
	                      "back_label", locale_fill(req->arena, "admin_holidays.back", names, values, 1),
	                      "action", arena_printf(req->arena, "/admin/libur/%s", day));
	json_decref(rows);
	json_object_set_new(m, "form", fv_model(fv));
	const char *csrf = accounts_csrf_token(req, pg->res);
	json_object_set_new(m, "csrf_token", csrf ? json_string(csrf) : json_null());
	pg->model = m;
	pg->template = "admin_holiday";
	pg->title = locale_get("admin_holidays.day_title");
	pg->status = status;
}

void holiday_edit_page(request *req, page *pg)
{
	const char *day = day_of(req);
	db *c = db_thread();
	json_t *row = NULL;
	int rc = day == NULL ? DB_DONE : c ? calendar_holiday_get(c, day, &row) : DB_UNAVAILABLE;
	if (rc != DB_ROW) {
		if (rc == DB_DONE)
			page_not_found(pg);
		else
			page_db_error(req, pg, c, rc);
		return;
	}
	formview fv;
	fv_init(&fv);
	fv_keep(&fv, "tanggal", day);
	fv_keep(&fv, "jenis", json_string_value(json_object_get(row, "kind")));
	fv_keep(&fv, "nama", json_string_value(json_object_get(row, "name")));
	json_decref(row);
	show_day(req, pg, c, day, &fv, 200);
}

/* Where a saved change lands: the year page of the day, at the day. */
static const char *saved_at(request *req, const char *day, const char *notice)
{
	return arena_printf(req->arena, "/admin/libur?tahun=%d&pesan=%s#hari-%s", holidays_year_of(day), notice, day);
}

void holiday_update_submit(request *req, page *pg)
{
	const char *day = day_of(req);
	if (day == NULL) {
		page_not_found(pg);
		return;
	}
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
	int rc = c == NULL ? DB_UNAVAILABLE
	         : fv_ok(&fv) ? calendar_holiday_update(c, day, &h, accounts_current(req)->id, clock_now(), &out)
	                      : DB_OK;
	if (rc == DB_OK && (out == HOLIDAY_MISSING || !fv_ok(&fv) || holidays_outcome_fail(&fv, out))) {
		show_day(req, pg, c, day, &fv, 422); /* a holiday gone meanwhile: 404 */
		return;
	}
	json_decref(fv_model(&fv));
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	const char *notice = out == HOLIDAY_UNCHANGED ? "tidak_berubah" : strcmp(day, h.day) != 0 ? "dipindah" : "diubah";
	page_redirect(pg, 303, saved_at(req, h.day, notice));
}

void holiday_delete_submit(request *req, page *pg)
{
	const char *day = day_of(req);
	db *c = db_thread();
	enum holiday_outcome out = HOLIDAY_MISSING;
	int rc = day == NULL ? DB_OK
	         : c ? calendar_holiday_delete(c, day, accounts_current(req)->id, clock_now(), &out)
	             : DB_UNAVAILABLE;
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	if (out == HOLIDAY_MISSING) {
		page_not_found(pg);
		return;
	}
	page_redirect(pg, 303, arena_printf(req->arena, "/admin/libur?tahun=%d&pesan=dihapus", holidays_year_of(day)));
}
