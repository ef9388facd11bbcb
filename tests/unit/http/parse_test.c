/*
 * parse_test.c - unit tests for the request parsers (src/http/parse.{h,c}):
 * percent-decoding, request paths, query strings, cookies and the
 * http_params helpers. Each test uses its own arena.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "http/parse.h"

static int setup(void **state)
{
	arena *a = arena_new(1 << 20);
	if (a == NULL)
		return -1;
	*state = a;
	return 0;
}

static int teardown(void **state)
{
	arena_free(*state);
	return 0;
}

/* percent-decoding in must give PARSE_OK and exactly want. */
static void dec_ok(arena *a, const char *in, bool plus_space, const char *want)
{
	char *out = NULL;
	size_t len = 12345;
	int rc = http_percent_decode(a, in, strlen(in), plus_space, &out, &len);
	if (rc != PARSE_OK)
		fail_msg("decode(\"%s\") = %d, want PARSE_OK", in, rc);
	assert_non_null(out);
	assert_int_equal(len, strlen(want));
	assert_string_equal(out, want);
}

static void dec_bad(arena *a, const char *in, bool plus_space)
{
	char *out = NULL;
	size_t len = 0;
	int rc = http_percent_decode(a, in, strlen(in), plus_space, &out, &len);
	if (rc != PARSE_BAD)
		fail_msg("decode(\"%s\") = %d, want PARSE_BAD", in, rc);
}

static void path_ok(arena *a, const char *in, const char *want)
{
	char *out = NULL;
	size_t len = 0;
	int rc = http_path_decode(a, in, strlen(in), 2048, &out, &len);
	if (rc != PARSE_OK)
		fail_msg("path(\"%s\") = %d, want PARSE_OK", in, rc);
	assert_string_equal(out, want);
	assert_int_equal(len, strlen(want));
}

static void path_bad(arena *a, const char *in)
{
	char *out = NULL;
	size_t len = 0;
	int rc = http_path_decode(a, in, strlen(in), 2048, &out, &len);
	if (rc != PARSE_BAD)
		fail_msg("path(\"%s\") = %d, want PARSE_BAD", in, rc);
}

static int query(arena *a, const char *s, size_t max_fields, http_params *p)
{
	memset(p, 0, sizeof(*p));
	return http_parse_query(a, s, strlen(s), max_fields, p);
}

static int cookies(arena *a, const char *s, size_t max_fields, http_params *p)
{
	memset(p, 0, sizeof(*p));
	return http_parse_cookies(a, s, strlen(s), max_fields, p);
}

/* Param i is name=value. */
static void param_is(const http_params *p, size_t i, const char *name, const char *value)
{
	assert_true(i < p->n);
	assert_string_equal(p->v[i].name, name);
	assert_string_equal(p->v[i].value, value);
	assert_int_equal(p->v[i].len, strlen(value));
}

/* --- http_percent_decode */

static void test_decode_plain(void **state)
{
	arena *a = *state;
	dec_ok(a, "", false, "");
	dec_ok(a, "hello", false, "hello");
	dec_ok(a, "caf\xC3\xA9", false, "caf\xC3\xA9"); /* raw UTF-8 passes */
}

static void test_decode_escapes(void **state)
{
	arena *a = *state;
	dec_ok(a, "%41", false, "A");
	dec_ok(a, "%41%42c", false, "ABc");
	dec_ok(a, "%6a%6A", false, "jj"); /* lowercase and uppercase hex */
	dec_ok(a, "a%20b", false, "a b");
	dec_ok(a, "%25", false, "%");
	dec_ok(a, "%2541", false, "%41"); /* decoded once only */
	dec_ok(a, "%E2%82%AC", false, "\xE2\x82\xAC"); /* € */
	dec_ok(a, "%e2%82%ac", false, "\xE2\x82\xAC");
	dec_ok(a, "%F0%9F%98%80", false, "\xF0\x9F\x98\x80");
	dec_ok(a, "%C3%A9t%C3%A9", false, "\xC3\xA9t\xC3\xA9");
}

static void test_decode_plus(void **state)
{
	arena *a = *state;
	dec_ok(a, "a+b", true, "a b");
	dec_ok(a, "a+b", false, "a+b");
	dec_ok(a, "++", true, "  ");
	dec_ok(a, "%2B", true, "+"); /* an encoded '+' stays a '+' */
	dec_ok(a, "%2B", false, "+");
}

