/*
 * feeds.h - the official answers for other programs and sites: Atom feeds
 * of the newest answers (GET /pertanyaan/atom) and of one department's
 * (GET /dinas/:slug/atom), and one public question as a card other sites
 * may frame (GET /sematkan/pertanyaan/:id, embed.c) with what oEmbed says
 * of it. Only what the public may see: listed questions and answers that
 * are not hidden; never the asker.
 *
 * Not for: the question pages themselves (web.c).
 */
#ifndef TERBUKA_QUESTIONS_FEEDS_H
#define TERBUKA_QUESTIONS_FEEDS_H

#include <jansson.h>
#include <stdint.h>

#include "app.h"
#include "core/arena.h"
#include "db/db.h"

/* GET /pertanyaan/atom and GET /dinas/:slug/atom: application/atom+xml. */
void questions_feed_atom(request *req, page *pg);
void questions_agency_feed_atom(request *req, page *pg);
/* GET /sematkan/pertanyaan/:id: the question and its latest official
 * answer as a card for other sites' frames. */
void questions_embed_page(request *req, page *pg);
/* What oEmbed says of question id: DB_ROW with {title, author_name,
 * author_url (or null), path}, DB_DONE when it is not public. */
int questions_embed_info(db *c, arena *a, int64_t id, json_t **out);

#endif
