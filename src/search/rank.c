/*
 * rank.c - search_rank(), the FTS5 ranking function of the search (see
 * fts.h). Written for FTS5's extension API from the BM25 formula
 * (Robertson and Zaragoza, "The Probabilistic Relevance Framework").
 */
#include <math.h>
#include <stddef.h>

#include "search/fts.h"

#define K1 1.2
#define B 0.75
#define W_TITLE 4.0
#define W_BODY 1.0
#define MAX_PHRASES 64

/* What is the same for every row of one query: kept as the query's
 * auxiliary data. */
struct per_query {
	int nwords;
	double avgdl;
	double idf[MAX_PHRASES];
};

static int count_row(const Fts5ExtensionApi *api, Fts5Context *ctx, void *user)
{
	(void)api;
	(void)ctx;
	(*(sqlite3_int64 *)user)++;
	return SQLITE_OK;
}

static struct per_query *per_query(const Fts5ExtensionApi *api, Fts5Context *ctx, int nwords)
{
	struct per_query *p = api->xGetAuxdata(ctx, 0);
	if (p != NULL)
		return p;
	p = sqlite3_malloc(sizeof(*p));
	if (p == NULL)
		return NULL;
	p->nwords = nwords;
	sqlite3_int64 rows = 0, tokens = 0;
	if (api->xRowCount(ctx, &rows) != SQLITE_OK || api->xColumnTotalSize(ctx, -1, &tokens) != SQLITE_OK)
		rows = tokens = 0;
	p->avgdl = rows > 0 && tokens > 0 ? (double)tokens / (double)rows : 1.0;
	for (int i = 0; i < nwords; i++) {
		sqlite3_int64 hits = 0;
		if (api->xQueryPhrase(ctx, i, &hits, count_row) != SQLITE_OK)
			hits = 0;
		double idf = log(((double)rows - (double)hits + 0.5) / ((double)hits + 0.5));
		p->idf[i] = idf > 1e-6 ? idf : 1e-6; /* a word in most rows still counts a little */
	}
	if (api->xSetAuxdata(ctx, p, sqlite3_free) != SQLITE_OK)
		return NULL; /* FTS5 freed it */
	return p;
}

static void search_rank(const Fts5ExtensionApi *api, Fts5Context *ctx, sqlite3_context *out,
                        int argc, sqlite3_value **argv)
{
	int nphrases = api->xPhraseCount(ctx);
	int nwords = argc > 0 ? sqlite3_value_int(argv[0]) : nphrases;
	if (nwords < 0 || nwords > nphrases)
		nwords = nphrases;
	if (nwords > MAX_PHRASES)
		nwords = MAX_PHRASES;
	struct per_query *p = per_query(api, ctx, nwords);
	if (p == NULL) {
		sqlite3_result_error_nomem(out);
		return;
	}
	double freq[MAX_PHRASES] = { 0 };
	int ninst = 0;
	if (api->xInstCount(ctx, &ninst) != SQLITE_OK)
		ninst = 0;
	for (int i = 0; i < ninst; i++) {
		int phrase, col, off;
		if (api->xInst(ctx, i, &phrase, &col, &off) != SQLITE_OK || phrase < 0 || phrase >= nwords)
			continue;
		freq[phrase] += col == 0 ? W_TITLE : col == 1 ? W_BODY : 0.0;
	}
	int dl = 0;
	if (api->xColumnSize(ctx, -1, &dl) != SQLITE_OK)
		dl = 0;
	double norm = K1 * (1.0 - B + B * (double)dl / p->avgdl), score = 0.0;
	for (int i = 0; i < nwords; i++)
		if (freq[i] > 0)
			score += p->idf[i] * freq[i] * (K1 + 1.0) / (freq[i] + norm);
	sqlite3_result_double(out, -score);
}

int search_rank_register(fts5_api *api)
{
	return api->xCreateFunction(api, "search_rank", NULL, search_rank, NULL);
}
