/*
 * charts.c - the report card's pictures (pages.h): which charts a page
 * has, their data, a sentence that says what they show for screen
 * readers, the table beside each, and the SVG drawn by view/chart.h.
 * The same descriptions feed the PDF (export.c).
 */
#include <math.h>
#include <string.h>

#include "programs/rules.h"
#include "report/pages.h"
#include "report/tally.h"
#include "view/chart.h"
#include "view/locale.h"

static int64_t fig(json_t *row, const char *group, const char *key)
{
	return json_integer_value(json_object_get(json_object_get(json_object_get(row, "figures"), group), key));
}

/* A row's rate, or NAN when it has none. */
static double rate(json_t *row, const char *key)
{
	json_t *v = json_object_get(json_object_get(row, "rates"), key);
	return json_is_number(v) ? json_number_value(v) : NAN;
}

static json_t *number_or_null(double v)
{
	return isnan(v) ? json_null() : json_real(v);
}

static const char *fill(arena *a, const char *key, const char *name1, const char *value1, const char *name2,
                        const char *value2)
{
	const char *names[] = { name1, name2 };
	const char *values[] = { value1, value2 };
	return locale_fill(a, key, names, values, name2 ? 2 : 1);
}

static json_t *describe(arena *a, const char *id, const char *kind, const char *format, const char *period_label)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "id", id, "kind", kind, "format", format, "title",
	                 fill(a, arena_printf(a, "report.chart.%s.title", id), "periode", period_label, NULL, NULL),
	                 "category_label", locale_get(arena_printf(a, "report.chart.%s.category", id)),
	                 "categories", json_array(), "series", json_array());
}

static json_t *series(json_t *c, const char *name)
{
	json_t *s = json_pack("{s:s, s:[]}", "name", name, "values");
	json_array_append_new(json_object_get(c, "series"), s);
	return json_object_get(s, "values");
}

/* Received and answered, month by month. */
static json_t *trend(arena *a, json_t *m, const char *label)
{
	json_t *c = describe(a, "trend", "columns", "int", label);
	json_t *received = series(c, locale_get("report.f.received")), *answered = series(c, locale_get("report.f.answered"));
	json_t *row, *best = NULL;
	size_t i;
	json_array_foreach(json_object_get(m, "months"), i, row)
	{
		json_array_append_new(json_object_get(c, "categories"), json_string(json_string_value(json_object_get(row, "short_label"))));
		json_array_append_new(received, json_integer(fig(row, "questions", "received")));
		json_array_append_new(answered, json_integer(fig(row, "questions", "answered")));
		if (best == NULL || fig(row, "questions", "received") > fig(best, "questions", "received"))
			best = row;
	}
	const char *desc = best && fig(best, "questions", "received") > 0
		? fill(a, "report.chart.trend.desc", "bulan", json_string_value(json_object_get(best, "label")), "jumlah",
		       arena_printf(a, "%lld", (long long)fig(best, "questions", "received")))
		: locale_get("report.chart.empty");
	json_object_set_new(c, "desc", json_string(desc));
	return c;
}

/* One department's value in a per-department chart. */
typedef struct bar {
	const char *name;
	double value;
} bar;

static int descending(const void *x, const void *y)
{
	double a = ((const bar *)x)->value, b = ((const bar *)y)->value;
	return a > b ? -1 : a < b;
}

static int ascending(const void *x, const void *y)
{
	return -descending(x, y);
}

/* One value per ranked department (the others have too few questions for
 * a fair bar), best first: the highest share, or the shortest time. */
