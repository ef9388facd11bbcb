/*
 * ics_test.c - holidays read from iCalendar files (src/calendar/ics.c):
 * what counts as a holiday, its kind and name, days of a multi-day event,
 * what is skipped and why, and every way a file is refused whole.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "calendar/calendar.h"
#include "calendar/ics.h"
#include "core/arena.h"

#define HEAD "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//uji//ID\r\n"
#define TAIL "END:VCALENDAR\r\n"
#define EVENT(body) "BEGIN:VEVENT\r\nUID:x@uji\r\nDTSTAMP:20260101T000000Z\r\n" body "END:VEVENT\r\n"
#define ERR(why) "admin_holidays.import_error." why
#define SKIP(why) "admin_holidays.skip." why

static arena *a;

static int setup(void **state)
{
	(void)state;
	a = arena_new(16u << 20);
	return a ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(a);
	return 0;
}

static const char *parse(const char *text, bool cuti, calendar_ics *out)
{
	return calendar_ics_parse(a, text, strlen(text), cuti, out);
}

static void assert_day(const calendar_ics *ics, size_t i, const char *iso, bool cuti, const char *name)
{
	int32_t day;
	assert_true(i < ics->ndays);
	assert_true(calendar_parse_day(iso, &day));
	assert_int_equal(ics->days[i].day, day);
	assert_int_equal(ics->days[i].cuti, cuti);
	assert_string_equal(ics->days[i].name, name);
}

static void test_days_kinds_and_names(void **state)
{
	(void)state;
	calendar_ics ics;
	const char *why = parse(HEAD
		EVENT("DTSTART;VALUE=DATE:20270101\r\nDTEND;VALUE=DATE:20270102\r\nSUMMARY:Tahun Baru 2027 Masehi\r\n")
		EVENT("DTSTART;VALUE=DATE:20270310\r\nDTEND;VALUE=DATE:20270312\r\nSUMMARY:Idulfitri\\, 1448 H\r\n")
		EVENT("DTSTART:20270312\r\nDURATION:P2D\r\nSUMMARY:Cuti Bersama Idulfitri\r\n")
		EVENT("DTSTART;VALUE=DATE:20270501\r\nSUMMARY:  Hari Buruh\r\n  Internasional \r\n")
		TAIL, false, &ics);
	assert_null(why);
	assert_int_equal(ics.ndays, 6);
	assert_day(&ics, 0, "2027-01-01", false, "Tahun Baru 2027 Masehi");
	assert_day(&ics, 1, "2027-03-10", false, "Idulfitri, 1448 H"); /* DTEND is exclusive */
	assert_day(&ics, 2, "2027-03-11", false, "Idulfitri, 1448 H");
	assert_day(&ics, 3, "2027-03-12", true, "Cuti Bersama Idulfitri");
	assert_day(&ics, 4, "2027-03-13", true, "Cuti Bersama Idulfitri");
	assert_day(&ics, 5, "2027-05-01", false, "Hari Buruh Internasional"); /* unfolded, trimmed */
	assert_int_equal(ics.nskipped, 0);

	/* the form's kind applies to every event */
	assert_null(parse(HEAD EVENT("DTSTART;VALUE=DATE:20270101\r\nSUMMARY:Tahun Baru\r\n") TAIL, true, &ics));
	assert_true(ics.days[0].cuti);
}

static void test_cuti_bersama_is_read_from_the_name(void **state)
{
	(void)state;
	static const struct {
		const char *summary;
		bool cuti;
	} cases[] = {
		{ "Cuti bersama Natal", true },  { "CUTI BERSAMA", true },       { "Libur cuti  bersama", true },
		{ "cuti-bersama Imlek", true },  { "Cutibersama", false },       { "Cuti tahunan bersama", false },
		{ "Hari Raya Natal", false },    { "cuti", false },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[512];
		snprintf(text, sizeof(text), HEAD EVENT("DTSTART;VALUE=DATE:20271225\r\nSUMMARY:%s\r\n") TAIL,
		         cases[i].summary);
		calendar_ics ics;
		assert_null(parse(text, false, &ics));
		assert_int_equal(ics.ndays, 1);
		assert_int_equal(ics.days[0].cuti, cases[i].cuti);
	}
}

