/*
 * store.c - the search statements (see store.h). One function per need
 * with two bodies, chosen by db_engine(): FTS5 on SQLite, a tsvector with
 * a GIN index on PostgreSQL. Statement texts are fixed fragments, one per
 * combination of the filters that are set (db/variants.h); the words
 * searched for are always a bound value, already reduced to quoted words
 * by query.c.
 *
 * Ranking: BM25 over title and body, the title weighted 4 to 1, among
 * the newest 2,000 matches (SQLite, search_rank in rank.c); cover density over the title (weight
 * A) and body (B), normalised by length (PostgreSQL). Ties: the older row
 * first.
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

/* SQLite: the filters are words of the tags column (index.c), so a
 * filtered search is one MATCH that FTS5 answers from its own index:
 * {title body} : ("jalan") AND tags : ("k1" "c12"). search_rank (rank.c)
 * scores the words only (bm25() would also read the filter words' long
 * doclists for their weights) and only for the newest RANK_WINDOW
 * matches: scoring a word that is in 40,000 documents costs tens of
 * milliseconds, the newest 2,000 a few. Binds: the number of words, then
 * the MATCH text. */
#define RANK_WINDOW "2000" /* more than SEARCH_COUNT_MAX: the window also counts */
#define LITE_WINDOW \
	"(SELECT search_fts.rowid AS id, search_rank(search_fts, ?) AS score FROM search_fts " \
	"WHERE search_fts MATCH ? ORDER BY search_fts.rowid DESC LIMIT " RANK_WINDOW ")"
static const char lite_ranked_sql[] =
	"SELECT id, count(*) OVER () AS n FROM " LITE_WINDOW " ORDER BY score, id LIMIT ? OFFSET ?";
static const char lite_count_sql[] =
	"SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH ? LIMIT ?) x";

/* PostgreSQL: the filters are columns, one statement text per
 * combination of those set. */