static json_t *per_department(arena *a, json_t *m, const char *id, const char *format, const char *key,
                              const char *label, bool low_is_good)
{
	json_t *c = describe(a, id, "bars", format, label);
	json_t *values = series(c, locale_get(arena_printf(a, "report.chart.%s.series", id)));
	json_t *departments = json_object_get(m, "departments"), *row;
	bar *bars = arena_alloc(a, (json_array_size(departments) + 1) * sizeof(*bars));
	size_t i, n = 0;
	json_array_foreach(departments, i, row)
	{
		double v = rate(row, key);
		if (bars && !isnan(v) && json_is_true(json_object_get(row, "ranked")))
			bars[n++] = (bar){ json_string_value(json_object_get(row, "name")), v };
	}
	if (n > 1)
		qsort(bars, n, sizeof(*bars), low_is_good ? ascending : descending);
	for (i = 0; i < n; i++) {
		json_array_append_new(json_object_get(c, "categories"), json_string(bars[i].name ? bars[i].name : ""));
		json_array_append_new(values, json_real(bars[i].value));
	}
	const char *desc = n ? fill(a, arena_printf(a, "report.chart.%s.desc", id), "terbaik", bars[0].name, "terakhir",
	                            bars[n - 1].name)
	                     : locale_get("report.chart.empty");
	json_object_set_new(c, "desc", json_string(desc));
	if (strcmp(format, "percent") == 0)
		json_object_set_new(c, "max", json_integer(100));
	return c;
}

/* The median first response, month by month (a department's page). */
static json_t *response_by_month(arena *a, json_t *m, const char *label)
{
	json_t *c = describe(a, "response_trend", "lines", "hours", label);
	json_t *values = series(c, locale_get("report.f.median_hours"));
	size_t i, n = 0;
	json_t *row;
	json_array_foreach(json_object_get(m, "months"), i, row)
	{
		json_array_append_new(json_object_get(c, "categories"), json_string(json_string_value(json_object_get(row, "short_label"))));
		double v = rate(row, "median_hours");
		n += !isnan(v);
		json_array_append_new(values, number_or_null(v));
	}
	json_object_set_new(c, "desc", json_string(n ? locale_get("report.chart.response_trend.desc")
	                                              : locale_get("report.chart.empty")));
	return c;
}

/* Budget and realisation by status or by funding source (a year). */
static json_t *money(arena *a, json_t *row, const char *id, const char *group, const char *const *keys, size_t n,
                     const char *label)
{
	json_t *c = describe(a, id, "bars", "rupiah", label);
	json_t *budget = series(c, locale_get("report.chart.budget")), *real = series(c, locale_get("report.chart.realization"));
	json_t *by = json_object_get(json_object_get(json_object_get(row, "figures"), "programs"), group);
	int64_t total = 0;
	for (size_t i = 0; i < n; i++) {
		json_t *g = json_object_get(by, keys[i]);
		if (json_integer_value(json_object_get(g, "count")) == 0)
			continue;
		json_array_append_new(json_object_get(c, "categories"),
		                      json_string(locale_get(arena_printf(a, "report.%s.%s", group, keys[i]))));
		json_array_append_new(budget, json_integer(json_integer_value(json_object_get(g, "budget"))));
		json_array_append_new(real, json_integer(json_integer_value(json_object_get(g, "realization"))));
		total += json_integer_value(json_object_get(g, "budget"));
	}
	json_object_set_new(c, "desc", json_string(total ? fill(a, arena_printf(a, "report.chart.%s.desc", id), "jumlah",
	                                                          rupiah_format(a, total), NULL, NULL)
	                                                 : locale_get("report.chart.empty")));
	return c;
}

static chart_format format_of(const char *f)
{
	static const char *const names[] = { "int", "percent", "hours", "rupiah", "index" };
	static const chart_format formats[] = { CHART_INT, CHART_PERCENT, CHART_HOURS, CHART_RUPIAH, CHART_INDEX };
	for (size_t i = 0; f && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(f, names[i]) == 0)
			return formats[i];
	return CHART_INT;
}

