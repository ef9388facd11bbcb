/*
 * report.c - the figures of the annual service report (report.h), for a
 * year and a department or the whole government, computed from the rows
 * of kip_requests and kip_objections on the region's calendar and rules,
 * the ones the deadlines are counted with (clock.h). Nothing is typed in:
 *   - a request belongs to the year of its number (the WIB day it was
 *     sent) and to the PPID it was addressed to;
 *   - the working days each took run from the day it counts as received
 *     to the WIB day of its written notice (kip_workdays_taken);
 *   - it was decided on time when the notice came on or before its due
 *     day (the extended one after an extension), late after; one still
 *     undecided is overdue once its due day has passed (as of today);
 *   - in a month's tally (the report card's, src/report/), a request
 *     belongs to the WIB month it was sent in, so a year's months add
 *     up to the year;
 *   - an objection belongs to the year of the day it counts as received;
 *     its outcome is the atasan's answer, late when after its due day.
 * Disputes brought to the Komisi Informasi are not recorded by terbuka;
 * the report says so instead of guessing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "core/clock.h"
#include "kip/clock.h"
#include "kip/kip.h"
#include "kip/report_int.h"
#include "kip/state.h"
#include "view/locale.h"

typedef kip_tally_group group;
typedef kip_tally tally;

group *kip_tally_add(tally *t, int64_t id, const char *slug, const char *name, int64_t sort)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->g[i].agency_id == id)
			return &t->g[i];
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		group *g = arena_alloc(t->a, cap * sizeof(*g));
		if (g == NULL)
			return NULL;
		if (t->n)
			memcpy(g, t->g, t->n * sizeof(*g));
		t->g = g;
		t->cap = cap;
	}
	group *g = &t->g[t->n++];
	memset(g, 0, sizeof(*g));
	g->agency_id = id;
	g->slug = id ? arena_strdup(t->a, slug ? slug : "") : NULL;
	g->name = arena_strdup(t->a, id ? (name ? name : "") : locale_get("kip_request.main_ppid"));
	g->sort = id ? sort : INT64_MIN; /* the main PPID first */
	return g;
}

/* The group of the agency in column col of st (then its slug, name and
 * sort order), added when new; NULL when memory ran out. */
static group *group_of(tally *t, db_stmt *st, int col)
{
	int64_t id = db_column_type(st, col) == DB_T_NULL ? 0 : db_column_int(st, col);
	return kip_tally_add(t, id, db_column_text(st, col + 1), db_column_text(st, col + 2), db_column_int(st, col + 3));
}

static int by_order(const void *x, const void *y)
{
	const group *a = x, *b = y;
	if (a->sort != b->sort)
		return a->sort < b->sort ? -1 : 1;
	return strcmp(a->name ? a->name : "", b->name ? b->name : "");
}

static const char *iso(arena *a, int32_t day)
{
	int y, m, d;
	calendar_civil(day, &y, &m, &d);
	return arena_printf(a, "%04d-%02d-%02d", y, m, d);
}

static json_t *day_or_null(arena *a, bool known, int32_t day)
{
	return known ? json_string(iso(a, day)) : json_null();
}

