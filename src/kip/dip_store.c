/*
 * dip_store.c - the Daftar Informasi Publik in the database (dip.h):
 * lists by department, category and stemmed words, newest first in
 * keyset pages; one item and its documents; writes.
 *
 * The search is a LIKE over dip_items.stems, the item's words stemmed
 * when it is saved (search_stems), for each stem of the search: the same
 * stems on both engines, and a scan of a few thousand short rows costs
 * less than a full-text index would to keep.
 */
#include <stdio.h>
#include <string.h>

#include "agencies/agencies.h"
#include "calendar/calendar.h"
#include "core/clock.h"
#include "core/str.h"
#include "db/variants.h"
#include "http/parse.h"
#include "kip/dip.h"
#include "kip/rules.h"
#include "search/search.h"
#include "view/locale.h"

const char *const kip_dip_categories[] = { "berkala", "serta_merta", "setiap_saat", KIP_DIP_EXEMPT };
const char *const kip_dip_formats[] = { "softcopy", "hardcopy", "softcopy_hardcopy" };

/* The filters, one bit each, bound in this order. */
static const char *const terms[] = {
	"AND d.agency_id = ? ", "AND d.agency_id IS NULL ",
	"AND d.agency_id IN (SELECT agency_id FROM user_roles WHERE user_id = ? AND role = 'ppid') ",
	"AND d.category = ? ", "AND d.stems LIKE ? ESCAPE '\\' ", "AND d.stems LIKE ? ESCAPE '\\' ",
	"AND d.stems LIKE ? ESCAPE '\\' ", "AND d.id < ? ",
};
enum { T_AGENCY = 1, T_MAIN = 2, T_MINE = 4, T_CATEGORY = 8, T_WORD = 16, T_AFTER = 128 };

#define COLUMNS                                                                                    \
	"d.id, d.agency_id, a.slug AS agency_slug, a.name AS agency_name, d.category, d.title, "     \
	"d.summary, d.official, d.format, d.retention, d.year, d.exemption, d.updated_at "

enum { LIST, COUNT, SHAPES };
static const struct variant_shape shapes[SHAPES] = {
	[LIST] = { "SELECT " COLUMNS "FROM dip_items d LEFT JOIN agencies a ON a.id = d.agency_id WHERE 1 = 1 ",
	           "ORDER BY d.id DESC LIMIT ?" },
	[COUNT] = { "SELECT count(*) FROM dip_items d WHERE 1 = 1 ", "" },
};
static sql_variants statements = { shapes, SHAPES, terms, 8, NULL };

static unsigned bind(const dip_filter *f, bool list, db_val *args, size_t *n)
{
	unsigned mask = 0;
	*n = 0;
	if (f->agency_id != 0) {
		mask |= T_AGENCY;
		args[(*n)++] = DB_INT(f->agency_id);
	}
	if (f->main_only)
		mask |= T_MAIN;
	if (f->ppid_user > 0) {
		mask |= T_MINE;
		args[(*n)++] = DB_INT(f->ppid_user);
	}
	if (f->category != NULL) {
		mask |= T_CATEGORY;
		args[(*n)++] = DB_TEXT(f->category);
	}
	for (size_t i = 0; i < f->nstems && i < KIP_DIP_WORDS; i++) {
		mask |= T_WORD << i;
		args[(*n)++] = DB_TEXT(f->stems[i]);
	}
	if (list && f->after > 0) {
		mask |= T_AFTER;
		args[(*n)++] = DB_INT(f->after);
	}
	if (list)
		args[(*n)++] = DB_INT(f->limit);
	return mask;
}

int dip_list(db *c, const dip_filter *f, json_t **rows)
{
	db_val args[10];
	size_t n;
	unsigned mask = bind(f, true, args, &n);
	const char *sql = sql_variant(&statements, LIST, mask);
	return sql ? db_query_json(c, sql, args, n, rows) : DB_ERROR;
}

int dip_each(db *c, const dip_filter *f, void (*fn)(void *ctx, db_stmt *st), void *ctx)
{
	db_val args[10];
	size_t n;
	unsigned mask = bind(f, true, args, &n);
	const char *sql = sql_variant(&statements, LIST, mask);
	db_stmt *st = sql ? db_prepare(c, sql) : NULL;
	if (st == NULL || db_bind_all(st, args, n) != DB_OK) {
		if (st)
			db_reset(st);
		return DB_ERROR;
	}
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		fn(ctx, st);
	db_reset(st);
	return rc == DB_DONE ? DB_OK : rc;
}

