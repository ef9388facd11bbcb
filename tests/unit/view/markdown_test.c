/*
 * markdown_test.c - unit tests for safe markdown rendering
 * (src/view/markdown.{h,c}): ordinary CommonMark output, raw HTML and
 * dangerous URLs dropped, rel="nofollow ugc" on every link and only on real
 * links, appending to an existing buffer, and the buffer's max.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "view/markdown.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Renders md into a fresh buffer; the caller frees *b. */
static const char *render(buf *b, const char *md)
{
	buf_init(b, 1 << 20);
	int rc = markdown_to_html(md, strlen(md), b);
	if (rc != 0)
		fail_msg("markdown_to_html(\"%s\") = %d", md, rc);
	assert_false(buf_failed(b));
	assert_non_null(b->data);
	assert_int_equal(strlen(b->data), b->len); /* no NUL inside the output */
	return b->data;
}

/* md must render to exactly want. */
static void check(const char *md, const char *want)
{
	buf b;
	assert_string_equal(render(&b, md), want);
	buf_free(&b);
}

static size_t count(const char *hay, const char *needle)
{
	size_t c = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		c++;
	return c;
}

static void assert_lacks(const char *html, const char *needle)
{
	assert_non_null(html);
	if (html != NULL && strstr(html, needle) != NULL)
		fail_msg("output contains \"%s\": %s", needle, html);
}

static void assert_has(const char *html, const char *needle)
{
	const char *shown = html != NULL ? html : "(null)";
	if (html == NULL || strstr(html, needle) == NULL)
		fail_msg("output lacks \"%s\": %s", needle, shown);
}

static void test_paragraphs_emphasis(void **state)
{
	(void)state;
	check("Hello *world* and **bold**",
	      "<p>Hello <em>world</em> and <strong>bold</strong></p>\n");
	check("one\n\ntwo", "<p>one</p>\n<p>two</p>\n");
	check("# Judul", "<h1>Judul</h1>\n");
	check("- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n");
	check("`code`", "<p><code>code</code></p>\n");
	check("caf\xC3\xA9 \xE2\x82\xAC", "<p>caf\xC3\xA9 \xE2\x82\xAC</p>\n");
}

static void test_empty(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 100);
	assert_int_equal(markdown_to_html("", 0, &b), 0);
	assert_int_equal(b.len, 0);
	assert_false(buf_failed(&b));
	buf_free(&b);
}

static void test_text_escaped(void **state)
{
	(void)state;
	check("Tom & Jerry \"quoted\" 1 < 2 > 0",
	      "<p>Tom &amp; Jerry &quot;quoted&quot; 1 &lt; 2 &gt; 0</p>\n");
}

static void test_raw_html_dropped(void **state)
{
	(void)state;
	static const char *const inputs[] = {
		"<script>alert(1)</script>",
		"before\n\n<script>alert(1)</script>\n\nafter",
		"inline <script>alert(1)</script> text",
		"<img src=x onerror=alert(1)>",
		"x <img src=x onerror=alert(1)> y",
		"<div onclick=\"alert(1)\">hi</div>",
		"<a href=\"https://evil.example\" onmouseover=\"alert(1)\">x</a>",
		"<iframe src=\"https://evil.example\"></iframe>",
		"<svg onload=alert(1)>",
		"<SCRIPT>alert(1)</SCRIPT>",
		"<style>body{display:none}</style>",
	};
	for (size_t i = 0; i < N(inputs); i++) {
		buf b;
		const char *html = render(&b, inputs[i]);
		assert_lacks(html, "<script");
		assert_lacks(html, "<SCRIPT");
		assert_lacks(html, "onerror");
		assert_lacks(html, "onclick");
		assert_lacks(html, "onmouseover");
		assert_lacks(html, "onload");
		assert_lacks(html, "<img");
		assert_lacks(html, "<div");
		assert_lacks(html, "<iframe");
		assert_lacks(html, "<svg");
		assert_lacks(html, "<style");
		assert_lacks(html, "evil.example");
		buf_free(&b);
	}
	/* The surrounding text survives. */
	buf b;
	const char *html = render(&b, "x <img src=x onerror=alert(1)> y");
	assert_has(html, "<p>x ");
	assert_has(html, " y</p>");
	buf_free(&b);
}

