/*
 * store.c - agencies' queries (see agencies.h).
 */
#include <stdio.h>
#include <string.h>

#include "agencies/agencies.h"
#include "agencies/rules.h"
#include "core/arena.h"
#include "core/buf.h"
#include "uploads/uploads.h"
#include "view/format.h"
#include "view/locale.h"
#include "view/markdown.h"
#include "view/formview.h"

/* The size the profile shows a logo at: it fits this square. */
#define LOGO_BOX 96

const char *const agency_kinds[] = {
	"dinas", "badan", "sekretariat", "bagian", "inspektorat", "satpol", "rsud", "lainnya",
	"kecamatan",
};
const size_t agency_nkinds = sizeof(agency_kinds) / sizeof(agency_kinds[0]);

bool agency_kind_valid(const char *kind)
{
	for (size_t i = 0; kind != NULL && i < agency_nkinds; i++)
		if (strcmp(agency_kinds[i], kind) == 0)
			return true;
	return false;
}

/* The URL is built by the database: no formatting per row in C. */
static const char list_sql[] =
	"SELECT slug, name, short_name, kind, is_ppid_utama, '/dinas/' || slug AS url "
	"FROM agencies ORDER BY sort_order, name";

static const char directory_sql[] =
	"SELECT slug, name, short_name, kind, is_ppid_utama, '/dinas/' || slug AS url "
	"FROM agencies WHERE ? = '' OR lower(name) LIKE ? ESCAPE '\\' "
	"OR lower(short_name) LIKE ? ESCAPE '\\' ORDER BY sort_order, name";

static const char get_sql[] =
	"SELECT a.id, a.slug, a.name, a.short_name, a.kind, a.description, a.is_ppid_utama, "
	"'/dinas/' || a.slug AS url, a.updated_at, a.head_name, a.head_title, a.address, a.phone, "
	"a.email, a.website, a.social, a.logo, f.width AS logo_width, f.height AS logo_height "
	"FROM agencies a LEFT JOIN files f ON f.hash = a.logo WHERE a.slug = ?";

static const char *kind_label(const char *kind)
{
	char key[64];
	snprintf(key, sizeof(key), "agency_kind.%s", kind ? kind : "");
	return locale_get(key);
}