int dip_count(db *c, const dip_filter *f, int64_t *count)
{
	db_val args[10];
	size_t n;
	unsigned mask = bind(f, false, args, &n);
	const char *sql = sql_variant(&statements, COUNT, mask);
	int rc = sql ? db_query_int(c, sql, args, n, count) : DB_ERROR;
	return rc == DB_ROW ? DB_OK : rc;
}

int dip_get(db *c, int64_t id, json_t **row)
{
	return db_query_row_json(c, "SELECT " COLUMNS ", d.consequence_test FROM dip_items d "
	                         "LEFT JOIN agencies a ON a.id = d.agency_id WHERE d.id = ?", DB_ARGS(DB_INT(id)), row);
}

int dip_files(db *c, int64_t id, json_t **rows)
{
	return db_query_json(c, "SELECT f.hash, x.title, f.mime, f.size, f.width, f.height FROM dip_item_files x "
	                     "JOIN files f ON f.hash = x.file_hash WHERE x.item_id = ? ORDER BY x.id",
	                     DB_ARGS(DB_INT(id)), rows);
}

int dip_save(db *c, arena *a, const dip_item *it, int64_t user, int64_t *id)
{
	const char *text = arena_printf(a, "%s\n%s\n%s", it->title, it->summary, it->official);
	const char *stems = text ? search_stems(a, text, strlen(text)) : NULL;
	if (stems == NULL)
		return DB_ERROR;
	char at[CLOCK_ISO_LEN];
	clock_iso(at, clock_now());
	db_val agency = it->agency_id ? DB_INT(it->agency_id) : DB_NULL;
	db_val exemption = it->exemption ? DB_TEXT(it->exemption) : DB_NULL;
	db_val test = it->test ? DB_TEXT(it->test) : DB_NULL;
	if (*id > 0)
		return db_exec(c, "UPDATE dip_items SET agency_id = ?, category = ?, title = ?, summary = ?, "
		               "official = ?, format = ?, retention = ?, year = ?, exemption = ?, consequence_test = ?, "
		               "stems = ?, updated_by = ?, updated_at = ? WHERE id = ?",
		               DB_ARGS(agency, DB_TEXT(it->category), DB_TEXT(it->title), DB_TEXT(it->summary),
		                       DB_TEXT(it->official), DB_TEXT(it->format), DB_TEXT(it->retention),
		                       DB_INT(it->year), exemption, test, DB_TEXT(stems), DB_INT(user), DB_TEXT(at),
		                       DB_INT(*id)), NULL);
	int rc = db_query_int(c, "INSERT INTO dip_items (agency_id, category, title, summary, official, format, "
	                      "retention, year, exemption, consequence_test, stems, created_by, updated_by, "
	                      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	                      DB_ARGS(agency, DB_TEXT(it->category), DB_TEXT(it->title), DB_TEXT(it->summary),
	                              DB_TEXT(it->official), DB_TEXT(it->format), DB_TEXT(it->retention),
	                              DB_INT(it->year), exemption, test, DB_TEXT(stems),
	                              user ? DB_INT(user) : DB_NULL, user ? DB_INT(user) : DB_NULL, DB_TEXT(at),
	                              DB_TEXT(at)), id);
	return rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_ERROR : rc;
}

int dip_delete(db *c, int64_t id)
{
	int rc = db_exec(c, "DELETE FROM dip_item_files WHERE item_id = ?", DB_ARGS(DB_INT(id)), NULL);
	return rc == DB_OK ? db_exec(c, "DELETE FROM dip_items WHERE id = ?", DB_ARGS(DB_INT(id)), NULL) : rc;
}

int dip_attach(db *c, int64_t id, const char *hash, const char *title)
{
	char at[CLOCK_ISO_LEN];
	clock_iso(at, clock_now());
	return db_exec(c, "INSERT INTO dip_item_files (item_id, file_hash, title, created_at) VALUES (?, ?, ?, ?) "
	               "ON CONFLICT (item_id, file_hash) DO UPDATE SET title = excluded.title",
	               DB_ARGS(DB_INT(id), DB_TEXT(hash), DB_TEXT(title), DB_TEXT(at)), NULL);
}

