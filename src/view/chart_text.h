/*
 * chart_text.h - numbers and text fitting for the chart layout (internal
 * to src/view/chart_*.c and pdf_chart.c).
 */
#ifndef TERBUKA_CHART_TEXT_H
#define TERBUKA_CHART_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "view/chart.h"

/* v as drawn: NAN for NAN and infinities, negatives as 0, capped at 9e17. */
double chart_clamp(double v);
/* v in format f into out ("-" for missing); tick drops a ",0". */
void chart_number(char *out, size_t cap, chart_format f, double v, bool tick);
/* The value axis' top for data up to max (or the fixed top when > 0) and
 * its step (1-2-5 times a power of ten, 2.5-5 steps, at least a unit of
 * the format: 1 for integers). */
double chart_ticks(double max, chart_format f, double fixed, double *step);

/* s (at most max bytes) as valid UTF-8 with control characters made
 * spaces, in a; "" for NULL; NULL when out of memory. */
const char *chart_clean(arena *a, const char *s, size_t max);
/* Estimated width of n bytes of valid UTF-8 at size units. */
double chart_text_width(const char *s, size_t n, double size, bool bold);
/* s cut to w wide with "…" when it is wider (a copy in a). */
const char *chart_fit(arena *a, const char *s, size_t n, double size, bool bold, double w);
/* s broken at spaces (inside a word wider than w) into at most max_lines
 * lines of w, the last one cut with "…"; the number of lines, -1 when out
 * of memory. */
int chart_wrap(arena *a, const char *s, double size, bool bold, double w, int max_lines,
               const char **lines);
/* The least width that shows s whole on one or two lines (broken at one
 * space), and how many lines that takes. */
double chart_wrap_need(const char *s, double size, bool bold, int *lines);

#endif
