/*
 * store.c - see store.h. A list or totals statement holds only the
 * filters that are set (one text per combination, built once), so SQLite
 * plans each with the index it needs and evaluates no "any" sentinels per
 * row: with 10,000 programmes that was most of the list's time. Pages are
 * keyset, never OFFSET.
 */
#include "programs/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "db/variants.h"
#include "ledger/ledger.h"
#include "programs/rules.h"
#include "programs/webhook.h"
#include "questions/questions.h"
#include "search/search.h"

/* Filters on the programme's own columns only (slugs are resolved to ids
 * first), so the orders' indexes serve the list and the totals read one
 * covering index. One bit per filter, in this order. */
static const char *const filter_terms[] = {
	"AND p.agency_id = ? ", "AND p.status = ? ", "AND p.fiscal_year = ? ",
	"AND p.kecamatan_id = ? ", "AND p.funding = ? ",
};
#define NFILTERS 5

#define LIST_COLUMNS \
	"SELECT p.id, p.title, p.status, p.fiscal_year, p.budget, p.realization, p.funding, " \
	"p.progress, p.start_date, p.end_date, p.updated_at, a.slug AS agency, a.name AS agency_name, " \
	"a.short_name AS agency_short, k.slug AS kecamatan, k.name AS kecamatan_name " \
	"FROM programs p JOIN agencies a ON a.id = p.agency_id " \
	"LEFT JOIN agencies k ON k.id = p.kecamatan_id WHERE p.level = 'program' "

/* The statements, around the filters: what comes before and after them. */
enum shape { NEWEST, NEWEST_AFTER, BUDGET, BUDGET_AFTER, PROGRESS, PROGRESS_AFTER, TOTALS, SHAPES };
static const struct variant_shape shapes[SHAPES] = {
	[NEWEST] = { LIST_COLUMNS, "ORDER BY p.id DESC LIMIT ?" },
	[NEWEST_AFTER] = { LIST_COLUMNS, "AND p.id < ? ORDER BY p.id DESC LIMIT ?" },
	[BUDGET] = { LIST_COLUMNS, "ORDER BY p.budget DESC, p.id DESC LIMIT ?" },
	[BUDGET_AFTER] = { LIST_COLUMNS, "AND (p.budget, p.id) < (?, ?) "
	                                 "ORDER BY p.budget DESC, p.id DESC LIMIT ?" },
	[PROGRESS] = { LIST_COLUMNS, "ORDER BY p.progress DESC, p.id DESC LIMIT ?" },
	[PROGRESS_AFTER] = { LIST_COLUMNS, "AND (p.progress, p.id) < (?, ?) "
	                                   "ORDER BY p.progress DESC, p.id DESC LIMIT ?" },
	[TOTALS] = { "SELECT g.status, g.n, g.budget, g.realization, a.slug, a.name FROM ("
	             "SELECT p.status, p.agency_id, count(*) AS n, CAST(sum(p.budget) AS BIGINT) AS budget, "
	             "CAST(sum(p.realization) AS BIGINT) AS realization FROM programs p "
	             "WHERE p.level = 'program' ",
	             "GROUP BY p.agency_id, p.status) g JOIN agencies a ON a.id = g.agency_id "
	             "ORDER BY g.status, a.slug" },
};
static sql_variants statements = { shapes, SHAPES, filter_terms, NFILTERS, NULL };

/* The filters of f that are set, as bits of filter_terms. */
static unsigned active(const program_filter *f)
{
	return (f->agency_id != 0 ? 1u : 0) | (f->status[0] ? 2u : 0) | (f->year != 0 ? 4u : 0) |
	       (f->kecamatan_id != 0 ? 8u : 0) | (f->funding[0] ? 16u : 0);
}

static const char *statement(enum shape shape, unsigned mask)
{
	return sql_variant(&statements, shape, mask);
}

/* The binds of f's set filters, in filter_terms order; returns how many. */
static size_t filter_args(const program_filter *f, db_val *args)
{
	size_t n = 0;
	if (f->agency_id != 0)
		args[n++] = DB_INT(f->agency_id);
	if (f->status[0])
		args[n++] = DB_TEXT(f->status);
	if (f->year != 0)
		args[n++] = DB_INT(f->year);
	if (f->kecamatan_id != 0)
		args[n++] = DB_INT(f->kecamatan_id);
	if (f->funding[0])
		args[n++] = DB_TEXT(f->funding);
	return n;
}

