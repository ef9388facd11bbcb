/*
 * report.h - the public report card (/laporan): how each department
 * answers its people, per month and per year, counted from the record
 * (questions and their history, ratings, KIP requests, programmes) and
 * never typed in. A background run (refresh.c) keeps the figures in
 * report_figures (migration 020), so a page reads a few dozen rows
 * whatever the size of the record; the pages (web.c), their model
 * (model.c), the CSV and the PDF (export.c) show those rows. What each
 * figure means: docs/ARCHITECTURE.md "The public report card".
 */
#ifndef TERBUKA_REPORT_H
#define TERBUKA_REPORT_H

#include <stdbool.h>

#include "db/db.h"

/* How often the figures are counted again when the data changed. */
#define REPORT_REFRESH_SECONDS 300

/* Registers the refresh job and queues its first run (c may be NULL in
 * tools that serve nothing). 0 or -1. */
int report_init(db *c);

/* Counts every figure again and replaces the stored ones, unless nothing
 * behind them changed since the last run and that run is under an hour
 * old (force: count anyway). DB_OK, with *ran saying whether it counted;
 * or a database status. Not inside a transaction. */
int report_refresh(db *c, bool force, bool *ran);

struct request;
struct page;
/* /laporan and /laporan/:slug, their CSV and PDF: the route's slug
 * (absent on /laporan) says whether it is a department's. */
void report_page(struct request *req, struct page *pg);
void report_csv(struct request *req, struct page *pg);
void report_pdf(struct request *req, struct page *pg);
void report_recount_submit(struct request *req, struct page *pg);

#endif
