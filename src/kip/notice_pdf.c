/*
 * notice_pdf.c - the written notice (UU 14/2008 Pasal 22 ayat 7) printed:
 * an A4 PDF with every field the law requires (notice.c gives them), the
 * list of released documents with how many parts of each are blacked out
 * and why, and the requester's right to object. The public copy names no
 * one; the copy mailed to the requester is addressed to them.
 */
#include <string.h>

#include "calendar/calendar.h"
#include "kip/desk.h"
#include "kip/documents.h"
#include "kip/kip.h"
#include "site/site.h"
#include "view/locale.h"

static const char *text_of(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static const char *label(const char *key)
{
	return locale_get(key);
}

/* Whether the information is held, the decision and its grounds. */
static void decision(pdf *p, json_t *n)
{
	pdf_field(p, label("kip_notice.decision"), text_of(n, "decision_label"));
	if (json_is_true(json_object_get(n, "held")))
		pdf_field(p, label("kip_notice.held"), label("kip_notice.yes"));
	else
		pdf_field(p, label("kip_notice.not_held"), text_of(n, "holder_body"));
	json_t *ground = json_object_get(n, "exemption");
	if (json_is_object(ground)) {
		pdf_field(p, label("kip_notice.ground"), text_of(ground, "text"));
		pdf_field(p, label("kip_notice.test"), text_of(n, "consequence_test"));
	}
	if (json_is_true(json_object_get(n, "granted"))) {
		pdf_field(p, label("kip_notice.given"), text_of(n, "given"));
		if (text_of(n, "withheld") != NULL)
			pdf_field(p, label("kip_notice.withheld"), text_of(n, "withheld"));
		pdf_field(p, label("kip_notice.medium"), text_of(n, "medium"));
	}
}

/* The costs item by item, and how to pay. */
static void costs(arena *a, pdf *p, json_t *n)
{
	json_t *items = json_object_get(n, "costs");
	if (json_is_true(json_object_get(n, "free")) || json_array_size(items) == 0) {
		pdf_field(p, label("kip_notice.costs"), label("kip_notice.free"));
		return;
	}
	size_t rows = json_array_size(items) + 2, i;
	const char **cells = arena_calloc(a, rows * 2, sizeof(*cells));
	if (cells == NULL)
		return;
	cells[0] = label("kip_notice.costs");
	cells[1] = "";
	json_t *it;
	json_array_foreach(items, i, it)
	{
		cells[2 * (i + 1)] = text_of(it, "item");
		cells[2 * (i + 1) + 1] = text_of(it, "amount_label");
	}
	cells[2 * (rows - 1)] = label("kip_notice.total");
	cells[2 * (rows - 1) + 1] = text_of(n, "total_label");
	static const double widths[] = { 0.7, 0.3 };
	pdf_heading(p, label("kip_notice.costs"));
	pdf_table(p, 2, widths, cells, rows);
	pdf_field(p, label("kip_notice.payment"), text_of(n, "payment"));
}

/* The released documents: title, and how many parts are blacked out and
 * on which grounds. */
static void documents(arena *a, pdf *p, json_t *docs)
{
	if (json_array_size(docs) == 0)
		return;
	pdf_heading(p, label("kip_doc.title"));
	size_t i, k;
	json_t *d, *note;
	json_array_foreach(docs, i, d)
	{
		const char *what = json_is_object(json_object_get(d, "file")) ? label("kip_doc.as_is")
		                   : json_integer_value(json_object_get(d, "redacted")) > 0
		                       ? arena_printf(a, "%lld %s", (long long)json_integer_value(json_object_get(d, "redacted")),
		                                      label("kip_doc.parts_redacted"))
		                       : label("kip_doc.whole");
		pdf_field(p, text_of(d, "title"), what);
		json_array_foreach(json_object_get(d, "notes"), k, note)
			pdf_note(p, arena_printf(a, "%lld. %s. %s", (long long)json_integer_value(json_object_get(note, "n")),
			                         text_of(note, "ground_label"), text_of(note, "reason")));
	}
}

int kip_notice_pdf(db *c, arena *a, json_t *r, const char *addressee, json_t *docs, buf *out, const char **why)
{
	json_t *n = kip_notice(a, r);
	if (n == NULL) {
		*why = "the request is not decided";
		return -1;
	}
	json_t *site = site_settings();
	const char *number = text_of(r, "number");
	const char *footer = arena_printf(a, "%s %s · %s", label("kip_notice.title"), number ? number : "",
	                                  text_of(site, "name") ? text_of(site, "name") : "");
	pdf *p = pdf_begin(a, arena_printf(a, "%s %s", label("kip_notice.title"), number ? number : ""), footer);
	pdf_note(p, text_of(site, "org") ? text_of(site, "org") : text_of(site, "name"));
	pdf_title(p, label("kip_notice.title"));
	pdf_field(p, label("kip_register.number"), number);
	pdf_field(p, label("kip_register.agency"), text_of(r, "agency_name") ? text_of(r, "agency_name")
	                                                                     : label("kip_doc.main_ppid"));
	if (addressee != NULL)
		pdf_field(p, label("kip_doc.to"), addressee);
	pdf_field(p, label("kip_register.subject"), text_of(r, "subject"));
	pdf_field(p, label("kip_register.received"), text_of(r, "received_on_label"));
	if (text_of(n, "extension_reason") != NULL)
		pdf_field(p, label("kip_notice.extension"), text_of(n, "extension_reason"));
	pdf_heading(p, label("kip_notice.decision"));
	decision(p, n);
	costs(a, p, n);
	documents(a, p, docs);
	pdf_space(p, 4);
	pdf_field(p, label("kip_notice.by"), arena_printf(a, "%s, %s", text_of(n, "decided_by") ? text_of(n, "decided_by") : "-",
	                                                  text_of(n, "decided_at_label")));
	const char *last = NULL;
	if (kip_objection_window(c, a, r, &last) == DB_OK && last != NULL) {
		int32_t day = 0;
		const char *names[] = { "tanggal" };
		const char *values[] = { calendar_parse_day(last, &day) ? kip_day_label(a, day) : last };
		pdf_note(p, locale_fill(a, "kip_doc.objection_right", names, values, 1));
	}
	pdf_note(p, label("kip_doc.legal"));
	json_decref(site);
	json_decref(n);
	return pdf_end(p, out, why);
}