int programs_resolve(db *c, program_filter *f)
{
	f->agency_id = f->kecamatan_id = 0;
	int rc = DB_ROW;
	if (f->agency[0]) {
		rc = db_query_int(c, "SELECT id FROM agencies WHERE slug = ?", DB_ARGS(DB_TEXT(f->agency)),
		                  &f->agency_id);
		if (rc == DB_DONE)
			f->agency_id = -1; /* no such agency: nothing matches */
	}
	if (rc >= 0 && f->kecamatan[0]) {
		rc = db_query_int(c, "SELECT id FROM agencies WHERE slug = ? AND kind = 'kecamatan'",
		                  DB_ARGS(DB_TEXT(f->kecamatan)), &f->kecamatan_id);
		if (rc == DB_DONE)
			f->kecamatan_id = -1;
	}
	return rc < 0 ? rc : DB_OK;
}

int programs_list(db *c, const program_filter *f, json_t **rows)
{
	db_val args[NFILTERS + 4];
	size_t n = filter_args(f, args);
	bool after = f->after_id != 0;
	enum shape shape = f->sort == SORT_BUDGET ? (after ? BUDGET_AFTER : BUDGET)
	                 : f->sort == SORT_PROGRESS ? (after ? PROGRESS_AFTER : PROGRESS)
	                 : (after ? NEWEST_AFTER : NEWEST);
	/* a row-value comparison, which both engines answer from the order's
	 * index (the equivalent OR of two terms read the range row by row) */
	if (after && f->sort != SORT_NEWEST)
		args[n++] = DB_INT(f->after_value);
	if (after)
		args[n++] = DB_INT(f->after_id);
	args[n++] = DB_INT(f->limit + 1);
	const char *sql = statement(shape, active(f));
	return sql != NULL ? db_query_json(c, sql, args, n, rows) : DB_ERROR;
}

static void add_to(json_t *o, int64_t count, int64_t budget, int64_t real)
{
	json_object_set_new(o, "count", json_integer(json_integer_value(json_object_get(o, "count")) + count));
	json_object_set_new(o, "budget", json_integer(json_integer_value(json_object_get(o, "budget")) + budget));
	json_object_set_new(o, "realization",
	                    json_integer(json_integer_value(json_object_get(o, "realization")) + real));
}

/* One scan of the covering index, grouped by status and agency; the three
 * views of it are summed here. */
int programs_totals(db *c, const program_filter *f, json_t **out)
{
	json_t *groups = NULL;
	db_val args[NFILTERS];
	size_t nargs = filter_args(f, args);
	const char *sql = statement(TOTALS, active(f));
	int rc = sql != NULL ? db_query_json(c, sql, args, nargs, &groups) : DB_ERROR;
	if (rc != DB_OK)
		return rc;
	json_t *all = json_pack("{s:i, s:i, s:i}", "count", 0, "budget", 0, "realization", 0);
	json_t *by_status = json_array(), *by_agency = json_object();
	size_t i;
	json_t *g;
	json_array_foreach(groups, i, g)
	{
		int64_t n = json_integer_value(json_object_get(g, "n"));
		int64_t b = json_integer_value(json_object_get(g, "budget"));
		int64_t r = json_integer_value(json_object_get(g, "realization"));
		const char *status = json_string_value(json_object_get(g, "status"));
		const char *slug = json_string_value(json_object_get(g, "slug"));
		add_to(all, n, b, r);
		json_t *last = json_array_get(by_status, json_array_size(by_status) - 1);
		if (last == NULL || strcmp(json_string_value(json_object_get(last, "status")), status) != 0) {
			last = json_pack("{s:s, s:i, s:i, s:i}", "status", status, "count", 0, "budget", 0,
			                 "realization", 0);
			json_array_append_new(by_status, last);
		}
		add_to(last, n, b, r);
		json_t *ag = json_object_get(by_agency, slug);
		if (ag == NULL) {
			ag = json_pack("{s:s, s:O, s:i, s:i, s:i}", "slug", slug, "name",
			               json_object_get(g, "name"), "count", 0, "budget", 0, "realization", 0);
			json_object_set_new(by_agency, slug, ag);
		}
		add_to(ag, n, b, r);
	}
	json_decref(groups);
	/* departments by budget, largest first */
	json_t *agencies = json_array();
	const char *key;
	json_t *ag;
	json_object_foreach(by_agency, key, ag)
	{
		size_t at = 0;
		int64_t b = json_integer_value(json_object_get(ag, "budget"));
		while (at < json_array_size(agencies) &&
		       json_integer_value(json_object_get(json_array_get(agencies, at), "budget")) >= b)
			at++;
		json_array_insert(agencies, at, ag);
	}
	json_decref(by_agency);
	json_object_set_new(all, "by_status", by_status);
	json_object_set_new(all, "by_agency", agencies);
	*out = all;
	return DB_OK;
}

