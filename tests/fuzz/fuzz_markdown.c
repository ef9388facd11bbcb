/*
 * fuzz_markdown.c - fuzzes markdown_to_html (src/view/markdown.c, cmark in
 * safe mode plus our rel="nofollow ugc" rewrite) on the input as markdown.
 *
 * The output is parsed as HTML tags and attributes (quotes respected, so a
 * title="... onclick=..." value is not mistaken for an attribute) and must
 * hold: no <script (any case), no attribute named on*, no href or src
 * whose URL, once entity-decoded and without the tabs and newlines a
 * browser strips, starts with javascript:, vbscript: or file: (data: only
 * for the image types cmark lets through, in links too), every <a> carries
 * rel="nofollow ugc", and the whole is valid UTF-8 without NUL. Comments
 * (cmark writes "<!-- raw HTML omitted -->") are skipped whole.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "fuzz.h"
#include "view/markdown.h"

/* Decodes the character references of an attribute value once, as a
 * browser does, into out (at least n + 1 bytes), keeping only ASCII and
 * dropping tab, newline, CR and leading spaces/controls. */
static void url_text(const char *s, size_t n, char *out)
{
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned long c = (unsigned char)s[i];
		if (c == '&') {
			size_t k = i + 1;
			unsigned long v = 0;
			if (k < n && s[k] == '#') {
				bool hex = k + 1 < n && (s[k + 1] == 'x' || s[k + 1] == 'X');
				k += hex ? 2 : 1;
				size_t start = k;
				while (k < n && (hex ? isxdigit((unsigned char)s[k]) : isdigit((unsigned char)s[k]))) {
					if (v < 0x110000)
						v = v * (hex ? 16 : 10) +
						    (unsigned long)(isdigit((unsigned char)s[k]) ? s[k] - '0'
						                    : (s[k] | 0x20) - 'a' + 10);
					k++;
				}
				if (k > start) {
					c = v;
					i = k < n && s[k] == ';' ? k : k - 1;
				}
			} else {
				static const struct { const char *name; char c; } ents[] = {
					{ "amp;", '&' }, { "lt;", '<' }, { "gt;", '>' },
					{ "quot;", '"' }, { "apos;", '\'' }, { "colon;", ':' },
					{ "Tab;", '\t' }, { "NewLine;", '\n' },
				};
				for (size_t e = 0; e < sizeof(ents) / sizeof(ents[0]); e++) {
					size_t el = strlen(ents[e].name);
					if (n - k >= el && memcmp(s + k, ents[e].name, el) == 0) {
						c = (unsigned char)ents[e].c;
						i = k + el - 1;
						break;
					}
				}
			}
		}
		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		if (j == 0 && c <= 0x20)
			continue;
		out[j++] = c < 0x80 ? (char)tolower((int)c) : '?';
	}
	out[j] = '\0';
}

static void check_url(const char *v, size_t n)
{
	char *u = malloc(n + 1);
	CHECK(u != NULL);
	url_text(v, n, u);
	CHECK(strncmp(u, "javascript:", 11) != 0);
	CHECK(strncmp(u, "vbscript:", 9) != 0);
	CHECK(strncmp(u, "file:", 5) != 0);
	if (strncmp(u, "data:", 5) == 0) {
		CHECK(strncmp(u, "data:image/png", 14) == 0 || strncmp(u, "data:image/gif", 14) == 0 ||
		      strncmp(u, "data:image/jpeg", 15) == 0 || strncmp(u, "data:image/webp", 15) == 0);
	}
	free(u);
}

static bool space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Parses the tag at s[0] == '<'; returns the index just past it. */
static size_t check_tag(const char *s, size_t n)
{
	size_t i = 1;
	if (i < n && s[i] == '/')
		i++;
	size_t name = i;
	while (i < n && isalnum((unsigned char)s[i]))
		i++;
	size_t name_len = i - name;
	CHECK(name_len > 0); /* cmark escapes every '<' of text */
	CHECK(!(name_len == 6 && strncasecmp(s + name, "script", 6) == 0));
	bool anchor = s[1] != '/' && name_len == 1 && (s[name] | 0x20) == 'a';
	bool nofollow = false;
	for (;;) {
		while (i < n && space(s[i]))
			i++;
		CHECK(i < n);
		if (s[i] == '>')
			break;
		if (s[i] == '/' && i + 1 < n && s[i + 1] == '>') {
			i++;
			break;
		}
		size_t an = i;
		while (i < n && !space(s[i]) && s[i] != '=' && s[i] != '>' && s[i] != '/')
			i++;
		size_t an_len = i - an;
		CHECK(an_len > 0);
		CHECK(!(an_len >= 2 && strncasecmp(s + an, "on", 2) == 0));
		const char *val = "";
		size_t val_len = 0;
		if (i < n && s[i] == '=') {
			i++;
			CHECK(i < n && (s[i] == '"' || s[i] == '\''));
			char q = s[i++];
			val = s + i;
			while (i < n && s[i] != q)
				i++;
			CHECK(i < n);
			val_len = (size_t)(s + i - val);
			i++;
		}
		if ((an_len == 4 && strncasecmp(s + an, "href", 4) == 0) ||
		    (an_len == 3 && strncasecmp(s + an, "src", 3) == 0))
			check_url(val, val_len);
		if (an_len == 3 && strncasecmp(s + an, "rel", 3) == 0 && val_len == 12 &&
		    memcmp(val, "nofollow ugc", 12) == 0)
			nofollow = true;
	}
	if (anchor)
		CHECK(nofollow);
	return i + 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	buf out;
	buf_init(&out, 64u << 20);
	int rc = markdown_to_html((const char *)data, size, &out);
	CHECK(rc == 0);
	const char *s = out.data ? out.data : "";
	size_t n = out.len;
	CHECK(fuzz_utf8_ok(s, n));
	for (size_t i = 0; i < n;) {
		if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) { /* "<!-- raw HTML omitted -->" */
			const char *end = strstr(s + i + 4, "-->");
			CHECK(end != NULL);
			i = (size_t)(end - s) + 3;
		} else if (s[i] == '<') {
			i += check_tag(s + i, n - i);
		} else {
			i++;
		}
	}
	buf_free(&out);
	return 0;
}
