/*
 * stem.h - Snowball's Indonesian stemmer on one word, as the FTS5
 * tokenizer applies it (internal to search/; the unit tests pin its stems).
 */
#ifndef TERBUKA_SEARCH_STEM_H
#define TERBUKA_SEARCH_STEM_H

#include <stddef.h>

/* The stem of the n bytes of word (lower-case UTF-8) into out, NUL-
 * terminated; returns its length, 0 when the word is empty, longer than
 * the tokenizer stems (64 bytes), or out is too small. */
size_t search_stem(const char *word, size_t n, char *out, size_t outlen);

#endif