#define ONE_COLUMNS \
	"SELECT p.id, p.parent_id, p.level, p.title, p.summary, p.status, p.fiscal_year, p.budget, " \
	"p.realization, p.funding, p.latitude, p.longitude, p.start_date, p.end_date, p.progress, " \
	"p.rollup, p.targets, p.version, p.created_at, p.updated_at, p.agency_id, " \
	"a.slug AS agency, a.name AS agency_name, a.short_name AS agency_short, " \
	"k.slug AS kecamatan, k.name AS kecamatan_name, v.slug AS village, v.name AS village_name, " \
	"v.kind AS village_kind, q.title AS parent_title, q.level AS parent_level " \
	"FROM programs p JOIN agencies a ON a.id = p.agency_id " \
	"LEFT JOIN agencies k ON k.id = p.kecamatan_id LEFT JOIN villages v ON v.id = p.village_id " \
	"LEFT JOIN programs q ON q.id = p.parent_id "

int programs_get(db *c, int64_t id, json_t **row)
{
	return db_query_row_json(c, ONE_COLUMNS "WHERE p.id = ?", DB_ARGS(DB_INT(id)), row);
}

int programs_descendants(db *c, int64_t id, json_t **rows)
{
	return db_query_json(c,
		"SELECT id, parent_id, level, title, status, budget, realization, progress, fiscal_year "
		"FROM programs WHERE parent_id = ? "
		"OR parent_id IN (SELECT id FROM programs WHERE parent_id = ?) ORDER BY id",
		DB_ARGS(DB_INT(id), DB_INT(id)), rows);
}

int programs_versions(db *c, int64_t id, json_t **rows)
{
	return db_query_json(c,
		"SELECT v.version, v.at, v.changes, coalesce(u.display_name, '') AS by_name "
		"FROM program_versions v LEFT JOIN users u ON u.id = v.user_id "
		"WHERE v.program_id = ? ORDER BY v.version DESC", DB_ARGS(DB_INT(id)), rows);
}

int programs_updates(db *c, int64_t id, json_t **rows)
{
	return db_query_json(c,
		"SELECT d.id, d.at, d.body, d.progress, d.status, coalesce(u.display_name, '') AS by_name "
		"FROM program_updates d LEFT JOIN users u ON u.id = d.user_id "
		"WHERE d.program_id = ? ORDER BY d.id DESC", DB_ARGS(DB_INT(id)), rows);
}

int programs_files(db *c, int64_t id, json_t **rows)
{
	return db_query_json(c,
		"SELECT f.id, f.update_id, f.file_hash AS hash, f.title, x.mime, x.size, x.width, x.height "
		"FROM program_files f JOIN files x ON x.hash = f.file_hash "
		"WHERE f.program_id = ? ORDER BY f.id", DB_ARGS(DB_INT(id)), rows);
}

int programs_followers(db *c, int64_t id, int64_t user, int64_t *count, bool *following)
{
	int64_t mine = 0;
	int rc = db_query_int(c, "SELECT count(*) FROM program_follows WHERE program_id = ?",
	                      DB_ARGS(DB_INT(id)), count);
	if (rc == DB_ROW && user != 0)
		rc = db_query_int(c,
			"SELECT count(*) FROM program_follows WHERE program_id = ? AND user_id = ?",
			DB_ARGS(DB_INT(id), DB_INT(user)), &mine);
	*following = mine > 0;
	return rc == DB_ROW ? DB_OK : rc;
}

/* --- writing ------------------------------------------------------------- */

/* The record a version keeps: the editable fields, by name. */
static int record_of(db *c, int64_t id, json_t **out)
{
	return db_query_row_json(c,
		"SELECT p.title, p.summary, p.status, p.fiscal_year, p.budget, p.realization, p.funding, "
		"k.slug AS kecamatan, v.slug AS village, p.latitude, p.longitude, p.start_date, "
		"p.end_date, p.progress, p.rollup, p.targets, a.slug AS agency "
		"FROM programs p JOIN agencies a ON a.id = p.agency_id "
		"LEFT JOIN agencies k ON k.id = p.kecamatan_id LEFT JOIN villages v ON v.id = p.village_id "
		"WHERE p.id = ?", DB_ARGS(DB_INT(id)), out);
}

