/*
 * fuzz_path.c - fuzzes http_path_decode and http_percent_decode (with and
 * without '+' as space) from src/http/parse.c on the raw input.
 *
 * Besides not crashing, each answer is compared with a reference decoder
 * written here: on PARSE_OK the output is exactly the reference decoding,
 * valid UTF-8 without NUL, no longer than the input; a decoded path also
 * starts with '/', holds no control character and has as many '/' as the
 * input (an encoded %2F is refused). PARSE_BAD must mean the reference
 * decoding failed or is not valid UTF-8.
 */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "fuzz.h"
#include "http/parse.h"

#define MAX_PATH 2048 /* as src/http/server.c */

static int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)(c | 0x20);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The reference decoding into out (n + 1 bytes); false on a broken escape,
 * and for a path (no_slash) on an escape that decodes to '/'. */
static bool reference(const char *s, size_t n, bool plus_space, bool no_slash, char *out,
                      size_t *outlen)
{
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%') {
			if (n - i < 3)
				return false;
			int hi = hex(s[i + 1]), lo = hex(s[i + 2]);
			if (hi < 0 || lo < 0)
				return false;
			if (no_slash && (hi << 4 | lo) == '/')
				return false;
			out[j++] = (char)(hi << 4 | lo);
			i += 2;
		} else {
			out[j++] = s[i] == '+' && plus_space ? ' ' : s[i];
		}
	}
	*outlen = j;
	return true;
}

static void check_decoded(int rc, const char *in, size_t n, const char *out, size_t outlen,
                          bool plus_space)
{
	char *ref = malloc(n + 1);
	size_t reflen = 0;
	CHECK(ref != NULL);
	bool ref_ok = reference(in, n, plus_space, false, ref, &reflen) && fuzz_utf8_ok(ref, reflen);
	if (rc == PARSE_OK) {
		CHECK(ref_ok);
		CHECK(outlen <= n);
		CHECK(out[outlen] == '\0');
		CHECK(strlen(out) == outlen);
		CHECK(fuzz_utf8_ok(out, outlen));
		CHECK(outlen == reflen && memcmp(out, ref, outlen) == 0);
	} else {
		CHECK(rc == PARSE_BAD);
		CHECK(!ref_ok);
	}
	free(ref);
}

static size_t count(const char *s, size_t n, char c)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += s[i] == c;
	return k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	arena *a = arena_new(16u * 1024 * 1024);
	char *out = NULL;
	size_t outlen = 0;
	int rc;

	CHECK(a != NULL);
	for (int plus = 0; plus <= 1; plus++) {
		rc = http_percent_decode(a, in, size, plus, &out, &outlen);
		check_decoded(rc, in, size, out, outlen, plus);
	}

	rc = http_path_decode(a, in, size, MAX_PATH, &out, &outlen);
	if (rc == PARSE_OK) {
		CHECK(size > 0 && size <= MAX_PATH && in[0] == '/');
		check_decoded(rc, in, size, out, outlen, false);
		CHECK(out[0] == '/');
		for (size_t i = 0; i < outlen; i++)
			CHECK((unsigned char)out[i] >= 0x20 && out[i] != 0x7f);
		CHECK(count(out, outlen, '/') == count(in, size, '/'));
	} else {
		/* refused: the reference must find a reason */
		CHECK(rc == PARSE_BAD);
		char *ref = malloc(size + 1);
		size_t reflen = 0;
		CHECK(ref != NULL);
		bool ok = size > 0 && size <= MAX_PATH && in[0] == '/' &&
		          reference(in, size, false, true, ref, &reflen) && fuzz_utf8_ok(ref, reflen);
		for (size_t i = 0; ok && i < reflen; i++)
			ok = (unsigned char)ref[i] >= 0x20 && ref[i] != 0x7f;
		CHECK(!ok);
		free(ref);
	}
	arena_free(a);
	return 0;
}
