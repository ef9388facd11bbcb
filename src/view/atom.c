/*
 * atom.c - Atom feeds (see atom.h).
 */
#include "view/atom.h"

#include <string.h>

#include "core/clock.h"
#include "view/syndicate.h"
#include "view/xml.h"

static void text(buf *b, const char *s)
{
	s = s ? s : "";
	xml_append_text(b, s, strlen(s));
}

static void element(buf *b, const char *name, const char *value)
{
	buf_printf(b, "<%s>", name);
	text(b, value);
	buf_printf(b, "</%s>\n", name);
}

/* A text construct (RFC 4287 3.1): type "text", or "html" whose markup is
 * escaped once more, so a reader sees it as HTML and an XML parser as
 * text. */
static void construct(buf *b, const char *name, const char *type, const char *value)
{
	buf_printf(b, "<%s type=\"%s\">", name, type);
	text(b, value);
	buf_printf(b, "</%s>\n", name);
}

static void link_el(buf *b, arena *a, const char *rel, const char *type, const char *path)
{
	buf_printf(b, "<link rel=\"%s\" type=\"%s\" href=\"", rel, type);
	text(b, path ? syndicate_url(a, path) : NULL);
	buf_puts(b, "\"/>\n");
}

static void author(buf *b, const char *name)
{
	buf_puts(b, "<author>\n");
	element(b, "name", name);
	buf_puts(b, "</author>\n");
}

void atom_begin(buf *b, arena *a, const atom_feed *f)
{
	char now[CLOCK_ISO_LEN];
	clock_iso(now, clock_now());
	buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"id\">\n");
	element(b, "id", syndicate_url(a, f->path));
	construct(b, "title", "text", f->title);
	element(b, "updated", f->updated ? f->updated : now);
	author(b, f->author);
	link_el(b, a, "self", "application/atom+xml", f->path);
	link_el(b, a, "alternate", "text/html", f->page);
}

void atom_add(buf *b, arena *a, const atom_entry *e)
{
	buf_puts(b, "<entry>\n");
	element(b, "id", e->id);
	construct(b, "title", "text", e->title);
	if (e->published != NULL)
		element(b, "published", e->published);
	element(b, "updated", e->updated);
	if (e->author != NULL)
		author(b, e->author);
	link_el(b, a, "alternate", "text/html", e->link);
	if (e->related != NULL)
		link_el(b, a, "related", e->related_type ? e->related_type : "text/html", e->related);
	if (e->summary != NULL && e->summary[0] != '\0')
		construct(b, "summary", "text", e->summary);
	if (e->content_html != NULL)
		construct(b, "content", "html", e->content_html);
	else if (e->content != NULL && e->content[0] != '\0')
		construct(b, "content", "text", e->content);
	buf_puts(b, "</entry>\n");
}

bool atom_respond(buf *b, response *res)
{
	buf_puts(b, "</feed>\n");
	if (buf_failed(b)) {
		buf_free(b);
		return false;
	}
	response_set_buf(res, 200, ATOM_TYPE, b);
	res->compressible = true;
	return true;
}

const char *atom_latest(json_t *rows, const char *key)
{
	const char *latest = NULL;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		const char *v = json_string_value(json_object_get(r, key));
		if (v != NULL && (latest == NULL || strcmp(v, latest) > 0))
			latest = v;
	}
	return latest;
}
