/*
 * share.h - making answers travel (issue #10): share cards (card.h) and
 * their pages, short links, and what a page says to link previews (Open
 * Graph and Twitter Card tags, built by share_model for the layout).
 */
#ifndef TERBUKA_SHARE_H
#define TERBUKA_SHARE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "core/arena.h"
#include "core/config.h"
#include "db/db.h"
#include "share/card.h"
#include "site/site.h"

#define SHARE_HASH 32

/* Releases the kept cards (at exit). Links use the site's public address
 * (view/syndicate.h, --base-url). */
void share_free(void);

/* The short link's path of a page ("/s/t1c"), and as printed on a card,
 * the host and path without the scheme ("bekasikab.go.id/s/t1c"). kind is
 * a card kind: pertanyaan, program, sesi, dinas, dip, situs. */
const char *share_short_path(arena *a, const char *kind, int64_t id);
const char *share_short_display(arena *a, const char *kind, int64_t id);

/* The model "share" a public page gives the layout: its canonical URL,
 * title and description, and its card (the 1200 x 630 preview) with its
 * dimensions and text alternative; links to the other sizes and the
 * sharing links (WhatsApp, Facebook, X, Telegram). canonical is the
 * page's path. */
json_t *share_model(arena *a, const char *kind, int64_t id, const char *title, const char *description,
                    const char *canonical);

/* The "share" object of the page at path whose model is model (page.c):
 * the card of the question, programme, session, department or DIP item it
 * shows, else the site's (titled site_title, described by tagline). */
json_t *share_for_page(arena *a, json_t *model, const char *path, const char *site_title, const char *tagline);

/* Pictures drawn lately, by the hash of their words (cache.c). get answers
 * pg with the picture and true when it is kept. */
bool share_cache_get(const unsigned char hash[SHARE_HASH], page *pg, const char *etag);
void share_cache_put(const unsigned char hash[SHARE_HASH], const unsigned char *png, size_t len);
void share_cache_free(void);

/* A department's logo (a stored upload's small thumbnail), decoded into
 * cairo's 32-bit ARGB for a card (logo.c). 0, or -1 when it cannot be read
 * (the card then shows the initials). */
typedef struct share_logo {
	unsigned char *pixels;
	int width, height, stride;
} share_logo;
int share_logo_load(const char *hash, share_logo *out);
void share_logo_free(share_logo *l);

/* Routes. */
void share_card_page(request *req, page *pg);
void share_short_page(request *req, page *pg);
void share_poster_page(request *req, page *pg);
/* The QR code of kind id's short link as PNG (poster.c). */
void share_qr_png(request *req, page *pg, const char *kind, int64_t id);

#endif
