/*
 * merkle.h - the Merkle tree of the public record, as RFC 6962 section 2.1
 * (and RFC 9162 section 2.1) define it: SHA-256, a leaf hashed as
 * SHA-256(0x00 || bytes), an inner node as SHA-256(0x01 || left || right),
 * the left subtree of n leaves holding the largest power of two below n.
 * Pure functions over hashes; where the leaves come from (memory, the
 * database's stored subtrees) is the caller's, through merkle_source.
 * Sizes and indexes are 0-based leaf counts (entry n is leaf n-1).
 */
#ifndef TERBUKA_LEDGER_MERKLE_H
#define TERBUKA_LEDGER_MERKLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MERKLE_HASH 32
/* A proof has at most one hash per level: 64 levels hold any uint64 size. */
#define MERKLE_MAX_PROOF 64

typedef unsigned char merkle_hash[MERKLE_HASH];

void merkle_leaf(const void *data, size_t len, merkle_hash out);
void merkle_node(const merkle_hash left, const merkle_hash right, merkle_hash out);
/* The largest power of two strictly below n (n >= 2). */
uint64_t merkle_split(uint64_t n);

/* Where the hashes of complete subtrees come from: get(ctx, level, idx,
 * out) writes the root of the 2^level leaves from idx * 2^level; 0, or -1
 * when it cannot (a database error). */
typedef struct merkle_source {
	int (*get)(void *ctx, unsigned level, uint64_t idx, merkle_hash out);
	void *ctx;
} merkle_source;

/* MTH of the leaves [start, start + size), size >= 1, start aligned as the
 * RFC's recursion makes it (a multiple of the largest power of two <= size). */
int merkle_range_root(const merkle_source *s, uint64_t start, uint64_t size, merkle_hash out);
/* RFC 6962 PATH(m, D[n]): the audit path of leaf m in a tree of n leaves,
 * from the leaf up; *len gets its length. 0 or -1. */
int merkle_inclusion_proof(const merkle_source *s, uint64_t m, uint64_t n, merkle_hash *proof, size_t *len);
/* RFC 6962 PROOF(m, D[n]) for 0 < m <= n (empty when m == n). 0 or -1. */
int merkle_consistency_proof(const merkle_source *s, uint64_t m, uint64_t n, merkle_hash *proof, size_t *len);

/* RFC 9162 2.1.3.2: whether proof shows leaf `leaf` at index m in the tree
 * of n leaves with root `root`. */
bool merkle_verify_inclusion(uint64_t m, uint64_t n, const merkle_hash leaf, merkle_hash *proof,
                             size_t len, const merkle_hash root);
/* RFC 9162 2.1.4.2: whether proof shows the tree of m leaves with root1 is
 * a prefix of the tree of n leaves with root2 (m <= n). */
bool merkle_verify_consistency(uint64_t m, uint64_t n, const merkle_hash root1, const merkle_hash root2,
                               merkle_hash *proof, size_t len);

/* A running root over leaves appended one by one (a stack of complete
 * subtrees, O(log n) memory): what a verifier streams a whole log into. */
typedef struct merkle_stream {
	merkle_hash stack[MERKLE_MAX_PROOF];
	unsigned levels[MERKLE_MAX_PROOF];
	unsigned depth;
	uint64_t size;
} merkle_stream;

void merkle_stream_init(merkle_stream *st);
void merkle_stream_add(merkle_stream *st, const merkle_hash leaf);
/* The root of the leaves added so far (size >= 1; the empty tree's root is
 * SHA-256 of nothing). */
void merkle_stream_root(const merkle_stream *st, merkle_hash out);

/* A source over an array of leaf hashes in memory (tests, the verifier). */
typedef struct merkle_array {
	merkle_hash *leaves;
	uint64_t n;
} merkle_array;
int merkle_array_get(void *ctx, unsigned level, uint64_t idx, merkle_hash out);

/* Lower-case hex of a hash (65 bytes with the NUL), and back (false when
 * text is not 64 hex digits). */
void merkle_hex(const merkle_hash h, char out[2 * MERKLE_HASH + 1]);
bool merkle_unhex(const char *text, size_t len, merkle_hash out);

#endif
