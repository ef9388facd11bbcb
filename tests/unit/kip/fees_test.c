/*
 * fees_test.c - the PPID's fee schedule (src/kip/fees.c): what a line
 * must say, the line numbers the settings page reports, and the maximum.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "kip/fees.h"

static void test_a_line(void **state)
{
	(void)state;
	kip_fee f;
	const char *s = "  Fotokopi per lembar : Rp 500 \r";
	assert_int_equal(kip_fee_parse(s, strlen(s), &f), KIP_FEE_OK);
	assert_int_equal(f.item_len, strlen("Fotokopi per lembar"));
	assert_memory_equal(f.item, "Fotokopi per lembar", f.item_len);
	assert_int_equal(f.amount, 500);
	/* the amount is after the last colon */
	s = "Pengiriman pukul 10:00: 15.000";
	assert_int_equal(kip_fee_parse(s, strlen(s), &f), KIP_FEE_OK);
	assert_memory_equal(f.item, "Pengiriman pukul 10:00", f.item_len);
	assert_int_equal(f.amount, 15000);
	s = "Salinan softcopy lewat email: 0";
	assert_int_equal(kip_fee_parse(s, strlen(s), &f), KIP_FEE_OK);
	assert_int_equal(f.amount, 0);
	s = "Cakram: Rp. 25.000,00";
	assert_int_equal(kip_fee_parse(s, strlen(s), &f), KIP_FEE_OK);
	assert_int_equal(f.amount, 25000);
	/* only the n bytes given are read */
	s = "Map: 1.000 and more";
	assert_int_equal(kip_fee_parse(s, strlen("Map: 1.000"), &f), KIP_FEE_OK);
	assert_int_equal(f.amount, 1000);

	static const char *const blank[] = { "", " ", "\t \r", "\r" };
	for (size_t i = 0; i < sizeof(blank) / sizeof(blank[0]); i++)
		assert_int_equal(kip_fee_parse(blank[i], strlen(blank[i]), &f), KIP_FEE_BLANK);
	static const char *const bad[] = {
		"Fotokopi 500", ": 500", "  : 500", "Fotokopi:", "Fotokopi: ", "Fotokopi: lima ratus",
		"Fotokopi: -500", "Fotokopi: 1.00", "Fotokopi: 500 per lembar", "Fotokopi: 12,50",
		"Fotokopi: 1000000000000000", /* past RUPIAH_MAX */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(kip_fee_parse(bad[i], strlen(bad[i]), &f), KIP_FEE_BAD);
}

static void test_the_item_is_at_most_200_characters(void **state)
{
	(void)state;
	char line[1024];
	kip_fee f;
	/* 200 characters of two bytes each are fine, 201 are not */
	size_t n = 0;
	for (int i = 0; i < 200; i++)
		n += (size_t)snprintf(line + n, sizeof(line) - n, "é");
	snprintf(line + n, sizeof(line) - n, ": 500");
	assert_int_equal(kip_fee_parse(line, strlen(line), &f), KIP_FEE_OK);
	assert_int_equal(f.item_len, 400);
	snprintf(line + n, sizeof(line) - n, "a: 500");
	assert_int_equal(kip_fee_parse(line, strlen(line), &f), KIP_FEE_BAD);
}

static void count(const kip_fee *fee, void *ctx)
{
	(void)fee;
	(*(int *)ctx)++;
}

static void test_a_schedule(void **state)
{
	(void)state;
	bool too_many = true;
	int fees = 0;
	const char *s = "Fotokopi: 500\r\n\r\nPengiriman: 15.000\n";
	assert_int_equal(kip_fees_read(s, strlen(s), count, &fees, &too_many), 0);
	assert_int_equal(fees, 2);
	assert_false(too_many);
	assert_int_equal(kip_fees_read("", 0, NULL, NULL, NULL), 0);
	/* the first bad line, counted from 1, blank lines too; the good ones still come */
	fees = 0;
	s = "Fotokopi: 500\n\nMap plastik\nPengiriman: 15.000\nCakram";
	assert_int_equal(kip_fees_read(s, strlen(s), count, &fees, &too_many), 3);
	assert_int_equal(fees, 2);
	assert_false(too_many);
	s = "Fotokopi: 500\nCakram";
	assert_int_equal(kip_fees_read(s, strlen(s), NULL, NULL, NULL), 2);
}

static void test_at_most_30_fees(void **state)
{
	(void)state;
	char text[4096];
	size_t n = 0;
	for (int i = 1; i <= KIP_FEES_MAX; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "Salinan %d: %d\n\n", i, i * 100);
	bool too_many = true;
	int fees = 0;
	assert_int_equal(kip_fees_read(text, n, count, &fees, &too_many), 0);
	assert_int_equal(fees, KIP_FEES_MAX);
	assert_false(too_many);
	snprintf(text + n, sizeof(text) - n, "Satu lagi: 100\n");
	fees = 0;
	assert_int_equal(kip_fees_read(text, strlen(text), count, &fees, &too_many), 2 * KIP_FEES_MAX + 1);
	assert_int_equal(fees, KIP_FEES_MAX);
	assert_true(too_many);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_line),
		cmocka_unit_test(test_the_item_is_at_most_200_characters),
		cmocka_unit_test(test_a_schedule),
		cmocka_unit_test(test_at_most_30_fees),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
