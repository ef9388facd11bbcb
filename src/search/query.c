/*
 * query.c - a person's search text as words (see query.h). Pure: no
 * allocation, no engine, no locale.
 */
#include "search/query.h"

#include <stdint.h>
#include <string.h>

#include "core/str.h"

/* Function words a search drops when other words remain: they are in
 * nearly every text, so requiring them only hides results. ASCII lower
 * case, sorted for bsearch. */
static const char *const stopwords[] = {
	"ada", "adalah", "agar", "akan", "apa", "apakah", "atau", "bagaimana", "bahwa", "belum",
	"bisa", "bu", "dalam", "dan", "dari", "dengan", "di", "dimana", "ini", "itu", "juga",
	"kami", "kapan", "karena", "ke", "kenapa", "mana", "mengapa", "mohon", "oleh", "pada",
	"pak", "saja", "saya", "siapa", "sudah", "tersebut", "tolong", "untuk", "yang",
};
#define NSTOP (sizeof(stopwords) / sizeof(stopwords[0]))

static bool is_stopword(const char *w)
{
	size_t lo = 0, hi = NSTOP;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(w, stopwords[mid]);
		if (c == 0)
			return true;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

/* The code point of the well-formed character of len bytes at p. */
static uint32_t decode(const unsigned char *p, size_t len)
{
	switch (len) {
	case 2:
		return (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
	case 3:
		return (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
	default:
		return (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
		       (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
	}
}

/* Letters (and combining marks) of the scripts a word may be written in;
 * every other character outside ASCII separates words, as punctuation,
 * symbols, spaces and emoji do. */
bool search_query_letter(uint32_t c)
{
	static const struct { uint32_t lo, hi; } ranges[] = {
		{ 0x00C0, 0x00D6 }, { 0x00D8, 0x00F6 }, { 0x00F8, 0x024F }, /* Latin, not × ÷ */
		{ 0x0300, 0x036F },                                          /* combining marks */
		{ 0x0370, 0x03FF }, { 0x0400, 0x04FF },                      /* Greek, Cyrillic */
		{ 0x0620, 0x064A }, { 0x064B, 0x065F }, { 0x0660, 0x0669 },  /* Arabic (Jawi) */
		{ 0x066E, 0x06D3 },
		{ 0x0900, 0x0DFF }, { 0x0E00, 0x0E7F },                      /* Indic, Thai */
		{ 0x1E00, 0x1EFF },                                          /* Latin extended */
		{ 0x3040, 0x30FF }, { 0x4E00, 0x9FFF }, { 0xAC00, 0xD7A3 },  /* kana, CJK, Hangul */
	};
	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		if (c >= ranges[i].lo && c <= ranges[i].hi)
			return true;
	return false;
}

/* Adds the word w (len bytes) unless it repeats one already there. */
static void add(search_query *q, const char *w, size_t len)
{
	if (len == 0 || len > SEARCH_MAX_WORD)
		return;
	for (size_t i = 0; i < q->nwords; i++)
		if (strlen(q->words[i]) == len && memcmp(q->words[i], w, len) == 0)
			return;
	if (q->nwords == SEARCH_MAX_WORDS) {
		q->cut = true;
		return;
	}
	memcpy(q->words[q->nwords], w, len);
	q->words[q->nwords][len] = '\0';
	q->nwords++;
}

void search_query_parse(const char *text, size_t n, search_query *q)
{
	memset(q, 0, sizeof(*q));
	if (text == NULL)
		return;
	if (n > SEARCH_MAX_INPUT) {
		n = SEARCH_MAX_INPUT; /* a character cut here is invalid: a separator */
		q->cut = true;
	}
	const unsigned char *p = (const unsigned char *)text;
	char word[SEARCH_MAX_WORD + 1];
	size_t wlen = 0;
	bool too_long = false;
	for (size_t i = 0; i <= n;) {
		size_t len = 1;
		bool in_word = false;
		if (i < n) {
			unsigned char c = p[i];
			if (c < 0x80) {
				in_word = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
			} else if ((len = utf8_char(text + i, n - i)) == 0) {
				len = 1; /* not a character: a separator */
			} else {
				in_word = search_query_letter(decode(p + i, len));
			}
		}
		if (in_word) {
			if (wlen + len > SEARCH_MAX_WORD) {
				too_long = true;
			} else {
				for (size_t k = 0; k < len; k++) {
					char ch = (char)p[i + k];
					word[wlen++] = ch >= 'A' && ch <= 'Z' ? (char)(ch + 32) : ch;
				}
			}
		} else if (wlen > 0 || too_long) {
			if (!too_long)
				add(q, word, wlen);
			wlen = 0;
			too_long = false;
		}
		i += len;
	}
	/* Function words go when at least one other word stays. */
	size_t keep = 0;
	for (size_t i = 0; i < q->nwords; i++)
		if (!is_stopword(q->words[i]))
			keep++;
	if (keep == 0 || keep == q->nwords)
		return;
	size_t o = 0;
	for (size_t i = 0; i < q->nwords; i++) {
		if (is_stopword(q->words[i]))
			continue;
		if (o != i)
			memcpy(q->words[o], q->words[i], sizeof(q->words[o]));
		o++;
	}
	q->nwords = o;
}

/* Joins q's words into out, each between open and close, with sep between. */
static size_t join(const search_query *q, const char *open, const char *close, const char *sep,
                   char *out)
{
	size_t o = 0;
	out[0] = '\0';
	for (size_t i = 0; i < q->nwords && i < SEARCH_MAX_WORDS; i++) {
		const char *parts[] = { i ? sep : "", open, q->words[i], close };
		for (size_t k = 0; k < 4; k++) {
			size_t len = strnlen(parts[k], SEARCH_MAX_WORD + 1);
			if (o + len >= SEARCH_QUERY_TEXT) /* cannot happen within the limits */
				return 0;
			memcpy(out + o, parts[k], len);
			o += len;
		}
	}
	out[o] = '\0';
	return o;
}

size_t search_query_fts5(const search_query *q, bool any, char *out)
{
	return join(q, "\"", "\"", any ? " OR " : " ", out);
}

size_t search_query_tsquery(const search_query *q, bool any, char *out)
{
	return join(q, "", "", any ? " | " : " & ", out);
}
