/*
 * text.c - see text.h. cmark parses; we walk its tree and keep the text.
 */
#include "search/text.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmark.h>

#include "core/str.h"

int search_text_plain(const char *s, size_t n, buf *out)
{
	bool space = true; /* at the start: trims leading spaces */
	size_t start = out->len;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		size_t len = c < 0x80 ? 1 : utf8_char(s + i, n - i);
		if (c < 0x20 || c == 0x7F || c == ' ') {
			if (!space)
				buf_putc(out, ' ');
			space = true;
			i++;
			continue;
		}
		if (len == 0) { /* not a character: U+FFFD */
			buf_append(out, "\xEF\xBF\xBD", 3);
			i++;
		} else {
			buf_append(out, s + i, len);
			i += len;
		}
		space = false;
	}
	if (out->len > start && out->data[out->len - 1] == ' ')
		out->data[--out->len] = '\0';
	return buf_failed(out) ? -1 : 0;
}

int search_text_markdown(const char *md, size_t n, buf *out)
{
	cmark_node *doc = cmark_parse_document(md ? md : "", md ? n : 0,
	                                       CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8);
	if (doc == NULL)
		return -1;
	cmark_iter *it = cmark_iter_new(doc);
	if (it == NULL) {
		cmark_node_free(doc);
		return -1;
	}
	buf raw;
	buf_init(&raw, n < SIZE_MAX - 1024 ? n + 1024 : n);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		const char *lit;
		switch (cmark_node_get_type(node)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_CODE_BLOCK:
			if ((lit = cmark_node_get_literal(node)) != NULL)
				buf_puts(&raw, lit);
			if (cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK)
				buf_putc(&raw, '\n');
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(&raw, ' ');
			break;
		case CMARK_NODE_PARAGRAPH:
		case CMARK_NODE_HEADING:
		case CMARK_NODE_ITEM:
		case CMARK_NODE_BLOCK_QUOTE:
			if (ev == CMARK_EVENT_EXIT)
				buf_putc(&raw, '\n');
			break;
		default: /* raw HTML is dropped, as the page drops it */
			break;
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	int rc = buf_failed(&raw) ? -1 : search_text_plain(raw.data ? raw.data : "", raw.len, out);
	buf_free(&raw);
	return rc;
}
