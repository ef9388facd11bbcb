/*
 * agencies.h - departments of the regional government (perangkat daerah:
 * dinas, badan, sekretariat, inspektorat, satpol PP) and its kecamatan.
 * Other capabilities ask here for an agency; they never read its SQL.
 */
#ifndef TERBUKA_AGENCIES_H
#define TERBUKA_AGENCIES_H

#include <jansson.h>

#include "app.h"
#include "db/db.h"

/* Two JSON arrays of agencies for lists, in display order: the departments
 * (dinas, badan, ...) and the kecamatan; each item has slug, name,
 * short_name, kind, kind_label, url, is_ppid_utama. One query. Returns
 * DB_OK or an error status. */
int agencies_lists(db *c, json_t **departments, json_t **districts);
/* One agency by slug with its description (markdown and safe HTML), or
 * *out = NULL when there is none. Returns DB_OK or an error status. */
int agencies_get(db *c, const char *slug, json_t **out);

/* The id of the agency with this slug: DB_ROW, or DB_DONE when there is none. */
int agencies_id(db *c, const char *slug, int64_t *id);

void agencies_index_page(request *req, page *pg);
void agencies_show_page(request *req, page *pg);

#endif
