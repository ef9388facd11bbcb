/*
 * calendar_test.c - working days: civil dates, WIB days, deadlines over
 * weekends and the 2026 Idulfitri and Nyepi holidays (src/calendar/).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "calendar/calendar.h"

/* Unix time of a WIB wall-clock moment. */
static int64_t wib(int y, int m, int d, int hh, int mm)
{
	return (int64_t)calendar_day(y, m, d) * 86400 + hh * 3600 + mm * 60 - WIB_OFFSET;
}

static void with_2026(calendar *cal)
{
	static const char *const days[] = { /* part of the official list */
		"2026-01-01", "2026-03-18", "2026-03-19", "2026-03-20", "2026-03-21", "2026-03-22",
		"2026-03-23", "2026-03-24", "2026-12-24", "2026-12-25",
	};
	memset(cal, 0, sizeof(*cal));
	for (size_t i = 0; i < sizeof(days) / sizeof(days[0]); i++)
		assert_true(calendar_parse_day(days[i], &cal->days[cal->n++]));
}

static void test_civil_dates(void **state)
{
	(void)state;
	assert_int_equal(calendar_day(1970, 1, 1), 0);
	assert_int_equal(calendar_day(2000, 3, 1), 11017);
	for (int32_t day = -800000; day < 800000; day += 997) {
		int y, m, d;
		calendar_civil(day, &y, &m, &d);
		assert_int_equal(calendar_day(y, m, d), day);
	}
	int32_t v;
	assert_true(calendar_parse_day("2024-02-29", &v));
	assert_false(calendar_parse_day("2026-02-29", &v));
	assert_false(calendar_parse_day("2026-04-31", &v));
	assert_false(calendar_parse_day("2026-13-01", &v));
	assert_false(calendar_parse_day("2026-1-01", &v));
	assert_false(calendar_parse_day("kemarin", &v));
	assert_false(calendar_parse_day(NULL, &v));
}

static void test_wib_days(void **state)
{
	(void)state;
	/* 2026-11-27 20:00 UTC is already Saturday the 28th in Bekasi */
	int64_t t = (int64_t)calendar_day(2026, 11, 27) * 86400 + 20 * 3600;
	assert_int_equal(calendar_wib_day(t), calendar_day(2026, 11, 28));
	assert_int_equal(calendar_wib_day(t - 4 * 3600), calendar_day(2026, 11, 27));
	calendar none = { .n = 0 };
	assert_false(calendar_is_workday(&none, calendar_day(2026, 11, 28))); /* Saturday */
	assert_false(calendar_is_workday(&none, calendar_day(2026, 11, 29))); /* Sunday */
	assert_true(calendar_is_workday(&none, calendar_day(2026, 11, 30)));  /* Monday */
}

