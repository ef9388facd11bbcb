/*
 * verify.c - the checks of `terbuka verify`, in the order a reader trusts
 * them: every entry is there, in order, canonical, and hashes to its leaf;
 * every head is signed by the log's key and its root is the root of the
 * entries it counts; successive heads are consistent (the proof the
 * source gives checks against both signed roots); and, reading a
 * database, every statement's row still says what its latest entry says.
 * The first mismatch is printed with what it is and why, and ends the run.
 */
#include "ledger/verify.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ledger/ledger_int.h"

void verify_entries_free(ventry *e, size_t n)
{
	for (size_t i = 0; e != NULL && i < n; i++)
		free(e[i].body);
	free(e);
}

typedef struct run {
	const vsource *src;
	vhead *heads;
	size_t nheads;
	merkle_hash *roots; /* the root computed from the entries at each head's size */
	size_t nroots;
	merkle_hash *leaves;
	int64_t nleaves, cap;
} run;

/* Prints the mismatch; the run's answer is then 1. */
#define FAIL(...) (printf("GAGAL: "), printf(__VA_ARGS__), putchar('\n'), 1)

static int keep_leaf(run *r, const merkle_hash leaf)
{
	if (r->nleaves == r->cap) {
		int64_t cap = r->cap ? r->cap * 2 : 4096;
		merkle_hash *grown = realloc(r->leaves, (size_t)cap * sizeof(merkle_hash));
		if (grown == NULL)
			return -1;
		r->leaves = grown;
		r->cap = cap;
	}
	memcpy(r->leaves[r->nleaves++], leaf, MERKLE_HASH);
	return 0;
}

/* The part of a batch one thread checks: each entry canonical (why[i]
 * NULL) and, when it is, its leaf hash. */
typedef struct part {
	const ventry *e;
	size_t from, to;
	const char **why;
	merkle_hash *leaves;
} part;

static void *check_part(void *arg)
{
	part *p = arg;
	for (size_t i = p->from; i < p->to; i++) {
		p->why[i] = NULL;
		if (ledger_canon_check(p->e[i].body, p->e[i].len, NULL, &p->why[i]))
			merkle_leaf(p->e[i].body, p->e[i].len, p->leaves[i]);
		else if (p->why[i] == NULL)
			p->why[i] = "not in canonical form";
	}
	return NULL;
}

#define MAX_THREADS 8

/* Checks a batch on every core: parsing each entry again to see that it
 * is canonical is most of verify's time, and entries do not depend on
 * each other. A thread that cannot start leaves its part to this one. */
static void check_batch(const ventry *e, size_t n, const char **why, merkle_hash *leaves)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t nthreads = cores < 1 ? 1 : cores > MAX_THREADS ? MAX_THREADS : (size_t)cores;
	if (n < 1000)
		nthreads = 1;
	part parts[MAX_THREADS];
	pthread_t threads[MAX_THREADS];
	bool started[MAX_THREADS] = { false };
	json_decref(json_object()); /* jansson seeds its hash function once, before any thread does */
	for (size_t t = 0; t < nthreads; t++) {
		parts[t] = (part){ e, n * t / nthreads, n * (t + 1) / nthreads, why, leaves };
		started[t] = t > 0 && pthread_create(&threads[t], NULL, check_part, &parts[t]) == 0;
	}
	for (size_t t = 0; t < nthreads; t++)
		if (!started[t])
			check_part(&parts[t]);
	for (size_t t = 1; t < nthreads; t++)
		if (started[t])
			pthread_join(threads[t], NULL);
}

/* Streams every entry: numbering, canonical form, leaf hash; keeps the
 * leaves and the root at every head's size. */
