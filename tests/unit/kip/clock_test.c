/*
 * clock_test.c - the legal clock of a formal information request
 * (src/kip/clock.c) on the official 2026 calendar: weekends, national
 * holidays, cuti bersama, the long Lebaran break of March 2026, office
 * hours, both ways of counting the day of receipt, a year whose holidays
 * are not loaded, and the chain of objection, atasan and dispute. Every
 * expected date was counted by hand on the 2026 calendar.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "kip/clock.h"

/* The official 2026 list (SKB of 19 September 2025), as migration 007. */
static const struct { const char *day; bool cuti; } official_2026[] = {
	{ "2026-01-01", false }, { "2026-01-16", false }, { "2026-02-16", true },  { "2026-02-17", false },
	{ "2026-03-18", true },  { "2026-03-19", false }, { "2026-03-20", true },  { "2026-03-21", false },
	{ "2026-03-22", false }, { "2026-03-23", true },  { "2026-03-24", true },  { "2026-04-03", false },
	{ "2026-04-05", false }, { "2026-05-01", false }, { "2026-05-14", false }, { "2026-05-15", true },
	{ "2026-05-27", false }, { "2026-05-28", true },  { "2026-05-31", false }, { "2026-06-01", false },
	{ "2026-06-16", false }, { "2026-08-17", false }, { "2026-08-25", false }, { "2026-12-24", true },
	{ "2026-12-25", false },
};

static calendar cal;
static kip_rules rules;

static int setup(void **state)
{
	(void)state;
	memset(&cal, 0, sizeof(cal));
	for (size_t i = 0; i < sizeof(official_2026) / sizeof(official_2026[0]); i++) {
		assert_true(calendar_parse_day(official_2026[i].day, &cal.days[cal.n]));
		cal.confirmed[cal.n] = true; /* test_unconfirmed_holidays_are_counted says otherwise */
		cal.cuti[cal.n++] = official_2026[i].cuti;
	}
	cal.first_year = cal.last_year = 2026;
	kip_rules_default(&rules);
	return 0;
}

/* Unix time of a WIB wall-clock moment. */
static int64_t wib(int y, int m, int d, int hh, int mm)
{
	return (int64_t)calendar_day(y, m, d) * 86400 + hh * 3600 + mm * 60 - WIB_OFFSET;
}

static int32_t D(const char *iso)
{
	int32_t day = 0;
	assert_true(calendar_parse_day(iso, &day));
	return day;
}

static kip_deadlines at(int y, int m, int d, int hh, int mm)
{
	kip_deadlines k;
	kip_deadlines_compute(&cal, &rules, wib(y, m, d, hh, mm), &k);
	return k;
}

static void test_defaults(void **state)
{
	(void)state;
	assert_false(rules.cuti_bersama_works);
	assert_true(rules.receipt_day_one);
	assert_int_equal(rules.close_minute, 16 * 60);
}

static void test_nth_workday(void **state)
{
	(void)state;
	/* Friday 2026-11-27: day 1 itself, or Monday after it */
	assert_int_equal(kip_nth_workday(&cal, D("2026-11-27"), 1, true), D("2026-11-27"));
	assert_int_equal(kip_nth_workday(&cal, D("2026-11-27"), 1, false), D("2026-11-30"));
	/* from a Saturday, day 1 is Monday either way */
	assert_int_equal(kip_nth_workday(&cal, D("2026-11-28"), 1, true), D("2026-11-30"));
	assert_int_equal(kip_nth_workday(&cal, D("2026-11-28"), 1, false), D("2026-11-30"));
	/* over Christmas: the 24th is cuti bersama, the 25th a holiday */
	assert_int_equal(kip_nth_workday(&cal, D("2026-12-23"), 1, false), D("2026-12-28"));
}

/* The example: Monday 16 March 2026, 10:00, into the Nyepi and
 * Lebaran break (18-24 March) and Good Friday (3 April). */
static void test_the_lebaran_break(void **state)
{
	(void)state;
	kip_deadlines k = at(2026, 3, 16, 10, 0);
	assert_int_equal(k.moved, KIP_ON_TIME);
	assert_int_equal(k.day[KIP_RECEIVED], D("2026-03-16"));
	/* 16, 17, 25, 26, 27, 30, 31 March, 1, 2, 6 April */
	assert_int_equal(k.day[KIP_NOTICE], D("2026-04-06"));
	/* 7, 8, 9, 10, 13, 14, 15 April */
	assert_int_equal(k.day[KIP_EXTENDED], D("2026-04-15"));
	/* 30 working days after 6 April, past 1 May, 14 and 15 May */
	assert_int_equal(k.day[KIP_OBJECTION], D("2026-05-21"));
	/* 30 working days counting 21 May as day 1: past 27-28 May, 1 and 16 June */
	assert_int_equal(k.day[KIP_ATASAN], D("2026-07-07"));
	/* 14 working days after 7 July */
	assert_int_equal(k.day[KIP_DISPUTE], D("2026-07-27"));
	/* the chain after an extension starts on 15 April */
	assert_int_equal(k.extended[KIP_NOTICE], D("2026-04-06"));
	assert_int_equal(k.extended[KIP_OBJECTION], D("2026-06-04"));
	assert_int_equal(k.extended[KIP_ATASAN], D("2026-07-16"));
	assert_int_equal(k.extended[KIP_DISPUTE], D("2026-08-05"));
	assert_int_equal(k.first_missing_year, 0);
	assert_int_equal(k.unconfirmed, 0); /* none of these is unconfirmed in this test's calendar */
}