static void test_dangerous_urls(void **state)
{
	(void)state;
	static const char *const inputs[] = {
		"[x](javascript:alert(1))",
		"[x](JaVaScRiPt:alert(1))",
		"[x](jav&#x61;script:alert(1))", /* entity-encoded */
		"[x](<javascript:alert(1)>)",
		"<javascript:alert(1)>", /* autolink */
		"[x][r]\n\n[r]: javascript:alert(1)", /* reference link */
		"[x](vbscript:msgbox(1))",
		"[x](file:///etc/passwd)",
		"[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
		"![x](javascript:alert(1))",
	};
	for (size_t i = 0; i < N(inputs); i++) {
		buf b;
		const char *html = render(&b, inputs[i]);
		assert_lacks(html, "href=\"javascript:");
		assert_lacks(html, "href=\"JaVaScRiPt:");
		assert_lacks(html, "href=\"jav");
		assert_lacks(html, "href=\"vbscript:");
		assert_lacks(html, "href=\"file:");
		assert_lacks(html, "href=\"data:");
		assert_lacks(html, "src=\"javascript:");
		buf_free(&b);
	}
	/* In link destinations specifically, "javascript:" never appears at all. */
	buf b;
	const char *html = render(&b, "[x](javascript:alert(1))");
	assert_lacks(html, "javascript:");
	assert_has(html, ">x</a>"); /* the link text is kept */
	buf_free(&b);
}

static void test_links_get_rel(void **state)
{
	(void)state;
	check("[x](https://example.com)",
	      "<p><a rel=\"nofollow ugc\" href=\"https://example.com\">x</a></p>\n");
	check("[x](/dinas \"Daftar\")",
	      "<p><a rel=\"nofollow ugc\" href=\"/dinas\" title=\"Daftar\">x</a></p>\n");
	/* Every link, not only the first. */
	buf b;
	const char *html = render(&b, "[a](/a) and [b](/b)\n\n- [c](/c)\n\n[d][r]\n\n[r]: /d");
	assert_int_equal(count(html, "<a "), 4);
	assert_int_equal(count(html, "<a rel=\"nofollow ugc\" href=\""), 4);
	assert_lacks(html, "<a href=");
	buf_free(&b);
}

static void test_autolinks(void **state)
{
	(void)state;
	check("<https://example.com/a?b=1&c=2>",
	      "<p><a rel=\"nofollow ugc\" href=\"https://example.com/a?b=1&amp;c=2\">"
	      "https://example.com/a?b=1&amp;c=2</a></p>\n");
	check("<foo@example.com>",
	      "<p><a rel=\"nofollow ugc\" href=\"mailto:foo@example.com\">foo@example.com</a></p>\n");
	/* Bare URLs are not links in CommonMark (no GFM autolink extension). */
	check("see https://example.com", "<p>see https://example.com</p>\n");
}

