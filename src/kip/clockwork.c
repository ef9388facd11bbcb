/*
 * clockwork.c - what keeps the open requests on the legal clock after
 * they are filed (see kip.h):
 *   - reminders: the PPIDs who handle a request are mailed 3 and 1
 *     working days before its due day (jobs "kip.reminder", queued when a
 *     request is filed or its due day moves; a reminder whose due day has
 *     moved since, or whose request is decided, does nothing);
 *   - the calendar or the region's counting rules changed: every open
 *     request's days are computed again from the moment it was sent, and
 *     a request whose days moved gets a dated step saying from what to
 *     what, and why.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "core/clock.h"
#include "jobs/jobs.h"
#include "kip/clock.h"
#include "kip/kip.h"
#include "kip/state.h"
#include "kip/store.h"
#include "mail/mail.h"
#include "view/locale.h"

#define REMINDER "kip.reminder"
#define REMIND_AT_MINUTE (8 * 60) /* 08:00 WIB */

static const char *iso_day(char out[11], int32_t day)
{
	int y, m, d;
	calendar_civil(day, &y, &m, &d);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
	return out;
}

/* The n-th working day before day. */
static int32_t workdays_before(const calendar *cal, int32_t day, int n)
{
	for (int counted = 0; counted < n;)
		if (calendar_is_workday(cal, --day))
			counted++;
	return day;
}

static int load_clock(db *c, calendar *cal, kip_rules *r)
{
	int rc = kip_rules_load(c, r);
	if (rc == DB_OK)
		rc = calendar_load(c, cal);
	cal->cuti_bersama_works = r->cuti_bersama_works;
	return rc;
}

int kip_remind_later(db *c, const calendar *cal, int64_t id, const char *due)
{
	int32_t day;
	if (!calendar_parse_day(due, &day))
		return DB_ERROR;
	static const int before[] = { 3, 1 };
	int64_t now = clock_now();
	for (size_t i = 0; i < 2; i++) {
		int64_t at = (int64_t)workdays_before(cal, day, before[i]) * 86400 + REMIND_AT_MINUTE * 60 - WIB_OFFSET;
		if (at <= now)
			continue; /* too late for this one */
		int rc = jobs_enqueue_at(c, REMINDER, json_pack("{s:I, s:s, s:i}", "request_id", (json_int_t)id, "due", due,
		                                                "days_left", before[i]), at, NULL);
		if (rc != DB_OK)
			return rc;
	}
	return DB_OK;
}

/* The addresses of the PPIDs who handle a request of agency (NULL: the
 * main PPID's), the main PPID always among them. */
static int ppid_addresses(db *c, json_t *agency, json_t **out)
{
	return db_query_json(c,
		"SELECT DISTINCT u.email FROM user_roles r JOIN users u ON u.id = r.user_id "
		"WHERE r.role = 'ppid' AND u.deleted_at IS NULL AND (r.agency_id IS NULL OR r.agency_id = ?) "
		"ORDER BY u.email", DB_ARGS(json_is_integer(agency) ? DB_INT(json_integer_value(agency)) : DB_NULL),
		out);
}

