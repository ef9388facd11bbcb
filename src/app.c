/*
 * app.c - from a routed request to a response (see app.h).
 *
 * One view model per page: answered as JSON when asked for (".json" or
 * Accept: application/json), else rendered as HTML inside the layout with
 * the site's branding, the string catalogue and the request id added.
 */
#include "app.h"

#include <stdio.h>
#include <string.h>

#include "accounts/accounts.h"
#include "core/log.h"
#include "dataversion.h"
#include "http/metrics.h"
#include "http/static.h"
#include "pagecache.h"
#include "share/share.h"
#include "site/site.h"
#include "uploads/uploads.h"
#include "view/locale.h"
#include "view/render.h"

#define MAX_PAGE (4u * 1024 * 1024)
#define MAX_ROUTES 256 /* the site map's size at most (metrics count per route) */

int app_init(const struct config *cfg, char *err, size_t errlen)
{
	char path[4096];
	pagecache_init((size_t)cfg->page_cache_mb * 1024 * 1024);
	if (dataversion_start() != 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	int bad = router_check(app_routes, app_nroutes);
	if (bad >= 0) {
		snprintf(err, errlen, "src/routes.c: route %d (%s) is malformed or duplicated", bad,
		         app_routes[bad].pattern ? app_routes[bad].pattern : "?");
		return -1;
	}
	snprintf(path, sizeof(path), "%s/locale/id.json", cfg->share);
	if (locale_load(path, err, errlen) != 0)
		return -1;
	snprintf(path, sizeof(path), "%s/templates", cfg->share);
	if (render_init(path, err, errlen) != 0)
		return -1;
	for (unsigned i = 0; i < app_nroutes; i++) {
		const char *view = app_routes[i].view;
		if (view != NULL && !tpl_has(render_templates(), view)) {
			snprintf(err, errlen, "%s/templates/%s.html: missing (route %s %s)", cfg->share,
			         view, app_routes[i].method, app_routes[i].pattern);
			return -1;
		}
	}
	static const char *const needed[] = { "error", "bare" };
	for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++) {
		if (!tpl_has(render_templates(), needed[i])) {
			snprintf(err, errlen, "%s/templates/%s.html: missing", cfg->share, needed[i]);
			return -1;
		}
	}
	snprintf(path, sizeof(path), "%s/static", cfg->share);
	if (static_load(path, "/static/", err, errlen) != 0)
		return -1;
	static const char *route_names[MAX_ROUTES];
	if (app_nroutes > MAX_ROUTES) {
		snprintf(err, errlen, "src/routes.c: more than %d routes", MAX_ROUTES);
		return -1;
	}
	for (unsigned i = 0; i < app_nroutes; i++)
		route_names[i] = app_routes[i].name;
	if (metrics_init(route_names, app_nroutes) != 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

void app_free(void)
{
	dataversion_stop();
	pagecache_free();
	metrics_free();
	static_free();
	render_free();
	locale_free();
}

/* "/dinas/" answers with a permanent redirect to "/dinas". */
static void trailing_slash(request *req, page *pg)
{
	size_t n = strlen(req->path);
	char *to = arena_strndup(req->arena, req->path, n - 1);
	const char *query = http_query_encode(req->arena, &req->query);
	if (to != NULL && query != NULL)
		to = arena_printf(req->arena, "%s%s%s%s", to, req->want_json ? ".json" : "",
		                  query[0] ? "?" : "", query);
	if (to == NULL) {
		page_fail(req, pg, "out of request memory");
		return;
	}
	page_redirect(pg, 301, to);
}

static const struct route slash_route = { "GET", "/", "redirect", (void (*)(void))trailing_slash,
                                          NULL, 0, 0, 0, 0 };

static bool slash_redirects(request *req)
{
	size_t n = strlen(req->path);
	if (n < 2 || req->path[n - 1] != '/' || req->path[n - 2] == '/' ||
	    (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0))
		return false;
	char *bare = arena_strndup(req->arena, req->path, n - 1);
	struct route_match m;
	return bare != NULL &&
	       router_match(app_routes, app_nroutes, req->arena, "GET", bare, &m) == ROUTER_FOUND;
}

unsigned app_route(request *req)
{
	int r = router_match(app_routes, app_nroutes, req->arena, req->method, req->path, &req->match);
	if (r == ROUTER_NOT_FOUND && slash_redirects(req)) {
		req->match.route = &slash_route;
		return 0;
	}
	if (r == ROUTER_FOUND) {
		req->route_index = (unsigned)(req->match.route - app_routes);
		if (req->match.route->max_body == ROUTE_BODY_UPLOAD)
			req->max_body = uploads_max() + 256 * 1024; /* the files and the other fields */
		else if (req->match.route->max_body > 0)
			req->max_body = req->match.route->max_body;
		return 0;
	}
	if (r == ROUTER_METHOD_NOT_ALLOWED)
		req->early_message = "error.method_not_allowed";
	else if (r == ROUTER_NOT_FOUND)
		req->early_message = "error.not_found";
	else
		req->early_message = "error.busy";
	return (unsigned)r;
}

void page_not_found(page *pg)
{
	pg->status = 404;
	pg->error = "error.not_found";
}

void page_fail(request *req, page *pg, const char *what)
{
	log_error(req->id, "%s %s: %s", req->method, req->path ? req->path : "-", what);
	pg->status = 500;
	pg->error = "error.internal";
}

void page_db_error(request *req, page *pg, db *c, int rc)
{
	if (c == NULL || rc == DB_UNAVAILABLE) {
		log_error(req->id, "database unavailable: %s", c ? db_errmsg(c) : "no connection");
		pg->status = 503;
		pg->error = "error.db_unavailable";
		response_header(pg->res, "Retry-After", "5");
		return;
	}
	page_fail(req, pg, db_errmsg(c));
}

const char *page_flash(const request *req)
{
	const char *key = http_params_get(&req->query, "pesan");
	if (key == NULL || strlen(key) > 40)
		return NULL;
	for (const char *p = key; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
			return NULL;
	char full[64];
	snprintf(full, sizeof(full), "notice.%s", key);
	const char *text = locale_get(full);
	return text == full ? NULL : text;
}

bool page_canonical(request *req, page *pg, const char *url)
{
	if (url == NULL || strcmp(url, req->path) == 0)
		return false;
	const char *qs = http_query_encode(req->arena, &req->query);
	page_redirect(pg, 301, arena_printf(req->arena, "%s%s%s%s", url, req->want_json ? ".json" : "",
	                                    qs && qs[0] ? "?" : "", qs ? qs : ""));
	return true;
}

void page_item(request *req, page *pg, db *c, int rc, json_t *item, const char *key)
{
	if (rc != DB_ROW) {
		json_decref(item);
		if (rc == DB_DONE)
			page_not_found(pg);
		else
			page_db_error(req, pg, c, rc);
		return;
	}
	if (page_canonical(req, pg, json_string_value(json_object_get(item, "url")))) {
		json_decref(item);
		return;
	}
	pg->title = json_string_value(json_object_get(item, "title"));
	pg->model = json_pack("{s:o}", key, item);
	const char *flash = page_flash(req);
	if (flash != NULL)
		json_object_set_new(pg->model, "flash", json_string(flash));
	const char *csrf = accounts_current(req) ? accounts_csrf_token(req, pg->res) : NULL;
	if (csrf != NULL)
		json_object_set_new(pg->model, "csrf_token", json_string(csrf));
}

bool page_loaded(request *req, page *pg, db *c, int rc)
{
	if (rc == DB_ROW)
		return true;
	if (rc == DB_DONE)
		page_not_found(pg);
	else
		page_db_error(req, pg, c, rc);
	return false;
}

void page_redirect(page *pg, unsigned status, const char *location)
{
	pg->status = status;
	pg->redirect = location;
}

/* The model the HTML templates see: the page's data plus what every page shows. */
static json_t *html_model(request *req, const page *pg)
{
	json_t *m = json_object();
	if (m == NULL)
		return NULL;
	if (pg->model != NULL && json_is_object(pg->model))
		json_object_update(m, pg->model);
	json_object_set_new(m, "site", site_settings());
	json_object_set(m, "t", locale_root());
	json_object_set_new(m, "asset_v", json_string(static_version()));
	json_object_set_new(m, "request_id", json_string(req->id));
	accounts_page_model(req, pg->res, m);
	const char *path = req->path ? req->path : "/";
	const char *twin = strcmp(path, "/") == 0 ? "/index.json" : arena_printf(req->arena, "%s.json", path);
	json_object_set_new(m, "current_path", json_string(path));
	/* the site section, for the menu's aria-current: "/dinas/x" -> {"dinas": true} */
	size_t seg = strcspn(path + 1, "/");
	const char *section = seg ? arena_strndup(req->arena, path + 1, seg) : "home";
	if (section != NULL)
		json_object_set_new(m, "section", json_pack("{s:b}", section, 1));
	json_object_set_new(m, "json_path", json_string(twin ? twin : "/index.json"));
	if (pg->title != NULL)
		json_object_set_new(m, "page_title", json_string(pg->title));
	if (pg->status == 200 && json_object_get(m, "share") == NULL) { /* link previews (share/page.c) */
		json_t *site = json_object_get(m, "site");
		json_t *s = share_for_page(req->arena, m, path, pg->title ? pg->title : json_string_value(json_object_get(site, "name")),
		                           json_string_value(json_object_get(site, "tagline")));
		if (s != NULL)
			json_object_set_new(m, "share", s);
	}
	return m;
}

static void answer_json(request *req, page *pg, response *res, json_t *model)
{
	buf b;
	buf_init(&b, MAX_PAGE);
	if (render_json(model, &b) != 0) {
		buf_free(&b);
		log_error(req->id, "JSON rendering failed");
		response_set_text(res, 500, "500 Internal Server Error\n");
		return;
	}
	buf_putc(&b, '\n');
	response_set_buf(res, pg->status, "application/json; charset=utf-8", &b);
	res->compressible = true;
	res->vary = "Accept, Accept-Encoding";
}

static void answer_html(request *req, page *pg, response *res)
{
	json_t *m = html_model(req, pg);
	if (json_object_get(m, "csrf") != NULL)
		pg->per_visitor = true; /* it carries this visitor's form token */
	buf b;
	buf_init(&b, MAX_PAGE);
	int rc = m != NULL ? render_html_in(pg->layout ? pg->layout : "layout", pg->template, m, &b) : -1;
	json_decref(m);
	if (rc != 0 || buf_failed(&b)) {
		buf_free(&b);
		log_error(req->id, "rendering template '%s' failed", pg->template);
		response_set_text(res, 500, "500 Internal Server Error\n");
		return;
	}
	response_set_buf(res, pg->status, "text/html; charset=utf-8", &b);
	res->compressible = true;
	res->vary = "Accept, Accept-Encoding";
}

/* An error page: the same shape as JSON and as HTML. */
static void error_model(request *req, page *pg)
{
	const char *msg = locale_get(pg->error ? pg->error : "error.internal");
	char key[32];
	snprintf(key, sizeof(key), "error.status_%u", pg->status);
	const char *title = locale_get(key);
	if (title == key)
		title = locale_get("error.title");
	json_t *e = json_pack("{s:i, s:s, s:s}", "status", (int)pg->status, "title", title,
	                      "message", msg);
	if (pg->status == 401)
		json_object_set_new(e, "sign_in", json_string("/masuk"));
	json_decref(pg->model);
	pg->model = json_pack("{s:o, s:s}", "error", e, "request_id", req->id);
	pg->template = "error";
	pg->title = title;
}

/* A page that belongs to one browser: signed in, setting a cookie, or
 * carrying a form token. */
static bool private_page(const request *req, const page *pg, const response *res)
{
	if (req->user != NULL || pg->per_visitor || json_object_get(pg->model, "csrf_token") != NULL)
		return true;
	for (size_t i = 0; i < res->nheaders; i++)
		if (strcmp(res->headers[i].name, "Set-Cookie") == 0)
			return true;
	return false;
}

static void finish(request *req, page *pg, response *res)
{
	if (arena_failed(req->arena)) {
		/* The arena ran out while building the page: nothing in it can be trusted. */
		arena_set_current(NULL);
		log_error(req->id, "request memory limit reached");
		response_set_text(res, 503, "503 Service Unavailable: coba lagi sebentar lagi.\n");
		response_header(res, "Retry-After", "5");
		return;
	}
	if (pg->redirect != NULL) {
		response_set_static(res, pg->status, NULL, "", 0);
		response_header(res, "Location", pg->redirect);
	} else if (pg->model == NULL) {
		if (pg->status < 400)
			page_fail(req, pg, "handler produced no model");
		error_model(req, pg);
		if (req->want_json || pg->json_only)
			answer_json(req, pg, res, pg->model);
		else
			answer_html(req, pg, res);
	} else if (req->want_json || pg->json_only) {
		answer_json(req, pg, res, pg->model);
	} else {
		answer_html(req, pg, res);
	}
	if (private_page(req, pg, res)) /* this person's alone: no cache keeps it */
		response_header(res, "Cache-Control", "private, no-store");
	json_decref(pg->model);
	pg->model = NULL;
}

/* On SQLite a page's reads share one read transaction: one snapshot, and
 * one lock cycle instead of one per statement (which was a third of the
 * time of a small page). PostgreSQL would pay two round trips for it. */
static db *begin_reads(const request *req)
{
	if (db_engine() != DB_SQLITE || (strcmp(req->method, "GET") != 0 && !req->head))
		return NULL;
	db *c = db_thread();
	return c != NULL && db_begin(c, false) == DB_OK ? c : NULL;
}

/* The page cache's key of an anonymous GET of a route that allows it, and
 * the version of its topics (read before the page's own reads); NULL when
 * the page is to be built for this request alone. */
static const char *cache_key(request *req, int64_t *version)
{
	unsigned topics = req->match.route->cache;
	if (topics == 0 || req->user != NULL || !pagecache_enabled() ||
	    (strcmp(req->method, "GET") != 0 && !req->head))
		return NULL;
	db *c = db_thread();
	if (c == NULL || pagecache_version(c, topics, version) != DB_OK)
		return NULL; /* the handler will meet and report the same trouble */
	const char *query = http_query_encode(req->arena, &req->query);
	if (query == NULL)
		return NULL;
	return arena_printf(req->arena, "%s%s%s%s", req->want_json ? "json " : "html ", req->path,
	                    query[0] ? "?" : "", query);
}

void app_handle(request *req, response *res)
{
	page pg = { .status = 200, .res = res };
	handler_fn h = (handler_fn)req->match.route->handler;
	/* the guard may write (session activity, rate limits): before the
	 * read transaction */
	if (req->match.route != &slash_route && !accounts_guard(req, &pg)) {
		if (pg.template == NULL)
			pg.template = req->match.route->view;
		finish(req, &pg, res);
		return;
	}
	db *reads = begin_reads(req);
	int64_t version = 0;
	const char *key = cache_key(req, &version);
	if (key == NULL || !pagecache_answer(req, key, version, res)) {
		h(req, &pg);
		if (pg.template == NULL)
			pg.template = req->match.route->view;
		if (pg.raw) {
			json_decref(pg.model);
			/* a public route that answers bytes of its own (the Atom
			 * feed) is kept too: its type and body, no other header */
			if (key != NULL)
				pagecache_keep(req, key, version, res);
		} else {
			finish(req, &pg, res);
			if (key != NULL)
				pagecache_keep(req, key, version, res);
		}
	}
	if (reads != NULL && db_commit(reads) != DB_OK)
		db_rollback(reads);
}

void app_error(request *req, unsigned status, const char *message_key, response *res)
{
	page pg = { .status = status, .error = message_key, .res = res };
	if (status == 405 && req->match.allow != NULL)
		response_header(res, "Allow", req->match.allow);
	finish(req, &pg, res);
}
