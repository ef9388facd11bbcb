/*
 * fuzz_rupiah.c - fuzzes rupiah_parse (src/programs/rules.c), which reads
 * every budget an officer types.
 *
 * An accepted amount is 0..RUPIAH_MAX; formatting it and parsing that
 * again gives the same number; digits only (no separators) of the same
 * value parse the same.
 */
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "fuzz.h"
#include "programs/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int64_t v;
	if (!rupiah_parse((const char *)data, size, &v))
		return 0;
	CHECK(v >= 0 && v <= RUPIAH_MAX);
	arena *a = arena_new(1 << 16);
	CHECK(a != NULL);
	const char *shown = rupiah_format(a, v);
	int64_t back = -1;
	CHECK(shown != NULL && rupiah_parse(shown, strlen(shown), &back) && back == v);
	char plain[32];
	int n = snprintf(plain, sizeof(plain), "%lld", (long long)v);
	CHECK(rupiah_parse(plain, (size_t)n, &back) && back == v);
	arena_free(a);
	return 0;
}
