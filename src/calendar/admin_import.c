/*
 * admin_import.c - POST /admin/libur/impor: holidays from an iCalendar
 * file. The file is read whole by calendar_ics_parse (ics.h) before
 * anything is written and is not stored; a file it refuses answers 400
 * with the reason beside the file field and nothing written. The days
 * it gives are written in one transaction (holidays.h), and the page of
 * their year comes back with what was added, updated, left as it was and
 * skipped, and why.
 */
#include <stdio.h>
#include <string.h>

#include "accounts/accounts.h"
#include "calendar/admin.h"
#include "calendar/admin_int.h"
#include "calendar/calendar.h"
#include "core/clock.h"
#include "view/locale.h"

/* The file sent in field, or NULL (a file input left empty sends a part
 * with no name and no bytes). */
static const http_file *file_of(const request *req, const char *field)
{
	for (const http_file *f = req->files; f != NULL; f = f->next)
		if (strcmp(f->field, field) == 0 && (f->len > 0 || f->filename[0] != '\0'))
			return f;
	return NULL;
}

/* The {n} of each refusal's message. */
static size_t refusal_n(const char *why, const calendar_ics *ics)
{
	if (strstr(why, "too_large") != NULL)
		return CALENDAR_ICS_MAX_BYTES / 1024;
	if (strstr(why, "too_many") != NULL)
		return CALENDAR_ICS_MAX_DAYS;
	return ics->bad;
}

static void label_rows(arena *a, json_t *rows)
{
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		const char *day = json_string_value(json_object_get(r, "day"));
		json_object_set_new(r, "day_label", json_string(holidays_day_label(a, day)));
		json_object_set_new(r, "kind_label", json_string(holidays_kind_label(json_string_value(json_object_get(r, "kind")))));
		const char *old_kind = json_string_value(json_object_get(r, "old_kind"));
		if (old_kind != NULL)
			json_object_set_new(r, "old_kind_label", json_string(holidays_kind_label(old_kind)));
	}
}

static json_t *skipped_rows(arena *a, const calendar_ics *ics)
{
	json_t *out = json_array();
	for (size_t i = 0; i < ics->nskipped && i < CALENDAR_ICS_MAX_SKIPPED; i++) {
		const calendar_ics_skip *s = &ics->skipped[i];
		json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s}", "name", s->name, "date", s->date,
		                                     "date_label", holidays_day_label(a, s->date), "reason",
		                                     locale_get(s->reason)));
	}
	return out;
}

static const char *number(arena *a, size_t n)
{
	const char *s = arena_printf(a, "%zu", n);
	return s ? s : "";
}

/* The import's summary for the page; takes report. */
static json_t *summary(arena *a, json_t *report, const calendar_ics *ics, bool wrote)
{
	json_t *added = json_object_get(report, "added"), *updated = json_object_get(report, "updated");
	json_t *unchanged = json_object_get(report, "unchanged");
	label_rows(a, added);
	label_rows(a, updated);
	label_rows(a, unchanged);
	const char *names[] = { "added", "updated", "unchanged", "skipped" };
	const char *values[] = { number(a, json_array_size(added)), number(a, json_array_size(updated)),
		                 number(a, json_array_size(unchanged)), number(a, ics->nskipped) };
	const char *counts = locale_fill(a, "admin_holidays.import_counts", names, values, 4);
	json_object_set_new(report, "counts_text", json_string(counts ? counts : ""));
	json_object_set_new(report, "skipped", skipped_rows(a, ics));
	json_object_set_new(report, "skipped_total", json_integer((json_int_t)ics->nskipped));
	if (ics->nskipped > CALENDAR_ICS_MAX_SKIPPED) {
		const char *n[] = { "n" }, *v[] = { number(a, ics->nskipped - CALENDAR_ICS_MAX_SKIPPED) };
		const char *more = locale_fill(a, "admin_holidays.skipped_more", n, v, 1);
		json_object_set_new(report, "skipped_more", json_string(more ? more : ""));
	}
	json_object_set_new(report, "has_added", json_boolean(json_array_size(added) > 0));
	json_object_set_new(report, "has_updated", json_boolean(json_array_size(updated) > 0));
	json_object_set_new(report, "has_unchanged", json_boolean(json_array_size(unchanged) > 0));
	json_object_set_new(report, "has_skipped", json_boolean(ics->nskipped > 0));
	json_object_set_new(report, "wrote", json_boolean(wrote));
	return report;
}

/* The year to show after an import: that of its first day. */
static int first_year(const calendar_ics *ics)
{
	int y, m, d;
	calendar_civil(ics->days[0].day, &y, &m, &d);
	return y;
}

static bool read_kind(request *req, formview *fv, bool *cuti)
{
	const char *kind = fv_text(fv, req, "jenis_impor", 40, "admin_holidays.kind_required", false);
	if (kind == NULL)
		return false;
	if (kind[0] && strcmp(kind, HOLIDAY_KIND_NATIONAL) != 0 && strcmp(kind, HOLIDAY_KIND_CUTI) != 0)
		fv_fail(fv, "jenis_impor", "admin_holidays.kind_invalid");
	*cuti = strcmp(kind, HOLIDAY_KIND_CUTI) == 0;
	return true;
}

void holidays_import_submit(request *req, page *pg)
{
	formview fv;
	fv_init(&fv);
	bool cuti = false;
	if (!read_kind(req, &fv, &cuti)) {
		json_decref(fv_model(&fv));
		page_fail(req, pg, "out of request memory");
		return;
	}
	const http_file *f = file_of(req, "berkas");
	if (f == NULL)
		fv_fail(&fv, "berkas", "admin_holidays.file_required");
	if (!fv_ok(&fv)) {
		holidays_show_year(req, pg, holidays_this_year(), NULL, fv_model(&fv), NULL, 422);
		return;
	}
	calendar_ics ics;
	const char *why = calendar_ics_parse(req->arena, f->data, f->len, cuti, &ics);
	if (why != NULL) {
		fv_fail_n(&fv, "berkas", why, refusal_n(why, &ics));
		holidays_show_year(req, pg, holidays_this_year(), NULL, fv_model(&fv), NULL, 400);
		return;
	}
	db *c = db_thread();
	json_t *report = NULL;
	enum holiday_outcome out = HOLIDAY_SAVED;
	int rc = c ? calendar_holidays_import(c, &ics, accounts_current(req)->id, clock_now(), &report, &out)
	           : DB_UNAVAILABLE;
	if (rc != DB_OK) {
		json_decref(report);
		json_decref(fv_model(&fv));
		page_db_error(req, pg, c, rc);
		return;
	}
	if (out == HOLIDAY_FULL) {
		json_decref(report);
		fv_fail_n(&fv, "berkas", "admin_holidays.full", CALENDAR_MAX_HOLIDAYS);
		holidays_show_year(req, pg, first_year(&ics), NULL, fv_model(&fv), NULL, 422);
		return;
	}
	json_decref(fv_model(&fv));
	holidays_show_year(req, pg, first_year(&ics), NULL, NULL, summary(req->arena, report, &ics, out == HOLIDAY_SAVED),
	                   200);
}
