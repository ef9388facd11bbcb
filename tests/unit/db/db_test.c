/*
 * db_test.c - unit tests of the database layer (db.h, migrate.h) over a
 * temporary SQLite file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "db/migrate.h"
#include "embedded.h"
#include "search/search.h"

static char dir[64];
static char path[128];
static int serial;

static void remove_db_files(void)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	char p[160];
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", path, suffixes[i]);
		unlink(p);
	}
}

static int group_setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/terbuka-db-XXXXXX");
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int group_teardown(void **state)
{
	(void)state;
	return rmdir(dir);
}

/* Each test gets a fresh database file and this thread's connection. */
static int setup(void **state)
{
	char err[256] = "";
	snprintf(path, sizeof(path), "%s/test%d.db", dir, ++serial);
	if (db_init(path, err, sizeof(err)) != DB_OK) {
		fprintf(stderr, "db_init: %s\n", err);
		return -1;
	}
	*state = db_thread();
	return *state == NULL ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	db_shutdown();
	remove_db_files();
	return 0;
}

static void make_people(db *c)
{
	assert_int_equal(db_exec(c, "CREATE TABLE people (id INTEGER PRIMARY KEY, "
				    "name TEXT NOT NULL UNIQUE, score REAL, note TEXT)",
				 DB_NOARGS, NULL), DB_OK);
}

static void test_open_pragmas(void **state)
{
	db *c = *state;
	json_t *row = NULL;
	int64_t fk = 0;

	assert_int_equal(db_engine(), DB_SQLITE);
	assert_string_equal(db_engine_name(), "sqlite");
	assert_ptr_equal(db_thread(), c);
	assert_int_equal(db_query_row_json(c, "PRAGMA journal_mode", DB_NOARGS, &row), DB_ROW);
	assert_string_equal(json_string_value(json_object_get(row, "journal_mode")), "wal");
	json_decref(row);
	assert_int_equal(db_query_int(c, "PRAGMA foreign_keys", DB_NOARGS, &fk), DB_ROW);
	assert_int_equal(fk, 1);
}

static void test_binds_and_rows(void **state)
{
	db *c = *state;
	const char buf[] = "Budi Santoso and more";
	const char nul[] = { 'a', '\0', 'b' };
	db_stmt *st;

	make_people(c);
	st = db_prepare(c, "INSERT INTO people (name, score, note) VALUES (?, ?, ?)");
	assert_non_null(st);
	assert_int_equal(db_bind(st, 1, DB_TEXTN(buf, 4)), DB_OK);
	assert_int_equal(db_bind(st, 2, DB_REAL(2.5)), DB_OK);
	assert_int_equal(db_bind(st, 3, DB_NULL), DB_OK);
	assert_int_equal(db_step(st), DB_DONE);
	assert_int_equal(db_exec(c, "INSERT INTO people (name, score, note) VALUES (?, ?, ?)",
				 DB_ARGS(DB_TEXTN(nul, 3), DB_INT(7), DB_TEXT("x")), NULL), DB_OK);
	/* Wrong number of arguments and an index out of range are errors. */
	assert_int_equal(db_exec(c, "INSERT INTO people (name) VALUES (?)", DB_NOARGS, NULL),
			 DB_ERROR);
	st = db_prepare(c, "SELECT id FROM people WHERE id = ?");
	assert_int_not_equal(db_bind(st, 2, DB_INT(1)), DB_OK);

	st = db_prepare(c, "SELECT id, name, score, note FROM people ORDER BY id");
	assert_non_null(st);
	assert_int_equal(db_column_count(st), 4);
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_column_name(st, 1), "name");
	assert_int_equal(db_column_type(st, 0), DB_T_INT);
	assert_int_equal(db_column_int(st, 0), 1);
	assert_int_equal(db_column_type(st, 1), DB_T_TEXT);
	assert_string_equal(db_column_text(st, 1), "Budi");
	assert_int_equal(db_column_len(st, 1), 4);
	assert_int_equal(db_column_type(st, 2), DB_T_REAL);
	assert_true(db_column_real(st, 2) == 2.5);
	assert_int_equal(db_column_type(st, 3), DB_T_NULL);
	assert_null(db_column_text(st, 3));
	/* Out of range columns are harmless. */
	assert_null(db_column_text(st, 9));
	assert_int_equal(db_column_type(st, -1), DB_T_NULL);

	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_column_len(st, 1), 3);
	assert_memory_equal(db_column_text(st, 1), nul, 3);
	assert_int_equal(db_column_type(st, 2), DB_T_REAL); /* REAL affinity: 7.0 */
	assert_string_equal(db_column_text(st, 3), "x");
	assert_int_equal(db_step(st), DB_DONE);
	db_reset(st);
}