/* Counts one request into g and lists it (never its requester). */
static void count_request(arena *a, const calendar *cal, const kip_rules *rules, int32_t today, group *g,
                          db_stmt *st, json_t *list)
{
	const char *number = db_column_text(st, 0), *state = db_column_text(st, 1), *exemption = db_column_text(st, 6);
	int32_t received = 0, due = 0, decided = 0;
	int64_t t;
	bool have_received = calendar_parse_day(db_column_text(st, 2), &received);
	bool extended = db_column_text(st, 4) != NULL;
	calendar_parse_day(db_column_text(st, extended ? 4 : 3), &due);
	bool is_decided = state != NULL && !kip_state_open(state) && calendar_parse_utc(db_column_text(st, 5), &t);
	g->n[RECEIVED]++;
	g->n[EXTENDED] += extended;
	char slug[16]; /* "KIP/2026/000123" -> "2026-000123" */
	snprintf(slug, sizeof(slug), "%.4s-%.6s", number && strlen(number) == 15 ? number + 4 : "",
	         number && strlen(number) == 15 ? number + 9 : "");
	json_t *r = json_pack("{s:s, s:s, s:s, s:s, s:o, s:s?, s:b}", "number", number ? number : "",
		"url", arena_printf(a, "/permohonan/%s", slug), "agency_name", g->name, "state", state ? state : "",
		"received_on", day_or_null(a, have_received, received),
		"received_on_label", have_received ? kip_day_label(a, received) : NULL, "extended", extended);
	json_object_set_new(r, "outcome_label", json_string(locale_get(arena_printf(a, "kip_state.%s", state ? state : ""))));
	if (is_decided) {
		decided = calendar_wib_day(t);
		int days = kip_workdays_taken(cal, rules, received, decided);
		bool on_time = decided <= due;
		g->n[DECIDED]++;
		g->n[on_time ? ON_TIME : LATE]++;
		g->n[DAYS_TOTAL] += days;
		if (days > g->n[DAYS_MAX])
			g->n[DAYS_MAX] = days;
		size_t k = strcmp(state, "dikabulkan") == 0 ? GRANTED : strcmp(state, "dikabulkan_sebagian") == 0 ? PARTLY
		         : strcmp(state, "ditolak") == 0 ? REJECTED : NOT_HELD;
		g->n[k]++;
		if (k == REJECTED && exemption != NULL && exemption[0] >= 'a' && exemption[0] <= 'j')
			g->n[REJECTED_A + (exemption[0] - 'a')]++;
		json_object_set_new(r, "days", json_integer(days));
		json_object_set_new(r, "on_time", json_boolean(on_time));
		json_object_set_new(r, "late", json_boolean(!on_time));
		json_object_set_new(r, "exemption", k == REJECTED && exemption ? json_string(exemption) : json_null());
	} else {
		g->n[OPEN]++;
		g->n[OPEN_OVERDUE] += today > due;
		json_object_set_new(r, "days", json_null());
		json_object_set_new(r, "on_time", json_null());
		json_object_set_new(r, "late", json_false());
		json_object_set_new(r, "exemption", json_null());
	}
	json_object_set_new(r, "decided_on", day_or_null(a, is_decided, decided));
	json_object_set_new(r, "decided_on_label", is_decided ? json_string(kip_day_label(a, decided)) : json_null());
	json_object_set_new(r, "overdue", json_boolean(!is_decided && today > due));
	json_array_append_new(list, r);
}

/* Counts one objection into g: its grounds, its outcome, its clock. */
static void count_objection(int32_t today, group *g, db_stmt *st)
{
	const char *grounds = db_column_text(st, 4), *answered = db_column_text(st, 7);
	int32_t due = 0, day = 0;
	int64_t t;
	calendar_parse_day(db_column_text(st, 5), &due);
	g->n[OBJECTIONS]++;
	for (const char *p = grounds ? grounds : ""; *p; p++)
		if (*p >= 'a' && *p <= 'g')
			g->n[GROUND_A + (*p - 'a')]++;
	if (answered != NULL && calendar_parse_utc(answered, &t)) {
		day = calendar_wib_day(t);
		g->n[db_column_int(st, 6) == 1 ? UPHELD : REFUSED]++;
		g->n[ANSWERED_LATE] += day > due;
	} else {
		g->n[PENDING]++;
		g->n[PENDING_OVERDUE] += today > due;
	}
}

#define REQUEST_COLUMNS                                                                            \
	"SELECT r.number, r.state, r.received_on, r.notice_due, r.extended_due, r.decided_at, "     \
	"r.exemption, r.agency_id, a.slug, a.name, a.sort_order FROM kip_requests r "                \
	"LEFT JOIN agencies a ON a.id = r.agency_id "
#define OBJECTION_COLUMNS                                                                          \
	"SELECT r.agency_id, a.slug, a.name, a.sort_order, o.grounds, o.answer_due, o.upheld, "     \
	"o.answered_at FROM kip_objections o JOIN kip_requests r ON r.id = o.request_id "           \
	"LEFT JOIN agencies a ON a.id = r.agency_id WHERE o.received_on >= ? AND o.received_on <= ? "

