/*
 * canon.c - canonical JSON, the bytes every leaf hashes. The rule (also
 * in docs/ARCHITECTURE.md, so an outside verifier can reproduce it):
 *   - UTF-8, no byte-order mark, no whitespace outside strings;
 *   - object keys sorted by their bytes, each once;
 *   - numbers are integers only (no fraction, no exponent, no -0);
 *   - strings escape '"' and '\' with a backslash, the control characters
 *     U+0008, U+0009, U+000A, U+000C, U+000D as \b \t \n \f \r, the other
 *     characters below U+0020 as \u00XX with upper-case hex; every other
 *     character, '/' and non-ASCII included, is written as itself.
 * That is exactly what jansson writes with JSON_COMPACT | JSON_SORT_KEYS,
 * and what Python's json.dumps(v, ensure_ascii=False, sort_keys=True,
 * separators=(",", ":")) writes for text without other control characters.
 */
#include <stdlib.h>
#include <string.h>

#include "ledger/ledger_int.h"

#define CANON_FLAGS (JSON_COMPACT | JSON_SORT_KEYS)
#define CANON_MAX (1024 * 1024) /* one statement; answers are at most 20,000 characters */

static bool has_real(const json_t *v, int depth)
{
	if (depth > 32)
		return true; /* deeper than any statement: refused like a real */
	if (json_is_real(v))
		return true;
	size_t i;
	const char *key;
	json_t *x;
	if (json_is_array(v)) {
		json_array_foreach((json_t *)v, i, x)
		{
			if (has_real(x, depth + 1))
				return true;
		}
	} else if (json_is_object(v)) {
		json_object_foreach((json_t *)v, key, x)
		{
			if (has_real(x, depth + 1))
				return true;
		}
	}
	return false;
}

char *ledger_canon_dump(const json_t *v, size_t *len)
{
	if (!json_is_object(v) || has_real(v, 0))
		return NULL;
	size_t n = json_dumpb(v, NULL, 0, CANON_FLAGS);
	if (n == 0 || n > CANON_MAX)
		return NULL;
	char *out = malloc(n + 1);
	if (out == NULL || json_dumpb(v, out, n, CANON_FLAGS) != n) {
		free(out);
		return NULL;
	}
	out[n] = '\0';
	*len = n;
	return out;
}

bool ledger_canon_check(const char *text, size_t len, json_t **out, const char **why)
{
	if (out)
		*out = NULL;
	json_error_t e;
	if (len > CANON_MAX) {
		*why = "longer than a statement can be";
		return false;
	}
	json_t *v = json_loadb(text, len, JSON_REJECT_DUPLICATES, &e);
	if (v == NULL) {
		*why = "not JSON";
		return false;
	}
	if (!json_is_object(v)) {
		json_decref(v);
		*why = "not a JSON object";
		return false;
	}
	size_t n = 0;
	char *again = ledger_canon_dump(v, &n);
	bool dumped = again != NULL;
	bool ok = dumped && n == len && memcmp(again, text, len) == 0;
	free(again);
	if (!ok) {
		*why = !dumped && has_real(v, 0) ? "holds a number that is not an integer" : "not in canonical form";
		json_decref(v);
		return false;
	}
	if (out)
		*out = v;
	else
		json_decref(v);
	return true;
}
