/*
 * store.c - the search statements (see store.h). One function per need
 * with two bodies, chosen by db_engine(): FTS5 on SQLite, a tsvector with
 * a GIN index on PostgreSQL. Statement texts are fixed fragments, one per
 * combination of the filters that are set (db/variants.h); the words
 * searched for are always a bound value, already reduced to quoted words
 * by query.c.
 *
 * Ranking: BM25 over title and body, the title weighted 4 to 1
 * (SQLite); cover density over the title (weight A) and body (B),
 * normalised by length (PostgreSQL). Ties: the older row first.
 *
 * The page's rows are checked once more against the question they come
 * from (still public, the answer not hidden), so a write that forgot to
 * update the index shows nothing it should not; such a row is logged.
 */
#include "search/store.h"

#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "db/variants.h"

/* A question's rows are shown only while it is public (index.c's rule). */
#define STILL_PUBLIC(t)                                                                      \
	"(" t ".kind IN ('program','dinas') OR EXISTS (SELECT 1 FROM questions q "             \
	"WHERE q.id = coalesce(" t ".parent_id, " t ".ref_id) AND q.listed = 1 "               \
	"AND q.hidden = 0 AND q.state IN ('terbuka','dijawab','diteruskan','ditutup'))) "      \
	"AND (" t ".kind <> 'jawaban' OR EXISTS (SELECT 1 FROM answers s "                     \
	"WHERE s.id = " t ".ref_id AND s.hidden = 0)) "

static const char *const filter_terms[] = {
	"AND d.kind = ? ", "AND d.agency_id = ? ", "AND d.kecamatan_id = ? ",
	"AND d.program_id = ? ", "AND d.state = ? ",
};
#define NFILTERS 5

enum shape { LITE_RANKED, LITE_COUNT, PG_PAGE, PG_COUNT, SHAPES };
static const struct variant_shape shapes[SHAPES] = {
	[LITE_RANKED] = {
		"SELECT d.id FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid "
		"WHERE search_fts MATCH ? ",
		"ORDER BY bm25(search_fts, 4.0, 1.0), d.id LIMIT ? OFFSET ?" },
	[LITE_COUNT] = {
		"SELECT count(*) FROM (SELECT 1 FROM search_fts JOIN search_docs d "
		"ON d.id = search_fts.rowid WHERE search_fts MATCH ? ",
		"LIMIT ?) x" },
	[PG_PAGE] = {
		"SELECT r.id, r.kind, r.ref_id, r.url, r.state, r.heading, r.updated_at, "
		"a.name AS agency_name, ts_headline('indonesian', r.title, r.q, ?) AS title_marked, "
		"ts_headline('indonesian', r.body, r.q, ?) AS body_marked FROM "
		"(SELECT d.id, d.kind, d.ref_id, d.parent_id, d.url, d.state, d.heading, d.title, d.body, "
		"d.updated_at, d.agency_id, x.q, ts_rank_cd(d.tsv, x.q, 1) AS rank "
		"FROM search_docs d, to_tsquery('indonesian', ?) x(q) WHERE d.tsv @@ x.q ",
		"ORDER BY rank DESC, d.id LIMIT ? OFFSET ?) r LEFT JOIN agencies a ON a.id = r.agency_id "
		"WHERE " STILL_PUBLIC("r") "ORDER BY r.rank DESC, r.id" },
	[PG_COUNT] = {
		"SELECT count(*) FROM (SELECT 1 FROM search_docs d, to_tsquery('indonesian', ?) x(q) "
		"WHERE d.tsv @@ x.q ",
		"LIMIT ?) c" },
};
static sql_variants statements = { shapes, SHAPES, filter_terms, NFILTERS, NULL };

/* The marked text of a page's rows on SQLite: the rows of the ids (a JSON
 * array) that the query matches, in any order. */
static const char lite_page_sql[] =
	"SELECT d.id, d.kind, d.ref_id, d.url, d.state, d.heading, d.updated_at, "
	"a.name AS agency_name, highlight(search_fts, 0, char(1), char(2)) AS title_marked, "
	"snippet(search_fts, 1, char(1), char(2), '…', 24) AS body_marked "
	"FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid "
	"LEFT JOIN agencies a ON a.id = d.agency_id "
	"WHERE search_fts MATCH ? AND search_fts.rowid IN (SELECT value FROM json_each(?)) AND " STILL_PUBLIC("d");

/* ts_headline's options: our marks, a title whole, a body's best two
 * fragments. Bound, so the marks need no quoting in SQL. */
static const char pg_title_opts[] = "HighlightAll=true, StartSel=\x01, StopSel=\x02";
static const char pg_body_opts[] =
	"StartSel=\x01, StopSel=\x02, MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=2, "
	"FragmentDelimiter=\" … \"";

static unsigned active(const search_filter *f)
{
	return (f->kind[0] ? 1u : 0) | (f->agency_id ? 2u : 0) | (f->kecamatan_id ? 4u : 0) |
	       (f->program_id ? 8u : 0) | (f->state[0] ? 16u : 0);
}

/* The engine's query text, then the filters' binds, into args; returns how many. */
static size_t binds(const search_filter *f, const char *match, db_val *args)
{
	size_t n = 0;
	args[n++] = DB_TEXT(match);
	if (f->kind[0])
		args[n++] = DB_TEXT(f->kind);
	if (f->agency_id)
		args[n++] = DB_INT(f->agency_id);
	if (f->kecamatan_id)
		args[n++] = DB_INT(f->kecamatan_id);
	if (f->program_id)
		args[n++] = DB_INT(f->program_id);
	if (f->state[0])
		args[n++] = DB_TEXT(f->state);
	return n;
}