/* [{"field", "from", "to"}] for every field whose value differs. */
static json_t *diff(json_t *before, json_t *after)
{
	json_t *changes = json_array();
	const char *key;
	json_t *to;
	json_object_foreach(after, key, to)
	{
		json_t *from = before ? json_object_get(before, key) : NULL;
		if (before != NULL && !json_equal(from ? from : json_null(), to))
			json_array_append_new(changes, json_pack("{s:s, s:O, s:O}", "field", key, "from",
			                                         from ? from : json_null(), "to", to));
	}
	return changes;
}

static int write_version(db *c, int64_t id, int64_t user, json_t *before, const char *was_updated)
{
	json_t *after = NULL;
	int rc = record_of(c, id, &after);
	if (rc != DB_ROW)
		return rc == DB_DONE ? DB_ERROR : rc;
	json_t *changes = diff(before, after);
	if (before != NULL && json_array_size(changes) == 0) {
		/* nothing changed: no version, and the row keeps its time */
		json_decref(changes);
		json_decref(after);
		return db_exec(c, "UPDATE programs SET updated_at = ? WHERE id = ?",
		               DB_ARGS(DB_TEXT(was_updated), DB_INT(id)), NULL);
	}
	char *record = json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS);
	char *what = json_dumps(changes, JSON_COMPACT);
	bool status_changed = false;
	size_t i;
	json_t *ch;
	json_array_foreach(changes, i, ch)
	{
		status_changed = status_changed || strcmp(json_string_value(json_object_get(ch, "field")), "status") == 0;
	}
	json_decref(after);
	json_decref(changes);

	char now[CLOCK_ISO_LEN];
	clock_iso(now, clock_now());
	int64_t version = 0;
	rc = record && what ? db_query_int(c,
		"UPDATE programs SET version = version + CASE WHEN ? = 1 THEN 0 ELSE 1 END "
		"WHERE id = ? RETURNING version",
		DB_ARGS(DB_INT(before == NULL), DB_INT(id)), &version) : DB_ERROR;
	if (rc == DB_ROW)
		rc = db_exec(c,
			"INSERT INTO program_versions (program_id, version, at, user_id, record, changes) "
			"VALUES (?, ?, ?, ?, ?, ?)",
			DB_ARGS(DB_INT(id), DB_INT(version), DB_TEXT(now), user ? DB_INT(user) : DB_NULL,
			        DB_TEXT(record), DB_TEXT(what)), NULL);
	if (rc == DB_OK)
		rc = ledger_record(c, "program", id); /* every version is an entry of the public record */
	if (rc == DB_OK && before != NULL)
		rc = programs_webhook(c, id, what); /* a change of the record: the endpoints that listen hear of it */
	json_malloc_t m;
	json_free_t release;
	json_get_alloc_funcs(&m, &release);
	release(record);
	release(what);
	/* the questions about it, and the people who asked them, hear of it */
	if (rc == DB_OK && status_changed && before != NULL)
		rc = questions_program_changed(c, id, user);
	return rc == DB_DONE ? DB_ERROR : rc;
}