static void test_decode_broken_escape(void **state)
{
	arena *a = *state;
	dec_bad(a, "%", false);
	dec_bad(a, "%4", false);
	dec_bad(a, "abc%4", false);
	dec_bad(a, "%zz", false);
	dec_bad(a, "%4z", false);
	dec_bad(a, "%z4", false);
	dec_bad(a, "%g0", false);
	dec_bad(a, "% 41", false);
	dec_bad(a, "%-1", false);
	dec_bad(a, "%+1", true);
}

static void test_decode_bounded_by_n(void **state)
{
	arena *a = *state;
	char *out = NULL;
	size_t len = 0;
	/* "%4" followed by bytes outside n: still truncated. */
	assert_int_equal(http_percent_decode(a, "%41", 2, false, &out, &len), PARSE_BAD);
	assert_int_equal(http_percent_decode(a, "ab%41", 2, false, &out, &len), PARSE_OK);
	assert_string_equal(out, "ab");
	assert_int_equal(len, 2);
	/* outlen may be NULL. */
	assert_int_equal(http_percent_decode(a, "x%41", 4, false, &out, NULL), PARSE_OK);
	assert_string_equal(out, "xA");
}

static void test_decode_nul(void **state)
{
	arena *a = *state;
	dec_bad(a, "%00", false);
	dec_bad(a, "a%00b", false);
	char *out = NULL;
	size_t len = 0;
	/* A raw NUL inside n is refused too. */
	assert_int_equal(http_percent_decode(a, "a\0b", 3, false, &out, &len), PARSE_BAD);
}

static void test_decode_invalid_utf8(void **state)
{
	arena *a = *state;
	dec_bad(a, "%C0%AF", false);       /* overlong '/' */
	dec_bad(a, "%E0%80%AF", false);    /* overlong '/' */
	dec_bad(a, "%ED%A0%80", false);    /* surrogate */
	dec_bad(a, "%F4%90%80%80", false); /* > U+10FFFF */
	dec_bad(a, "%FF", false);
	dec_bad(a, "%80", false);
	dec_bad(a, "%E2%82", false);       /* truncated € */
	dec_bad(a, "\xC0\xAF", false);     /* raw bytes too */
	dec_bad(a, "%C3", true);
}

static void test_decode_nomem(void **state)
{
	(void)state;
	arena *small = arena_new(16);
	char *out = NULL;
	assert_int_equal(http_percent_decode(small, "0123456789012345678901234567890", 31, false,
	                                     &out, NULL),
	                 PARSE_NOMEM);
	arena_free(small);
}

/* --- http_path_decode */

static void test_path_ok(void **state)
{
	arena *a = *state;
	path_ok(a, "/", "/");
	path_ok(a, "/dinas", "/dinas");
	path_ok(a, "/dinas/dinas-kesehatan", "/dinas/dinas-kesehatan");
	path_ok(a, "/a%20b", "/a b");
	path_ok(a, "/%41", "/A");
	path_ok(a, "/caf%C3%A9", "/caf\xC3\xA9");
	path_ok(a, "/a+b", "/a+b"); /* '+' is not a space in a path */
	path_ok(a, "/dinas/", "/dinas/");
	path_ok(a, "//", "//");
}

static void test_path_must_start_with_slash(void **state)
{
	arena *a = *state;
	path_bad(a, "");
	path_bad(a, "dinas");
	path_bad(a, "%2Fdinas");
	path_bad(a, "*");
	path_bad(a, "http://example.com/");
	path_bad(a, " /");
}

static void test_path_encoded_slash(void **state)
{
	arena *a = *state;
	path_bad(a, "/a%2Fb");
	path_bad(a, "/a%2fb");
	path_bad(a, "/%2F");
	path_bad(a, "/%2f");
	path_bad(a, "/static/..%2F..%2Fetc%2Fpasswd");
	path_ok(a, "/a%252Fb", "/a%2Fb"); /* a literal "%2F" after one decoding is text */
	path_ok(a, "/a%2Eb", "/a.b");
	path_bad(a, "/%2");  /* a broken escape, not a half "%2F" */
	path_bad(a, "/a%2");
}

static void test_path_broken_escape(void **state)
{
	arena *a = *state;
	path_bad(a, "/%");
	path_bad(a, "/%4");
	path_bad(a, "/%zz");
	path_bad(a, "/%00");
	path_bad(a, "/%C0%AF");
	path_bad(a, "/%C0%AE%C0%AE/"); /* overlong ".." */
	path_bad(a, "/\xFF");
}

