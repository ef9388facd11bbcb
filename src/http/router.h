/*
 * router.h - matching a method and a decoded path against a route table.
 *
 * Patterns are literal segments and typed parameters:
 *   :name     a slug: 1-100 of [a-z0-9-]
 *   :id       a positive decimal integer (up to 2^63-1)
 *   :id-slug  an integer with an optional "-some-slug" tail; the tail is
 *             given to the handler as the param "slug" (NULL if absent) so
 *             it can redirect to the canonical URL
 *   a final * matches the rest of the path, as the param "rest"
 * A parameter named "id" is an integer; any other name is a slug.
 * HEAD matches every GET route. The table itself lives in src/routes.c.
 */
#ifndef TERBUKA_HTTP_ROUTER_H
#define TERBUKA_HTTP_ROUTER_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "http/parse.h"

struct route {
	const char *method;  /* "GET", "POST", ... */
	const char *pattern; /* "/dinas/:slug" */
	const char *name;    /* for metrics and logs: "agency" */
	void (*handler)(void); /* opaque to the router; the app casts it back */
	const char *view;    /* the template that shows its page as HTML, or NULL */
	size_t max_body;     /* 0 = the server's form limit; ROUTE_BODY_UPLOAD =
	                      * the upload limit the application sets */
	unsigned access;     /* who may use it, in the application's encoding
	                      * (0 = everyone); checked before the handler runs */
	unsigned limit;      /* the rate limit it counts against (0 = none) */
	unsigned cache;      /* the topics of data its page shows, in the
	                      * application's encoding, when anonymous visitors
	                      * may be given a kept copy (0 = built every time) */
};

#define ROUTE_BODY_UPLOAD ((size_t)-1)

enum router_result {
	ROUTER_FOUND = 0,
	ROUTER_NOT_FOUND = 404,
	ROUTER_METHOD_NOT_ALLOWED = 405,
	ROUTER_NOMEM = 503,
};

struct route_match {
	const struct route *route;
	http_params params;   /* typed path parameters, as text */
	const char *allow;    /* for 405: "GET, HEAD, POST" */
};

/* Finds the route for method + path. On ROUTER_METHOD_NOT_ALLOWED,
 * m->allow lists the methods the path does answer. */
int router_match(const struct route *routes, size_t n, arena *a, const char *method,
                 const char *path, struct route_match *m);

/* Checks a table at start-up: every pattern well formed, no duplicates.
 * Returns the index of the first bad route, or -1 when all are good. */
int router_check(const struct route *routes, size_t n);

#endif
