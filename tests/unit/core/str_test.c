/*
 * str_test.c - unit tests for slices and text checks (src/core/str.{h,c}):
 * strict UTF-8 validation, str_to_i64, str_has_prefix/suffix and str_eq.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/str.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Literal with its exact size (so embedded NULs count). */
#define VALID(lit) assert_true(utf8_valid((lit), sizeof(lit) - 1))
#define INVALID(lit) assert_false(utf8_valid((lit), sizeof(lit) - 1))

static void test_utf8_ascii(void **state)
{
	(void)state;
	VALID("");
	VALID("hello, world");
	VALID("\x01\x1F\x7F ~");
	assert_true(utf8_valid(NULL, 0));
	/* Only n bytes are looked at. */
	assert_true(utf8_valid("ab\xFF", 2));
}

static void test_utf8_multibyte(void **state)
{
	(void)state;
	VALID("\xC3\xA9");         /* é, 2 bytes */
	VALID("\xE2\x82\xAC");     /* €, 3 bytes */
	VALID("\xF0\x9F\x98\x80"); /* 😀, 4 bytes */
	VALID("caf\xC3\xA9 \xE2\x82\xAC" "5 \xF0\x9F\x98\x80!");
	/* Boundaries of each length. */
	VALID("\xC2\x80");         /* U+0080 */
	VALID("\xDF\xBF");         /* U+07FF */
	VALID("\xE0\xA0\x80");     /* U+0800 */
	VALID("\xED\x9F\xBF");     /* U+D7FF, just below the surrogates */
	VALID("\xEE\x80\x80");     /* U+E000, just above them */
	VALID("\xEF\xBF\xBF");     /* U+FFFF */
	VALID("\xF0\x90\x80\x80"); /* U+10000 */
	VALID("\xF4\x8F\xBF\xBF"); /* U+10FFFF, the last code point */
	VALID("\xEF\xBB\xBF");     /* BOM is a valid character */
}

static void test_utf8_nul(void **state)
{
	(void)state;
	INVALID("\0");
	INVALID("a\0b");
	INVALID("abc\0");
	assert_false(utf8_valid("a\0", 2));
}

static void test_utf8_overlong(void **state)
{
	(void)state;
	INVALID("\xC0\xAF");         /* '/' in 2 bytes */
	INVALID("\xC0\x80");         /* NUL in 2 bytes ("modified UTF-8") */
	INVALID("\xC1\xBF");         /* U+007F in 2 bytes */
	INVALID("\xE0\x80\xAF");     /* '/' in 3 bytes */
	INVALID("\xE0\x9F\xBF");     /* U+07FF in 3 bytes */
	INVALID("\xF0\x80\x80\xAF"); /* '/' in 4 bytes */
	INVALID("\xF0\x8F\xBF\xBF"); /* U+FFFF in 4 bytes */
	INVALID("a\xC0\xAF" "b");
}

static void test_utf8_surrogates(void **state)
{
	(void)state;
	INVALID("\xED\xA0\x80"); /* U+D800 */
	INVALID("\xED\xAF\xBF"); /* U+DBFF */
	INVALID("\xED\xB0\x80"); /* U+DC00 */
	INVALID("\xED\xBF\xBF"); /* U+DFFF */
	INVALID("\xED\xA0\xBD\xED\xB8\x80"); /* a CESU-8 pair for U+1F600 */
}

static void test_utf8_too_big(void **state)
{
	(void)state;
	INVALID("\xF4\x90\x80\x80"); /* U+110000 */
	INVALID("\xF7\xBF\xBF\xBF"); /* U+1FFFFF */
	INVALID("\xF8\x88\x80\x80\x80"); /* old 5-byte form */
	INVALID("\xFC\x84\x80\x80\x80\x80"); /* old 6-byte form */
}

static void test_utf8_truncated(void **state)
{
	(void)state;
	INVALID("\xC3");
	INVALID("\xE2\x82");
	INVALID("\xE2");
	INVALID("\xF0\x9F\x98");
	INVALID("\xF0\x9F");
	INVALID("\xF0");
	INVALID("abc\xE2\x82");
	/* A sequence cut short by an ASCII byte or a new lead byte. */
	INVALID("\xC3" "a");
	INVALID("\xE2\x82" "a");
	INVALID("\xE2\xC3\xA9");
	INVALID("\xF0\x9F\x98" "a");
	/* A valid sequence cut by n. */
	assert_false(utf8_valid("\xE2\x82\xAC", 2));
	assert_false(utf8_valid("\xF0\x9F\x98\x80", 3));
}

