/*
 * index.c - keeping search_docs (and on SQLite its FTS5 table) in step
 * with questions, answers, programmes and departments (see search.h).
 *
 * One row per thing found, keyed by (kind, ref_id). Writing a row that is
 * already there as it would be written changes nothing (no version of the
 * page cache is raised). On SQLite the FTS5 table has external content:
 * its entries for a row must be deleted with the row's old text before
 * the row changes, and added with the new text after.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"
#include "search/search.h"
#include "search/store.h"
#include "search/text.h"
#include "view/format.h"

#define BODY_MAX (200u * 1024)   /* bytes of source text indexed per row */
#define TEXT_MAX (512u * 1024)   /* the cleaned text's buffer */

/* A question the public sees; the same rule as the question pages. */
#define QUESTION_PUBLIC \
	"listed = 1 AND hidden = 0 AND state IN ('terbuka','dijawab','diteruskan','ditutup')"

/* One row of search_docs as it should be. Ids of 0 are NULL. */
struct doc {
	const char *kind;
	int64_t ref_id, parent_id, agency_id, kecamatan_id, program_id;
	const char *state, *heading, *title, *body, *url, *updated_at;
};

/* The filters as words of the tags column (search_tag_kind/state in
 * store.h give the codes). Kind and state have a handful of values, so
 * each is in tens of thousands of rows and intersecting its list is most
 * of a filtered search; so a row also carries each combination with
 * them, and a search with several filters intersects short lists only
 * (store.c, lite_match):
 * "k1 s2 k1s2 a12 a12k1 a12s2 a12k1s2 c34 c34k1 c34s2 c34k1s2 ...". */
static void tags_of(const struct doc *d, char *out, size_t n)
{
	char k[8], s[8] = "";
	snprintf(k, sizeof(k), "k%d", search_tag_kind(d->kind));
	if (search_tag_state(d->state))
		snprintf(s, sizeof(s), "s%d", search_tag_state(d->state));
	int o = s[0] ? snprintf(out, n, "%s %s %s%s", k, s, k, s) : snprintf(out, n, "%s", k);
	const struct { char letter; int64_t id; } ids[] = {
		{ 'a', d->agency_id }, { 'c', d->kecamatan_id }, { 'p', d->program_id },
	};
	for (size_t i = 0; i < 3; i++) {
		if (ids[i].id == 0 || o < 0 || (size_t)o >= n)
			continue;
		char x[24];
		snprintf(x, sizeof(x), "%c%lld", ids[i].letter, (long long)ids[i].id);
		o += s[0] ? snprintf(out + o, n - (size_t)o, " %s %s%s %s%s %s%s%s", x, x, k, x, s, x, k, s)
		          : snprintf(out + o, n - (size_t)o, " %s %s%s", x, x, k);
	}
}

static bool sqlite(void)
{
	return db_engine() == DB_SQLITE;
}

/* True while search_reindex fills search_docs on this thread: the FTS5
 * index is then built once at the end ('rebuild'), which is many times
 * faster than row by row. */
static _Thread_local bool bulk;

static bool fts_by_row(void)
{
	return sqlite() && !bulk;
}

static db_val opt_id(int64_t id)
{
	return id ? DB_INT(id) : DB_NULL;
}

static const char *text_of(json_t *row, const char *key)
{
	const char *s = json_string_value(json_object_get(row, key));
	return s ? s : "";
}

static int64_t int_of(json_t *row, const char *key)
{
	return json_integer_value(json_object_get(row, key));
}

/* The cleaned text of src (markdown or plain) in b; "" when it fails. */
static const char *clean(buf *b, const char *src, bool markdown)
{
	size_t n = strlen(src ? src : "");
	if (n > BODY_MAX)
		n = BODY_MAX; /* a character cut here is repaired */
	buf_init(b, TEXT_MAX);
	int rc = markdown ? search_text_markdown(src, n, b) : search_text_plain(src ? src : "", n, b);
	return rc == 0 && b->data ? b->data : "";
}

/* The stored text of a row, which its FTS5 entries were made from. */
struct text {
	const char *title, *body, *tags;
};

static struct text text_of_row(json_t *row);

static int fts(db *c, const char *sql, int64_t id, struct text t)
{
	return db_exec(c, sql, DB_ARGS(DB_INT(id), DB_TEXT(t.title), DB_TEXT(t.body), DB_TEXT(t.tags)),
	               NULL);
}

