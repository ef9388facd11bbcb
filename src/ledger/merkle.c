/*
 * merkle.c - see merkle.h. The algorithms are the RFCs' own, written out
 * as they read (RFC 6962 2.1.1-2.1.2 for building proofs, RFC 9162
 * 2.1.3.2 and 2.1.4.2 for checking them), so that a reader can hold one
 * beside the other.
 */
#include "ledger/merkle.h"

#include <sodium.h>
#include <string.h>

void merkle_leaf(const void *data, size_t len, merkle_hash out)
{
	static const unsigned char zero = 0x00;
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, &zero, 1);
	crypto_hash_sha256_update(&st, data, len);
	crypto_hash_sha256_final(&st, out);
}

void merkle_node(const merkle_hash left, const merkle_hash right, merkle_hash out)
{
	unsigned char buf[1 + 2 * MERKLE_HASH];
	buf[0] = 0x01;
	memcpy(buf + 1, left, MERKLE_HASH);
	memcpy(buf + 1 + MERKLE_HASH, right, MERKLE_HASH);
	crypto_hash_sha256(out, buf, sizeof(buf));
}

uint64_t merkle_split(uint64_t n)
{
	uint64_t k = 1;
	while (k < n - k) /* k * 2 < n without overflow */
		k <<= 1;
	return k;
}

static bool pow2(uint64_t n)
{
	return n != 0 && (n & (n - 1)) == 0;
}

static unsigned log2u(uint64_t n)
{
	unsigned l = 0;
	while (n > 1) {
		n >>= 1;
		l++;
	}
	return l;
}

int merkle_range_root(const merkle_source *s, uint64_t start, uint64_t size, merkle_hash out)
{
	if (size == 0)
		return -1;
	if (pow2(size) && start % size == 0)
		return s->get(s->ctx, log2u(size), start / size, out);
	uint64_t k = merkle_split(size);
	merkle_hash l, r;
	if (merkle_range_root(s, start, k, l) != 0 || merkle_range_root(s, start + k, size - k, r) != 0)
		return -1;
	merkle_node(l, r, out);
	return 0;
}

static int push(const merkle_source *s, uint64_t start, uint64_t size, merkle_hash *proof, size_t *len)
{
	if (*len >= MERKLE_MAX_PROOF)
		return -1;
	return merkle_range_root(s, start, size, proof[(*len)++]);
}

/* PATH(m, D[start:start+n]) */
static int path(const merkle_source *s, uint64_t m, uint64_t start, uint64_t n, merkle_hash *proof, size_t *len)
{
	if (n <= 1)
		return 0;
	uint64_t k = merkle_split(n);
	if (m < k)
		return path(s, m, start, k, proof, len) == 0 ? push(s, start + k, n - k, proof, len) : -1;
	return path(s, m - k, start + k, n - k, proof, len) == 0 ? push(s, start, k, proof, len) : -1;
}

int merkle_inclusion_proof(const merkle_source *s, uint64_t m, uint64_t n, merkle_hash *proof, size_t *len)
{
	*len = 0;
	if (m >= n)
		return -1;
	return path(s, m, 0, n, proof, len);
}

/* SUBPROOF(m, D[start:start+n], b) */
static int subproof(const merkle_source *s, uint64_t m, uint64_t start, uint64_t n, bool b, merkle_hash *proof,
                    size_t *len)
{
	if (m == n)
		return b ? 0 : push(s, start, m, proof, len);
	uint64_t k = merkle_split(n);
	if (m <= k)
		return subproof(s, m, start, k, b, proof, len) == 0 ? push(s, start + k, n - k, proof, len) : -1;
	return subproof(s, m - k, start + k, n - k, false, proof, len) == 0 ? push(s, start, k, proof, len) : -1;
}

int merkle_consistency_proof(const merkle_source *s, uint64_t m, uint64_t n, merkle_hash *proof, size_t *len)
{
	*len = 0;
	if (m == 0 || m > n)
		return -1;
	return m == n ? 0 : subproof(s, m, 0, n, true, proof, len);
}

