/*
 * arena_test.c - unit tests for the per-request arena (src/core/arena.{h,c}):
 * 16-byte alignment, string helpers, calloc zeroing and overflow, the cap and
 * its sticky failure, allocations larger than a chunk, many small
 * allocations, and the thread's current arena.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/arena.h"

static void assert_aligned(const void *p)
{
	assert_non_null(p);
	assert_int_equal((uintptr_t)p % 16, 0);
}

static void test_new_free(void **state)
{
	(void)state;
	arena *a = arena_new(1 << 20);
	assert_non_null(a);
	assert_false(arena_failed(a));
	assert_int_equal(arena_used(a), 0);
	arena_free(a);
	arena_free(NULL); /* harmless */
}

static void test_alignment(void **state)
{
	(void)state;
	arena *a = arena_new(1 << 20);
	assert_non_null(a);
	static const size_t sizes[] = { 1, 2, 3, 7, 8, 15, 16, 17, 31, 33, 100, 0, 5, 4095, 1 };
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned char *p = arena_alloc(a, sizes[i]);
		assert_aligned(p);
		memset(p, 0xAB, sizes[i]); /* the whole block is usable (ASan checks) */
	}
	assert_aligned(arena_strdup(a, "x"));
	assert_aligned(arena_calloc(a, 3, 5));
	assert_aligned(arena_printf(a, "%d", 42));
	assert_false(arena_failed(a));
	arena_free(a);
}

static void test_alloc_distinct(void **state)
{
	(void)state;
	arena *a = arena_new(1 << 20);
	char *p = arena_alloc(a, 10);
	char *q = arena_alloc(a, 10);
	assert_non_null(p);
	assert_non_null(q);
	assert_ptr_not_equal(p, q);
	memset(p, 'p', 10);
	memset(q, 'q', 10);
	for (int i = 0; i < 10; i++) {
		assert_int_equal(p[i], 'p');
		assert_int_equal(q[i], 'q');
	}
	arena_free(a);
}

static void test_used_counts_rounded(void **state)
{
	(void)state;
	arena *a = arena_new(1 << 20);
	assert_non_null(arena_alloc(a, 1));
	assert_int_equal(arena_used(a), 16);
	assert_non_null(arena_alloc(a, 16));
	assert_int_equal(arena_used(a), 32);
	assert_non_null(arena_alloc(a, 17));
	assert_int_equal(arena_used(a), 64);
	arena_free(a);
}

static void test_strndup(void **state)
{
	(void)state;
	arena *a = arena_new(1 << 20);
	char *s = arena_strndup(a, "hello world", 5);
	assert_non_null(s);
	assert_string_equal(s, "hello");
	s = arena_strndup(a, "abc", 0);
	assert_non_null(s);
	assert_string_equal(s, "");
	/* Bytes after n are never read: a source without a NUL is fine. */
	const char raw[3] = { 'x', 'y', 'z' };
	s = arena_strndup(a, raw, sizeof(raw));
	assert_string_equal(s, "xyz");
	/* Embedded NULs are copied as-is, and a NUL is added after n. */
	s = arena_strndup(a, "a\0b", 3);
	assert_memory_equal(s, "a\0b\0", 4);
	assert_false(arena_failed(a));
	arena_free(a);
}

static void test_strdup(void **state)
{
	(void)state;
	arena *a = arena_new(1 << 20);
	const char *src = "Dinas Pendidikan \xC3\xA9";
	char *s = arena_strdup(a, src);
	assert_non_null(s);
	assert_ptr_not_equal(s, src);
	assert_string_equal(s, src);
	s = arena_strdup(a, "");
	assert_non_null(s);
	assert_string_equal(s, "");
	arena_free(a);
}

static void test_printf(void **state)
{
	(void)state;
	arena *a = arena_new(1 << 20);
	char *s = arena_printf(a, "%s/%d/%05.1f", "dinas", 42, 3.14159);
	assert_non_null(s);
	assert_string_equal(s, "dinas/42/003.1");
	s = arena_printf(a, "%s", "");
	assert_non_null(s);
	assert_string_equal(s, "");
	/* Longer than the first chunk. */
	s = arena_printf(a, "%20000d", 7);
	assert_non_null(s);
	assert_int_equal(strlen(s), 20000);
	assert_int_equal(s[19999], '7');
	assert_false(arena_failed(a));
	arena_free(a);
}