static int fts_delete(db *c, int64_t id, struct text t)
{
	return fts(c, "INSERT INTO search_fts (search_fts, rowid, title, body, tags) "
	              "VALUES ('delete', ?, ?, ?, ?)", id, t);
}

static int fts_insert(db *c, int64_t id, struct text t)
{
	return fts(c, "INSERT INTO search_fts (rowid, title, body, tags) VALUES (?, ?, ?, ?)", id, t);
}

/* Removes one row (whose stored text is t). */
static int drop_row(db *c, int64_t id, struct text t)
{
	int rc = fts_by_row() ? fts_delete(c, id, t) : DB_OK;
	if (rc == DB_OK)
		rc = db_exec(c, "DELETE FROM search_docs WHERE id = ?", DB_ARGS(DB_INT(id)), NULL);
	return rc;
}

/* Removes the rows selected by sql (id, title, body, tags) with one id bound. */
static int drop_where(db *c, const char *sql, int64_t arg)
{
	json_t *rows = NULL;
	int rc = db_query_json(c, sql, DB_ARGS(DB_INT(arg)), &rows);
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		if (rc != DB_OK)
			break;
		rc = drop_row(c, int_of(r, "id"), text_of_row(r));
	}
	json_decref(rows);
	return rc;
}

static int drop_ref(db *c, const char *kind, int64_t ref_id)
{
	json_t *row = NULL;
	int rc = db_query_row_json(c,
		"SELECT id, title, body, tags FROM search_docs WHERE kind = ? AND ref_id = ?",
		DB_ARGS(DB_TEXT(kind), DB_INT(ref_id)), &row);
	if (rc == DB_ROW)
		rc = drop_row(c, int_of(row, "id"), text_of_row(row));
	json_decref(row);
	return rc == DB_DONE ? DB_OK : rc;
}

static struct text text_of_row(json_t *row)
{
	return (struct text){ text_of(row, "title"), text_of(row, "body"), text_of(row, "tags") };
}

static bool same_id(json_t *row, const char *key, int64_t id)
{
	json_t *v = json_object_get(row, key);
	return id == 0 ? json_is_null(v) : json_is_integer(v) && json_integer_value(v) == id;
}

static bool same_text(json_t *row, const char *key, const char *s)
{
	return strcmp(text_of(row, key), s) == 0;
}

/* Makes the row of (d->kind, d->ref_id) be d. */
static int put(db *c, const struct doc *d)
{
	char tags[SEARCH_TAGS_MAX];
	tags_of(d, tags, sizeof(tags));
	struct text now = { d->title, d->body, tags };
	json_t *old = NULL;
	int rc = db_query_row_json(c,
		"SELECT id, parent_id, agency_id, kecamatan_id, program_id, state, heading, title, body, "
		"tags, url, updated_at FROM search_docs WHERE kind = ? AND ref_id = ?",
		DB_ARGS(DB_TEXT(d->kind), DB_INT(d->ref_id)), &old);
	if (rc == DB_DONE) {
		int64_t id = 0;
		rc = db_query_int(c,
			"INSERT INTO search_docs (kind, ref_id, parent_id, agency_id, kecamatan_id, program_id, "
			"state, heading, title, body, tags, url, updated_at) "
			"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			DB_ARGS(DB_TEXT(d->kind), DB_INT(d->ref_id), opt_id(d->parent_id), opt_id(d->agency_id),
			        opt_id(d->kecamatan_id), opt_id(d->program_id), DB_TEXT(d->state),
			        DB_TEXT(d->heading), DB_TEXT(d->title), DB_TEXT(d->body), DB_TEXT(tags),
			        DB_TEXT(d->url), DB_TEXT(d->updated_at)), &id);
		rc = rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_ERROR : rc;
		if (rc == DB_OK && fts_by_row())
			rc = fts_insert(c, id, now);
		return rc;
	}
	if (rc != DB_ROW)
		return rc;
	int64_t id = int_of(old, "id");
	bool text = same_text(old, "title", d->title) && same_text(old, "body", d->body) &&
	            same_text(old, "tags", tags);
	if (text && same_id(old, "parent_id", d->parent_id) && same_id(old, "agency_id", d->agency_id) &&
	    same_id(old, "kecamatan_id", d->kecamatan_id) && same_id(old, "program_id", d->program_id) &&
	    same_text(old, "state", d->state) && same_text(old, "heading", d->heading) &&
	    same_text(old, "url", d->url) && same_text(old, "updated_at", d->updated_at)) {
		json_decref(old);
		return DB_OK; /* as it is: nothing written, no version raised */
	}
	rc = DB_OK;
	if (!text && fts_by_row())
		rc = fts_delete(c, id, text_of_row(old));
	if (rc == DB_OK)
		rc = db_exec(c,
			"UPDATE search_docs SET parent_id = ?, agency_id = ?, kecamatan_id = ?, program_id = ?, "
			"state = ?, heading = ?, title = ?, body = ?, tags = ?, url = ?, updated_at = ? "
			"WHERE id = ?",
			DB_ARGS(opt_id(d->parent_id), opt_id(d->agency_id), opt_id(d->kecamatan_id),
			        opt_id(d->program_id), DB_TEXT(d->state), DB_TEXT(d->heading),
			        DB_TEXT(d->title), DB_TEXT(d->body), DB_TEXT(tags), DB_TEXT(d->url),
			        DB_TEXT(d->updated_at), DB_INT(id)), NULL);
	if (rc == DB_OK && !text && fts_by_row())
		rc = fts_insert(c, id, now);
	json_decref(old);
	return rc;
}

