/*
 * rules_test.c - what an agency's slug, links, phone number and social
 * accounts may be (src/agencies/rules.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "agencies/rules.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static bool url(const char *s, bool https_only)
{
	return agency_url_valid(s, strlen(s), https_only);
}

static void test_slugs(void **state)
{
	(void)state;
	assert_true(agency_slug_valid("dinkes", 6));
	assert_true(agency_slug_valid("kecamatan-setu-2", 16));
	char long_slug[82];
	memset(long_slug, 'a', sizeof(long_slug));
	assert_true(agency_slug_valid(long_slug, 80));
	assert_false(agency_slug_valid(long_slug, 81));
	static const char *const bad[] = { "", "Dinkes", "din kes", "din_kes", "dinkés", "din/kes",
	                                   "din.kes" };
	for (size_t i = 0; i < N(bad); i++)
		assert_false(agency_slug_valid(bad[i], strlen(bad[i])));
}

static void test_good_links(void **state)
{
	(void)state;
	static const char *const good[] = {
		"https://dinkes.bekasikab.go.id", "http://dinkes.bekasikab.go.id/", "HTTPS://Bekasikab.go.id/A?b=c#d",
		"https://www.instagram.com/dinkes_kab.bekasi/", "https://x.com:8443/a%20b", "https://a-b.c-d.id/~x",
		"https://www.youtube.com/@dinkes?si=abc&x=1",
	};
	for (size_t i = 0; i < N(good); i++)
		assert_true(url(good[i], false));
	assert_true(url("https://a.id", true));
}

static void test_bad_links(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "ftp://a.id", "//a.id/x",
		"https://", "https:///x", "https://localhost/", "https://a..id/", "https://.a.id/", "https://a.id./",
		"https://-a.id/", "https://a-.id/", "https://a.id:/", "https://a.id:123456/", "https://a.id:8x/",
		"https://user@a.id/", "https://instagram.com@evil.example/", "https://a.id/x y", "https://a.id/\"><b>",
		"https://a.id/<", "https://a.id/\\x", "https://a.id/`", "https://a.id/\x7f", "https://a.id/\xc3\xa9",
		"https://a_b.id/", "https://a.id/\n", " https://a.id/", "https:/a.id",
	};
	for (size_t i = 0; i < N(bad); i++)
		assert_false(url(bad[i], false));
	assert_false(url("http://a.id", true));
	char longer[AGENCY_URL_MAX + 2];
	memcpy(longer, "https://a.id/", 13);
	memset(longer + 13, 'x', sizeof(longer) - 14);
	longer[sizeof(longer) - 1] = '\0';
	assert_int_equal(strlen(longer), AGENCY_URL_MAX + 1);
	assert_false(url(longer, false));
	longer[AGENCY_URL_MAX] = '\0';
	assert_true(url(longer, false));
}

static void test_hosts(void **state)
{
	(void)state;
	char host[64];
	assert_true(agency_url_host("https://WWW.Instagram.com:443/x", host, sizeof(host)));
	assert_string_equal(host, "www.instagram.com");
	assert_true(agency_url_host("http://a.id?x", host, sizeof(host)));
	assert_string_equal(host, "a.id");
	assert_false(agency_url_host("https://a-very-long-host.example.id/", host, 8));
	assert_false(agency_url_host("mailto:a@b.id", host, sizeof(host)));
}

static void test_networks(void **state)
{
	(void)state;
	const agency_network *ig = agency_network_find("instagram");
	const agency_network *x = agency_network_find("x");
	assert_non_null(ig);
	assert_non_null(x);
	assert_null(agency_network_find("myspace"));
	assert_null(agency_network_find(NULL));
	assert_int_equal(agency_nnetworks, AGENCY_NNETWORKS);
	assert_true(agency_network_owns(ig, "https://instagram.com/a"));
	assert_true(agency_network_owns(ig, "https://www.instagram.com/a"));
	assert_false(agency_network_owns(ig, "https://evilinstagram.com/a"));
	assert_false(agency_network_owns(ig, "https://instagram.com.evil.example/a"));
	assert_false(agency_network_owns(ig, "https://evil.example/instagram.com"));
	assert_true(agency_network_owns(x, "https://twitter.com/a"));
	assert_true(agency_network_owns(x, "https://x.com/a"));
	assert_false(agency_network_owns(x, "https://xx.com/a"));
}

static void test_phones(void **state)
{
	(void)state;
	static const char *const good[] = { "021 8970 0123", "(021) 8970-0123", "+62 21 8970 0123", "112" };
	for (size_t i = 0; i < N(good); i++)
		assert_true(agency_phone_valid(good[i], strlen(good[i])));
	static const char *const bad[] = { "", "()- +", "021-CALL", "021;1", "021\n1", "0 2 1 ext. 5" };
	for (size_t i = 0; i < N(bad); i++)
		assert_false(agency_phone_valid(bad[i], strlen(bad[i])));
	assert_false(agency_phone_valid("021\0" "1", 5)); /* NUL is not a separator */
	char tel[32];
	assert_true(agency_phone_href("+62 (21) 8970-0123", tel, sizeof(tel)));
	assert_string_equal(tel, "+622189700123");
	assert_true(agency_phone_href("(021) 8970-0123", tel, sizeof(tel)));
	assert_string_equal(tel, "02189700123");
	assert_true(agency_phone_href("021 +5", tel, sizeof(tel))); /* a '+' only leads */
	assert_string_equal(tel, "0215");
	assert_false(agency_phone_href("()", tel, sizeof(tel)));
	assert_false(agency_phone_href("0123456789", tel, 5)); /* does not fit */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slugs), cmocka_unit_test(test_good_links),
		cmocka_unit_test(test_bad_links), cmocka_unit_test(test_hosts),
		cmocka_unit_test(test_networks), cmocka_unit_test(test_phones),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
