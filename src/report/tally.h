/*
 * tally.h - the report card's counting, inside src/report/: one cell of
 * figures per department (0: the whole government) and period (a year,
 * or a month of it), filled from the rows by count.c and kip.c and
 * written as JSON by tally.c. What a figure means is said once, in
 * docs/ARCHITECTURE.md "The public report card"; the test that counts
 * again in Python (tests/http/test_report.py) follows the same words.
 */
#ifndef TERBUKA_REPORT_TALLY_H
#define TERBUKA_REPORT_TALLY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "calendar/calendar.h"
#include "core/arena.h"
#include "db/db.h"

/* Periods per year: the year itself (0), then its months (1-12). */
#define REPORT_PERIODS 13
/* At most this many years are counted: the last ones up to this year. */
#define REPORT_MAX_YEARS 10

enum report_question_figure {
	Q_RECEIVED,  /* reached the department (or, for the whole government, was published) */
	Q_FORWARDED, /* the department sent it on to another one */
	Q_CLOSED,    /* closed (any reason) while with the department, unanswered by it */
	Q_ANSWERED,  /* answered by the department while it held it */
	Q_RESPONDED, /* had a first response: an answer or a forward */
	Q_DUE_KNOWN, /* responded, or past its response days without one */
	Q_ON_TIME,   /* first response within the department's response days */
	Q_OPEN,      /* still waiting with the department */
	Q_OVERDUE,   /* still waiting, past its due moment, now */
	Q_REOPENED,  /* the asker reopened it after the department's answer */
	Q_RATINGS,   /* ratings of the department's answers given in the period */
	Q_STARS,     /* their stars, summed */
	Q_NFIGURES
};

enum report_kip_figure {
	K_RECEIVED, K_DECIDED, K_ON_TIME, K_LATE, K_EXTENDED, K_GRANTED, K_PARTLY, K_REJECTED, K_NOT_HELD,
	K_OPEN, K_OVERDUE, K_OBJECTIONS, K_NFIGURES
};

#define REPORT_STATUSES 5 /* direncanakan berjalan selesai ditunda dibatalkan */
#define REPORT_FUNDINGS 6 /* apbd apbn dak banprov csr lainnya */

extern const char *const report_question_keys[Q_NFIGURES];
extern const char *const report_kip_keys[K_NFIGURES];
extern const char *const report_statuses[REPORT_STATUSES];
extern const char *const report_fundings[REPORT_FUNDINGS];

typedef struct report_money {
	int64_t count, budget, realization;
} report_money;

typedef struct report_cell {
	int64_t q[Q_NFIGURES];
	int32_t *minutes; /* office minutes to each first response */
	size_t nminutes, capminutes;
	int64_t k[K_NFIGURES];
	report_money status[REPORT_STATUSES], funding[REPORT_FUNDINGS]; /* years only */
	bool used;
} report_cell;

/* Every cell of one run: departments x years x periods. Department 0 is
 * the whole government; the others are agencies.id in id order. */
typedef struct report_tally {
	arena *a;
	calendar cal;
	int64_t now;
	int first_year, nyears;
	int64_t *agency_ids;  /* nagencies, sorted; [0] = 0 */
	int *response_days;   /* each agency's response days */
	size_t nagencies;
	report_cell *cells;   /* nagencies * nyears * REPORT_PERIODS */
} report_tally;

/* Loads the calendar and the agencies and makes the cells of the years
 * from first_year to this year (at most REPORT_MAX_YEARS). DB_OK or a
 * database status. */
int report_tally_init(db *c, arena *a, int64_t now, int first_year, report_tally *t);
/* The index of an agency (0: none, the whole government's), or -1. */
long report_tally_agency(const report_tally *t, int64_t agency_id);
/* The cell of agency index ai, year and month (0: the year), or NULL when
 * the year is not counted. */
report_cell *report_tally_cell(report_tally *t, long ai, int year, int month);
/* Adds one office-minutes value to a cell; false when memory ran out. */
bool report_cell_minutes(report_tally *t, report_cell *cell, int32_t minutes);

/* The questions, their stints with each department and the ratings
 * (count.c); the KIP requests and objections (kip.c); the programmes
 * (count.c). Each DB_OK or a database status. */
int report_count_questions(db *c, report_tally *t);
int report_count_ratings(db *c, report_tally *t);
int report_count_programs(db *c, report_tally *t);
int report_count_kip(db *c, report_tally *t);

/* A cell's figures as stored in report_figures.figures:
 *   {"questions": {received, ..., stars, median_minutes, p90_minutes},
 *    "kip": {received, ...}, "programs": {count, budget, realization,
 *    by_status: {status: {count, budget, realization}}, by_funding: {...}}}
 * (programmes only for a year). Sorts the cell's minutes. */
json_t *report_cell_json(report_cell *cell, bool year);

/* The nearest-rank percentile p (1-100) of n sorted values: the value at
 * rank ceil(p * n / 100); -1 when n is 0. */
int64_t report_percentile(const int32_t *sorted, size_t n, int p);

#endif
