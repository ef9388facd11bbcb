/*
 * chart_test.c - the report card's charts (src/view/chart*.c, pdf_chart.c):
 * number formats and axis steps, SVG that is well formed and accessible
 * with any label (markup, quotes, emoji, Arabic, 5,000 characters), empty
 * and missing data, huge values, 1 and 40 categories, and the same charts
 * in a PDF that pdftotext reads back.
 *
 * CHART_SAMPLES=/some/dir writes sample pages and a PDF there to look at
 * (not part of the test).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "view/chart.h"
#include "view/chart_text.h"
#include "view/locale.h"
#include "view/pdf.h"
#include "svg_check.h"

static const char *months[] = { "Jan", "Feb", "Mar", "Apr", "Mei", "Jun",
	                        "Jul", "Agu", "Sep", "Okt", "Nov", "Des" };
static const double received[] = { 120, 98, 143, 160, 1034, 88, 97, 130, 151, 176, 140, 201 };
static const double answered[] = { 110, 90, 120, 150, 870, 80, NAN, 101, 149, 170, 98, 150 };

static int setup(void **state)
{
	(void)state;
	char err[256];
	return locale_load(TERBUKA_SOURCE_ROOT "/locale/id.json", err, sizeof(err));
}

static const char *svg_ok(arena *a, const chart *c, const char *id)
{
	const char *s = chart_svg(a, c, id);
	assert_non_null(s);
	const char *why = svg_check(s);
	if (why != NULL)
		fail_msg("%s in %.300s", why, s);
	return s;
}

static void formats(void **state)
{
	(void)state;
	arena *a = arena_new(1 << 16);
	static const struct { chart_format f; double v; const char *want; } cases[] = {
		{ CHART_INT, 0, "0" }, { CHART_INT, 1234, "1.234" }, { CHART_INT, 999.6, "1.000" },
		{ CHART_INT, 1234567, "1.234.567" }, { CHART_INT, -5, "0" }, { CHART_INT, NAN, "-" },
		{ CHART_INT, INFINITY, "-" }, { CHART_PERCENT, 87.5, "87,5%" }, { CHART_PERCENT, 100, "100,0%" },
		{ CHART_PERCENT, 0.04, "0,0%" }, { CHART_HOURS, 12.345, "12,3 jam" }, { CHART_HOURS, 1500, "1.500,0 jam" },
		{ CHART_INDEX, 3.84, "3,8" }, { CHART_RUPIAH, 350e6, "Rp 350 jt" }, { CHART_RUPIAH, 1.2e9, "Rp 1,2 M" },
		{ CHART_RUPIAH, 4.1e12, "Rp 4,1 T" }, { CHART_RUPIAH, 12.5e6, "Rp 12,5 jt" },
		{ CHART_RUPIAH, 350000, "Rp 350.000" }, { CHART_RUPIAH, 999.97e6, "Rp 1,0 M" },
		{ CHART_RUPIAH, 1e15, "Rp 1.000 T" }, { CHART_RUPIAH, 1e300, "Rp 900.000 T" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = chart_format_value(a, cases[i].f, cases[i].v);
		if (got == NULL || strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu: %s, want %s", i, got ? got : "(null)", cases[i].want);
	}
	char s[64];
	chart_number(s, sizeof(s), CHART_PERCENT, 20, true);
	assert_string_equal(s, "20%");
	chart_number(s, sizeof(s), CHART_RUPIAH, 2e9, true);
	assert_string_equal(s, "Rp 2 M");
	arena_free(a);
}

static void ticks(void **state)
{
	(void)state;
	static const struct { double max; chart_format f; double fixed, top, step; } cases[] = {
		{ 87, CHART_PERCENT, 100, 100, 20 }, { 87, CHART_PERCENT, 0, 100, 20 },
		{ 3, CHART_INT, 0, 3, 1 }, { 0.2, CHART_INT, 0, 1, 1 }, { 0, CHART_INT, 0, 4, 1 },
		{ 1034, CHART_INT, 0, 1500, 500 }, { 11, CHART_INT, 0, 15, 5 }, { 12.3, CHART_HOURS, 0, 15, 5 },
		{ 1.2e9, CHART_RUPIAH, 0, 1.5e9, 5e8 }, { 3.8, CHART_INDEX, 5, 5, 1 }, { 1e15, CHART_RUPIAH, 0, 1e15, 2e14 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		double step, top = chart_ticks(cases[i].max, cases[i].f, cases[i].fixed, &step);
		if (fabs(top - cases[i].top) > 1e-6 * cases[i].top || fabs(step - cases[i].step) > 1e-6 * cases[i].step)
			fail_msg("case %zu: top %g step %g, want %g %g", i, top, step, cases[i].top, cases[i].step);
	}
}

static void columns_and_lines_are_well_formed(void **state)
{
	(void)state;
	arena *a = arena_new(8 << 20);
	chart c = { .kind = CHART_COLUMNS, .format = CHART_INT, .title = "Pertanyaan per bulan",
		    .desc = "Pertanyaan diterima dan dijawab tiap bulan tahun 2026.", .ncats = 12, .cats = months,
		    .nseries = 2, .series = { "Diterima", "Dijawab" }, .values = { received, answered } };
	const char *s = svg_ok(a, &c, "tren-2026");
	assert_non_null(strstr(s, "role=\"img\" aria-labelledby=\"tren-2026-t tren-2026-d\""));
	assert_non_null(strstr(s, "<title id=\"tren-2026-t\">Pertanyaan per bulan</title>"));
	assert_non_null(strstr(s, "width=\"100%\""));
	assert_non_null(strstr(s, ">Des</text>"));
	assert_non_null(strstr(s, ">Diterima</text>"));   /* legend */
	assert_non_null(strstr(s, ">1.500</text>"));     /* top tick */
	assert_null(strstr(s, "style"));
	assert_null(strstr(s, "Belum ada data"));
	c.kind = CHART_LINES;
	s = svg_ok(a, &c, "garis");
	assert_non_null(strstr(s, "<polyline"));
	c.nseries = 3;
	c.series[2] = "Terlambat";
	c.values[2] = received;
	svg_ok(a, &c, "tiga");
	arena_free(a);
}

