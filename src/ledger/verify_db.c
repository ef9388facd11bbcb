/*
 * verify_db.c - `terbuka verify --db`: the log read straight from a
 * database (nothing migrated, nothing written), the consistency proofs
 * built from its stored subtrees as the site would serve them, and every
 * statement's current row compared with its latest entry, so that a
 * quiet edit of answers.body, programs.budget or a date is named: which
 * entry, which table and row, which field.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "db/db.h"
#include "ledger/ledger.h"
#include "ledger/ledger_int.h"
#include "ledger/verify.h"

#define BATCH 20000

static int db_heads(void *ctx, vhead **out, size_t *n, char *err, size_t errlen)
{
	db *c = ctx;
	*out = NULL;
	*n = 0;
	db_stmt *s = db_prepare(c, "SELECT tree_size, root_hash, signed_at, public_key, signature FROM ledger_heads "
	                           "ORDER BY tree_size");
	if (s == NULL) {
		snprintf(err, errlen, "%s", db_errmsg(c));
		return -1;
	}
	size_t cap = 0;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			vhead *grown = realloc(*out, cap * sizeof(vhead));
			if (grown == NULL)
				break;
			*out = grown;
		}
		vhead *h = &(*out)[(*n)++];
		memset(h, 0, sizeof(*h));
		h->size = db_column_int(s, 0);
		snprintf(h->root, sizeof(h->root), "%s", db_column_text(s, 1) ? db_column_text(s, 1) : "");
		snprintf(h->signed_at, sizeof(h->signed_at), "%s", db_column_text(s, 2) ? db_column_text(s, 2) : "");
		snprintf(h->key, sizeof(h->key), "%s", db_column_text(s, 3) ? db_column_text(s, 3) : "");
		snprintf(h->sig, sizeof(h->sig), "%s", db_column_text(s, 4) ? db_column_text(s, 4) : "");
	}
	db_reset(s);
	if (rc != DB_DONE) {
		snprintf(err, errlen, "%s", rc == DB_ROW ? "out of memory" : db_errmsg(c));
		return -1;
	}
	return 0;
}

static int db_entries(void *ctx, int64_t from, ventry **out, size_t *n, char *err, size_t errlen)
{
	db *c = ctx;
	*out = calloc(BATCH, sizeof(ventry));
	*n = 0;
	db_stmt *s = *out ? db_prepare(c, "SELECT n, body, leaf_hash FROM ledger_entries WHERE n >= ? ORDER BY n LIMIT ?")
	                  : NULL;
	if (s == NULL) {
		snprintf(err, errlen, "%s", *out ? db_errmsg(c) : "out of memory");
		return -1;
	}
	db_bind(s, 1, DB_INT(from));
	db_bind(s, 2, DB_INT(BATCH));
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		ventry *e = &(*out)[*n];
		e->n = db_column_int(s, 0);
		e->len = db_column_len(s, 1);
		e->body = malloc(e->len + 1);
		if (e->body == NULL)
			break;
		memcpy(e->body, db_column_text(s, 1) ? db_column_text(s, 1) : "", e->len);
		e->body[e->len] = '\0';
		snprintf(e->leaf, sizeof(e->leaf), "%s", db_column_text(s, 2) ? db_column_text(s, 2) : "");
		(*n)++;
	}
	db_reset(s);
	if (rc != DB_DONE) {
		snprintf(err, errlen, "%s", rc == DB_ROW ? "out of memory" : db_errmsg(c));
		return -1;
	}
	return 0;
}

static int db_consistency(void *ctx, int64_t a, int64_t b, merkle_hash *proof, size_t *len, char *err, size_t errlen)
{
	ledger_tree t = { ctx, DB_OK };
	merkle_source src = { ledger_tree_get, &t };
	if (merkle_consistency_proof(&src, (uint64_t)a, (uint64_t)b, proof, len) != 0) {
		snprintf(err, errlen, "the stored subtrees do not reach it (%s)", t.rc ? db_errmsg(ctx) : "missing");
		return -1;
	}
	return 0;
}

static int db_pair(void *ctx, int64_t idx, merkle_hash out)
{
	ledger_tree t = { ctx, DB_OK };
	return ledger_tree_get(&t, 1, (uint64_t)idx, out);
}

/* "body" = "Jalan sudah diperbaiki..." cut short for a message. */
static void show(char *out, size_t n, json_t *v)
{
	char *text = v ? json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
	snprintf(out, n, "%.80s%s", text ? text : "(none)", text && strlen(text) > 80 ? "..." : "");
	json_malloc_t unused;
	json_free_t release; /* jansson's own allocator (core/jsonmem.c) */
	json_get_alloc_funcs(&unused, &release);
	release(text);
}

