/*
 * model.h - the report card's view model, inside src/report/: which
 * period a page asks for, and the stored figures (report_figures) turned
 * into what every page shows: rates, the satisfaction index, the
 * ranking ("rapor") with its ingredients, the months of the year, and
 * the charts' data. The pages, the CSV and the PDF all show this model.
 */
#ifndef TERBUKA_REPORT_MODEL_H
#define TERBUKA_REPORT_MODEL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"

/* A department is ranked once this many questions reached it in the
 * period; the satisfaction index needs this many ratings. */
#define REPORT_MIN_RANKED 5
#define REPORT_MIN_RATINGS 10

/* The ranking's ingredients and their weights (out of 100). */
#define REPORT_WEIGHT_ANSWERED 35
#define REPORT_WEIGHT_ON_TIME 30
#define REPORT_WEIGHT_SATISFACTION 20
#define REPORT_WEIGHT_KIP 15

typedef struct report_period {
	int year, month; /* month 0: the whole year */
	char key[16];    /* "2026" or "2026-03": report_figures.period */
} report_period;

/* The period of ?tahun=&bulan= (absent: this year; bulan absent: the
 * whole year). false when it is not one: a year before 2000 or after
 * this one, a month not 1-12 or after this month. */
bool report_period_of(const char *tahun, const char *bulan, report_period *p);

/* The model of the period, for the whole government (slug NULL) or one
 * department:
 *   {"period": {year, month, key, label, is_month}, "run": {computed_at,
 *    computed_label, took_ms} or null, "whole": row, "departments":
 *    [row, ranked first], "department": row (a department's page), "months":
 *    [row of each month of the year], "programs": {...}, "formula": {...}}
 * where a row is {agency_id, slug, name, url, figures (as stored), rates,
 * labels, score, rank, ingredients}. DB_OK; DB_DONE when no department
 * has the slug; or a database status. */
int report_model(db *c, arena *a, const report_period *p, const char *slug, json_t **out);

/* The address of a report page with its period: base ("/laporan" or
 * "/laporan/dinkes") + suffix ("", "/unduh.csv", "/cetak.pdf") +
 * "?tahun=2026[&bulan=3]". */
const char *report_url(arena *a, const char *base, const char *suffix, const report_period *p);

#endif