static void test_path_control_chars(void **state)
{
	arena *a = *state;
	path_bad(a, "/a%0Ab");
	path_bad(a, "/a%0ab");
	path_bad(a, "/a%0Db");
	path_bad(a, "/a%09b");
	path_bad(a, "/a%01");
	path_bad(a, "/a%1F");
	path_bad(a, "/a%7F");
	path_bad(a, "/a\nb"); /* raw, undecoded controls too */
	path_bad(a, "/a\tb");
	path_bad(a, "/a\x7f");
	path_ok(a, "/a%20", "/a ");
	path_ok(a, "/a%7E", "/a~");
	path_ok(a, "/%C2%80", "/\xC2\x80"); /* U+0080 is not an ASCII control byte */
}

static void test_path_max_len(void **state)
{
	arena *a = *state;
	char *out = NULL;
	size_t len = 0;
	assert_int_equal(http_path_decode(a, "/abcd", 5, 5, &out, &len), PARSE_OK);
	assert_string_equal(out, "/abcd");
	assert_int_equal(http_path_decode(a, "/abcde", 6, 5, &out, &len), PARSE_BAD);
	/* The limit is on the bytes before decoding. */
	assert_int_equal(http_path_decode(a, "/%41%42", 7, 6, &out, &len), PARSE_BAD);
	assert_int_equal(http_path_decode(a, "/%41%42", 7, 7, &out, &len), PARSE_OK);
	assert_string_equal(out, "/AB");
	assert_int_equal(len, 3);
}

static void test_path_dotdot_is_text(void **state)
{
	arena *a = *state;
	/* Dot segments are not resolved here: the router and static layer
	 * decide what they mean. */
	path_ok(a, "/static/../etc/passwd", "/static/../etc/passwd");
	path_ok(a, "/static/%2e%2e/x", "/static/../x");
	path_ok(a, "/..", "/..");
	path_ok(a, "/./a", "/./a");
}

/* --- http_parse_query */

