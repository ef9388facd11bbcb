/*
 * rules_test.c - the address rules, tokens and password hashing of
 * src/accounts (rules.c, secret.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "accounts/rules.h"
#include "accounts/secret.h"

static bool valid(const char *s)
{
	return email_valid(s, strlen(s));
}

static void test_good_addresses(void **state)
{
	(void)state;
	static const char *const good[] = {
		"warga@example.id", "Siti.Aminah+kip@bekasikab.go.id", "a@b.co", "o'brien@mail.example.com",
		"x_y-z@sub.domain-1.example.org", "1234567890@example.id",
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(valid(good[i]));
}

static void test_bad_addresses(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "@example.id", "warga@", "warga", "warga@localhost", "a@b.c", "a@-b.id", "a@b-.id",
		"a..b@example.id", ".a@example.id", "a.@example.id", "a b@example.id", "a@b@example.id",
		"\"q\"@example.id", "a@[127.0.0.1]", "a@example.i1", "a@exa_mple.id", "a@example..id",
		"a\r\nBcc: x@example.id", "a<b>@example.id", "a,b@example.id", "a;b@example.id",
		"wärga@example.id",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (valid(bad[i]))
			fail_msg("accepted: %s", bad[i]);
	}
	char long_local[80];
	memset(long_local, 'a', 65);
	memcpy(long_local + 65, "@example.id", 12);
	assert_false(valid(long_local)); /* local part over 64 */
	char *huge = test_malloc(300);
	memset(huge, 'a', 250);
	memcpy(huge + 250, "@b.id", 6);
	assert_false(valid(huge)); /* over 254 */
	test_free(huge);
	assert_false(email_valid("a@b.id\0x", 8)); /* a NUL inside */
}

static void test_key_is_lower_case(void **state)
{
	(void)state;
	char out[64], small[8];
	assert_true(email_key("Siti@Example.ID", 15, out, sizeof(out)));
	assert_string_equal(out, "siti@example.id");
	/* bytes, not characters, decide whether it fits */
	assert_false(email_key("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 8, small, sizeof(small)));
	assert_string_equal(small, "");
}

static void test_names(void **state)
{
	(void)state;
	static const char *const good[] = { "Siti Aminah", "Dr. H. Ade Kuswara Kunang, S.H.",
		"Ñoño 李雷", "Warga_123" };
	static const char *const bad[] = { "Budi\nAkun Anda diblokir", "Budi\r", "Tab\there",
		"a\x7f", "C1 \xc2\x85 next line", "zero\xe2\x80\x8bwidth", "rtl\xe2\x80\xae" "evil",
		"bom\xef\xbb\xbf" "x", "isolate\xe2\x81\xa6x" };
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(name_clean(good[i], strlen(good[i])));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (name_clean(bad[i], strlen(bad[i])))
			fail_msg("accepted: %s", bad[i]);
	}
}

static void test_tokens(void **state)
{
	(void)state;
	unsigned char raw[TOKEN_BYTES], back[TOKEN_BYTES];
	char text[TOKEN_TEXT], other[TOKEN_TEXT], hash[TOKEN_HASH];
	token_new(raw, text);
	token_new(raw, other);
	assert_int_equal(strlen(text), 43);
	assert_string_not_equal(text, other);
	assert_true(token_parse(other, back));
	assert_memory_equal(raw, back, TOKEN_BYTES);
	assert_false(token_parse("pendek", back));
	assert_false(token_parse(NULL, back));
	char bad[TOKEN_TEXT];
	memcpy(bad, other, TOKEN_TEXT);
	bad[5] = '/'; /* not base64url */
	assert_false(token_parse(bad, back));
	token_hash(text, hash);
	assert_int_equal(strlen(hash), 64);
	/* BLAKE2b-256 of the text, as the tests in Python compute it */
	unsigned char h[32];
	char hex[65];
	crypto_generichash(h, 32, (const unsigned char *)"abc", 3, NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), h, 32);
	token_hash("abc", hash);
	assert_string_equal(hash, hex);
}

static void test_passwords(void **state)
{
	(void)state;
	char hash[PASSWORD_HASH];
	assert_int_equal(password_hash("kata-sandi-panjang", hash), 0);
	assert_true(strncmp(hash, "$argon2id$", 10) == 0);
	assert_true(password_verify(hash, "kata-sandi-panjang"));
	assert_false(password_verify(hash, "kata-sandi-salah!"));
	assert_false(password_verify(NULL, "x"));
	assert_false(password_needs_rehash(hash));
	/* a hash made with weaker limits is re-made at the next sign-in */
	char weak[PASSWORD_HASH];
	assert_int_equal(crypto_pwhash_str(weak, "x", 1, crypto_pwhash_OPSLIMIT_MIN,
	                                   crypto_pwhash_MEMLIMIT_MIN), 0);
	assert_true(password_needs_rehash(weak));
	password_burn("apa saja"); /* runs, and matches nothing */
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_addresses), cmocka_unit_test(test_bad_addresses),
		cmocka_unit_test(test_key_is_lower_case), cmocka_unit_test(test_names),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_passwords),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
