/*
 * markdown.h - CommonMark to safe HTML (cmark in its safe mode).
 *
 * Raw HTML in the input is dropped, javascript:/vbscript:/file:/data:
 * links are removed, and every link gets rel="nofollow ugc". The result is
 * the only kind of text a template may print raw (keys ending in _html).
 */
#ifndef TERBUKA_MARKDOWN_H
#define TERBUKA_MARKDOWN_H

#include <stddef.h>

#include "core/arena.h"
#include "core/buf.h"

/* Appends the HTML for the n bytes of markdown at md. Returns 0, or -1
 * when out failed or cmark ran out of memory. */
int markdown_to_html(const char *md, size_t n, buf *out);

/* The HTML of the NUL-terminated markdown md in the arena; "" for NULL or
 * when it cannot be made (the failure is not worth a page of its own). */
const char *markdown_html(arena *a, const char *md);

#endif