/* Adds what every view of an agency needs beside its columns. */
static void decorate(json_t *a)
{
	json_object_set_new(a, "kind_label",
	                    json_string(kind_label(json_string_value(json_object_get(a, "kind")))));
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

int agencies_choices(db *c, const char *agency, const char *kecamatan, json_t **departments,
                     json_t **districts)
{
	*departments = *districts = NULL;
	int rc = db_query_json(c,
		"SELECT slug AS value, name AS label FROM agencies WHERE kind <> 'kecamatan' "
		"ORDER BY sort_order, name", DB_NOARGS, departments);
	if (rc == DB_OK)
		rc = db_query_json(c,
			"SELECT slug AS value, name AS label FROM agencies WHERE kind = 'kecamatan' ORDER BY name",
			DB_NOARGS, districts);
	if (rc != DB_OK) {
		json_decref(*departments);
		*departments = NULL;
		return rc;
	}
	fv_choose(*departments, agency);
	fv_choose(*districts, kecamatan);
	return DB_OK;
}

int agencies_directory(db *c, const char *q, json_t **groups, size_t *count)
{
	arena *a = arena_current();
	const char *like = q[0] != '\0' && a != NULL ? db_like_contains(a, q) : "%";
	if (like == NULL)
		return DB_ERROR;
	json_t *all = NULL;
	int rc = db_query_json(c, directory_sql, DB_ARGS(DB_TEXT(q), DB_TEXT(like), DB_TEXT(like)), &all);
	if (rc != DB_OK)
		return rc;
	*groups = json_array();
	*count = json_array_size(all);
	for (size_t k = 0; k < agency_nkinds; k++) {
		json_t *members = json_array();
		size_t i;
		json_t *x;
		json_array_foreach(all, i, x)
		{
			if (strcmp(json_string_value(json_object_get(x, "kind")), agency_kinds[k]) != 0)
				continue;
			decorate(x);
			json_array_append(members, x);
		}
		if (json_array_size(members) == 0) {
			json_decref(members);
			continue;
		}
		json_array_append_new(*groups, json_pack("{s:s, s:s, s:I, s:b, s:o}", "kind", agency_kinds[k],
			"label", kind_label(agency_kinds[k]), "count", (json_int_t)json_array_size(members),
			"district", strcmp(agency_kinds[k], "kecamatan") == 0, "agencies", members));
	}
	json_decref(all);
	return DB_OK;
}

/* The official accounts a page may link to: known networks, http(s) links. */
static json_t *social_links(const char *text)
{
	json_t *out = json_array();
	json_t *map = text ? json_loads(text, 0, NULL) : NULL;
	for (size_t i = 0; json_is_object(map) && i < agency_nnetworks; i++) {
		const char *url = json_string_value(json_object_get(map, agency_networks[i].name));
		if (url == NULL || !agency_url_valid(url, strlen(url), false))
			continue;
		char key[64];
		snprintf(key, sizeof(key), "agency.network.%s", agency_networks[i].name);
		json_array_append_new(out, json_pack("{s:s, s:s, s:s}", "network", agency_networks[i].name,
		                                     "label", locale_get(key), "url", url));
	}
	json_decref(map);
	return out;
}

/* {hash, url, width, height, alt}: the small thumbnail, sized to fit the
 * logo box with the picture's own proportions. */
static json_t *logo_of(json_t *a)
{
	const char *hash = json_string_value(json_object_get(a, "logo"));
	arena *ar = arena_current();
	const char *url = hash && ar ? uploads_url(ar, hash, "kecil") : NULL;
	if (url == NULL)
		return json_null();
	json_int_t w = json_integer_value(json_object_get(a, "logo_width"));
	json_int_t h = json_integer_value(json_object_get(a, "logo_height"));
	json_int_t dw = LOGO_BOX, dh = LOGO_BOX;
	if (w > 0 && h > 0 && w >= h)
		dh = (h * LOGO_BOX + w / 2) / w;
	else if (w > 0 && h > 0)
		dw = (w * LOGO_BOX + h / 2) / h;
	const char *names[] = { "name" };
	const char *values[] = { json_string_value(json_object_get(a, "name")) };
	const char *alt = locale_fill(ar, "agency.logo_alt", names, values, 1);
	return json_pack("{s:s, s:s, s:I, s:I, s:s}", "hash", hash, "url", url, "width", dw ? dw : 1,
	                 "height", dh ? dh : 1, "alt", alt ? alt : "");
}

/* Links made from the contact columns, for the page (the twin keeps the
 * columns as they are beside them). */
static void contacts(json_t *a)
{
	const char *phone = json_string_value(json_object_get(a, "phone"));
	char tel[64] = "tel:";
	if (phone != NULL && phone[0] && agency_phone_href(phone, tel + 4, sizeof(tel) - 4))
		json_object_set_new(a, "phone_href", json_string(tel));
	const char *site = json_string_value(json_object_get(a, "website"));
	if (site != NULL && agency_url_valid(site, strlen(site), false))
		json_object_set_new(a, "website_url", json_string(site));
	const char *social = json_string_value(json_object_get(a, "social"));
	json_t *links = social_links(social);
	json_object_set_new(a, "has_social", json_boolean(json_array_size(links) > 0));
	json_object_set_new(a, "social", links);
	json_object_set_new(a, "logo", logo_of(a));
	json_object_del(a, "logo_width");
	json_object_del(a, "logo_height");
	bool any = json_string_length(json_object_get(a, "head_name")) > 0 ||
	           json_string_length(json_object_get(a, "address")) > 0 ||
	           json_string_length(json_object_get(a, "phone")) > 0 ||
	           json_string_length(json_object_get(a, "email")) > 0 ||
	           json_object_get(a, "website_url") != NULL ||
	           json_array_size(json_object_get(a, "social")) > 0;
	json_object_set_new(a, "has_contacts", json_boolean(any));
}

int agencies_get(db *c, const char *slug, json_t **out)
{
	int rc = db_query_row_json(c, get_sql, DB_ARGS(DB_TEXT(slug)), out);
	if (rc != DB_DONE && rc != DB_ROW)
		return rc;
	if (*out == NULL)
		return DB_OK;
	decorate(*out);
	contacts(*out);
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
