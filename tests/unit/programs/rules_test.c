/*
 * rules_test.c - programme rules: rupiah as typed and shown, statuses and
 * their default progress, the roll-up, dates (src/programs/rules.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "programs/rules.h"

static bool parse(const char *s, int64_t *v)
{
	return rupiah_parse(s, strlen(s), v);
}

static void test_rupiah_parse(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		int64_t want;
	} good[] = {
		{ "12500000000", INT64_C(12500000000) }, { "12.500.000.000", INT64_C(12500000000) },
		{ "Rp 12.500.000.000", INT64_C(12500000000) }, { "Rp. 950.000", 950000 },
		{ "rp750000", 750000 }, { "12 500 000", 12500000 }, { "1.000,00", 1000 },
		{ "0", 0 }, { "999", 999 }, { " 1.234 ", 1234 },
		{ "999.999.999.999.999", INT64_C(999999999999999) },
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		int64_t v = -1;
		if (!parse(good[i].in, &v) || v != good[i].want)
			fail_msg("'%s' -> %lld", good[i].in, (long long)v);
	}
	static const char *const bad[] = {
		"", "Rp", "-5", "12,5", "1.2.3", "1.23", "12.5000", "1.000.00", "1.000 000",
		"1e9", "abc", "1000000000000000", "99999999999999999999", ".5", "1.", "1,", "1,50",
		"١٢٣",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int64_t v;
		if (parse(bad[i], &v))
			fail_msg("accepted '%s' as %lld", bad[i], (long long)v);
	}
}

static void test_rupiah_format(void **state)
{
	(void)state;
	arena *a = arena_new(1 << 16);
	assert_string_equal(rupiah_format(a, 0), "Rp 0");
	assert_string_equal(rupiah_format(a, 950000), "Rp 950.000");
	assert_string_equal(rupiah_format(a, INT64_C(12500000000)), "Rp 12.500.000.000");
	assert_string_equal(rupiah_short(a, INT64_C(12500000000)), "Rp 12,5 miliar");
	assert_string_equal(rupiah_short(a, INT64_C(12000000000)), "Rp 12 miliar");
	assert_string_equal(rupiah_short(a, 850000000), "Rp 850 juta");
	assert_string_equal(rupiah_short(a, INT64_C(1250000000000)), "Rp 1,3 triliun");
	assert_string_equal(rupiah_short(a, 950000), "Rp 950.000");
	/* and back */
	int64_t v;
	assert_true(parse(rupiah_format(a, INT64_C(987654321012)), &v));
	assert_int_equal(v, INT64_C(987654321012));
	arena_free(a);
}

static void test_statuses(void **state)
{
	(void)state;
	assert_int_equal(status_default_progress("direncanakan"), 0);
	assert_int_equal(status_default_progress("selesai"), 100);
	assert_int_equal(status_default_progress("berjalan"), -1);
	assert_int_equal(status_index("ditunda"), 3);
	assert_int_equal(status_index("Selesai"), -1);
	assert_true(funding_valid("banprov"));
	assert_false(funding_valid("APBD"));
}

static void test_rollup(void **state)
{
	(void)state;
	rollup_item a[] = { { 900, 100 }, { 100, 0 } };
	assert_int_equal(rollup_progress(a, 2, true), 90);
	assert_int_equal(rollup_progress(a, 2, false), 50);
	rollup_item zero[] = { { 0, 30 }, { 0, 61 } };
	assert_int_equal(rollup_progress(zero, 2, true), 46); /* (30+61)/2 = 45.5 -> 46 */
	assert_int_equal(rollup_progress(a, 0, true), -1);
	/* budgets near the limit do not overflow */
	rollup_item big[] = { { RUPIAH_MAX, 100 }, { RUPIAH_MAX, 100 }, { RUPIAH_MAX, 0 } };
	assert_int_equal(rollup_progress(big, 3, true), 67);
}

static void test_dates(void **state)
{
	(void)state;
	assert_true(date_valid("2026-03-01"));
	assert_true(date_valid("2024-02-29"));
	assert_false(date_valid("2026-02-29"));
	assert_false(date_valid("2026-13-01"));
	assert_false(date_valid("2026-04-31"));
	assert_false(date_valid("26-03-01"));
	assert_false(date_valid("2026/03/01"));
	assert_false(date_valid(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rupiah_parse), cmocka_unit_test(test_rupiah_format),
		cmocka_unit_test(test_statuses), cmocka_unit_test(test_rollup), cmocka_unit_test(test_dates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
