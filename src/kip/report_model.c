/*
 * report_model.c - the annual report as its pages show it (report.h):
 * the figures' table (key, CSV column, label, level), each PPID's figures
 * and rows, the total, the parts a PPID wrote, and which report a page
 * asks for. The counting is report.c's.
 */
#include <stdio.h>
#include <string.h>

#include "calendar/calendar.h"
#include "core/clock.h"
#include "core/str.h"
#include "kip/kip.h"
#include "kip/report_int.h"
#include "view/format.h"
#include "view/locale.h"

typedef kip_tally_group group;
typedef kip_tally tally;

#define F(k, c, l, level) { k, c, "kip_report.f." l, level }
#define EXEMPT(x) { "rejected_" x, "ditolak_pasal17_" x, "kip_exemption." x, 2 }
#define GROUND(x) { "objection_ground_" x, "keberatan_alasan_" x, "kip_objection.grounds." x, 1 }

/* In the order of the table: a line's parts follow it, a level deeper. */
const kip_report_field kip_report_fields[NFIELDS] = {
	[RECEIVED] = F("received", "permohonan", "received", 0),
	[EXTENDED] = F("extended", "diperpanjang", "extended", 1),
	[DECIDED] = F("decided", "diputuskan", "decided", 0),
	[ON_TIME] = F("on_time", "tepat_waktu", "on_time", 1),
	[LATE] = F("late", "terlambat", "late", 1),
	[GRANTED] = F("granted", "dikabulkan", "granted", 1),
	[PARTLY] = F("partly_granted", "dikabulkan_sebagian", "partly_granted", 1),
	[REJECTED] = F("rejected", "ditolak", "rejected", 1),
	EXEMPT("a"), EXEMPT("b"), EXEMPT("c"), EXEMPT("d"), EXEMPT("e"),
	EXEMPT("f"), EXEMPT("g"), EXEMPT("h"), EXEMPT("i"), EXEMPT("j"),
	[NOT_HELD] = F("not_held", "tidak_dikuasai", "not_held", 1),
	[OPEN] = F("open", "belum_diputuskan", "open", 0),
	[OPEN_OVERDUE] = F("open_overdue", "belum_diputuskan_lewat_tenggat", "open_overdue", 1),
	[DAYS_TOTAL] = F("days_total", "hari_kerja_jumlah", "days_total", 0),
	[DAYS_MAX] = F("days_max", "hari_kerja_terlama", "days_max", 0),
	[OBJECTIONS] = F("objections", "keberatan", "objections", 0),
	GROUND("a"), GROUND("b"), GROUND("c"), GROUND("d"), GROUND("e"), GROUND("f"), GROUND("g"),
	[UPHELD] = F("objections_upheld", "keberatan_dikabulkan", "objections_upheld", 1),
	[REFUSED] = F("objections_refused", "keberatan_ditolak", "objections_refused", 1),
	[PENDING] = F("objections_pending", "keberatan_belum_ditanggapi", "objections_pending", 1),
	[ANSWERED_LATE] = F("objections_answered_late", "keberatan_ditanggapi_terlambat", "objections_answered_late", 1),
	[PENDING_OVERDUE] = F("objections_pending_overdue", "keberatan_lewat_tenggat", "objections_pending_overdue", 1),
};
const size_t kip_report_nfields = NFIELDS;

static const char *iso(arena *a, int32_t day)
{
	int y, m, d;
	calendar_civil(day, &y, &m, &d);
	return arena_printf(a, "%04d-%02d-%02d", y, m, d);
}

static bool letter_row(size_t i)
{
	return (i >= REJECTED_A && i < REJECTED_A + 10) || (i >= GROUND_A && i < GROUND_A + 7);
}

static json_t *row(arena *a, const char *label_key, const char *value, int level)
{
	return json_pack("{s:s, s:s, s:i, s:s}", "label", locale_get(label_key), "value", value ? value : "",
	                 "level", level, "class", arena_printf(a, "level-%d", level));
}

/* g's figures as {key: n} and as the rows of its table: every figure, the
 * letters of Pasal 17 and 35 only when counted; with link, the address of
 * the department's own report. */
static json_t *group_model(arena *a, int year, const group *g, bool link)
{
	json_t *f = json_object(), *rows = json_array();
	int64_t n = g->n[DECIDED], tenths = n ? (g->n[DAYS_TOTAL] * 10 + n / 2) / n : 0;
	const char *average = n ? arena_printf(a, "%lld,%lld", (long long)(tenths / 10), (long long)(tenths % 10)) : "-";
	for (size_t i = 0; i < NFIELDS; i++) {
		const kip_report_field *k = &kip_report_fields[i];
		json_object_set_new(f, k->key, json_integer((json_int_t)g->n[i]));
		if (!letter_row(i) || g->n[i] != 0)
			json_array_append_new(rows, row(a, k->label, arena_printf(a, "%lld", (long long)g->n[i]), k->level));
		if (i == DAYS_MAX)
			json_array_append_new(rows, row(a, "kip_report.f.days_average", average, 0));
	}
	json_array_append_new(rows, row(a, "kip_report.f.disputes", locale_get("kip_report.not_recorded"), 0));
	json_object_set_new(f, "days_average", n ? json_real((double)tenths / 10.0) : json_null());
	json_object_set_new(f, "days_average_label", json_string(average ? average : "-"));
	kip_report_scope one = { .year = year, .agency_id = g->agency_id, .slug = g->slug };
	json_t *m = json_pack("{s:s?, s:s, s:b, s:o, s:o}", "slug", g->slug, "name", g->name ? g->name : "",
	                      "main", g->agency_id == 0, "figures", f, "rows", rows);
	json_object_set_new(m, "url", link && g->agency_id ? json_string(kip_report_url(a, "/permohonan/laporan", "", &one))
	                                           : json_null());
	return m;
}