static void test_received_after_hours_before_the_break(void **state)
{
	(void)state;
	/* Tuesday 17 March 16:30: after hours, and the next working day is
	 * Wednesday 25 March, after the break */
	kip_deadlines k = at(2026, 3, 17, 16, 30);
	assert_int_equal(k.moved, KIP_AFTER_HOURS);
	assert_int_equal(k.day[KIP_RECEIVED], D("2026-03-25"));
	assert_int_equal(k.day[KIP_NOTICE], D("2026-04-08"));
	/* 16:00 sharp is after hours; 15:59 is not */
	assert_int_equal(at(2026, 3, 17, 16, 0).moved, KIP_AFTER_HOURS);
	kip_deadlines in = at(2026, 3, 17, 15, 59);
	assert_int_equal(in.moved, KIP_ON_TIME);
	assert_int_equal(in.day[KIP_RECEIVED], D("2026-03-17"));
	/* 17, 25, 26, 27, 30, 31 March, 1, 2, 6, 7 April */
	assert_int_equal(in.day[KIP_NOTICE], D("2026-04-07"));
	/* a region whose office closes at 15:00 */
	rules.close_minute = 15 * 60;
	assert_int_equal(at(2026, 3, 17, 15, 30).moved, KIP_AFTER_HOURS);
}

