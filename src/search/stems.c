/*
 * stems.c - stemmed words for a capability that searches a short text of
 * its own (see search.h): the words cut as query.c cuts a search, each
 * stemmed by the stemmer the index uses (stem.h), so "pembangunan" in a
 * row and "membangun" in a search meet at "bangun" on both engines.
 *
 * Not for: the site's search (index.c, store.c), which has a full-text
 * index; this is a LIKE over a column, right for a few thousand rows.
 */
#include <string.h>

#include "core/str.h"
#include "search/query.h"
#include "search/search.h"
#include "search/stem.h"

#define STEM_ROOM 128 /* one stem and its spaces */

/* The code point of the well-formed character of len (2-4) bytes at p. */
static uint32_t decode(const unsigned char *p, size_t len)
{
	if (len == 2)
		return (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
	if (len == 3)
		return (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
	return (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 | (uint32_t)(p[2] & 0x3F) << 6 |
	       (p[3] & 0x3F);
}

/* Appends " stem" of the word w (len bytes, lower case) to out (o bytes
 * used of cap) unless it is there already; returns the new length. */
static size_t add(char *out, size_t o, size_t cap, const char *w, size_t len)
{
	char stem[STEM_ROOM], key[STEM_ROOM + 2];
	size_t n = search_stem(w, len, stem, sizeof(stem));
	if (n == 0 && len < sizeof(stem)) { /* no stem: the word as written */
		memcpy(stem, w, len);
		stem[len] = '\0';
		n = len;
	}
	if (n == 0 || o + n + 2 > cap)
		return o;
	key[0] = ' ';
	memcpy(key + 1, stem, n);
	key[n + 1] = ' ';
	key[n + 2] = '\0';
	out[o] = ' ';
	out[o + 1] = '\0';
	if (strstr(out, key) != NULL)
		return o;
	memcpy(out + o + 1, stem, n);
	return o + n + 1;
}

char *search_stems(arena *a, const char *text, size_t n)
{
	size_t cap;
	if (__builtin_add_overflow(n, (size_t)4, &cap))
		return NULL;
	char *out = arena_alloc(a, cap);
	if (out == NULL)
		return NULL;
	out[0] = '\0';
	size_t o = 0, start = 0, wlen = 0;
	char word[SEARCH_MAX_WORD + 1];
	const unsigned char *p = (const unsigned char *)text;
	for (size_t i = 0; i <= n;) {
		size_t len = 1;
		bool in_word = false;
		if (i < n && p[i] < 0x80)
			in_word = (p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z');
		else if (i < n && (len = utf8_char(text + i, n - i)) == 0)
			len = 1;
		else if (i < n)
			in_word = search_query_letter(decode(p + i, len));
		if (in_word && wlen == 0)
			start = i;
		if (in_word) {
			wlen += len;
		} else if (wlen > 0) {
			if (wlen <= SEARCH_MAX_WORD) { /* a longer run is not a word (query.c's rule) */
				for (size_t k = 0; k < wlen; k++) {
					char ch = text[start + k];
					word[k] = ch >= 'A' && ch <= 'Z' ? (char)(ch + 32) : ch;
				}
				o = add(out, o, cap - 1, word, wlen);
			}
			wlen = 0;
		}
		i += len;
	}
	out[o] = ' ';
	out[o + 1] = '\0';
	return out;
}

size_t search_query_stems(arena *a, const char *text, const char **out, size_t max)
{
	search_query q;
	search_query_parse(text, text ? strlen(text) : 0, &q);
	size_t k = 0;
	for (size_t i = 0; i < q.nwords && k < max; i++) {
		char stem[STEM_ROOM];
		size_t len = strlen(q.words[i]);
		size_t n = search_stem(q.words[i], len, stem, sizeof(stem));
		const char *s = n ? stem : q.words[i];
		bool seen = false;
		for (size_t j = 0; j < k; j++)
			seen = seen || strcmp(out[j], s) == 0;
		if (seen)
			continue;
		if ((out[k] = arena_strdup(a, s)) == NULL)
			return k;
		k++;
	}
	return k;
}