/* Every request and objection of s's year into t, the requests listed. */
static int count_year(db *c, const kip_report_scope *s, tally *t, json_t *list)
{
	calendar *cal = arena_alloc(t->a, sizeof(*cal));
	kip_rules *rules = &t->rules;
	int rc = cal ? kip_rules_load(c, rules) : DB_ERROR;
	if (rc == DB_OK)
		rc = calendar_load(c, cal);
	if (rc != DB_OK)
		return rc;
	cal->cuti_bersama_works = rules->cuti_bersama_works;
	int32_t today = calendar_wib_day(clock_now());
	/* a month: sent from its first WIB midnight to the next month's */
	int next_y = s->month == 12 ? s->year + 1 : s->year, next_m = s->month == 12 ? 1 : s->month + 1;
	char sent_from[CLOCK_ISO_LEN], sent_to[CLOCK_ISO_LEN];
	clock_iso(sent_from, (int64_t)calendar_day(s->year, s->month ? s->month : 1, 1) * 86400 - WIB_OFFSET);
	clock_iso(sent_to, (int64_t)calendar_day(next_y, next_m, 1) * 86400 - WIB_OFFSET);
	db_stmt *st = db_prepare(c, s->agency_id
		? (s->month ? REQUEST_COLUMNS "WHERE r.year = ? AND r.agency_id = ? AND r.submitted_at >= ? "
		              "AND r.submitted_at < ? ORDER BY r.id"
		            : REQUEST_COLUMNS "WHERE r.year = ? AND r.agency_id = ? ORDER BY r.id")
		: (s->month ? REQUEST_COLUMNS "WHERE r.year = ? AND r.submitted_at >= ? AND r.submitted_at < ? ORDER BY r.id"
		            : REQUEST_COLUMNS "WHERE r.year = ? ORDER BY r.id"));
	int k = 1;
	if (st == NULL || db_bind(st, k++, DB_INT(s->year)) != DB_OK ||
	    (s->agency_id && db_bind(st, k++, DB_INT(s->agency_id)) != DB_OK) ||
	    (s->month && (db_bind(st, k++, DB_TEXT(sent_from)) != DB_OK || db_bind(st, k++, DB_TEXT(sent_to)) != DB_OK)))
		return DB_ERROR;
	group *g;
	while ((rc = db_step(st)) == DB_ROW && (g = group_of(t, st, 7)) != NULL)
		count_request(t->a, cal, rules, today, g, st, list);
	db_reset(st);
	if (rc != DB_DONE)
		return rc == DB_ROW ? DB_ERROR : rc;
	const char *from = s->month ? arena_printf(t->a, "%04d-%02d-01", s->year, s->month)
	                            : arena_printf(t->a, "%04d-01-01", s->year);
	const char *to = s->month ? arena_printf(t->a, "%04d-%02d-31", s->year, s->month)
	                          : arena_printf(t->a, "%04d-12-31", s->year);
	st = s->agency_id ? db_prepare(c, OBJECTION_COLUMNS "AND r.agency_id = ?") : db_prepare(c, OBJECTION_COLUMNS);
	if (st == NULL || from == NULL || to == NULL || db_bind(st, 1, DB_TEXT(from)) != DB_OK ||
	    db_bind(st, 2, DB_TEXT(to)) != DB_OK || (s->agency_id && db_bind(st, 3, DB_INT(s->agency_id)) != DB_OK))
		return DB_ERROR;
	while ((rc = db_step(st)) == DB_ROW && (g = group_of(t, st, 0)) != NULL)
		count_objection(today, g, st);
	db_reset(st);
	return rc == DB_DONE ? DB_OK : rc == DB_ROW ? DB_ERROR : rc;
}

/* Departments that wrote their report for the year count even without a
 * request: their written parts are part of the government's report. */
static int written_departments(db *c, const kip_report_scope *s, tally *t)
{
	db_stmt *st = db_prepare(c, "SELECT k.agency_id, a.slug, a.name, a.sort_order FROM kip_reports k "
	                            "JOIN agencies a ON a.id = k.agency_id WHERE k.year = ?");
	if (st == NULL || db_bind(st, 1, DB_INT(s->year)) != DB_OK)
		return DB_ERROR;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && group_of(t, st, 0) != NULL)
		;
	db_reset(st);
	return rc == DB_DONE ? DB_OK : rc == DB_ROW ? DB_ERROR : rc;
}

int kip_tally_year(db *c, const kip_report_scope *s, tally *t, json_t *list)
{
	int rc = count_year(c, s, t, list);
	if (rc == DB_OK && s->agency_id == 0 && s->month == 0)
		rc = written_departments(c, s, t);
	if (rc == DB_OK && t->n > 1) /* a month without requests has no groups (and g is NULL) */
		qsort(t->g, t->n, sizeof(*t->g), by_order);
	return rc;
}
