/*
 * page.c - what every public page tells link previews (share.h): the
 * layout's Open Graph and Twitter Card tags and the "Bagikan" section come
 * from one "share" object, made here from the page's own model, so no page
 * handler has to remember it. A question, programme, session, department
 * or DIP item gets its own card; every other page the site's.
 */
#include <string.h>

#include "share/share.h"
#include "view/excerpt.h"

#define DESCRIPTION_MAX 160 /* characters of a preview's description */

static const char *text_of(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

json_t *share_for_page(arena *a, json_t *model, const char *path, const char *site_title, const char *tagline)
{
	static const struct { const char *key, *kind, *title, *body; } pages[] = {
		{ "question", "pertanyaan", "title", "body" }, { "program", "program", "title", "summary" },
		{ "session", "sesi", "title", "description" }, { "agency", "dinas", "name", "description" },
		{ "item", "dip", "title", "summary" },
	};
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		json_t *o = json_object_get(model, pages[i].key);
		json_int_t id = json_integer_value(json_object_get(o, "id"));
		if (!json_is_object(o) || id <= 0 || text_of(o, pages[i].title) == NULL)
			continue;
		const char *body = text_of(o, pages[i].body);
		if (strcmp(pages[i].kind, "dip") == 0 && text_of(o, "category") != NULL &&
		    strcmp(text_of(o, "category"), "dikecualikan") == 0)
			body = NULL;
		json_t *s = share_model(a, pages[i].kind, id, text_of(o, pages[i].title),
		                        excerpt_plain(a, body, DESCRIPTION_MAX), path);
		if (s != NULL && strcmp(pages[i].kind, "pertanyaan") != 0 && strcmp(pages[i].kind, "dip") != 0) {
			/* a notice board's poster and the bare code: departments, programmes, sessions */
			json_object_set_new(s, "poster", json_string(arena_printf(a, "/poster/%s/%lld", pages[i].kind, (long long)id)));
			json_object_set_new(s, "qr", json_string(arena_printf(a, "/kartu/%s/%lld/qr", pages[i].kind, (long long)id)));
		}
		return s;
	}
	return share_model(a, "situs", 0, site_title, tagline, path);
}
