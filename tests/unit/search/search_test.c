/*
 * search_test.c - the search's pure parts (src/search/): the stems the
 * Indonesian stemmer gives (pinned: a change of libstemmer that changes
 * them changes what is found), the FTS5 tokenizer on a real SQLite
 * connection, the query parser, the text the index stores, and the
 * stemmed words a capability keeps for a search of its own (stems.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "core/arena.h"
#include "core/buf.h"
#include "search/query.h"
#include "search/search.h"
#include "search/stem.h"
#include "search/text.h"

/* --- stems -------------------------------------------------------------- */

static void test_stems(void **state)
{
	(void)state;
	/* The same stems as PostgreSQL 15's to_tsvector('indonesian', ...):
	 * both are Snowball's Indonesian algorithm. */
	static const char *const pinned[][2] = {
		{ "pembangunan", "bangun" }, { "membangun", "bangun" }, { "bangunan", "bangun" },
		{ "dibangun", "bangun" },    { "perbaikan", "baik" },   { "diperbaiki", "baik" },
		{ "memperbaiki", "baik" },   { "pertanyaan", "tanya" }, { "ditanyakan", "tanya" },
		{ "kesehatan", "sehat" },    { "pelayanan", "layan" },  { "melayani", "layan" },
		{ "layanan", "layan" },      { "pendidikan", "didik" }, { "kecamatan", "camat" },
		{ "keberatan", "berat" },    { "penerangan", "erang" }, { "jembatan", "jembat" },
		{ "jalan", "jalan" },        { "banjir", "banjir" },    { "beasiswa", "beasiswa" },
		{ "rusak", "rusak" },        { "2026", "2026" },        { "bertanya", "berta" },
	};
	char out[80];
	for (size_t i = 0; i < sizeof(pinned) / sizeof(pinned[0]); i++) {
		size_t n = search_stem(pinned[i][0], strlen(pinned[i][0]), out, sizeof(out));
		if (strcmp(out, pinned[i][1]) != 0)
			fail_msg("%s -> %s, want %s", pinned[i][0], out, pinned[i][1]);
		assert_int_equal(n, strlen(pinned[i][1]));
	}
	/* no stem for nothing, for words past 64 bytes, or into too little room */
	assert_int_equal(search_stem("", 0, out, sizeof(out)), 0);
	char longword[70];
	memset(longword, 'a', sizeof(longword));
	assert_int_equal(search_stem(longword, sizeof(longword), out, sizeof(out)), 0);
	assert_int_equal(search_stem("pembangunan", 11, out, 4), 0);
	assert_string_equal(out, "");
}

/* --- the tokenizer, through FTS5 ---------------------------------------- */

static sqlite3 *open_fts(void)
{
	sqlite3 *h = NULL;
	assert_int_equal(search_init(), 0);
	assert_int_equal(sqlite3_open(":memory:", &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h,
		"CREATE VIRTUAL TABLE t USING fts5 (title, body, "
		"tokenize = 'indonesian remove_diacritics 2');"
		"INSERT INTO t VALUES ('Pembangunan Jalan Desa', 'Perbaikan jembatan yang rusak.');"
		"INSERT INTO t VALUES ('Pelayanan KESEHATAN', 'Puskesmas melayani warga.');"
		"INSERT INTO t VALUES ('Café Kopi', 'Bangunan tua.');",
		NULL, NULL, NULL), SQLITE_OK);
	return h;
}

/* The rowids MATCH q finds, as "1,3"; and the highlight of column 0 of
 * the first, with [ ] around hits, into hl. */
