/*
 * feeds.h - a programme for other programs and sites: an Atom feed of its
 * news (GET /program/:id/atom: the officers' progress reports and every
 * recorded change of its data, status, progress and budget included),
 * and the programme as a card other sites may frame (GET
 * /sematkan/program/:id, embed.c) with what oEmbed says of it.
 *
 * Not for: the programme pages themselves (web.c).
 */
#ifndef TERBUKA_PROGRAMS_FEEDS_H
#define TERBUKA_PROGRAMS_FEEDS_H

#include <jansson.h>
#include <stdint.h>

#include "app.h"
#include "core/arena.h"
#include "db/db.h"

/* GET /program/:id/atom: application/atom+xml. */
void programs_feed_atom(request *req, page *pg);
/* GET /sematkan/program/:id: status, budget, realisation and progress as
 * a card for other sites' frames. */
void programs_embed_page(request *req, page *pg);
/* What oEmbed says of programme id: DB_ROW with {title, author_name,
 * author_url, path}, DB_DONE when there is none. */
int programs_embed_info(db *c, arena *a, int64_t id, json_t **out);

#endif
