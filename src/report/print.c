/*
 * print.c - the report card as a printable A4 report (report.h), drawn
 * by view/pdf.h from the page's model: the figures of the whole
 * government (or the department), the ranking or the months, the same
 * charts as the page with their tables, and how everything is counted.
 */
#include <string.h>

#include "report/pages.h"
#include "report/report.h"
#include "view/chart.h"
#include "view/locale.h"
#include "view/pdf.h"

static const char *label(json_t *row, const char *key)
{
	const char *v = json_string_value(json_object_get(json_object_get(row, "labels"), key));
	return v ? v : "–";
}

static const char *count(arena *a, json_t *row, const char *group, const char *key)
{
	json_t *v = json_object_get(json_object_get(json_object_get(row, "figures"), group), key);
	return arena_printf(a, "%lld", (long long)json_integer_value(v));
}

/* The headline figures of one row, as label: value lines. */
static void headline(arena *a, pdf *d, json_t *row)
{
	static const char *const counts[][2] = { { "questions", "received" }, { "questions", "answered" },
		                                 { "questions", "overdue" }, { "kip", "received" },
		                                 { "kip", "on_time" }, { "kip", "objections" } };
	static const char *const rates[] = { "answer_rate", "on_time_rate", "median_hours", "p90_hours",
		                             "forwarded_share", "reopened_share", "satisfaction" };
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
		pdf_field(d, locale_get(arena_printf(a, "report.print.%s_%s", counts[i][0], counts[i][1])),
		          count(a, row, counts[i][0], counts[i][1]));
	for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++)
		pdf_field(d, locale_get(arena_printf(a, "report.f.%s", rates[i])), label(row, rates[i]));
	pdf_field(d, locale_get("report.f.score"), json_string_value(json_object_get(row, "score_label")));
}

/* A table of rows (departments or months): name, received, answered %,
 * on time %, median hours, satisfaction, score. */
static void table(arena *a, pdf *d, json_t *rows, const char *first, bool ranked)
{
	static const double widths[7] = { 0.34, 0.11, 0.11, 0.11, 0.11, 0.11, 0.11 };
	static const char *const keys[] = { "answer_rate", "on_time_rate", "median_hours", "satisfaction" };
	size_t n = json_array_size(rows) + 1;
	const char **cells = arena_alloc(a, n * 7 * sizeof(*cells));
	if (cells == NULL)
		return;
	cells[0] = first;
	cells[1] = locale_get("report.f.received");
	for (size_t k = 0; k < 4; k++)
		cells[2 + k] = locale_get(arena_printf(a, "report.short.%s", keys[k]));
	cells[6] = locale_get("report.f.score");
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		const char **c = &cells[(i + 1) * 7];
		json_t *rank = json_object_get(r, "rank");
		const char *name = json_string_value(json_object_get(r, ranked ? "name" : "label"));
		c[0] = ranked && json_is_integer(rank)
			? arena_printf(a, "%lld. %s", (long long)json_integer_value(rank), name ? name : "")
			: (name ? name : "");
		c[1] = count(a, r, "questions", "received");
		for (size_t k = 0; k < 4; k++)
			c[2 + k] = label(r, keys[k]);
		c[6] = json_string_value(json_object_get(r, "score_label"));
	}
	pdf_table(d, 7, widths, cells, n);
}

static void charts(arena *a, pdf *d, json_t *m)
{
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(m, "charts"), i, c)
	{
		chart ch;
		if (report_chart_of(a, c, &ch))
			pdf_chart(d, &ch);
	}
}

static void print(request *req, page *pg, const report_period *p, const char *slug, json_t *m)
{
	arena *a = req->arena;
	json_t *period = json_object_get(m, "period"), *run = json_object_get(m, "run");
	json_t *row = slug ? json_object_get(m, "department") : json_object_get(m, "whole");
	const char *name = slug ? json_string_value(json_object_get(row, "name")) : locale_get("report.whole");
	const char *when = json_string_value(json_object_get(period, "label"));
	const char *title = arena_printf(a, "%s %s", locale_get("report.title"), when);
	pdf *d = pdf_begin(a, title, arena_printf(a, "%s · %s", name, title));
	pdf_title(d, title);
	pdf_text(d, name);
	const char *names[] = { "waktu" };
	const char *values[] = { json_string_value(json_object_get(run, "computed_label")) };
	pdf_note(d, values[0] ? locale_fill(a, "report.computed", names, values, 1) : locale_get("report.not_yet"));
	pdf_heading(d, locale_get("report.summary"));
	headline(a, d, row);
	if (slug) {
		pdf_heading(d, locale_get("report.months_title"));
		table(a, d, json_object_get(m, "months"), locale_get("report.month"), false);
	} else {
		pdf_heading(d, locale_get("report.ranking_title"));
		table(a, d, json_object_get(m, "departments"), locale_get("report.department"), true);
	}
	report_charts(a, m, slug != NULL);
	charts(a, d, m);
	pdf_heading(d, locale_get("report.method_title"));
	size_t i;
	json_t *line;
	json_array_foreach(json_object_get(json_object_get(locale_root(), "report"), "method"), i, line)
		pdf_note(d, json_string_value(line));
	buf out;
	const char *why = NULL;
	if (pdf_end(d, &out, &why) != 0) {
		page_fail(req, pg, why ? why : "report card PDF");
		return;
	}
	response_set_buf(pg->res, 200, "application/pdf", &out);
	response_header(pg->res, "Content-Disposition",
	                arena_printf(a, "inline; filename=\"rapor-%s%s%s.pdf\"", slug ? slug : "", slug ? "-" : "", p->key));
	pg->raw = true;
}

void report_pdf(request *req, page *pg)
{
	report_period p;
	const char *slug;
	json_t *m = NULL;
	if (report_load(req, pg, &p, &slug, &m))
		print(req, pg, &p, slug, m);
	json_decref(m);
}