static void assert_skipped(const calendar_ics *ics, size_t i, const char *date, const char *reason)
{
	assert_true(i < ics->nskipped);
	assert_string_equal(ics->skipped[i].date, date);
	assert_string_equal(ics->skipped[i].reason, reason);
}

static void test_what_is_skipped_and_why(void **state)
{
	(void)state;
	char long_name[260];
	memset(long_name, 'x', 201);
	long_name[201] = '\0';
	char text[4096];
	snprintf(text, sizeof(text), HEAD
		EVENT("DTSTART;VALUE=DATE:20270101\r\nSUMMARY:Tahun Baru\r\n")
		EVENT("DTSTART:20270102T090000Z\r\nSUMMARY:Rapat\r\n")
		EVENT("DTSTART;VALUE=DATE:20270103\r\nRRULE:FREQ=YEARLY\r\nSUMMARY:Berulang\r\n")
		EVENT("DTSTART;VALUE=DATE:20270104\r\nSTATUS:CANCELLED\r\nSUMMARY:Batal\r\n")
		EVENT("DTSTART;VALUE=DATE:20270105\r\n")
		EVENT("SUMMARY:Tanpa tanggal\r\n")
		EVENT("DTSTART;VALUE=DATE:20270106\r\nSUMMARY:%s\r\n")
		EVENT("DTSTART;VALUE=DATE:20270201\r\nDTEND;VALUE=DATE:20270310\r\nSUMMARY:Terlalu panjang\r\n")
		EVENT("DTSTART;VALUE=DATE:19990101\r\nSUMMARY:Dulu\r\n")
		EVENT("DTSTART;VALUE=DATE:21010101\r\nSUMMARY:Nanti\r\n")
		EVENT("DTSTART;VALUE=DATE:20270107\r\nSUMMARY:Natal \xE2\x80\xAElatan\r\n")
		TAIL, long_name);
	calendar_ics ics;
	assert_null(parse(text, false, &ics));
	assert_int_equal(ics.ndays, 1);
	assert_int_equal(ics.nskipped, 10);
	assert_skipped(&ics, 0, "2027-01-02", SKIP("not_all_day"));
	assert_skipped(&ics, 1, "2027-01-03", SKIP("recurring"));
	assert_skipped(&ics, 2, "2027-01-04", SKIP("cancelled"));
	assert_skipped(&ics, 3, "2027-01-05", SKIP("no_name"));
	assert_skipped(&ics, 4, "", SKIP("no_start"));
	assert_string_equal(ics.skipped[4].name, "Tanpa tanggal");
	assert_skipped(&ics, 5, "2027-01-06", SKIP("name_too_long"));
	assert_skipped(&ics, 6, "2027-02-01", SKIP("too_long"));
	assert_skipped(&ics, 7, "1999-01-01", SKIP("out_of_range"));
	assert_skipped(&ics, 8, "2101-01-01", SKIP("out_of_range"));
	assert_skipped(&ics, 9, "2027-01-07", SKIP("name_invalid")); /* U+202E turns the text around */
}

static void test_a_day_named_twice(void **state)
{
	(void)state;
	calendar_ics ics;
	/* a national holiday wins over cuti bersama; otherwise the first event */
	assert_null(parse(HEAD
		EVENT("DTSTART;VALUE=DATE:20271224\r\nSUMMARY:Cuti bersama Natal\r\n")
		EVENT("DTSTART;VALUE=DATE:20271224\r\nSUMMARY:Malam Natal\r\n")
		EVENT("DTSTART;VALUE=DATE:20271225\r\nSUMMARY:Natal\r\n")
		EVENT("DTSTART;VALUE=DATE:20271225\r\nSUMMARY:Natal lagi\r\n")
		TAIL, false, &ics));
	assert_int_equal(ics.ndays, 2);
	assert_day(&ics, 0, "2027-12-24", false, "Malam Natal");
	assert_day(&ics, 1, "2027-12-25", false, "Natal");
	assert_int_equal(ics.nskipped, 2);
	assert_string_equal(ics.skipped[0].name, "Cuti bersama Natal");
	assert_string_equal(ics.skipped[1].name, "Natal lagi");
	assert_string_equal(ics.skipped[1].reason, SKIP("twice"));
}

