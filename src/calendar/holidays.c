/*
 * holidays.c - see holidays.h. Each write runs as
 * begin -> look at the rows as they are now -> write holidays and
 * holiday_changes -> check the calendar still fits -> commit, or roll
 * back when the outcome is anything but HOLIDAY_SAVED.
 */
#include "calendar/holidays.h"

#include <stdio.h>
#include <string.h>

#include "calendar/calendar.h"
#include "core/clock.h"

#define HOLIDAY_COLUMNS "SELECT day, kind, name, confirmed FROM holidays "

/* --- reading ------------------------------------------------------------------ */

static void year_range(int year, char from[11], char to[11])
{
	snprintf(from, 11, "%04d-01-01", year);
	snprintf(to, 11, "%04d-12-31", year);
}

int calendar_holidays_year(db *c, int year, json_t **rows)
{
	char from[11], to[11];
	year_range(year, from, to);
	return db_query_json(c, HOLIDAY_COLUMNS "WHERE day >= ? AND day <= ? ORDER BY day",
	                     DB_ARGS(DB_TEXT(from), DB_TEXT(to)), rows);
}

int calendar_holidays_years(db *c, json_t **rows)
{
	return db_query_json(c,
		"SELECT substr(day, 1, 4) AS year, count(*) AS days, "
		"sum(CASE WHEN confirmed = 0 THEN 1 ELSE 0 END) AS unconfirmed "
		"FROM holidays GROUP BY substr(day, 1, 4) ORDER BY 1",
		DB_NOARGS, rows);
}

int calendar_holiday_get(db *c, const char *day, json_t **row)
{
	return db_query_row_json(c, HOLIDAY_COLUMNS "WHERE day = ?", DB_ARGS(DB_TEXT(day)), row);
}

int calendar_holiday_changes(db *c, const char *from, const char *to, int limit, json_t **rows)
{
	return db_query_json(c,
		"SELECT h.id, h.day, h.change, h.old_kind, h.old_name, h.new_kind, h.new_name, h.other_day, "
		"h.at, u.display_name AS by_name FROM holiday_changes h LEFT JOIN users u ON u.id = h.user_id "
		"WHERE h.day >= ? AND h.day <= ? ORDER BY h.id DESC LIMIT ?",
		DB_ARGS(DB_TEXT(from), DB_TEXT(to), DB_INT(limit)), rows);
}

/* --- writing ------------------------------------------------------------------- */

/* One row of holiday_changes; NULL fields are SQL NULL. */
typedef struct change {
	const char *day, *change, *old_kind, *old_name, *new_kind, *new_name, *other_day;
} change;

/* Who and when, for every change of one transaction. */
typedef struct actor {
	int64_t user;
	char at[CLOCK_ISO_LEN];
} actor;

static db_val opt(const char *s)
{
	return s ? DB_TEXT(s) : DB_NULL;
}

static int log_change(db *c, const actor *who, const change *ch)
{
	return db_exec(c,
		"INSERT INTO holiday_changes (day, change, old_kind, old_name, new_kind, new_name, other_day, "
		"user_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		DB_ARGS(DB_TEXT(ch->day), DB_TEXT(ch->change), opt(ch->old_kind), opt(ch->old_name),
		        opt(ch->new_kind), opt(ch->new_name), opt(ch->other_day),
		        who->user ? DB_INT(who->user) : DB_NULL, DB_TEXT(who->at)),
		NULL);
}

static actor actor_of(int64_t user, int64_t now)
{
	actor who = { .user = user };
	clock_iso(who.at, now);
	return who;
}

static int begin(db *c)
{
	int rc = db_begin(c, true);
	if (rc == DB_OK && db_engine() == DB_POSTGRES)
		rc = db_exec(c, "LOCK TABLE holidays IN SHARE ROW EXCLUSIVE MODE", DB_NOARGS, NULL);
	if (rc != DB_OK)
		db_rollback(c);
	return rc;
}

static calendar_change_fn on_change;

void calendar_on_change(calendar_change_fn fn)
{
	on_change = fn;
}

/* Ends the transaction begun by begin(): commits what was written when
 * the outcome is HOLIDAY_SAVED and the calendar still fits in what
 * calendar_load reads (and whoever follows the calendar has followed it,
 * in the same transaction), else rolls back. */
static int finish(db *c, int rc, enum holiday_outcome *out, int64_t user)
{
	if (rc == DB_OK && *out == HOLIDAY_SAVED) {
		int64_t n = 0;
		rc = db_query_int(c, "SELECT count(*) FROM holidays", DB_NOARGS, &n);
		rc = rc == DB_ROW ? DB_OK : rc;
		if (rc == DB_OK && n > CALENDAR_MAX_HOLIDAYS)
			*out = HOLIDAY_FULL;
	}
	if (rc == DB_OK && *out == HOLIDAY_SAVED && on_change != NULL)
		rc = on_change(c, user);
	if (rc == DB_OK && *out == HOLIDAY_SAVED)
		rc = db_commit(c);
	if (rc != DB_OK || *out != HOLIDAY_SAVED)
		db_rollback(c);
	return rc;
}