static int count(db *c, enum shape shape, const search_filter *f, const char *match, int64_t *n)
{
	const char *sql = sql_variant(&statements, shape, active(f));
	if (sql == NULL)
		return DB_ERROR;
	db_val args[NFILTERS + 2];
	size_t k = binds(f, match, args);
	args[k++] = DB_INT(SEARCH_COUNT_MAX + 1);
	int rc = db_query_int(c, sql, args, k, n);
	return rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_ERROR : rc;
}

static int find_sqlite(db *c, const char *match, const search_filter *f, json_t **rows)
{
	const char *sql = sql_variant(&statements, LITE_RANKED, active(f));
	if (sql == NULL)
		return DB_ERROR;
	db_val args[NFILTERS + 3];
	size_t k = binds(f, match, args);
	args[k++] = DB_INT(SEARCH_PAGE + 1);
	args[k++] = DB_INT((int64_t)(f->page - 1) * SEARCH_PAGE);
	json_t *ids = NULL, *marked = NULL;
	int rc = db_query_json(c, sql, args, k, &ids);
	/* the ids as a JSON array for json_each: at most a page and one */
	char list[(SEARCH_PAGE + 1) * 22 + 3];
	size_t o = 0;
	list[o++] = '[';
	size_t i;
	json_t *r;
	json_array_foreach(ids, i, r)
	{
		if (i > SEARCH_PAGE)
			break;
		int w = snprintf(list + o, sizeof(list) - o, "%s%lld", i ? "," : "",
		                 (long long)json_integer_value(json_object_get(r, "id")));
		if (w < 0 || (size_t)w >= sizeof(list) - o - 1)
			break;
		o += (size_t)w;
	}
	list[o++] = ']';
	list[o] = '\0';
	if (rc == DB_OK)
		rc = db_query_json(c, lite_page_sql, DB_ARGS(DB_TEXT(match), DB_TEXT(list)), &marked);
	if (rc != DB_OK) {
		json_decref(ids);
		json_decref(marked);
		return rc;
	}
	/* in rank order */
	json_t *out = json_array();
	size_t k2;
	json_t *m;
	json_array_foreach(ids, i, r)
	{
		json_int_t id = json_integer_value(json_object_get(r, "id"));
		bool found = false;
		json_array_foreach(marked, k2, m)
		{
			if (json_integer_value(json_object_get(m, "id")) == id) {
				json_array_append(out, m);
				found = true;
				break;
			}
		}
		if (!found)
			log_error(NULL, "search: document %lld is not public any more; "
			                "its question was changed without search_index_question",
			          (long long)id);
	}
	json_decref(ids);
	json_decref(marked);
	*rows = out;
	return DB_OK;
}

static int find_pg(db *c, const char *match, const search_filter *f, json_t **rows)
{
	const char *sql = sql_variant(&statements, PG_PAGE, active(f));
	if (sql == NULL)
		return DB_ERROR;
	db_val args[NFILTERS + 5];
	args[0] = DB_TEXT(pg_title_opts);
	args[1] = DB_TEXT(pg_body_opts);
	size_t k = 2 + binds(f, match, args + 2);
	args[k++] = DB_INT(SEARCH_PAGE + 1);
	args[k++] = DB_INT((int64_t)(f->page - 1) * SEARCH_PAGE);
	return db_query_json(c, sql, args, k, rows);
}

int search_store_find(db *c, const search_query *q, const search_filter *f, json_t **rows,
                      int64_t *n)
{
	char match[SEARCH_QUERY_TEXT];
	*rows = NULL;
	*n = 0;
	if (db_engine() == DB_SQLITE) {
		if (search_query_fts5(q, false, match) == 0)
			return DB_ERROR;
		int rc = count(c, LITE_COUNT, f, match, n);
		return rc == DB_OK ? find_sqlite(c, match, f, rows) : rc;
	}
	if (search_query_tsquery(q, false, match) == 0)
		return DB_ERROR;
	int rc = count(c, PG_COUNT, f, match, n);
	return rc == DB_OK ? find_pg(c, match, f, rows) : rc;
}

int search_store_similar(db *c, const search_query *q, int limit, json_t **out)
{
	char match[SEARCH_QUERY_TEXT];
	*out = NULL;
	if (db_engine() == DB_SQLITE) {
		if (search_query_fts5(q, true, match) == 0)
			return DB_ERROR;
		return db_query_json(c,
			"SELECT r.ref_id AS id, r.heading AS title, r.url, r.state, q.answers FROM "
			"(SELECT d.ref_id, d.heading, d.url, d.state, bm25(search_fts, 4.0, 1.0) AS rank "
			"FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid "
			"WHERE search_fts MATCH ? AND d.kind = 'pertanyaan' ORDER BY rank, d.id LIMIT ?) r "
			"JOIN questions q ON q.id = r.ref_id AND q.listed = 1 AND q.hidden = 0 "
			"ORDER BY r.rank, r.ref_id",
			DB_ARGS(DB_TEXT(match), DB_INT(limit)), out);
	}
	if (search_query_tsquery(q, true, match) == 0)
		return DB_ERROR;
	return db_query_json(c,
		"SELECT r.ref_id AS id, r.heading AS title, r.url, r.state, q.answers FROM "
		"(SELECT d.ref_id, d.heading, d.url, d.state, ts_rank_cd(d.tsv, x.q, 1) AS rank "
		"FROM search_docs d, to_tsquery('indonesian', ?) x(q) "
		"WHERE d.tsv @@ x.q AND d.kind = 'pertanyaan' ORDER BY rank DESC, d.ref_id LIMIT ?) r "
		"JOIN questions q ON q.id = r.ref_id AND q.listed = 1 AND q.hidden = 0 "
		"ORDER BY r.rank DESC, r.ref_id",
		DB_ARGS(DB_TEXT(match), DB_INT(limit)), out);
}
