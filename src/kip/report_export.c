/*
 * report_export.c - the annual service report (report.h) as CSV files:
 *   /permohonan/laporan.csv?tahun=&dinas=: one row per PPID (and the
 *   total for the whole government) with every figure, a column each;
 *   with &isi=permohonan: one row per request (number, PPID, received,
 *   decided, working days, outcome; never the requester);
 *   /permohonan/laporan.pdf?tahun=&dinas=: the printable report, with the
 *   parts the PPID wrote, drawn by view/pdf.h.
 * CSV as the programmes' (programs/web.c): UTF-8 with a BOM, and no cell
 * a spreadsheet would read as a formula.
 */
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "kip/kip.h"
#include "kip/report.h"
#include "view/csv.h"
#include "view/locale.h"

#define CSV_MAX (8u * 1024 * 1024)

static const char *yes_no(json_t *v)
{
	return json_is_null(v) || v == NULL ? "" : json_is_true(v) ? "ya" : "tidak";
}

/* A PPID's row: its kind, slug, name and every figure. */
static void figures_row(buf *b, int year, const char *kind, json_t *g)
{
	json_t *f = json_object_get(g, "figures");
	buf_printf(b, "%d,", year);
	csv_cell(b, kind, false);
	csv_cell(b, json_string_value(json_object_get(g, "slug")), false);
	csv_cell(b, json_string_value(json_object_get(g, "name")), false);
	for (size_t i = 0; i < kip_report_nfields; i++)
		buf_printf(b, "%lld,", (long long)json_integer_value(json_object_get(f, kip_report_fields[i].key)));
	json_t *avg = json_object_get(f, "days_average");
	if (json_is_number(avg))
		buf_printf(b, "%.1f,", json_number_value(avg));
	else
		buf_putc(b, ',');
	csv_cell(b, "tidak_tercatat", true);
}

static void figures_csv(buf *b, json_t *m)
{
	int year = (int)json_integer_value(json_object_get(m, "year"));
	buf_puts(b, "tahun,baris,dinas,ppid,");
	for (size_t i = 0; i < kip_report_nfields; i++)
		buf_printf(b, "%s,", kip_report_fields[i].csv);
	buf_puts(b, "hari_kerja_rata_rata,sengketa_komisi_informasi\r\n");
	size_t i;
	json_t *g;
	json_array_foreach(json_object_get(m, "groups"), i, g)
		figures_row(b, year, json_is_true(json_object_get(g, "main")) ? "ppid_utama" : "dinas", g);
	if (json_is_object(json_object_get(m, "total")))
		figures_row(b, year, "jumlah", json_object_get(m, "total"));
}

static void requests_csv(buf *b, arena *a, json_t *m)
{
	buf_puts(b, "nomor,ppid,diterima,diputuskan,hari_kerja,hasil,diperpanjang,tepat_waktu,"
	            "lewat_tenggat,pasal17,tautan\r\n");
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(m, "requests"), i, r)
	{
		static const char *const text[] = { "number", "agency_name", "received_on", "decided_on" };
		for (size_t k = 0; k < 4; k++)
			csv_cell(b, json_string_value(json_object_get(r, text[k])), false);
		json_t *days = json_object_get(r, "days");
		if (json_is_integer(days))
			buf_printf(b, "%lld,", (long long)json_integer_value(days));
		else
			buf_putc(b, ',');
		csv_cell(b, json_string_value(json_object_get(r, "state")), false);
		csv_cell(b, yes_no(json_object_get(r, "extended")), false);
		csv_cell(b, yes_no(json_object_get(r, "on_time")), false);
		csv_cell(b, yes_no(json_object_get(r, "overdue")), false);
		csv_cell(b, json_string_value(json_object_get(r, "exemption")), false);
		csv_cell(b, arena_printf(a, "%s%s", kip_base_url(), json_string_value(json_object_get(r, "url"))), true);
	}
}

bool kip_report_load(request *req, page *pg, kip_report_scope *s, json_t **m)
{
	db *c = db_thread();
	int rc = c ? kip_report_scope_of(c, req->arena, http_params_get(&req->query, "tahun"),
	                                 http_params_get(&req->query, "dinas"), s)
	           : DB_UNAVAILABLE;
	if (rc == DB_OK)
		rc = kip_report_build(c, req->arena, s, m);
	if (rc == DB_DONE)
		page_not_found(pg);
	else if (rc != DB_OK)
		page_db_error(req, pg, c, rc);
	return rc == DB_OK;
}

const char *kip_report_file_name(arena *a, const kip_report_scope *s, const char *part, const char *ext)
{
	return arena_printf(a, "%s; filename=\"laporan-kip-%d%s%s%s.%s\"", strcmp(ext, "pdf") == 0 ? "inline" : "attachment",
	                    s->year, s->slug ? "-" : "", s->slug ? s->slug : "", part, ext);
}

void kip_report_csv(request *req, page *pg)
{
	kip_report_scope s;
	json_t *m = NULL;
	if (!kip_report_load(req, pg, &s, &m))
		return;
	const char *isi = http_params_get(&req->query, "isi");
	bool list = isi != NULL && strcmp(isi, "permohonan") == 0;
	buf b;
	buf_init(&b, CSV_MAX);
	buf_puts(&b, "\xEF\xBB\xBF"); /* BOM: spreadsheets then read UTF-8 */
	if (list)
		requests_csv(&b, req->arena, m);
	else
		figures_csv(&b, m);
	json_decref(m);
	if (buf_failed(&b)) {
		buf_free(&b);
		page_fail(req, pg, "CSV larger than its limit");
		return;
	}
	response_set_buf(pg->res, 200, "text/csv; charset=utf-8", &b);
	pg->res->compressible = true;
	response_header(pg->res, "Content-Disposition", kip_report_file_name(req->arena, &s, list ? "-permohonan" : "", "csv"));
	pg->raw = true;
}