static void test_query_json(void **state)
{
	db *c = *state;
	json_t *rows = NULL, *row;

	make_people(c);
	assert_int_equal(db_query_json(c, "SELECT * FROM people", DB_NOARGS, &rows), DB_OK);
	assert_true(json_is_array(rows));
	assert_int_equal(json_array_size(rows), 0);
	json_decref(rows);

	assert_int_equal(db_exec(c, "INSERT INTO people (name, score, note) VALUES "
				    "('Ani', 1.5, NULL), ('Budi', NULL, 'catatan')",
				 DB_NOARGS, NULL), DB_OK);
	assert_int_equal(db_query_json(c, "SELECT id, name, score, note FROM people "
					  "WHERE id >= ? ORDER BY id",
				       DB_ARGS(DB_INT(1)), &rows), DB_OK);
	assert_int_equal(json_array_size(rows), 2);
	row = json_array_get(rows, 0);
	assert_true(json_is_object(row));
	assert_int_equal(json_object_size(row), 4);
	assert_true(json_is_integer(json_object_get(row, "id")));
	assert_int_equal(json_integer_value(json_object_get(row, "id")), 1);
	assert_string_equal(json_string_value(json_object_get(row, "name")), "Ani");
	assert_true(json_is_real(json_object_get(row, "score")));
	assert_true(json_real_value(json_object_get(row, "score")) == 1.5);
	assert_true(json_is_null(json_object_get(row, "note")));
	row = json_array_get(rows, 1);
	assert_true(json_is_null(json_object_get(row, "score")));
	assert_string_equal(json_string_value(json_object_get(row, "note")), "catatan");
	json_decref(rows);

	/* Bad SQL: an error and no array. */
	rows = (json_t *)1;
	assert_int_equal(db_query_json(c, "SELECT nope FROM people", DB_NOARGS, &rows), DB_ERROR);
	assert_null(rows);
}

static void test_query_row_json(void **state)
{
	db *c = *state;
	json_t *row = NULL;

	make_people(c);
	assert_int_equal(db_query_row_json(c, "SELECT name FROM people WHERE id = ?",
					   DB_ARGS(DB_INT(1)), &row), DB_DONE);
	assert_null(row);
	assert_int_equal(db_exec(c, "INSERT INTO people (name) VALUES (?)",
				 DB_ARGS(DB_TEXT("Citra")), NULL), DB_OK);
	assert_int_equal(db_query_row_json(c, "SELECT name FROM people WHERE id = ?",
					   DB_ARGS(DB_INT(1)), &row), DB_ROW);
	assert_non_null(row);
	assert_string_equal(json_string_value(json_object_get(row, "name")), "Citra");
	json_decref(row);
}

static void test_exec_changes_and_int(void **state)
{
	db *c = *state;
	int64_t n = -1;

	make_people(c);
	assert_int_equal(db_exec(c, "INSERT INTO people (name) VALUES ('a'), ('b'), ('c')",
				 DB_NOARGS, &n), DB_OK);
	assert_int_equal(n, 3);
	assert_int_equal(db_exec(c, "UPDATE people SET note = ? WHERE name <> ?",
				 DB_ARGS(DB_TEXT("x"), DB_TEXT("a")), &n), DB_OK);
	assert_int_equal(n, 2);
	assert_int_equal(db_exec(c, "DELETE FROM people WHERE id = ?", DB_ARGS(DB_INT(99)), &n),
			 DB_OK);
	assert_int_equal(n, 0);
	assert_int_equal(db_query_int(c, "SELECT count(*) FROM people", DB_NOARGS, &n), DB_ROW);
	assert_int_equal(n, 3);
	assert_int_equal(db_query_int(c, "SELECT id FROM people WHERE name = ?",
				      DB_ARGS(DB_TEXT("zz")), &n), DB_DONE);
	/* RETURNING through db_query_int. */
	assert_int_equal(db_query_int(c, "INSERT INTO people (name) VALUES (?) RETURNING id",
				      DB_ARGS(DB_TEXT("d")), &n), DB_ROW);
	assert_int_equal(n, 4);
}

