/*
 * demo.c - region data sets (see demo.h).
 *
 * The file is JSON: {"settings": {"name": ..., ...},
 *                    "agencies": [{"slug", "name", "short_name", "kind",
 *                                  "description", "ppid_utama"}...]}.
 */
#include "demo/demo.h"

#include <stdio.h>
#include <string.h>

#include "embedded.h"

static const char upsert_setting[] =
	"INSERT INTO settings (key, value) VALUES (?, ?) "
	"ON CONFLICT (key) DO UPDATE SET value = excluded.value";

static const char upsert_agency[] =
	"INSERT INTO agencies (slug, name, short_name, kind, description, is_ppid_utama, sort_order) "
	"VALUES (?, ?, ?, ?, ?, ?, ?) "
	"ON CONFLICT (slug) DO UPDATE SET name = excluded.name, short_name = excluded.short_name, "
	"kind = excluded.kind, description = excluded.description, "
	"is_ppid_utama = excluded.is_ppid_utama, sort_order = excluded.sort_order, "
	"updated_at = CASE WHEN agencies.name = excluded.name AND "
	"agencies.description = excluded.description THEN agencies.updated_at "
	"ELSE excluded.updated_at END";

static const char *text(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static int load_settings(db *c, json_t *settings, char *err, size_t errlen)
{
	const char *key;
	json_t *v;
	json_object_foreach(settings, key, v)
	{
		if (!json_is_string(v)) {
			snprintf(err, errlen, "settings.%s: expected a string", key);
			return -1;
		}
		if (db_exec(c, upsert_setting, DB_ARGS(DB_TEXT(key), DB_TEXT(json_string_value(v))),
		            NULL) != DB_OK) {
			snprintf(err, errlen, "settings.%s: %s", key, db_errmsg(c));
			return -1;
		}
	}
	return 0;
}

static int load_agencies(db *c, json_t *agencies, char *err, size_t errlen)
{
	size_t i;
	json_t *a;
	json_array_foreach(agencies, i, a)
	{
		const char *slug = text(a, "slug"), *name = text(a, "name");
		if (slug[0] == '\0' || name[0] == '\0') {
			snprintf(err, errlen, "agencies[%zu]: slug and name are required", i);
			return -1;
		}
		int rc = db_exec(c, upsert_agency,
		                 DB_ARGS(DB_TEXT(slug), DB_TEXT(name), DB_TEXT(text(a, "short_name")),
		                         DB_TEXT(text(a, "kind")), DB_TEXT(text(a, "description")),
		                         DB_INT(json_is_true(json_object_get(a, "ppid_utama"))),
		                         DB_INT((int64_t)i)),
		                 NULL);
		if (rc != DB_OK) {
			snprintf(err, errlen, "agencies[%zu] (%s): %s", i, slug, db_errmsg(c));
			return -1;
		}
	}
	return 0;
}

int demo_load(db *c, const char *path, char *err, size_t errlen)
{
	json_error_t e;
	json_t *data;
	const char *source = path ? path : "data/demo/bekasi.json (built in)";
	if (path != NULL) {
		data = json_load_file(path, JSON_REJECT_DUPLICATES, &e);
	} else {
		const struct embedded_file *f = embedded_find("data/demo/bekasi.json");
		data = f ? json_loadb(f->data, f->len, JSON_REJECT_DUPLICATES, &e) : NULL;
	}
	if (data == NULL) {
		snprintf(err, errlen, "%s:%d: %s", source, e.line, e.text);
		return -1;
	}
	int ret = -1;
	json_t *settings = json_object_get(data, "settings");
	json_t *agencies = json_object_get(data, "agencies");
	if (!json_is_object(settings) || !json_is_array(agencies)) {
		snprintf(err, errlen, "%s: expected an object with \"settings\" and \"agencies\"", source);
		goto done;
	}
	if (db_begin(c, true) != DB_OK) {
		snprintf(err, errlen, "cannot begin a transaction: %s", db_errmsg(c));
		goto done;
	}
	if (load_settings(c, settings, err, errlen) != 0 ||
	    load_agencies(c, agencies, err, errlen) != 0) {
		db_rollback(c);
		goto done;
	}
	if (db_commit(c) != DB_OK) {
		snprintf(err, errlen, "cannot commit: %s", db_errmsg(c));
		goto done;
	}
	ret = 0;
done:
	json_decref(data);
	return ret;
}