static void test_literal_a_href_is_text(void **state)
{
	(void)state;
	/* cmark escapes text, so the literal `<a href="` never reaches the
	 * rel-injection as a tag. */
	check("`<a href=\"`", "<p><code>&lt;a href=&quot;</code></p>\n");
	check("`<a href=\"https://x\">y</a>`",
	      "<p><code>&lt;a href=&quot;https://x&quot;&gt;y&lt;/a&gt;</code></p>\n");
	check("    <a href=\"x\">", "<pre><code>&lt;a href=&quot;x&quot;&gt;\n</code></pre>\n");
	check("\\<a href=\"x\"", "<p>&lt;a href=&quot;x&quot;</p>\n"); /* escaped '<' */
	check("&lt;a href=&quot;", "<p>&lt;a href=&quot;</p>\n");       /* entities */
	/* In attribute values too: link title and image alt. */
	check("[a](/u \"<a href=\\\"\")",
	      "<p><a rel=\"nofollow ugc\" href=\"/u\" title=\"&lt;a href=&quot;\">a</a></p>\n");
	check("![<a href=\"](x.png)", "<p><img src=\"x.png\" alt=\"&lt;a href=&quot;\" /></p>\n");
	/* Whatever the input, rel appears exactly once per real link. */
	buf b;
	const char *html = render(&b, "`<a href=\"` [real](/r) <a href=\"x\">raw</a>");
	assert_int_equal(count(html, "rel=\"nofollow ugc\""), 1);
	assert_int_equal(count(html, "<a "), 1);
	buf_free(&b);
}

static void test_invalid_utf8_and_nul(void **state)
{
	(void)state;
	buf b;
	/* CMARK_OPT_VALIDATE_UTF8: bad bytes become U+FFFD. */
	const char *html = render(&b, "a\xFF" "b \xC0\xAF");
	assert_has(html, "a\xEF\xBF\xBD" "b");
	assert_lacks(html, "\xFF");
	assert_lacks(html, "\xC0");
	buf_free(&b);
	/* A NUL inside n does not cut or leak into the output. */
	buf_init(&b, 1 << 10);
	assert_int_equal(markdown_to_html("a\0b", 3, &b), 0);
	assert_int_equal(strlen(b.data), b.len);
	assert_has(b.data, "b</p>");
	buf_free(&b);
	/* Only n bytes are read. */
	buf_init(&b, 1 << 10);
	assert_int_equal(markdown_to_html("*x* ignored", 3, &b), 0);
	assert_string_equal(b.data, "<p><em>x</em></p>\n");
	buf_free(&b);
}

static void test_appends(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 1 << 16);
	assert_true(buf_puts(&b, "<article>"));
	assert_int_equal(markdown_to_html("*a*", 3, &b), 0);
	assert_int_equal(markdown_to_html("[l](/x)", 7, &b), 0);
	assert_true(buf_puts(&b, "</article>"));
	assert_string_equal(b.data, "<article><p><em>a</em></p>\n"
	                            "<p><a rel=\"nofollow ugc\" href=\"/x\">l</a></p>\n</article>");
	buf_free(&b);
}

static void test_max_too_small(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 4);
	assert_int_equal(markdown_to_html("hello", 5, &b), -1);
	assert_true(buf_failed(&b));
	buf_free(&b);

	/* Room for the text but not for the injected rel. */
	const char *md = "[x](/y)";
	buf_init(&b, strlen("<p><a href=\"/y\">x</a></p>\n") + 5);
	assert_int_equal(markdown_to_html(md, strlen(md), &b), -1);
	assert_true(buf_failed(&b));
	buf_free(&b);

	/* Exactly enough is fine. */
	const char *want = "<p><a rel=\"nofollow ugc\" href=\"/y\">x</a></p>\n";
	buf_init(&b, strlen(want));
	assert_int_equal(markdown_to_html(md, strlen(md), &b), 0);
	assert_string_equal(b.data, want);
	buf_free(&b);

	/* A buffer that had already failed gives -1 too. */
	buf_init(&b, 2);
	assert_false(buf_puts(&b, "abc"));
	assert_int_equal(markdown_to_html("x", 1, &b), -1);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paragraphs_emphasis),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_text_escaped),
		cmocka_unit_test(test_raw_html_dropped),
		cmocka_unit_test(test_dangerous_urls),
		cmocka_unit_test(test_links_get_rel),
		cmocka_unit_test(test_autolinks),
		cmocka_unit_test(test_literal_a_href_is_text),
		cmocka_unit_test(test_invalid_utf8_and_nul),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_max_too_small),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
