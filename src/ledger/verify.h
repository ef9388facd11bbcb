/*
 * verify.h - `terbuka verify`: a whole log checked from its entries, heads
 * and proofs, read either from a running site (verify_url.c, libcurl) or
 * straight from a database (verify_db.c). The checks themselves
 * (verify.c) do not care where the bytes came from.
 */
#ifndef TERBUKA_LEDGER_VERIFY_H
#define TERBUKA_LEDGER_VERIFY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ledger/merkle.h"

typedef struct vhead {
	int64_t size;
	char root[2 * MERKLE_HASH + 1];
	char signed_at[32];
	char key[64];
	char sig[128];
} vhead;

typedef struct ventry {
	int64_t n;
	char *body; /* malloc'd */
	size_t len;
	char leaf[2 * MERKLE_HASH + 1];
} ventry;

typedef struct vsource {
	void *ctx;
	/* every signed head, smallest first: 0, or -1 with a reason */
	int (*heads)(void *ctx, vhead **out, size_t *n, char *err, size_t errlen);
	/* up to a batch of entries from number `from` on, in order (*n = 0 at
	 * the end): 0, or -1 with a reason */
	int (*entries)(void *ctx, int64_t from, ventry **out, size_t *n, char *err, size_t errlen);
	/* the consistency proof between sizes a <= b: 0, or -1 */
	int (*consistency)(void *ctx, int64_t a, int64_t b, merkle_hash *proof, size_t *len, char *err, size_t errlen);
	/* the stored level-1 subtree hashes, to name a moved entry; NULL if none */
	int (*pair)(void *ctx, int64_t idx, merkle_hash out);
	/* the database's own rows against their latest entries; NULL over HTTP.
	 * 0 when all match, 1 with the first mismatch in why, -1 on an error */
	int (*rows)(void *ctx, char *why, size_t whylen);
} vsource;

/* Runs every check; prints "OK ..." and returns 0, or prints the first
 * mismatch and returns 1 (2 when the source could not be read). key may
 * be NULL: then the first head's key is taken, and the output says so. */
int verify_run(const vsource *src, const char *key, const char *where);

void verify_entries_free(ventry *e, size_t n);

/* The two sources: a site's address, or a database location. */
int ledger_verify_url(const char *url, const char *key);
int ledger_verify_db(const char *location, const char *key);

/* --- the JSON a site answers (pure; fuzzed) --------------------------------- */

/* /catatan/entri.json: its entries, appended to *out (realloc'd); -1 with a
 * reason when the page is not what the site writes. */
int verify_parse_entries(const char *text, size_t len, ventry **out, size_t *n, char *err, size_t errlen);
/* /catatan/kepala.json: its heads appended; *next gets its "next" link (or
 * "" at the end, in next of size nextlen). */
int verify_parse_heads(const char *text, size_t len, vhead **out, size_t *n, char *next, size_t nextlen, char *err,
                       size_t errlen);
/* /catatan/konsistensi.json: the proof. */
int verify_parse_proof(const char *text, size_t len, merkle_hash *proof, size_t *plen, char *err, size_t errlen);

#endif