/* --- the four kinds ----------------------------------------------------- */

int search_index_program(db *c, int64_t id)
{
	json_t *p = NULL;
	int rc = db_query_row_json(c,
		"SELECT id, title, summary, status, agency_id, kecamatan_id, updated_at FROM programs "
		"WHERE id = ?", DB_ARGS(DB_INT(id)), &p);
	if (rc == DB_DONE)
		return drop_ref(c, "program", id);
	if (rc != DB_ROW)
		return rc;
	arena *a = arena_new(4096);
	buf title, body;
	struct doc d = {
		.kind = "program", .ref_id = id, .agency_id = int_of(p, "agency_id"),
		.kecamatan_id = int_of(p, "kecamatan_id"), .program_id = id,
		.state = text_of(p, "status"), .title = clean(&title, text_of(p, "title"), false),
		.body = clean(&body, text_of(p, "summary"), true),
		.url = a ? format_id_slug(a, "/program", id, text_of(p, "title")) : NULL,
		.updated_at = text_of(p, "updated_at"),
	};
	d.heading = d.title;
	rc = d.url && !buf_failed(&title) && !buf_failed(&body) ? put(c, &d) : DB_ERROR;
	if (rc == DB_ERROR && d.url == NULL)
		log_error(NULL, "search: out of memory indexing programme %lld", (long long)id);
	buf_free(&title);
	buf_free(&body);
	arena_free(a);
	json_decref(p);
	return rc;
}

int search_index_agency(db *c, int64_t id)
{
	json_t *g = NULL;
	int rc = db_query_row_json(c,
		"SELECT id, slug, name, short_name, kind, description, updated_at FROM agencies WHERE id = ?",
		DB_ARGS(DB_INT(id)), &g);
	if (rc == DB_DONE)
		return drop_ref(c, "dinas", id);
	if (rc != DB_ROW)
		return rc;
	arena *a = arena_new(4096);
	const char *name = text_of(g, "name"), *shortname = text_of(g, "short_name");
	/* the short name ("Dinkes") is searched too */
	const char *both = a == NULL ? NULL : shortname[0] && strcmp(shortname, name) != 0
		? arena_printf(a, "%s (%s)", name, shortname) : name;
	buf heading, title, body;
	struct doc d = {
		.kind = "dinas", .ref_id = id, .agency_id = id,
		.kecamatan_id = strcmp(text_of(g, "kind"), "kecamatan") == 0 ? id : 0,
		.state = "", .heading = clean(&heading, name, false),
		.title = clean(&title, both ? both : "", false),
		.body = clean(&body, text_of(g, "description"), true),
		.url = a ? arena_printf(a, "/dinas/%s", text_of(g, "slug")) : NULL,
		.updated_at = text_of(g, "updated_at"),
	};
	bool ok = both && d.url && !buf_failed(&heading) && !buf_failed(&title) && !buf_failed(&body);
	rc = ok ? put(c, &d) : DB_ERROR;
	if (!ok)
		log_error(NULL, "search: out of memory indexing department %lld", (long long)id);
	buf_free(&heading);
	buf_free(&title);
	buf_free(&body);
	arena_free(a);
	json_decref(g);
	return rc;
}