enum shape { PG_PAGE, PG_COUNT, SHAPES };
static const struct variant_shape shapes[SHAPES] = {
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

/* One row of a page with its marked text, on SQLite: a lookup by rowid
 * within the match (a list of rowids through json_each would make FTS5
 * walk every match instead). */
static const char lite_row_sql[] =
	"SELECT d.id, d.kind, d.ref_id, d.url, d.state, d.heading, d.updated_at, "
	"a.name AS agency_name, highlight(search_fts, 0, char(1), char(2)) AS title_marked, "
	"snippet(search_fts, 1, char(1), char(2), '…', 24) AS body_marked "
	"FROM search_fts CROSS JOIN search_docs d ON d.id = search_fts.rowid "
	"LEFT JOIN agencies a ON a.id = d.agency_id "
	"WHERE search_fts MATCH ? AND search_fts.rowid = ? AND " STILL_PUBLIC("d");

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

int search_tag_kind(const char *kind)
{
	static const char *const kinds[] = { "pertanyaan", "jawaban", "program", "dinas" };
	for (int i = 0; i < 4; i++)
		if (kind && strcmp(kind, kinds[i]) == 0)
			return i + 1;
	return 0;
}

int search_tag_state(const char *state)
{
	static const char *const states[] = {
		"terbuka", "dijawab", "diteruskan", "ditutup",                      /* questions */
		"direncanakan", "berjalan", "selesai", "ditunda", "dibatalkan",     /* programmes */
	};
	for (int i = 0; i < (int)(sizeof(states) / sizeof(states[0])); i++)
		if (state && strcmp(state, states[i]) == 0)
			return i + 1;
	return 0;
}

/* The filters that are set as tags (index.c, tags_of): kind and state
 * ride on each of the other filters ("c34k1s2"), or stand alone as one
 * tag ("k1s2") when no other is set; so every list FTS5 intersects is as
 * short as one filter makes it. */
static bool lite_tags(const search_filter *f, char *out, size_t n)
{
	char ks[16] = "";
	int o = 0;
	if (f->kind[0])
		o = snprintf(ks, sizeof(ks), "k%d", search_tag_kind(f->kind));
	if (f->state[0] && o >= 0 && (size_t)o < sizeof(ks))
		snprintf(ks + o, sizeof(ks) - (size_t)o, "s%d", search_tag_state(f->state));
	const struct { char letter; int64_t id; } ids[] = {
		{ 'a', f->agency_id }, { 'c', f->kecamatan_id }, { 'p', f->program_id },
	};
	int t = 0;
	out[0] = '\0';
	for (size_t i = 0; i < 3 && t >= 0 && (size_t)t < n; i++)
		if (ids[i].id)
			t += snprintf(out + t, n - (size_t)t, "%s\"%c%lld%s\"", t ? " " : "", ids[i].letter,
			              (long long)ids[i].id, ks);
	if (t == 0 && ks[0])
		t = snprintf(out, n, "\"%s\"", ks);
	return t >= 0 && (size_t)t < n;
}

/* The FTS5 MATCH text: the words in the searched columns, and the filters
 * that are set as tags. Only quoted words and fixed text. */
static bool lite_match(const search_query *q, bool any, const search_filter *f, char *out, size_t n)
{
	char words[SEARCH_QUERY_TEXT], tags[128] = "";
	if (search_query_fts5(q, any, words) == 0)
		return false;
	if (f != NULL && !lite_tags(f, tags, sizeof(tags)))
		return false;
	int len = tags[0] ? snprintf(out, n, "{title body} : (%s) AND tags : (%s)", words, tags)
	                  : snprintf(out, n, "{title body} : (%s)", words);
	return len > 0 && (size_t)len < n;
}

/* PostgreSQL: the engine's query text, then the filters' binds, into args;
 * returns how many. */
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

static int first_int(int rc)
{
	return rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_ERROR : rc;
}

/* The page's rows and how many match: the window of the newest matches
 * is longer than what is counted exactly, so its length is the count; only
 * a page past the end, which has no row to carry it, counts apart. */
static int find_sqlite(db *c, size_t nwords, const char *match, const search_filter *f,
                       json_t **rows, int64_t *n)
{
	json_t *ids = NULL;
	int rc = db_query_json(c, lite_ranked_sql, DB_ARGS(DB_INT(nwords), DB_TEXT(match),
	                       DB_INT(SEARCH_PAGE + 1), DB_INT((int64_t)(f->page - 1) * SEARCH_PAGE)), &ids);
	if (rc != DB_OK)
		return rc;
	if (json_array_size(ids) > 0)
		*n = json_integer_value(json_object_get(json_array_get(ids, 0), "n"));
	else if (f->page > 1)
		rc = first_int(db_query_int(c, lite_count_sql,
		                            DB_ARGS(DB_TEXT(match), DB_INT(SEARCH_COUNT_MAX + 1)), n));
	if (*n > SEARCH_COUNT_MAX)
		*n = SEARCH_COUNT_MAX + 1;
	json_t *out = json_array();
	size_t i;
	json_t *r;
	json_array_foreach(ids, i, r)
	{
		if (rc != DB_OK)
			break;
		json_int_t id = json_integer_value(json_object_get(r, "id"));
		json_t *row = NULL;
		rc = db_query_row_json(c, lite_row_sql, DB_ARGS(DB_TEXT(match), DB_INT(id)), &row);
		if (rc == DB_ROW) {
			json_array_append_new(out, row);
			rc = DB_OK;
		} else if (rc == DB_DONE) {
			log_error(NULL, "search: document %lld is not public any more; "
			                "its question was changed without search_index_question",
			          (long long)id);
			rc = DB_OK;
		}
	}
	json_decref(ids);
	if (rc != DB_OK) {
		json_decref(out);
		return rc;
	}
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
	char match[SEARCH_QUERY_TEXT + 256];
	*rows = NULL;
	*n = 0;
	if (db_engine() == DB_SQLITE) {
		if (!lite_match(q, false, f, match, sizeof(match)))
			return DB_ERROR;
		return find_sqlite(c, q->nwords, match, f, rows, n);
	}
	if (search_query_tsquery(q, false, match) == 0)
		return DB_ERROR;
	unsigned mask = active(f);
	const char *count_sql = sql_variant(&statements, PG_COUNT, mask);
	if (count_sql == NULL)
		return DB_ERROR;
	db_val args[NFILTERS + 2];
	size_t k = binds(f, match, args);
	args[k++] = DB_INT(SEARCH_COUNT_MAX + 1);
	int rc = first_int(db_query_int(c, count_sql, args, k, n));
	return rc == DB_OK ? find_pg(c, match, f, rows) : rc;
}

int search_store_similar(db *c, const search_query *q, int limit, json_t **out)
{
	char match[SEARCH_QUERY_TEXT];
	*out = NULL;
	if (db_engine() == DB_SQLITE) {
		static const search_filter questions = { .kind = "pertanyaan", .state = "" };
		char m[SEARCH_QUERY_TEXT + 256];
		if (!lite_match(q, true, &questions, m, sizeof(m)))
			return DB_ERROR;
		return db_query_json(c,
			"SELECT d.ref_id AS id, d.heading AS title, d.url, d.state, q.answers FROM "
			"(SELECT id, score FROM " LITE_WINDOW " ORDER BY score, id LIMIT ?) r "
			"JOIN search_docs d ON d.id = r.id "
			"JOIN questions q ON q.id = d.ref_id AND q.listed = 1 AND q.hidden = 0 "
			"ORDER BY r.score, r.id",
			DB_ARGS(DB_INT(q->nwords), DB_TEXT(m), DB_INT(limit)), out);
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
