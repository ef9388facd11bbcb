/*
 * db.h - the one SQL API of terbuka, over SQLite or PostgreSQL.
 *
 * All SQL goes through here with `?` placeholders and typed binds; no SQL
 * is ever built from input. Each thread has its own connection (opened on
 * first use by db_thread()), and each connection caches its prepared
 * statements, keyed by the SQL text. The PostgreSQL body (pg.c) rewrites
 * `?` to `$n`; callers write portable SQL (INSERT ... RETURNING,
 * ON CONFLICT). Nothing here knows a domain word.
 *
 * Errors: functions return DB_OK / DB_ROW / DB_DONE, or DB_ERROR with the
 * message in db_errmsg(); DB_UNAVAILABLE means the server is unreachable
 * (the request should answer 503).
 */
#ifndef TERBUKA_DB_H
#define TERBUKA_DB_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/arena.h"

typedef struct db db;
typedef struct db_stmt db_stmt;

enum db_engine { DB_SQLITE, DB_POSTGRES };

enum db_status {
	DB_OK = 0,
	DB_ROW = 1,
	DB_DONE = 2,
	DB_ERROR = -1,
	DB_UNAVAILABLE = -2,
	DB_CONSTRAINT = -3, /* unique / foreign-key / check violation */
};

enum db_type { DB_T_NULL, DB_T_INT, DB_T_REAL, DB_T_TEXT };

/* One bound value. Text is (pointer, length) and need not be NUL-terminated. */
typedef struct db_val {
	enum db_type type;
	int64_t i;
	double d;
	const char *s;
	size_t n;
} db_val;

#define DB_NULL ((db_val){ .type = DB_T_NULL })
#define DB_INT(x) ((db_val){ .type = DB_T_INT, .i = (int64_t)(x) })
#define DB_REAL(x) ((db_val){ .type = DB_T_REAL, .d = (double)(x) })
#define DB_TEXT(x) ((db_val){ .type = DB_T_TEXT, .s = (x), .n = strlen(x) })
#define DB_TEXTN(x, len) ((db_val){ .type = DB_T_TEXT, .s = (x), .n = (len) })
/* DB_ARGS(a, b, c) expands to "array, count" for the functions below. */
#define DB_ARGS(...) (const db_val[]){ __VA_ARGS__ }, \
	(sizeof((const db_val[]){ __VA_ARGS__ }) / sizeof(db_val))
#define DB_NOARGS NULL, 0

/* --- process-wide set-up ------------------------------------------------ */

/* Chooses the engine from the location: a file path means SQLite, a
 * postgresql:// or postgres:// URL means PostgreSQL. Opens and checks one
 * connection; on failure writes one line into err and returns DB_ERROR
 * (or DB_UNAVAILABLE). Does not run migrations. */
int db_init(const char *location, char *err, size_t errlen);
/* Closes every connection of every thread. Call after the server stopped. */
void db_shutdown(void);
enum db_engine db_engine(void);
const char *db_engine_name(void);

/* This thread's connection, opened on first use; NULL if it cannot be
 * opened (the reason is logged). */
db *db_thread(void);

/* --- statements --------------------------------------------------------- */

/* The cached prepared statement for sql (a string that lives for the whole
 * program, usually a literal), reset and with binds cleared. NULL on error. */
db_stmt *db_prepare(db *c, const char *sql);
int db_bind(db_stmt *st, int index /* 1-based */, db_val v);
int db_bind_all(db_stmt *st, const db_val *args, size_t nargs);
/* DB_ROW while rows come, then DB_DONE; or an error status. */
int db_step(db_stmt *st);
int db_column_count(db_stmt *st);
const char *db_column_name(db_stmt *st, int col);
enum db_type db_column_type(db_stmt *st, int col);
int64_t db_column_int(db_stmt *st, int col);
double db_column_real(db_stmt *st, int col);
/* Text of the column (NULL for SQL NULL), valid until the next step/reset. */
const char *db_column_text(db_stmt *st, int col);
size_t db_column_len(db_stmt *st, int col);
/* Ends use of the statement so it may be reused (also done by db_prepare). */
void db_reset(db_stmt *st);

/* --- conveniences built on the above ------------------------------------ */

/* Runs sql with args; *out gets a JSON array of objects, one per row, keyed
 * by column name (integers, reals, strings, null). Returns DB_OK. */
int db_query_json(db *c, const char *sql, const db_val *args, size_t nargs, json_t **out);
/* Like db_query_json for at most one row: DB_ROW with *out the object, or
 * DB_DONE with *out NULL when there is no row. */
int db_query_row_json(db *c, const char *sql, const db_val *args, size_t nargs, json_t **out);
/* Runs a statement that returns no rows (or ignores them); *changes, if
 * non-NULL, gets the number of rows changed. Returns DB_OK. */
int db_exec(db *c, const char *sql, const db_val *args, size_t nargs, int64_t *changes);
/* The first column of the first row as an integer: DB_ROW, or DB_DONE if
 * there is no row. */
int db_query_int(db *c, const char *sql, const db_val *args, size_t nargs, int64_t *out);
/* Runs a script of several statements with no binds (migrations only). */
int db_exec_script(db *c, const char *script);

/* A LIKE pattern that finds q anywhere ("%q%"), q in ASCII lower case
 * with LIKE's own characters (% _ \) escaped by '\': use it with
 * `LIKE ? ESCAPE '\'` against a lower-cased column. In a's memory; NULL
 * when it ran out. */
char *db_like_contains(arena *a, const char *q);

/* --- transactions ------------------------------------------------------- */

/* write=true takes the write lock at once (SQLite: BEGIN IMMEDIATE). */
int db_begin(db *c, bool write);
int db_commit(db *c);
int db_rollback(db *c);

/* The last error of this connection, for the log (never shown to a person). */
const char *db_errmsg(db *c);

/* Total microseconds spent inside the database by all threads, and the
 * number of statements run (for /metrics). */
uint64_t db_time_us(void);
uint64_t db_statements(void);

/* How many writes this process has committed on PostgreSQL (a write
 * transaction's COMMIT, or a write outside a transaction); it only
 * grows. 0 on SQLite. Whoever keeps a copy of data_versions compares it
 * to see its own node's writes at once (dataversion.c). */
uint64_t db_writes(void);

#endif