bool report_chart_of(arena *a, json_t *d, chart *c)
{
	memset(c, 0, sizeof(*c));
	const char *kind = json_string_value(json_object_get(d, "kind"));
	c->kind = kind && strcmp(kind, "bars") == 0 ? CHART_BARS : kind && strcmp(kind, "lines") == 0 ? CHART_LINES
	                                                                                               : CHART_COLUMNS;
	c->format = format_of(json_string_value(json_object_get(d, "format")));
	c->title = json_string_value(json_object_get(d, "title"));
	c->desc = json_string_value(json_object_get(d, "desc"));
	c->max = (double)json_integer_value(json_object_get(d, "max"));
	json_t *cats = json_object_get(d, "categories"), *series = json_object_get(d, "series");
	c->ncats = json_array_size(cats);
	c->nseries = json_array_size(series);
	const char **labels = arena_alloc(a, (c->ncats + 1) * sizeof(*labels));
	if (labels == NULL || c->nseries == 0 || c->nseries > CHART_MAX_SERIES || c->ncats > CHART_MAX_CATEGORIES)
		return false;
	for (size_t i = 0; i < c->ncats; i++)
		labels[i] = json_string_value(json_array_get(cats, i));
	c->cats = labels;
	for (size_t s = 0; s < c->nseries; s++) {
		json_t *v = json_object_get(json_array_get(series, s), "values");
		double *values = arena_alloc(a, (c->ncats + 1) * sizeof(*values));
		if (values == NULL)
			return false;
		for (size_t i = 0; i < c->ncats; i++) {
			json_t *x = json_array_get(v, i);
			values[i] = json_is_number(x) ? json_number_value(x) : NAN;
		}
		c->series[s] = json_string_value(json_object_get(json_array_get(series, s), "name"));
		c->values[s] = values;
	}
	return true;
}

/* The table beside a chart: a row per category, a cell per series, in
 * the chart's own words ("87,5%"); and the SVG. */
static void draw(arena *a, json_t *d)
{
	chart c;
	if (!report_chart_of(a, d, &c))
		return;
	json_t *rows = json_array(), *heads = json_array();
	for (size_t s = 0; s < c.nseries; s++)
		json_array_append_new(heads, json_string(c.series[s] ? c.series[s] : ""));
	for (size_t i = 0; i < c.ncats; i++) {
		json_t *cells = json_array();
		for (size_t s = 0; s < c.nseries; s++) {
			const char *v = chart_format_value(a, c.format, c.values[s][i]);
			json_array_append_new(cells, json_string(v ? v : ""));
		}
		json_array_append_new(rows, json_pack("{s:s, s:o}", "label", c.cats[i] ? c.cats[i] : "", "cells", cells));
	}
	json_object_set_new(d, "series_names", heads);
	json_object_set_new(d, "rows", rows);
	const char *id = arena_printf(a, "grafik-%s", json_string_value(json_object_get(d, "id")));
	for (char *p = (char *)id; p && *p; p++)
		if (*p == '_')
			*p = '-';
	const char *svg = id ? chart_svg(a, &c, id) : NULL;
	json_object_set_new(d, "image_svg", svg ? json_string(svg) : json_null());
	json_object_set_new(d, "html_id", json_string(id ? id : ""));
}

void report_charts(arena *a, json_t *m, bool department)
{
	json_t *charts = json_array();
	const char *label = json_string_value(json_object_get(json_object_get(m, "period"), "label"));
	const char *year = json_string_value(json_object_get(json_object_get(m, "period"), "key"));
	const char *year_label = arena_printf(a, "%.4s", year ? year : "");
	bool is_month = json_is_true(json_object_get(json_object_get(m, "period"), "is_month"));
	json_array_append_new(charts, trend(a, m, year_label));
	if (department) {
		json_array_append_new(charts, response_by_month(a, m, year_label));
	} else {
		json_array_append_new(charts, per_department(a, m, "answer_rate", "percent", "answer_rate", label, false));
		json_array_append_new(charts, per_department(a, m, "response", "hours", "median_hours", label, true));
	}
	json_t *row = department ? json_object_get(m, "department") : json_object_get(m, "whole");
	if (!is_month) {
		json_array_append_new(charts, money(a, row, "by_status", "by_status", report_statuses, REPORT_STATUSES, label));
		json_array_append_new(charts, money(a, row, "by_funding", "by_funding", report_fundings, REPORT_FUNDINGS, label));
	}
	size_t i;
	json_t *c;
	json_array_foreach(charts, i, c)
		draw(a, c);
	json_object_set_new(m, "charts", charts);
}
