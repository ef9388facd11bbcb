/*
 * web.c - the agencies' pages: /dinas and /dinas/:slug (see agencies.h).
 */
#include "agencies/agencies.h"
#include "view/locale.h"

void agencies_index_page(request *req, page *pg)
{
	db *c = db_thread();
	json_t *departments = NULL, *districts = NULL;
	int rc;
	if (c == NULL) {
		page_db_error(req, pg, c, DB_UNAVAILABLE);
		return;
	}
	if ((rc = agencies_lists(c, &departments, &districts)) != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	pg->model = json_pack("{s:o, s:o}", "departments", departments, "districts", districts);
	pg->title = locale_get("agencies.title");
}

void agencies_show_page(request *req, page *pg)
{
	db *c = db_thread();
	json_t *agency = NULL;
	int rc;
	if (c == NULL) {
		page_db_error(req, pg, c, DB_UNAVAILABLE);
		return;
	}
	if ((rc = agencies_get(c, request_param(req, "slug"), &agency)) != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	if (agency == NULL) {
		page_not_found(pg);
		return;
	}
	pg->title = json_string_value(json_object_get(agency, "name"));
	pg->model = json_pack("{s:o}", "agency", agency);
}
