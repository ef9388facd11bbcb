/*
 * web_proof.c - the record for machines, plain JSON: an inclusion proof
 * (/catatan/:id/bukti?ukuran=N), a consistency proof
 * (/catatan/konsistensi?dari=A&ke=B), the signed tree heads
 * (/catatan/kepala?setelah=N), the entries themselves in bulk
 * (/catatan/entri?dari=N&jumlah=K) and the public key
 * (/.well-known/terbuka-log-key). Proofs are read from the stored
 * subtrees, O(log n) reads, for trees no larger than the latest signed
 * head. A bad parameter is a 400 with a message.
 */
#include <sodium.h>
#include <string.h>

#include "ledger/ledger_int.h"
#include "ledger/web.h"
#include "ledger/web_int.h"

#define HEADS_PAGE 1000
#define ENTRIES_MAX 5000

static void bad(page *pg, const char *key)
{
	pg->status = 400;
	pg->error = key;
	pg->json_only = true;
}

static json_t *hex_list(merkle_hash *proof, size_t len)
{
	json_t *a = json_array();
	char hex[2 * MERKLE_HASH + 1];
	for (size_t i = 0; i < len; i++) {
		merkle_hex(proof[i], hex);
		json_array_append_new(a, json_string(hex));
	}
	return a;
}

/* The latest head's size, or a 404/503 answered. */
static bool latest(request *req, page *pg, db *c, int64_t *size)
{
	int rc = c ? ledger_head_size(c, size) : DB_UNAVAILABLE;
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return false;
	}
	return true;
}

void ledger_inclusion_json(request *req, page *pg)
{
	pg->json_only = true;
	int64_t n = request_param_id(req), size = 0, head = 0;
	db *c = db_thread();
	if (!ledger_web_int(req, "ukuran", &size))
		{
		bad(pg, "ledger.bad_size");
		return;
	}
	if (!latest(req, pg, c, &head))
		return;
	if (size == 0)
		size = head;
	if (size > head || n > size)
		{
		bad(pg, "ledger.bad_size");
		return;
	}
	ledger_tree t = { c, DB_OK };
	merkle_source src = { ledger_tree_get, &t };
	merkle_hash proof[MERKLE_MAX_PROOF], leaf, root;
	size_t len = 0;
	if (merkle_inclusion_proof(&src, (uint64_t)n - 1, (uint64_t)size, proof, &len) != 0 ||
	    ledger_tree_get(&t, 0, (uint64_t)n - 1, leaf) != 0 || merkle_range_root(&src, 0, (uint64_t)size, root) != 0)
		{
		page_db_error(req, pg, c, t.rc ? t.rc : DB_ERROR);
		return;
	}
	char hex[2 * MERKLE_HASH + 1], rhex[2 * MERKLE_HASH + 1];
	merkle_hex(leaf, hex);
	merkle_hex(root, rhex);
	json_t *m = json_object();
	json_object_set_new(m, "entry", json_integer(n));
	json_object_set_new(m, "leaf_index", json_integer(n - 1));
	json_object_set_new(m, "tree_size", json_integer(size));
	json_object_set_new(m, "leaf_hash", json_string(hex));
	json_object_set_new(m, "root_hash", json_string(rhex));
	json_object_set_new(m, "proof", hex_list(proof, len));
	json_t *h = ledger_web_head(c, size);
	json_object_set_new(m, "head", h ? h : json_null());
	pg->model = m;
}

void ledger_consistency_json(request *req, page *pg)
{
	pg->json_only = true;
	int64_t a = 0, b = 0, head = 0;
	db *c = db_thread();
	if (!ledger_web_int(req, "dari", &a) || !ledger_web_int(req, "ke", &b) || a == 0)
		{
		bad(pg, "ledger.bad_size");
		return;
	}
	if (!latest(req, pg, c, &head))
		return;
	if (b == 0)
		b = head;
	if (b > head || a > b)
		{
		bad(pg, "ledger.bad_size");
		return;
	}
	ledger_tree t = { c, DB_OK };
	merkle_source src = { ledger_tree_get, &t };
	merkle_hash proof[MERKLE_MAX_PROOF];
	size_t len = 0;
	if (merkle_consistency_proof(&src, (uint64_t)a, (uint64_t)b, proof, &len) != 0)
		{
		page_db_error(req, pg, c, t.rc ? t.rc : DB_ERROR);
		return;
	}
	json_t *m = json_object();
	json_object_set_new(m, "first", json_integer(a));
	json_object_set_new(m, "second", json_integer(b));
	json_object_set_new(m, "proof", hex_list(proof, len));
	pg->model = m;
}