static void test_constraint(void **state)
{
	db *c = *state;

	make_people(c);
	assert_int_equal(db_exec(c, "CREATE TABLE pets (id INTEGER PRIMARY KEY, "
				    "owner INTEGER NOT NULL REFERENCES people (id))",
				 DB_NOARGS, NULL), DB_OK);
	assert_int_equal(db_exec(c, "INSERT INTO people (name) VALUES ('a')", DB_NOARGS, NULL),
			 DB_OK);
	assert_int_equal(db_exec(c, "INSERT INTO people (name) VALUES ('a')", DB_NOARGS, NULL),
			 DB_CONSTRAINT);
	assert_non_null(strstr(db_errmsg(c), "UNIQUE"));
	assert_int_equal(db_exec(c, "INSERT INTO people (name) VALUES (NULL)", DB_NOARGS, NULL),
			 DB_CONSTRAINT);
	assert_int_equal(db_exec(c, "INSERT INTO pets (owner) VALUES (?)", DB_ARGS(DB_INT(42)),
				 NULL), DB_CONSTRAINT);
	assert_non_null(strstr(db_errmsg(c), "FOREIGN KEY"));
	assert_int_equal(db_exec(c, "INSERT INTO pets (owner) VALUES (?)", DB_ARGS(DB_INT(1)),
				 NULL), DB_OK);
}

static void test_transactions(void **state)
{
	db *c = *state;
	int64_t n = 0;

	make_people(c);
	assert_int_equal(db_rollback(c), DB_OK); /* nothing open: harmless */
	assert_int_equal(db_begin(c, true), DB_OK);
	assert_int_equal(db_begin(c, false), DB_ERROR); /* no nesting */
	assert_int_equal(db_exec(c, "INSERT INTO people (name) VALUES ('a')", DB_NOARGS, NULL),
			 DB_OK);
	assert_int_equal(db_commit(c), DB_OK);
	assert_int_equal(db_begin(c, false), DB_OK);
	assert_int_equal(db_exec(c, "INSERT INTO people (name) VALUES ('b')", DB_NOARGS, NULL),
			 DB_OK);
	assert_int_equal(db_query_int(c, "SELECT count(*) FROM people", DB_NOARGS, &n), DB_ROW);
	assert_int_equal(n, 2);
	assert_int_equal(db_rollback(c), DB_OK);
	assert_int_equal(db_query_int(c, "SELECT count(*) FROM people", DB_NOARGS, &n), DB_ROW);
	assert_int_equal(n, 1);
	assert_int_equal(db_commit(c), DB_ERROR); /* nothing to commit */
}

static void test_statement_cache(void **state)
{
	db *c = *state;
	static const char sql[] = "SELECT value FROM generate_series_t WHERE value > ? ORDER BY value";
	char copy[sizeof(sql)];
	db_stmt *a, *b;

	assert_int_equal(db_exec(c, "CREATE TABLE generate_series_t (value INTEGER)",
				 DB_NOARGS, NULL), DB_OK);
	assert_int_equal(db_exec(c, "INSERT INTO generate_series_t VALUES (1), (2), (3)",
				 DB_NOARGS, NULL), DB_OK);
	a = db_prepare(c, sql);
	assert_non_null(a);
	assert_int_equal(db_bind(a, 1, DB_INT(0)), DB_OK);
	assert_int_equal(db_step(a), DB_ROW);
	assert_int_equal(db_step(a), DB_ROW);
	assert_int_equal(db_column_int(a, 0), 2);

	/* Same text at another address: the same statement, reset, no binds. */
	memcpy(copy, sql, sizeof(sql));
	b = db_prepare(c, copy);
	assert_ptr_equal(a, b);
	assert_int_equal(db_step(b), DB_DONE); /* value > NULL matches nothing */
	b = db_prepare(c, sql);
	assert_ptr_equal(a, b);
	assert_int_equal(db_bind(b, 1, DB_INT(0)), DB_OK);
	assert_int_equal(db_step(b), DB_ROW);
	assert_int_equal(db_column_int(b, 0), 1);
	db_reset(b);
	assert_ptr_not_equal(db_prepare(c, "SELECT 1"), a);

	/* Many distinct statements grow the cache and stay found. */
	static const char *const many[] = {
		"SELECT 1", "SELECT 2", "SELECT 3", "SELECT 4", "SELECT 5", "SELECT 6",
		"SELECT 7", "SELECT 8", "SELECT 9", "SELECT 10", "SELECT 11", "SELECT 12",
		"SELECT 13", "SELECT 14", "SELECT 15", "SELECT 16", "SELECT 17", "SELECT 18",
		"SELECT 19", "SELECT 20", "SELECT 21", "SELECT 22", "SELECT 23", "SELECT 24",
		"SELECT 25", "SELECT 26", "SELECT 27", "SELECT 28", "SELECT 29", "SELECT 30",
	};
	db_stmt *seen[sizeof(many) / sizeof(many[0])];
	for (size_t i = 0; i < sizeof(many) / sizeof(many[0]); i++)
		seen[i] = db_prepare(c, many[i]);
	for (size_t i = 0; i < sizeof(many) / sizeof(many[0]); i++) {
		int64_t v = 0;
		assert_ptr_equal(db_prepare(c, many[i]), seen[i]);
		assert_int_equal(db_query_int(c, many[i], DB_NOARGS, &v), DB_ROW);
		assert_int_equal(v, (int64_t)i + 1);
	}
}

