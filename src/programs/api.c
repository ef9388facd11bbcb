/*
 * api.c - what other capabilities ask of programmes (programs.h): an
 * agency's programmes and figures, and loading the demo data set.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "agencies/agencies.h"
#include "core/arena.h"
#include "programs/programs.h"
#include "programs/rules.h"
#include "programs/store.h"
#include "programs/view.h"
#include "view/locale.h"

int programs_of_agency(db *c, int64_t agency_id, int limit, json_t **out)
{
	int rc = db_query_json(c,
		"SELECT id, title, status, progress, fiscal_year, budget, realization FROM programs "
		"WHERE agency_id = ? AND level = 'program' ORDER BY fiscal_year DESC, id DESC LIMIT ?",
		DB_ARGS(DB_INT(agency_id), DB_INT(limit)), out);
	if (rc != DB_OK)
		return rc;
	arena *a = arena_current();
	size_t i;
	json_t *r;
	json_array_foreach(*out, i, r)
	{
		if (a != NULL)
			program_decorate(a, r);
	}
	return DB_OK;
}

int programs_agency_figures(db *c, int64_t agency_id, json_t **out)
{
	json_t *all = NULL, *by = NULL;
	int rc = db_query_row_json(c,
		"SELECT count(*) AS programs, CAST(coalesce(sum(budget), 0) AS BIGINT) AS budget, "
		"CAST(coalesce(sum(realization), 0) AS BIGINT) AS realization FROM programs "
		"WHERE agency_id = ? AND level = 'program'", DB_ARGS(DB_INT(agency_id)), &all);
	if (rc == DB_ROW)
		rc = db_query_json(c,
			"SELECT status, count(*) AS count FROM programs WHERE agency_id = ? AND level = 'program' "
			"GROUP BY status ORDER BY status", DB_ARGS(DB_INT(agency_id)), &by);
	if (rc != DB_OK) {
		json_decref(all);
		return rc == DB_DONE ? DB_ERROR : rc;
	}
	arena *a = arena_current();
	size_t i;
	json_t *r;
	json_array_foreach(by, i, r)
	{
		char k[64];
		snprintf(k, sizeof(k), "program_status.%s", json_string_value(json_object_get(r, "status")));
		json_object_set_new(r, "label", json_string(locale_get(k)));
	}
	if (a != NULL) {
		int64_t b = json_integer_value(json_object_get(all, "budget"));
		int64_t re = json_integer_value(json_object_get(all, "realization"));
		json_object_set_new(all, "budget_label", json_string(rupiah_short(a, b)));
		json_object_set_new(all, "realization_label", json_string(rupiah_short(a, re)));
	}
	json_object_set_new(all, "by_status", by);
	*out = all;
	return DB_OK;
}

/* --- demo data --------------------------------------------------------- */

static const char *text(json_t *o, const char *key, const char *fallback)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : fallback;
}

__attribute__((format(printf, 3, 4)))
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int load_one(db *c, json_t *item, int64_t parent, const char *level, json_t *inherit,
                    char *err, size_t errlen);

/* item: the resolved parent, with its "children" from the data set */
static int load_children(db *c, json_t *item, int64_t id, const char *level, char *err, size_t errlen)
{
	const char *next = strcmp(level, "program") == 0 ? "kegiatan" : "subkegiatan";
	size_t i;
	json_t *kid;
	json_array_foreach(json_object_get(item, "children"), i, kid)
	{
		if (strcmp(level, "subkegiatan") == 0)
			return fail(err, errlen, "programme %s: a sub-kegiatan has no children", text(item, "key", "?"));
		if (load_one(c, kid, id, next, item, err, errlen) != 0)
			return -1;
	}
	return 0;
}

static int load_updates(db *c, json_t *item, int64_t id)
{
	size_t i;
	json_t *u;
	json_array_foreach(json_object_get(item, "updates"), i, u)
	{
		int64_t uid;
		json_t *pr = json_object_get(u, "progress");
		int rc = programs_add_update(c, id, 0, text(u, "at", NULL), text(u, "body", ""),
		                             json_is_integer(pr) ? (int)json_integer_value(pr) : -1,
		                             json_string_value(json_object_get(u, "status")), &uid);
		if (rc != DB_OK)
			return rc;
	}
	return DB_OK;
}

