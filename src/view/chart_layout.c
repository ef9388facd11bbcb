/*
 * chart_layout.c - a chart laid out as primitives (chart_int.h), once per
 * emitter: the SVG asks for a phone-wide space, the PDF for a page-wide
 * one. Nothing here knows SVG or cairo.
 *
 * Columns and lines: legend on top, value ticks on the left (1-2-5
 * steps, light gridlines), category labels below on one or two lines;
 * when they do not fit every k-th is shown (the data table beside the
 * chart has them all). Bars: one row per category, its label above the
 * bar on up to two lines across the whole width (long department names
 * on a phone), the value at the bar's end.
 */
#include "view/chart_int.h"

#include <math.h>
#include <string.h>

#include "view/chart_text.h"
#include "view/locale.h"

#define PAD 4.0
#define LABEL 12.0   /* category labels, legend */
#define TICK 11.0    /* value axis and bar values */
#define NOTE 13.0
#define LINE 1.25    /* line height in ems */
#define LABEL_MAX 400 /* bytes of a label considered; more never fits */

const chart_style chart_styles[CHART_MAX_SERIES] = {
	{ 0x0a4f9e, false, 0, 0 }, /* blue, solid, circle: 8.0:1 on white */
	{ 0xb04a00, true, 5, 1 },  /* orange, hatched, dashed, square: 5.5:1 */
	{ 0x0b5d3b, false, 2, 2 }, /* green, solid, dotted, triangle: 7.9:1 */
};
const unsigned chart_paint_rgb[PAINT_SERIES] = {
	[PAINT_INK] = 0x1b1f24, [PAINT_MUTED] = 0x4a5360, [PAINT_GRID] = 0xdde1e6, [PAINT_AXIS] = 0x4a5360,
};

typedef struct ctx {
	arena *a;
	const chart *c;
	chart_layout *l;
} ctx;

static cprim *add(ctx *x, ckind kind, int paint)
{
	chart_layout *l = x->l;
	if (l->n == l->cap) {
		l->failed = true;
		return NULL;
	}
	cprim *p = &l->p[l->n++];
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->paint = paint;
	return p;
}

static void rect(ctx *x, int paint, double rx, double ry, double w, double h)
{
	cprim *p = add(x, CP_RECT, paint);
	if (p)
		p->x = rx, p->y = ry, p->w = w, p->h = h;
}

static void line(ctx *x, int paint, double x1, double y1, double x2, double y2)
{
	cprim *p = add(x, CP_LINE, paint);
	if (p)
		p->x = x1, p->y = y1, p->x2 = x2, p->y2 = y2;
}

static void text(ctx *x, int paint, double tx, double ty, const char *s, canchor an, double size, bool bold)
{
	if (s == NULL) {
		x->l->failed = true;
		return;
	}
	cprim *p = add(x, CP_TEXT, paint);
	if (p)
		p->x = tx, p->y = ty, p->text = s, p->anchor = an, p->size = size, p->bold = bold;
}

static double value(const chart *c, size_t s, size_t i)
{
	return chart_clamp(c->values[s][i]);
}

bool chart_valid(const chart *c)
{
	if (c == NULL || c->title == NULL || c->nseries < 1 || c->nseries > CHART_MAX_SERIES ||
	    c->ncats > CHART_MAX_CATEGORIES || (c->ncats > 0 && c->cats == NULL) ||
	    (unsigned)c->kind > CHART_BARS || (unsigned)c->format > CHART_INDEX)
		return false;
	for (size_t s = 0; s < c->nseries; s++)
		if (c->ncats > 0 && c->values[s] == NULL)
			return false;
	return true;
}

/* The legend, flowing in rows from y; returns the y below it. */
static double legend(ctx *x, double y)
{
	const chart *c = x->c;
	if (c->nseries < 2)
		return y;
	double w = x->l->w, at = PAD, row = LABEL * LINE + 4;
	for (size_t s = 0; s < c->nseries; s++) {
		const char *name = chart_clean(x->a, c->series[s], LABEL_MAX);
		if (name == NULL) {
			x->l->failed = true;
			return y;
		}
		double nw = chart_text_width(name, strlen(name), LABEL, false);
		double room = w - 2 * PAD - 20;
		if (nw > room)
			nw = room;
		if (at > PAD && at + 20 + nw > w - PAD) {
			at = PAD;
			y += row;
		}
		if (c->kind == CHART_LINES) {
			cprim *p = add(x, CP_LINE, PAINT_SERIES + (int)s);
			if (p)
				p->x = at, p->y = y + 6, p->x2 = at + 16, p->y2 = y + 6;
			p = add(x, CP_MARK, PAINT_SERIES + (int)s);
			if (p)
				p->x = at + 8, p->y = y + 6, p->r = 3.5;
		} else {
			rect(x, PAINT_SERIES + (int)s, at + 1, y, 13, 12);
		}
		text(x, PAINT_INK, at + 20, y + 10.5, chart_fit(x->a, name, strlen(name), LABEL, false, room),
		     ANCHOR_START, LABEL, false);
		at += 20 + nw + 14;
	}
	return y + row + 4;
}