static int check_entries(run *r)
{
	merkle_stream st;
	merkle_stream_init(&st);
	size_t h = 0;
	int64_t want = 1;
	char err[256];
	for (;;) {
		ventry *batch = NULL;
		size_t n = 0;
		if (r->src->entries(r->src->ctx, want, &batch, &n, err, sizeof(err)) != 0) {
			printf("GAGAL: cannot read the entries from %lld on: %s\n", (long long)want, err);
			return 2;
		}
		if (n == 0) {
			verify_entries_free(batch, n);
			break;
		}
		const char **whys = calloc(n, sizeof(*whys));
		merkle_hash *leaves = calloc(n, sizeof(*leaves));
		if (whys == NULL || leaves == NULL) {
			free(whys);
			free(leaves);
			verify_entries_free(batch, n);
			printf("GAGAL: out of memory at entry %lld\n", (long long)want);
			return 2;
		}
		check_batch(batch, n, whys, leaves);
		for (size_t i = 0; i < n; i++) {
			ventry *e = &batch[i];
			const char *why = whys[i];
			merkle_hash stored;
			const unsigned char *leaf = leaves[i];
			int bad = 0;
			if (e->n > want)
				bad = FAIL("entry %lld is missing (the next entry is %lld): deleted", (long long)want,
				           (long long)e->n);
			else if (e->n < want)
				bad = FAIL("entry %lld appears again after entry %lld", (long long)e->n, (long long)want - 1);
			else if (why != NULL)
				bad = FAIL("entry %lld: its JSON is %s", (long long)e->n, why);
			else if (!merkle_unhex(e->leaf, strlen(e->leaf), stored) || memcmp(stored, leaf, MERKLE_HASH) != 0)
				bad = FAIL("entry %lld: its JSON does not hash to its leaf hash: the text was changed after it "
				           "was written", (long long)e->n);
			if (bad || keep_leaf(r, leaf) != 0) {
				free(whys);
				free(leaves);
				verify_entries_free(batch, n);
				if (!bad)
					printf("GAGAL: out of memory at entry %lld\n", (long long)e->n);
				return bad ? 1 : 2;
			}
			merkle_stream_add(&st, leaf);
			while (h < r->nheads && r->heads[h].size == (int64_t)st.size)
				merkle_stream_root(&st, r->roots[h++]);
			want++;
		}
		free(whys);
		free(leaves);
		verify_entries_free(batch, n);
	}
	r->nroots = h;
	return 0;
}

/* Names where a head's root stopped matching. Every earlier head matched,
 * so the first `good` entries are as signed and the difference lies among
 * those this head added; a database's stored level-1 subtrees name the
 * pair it is in. */
static void locate(run *r, int64_t good, int64_t size)
{
	if (r->src->pair != NULL) {
		for (int64_t i = good / 2; 2 * i + 1 < size && 2 * i + 1 < r->nleaves; i++) {
			merkle_hash stored, now;
			if (r->src->pair(r->src->ctx, i, stored) != 0)
				break;
			merkle_node(r->leaves[2 * i], r->leaves[2 * i + 1], now);
			if (memcmp(stored, now, MERKLE_HASH) != 0) {
				printf("  the first difference: entry %lld or %lld no longer holds what the tree was built from "
				       "(changed, moved or replaced)\n", (long long)(2 * i + 1), (long long)(2 * i + 2));
				return;
			}
		}
	}
	if (good + 1 == size)
		printf("  the first difference: entry %lld (the only entry this head added to the one before)\n",
		       (long long)size);
	else
		printf("  the first difference lies in entries %lld to %lld: the earlier heads still match, so the "
		       "entries before are as they were signed\n", (long long)good + 1, (long long)size);
}

