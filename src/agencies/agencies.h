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

enum agencies_filter {
	AGENCIES_ALL,
	AGENCIES_DEPARTMENTS, /* everything but kecamatan */
	AGENCIES_DISTRICTS,   /* kecamatan only */
};

/* A JSON array of agencies for lists: slug, name, short_name, kind,
 * kind_label, url, is_ppid_utama. Returns DB_OK or an error status. */
int agencies_list(db *c, enum agencies_filter filter, json_t **out);
/* One agency by slug with its description (markdown and safe HTML), or
 * *out = NULL when there is none. Returns DB_OK or an error status. */
int agencies_get(db *c, const char *slug, json_t **out);

void agencies_index_page(request *req, page *pg);
void agencies_show_page(request *req, page *pg);

#endif