static const char *text(const json_t *row, const char *key)
{
	const char *s = json_string_value(json_object_get(row, key));
	return s ? s : "";
}

/* The holiday of day as it is now, in the transaction: DB_ROW with *row, or DB_DONE. */
static int current(db *c, const char *day, json_t **row)
{
	return calendar_holiday_get(c, day, row);
}

static int insert(db *c, const holiday *h, bool confirmed)
{
	return db_exec(c, "INSERT INTO holidays (day, kind, name, confirmed) VALUES (?, ?, ?, ?)",
	               DB_ARGS(DB_TEXT(h->day), DB_TEXT(h->kind), DB_TEXT(h->name), DB_INT(confirmed)), NULL);
}

int calendar_holiday_add(db *c, const holiday *h, int64_t user, int64_t now, enum holiday_outcome *out)
{
	actor who = actor_of(user, now);
	json_t *row = NULL;
	*out = HOLIDAY_SAVED;
	int rc = begin(c);
	if (rc != DB_OK)
		return rc;
	rc = current(c, h->day, &row);
	if (rc == DB_ROW) {
		*out = HOLIDAY_TAKEN;
		rc = DB_OK;
	} else if (rc == DB_DONE) {
		rc = insert(c, h, true);
		if (rc == DB_OK)
			rc = log_change(c, &who, &(change){ h->day, "ditambah", NULL, NULL, h->kind, h->name, NULL });
	}
	json_decref(row);
	return finish(c, rc, out, user);
}

/* A move of the holiday on old (row) to h->day. */
static int move(db *c, const actor *who, const json_t *row, const holiday *h, enum holiday_outcome *out)
{
	json_t *there = NULL;
	int rc = current(c, h->day, &there);
	json_decref(there);
	if (rc == DB_ROW) {
		*out = HOLIDAY_TAKEN;
		return DB_OK;
	}
	if (rc != DB_DONE)
		return rc;
	const char *old = text(row, "day");
	rc = db_exec(c, "UPDATE holidays SET day = ?, kind = ?, name = ?, confirmed = 1 WHERE day = ?",
	             DB_ARGS(DB_TEXT(h->day), DB_TEXT(h->kind), DB_TEXT(h->name), DB_TEXT(old)), NULL);
	if (rc == DB_OK)
		rc = log_change(c, who, &(change){ old, "dihapus", text(row, "kind"), text(row, "name"), NULL, NULL, h->day });
	if (rc == DB_OK)
		rc = log_change(c, who, &(change){ h->day, "ditambah", NULL, NULL, h->kind, h->name, old });
	return rc;
}

/* The same day with a new kind or name, or only confirmed now. */
static int amend(db *c, const actor *who, const json_t *row, const holiday *h, enum holiday_outcome *out)
{
	bool same = strcmp(text(row, "kind"), h->kind) == 0 && strcmp(text(row, "name"), h->name) == 0;
	bool confirmed = json_integer_value(json_object_get(row, "confirmed")) != 0;
	if (same && confirmed) {
		*out = HOLIDAY_UNCHANGED;
		return DB_OK;
	}
	int rc = db_exec(c, "UPDATE holidays SET kind = ?, name = ?, confirmed = 1 WHERE day = ?",
	                 DB_ARGS(DB_TEXT(h->kind), DB_TEXT(h->name), DB_TEXT(h->day)), NULL);
	if (rc != DB_OK)
		return rc;
	if (same)
		return log_change(c, who, &(change){ h->day, "dikonfirmasi", NULL, NULL, h->kind, h->name, NULL });
	return log_change(c, who, &(change){ h->day, "diubah", text(row, "kind"), text(row, "name"), h->kind,
	                                     h->name, NULL });
}

int calendar_holiday_update(db *c, const char *day, const holiday *h, int64_t user, int64_t now,
                            enum holiday_outcome *out)
{
	actor who = actor_of(user, now);
	json_t *row = NULL;
	*out = HOLIDAY_SAVED;
	int rc = begin(c);
	if (rc != DB_OK)
		return rc;
	rc = current(c, day, &row);
	if (rc == DB_DONE) {
		*out = HOLIDAY_MISSING;
		rc = DB_OK;
	} else if (rc == DB_ROW) {
		rc = strcmp(day, h->day) != 0 ? move(c, &who, row, h, out) : amend(c, &who, row, h, out);
	}
	json_decref(row);
	return finish(c, rc, out, user);
}