static int compare(const ledger_kind *k, int64_t n, int64_t id, json_t *logged, json_t *now, char *why, size_t whylen)
{
	const char *key = ledger_statement_diff(logged, now);
	if (key == NULL)
		return 0;
	json_t *v = json_object_get(logged, key), *w = json_object_get(now, key);
	if (v == NULL) {
		snprintf(why, whylen, "entry %lld (%s %lld): row %lld of %s has field %s the log does not",
		         (long long)n, k->kind, (long long)id, (long long)id, k->table, key);
		return 1;
	}
	char was[100], is[100];
	show(was, sizeof(was), v);
	show(is, sizeof(is), w);
	snprintf(why, whylen, "entry %lld (%s %lld): row %lld of %s was changed behind the log's back: "
	         "field %s is %s, the log says %s", (long long)n, k->kind, (long long)id, (long long)id, k->table,
	         key, is, was);
	return 1;
}

static int db_rows(void *ctx, char *why, size_t whylen)
{
	db *c = ctx;
	db_stmt *s = db_prepare(c, "SELECT e.n, e.kind, e.ref_id, e.body FROM ledger_entries e WHERE e.n IN "
	                           "(SELECT max(n) FROM ledger_entries GROUP BY kind, ref_id) ORDER BY e.n");
	if (s == NULL)
		return snprintf(why, whylen, "cannot read the entries: %s", db_errmsg(c)), -1;
	/* read all first: the statements' own SELECTs need the connection */
	json_t *latest = json_array();
	int rc;
	while ((rc = db_step(s)) == DB_ROW)
		json_array_append_new(latest, json_pack("{s:I, s:s, s:I, s:s%}", "n", (json_int_t)db_column_int(s, 0),
		                                        "kind", db_column_text(s, 1), "id", (json_int_t)db_column_int(s, 2),
		                                        "body", db_column_text(s, 3), db_column_len(s, 3)));
	db_reset(s);
	int result = rc == DB_DONE ? 0 : -1;
	if (result < 0)
		snprintf(why, whylen, "cannot read the entries: %s", db_errmsg(c));
	size_t i;
	json_t *e;
	json_array_foreach(latest, i, e)
	{
		if (result != 0)
			break;
		int64_t n = json_integer_value(json_object_get(e, "n")), id = json_integer_value(json_object_get(e, "id"));
		const ledger_kind *k = ledger_kind_find(json_string_value(json_object_get(e, "kind")));
		json_t *body = json_loads(json_string_value(json_object_get(e, "body")), 0, NULL), *now = NULL;
		if (k == NULL) {
			snprintf(why, whylen, "entry %lld: no statement is of kind %s", (long long)n,
			         json_string_value(json_object_get(e, "kind")));
			result = 1;
		} else if ((rc = ledger_statement(c, k, id, &now)) == DB_DONE) {
			snprintf(why, whylen, "entry %lld (%s %lld): row %lld of %s is gone (deleted behind the log's back)",
			         (long long)n, k->kind, (long long)id, (long long)id, k->table);
			result = 1;
		} else if (rc != DB_ROW) {
			snprintf(why, whylen, "cannot read row %lld of %s: %s", (long long)id, k->table, db_errmsg(c));
			result = -1;
		} else {
			result = compare(k, n, id, json_object_get(body, "statement"), now, why, whylen);
		}
		json_decref(body);
		json_decref(now);
	}
	json_decref(latest);
	const ledger_kind *k;
	for (unsigned j = 0; result == 0 && (k = ledger_kind_at(j)) != NULL; j++) {
		int64_t id = 0;
		rc = db_query_int(c, k->unlogged, DB_NOARGS, &id);
		if (rc == DB_ROW) {
			snprintf(why, whylen, "row %lld of %s is not in the log (a %s written behind the log's back)",
			         (long long)id, k->table, k->kind);
			result = 1;
		} else if (rc != DB_DONE) {
			snprintf(why, whylen, "cannot read %s: %s", k->table, db_errmsg(c));
			result = -1;
		}
	}
	return result;
}

int ledger_verify_db(const char *location, const char *key)
{
	char err[512];
	if (db_init(location, err, sizeof(err)) != DB_OK) {
		printf("GAGAL: cannot open the database: %s\n", err);
		return 2;
	}
	db *c = db_thread();
	int64_t probe = 0;
	if (c == NULL || db_query_int(c, "SELECT count(*) FROM ledger_counter", DB_NOARGS, &probe) != DB_ROW) {
		printf("GAGAL: the database holds no public record (not migrated to version 021?)\n");
		return 2;
	}
	vsource src = { c, db_heads, db_entries, db_consistency, db_pair, db_rows };
	/* one snapshot for all of it on SQLite; PostgreSQL reads what is committed */
	db_begin(c, false);
	if (db_engine() == DB_POSTGRES)
		db_exec(c, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", DB_NOARGS, NULL);
	/* a PostgreSQL URL may carry a password: never printed */
	int rc = verify_run(&src, key, db_engine() == DB_POSTGRES ? "the PostgreSQL database" : location);
	db_rollback(c);
	return rc;
}