int programs_save(db *c, const program_fields *p, int64_t user, int64_t *id)
{
	char now[CLOCK_ISO_LEN];
	clock_iso(now, clock_now());
	json_t *before = NULL, *stamp = NULL;
	int rc;
	db_val lat = p->has_coordinates ? DB_REAL(p->latitude) : DB_NULL;
	db_val lon = p->has_coordinates ? DB_REAL(p->longitude) : DB_NULL;
	db_val start = p->start_date[0] ? DB_TEXT(p->start_date) : DB_NULL;
	db_val end = p->end_date[0] ? DB_TEXT(p->end_date) : DB_NULL;
	db_val kec = p->kecamatan_id ? DB_INT(p->kecamatan_id) : DB_NULL;
	db_val vil = p->village_id ? DB_INT(p->village_id) : DB_NULL;
	if (*id == 0) {
		rc = db_query_int(c,
			"INSERT INTO programs (parent_id, level, agency_id, title, summary, status, "
			"fiscal_year, budget, realization, funding, kecamatan_id, village_id, latitude, "
			"longitude, start_date, end_date, progress, rollup, targets, version, created_at, "
			"updated_at, ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, "
			"?, ?, ?) RETURNING id",
			DB_ARGS(p->parent_id ? DB_INT(p->parent_id) : DB_NULL, DB_TEXT(p->level),
			        DB_INT(p->agency_id), DB_TEXT(p->title), DB_TEXT(p->summary),
			        DB_TEXT(p->status), DB_INT(p->fiscal_year), DB_INT(p->budget),
			        DB_INT(p->realization), DB_TEXT(p->funding), kec, vil, lat, lon, start, end,
			        DB_INT(p->progress), DB_TEXT(p->rollup), DB_TEXT(p->targets), DB_TEXT(now),
			        DB_TEXT(now), p->ref ? DB_TEXT(p->ref) : DB_NULL), id);
		rc = rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_ERROR : rc;
	} else {
		rc = db_query_row_json(c, "SELECT updated_at FROM programs WHERE id = ?",
		                       DB_ARGS(DB_INT(*id)), &stamp);
		if (rc == DB_ROW)
			rc = record_of(c, *id, &before);
		if (rc == DB_ROW)
			rc = db_exec(c,
				"UPDATE programs SET title = ?, summary = ?, status = ?, fiscal_year = ?, "
				"budget = ?, realization = ?, funding = ?, kecamatan_id = ?, village_id = ?, "
				"latitude = ?, longitude = ?, start_date = ?, end_date = ?, progress = ?, "
				"rollup = ?, targets = ?, updated_at = ? WHERE id = ?",
				DB_ARGS(DB_TEXT(p->title), DB_TEXT(p->summary), DB_TEXT(p->status),
				        DB_INT(p->fiscal_year), DB_INT(p->budget), DB_INT(p->realization),
				        DB_TEXT(p->funding), kec, vil, lat, lon, start, end, DB_INT(p->progress),
				        DB_TEXT(p->rollup), DB_TEXT(p->targets), DB_TEXT(now), DB_INT(*id)), NULL);
		else if (rc == DB_DONE)
			rc = DB_ERROR;
	}
	if (rc == DB_OK)
		rc = programs_roll_up(c, *id); /* own progress first when it has children */
	if (rc == DB_OK)
		rc = write_version(c, *id, user, before,
		                   stamp ? json_string_value(json_object_get(stamp, "updated_at")) : now);
	if (rc == DB_OK)
		rc = search_index_program(c, *id);
	json_decref(before);
	json_decref(stamp);
	return rc;
}

/* Sets id's progress from its children (when it has any). */
static int roll_one(db *c, int64_t id)
{
	json_t *kids = NULL, *self = NULL;
	int rc = db_query_json(c, "SELECT budget, progress FROM programs WHERE parent_id = ?",
	                       DB_ARGS(DB_INT(id)), &kids);
	if (rc == DB_OK)
		rc = db_query_row_json(c, "SELECT rollup, progress FROM programs WHERE id = ?", DB_ARGS(DB_INT(id)),
		                       &self);
	size_t n = json_array_size(kids);
	if (rc != DB_ROW || n == 0) {
		json_decref(kids);
		json_decref(self);
		return rc < 0 ? rc : DB_OK;
	}
	rollup_item items[256];
	if (n > 256)
		n = 256;
	for (size_t i = 0; i < n; i++) {
		json_t *k = json_array_get(kids, i);
		items[i].budget = json_integer_value(json_object_get(k, "budget"));
		items[i].progress = (int)json_integer_value(json_object_get(k, "progress"));
	}
	const char *how = json_string_value(json_object_get(self, "rollup"));
	int progress = rollup_progress(items, n, how == NULL || strcmp(how, "budget") == 0);
	bool moved = json_integer_value(json_object_get(self, "progress")) != progress;
	json_decref(kids);
	json_decref(self);
	if (!moved)
		return DB_OK;
	rc = db_exec(c, "UPDATE programs SET progress = ? WHERE id = ?", DB_ARGS(DB_INT(progress), DB_INT(id)), NULL);
	/* a parent's progress is an official figure too: its change is an entry */
	return rc == DB_OK ? ledger_record(c, "program", id) : rc;
}

