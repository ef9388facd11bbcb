/*
 * clock.h - the legal clock of a formal information request (UU 14/2008
 * on Keterbukaan Informasi Publik), in working days of the calendar
 * (calendar.h). Pure: the holidays and the rules come in, the days go
 * out; kip_rules_load reads the rules a region set.
 *
 * From the moment a request is submitted:
 *   - it counts as received on the WIB day it came in, or on the next
 *     working day when it came on a day off or after office hours;
 *   - the written notice is due within 10 working days of receipt
 *     (Pasal 22 ayat 7); the PPID may extend once by at most 7 working
 *     days after that (ayat 8);
 *   - the requester may object within 30 working days of finding the
 *     reason (Pasal 35-36): at the latest, when the notice was due and
 *     did not come;
 *   - the atasan PPID answers within 30 working days of receiving the
 *     objection (Pasal 36 ayat 2);
 *   - the requester may bring the dispute to the Komisi Informasi within
 *     14 working days of that answer (Pasal 37 ayat 2).
 *
 * How days are counted: for the government's periods (the notice, its
 * extension, the atasan's answer) the day the period starts counts as day
 * 1 by default (rules.receipt_day_one: Komisi Informasi Jawa Barat's
 * reading in a 2024 ruling, the stricter one for the government), or as
 * day 0. The requester's periods (objection, dispute) always start the
 * day after the event, the reading that never shortens a citizen's right.
 * An extension's 7 days are the 7 working days after the notice was due.
 */
#ifndef TERBUKA_KIP_CLOCK_H
#define TERBUKA_KIP_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "calendar/calendar.h"
#include "db/db.h"

#define KIP_NOTICE_DAYS 10
#define KIP_EXTENSION_DAYS 7
#define KIP_OBJECTION_DAYS 30
#define KIP_ATASAN_DAYS 30
#define KIP_DISPUTE_DAYS 14

/* What a region sets (settings kip.*; defaults in kip_rules_default). */
typedef struct kip_rules {
	bool cuti_bersama_works; /* cuti bersama is a working day (default: no) */
	bool receipt_day_one;    /* the day of receipt is day 1 (default) or day 0 */
	int close_minute;        /* office hours end, minutes after 00:00 WIB (default 16:00) */
} kip_rules;

enum kip_step {
	KIP_RECEIVED,        /* the day the request counts as received */
	KIP_NOTICE,          /* the written notice, at the latest */
	KIP_EXTENDED,        /* the notice when the PPID extended */
	KIP_OBJECTION,       /* last day to object, the notice not come */
	KIP_ATASAN,          /* the atasan's answer, the objection filed on its last day */
	KIP_DISPUTE,         /* last day to bring the dispute, after that answer */
	KIP_STEPS
};

/* Why a request counts as received later than it came. */
enum kip_moved { KIP_ON_TIME, KIP_DAY_OFF, KIP_AFTER_HOURS };

typedef struct kip_deadlines {
	int64_t submitted;
	enum kip_moved moved;
	int32_t day[KIP_STEPS];          /* WIB days; after an extension: */
	int32_t extended[KIP_STEPS];     /* the same chain from KIP_EXTENDED (RECEIVED..EXTENDED equal) */
	int32_t first_missing_year;      /* a deadline lies in a year with no holiday loaded (0: none) */
	int unconfirmed;                 /* unconfirmed holidays between receipt and the last deadline */
} kip_deadlines;

void kip_rules_default(kip_rules *r);
/* Reads the region's rules from settings (kip.cuti_bersama_hari_kerja
 * "1"/"0", kip.hari_penerimaan "1"/"0", kip.jam_tutup "HH:MM"), the
 * default for any missing or malformed one. */
int kip_rules_load(db *c, kip_rules *r);
/* "HH:MM" (00:00 to 23:59), as kip.jam_tutup is stored: minutes after
 * midnight, or -1 when it is not one. */
int kip_hhmm_parse(const char *s);

/* The n-th working day counting from day: with from_day_one, day itself
 * is day 1 when it is a working day; otherwise day 1 is the first working
 * day after it. n >= 1. */
int32_t kip_nth_workday(const calendar *cal, int32_t day, int n, bool from_day_one);
/* An objection filed at the UTC time filed: the day it counts as received
 * (as a request's) and the last day of the atasan's answer (Pasal 36 ayat
 * 2: 30 working days, counted by the region's rules). */
void kip_objection_days(const calendar *cal, const kip_rules *rules, int64_t filed, int32_t *received,
                        int32_t *answer_due);

/* The working days a request took, from the day it counts as received
 * to the day of its written notice, counted as its deadlines are: the day
 * of receipt is day 1 with r->receipt_day_one, else day 0; a notice given
 * on a day off counts on the next working day, as a request sent on one
 * counts as received on the next. So the notice was on time exactly when
 * this is at most KIP_NOTICE_DAYS (plus KIP_EXTENSION_DAYS when extended).
 * 0 for a notice before the day of receipt. */
int kip_workdays_taken(const calendar *cal, const kip_rules *r, int32_t received, int32_t notice);

/* Every deadline of a request submitted at Unix time t. cal's
 * cuti_bersama_works must already follow r. */
void kip_deadlines_compute(const calendar *cal, const kip_rules *r, int64_t t, kip_deadlines *out);

#endif
