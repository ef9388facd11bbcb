/*
 * server.h - the libmicrohttpd daemon and the life of a request in it.
 *
 * The server owns the mechanics: reading the request line, headers and
 * body within limits, the per-request arena, security headers, gzip for
 * clients that accept it, the access log line and the metrics. What a
 * request means is decided by three hooks the application provides.
 */
#ifndef TERBUKA_HTTP_SERVER_H
#define TERBUKA_HTTP_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "http/request.h"
#include "http/response.h"

struct server_hooks {
	/* Headers are in and parsed: route the request (fill req->match,
	 * req->route_index; raise req->max_body for upload routes). Return 0,
	 * or an HTTP status (404, 405...) to answer with an error. */
	unsigned (*route)(request *req);
	/* The whole body is in: answer. */
	void (*handle)(request *req, response *res);
	/* Answer with an error page for status; message is a locale key
	 * ("error.too_large") for the sentence the person reads. */
	void (*error)(request *req, unsigned status, const char *message, response *res);
};

struct server_config {
	const char *host;
	unsigned port;
	unsigned threads;      /* 0: one per core */
	size_t max_form;       /* default body limit */
	unsigned nroutes;      /* route_index of an unrouted request */
	bool trust_proxy;      /* client address and scheme from our proxy's headers */
	unsigned max_connections; /* 0: 16000; the open-file limit is raised to fit */
	unsigned idle_timeout; /* seconds before an idle connection is closed; 0: 30 */
	unsigned stream_ping_ms; /* heartbeat of live streams; 0: every 15 s */
	struct server_hooks hooks;
};

/* Starts serving in background threads. Returns 0, or -1 with err set. */
int server_start(const struct server_config *cfg, char *err, size_t errlen);
/* Stops accepting, ends live streams, lets requests in flight finish (up
 * to grace_ms), then stops the daemon. */
void server_stop(unsigned grace_ms);
/* Requests begun and not yet completed. */
unsigned server_inflight(void);

#endif