void ledger_heads_json(request *req, page *pg)
{
	pg->json_only = true;
	int64_t after = 0;
	if (!ledger_web_int(req, "setelah", &after))
		{
		bad(pg, "ledger.bad_number");
		return;
	}
	db *c = db_thread();
	json_t *rows = NULL;
	int rc = c ? db_query_json(c, "SELECT tree_size, root_hash, signed_at, public_key, signature FROM ledger_heads "
	                              "WHERE tree_size > ? ORDER BY tree_size LIMIT ?",
	                           DB_ARGS(DB_INT(after), DB_INT(HEADS_PAGE + 1)), &rows) : DB_UNAVAILABLE;
	if (rc != DB_OK)
		{
		page_db_error(req, pg, c, rc);
		return;
	}
	json_t *m = json_object();
	if (json_array_size(rows) > HEADS_PAGE) {
		json_array_remove(rows, HEADS_PAGE);
		json_int_t last = json_integer_value(json_object_get(json_array_get(rows, HEADS_PAGE - 1), "tree_size"));
		json_object_set_new(m, "next", json_string(arena_printf(req->arena, "/catatan/kepala?setelah=%lld",
		                                                        (long long)last)));
	}
	json_object_set_new(m, "heads", rows);
	json_object_set_new(m, "public_key", json_string(ledger_public_key()));
	pg->model = m;
}

void ledger_entries_json(request *req, page *pg)
{
	pg->json_only = true;
	int64_t from = 1, count = 1000;
	if (!ledger_web_int(req, "dari", &from) || !ledger_web_int(req, "jumlah", &count) || count > ENTRIES_MAX)
		{
		bad(pg, "ledger.bad_number");
		return;
	}
	db *c = db_thread();
	json_t *rows = NULL;
	int rc = c ? db_query_json(c, "SELECT n, body, leaf_hash FROM ledger_entries WHERE n >= ? ORDER BY n LIMIT ?",
	                           DB_ARGS(DB_INT(from), DB_INT(count)), &rows) : DB_UNAVAILABLE;
	if (rc != DB_OK)
		{
		page_db_error(req, pg, c, rc);
		return;
	}
	json_t *m = json_object();
	size_t got = json_array_size(rows);
	if (got == (size_t)count) {
		json_int_t last = json_integer_value(json_object_get(json_array_get(rows, got - 1), "n"));
		json_object_set_new(m, "next", json_string(arena_printf(req->arena, "/catatan/entri?dari=%lld&jumlah=%lld",
		                                                        (long long)last + 1, (long long)count)));
	}
	json_object_set_new(m, "entries", rows);
	pg->model = m;
}

void ledger_key_json(request *req, page *pg)
{
	pg->json_only = true;
	const char *key = ledger_public_key();
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], id[crypto_hash_sha256_BYTES];
	size_t got = 0;
	if (key[0] == '\0' || sodium_base642bin(pk, sizeof(pk), key, strlen(key), NULL, &got, NULL,
	                                        sodium_base64_VARIANT_ORIGINAL) != 0 || got != sizeof(pk))
		{
		page_fail(req, pg, "ledger: no public key");
		return;
	}
	crypto_hash_sha256(id, pk, sizeof(pk));
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	sodium_bin2hex(hex, sizeof(hex), id, sizeof(id));
	json_t *m = json_object();
	json_object_set_new(m, "algorithm", json_string("Ed25519"));
	json_object_set_new(m, "public_key", json_string(key));
	json_object_set_new(m, "key_id", json_string(hex));
	json_object_set_new(m, "signed_message", json_string("terbuka-log/1\\n<tree_size>\\n<signed_at>\\n<root_hash>\\n"));
	pg->model = m;
}
