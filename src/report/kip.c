/*
 * kip.c - the report card's formal information requests: the annual
 * report's own tally (src/kip/report.c) for each year and each month, so
 * the two reports can never disagree. A request addressed to the main
 * PPID counts for the whole government only.
 */
#include "kip/report.h"
#include "kip/report_int.h"
#include "report/tally.h"

/* The annual report's figure behind each of the report card's. */
static const int from_kip[K_NFIGURES] = {
	[K_RECEIVED] = RECEIVED, [K_DECIDED] = DECIDED, [K_ON_TIME] = ON_TIME, [K_LATE] = LATE,
	[K_EXTENDED] = EXTENDED, [K_GRANTED] = GRANTED, [K_PARTLY] = PARTLY, [K_REJECTED] = REJECTED,
	[K_NOT_HELD] = NOT_HELD, [K_OPEN] = OPEN, [K_OVERDUE] = OPEN_OVERDUE, [K_OBJECTIONS] = OBJECTIONS,
};

static int count_period(db *c, report_tally *t, int year, int month)
{
	kip_report_scope s = { .year = year, .month = month };
	kip_tally k = { .a = t->a };
	int rc = kip_tally_year(c, &s, &k, NULL);
	if (rc != DB_OK)
		return rc;
	for (size_t i = 0; i < k.n; i++) {
		long ai = report_tally_agency(t, k.g[i].agency_id);
		for (long who = 0; who >= 0; who = who == 0 && ai > 0 ? ai : -1) {
			bool any = false;
			for (size_t f = 0; f < K_NFIGURES; f++)
				any = any || k.g[i].n[from_kip[f]] != 0;
			report_cell *cell = any ? report_tally_cell(t, who, year, month) : NULL;
			for (size_t f = 0; cell && f < K_NFIGURES; f++)
				cell->k[f] += k.g[i].n[from_kip[f]];
		}
	}
	return DB_OK;
}

int report_count_kip(db *c, report_tally *t)
{
	int rc = DB_OK;
	for (int y = t->first_year; rc == DB_OK && y < t->first_year + t->nyears; y++)
		for (int m = 0; rc == DB_OK && m <= 12; m++)
			rc = count_period(c, t, y, m);
	return rc;
}
