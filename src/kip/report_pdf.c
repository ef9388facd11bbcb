/*
 * report_pdf.c - the annual service report (report.h) as a printable A4
 * document, /permohonan/laporan.pdf?tahun=&dinas=, drawn by view/pdf.h:
 * the parts the PPID wrote, the summary per PPID (the whole government),
 * every PPID's table of figures, the disputes' note, the list of requests
 * (never the requester) and how the figures are counted.
 */
#include <string.h>

#include "kip/kip.h"
#include "kip/report.h"
#include "view/locale.h"
#include "view/pdf.h"

#define SUMMARY_COLUMNS 5

static const char *text(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : "";
}

static const char *num(arena *a, json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_integer(v) ? arena_printf(a, "%lld", (long long)json_integer_value(v)) : "";
}

/* A summary of the whole government: a row per PPID and the total, a
 * column per figure of keys (at most SUMMARY_COLUMNS). */
static void summary(arena *a, pdf *p, json_t *m, const char *heading, const char *const *keys, size_t nkeys)
{
	double widths[SUMMARY_COLUMNS + 1] = { 0.3 };
	json_t *groups = json_object_get(m, "groups");
	size_t ncols = nkeys + 1, nrows = json_array_size(groups) + 2;
	const char **cells = arena_alloc(a, nrows * ncols * sizeof(*cells));
	if (cells == NULL || nkeys > SUMMARY_COLUMNS)
		return;
	cells[0] = locale_get("kip_report.ppid");
	for (size_t k = 0; k < nkeys; k++) {
		widths[1 + k] = 0.7 / (double)nkeys;
		cells[1 + k] = locale_get(arena_printf(a, "kip_report.short.%s", keys[k]));
	}
	for (size_t r = 1; r < nrows; r++) {
		json_t *g = r < nrows - 1 ? json_array_get(groups, r - 1) : json_object_get(m, "total");
		cells[r * ncols] = r < nrows - 1 ? text(g, "name") : locale_get("kip_report.total");
		for (size_t k = 0; k < nkeys; k++)
			cells[r * ncols + 1 + k] = num(a, json_object_get(g, "figures"), keys[k]);
	}
	pdf_heading(p, locale_get(heading));
	pdf_table(p, ncols, widths, cells, nrows);
}

/* One PPID's table: every figure, its parts indented, as on the page. */
static void figures(arena *a, pdf *p, json_t *g, const char *caption)
{
	static const double widths[2] = { 0.8, 0.2 };
	json_t *rows = json_object_get(g, "rows");
	size_t nrows = json_array_size(rows) + 1;
	const char **cells = arena_alloc(a, nrows * 2 * sizeof(*cells));
	if (cells == NULL)
		return;
	cells[0] = locale_get("kip_report.figure");
	cells[1] = locale_get("kip_report.count");
	for (size_t r = 1; r < nrows; r++) {
		json_t *row = json_array_get(rows, r - 1);
		int level = (int)json_integer_value(json_object_get(row, "level"));
		cells[r * 2] = arena_printf(a, "%s%s", level == 2 ? "\u2003\u2003" : level == 1 ? "\u2003" : "",
		                            text(row, "label"));
		cells[r * 2 + 1] = text(row, "value");
	}
	pdf_heading(p, caption);
	pdf_table(p, 2, widths, cells, nrows);
}

/* The list of requests: number, PPID, received, decided, days, outcome. */
static void requests(arena *a, pdf *p, json_t *m)
{
	static const double widths[6] = { 0.19, 0.25, 0.13, 0.13, 0.09, 0.21 };
	static const char *const heads[6] = { "kip_report.col_number", "kip_report.ppid", "kip_report.col_received",
		"kip_report.col_decided", "kip_report.col_days", "kip_report.col_outcome" };
	json_t *list = json_object_get(m, "requests");
	pdf_heading(p, locale_get("kip_report.requests_title"));
	if (json_array_size(list) == 0) {
		pdf_text(p, locale_get("kip_report.requests_none"));
		return;
	}
	size_t nrows = json_array_size(list) + 1;
	const char **cells = arena_alloc(a, nrows * 6 * sizeof(*cells));
	if (cells == NULL)
		return;
	for (size_t k = 0; k < 6; k++)
		cells[k] = locale_get(heads[k]);
	for (size_t r = 1; r < nrows; r++) {
		json_t *q = json_array_get(list, r - 1);
		const char **row = &cells[r * 6];
		row[0] = text(q, "number");
		row[1] = text(q, "agency_name");
		row[2] = text(q, "received_on");
		row[3] = json_is_string(json_object_get(q, "decided_on")) ? text(q, "decided_on")
		                                                         : locale_get("kip_report.not_decided");
		row[4] = num(a, q, "days");
		row[5] = arena_printf(a, "%s%s%s", text(q, "outcome_label"),
			json_is_true(json_object_get(q, "late")) || json_is_true(json_object_get(q, "overdue"))
				? arena_printf(a, " (%s)", locale_get(json_is_true(json_object_get(q, "late")) ? "kip_report.late"
				                                                                            : "kip_report.overdue"))
				: "",
			json_is_true(json_object_get(q, "extended")) ? arena_printf(a, ", %s", locale_get("kip_report.extended")) : "");
	}
	pdf_table(p, 6, widths, cells, nrows);
}

