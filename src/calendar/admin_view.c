/*
 * admin_view.c - labels and the day form of the holiday admin pages (see
 * admin_int.h): dates as people read them, kinds and changes in words,
 * and the checks of a day typed into a form.
 */
#include <stdio.h>
#include <string.h>

#include "accounts/rules.h"
#include "calendar/admin_int.h"
#include "calendar/calendar.h"
#include "core/clock.h"
#include "core/str.h"
#include "view/format.h"
#include "view/locale.h"

static const char *const kinds[] = { HOLIDAY_KIND_NATIONAL, HOLIDAY_KIND_CUTI };

static const char *text(const json_t *row, const char *key)
{
	const char *s = json_string_value(json_object_get(row, key));
	return s ? s : "";
}

/* A whole date "YYYY-MM-DD" (calendar_parse_day also takes a longer
 * timestamp): true with *day when it is one. */
static bool whole_date(const char *iso, int32_t *day)
{
	return iso != NULL && strlen(iso) == 10 && calendar_parse_day(iso, day);
}

const char *holidays_day_label(arena *a, const char *iso)
{
	int32_t day;
	if (!whole_date(iso, &day))
		return "";
	int y, m, d;
	calendar_civil(day, &y, &m, &d);
	json_t *root = locale_root();
	const char *wd = json_string_value(json_array_get(json_object_get(root, "weekdays"),
	                                                  (size_t)calendar_weekday(day)));
	const char *month = json_string_value(json_array_get(json_object_get(root, "months"), (size_t)(m - 1)));
	const char *s = arena_printf(a, "%s, %d %s %04d", wd ? wd : "", d, month ? month : "", y);
	return s ? s : "";
}

int holidays_year_of(const char *iso)
{
	int32_t day;
	int y, m, d;
	if (!whole_date(iso, &day))
		return 0;
	calendar_civil(day, &y, &m, &d);
	return y;
}

int holidays_this_year(void)
{
	int y, m, d;
	calendar_civil(calendar_wib_day(clock_now()), &y, &m, &d);
	return y;
}

const char *holidays_kind_label(const char *kind)
{
	char k[64];
	snprintf(k, sizeof(k), "admin_holidays.kind.%s", kind ? kind : "");
	const char *t = locale_get(k);
	return t == k ? (kind ? kind : "") : t;
}

json_t *holidays_kinds(const char *chosen)
{
	return fv_options("admin_holidays.kind", kinds, sizeof(kinds) / sizeof(kinds[0]), chosen ? chosen : "");
}

void holidays_decorate(arena *a, json_t *rows)
{
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		const char *day = text(r, "day");
		json_object_set_new(r, "day_label", json_string(holidays_day_label(a, day)));
		json_object_set_new(r, "kind_label", json_string(holidays_kind_label(text(r, "kind"))));
		json_object_set_new(r, "confirmed", json_boolean(json_integer_value(json_object_get(r, "confirmed"))));
		const char *url = arena_printf(a, "/admin/libur/%s", day);
		json_object_set_new(r, "edit_url", url ? json_string(url) : json_null());
	}
}

/* "Idulfitri 1448 H (libur nasional)", or NULL when the row has no such side. */
static const char *side_label(arena *a, const json_t *r, const char *kind_key, const char *name_key)
{
	const char *name = json_string_value(json_object_get(r, name_key));
	if (name == NULL)
		return NULL;
	char lower[64];
	snprintf(lower, sizeof(lower), "admin_holidays.kind_lower.%s", text(r, kind_key));
	const char *kind = locale_get(lower);
	return arena_printf(a, "%s (%s)", name, kind == lower ? text(r, kind_key) : kind);
}

static void set_or_null(json_t *r, const char *key, const char *value)
{
	json_object_set_new(r, key, value ? json_string(value) : json_null());
}

void holidays_decorate_changes(arena *a, json_t *rows)
{
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		char k[64];
		snprintf(k, sizeof(k), "admin_holidays.change.%s", text(r, "change"));
		json_object_set_new(r, "change_label", json_string(locale_get(k)));
		json_object_set_new(r, "day_label", json_string(holidays_day_label(a, text(r, "day"))));
		const char *old_label = side_label(a, r, "old_kind", "old_name");
		const char *new_label = side_label(a, r, "new_kind", "new_name");
		set_or_null(r, "old_label", old_label);
		set_or_null(r, "new_label", new_label);
		json_object_set_new(r, "both", json_boolean(old_label && new_label));
		const char *other = json_string_value(json_object_get(r, "other_day"));
		const char *moved = NULL;
		if (other != NULL)
			moved = arena_printf(a, "%s %s",
			                     locale_get(new_label ? "admin_holidays.moved_from" : "admin_holidays.moved_to"),
			                     holidays_day_label(a, other));
		set_or_null(r, "moved_label", moved);
		set_or_null(r, "at_label", format_time_wib(a, text(r, "at")));
		if (!json_is_string(json_object_get(r, "by_name")))
			json_object_set_new(r, "by_name", json_string(locale_get("admin_holidays.by_system")));
	}
}

const char *holidays_flash(const request *req)
{
	const char *key = http_params_get(&req->query, "pesan");
	if (key == NULL || strlen(key) > 40)
		return NULL;
	for (const char *p = key; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
			return NULL;
	char full[96];
	snprintf(full, sizeof(full), "admin_holidays.notice.%s", key);
	const char *t = locale_get(full);
	return t == full ? NULL : t;
}

bool holidays_read_form(request *req, formview *fv, holiday *h)
{
	const char *day = fv_text(fv, req, "tanggal", 40, "admin_holidays.date_required", false);
	const char *kind = fv_text(fv, req, "jenis", 40, "admin_holidays.kind_required", false);
	const char *name = fv_text(fv, req, "nama", CALENDAR_ICS_MAX_NAME, "admin_holidays.name_required", false);
	if (day == NULL || kind == NULL || name == NULL)
		return false;
	int year = holidays_year_of(day);
	if (day[0] && year == 0)
		fv_fail(fv, "tanggal", "admin_holidays.date_invalid");
	else if (day[0] && (year < HOLIDAYS_FIRST_YEAR || year > HOLIDAYS_LAST_YEAR))
		fv_fail(fv, "tanggal", "admin_holidays.date_range");
	if (kind[0] && strcmp(kind, HOLIDAY_KIND_NATIONAL) != 0 && strcmp(kind, HOLIDAY_KIND_CUTI) != 0)
		fv_fail(fv, "jenis", "admin_holidays.kind_invalid");
	if (name[0] && !name_clean(name, strlen(name)))
		fv_fail(fv, "nama", "admin_holidays.name_one_line");
	*h = (holiday){ day, kind, name };
	return true;
}

bool holidays_outcome_fail(formview *fv, enum holiday_outcome out)
{
	if (out == HOLIDAY_TAKEN)
		fv_fail(fv, "tanggal", "admin_holidays.date_taken");
	else if (out == HOLIDAY_FULL)
		fv_fail_n(fv, "tanggal", "admin_holidays.full", CALENDAR_MAX_HOLIDAYS);
	else
		return false;
	return true;
}