static void test_received_on_days_off(void **state)
{
	(void)state;
	/* at 23:59 on Good Friday, a Saturday, a Sunday, cuti bersama, Idulfitri */
	static const struct { int m, d; const char *received; } cases[] = {
		{ 4, 3, "2026-04-06" }, { 11, 28, "2026-11-30" }, { 11, 29, "2026-11-30" },
		{ 5, 15, "2026-05-18" }, { 3, 21, "2026-03-25" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		kip_deadlines k = at(2026, cases[i].m, cases[i].d, 23, 59);
		assert_int_equal(k.moved, KIP_DAY_OFF);
		assert_int_equal(k.day[KIP_RECEIVED], D(cases[i].received));
	}
	/* 20:00 UTC on Friday 27 November is 03:00 WIB on Saturday */
	kip_deadlines k;
	kip_deadlines_compute(&cal, &rules, (int64_t)calendar_day(2026, 11, 27) * 86400 + 20 * 3600, &k);
	assert_int_equal(k.moved, KIP_DAY_OFF);
	assert_int_equal(k.day[KIP_RECEIVED], D("2026-11-30"));
}

static void test_day_zero(void **state)
{
	(void)state;
	rules.receipt_day_one = false;
	kip_deadlines k = at(2026, 3, 16, 10, 0);
	/* 17, 25, 26, 27, 30, 31 March, 1, 2, 6, 7 April */
	assert_int_equal(k.day[KIP_NOTICE], D("2026-04-07"));
	/* the extension's 7 days follow the due date either way */
	assert_int_equal(k.day[KIP_EXTENDED], D("2026-04-16"));
}

static void test_cuti_bersama_as_working_days(void **state)
{
	(void)state;
	rules.cuti_bersama_works = true;
	cal.cuti_bersama_works = true;
	kip_deadlines k = at(2026, 3, 16, 10, 0);
	/* 16, 17, 18 (cuti), 20 (cuti), 23, 24 (cuti), 25, 26, 27, 30 March */
	assert_int_equal(k.day[KIP_NOTICE], D("2026-03-30"));
	/* on cuti bersama a request is received that same day */
	kip_deadlines c = at(2026, 12, 24, 9, 0);
	assert_int_equal(c.moved, KIP_ON_TIME);
	assert_int_equal(c.day[KIP_RECEIVED], D("2026-12-24"));
	cal.cuti_bersama_works = false;
}

static void test_across_the_year_end(void **state)
{
	(void)state;
	/* Monday 21 December: 21, 22, 23, 28, 29, 30, 31 December, then 2027,
	 * whose holidays are not loaded: every weekday counts, and it says so */
	kip_deadlines k = at(2026, 12, 21, 10, 0);
	assert_int_equal(k.day[KIP_NOTICE], D("2027-01-05"));
	assert_int_equal(k.first_missing_year, 2027);
	/* once 2027 is loaded (1 January a holiday), the notice moves a day */
	assert_true(calendar_parse_day("2027-01-01", &cal.days[cal.n]));
	cal.cuti[cal.n++] = false;
	cal.last_year = 2027;
	k = at(2026, 12, 21, 10, 0);
	assert_int_equal(k.day[KIP_NOTICE], D("2027-01-06"));
	assert_int_equal(k.first_missing_year, 0);
	/* received at 23:59 on the last day of 2026: counted in 2027 */
	kip_deadlines late = at(2026, 12, 31, 23, 59);
	assert_int_equal(late.moved, KIP_AFTER_HOURS);
	assert_int_equal(late.day[KIP_RECEIVED], D("2027-01-04"));
}

static void test_unconfirmed_holidays_are_counted(void **state)
{
	(void)state;
	kip_deadlines k = at(2026, 3, 16, 10, 0);
	int all = k.unconfirmed;
	assert_int_equal(all, 0);
	for (unsigned i = 0; i < cal.n; i++)
		cal.confirmed[i] = false;
	k = at(2026, 3, 16, 10, 0);
	/* from 16 March to the last dispute day (after an extension), every
	 * holiday from 18 March to mid-August lies in between */
	assert_true(k.unconfirmed >= 17);
	for (unsigned i = 0; i < cal.n; i++)
		cal.confirmed[i] = true;
}

static void test_every_deadline_is_a_working_day_in_order(void **state)
{
	(void)state;
	/* every hour of 2026: the chain is ordered and lands on working days */
	for (int32_t day = D("2026-01-01"); day <= D("2026-12-31"); day++) {
		for (int hh = 0; hh < 24; hh += 5) {
			kip_deadlines k;
			kip_deadlines_compute(&cal, &rules, (int64_t)day * 86400 + hh * 3600 - WIB_OFFSET, &k);
			assert_true(k.day[KIP_RECEIVED] >= day);
			for (int s = KIP_RECEIVED; s < KIP_STEPS; s++) {
				assert_true(calendar_is_workday(&cal, k.day[s]) || k.day[s] > D("2026-12-31"));
				if (s > KIP_RECEIVED && s != KIP_EXTENDED)
					assert_true(k.day[s] > k.day[s == KIP_OBJECTION ? KIP_NOTICE : s - 1]);
				assert_true(k.extended[s] >= k.day[s]);
			}
		}
	}
}

/* The days a request took, counted as its deadlines are (the report's
 * figure): the day of receipt is day 1 (or day 0), a notice on a day off
 * counts on the next working day, and the Lebaran break is no time at all. */
static void test_workdays_taken(void **state)
{
	(void)state;
	assert_int_equal(kip_workdays_taken(&cal, &rules, D("2026-03-02"), D("2026-03-02")), 1);
	assert_int_equal(kip_workdays_taken(&cal, &rules, D("2026-03-02"), D("2026-03-13")), 10);
	assert_int_equal(kip_workdays_taken(&cal, &rules, D("2026-03-02"), D("2026-03-14")), 11); /* Saturday: Monday */
	assert_int_equal(kip_workdays_taken(&cal, &rules, D("2026-03-16"), D("2026-03-25")), 3);
	assert_int_equal(kip_workdays_taken(&cal, &rules, D("2026-03-16"), D("2026-03-19")), 3); /* Nyepi: the 25th */
	assert_int_equal(kip_workdays_taken(&cal, &rules, D("2026-03-16"), D("2026-03-13")), 0); /* before receipt */
	assert_int_equal(kip_workdays_taken(&cal, &rules, D("2026-12-23"), D("2026-12-31")), 5); /* Christmas */
	rules.receipt_day_one = false;
	assert_int_equal(kip_workdays_taken(&cal, &rules, D("2026-03-02"), D("2026-03-02")), 0);
	assert_int_equal(kip_workdays_taken(&cal, &rules, D("2026-03-02"), D("2026-03-13")), 9);
	rules.receipt_day_one = true;
	cal.cuti_bersama_works = true;
	assert_int_equal(kip_workdays_taken(&cal, &rules, D("2026-03-16"), D("2026-03-25")), 7);
	cal.cuti_bersama_works = false;
	/* the notice on its due day took exactly the law's days, under both readings */
	for (int one = 0; one < 2; one++) {
		rules.receipt_day_one = one;
		for (int32_t day = D("2026-01-01"); day <= D("2026-12-31"); day++) {
			if (!calendar_is_workday(&cal, day))
				continue;
			for (int n = 1; n <= KIP_NOTICE_DAYS + KIP_EXTENSION_DAYS; n++)
				assert_int_equal(kip_workdays_taken(&cal, &rules, day, kip_nth_workday(&cal, day, n, one)), n);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_defaults, setup),
		cmocka_unit_test_setup(test_nth_workday, setup),
		cmocka_unit_test_setup(test_the_lebaran_break, setup),
		cmocka_unit_test_setup(test_received_after_hours_before_the_break, setup),
		cmocka_unit_test_setup(test_received_on_days_off, setup),
		cmocka_unit_test_setup(test_day_zero, setup),
		cmocka_unit_test_setup(test_cuti_bersama_as_working_days, setup),
		cmocka_unit_test_setup(test_across_the_year_end, setup),
		cmocka_unit_test_setup(test_unconfirmed_holidays_are_counted, setup),
		cmocka_unit_test_setup(test_every_deadline_is_a_working_day_in_order, setup),
		cmocka_unit_test_setup(test_workdays_taken, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
