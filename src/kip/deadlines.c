/*
 * deadlines.c - the deadline calculator's model (see kip.h): the clock of
 * clock.c on the region's holidays and rules, with the dates as people
 * read them, the legal basis of each, the holidays it stepped over, and
 * what the calendar cannot vouch for.
 */
#include <stdio.h>
#include <string.h>

#include "calendar/calendar.h"
#include "core/clock.h"
#include "kip/clock.h"
#include "kip/kip.h"
#include "view/locale.h"

const char *kip_day_label(arena *a, int32_t day)
{
	int y, m, d;
	calendar_civil(day, &y, &m, &d);
	int weekday = (int)(((day % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
	const char *wd = json_string_value(json_array_get(json_object_get(locale_root(), "weekdays"),
	                                                  (size_t)weekday));
	const char *month = json_string_value(json_array_get(json_object_get(locale_root(), "months"),
	                                                     (size_t)(m - 1)));
	return arena_printf(a, "%s, %d %s %04d", wd ? wd : "", d, month ? month : "", y);
}

static const char *day_iso(arena *a, int32_t day)
{
	int y, m, d;
	calendar_civil(day, &y, &m, &d);
	return arena_printf(a, "%04d-%02d-%02d", y, m, d);
}

static const char *hhmm(arena *a, int minute)
{
	return arena_printf(a, "%02d.%02d", minute / 60, minute % 60);
}

static json_t *step(arena *a, const char *key, int32_t plain, int32_t extended)
{
	char label[96], basis[96];
	snprintf(label, sizeof(label), "kip_deadline.steps.%s.label", key);
	snprintf(basis, sizeof(basis), "kip_deadline.steps.%s.basis", key);
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "key", key, "label", locale_get(label),
	                 "basis", locale_get(basis), "date", day_iso(a, plain), "date_label",
	                 kip_day_label(a, plain), "extended_date", day_iso(a, extended), "extended_label",
	                 kip_day_label(a, extended));
}

static json_t *rules_model(arena *a, const kip_rules *r)
{
	const char *names[] = { "jam" }, *values[] = { hhmm(a, r->close_minute) };
	json_t *texts = json_array();
	json_array_append_new(texts, json_string(locale_get(r->receipt_day_one ? "kip_deadline.rule_day_one"
	                                                                       : "kip_deadline.rule_day_zero")));
	json_array_append_new(texts, json_string(locale_get(r->cuti_bersama_works ? "kip_deadline.rule_cuti_on"
	                                                                          : "kip_deadline.rule_cuti_off")));
	const char *close = locale_fill(a, "kip_deadline.rule_close", names, values, 1);
	json_array_append_new(texts, json_string(close ? close : ""));
	json_array_append_new(texts, json_string(locale_get("kip_deadline.rule_citizen")));
	return json_pack("{s:b, s:b, s:s, s:o}", "receipt_day_one", r->receipt_day_one,
	                 "cuti_bersama_works", r->cuti_bersama_works, "office_closes",
	                 arena_printf(a, "%02d:%02d", r->close_minute / 60, r->close_minute % 60),
	                 "texts", texts);
}

static json_t *warnings(arena *a, const kip_deadlines *k)
{
	json_t *w = json_array();
	if (k->first_missing_year) {
		const char *names[] = { "tahun" }, *values[] = { arena_printf(a, "%d", k->first_missing_year) };
		const char *text = locale_fill(a, "kip_deadline.warn_missing_year", names, values, 1);
		json_array_append_new(w, json_string(text ? text : ""));
	}
	if (k->unconfirmed) {
		const char *names[] = { "n" }, *values[] = { arena_printf(a, "%d", k->unconfirmed) };
		const char *text = locale_fill(a, "kip_deadline.warn_unconfirmed", names, values, 1);
		json_array_append_new(w, json_string(text ? text : ""));
	}
	return w;
}

/* The holidays from the day of receipt to the last deadline. */
static int holidays_between(db *c, arena *a, int32_t from, int32_t to, json_t **out)
{
	json_t *rows = NULL;
	int rc = db_query_json(c, "SELECT day AS date, kind, name, confirmed FROM holidays "
	                          "WHERE day >= ? AND day <= ? ORDER BY day",
	                       DB_ARGS(DB_TEXT(day_iso(a, from)), DB_TEXT(day_iso(a, to))), &rows);
	if (rc != DB_OK)
		return rc;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		int32_t day;
		const char *iso = json_string_value(json_object_get(r, "date"));
		const char *kind = json_string_value(json_object_get(r, "kind"));
		if (iso != NULL && calendar_parse_day(iso, &day))
			json_object_set_new(r, "label", json_string(kip_day_label(a, day)));
		json_object_set_new(r, "confirmed", json_boolean(json_integer_value(json_object_get(r, "confirmed"))));
		json_object_set_new(r, "cuti_bersama", json_boolean(kind != NULL && strcmp(kind, "cuti_bersama") == 0));
	}
	*out = rows;
	return DB_OK;
}

static json_t *result(arena *a, const kip_rules *r, const kip_deadlines *k, json_t *holidays)
{
	char iso[CLOCK_ISO_LEN];
	clock_iso(iso, k->submitted);
	int32_t sday = calendar_wib_day(k->submitted);
	int minute = (int)((k->submitted + WIB_OFFSET - (int64_t)sday * 86400) / 60);
	const char *names[] = { "jam" }, *values[] = { hhmm(a, r->close_minute) };
	const char *moved = k->moved == KIP_DAY_OFF ? "hari_libur" : k->moved == KIP_AFTER_HOURS ? "di_luar_jam" : NULL;
	const char *moved_text = k->moved == KIP_DAY_OFF ? locale_get("kip_deadline.moved_day_off")
	                       : k->moved == KIP_AFTER_HOURS
	                           ? locale_fill(a, "kip_deadline.moved_after_hours", names, values, 1)
	                           : NULL;
	json_t *steps = json_array();
	json_array_append_new(steps, step(a, "pemberitahuan", k->day[KIP_NOTICE], k->extended[KIP_EXTENDED]));
	json_array_append_new(steps, step(a, "keberatan", k->day[KIP_OBJECTION], k->extended[KIP_OBJECTION]));
	json_array_append_new(steps, step(a, "tanggapan_atasan", k->day[KIP_ATASAN], k->extended[KIP_ATASAN]));
	json_array_append_new(steps, step(a, "sengketa", k->day[KIP_DISPUTE], k->extended[KIP_DISPUTE]));
	return json_pack("{s:s, s:s, s:{s:s, s:s}, s:s?, s:s?, s:o, s:o, s:b, s:o}",
	                 "submitted_at", iso,
	                 "submitted_label", arena_printf(a, "%s, %s WIB", kip_day_label(a, sday), hhmm(a, minute)),
	                 "received", "date", day_iso(a, k->day[KIP_RECEIVED]), "label",
	                 kip_day_label(a, k->day[KIP_RECEIVED]),
	                 "moved", moved, "moved_text", moved_text, "steps", steps, "warnings", warnings(a, k),
	                 "has_holidays", json_array_size(holidays) > 0, "holidays", holidays);
}

int kip_deadlines_model(db *c, arena *a, const char *submitted, json_t **model, const char **error_key)
{
	*model = NULL;
	*error_key = NULL;
	int64_t t;
	if (submitted == NULL || submitted[0] == '\0') {
		*error_key = "kip_deadline.required";
		return DB_DONE;
	}
	if (!calendar_parse_wib(submitted, &t)) {
		*error_key = "kip_deadline.invalid";
		return DB_DONE;
	}
	if (t < (int64_t)calendar_day(2000, 1, 1) * 86400 || t >= (int64_t)calendar_day(2101, 1, 1) * 86400) {
		*error_key = "kip_deadline.out_of_range";
		return DB_DONE;
	}
	kip_rules r;
	calendar *cal = arena_alloc(a, sizeof(*cal));
	if (cal == NULL)
		return DB_ERROR;
	int rc = kip_rules_load(c, &r);
	if (rc == DB_OK)
		rc = calendar_load(c, cal);
	if (rc != DB_OK)
		return rc;
	cal->cuti_bersama_works = r.cuti_bersama_works;
	kip_deadlines k;
	kip_deadlines_compute(cal, &r, t, &k);
	json_t *holidays = NULL;
	rc = holidays_between(c, a, k.day[KIP_RECEIVED], k.extended[KIP_DISPUTE], &holidays);
	if (rc != DB_OK)
		return rc;
	*model = json_pack("{s:o, s:o}", "rules", rules_model(a, &r), "result", result(a, &r, &k, holidays));
	return *model != NULL ? DB_OK : DB_ERROR;
}
