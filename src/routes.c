/*
 * routes.c - the whole site map in one table: method, pattern, name (for
 * metrics), handler, and the body limit where a route accepts more than a
 * form. Every GET route also answers HEAD, and every page answers as JSON
 * with a ".json" suffix or Accept: application/json.
 */
#include "agencies/agencies.h"
#include "app.h"
#include "site/site.h"

#define GET(pattern, name, fn) { "GET", pattern, name, (void (*)(void))(fn), 0, 0 }

const struct route app_routes[] = {
	GET("/", "home", site_home),
	GET("/dinas", "agencies", agencies_index_page),
	GET("/dinas/:slug", "agency", agencies_show_page),
	GET("/healthz", "healthz", site_healthz),
	GET("/metrics", "metrics", site_metrics),
	GET("/static/*", "static", site_static),
};

const unsigned app_nroutes = sizeof(app_routes) / sizeof(app_routes[0]);
