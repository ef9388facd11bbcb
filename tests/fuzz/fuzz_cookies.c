/*
 * fuzz_cookies.c - fuzzes http_parse_cookies and http_accepts_coding
 * (src/http/parse.c) with the input as a Cookie header and as an
 * Accept-Encoding header.
 *
 * Cookies kept have a token name and a value of cookie-octets (RFC 6265,
 * plus inner spaces), NUL-terminated with the right length; at most 50.
 * A coding is accepted only when its name occurs in the header.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "fuzz.h"
#include "http/parse.h"

#define MAX_COOKIES 50 /* as src/http/server.c */

static bool token_char(unsigned char c)
{
	return c > 0x20 && c < 0x7f && strchr("()<>@,;:\\\"/[]?={}", c) == NULL;
}

static bool value_char(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != ',' && c != ';' && c != '\\';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	arena *a = arena_new(16u * 1024 * 1024);
	http_params c = { 0 };
	CHECK(a != NULL);

	int rc = http_parse_cookies(a, in, size, MAX_COOKIES, &c);
	CHECK(rc == PARSE_OK || rc == PARSE_TOO_MANY);
	CHECK(c.n <= MAX_COOKIES);
	for (size_t i = 0; i < c.n; i++) {
		const http_param *p = &c.v[i];
		size_t nl = strlen(p->name);
		CHECK(nl > 0);
		for (size_t k = 0; k < nl; k++)
			CHECK(token_char((unsigned char)p->name[k]));
		CHECK(strlen(p->value) == p->len);
		for (size_t k = 0; k < p->len; k++)
			CHECK(value_char((unsigned char)p->value[k]));
	}

	/* a header value is a C string: stop at the first NUL */
	char *header = fuzz_copy(in, size);
	CHECK(header != NULL);
	static const char *const codings[] = { "gzip", "br", "identity", "deflate" };
	for (size_t i = 0; i < sizeof(codings) / sizeof(codings[0]); i++) {
		if (http_accepts_coding(header, codings[i]))
			CHECK(strcasestr(header, codings[i]) != NULL);
	}
	free(header);
	arena_free(a);
	return 0;
}
