/*
 * feeds.h - the live sessions for other programs: an Atom feed of the
 * sessions (GET /sesi/atom, RFC 4287) for feed readers, and one session
 * as an iCalendar file (GET /sesi/:id/kalender.ics, RFC 5545) for a
 * calendar. Both carry absolute links, built from the site's public
 * address (--base-url).
 *
 * Not for: the session pages themselves (web.c).
 */
#ifndef TERBUKA_LIVE_FEEDS_H
#define TERBUKA_LIVE_FEEDS_H

#include "app.h"
#include "core/config.h"

/* How many sessions the feed carries, the latest-starting first. */
#define LIVE_FEED_ENTRIES 50

/* Keeps the site's public address (cfg->base_url) for the feeds' links
 * and identifiers; call at start-up, before serving. 0. */
int live_feeds_init(const struct config *cfg);

/* GET /sesi/atom: application/atom+xml. */
void live_feed_atom(request *req, page *pg);
/* GET /sesi/:id/kalender.ics: text/calendar, as an attachment. */
void live_feed_ics(request *req, page *pg);

#endif