static int load_one(db *c, json_t *item, int64_t parent, const char *level, json_t *inherit,
                    char *err, size_t errlen)
{
	char ref[200];
	const char *key = text(item, "key", NULL);
	if (key == NULL && inherit != NULL)
		key = arena_printf(arena_current(), "%s/%s", text(inherit, "key", "?"), text(item, "title", "?"));
	if (key == NULL)
		return fail(err, errlen, "a programme without a \"key\"");
	snprintf(ref, sizeof(ref), "demo:%s", key);
	program_fields p = { 0 };
	p.parent_id = parent;
	p.level = level;
	p.ref = ref;
	p.title = text(item, "title", "");
	p.summary = text(item, "summary", "");
	p.status = text(item, "status", "");
	p.fiscal_year = json_integer_value(json_object_get(item, "fiscal_year"));
	if (p.fiscal_year == 0 && inherit)
		p.fiscal_year = json_integer_value(json_object_get(inherit, "fiscal_year"));
	p.budget = json_integer_value(json_object_get(item, "budget"));
	p.realization = json_integer_value(json_object_get(item, "realization"));
	p.funding = text(item, "funding", inherit ? text(inherit, "funding", "apbd") : "apbd");
	p.start_date = text(item, "start_date", "");
	p.end_date = text(item, "end_date", "");
	p.progress = (int)json_integer_value(json_object_get(item, "progress"));
	p.rollup = text(item, "rollup", "budget");
	json_t *lat = json_object_get(item, "latitude"), *lon = json_object_get(item, "longitude");
	p.has_coordinates = json_is_number(lat) && json_is_number(lon);
	p.latitude = json_number_value(lat);
	p.longitude = json_number_value(lon);
	json_t *targets = json_object_get(item, "targets");
	char *t = json_dumps(targets ? targets : json_array(), JSON_COMPACT);
	p.targets = t ? arena_strdup(arena_current(), t) : "[]";
	json_malloc_t mm;
	json_free_t release;
	json_get_alloc_funcs(&mm, &release);
	release(t);
	const char *agency = text(item, "agency", inherit ? text(inherit, "agency", "") : "");
	if (status_index(p.status) < 0 || !funding_valid(p.funding) || p.title[0] == '\0')
		return fail(err, errlen, "programme %s: bad title, status or funding", key);
	int rc = agencies_id(c, agency, &p.agency_id);
	if (rc == DB_DONE)
		return fail(err, errlen, "programme %s: no agency '%s'", key, agency);
	const char *kec = text(item, "kecamatan", NULL), *village = text(item, "village", NULL);
	if (rc == DB_ROW && kec != NULL) {
		rc = programs_kecamatan_id(c, kec, &p.kecamatan_id);
		if (rc == DB_DONE)
			return fail(err, errlen, "programme %s: no kecamatan '%s'", key, kec);
		if (rc == DB_ROW && village != NULL) {
			rc = programs_village_id(c, p.kecamatan_id, village, &p.village_id);
			if (rc == DB_DONE)
				return fail(err, errlen, "programme %s: no village '%s' in %s", key, village, kec);
		}
	}
	int64_t id = 0;
	bool fresh = false;
	if (rc == DB_ROW || rc == DB_OK) {
		rc = programs_by_ref(c, ref, &id);
		fresh = rc == DB_DONE;
		if (fresh)
			id = 0;
	}
	if (rc == DB_ROW || rc == DB_DONE)
		rc = programs_save(c, &p, 0, &id);
	if (rc == DB_OK && fresh)
		rc = load_updates(c, item, id);
	if (rc != DB_OK)
		return fail(err, errlen, "programme %s: %s", key, db_errmsg(c));
	/* children take the agency, year and funding resolved here */
	json_t *mine = json_pack("{s:s, s:s, s:I, s:s}", "key", key, "agency", agency,
	                         "fiscal_year", (json_int_t)p.fiscal_year, "funding", p.funding);
	if (mine == NULL)
		return fail(err, errlen, "out of memory");
	if (json_object_get(item, "children") != NULL)
		json_object_set(mine, "children", json_object_get(item, "children"));
	rc = load_children(c, mine, id, level, err, errlen);
	json_decref(mine);
	return rc;
}

int programs_demo_load(db *c, json_t *programs, char *err, size_t errlen)
{
	/* the rows read and the texts made while loading live in an arena of
	 * the load's own, as in a request */
	arena *prev = arena_current();
	arena *a = prev ? prev : arena_new(256u * 1024 * 1024);
	if (a == NULL)
		return fail(err, errlen, "out of memory");
	arena_set_current(a);
	int rc = 0;
	size_t i;
	json_t *item;
	json_array_foreach(programs, i, item)
	{
		if ((rc = load_one(c, item, 0, "program", NULL, err, errlen)) != 0)
			break;
	}
	if (rc == 0 && arena_failed(a))
		rc = fail(err, errlen, "out of memory loading programmes");
	arena_set_current(prev);
	if (prev == NULL)
		arena_free(a);
	return rc;
}
