/*
 * agencies.h - departments of the regional government (perangkat daerah:
 * dinas, badan, sekretariat, bagian, inspektorat, satpol PP, RSUD, ...)
 * and its kecamatan. Other capabilities ask here for an agency; they never
 * read its SQL.
 */
#ifndef TERBUKA_AGENCIES_H
#define TERBUKA_AGENCIES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "db/db.h"

/* The kinds of agency, in the order the directory shows them; labels are
 * locale keys agency_kind.<kind>. */
extern const char *const agency_kinds[];
extern const size_t agency_nkinds;
bool agency_kind_valid(const char *kind);

/* Two JSON arrays of agencies for lists, in display order: the departments
 * (dinas, badan, ...) and the kecamatan; each item has slug, name,
 * short_name, kind, kind_label, url, is_ppid_utama. One query. Returns
 * DB_OK or an error status. */
int agencies_lists(db *c, json_t **departments, json_t **districts);
/* The directory: agencies whose name or short name contains q (ASCII
 * case-insensitively; "" for all), grouped by kind in agency_kinds order:
 * [{kind, label, count, agencies: [items as above]}], empty groups left
 * out; *count gets the number of agencies matched. DB_OK or an error. */
int agencies_directory(db *c, const char *q, json_t **groups, size_t *count);
/* One agency by slug with its profile: description (markdown and safe
 * HTML), head, address, phone (and phone_href), email, website, social
 * (an array of {network, label, url}: known networks with http(s) links
 * only), logo ({hash, url, width, height, alt} or null); or *out = NULL
 * when there is none. Returns DB_OK or an error status. */
int agencies_get(db *c, const char *slug, json_t **out);

/* The choices of a form's or a filter's selects: departments and kecamatan
 * as [{value: slug, label: name, selected}], the one whose slug is agency
 * (or kecamatan) selected. DB_OK or an error status. */
int agencies_choices(db *c, const char *agency, const char *kecamatan, json_t **departments,
                     json_t **districts);

/* The id of the agency with this slug: DB_ROW, or DB_DONE when there is none. */
int agencies_id(db *c, const char *slug, int64_t *id);

void agencies_index_page(request *req, page *pg);
void agencies_show_page(request *req, page *pg);
/* Administration (admin.c). */
void agencies_admin_page(request *req, page *pg);
void agencies_new_page(request *req, page *pg);
void agencies_create_submit(request *req, page *pg);
void agencies_edit_page(request *req, page *pg);
void agencies_update_submit(request *req, page *pg);

#endif