static void test_query_basic(void **state)
{
	arena *a = *state;
	http_params p;
	assert_int_equal(query(a, "a=1&b=2", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 2);
	param_is(&p, 0, "a", "1");
	param_is(&p, 1, "b", "2");
	assert_string_equal(http_params_get(&p, "a"), "1");
	assert_string_equal(http_params_get(&p, "b"), "2");
	assert_null(http_params_get(&p, "c"));
}

static void test_query_no_value(void **state)
{
	arena *a = *state;
	http_params p;
	assert_int_equal(query(a, "a", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 1);
	param_is(&p, 0, "a", "");
	assert_int_equal(query(a, "a=", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 1);
	param_is(&p, 0, "a", "");
	assert_int_equal(query(a, "flag&x=1", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 2);
	param_is(&p, 0, "flag", "");
	param_is(&p, 1, "x", "1");
}

static void test_query_empty_pieces(void **state)
{
	arena *a = *state;
	http_params p;
	assert_int_equal(query(a, "", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 0);
	assert_int_equal(query(a, "&", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 0);
	assert_int_equal(query(a, "&&a=1&", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 1);
	param_is(&p, 0, "a", "1");
	assert_int_equal(query(a, "a=1&&&b=2&&", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 2);
	param_is(&p, 1, "b", "2");
}

static void test_query_decoding(void **state)
{
	arena *a = *state;
	http_params p;
	assert_int_equal(query(a, "q=hello+world%21", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 1);
	param_is(&p, 0, "q", "hello world!");
	assert_int_equal(query(a, "my+key=a%3Db%26c", 16, &p), PARSE_OK);
	param_is(&p, 0, "my key", "a=b&c"); /* escaped '=' and '&' are data */
	assert_int_equal(query(a, "x=a=b", 16, &p), PARSE_OK);
	param_is(&p, 0, "x", "a=b"); /* only the first '=' splits */
	assert_int_equal(query(a, "kota=Surabaya%20%E2%82%AC", 16, &p), PARSE_OK);
	param_is(&p, 0, "kota", "Surabaya \xE2\x82\xAC");
}

static void test_query_repeated_keys(void **state)
{
	arena *a = *state;
	http_params p;
	assert_int_equal(query(a, "tag=a&x=0&tag=b&tag=c", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 4);
	param_is(&p, 0, "tag", "a");
	param_is(&p, 1, "x", "0");
	param_is(&p, 2, "tag", "b");
	param_is(&p, 3, "tag", "c");
	assert_string_equal(http_params_get(&p, "tag"), "a"); /* the first */
	assert_ptr_equal(http_params_find(&p, "tag"), &p.v[0]);
}

static void test_query_max_fields(void **state)
{
	arena *a = *state;
	http_params p;
	assert_int_equal(query(a, "a=1&b=2&c=3", 3, &p), PARSE_OK);
	assert_int_equal(p.n, 3);
	assert_int_equal(query(a, "a=1&b=2&c=3&d=4", 3, &p), PARSE_TOO_MANY);
	assert_int_equal(query(a, "a=1", 0, &p), PARSE_TOO_MANY);
	/* Empty pieces do not count. */
	assert_int_equal(query(a, "&&&a=1&&&", 1, &p), PARSE_OK);
	assert_int_equal(p.n, 1);
	assert_int_equal(query(a, "", 0, &p), PARSE_OK);
}

static void test_query_many_fields(void **state)
{
	arena *a = *state;
	/* More than the initial capacity of http_params, so it must grow. */
	char q[2048] = "";
	size_t n = 0;
	for (int i = 0; i < 100; i++)
		n += (size_t)snprintf(q + n, sizeof(q) - n, "%sk%d=v%d", i ? "&" : "", i, i);
	http_params p;
	assert_int_equal(query(a, q, 1000, &p), PARSE_OK);
	assert_int_equal(p.n, 100);
	for (int i = 0; i < 100; i++) {
		char k[16], v[16];
		snprintf(k, sizeof(k), "k%d", i);
		snprintf(v, sizeof(v), "v%d", i);
		param_is(&p, (size_t)i, k, v);
	}
}

static void test_query_bad(void **state)
{
	arena *a = *state;
	http_params p;
	assert_int_equal(query(a, "a=%zz", 16, &p), PARSE_BAD);
	assert_int_equal(query(a, "a=%4", 16, &p), PARSE_BAD);
	assert_int_equal(query(a, "a=1&b=%", 16, &p), PARSE_BAD);
	assert_int_equal(query(a, "%zz=1", 16, &p), PARSE_BAD);
	assert_int_equal(query(a, "a=%00", 16, &p), PARSE_BAD);
	assert_int_equal(query(a, "a=%C0%AF", 16, &p), PARSE_BAD);
	assert_int_equal(query(a, "a=\xFF", 16, &p), PARSE_BAD);
}

/* --- http_parse_cookies */

static void test_cookies_basic(void **state)
{
	arena *a = *state;
	http_params p;
	assert_int_equal(cookies(a, "a=1; b=2", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 2);
	param_is(&p, 0, "a", "1");
	param_is(&p, 1, "b", "2");
	assert_int_equal(cookies(a, "a=1;b=2", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 2);
	param_is(&p, 1, "b", "2");
	assert_int_equal(cookies(a, "session=abc123", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 1);
	param_is(&p, 0, "session", "abc123");
	assert_int_equal(cookies(a, "", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 0);
}

static void test_cookies_quoted(void **state)
{
	arena *a = *state;
	http_params p;
	assert_int_equal(cookies(a, "a=\"quoted\"; b=2", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 2);
	param_is(&p, 0, "a", "quoted");
	param_is(&p, 1, "b", "2");
	assert_int_equal(cookies(a, "a=\"\"", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 1);
	param_is(&p, 0, "a", "");
	/* A lone or unbalanced quote is not a cookie-octet: skipped. */
	assert_int_equal(cookies(a, "a=\"; b=2", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 1);
	param_is(&p, 0, "b", "2");
	assert_int_equal(cookies(a, "a=\"x; b=2", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 1);
	param_is(&p, 0, "b", "2");
	assert_int_equal(cookies(a, "a=x\"y\"; b=2", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 1);
	param_is(&p, 0, "b", "2");
}

static void test_cookies_whitespace(void **state)
{
	arena *a = *state;
	http_params p;
	assert_int_equal(cookies(a, "   a=1  ;   b=2   ", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 2);
	param_is(&p, 0, "a", "1");
	param_is(&p, 1, "b", "2");
	assert_int_equal(cookies(a, "\ta=1;\tb=2\t", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 2);
	param_is(&p, 0, "a", "1");
	param_is(&p, 1, "b", "2");
	assert_int_equal(cookies(a, ";;; a=1 ;;", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 1);
	param_is(&p, 0, "a", "1");
	assert_int_equal(cookies(a, "a=\"q\"  ; b=2", 16, &p), PARSE_OK);
	param_is(&p, 0, "a", "q");
	/* Whitespace between the name and '=' makes the name invalid. */
	assert_int_equal(cookies(a, "a =1; b=2", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 1);
	param_is(&p, 0, "b", "2");
}

static void test_cookies_value_chars(void **state)
{
	arena *a = *state;
	http_params p;
	/* '=' inside a value (base64 padding) is kept. */
	assert_int_equal(cookies(a, "t=YWJj==; u=a/b:c", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 2);
	param_is(&p, 0, "t", "YWJj==");
	param_is(&p, 1, "u", "a/b:c");
	/* An empty value is a value. */
	assert_int_equal(cookies(a, "e=; f=1", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 2);
	param_is(&p, 0, "e", "");
	param_is(&p, 1, "f", "1");
}

static void test_cookies_invalid_skipped(void **state)
{
	arena *a = *state;
	http_params p;
	/* Invalid names: separators, empty, non-ASCII. */
	assert_int_equal(cookies(a, "a(b=1; ok=1", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 1);
	param_is(&p, 0, "ok", "1");
	assert_int_equal(cookies(a, "=1; ok=2", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 1);
	param_is(&p, 0, "ok", "2");
	assert_int_equal(cookies(a, "caf\xC3\xA9=1; ok=3", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 1);
	param_is(&p, 0, "ok", "3");
	assert_int_equal(cookies(a, "a\"b=1; a/b=1; a@b=1; ok=4", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 1);
	param_is(&p, 0, "ok", "4");
	/* Invalid values: ',', '\\', control bytes, non-ASCII. */
	assert_int_equal(cookies(a, "x=a,b; y=a\\b; z=a\x01" "b; w=\xC3\xA9; ok=5", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 1);
	param_is(&p, 0, "ok", "5");
	/* Invalid ones between valid ones keep the valid ones in order. */
	assert_int_equal(cookies(a, "a=1; b[]=2; c=3", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 2);
	param_is(&p, 0, "a", "1");
	param_is(&p, 1, "c", "3");
}

static void test_cookies_no_equals(void **state)
{
	arena *a = *state;
	http_params p;
	assert_int_equal(cookies(a, "novalue; a=1", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 1);
	param_is(&p, 0, "a", "1");
	assert_int_equal(cookies(a, "a=1; novalue", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 1);
	param_is(&p, 0, "a", "1");
	assert_int_equal(cookies(a, "novalue", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 0);
	assert_int_equal(cookies(a, ";", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 0);
}

static void test_cookies_max_fields(void **state)
{
	arena *a = *state;
	http_params p;
	assert_int_equal(cookies(a, "a=1; b=2", 2, &p), PARSE_OK);
	assert_int_equal(p.n, 2);
	assert_int_equal(cookies(a, "a=1; b=2; c=3", 2, &p), PARSE_TOO_MANY);
	/* Skipped cookies do not count against the limit. */
	assert_int_equal(cookies(a, "bad name=1; a=1; novalue; b=2", 2, &p), PARSE_OK);
	assert_int_equal(p.n, 2);
	param_is(&p, 0, "a", "1");
	param_is(&p, 1, "b", "2");
}

static void test_cookies_duplicates(void **state)
{
	arena *a = *state;
	http_params p;
	assert_int_equal(cookies(a, "s=first; s=second", 16, &p), PARSE_OK);
	assert_int_equal(p.n, 2);
	assert_string_equal(http_params_get(&p, "s"), "first");
}

static void test_cookies_bounded_by_n(void **state)
{
	arena *a = *state;
	http_params p = { 0 };
	assert_int_equal(http_parse_cookies(a, "a=1; b=2", 3, 16, &p), PARSE_OK);
	assert_int_equal(p.n, 1);
	param_is(&p, 0, "a", "1");
}

/* --- http_params_* */

static void test_params_add_get_find(void **state)
{
	arena *a = *state;
	http_params p = { 0 };
	assert_null(http_params_get(&p, "x"));
	assert_null(http_params_find(&p, "x"));
	assert_int_equal(http_params_add(a, &p, "x", "1", 1), PARSE_OK);
	assert_int_equal(http_params_add(a, &p, "y", "", 0), PARSE_OK);
	assert_int_equal(http_params_add(a, &p, "x", "2", 1), PARSE_OK);
	assert_int_equal(p.n, 3);
	assert_string_equal(http_params_get(&p, "x"), "1");
	assert_string_equal(http_params_get(&p, "y"), "");
	assert_null(http_params_get(&p, "X")); /* names are case-sensitive */
	assert_null(http_params_get(&p, ""));
	http_param *f = http_params_find(&p, "y");
	assert_ptr_equal(f, &p.v[1]);
	assert_int_equal(f->len, 0);
	/* Growth keeps earlier entries. */
	for (int i = 0; i < 50; i++)
		assert_int_equal(http_params_add(a, &p, "n", "v", 1), PARSE_OK);
	assert_int_equal(p.n, 53);
	assert_true(p.cap >= p.n);
	assert_string_equal(http_params_get(&p, "x"), "1");
	assert_string_equal(p.v[2].value, "2");
}

static void test_params_nomem(void **state)
{
	(void)state;
	arena *small = arena_new(64);
	http_params p = { 0 };
	assert_int_equal(http_params_add(small, &p, "x", "1", 1), PARSE_NOMEM);
	arena_free(small);

	small = arena_new(300);
	http_params q = { 0 };
	int rc = query(small, "a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9&j=10", 100, &q);
	assert_int_equal(rc, PARSE_NOMEM);
	arena_free(small);
}

/*
 * Regression: parse.c's cookie_octet() is commented
 * "RFC 6265 cookie-octet, plus the space browsers tolerate inside values",
 * but it does not accept 0x20, so a cookie whose value contains a space is
 * silently dropped. Input: "msg=hello world; b=2". Expected: msg="hello world"
 * and b="2". Actual: only b (msg is skipped). Either the code or the comment
 * is wrong; if the strict RFC behaviour is intended, fix the comment and
 * delete this test.
 */
static void regression_cookie_value_with_space(void **state)
{
	arena *a = *state;
	http_params p;
	assert_int_equal(cookies(a, "msg=hello world; b=2", 16, &p), PARSE_OK);
	assert_string_equal(http_params_get(&p, "b"), "2");
	assert_non_null(http_params_get(&p, "msg"));
	assert_string_equal(http_params_get(&p, "msg"), "hello world");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

static void test_query_encode_round_trip(void **state)
{
	arena *a = arena_new(1 << 20);
	http_params p = { 0 };
	static const char q[] = "q=jalan+rusak%21&kec=Tambun%20Utara&kosong=&u=%E2%82%AC&a%26b=1%3D2";
	assert_int_equal(http_parse_query(a, q, sizeof(q) - 1, 100, &p), PARSE_OK);
	char *enc = http_query_encode(a, &p);
	assert_non_null(enc);
	assert_string_equal(enc, "q=jalan%20rusak%21&kec=Tambun%20Utara&kosong=&u=%E2%82%AC&a%26b=1%3D2");
	http_params back = { 0 };
	assert_int_equal(http_parse_query(a, enc, strlen(enc), 100, &back), PARSE_OK);
	assert_int_equal(back.n, p.n);
	for (size_t i = 0; i < p.n; i++) {
		assert_string_equal(back.v[i].name, p.v[i].name);
		assert_string_equal(back.v[i].value, p.v[i].value);
	}
	http_params none = { 0 };
	assert_string_equal(http_query_encode(a, &none), "");
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_decode_plain),
		T(test_decode_escapes),
		T(test_decode_plus),
		T(test_decode_broken_escape),
		T(test_decode_bounded_by_n),
		T(test_decode_nul),
		T(test_decode_invalid_utf8),
		T(test_decode_nomem),
		T(test_path_ok),
		T(test_path_must_start_with_slash),
		T(test_path_encoded_slash),
		T(test_path_broken_escape),
		T(test_path_control_chars),
		T(test_path_max_len),
		T(test_path_dotdot_is_text),
		T(test_query_basic),
		T(test_query_encode_round_trip),
		T(test_query_no_value),
		T(test_query_empty_pieces),
		T(test_query_decoding),
		T(test_query_repeated_keys),
		T(test_query_max_fields),
		T(test_query_many_fields),
		T(test_query_bad),
		T(test_cookies_basic),
		T(test_cookies_quoted),
		T(test_cookies_whitespace),
		T(test_cookies_value_chars),
		T(test_cookies_invalid_skipped),
		T(test_cookies_no_equals),
		T(test_cookies_max_fields),
		T(test_cookies_duplicates),
		T(test_cookies_bounded_by_n),
		T(test_params_add_get_find),
		T(test_params_nomem),
		T(regression_cookie_value_with_space),
	};
	/* Tests that expose bugs in src/: expected to fail until src/ is fixed. */
	return cmocka_run_group_tests_name("http/parse", tests, NULL, NULL);
}
