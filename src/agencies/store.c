/*
 * store.c - agencies' queries (see agencies.h).
 */
#include <stdio.h>
#include <string.h>

#include "agencies/agencies.h"
#include "core/arena.h"
#include "core/buf.h"
#include "view/format.h"
#include "view/locale.h"
#include "view/markdown.h"

/* The URL is built by the database: no formatting per row in C. */
static const char list_sql[] =
	"SELECT slug, name, short_name, kind, is_ppid_utama, '/dinas/' || slug AS url "
	"FROM agencies ORDER BY sort_order, name";

static const char get_sql[] =
	"SELECT id, slug, name, short_name, kind, description, is_ppid_utama, "
	"'/dinas/' || slug AS url, updated_at FROM agencies WHERE slug = ?";

/* Adds what every view of an agency needs beside its columns. */
static void decorate(json_t *a)
{
	const char *kind = json_string_value(json_object_get(a, "kind"));
	char key[64];
	snprintf(key, sizeof(key), "agency_kind.%s", kind ? kind : "");
	json_object_set_new(a, "kind_label", json_string(locale_get(key)));
	json_t *ppid = json_object_get(a, "is_ppid_utama");
	json_object_set_new(a, "is_ppid_utama", json_boolean(json_integer_value(ppid) != 0));
}

int agencies_lists(db *c, json_t **departments, json_t **districts)
{
	json_t *all = NULL;
	int rc = db_query_json(c, list_sql, DB_NOARGS, &all);
	if (rc != DB_OK)
		return rc;
	*departments = json_array();
	*districts = json_array();
	size_t i;
	json_t *a;
	json_array_foreach(all, i, a)
	{
		decorate(a);
		bool district = strcmp(json_string_value(json_object_get(a, "kind")), "kecamatan") == 0;
		json_array_append(district ? *districts : *departments, a);
	}
	json_decref(all);
	return DB_OK;
}

int agencies_get(db *c, const char *slug, json_t **out)
{
	int rc = db_query_row_json(c, get_sql, DB_ARGS(DB_TEXT(slug)), out);
	if (rc != DB_DONE && rc != DB_ROW)
		return rc;
	if (*out == NULL)
		return DB_OK;
	decorate(*out);
	const char *md = json_string_value(json_object_get(*out, "description"));
	buf b;
	buf_init(&b, 256 * 1024);
	if (md != NULL && markdown_to_html(md, strlen(md), &b) == 0)
		json_object_set_new(*out, "description_html", json_stringn(b.data ? b.data : "", b.len));
	buf_free(&b);
	const char *updated = json_string_value(json_object_get(*out, "updated_at"));
	const char *label = arena_current() ? format_date(arena_current(), updated) : NULL;
	json_object_set_new(*out, "updated_label", label ? json_string(label) : json_null());
	return DB_OK;
}

int agencies_id(db *c, const char *slug, int64_t *id)
{
	return db_query_int(c, "SELECT id FROM agencies WHERE slug = ?", DB_ARGS(DB_TEXT(slug)), id);
}
