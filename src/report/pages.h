/*
 * pages.h - what the report card's pages (web.c), files (export.c) and
 * charts (charts.c) share inside src/report/.
 */
#ifndef TERBUKA_REPORT_PAGES_H
#define TERBUKA_REPORT_PAGES_H

#include <jansson.h>
#include <stdbool.h>

#include "app.h"
#include "report/model.h"

/* The period and department (slug, NULL for the whole government) a
 * request asks for, and their model: true, or false when pg already
 * answers why not (404, the database). */
bool report_load(request *req, page *pg, report_period *p, const char **slug, json_t **m);

/* The model's charts: "charts": [{id, title, desc, kind, format,
 * categories, series: [{name, values}], rows (the data table), image_svg}]
 * for the whole government's page or a department's. */
void report_charts(arena *a, json_t *m, bool department);

struct chart;
/* A chart of the model's "charts" as view/chart.h draws it, in a's
 * memory; false when it is not one. */
bool report_chart_of(arena *a, json_t *d, struct chart *c);

#endif