int programs_roll_up(db *c, int64_t id)
{
	/* the programme itself (if it has children), then up to two ancestors */
	for (int depth = 0; depth < 3 && id != 0; depth++) {
		int rc = roll_one(c, id);
		if (rc != DB_OK)
			return rc;
		int64_t parent = 0;
		rc = db_query_int(c, "SELECT coalesce(parent_id, 0) FROM programs WHERE id = ?",
		                  DB_ARGS(DB_INT(id)), &parent);
		if (rc < 0)
			return rc;
		id = rc == DB_ROW ? parent : 0;
	}
	return DB_OK;
}

int programs_by_ref(db *c, const char *ref, int64_t *id)
{
	return db_query_int(c, "SELECT id FROM programs WHERE ref = ?", DB_ARGS(DB_TEXT(ref)), id);
}

int programs_add_update(db *c, int64_t program, int64_t user, const char *at, const char *body,
                        int progress, const char *status, int64_t *id)
{
	char now[CLOCK_ISO_LEN];
	clock_iso(now, clock_now());
	if (at != NULL)
		snprintf(now, sizeof(now), "%s", at);
	int rc = db_query_int(c,
		"INSERT INTO program_updates (program_id, at, user_id, body, progress, status) "
		"VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
		DB_ARGS(DB_INT(program), DB_TEXT(now), user ? DB_INT(user) : DB_NULL, DB_TEXT(body),
		        progress >= 0 ? DB_INT(progress) : DB_NULL, status ? DB_TEXT(status) : DB_NULL),
		id);
	return rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_ERROR : rc;
}

int programs_attach(db *c, int64_t program, int64_t update, const char *hash, const char *title)
{
	char now[CLOCK_ISO_LEN];
	clock_iso(now, clock_now());
	return db_exec(c,
		"INSERT INTO program_files (program_id, update_id, file_hash, title, created_at) "
		"VALUES (?, ?, ?, ?, ?)",
		DB_ARGS(DB_INT(program), update ? DB_INT(update) : DB_NULL, DB_TEXT(hash),
		        DB_TEXT(title), DB_TEXT(now)), NULL);
}

int programs_follow(db *c, int64_t program, int64_t user, bool follow)
{
	char now[CLOCK_ISO_LEN];
	clock_iso(now, clock_now());
	if (!follow)
		return db_exec(c, "DELETE FROM program_follows WHERE program_id = ? AND user_id = ?",
		               DB_ARGS(DB_INT(program), DB_INT(user)), NULL);
	return db_exec(c,
		"INSERT INTO program_follows (program_id, user_id, created_at) VALUES (?, ?, ?) "
		"ON CONFLICT DO NOTHING", DB_ARGS(DB_INT(program), DB_INT(user), DB_TEXT(now)), NULL);
}

int programs_kecamatan_id(db *c, const char *slug, int64_t *id)
{
	return db_query_int(c, "SELECT id FROM agencies WHERE slug = ? AND kind = 'kecamatan'",
	                    DB_ARGS(DB_TEXT(slug)), id);
}

int programs_village_id(db *c, int64_t kecamatan, const char *slug, int64_t *id)
{
	return db_query_int(c, "SELECT id FROM villages WHERE kecamatan_id = ? AND slug = ?",
	                    DB_ARGS(DB_INT(kecamatan), DB_TEXT(slug)), id);
}

int programs_places(db *c, json_t **out)
{
	json_t *rows = NULL;
	int rc = db_query_json(c,
		"SELECT k.slug AS kecamatan, k.name AS kecamatan_name, v.slug, v.name "
		"FROM agencies k LEFT JOIN villages v ON v.kecamatan_id = k.id "
		"WHERE k.kind = 'kecamatan' ORDER BY k.name, v.name", DB_NOARGS, &rows);
	if (rc != DB_OK)
		return rc;
	json_t *places = json_array(), *cur = NULL;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		const char *k = json_string_value(json_object_get(r, "kecamatan"));
		if (cur == NULL || strcmp(json_string_value(json_object_get(cur, "slug")), k) != 0) {
			cur = json_pack("{s:s, s:O, s:[]}", "slug", k, "name",
			                json_object_get(r, "kecamatan_name"), "villages");
			json_array_append_new(places, cur);
		}
		if (json_is_string(json_object_get(r, "slug")))
			json_array_append_new(json_object_get(cur, "villages"),
			                      json_pack("{s:O, s:O}", "slug", json_object_get(r, "slug"),
			                                "name", json_object_get(r, "name")));
	}
	json_decref(rows);
	*out = places;
	return DB_OK;
}