static void test_utf8_stray_bytes(void **state)
{
	(void)state;
	INVALID("\x80");
	INVALID("\xBF");
	INVALID("a\x80" "b");
	INVALID("\xC3\xA9\xA9"); /* one continuation too many */
	INVALID("\xFF");
	INVALID("\xFE");
	INVALID("a\xFF");
	INVALID("\xFF\xFE"); /* UTF-16 BOM */
}

static void test_to_i64_valid(void **state)
{
	(void)state;
	int64_t v = -1;
	assert_true(str_to_i64(STR("0"), false, &v));
	assert_int_equal(v, 0);
	assert_true(str_to_i64(STR("7"), false, &v));
	assert_int_equal(v, 7);
	assert_true(str_to_i64(STR("1234567890"), false, &v));
	assert_int_equal(v, 1234567890);
	assert_true(str_to_i64(STR("9223372036854775807"), false, &v));
	assert_true(v == INT64_MAX);
	/* Only the n bytes of the slice count. */
	assert_true(str_to_i64((str){ "123abc", 3 }, false, &v));
	assert_int_equal(v, 123);
}

static void test_to_i64_leading_zeros(void **state)
{
	(void)state;
	/* Leading zeros are accepted as long as the text has at most 19 digits
	 * (callers such as the router reject them themselves where it matters). */
	int64_t v = -1;
	assert_true(str_to_i64(STR("007"), false, &v));
	assert_int_equal(v, 7);
	assert_true(str_to_i64(STR("00"), false, &v));
	assert_int_equal(v, 0);
	assert_true(str_to_i64(STR("0000000000000000001"), false, &v)); /* 19 digits */
	assert_int_equal(v, 1);
	/* 20 or more digits are refused outright, even when the value would fit. */
	assert_false(str_to_i64(STR("00000000000000000001"), false, &v));
	assert_true(str_to_i64(STR("-0000000000000000001"), true, &v));
	assert_true(v == -1);
}

static void test_to_i64_overflow(void **state)
{
	(void)state;
	int64_t v = 42;
	assert_false(str_to_i64(STR("9223372036854775808"), false, &v));
	assert_false(str_to_i64(STR("9999999999999999999"), false, &v));
	assert_false(str_to_i64(STR("18446744073709551616"), false, &v));
	assert_false(str_to_i64(STR("99999999999999999999"), false, &v));
	assert_false(str_to_i64(STR("-9223372036854775809"), true, &v));
	assert_false(str_to_i64(STR("-99999999999999999999"), true, &v));
	assert_int_equal(v, 42); /* *out untouched on failure */
}

static void test_to_i64_negative(void **state)
{
	(void)state;
	int64_t v = 0;
	assert_false(str_to_i64(STR("-1"), false, &v)); /* no sign unless allow_neg */
	assert_false(str_to_i64(STR("-0"), false, &v));
	assert_true(str_to_i64(STR("-1"), true, &v));
	assert_true(v == -1);
	assert_true(str_to_i64(STR("-42"), true, &v));
	assert_true(v == -42);
	assert_true(str_to_i64(STR("-9223372036854775808"), true, &v));
	assert_true(v == INT64_MIN);
	assert_true(str_to_i64(STR("-0"), true, &v));
	assert_true(v == 0);
	/* A sign alone, a doubled sign, a sign in the wrong place. */
	assert_false(str_to_i64(STR("-"), true, &v));
	assert_false(str_to_i64(STR("-"), false, &v));
	assert_false(str_to_i64(STR("--1"), true, &v));
	assert_false(str_to_i64(STR("1-"), true, &v));
	assert_false(str_to_i64(STR("1-2"), true, &v));
	/* allow_neg does not make positive numbers fail. */
	assert_true(str_to_i64(STR("5"), true, &v));
	assert_true(v == 5);
}