static void test_bad_sql(void **state)
{
	db *c = *state;

	assert_null(db_prepare(c, "SELEC 1"));
	assert_true(strlen(db_errmsg(c)) > 0);
	assert_non_null(strstr(db_errmsg(c), "syntax error"));
	assert_null(db_prepare(c, "SELECT * FROM no_such_table"));
	assert_non_null(strstr(db_errmsg(c), "no_such_table"));
	assert_null(db_prepare(c, "SELECT 1; SELECT 2"));
	assert_true(strlen(db_errmsg(c)) > 0);
	assert_null(db_prepare(c, "  -- only a comment"));
	assert_non_null(db_prepare(c, "SELECT 1; -- trailing comment"));
	assert_null(db_prepare(NULL, "SELECT 1"));
	assert_int_equal(db_step(NULL), DB_ERROR);
	assert_true(strlen(db_errmsg(NULL)) > 0);
}

static void test_script_and_metrics(void **state)
{
	db *c = *state;
	uint64_t before = db_statements();
	int64_t n = 0;

	assert_int_equal(db_exec_script(c, "CREATE TABLE t (a INTEGER); "
					   "INSERT INTO t VALUES (1); INSERT INTO t VALUES (2);"),
			 DB_OK);
	assert_int_equal(db_query_int(c, "SELECT sum(a) FROM t", DB_NOARGS, &n), DB_ROW);
	assert_int_equal(n, 3);
	assert_true(db_statements() >= before + 2);
	assert_int_equal(db_exec_script(c, "CREATE TABLE t (a INTEGER)"), DB_ERROR);
	assert_non_null(strstr(db_errmsg(c), "already exists"));
	(void)db_time_us();
}

static int64_t highest_migration(void)
{
	static const char pre[] = "migrations/sqlite/";
	int64_t top = 0;
	for (const struct embedded_file *f = embedded_files; f->name != NULL; f++) {
		if (strncmp(f->name, pre, sizeof(pre) - 1) != 0)
			continue;
		int64_t v = strtoll(f->name + sizeof(pre) - 1, NULL, 10);
		if (v > top)
			top = v;
	}
	return top;
}

static void test_migrate(void **state)
{
	db *c = *state;
	char err[256] = "";
	int64_t v = -1, n = 0;
	int64_t top = highest_migration();

	assert_true(top >= 1);
	assert_int_equal(db_schema_version(c, &v), DB_OK);
	assert_int_equal(v, 0);
	int applied = db_migrate(c, err, sizeof(err));
	assert_true(applied >= 1);
	assert_string_equal(err, "");
	assert_int_equal(db_schema_version(c, &v), DB_OK);
	assert_int_equal(v, top);
	assert_int_equal(db_query_int(c, "SELECT count(*) FROM schema_version", DB_NOARGS, &n),
			 DB_ROW);
	assert_int_equal(n, applied);
	assert_int_equal(db_query_int(c, "SELECT count(*) FROM schema_version "
					 "WHERE version = 1 AND name = 'init' "
					 "AND applied_at LIKE '____-__-__T__:__:__Z'",
				      DB_NOARGS, &n), DB_ROW);
	assert_int_equal(n, 1);
	/* 001_init made the agencies table. */
	assert_int_equal(db_query_int(c, "SELECT count(*) FROM agencies", DB_NOARGS, &n), DB_ROW);

	/* Idempotent: nothing more to do, from this or another connection. */
	assert_int_equal(db_migrate(c, err, sizeof(err)), 0);
	assert_int_equal(db_schema_version(c, &v), DB_OK);
	assert_int_equal(v, top);
	assert_false(db_begin(c, false) != DB_OK || db_rollback(c) != DB_OK);
}

