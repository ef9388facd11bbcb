/*
 * markdown.c - safe markdown rendering over cmark (see markdown.h).
 *
 * cmark escapes all text, so in its output the sequence `<a href="` can
 * only be a link cmark made itself: adding rel there is safe.
 */
#include "view/markdown.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

int markdown_to_html(const char *md, size_t n, buf *out)
{
	/* CMARK_OPT_UNSAFE is off: raw HTML and dangerous URLs are dropped. */
	char *html = cmark_markdown_to_html(md, n, CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8);
	if (html == NULL)
		return -1;
	static const char link[] = "<a href=\"";
	static const char safe_link[] = "<a rel=\"nofollow ugc\" href=\"";
	const char *p = html;
	const char *hit;
	while ((hit = strstr(p, link)) != NULL) {
		buf_append(out, p, (size_t)(hit - p));
		buf_append(out, safe_link, sizeof(safe_link) - 1);
		p = hit + sizeof(link) - 1;
	}
	buf_puts(out, p);
	free(html);
	return buf_failed(out) ? -1 : 0;
}

const char *markdown_html(arena *a, const char *md)
{
	buf b;
	buf_init(&b, 1024 * 1024);
	if (md == NULL || markdown_to_html(md, strlen(md), &b) != 0 || buf_failed(&b)) {
		buf_free(&b);
		return "";
	}
	const char *out = arena_strndup(a, b.data ? b.data : "", b.len);
	buf_free(&b);
	return out ? out : "";
}