static void test_printf_past_cap(void **state)
{
	(void)state;
	arena *a = arena_new(64);
	assert_null(arena_printf(a, "%100d", 1));
	assert_true(arena_failed(a));
	arena_free(a);
}

static void test_calloc_zeroes(void **state)
{
	(void)state;
	arena *a = arena_new(1 << 20);
	/* Dirty some memory first, so that zeroes cannot come from a fresh chunk by luck. */
	unsigned char *dirty = arena_alloc(a, 64);
	memset(dirty, 0xFF, 64);
	unsigned char *p = arena_calloc(a, 100, 7);
	assert_aligned(p);
	for (size_t i = 0; i < 700; i++)
		assert_int_equal(p[i], 0);
	int *ints = arena_calloc(a, 1000, sizeof(int));
	assert_non_null(ints);
	for (size_t i = 0; i < 1000; i++)
		assert_int_equal(ints[i], 0);
	assert_false(arena_failed(a));
	arena_free(a);
}

static void test_calloc_overflow(void **state)
{
	(void)state;
	arena *a = arena_new(1 << 20);
	assert_null(arena_calloc(a, SIZE_MAX / 2, 4));
	assert_true(arena_failed(a));
	/* The failure sticks even for a tiny request. */
	assert_null(arena_alloc(a, 1));
	arena_free(a);

	a = arena_new(1 << 20);
	assert_null(arena_calloc(a, 4, SIZE_MAX / 2));
	assert_true(arena_failed(a));
	arena_free(a);
}

static void test_alloc_huge(void **state)
{
	(void)state;
	arena *a = arena_new(1 << 20);
	assert_null(arena_alloc(a, SIZE_MAX)); /* rounding up would wrap */
	assert_true(arena_failed(a));
	arena_free(a);

	a = arena_new(1 << 20);
	assert_null(arena_alloc(a, SIZE_MAX - 8));
	assert_true(arena_failed(a));
	arena_free(a);

	a = arena_new(1 << 20);
	assert_null(arena_strndup(a, "x", SIZE_MAX)); /* n + 1 would wrap */
	assert_true(arena_failed(a));
	arena_free(a);
}

static void test_cap_enforced_and_sticky(void **state)
{
	(void)state;
	arena *a = arena_new(1000);
	assert_non_null(a);
	size_t got = 0;
	while (arena_alloc(a, 16) != NULL) {
		got++;
		assert_true(got <= 1000 / 16); /* never more than the cap allows */
	}
	assert_true(arena_failed(a));
	assert_true(arena_used(a) <= 1000);
	assert_true(got * 16 <= 1000);
	assert_true(got * 16 > 1000 - 16 * 2); /* and the cap is actually usable */
	size_t used = arena_used(a);
	/* Sticky: nothing succeeds any more, not even a tiny request. */
	assert_null(arena_alloc(a, 1));
	assert_null(arena_alloc(a, 0));
	assert_null(arena_strdup(a, ""));
	assert_null(arena_calloc(a, 1, 1));
	assert_null(arena_printf(a, "x"));
	assert_true(arena_failed(a));
	assert_int_equal(arena_used(a), used);
	arena_free(a);
}

static void test_cap_single_big_request(void **state)
{
	(void)state;
	arena *a = arena_new(1000);
	assert_non_null(arena_alloc(a, 100));
	assert_null(arena_alloc(a, 1000)); /* 100 + 1000 > cap */
	assert_true(arena_failed(a));
	assert_null(arena_alloc(a, 16)); /* would fit, but the failure is sticky */
	arena_free(a);

	a = arena_new(1000);
	assert_null(arena_alloc(a, 1001));
	assert_true(arena_failed(a));
	arena_free(a);

	/* Exactly the cap is allowed. */
	a = arena_new(1024);
	unsigned char *p = arena_alloc(a, 1024);
	assert_aligned(p);
	memset(p, 1, 1024);
	assert_int_equal(arena_used(a), 1024);
	assert_false(arena_failed(a));
	arena_free(a);
}