static void test_what_the_text_may_look_like(void **state)
{
	(void)state;
	calendar_ics ics;
	/* a byte order mark, blank lines first, LF line ends, two calendars */
	assert_null(parse("\xEF\xBB\xBF\n\nBEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270817\n"
	                  "SUMMARY:Proklamasi\nEND:VEVENT\nEND:VCALENDAR\nBEGIN:VCALENDAR\nVERSION:2.0\n"
	                  "BEGIN:VEVENT\nDTSTART;VALUE=DATE:20280101\nSUMMARY:Tahun Baru\nEND:VEVENT\nEND:VCALENDAR\n",
	                  false, &ics));
	assert_int_equal(ics.ndays, 2);
	assert_day(&ics, 1, "2028-01-01", false, "Tahun Baru");
	/* a line folded inside a UTF-8 character (the RFC says not to; exporters do) */
	assert_null(parse(HEAD EVENT("DTSTART;VALUE=DATE:20270817\r\nSUMMARY:Hari Caf\xC3\r\n \xA9 Baru\r\n") TAIL, false,
	                  &ics));
	assert_day(&ics, 0, "2027-08-17", false, "Hari Caf\xC3\xA9 Baru");
	/* blanks before the calendar */
	assert_null(parse("\t \r\n" HEAD EVENT("DTSTART;VALUE=DATE:20270817\r\nSUMMARY:Proklamasi\r\n") TAIL, false, &ics));
	/* only the bytes given are read: no NUL needed after them */
	const char text[] = HEAD EVENT("DTSTART;VALUE=DATE:20270817\r\nSUMMARY:Proklamasi\r\n") TAIL "garbage";
	assert_null(calendar_ics_parse(a, text, sizeof(text) - 1 - strlen("garbage"), false, &ics));
	assert_int_equal(ics.ndays, 1);
}

