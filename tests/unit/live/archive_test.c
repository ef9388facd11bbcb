/*
 * archive_test.c - a live session's questions becoming the department's
 * questions (src/live/archive.c), on a real SQLite database migrated to
 * the current schema: which questions go, as whom, with which title, body,
 * answer, history, clock and search entry; and that a second run changes
 * nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/str.h"
#include "db/db.h"
#include "db/migrate.h"
#include "live/archive.h"
#include "search/search.h"
#include "view/locale.h"

static char dir[64];
static char path[128];
static int serial;

/* 2026-12-18 (a Friday) 10.00 WIB: the session ends. */
#define ENDED_AT 1797562800
#define ENDED_ISO "2026-12-18T03:00:00Z"

static int group_setup(void **state)
{
	(void)state;
	char err[256];
	if (locale_load(TERBUKA_SOURCE_ROOT "/locale/id.json", err, sizeof(err)) != 0) {
		fprintf(stderr, "locale: %s\n", err);
		return -1;
	}
	snprintf(dir, sizeof(dir), "/tmp/terbuka-live-XXXXXX");
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int group_teardown(void **state)
{
	(void)state;
	locale_free();
	return rmdir(dir);
}

static void exec(db *c, const char *sql)
{
	if (db_exec(c, sql, DB_NOARGS, NULL) != DB_OK)
		fail_msg("%s: %s", sql, db_errmsg(c));
}

/* A migrated database with two departments, two people and one session
 * of department "dishub" (first) and "dinkes". */
static int setup(void **state)
{
	char err[256] = "";
	snprintf(path, sizeof(path), "%s/t%d.db", dir, ++serial);
	if (db_init(path, err, sizeof(err)) != DB_OK) {
		fprintf(stderr, "db_init: %s\n", err);
		return -1;
	}
	db *c = db_thread();
	if (c == NULL || db_migrate(c, err, sizeof(err)) < 0) {
		fprintf(stderr, "migrate: %s\n", err);
		return -1;
	}
	exec(c, "INSERT INTO agencies (id, slug, name, kind) VALUES (1, 'dinkes', 'Dinas Kesehatan', 'dinas'), "
	        "(2, 'dishub', 'Dinas Perhubungan', 'dinas')");
	exec(c, "INSERT INTO users (id, email, email_key, display_name, created_at, updated_at) VALUES "
	        "(1, 'budi@example.org', 'budi@example.org', 'Budi Santoso', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'), "
	        "(2, 'rina@example.org', 'rina@example.org', 'Rina', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
	exec(c, "INSERT INTO live_sessions (id, title, starts_at, ends_at, state, created_at, updated_at) VALUES "
	        "(7, 'Jalan [rusak] & *banjir*', '2026-12-18T01:00:00Z', '2026-12-18T03:00:00Z', 'selesai', "
	        "'2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z')");
	/* the first department is the one at position 0, whatever its id */
	exec(c, "INSERT INTO live_session_agencies (session_id, agency_id, position) VALUES (7, 1, 1), (7, 2, 0)");
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	db_shutdown();
	char p[160];
	static const char *const suffixes[] = { "", "-wal", "-shm" };
	for (size_t i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s%s", path, suffixes[i]);
		unlink(p);
	}
	return 0;
}

/* A live question: user 0 = a participant who was not signed in. */
static void ask(db *c, int64_t id, int64_t user, const char *name, const char *body, const char *state,
                const char *answer, bool answered, const char *created, const char *answered_at)
{
	int rc = db_exec(c,
		"INSERT INTO live_questions (id, session_id, user_id, participant, name, body, state, answered, "
		"answer, answered_at, created_at, updated_at) VALUES (?, 7, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		DB_ARGS(DB_INT(id), user ? DB_INT(user) : DB_NULL, DB_TEXT(user ? "u:1" : "b:abc"), DB_TEXT(name),
		        DB_TEXT(body), DB_TEXT(state), DB_INT(answered), answer ? DB_TEXT(answer) : DB_NULL,
		        answered_at ? DB_TEXT(answered_at) : DB_NULL, DB_TEXT(created), DB_TEXT(created)), NULL);
	if (rc != DB_OK)
		fail_msg("live question %lld: %s", (long long)id, db_errmsg(c));
}

static void archive(db *c, int64_t session, int want)
{
	assert_int_equal(db_begin(c, true), DB_OK);
	int rc = live_archive(c, session, ENDED_AT);
	if (rc != want)
		fail_msg("live_archive: %d, want %d (%s)", rc, want, db_errmsg(c));
	assert_int_equal(db_commit(c), DB_OK);
}

static int64_t count(db *c, const char *sql)
{
	int64_t n = -1;
	if (db_query_int(c, sql, DB_NOARGS, &n) != DB_ROW)
		fail_msg("%s: %s", sql, db_errmsg(c));
	return n;
}

/* The question made of live question live_id, as a JSON object. */
static json_t *question_of(db *c, int64_t live_id)
{
	json_t *row = NULL;
	int rc = db_query_row_json(c,
		"SELECT q.id, q.user_id, q.agency_id, q.title, q.body, q.anonymous, q.state, q.listed, "
		"q.created_at, q.published_at, q.clock_from, q.due_at, q.answered_at, q.form_key, "
		"(SELECT body FROM answers WHERE question_id = q.id) AS answer, "
		"(SELECT created_at FROM answers WHERE question_id = q.id) AS answer_at, "
		"(SELECT group_concat(kind || '@' || at, ' ') FROM (SELECT kind, at FROM question_events "
		" WHERE question_id = q.id ORDER BY id)) AS history "
		"FROM live_questions l JOIN questions q ON q.id = l.question_id WHERE l.id = ?",
		DB_ARGS(DB_INT(live_id)), &row);
	if (rc != DB_ROW)
		fail_msg("no question for live question %lld (%d)", (long long)live_id, rc);
	return row;
}

static const char *s(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : "(null)";
}

static int64_t i(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

#define LONG_BODY \
	"Kapan jembatan penghubung Desa Sukamaju dan Desa Sukajaya diperbaiki?\n\n" \
	"Sudah dua tahun rusak, anak-anak sekolah harus memutar lima kilometer setiap hari, " \
	"dan waktu hujan jalannya licin sekali sehingga banyak yang jatuh dari motor."

static void test_archive(void **state)
{
	db *c = *state;
	ask(c, 1, 1, "Budi Santoso", "Kapan jalan di depan pasar diperbaiki?", "tampil",
	    "Bulan depan, anggarannya sudah ada.", true, "2026-12-18T01:10:00Z", "2026-12-18T01:40:00Z");
	ask(c, 2, 0, "", LONG_BODY, "tampil", NULL, true, "2026-12-18T01:12:00Z", "2026-12-18T02:05:00Z");
	ask(c, 3, 0, "Siti", "Bagaimana cara mengurus izin trayek angkot?", "tampil", NULL, false,
	    "2026-12-18T01:20:00Z", NULL);
	ask(c, 4, 1, "Warga Tambun", "Apakah lampu jalan di Tambun akan ditambah?", "tampil", NULL, false,
	    "2026-12-18T01:25:00Z", NULL);
	ask(c, 5, 2, "Rina", "Pertanyaan yang ditolak", "ditolak", NULL, false, "2026-12-18T01:30:00Z", NULL);
	ask(c, 6, 2, "Rina", "Pertanyaan yang menunggu", "menunggu", NULL, false, "2026-12-18T01:31:00Z", NULL);
	ask(c, 7, 2, "Rina", "Pertanyaan yang digabung", "digabung", NULL, false, "2026-12-18T01:32:00Z", NULL);
	ask(c, 8, 2, "Rina", "Pertanyaan yang disembunyikan", "disembunyikan", NULL, false, "2026-12-18T01:33:00Z", NULL);

	archive(c, 7, DB_OK);

	/* only the questions shown in the session, each once */
	assert_int_equal(count(c, "SELECT count(*) FROM questions"), 4);
	assert_int_equal(count(c, "SELECT count(*) FROM live_questions WHERE question_id IS NOT NULL"), 4);
	assert_int_equal(count(c, "SELECT count(*) FROM live_questions WHERE question_id IS NOT NULL "
	                          "AND id IN (1, 2, 3, 4)"), 4);
	assert_int_equal(count(c, "SELECT count(*) FROM questions WHERE agency_id = 2 AND listed = 1"), 4);
	assert_int_equal(count(c, "SELECT count(*) FROM live_sessions WHERE id = 7 AND archived_at = '" ENDED_ISO "'"), 1);

	/* answered, by a signed-in person under their own name */
	json_t *q = question_of(c, 1);
	assert_int_equal(i(q, "user_id"), 1);
	assert_int_equal(i(q, "anonymous"), 0);
	assert_string_equal(s(q, "state"), "dijawab");
	assert_string_equal(s(q, "title"), "Kapan jalan di depan pasar diperbaiki?");
	assert_string_equal(s(q, "body"),
		"Kapan jalan di depan pasar diperbaiki?\n\n"
		"Ditanyakan dalam sesi tanya jawab langsung \xE2\x80\x9C[Jalan \\[rusak\\] \\& \\*banjir\\*](/sesi/7)\xE2\x80\x9D.");
	assert_string_equal(s(q, "created_at"), "2026-12-18T01:10:00Z");
	assert_string_equal(s(q, "published_at"), "2026-12-18T01:10:00Z");
	assert_string_equal(s(q, "answer"), "Bulan depan, anggarannya sudah ada.");
	assert_string_equal(s(q, "answer_at"), "2026-12-18T01:40:00Z");
	assert_string_equal(s(q, "answered_at"), "2026-12-18T01:40:00Z");
	assert_string_equal(s(q, "history"), "diajukan@2026-12-18T01:10:00Z dijawab@2026-12-18T01:40:00Z");
	assert_string_equal(s(q, "form_key"), "live:1");
	int64_t first = i(q, "id");
	json_decref(q);
	/* the asker follows it, as someone who asks on the site does */
	assert_int_equal(count(c, "SELECT count(*) FROM question_follows WHERE user_id = 1"), 2);

	/* answered live with no written answer, by a participant with no name */
	q = question_of(c, 2);
	int64_t anon = count(c, "SELECT id FROM users WHERE email_key = '" LIVE_ANONYMOUS_KEY "'");
	assert_int_equal(i(q, "user_id"), anon);
	assert_int_equal(i(q, "anonymous"), 1);
	assert_string_equal(s(q, "state"), "dijawab");
	const char *title = s(q, "title");
	assert_true(utf8_length(title, strlen(title)) <= 150);
	assert_null(strchr(title, '\n'));
	assert_true(strncmp(title, "Kapan jembatan penghubung Desa Sukamaju dan Desa Sukajaya diperbaiki? Sudah dua", 79) == 0);
	size_t tn = strlen(title);
	assert_string_equal(title + tn - 3, "\xE2\x80\xA6");
	assert_true(title[tn - 4] != ' ' && title[tn - 4] != ','); /* cut after a whole word */
	char whole[1024];
	snprintf(whole, sizeof(whole), "%.*s ", (int)(tn - 3), title);
	assert_non_null(strstr(LONG_BODY " ", whole + 72)); /* the words before the cut are whole */
	assert_true(strncmp(s(q, "body"), LONG_BODY "\n\n", strlen(LONG_BODY) + 2) == 0);
	assert_string_equal(s(q, "answer"),
		"Pertanyaan ini dijawab secara langsung dalam sesi tanya jawab "
		"\xE2\x80\x9C[Jalan \\[rusak\\] \\& \\*banjir\\*](/sesi/7)\xE2\x80\x9D.");
	assert_string_equal(s(q, "answer_at"), "2026-12-18T02:05:00Z");
	json_decref(q);
	/* that account cannot sign in: no address, no password */
	assert_int_equal(count(c, "SELECT count(*) FROM users WHERE email_key = '" LIVE_ANONYMOUS_KEY "' "
	                          "AND email IS NULL AND password_hash IS NULL "
	                          "AND display_name = 'Peserta sesi langsung'"), 1);

	/* not answered: the department's queue, its clock from the session's end
	 * (five working days, over Christmas: 21, 22, 23, 28, 29 December) */
	q = question_of(c, 3);
	assert_int_equal(i(q, "user_id"), anon);
	assert_int_equal(i(q, "anonymous"), 0); /* a name was given: shown in the body */
	assert_string_equal(s(q, "state"), "terbuka");
	assert_string_equal(s(q, "body"),
		"Bagaimana cara mengurus izin trayek angkot?\n\n"
		"Ditanyakan oleh Siti dalam sesi tanya jawab langsung "
		"\xE2\x80\x9C[Jalan \\[rusak\\] \\& \\*banjir\\*](/sesi/7)\xE2\x80\x9D.");
	assert_string_equal(s(q, "created_at"), "2026-12-18T01:20:00Z");
	assert_string_equal(s(q, "clock_from"), ENDED_ISO);
	assert_string_equal(s(q, "due_at"), "2026-12-29T16:59:59Z");
	assert_string_equal(s(q, "answer"), "(null)");
	assert_string_equal(s(q, "history"), "diajukan@2026-12-18T01:20:00Z");
	json_decref(q);

	/* a signed-in person who gave another name: their account's name stays hidden */
	q = question_of(c, 4);
	assert_int_equal(i(q, "user_id"), 1);
	assert_int_equal(i(q, "anonymous"), 1);
	assert_non_null(strstr(s(q, "body"), "Ditanyakan oleh Warga Tambun dalam sesi"));
	assert_string_equal(s(q, "state"), "terbuka");
	json_decref(q);

	/* every one is in the search index */
	assert_int_equal(count(c, "SELECT count(*) FROM search_docs WHERE kind = 'pertanyaan' AND ref_id IN "
	                          "(SELECT question_id FROM live_questions)"), 4);
	assert_int_equal(count(c, "SELECT count(*) FROM search_docs WHERE kind = 'jawaban'"), 2);

	/* twice changes nothing */
	static const char *const totals =
		"SELECT (SELECT count(*) FROM questions) * 1000000 + (SELECT count(*) FROM answers) * 10000 + "
		"(SELECT count(*) FROM question_events) * 100 + (SELECT count(*) FROM users)";
	int64_t before = count(c, totals);
	archive(c, 7, DB_OK);
	assert_int_equal(count(c, totals), before);
	assert_int_equal(count(c, "SELECT count(*) FROM live_sessions WHERE id = 7 AND archived_at = '" ENDED_ISO "'"), 1);

	/* a lost link is found again by the form key, not made twice */
	exec(c, "UPDATE live_questions SET question_id = NULL WHERE id = 1");
	archive(c, 7, DB_OK);
	assert_int_equal(count(c, totals), before);
	assert_int_equal(count(c, "SELECT question_id FROM live_questions WHERE id = 1"), first);
}

static void test_no_session(void **state)
{
	db *c = *state;
	archive(c, 99, DB_DONE);
	assert_int_equal(count(c, "SELECT count(*) FROM questions"), 0);
}

/* A session with nothing shown is still marked archived; one with no
 * department leaves its questions to humas, unaddressed and unanswered. */
static void test_empty_and_unaddressed(void **state)
{
	db *c = *state;
	archive(c, 7, DB_OK);
	assert_int_equal(count(c, "SELECT count(*) FROM live_sessions WHERE archived_at IS NOT NULL"), 1);
	assert_int_equal(count(c, "SELECT count(*) FROM questions"), 0);
	assert_int_equal(count(c, "SELECT count(*) FROM users WHERE email_key = '" LIVE_ANONYMOUS_KEY "'"), 0);

	exec(c, "DELETE FROM live_session_agencies WHERE session_id = 7");
	ask(c, 1, 1, "Budi Santoso", "Siapa yang menjawab ini?", "tampil", "Nanti.", true,
	    "2026-12-18T01:10:00Z", "2026-12-18T01:40:00Z");
	archive(c, 7, DB_OK);
	json_t *q = question_of(c, 1);
	assert_true(json_is_null(json_object_get(q, "agency_id")));
	assert_string_equal(s(q, "state"), "terbuka");
	assert_string_equal(s(q, "due_at"), "(null)");
	json_decref(q);
}

int main(void)
{
	if (search_init() != 0) /* migration 008 needs its tokenizer */
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_archive, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_session, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_and_unaddressed, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