static void test_cap_zero(void **state)
{
	(void)state;
	arena *a = arena_new(0);
	assert_non_null(a);
	assert_null(arena_alloc(a, 1));
	assert_true(arena_failed(a));
	arena_free(a);
}

static void test_used_tracks(void **state)
{
	(void)state;
	arena *a = arena_new(1 << 20);
	size_t before = arena_used(a);
	assert_non_null(arena_alloc(a, 100));
	assert_true(arena_used(a) >= before + 100);
	before = arena_used(a);
	assert_non_null(arena_strdup(a, "abc"));
	assert_true(arena_used(a) >= before + 4);
	arena_free(a);
}

static void test_large_allocation(void **state)
{
	(void)state;
	arena *a = arena_new(16u << 20);
	assert_non_null(arena_alloc(a, 10)); /* a first, small chunk */
	unsigned char *big = arena_alloc(a, 1u << 20);
	assert_aligned(big);
	memset(big, 0x5A, 1u << 20);
	assert_int_equal(big[0], 0x5A);
	assert_int_equal(big[(1u << 20) - 1], 0x5A);
	/* Small allocations keep working after a big one. */
	char *s = arena_strdup(a, "after");
	assert_non_null(s);
	assert_string_equal(s, "after");
	/* Several big ones. */
	for (int i = 0; i < 4; i++) {
		unsigned char *p = arena_alloc(a, 3u << 20);
		assert_aligned(p);
		memset(p, i, 3u << 20);
	}
	assert_false(arena_failed(a));
	assert_true(arena_used(a) >= (1u << 20) + 4 * (3u << 20));
	/* The next 3 MiB would pass 16 MiB. */
	assert_null(arena_alloc(a, 3u << 20));
	assert_true(arena_failed(a));
	arena_free(a);
}

static void test_many_small(void **state)
{
	(void)state;
	arena *a = arena_new(16u << 20);
	enum { COUNT = 20000 };
	static char *ptrs[COUNT];
	for (int i = 0; i < COUNT; i++) {
		ptrs[i] = arena_printf(a, "item-%d", i);
		assert_non_null(ptrs[i]);
		assert_aligned(ptrs[i]);
	}
	/* Nothing was overwritten by a later allocation. */
	for (int i = 0; i < COUNT; i++) {
		char want[32];
		snprintf(want, sizeof(want), "item-%d", i);
		assert_string_equal(ptrs[i], want);
	}
	assert_false(arena_failed(a));
	arena_free(a);
}

static void test_current(void **state)
{
	(void)state;
	assert_null(arena_current());
	arena *a = arena_new(1 << 20);
	arena *b = arena_new(1 << 20);
	arena_set_current(a);
	assert_ptr_equal(arena_current(), a);
	arena_set_current(b);
	assert_ptr_equal(arena_current(), b);
	/* Freeing an arena that is not current leaves current alone. */
	arena_free(a);
	assert_ptr_equal(arena_current(), b);
	/* Freeing the current arena clears it. */
	arena_free(b);
	assert_null(arena_current());
	arena_set_current(NULL);
	assert_null(arena_current());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_free),
		cmocka_unit_test(test_alignment),
		cmocka_unit_test(test_alloc_distinct),
		cmocka_unit_test(test_used_counts_rounded),
		cmocka_unit_test(test_strndup),
		cmocka_unit_test(test_strdup),
		cmocka_unit_test(test_printf),
		cmocka_unit_test(test_printf_past_cap),
		cmocka_unit_test(test_calloc_zeroes),
		cmocka_unit_test(test_calloc_overflow),
		cmocka_unit_test(test_alloc_huge),
		cmocka_unit_test(test_cap_enforced_and_sticky),
		cmocka_unit_test(test_cap_single_big_request),
		cmocka_unit_test(test_cap_zero),
		cmocka_unit_test(test_used_tracks),
		cmocka_unit_test(test_large_allocation),
		cmocka_unit_test(test_many_small),
		cmocka_unit_test(test_current),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
