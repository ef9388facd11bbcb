/*
 * chart.h - charts of the public report card (/laporan) drawn on the
 * server: the same picture as an inline SVG for the page (no script) and
 * inside a printable PDF.
 *
 * A chart is plain data (kind, title, one-sentence description, category
 * labels, 1-3 series of values, a value format). It is laid out once per
 * emitter into rectangles, lines and single-line texts in a virtual space
 * (src/view/chart_layout.c); chart_svg writes that as SVG, pdf_chart
 * (view/pdf.h) draws it with cairo/pango. Every text is escaped by the
 * emitter, so any label is safe; the SVG is meant for a template key
 * ending in "_svg" (template.h), the only other raw output besides the
 * markdown renderer's "_html".
 *
 * Not for: negative values (clamped at 0), stacking, sorting (the caller
 * orders categories), interaction. Values that are NAN (or infinite) are
 * missing: a gap in a line, no column or bar. A chart with no category or
 * no value at all is drawn empty with the note "Belum ada data"
 * (locale chart.empty).
 */
#ifndef TERBUKA_CHART_H
#define TERBUKA_CHART_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"

#define CHART_MAX_SERIES 3
#define CHART_MAX_CATEGORIES 400

typedef enum chart_kind {
	CHART_COLUMNS, /* vertical columns over categories, series side by side */
	CHART_LINES,   /* a line per series over categories, points marked */
	CHART_BARS,    /* a horizontal bar per category (label above it, wrapped), value at its end */
} chart_kind;

typedef enum chart_format {
	CHART_INT,     /* 1.234 */
	CHART_PERCENT, /* 87,5% */
	CHART_HOURS,   /* 12,3 jam */
	CHART_RUPIAH,  /* Rp 350.000, Rp 350 jt, Rp 1,2 M, Rp 4,1 T */
	CHART_INDEX,   /* 3,8 */
} chart_format;

typedef struct chart {
	chart_kind kind;
	chart_format format;
	const char *title;        /* said first by screen readers; drawn above in the PDF */
	const char *desc;         /* one sentence: what the chart shows */
	size_t ncats;             /* 0..CHART_MAX_CATEGORIES */
	const char *const *cats;  /* ncats labels (NULL entries are "") */
	size_t nseries;           /* 1..CHART_MAX_SERIES; a legend is drawn when > 1 */
	const char *series[CHART_MAX_SERIES];    /* names */
	const double *values[CHART_MAX_SERIES];  /* ncats values each; NAN = missing */
	double max;               /* fixed top of the value axis (100 for percent), 0 = from the data */
} chart;

/* A self-contained SVG of the chart, in a's memory:
 * <svg role="img" aria-labelledby="ID-t ID-d" viewBox=... width="100%">
 * with <title id="ID-t"> and <desc id="ID-d">. The title is not drawn in
 * the picture: the page shows it as the figure's caption or heading. id
 * makes the ids unique on a page: 1-40 characters of [a-z0-9-]. NULL when
 * id or the chart is not valid (no title, nseries out of range, a NULL
 * values array, too many categories) or memory ran out. */
const char *chart_svg(arena *a, const chart *c, const char *id);

/* v as the format writes it ("1.234", "87,5%", "12,3 jam", "Rp 1,2 M",
 * "3,8"), in a's memory: the same text the chart shows, for the data
 * table beside it. NAN -> "-"; negative -> as 0. NULL when out of memory. */
const char *chart_format_value(arena *a, chart_format f, double v);

#endif
