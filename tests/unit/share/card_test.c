/*
 * card_test.c - share cards (src/share/card.c): every size comes out at
 * its dimensions whatever the text (emoji, right-to-left script, 5,000
 * characters, nothing at all, no logo), and the link preview stays under
 * the 300 KB WhatsApp shows. With CARD_TEST_OUT=DIR the cards are written
 * there for a person to look at.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "share/card.h"
#include "view/pdf.h"

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void check(const card *c, const char *name)
{
	for (int i = 0; i < CARD_SIZES; i++) {
		buf b;
		const char *why = NULL;
		assert_int_equal(card_png(c, (card_size)i, &b, &why), 0);
		int w, h;
		card_dimensions((card_size)i, &w, &h);
		assert_true(b.len > 24);
		assert_memory_equal(b.data, "\x89PNG\r\n\x1a\n", 8);
		assert_int_equal(be32((const unsigned char *)b.data + 16), (uint32_t)w);
		assert_int_equal(be32((const unsigned char *)b.data + 20), (uint32_t)h);
		if (i == CARD_PREVIEW)
			assert_true(b.len < 300 * 1024);
		const char *dir = getenv("CARD_TEST_OUT");
		if (dir != NULL) {
			char path[512];
			snprintf(path, sizeof(path), "%s/%s-%s.png", dir, name, card_size_name((card_size)i));
			FILE *f = fopen(path, "wb");
			if (f) {
				fwrite(b.data, 1, b.len, f);
				fclose(f);
			}
		}
		buf_free(&b);
	}
}

static void a_question_and_its_answer(void **state)
{
	(void)state;
	card c = { .site = "Bekasi Terbuka", .kind = "Tanya Jawab",
		.title = "Kapan perbaikan jalan rusak di Jalan Raya Babelan dimulai? Sudah tiga bulan berlubang 🚧",
		.body_label = "Jawaban resmi",
		.body = "Perbaikan Jalan Raya Babelan dijadwalkan mulai 14 Desember 2026 setelah kontrak ditandatangani. "
		        "Selama pengerjaan, lalu lintas dialihkan lewat Jalan Pahlawan.",
		.agency = "Dinas Sumber Daya Air, Bina Marga dan Bina Konstruksi", .initials = "DSDABMBK",
		.progress = -1, .link = "bekasikab.go.id/s/t12" };
	check(&c, "question");
}

static void a_programme_with_its_progress(void **state)
{
	(void)state;
	card c = { .site = "Bekasi Terbuka", .kind = "Program", .title = "Peningkatan Jalan Kabupaten Wilayah Utara",
		.badge = "Berjalan", .figure_label = "Anggaran 2026", .figure = "Rp 78,4 miliar", .progress = 0.71,
		.body = "", .agency = "DSDABMBK", .link = "bekasikab.go.id/s/p1" };
	check(&c, "programme");
}

static void text_that_does_not_fit_or_is_not_there(void **state)
{
	(void)state;
	char *longest = malloc(10 * 5000 + 1);
	assert_non_null(longest);
	size_t at = 0;
	for (int i = 0; i < 5000; i++) { /* 5,000 words, Indonesian and Arabic */
		const char *w = i % 7 ? "kata " : "عربي ";
		memcpy(longest + at, w, strlen(w));
		at += strlen(w);
	}
	longest[at] = '\0';
	card c = { .title = longest, .body = longest, .agency = longest, .link = longest, .progress = 2.5,
		.badge = "مرحبا", .figure = longest };
	check(&c, "overflow");
	card empty = { .progress = -1 };
	check(&empty, "empty");
	free(longest);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_question_and_its_answer),
		cmocka_unit_test(a_programme_with_its_progress),
		cmocka_unit_test(text_that_does_not_fit_or_is_not_there),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	pdf_free(); /* fontconfig's caches, so LeakSanitizer sees nothing left */
	return failed;
}