bool merkle_verify_inclusion(uint64_t m, uint64_t n, const merkle_hash leaf, merkle_hash *proof,
                             size_t len, const merkle_hash root)
{
	if (m >= n)
		return false;
	uint64_t fn = m, sn = n - 1;
	merkle_hash r;
	memcpy(r, leaf, MERKLE_HASH);
	for (size_t i = 0; i < len; i++) {
		if (sn == 0)
			return false;
		if ((fn & 1) || fn == sn) {
			merkle_node(proof[i], r, r);
			while (!(fn & 1) && fn != 0) {
				fn >>= 1;
				sn >>= 1;
			}
		} else {
			merkle_node(r, proof[i], r);
		}
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0 && sodium_memcmp(r, root, MERKLE_HASH) == 0;
}

bool merkle_verify_consistency(uint64_t m, uint64_t n, const merkle_hash root1, const merkle_hash root2,
                               merkle_hash *proof, size_t len)
{
	if (m == 0 || m > n)
		return false;
	if (m == n)
		return len == 0 && sodium_memcmp(root1, root2, MERKLE_HASH) == 0;
	if (len == 0 || len > MERKLE_MAX_PROOF)
		return false;
	merkle_hash path[MERKLE_MAX_PROOF + 1];
	size_t plen = 0;
	if (pow2(m))
		memcpy(path[plen++], root1, MERKLE_HASH);
	for (size_t i = 0; i < len; i++)
		memcpy(path[plen++], proof[i], MERKLE_HASH);
	uint64_t fn = m - 1, sn = n - 1;
	while (fn & 1) {
		fn >>= 1;
		sn >>= 1;
	}
	merkle_hash fr, sr;
	memcpy(fr, path[0], MERKLE_HASH);
	memcpy(sr, path[0], MERKLE_HASH);
	for (size_t i = 1; i < plen; i++) {
		if (sn == 0)
			return false;
		if ((fn & 1) || fn == sn) {
			merkle_node(path[i], fr, fr);
			merkle_node(path[i], sr, sr);
			while (!(fn & 1) && fn != 0) {
				fn >>= 1;
				sn >>= 1;
			}
		} else {
			merkle_node(sr, path[i], sr);
		}
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0 && sodium_memcmp(fr, root1, MERKLE_HASH) == 0 && sodium_memcmp(sr, root2, MERKLE_HASH) == 0;
}

void merkle_stream_init(merkle_stream *st)
{
	memset(st, 0, sizeof(*st));
}

void merkle_stream_add(merkle_stream *st, const merkle_hash leaf)
{
	memcpy(st->stack[st->depth], leaf, MERKLE_HASH);
	st->levels[st->depth++] = 0;
	while (st->depth >= 2 && st->levels[st->depth - 1] == st->levels[st->depth - 2]) {
		merkle_node(st->stack[st->depth - 2], st->stack[st->depth - 1], st->stack[st->depth - 2]);
		st->levels[st->depth - 2]++;
		st->depth--;
	}
	st->size++;
}

void merkle_stream_root(const merkle_stream *st, merkle_hash out)
{
	if (st->depth == 0) {
		crypto_hash_sha256(out, NULL, 0);
		return;
	}
	merkle_hash r;
	memcpy(r, st->stack[st->depth - 1], MERKLE_HASH);
	for (unsigned i = st->depth - 1; i-- > 0;)
		merkle_node(st->stack[i], r, r);
	memcpy(out, r, MERKLE_HASH);
}

int merkle_array_get(void *ctx, unsigned level, uint64_t idx, merkle_hash out)
{
	const merkle_array *a = ctx;
	if (level >= 63 || idx > (a->n >> level) || ((idx + 1) << level) > a->n)
		return -1;
	if (level == 0) {
		memcpy(out, a->leaves[idx], MERKLE_HASH);
		return 0;
	}
	merkle_hash l, r;
	if (merkle_array_get(ctx, level - 1, 2 * idx, l) != 0 || merkle_array_get(ctx, level - 1, 2 * idx + 1, r) != 0)
		return -1;
	merkle_node(l, r, out);
	return 0;
}

void merkle_hex(const merkle_hash h, char out[2 * MERKLE_HASH + 1])
{
	sodium_bin2hex(out, 2 * MERKLE_HASH + 1, h, MERKLE_HASH);
}

bool merkle_unhex(const char *text, size_t len, merkle_hash out)
{
	if (text == NULL || len != 2 * MERKLE_HASH)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return false;
	}
	size_t got = 0;
	return sodium_hex2bin(out, MERKLE_HASH, text, len, NULL, &got, NULL) == 0 && got == MERKLE_HASH;
}
