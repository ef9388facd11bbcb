/*
 * search.h - one search over questions, answers, programmes and
 * departments, with Indonesian stemming on both engines.
 *
 * The index is the table search_docs (migration 008): one row per thing
 * found, with the filters' columns and the text to search. It is kept by
 * application code, never by SQL triggers: whoever writes a question,
 * answer, programme or department calls the search_index_* function for
 * it in the same transaction (a trigger writing SQLite's full-text table
 * would need our tokenizer in every process that edits rows, the sqlite3
 * shell included). The full-text part is engine-specific: on SQLite an
 * FTS5 table over search_docs whose tokenizer stems with Snowball's
 * Indonesian stemmer (tokenizer.c); on PostgreSQL a stored tsvector of the
 * built-in 'indonesian' configuration (the same Snowball algorithm).
 *
 * Not for: the pages themselves (web.h) or the query text a person types
 * (query.h); this is what other capabilities call.
 */
#ifndef TERBUKA_SEARCH_H
#define TERBUKA_SEARCH_H

#include <jansson.h>
#include <stdint.h>

#include "db/db.h"

/* Makes the Indonesian FTS5 tokenizer known to every SQLite connection
 * opened from now on (sqlite3_auto_extension). Call once, before db_init,
 * in every process that opens an SQLite database: migration 008 creates a
 * table that uses it. 0, or -1 when SQLite refused. */
int search_init(void);

/* --- keeping the index (index.c); each returns DB_OK or an error status.
 * Call them inside the transaction of the write they follow, so the
 * index never disagrees with what is committed. ---------------------- */

/* The question and its answers: indexed when the question is public
 * (state terbuka, dijawab, diteruskan or ditutup, and not hidden), each
 * answer unless hidden; otherwise (or when the question is gone) removed
 * from the index. Call after every write that changes a question's text,
 * state, hidden flag, department, kecamatan or programme, or any of its
 * answers (added, edited, hidden, shown, deleted). */
int search_index_question(db *c, int64_t question_id);
/* One programme (any level); removed when it no longer exists. */
int search_index_program(db *c, int64_t id);
/* One department or kecamatan; removed when it no longer exists. */
int search_index_agency(db *c, int64_t id);
/* Everything, again, in one transaction of its own (c must have none
 * open): what `terbuka search reindex` runs. */
int search_reindex(db *c);
/* search_reindex when the index is empty but there is something to index
 * (a database made before migration 008, or a data set loaded by SQL). */
int search_reindex_if_empty(db *c);

/* --- asking (store.c) -------------------------------------------------- */

/* Public questions like a draft title, best first, for the ask form:
 * *out = [{id, title, url, state, answers}] (at most limit, 1..20; an
 * empty array when the text has no word to search for). DB_OK or an
 * error status. */
int search_similar_questions(db *c, const char *text, int limit, json_t **out);

/* --- stemmed words for a short text of a capability's own (stems.c) --- */

/* The words of the n bytes of text, cut as a search cuts them (query.h)
 * and each stemmed as the index stems it, once each, every one between
 * spaces (" bangun jalan desa "), in a's memory; NULL when a ran out. A
 * column of such text is searched with LIKE '% stem %' for each stem of
 * the search (below): for lists of a few thousand rows (kip/dip), where a
 * full-text index would be more machinery than a scan. */
char *search_stems(arena *a, const char *text, size_t n);
/* The stems of what a person typed into a search box (the words query.h
 * keeps, function words dropped), each once, at most max of them, into
 * out (a's memory); returns how many. */
size_t search_query_stems(arena *a, const char *text, const char **out, size_t max);

/* `terbuka search reindex`: 0, or 1 with the reason logged. */
int search_cli_reindex(db *c);

#endif
