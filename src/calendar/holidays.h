/*
 * holidays.h - the holiday calendar as data: the holidays table
 * (migration 007) and its audit trail holiday_changes (012).
 *
 * Reads give JSON rows for pages. Every write is one write transaction
 * that changes holidays and adds its holiday_changes rows together, or
 * writes nothing: an outcome other than HOLIDAY_SAVED leaves the database
 * as it was. On PostgreSQL a write first locks the holidays table against
 * other writers (readers go on), so "is that day free?" still holds when
 * the row is written, on every node; SQLite's write transaction has one
 * writer anyway.
 *
 * Who: user is the account making the change, 0 for none (CLI); now is
 * Unix time. Days are "YYYY-MM-DD" (WIB), already checked by the caller.
 */
#ifndef TERBUKA_CALENDAR_HOLIDAYS_H
#define TERBUKA_CALENDAR_HOLIDAYS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "calendar/ics.h"
#include "db/db.h"

#define HOLIDAY_KIND_NATIONAL "libur_nasional"
#define HOLIDAY_KIND_CUTI "cuti_bersama"

typedef struct holiday {
	const char *day;  /* "2026-03-20" */
	const char *kind; /* HOLIDAY_KIND_NATIONAL or HOLIDAY_KIND_CUTI */
	const char *name; /* 1-200 characters */
} holiday;

enum holiday_outcome {
	HOLIDAY_SAVED,     /* written, with its changes */
	HOLIDAY_UNCHANGED, /* nothing to write */
	HOLIDAY_MISSING,   /* no holiday on that day */
	HOLIDAY_TAKEN,     /* the day asked for already has a holiday */
	HOLIDAY_FULL,      /* the calendar would hold more than CALENDAR_MAX_HOLIDAYS days */
};

/* The holidays of a year, by day: [{day, kind, name, confirmed}]. */
int calendar_holidays_year(db *c, int year, json_t **rows);
/* Every year with holidays: [{year ("2026"), days, unconfirmed}]. */
int calendar_holidays_years(db *c, json_t **rows);
/* One day's holiday: DB_ROW with *row {day, kind, name, confirmed}, or DB_DONE. */
int calendar_holiday_get(db *c, const char *day, json_t **row);
/* The changes that touched the days from..to (inclusive), newest first,
 * at most limit: [{id, day, change, old_kind, old_name, new_kind,
 * new_name, other_day, at, by_name}]. What a case whose clock ran over
 * those days shows. */
int calendar_holiday_changes(db *c, const char *from, const char *to, int limit, json_t **rows);

/* A new holiday, confirmed (an admin typed it from the decree):
 * 'ditambah'. HOLIDAY_TAKEN when the day has one. */
/* Called inside the transaction of every saved change of the calendar,
 * before its commit, with who made it: a non-DB_OK status rolls the
 * change back. One follower (the open information requests, kip/). */
typedef int (*calendar_change_fn)(db *c, int64_t user);
void calendar_on_change(calendar_change_fn fn);

int calendar_holiday_add(db *c, const holiday *h, int64_t user, int64_t now, enum holiday_outcome *out);
/* The holiday of `day` becomes h, confirmed: 'diubah' (kind or name),
 * 'dihapus' + 'ditambah' when h->day moves it (each naming the other day),
 * 'dikonfirmasi' when only its confirmation was missing. HOLIDAY_MISSING,
 * HOLIDAY_TAKEN (h->day has another), HOLIDAY_UNCHANGED. */
int calendar_holiday_update(db *c, const char *day, const holiday *h, int64_t user, int64_t now,
                            enum holiday_outcome *out);
/* 'dihapus'. HOLIDAY_MISSING. */
int calendar_holiday_delete(db *c, const char *day, int64_t user, int64_t now, enum holiday_outcome *out);
/* Confirms every unconfirmed holiday of year, one 'dikonfirmasi' each;
 * *count gets how many (0: HOLIDAY_UNCHANGED). */
int calendar_holidays_confirm(db *c, int year, int64_t user, int64_t now, int64_t *count,
                              enum holiday_outcome *out);
/* The days of a parsed file: a new day is added, a day whose kind or
 * name differs is updated, both unconfirmed, with a 'diimpor' change
 * each (old and new); a day that is the same is left as it is.
 * *report: {added: [{day, kind, name}], updated: [{day, kind, name,
 * old_kind, old_name}], unchanged: [{day, kind, name}]}, also when
 * nothing was written. */
int calendar_holidays_import(db *c, const calendar_ics *ics, int64_t user, int64_t now, json_t **report,
                             enum holiday_outcome *out);

#endif