static void test_parse_wib(void **state)
{
	(void)state;
	int64_t t = 0;
	assert_true(calendar_parse_wib("2026-03-16T10:00", &t));
	assert_int_equal(t, wib(2026, 3, 16, 10, 0));
	assert_true(calendar_parse_wib("2026-03-16T00:00:59", &t));
	assert_int_equal(t, wib(2026, 3, 16, 0, 0) + 59);
	assert_true(calendar_parse_wib("2026-01-01T06:59", &t)); /* still 2025 in UTC */
	assert_int_equal(t, (int64_t)calendar_day(2025, 12, 31) * 86400 + 23 * 3600 + 59 * 60);
	static const char *const bad[] = {
		"", "2026-03-16", "2026-03-16 10:00", "2026-03-16T10", "2026-03-16T24:00", "2026-03-16T10:60",
		"2026-02-29T10:00", "2026-03-16T1a:00", "2026-03-16T10:00:60", "2026-03-16T10:00Z",
		"2026-03-16T+1:00", "2026-03-16T 9:00", "16-03-2026T10:00",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (calendar_parse_wib(bad[i], &t))
			fail_msg("accepted %s", bad[i]);
	assert_false(calendar_parse_wib(NULL, &t));
	/* a stored UTC time */
	assert_true(calendar_parse_utc("2026-03-16T03:00:00Z", &t));
	assert_int_equal(t, wib(2026, 3, 16, 10, 0));
	static const char *const bad_utc[] = { "2026-03-16T03:00:00", "2026-03-16 03:00:00Z", "2026-02-30T03:00:00Z",
		                               "2026-03-16T24:00:00Z", "2026-03-16T03:00:00+07:00", "" };
	for (size_t i = 0; i < sizeof(bad_utc) / sizeof(bad_utc[0]); i++)
		if (calendar_parse_utc(bad_utc[i], &t))
			fail_msg("accepted %s", bad_utc[i]);
}

static void test_deadlines(void **state)
{
	(void)state;
	calendar cal;
	with_2026(&cal);
	/* Friday afternoon: five working days are Monday to Friday of the next week */
	assert_int_equal(calendar_due(&cal, wib(2026, 11, 27, 15, 0), 5), wib(2026, 12, 4, 23, 59) + 59);
	/* asked on Saturday night (Friday in UTC): the same */
	assert_int_equal(calendar_due(&cal, wib(2026, 11, 28, 3, 0), 5), wib(2026, 12, 4, 23, 59) + 59);
	/* asked on Nyepi: cuti bersama and Idulfitri stop the clock until the 25th */
	assert_int_equal(calendar_due(&cal, wib(2026, 3, 19, 10, 0), 5), wib(2026, 3, 31, 23, 59) + 59);
	/* Christmas Eve and Christmas */
	assert_int_equal(calendar_due(&cal, wib(2026, 12, 23, 9, 0), 1), wib(2026, 12, 28, 23, 59) + 59);
	assert_int_equal(calendar_workdays_between(&cal, wib(2026, 3, 17, 9, 0), wib(2026, 3, 27, 9, 0)), 3);
	assert_int_equal(calendar_workdays_between(&cal, wib(2026, 11, 27, 9, 0), wib(2026, 11, 27, 18, 0)), 0);
	assert_int_equal(calendar_workdays_between(&cal, wib(2026, 12, 4, 9, 0), wib(2026, 11, 27, 9, 0)), 0);
}

/* Office minutes: 08.00-16.00 WIB on working days, hand-counted. */
static void test_office_minutes(void **state)
{
	(void)state;
	calendar cal;
	with_2026(&cal);
	/* Friday 15.00 to Monday 09.00: one hour each side of the weekend */
	assert_int_equal(calendar_office_minutes(&cal, wib(2026, 11, 27, 15, 0), wib(2026, 11, 30, 9, 0)), 120);
	/* inside one morning, and before opening to after closing */
	assert_int_equal(calendar_office_minutes(&cal, wib(2026, 11, 30, 9, 15), wib(2026, 11, 30, 10, 0)), 45);
	assert_int_equal(calendar_office_minutes(&cal, wib(2026, 11, 30, 6, 0), wib(2026, 11, 30, 20, 0)), 480);
	/* asked at night, answered the next morning at 08.30 */
	assert_int_equal(calendar_office_minutes(&cal, wib(2026, 11, 30, 21, 0), wib(2026, 12, 1, 8, 30)), 30);
	/* a weekend alone, and the wrong way round */
	assert_int_equal(calendar_office_minutes(&cal, wib(2026, 11, 28, 9, 0), wib(2026, 11, 29, 15, 0)), 0);
	assert_int_equal(calendar_office_minutes(&cal, wib(2026, 11, 30, 10, 0), wib(2026, 11, 30, 9, 0)), 0);
	/* over Idulfitri: Tuesday 17 March 15.00 to Wednesday 25 March 09.00,
	 * 18-24 March are holidays: 1 h + 1 h */
	assert_int_equal(calendar_office_minutes(&cal, wib(2026, 3, 17, 15, 0), wib(2026, 3, 25, 9, 0)), 120);
	/* seconds do not round up */
	assert_int_equal(calendar_office_minutes(&cal, wib(2026, 11, 30, 9, 0), wib(2026, 11, 30, 9, 0) + 59), 0);
	/* a whole working week */
	assert_int_equal(calendar_office_minutes(&cal, wib(2026, 11, 30, 0, 0), wib(2026, 12, 7, 0, 0)), 5 * 480);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_civil_dates),
		cmocka_unit_test(test_wib_days),
		cmocka_unit_test(test_parse_wib),
		cmocka_unit_test(test_deadlines),
		cmocka_unit_test(test_office_minutes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
