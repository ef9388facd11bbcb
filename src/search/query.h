/*
 * query.h - what a person typed into the search box, made into words an
 * engine can search for (internal to search/; fuzzed by
 * tests/fuzz/fuzz_search_query.c).
 *
 * Nothing of the person's syntax reaches an engine: the text is cut into
 * words of letters and digits (ASCII, and the letters of the scripts in
 * the list in query.c), ASCII folded to lower case, repeated words and,
 * when other words remain, Indonesian function words ("yang", "di",
 * "apakah") dropped. Quotes, `*`, `-`, `:`, `^`, `NEAR(`, `&`, `|`, `!`
 * and every other sign are only separators. Each engine then gets the
 * words in a form that holds nothing but them: for FTS5 every word in
 * double quotes (a string, never an operator), for PostgreSQL's
 * to_tsquery words joined by & or |. Stemming is the engine's: our FTS5
 * tokenizer on SQLite, the 'indonesian' configuration on PostgreSQL, so
 * the words here are not stemmed (stemming twice can cut a stem again).
 */
#ifndef TERBUKA_SEARCH_QUERY_H
#define TERBUKA_SEARCH_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SEARCH_MAX_INPUT 1000  /* bytes of the text read; the rest is ignored */
#define SEARCH_MAX_WORDS 12    /* words searched for; later ones are ignored */
#define SEARCH_MAX_WORD 48     /* bytes of one word; a longer one is not a word */
/* Room for the longest engine text: every word with its quotes and " OR "
 * before it, plus NUL. */
#define SEARCH_QUERY_TEXT (SEARCH_MAX_WORDS * (SEARCH_MAX_WORD + 6) + 1)

typedef struct search_query {
	char words[SEARCH_MAX_WORDS][SEARCH_MAX_WORD + 1]; /* NUL-terminated UTF-8 */
	size_t nwords;
	bool cut;     /* text or words past the limits were ignored */
} search_query;

/* Reads n bytes of text (any bytes: invalid UTF-8 and NUL are separators).
 * q->nwords is 0 when nothing searchable is left. Never fails. */
void search_query_parse(const char *text, size_t n, search_query *q);

/* Whether code point c (outside ASCII) belongs in a word: the letters and
 * combining marks of the scripts listed in query.c. */
bool search_query_letter(uint32_t c);

/* The FTS5 MATCH text of q: every word quoted, "a" "b" (all of them) or,
 * with any, "a" OR "b". Writes at most SEARCH_QUERY_TEXT bytes into out
 * (NUL-terminated); returns the length, 0 when q has no word. */
size_t search_query_fts5(const search_query *q, bool any, char *out);

/* The to_tsquery text of q: a & b, or a | b with any. As above. */
size_t search_query_tsquery(const search_query *q, bool any, char *out);

#endif
