/*
 * routes.c - the whole site map in one table: method, pattern, name (for
 * metrics), handler, the template that shows the page, and the body limit
 * where a route accepts more than a form. Every GET route also answers HEAD, and every page answers as JSON
 * with a ".json" suffix or Accept: application/json.
 */
#include "agencies/agencies.h"
#include "app.h"
#include "site/site.h"

/* GET(pattern, name, handler, view): view is the template of the page
 * (checked at start-up), NULL for routes that answer JSON or raw bytes. */
#define GET(pattern, name, fn, view) { "GET", pattern, name, (void (*)(void))(fn), view, 0 }

const struct route app_routes[] = {
	GET("/", "home", site_home, "home"),
	GET("/dinas", "agencies", agencies_index_page, "agencies"),
	GET("/dinas/:slug", "agency", agencies_show_page, "agency"),
	GET("/healthz", "healthz", site_healthz, NULL),
	GET("/metrics", "metrics", site_metrics, NULL),
	GET("/static/*", "static", site_static, NULL),
};

const unsigned app_nroutes = sizeof(app_routes) / sizeof(app_routes[0]);
