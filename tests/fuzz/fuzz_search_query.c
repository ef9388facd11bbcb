/*
 * fuzz_search_query.c - fuzzes search_query_parse and the texts it gives
 * each engine (src/search/query.c), which read whatever a person types
 * into the search box.
 *
 * Words: at most SEARCH_MAX_WORDS, none empty or past SEARCH_MAX_WORD
 * bytes, valid UTF-8 without NUL, no ASCII but lower-case letters and
 * digits, no word twice; parsing the words again gives the same words.
 * The FTS5 text is exactly the words, each in double quotes, joined by a
 * space (or " OR "); the tsquery text the words joined by " & " (or
 * " | "). And the FTS5 text, run against a real FTS5 table with our
 * tokenizer, is never an error: no input reaches the engine as syntax.
 */
#include <sqlite3.h>

#include "fuzz.h"
#include "search/query.h"
#include "search/search.h"

static sqlite3 *conn;
static sqlite3_stmt *match;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	CHECK(search_init() == 0);
	CHECK(sqlite3_open(":memory:", &conn) == SQLITE_OK);
	CHECK(sqlite3_exec(conn,
		"CREATE VIRTUAL TABLE t USING fts5 (title, body, tokenize = 'indonesian remove_diacritics 2');"
		"INSERT INTO t VALUES ('Pembangunan Jalan', 'Perbaikan jembatan rusak di Tambun');"
		"INSERT INTO t VALUES ('Café', 'near or and not 2026');",
		NULL, NULL, NULL) == SQLITE_OK);
	CHECK(sqlite3_prepare_v2(conn, "SELECT rowid, highlight(t, 0, char(1), char(2)), "
	                             "snippet(t, 1, char(1), char(2), '…', 8) FROM t WHERE t MATCH ?", -1, &match, NULL) == SQLITE_OK);
	return 0;
}

/* text is the words of q, each between open and close, joined by sep. */
static void check_join(const search_query *q, const char *text, size_t len, const char *open,
                       const char *close, const char *sep)
{
	size_t o = 0;
	CHECK(strlen(text) == len && len < SEARCH_QUERY_TEXT);
	for (size_t i = 0; i < q->nwords; i++) {
		const char *parts[] = { i ? sep : "", open, q->words[i], close };
		for (size_t k = 0; k < 4; k++) {
			size_t n = strlen(parts[k]);
			CHECK(o + n <= len && memcmp(text + o, parts[k], n) == 0);
			o += n;
		}
	}
	CHECK(o == len);
}

static void check_engine(const char *fts)
{
	sqlite3_reset(match);
	CHECK(sqlite3_bind_text(match, 1, fts, -1, SQLITE_STATIC) == SQLITE_OK);
	int rc;
	while ((rc = sqlite3_step(match)) == SQLITE_ROW)
		;
	if (rc != SQLITE_DONE)
		fprintf(stderr, "FTS5 refused %s: %s\n", fts, sqlite3_errmsg(conn));
	CHECK(rc == SQLITE_DONE);
	sqlite3_reset(match);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	search_query q;
	search_query_parse((const char *)data, size, &q);
	CHECK(q.nwords <= SEARCH_MAX_WORDS);
	CHECK(q.nwords > 0 || size > 0 || !q.cut);
	for (size_t i = 0; i < q.nwords; i++) {
		const char *w = q.words[i];
		size_t n = strlen(w);
		CHECK(n > 0 && n <= SEARCH_MAX_WORD && fuzz_utf8_ok(w, n));
		for (size_t k = 0; k < n; k++) {
			unsigned char c = (unsigned char)w[k];
			CHECK(c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
		}
		for (size_t j = 0; j < i; j++)
			CHECK(strcmp(q.words[j], w) != 0);
	}

	char fts[SEARCH_QUERY_TEXT], tsq[SEARCH_QUERY_TEXT];
	for (int any = 0; any < 2; any++) {
		size_t nf = search_query_fts5(&q, any, fts);
		size_t nt = search_query_tsquery(&q, any, tsq);
		CHECK((nf == 0) == (q.nwords == 0) && (nt == 0) == (q.nwords == 0));
		check_join(&q, fts, nf, "\"", "\"", any ? " OR " : " ");
		check_join(&q, tsq, nt, "", "", any ? " | " : " & ");
		if (nf > 0)
			check_engine(fts);
	}

	/* the words, typed again, are the same words */
	char again[SEARCH_QUERY_TEXT];
	size_t o = 0;
	for (size_t i = 0; i < q.nwords; i++) {
		size_t n = strlen(q.words[i]);
		if (i)
			again[o++] = ' ';
		memcpy(again + o, q.words[i], n);
		o += n;
	}
	search_query r;
	search_query_parse(again, o, &r);
	CHECK(r.nwords == q.nwords && !r.cut);
	for (size_t i = 0; i < q.nwords; i++)
		CHECK(strcmp(r.words[i], q.words[i]) == 0);
	return 0;
}
