/*
 * web.h - shared by the programme pages (internal to programs/).
 */
#ifndef TERBUKA_PROGRAMS_WEB_H
#define TERBUKA_PROGRAMS_WEB_H

#include <jansson.h>

#include "app.h"
#include "programs/store.h"

/* The list's filters from the query string. */
void programs_filter_from(const request *req, program_filter *f, int limit);
/* The whole model of one programme's page: DB_ROW with *out, DB_DONE. */
int programs_detail_model(request *req, db *c, int64_t id, json_t **out);

/* The programme id of the path, when it belongs to the agency of the
 * path's :slug: DB_ROW with *row; DB_DONE for none or another agency's. */
int programs_in_path(request *req, db *c, int64_t id, json_t **row);

#endif