static void test_migrate_failure_rolls_back(void **state)
{
	db *c = *state;
	char err[256] = "";
	int64_t n = 0;

	/* A table in the way makes 001_init fail; nothing must be recorded. */
	assert_int_equal(db_exec(c, "CREATE TABLE settings (x INTEGER)", DB_NOARGS, NULL), DB_OK);
	assert_true(db_migrate(c, err, sizeof(err)) < 0);
	assert_non_null(strstr(err, "migrations/sqlite/001_"));
	assert_non_null(strstr(err, "already exists"));
	assert_int_equal(db_query_int(c, "SELECT count(*) FROM schema_version", DB_NOARGS, &n),
			 DB_ROW);
	assert_int_equal(n, 0);
	assert_int_equal(db_query_int(c, "SELECT count(*) FROM sqlite_master WHERE name = 'agencies'",
				      DB_NOARGS, &n), DB_ROW);
	assert_int_equal(n, 0);
}

struct thread_result {
	pthread_barrier_t *barrier;
	db *conn;
	int64_t value;
	int status;
};

static void *thread_main(void *arg)
{
	struct thread_result *r = arg;
	r->conn = db_thread();
	if (r->conn != NULL) {
		r->status = db_query_int(r->conn, "SELECT count(*) FROM t", DB_NOARGS, &r->value);
		if (db_thread() != r->conn)
			r->status = DB_ERROR;
	}
	/* Both threads hold their connection at the same time. */
	pthread_barrier_wait(r->barrier);
	return NULL;
}

static void test_threads(void **state)
{
	db *c = *state;
	pthread_barrier_t barrier;
	struct thread_result r[2] = { { .barrier = &barrier }, { .barrier = &barrier } };
	pthread_t t[2];

	assert_int_equal(db_exec(c, "CREATE TABLE t (a INTEGER)", DB_NOARGS, NULL), DB_OK);
	assert_int_equal(db_exec(c, "INSERT INTO t VALUES (1), (2)", DB_NOARGS, NULL), DB_OK);
	assert_int_equal(pthread_barrier_init(&barrier, NULL, 2), 0);
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&t[i], NULL, thread_main, &r[i]), 0);
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	pthread_barrier_destroy(&barrier);
	for (int i = 0; i < 2; i++) {
		assert_non_null(r[i].conn);
		assert_ptr_not_equal(r[i].conn, c);
		assert_int_equal(r[i].status, DB_ROW);
		assert_int_equal(r[i].value, 2);
	}
	assert_ptr_not_equal(r[0].conn, r[1].conn);
	assert_ptr_equal(db_thread(), c);
}

static void test_reinit(void **state)
{
	(void)state;
	char err[256] = "";
	db *c;

	/* After a shutdown this thread gets a fresh connection. */
	db_shutdown();
	assert_int_equal(db_init(path, err, sizeof(err)), DB_OK);
	c = db_thread();
	assert_non_null(c);
	assert_int_equal(db_exec(c, "CREATE TABLE IF NOT EXISTS r (a)", DB_NOARGS, NULL), DB_OK);
	db_shutdown();
	assert_null(db_thread()); /* not initialised: logged, NULL */
}

static void test_postgres_url(void **state)
{
	(void)state;
	char err[256] = "";

	db_shutdown();
	/* a postgresql:// URL selects the PostgreSQL body; nothing listens on port 1 */
	assert_int_equal(db_init("postgresql://user@127.0.0.1:1/terbuka", err, sizeof(err)),
			 DB_UNAVAILABLE);
	assert_non_null(strstr(err, "cannot connect to PostgreSQL at 127.0.0.1:1/terbuka"));
	err[0] = '\0';
	assert_int_equal(db_init("postgres://127.0.0.1:1/terbuka", err, sizeof(err)),
			 DB_UNAVAILABLE);
	assert_int_equal(db_init("", err, sizeof(err)), DB_ERROR);
	assert_true(strlen(err) > 0);
	assert_int_equal(db_init("/nonexistent-dir/x/y.db", err, sizeof(err)), DB_ERROR);
	assert_true(strlen(err) > 0);
}

int main(void)
{
	if (search_init() != 0) /* migration 008 needs its tokenizer */
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_pragmas, setup, teardown),
		cmocka_unit_test_setup_teardown(test_binds_and_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_query_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_query_row_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exec_changes_and_int, setup, teardown),
		cmocka_unit_test_setup_teardown(test_constraint, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transactions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_statement_cache, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_sql, setup, teardown),
		cmocka_unit_test_setup_teardown(test_script_and_metrics, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_failure_rolls_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_threads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reinit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_postgres_url, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