static void find(sqlite3 *h, const char *q, char *ids, size_t idlen, char *hl, size_t hllen)
{
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(h,
		"SELECT rowid, highlight(t, 0, '[', ']') FROM t WHERE t MATCH ? ORDER BY rowid",
		-1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
	size_t o = 0;
	ids[0] = hl[0] = '\0';
	while (sqlite3_step(st) == SQLITE_ROW) {
		o += (size_t)snprintf(ids + o, idlen - o, "%s%lld", o ? "," : "",
		                      (long long)sqlite3_column_int64(st, 0));
		if (!hl[0])
			snprintf(hl, hllen, "%s", (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
}

static void test_tokenizer(void **state)
{
	(void)state;
	sqlite3 *h = open_fts();
	char ids[64], hl[256];
	find(h, "\"membangun\" \"jalan\"", ids, sizeof(ids), hl, sizeof(hl));
	assert_string_equal(ids, "1");
	assert_string_equal(hl, "[Pembangunan] [Jalan] Desa"); /* the text as written */
	find(h, "\"diperbaiki\"", ids, sizeof(ids), hl, sizeof(hl));
	assert_string_equal(ids, "1");
	find(h, "\"layanan\" \"kesehatan\"", ids, sizeof(ids), hl, sizeof(hl));
	assert_string_equal(ids, "2");
	assert_string_equal(hl, "[Pelayanan] [KESEHATAN]");
	find(h, "\"bangun\"", ids, sizeof(ids), hl, sizeof(hl));
	assert_string_equal(ids, "1,3"); /* pembangunan, bangunan */
	find(h, "\"cafe\"", ids, sizeof(ids), hl, sizeof(hl)); /* diacritics removed */
	assert_string_equal(ids, "3");
	find(h, "\"tidakada\"", ids, sizeof(ids), hl, sizeof(hl));
	assert_string_equal(ids, "");
	sqlite3_close(h);
}

/* --- the query parser ---------------------------------------------------- */

static void parse(const char *s, search_query *q)
{
	search_query_parse(s, strlen(s), q);
}

static const char *fts(const char *s, bool any)
{
	static char out[SEARCH_QUERY_TEXT];
	search_query q;
	parse(s, &q);
	search_query_fts5(&q, any, out);
	return out;
}

static const char *tsq(const char *s, bool any)
{
	static char out[SEARCH_QUERY_TEXT];
	search_query q;
	parse(s, &q);
	search_query_tsquery(&q, any, out);
	return out;
}

static void test_query_words(void **state)
{
	(void)state;
	assert_string_equal(fts("Membangun Jalan", false), "\"membangun\" \"jalan\"");
	assert_string_equal(fts("membangun jalan", true), "\"membangun\" OR \"jalan\"");
	assert_string_equal(tsq("membangun jalan", false), "membangun & jalan");
	assert_string_equal(tsq("membangun jalan", true), "membangun | jalan");
	/* syntax of either engine is only separators */
	assert_string_equal(fts("\"jalan\" NEAR(rusak, 2) -tambun title:x ^y z*", false),
	                    "\"jalan\" \"near\" \"rusak\" \"2\" \"tambun\" \"title\" \"x\" \"y\" \"z\"");
	assert_string_equal(tsq("jalan & !rusak | (tambun) <-> a:*", false),
	                    "jalan & rusak & tambun & a");
	assert_string_equal(fts("jalan OR rusak AND NOT x", false),
	                    "\"jalan\" \"or\" \"rusak\" \"and\" \"not\" \"x\"");
	/* repeated words once; reduplication with a hyphen is one word */
	assert_string_equal(fts("gorong-gorong jalan JALAN", false), "\"gorong\" \"jalan\"");
	/* function words go when other words stay, and stay when alone */
	assert_string_equal(fts("apakah jalan yang rusak di tambun", false),
	                    "\"jalan\" \"rusak\" \"tambun\"");
	assert_string_equal(fts("yang di", false), "\"yang\" \"di\"");
	/* letters of other scripts are words; symbols and emoji are not */
	assert_string_equal(fts("Café “jalan” 😀rusak😀 ½ ×", false), "\"café\" \"jalan\" \"rusak\"");
	assert_string_equal(fts("сельская дорога", false), "\"сельская\" \"дорога\"");
}

static void test_query_limits(void **state)
{
	(void)state;
	search_query q;
	char out[SEARCH_QUERY_TEXT];
	parse("", &q);
	assert_int_equal(q.nwords, 0);
	assert_int_equal(search_query_fts5(&q, false, out), 0);
	assert_string_equal(out, "");
	parse("!!! ??? ... \"\" * ^ : -", &q);
	assert_int_equal(q.nwords, 0);
	assert_false(q.cut);
	search_query_parse(NULL, 5, &q);
	assert_int_equal(q.nwords, 0);
	/* NUL and invalid UTF-8 separate words */
	static const char messy[] = "jalan\0rusak\xff\xfetambun\xc3";
	search_query_parse(messy, sizeof(messy) - 1, &q);
	assert_int_equal(q.nwords, 3);
	assert_string_equal(q.words[2], "tambun");
	/* a word longer than 48 bytes is not a word */
	char w[100];
	memset(w, 'a', 60);
	memcpy(w + 60, " jalan", 7);
	parse(w, &q);
	assert_int_equal(q.nwords, 1);
	assert_string_equal(q.words[0], "jalan");
	memset(w, 'b', 48);
	w[48] = '\0';
	parse(w, &q);
	assert_int_equal(q.nwords, 1);
	/* twelve words, the rest ignored and said so */
	parse("a1 a2 a3 a4 a5 a6 a7 a8 a9 a10 a11 a12 a13 a14", &q);
	assert_int_equal(q.nwords, SEARCH_MAX_WORDS);
	assert_true(q.cut);
	assert_string_equal(q.words[11], "a12");
	/* the longest text fits */
	char big[SEARCH_MAX_WORDS * 50 + 1];
	size_t o = 0;
	for (int i = 0; i < SEARCH_MAX_WORDS; i++) {
		memset(big + o, 'a' + i, 48);
		o += 48;
		big[o++] = ' ';
	}
	big[o] = '\0';
	parse(big, &q);
	assert_int_equal(q.nwords, SEARCH_MAX_WORDS);
	assert_int_equal(search_query_fts5(&q, true, out), SEARCH_MAX_WORDS * 50 + (SEARCH_MAX_WORDS - 1) * 4);
	/* only the first SEARCH_MAX_INPUT bytes are read */
	char huge[5000];
	memset(huge, ' ', sizeof(huge));
	memcpy(huge + sizeof(huge) - 6, "jalan", 5);
	search_query_parse(huge, sizeof(huge), &q);
	assert_int_equal(q.nwords, 0);
	assert_true(q.cut);
}

/* --- the stored text ---------------------------------------------------- */

static void test_text(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 4096);
	const char md[] = "# Judul\n\nJalan **beton** [3 km](https://x.example/) dan `kode`.\n\n"
	                  "<script>alert(1)</script>\n\n- satu\n- dua\x01\x02\n";
	assert_int_equal(search_text_markdown(md, strlen(md), &b), 0);
	assert_string_equal(b.data, "Judul Jalan beton 3 km dan kode. satu dua");
	buf_reset(&b);
	static const char plain[] = "  a\x01\tb\r\n\x7f c \xff ";
	assert_int_equal(search_text_plain(plain, sizeof(plain) - 1, &b), 0);
	assert_string_equal(b.data, "a b c \xEF\xBF\xBD");
	buf_free(&b);
}

/* --- stemmed words for a LIKE search (stems.c) --------------------------- */

static void test_stems_text(void **state)
{
	(void)state;
	arena *a = arena_new(1 << 20);
	assert_non_null(a);
	/* each word cut as a search cuts it, stemmed, once, between spaces */
	static const char t[] = "Pembangunan jembatan\nMEMBANGUN jalan; bangunan (2026) caf\xC3\xA9 \xE2\x80\x94 x";
	assert_string_equal(search_stems(a, t, sizeof(t) - 1), " bangun jembat jalan 2026 caf\xC3\xA9 x ");
	assert_string_equal(search_stems(a, "", 0), " ");
	assert_string_equal(search_stems(a, "!!! \xff\xfe", 5), " ");
	char longword[60];
	memset(longword, 'a', sizeof(longword)); /* past a word's 48 bytes: not a word */
	assert_string_equal(search_stems(a, longword, sizeof(longword)), " ");
	/* a search's words: function words dropped, stemmed, each once, at most max */
	const char *w[3];
	assert_int_equal(search_query_stems(a, "yang membangun JALAN dibangun di desa", w, 3), 3);
	assert_string_equal(w[0], "bangun");
	assert_string_equal(w[1], "jalan");
	assert_string_equal(w[2], "desa");
	assert_int_equal(search_query_stems(a, "\"%_\\'", w, 3), 0);
	assert_int_equal(search_query_stems(a, NULL, w, 3), 0);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stems),        cmocka_unit_test(test_tokenizer),
		cmocka_unit_test(test_query_words),  cmocka_unit_test(test_query_limits),
		cmocka_unit_test(test_text),         cmocka_unit_test(test_stems_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
