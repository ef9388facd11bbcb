/*
 * share.c - short links and the share model of a page (share.h).
 *
 * A short link is the kind's letter and the id in base 36: /s/t1c is
 * question 48. Nothing is stored: the code is the address, so a link
 * printed on a poster years ago still leads where it did, and /s/ never
 * reveals anything the page itself does not.
 */
#include "share/share.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/parse.h"
#include "view/syndicate.h"
#include "view/locale.h"

static const struct {
	const char *kind;
	char letter;
	const char *path; /* the page, before its id */
} kinds[] = {
	{ "pertanyaan", 't', "/pertanyaan/" },
	{ "program", 'p', "/program/" },
	{ "sesi", 's', "/sesi/" },
	{ "dinas", 'd', NULL }, /* by slug: looked up */
	{ "dip", 'i', "/dip/" },
	{ "situs", 'w', NULL },
};

void share_free(void)
{
	share_cache_free();
}

static const char *url(void)
{
	return syndicate_base();
}

static int kind_index(const char *kind)
{
	for (size_t i = 0; kind != NULL && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kind, kinds[i].kind) == 0)
			return (int)i;
	return -1;
}

const char *share_short_path(arena *a, const char *kind, int64_t id)
{
	int k = kind_index(kind);
	if (k < 0)
		return NULL;
	char digits[16];
	size_t n = 0;
	uint64_t v = id > 0 ? (uint64_t)id : 0;
	do {
		digits[n++] = "0123456789abcdefghijklmnopqrstuvwxyz"[v % 36];
		v /= 36;
	} while (v > 0 && n < sizeof(digits) - 1);
	char code[20];
	size_t o = 0;
	code[o++] = kinds[k].letter;
	while (n > 0)
		code[o++] = digits[--n];
	code[o] = '\0';
	return arena_printf(a, "/s/%s", code);
}

const char *share_short_display(arena *a, const char *kind, int64_t id)
{
	const char *u = url(), *host = strstr(u, "://"); /* printed: no scheme */
	const char *path = share_short_path(a, kind, id);
	return path ? arena_printf(a, "%s%s", host ? host + 3 : u, path) : NULL;
}

/* GET /s/:slug: 301 to the page the code names (404 when it names none). */
void share_short_page(request *req, page *pg)
{
	const char *code = request_param(req, "slug");
	int64_t id = 0;
	int k = -1;
	for (size_t i = 0; code != NULL && code[0] && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (kinds[i].letter == code[0])
			k = (int)i;
	if (k < 0 || strlen(code) < 2 || strlen(code) > 12 ||
	    strspn(code + 1, "0123456789abcdefghijklmnopqrstuvwxyz") != strlen(code + 1)) {
		page_not_found(pg);
		return;
	}
	id = strtoll(code + 1, NULL, 36);
	const char *to = NULL;
	if (kinds[k].letter == 'w') {
		to = "/";
	} else if (kinds[k].path != NULL) {
		to = arena_printf(req->arena, "%s%lld", kinds[k].path, (long long)id);
	} else {
		json_t *row = NULL;
		db *c = db_thread();
		int rc = c ? db_query_row_json(c, "SELECT slug FROM agencies WHERE id = ?", DB_ARGS(DB_INT(id)), &row)
		           : DB_UNAVAILABLE;
		if (rc == DB_ROW)
			to = arena_printf(req->arena, "/dinas/%s", json_string_value(json_object_get(row, "slug")));
		json_decref(row);
		if (rc != DB_ROW && rc != DB_DONE) {
			page_db_error(req, pg, c, rc);
			return;
		}
	}
	if (to == NULL) {
		page_not_found(pg);
		return;
	}
	page_redirect(pg, 301, to);
}

/* The sharing links, each a plain link: no script, no tracker. */
static json_t *targets(arena *a, const char *link, const char *title)
{
	const char *u = http_percent_encode(a, link), *t = http_percent_encode(a, title ? title : "");
	const char *both = http_percent_encode(a, arena_printf(a, "%s %s", title ? title : "", link));
	return json_pack("[{s:s, s:s}, {s:s, s:s}, {s:s, s:s}, {s:s, s:s}]",
		"name", "WhatsApp", "url", arena_printf(a, "https://wa.me/?text=%s", both),
		"name", "Facebook", "url", arena_printf(a, "https://www.facebook.com/sharer/sharer.php?u=%s", u),
		"name", "X", "url", arena_printf(a, "https://twitter.com/intent/tweet?text=%s&url=%s", t, u),
		"name", "Telegram", "url", arena_printf(a, "https://t.me/share/url?url=%s&text=%s", u, t));
}

json_t *share_model(arena *a, const char *kind, int64_t id, const char *title, const char *description,
                    const char *canonical)
{
	int w, h;
	card_dimensions(CARD_PREVIEW, &w, &h);
	const char *cards = arena_printf(a, "%s/kartu/%s/%lld/", url(), kind, (long long)id);
	const char *shortp = share_short_path(a, kind, id);
	const char *link = arena_printf(a, "%s%s", url(), shortp ? shortp : canonical);
	const char *names[] = { "judul" }, *values[] = { title ? title : "" };
	const char *alt = locale_fill(a, "share.image_alt", names, values, 1);
	json_t *sizes = json_array();
	for (int s = 0; s < CARD_SIZES; s++) {
		int sw, sh;
		card_dimensions((card_size)s, &sw, &sh);
		json_array_append_new(sizes, json_pack("{s:s, s:s, s:i, s:i}", "url",
			arena_printf(a, "%s%s", cards, card_size_name((card_size)s)),
			"label", locale_get(arena_printf(a, "share.size.%s", card_size_name((card_size)s))),
			"width", sw, "height", sh));
	}
	json_t *to = targets(a, link, title);
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:s, s:s, s:o, s:o}",
		"url", arena_printf(a, "%s%s", url(), canonical), "title", title ? title : "",
		"description", description ? description : "", "type", strcmp(kind, "situs") == 0 ? "website" : "article",
		"image", arena_printf(a, "%spratinjau", cards), "image_width", w, "image_height", h,
		"image_alt", alt ? alt : "", "short", link, "sizes", sizes, "targets", to);
}