static void line_gaps(void **state)
{
	(void)state;
	arena *a = arena_new(1 << 20);
	const double v[] = { 1, 2, NAN, 4, 5, NAN, 7, NAN, NAN, 10, 11, 12 };
	chart c = { .kind = CHART_LINES, .format = CHART_HOURS, .title = "Waktu tanggapan", .desc = "Median jam kerja.",
		    .ncats = 12, .cats = months, .nseries = 1, .series = { "Median" }, .values = { v } };
	const char *s = svg_ok(a, &c, "gap");
	size_t lines = 0, marks = 0;
	for (const char *p = s; (p = strstr(p, "<polyline")) != NULL; p++)
		lines++;
	for (const char *p = s; (p = strstr(p, "<circle")) != NULL; p++)
		marks++;
	assert_int_equal(lines, 3);   /* 1-2, 4-5, 10-12; 7 stands alone */
	assert_int_equal(marks, 8);
	arena_free(a);
}

static void hostile_labels(void **state)
{
	(void)state;
	arena *a = arena_new(16 << 20);
	char *huge = malloc(5001);
	for (int i = 0; i < 5000; i++)
		huge[i] = "Dinas Pekerjaan Umum "[i % 21];
	huge[5000] = '\0';
	const char *cats[] = { "<script>alert(1)</script>", "\"quoted\" & 'single'", "Dinas 🚧 Jalan", "مرحبا بكم",
			       huge, "\x01\x7f bad \xff\xfe bytes \xe2\x82", "", NULL };
	const double v[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	for (int kind = CHART_COLUMNS; kind <= CHART_BARS; kind++) {
		chart c = { .kind = kind, .format = CHART_RUPIAH, .title = "<b>Judul</b> & \"kutip\"", .desc = huge,
			    .ncats = 8, .cats = cats, .nseries = 2, .series = { "</svg><script>", huge }, .values = { v, v } };
		const char *s = svg_ok(a, &c, "x");
		assert_null(strstr(s, "<script"));
		assert_non_null(strstr(s, "&lt;b&gt;Judul&lt;/b&gt; &amp; &quot;kutip&quot;"));
		if (kind == CHART_BARS) { /* whole labels: no thinning */
			assert_non_null(strstr(s, "Dinas 🚧 Jalan"));
			assert_non_null(strstr(s, "مرحبا بكم"));
		}
	}
	free(huge);
	arena_free(a);
}

static void refusals(void **state)
{
	(void)state;
	arena *a = arena_new(1 << 20);
	chart c = { .kind = CHART_BARS, .format = CHART_INT, .title = "T", .desc = "D", .ncats = 12, .cats = months,
		    .nseries = 1, .values = { received } };
	assert_non_null(chart_svg(a, &c, "ok-1"));
	assert_null(chart_svg(a, &c, "Bad"));
	assert_null(chart_svg(a, &c, "a\"b"));
	assert_null(chart_svg(a, &c, ""));
	assert_null(chart_svg(a, &c, NULL));
	assert_null(chart_svg(a, &c, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")); /* 41 */
	c.nseries = 0;
	assert_null(chart_svg(a, &c, "x"));
	c.nseries = 2; /* values[1] is NULL */
	assert_null(chart_svg(a, &c, "x"));
	c.nseries = 1;
	c.title = NULL;
	assert_null(chart_svg(a, &c, "x"));
	c.title = "T";
	c.ncats = CHART_MAX_CATEGORIES + 1;
	assert_null(chart_svg(a, &c, "x"));
	arena_free(a);
}

static void empty_and_huge(void **state)
{
	(void)state;
	arena *a = arena_new(4 << 20);
	const double none[] = { NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN };
	const double big[] = { 1e15, 3e14, INFINITY, -1e15, 0, 1e300, 5, 6, 7, 8, 9, 10 };
	for (int kind = CHART_COLUMNS; kind <= CHART_BARS; kind++) {
		chart c = { .kind = kind, .format = CHART_RUPIAH, .title = "Anggaran", .desc = "Anggaran per bulan.",
			    .ncats = 12, .cats = months, .nseries = 1, .values = { none } };
		assert_non_null(strstr(svg_ok(a, &c, "e"), ">Belum ada data</text>"));
		c.ncats = 0;
		assert_non_null(strstr(svg_ok(a, &c, "e"), ">Belum ada data</text>"));
		c.ncats = 12;
		c.values[0] = big;
		const char *s = svg_ok(a, &c, "big");
		assert_null(strstr(s, "nan"));
		assert_null(strstr(s, "inf"));
	}
	arena_free(a);
}

static void one_and_forty_categories(void **state)
{
	(void)state;
	arena *a = arena_new(8 << 20);
	const char *cats[40];
	double v[40], w[40];
	for (int i = 0; i < 40; i++) {
		cats[i] = arena_printf(a, "Kecamatan Nomor %d", i + 1);
		v[i] = i * 3.7;
		w[i] = 100 - i;
	}
	for (int kind = CHART_COLUMNS; kind <= CHART_BARS; kind++) {
		chart c = { .kind = kind, .format = CHART_PERCENT, .max = 100, .title = "Tingkat jawaban",
			    .desc = "Persen pertanyaan yang dijawab.", .ncats = 1, .cats = cats, .nseries = 2,
			    .series = { "2025", "2026" }, .values = { v, w } };
		svg_ok(a, &c, "one");
		c.ncats = 40;
		svg_ok(a, &c, "forty");
	}
	arena_free(a);
}

static int pdftotext(const buf *b, char *text, size_t cap)
{
	char in[] = "/tmp/chart-test-XXXXXX";
	int fd = mkstemp(in);
	if (fd < 0 || write(fd, b->data, b->len) != (ssize_t)b->len)
		return -1;
	close(fd);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "pdftotext -layout %s -", in);
	FILE *p = popen(cmd, "r");
	size_t n = p ? fread(text, 1, cap - 1, p) : 0;
	text[n] = '\0';
	int rc = p ? pclose(p) : -1;
	unlink(in);
	return rc;
}

static pdf *report(arena *a)
{
	static const char *names[30];
	static double budget[30], spent[30];
	for (int i = 0; i < 30; i++) {
		names[i] = i % 3 == 0 ? arena_printf(a, "Dinas Pekerjaan Umum dan Penataan Ruang Bidang Bina Marga "
		                                        "dan Sumber Daya Air Wilayah %d Kabupaten Bekasi", i + 1)
		                      : arena_printf(a, "Dinas %s %d", i % 3 == 1 ? "Kesehatan" : "Pendidikan", i + 1);
		budget[i] = 4.1e12 / (i + 1);
		spent[i] = i % 7 == 3 ? NAN : budget[i] * (0.4 + (i % 5) * 0.12);
	}
	static const double rate[] = { 81.5, 84, 79.2, 88, 90.1, 86.7, NAN, NAN, 91, 92.5, 89, 95 };
	static const double empty[] = { NAN };
	pdf *d = pdf_begin(a, "Laporan", "Laporan 2026 · Bekasi Terbuka");
	pdf_title(d, "Rapor keterbukaan 2026");
	chart c = { .kind = CHART_COLUMNS, .format = CHART_INT, .title = "Pertanyaan per bulan",
		    .desc = "Pertanyaan diterima dan dijawab.", .ncats = 12, .cats = months, .nseries = 2,
		    .series = { "Diterima", "Dijawab" }, .values = { received, answered } };
	pdf_chart(d, &c);
	chart l = { .kind = CHART_LINES, .format = CHART_PERCENT, .max = 100, .title = "Tingkat jawaban per bulan",
		    .desc = "Persen dijawab.", .ncats = 12, .cats = months, .nseries = 2,
		    .series = { "Tingkat jawaban", "Tepat waktu" }, .values = { rate, answered } };
	pdf_chart(d, &l);
	chart b = { .kind = CHART_BARS, .format = CHART_RUPIAH, .title = "Anggaran dan realisasi per perangkat daerah",
		    .desc = "Anggaran dan realisasi.", .ncats = 30, .cats = names, .nseries = 2,
		    .series = { "Anggaran", "Realisasi" }, .values = { budget, spent } };
	pdf_chart(d, &b);
	chart e = { .kind = CHART_COLUMNS, .format = CHART_INT, .title = "Permohonan informasi", .desc = "Kosong.",
		    .ncats = 1, .cats = months, .nseries = 1, .values = { empty } };
	pdf_chart(d, &e);
	return d;
}

static void pdf_shows_the_charts(void **state)
{
	(void)state;
	arena *a = arena_new(16 << 20);
	pdf *d = report(a);
	buf b;
	const char *why = NULL;
	assert_int_equal(pdf_end(d, &b, &why), 0);
	assert_true(b.len > 5000);
	static char text[1 << 18];
	assert_int_equal(pdftotext(&b, text, sizeof(text)), 0);
	assert_non_null(strstr(text, "Pertanyaan per bulan"));
	assert_non_null(strstr(text, "Anggaran dan realisasi per perangkat daerah"));
	assert_non_null(strstr(text, "Rp 4,1 T"));
	assert_non_null(strstr(text, "Belum ada data"));
	assert_non_null(strstr(text, "Halaman 2"));  /* 30 rows of bars go on */
	buf_free(&b);
	/* an invalid chart fails the document */
	d = pdf_begin(a, "x", NULL);
	chart bad = { .kind = CHART_BARS, .title = NULL };
	pdf_chart(d, &bad);
	assert_int_equal(pdf_end(d, &b, &why), -1);
	arena_free(a);
}

/* CHART_SAMPLES=dir: pages at phone width and the PDF, to look at. */
static void samples(void **state)
{
	(void)state;
	const char *dir = getenv("CHART_SAMPLES");
	if (dir == NULL)
		skip();
	arena *a = arena_new(32 << 20);
	static const char *names[30];
	static double budget[30], spent[30];
	for (int i = 0; i < 30; i++) {
		names[i] = i % 3 == 0 ? arena_printf(a, "Dinas Pekerjaan Umum dan Penataan Ruang Bidang Bina Marga "
		                                        "dan Sumber Daya Air Wilayah %d Kabupaten Bekasi", i + 1)
		                      : arena_printf(a, "Dinas %s %d", i % 3 == 1 ? "Kesehatan" : "Pendidikan", i + 1);
		budget[i] = 4.1e12 / (i + 1);
		spent[i] = i % 7 == 3 ? NAN : budget[i] * (0.4 + (i % 5) * 0.12);
	}
	static const double rate[] = { 81.5, 84, 79.2, 88, 90.1, 86.7, NAN, NAN, 91, 92.5, 89, 95 };
	static const double ontime[] = { 70, 72.5, NAN, 75, 80, 78, 77, 79, 85, 88, 86, 90 };
	const double none[] = { NAN, NAN };
	chart cs[] = {
		{ .kind = CHART_COLUMNS, .format = CHART_INT, .title = "Pertanyaan per bulan", .desc = "d", .ncats = 12,
		  .cats = months, .nseries = 2, .series = { "Diterima", "Dijawab" }, .values = { received, answered } },
		{ .kind = CHART_LINES, .format = CHART_PERCENT, .max = 100, .title = "Tingkat jawaban", .desc = "d",
		  .ncats = 12, .cats = months, .nseries = 2, .series = { "Dijawab", "Tepat waktu" },
		  .values = { rate, ontime } },
		{ .kind = CHART_BARS, .format = CHART_RUPIAH, .title = "Anggaran", .desc = "d", .ncats = 30,
		  .cats = names, .nseries = 2, .series = { "Anggaran", "Realisasi" }, .values = { budget, spent } },
		{ .kind = CHART_COLUMNS, .format = CHART_INT, .title = "Kosong", .desc = "d", .ncats = 2, .cats = months,
		  .nseries = 1, .values = { none } },
		{ .kind = CHART_COLUMNS, .format = CHART_PERCENT, .max = 100, .title = "Empat puluh", .desc = "d",
		  .ncats = 30, .cats = names, .nseries = 1, .values = { budget } },
	};
	for (size_t i = 0; i < sizeof(cs) / sizeof(cs[0]); i++) {
		char *path = arena_printf(a, "%s/chart%zu.html", dir, i);
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		fprintf(f, "<!doctype html><meta charset=utf-8><link rel=stylesheet href=\"%s/static/css/site.css\">"
		           "<body><main class=wrap><h2>%s</h2><figure class=chart>%s</figure></main>",
		        TERBUKA_SOURCE_ROOT, cs[i].title, chart_svg(a, &cs[i], "c"));
		fclose(f);
	}
	pdf *d = report(a);
	buf b;
	const char *why;
	assert_int_equal(pdf_end(d, &b, &why), 0);
	FILE *f = fopen(arena_printf(a, "%s/report.pdf", dir), "wb");
	assert_non_null(f);
	fwrite(b.data, 1, b.len, f);
	fclose(f);
	buf_free(&b);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(formats),
		cmocka_unit_test(ticks),
		cmocka_unit_test(columns_and_lines_are_well_formed),
		cmocka_unit_test(line_gaps),
		cmocka_unit_test(hostile_labels),
		cmocka_unit_test(refusals),
		cmocka_unit_test(empty_and_huge),
		cmocka_unit_test(one_and_forty_categories),
		cmocka_unit_test(pdf_shows_the_charts),
		cmocka_unit_test(samples),
	};
	int failed = cmocka_run_group_tests(tests, setup, NULL);
	pdf_free();
	return failed;
}
