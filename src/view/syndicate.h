/*
 * syndicate.h - how other programs and sites point at our pages: the
 * site's public address (--base-url) for absolute links, tag URIs that
 * name an entry for good (RFC 4151), whether a URL someone hands us is
 * one of ours, and the discovery links a page names for the layout (its
 * Atom feed, its oEmbed endpoint).
 *
 * Not for: writing feeds (view/atom.h) or answering oEmbed (site/oembed.h).
 */
#ifndef TERBUKA_VIEW_SYNDICATE_H
#define TERBUKA_VIEW_SYNDICATE_H

#include <jansson.h>

#include "core/arena.h"

/* Keeps the public address (a copy, without a final '/'); call at
 * start-up, before serving. */
void syndicate_init(const char *base_url);
/* "https://example.go.id" (no final '/'). */
const char *syndicate_base(void);
/* The host name, lower case, for tag URIs; "" when the address has none
 * that is a DNS name (an IPv6 literal). */
const char *syndicate_host(void);
/* The absolute address of a path ("/sesi/7"): base + path, in a. */
const char *syndicate_url(arena *a, const char *path);
/* An identifier that stays the same when the site moves from http to
 * https: "tag:<host>,<day>:<specific>" with the day (YYYY-MM-DD) taken
 * from made, an ISO time the thing was made; without a host name, or a
 * day, its URL instead. */
const char *syndicate_tag(arena *a, const char *made, const char *specific, const char *path);
/* The path of url ("/pertanyaan/12-x", query and fragment cut) when url is
 * an absolute http(s) address of this site (its host and port, either
 * scheme, no user name); else NULL. */
const char *syndicate_own_path(arena *a, const char *url);

/* Names the page's Atom feed for the layout's autodiscovery link and the
 * page's twin: "feed_atom" (the path) and "feed_title". */
void syndicate_feed(json_t *model, const char *path, const char *title);
/* Names the oEmbed endpoint that describes the page at path: model key
 * "oembed_json", absolute (consumers fetch it from elsewhere). */
void syndicate_oembed(arena *a, json_t *model, const char *path);

#endif
