/*
 * svg_check.h - a tiny XML well-formedness check for the charts' SVG,
 * shared by tests/unit/view/chart_test.c and tests/fuzz/fuzz_chart.c.
 *
 * Not a general XML parser: it knows what chart_svg writes (elements with
 * double-quoted attributes, text, the five entities and numeric ones, no
 * comments or CDATA) and refuses anything else. It checks that tags nest
 * and close, names are [a-z-], no raw '<', '>' or '"' appear in text or
 * attribute values, every '&' starts a known entity, the bytes are UTF-8
 * without control characters, and the root is one <svg> holding exactly
 * one <title> and one <desc> whose ids aria-labelledby names.
 */
#ifndef TERBUKA_SVG_CHECK_H
#define TERBUKA_SVG_CHECK_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static bool svg_entity(const char *s, size_t n, size_t *len)
{
	static const char *names[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&apos;" };
	for (size_t i = 0; i < 5; i++) {
		size_t k = strlen(names[i]);
		if (n >= k && memcmp(s, names[i], k) == 0) {
			*len = k;
			return true;
		}
	}
	if (n >= 4 && s[1] == '#') {
		size_t i = 2;
		while (i < n && i < 10 && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i > 2 && i < n && s[i] == ';') {
			*len = i + 1;
			return true;
		}
	}
	return false;
}

/* Character data up to the next '<' (text) or '"' (attribute value). */
static bool svg_chars(const char *s, size_t n, size_t *i, char stop)
{
	while (*i < n && s[*i] != stop) {
		unsigned char c = (unsigned char)s[*i];
		size_t k;
		if (c == '<' || c == '>' || c == '"' || (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
			return false;
		if (c == '&') {
			if (!svg_entity(s + *i, n - *i, &k))
				return false;
			*i += k;
		} else {
			(*i)++;
		}
	}
	return *i < n;
}

static bool svg_utf8(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned c = p[i];
		size_t k = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
		if (k == 0 || i + k > n || (k == 2 && c < 0xC2) || (k == 4 && c > 0xF4) || c == 0)
			return false;
		for (size_t j = 1; j < k; j++)
			if ((p[i + j] & 0xC0) != 0x80)
				return false;
		if (k == 3 && ((c == 0xE0 && p[i + 1] < 0xA0) || (c == 0xED && p[i + 1] >= 0xA0)))
			return false;
		if (k == 4 && ((c == 0xF0 && p[i + 1] < 0x90) || (c == 0xF4 && p[i + 1] >= 0x90)))
			return false;
		i += k;
	}
	return true;
}

/* NULL when s is a well-formed chart SVG, else why not. */
static const char *svg_check(const char *s)
{
	size_t n = strlen(s), i = 0, depth = 0;
	char stack[16][16];
	int titles = 0, descs = 0;
	char labelled[128] = "", tid[64] = "", did[64] = "";
	if (!svg_utf8((const unsigned char *)s, n))
		return "not UTF-8";
	if (strncmp(s, "<svg ", 5) != 0)
		return "root is not <svg>";
	while (i < n) {
		if (s[i] != '<') {
			if (depth == 0)
				return "text outside the root";
			if (!svg_chars(s, n, &i, '<'))
				return "bad character data";
			continue;
		}
		i++;
		bool closing = i < n && s[i] == '/';
		if (closing)
			i++;
		size_t from = i;
		while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || s[i] == '-'))
			i++;
		size_t len = i - from;
		if (len == 0 || len >= 16)
			return "bad element name";
		if (closing) {
			if (depth == 0 || strlen(stack[depth - 1]) != len || memcmp(stack[depth - 1], s + from, len) != 0)
				return "mismatched close tag";
			if (i >= n || s[i] != '>')
				return "bad close tag";
			depth--;
			i++;
			if (depth == 0 && i != n)
				return "bytes after the root";
			continue;
		}
		if (depth > 0 && len == 3 && memcmp(s + from, "svg", 3) == 0)
			return "nested svg";
		bool is_title = len == 5 && memcmp(s + from, "title", 5) == 0;
		bool is_desc = len == 4 && memcmp(s + from, "desc", 4) == 0;
		titles += is_title;
		descs += is_desc;
		for (;;) { /* attributes */
			if (i < n && s[i] == '>')
				break;
			if (i + 1 < n && s[i] == '/' && s[i + 1] == '>')
				break;
			if (i >= n || s[i] != ' ')
				return "bad tag";
			i++;
			size_t an = i;
			while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == ':'))
				i++;
			if (i == an || i + 1 >= n || s[i] != '=' || s[i + 1] != '"')
				return "bad attribute";
			size_t alen = i - an;
			i += 2;
			size_t vfrom = i;
			if (!svg_chars(s, n, &i, '"'))
				return "bad attribute value";
			size_t vlen = i - vfrom;
			i++;
			char *into = NULL;
			if (alen == 15 && memcmp(s + an, "aria-labelledby", 15) == 0 && depth == 0)
				into = labelled;
			else if (alen == 2 && memcmp(s + an, "id", 2) == 0 && is_title)
				into = tid;
			else if (alen == 2 && memcmp(s + an, "id", 2) == 0 && is_desc)
				into = did;
			if (into != NULL && vlen < 60) {
				memcpy(into, s + vfrom, vlen);
				into[vlen] = '\0';
			}
		}
		if (s[i] == '/') {
			i += 2;
			if (depth == 0)
				return "empty root";
			continue;
		}
		i++;
		if (depth == 16)
			return "too deep";
		memcpy(stack[depth], s + from, len);
		stack[depth][len] = '\0';
		depth++;
	}
	if (depth != 0)
		return "unclosed element";
	if (titles != 1 || descs != 1)
		return "not exactly one title and one desc";
	char want[160];
	snprintf(want, sizeof(want), "%s %s", tid, did);
	if (tid[0] == '\0' || did[0] == '\0' || strcmp(want, labelled) != 0)
		return "aria-labelledby does not name the title and desc";
	return NULL;
}

#endif
