/*
 * ics.h - holidays read from an iCalendar file (RFC 5545), as the
 * admin's import takes them: a pure function from the file's bytes to a
 * list of days with their kind and name, or the reason the file is
 * refused. The file is parsed by libical; nothing here touches the
 * database or keeps the file.
 *
 * What counts: each VEVENT of the calendar with an all-day DTSTART
 * (VALUE=DATE) and a SUMMARY. An event of several days (DTEND, which is
 * exclusive, or a DURATION in days) gives each of its days. Its kind is
 * cuti bersama when the SUMMARY says "cuti bersama" (any case), else the
 * kind the form chose. Events that cannot be holidays (a time of day, a
 * repeating rule, cancelled, no name, a name with invisible or
 * direction-changing characters, before 2000 or after 2100, longer than
 * CALENDAR_ICS_MAX_SPAN days) are skipped with a reason; a day named
 * twice keeps its first event, except that a national holiday wins over
 * cuti bersama.
 *
 * Refused whole (nothing of it may be written): an empty or oversized
 * file, bytes that are not UTF-8 text, text that is not an iCalendar
 * object, any line libical could not read or a date that does not exist,
 * no all-day event at all, more than CALENDAR_ICS_MAX_DAYS days.
 */
#ifndef TERBUKA_CALENDAR_ICS_H
#define TERBUKA_CALENDAR_ICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

#define CALENDAR_ICS_MAX_BYTES (512u * 1024) /* a year's calendar is a few KB */
#define CALENDAR_ICS_MAX_DAYS 400            /* days one file may bring */
#define CALENDAR_ICS_MAX_EVENTS 2000
#define CALENDAR_ICS_MAX_SPAN 31             /* days one event may cover */
#define CALENDAR_ICS_MAX_SKIPPED 100         /* skipped events listed (all are counted) */
#define CALENDAR_ICS_MAX_NAME 200            /* characters, as the holidays table allows */

typedef struct calendar_ics_day {
	int32_t day;      /* days since 1970-01-01 */
	bool cuti;        /* cuti bersama, else a national holiday */
	const char *name; /* 1-200 characters of UTF-8 that pass name_clean (accounts/rules.h) */
} calendar_ics_day;

typedef struct calendar_ics_skip {
	const char *name;   /* the event's SUMMARY, "" when it has none */
	const char *date;   /* "2027-03-10", "" when it has no usable start */
	const char *reason; /* locale key: "admin_holidays.skip.<why>" */
} calendar_ics_skip;

typedef struct calendar_ics {
	calendar_ics_day *days; /* sorted by day, each day once */
	size_t ndays;
	calendar_ics_skip *skipped; /* the first CALENDAR_ICS_MAX_SKIPPED */
	size_t nskipped;            /* all of them */
	size_t bad;                 /* lines or values libical could not read (with "malformed") */
} calendar_ics;

/* Reads the len bytes at data (need not be NUL-terminated). NULL when
 * the file is taken, *out filled in a's memory; else the locale key of
 * why it is refused ("admin_holidays.import_error.<why>"; for
 * "too_large" its {n} is CALENDAR_ICS_MAX_BYTES in KB, for "malformed"
 * out->bad, for "too_many" CALENDAR_ICS_MAX_DAYS). cuti: the kind the
 * form chose. Thread-safe. */
const char *calendar_ics_parse(arena *a, const char *data, size_t len, bool cuti, calendar_ics *out);

#endif
