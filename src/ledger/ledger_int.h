/*
 * ledger_int.h - what the files of src/ledger/ share: the statements'
 * table, canonical JSON, the signing key and the stored tree.
 */
#ifndef TERBUKA_LEDGER_INT_H
#define TERBUKA_LEDGER_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "ledger/merkle.h"

/* --- statements.c ---------------------------------------------------------- */

typedef struct ledger_kind {
	const char *kind;   /* "answer" */
	const char *table;  /* "answers" */
	const char *row;    /* SELECT of the public columns, WHERE id = ? */
	const char *unlogged; /* ids of rows that should be in the log and are not */
	const char *page;   /* the public page: printf pattern over the row's "page_id" */
} ledger_kind;

const ledger_kind *ledger_kind_find(const char *kind);
const ledger_kind *ledger_kind_at(unsigned i); /* NULL past the last */
/* The statement of (kind, id) as the log holds it: DB_ROW with *out, or
 * DB_DONE when the row is gone. */
int ledger_statement(db *c, const ledger_kind *k, int64_t id, json_t **out);
/* The first field in which a statement as its row says it now and as
 * the log holds it differ (one has it and the other not, or their values
 * differ), or NULL when they say the same. The name lives in the JSON. */
const char *ledger_statement_diff(json_t *logged, json_t *now);
/* The address of the statement's page ("/pertanyaan/12#jawaban-40"), in
 * a's memory, or NULL. */
const char *ledger_statement_url(db *c, arena *a, const char *kind, int64_t id);

/* --- canon.c ---------------------------------------------------------------- */

/* The canonical bytes of v (an object of integers, strings, booleans,
 * nulls, arrays and objects; no reals): malloc'd, *len set; NULL when v
 * holds a real or memory ran out. */
char *ledger_canon_dump(const json_t *v, size_t *len);
/* Whether text is exactly the canonical form of a JSON object; *out (if
 * not NULL) gets the parsed object. On failure a reason in why. */
bool ledger_canon_check(const char *text, size_t len, json_t **out, const char **why);

/* --- sign.c ----------------------------------------------------------------- */

#define LEDGER_KEY_FILE "ledger.key"
#define LEDGER_SIG_B64 89 /* base64 of 64 bytes, with padding, and the NUL */
#define LEDGER_KEY_B64 45 /* base64 of 32 bytes, with padding, and the NUL */

int ledger_sign_init(const char *keys_dir, char *err, size_t errlen);
void ledger_sign_free(void);
bool ledger_sign_ready(void);
/* The public key in base64 (standard alphabet, padded). */
const char *ledger_public_key(void);
/* The message a head signs: "terbuka-log/1\n<size>\n<signed_at>\n<root hex>\n". */
size_t ledger_head_message(char *out, size_t n, int64_t size, const char *signed_at, const char *root_hex);
int ledger_sign(const char *msg, size_t len, char sig_b64[LEDGER_SIG_B64]);
/* Whether key_b64 is 32 bytes in base64. */
bool ledger_key_valid(const char *key_b64);
/* Whether sig_b64 is key_b64's Ed25519 signature of msg. */
bool ledger_sign_check(const char *key_b64, const char *msg, size_t len, const char *sig_b64);

/* --- tree.c ----------------------------------------------------------------- */

/* A merkle_source over the stored tree (leaf hashes and ledger_nodes). */
typedef struct ledger_tree {
	db *c;
	int rc; /* the first database error */
} ledger_tree;
int ledger_tree_get(void *ctx, unsigned level, uint64_t idx, merkle_hash out);
/* Stores the subtrees the new entries complete and signs a head of every
 * entry so far, in one transaction. *size gets the head's size (0: none
 * needed). DB_OK or an error. */
int ledger_seal(db *c, int64_t *size);
/* The latest signed head's size (0 when there is none). */
int ledger_head_size(db *c, int64_t *size);

#endif
