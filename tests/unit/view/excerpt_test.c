/*
 * excerpt_test.c - a text's beginning as one plain line
 * (src/view/excerpt.c): markdown's marks out where they are marks, white
 * space folded, cut after a word within the limit, UTF-8 kept whole.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/str.h"
#include "view/excerpt.h"

static arena *a;

static int setup(void **state)
{
	(void)state;
	a = arena_new(1 << 20);
	return a ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(a);
	return 0;
}

static void check(const char *md, size_t max, const char *want)
{
	const char *got = excerpt_plain(a, md, max);
	assert_non_null(got);
	assert_string_equal(got, want);
	assert_true(utf8_valid(got, strlen(got)));
	assert_true(utf8_length(got, strlen(got)) <= max);
}

static void test_marks(void **state)
{
	(void)state;
	check(NULL, 10, "");
	check("", 10, "");
	check("# Judul\n\n> kutipan\n\nParagraf **tebal** dan *miring* dan `kode`.", 100,
	      "Judul kutipan Paragraf tebal dan miring dan kode.");
	check("Lihat [peta](https://contoh.go.id/peta_(2026)) di sini.", 100, "Lihat peta di sini.");
	check("_penting_ dan nama_berkas.pdf", 100, "penting dan nama_berkas.pdf");
	/* text that looks like marks in the middle of a sentence stays */
	check("a > b, [1] dan ]]> juga <b>", 100, "a > b, [1] dan ]]> juga <b>");
	check("[tidak ditutup", 100, "[tidak ditutup");
	check("  banyak\t\tspasi\r\n\r\nbaris  ", 100, "banyak spasi baris");
}

static void test_cut(void **state)
{
	(void)state;
	check("abcdefghij", 10, "abcdefghij");
	check("abcdefghij", 5, "abcd\xE2\x80\xA6");
	check("satu dua tiga empat", 12, "satu dua\xE2\x80\xA6");
	check("satu dua **", 8, "satu dua");   /* only marks after: no ellipsis */
	check("Kafé 🎉 é 🎉 é", 6, "Kafé\xE2\x80\xA6");
	check("🎉🎉🎉🎉", 3, "🎉🎉\xE2\x80\xA6");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_marks),
		cmocka_unit_test(test_cut),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