int dip_detach(db *c, int64_t id, const char *hash)
{
	int64_t changed = 0;
	int rc = db_exec(c, "DELETE FROM dip_item_files WHERE item_id = ? AND file_hash = ?",
	                 DB_ARGS(DB_INT(id), DB_TEXT(hash)), &changed);
	return rc == DB_OK && changed == 0 ? DB_DONE : rc;
}

static const char *label(arena *a, const char *prefix, const char *value)
{
	char key[96];
	snprintf(key, sizeof(key), "%s.%s", prefix, value ? value : "");
	return arena_strdup(a, locale_get(key));
}

void dip_decorate(arena *a, json_t *r)
{
	const char *category = json_string_value(json_object_get(r, "category"));
	const char *letter = json_string_value(json_object_get(r, "exemption"));
	json_object_set_new(r, "category_label", json_string(label(a, "kip_dip.categories", category)));
	json_object_set_new(r, "format_label", json_string(label(a, "kip_dip.formats",
		json_string_value(json_object_get(r, "format")))));
	json_object_set_new(r, "exempt", json_boolean(category && strcmp(category, KIP_DIP_EXEMPT) == 0));
	json_object_set_new(r, "exemption_text", letter ? json_string(label(a, "kip_exemption", letter)) : json_null());
	if (json_is_null(json_object_get(r, "agency_name")) || json_object_get(r, "agency_name") == NULL)
		json_object_set_new(r, "agency_name", json_string(locale_get("kip_request.main_ppid")));
	json_int_t id = json_integer_value(json_object_get(r, "id"));
	json_object_set_new(r, "url", json_string(arena_printf(a, "/dip/%lld", (long long)id)));
	json_object_set_new(r, "desk_url", json_string(arena_printf(a, "/ppid/dip/%lld", (long long)id)));
}

static const char *query(const request *req, const char *name)
{
	const char *v = http_params_get(&req->query, name);
	return v != NULL && strlen(v) <= 200 ? v : "";
}

int dip_filter_from(request *req, db *c, dip_filter *f, int limit)
{
	memset(f, 0, sizeof(*f));
	f->limit = limit;
	const char *dinas = query(req, "dinas"), *kategori = query(req, "kategori");
	if (kategori[0] && kip_one_of(kategori, kip_dip_categories, KIP_DIP_CATEGORIES))
		f->category = kategori;
	int64_t after = 0;
	if (str_to_i64(str_c(query(req, "setelah")), false, &after) && after > 0)
		f->after = after;
	const char *words[KIP_DIP_WORDS];
	size_t n = search_query_stems(req->arena, query(req, "q"), words, KIP_DIP_WORDS);
	for (size_t i = 0; i < n; i++) {
		const char *spaced = arena_printf(req->arena, " %s ", words[i]);
		if (spaced == NULL || (f->stems[f->nstems] = db_like_contains(req->arena, spaced)) == NULL)
			return DB_ERROR;
		f->nstems++;
	}
	if (strcmp(dinas, KIP_DIP_MAIN) == 0) {
		f->main_only = true;
	} else if (dinas[0]) {
		int rc = agencies_id(c, dinas, &f->agency_id);
		if (rc == DB_DONE)
			f->agency_id = -1;
		else if (rc != DB_ROW)
			return rc;
	}
	return DB_OK;
}

int dip_ppid_choices(db *c, const account *me, const char *chosen, json_t **out)
{
	if (chosen == NULL)
		chosen = "";
	if (!accounts_holds(me, ROLE_PPID, 0)) { /* a department's PPID: its own departments */
		*out = json_array();
		for (size_t i = 0; me != NULL && i < me->ngrants; i++) {
			const grant *g = &me->grants[i];
			if (g->role == ROLE_PPID && g->agency_id != 0 && g->agency_slug != NULL)
				json_array_append_new(*out, json_pack("{s:s, s:s, s:b}", "value", g->agency_slug, "label",
					g->agency_name ? g->agency_name : g->agency_slug, "selected", strcmp(chosen, g->agency_slug) == 0));
		}
		return DB_OK;
	}
	json_t *departments = NULL, *districts = NULL;
	int rc = agencies_choices(c, chosen, "", &departments, &districts);
	json_decref(districts);
	if (rc != DB_OK)
		return rc;
	json_array_insert_new(departments, 0, json_pack("{s:s, s:s, s:b}", "value", KIP_DIP_MAIN, "label",
		locale_get("kip_request.main_ppid"), "selected", strcmp(chosen, KIP_DIP_MAIN) == 0));
	*out = departments;
	return DB_OK;
}