static void test_files_refused_whole(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		const char *why;
	} cases[] = {
		{ "", ERR("empty") },
		{ "<html>BEGIN:VCALENDAR</html>", ERR("not_icalendar") },
		{ "BEGIN:VCALENDARX\r\nEND:VCALENDARX\r\n", ERR("not_icalendar") },
		{ "BEGIN:VCARD\r\nFN:Budi\r\nEND:VCARD\r\n", ERR("not_icalendar") },
		{ HEAD "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270101\r\nSUMMARY:Tahun Baru\r\nEND:VEVENT\r\n",
		  ERR("malformed") },
		{ HEAD EVENT("DTSTART;VALUE=DATE:20270101\r\nbaris tanpa titik dua\r\nSUMMARY:x\r\n") TAIL, ERR("malformed") },
		{ HEAD EVENT("DTSTART;VALUE=DATE:2027010x\r\nSUMMARY:x\r\n") TAIL, ERR("malformed") },
		{ HEAD EVENT("DTSTART;VALUE=DATE:20270230\r\nSUMMARY:30 Februari\r\n") TAIL, ERR("malformed") },
		{ HEAD EVENT("DTSTART;VALUE=DATE:20270101\r\nDTEND:20270102T100000Z\r\nSUMMARY:x\r\n") TAIL,
		  ERR("malformed") },
		{ HEAD EVENT("DTSTART;VALUE=DATE:20270101\r\nDURATION:PT5H\r\nSUMMARY:x\r\n") TAIL, ERR("malformed") },
		{ HEAD EVENT("DTSTART:20270101T090000Z\r\nSUMMARY:Rapat\r\n") TAIL, ERR("no_events") },
		/* an END before its BEGIN (libical would warn on stderr), however spelled */
		{ HEAD EVENT("DTSTART;VALUE=DATE:20270101\r\nSUMMARY:x\r\n") TAIL "END:X\r\n", ERR("malformed") },
		{ HEAD EVENT("DTSTART;VALUE=DATE:20270101\r\nSUMMARY:x\r\n") "END :VCALENDAR\r\nend;x=y:X\r\n",
		  ERR("malformed") },
		/* a lone CR ends a line: what follows it is a line of its own */
		{ HEAD EVENT("DTSTART;VALUE=DATE:20270101\r\nSUMMARY:a\rb\r\n") TAIL, ERR("malformed") },
		{ HEAD TAIL, ERR("no_events") },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		calendar_ics ics;
		const char *why = parse(cases[i].text, false, &ics);
		if (why == NULL || strcmp(why, cases[i].why) != 0)
			fail_msg("case %zu: %s, expected %s", i, why ? why : "(taken)", cases[i].why);
	}
	calendar_ics ics;
	assert_string_equal(calendar_ics_parse(a, "BEGIN:VCALENDAR\r\n\0\r\nEND:VCALENDAR\r\n", 36, false, &ics),
	                    ERR("not_text"));
	assert_string_equal(parse(HEAD EVENT("DTSTART;VALUE=DATE:20270101\r\nSUMMARY:Hari \xe9\r\n") TAIL, false, &ics),
	                    ERR("not_text"));
	assert_string_equal(parse(HEAD EVENT("DTSTART;VALUE=DATE:20270101\r\nx\r\n") TAIL, false, &ics),
	                    ERR("malformed"));
	assert_int_equal(ics.bad, 1);
}

static void test_limits(void **state)
{
	(void)state;
	calendar_ics ics;
	static char big[CALENDAR_ICS_MAX_BYTES + 2];
	memset(big, ' ', sizeof(big) - 1);
	memcpy(big, HEAD, strlen(HEAD));
	assert_string_equal(parse(big, false, &ics), ERR("too_large"));

	/* nesting deeper than any calendar needs is refused before libical builds it */
	static char deep[64 * 1024];
	size_t n = 0;
	n += (size_t)snprintf(deep + n, sizeof(deep) - n, "BEGIN:VCALENDAR\r\n");
	for (int i = 0; i < 1000; i++)
		n += (size_t)snprintf(deep + n, sizeof(deep) - n, "BEGIN:X\r\n");
	assert_string_equal(parse(deep, false, &ics), ERR("malformed"));

	/* 14 events of 30 days: 420 days */
	static char many[16 * 1024];
	n = (size_t)snprintf(many, sizeof(many), HEAD);
	for (int k = 0; k < 14; k++) {
		int32_t start = calendar_day(2030, 1, 1) + 31 * k;
		int y, m, d, y2, m2, d2;
		calendar_civil(start, &y, &m, &d);
		calendar_civil(start + 30, &y2, &m2, &d2);
		n += (size_t)snprintf(many + n, sizeof(many) - n,
		                      EVENT("DTSTART;VALUE=DATE:%04d%02d%02d\r\nDTEND;VALUE=DATE:%04d%02d%02d\r\nSUMMARY:L%d\r\n"),
		                      y, m, d, y2, m2, d2, k);
	}
	snprintf(many + n, sizeof(many) - n, TAIL);
	assert_string_equal(parse(many, false, &ics), ERR("too_many"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_days_kinds_and_names),
		cmocka_unit_test(test_cuti_bersama_is_read_from_the_name),
		cmocka_unit_test(test_what_is_skipped_and_why),
		cmocka_unit_test(test_a_day_named_twice),
		cmocka_unit_test(test_what_the_text_may_look_like),
		cmocka_unit_test(test_files_refused_whole),
		cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
