/*
 * fuzz_query.c - fuzzes http_parse_query (src/http/parse.c) on the input as
 * a query string, with the server's limit of 100 fields.
 *
 * On PARSE_OK: one pair per non-empty '&'-separated piece, each name and
 * value valid UTF-8 without NUL, value lengths right. PARSE_TOO_MANY only
 * with more than 100 pieces.
 */
#include <string.h>

#include "core/arena.h"
#include "fuzz.h"
#include "http/parse.h"

#define MAX_FIELDS 100

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	arena *a = arena_new(16u * 1024 * 1024);
	http_params q = { 0 };
	CHECK(a != NULL);

	size_t pieces = 0;
	for (size_t i = 0; i < size;) {
		size_t end = i;
		while (end < size && in[end] != '&')
			end++;
		pieces += end > i;
		i = end + 1;
	}

	int rc = http_parse_query(a, in, size, MAX_FIELDS, &q);
	if (rc == PARSE_OK) {
		CHECK(q.n == pieces && q.n <= MAX_FIELDS);
		for (size_t i = 0; i < q.n; i++) {
			const http_param *p = &q.v[i];
			CHECK(p->name != NULL && p->value != NULL);
			CHECK(fuzz_utf8_ok(p->name, strlen(p->name)));
			CHECK(strlen(p->value) == p->len);
			CHECK(fuzz_utf8_ok(p->value, p->len));
			CHECK(http_params_get(&q, p->name) != NULL);
		}
		/* encoding gives a query that parses back to the same pairs */
		char *enc = http_query_encode(a, &q);
		CHECK(enc != NULL);
		http_params back = { 0 };
		CHECK(http_parse_query(a, enc, strlen(enc), MAX_FIELDS, &back) == PARSE_OK);
		CHECK(back.n == q.n);
		for (size_t i = 0; i < q.n; i++) {
			CHECK(strcmp(back.v[i].name, q.v[i].name) == 0);
			CHECK(back.v[i].len == q.v[i].len);
			CHECK(memcmp(back.v[i].value, q.v[i].value, q.v[i].len) == 0);
		}
	} else if (rc == PARSE_TOO_MANY) {
		CHECK(pieces > MAX_FIELDS);
	} else {
		CHECK(rc == PARSE_BAD);
	}
	arena_free(a);
	return 0;
}
