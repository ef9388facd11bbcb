/*
 * verify_parse.c - reading what a site answers to a verifier: pages of
 * entries, pages of signed heads, a consistency proof. The site may be
 * lying or broken, so every field is checked for type and size before it
 * is used; fuzzed (tests/fuzz/fuzz_ledger.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/verify.h"

#define PAGE_MAX 10000

static json_t *load(const char *text, size_t len, const char *list, char *err, size_t errlen)
{
	json_error_t e;
	json_t *v = json_loadb(text, len, JSON_REJECT_DUPLICATES, &e);
	if (v == NULL || !json_is_object(v) || !json_is_array(json_object_get(v, list)) ||
	    json_array_size(json_object_get(v, list)) > PAGE_MAX) {
		snprintf(err, errlen, "the answer is not the JSON of a page of %s", list);
		json_decref(v);
		return NULL;
	}
	return v;
}

static bool copy(char *out, size_t n, json_t *v)
{
	const char *s = json_string_value(v);
	if (s == NULL || json_string_length(v) >= n || strlen(s) != json_string_length(v))
		return false;
	memcpy(out, s, json_string_length(v) + 1);
	return true;
}

int verify_parse_entries(const char *text, size_t len, ventry **out, size_t *n, char *err, size_t errlen)
{
	json_t *v = load(text, len, "entries", err, errlen);
	if (v == NULL)
		return -1;
	json_t *list = json_object_get(v, "entries");
	size_t count = json_array_size(list);
	ventry *grown = realloc(*out, (*n + count + 1) * sizeof(ventry));
	if (grown == NULL) {
		json_decref(v);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	*out = grown;
	size_t i;
	json_t *e;
	int rc = 0;
	json_array_foreach(list, i, e)
	{
		ventry *x = &(*out)[*n];
		memset(x, 0, sizeof(*x));
		json_t *body = json_object_get(e, "body");
		if (!json_is_integer(json_object_get(e, "n")) || !json_is_string(body) ||
		    !copy(x->leaf, sizeof(x->leaf), json_object_get(e, "leaf_hash"))) {
			snprintf(err, errlen, "entry %zu of the page is not an entry", i + 1);
			rc = -1;
			break;
		}
		x->n = json_integer_value(json_object_get(e, "n"));
		x->len = json_string_length(body);
		x->body = malloc(x->len + 1);
		if (x->body == NULL) {
			snprintf(err, errlen, "out of memory");
			rc = -1;
			break;
		}
		memcpy(x->body, json_string_value(body), x->len + 1);
		(*n)++;
	}
	json_decref(v);
	return rc;
}

int verify_parse_heads(const char *text, size_t len, vhead **out, size_t *n, char *next, size_t nextlen, char *err,
                       size_t errlen)
{
	json_t *v = load(text, len, "heads", err, errlen);
	if (v == NULL)
		return -1;
	json_t *list = json_object_get(v, "heads");
	vhead *grown = realloc(*out, (*n + json_array_size(list) + 1) * sizeof(vhead));
	if (grown == NULL) {
		json_decref(v);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	*out = grown;
	size_t i;
	json_t *h;
	int rc = 0;
	json_array_foreach(list, i, h)
	{
		vhead *x = &(*out)[*n];
		memset(x, 0, sizeof(*x));
		if (!json_is_integer(json_object_get(h, "tree_size")) || !copy(x->root, sizeof(x->root), json_object_get(h, "root_hash")) ||
		    !copy(x->signed_at, sizeof(x->signed_at), json_object_get(h, "signed_at")) ||
		    !copy(x->key, sizeof(x->key), json_object_get(h, "public_key")) ||
		    !copy(x->sig, sizeof(x->sig), json_object_get(h, "signature"))) {
			snprintf(err, errlen, "head %zu of the page is not a signed head", i + 1);
			rc = -1;
			break;
		}
		x->size = json_integer_value(json_object_get(h, "tree_size"));
		(*n)++;
	}
	next[0] = '\0';
	json_t *link = json_object_get(v, "next");
	if (rc == 0 && link != NULL && !json_is_null(link) && !copy(next, nextlen, link)) {
		snprintf(err, errlen, "the page's next link is not one");
		rc = -1;
	}
	json_decref(v);
	return rc;
}

int verify_parse_proof(const char *text, size_t len, merkle_hash *proof, size_t *plen, char *err, size_t errlen)
{
	json_t *v = load(text, len, "proof", err, errlen);
	if (v == NULL)
		return -1;
	json_t *list = json_object_get(v, "proof");
	int rc = 0;
	*plen = 0;
	if (json_array_size(list) > MERKLE_MAX_PROOF) {
		snprintf(err, errlen, "the proof is longer than any proof can be");
		rc = -1;
	}
	size_t i;
	json_t *h;
	json_array_foreach(list, i, h)
	{
		if (rc != 0)
			break;
		if (!json_is_string(h) || !merkle_unhex(json_string_value(h), json_string_length(h), proof[i])) {
			snprintf(err, errlen, "hash %zu of the proof is not 64 hex digits", i + 1);
			rc = -1;
		}
		(*plen)++;
	}
	json_decref(v);
	return rc;
}
