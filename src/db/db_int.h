/*
 * db_int.h - the interface between db.c and an engine body (sqlite.c, and
 * later pg.c). Not for use outside src/db/.
 *
 * An engine allocates its own connection and statement structs with the
 * common parts below as their first member, and fills a struct db_ops.
 * db.c does everything engine-independent: choosing the engine, the
 * per-thread connections and their registry, the metrics, the JSON
 * conveniences and the transaction helpers.
 */
#ifndef TERBUKA_DB_INT_H
#define TERBUKA_DB_INT_H

#include <string.h> /* strlen, for DB_TEXT */

#include "db/db.h"

#define DB_ERRMAX 512

/* The common head of every engine's connection. */
struct db {
	const struct db_ops *ops; /* set by the engine's open */
	struct db *next;          /* registry of open connections (db.c) */
	uint64_t serial;          /* unique id in the registry (db.c) */
	char err[DB_ERRMAX];      /* last error, see db_set_error() */
	bool unavailable;         /* the last prepare failed: server unreachable */
};

/* The common head of every engine's statement. */
struct db_stmt {
	db *conn;
	bool started; /* stepped since the last reset (db.c, for metrics) */
};

struct db_ops {
	enum db_engine engine;
	const char *name;
	/* SQL that opens a transaction, for db_begin(write) / db_begin(read). */
	const char *begin_write_sql;
	const char *begin_read_sql;

	/* Opens a connection at location; on failure writes one line into err
	 * and returns DB_ERROR or DB_UNAVAILABLE. */
	int (*open)(const char *location, db **out, char *err, size_t errlen);
	/* Finalizes every cached statement and frees the connection. */
	void (*close)(db *c);

	/* The cached statement for sql, reset and with binds cleared; NULL with
	 * the error set on c. A text holding more than one statement is an
	 * error. */
	db_stmt *(*prepare)(db *c, const char *sql);
	int (*param_count)(db_stmt *st);
	int (*bind)(db_stmt *st, int index, db_val v);
	/* DB_ROW, DB_DONE, or an error status with the error set on conn. */
	int (*step)(db_stmt *st);
	void (*reset)(db_stmt *st);

	/* col is checked by db.c to be within [0, column_count). */
	int (*column_count)(db_stmt *st);
	const char *(*column_name)(db_stmt *st, int col);
	enum db_type (*column_type)(db_stmt *st, int col);
	int64_t (*column_int)(db_stmt *st, int col);
	double (*column_real)(db_stmt *st, int col);
	const char *(*column_text)(db_stmt *st, int col);
	size_t (*column_len)(db_stmt *st, int col);

	/* Rows changed by the statement that just finished. */
	int64_t (*changes)(db_stmt *st);
	/* Runs several statements with no binds. */
	int (*exec_script)(db *c, const char *script);
	/* True while c has a transaction open. */
	bool (*in_transaction)(db *c);
};

extern const struct db_ops db_sqlite_ops;
extern const struct db_ops db_pg_ops;

/* The location given to db_init (a path or URL, password included: never
 * log it), for code that needs a connection of its own (pubsub). */
const char *db_location(void);

/* Counts one committed write (for db_writes). */
void db_note_write(void);

/* Records the last error of c (for db_errmsg); never pass bound values. */
void db_set_error(db *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
