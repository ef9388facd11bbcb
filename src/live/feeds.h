/*
 * feeds.h - the live sessions for other programs and sites: an Atom feed
 * of the sessions (GET /sesi/atom, RFC 4287) for feed readers, one
 * session as an iCalendar file (GET /sesi/:id/kalender.ics, RFC 5545) for
 * a calendar, and one session as a card other sites may frame (GET
 * /sematkan/sesi/:id, embed.c) with what oEmbed says of it. Links are
 * absolute, built from the site's public address (view/syndicate.h).
 *
 * Not for: the session pages themselves (web.c).
 */
#ifndef TERBUKA_LIVE_FEEDS_H
#define TERBUKA_LIVE_FEEDS_H

#include <jansson.h>
#include <stdint.h>

#include "app.h"
#include "db/db.h"

/* How many sessions the feed carries, the latest-starting first. */
#define LIVE_FEED_ENTRIES 50

/* "28 November 2026, 09.00–10.30 WIB", or both moments in full when the
 * session ends on another WIB day; in a. */
const char *live_when_wib(arena *a, const char *starts, const char *ends);

/* GET /sesi/atom: application/atom+xml. */
void live_feed_atom(request *req, page *pg);
/* GET /sesi/:id/kalender.ics: text/calendar, as an attachment. */
void live_feed_ics(request *req, page *pg);
/* GET /sematkan/sesi/:id: the session as a card for other sites' frames. */
void live_embed_page(request *req, page *pg);
/* What oEmbed says of session id: DB_ROW with {title, author_name,
 * author_url (or null), path}, DB_DONE when there is none. */
int live_embed_info(db *c, arena *a, int64_t id, json_t **out);

#endif
