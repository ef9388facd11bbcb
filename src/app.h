/*
 * app.h - the application: what a routed request means, and how a page
 * becomes a response.
 *
 * A handler receives the request and fills a page: a status, a view model
 * (the JSON twin is exactly this model), the template that shows it as
 * HTML, or a redirect. It never writes HTML and never frees anything:
 * request memory (the model included) is the arena's.
 */
#ifndef TERBUKA_APP_H
#define TERBUKA_APP_H

#include <jansson.h>
#include <stdbool.h>

#include "core/config.h"
#include "db/db.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"

typedef struct page {
	unsigned status;        /* 200 unless set; an error status without a
	                         * model answers with the error page */
	json_t *model;          /* the data of the page */
	const char *template;   /* "agency" renders templates/agency.html in the
	                         * layout; defaults to the route's view */
	const char *title;      /* <title>, before the site name */
	const char *layout;     /* the template around it: "layout" unless set */
	const char *redirect;   /* with status 301/302/303 */
	const char *error;      /* locale key of the message for an error status */
	bool json_only;         /* machine endpoints: always JSON */
	response *res;          /* for handlers that answer raw (static files, metrics) */
	bool raw;               /* the handler filled res itself */
	bool per_visitor;       /* its HTML carries this visitor's form token:
	                         * no cache may keep it */
} page;

typedef void (*handler_fn)(request *req, page *pg);

/* The site map (src/routes.c). */
extern const struct route app_routes[];
extern const unsigned app_nroutes;

/* Loads templates, locale, static files and site settings; checks the
 * route table. 0, or -1 with a one-line reason in err. */
int app_init(const struct config *cfg, char *err, size_t errlen);
void app_free(void);

/* Server hooks (see http/server.h). */
unsigned app_route(request *req);
void app_handle(request *req, response *res);
void app_error(request *req, unsigned status, const char *message_key, response *res);

/* Helpers for handlers. */
void page_not_found(page *pg);
/* A failure the person cannot fix: logs what with the request id, answers 500. */
void page_fail(request *req, page *pg, const char *what);
void page_redirect(page *pg, unsigned status, const char *location);
/* The notice a redirect asked for with ?pesan=<key>: the locale text of
 * notice.<key>, or NULL (unknown keys show nothing). */
const char *page_flash(const request *req);
/* One address per page: when the request's path is not url (an old slug,
 * none), answers 301 to url (with .json and the query kept) and returns
 * true. */
bool page_canonical(request *req, page *pg, const char *url);
/* The end of a handler that shows one item (a programme, a question):
 * rc is how loading it went (DB_ROW with item, DB_DONE for a 404, or an
 * error); then one address per item (page_canonical on its "url"), its
 * "title" as the page title, the model {key: item}, the ?pesan= notice,
 * and a form token for a signed-in visitor. Takes item. */
void page_item(request *req, page *pg, db *c, int rc, json_t *item, const char *key);
/* Whether a row was loaded (rc is DB_ROW); otherwise answers pg itself:
 * DB_DONE a 404, any other status page_db_error. */
bool page_loaded(request *req, page *pg, db *c, int rc);
/* A database call failed with status rc: 503 (try again) when the database
 * is unreachable, else a 500 logged with the connection's error. c may be
 * NULL when no connection could be had. */
void page_db_error(request *req, page *pg, db *c, int rc);

#endif
