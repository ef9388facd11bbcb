/*
 * calendar.h - working days in Kabupaten Bekasi: Monday to Friday minus
 * the national holidays and the cuti bersama kept in the holidays table
 * (a table of dates, because lunar holidays move every year). Days are
 * counted in WIB (UTC+7), times stored in UTC.
 *
 * The pure part (everything but calendar_load) takes the holidays as a
 * sorted array, so it is tested without a database.
 */
#ifndef TERBUKA_CALENDAR_H
#define TERBUKA_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"

#define CALENDAR_MAX_HOLIDAYS 1024
#define WIB_OFFSET (7 * 3600)

typedef struct calendar {
	int32_t days[CALENDAR_MAX_HOLIDAYS]; /* days since 1970-01-01, sorted */
	bool cuti[CALENDAR_MAX_HOLIDAYS];      /* days[i] is cuti bersama (not a national holiday) */
	bool confirmed[CALENDAR_MAX_HOLIDAYS]; /* an admin checked days[i] against the decrees */
	unsigned n;
	int32_t first_year, last_year; /* the years with any holiday loaded (0: none) */
	bool cuti_bersama_works; /* cuti bersama days are working days (a KIP setting; default no) */
} calendar;

/* Reads the holidays (national and cuti bersama) into cal: DB_OK or an
 * error status. */
int calendar_load(db *c, calendar *cal);

/* Days since 1970-01-01 of a civil date, and back. */
int32_t calendar_day(int y, int m, int d);
void calendar_civil(int32_t day, int *y, int *m, int *d);
/* The day of the week of day: 0 = Sunday ... 6 = Saturday. */
int calendar_weekday(int32_t day);
/* The WIB day of Unix time t. */
int32_t calendar_wib_day(int64_t t);
/* "2026-03-20" -> day; false when it is not a real date. */
bool calendar_parse_day(const char *iso, int32_t *day);
/* "2026-03-16T10:00" (a wall-clock time in WIB, as an HTML datetime-local
 * input sends it; ":SS" may follow) -> Unix time; false when it is not a
 * real date and time. */
bool calendar_parse_wib(const char *local, int64_t *t);
/* "2026-03-16T03:00:00Z" (a stored UTC time, clock_iso's form) -> Unix
 * time; false when it is not one. */
bool calendar_parse_utc(const char *iso, int64_t *t);

/* The index of day in cal->days, or -1. */
int calendar_find(const calendar *cal, int32_t day);
/* A holiday that stops the clock: a national holiday, or cuti bersama
 * unless cal->cuti_bersama_works. */
bool calendar_is_holiday(const calendar *cal, int32_t day);
bool calendar_is_workday(const calendar *cal, int32_t day);
/* The end (23:59:59 WIB) of the n-th working day after the WIB day of t,
 * as Unix time: "answered within n working days" of t. */
int64_t calendar_due(const calendar *cal, int64_t t, int n);
/* Whole working days from the WIB day of `from` (not counted) to the WIB
 * day of `to` (counted); 0 when to is not later. */
int calendar_workdays_between(const calendar *cal, int64_t from, int64_t to);

/* Office hours, in minutes after midnight WIB, on every working day:
 * 08.00 to 16.00, eight hours (the public report card's "jam kerja"). */
#define CALENDAR_OFFICE_OPENS (8 * 60)
#define CALENDAR_OFFICE_CLOSES (16 * 60)
/* Whole minutes of office hours from `from` to `to` (Unix times): the
 * part of each working day between CALENDAR_OFFICE_OPENS and
 * CALENDAR_OFFICE_CLOSES that lies inside [from, to). 0 when to is not
 * later. A question asked on Friday at 15.00 and answered on Monday at
 * 09.00 took 120 minutes. */
int64_t calendar_office_minutes(const calendar *cal, int64_t from, int64_t to);

#endif
