/*
 * request.h - one HTTP request as handlers see it.
 *
 * Everything here lives in the request's arena except the struct itself,
 * which outlives the arena long enough to write the access log line.
 * Text fields are valid UTF-8 without NUL bytes (the parsers refuse
 * anything else with a 400).
 */
#ifndef TERBUKA_HTTP_REQUEST_H
#define TERBUKA_HTTP_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "http/parse.h"
#include "http/router.h"

struct MHD_Connection;
struct MHD_PostProcessor;

/* A file part of a multipart form. */
typedef struct http_file {
	const char *field;
	const char *filename;
	const char *content_type;
	char *data;
	size_t len;
	struct http_file *next;
} http_file;

typedef struct request {
	arena *arena;
	struct MHD_Connection *conn;
	char id[17];              /* request id: 16 hex digits */
	char method[16];
	char log_path[256];       /* the raw path, cut, for the access log */
	const char *path;         /* decoded, without a ".json" suffix */
	bool want_json;           /* ".json" suffix or Accept: application/json */
	bool head;                /* a HEAD request */
	http_params query;
	http_params cookies;
	http_params form;
	http_file *files;
	char *body;               /* raw body when it is not a form */
	size_t body_len;
	char client_ip[64];       /* numeric address of the client (see --trust-proxy) */
	bool https;               /* reached us over HTTPS (through the proxy) */
	void *user;               /* the signed-in person: set by the application's
	                           * guard before the handler runs; opaque here */
	struct route_match match; /* filled by the router */
	unsigned route_index;     /* for metrics; the table size when unrouted */

	/* server internals */
	struct MHD_PostProcessor *pp;
	void *form_state;
	size_t max_body;
	size_t body_seen;
	size_t form_fields;
	unsigned early_status;    /* an error found while reading (400, 413) */
	const char *early_message; /* a locale key: "error.too_large" */
	unsigned status;          /* what was answered, for the log */
	uint64_t bytes_out;
	uint64_t start_us;
	uint64_t answered_us;     /* when a stream's answer was queued (0: not a stream) */
	bool queued;
	bool close;               /* close the connection after answering */
} request;

/* The value of a request header (case-insensitive name), or NULL. */
const char *request_header(const request *req, const char *name);
/* A path parameter by name ("slug", "id"), or NULL. */
const char *request_param(const request *req, const char *name);
/* The path parameter "id" as an integer (the router checked it). */
int64_t request_param_id(const request *req);

#endif