static void empty_note(ctx *x, double cx, double cy)
{
	text(x, PAINT_MUTED, cx, cy, locale_get("chart.empty"), ANCHOR_MIDDLE, NOTE, false);
}

static bool has_data(const chart *c, double *max)
{
	bool any = false;
	*max = 0;
	for (size_t s = 0; s < c->nseries; s++)
		for (size_t i = 0; i < c->ncats; i++) {
			double v = value(c, s, i);
			if (isnan(v))
				continue;
			any = true;
			if (v > *max)
				*max = v;
		}
	return any;
}

/* Columns and lines over categories. */
static void over_categories(ctx *x, double top)
{
	const chart *c = x->c;
	chart_layout *l = x->l;
	double w = l->w, dmax, step;
	bool data = has_data(c, &dmax);
	l->top = top > 0 ? top : chart_ticks(dmax, c->format, c->max, &step);
	chart_ticks(l->top, c->format, l->top, &step);
	double y0 = legend(x, PAD) + 6;

	/* value axis labels decide the left edge */
	size_t nticks = data ? (size_t)floor(l->top / step + 1e-9) + 1 : 0;
	if (nticks > 12)
		nticks = 12;
	double left = PAD;
	char s[96];
	for (size_t t = 0; t < nticks; t++) {
		chart_number(s, sizeof(s), c->format, step * (double)t, true);
		double tw = chart_text_width(s, strlen(s), TICK, false);
		if (PAD + tw + 6 > left)
			left = PAD + tw + 6;
	}
	double right = w - PAD, pw = right - left;
	double ph = w * 0.5 < 150 ? 150 : w * 0.5 > 240 ? 240 : w * 0.5, base = y0 + ph;
	size_t n = c->ncats;
	double slot = n ? pw / (double)n : pw;

	/* category labels: the smallest k that shows every k-th whole */
	const char **labels = arena_calloc(x->a, n ? n : 1, sizeof(*labels));
	double *need = arena_calloc(x->a, n ? n : 1, sizeof(*need));
	int *nl = arena_calloc(x->a, n ? n : 1, sizeof(*nl));
	if (labels == NULL || need == NULL || nl == NULL) {
		l->failed = true;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		labels[i] = chart_clean(x->a, c->cats[i], LABEL_MAX);
		if (labels[i] == NULL) {
			l->failed = true;
			return;
		}
		need[i] = chart_wrap_need(labels[i], LABEL, false, &nl[i]);
	}
	size_t k = 1;
	int lines = 1;
	for (k = 1; k <= n; k++) {
		bool fits = true;
		lines = 1;
		for (size_t i = 0; i < n && fits; i += k) {
			double cx = left + slot * ((double)i + 0.5), half = slot * (double)k / 2 - 1;
			if (cx - 1 < half)
				half = cx - 1;
			if (w - 1 - cx < half)
				half = w - 1 - cx;
			fits = need[i] <= 2 * half;
			if (nl[i] == 2)
				lines = 2;
		}
		if (fits)
			break;
	}
	if (k > n) { /* a long word somewhere: labels ellipsised at about 40 units */
		k = (size_t)ceil(44 / slot);
		if (k < 1)
			k = 1;
		lines = 2;
	}

	/* grid and ticks */
	for (size_t t = 0; t < nticks; t++) {
		double v = step * (double)t, y = base - v / l->top * ph;
		if (t > 0)
			line(x, PAINT_GRID, left, y, right, y);
		chart_number(s, sizeof(s), c->format, v, true);
		text(x, PAINT_MUTED, left - 6, y + TICK * 0.35, arena_strdup(x->a, s), ANCHOR_END, TICK, false);
	}
	for (size_t i = 0; i < n; i += k) {
		double cx = left + slot * ((double)i + 0.5), half = slot * (double)k / 2 - 1;
		if (cx - 1 < half)
			half = cx - 1;
		if (w - 1 - cx < half)
			half = w - 1 - cx;
		const char *ln[2];
		int m = chart_wrap(x->a, labels[i], LABEL, false, 2 * half, lines, ln);
		for (int j = 0; j < m; j++)
			text(x, PAINT_INK, cx, base + 16 + LABEL * LINE * j, ln[j], ANCHOR_MIDDLE, LABEL, false);
		if (m < 0)
			l->failed = true;
		if (k > 1) /* a tick says which column the label belongs to */
			line(x, PAINT_AXIS, cx, base, cx, base + 3);
	}
	l->h = base + 16 + LABEL * LINE * (lines - 1) + PAD + 2;

	if (!data) {
		line(x, PAINT_AXIS, left, base, right, base);
		empty_note(x, (left + right) / 2, y0 + ph / 2);
		return;
	}
	if (c->kind == CHART_COLUMNS) {
		double group = slot * (n <= 4 ? 0.5 : 0.72), cw = group / (double)c->nseries;
		if (cw > 40)
			cw = 40;
		double gap = c->nseries > 1 && cw > 4 ? 1 : 0;
		for (size_t i = 0; i < n; i++) {
			double cx = left + slot * ((double)i + 0.5), x0 = cx - cw * (double)c->nseries / 2;
			for (size_t sr = 0; sr < c->nseries; sr++) {
				double v = value(c, sr, i);
				if (isnan(v) || v <= 0)
					continue;
				double h = (v > l->top ? l->top : v) / l->top * ph;
				rect(x, PAINT_SERIES + (int)sr, x0 + cw * (double)sr + gap / 2, base - h, cw - gap, h);
			}
		}
	} else {
		double r = slot < 8 ? 2.5 : 3.5;
		for (size_t sr = 0; sr < c->nseries; sr++) {
			size_t i = 0;
			while (i < n) {
				while (i < n && isnan(value(c, sr, i)))
					i++;
				size_t from = i;
				while (i < n && !isnan(value(c, sr, i)))
					i++;
				if (i - from < 2)
					continue;
				cprim *p = add(x, CP_PATH, PAINT_SERIES + (int)sr);
				double *pts = arena_alloc(x->a, 2 * (i - from) * sizeof(double));
				if (p == NULL || pts == NULL) {
					l->failed = true;
					return;
				}
				for (size_t j = from; j < i; j++) {
					double v = value(c, sr, j);
					pts[2 * (j - from)] = left + slot * ((double)j + 0.5);
					pts[2 * (j - from) + 1] = base - (v > l->top ? l->top : v) / l->top * ph;
				}
				p->pts = pts;
				p->npts = i - from;
			}
			for (i = 0; i < n; i++) {
				double v = value(c, sr, i);
				if (isnan(v))
					continue;
				cprim *p = add(x, CP_MARK, PAINT_SERIES + (int)sr);
				if (p)
					p->x = left + slot * ((double)i + 0.5),
					p->y = base - (v > l->top ? l->top : v) / l->top * ph, p->r = r;
			}
		}
	}
	line(x, PAINT_AXIS, left, base, right, base);
}

