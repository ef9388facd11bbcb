/*
 * tokenizer.c - the SQLite FTS5 tokenizer "indonesian": FTS5's own
 * unicode61 tokenizer (words, case folding, diacritics) with every word
 * stemmed by Snowball's Indonesian stemmer (libstemmer), so "membangun",
 * "pembangunan" and "bangunan" are all the term "bangun". The same
 * algorithm PostgreSQL's 'indonesian' configuration uses, so both engines
 * find the same things.
 *
 * Tokens keep the byte offsets of the original words, which is what lets
 * snippet() and highlight() mark the text as it was written. Used for
 * documents and for queries alike (a query word is stemmed the same way),
 * except for prefix queries, whose text is not a whole word.
 *
 * Registered, with the ranking function search_rank (rank.c), for every
 * SQLite connection of the process through sqlite3_auto_extension
 * (search_init), before db_init; one stemmer per
 * tokenizer instance, and FTS5 makes instances per connection, so no
 * stemmer is ever shared between threads.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>
#include <sqlite3.h>

#include "search/fts.h"
#include "search/search.h"
#include "search/stem.h"

#define TOKENIZER_NAME "indonesian"
#define STEM_MAX 64 /* longer words are kept as they are */

/* unicode61, as FTS5 gave it to us at registration. */
struct parent {
	fts5_tokenizer tok;
	void *ctx;
};

struct stemming {
	struct parent *parent;
	Fts5Tokenizer *inner;
	struct sb_stemmer *stemmer;
};

/* One call of xTokenize: where the stemmed tokens go. */
struct call {
	struct stemming *s;
	void *ctx;
	int (*token)(void *ctx, int flags, const char *tok, int n, int start, int end);
	bool prefix;
};

static int on_token(void *v, int flags, const char *tok, int n, int start, int end)
{
	struct call *call = v;
	if (!call->prefix && n > 0 && n <= STEM_MAX) {
		const sb_symbol *stem = sb_stemmer_stem(call->s->stemmer, (const sb_symbol *)tok, n);
		if (stem == NULL)
			return SQLITE_NOMEM;
		int len = sb_stemmer_length(call->s->stemmer);
		if (len > 0) /* a word is never stemmed to nothing */
			return call->token(call->ctx, flags, (const char *)stem, len, start, end);
	}
	return call->token(call->ctx, flags, tok, n, start, end);
}

static void stemming_delete(Fts5Tokenizer *t)
{
	struct stemming *s = (struct stemming *)t;
	if (s == NULL)
		return;
	if (s->inner != NULL)
		s->parent->tok.xDelete(s->inner);
	sb_stemmer_delete(s->stemmer);
	free(s);
}

/* Arguments (tokenize = 'indonesian remove_diacritics 2') go to unicode61. */
static int stemming_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
	struct stemming *s = calloc(1, sizeof(*s));
	*out = NULL;
	if (s == NULL)
		return SQLITE_NOMEM;
	s->parent = ctx;
	s->stemmer = sb_stemmer_new("indonesian", "UTF_8");
	int rc = s->stemmer == NULL ? SQLITE_NOMEM
	                            : s->parent->tok.xCreate(s->parent->ctx, argv, argc, &s->inner);
	if (rc != SQLITE_OK) {
		stemming_delete((Fts5Tokenizer *)s);
		return rc;
	}
	*out = (Fts5Tokenizer *)s;
	return SQLITE_OK;
}

static int stemming_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int n,
                             int (*token)(void *, int, const char *, int, int, int))
{
	struct stemming *s = (struct stemming *)t;
	struct call call = { s, ctx, token, (flags & FTS5_TOKENIZE_PREFIX) != 0 };
	return s->parent->tok.xTokenize(s->inner, &call, flags, text, n, on_token);
}

/* The fts5_api of connection h, the documented way (a pointer bound to
 * SELECT fts5(?)). NULL when SQLite has no FTS5. */
static fts5_api *fts5_of(sqlite3 *h)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return api;
}

/* The auto-extension: runs inside every sqlite3_open of the process. */
static int register_tokenizer(sqlite3 *h, char **errmsg, const struct sqlite3_api_routines *api_routines)
{
	(void)api_routines;
	fts5_api *api = fts5_of(h);
	if (api == NULL || api->iVersion < 2) {
		*errmsg = sqlite3_mprintf("SQLite without FTS5: search needs it");
		return SQLITE_ERROR;
	}
	struct parent *p = sqlite3_malloc(sizeof(*p));
	if (p == NULL)
		return SQLITE_NOMEM;
	int rc = api->xFindTokenizer(api, "unicode61", &p->ctx, &p->tok);
	if (rc != SQLITE_OK) {
		sqlite3_free(p);
		*errmsg = sqlite3_mprintf("FTS5 has no unicode61 tokenizer");
		return rc;
	}
	fts5_tokenizer ours = { stemming_create, stemming_delete, stemming_tokenize };
	/* p is freed by FTS5 with the connection (the destroy callback). */
	rc = api->xCreateTokenizer(api, TOKENIZER_NAME, p, &ours, sqlite3_free);
	return rc == SQLITE_OK ? search_rank_register(api) : rc;
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int registered = SQLITE_ERROR;

static void register_once(void)
{
	/* void (*)(void) is how SQLite takes every entry point. */
	registered = sqlite3_auto_extension((void (*)(void))register_tokenizer);
}

int search_init(void)
{
	pthread_once(&once, register_once);
	return registered == SQLITE_OK ? 0 : -1;
}

/* --- the stemmer alone, for tests and tools ----------------------------- */

size_t search_stem(const char *word, size_t n, char *out, size_t outlen)
{
	if (outlen == 0)
		return 0;
	out[0] = '\0';
	if (n == 0 || n > STEM_MAX || n >= outlen)
		return 0;
	struct sb_stemmer *st = sb_stemmer_new("indonesian", "UTF_8");
	if (st == NULL)
		return 0;
	size_t len = 0;
	const sb_symbol *stem = sb_stemmer_stem(st, (const sb_symbol *)word, (int)n);
	if (stem != NULL) {
		int sl = sb_stemmer_length(st);
		if (sl > 0 && (size_t)sl < outlen) {
			memcpy(out, stem, (size_t)sl);
			len = (size_t)sl;
		}
	}
	out[len] = '\0';
	sb_stemmer_delete(st);
	return len;
}