/* The parts the PPID wrote, or that none are yet. */
static void written(arena *a, pdf *p, json_t *w)
{
	static const char *const parts[] = { "policy", "facilities", "staff", "obstacles", "recommendations" };
	pdf_heading(p, locale_get("kip_report.written_title"));
	if (!json_is_object(w)) {
		pdf_text(p, locale_get("kip_report.written_none"));
		return;
	}
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		pdf_field(p, locale_get(arena_printf(a, "kip_report.parts.%s", parts[i])), text(w, parts[i]));
	pdf_note(p, arena_printf(a, "%s %s, %s", locale_get("kip_report.written_by"), text(w, "updated_by_name"),
	                         text(w, "updated_label")));
}

static void report_pdf(arena *a, pdf *p, json_t *m)
{
	const char *names[] = { "tanggal" };
	const char *values[] = { text(m, "as_of_label") };
	pdf_note(p, text(json_object_get(m, "scope"), "name"));
	pdf_title(p, arena_printf(a, "%s %lld", locale_get("kip_report.title"),
	                          (long long)json_integer_value(json_object_get(m, "year"))));
	pdf_note(p, locale_fill(a, "kip_report.pdf_basis", names, values, 1));
	if (json_is_true(json_object_get(m, "in_progress")))
		pdf_note(p, locale_get("kip_report.pdf_in_progress"));
	written(a, p, json_object_get(m, "written"));
	if (json_is_true(json_object_get(m, "whole"))) {
		static const char *const outcomes[] = { "received", "granted", "partly_granted", "rejected", "not_held" };
		static const char *const times[] = { "on_time", "late", "open", "open_overdue", "objections" };
		summary(a, p, m, "kip_report.summary_outcomes", outcomes, 5);
		summary(a, p, m, "kip_report.summary_time", times, 5);
		figures(a, p, json_object_get(m, "total"), locale_get("kip_report.total"));
	}
	size_t i;
	json_t *g;
	json_array_foreach(json_object_get(m, "groups"), i, g)
		figures(a, p, g, text(g, "name"));
	pdf_note(p, locale_get("kip_report.disputes_note"));
	requests(a, p, m);
	pdf_heading(p, locale_get("kip_report.method_title"));
	json_array_foreach(json_object_get(json_object_get(locale_root(), "kip_report"), "method"), i, g)
		pdf_note(p, json_string_value(g));
	pdf_note(p, text(m, "counting"));
	pdf_note(p, text(m, "cuti"));
}

void kip_report_pdf(request *req, page *pg)
{
	kip_report_scope s;
	json_t *m = NULL;
	if (!kip_report_load(req, pg, &s, &m))
		return;
	const char *names[] = { "nama", "tahun" };
	const char *values[] = { s.name, arena_printf(req->arena, "%d", s.year) };
	const char *footer = locale_fill(req->arena, "kip_report.pdf_footer", names, values, 2);
	const char *title = locale_fill(req->arena, "kip_report.page_title", (const char *[]){ "tahun", "nama" },
	                                (const char *[]){ values[1], s.name }, 2);
	pdf *p = pdf_begin(req->arena, title, footer);
	report_pdf(req->arena, p, m);
	json_decref(m);
	buf b;
	const char *why = NULL;
	if (pdf_end(p, &b, &why) != 0) {
		page_fail(req, pg, why ? why : "the report's PDF failed");
		return;
	}
	response_set_buf(pg->res, 200, "application/pdf", &b);
	response_header(pg->res, "Content-Disposition", kip_report_file_name(req->arena, &s, "", "pdf"));
	pg->raw = true;
}
