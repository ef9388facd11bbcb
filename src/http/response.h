/*
 * response.h - what a request is answered with, before MHD sees it.
 *
 * The body is heap memory owned by the response and handed to MHD without
 * a copy. Security headers are added to every response by the server;
 * handlers only add what is particular to them.
 */
#ifndef TERBUKA_HTTP_RESPONSE_H
#define TERBUKA_HTTP_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

#define RESPONSE_MAX_HEADERS 16

typedef struct response {
	unsigned status;
	const char *content_type;
	char *body;           /* malloc'd, owned; or static when body_static */
	size_t len;
	bool body_static;     /* body is not to be freed (static files) */
	bool allow_framing;   /* embed routes only: no frame-ancestors 'none' */
	bool compressible;    /* the server may gzip it for clients that accept it */
	bool no_referrer;     /* the URL carries a secret: Referrer-Policy no-referrer */
	const char *vary;     /* the Vary header, when the body depends on request headers */
	const char *csp;      /* a Content-Security-Policy of its own instead of the
	                       * site's (a static string), e.g. "sandbox" for files */
	struct sse_client *stream; /* a live stream (http/sse.h) instead of a body */
	struct {
		const char *name;
		const char *value;
	} headers[RESPONSE_MAX_HEADERS];
	size_t nheaders;
} response;

void response_init(response *res);
void response_free(response *res);
/* Adds a header (name and value must outlive the response: literals or arena). */
bool response_header(response *res, const char *name, const char *value);
/* Takes the bytes of b as the body. */
void response_set_buf(response *res, unsigned status, const char *content_type, buf *b);
/* A body that is static or owned elsewhere for the life of the process. */
void response_set_static(response *res, unsigned status, const char *content_type,
                         const char *body, size_t len);
/* The gzip form of len bytes at in, level 5: true with a malloc'd *out. */
bool response_gzip(const char *in, size_t len, char **out, size_t *outlen);
/* A plain-text body copied from text. */
bool response_set_text(response *res, unsigned status, const char *text);

#endif
