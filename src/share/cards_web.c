/*
 * cards_web.c - GET /kartu/:kind/:nomor/:size: a question's, programme's,
 * session's, department's or DIP item's share card as PNG ("situs" for
 * the site's own card, id 0). Only what the public page shows goes on a
 * card: a question that is not listed, a hidden answer, an exempt item's
 * summary never do.
 *
 * The card's words are read each time (a few indexed rows); the picture
 * is drawn only when they changed: its ETag is the BLAKE2b of the words,
 * the size and the drawing's version, an If-None-Match with it is a 304,
 * and the last pictures drawn are kept by that hash (share/cache.c).
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/str.h"
#include "programs/rules.h"
#include "share/share.h"
#include "view/format.h"
#include "view/locale.h"

#define CARD_VERSION "1" /* bump when the drawing changes */

static const char *text_of(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v && v[0] ? v : NULL;
}

static const char *label(arena *a, const char *prefix, const char *value)
{
	return value ? locale_get(arena_printf(a, "%s.%s", prefix, value)) : NULL;
}

/* The row a card of kind shows (NULL fields where it has none). */
static int card_row(db *c, const char *kind, int64_t id, json_t **row)
{
	static const struct { const char *kind, *sql; } q[] = {
		{ "pertanyaan", "SELECT q.title, (SELECT a.body FROM answers a WHERE a.question_id = q.id AND a.hidden = 0 "
		                "ORDER BY a.id DESC LIMIT 1) AS body, g.name AS agency, g.short_name AS initials, "
		                "g.logo FROM questions q LEFT JOIN agencies g ON g.id = q.agency_id "
		                "WHERE q.id = ? AND q.listed = 1" },
		{ "program", "SELECT p.title, p.summary AS body, p.status, p.budget, p.progress, p.fiscal_year, "
		             "g.name AS agency, g.short_name AS initials, g.logo FROM programs p "
		             "JOIN agencies g ON g.id = p.agency_id WHERE p.id = ?" },
		{ "sesi", "SELECT s.title, s.description AS body, s.starts_at, s.state, g.name AS agency, "
		          "g.short_name AS initials, g.logo FROM live_sessions s LEFT JOIN live_session_agencies sa "
		          "ON sa.session_id = s.id AND sa.position = 0 LEFT JOIN agencies g ON g.id = sa.agency_id "
		          "WHERE s.id = ?" },
		{ "dinas", "SELECT name AS title, description AS body, name AS agency, short_name AS initials, logo "
		           "FROM agencies WHERE id = ?" },
		{ "dip", "SELECT d.title, CASE WHEN d.category = 'dikecualikan' THEN '' ELSE d.summary END AS body, "
		         "d.category, g.name AS agency, g.short_name AS initials, g.logo FROM dip_items d "
		         "LEFT JOIN agencies g ON g.id = d.agency_id WHERE d.id = ?" },
	};
	for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++)
		if (strcmp(kind, q[i].kind) == 0)
			return db_query_row_json(c, q[i].sql, DB_ARGS(DB_INT(id)), row);
	return DB_DONE;
}

/* The card's words from its row. */
static void fill(arena *a, const char *kind, json_t *row, card *k)
{
	k->title = text_of(row, "title");
	k->body = text_of(row, "body");
	k->agency = text_of(row, "agency");
	k->initials = text_of(row, "initials");
	k->progress = -1;
	k->kind = locale_get(arena_printf(a, "share.kind.%s", kind));
	if (strcmp(kind, "pertanyaan") == 0) {
		k->body_label = k->body ? locale_get("share.answer") : NULL;
		if (k->body == NULL)
			k->badge = locale_get("share.unanswered");
	} else if (strcmp(kind, "program") == 0) {
		k->badge = label(a, "program_status", text_of(row, "status"));
		k->figure_label = arena_printf(a, "%s %lld", locale_get("share.budget"),
		                               (long long)json_integer_value(json_object_get(row, "fiscal_year")));
		k->figure = rupiah_short(a, json_integer_value(json_object_get(row, "budget")));
		json_int_t done = json_integer_value(json_object_get(row, "progress"));
		const char *names[] = { "n" }, *values[] = { arena_printf(a, "%lld", (long long)done) };
		k->progress = done / 100.0;
		k->progress_label = locale_fill(a, "share.progress", names, values, 1);
	} else if (strcmp(kind, "sesi") == 0) {
		k->badge = label(a, "live_state", text_of(row, "state"));
		k->figure = format_time_wib(a, text_of(row, "starts_at"));
	} else if (strcmp(kind, "dip") == 0) {
		k->badge = label(a, "kip_dip.categories", text_of(row, "category"));
	}
}