static int remind(db *c, json_t *payload, char *err, size_t errlen)
{
	json_t *r = NULL;
	int rc = db_query_row_json(c, "SELECT id, number, subject, state, agency_id, "
	                              "coalesce(extended_due, notice_due) AS due FROM kip_requests WHERE id = ?",
	                           DB_ARGS(DB_INT(json_integer_value(json_object_get(payload, "request_id")))), &r);
	if (rc == DB_DONE)
		return DB_OK; /* gone */
	if (rc != DB_ROW) {
		snprintf(err, errlen, "kip reminder: cannot read the request");
		return rc;
	}
	const char *due = json_string_value(json_object_get(r, "due"));
	const char *wanted = json_string_value(json_object_get(payload, "due"));
	if (!kip_state_open(json_string_value(json_object_get(r, "state"))) || due == NULL || wanted == NULL ||
	    strcmp(due, wanted) != 0) {
		json_decref(r);
		return DB_OK; /* decided, or its day moved (and a new reminder was queued) */
	}
	json_t *to = NULL;
	rc = ppid_addresses(c, json_object_get(r, "agency_id"), &to);
	char days[8];
	snprintf(days, sizeof(days), "%d", (int)json_integer_value(json_object_get(payload, "days_left")));
	const char *names[] = { "nomor", "perihal", "tenggat", "sisa" };
	const char *values[] = { json_string_value(json_object_get(r, "number")),
		                 json_string_value(json_object_get(r, "subject")), due, days };
	char subject[512], body[4096];
	size_t i;
	json_t *row;
	json_array_foreach(to, i, row)
	{
		if (rc != DB_OK)
			break;
		arena *a = arena_new(16 * 1024);
		const char *s = a ? locale_fill(a, "kip_desk.reminder_subject", names, values, 4) : NULL;
		const char *b = a ? locale_fill(a, "kip_desk.reminder_body", names, values, 4) : NULL;
		snprintf(subject, sizeof(subject), "%s", s ? s : "");
		snprintf(body, sizeof(body), "%s", b ? b : "");
		arena_free(a);
		rc = s && b ? mail_enqueue(c, json_string_value(json_object_get(row, "email")), subject, body) : DB_ERROR;
	}
	json_decref(to);
	json_decref(r);
	if (rc != DB_OK)
		snprintf(err, errlen, "kip reminder: cannot queue the mail");
	return rc;
}

int kip_clockwork_init(void)
{
	return jobs_register(REMINDER, remind);
}

/* One open request's days again; DB_OK, with *moved when they changed,
 * and then a step whose note (the locale text at note_key) says why. */
static int again(db *c, const calendar *cal, const kip_rules *rules, json_t *r, int64_t user, const char *at,
                 const char *note_key, bool *moved_out)
{
	*moved_out = false;
	int64_t sent;
	const char *submitted = json_string_value(json_object_get(r, "submitted_at"));
	if (submitted == NULL || !calendar_parse_utc(submitted, &sent))
		return DB_OK; /* cannot happen: written by store.c */
	kip_deadlines k;
	kip_deadlines_compute(cal, rules, sent, &k);
	char received[11], due[11], extended[11];
	iso_day(received, k.day[KIP_RECEIVED]);
	iso_day(due, k.day[KIP_NOTICE]);
	const char *old_received = json_string_value(json_object_get(r, "received_on"));
	const char *old_due = json_string_value(json_object_get(r, "notice_due"));
	const char *old_extended = json_string_value(json_object_get(r, "extended_due"));
	if (old_extended != NULL)
		iso_day(extended, kip_nth_workday(cal, k.day[KIP_NOTICE], KIP_EXTENSION_DAYS, false));
	bool moved = strcmp(received, old_received ? old_received : "") != 0 || strcmp(due, old_due ? old_due : "") != 0 ||
	             (old_extended != NULL && strcmp(extended, old_extended) != 0);
	if (!moved)
		return DB_OK;
	*moved_out = true;
	int64_t id = json_integer_value(json_object_get(r, "id"));
	int rc = db_exec(c, "UPDATE kip_requests SET received_on = ?, notice_due = ?, extended_due = ?, updated_at = ? "
	                    "WHERE id = ?",
	                 DB_ARGS(DB_TEXT(received), DB_TEXT(due), old_extended ? DB_TEXT(extended) : DB_NULL, DB_TEXT(at),
	                         DB_INT(id)), NULL);
	const char *shown_old = old_extended ? old_extended : old_due, *shown_new = old_extended ? extended : due;
	const char *names[] = { "dari", "ke" }, *values[] = { shown_old ? shown_old : "", shown_new };
	arena *a = arena_new(8 * 1024);
	const char *note = a ? locale_fill(a, note_key, names, values, 2) : NULL;
	if (rc == DB_OK)
		rc = note ? db_exec(c, "INSERT INTO kip_request_events (request_id, kind, user_id, note, at) "
		                       "VALUES (?, 'kalender_berubah', ?, ?, ?)",
		                    DB_ARGS(DB_INT(id), user ? DB_INT(user) : DB_NULL, DB_TEXT(note), DB_TEXT(at)), NULL)
		          : DB_ERROR;
	arena_free(a);
	if (rc == DB_OK)
		rc = kip_remind_later(c, cal, id, shown_new);
	return rc;
}

