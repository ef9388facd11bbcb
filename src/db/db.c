/*
 * db.c - the engine-independent half of the database layer (see db.h):
 * choosing the engine, one connection per thread with a registry so that
 * db_shutdown() can close them all, the metrics, and the conveniences
 * (JSON rows, exec, transactions) built on prepare/bind/step/column.
 */
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "db/db_int.h"

/* The registry of open connections; everything here is under reg_lock. */
static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;
static db *reg_head;
static uint64_t reg_serial;
static char *reg_location;               /* NULL until db_init */
static const struct db_ops *reg_ops;
static enum db_engine reg_engine = DB_SQLITE;

/* Bumped by db_init and db_shutdown: a thread's cached connection from an
 * older generation has been closed and must not be used. */
static atomic_uint_fast64_t generation;

static _Thread_local db *tl_conn;
static _Thread_local uint64_t tl_gen;

/* A thread key whose destructor closes the connection of an ending
 * thread; its value is the connection's serial, not its address, so a
 * connection already closed by db_shutdown is never touched. */
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static pthread_key_t key;
static bool key_ok;

static atomic_uint_fast64_t time_ns;
static atomic_uint_fast64_t n_statements;
static atomic_uint_fast64_t n_writes;

void db_set_error(db *c, const char *fmt, ...)
{
	va_list ap;
	if (c == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(c->err, sizeof(c->err), fmt, ap);
	va_end(ap);
}

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* --- registry and per-thread connections -------------------------------- */

/* Removes the connection with that serial; returns it, or NULL. */
static db *unregister(uint64_t serial)
{
	db *found = NULL;
	pthread_mutex_lock(&reg_lock);
	for (db **p = &reg_head; *p != NULL; p = &(*p)->next) {
		if ((*p)->serial == serial) {
			found = *p;
			*p = found->next;
			break;
		}
	}
	pthread_mutex_unlock(&reg_lock);
	return found;
}

static void thread_exit(void *v)
{
	db *c = unregister((uint64_t)(uintptr_t)v);
	if (c != NULL)
		c->ops->close(c);
}

static void key_make(void)
{
	key_ok = pthread_key_create(&key, thread_exit) == 0;
}

/* Adds c to the registry; the caller holds reg_lock. */
static void register_locked(db *c)
{
	c->serial = ++reg_serial;
	c->next = reg_head;
	reg_head = c;
}

/* Makes c this thread's connection. */
static void adopt(db *c, uint64_t gen)
{
	tl_conn = c;
	tl_gen = gen;
	pthread_once(&key_once, key_make);
	if (key_ok)
		pthread_setspecific(key, (void *)(uintptr_t)c->serial);
}

static bool is_postgres(const char *location)
{
	return strncmp(location, "postgresql://", 13) == 0 ||
	       strncmp(location, "postgres://", 11) == 0;
}

int db_init(const char *location, char *err, size_t errlen)
{
	const struct db_ops *ops = &db_sqlite_ops;
	char *loc = NULL;
	db *c = NULL;
	int ret = DB_ERROR;

	db_shutdown();
	if (location == NULL || location[0] == '\0') {
		snprintf(err, errlen, "no database location given");
		goto done;
	}
	if (is_postgres(location))
		ops = &db_pg_ops;
	loc = strdup(location);
	if (loc == NULL) {
		snprintf(err, errlen, "out of memory");
		goto done;
	}
	ret = ops->open(location, &c, err, errlen);
	if (ret != DB_OK)
		goto done;

	pthread_mutex_lock(&reg_lock);
	reg_location = loc;
	loc = NULL;
	reg_ops = ops;
	reg_engine = ops->engine;
	uint64_t gen = atomic_fetch_add(&generation, 1) + 1;
	register_locked(c);
	pthread_mutex_unlock(&reg_lock);
	adopt(c, gen);
done:
	free(loc);
	return ret;
}

void db_shutdown(void)
{
	pthread_mutex_lock(&reg_lock);
	db *c = reg_head;
	reg_head = NULL;
	free(reg_location);
	reg_location = NULL;
	reg_ops = NULL;
	atomic_fetch_add(&generation, 1);
	pthread_mutex_unlock(&reg_lock);

	while (c != NULL) {
		db *next = c->next;
		c->ops->close(c);
		c = next;
	}
	tl_conn = NULL;
}

enum db_engine db_engine(void)
{
	return reg_engine;
}

const char *db_engine_name(void)
{
	return reg_engine == DB_POSTGRES ? "postgresql" : "sqlite";
}

db *db_thread(void)
{
	const struct db_ops *ops;
	char *loc = NULL;
	char err[DB_ERRMAX];
	uint64_t gen;
	db *c = NULL;

	if (tl_conn != NULL && tl_gen == atomic_load(&generation))
		return tl_conn;
	tl_conn = NULL;

	pthread_mutex_lock(&reg_lock);
	ops = reg_ops;
	gen = atomic_load(&generation);
	if (reg_location != NULL)
		loc = strdup(reg_location);
	pthread_mutex_unlock(&reg_lock);
	if (ops == NULL) {
		log_error(NULL, "database: not initialised (db_init was not called)");
		goto done;
	}
	if (loc == NULL) {
		log_error(NULL, "database: out of memory");
		goto done;
	}
	if (ops->open(loc, &c, err, sizeof(err)) != DB_OK) {
		log_error(NULL, "database: %s", err);
		goto done;
	}

	pthread_mutex_lock(&reg_lock);
	if (gen != atomic_load(&generation)) {
		/* db_shutdown ran while we were opening. */
		pthread_mutex_unlock(&reg_lock);
		log_error(NULL, "database: shut down while opening a connection");
		c->ops->close(c);
		c = NULL;
		goto done;
	}
	register_locked(c);
	pthread_mutex_unlock(&reg_lock);
	adopt(c, gen);
done:
	free(loc);
	return c;
}

/* --- statements --------------------------------------------------------- */

db_stmt *db_prepare(db *c, const char *sql)
{
	if (c == NULL)
		return NULL;
	if (sql == NULL) {
		db_set_error(c, "no SQL given");
		return NULL;
	}
	c->unavailable = false;
	db_stmt *st = c->ops->prepare(c, sql);
	if (st != NULL)
		st->started = false;
	return st;
}

int db_bind(db_stmt *st, int index, db_val v)
{
	if (st == NULL)
		return DB_ERROR;
	return st->conn->ops->bind(st, index, v);
}

int db_bind_all(db_stmt *st, const db_val *args, size_t nargs)
{
	if (st == NULL)
		return DB_ERROR;
	int want = st->conn->ops->param_count(st);
	if (want < 0 || (size_t)want != nargs || (args == NULL && nargs > 0)) {
		db_set_error(st->conn, "statement takes %d parameters, %zu given", want, nargs);
		return DB_ERROR;
	}
	for (size_t i = 0; i < nargs; i++) {
		int rc = db_bind(st, (int)i + 1, args[i]);
		if (rc != DB_OK)
			return rc;
	}
	return DB_OK;
}

int db_step(db_stmt *st)
{
	if (st == NULL)
		return DB_ERROR;
	if (!st->started) {
		st->started = true;
		atomic_fetch_add_explicit(&n_statements, 1, memory_order_relaxed);
	}
	uint64_t start = now_ns();
	int rc = st->conn->ops->step(st);
	atomic_fetch_add_explicit(&time_ns, now_ns() - start, memory_order_relaxed);
	return rc;
}

int db_column_count(db_stmt *st)
{
	return st ? st->conn->ops->column_count(st) : 0;
}

static bool col_ok(db_stmt *st, int col)
{
	return st != NULL && col >= 0 && col < st->conn->ops->column_count(st);
}

const char *db_column_name(db_stmt *st, int col)
{
	return col_ok(st, col) ? st->conn->ops->column_name(st, col) : NULL;
}

enum db_type db_column_type(db_stmt *st, int col)
{
	return col_ok(st, col) ? st->conn->ops->column_type(st, col) : DB_T_NULL;
}

int64_t db_column_int(db_stmt *st, int col)
{
	return col_ok(st, col) ? st->conn->ops->column_int(st, col) : 0;
}

double db_column_real(db_stmt *st, int col)
{
	return col_ok(st, col) ? st->conn->ops->column_real(st, col) : 0.0;
}

const char *db_column_text(db_stmt *st, int col)
{
	return col_ok(st, col) ? st->conn->ops->column_text(st, col) : NULL;
}

size_t db_column_len(db_stmt *st, int col)
{
	return col_ok(st, col) ? st->conn->ops->column_len(st, col) : 0;
}

void db_reset(db_stmt *st)
{
	if (st == NULL)
		return;
	st->conn->ops->reset(st);
	st->started = false;
}

/* --- conveniences ------------------------------------------------------- */

/* Prepares sql and binds args; *out is NULL on error. */
static int start(db *c, const char *sql, const db_val *args, size_t nargs, db_stmt **out)
{
	*out = db_prepare(c, sql);
	if (*out == NULL)
		return c != NULL && c->unavailable ? DB_UNAVAILABLE : DB_ERROR;
	int rc = db_bind_all(*out, args, nargs);
	if (rc != DB_OK) {
		db_reset(*out);
		*out = NULL;
	}
	return rc;
}

/* The current row as a JSON object keyed by column name. */
static int row_json(db_stmt *st, json_t **out)
{
	int n = db_column_count(st);
	json_t *obj = json_object();
	int ret = DB_ERROR;

	*out = NULL;
	if (obj == NULL)
		goto oom;
	for (int i = 0; i < n; i++) {
		const char *name = db_column_name(st, i);
		json_t *v;
		if (name == NULL)
			goto oom;
		switch (db_column_type(st, i)) {
		case DB_T_INT:
			v = json_integer((json_int_t)db_column_int(st, i));
			break;
		case DB_T_REAL: {
			double d = db_column_real(st, i);
			v = isfinite(d) ? json_real(d) : json_null();
			break;
		}
		case DB_T_TEXT: {
			const char *s = db_column_text(st, i);
			size_t len = db_column_len(st, i);
			v = json_stringn(s ? s : "", s ? len : 0);
			if (v == NULL) {
				db_set_error(st->conn, "column %s: not UTF-8 text (or out of memory)", name);
				goto done;
			}
			break;
		}
		default:
			v = json_null();
			break;
		}
		if (v == NULL || json_object_set_new(obj, name, v) != 0)
			goto oom;
	}
	*out = obj;
	obj = NULL;
	ret = DB_OK;
	goto done;
oom:
	db_set_error(st->conn, "out of memory building a JSON row");
done:
	json_decref(obj);
	return ret;
}

int db_query_json(db *c, const char *sql, const db_val *args, size_t nargs, json_t **out)
{
	db_stmt *st = NULL;
	json_t *arr = NULL;
	int ret, rc;

	*out = NULL;
	ret = start(c, sql, args, nargs, &st);
	if (ret != DB_OK)
		goto done;
	ret = DB_ERROR;
	arr = json_array();
	if (arr == NULL) {
		db_set_error(c, "out of memory");
		goto done;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		json_t *row;
		rc = row_json(st, &row);
		if (rc != DB_OK)
			goto done;
		if (json_array_append_new(arr, row) != 0) {
			db_set_error(c, "out of memory");
			goto done;
		}
	}
	if (rc != DB_DONE) {
		ret = rc;
		goto done;
	}
	*out = arr;
	arr = NULL;
	ret = DB_OK;
done:
	db_reset(st);
	json_decref(arr);
	return ret;
}

int db_query_row_json(db *c, const char *sql, const db_val *args, size_t nargs, json_t **out)
{
	db_stmt *st = NULL;
	int ret;

	*out = NULL;
	ret = start(c, sql, args, nargs, &st);
	if (ret != DB_OK)
		goto done;
	ret = db_step(st);
	if (ret == DB_ROW && row_json(st, out) != DB_OK)
		ret = DB_ERROR;
done:
	db_reset(st);
	return ret;
}

int db_exec(db *c, const char *sql, const db_val *args, size_t nargs, int64_t *changes)
{
	db_stmt *st = NULL;
	int ret;

	if (changes != NULL)
		*changes = 0;
	ret = start(c, sql, args, nargs, &st);
	if (ret != DB_OK)
		goto done;
	while ((ret = db_step(st)) == DB_ROW)
		;
	if (ret != DB_DONE)
		goto done;
	if (changes != NULL)
		*changes = c->ops->changes(st);
	ret = DB_OK;
done:
	db_reset(st);
	return ret;
}

int db_query_int(db *c, const char *sql, const db_val *args, size_t nargs, int64_t *out)
{
	db_stmt *st = NULL;
	int ret;

	*out = 0;
	ret = start(c, sql, args, nargs, &st);
	if (ret != DB_OK)
		goto done;
	if (db_column_count(st) < 1) {
		db_set_error(c, "db_query_int: statement returns no column");
		ret = DB_ERROR;
		goto done;
	}
	ret = db_step(st);
	if (ret == DB_ROW)
		*out = db_column_int(st, 0);
done:
	db_reset(st);
	return ret;
}

int db_exec_script(db *c, const char *script)
{
	if (c == NULL || script == NULL)
		return DB_ERROR;
	atomic_fetch_add_explicit(&n_statements, 1, memory_order_relaxed);
	uint64_t start_ns = now_ns();
	int rc = c->ops->exec_script(c, script);
	atomic_fetch_add_explicit(&time_ns, now_ns() - start_ns, memory_order_relaxed);
	return rc;
}

/* --- transactions ------------------------------------------------------- */

int db_begin(db *c, bool write)
{
	if (c == NULL)
		return DB_ERROR;
	return db_exec(c, write ? c->ops->begin_write_sql : c->ops->begin_read_sql,
		       DB_NOARGS, NULL);
}

int db_commit(db *c)
{
	return c ? db_exec(c, "COMMIT", DB_NOARGS, NULL) : DB_ERROR;
}

/* Harmless when no transaction is open (some errors end it already). */
int db_rollback(db *c)
{
	if (c == NULL)
		return DB_ERROR;
	if (!c->ops->in_transaction(c))
		return DB_OK;
	return db_exec(c, "ROLLBACK", DB_NOARGS, NULL);
}

const char *db_errmsg(db *c)
{
	if (c == NULL)
		return "no database connection";
	return c->err[0] != '\0' ? c->err : "no error";
}

uint64_t db_time_us(void)
{
	return atomic_load_explicit(&time_ns, memory_order_relaxed) / 1000;
}

uint64_t db_statements(void)
{
	return atomic_load_explicit(&n_statements, memory_order_relaxed);
}

uint64_t db_writes(void)
{
	return atomic_load_explicit(&n_writes, memory_order_acquire);
}

void db_note_write(void)
{
	atomic_fetch_add_explicit(&n_writes, 1, memory_order_release);
}

const char *db_location(void)
{
	return reg_location;
}

char *db_like_contains(arena *a, const char *q)
{
	size_t n = strlen(q);
	char *out = arena_alloc(a, 2 * n + 3);
	if (out == NULL)
		return NULL;
	size_t o = 0;
	out[o++] = '%';
	for (size_t i = 0; i < n; i++) {
		char ch = q[i] >= 'A' && q[i] <= 'Z' ? (char)(q[i] + 32) : q[i];
		if (ch == '%' || ch == '_' || ch == '\\')
			out[o++] = '\\';
		out[o++] = ch;
	}
	out[o++] = '%';
	out[o] = '\0';
	return out;
}
