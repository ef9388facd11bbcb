/*
 * chart_int.h - a chart's layout, shared by its emitters (chart_svg.c,
 * pdf_chart.c) and nothing else.
 *
 * The layout is a list of primitives in a virtual space of w x h units,
 * y growing downwards, text sizes in the same units. Texts are single
 * lines already wrapped or shortened to fit (widths are estimated from the
 * character classes of a sans-serif face, generously, so the real text is
 * never wider), valid UTF-8 without control characters, not escaped.
 */
#ifndef TERBUKA_CHART_INT_H
#define TERBUKA_CHART_INT_H

#include "view/chart.h"

typedef enum cpaint {
	PAINT_INK,    /* text */
	PAINT_MUTED,  /* tick labels, notes */
	PAINT_GRID,   /* gridlines */
	PAINT_AXIS,   /* the baseline */
	PAINT_SERIES, /* + series index */
} cpaint;

typedef enum ckind {
	CP_RECT, /* x, y, w, h; a series' rect uses the series' fill (solid or hatched) */
	CP_LINE, /* x, y -> x2, y2; a series' line uses its dash */
	CP_PATH, /* a series' polyline: npts points (x, y pairs in pts) */
	CP_MARK, /* a series' point marker centred on x, y, size r */
	CP_TEXT, /* text with its baseline at y, anchored at x */
} ckind;

typedef enum canchor { ANCHOR_START, ANCHOR_MIDDLE, ANCHOR_END } canchor;

typedef struct cprim {
	ckind kind;
	int paint;     /* cpaint, PAINT_SERIES + i for series i */
	double x, y, w, h, x2, y2, r;
	double *pts;
	size_t npts;
	const char *text;
	canchor anchor;
	double size;
	bool bold;
} cprim;

typedef struct chart_layout {
	double w, h;
	cprim *p;
	size_t n, cap;
	double top;   /* the value axis' top (for a PDF split into pages) */
	bool failed;
} chart_layout;

/* How each series looks: colour (5:1 or more against white; blue and
 * orange stay apart for the common colour blindnesses), hatching, line
 * dash and marker shape, so colour is never the only difference. */
typedef struct chart_style {
	unsigned rgb;     /* 0xRRGGBB */
	bool hatch;       /* columns and bars: diagonal stripes on white */
	int dash;         /* lines: 0 solid, else dash length */
	int marker;       /* 0 circle, 1 square, 2 triangle */
} chart_style;

extern const chart_style chart_styles[CHART_MAX_SERIES];
extern const unsigned chart_paint_rgb[PAINT_SERIES];
#define CHART_FONT "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif"

/* Checks c (title, series count, values, categories). */
bool chart_valid(const chart *c);
/* Lays c out w units wide. top > 0 forces the value axis' top (the pages
 * of a split bar chart share one scale). NULL when out of memory. */
chart_layout *chart_layout_make(arena *a, const chart *c, double w, double top);

#endif