/* The answers of question q (its row), each as a row of its own, and the
 * rows of answers no longer shown removed. */
static int index_answers(db *c, arena *a, json_t *q, const char *url)
{
	int64_t qid = int_of(q, "id");
	json_t *answers = NULL, *stored = NULL;
	int rc = db_query_json(c,
		"SELECT id, agency_id, body, hidden, updated_at FROM answers WHERE question_id = ? ORDER BY id",
		DB_ARGS(DB_INT(qid)), &answers);
	if (rc == DB_OK)
		rc = db_query_json(c,
			"SELECT id, ref_id, title, body, tags FROM search_docs "
			"WHERE kind = 'jawaban' AND parent_id = ?",
			DB_ARGS(DB_INT(qid)), &stored);
	size_t i, k;
	json_t *r, *s;
	json_array_foreach(answers, i, r)
	{
		if (rc != DB_OK)
			break;
		int64_t aid = int_of(r, "id");
		if (int_of(r, "hidden") != 0)
			continue;
		buf body;
		struct doc d = {
			.kind = "jawaban", .ref_id = aid, .parent_id = qid, .agency_id = int_of(r, "agency_id"),
			.kecamatan_id = int_of(q, "kecamatan_id"), .program_id = int_of(q, "program_id"),
			.state = text_of(q, "state"), .heading = text_of(q, "clean_title"), .title = "",
			.body = clean(&body, text_of(r, "body"), true),
			.url = arena_printf(a, "%s#jawaban-%lld", url, (long long)aid),
			.updated_at = text_of(r, "updated_at"),
		};
		rc = d.url && !buf_failed(&body) ? put(c, &d) : DB_ERROR;
		buf_free(&body);
	}
	/* stored rows of answers that are hidden or gone */
	json_array_foreach(stored, k, s)
	{
		if (rc != DB_OK)
			break;
		bool shown = false;
		json_array_foreach(answers, i, r)
		{
			if (int_of(r, "id") == int_of(s, "ref_id") && int_of(r, "hidden") == 0)
				shown = true;
		}
		if (!shown)
			rc = drop_row(c, int_of(s, "id"), text_of_row(s));
	}
	json_decref(answers);
	json_decref(stored);
	return rc;
}

int search_index_question(db *c, int64_t question_id)
{
	json_t *q = NULL;
	int rc = db_query_row_json(c,
		"SELECT id, title, body, state, agency_id, kecamatan_id, program_id, updated_at FROM questions "
		"WHERE id = ? AND " QUESTION_PUBLIC, DB_ARGS(DB_INT(question_id)), &q);
	if (rc == DB_DONE) { /* gone, or not public (any more) */
		rc = drop_ref(c, "pertanyaan", question_id);
		if (rc == DB_OK)
			rc = drop_where(c, "SELECT id, title, body, tags FROM search_docs "
			                   "WHERE kind = 'jawaban' AND parent_id = ?", question_id);
		return rc;
	}
	if (rc != DB_ROW)
		return rc;
	arena *a = arena_new(4096);
	buf title, body;
	struct doc d = {
		.kind = "pertanyaan", .ref_id = question_id, .agency_id = int_of(q, "agency_id"),
		.kecamatan_id = int_of(q, "kecamatan_id"), .program_id = int_of(q, "program_id"),
		.state = text_of(q, "state"), .title = clean(&title, text_of(q, "title"), false),
		.body = clean(&body, text_of(q, "body"), true),
		.url = a ? format_id_slug(a, "/pertanyaan", question_id, text_of(q, "title")) : NULL,
		.updated_at = text_of(q, "updated_at"),
	};
	d.heading = d.title;
	rc = d.url && !buf_failed(&title) && !buf_failed(&body) ? put(c, &d) : DB_ERROR;
	if (rc == DB_OK) {
		json_object_set_new(q, "clean_title", json_string(d.title));
		rc = index_answers(c, a, q, d.url);
	}
	buf_free(&title);
	buf_free(&body);
	arena_free(a);
	json_decref(q);
	return rc;
}

