/*
 * export.c - the report card as files (report.h), from the same model as
 * the pages (model.h):
 *   /laporan/unduh.csv?tahun=&bulan=        a row per department and one
 *                                           for the whole government
 *   /laporan/:slug/unduh.csv?tahun=&bulan=  a row per month of the year
 *                                           and one for the period asked
 *   /laporan/cetak.pdf, /laporan/:slug/cetak.pdf  the printable report
 * Every figure is a column: the counts as stored, then the rates and the
 * ranking the page shows. Empty cells are figures that do not exist (no
 * base to divide by, too few ratings).
 */
#include <string.h>

#include "report/pages.h"
#include "report/report.h"
#include "report/tally.h"
#include "view/csv.h"

#define CSV_MAX (8u * 1024 * 1024)

static const char *const rates[] = { "answer_rate", "on_time_rate", "forwarded_share", "reopened_share", "satisfaction",
	                             "median_hours", "p90_hours", "kip_on_time_rate" };
static const char *const rate_columns[] = { "dijawab_persen", "tepat_waktu_persen", "diteruskan_persen",
	                                    "dibuka_kembali_persen", "indeks_kepuasan", "median_jam_kerja",
	                                    "p90_jam_kerja", "kip_tepat_waktu_persen" };
#define NRATES (sizeof(rates) / sizeof(rates[0]))

static void header(buf *b)
{
	buf_puts(b, CSV_BOM "periode,baris,dinas,nama,");
	for (size_t i = 0; i < Q_NFIGURES; i++)
		buf_printf(b, "pertanyaan_%s,", report_question_keys[i]);
	buf_puts(b, "pertanyaan_median_menit,pertanyaan_p90_menit,");
	for (size_t i = 0; i < K_NFIGURES; i++)
		buf_printf(b, "kip_%s,", report_kip_keys[i]);
	for (size_t i = 0; i < NRATES; i++)
		buf_printf(b, "%s,", rate_columns[i]);
	buf_puts(b, "nilai_rapor,peringkat,program_jumlah,program_pagu,program_realisasi");
	for (size_t i = 0; i < REPORT_STATUSES; i++)
		buf_printf(b, ",program_%s_jumlah,program_%s_pagu,program_%s_realisasi", report_statuses[i],
		           report_statuses[i], report_statuses[i]);
	for (size_t i = 0; i < REPORT_FUNDINGS; i++)
		buf_printf(b, ",dana_%s_jumlah,dana_%s_pagu,dana_%s_realisasi", report_fundings[i], report_fundings[i],
		           report_fundings[i]);
	buf_puts(b, "\r\n");
}

/* count, budget and realisation of one group of programmes, each after a
 * comma (empty for a month: programmes are counted per fiscal year) */
static void money(buf *b, json_t *g)
{
	static const char *const keys[] = { "count", "budget", "realization" };
	for (size_t i = 0; i < 3; i++) {
		json_t *v = json_object_get(g, keys[i]);
		if (json_is_integer(v))
			buf_printf(b, ",%lld", (long long)json_integer_value(v));
		else
			buf_putc(b, ',');
	}
}

static void integer(buf *b, json_t *v)
{
	if (json_is_integer(v))
		buf_printf(b, "%lld,", (long long)json_integer_value(v));
	else
		buf_putc(b, ',');
}

static void real(buf *b, json_t *v)
{
	if (json_is_number(v))
		buf_printf(b, "%.1f,", json_number_value(v));
	else
		buf_putc(b, ',');
}

static void row(buf *b, const char *period, const char *kind, json_t *r)
{
	json_t *f = json_object_get(r, "figures"), *q = json_object_get(f, "questions"), *k = json_object_get(f, "kip");
	json_t *p = json_object_get(f, "programs");
	csv_cell(b, period, false);
	csv_cell(b, kind, false);
	csv_cell(b, json_string_value(json_object_get(r, "slug")), false);
	csv_cell(b, json_string_value(json_object_get(r, "name")), false);
	for (size_t i = 0; i < Q_NFIGURES; i++)
		buf_printf(b, "%lld,", (long long)json_integer_value(json_object_get(q, report_question_keys[i])));
	integer(b, json_object_get(q, "median_minutes"));
	integer(b, json_object_get(q, "p90_minutes"));
	for (size_t i = 0; i < K_NFIGURES; i++)
		buf_printf(b, "%lld,", (long long)json_integer_value(json_object_get(k, report_kip_keys[i])));
	for (size_t i = 0; i < NRATES; i++)
		real(b, json_object_get(json_object_get(r, "rates"), rates[i]));
	real(b, json_object_get(r, "score"));
	integer(b, json_object_get(r, "rank"));
	integer(b, json_object_get(p, "count"));
	integer(b, json_object_get(p, "budget"));
	json_t *realization = json_object_get(p, "realization");
	if (json_is_integer(realization))
		buf_printf(b, "%lld", (long long)json_integer_value(realization));
	for (size_t i = 0; i < REPORT_STATUSES; i++)
		money(b, json_object_get(json_object_get(p, "by_status"), report_statuses[i]));
	for (size_t i = 0; i < REPORT_FUNDINGS; i++)
		money(b, json_object_get(json_object_get(p, "by_funding"), report_fundings[i]));
	buf_puts(b, "\r\n");
}

static void send_csv(request *req, page *pg, buf *b, const char *name)
{
	if (buf_failed(b)) {
		buf_free(b);
		page_fail(req, pg, "CSV larger than its limit");
		return;
	}
	response_set_buf(pg->res, 200, "text/csv; charset=utf-8", b);
	pg->res->compressible = true;
	response_header(pg->res, "Content-Disposition", arena_printf(req->arena, "attachment; filename=\"%s.csv\"", name));
	pg->raw = true;
}

void report_csv(request *req, page *pg)
{
	report_period p;
	const char *slug;
	json_t *m = NULL;
	if (!report_load(req, pg, &p, &slug, &m))
		return;
	buf b;
	buf_init(&b, CSV_MAX);
	header(&b);
	json_t *r;
	size_t i;
	if (slug == NULL) {
		json_array_foreach(json_object_get(m, "departments"), i, r)
			row(&b, p.key, "dinas", r);
		row(&b, p.key, "seluruh", json_object_get(m, "whole"));
	} else {
		json_t *mine = json_object_get(m, "department");
		json_array_foreach(json_object_get(m, "months"), i, r)
		{
			json_object_set(r, "slug", json_object_get(mine, "slug"));
			json_object_set(r, "name", json_object_get(mine, "name"));
			row(&b, json_string_value(json_object_get(r, "period")), "bulan", r);
		}
		row(&b, p.key, p.month ? "bulan_dipilih" : "tahun", mine);
	}
	json_decref(m);
	send_csv(req, pg, &b, slug ? arena_printf(req->arena, "rapor-%s-%s", slug, p.key)
	                           : arena_printf(req->arena, "rapor-%s", p.key));
}
