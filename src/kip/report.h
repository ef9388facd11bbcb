/*
 * report.h - the annual public information service report (laporan
 * layanan informasi publik, UU 14/2008 Pasal 12; Perki 1/2021, due by 31
 * March for the year before), inside kip/: which year and department a
 * page asks for, the figures computed from the year's requests and
 * objections (report.c; nothing is typed in or stored), and the parts a
 * PPID writes (kip_reports, migration 018; report_web.c). The pages, the
 * CSV and the PDF (report_export.c) all show the one model built here.
 */
#ifndef TERBUKA_KIP_REPORT_H
#define TERBUKA_KIP_REPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"

/* The report asked for: a year and a department, or the whole government. */
typedef struct kip_report_scope {
	int year;
	int month;         /* 1-12: only that month of the year (the report card); 0: the whole year */
	int64_t agency_id; /* 0: the whole government */
	const char *slug;  /* the department's; NULL for the whole government */
	const char *name;  /* the department's name, or the government's */
} kip_report_scope;

/* One figure of a department's table: its key in the model's "figures",
 * its CSV column, the locale key of its label, and its level in the
 * table (1: a part of the line above, 2: a part of that part, like the
 * letters of Pasal 17 under the refusals). */
typedef struct kip_report_field {
	const char *key, *csv, *label;
	int level;
} kip_report_field;

extern const kip_report_field kip_report_fields[];
extern const size_t kip_report_nfields;

/* The year and department of ?tahun=2026&dinas=slug (absent: this year,
 * the whole government). DB_OK; DB_DONE when the year is not one (2000
 * to this year) or no department has that slug; or a database status. */
int kip_report_scope_of(db *c, arena *a, const char *tahun, const char *dinas, kip_report_scope *s);

/* The report of s as every page shows it:
 *   {"year", "in_progress", "as_of", "whole", "scope": {slug, name},
 *    "groups": [{slug, name, main, figures: {key: n}, rows: [{label,
 *    value, sub}]}], "total": {...} (the whole government only),
 *    "requests": [{number, url, agency_name, received_on, decided_on,
 *    days, outcome, outcome_label, extended, on_time, overdue}],
 *    "written": {policy, facilities, staff, obstacles, recommendations,
 *    updated_label, updated_by_name} or null, "disputes_recorded": false}
 * Never the requester. */
int kip_report_build(db *c, arena *a, const kip_report_scope *s, json_t **out);

/* The parts a PPID wrote for s, or *out NULL when none yet. */
int kip_report_written(db *c, arena *a, const kip_report_scope *s, json_t **out);

/* A report's address with its year and department: "/permohonan/laporan"
 * with suffix ("", ".csv", ".pdf"). */
const char *kip_report_url(arena *a, const char *base, const char *suffix, const kip_report_scope *s);

struct request;
struct page;
/* The report a page's query asks for, built (report_export.c): true, or
 * false when pg already answers why not (404, the database). */
bool kip_report_load(struct request *req, struct page *pg, kip_report_scope *s, json_t **m);
/* The Content-Disposition of a report's file: "attachment; filename=
 * \"laporan-kip-2026-dinkes<part>.<ext>\"" (a PDF is shown inline). */
const char *kip_report_file_name(arena *a, const kip_report_scope *s, const char *part, const char *ext);

#endif
