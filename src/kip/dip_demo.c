/*
 * dip_demo.c - the demo's Daftar Informasi Publik (data/demo/dip.json,
 * loaded by `terbuka demo`, see kip.h): items written as a PPID would
 * write them, saved through dip_save so their stems are the search's.
 * Loading twice changes nothing: an item whose department and title are
 * there already is left alone.
 */
#include <stdio.h>
#include <string.h>

#include "agencies/agencies.h"
#include "kip/dip.h"
#include "kip/kip.h"
#include "kip/rules.h"
#include "kip/state.h"

static const char *field(json_t *it, const char *key)
{
	const char *v = json_string_value(json_object_get(it, key));
	return v ? v : "";
}

/* One item: DB_OK (saved or there already) or a status, err filled. */
static int load_one(db *c, arena *a, json_t *it, size_t i, char *err, size_t errlen)
{
	dip_item d = {
		.category = field(it, "kategori"), .title = field(it, "judul"), .summary = field(it, "ringkasan"),
		.official = field(it, "pejabat"), .format = field(it, "format"), .retention = field(it, "retensi"),
		.year = (int)json_integer_value(json_object_get(it, "tahun")),
	};
	const char *dinas = field(it, "dinas");
	int rc = DB_ROW;
	if (strcmp(dinas, KIP_DIP_MAIN) != 0)
		rc = agencies_id(c, dinas, &d.agency_id);
	if (!kip_one_of(d.category, kip_dip_categories, KIP_DIP_CATEGORIES) ||
	    !kip_one_of(d.format, kip_dip_formats, KIP_DIP_FORMATS) || rc == DB_DONE) {
		snprintf(err, errlen, "dip[%zu] (%s): unknown department, category or format", i, d.title);
		return DB_ERROR;
	}
	if (strcmp(d.category, KIP_DIP_EXEMPT) == 0) {
		d.exemption = field(it, "pengecualian");
		d.test = field(it, "uji_konsekuensi");
		if (!kip_one_of(d.exemption, kip_exemptions, KIP_EXEMPTIONS) || d.test[0] == '\0') {
			snprintf(err, errlen, "dip[%zu] (%s): an exempt item needs its Pasal 17 letter and test", i, d.title);
			return DB_ERROR;
		}
	}
	int64_t id = 0;
	if (rc == DB_ROW)
		rc = db_query_int(c, "SELECT id FROM dip_items WHERE coalesce(agency_id, 0) = ? AND title = ?",
		                  DB_ARGS(DB_INT(d.agency_id), DB_TEXT(d.title)), &id);
	if (rc == DB_ROW)
		return DB_OK;
	id = 0;
	if (rc == DB_DONE)
		rc = dip_save(c, a, &d, 0, &id);
	if (rc != DB_OK)
		snprintf(err, errlen, "dip[%zu] (%s): %s", i, d.title, db_errmsg(c));
	return rc;
}

int kip_dip_demo_load(db *c, json_t *items, char *err, size_t errlen)
{
	if (items == NULL)
		return 0;
	if (!json_is_array(items)) {
		snprintf(err, errlen, "\"dip\" must be an array");
		return -1;
	}
	arena *a = arena_new(4u * 1024 * 1024);
	if (a == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	int ret = 0;
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		if (load_one(c, a, it, i, err, errlen) != DB_OK) {
			ret = -1;
			break;
		}
	}
	arena_free(a);
	return ret;
}
