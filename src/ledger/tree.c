/*
 * tree.c - the stored tree and its signed heads. The sealing job (one at
 * a time: the ledger_sealer row's lock on PostgreSQL, the single writer
 * on SQLite) hashes the complete subtrees that the entries since the last
 * seal complete, stores them in ledger_nodes, and signs the root of all
 * entries so far. Proofs then read one stored hash per level instead of
 * hashing the log.
 */
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/log.h"
#include "ledger/ledger_int.h"

int ledger_tree_get(void *ctx, unsigned level, uint64_t idx, merkle_hash out)
{
	ledger_tree *t = ctx;
	db_stmt *s = level == 0 ? db_prepare(t->c, "SELECT leaf_hash FROM ledger_entries WHERE n = ?")
	                        : db_prepare(t->c, "SELECT hash FROM ledger_nodes WHERE level = ? AND idx = ?");
	if (s == NULL || idx > INT64_MAX - 1) {
		t->rc = DB_ERROR;
		return -1;
	}
	if (level == 0) {
		db_bind(s, 1, DB_INT((int64_t)idx + 1));
	} else {
		db_bind(s, 1, DB_INT(level));
		db_bind(s, 2, DB_INT((int64_t)idx));
	}
	int rc = db_step(s);
	bool ok = rc == DB_ROW && merkle_unhex(db_column_text(s, 0), db_column_len(s, 0), out);
	db_reset(s);
	if (!ok && t->rc == DB_OK)
		t->rc = rc < 0 ? rc : DB_ERROR;
	return ok ? 0 : -1;
}

int ledger_head_size(db *c, int64_t *size)
{
	int rc = db_query_int(c, "SELECT coalesce(max(tree_size), 0) FROM ledger_heads", DB_NOARGS, size);
	return rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_ERROR : rc;
}

static int store_node(db *c, unsigned level, int64_t idx, const merkle_hash h)
{
	char hex[2 * MERKLE_HASH + 1];
	merkle_hex(h, hex);
	return db_exec(c, "INSERT INTO ledger_nodes (level, idx, hash) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
	               DB_ARGS(DB_INT(level), DB_INT(idx), DB_TEXT(hex)), NULL);
}

/* The leaf hashes of entries first+1 .. last (leaves first .. last-1). */
static int read_leaves(db *c, int64_t first, int64_t last, merkle_hash *out)
{
	db_stmt *s = db_prepare(c, "SELECT n, leaf_hash FROM ledger_entries WHERE n > ? AND n <= ? ORDER BY n");
	if (s == NULL)
		return DB_ERROR;
	db_bind(s, 1, DB_INT(first));
	db_bind(s, 2, DB_INT(last));
	int64_t want = first + 1;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		if (db_column_int(s, 0) != want ||
		    !merkle_unhex(db_column_text(s, 1), db_column_len(s, 1), out[want - 1 - first])) {
			rc = DB_ERROR;
			break;
		}
		want++;
	}
	db_reset(s);
	if (rc == DB_DONE && want != last + 1)
		rc = DB_ERROR; /* a gap: the log is not what the counter says */
	if (rc == DB_ERROR)
		log_error(NULL, "ledger: entry %lld is missing or its leaf hash unreadable", (long long)want);
	return rc == DB_DONE ? DB_OK : rc;
}

/* Hashes and stores the subtrees completed by leaves sealed .. n-1. */
static int build(db *c, int64_t sealed, int64_t n)
{
	int64_t start = sealed & ~(int64_t)1, count = n - start;
	merkle_hash *prev = count > 0 ? calloc((size_t)count + 1, sizeof(merkle_hash)) : NULL;
	if (count > 0 && prev == NULL)
		return DB_ERROR;
	int rc = count > 0 ? read_leaves(c, start, n, prev + 1) : DB_OK;
	/* prev[1..] holds level L-1 from index pstart; prev[0] is room for
	 * the one stored node a level may need before it */
	int64_t pstart = start;
	ledger_tree t = { c, DB_OK };
	for (unsigned level = 1; rc == DB_OK && level < 63; level++) {
		int64_t s = sealed >> level, e = n >> level;
		if (s >= e)
			break;
		merkle_hash *base = prev + 1;
		if (2 * s < pstart) { /* the left child was sealed before: read it */
			if (ledger_tree_get(&t, level - 1, (uint64_t)(pstart - 1), prev[0]) != 0) {
				rc = t.rc ? t.rc : DB_ERROR;
				break;
			}
			base = prev;
			pstart--;
		}
		for (int64_t i = s; rc == DB_OK && i < e; i++) {
			merkle_node(base[2 * i - pstart], base[2 * i + 1 - pstart], prev[1 + i - s]);
			rc = store_node(c, level, i, prev[1 + i - s]);
		}
		pstart = s;
	}
	free(prev);
	return rc;
}

int ledger_seal(db *c, int64_t *size)
{
	*size = 0;
	int64_t sealed = 0, n = 0, head = 0;
	int rc = db_begin(c, true);
	if (rc != DB_OK)
		return rc;
	rc = db_query_int(c, db_engine() == DB_POSTGRES ? "SELECT sealed FROM ledger_sealer WHERE id = 1 FOR UPDATE"
	                                                : "SELECT sealed FROM ledger_sealer WHERE id = 1",
	                  DB_NOARGS, &sealed);
	if (rc == DB_ROW)
		rc = db_query_int(c, "SELECT next - 1 FROM ledger_counter WHERE id = 1", DB_NOARGS, &n);
	rc = rc == DB_ROW ? ledger_head_size(c, &head) : rc == DB_DONE ? DB_ERROR : rc;
	if (rc == DB_OK && n > sealed)
		rc = build(c, sealed, n);
	if (rc == DB_OK && n > sealed)
		rc = db_exec(c, "UPDATE ledger_sealer SET sealed = ? WHERE id = 1", DB_ARGS(DB_INT(n)), NULL);
	if (rc == DB_OK && n > head) {
		ledger_tree t = { c, DB_OK };
		merkle_source src = { ledger_tree_get, &t };
		merkle_hash root;
		char hex[2 * MERKLE_HASH + 1], at[CLOCK_ISO_LEN], msg[256], sig[LEDGER_SIG_B64];
		clock_iso(at, clock_now());
		if (merkle_range_root(&src, 0, (uint64_t)n, root) != 0) {
			rc = t.rc ? t.rc : DB_ERROR;
		} else {
			merkle_hex(root, hex);
			size_t len = ledger_head_message(msg, sizeof(msg), n, at, hex);
			rc = len && ledger_sign(msg, len, sig) == 0 ? DB_OK : DB_ERROR;
		}
		if (rc == DB_OK)
			rc = db_exec(c, "INSERT INTO ledger_heads (tree_size, root_hash, signed_at, public_key, signature) "
			                "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
			             DB_ARGS(DB_INT(n), DB_TEXT(hex), DB_TEXT(at), DB_TEXT(ledger_public_key()),
			                     DB_TEXT(sig)), NULL);
		if (rc == DB_OK)
			*size = n;
	}
	if (rc == DB_OK)
		rc = db_commit(c);
	if (rc != DB_OK)
		db_rollback(c);
	return rc;
}
