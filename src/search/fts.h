/*
 * fts.h - what search/ adds to SQLite's FTS5 on every connection
 * (internal to search/; tokenizer.c registers both).
 */
#ifndef TERBUKA_SEARCH_FTS_H
#define TERBUKA_SEARCH_FTS_H

#include <sqlite3.h>

/* The auxiliary function search_rank(fts_table, nwords): BM25 (k1 1.2,
 * b 0.75) over the first nwords phrases of the query only, with the first
 * column (title) counting 4 times the second (body) and other columns
 * (tags) not at all. Like FTS5's bm25() it is negative, better is lower.
 * Unlike bm25() it never reads the doclists of the filter words (tags),
 * which are the longest: a filtered search costs what the words cost. */
int search_rank_register(fts5_api *api);

#endif