/* BLAKE2b of everything drawn: the ETag and the cache's key. */
static void card_hash(const card *k, card_size size, const char *logo, unsigned char out[SHARE_HASH])
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, SHARE_HASH);
	const char *parts[] = { CARD_VERSION, card_size_name(size), k->site, k->kind, k->title, k->body_label, k->body,
		k->agency, k->initials, k->badge, k->figure, k->figure_label, k->progress_label, k->link, logo };
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		const char *p = parts[i] ? parts[i] : "";
		crypto_generichash_update(&st, (const unsigned char *)p, strlen(p) + 1); /* with its NUL: no run-ons */
	}
	char progress[32];
	snprintf(progress, sizeof(progress), "%.4f", k->progress);
	crypto_generichash_update(&st, (const unsigned char *)progress, strlen(progress));
	crypto_generichash_final(&st, out, SHARE_HASH);
}

static void answer_png(request *req, page *pg, const unsigned char *png, size_t len, const char *etag)
{
	buf b;
	buf_init(&b, len + 1);
	buf_append(&b, png, len);
	response_set_buf(pg->res, 200, "image/png", &b);
	response_header(pg->res, "ETag", etag);
	response_header(pg->res, "Cache-Control", "public, max-age=300");
	pg->raw = true;
	(void)req;
}

void share_card_page(request *req, page *pg)
{
	const char *kind = request_param(req, "kind"), *id_text = request_param(req, "nomor");
	card_size size;
	int64_t id = 0;
	const char *size_name = request_param(req, "size");
	bool qr = size_name != NULL && strcmp(size_name, "qr") == 0;
	if (kind == NULL || (!qr && !card_size_named(size_name, &size)) || id_text == NULL ||
	    !str_to_i64(str_c(id_text), false, &id) || (id <= 0 && strcmp(kind, "situs") != 0)) {
		page_not_found(pg);
		return;
	}
	if (qr) { /* the code of a page that exists: its card's row says so */
		json_t *row = NULL;
		db *q = db_thread();
		int rc = strcmp(kind, "situs") == 0 ? DB_ROW : q ? card_row(q, kind, id, &row) : DB_UNAVAILABLE;
		json_decref(row);
		if (page_loaded(req, pg, q, rc))
			share_qr_png(req, pg, kind, id);
		return;
	}
	db *c = db_thread();
	json_t *row = NULL, *site = site_settings();
	int rc = strcmp(kind, "situs") == 0 ? (row = json_object(), DB_ROW) : c ? card_row(c, kind, id, &row)
	                                                                   : DB_UNAVAILABLE;
	if (!page_loaded(req, pg, c, rc)) {
		json_decref(site);
		return;
	}
	card k = { 0 };
	fill(req->arena, kind, row, &k);
	k.site = text_of(site, "name");
	if (strcmp(kind, "situs") == 0) {
		k.title = text_of(site, "tagline");
		k.agency = text_of(site, "org");
	}
	k.link = share_short_display(req->arena, kind, id);
	unsigned char hash[SHARE_HASH];
	const char *logo = text_of(row, "logo");
	share_logo logo_pixels = { 0 };
	card_hash(&k, size, logo, hash);
	char hex[2 * SHARE_HASH + 1];
	sodium_bin2hex(hex, sizeof(hex), hash, SHARE_HASH);
	const char *etag = arena_printf(req->arena, "\"%s\"", hex);
	const char *inm = request_header(req, "If-None-Match");
	if (inm != NULL && etag != NULL && strstr(inm, hex) != NULL) {
		response_set_text(pg->res, 304, "");
		response_header(pg->res, "ETag", etag);
		pg->raw = true;
	} else if (!share_cache_get(hash, pg, etag)) {
		if (logo != NULL && share_logo_load(logo, &logo_pixels) == 0) {
			k.logo = logo_pixels.pixels;
			k.logo_width = logo_pixels.width;
			k.logo_height = logo_pixels.height;
			k.logo_stride = logo_pixels.stride;
		}
		buf png;
		const char *why = NULL;
		if (card_png(&k, size, &png, &why) != 0) {
			page_fail(req, pg, why);
		} else {
			share_cache_put(hash, (const unsigned char *)png.data, png.len);
			answer_png(req, pg, (const unsigned char *)png.data, png.len, etag);
			buf_free(&png);
		}
		share_logo_free(&logo_pixels);
	}
	json_decref(site);
	json_decref(row);
}
