/*
 * syndicate_test.c - the public address (src/view/syndicate.c): tag URIs,
 * absolute links, and which URLs someone hands the oEmbed endpoint are
 * ours (host and port, either scheme, nothing else).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "view/syndicate.h"

static arena *a;

static int setup(void **state)
{
	(void)state;
	a = arena_new(1 << 20);
	return a ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(a);
	return 0;
}

static void own(const char *url, const char *want)
{
	const char *got = syndicate_own_path(a, url);
	if (want == NULL)
		assert_null(got);
	else
		assert_string_equal(got ? got : "(null)", want);
}

static void test_address_and_tags(void **state)
{
	(void)state;
	syndicate_init("https://Terbuka.BekasiKab.go.id/");
	assert_string_equal(syndicate_base(), "https://Terbuka.BekasiKab.go.id");
	assert_string_equal(syndicate_host(), "terbuka.bekasikab.go.id");
	assert_string_equal(syndicate_url(a, "/sesi/7"), "https://Terbuka.BekasiKab.go.id/sesi/7");
	assert_string_equal(syndicate_tag(a, "2026-11-28T01:02:03Z", "sesi/7", "/sesi/7"),
	                    "tag:terbuka.bekasikab.go.id,2026-11-28:sesi/7");
	/* no day: the address instead */
	assert_string_equal(syndicate_tag(a, "", "sesi/7", "/sesi/7"), "https://Terbuka.BekasiKab.go.id/sesi/7");
	/* an IPv6 literal is no DNS name: tag ids fall back to addresses */
	syndicate_init("http://[::1]:8080");
	assert_string_equal(syndicate_host(), "");
	assert_string_equal(syndicate_tag(a, "2026-11-28T01:02:03Z", "sesi/7", "/sesi/7"), "http://[::1]:8080/sesi/7");
}

static void test_our_urls(void **state)
{
	(void)state;
	syndicate_init("https://terbuka.bekasikab.go.id");
	own("https://terbuka.bekasikab.go.id/pertanyaan/12-jalan", "/pertanyaan/12-jalan");
	own("http://TERBUKA.bekasikab.go.id/program/3?urut=baru#kabar", "/program/3");
	own("HTTPS://terbuka.bekasikab.go.id:443/sesi/7", "/sesi/7");
	own("https://terbuka.bekasikab.go.id", "/");
	own("https://terbuka.bekasikab.go.id?x=1", "/");
	own("https://terbuka.bekasikab.go.id:8443/sesi/7", NULL);
	own("https://evil.example/sesi/7", NULL);
	own("https://terbuka.bekasikab.go.id.evil.example/sesi/7", NULL);
	own("https://user@terbuka.bekasikab.go.id/sesi/7", NULL);
	own("https://evil.example@terbuka.bekasikab.go.id/sesi/7", NULL);
	own("ftp://terbuka.bekasikab.go.id/sesi/7", NULL);
	own("javascript://terbuka.bekasikab.go.id/%0aalert(1)", NULL);
	own("//terbuka.bekasikab.go.id/sesi/7", NULL);
	own("/sesi/7", NULL);
	own("", NULL);
	own(NULL, NULL);
	/* a port kept in the address must match; the scheme's default is no port */
	syndicate_init("http://127.0.0.1:8080");
	own("http://127.0.0.1:8080/sesi/1", "/sesi/1");
	own("https://127.0.0.1:8080/sesi/1", "/sesi/1");
	own("http://127.0.0.1/sesi/1", NULL);
	syndicate_init("http://contoh.go.id:80");
	own("http://contoh.go.id/sesi/1", "/sesi/1");
	/* no address configured: nothing is ours */
	syndicate_init("");
	own("http://contoh.go.id/sesi/1", NULL);
}

static void test_discovery(void **state)
{
	(void)state;
	syndicate_init("https://terbuka.bekasikab.go.id");
	json_t *m = json_object();
	syndicate_feed(m, "/pertanyaan/atom", "Langganan");
	syndicate_oembed(a, m, "/pertanyaan/12-jalan rusak");
	assert_string_equal(json_string_value(json_object_get(m, "feed_atom")), "/pertanyaan/atom");
	assert_string_equal(json_string_value(json_object_get(m, "feed_title")), "Langganan");
	assert_string_equal(json_string_value(json_object_get(m, "oembed_json")),
	                    "https://terbuka.bekasikab.go.id/oembed?url=https%3A%2F%2Fterbuka.bekasikab.go.id"
	                    "%2Fpertanyaan%2F12-jalan%20rusak&format=json");
	syndicate_oembed(a, NULL, "/x"); /* a page without a model (a redirect): nothing */
	syndicate_oembed(a, m, NULL);
	json_decref(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_address_and_tags),
		cmocka_unit_test(test_our_urls),
		cmocka_unit_test(test_discovery),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
