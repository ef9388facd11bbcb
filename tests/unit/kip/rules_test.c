/*
 * rules_test.c - what a formal information request must say
 * (src/kip/rules.c: NIK, phone, choices) and how its requester's identity
 * is sealed (src/kip/seal.c, core/keyfile.c): a round trip, a value moved
 * to another request or field, a tampered or foreign value, and the key
 * file's own checks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "core/arena.h"
#include "core/keyfile.h"
#include "kip/rules.h"
#include "kip/seal.h"

static void test_nik(void **state)
{
	(void)state;
	char out[17];
	assert_true(kip_nik_valid("3216064512900003", out));
	assert_string_equal(out, "3216064512900003");
	assert_true(kip_nik_valid("3216 0645 1290 0003", out)); /* as grouped on a card */
	assert_string_equal(out, "3216064512900003");
	assert_true(kip_nik_valid("3216060512900001", out));  /* a man born on the 5th */
	assert_true(kip_nik_valid("3216067112900001", out));  /* a woman born on the 31st: 31 + 40 */
	static const char *const bad[] = {
		"", "321606451290000", "32160645129000031", "3216-0645-1290-0003", "321606451290000a",
		"0916064512900003", /* province 09 */ "9916064512900003", /* province 99 */
		"3216063212900003", /* day 32 */ "3216067212900003", /* day 72 */
		"3216064513900003", /* month 13 */ "3216064500900003", /* month 00 */
		"3216064512900000", /* sequence 0000 */ "３２１６064512900003",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (kip_nik_valid(bad[i], out))
			fail_msg("accepted NIK %s", bad[i]);
	assert_false(kip_nik_valid(NULL, out));
}

static void test_phone(void **state)
{
	(void)state;
	static const char *const good[][2] = {
		{ "081234567890", "081234567890" }, { "0812-3456-7890", "081234567890" },
		{ "+62 812 3456 7890", "081234567890" }, { "62 812-3456-7890", "081234567890" },
		{ "(021) 8837 1234", "02188371234" }, { "021.883.7123", "0218837123" },
		{ " 0812 3456 789", "08123456789" },
	};
	char out[16];
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (!kip_phone_valid(good[i][0], out))
			fail_msg("refused %s", good[i][0]);
		assert_string_equal(out, good[i][1]);
	}
	static const char *const bad[] = {
		"", "0812", "12345678901", "+1 415 555 0100", "+62 0812 3456 7890", "08123456789012345",
		"0812 3456 abcd", "0812/3456/7890", "+", "++62812345678", "62",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (kip_phone_valid(bad[i], out))
			fail_msg("accepted phone %s", bad[i]);
}

static void test_choices(void **state)
{
	(void)state;
	assert_true(kip_one_of("email", kip_delivery_ways, KIP_DELIVERY_WAYS));
	assert_false(kip_one_of("telegram", kip_delivery_ways, KIP_DELIVERY_WAYS));
	assert_false(kip_one_of(NULL, kip_delivery_ways, KIP_DELIVERY_WAYS));
	assert_true(kip_one_of("salinan_hardcopy", kip_obtain_ways, KIP_OBTAIN_WAYS));
}

static char dir[64];

static int make_dir(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/terbuka-seal-%d/keys", (int)getpid());
	return 0;
}

static int remove_dir(void **state)
{
	(void)state;
	char cmd[128];
	seal_free();
	snprintf(cmd, sizeof(cmd), "rm -rf /tmp/terbuka-seal-%d", (int)getpid());
	return system(cmd) == 0 ? 0 : -1;
}

static void test_seal(void **state)
{
	(void)state;
	char err[256] = "";
	assert_false(seal_ready());
	if (seal_init(dir, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_true(seal_ready());
	char path[128];
	snprintf(path, sizeof(path), "%s/kip-data.key", dir);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, 32);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);

	arena *a = arena_new(64 * 1024);
	const char *sealed = seal_text(a, "3216064512900003", "KIP/2026/000001", "id_number");
	assert_non_null(sealed);
	assert_null(strstr(sealed, "3216"));
	assert_string_equal(seal_open(a, sealed, "KIP/2026/000001", "id_number"), "3216064512900003");
	/* each seal differs (a fresh nonce), all open */
	const char *again = seal_text(a, "3216064512900003", "KIP/2026/000001", "id_number");
	assert_string_not_equal(sealed, again);
	assert_non_null(seal_open(a, again, "KIP/2026/000001", "id_number"));
	/* moved to another request or field: does not open */
	assert_null(seal_open(a, sealed, "KIP/2026/000002", "id_number"));
	assert_null(seal_open(a, sealed, "KIP/2026/000001", "phone"));
	/* tampered with, cut, not ours */
	char *t = arena_strdup(a, sealed);
	t[10] = t[10] == 'A' ? 'B' : 'A';
	assert_null(seal_open(a, t, "KIP/2026/000001", "id_number"));
	assert_null(seal_open(a, "s1:", "KIP/2026/000001", "id_number"));
	assert_null(seal_open(a, "3216064512900003", "KIP/2026/000001", "id_number"));
	assert_null(seal_open(a, NULL, "KIP/2026/000001", "id_number"));
	/* an empty value seals and opens as empty */
	assert_string_equal(seal_open(a, seal_text(a, "", "KIP/2026/000001", "x"), "KIP/2026/000001", "x"), "");

	/* the same key file the next time: old values still open */
	assert_int_equal(seal_init(dir, err, sizeof(err)), 0);
	assert_string_equal(seal_open(a, sealed, "KIP/2026/000001", "id_number"), "3216064512900003");
	/* another key (another file): they do not */
	char other[96];
	snprintf(other, sizeof(other), "%s/../other", dir);
	assert_int_equal(seal_init(other, err, sizeof(err)), 0);
	assert_null(seal_open(a, sealed, "KIP/2026/000001", "id_number"));
	arena_free(a);
}

static void test_key_file_checks(void **state)
{
	(void)state;
	char err[256] = "", path[128];
	unsigned char key[32];
	bool made = false;
	char bad[96];
	snprintf(bad, sizeof(bad), "%s/../bad", dir);
	assert_int_equal(keyfile_load(bad, "k.key", key, sizeof(key), &made, err, sizeof(err)), 0);
	assert_true(made);
	/* readable by others: refused, with what to do */
	snprintf(path, sizeof(path), "%s/k.key", bad);
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(keyfile_load(bad, "k.key", key, sizeof(key), &made, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "chmod 600"));
	/* another length: not a key of this kind */
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(keyfile_load(bad, "k.key", key, 16, &made, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not 16"));
	/* the message never holds the key's bytes */
	assert_null(memchr(err, 0x01, strlen(err)));
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nik),
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_choices),
		cmocka_unit_test(test_seal),
		cmocka_unit_test(test_key_file_checks),
	};
	return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