static void test_to_i64_rejects(void **state)
{
	(void)state;
	int64_t v = 42;
	static const char *const bad[] = {
		"", " 1", "1 ", " ", "+1", "+", "1.0", "1e3", "0x10", "abc", "12a", "a12",
		"\t1", "1\n", "١", "1,000", "1_000",
	};
	for (size_t i = 0; i < N(bad); i++) {
		if (str_to_i64(str_c(bad[i]), false, &v))
			fail_msg("str_to_i64(\"%s\", false) accepted", bad[i]);
		if (str_to_i64(str_c(bad[i]), true, &v))
			fail_msg("str_to_i64(\"%s\", true) accepted", bad[i]);
	}
	assert_false(str_to_i64((str){ "1\0002", 3 }, false, &v));
	assert_false(str_to_i64((str){ NULL, 0 }, false, &v));
	assert_int_equal(v, 42);
}

static void test_prefix_suffix(void **state)
{
	(void)state;
	str s = STR("/static/css/site.css");
	assert_true(str_has_prefix(s, ""));
	assert_true(str_has_prefix(s, "/"));
	assert_true(str_has_prefix(s, "/static/"));
	assert_true(str_has_prefix(s, "/static/css/site.css"));
	assert_false(str_has_prefix(s, "/static/css/site.css.gz"));
	assert_false(str_has_prefix(s, "static"));
	assert_false(str_has_prefix(s, "/Static"));
	assert_true(str_has_suffix(s, ""));
	assert_true(str_has_suffix(s, ".css"));
	assert_true(str_has_suffix(s, "/static/css/site.css"));
	assert_false(str_has_suffix(s, "x/static/css/site.css"));
	assert_false(str_has_suffix(s, ".CSS"));
	assert_false(str_has_suffix(s, ".js"));
	/* The slice's length counts, not a NUL. */
	str part = { "page.json.bak", 9 };
	assert_true(str_has_suffix(part, ".json"));
	assert_false(str_has_suffix(part, ".bak"));
	assert_true(str_has_prefix(part, "page"));
	str empty = { "", 0 };
	assert_true(str_has_prefix(empty, ""));
	assert_true(str_has_suffix(empty, ""));
	assert_false(str_has_prefix(empty, "a"));
	assert_false(str_has_suffix(empty, "a"));
}

static void test_eq(void **state)
{
	(void)state;
	assert_true(str_eq(STR("abc"), STR("abc")));
	assert_false(str_eq(STR("abc"), STR("abd")));
	assert_false(str_eq(STR("abc"), STR("ab")));
	assert_false(str_eq(STR("ab"), STR("abc")));
	assert_false(str_eq(STR("abc"), STR("ABC")));
	assert_true(str_eq(STR(""), STR("")));
	assert_true(str_eq((str){ NULL, 0 }, STR("")));
	assert_true(str_eq((str){ NULL, 0 }, (str){ NULL, 0 }));
	assert_true(str_eq((str){ "abcdef", 3 }, STR("abc")));
	assert_true(str_eq((str){ "a\0b", 3 }, STR("a\0b")));
	assert_false(str_eq((str){ "a\0b", 3 }, STR("a\0c")));
	assert_true(str_eq_c(STR("dinas"), "dinas"));
	assert_false(str_eq_c(STR("dinas"), "dina"));
	assert_true(str_eq_c((str){ NULL, 0 }, NULL));
	assert_true(str_eq_c(STR(""), NULL));
}

static void test_str_c(void **state)
{
	(void)state;
	str s = str_c("hello");
	assert_int_equal(s.n, 5);
	assert_memory_equal(s.p, "hello", 5);
	s = str_c(NULL);
	assert_int_equal(s.n, 0);
	assert_int_equal(STR("abc").n, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_ascii),
		cmocka_unit_test(test_utf8_multibyte),
		cmocka_unit_test(test_utf8_nul),
		cmocka_unit_test(test_utf8_overlong),
		cmocka_unit_test(test_utf8_surrogates),
		cmocka_unit_test(test_utf8_too_big),
		cmocka_unit_test(test_utf8_truncated),
		cmocka_unit_test(test_utf8_stray_bytes),
		cmocka_unit_test(test_to_i64_valid),
		cmocka_unit_test(test_to_i64_leading_zeros),
		cmocka_unit_test(test_to_i64_overflow),
		cmocka_unit_test(test_to_i64_negative),
		cmocka_unit_test(test_to_i64_rejects),
		cmocka_unit_test(test_prefix_suffix),
		cmocka_unit_test(test_eq),
		cmocka_unit_test(test_str_c),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