/* Horizontal bars, one row per category. */
static void bars(ctx *x, double top)
{
	const chart *c = x->c;
	chart_layout *l = x->l;
	double w = l->w, dmax;
	bool data = has_data(c, &dmax);
	l->top = top > 0 ? top : c->max > 0 && isfinite(c->max) ? chart_clamp(c->max) : dmax;
	double y = legend(x, PAD) + 2;
	if (!data) {
		empty_note(x, w / 2, y + 40);
		l->h = y + 60;
		return;
	}
	double vw = 0;
	char s[96];
	for (size_t sr = 0; sr < c->nseries; sr++)
		for (size_t i = 0; i < c->ncats; i++) {
			chart_number(s, sizeof(s), c->format, value(c, sr, i), false);
			double tw = chart_text_width(s, strlen(s), TICK, true);
			if (tw > vw)
				vw = tw;
		}
	double bt = c->nseries == 1 ? 14 : 11, span = w - 2 * PAD - vw - 6;
	for (size_t i = 0; i < c->ncats; i++) {
		const char *name = chart_clean(x->a, c->cats[i], LABEL_MAX), *ln[2];
		int m = name ? chart_wrap(x->a, name, LABEL, false, w - 2 * PAD, 2, ln) : -1;
		if (m < 0) {
			l->failed = true;
			return;
		}
		y += 4;
		for (int j = 0; j < m; j++) {
			y += LABEL * LINE;
			text(x, PAINT_INK, PAD, y - 3, ln[j], ANCHOR_START, LABEL, false);
		}
		y += 3;
		/* the bars' own baseline, so a missing or zero bar still has its place */
		line(x, PAINT_AXIS, PAD, y - 1, PAD, y + (bt + 2) * (double)c->nseries - 1);
		for (size_t sr = 0; sr < c->nseries; sr++) {
			double v = value(c, sr, i);
			double bw = isnan(v) || !(l->top > 0) ? 0 : (v > l->top ? l->top : v) / l->top * span;
			if (bw > 0)
				rect(x, PAINT_SERIES + (int)sr, PAD, y, bw, bt);
			chart_number(s, sizeof(s), c->format, v, false);
			text(x, PAINT_INK, PAD + bw + 4, y + bt / 2 + TICK * 0.36, arena_strdup(x->a, s),
			     ANCHOR_START, TICK, true);
			y += bt + 2;
		}
		y += 8;
	}
	l->h = y + PAD;
}

chart_layout *chart_layout_make(arena *a, const chart *c, double w, double top)
{
	if (!chart_valid(c))
		return NULL;
	chart_layout *l = arena_calloc(a, 1, sizeof(*l));
	if (l == NULL)
		return NULL;
	l->w = w;
	/* every category: per series a shape, a mark and a value, two label lines, a tick */
	l->cap = 64 + c->ncats * (3 * c->nseries + 4);
	l->p = arena_calloc(a, l->cap, sizeof(*l->p));
	if (l->p == NULL)
		return NULL;
	ctx x = { a, c, l };
	if (c->kind == CHART_BARS)
		bars(&x, top);
	else
		over_categories(&x, top);
	return l->failed || arena_failed(a) ? NULL : l;
}
