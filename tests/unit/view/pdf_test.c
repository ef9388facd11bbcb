/*
 * pdf_test.c - the A4 writer (src/view/pdf.c): a document is a PDF, a long
 * one breaks into pages, tables repeat their header, and long words,
 * emoji, right-to-left text and empty cells do not break it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "view/locale.h"
#include "view/pdf.h"

static size_t pages(const buf *b)
{
	size_t n = 0;
	for (const char *p = b->data; (p = memmem(p, b->len - (size_t)(p - b->data), "/Type /Page\n", 12)) != NULL; p++)
		n++;
	for (const char *p = b->data; (p = memmem(p, b->len - (size_t)(p - b->data), "/Type /Page ", 12)) != NULL; p++)
		n++;
	return n;
}

static int setup(void **state)
{
	(void)state;
	char err[256];
	return locale_load(TERBUKA_SOURCE_ROOT "/locale/id.json", err, sizeof(err));
}

static void a_short_document_is_one_page(void **state)
{
	(void)state;
	arena *a = arena_new(1 << 20);
	pdf *d = pdf_begin(a, "Uji", "Uji · Bekasi Terbuka");
	pdf_title(d, "Pemberitahuan tertulis");
	pdf_field(d, "Nomor", "KIP/2026/000001");
	pdf_field(d, "Kosong", NULL);
	pdf_text(d, "Informasi dikuasai badan publik ini.");
	buf b;
	const char *why = NULL;
	assert_int_equal(pdf_end(d, &b, &why), 0);
	assert_true(b.len > 1000);
	assert_memory_equal(b.data, "%PDF-", 5);
	assert_int_equal(pages(&b), 1);
	buf_free(&b);
	arena_free(a);
}

static void long_text_and_tables_flow_onto_new_pages(void **state)
{
	(void)state;
	arena *a = arena_new(4 << 20);
	pdf *d = pdf_begin(a, "Panjang", NULL);
	char word[3000];
	memset(word, 'x', sizeof(word) - 1); /* one word wider than the page */
	word[sizeof(word) - 1] = '\0';
	pdf_text(d, word);
	for (int i = 0; i < 60; i++)
		pdf_text(d, "Pembangunan jalan desa 🚧 مرحبا dilanjutkan tahun depan dengan anggaran yang sama, "
		            "karena musim hujan menghentikan pengerjaan selama tiga bulan.");
	static const double widths[] = { 0.5, 0.25, 0.25 };
	const char *cells[3 * 80];
	for (int r = 0; r < 80; r++) {
		cells[3 * r] = r == 0 ? "Perangkat daerah" : "Dinas Kesehatan";
		cells[3 * r + 1] = r == 0 ? "Diterima" : "12";
		cells[3 * r + 2] = r == 0 ? "Tepat waktu" : "";
	}
	pdf_table(d, 3, widths, cells, 80);
	pdf_span marks[] = { { 0, 6 } };
	const char *notes[] = { "1" };
	pdf_marked(d, "\xE2\x96\x88\xE2\x96\x88 sisa teks", marks, 1, notes);
	buf b;
	const char *why = NULL;
	assert_int_equal(pdf_end(d, &b, &why), 0);
	assert_true(pages(&b) >= 3);
	buf_free(&b);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_short_document_is_one_page),
		cmocka_unit_test(long_text_and_tables_flow_onto_new_pages),
	};
	int failed = cmocka_run_group_tests(tests, setup, NULL);
	pdf_free(); /* fontconfig's caches, so LeakSanitizer sees nothing left */
	return failed;
}