int calendar_holiday_delete(db *c, const char *day, int64_t user, int64_t now, enum holiday_outcome *out)
{
	actor who = actor_of(user, now);
	json_t *row = NULL;
	*out = HOLIDAY_SAVED;
	int rc = begin(c);
	if (rc != DB_OK)
		return rc;
	rc = current(c, day, &row);
	if (rc == DB_DONE) {
		*out = HOLIDAY_MISSING;
		rc = DB_OK;
	} else if (rc == DB_ROW) {
		rc = db_exec(c, "DELETE FROM holidays WHERE day = ?", DB_ARGS(DB_TEXT(day)), NULL);
		if (rc == DB_OK)
			rc = log_change(c, &who, &(change){ day, "dihapus", text(row, "kind"), text(row, "name"), NULL,
			                                    NULL, NULL });
	}
	json_decref(row);
	return finish(c, rc, out, user);
}

int calendar_holidays_confirm(db *c, int year, int64_t user, int64_t now, int64_t *count,
                              enum holiday_outcome *out)
{
	actor who = actor_of(user, now);
	char from[11], to[11];
	year_range(year, from, to);
	*count = 0;
	*out = HOLIDAY_SAVED;
	int rc = begin(c);
	if (rc != DB_OK)
		return rc;
	rc = db_exec(c,
		"INSERT INTO holiday_changes (day, change, new_kind, new_name, user_id, at) "
		"SELECT day, 'dikonfirmasi', kind, name, ?, ? FROM holidays "
		"WHERE day >= ? AND day <= ? AND confirmed = 0 ORDER BY day",
		DB_ARGS(who.user ? DB_INT(who.user) : DB_NULL, DB_TEXT(who.at), DB_TEXT(from), DB_TEXT(to)), NULL);
	if (rc == DB_OK)
		rc = db_exec(c, "UPDATE holidays SET confirmed = 1 WHERE day >= ? AND day <= ? AND confirmed = 0",
		             DB_ARGS(DB_TEXT(from), DB_TEXT(to)), count);
	if (rc == DB_OK && *count == 0)
		*out = HOLIDAY_UNCHANGED;
	return finish(c, rc, out, user);
}

/* --- import -------------------------------------------------------------------- */

static json_t *report_row(const holiday *h, const json_t *old)
{
	json_t *r = json_pack("{s:s, s:s, s:s}", "day", h->day, "kind", h->kind, "name", h->name);
	if (old != NULL) {
		json_object_set_new(r, "old_kind", json_string(text(old, "kind")));
		json_object_set_new(r, "old_name", json_string(text(old, "name")));
	}
	return r;
}

/* One day of the file: added, updated, or the same. */
static int import_day(db *c, const actor *who, const holiday *h, json_t *report)
{
	json_t *row = NULL;
	int rc = current(c, h->day, &row);
	if (rc == DB_DONE) {
		rc = insert(c, h, false);
		if (rc == DB_OK)
			rc = log_change(c, who, &(change){ h->day, "diimpor", NULL, NULL, h->kind, h->name, NULL });
		json_array_append_new(json_object_get(report, "added"), report_row(h, NULL));
	} else if (rc == DB_ROW && strcmp(text(row, "kind"), h->kind) == 0 && strcmp(text(row, "name"), h->name) == 0) {
		rc = DB_OK;
		json_array_append_new(json_object_get(report, "unchanged"), report_row(h, NULL));
	} else if (rc == DB_ROW) {
		rc = db_exec(c, "UPDATE holidays SET kind = ?, name = ?, confirmed = 0 WHERE day = ?",
		             DB_ARGS(DB_TEXT(h->kind), DB_TEXT(h->name), DB_TEXT(h->day)), NULL);
		if (rc == DB_OK)
			rc = log_change(c, who, &(change){ h->day, "diimpor", text(row, "kind"), text(row, "name"), h->kind,
			                                   h->name, NULL });
		json_array_append_new(json_object_get(report, "updated"), report_row(h, row));
	}
	json_decref(row);
	return rc;
}

static const char *day_text(int32_t day, char out[16])
{
	int y, m, d;
	calendar_civil(day, &y, &m, &d);
	snprintf(out, 16, "%04d-%02d-%02d", y, m, d);
	return out;
}

int calendar_holidays_import(db *c, const calendar_ics *ics, int64_t user, int64_t now, json_t **report,
                             enum holiday_outcome *out)
{
	actor who = actor_of(user, now);
	*report = json_pack("{s:[], s:[], s:[]}", "added", "updated", "unchanged");
	*out = HOLIDAY_SAVED;
	int rc = begin(c);
	if (rc != DB_OK)
		return rc;
	for (size_t i = 0; rc == DB_OK && i < ics->ndays; i++) {
		char day[16];
		holiday h = { day_text(ics->days[i].day, day),
		              ics->days[i].cuti ? HOLIDAY_KIND_CUTI : HOLIDAY_KIND_NATIONAL, ics->days[i].name };
		rc = import_day(c, &who, &h, *report);
	}
	if (rc == DB_OK && json_array_size(json_object_get(*report, "added")) + json_array_size(json_object_get(*report, "updated")) == 0)
		*out = HOLIDAY_UNCHANGED;
	return finish(c, rc, out, user);
}
