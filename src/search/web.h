/*
 * web.h - the search pages, for the route table.
 */
#ifndef TERBUKA_SEARCH_WEB_H
#define TERBUKA_SEARCH_WEB_H

#include "app.h"

/* GET /cari: results, filters, snippets; JSON twin /cari.json. */
void search_page(request *req, page *pg);
/* GET /cari/saran.json?q=: search_similar_questions for the ask form. */
void search_suggest(request *req, page *pg);

#endif
