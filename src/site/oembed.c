/*
 * oembed.c - the oEmbed endpoint (see oembed.h).
 *
 * The url is matched against this site's public address (host and port;
 * http or https, since a page may be shared under either), then its path
 * against the three kinds of page that have a card. What the answer says
 * of the item (title, department) comes from its capability, which also
 * decides whether the public may see it. The iframe's size is the card's,
 * narrowed to maxwidth/maxheight (a card reflows, a little taller when
 * narrow; it scrolls inside a lower frame), and refused below what a
 * card can show at all.
 */
#include "site/oembed.h"

#include <string.h>

#include "core/str.h"
#include "http/parse.h"
#include "live/feeds.h"
#include "programs/feeds.h"
#include "questions/feeds.h"
#include "site/site.h"
#include "view/syndicate.h"

#define WIDTH 480
#define MIN_WIDTH 200
#define MIN_HEIGHT 120
#define NARROW 360 /* px: a phone's article column and less */
#define CACHE_AGE 3600

typedef int (*info_fn)(db *c, arena *a, int64_t id, json_t **out);

static const struct kind {
	const char *prefix; /* of the page's path */
	bool slug;          /* ":id-slug" (else ":id") */
	const char *card;   /* the embed route's path */
	int height;         /* from NARROW px wide; its parts are cut at a line to fit (embed.css) */
	int narrow;         /* below NARROW, where the lines wrap more */
	info_fn info;
} kinds[] = {
	{ "/pertanyaan/", true, "/sematkan/pertanyaan/", 380, 380, questions_embed_info },
	{ "/program/", true, "/sematkan/program/", 300, 340, programs_embed_info },
	{ "/sesi/", false, "/sematkan/sesi/", 290, 330, live_embed_info },
};

/* The kind and id of a page's path ("/program/12-jalan"), or NULL. */
static const struct kind *match(const char *path, int64_t *id)
{
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		size_t pl = strlen(kinds[k].prefix);
		if (strncmp(path, kinds[k].prefix, pl) != 0)
			continue;
		const char *p = path + pl;
		size_t digits = strspn(p, "0123456789");
		const char *tail = p + digits;
		bool ok = tail[0] == '\0' ||
		          (kinds[k].slug && tail[0] == '-' && tail[1] != '\0' &&
		           strspn(tail + 1, "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(tail + 1));
		if (digits > 0 && p[0] != '0' && ok && str_to_i64((str){ p, digits }, false, id) && *id > 0)
			return &kinds[k];
	}
	return NULL;
}

/* A size parameter: absent (*v untouched), or a positive whole number. */
static bool size_param(const request *req, const char *name, int64_t *v)
{
	const char *s = http_params_get(&req->query, name);
	if (s == NULL || s[0] == '\0')
		return true;
	return str_to_i64(str_c(s), false, v) && *v > 0;
}

static const char *iframe(arena *a, const char *src, const char *title, int64_t w, int64_t h)
{
	buf b;
	buf_init(&b, 8192);
	buf_puts(&b, "<iframe src=\"");
	buf_append_html(&b, src, strlen(src));
	buf_printf(&b, "\" width=\"%lld\" height=\"%lld\" title=\"", (long long)w, (long long)h);
	buf_append_html(&b, title, strlen(title));
	buf_puts(&b, "\" loading=\"lazy\" style=\"border:0;max-width:100%\"></iframe>");
	const char *html = buf_failed(&b) ? NULL : arena_strndup(a, b.data, b.len);
	buf_free(&b);
	return html;
}

/* Which item url names: 200 with its kind and id, or the error status
 * with the locale key (*why) that says why not. */
static unsigned resolve(const request *req, const char *url, const struct kind **k, int64_t *id,
                        int64_t *maxwidth, int64_t *maxheight, const char **why)
{
	const char *format = http_params_get(&req->query, "format");
	const char *path = NULL;
	unsigned status = 200;
	*why = NULL;
	if (format != NULL && strcmp(format, "json") != 0) {
		status = 501;
		*why = "syndication.oembed_format";
	} else if (url == NULL || url[0] == '\0') {
		status = 400;
		*why = "syndication.oembed_no_url";
	} else if (!size_param(req, "maxwidth", maxwidth) || !size_param(req, "maxheight", maxheight)) {
		status = 400;
		*why = "syndication.oembed_size";
	} else if ((path = syndicate_own_path(req->arena, url)) == NULL) {
		status = 404;
		*why = "syndication.oembed_foreign";
	} else if ((*k = match(path, id)) == NULL) {
		status = 404;
		*why = "syndication.oembed_not_embeddable";
	} else if (*maxwidth < MIN_WIDTH || *maxheight < MIN_HEIGHT) {
		status = 404;
		*why = "syndication.oembed_too_small";
	}
	return status;
}

void site_oembed(request *req, page *pg)
{
	pg->json_only = true;
	/* public data, no credentials: a news portal's editor may ask from its page */
	response_header(pg->res, "Access-Control-Allow-Origin", "*");
	arena *a = req->arena;
	const char *url = http_params_get(&req->query, "url");
	const struct kind *k = NULL;
	int64_t maxwidth = WIDTH, maxheight = 10000, id = 0;
	const char *why;
	unsigned status = resolve(req, url, &k, &id, &maxwidth, &maxheight, &why);
	db *c = db_thread();
	json_t *info = NULL;
	int rc = status != 200 ? DB_OK : c ? k->info(c, a, id, &info) : DB_UNAVAILABLE;
	if (status == 200 && rc == DB_DONE) {
		status = 404;
		why = "syndication.oembed_not_found";
	}
	if (status != 200) {
		pg->status = status;
		pg->error = why;
		return;
	}
	if (rc != DB_ROW) {
		page_db_error(req, pg, c, rc);
		return;
	}
	int64_t width = maxwidth < WIDTH ? maxwidth : WIDTH;
	int64_t card = width < NARROW ? k->narrow : k->height;
	int64_t height = maxheight < card ? maxheight : card;
	const char *title = json_string_value(json_object_get(info, "title"));
	const char *src = syndicate_url(a, arena_printf(a, "%s%lld", k->card, (long long)id));
	const char *html = src && title ? iframe(a, src, title, width, height) : NULL;
	json_t *site = site_settings();
	const char *name = json_string_value(json_object_get(site, "name"));
	json_t *m = html ? json_pack("{s:s, s:s, s:s, s:s, s:O, s:O, s:O, s:s, s:I, s:I, s:i}",
		"version", "1.0", "type", "rich", "provider_name", name ? name : "",
		"provider_url", syndicate_url(a, "/"), "title", json_object_get(info, "title"),
		"author_name", json_object_get(info, "author_name"), "author_url", json_object_get(info, "author_url"),
		"html", html, "width", (json_int_t)width, "height", (json_int_t)height, "cache_age", CACHE_AGE)
	                 : NULL;
	json_decref(site);
	json_decref(info);
	if (m == NULL || arena_failed(a)) {
		json_decref(m);
		page_fail(req, pg, "the oEmbed answer could not be built");
		return;
	}
	/* an author unknown (a question asked of nobody yet) is left out */
	if (json_is_null(json_object_get(m, "author_name")))
		json_object_del(m, "author_name");
	if (json_is_null(json_object_get(m, "author_url")))
		json_object_del(m, "author_url");
	pg->model = m;
}
