/*
 * oembed.h - the oEmbed endpoint (https://oembed.com), through which a
 * news portal's editor turns one of our links into an embedded card:
 * GET /oembed?url=<a question, programme or session page>&maxwidth=&
 * maxheight=&format=json answers a "rich" oEmbed object whose html is an
 * <iframe> of the card (/sematkan/pertanyaan/:id, /sematkan/program/:id,
 * /sematkan/sesi/:id).
 *
 * Refused, as JSON errors: no url or a bad size (400), a url not of this
 * site or not of an item that has a card, or an item that is not public
 * (404), a format other than json (501, as the specification asks).
 */
#ifndef TERBUKA_SITE_OEMBED_H
#define TERBUKA_SITE_OEMBED_H

#include "app.h"

/* GET /oembed. */
void site_oembed(request *req, page *pg);

#endif
