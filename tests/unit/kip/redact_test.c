/*
 * redact_test.c - blacked-out spans (src/kip/redact.c): every occurrence
 * found, overlapping spans merged, spans off a character boundary refused,
 * and the public copy holding none of the removed bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "kip/redact.h"

static void finds_every_occurrence(void **state)
{
	(void)state;
	pdf_span s[8];
	const char *text = "Budi dan Budi; budi.";
	assert_int_equal(kip_redact_find(text, "Budi", s, 8), 2);
	assert_int_equal(s[0].start, 0);
	assert_int_equal(s[0].end, 4);
	assert_int_equal(s[1].start, 9);
	pdf_span one[1];
	assert_int_equal(kip_redact_find(text, "Budi", one, 1), 2); /* all counted, max filled */
	assert_int_equal(one[0].start, 0);
	assert_int_equal(kip_redact_find(text, "  \n", s, 8), 0);   /* blanks find nothing */
	assert_int_equal(kip_redact_find(text, "", s, 8), 0);
	assert_int_equal(kip_redact_find("aaaa", "aa", s, 8), 2); /* not overlapping */
}

static void merges_overlaps(void **state)
{
	(void)state;
	pdf_span s[] = { { 10, 14 }, { 0, 3 }, { 2, 6 }, { 14, 16 }, { 20, 22 } };
	int notes[] = { 1, 2, 3, 4, 5 };
	size_t n = kip_redact_merge(s, notes, 5);
	assert_int_equal(n, 3);
	assert_int_equal(s[0].start, 0);
	assert_int_equal(s[0].end, 6);
	assert_int_equal(notes[0], 2);
	assert_int_equal(s[1].start, 10);
	assert_int_equal(s[1].end, 16); /* touching spans become one */
	assert_int_equal(s[2].start, 20);
}

static void refuses_spans_inside_a_character(void **state)
{
	(void)state;
	const char *text = "Ibu Wulandari \xE2\x80\x94 Cikarang"; /* an em dash: three bytes */
	size_t len = strlen(text);
	pdf_span inside = { 14, 15 }, whole = { 14, 17 }, past = { 20, 40 }, empty = { 3, 3 };
	assert_false(kip_redact_valid(text, len, &inside, 1));
	assert_true(kip_redact_valid(text, len, &whole, 1));
	assert_false(kip_redact_valid(text, len, &past, 1));
	assert_false(kip_redact_valid(text, len, &empty, 1));
}

static void the_public_copy_holds_no_removed_byte(void **state)
{
	(void)state;
	arena *a = arena_new(1 << 16);
	const char *text = "Penerima: Siti Aminah (NIK 3216064512900003), Desa Sukamaju.";
	pdf_span s[4];
	size_t n = kip_redact_find(text, "Siti Aminah", s, 4);
	n += kip_redact_find(text, "3216064512900003", s + n, 4 - n);
	n = kip_redact_merge(s, NULL, n);
	pdf_span bars[4];
	char *copy = kip_redact_public(a, text, s, n, bars);
	assert_non_null(copy);
	assert_null(strstr(copy, "Siti"));
	assert_null(strstr(copy, "3216"));
	assert_non_null(strstr(copy, "Desa Sukamaju."));
	/* each removed character is one bar (three bytes) where the bars say */
	assert_int_equal(bars[0].end - bars[0].start, 3 * strlen("Siti Aminah"));
	assert_memory_equal(copy + bars[0].start, "\xE2\x96\x88", 3);
	assert_int_equal(strncmp(copy, "Penerima: ", 10), 0);
	/* spans not merged, or off a boundary: no copy at all rather than a leak */
	pdf_span crossed[] = { { 10, 20 }, { 15, 25 } };
	assert_null(kip_redact_public(a, text, crossed, 2, NULL));
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_every_occurrence),
		cmocka_unit_test(merges_overlaps),
		cmocka_unit_test(refuses_spans_inside_a_character),
		cmocka_unit_test(the_public_copy_holds_no_removed_byte),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
