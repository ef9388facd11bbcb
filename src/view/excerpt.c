/*
 * excerpt.c - a text's beginning as one plain line (see excerpt.h).
 *
 * Only markdown's marks are taken out, where they are marks: headings and
 * quotes (# >) at the start of a line, emphasis (* `, and _ at a word's
 * edge), and a link's brackets and address; a '>' or ']' in the middle of
 * a sentence is text and stays.
 */
#include "view/excerpt.h"

#include <stdbool.h>
#include <string.h>

#include "core/str.h"

#define ELLIPSIS "\xE2\x80\xA6"

static bool space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c & 0x80);
}

/* After "](" at i: the index past the address's closing ')' (nested
 * parentheses counted), or 0 when it is not closed. */
static size_t address_end(const char *s, size_t n, size_t i)
{
	int depth = 0;
	for (size_t k = i; k < n && s[k] != '\n'; k++) {
		if (s[k] == '(')
			depth++;
		else if (s[k] == ')' && --depth == 0)
			return k + 1;
	}
	return 0;
}

/* Whether the '[' at i opens a link: "[text](" before the line ends. */
static bool link_opens(const char *s, size_t n, size_t i)
{
	for (size_t k = i + 1; k + 1 < n && s[k] != '\n'; k++)
		if (s[k] == ']')
			return s[k + 1] == '(' && address_end(s, n, k + 1) > 0;
	return false;
}

/* The length of markdown's mark at i, 0 when the byte at i is text. */
static size_t mark(const char *s, size_t n, size_t i, bool line_start)
{
	char c = s[i];
	if (line_start && (c == '#' || c == '>')) {
		size_t k = i;
		while (k < n && (s[k] == '#' || s[k] == '>'))
			k++;
		return k - i;
	}
	if (c == '*' || c == '`')
		return 1;
	if (c == '_' && (i == 0 || !word(s[i - 1]) || i + 1 == n || !word(s[i + 1])))
		return 1;
	if (c == '[' && link_opens(s, n, i))
		return 1;
	if (c == ']' && i + 1 < n && s[i + 1] == '(') {
		size_t end = address_end(s, n, i + 1);
		if (end > 0)
			return end - i;
	}
	return 0;
}

/* Whether anything but white space and marks is left from i on. */
static bool more_text(const char *s, size_t n, size_t i)
{
	for (; i < n; i++)
		if (!space(s[i]) && s[i] != '*' && s[i] != '`' && s[i] != '#')
			return true;
	return false;
}

const char *excerpt_plain(arena *a, const char *md, size_t max)
{
	if (md == NULL)
		return "";
	size_t n = strlen(md);
	char *out = arena_alloc(a, n + sizeof(ELLIPSIS));
	if (out == NULL)
		return NULL;
	size_t o = 0, chars = 0, cut = 0; /* cut: where the last whole word ends */
	bool pending_space = false, truncated = false, line_start = true;
	size_t i = 0;
	while (i < n && !truncated) {
		if (space(md[i])) {
			pending_space = true;
			line_start = line_start || md[i] == '\n';
			i++;
			continue;
		}
		size_t m = mark(md, n, i, line_start);
		line_start = false;
		if (m > 0) {
			i += m;
			continue;
		}
		size_t k = utf8_char(md + i, n - i);
		if (k == 0)
			k = 1; /* not UTF-8: the caller promised it is; never loop */
		if (pending_space && o > 0) {
			cut = o;
			out[o++] = ' ';
			chars++;
		}
		pending_space = false;
		/* keep room for the ellipsis while more text follows */
		if (chars + 1 > max || (chars + 2 > max && more_text(md, n, i + k))) {
			truncated = true;
			break;
		}
		memcpy(out + o, md + i, k);
		o += k;
		chars++;
		i += k;
	}
	if (truncated) {
		if (cut > 0)
			o = cut;
		while (o > 0 && out[o - 1] == ' ')
			o--;
		memcpy(out + o, ELLIPSIS, sizeof(ELLIPSIS)); /* with the NUL */
		return out;
	}
	out[o] = '\0';
	return out;
}
