/*
 * text.h - the text the index stores and searches (internal to search/):
 * markdown without its markup, and no control characters, so the
 * sentinels that mark hits in snippets (0x01-0x03) can only be ours.
 */
#ifndef TERBUKA_SEARCH_TEXT_H
#define TERBUKA_SEARCH_TEXT_H

#include <stddef.h>

#include "core/buf.h"

/* Appends the text of the n bytes of markdown at md: what a reader sees
 * (words, code, link texts; no raw HTML, no link addresses), blocks
 * separated by one space. 0, or -1 when out failed or cmark ran out of
 * memory. */
int search_text_markdown(const char *md, size_t n, buf *out);

/* Appends the n bytes of plain text at s with every control character
 * (C0, DEL) made a space and runs of spaces made one, trimmed. Invalid
 * UTF-8 is repaired. 0, or -1 when out failed. */
int search_text_plain(const char *s, size_t n, buf *out);

#endif