/* An objection still waiting for the atasan's answer: its received day
 * and answer day again; when they moved, a step on its request says so. */
static int again_objection(db *c, const calendar *cal, const kip_rules *rules, json_t *o, int64_t user,
                           const char *at, bool *moved_out)
{
	*moved_out = false;
	int64_t filed;
	if (!calendar_parse_utc(json_string_value(json_object_get(o, "filed_at")), &filed))
		return DB_OK; /* cannot happen: written by objection.c */
	int32_t received_day, due_day;
	kip_objection_days(cal, rules, filed, &received_day, &due_day);
	char received[11], due[11];
	iso_day(received, received_day);
	iso_day(due, due_day);
	const char *old_received = json_string_value(json_object_get(o, "received_on"));
	const char *old_due = json_string_value(json_object_get(o, "answer_due"));
	if (strcmp(received, old_received ? old_received : "") == 0 && strcmp(due, old_due ? old_due : "") == 0)
		return DB_OK;
	*moved_out = true;
	int rc = db_exec(c, "UPDATE kip_objections SET received_on = ?, answer_due = ? WHERE id = ?",
	                 DB_ARGS(DB_TEXT(received), DB_TEXT(due), DB_INT(json_integer_value(json_object_get(o, "id")))),
	                 NULL);
	const char *names[] = { "dari", "ke" }, *values[] = { old_due ? old_due : "", due };
	arena *a = arena_new(8 * 1024);
	const char *note = a ? locale_fill(a, "kip_objection.due_moved", names, values, 2) : NULL;
	if (rc == DB_OK)
		rc = note ? db_exec(c, "INSERT INTO kip_request_events (request_id, kind, user_id, note, at) "
		                       "VALUES (?, 'kalender_berubah', ?, ?, ?)",
		                    DB_ARGS(DB_INT(json_integer_value(json_object_get(o, "request_id"))),
		                            user ? DB_INT(user) : DB_NULL, DB_TEXT(note), DB_TEXT(at)), NULL)
		          : DB_ERROR;
	arena_free(a);
	return rc;
}

/* Every unanswered objection's days again (recompute's second half). */
static int recompute_objections(db *c, const calendar *cal, const kip_rules *rules, int64_t user_id,
                                const char *at, int *moved)
{
	json_t *rows = NULL;
	int rc = db_query_json(c, "SELECT id, request_id, filed_at, received_on, answer_due FROM kip_objections "
	                          "WHERE answered_at IS NULL ORDER BY id", DB_NOARGS, &rows);
	size_t i;
	json_t *o;
	json_array_foreach(rows, i, o)
	{
		bool moved_one = false;
		if (rc == DB_OK)
			rc = again_objection(c, cal, rules, o, user_id, at, &moved_one);
		*moved += moved_one;
	}
	json_decref(rows);
	return rc;
}

/* Every open request's days again, under the calendar and rules as the
 * transaction sees them now, then every unanswered objection's. */
static int recompute(db *c, int64_t user_id, const char *note_key, int *moved)
{
	*moved = 0;
	calendar *cal = calloc(1, sizeof(*cal));
	kip_rules rules;
	json_t *rows = NULL;
	int rc = cal ? load_clock(c, cal, &rules) : DB_ERROR;
	if (rc == DB_OK)
		rc = db_query_json(c, "SELECT id, submitted_at, received_on, notice_due, extended_due FROM kip_requests "
		                      "WHERE state IN ('diterima','diproses','diperpanjang') ORDER BY id", DB_NOARGS, &rows);
	char at[CLOCK_ISO_LEN];
	clock_iso(at, clock_now());
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		if (rc != DB_OK)
			break;
		bool moved_one = false;
		rc = again(c, cal, &rules, r, user_id, at, note_key, &moved_one);
		*moved += moved_one;
	}
	json_decref(rows);
	if (rc == DB_OK)
		rc = recompute_objections(c, cal, &rules, user_id, at, moved);
	free(cal);
	return rc;
}

int kip_calendar_changed(db *c, int64_t user_id, int *moved)
{
	return recompute(c, user_id, "kip_desk.calendar_moved", moved);
}

int kip_rules_changed(db *c, int64_t user_id, int *moved)
{
	return recompute(c, user_id, "kip_desk.rules_moved", moved);
}
