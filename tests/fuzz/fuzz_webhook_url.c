/*
 * fuzz_webhook_url.c - fuzzes the check of a webhook endpoint's address
 * (src/webhooks/url.c), which reads the URL an admin types at
 * /admin/webhook, through libcurl's URL parser.
 *
 * The first byte picks the site: listening on 127.0.0.1 or on every
 * address, loopback allowed or not; the rest is the URL. An accepted
 * address is 10-2000 bytes of printable ASCII without spaces, starts
 * with http:// or https:// (any case), names a host before any '/', '?'
 * or '#', and has no '@' there. Allowing loopback never refuses an
 * address that was accepted without it, nor lets in terbuka's own
 * address. A verdict is one of the six, and the same when asked again.
 */
#include <curl/curl.h>
#include <strings.h>

#include "fuzz.h"
#include "webhooks/webhooks.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0 || size > 2100)
		return 0;
	char *url = fuzz_copy(data + 1, size - 1);
	if (url == NULL || strlen(url) != size - 1) {
		free(url);
		return 0; /* a NUL inside: the form never gives one */
	}
	webhook_site site = { (data[0] & 1) ? "0.0.0.0" : "127.0.0.1", 8080, "https://terbuka.example.id", false };
	enum webhook_url v = webhooks_url_check_for(&site, url);
	CHECK(v >= WEBHOOK_URL_OK && v <= WEBHOOK_URL_SELF);
	CHECK(webhooks_url_check_for(&site, url) == v);
	if (v == WEBHOOK_URL_OK) {
		size_t n = strlen(url);
		CHECK(n >= 10 && n <= 2000);
		for (size_t i = 0; i < n; i++)
			CHECK(url[i] > 0x20 && url[i] < 0x7f);
		CHECK(strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0);
		const char *authority = strstr(url, "://") + 3;
		size_t len = strcspn(authority, "/?#");
		CHECK(len > 0 && memchr(authority, '@', len) == NULL);
	}
	site.allow_loopback = true;
	enum webhook_url w = webhooks_url_check_for(&site, url);
	CHECK(v != WEBHOOK_URL_OK || w == WEBHOOK_URL_OK);
	CHECK(v != WEBHOOK_URL_SELF || w == WEBHOOK_URL_SELF);
	CHECK(w == v || (v == WEBHOOK_URL_LOCAL && (w == WEBHOOK_URL_OK || w == WEBHOOK_URL_LOCAL)));
	free(url);
	return 0;
}
