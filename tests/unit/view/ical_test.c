/*
 * ical_test.c - iCalendar pieces (src/view/ical.c): TEXT escapes, folding
 * at 75 octets without cutting a UTF-8 character, UTC date-times.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "core/str.h"
#include "view/ical.h"

static void check_text(const char *in, size_t n, const char *want)
{
	buf b;
	buf_init(&b, 4096);
	assert_true(ical_append_text(&b, in, n));
	assert_string_equal(b.data ? b.data : "", want);
	buf_free(&b);
}

static void test_text(void **state)
{
	(void)state;
	check_text("", 0, "");
	check_text("Rapat, tanya; jawab\\selesai", 27, "Rapat\\, tanya\\; jawab\\\\selesai");
	/* every kind of line break is one \n */
	check_text("a\r\nb\nc\rd", 8, "a\\nb\\nc\\nd");
	check_text("a\n\nb", 4, "a\\n\\nb");
	/* a colon and quotes need nothing in a value */
	check_text("Jam: \"09.00\"", 12, "Jam: \"09.00\"");
	/* tab stays, other controls go, a NUL too */
	check_text("a\tb\x01\x1F\x7F" "c\0d", 9, "a\tbcd");
	/* UTF-8 kept, broken bytes repaired */
	check_text("Caf\xC3\xA9 \xF0\x9F\x8E\x89", 10, "Caf\xC3\xA9 \xF0\x9F\x8E\x89");
	check_text("x\xC3", 2, "x\xEF\xBF\xBD");
}

/* Unfolds out (CRLF + space removed) and checks every physical line:
 * CRLF-terminated, at most 75 octets, valid UTF-8 on its own. */
static void check_folded(const char *out, size_t len, const char *line)
{
	char unfolded[8192];
	size_t u = 0;
	const char *p = out, *end = out + len;
	bool first = true;
	while (p < end) {
		const char *crlf = strstr(p, "\r\n");
		assert_non_null(crlf);
		size_t n = (size_t)(crlf - p);
		assert_true(n <= ICAL_LINE_MAX);
		assert_true(utf8_valid(p, n));
		if (!first) {
			assert_int_equal(p[0], ' ');
			p++;
			n--;
		}
		assert_true(u + n < sizeof(unfolded));
		memcpy(unfolded + u, p, n);
		u += n;
		p = crlf + 2;
		first = false;
	}
	unfolded[u] = '\0';
	assert_string_equal(unfolded, line);
	for (size_t i = 0; i < len; i++) /* no line feed without its carriage return */
		if (out[i] == '\n')
			assert_true(i > 0 && out[i - 1] == '\r');
}

static void fold(const char *line, size_t want_lines)
{
	buf b;
	buf_init(&b, 16384);
	assert_true(ical_append_line(&b, line, strlen(line)));
	check_folded(b.data, b.len, line);
	size_t lines = 0;
	for (size_t i = 0; i + 1 < b.len; i++)
		lines += b.data[i] == '\r' && b.data[i + 1] == '\n';
	if (want_lines)
		assert_int_equal(lines, want_lines);
	buf_free(&b);
}

static void test_fold(void **state)
{
	(void)state;
	char line[4096];
	/* 75 octets: one line; 76: two */
	memset(line, 'a', 75);
	line[75] = '\0';
	fold(line, 1);
	line[75] = 'b';
	line[76] = '\0';
	fold(line, 2);
	/* 75 + 74 + 74 + 1 */
	memset(line, 'x', 224);
	line[224] = '\0';
	fold(line, 4);
	/* two-, three- and four-byte characters across every cut position */
	static const char *const chars[] = { "\xC3\xA9", "\xE2\x80\x94", "\xF0\x9F\x8E\x89" };
	for (size_t c = 0; c < 3; c++) {
		for (size_t shift = 0; shift < 4; shift++) {
			size_t o = 0;
			memcpy(line, "DESCRIPTION:", 12);
			o = 12;
			for (size_t k = 0; k < shift; k++)
				line[o++] = 'k';
			while (o + 4 < 600) {
				size_t n = strlen(chars[c]);
				memcpy(line + o, chars[c], n);
				o += n;
			}
			line[o] = '\0';
			fold(line, 0);
		}
	}
	/* an empty value is a line too */
	fold("LOCATION:", 1);
}

static void test_utc(void **state)
{
	(void)state;
	char out[17];
	assert_true(ical_utc(out, "2026-12-01T02:00:00Z"));
	assert_string_equal(out, "20261201T020000Z");
	assert_false(ical_utc(out, NULL));
	assert_false(ical_utc(out, ""));
	assert_false(ical_utc(out, "2026-12-01"));
	assert_false(ical_utc(out, "2026-12-01T02:00:00+07:00"));
	assert_false(ical_utc(out, "2026-12-01 02:00:00Z"));
	assert_false(ical_utc(out, "2026-1a-01T02:00:00Z"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_utc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