/* --- everything ------------------------------------------------------- */

/* The ids sql selects, into a malloc'd array (*ids, *n). */
static int ids_of(db *c, const char *sql, int64_t **ids, size_t *n)
{
	*ids = NULL;
	*n = 0;
	db_stmt *st = db_prepare(c, sql);
	if (st == NULL)
		return DB_ERROR;
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			size_t more = cap ? cap * 2 : 1024;
			int64_t *grown = more > SIZE_MAX / sizeof(int64_t) ? NULL
			                 : realloc(*ids, more * sizeof(int64_t));
			if (grown == NULL) {
				rc = DB_ERROR;
				break;
			}
			*ids = grown;
			cap = more;
		}
		(*ids)[(*n)++] = db_column_int(st, 0);
	}
	db_reset(st);
	return rc == DB_DONE ? DB_OK : rc;
}

static int each(db *c, const char *sql, int (*fn)(db *, int64_t))
{
	int64_t *ids = NULL;
	size_t n = 0;
	int rc = ids_of(c, sql, &ids, &n);
	for (size_t i = 0; rc == DB_OK && i < n; i++)
		rc = fn(c, ids[i]);
	free(ids);
	return rc;
}

int search_reindex(db *c)
{
	/* One transaction writes every row: with SQLite's default 2 MB of page
	 * cache it would spill and write the same pages again and again, and
	 * each row's statement journal (for its trigger) would be a file.
	 * 200,000 rows: 100 s before, 7 s with both in memory. */
	if (sqlite()) {
		db_exec(c, "PRAGMA cache_size = -131072", DB_NOARGS, NULL);
		db_exec(c, "PRAGMA temp_store = MEMORY", DB_NOARGS, NULL);
	}
	int rc = db_begin(c, true);
	if (rc == DB_OK)
		rc = db_exec(c, "DELETE FROM search_docs", DB_NOARGS, NULL);
	bulk = true;
	if (rc == DB_OK)
		rc = each(c, "SELECT id FROM agencies ORDER BY id", search_index_agency);
	if (rc == DB_OK)
		rc = each(c, "SELECT id FROM programs ORDER BY id", search_index_program);
	if (rc == DB_OK)
		rc = each(c, "SELECT id FROM questions WHERE " QUESTION_PUBLIC " ORDER BY id",
		          search_index_question);
	bulk = false;
	/* the FTS5 index from search_docs, once */
	if (rc == DB_OK && sqlite())
		rc = db_exec(c, "INSERT INTO search_fts (search_fts) VALUES ('rebuild')", DB_NOARGS, NULL);
	if (rc == DB_OK)
		rc = db_commit(c);
	if (rc != DB_OK)
		db_rollback(c);
	if (sqlite()) {
		db_exec(c, "PRAGMA cache_size = -2000", DB_NOARGS, NULL);
		db_exec(c, "PRAGMA temp_store = DEFAULT", DB_NOARGS, NULL);
	}
	return rc;
}

int search_reindex_if_empty(db *c)
{
	int64_t any = 0;
	int rc = db_query_int(c, "SELECT count(*) FROM (SELECT 1 FROM search_docs LIMIT 1) x",
	                      DB_NOARGS, &any);
	if (rc != DB_ROW || any != 0)
		return rc == DB_ROW ? DB_OK : rc;
	rc = db_query_int(c,
		"SELECT (SELECT count(*) FROM (SELECT 1 FROM agencies LIMIT 1) a) + "
		"(SELECT count(*) FROM (SELECT 1 FROM programs LIMIT 1) p)", DB_NOARGS, &any);
	if (rc != DB_ROW || any == 0)
		return rc == DB_ROW ? DB_OK : rc;
	log_info("search: the index is empty; indexing everything");
	return search_reindex(c);
}

int search_cli_reindex(db *c)
{
	int rc = c ? search_reindex(c) : DB_UNAVAILABLE;
	if (rc != DB_OK) {
		log_error(NULL, "search reindex failed: %s", c ? db_errmsg(c) : "no database connection");
		return 1;
	}
	int64_t n = 0;
	db_query_int(c, "SELECT count(*) FROM search_docs", DB_NOARGS, &n);
	log_info("search: %lld documents indexed", (long long)n);
	return 0;
}
