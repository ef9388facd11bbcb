/*
 * store.h - the search statements, one body per engine (internal to
 * search/): ranked results with their marked text, and how many there are.
 */
#ifndef TERBUKA_SEARCH_STORE_H
#define TERBUKA_SEARCH_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "db/db.h"
#include "search/query.h"

#define SEARCH_PAGE 20        /* results a page */
#define SEARCH_MAX_PAGES 50   /* pages one can walk (1,000 results) */
#define SEARCH_COUNT_MAX 1000 /* counted exactly up to here */
#define SEARCH_TAGS_MAX 320   /* a row's tags column (index.c, tags_of) */

/* Marks around a hit and a cut in the text the engines return; the
 * stored text has no control characters (text.h), so these are ours. */
#define SEARCH_HIT_START '\x01'
#define SEARCH_HIT_END '\x02'

/* The filters that are set (0 / "" = not set), already resolved to ids. */
typedef struct search_filter {
	const char *kind;      /* pertanyaan | jawaban | program | dinas */
	int64_t agency_id;
	int64_t kecamatan_id;
	int64_t program_id;
	const char *state;     /* a question's state */
	int page;              /* 1.. */
} search_filter;

/* One page of results for q (at least one word), best first: *rows =
 * [{id, kind, ref_id, url, state, heading, agency_name, updated_at,
 * title_marked, body_marked}], with one row more than a page when there
 * is a next page; *count the matches, at most SEARCH_COUNT_MAX + 1.
 * The *_marked texts hold SEARCH_HIT_START/END around hits. */
int search_store_find(db *c, const search_query *q, const search_filter *f, json_t **rows,
                      int64_t *count);

/* The codes of a kind (pertanyaan 1, jawaban 2, program 3, dinas 4) and
 * of a state (a question's 1-4, a programme's 5-9) in the tags column of
 * search_docs ("k1", "s2"); 0 for anything else. */
int search_tag_kind(const char *kind);
int search_tag_state(const char *state);

/* Public questions matching any word of q, best first: [{id, title, url,
 * state, answers}]. */
int search_store_similar(db *c, const search_query *q, int limit, json_t **out);

#endif
