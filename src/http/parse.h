/*
 * parse.h - pure parsers for what a client sends: percent-encoded paths,
 * query strings and cookies. No MHD here, so each has a fuzz target.
 *
 * Decoded text is always valid UTF-8 without NUL bytes; anything else is
 * rejected, so no handler ever sees malformed text.
 */
#ifndef TERBUKA_HTTP_PARSE_H
#define TERBUKA_HTTP_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"

enum parse_status {
	PARSE_OK = 0,
	PARSE_BAD = -1,      /* malformed: answer 400 */
	PARSE_TOO_MANY = -2, /* more fields than allowed: answer 400 */
	PARSE_NOMEM = -3,    /* arena exhausted: answer 503 */
};

/* A name=value pair. Values may be long but are NUL-terminated. */
typedef struct http_param {
	const char *name;
	const char *value;
	size_t len;
	bool bad;   /* form fields only: the value was not valid UTF-8 text and
	             * has been repaired (bad bytes shown as U+FFFD) */
} http_param;

typedef struct http_params {
	http_param *v;
	size_t n;
	size_t cap;
} http_params;

int http_params_add(arena *a, http_params *p, const char *name, const char *value, size_t len);
/* The first value of name, or NULL. */
const char *http_params_get(const http_params *p, const char *name);
http_param *http_params_find(const http_params *p, const char *name);

/* Decodes %XX escapes (and '+' as a space when plus_space). PARSE_BAD on a
 * broken escape, a NUL byte or invalid UTF-8 in the result. */
int http_percent_decode(arena *a, const char *s, size_t n, bool plus_space,
                        char **out, size_t *outlen);
/* Decodes a request path: must start with '/', at most max_len bytes
 * before decoding, and an encoded '/' (%2F) is refused because it would
 * change what the path means. */
int http_path_decode(arena *a, const char *s, size_t n, size_t max_len,
                     char **out, size_t *outlen);
/* Parses a=1&b=2 (no leading '?'); empty pieces are skipped; at most
 * max_fields pairs. */
int http_parse_query(arena *a, const char *s, size_t n, size_t max_fields, http_params *out);
/* Parses a Cookie header: name=value; name2="value2". Cookies with broken
 * names are skipped (browsers send what others set), not fatal. */
int http_parse_cookies(arena *a, const char *s, size_t n, size_t max_fields, http_params *out);

/* s percent-encoded as a URL's query value (all but RFC 3986's
 * unreserved characters). NULL on OOM. */
char *http_percent_encode(arena *a, const char *s);

/* The params as a query string ("a=1&b=x%20y"), percent-encoding all but
 * RFC 3986's unreserved characters; "" when there are none. NULL on OOM. */
char *http_query_encode(arena *a, const http_params *p);

/* True when an Accept-Encoding header value offers coding (exactly, case
 * insensitive) with a q-value above zero. */
bool http_accepts_coding(const char *header, const char *coding);

#endif
