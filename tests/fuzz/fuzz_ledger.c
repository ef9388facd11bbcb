/*
 * fuzz_ledger.c - fuzzes what the public record reads from outside
 * (src/ledger/canon.c, verify_parse.c): the canonical-JSON check every
 * entry passes in `terbuka verify`, and the pages a site (perhaps a
 * lying one) answers a verifier with.
 *
 * Byte 0 picks the reader: 0 canonical JSON, 1 a page of entries, 2 a page
 * of heads, 3 a consistency proof; the rest is the text. Canonical text
 * is exactly the canonical dump of what it parses to (a fixed point);
 * entries and heads hold only what fits their fields (hashes of 64
 * characters, keys and signatures within their buffers); a proof is at
 * most MERKLE_MAX_PROOF hashes; nothing crashes or leaks.
 */
#include "fuzz.h"
#include "ledger/ledger_int.h"
#include "ledger/verify.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0 || size > 100000)
		return 0;
	const char *text = (const char *)data + 1;
	size_t len = size - 1;
	char err[256];
	switch (data[0] % 4) {
	case 0: {
		const char *why = NULL;
		json_t *v = NULL;
		if (ledger_canon_check(text, len, &v, &why)) {
			size_t n = 0;
			char *again = ledger_canon_dump(v, &n);
			CHECK(again != NULL && n == len && memcmp(again, text, len) == 0);
			free(again);
			json_decref(v);
		} else {
			CHECK(why != NULL && v == NULL);
		}
		break;
	}
	case 1: {
		ventry *e = NULL;
		size_t n = 0;
		if (verify_parse_entries(text, len, &e, &n, err, sizeof(err)) == 0)
			for (size_t i = 0; i < n; i++)
				CHECK(e[i].body != NULL && strlen(e[i].leaf) < sizeof(e[i].leaf) && e[i].body[e[i].len] == '\0');
		verify_entries_free(e, n);
		break;
	}
	case 2: {
		vhead *h = NULL;
		size_t n = 0;
		char next[512];
		if (verify_parse_heads(text, len, &h, &n, next, sizeof(next), err, sizeof(err)) == 0)
			CHECK(strlen(next) < sizeof(next));
		for (size_t i = 0; i < n; i++)
			CHECK(strlen(h[i].root) < sizeof(h[i].root) && strlen(h[i].sig) < sizeof(h[i].sig));
		free(h);
		break;
	}
	default: {
		merkle_hash proof[MERKLE_MAX_PROOF];
		size_t n = 0;
		if (verify_parse_proof(text, len, proof, &n, err, sizeof(err)) == 0)
			CHECK(n <= MERKLE_MAX_PROOF);
		break;
	}
	}
	return 0;
}
