/*
 * xml_test.c - XML character data (src/view/xml.c): markup escaped,
 * characters XML 1.0 forbids dropped, UTF-8 kept or repaired.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "view/xml.h"

static void check(const char *in, size_t n, const char *want)
{
	buf b;
	buf_init(&b, 4096);
	assert_true(xml_append_text(&b, in, n));
	assert_string_equal(b.data ? b.data : "", want);
	buf_free(&b);
}

static void test_markup(void **state)
{
	(void)state;
	check("", 0, "");
	check("Tanya & Jawab", 13, "Tanya &amp; Jawab");
	check("<script>alert('x')</script>", 27, "&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;");
	check("a=\"b\"", 5, "a=&quot;b&quot;");
	check("&amp;", 5, "&amp;amp;"); /* text is text, even when it looks escaped */
	check("]]>", 3, "]]&gt;");
}

static void test_characters(void **state)
{
	(void)state;
	/* tab and line feed stay; a carriage return survives parsing as &#13; */
	check("a\tb\nc\rd", 7, "a\tb\nc&#13;d");
	/* other C0 controls and DEL are not XML characters */
	check("a\x01\x08\x0B\x0C\x1B\x7F" "b", 8, "ab");
	/* a NUL in the middle is dropped, not an end */
	check("a\0b", 3, "ab");
	/* UTF-8 is kept: Indonesian with an accent, an emoji, a dash */
	check("Caf\xC3\xA9 \xF0\x9F\x8E\x89 \xE2\x80\x94", 14, "Caf\xC3\xA9 \xF0\x9F\x8E\x89 \xE2\x80\x94");
	/* U+FFFE and U+FFFF are not characters; U+FFFD is */
	check("\xEF\xBF\xBE\xEF\xBF\xBF\xEF\xBF\xBD", 9, "\xEF\xBF\xBD");
	/* broken UTF-8 becomes U+FFFD, one per bad byte */
	check("a\xC3" "b\xFF", 4, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
	check("\xE2\x80", 2, "\xEF\xBF\xBD\xEF\xBF\xBD");
}

static void test_sticky_error(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 8);
	assert_false(xml_append_text(&b, "<<<<<<<<", 8));
	assert_true(buf_failed(&b));
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_markup),
		cmocka_unit_test(test_characters),
		cmocka_unit_test(test_sticky_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