static int check_heads(run *r, const char **key, bool *pinned)
{
	int64_t prev = 0;
	for (size_t i = 0; i < r->nheads; i++) {
		vhead *h = &r->heads[i];
		char msg[256];
		if (*key == NULL)
			*key = h->key;
		if (h->size <= prev)
			return FAIL("head of size %lld comes after the head of size %lld", (long long)h->size, (long long)prev);
		if (strcmp(h->key, *key) != 0) {
			printf("GAGAL: head of size %lld is signed by another key (%s), not the log's key (%s%s)\n",
			       (long long)h->size, h->key, *key, *pinned ? ", given with --key" : ", the first head's");
			return 1;
		}
		size_t len = ledger_head_message(msg, sizeof(msg), h->size, h->signed_at, h->root);
		if (len == 0 || !ledger_sign_check(h->key, msg, len, h->sig))
			return FAIL("head of size %lld: its signature does not match what it says (size, time, root)",
			            (long long)h->size);
		if (h->size > r->nleaves) {
			printf("GAGAL: head of size %lld counts %lld entries but the log has %lld: entry %lld and after are "
			       "gone\n", (long long)h->size, (long long)h->size, (long long)r->nleaves, (long long)r->nleaves + 1);
			return 1;
		}
		merkle_hash root;
		if (!merkle_unhex(h->root, strlen(h->root), root) || memcmp(root, r->roots[i], MERKLE_HASH) != 0) {
			printf("GAGAL: head of size %lld: its signed root is not the root of the first %lld entries "
			       "(entries were changed, reordered or removed)\n", (long long)h->size, (long long)h->size);
			locate(r, prev, h->size);
			return 1;
		}
		prev = h->size;
	}
	return 0;
}

static int check_consistency(run *r)
{
	char err[256];
	for (size_t i = 1; i < r->nheads; i++) {
		vhead *a = &r->heads[i - 1], *b = &r->heads[i];
		merkle_hash proof[MERKLE_MAX_PROOF], ra, rb;
		size_t len = 0;
		if (r->src->consistency(r->src->ctx, a->size, b->size, proof, &len, err, sizeof(err)) != 0) {
			printf("GAGAL: no consistency proof from head %lld to head %lld: %s\n", (long long)a->size,
			       (long long)b->size, err);
			return 1;
		}
		merkle_unhex(a->root, strlen(a->root), ra);
		merkle_unhex(b->root, strlen(b->root), rb);
		if (!merkle_verify_consistency((uint64_t)a->size, (uint64_t)b->size, ra, rb, proof, len)) {
			printf("GAGAL: head %lld does not extend head %lld: the consistency proof does not check\n",
			       (long long)b->size, (long long)a->size);
			return 1;
		}
	}
	return 0;
}

int verify_run(const vsource *src, const char *key, const char *where)
{
	run r = { .src = src };
	char err[256];
	bool pinned = key != NULL;
	if (src->heads(src->ctx, &r.heads, &r.nheads, err, sizeof(err)) != 0) {
		printf("GAGAL: cannot read the signed heads of %s: %s\n", where, err);
		return 2;
	}
	r.roots = calloc(r.nheads + 1, sizeof(merkle_hash));
	int rc = r.roots == NULL ? 2 : check_entries(&r);
	if (rc == 0)
		rc = check_heads(&r, &key, &pinned);
	if (rc == 0)
		rc = check_consistency(&r);
	char why[1024] = "";
	if (rc == 0 && src->rows != NULL) {
		int rows = src->rows(src->ctx, why, sizeof(why));
		if (rows != 0) {
			printf("GAGAL: %s\n", why);
			rc = rows < 0 ? 2 : 1;
		}
	}
	if (rc == 0) {
		int64_t sealed = r.nheads ? r.heads[r.nheads - 1].size : 0;
		printf("OK: %s: %lld entries, every one canonical and hashing to its leaf; %zu signed heads, the latest "
		       "over %lld entries, every signature, root and consistency proof checks%s\n",
		       where, (long long)r.nleaves, r.nheads, (long long)sealed,
		       src->rows ? "; every statement's row says what its latest entry says" : "");
		printf("key: %s (%s)\n", key ? key : "(no head yet)",
		       pinned ? "given with --key" : "taken from the first head: pin it with --key");
		if (r.nleaves > sealed)
			printf("note: the last %lld entries wait for the next signed head\n", (long long)(r.nleaves - sealed));
	}
	free(r.heads);
	free(r.roots);
	free(r.leaves);
	return rc;
}
