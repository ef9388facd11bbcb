/*
 * merkle_test.c - the public record's tree against known answers: the
 * roots of RFC 6962's test vector (the eight leaves certificate
 * transparency's own implementations are tested on), every inclusion and
 * consistency proof of trees up to 64 leaves checked by the RFC 9162
 * verifiers, proofs that must fail, the streamed root against the
 * recursive one up to 1,000 leaves, and canonical JSON.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "ledger/ledger_int.h"
#include "ledger/merkle.h"

static const char *const vector[8] = { "", "00", "10", "2021", "3031", "40414243", "5051525354555657",
	                                    "606162636465666768696a6b6c6d6e6f" };
static const char *const roots[8] = {
	"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
	"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
	"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
	"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
	"4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
	"76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
	"ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
	"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

static void vector_leaves(merkle_hash out[8])
{
	for (int i = 0; i < 8; i++) {
		unsigned char bytes[16];
		size_t len = 0;
		assert_int_equal(sodium_hex2bin(bytes, sizeof(bytes), vector[i], strlen(vector[i]), NULL, &len, NULL), 0);
		merkle_leaf(bytes, len, out[i]);
	}
}

static void test_rfc6962_roots(void **state)
{
	(void)state;
	merkle_hash leaves[8], root;
	vector_leaves(leaves);
	merkle_stream st;
	merkle_stream_init(&st);
	for (int n = 1; n <= 8; n++) {
		merkle_array a = { leaves, (uint64_t)n };
		merkle_source s = { merkle_array_get, &a };
		char hex[65];
		assert_int_equal(merkle_range_root(&s, 0, (uint64_t)n, root), 0);
		merkle_hex(root, hex);
		assert_string_equal(hex, roots[n - 1]);
		merkle_stream_add(&st, leaves[n - 1]);
		merkle_stream_root(&st, root);
		merkle_hex(root, hex);
		assert_string_equal(hex, roots[n - 1]);
	}
	/* the empty tree is SHA-256 of nothing */
	merkle_stream_init(&st);
	merkle_stream_root(&st, root);
	char hex[65];
	merkle_hex(root, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static merkle_hash *random_leaves(uint64_t n)
{
	merkle_hash *l = malloc((size_t)n * sizeof(merkle_hash));
	for (uint64_t i = 0; i < n; i++) {
		unsigned char b[8];
		randombytes_buf(b, sizeof(b));
		merkle_leaf(b, sizeof(b), l[i]);
	}
	return l;
}

static void test_every_proof_up_to_64(void **state)
{
	(void)state;
	merkle_hash *leaves = random_leaves(64);
	merkle_hash roots_[65];
	for (uint64_t n = 1; n <= 64; n++) {
		merkle_array a = { leaves, n };
		merkle_source s = { merkle_array_get, &a };
		assert_int_equal(merkle_range_root(&s, 0, n, roots_[n]), 0);
	}
	for (uint64_t n = 1; n <= 64; n++) {
		merkle_array a = { leaves, n };
		merkle_source s = { merkle_array_get, &a };
		for (uint64_t m = 0; m < n; m++) {
			merkle_hash proof[MERKLE_MAX_PROOF];
			size_t len = 0;
			assert_int_equal(merkle_inclusion_proof(&s, m, n, proof, &len), 0);
			assert_true(merkle_verify_inclusion(m, n, leaves[m], proof, len, roots_[n]));
			/* the wrong leaf, index, size or root does not check */
			assert_false(merkle_verify_inclusion(m, n, leaves[(m + 1) % 64], proof, len, roots_[n]) && n > 1);
			if (n > 1)
				assert_false(merkle_verify_inclusion((m + 1) % n, n, leaves[m], proof, len, roots_[n]));
			if (len > 0) {
				proof[len - 1][0] ^= 1;
				assert_false(merkle_verify_inclusion(m, n, leaves[m], proof, len, roots_[n]));
			}
		}
		for (uint64_t m = 1; m <= n; m++) {
			merkle_hash proof[MERKLE_MAX_PROOF];
			size_t len = 0;
			assert_int_equal(merkle_consistency_proof(&s, m, n, proof, &len), 0);
			assert_true(merkle_verify_consistency(m, n, roots_[m], roots_[n], proof, len));
			if (m < n) {
				assert_false(merkle_verify_consistency(m, n, roots_[m == 1 ? 2 : m - 1], roots_[n], proof, len));
				proof[0][5] ^= 0x40;
				assert_false(merkle_verify_consistency(m, n, roots_[m], roots_[n], proof, len));
			}
		}
	}
	free(leaves);
}

static void test_stream_matches_recursion_to_1000(void **state)
{
	(void)state;
	merkle_hash *leaves = random_leaves(1000);
	merkle_stream st;
	merkle_stream_init(&st);
	for (uint64_t n = 1; n <= 1000; n++) {
		merkle_stream_add(&st, leaves[n - 1]);
		if (n % 37 != 0 && n != 1000 && n != 512 && n != 513)
			continue;
		merkle_array a = { leaves, n };
		merkle_source s = { merkle_array_get, &a };
		merkle_hash r1, r2;
		assert_int_equal(merkle_range_root(&s, 0, n, r1), 0);
		merkle_stream_root(&st, r2);
		assert_memory_equal(r1, r2, MERKLE_HASH);
	}
	free(leaves);
}

static void test_hex(void **state)
{
	(void)state;
	merkle_hash h;
	assert_true(merkle_unhex(roots[0], 64, h));
	assert_false(merkle_unhex("6E340B9CFFB37A989CA544E6BB780A2C78901D3FB33738768511A30617AFA01D", 64, h));
	assert_false(merkle_unhex(roots[0], 63, h));
	assert_false(merkle_unhex(NULL, 0, h));
}

static void test_canonical_json(void **state)
{
	(void)state;
	const char *why = NULL;
	static const char good[] = "{\"a\":1,\"b\":[true,null,\"x/\\u001Fy\\n\"],\"c\":{\"d\":-2},\"\xc3\xa9\":\"caf\xc3\xa9\"}";
	assert_true(ledger_canon_check(good, strlen(good), NULL, &why));
	static const char *const bad[] = {
		"{\"b\":1,\"a\":2}", "{ \"a\":1}", "{\"a\":1.5}", "{\"a\":1e3}", "{\"a\":-0}", "[1]", "{\"a\":1,\"a\":2}",
		"{\"a\":\"\\u00e9\"}", "{\"a\":\"\\/\"}", "{\"a\":\"\\u001f\"}", "{\"a\":1}\n", "{}x", "",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(ledger_canon_check(bad[i], strlen(bad[i]), NULL, &why));
	json_t *v = json_pack("{s:i, s:s, s:n}", "z", 3, "a", "\"kutip\" \\", "m");
	size_t len = 0;
	char *text = ledger_canon_dump(v, &len);
	assert_string_equal(text, "{\"a\":\"\\\"kutip\\\" \\\\\",\"m\":null,\"z\":3}");
	free(text);
	json_object_set_new(v, "r", json_real(1.5));
	assert_null(ledger_canon_dump(v, &len));
	json_decref(v);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc6962_roots),
		cmocka_unit_test(test_every_proof_up_to_64),
		cmocka_unit_test(test_stream_matches_recursion_to_1000),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_canonical_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
