/*
 * webhooks_test.c - the signature of a delivery (src/webhooks/sign.c)
 * against RFC 4231's HMAC-SHA256 test vectors and a vector computed
 * apart (Python's hmac), and which addresses may be endpoints
 * (src/webhooks/url.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <curl/curl.h>
#include <sodium.h>

#include "webhooks/webhooks.h"

static void hmac_of(const unsigned char *key, size_t keylen, const void *msg, size_t msglen, const char *want)
{
	char out[WEBHOOK_SIG_HEX];
	webhooks_hmac_hex(key, keylen, msg, msglen, out);
	assert_string_equal(out, want);
}

/* RFC 4231 section 4: test cases 1-4, 6 and 7 (5 truncates the output). */
static void test_rfc4231_vectors(void **state)
{
	(void)state;
	unsigned char key[131], data[160];
	memset(key, 0x0b, 20);
	hmac_of(key, 20, "Hi There", 8, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
	hmac_of((const unsigned char *)"Jefe", 4, "what do ya want for nothing?", 28,
	        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	memset(key, 0xaa, 20);
	memset(data, 0xdd, 50);
	hmac_of(key, 20, data, 50, "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
	for (int i = 0; i < 25; i++)
		key[i] = (unsigned char)(i + 1);
	memset(data, 0xcd, 50);
	hmac_of(key, 25, data, 50, "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
	memset(key, 0xaa, 131); /* a key longer than the block: hashed first */
	const char *six = "Test Using Larger Than Block-Size Key - Hash Key First";
	hmac_of(key, 131, six, strlen(six), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
	const char *seven = "This is a test using a larger than block-size key and a larger than block-size data. "
	                    "The key needs to be hashed before being used by the HMAC algorithm.";
	hmac_of(key, 131, seven, strlen(seven), "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

/* The delivery's signature is the HMAC of "<timestamp>.<body>" under the
 * secret's bytes, as documented for receivers. */
static void test_the_signature_covers_timestamp_and_body(void **state)
{
	(void)state;
	char sig[WEBHOOK_SIG_HEX], plain[WEBHOOK_SIG_HEX];
	const char *body = "{\"event\":\"session.live\"}";
	webhooks_signature("whsec_contoh", "1767225600", body, strlen(body), sig);
	assert_string_equal(sig, "0303a8560df9162f4d7cdaf88ca9f69ef59aca4fc34bbfe9a2751bd9f542df38");
	const char *joined = "1767225600.{\"event\":\"session.live\"}";
	webhooks_hmac_hex((const unsigned char *)"whsec_contoh", 12, (const unsigned char *)joined, strlen(joined), plain);
	assert_string_equal(sig, plain);
	/* another second, another body, another secret: another signature */
	webhooks_signature("whsec_contoh", "1767225601", body, strlen(body), plain);
	assert_string_not_equal(sig, plain);
	webhooks_signature("whsec_contoh", "1767225600", body, strlen(body) - 1, plain);
	assert_string_not_equal(sig, plain);
	webhooks_signature("whsec_contoH", "1767225600", body, strlen(body), plain);
	assert_string_not_equal(sig, plain);
}

static void test_which_addresses_may_hear_events(void **state)
{
	(void)state;
	webhook_site site = { "127.0.0.1", 8080, "https://terbuka.bekasikab.go.id", false };
	static const struct {
		const char *url;
		enum webhook_url want;
	} cases[] = {
		{ "https://hooks.example.id/terbuka?token=abc", WEBHOOK_URL_OK },
		{ "HTTP://Hooks.Example.ID:8443/x", WEBHOOK_URL_OK },
		{ "http://hooks.example.id/mail@box", WEBHOOK_URL_OK }, /* an @ in the path is no login */
		{ "http://10.1.2.3:5678/n8n", WEBHOOK_URL_OK },          /* the office network is allowed */
		{ "ftp://hooks.example.id/", WEBHOOK_URL_SCHEME },
		{ "file:///etc/passwd", WEBHOOK_URL_SCHEME },
		{ "gopher://hooks.example.id/", WEBHOOK_URL_SCHEME },
		{ "hooks.example.id/x", WEBHOOK_URL_SCHEME },
		{ "//hooks.example.id/x", WEBHOOK_URL_SCHEME },
		{ "http://user:pass@hooks.example.id/", WEBHOOK_URL_CREDENTIALS },
		{ "http://user@hooks.example.id/", WEBHOOK_URL_CREDENTIALS },
		{ "http://:pass@hooks.example.id/", WEBHOOK_URL_CREDENTIALS },
		{ "http://127.0.0.1:9000/", WEBHOOK_URL_LOCAL },
		{ "http://127.8.9.10/", WEBHOOK_URL_LOCAL },
		{ "http://localhost:9000/", WEBHOOK_URL_LOCAL },
		{ "http://LOCALHOST./", WEBHOOK_URL_LOCAL },
		{ "http://api.localhost/", WEBHOOK_URL_LOCAL },
		{ "http://[::1]:9000/", WEBHOOK_URL_LOCAL },
		{ "http://[::ffff:127.0.0.1]/", WEBHOOK_URL_LOCAL },
		{ "http://[::ffff:7f00:1]/", WEBHOOK_URL_LOCAL },
		{ "http://2130706433/", WEBHOOK_URL_LOCAL }, /* libcurl reads 127.0.0.1 written other ways */
		{ "http://0x7f.1:9000/", WEBHOOK_URL_LOCAL },
		{ "http://017700000001:8080/", WEBHOOK_URL_SELF },
		{ "http://0.0.0.0/", WEBHOOK_URL_LOCAL },
		{ "http://[::]/", WEBHOOK_URL_LOCAL },
		{ "http://169.254.169.254/latest/meta-data/", WEBHOOK_URL_LOCAL },
		{ "http://[fe80::1]/", WEBHOOK_URL_LOCAL },
		{ "http://127.0.0.1:8080/", WEBHOOK_URL_SELF },
		{ "http://localhost:8080/x", WEBHOOK_URL_SELF },
		{ "https://terbuka.bekasikab.go.id/hook", WEBHOOK_URL_SELF },
		{ "https://TERBUKA.bekasikab.go.id:443/hook", WEBHOOK_URL_SELF },
		{ "", WEBHOOK_URL_BAD },
		{ "http://", WEBHOOK_URL_BAD },
		{ "http:///hooks.example.id/", WEBHOOK_URL_BAD },
		{ "http://?x", WEBHOOK_URL_BAD },
		{ "http://.x", WEBHOOK_URL_BAD }, /* shorter than any real address (fuzz_webhook_url) */
		{ "http://hooks.example.id/a b", WEBHOOK_URL_BAD },
		{ "http://hooks.example.id/\x01", WEBHOOK_URL_BAD },
		{ "http://hooks.exämple.id/", WEBHOOK_URL_BAD }, /* raw UTF-8: write the punycode */
		{ "http://hooks.example.id:99999/", WEBHOOK_URL_BAD },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum webhook_url got = webhooks_url_check_for(&site, cases[i].url);
		if (got != cases[i].want)
			fail_msg("%s: %d, expected %d", cases[i].url, (int)got, (int)cases[i].want);
	}
	char long_url[2100] = "https://hooks.example.id/";
	memset(long_url + strlen(long_url), 'a', sizeof(long_url) - strlen(long_url) - 1);
	long_url[sizeof(long_url) - 1] = '\0';
	assert_int_equal(webhooks_url_check_for(&site, long_url), WEBHOOK_URL_BAD);

	/* the tests' flag lets loopback in, never the server itself */
	site.allow_loopback = true;
	assert_int_equal(webhooks_url_check_for(&site, "http://127.0.0.1:9000/"), WEBHOOK_URL_OK);
	assert_int_equal(webhooks_url_check_for(&site, "http://localhost:9000/"), WEBHOOK_URL_OK);
	assert_int_equal(webhooks_url_check_for(&site, "http://[::1]:9000/"), WEBHOOK_URL_OK);
	assert_int_equal(webhooks_url_check_for(&site, "http://127.0.0.1:8080/"), WEBHOOK_URL_SELF);
	assert_int_equal(webhooks_url_check_for(&site, "http://127.0.0.2:8080/"), WEBHOOK_URL_SELF);
	assert_int_equal(webhooks_url_check_for(&site, "http://[::1]:8080/"), WEBHOOK_URL_SELF);
	assert_int_equal(webhooks_url_check_for(&site, "http://0.0.0.0:9000/"), WEBHOOK_URL_LOCAL);
	assert_int_equal(webhooks_url_check_for(&site, "http://169.254.169.254/"), WEBHOOK_URL_LOCAL);
	/* an address written another way is the same address */
	site.listen_host = "2001:db8::5";
	assert_int_equal(webhooks_url_check_for(&site, "http://[2001:db8:0::5]:8080/"), WEBHOOK_URL_SELF);
	assert_int_equal(webhooks_url_check_for(&site, "http://[2001:db8::5]:9000/"), WEBHOOK_URL_OK);
	/* listening on every address: any loopback on that port is the server */
	site.listen_host = "0.0.0.0";
	assert_int_equal(webhooks_url_check_for(&site, "http://127.0.0.1:8080/"), WEBHOOK_URL_SELF);
	assert_int_equal(webhooks_url_check_for(&site, "http://localhost:8080/"), WEBHOOK_URL_SELF);
	assert_int_equal(webhooks_url_check_for(&site, "http://127.0.0.1:9000/"), WEBHOOK_URL_OK);
}

int main(void)
{
	if (sodium_init() < 0 || curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc4231_vectors),
		cmocka_unit_test(test_the_signature_covers_timestamp_and_body),
		cmocka_unit_test(test_which_addresses_may_hear_events),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