#define WRITTEN                                                                                    \
	"SELECT k.policy, k.facilities, k.staff, k.obstacles, k.recommendations, k.updated_at, "    \
	"u.display_name AS updated_by_name FROM kip_reports k LEFT JOIN users u ON u.id = k.updated_by "

int kip_report_written(db *c, arena *a, const kip_report_scope *s, json_t **out)
{
	*out = NULL;
	json_t *w = NULL;
	int rc = s->agency_id ? db_query_row_json(c, WRITTEN "WHERE k.year = ? AND k.agency_id = ?",
	                                          DB_ARGS(DB_INT(s->year), DB_INT(s->agency_id)), &w)
	                      : db_query_row_json(c, WRITTEN "WHERE k.year = ? AND k.agency_id IS NULL",
	                                          DB_ARGS(DB_INT(s->year)), &w);
	if (rc == DB_DONE)
		return DB_OK;
	if (rc != DB_ROW)
		return rc;
	const char *at = format_time_wib(a, json_string_value(json_object_get(w, "updated_at")));
	json_object_set_new(w, "updated_label", at ? json_string(at) : json_null());
	*out = w;
	return DB_OK;
}

int kip_report_build(db *c, arena *a, const kip_report_scope *s, json_t **out)
{
	*out = NULL;
	tally t = { .a = a };
	json_t *list = json_array(), *written = NULL;
	int rc = kip_tally_add(&t, s->agency_id, s->slug, s->name, 0) ? DB_OK : DB_ERROR;
	if (rc == DB_OK)
		rc = kip_tally_year(c, s, &t, list);
	if (rc == DB_OK)
		rc = kip_report_written(c, a, s, &written);
	if (rc != DB_OK) {
		json_decref(list);
		return rc;
	}
	group total = { .name = s->name };
	json_t *groups = json_array();
	for (size_t i = 0; i < t.n; i++) {
		for (size_t k = 0; k < NFIELDS; k++)
			total.n[k] = k == DAYS_MAX ? (t.g[i].n[k] > total.n[k] ? t.g[i].n[k] : total.n[k])
			                           : total.n[k] + t.g[i].n[k];
		json_array_append_new(groups, group_model(a, s->year, &t.g[i], s->agency_id == 0));
	}
	int32_t today = calendar_wib_day(clock_now());
	int y, m, d;
	calendar_civil(today, &y, &m, &d);
	json_t *model = json_pack("{s:i, s:b, s:s, s:s, s:b, s:{s:s?, s:s}, s:o, s:o, s:b}", "year", s->year,
		"in_progress", s->year == y, "as_of", iso(a, today), "as_of_label", kip_day_label(a, today),
		"whole", s->agency_id == 0, "scope", "slug", s->slug, "name", s->name ? s->name : "",
		"groups", groups, "requests", list, "disputes_recorded", 0);
	json_object_set_new(model, "total", s->agency_id ? json_null() : group_model(a, s->year, &total, false));
	json_object_set_new(model, "written", written ? written : json_null());
	json_object_set_new(model, "no_requests", json_boolean(json_array_size(list) == 0));
	json_object_set_new(model, "rules", json_pack("{s:b, s:b}", "receipt_day_one", t.rules.receipt_day_one,
	                                              "cuti_bersama_works", t.rules.cuti_bersama_works));
	json_object_set_new(model, "counting", json_string(locale_get(t.rules.receipt_day_one ? "kip_deadline.rule_day_one"
	                                                                                       : "kip_deadline.rule_day_zero")));
	json_object_set_new(model, "cuti", json_string(locale_get(t.rules.cuti_bersama_works ? "kip_deadline.rule_cuti_on"
	                                                                                    : "kip_deadline.rule_cuti_off")));
	*out = model;
	return DB_OK;
}

int kip_report_scope_of(db *c, arena *a, const char *tahun, const char *dinas, kip_report_scope *s)
{
	memset(s, 0, sizeof(*s));
	int y, m, d;
	calendar_civil(calendar_wib_day(clock_now()), &y, &m, &d);
	int64_t year = y;
	if (tahun != NULL && tahun[0] && (!str_to_i64(str_c(tahun), false, &year) || year < 2000 || year > y))
		return DB_DONE;
	s->year = (int)year;
	json_t *row = NULL;
	int rc;
	if (dinas == NULL || dinas[0] == '\0') {
		rc = db_query_row_json(c, "SELECT value FROM settings WHERE key = 'org'", DB_NOARGS, &row);
		const char *org = json_string_value(json_object_get(row, "value"));
		s->name = arena_strdup(a, org && org[0] ? org : locale_get("kip_report.whole"));
		json_decref(row);
		return rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
	}
	rc = db_query_row_json(c, "SELECT id, slug, name FROM agencies WHERE slug = ?", DB_ARGS(DB_TEXT(dinas)), &row);
	if (rc != DB_ROW)
		return rc;
	s->agency_id = json_integer_value(json_object_get(row, "id"));
	s->slug = arena_strdup(a, json_string_value(json_object_get(row, "slug")));
	s->name = arena_strdup(a, json_string_value(json_object_get(row, "name")));
	json_decref(row);
	return DB_OK;
}

const char *kip_report_url(arena *a, const char *base, const char *suffix, const kip_report_scope *s)
{
	return s->slug ? arena_printf(a, "%s%s?tahun=%d&dinas=%s", base, suffix, s->year, s->slug)
	               : arena_printf(a, "%s%s?tahun=%d", base, suffix, s->year);
}
