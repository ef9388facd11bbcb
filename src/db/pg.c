/*
 * pg.c - the PostgreSQL body of the database layer (see db.h, db_int.h).
 *
 * One libpq connection per thread, in UTF-8 and UTC. Each connection
 * caches its prepared statements (named t1, t2, ...) in a small hash table
 * keyed by the SQL text; `?` placeholders become $1..$n. Values are sent
 * as text and the server infers their types. A lost connection is marked
 * broken: the next prepare resets it (at most once a second) and the
 * cached statements are prepared again, lazily, on the new session.
 */
#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "db/db_int.h"
#include "db/stmt_cache.h"

#define PG_RESET_NS 1000000000u /* between two reconnect attempts */
#define PG_MAXPARAMS 65535
#define PG_MAXSQL (1024 * 1024)

/* Type OIDs from the PostgreSQL catalog (pg_type.dat). */
enum { OID_BOOL = 16, OID_INT8 = 20, OID_INT2 = 21, OID_INT4 = 23, OID_OID = 26,
       OID_FLOAT4 = 700, OID_FLOAT8 = 701, OID_NUMERIC = 1700 };

/* Statements whose effect depends on the transaction state. */
enum pg_kind { K_OTHER, K_BEGIN, K_COMMIT, K_ROLLBACK };

struct pg_stmt {
	struct db_stmt base;
	struct stmt_entry cached; /* key, SQL text and bucket chain */
	char *text;           /* the text sent, with $n placeholders */
	char name[24];        /* "t1", "t2", ... */
	uint64_t gen;         /* the session it was prepared in (pg_db.gen) */
	enum pg_kind kind;
	int nparams;
	char **vals;          /* bound values as text; NULL is SQL NULL */
	PGresult *desc;       /* columns, from PQdescribePrepared */
	PGresult *res;        /* rows of the current execution */
	int row;
	int64_t changes;
};

struct pg_db {
	struct db base;
	PGconn *h;
	struct stmt_cache cache;
	uint64_t names;    /* statements named so far */
	uint64_t gen;      /* bumped by every reconnect */
	bool broken;       /* the connection was lost: reset before use */
	bool wrote;        /* the open transaction has written (for db_writes) */
	uint64_t reset_ns; /* the last reconnect attempt */
};

static struct pg_db *pg(db *c)
{
	return (struct pg_db *)c;
}

static struct pg_stmt *pgs(db_stmt *st)
{
	return (struct pg_stmt *)st;
}

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Copies the first line of src into dst, with secret (if any) as ***. */
static void copy_line(char *dst, size_t dstlen, const char *src, const char *secret)
{
	size_t o = 0, n = secret ? strlen(secret) : 0;
	while (*src != '\0' && *src != '\n' && o + 1 < dstlen) {
		if (n == 0 || strncmp(src, secret, n) != 0) {
			dst[o++] = *src++;
			continue;
		}
		for (const char *m = "***"; *m != '\0' && o + 1 < dstlen; m++)
			dst[o++] = *m;
		src += n;
	}
	dst[o] = '\0';
}

/* The reason in a libpq connection error, without its "connection to
 * server at ... failed: " and "FATAL:" prefixes. */
static const char *reason(const char *msg)
{
	const char *f = strstr(msg, " failed: ");
	if (f != NULL && (size_t)(f - msg) < strcspn(msg, "\n"))
		msg = f + 9;
	if (strncmp(msg, "FATAL:", 6) == 0)
		for (msg += 6; *msg == ' '; msg++)
			;
	return msg;
}

/* Records the error of res (of the connection when res holds none) and
 * returns its status. A lost connection is marked broken. */
static int fail(struct pg_db *c, const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	int ret = DB_ERROR;
	char line[256];

	if (state == NULL)
		state = "";
	if (PQstatus(c->h) == CONNECTION_BAD || strncmp(state, "08", 2) == 0 ||
	    strcmp(state, "57P01") == 0 || strcmp(state, "57P02") == 0 ||
	    strcmp(state, "57P03") == 0) {
		c->broken = true;
		ret = DB_UNAVAILABLE;
	} else if (strncmp(state, "23", 2) == 0) {
		ret = DB_CONSTRAINT;
	}
	if (msg == NULL || msg[0] == '\0')
		msg = reason(PQerrorMessage(c->h));
	copy_line(line, sizeof(line), msg[0] ? msg : "unknown error", NULL);
	/* Data errors quote the offending value after a colon: not logged. */
	if (strncmp(state, "22", 2) == 0 && strstr(line, ": ") != NULL)
		*strstr(line, ": ") = '\0';
	if (ret == DB_UNAVAILABLE)
		db_set_error(&c->base, "PostgreSQL connection lost: %s", line);
	else if (state[0] != '\0')
		db_set_error(&c->base, "%s (SQLSTATE %s)", line, state);
	else
		db_set_error(&c->base, "%s", line);
	c->base.unavailable = ret == DB_UNAVAILABLE;
	return ret;
}

static void clear_binds(struct pg_stmt *e)
{
	for (int i = 0; i < e->nparams; i++) {
		free(e->vals[i]);
		e->vals[i] = NULL;
	}
}

static void stmt_free(struct pg_stmt *e)
{
	if (e == NULL)
		return;
	if (e->vals != NULL)
		clear_binds(e);
	free(e->vals);
	PQclear(e->desc);
	PQclear(e->res);
	free(e->text);
	free(e->cached.sql);
	free(e);
}

static void entry_free(struct stmt_entry *entry)
{
	stmt_free((struct pg_stmt *)((char *)entry - offsetof(struct pg_stmt, cached)));
}

static bool ident_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '_' || ch == '$' || (unsigned char)ch >= 0x80;
}

/* If p starts a comment or a quoted string or identifier, returns its end
 * (the end of the text when unterminated) and tells whether it was a
 * comment; else returns p. */
static const char *skip_token(const char *sql, const char *p, bool *comment)
{
	*comment = true;
	if (p[0] == '-' && p[1] == '-')
		return p + 2 + strcspn(p + 2, "\n");
	if (p[0] == '/' && p[1] == '*') {
		const char *end = strstr(p + 2, "*/");
		return end ? end + 2 : p + strlen(p);
	}
	*comment = false;
	if (*p == '\'' || *p == '"') {
		char q = *p;
		/* E'...' strings take backslash escapes. */
		bool esc = q == '\'' && p > sql && (p[-1] == 'E' || p[-1] == 'e') &&
			   (p - 1 == sql || !ident_char(p[-2]));
		for (p++; *p != '\0'; p++) {
			if (esc && *p == '\\' && p[1] != '\0')
				p++;
			else if (*p == q && p[1] == q)
				p++;
			else if (*p == q)
				return p + 1;
		}
		return p;
	}
	return p;
}

static bool word_is(const char *p, const char *w)
{
	size_t n = strlen(w);
	return strncasecmp(p, w, n) == 0 && !ident_char(p[n]);
}

/* Copies the one statement of sql into e->text with each `?` outside
 * quotes and comments turned into $1..$n; anything but blanks and
 * comments after its `;` is an error. */
static int rewrite(struct pg_db *c, struct pg_stmt *e, const char *sql)
{
	size_t len = strlen(sql), w = 0;
	const char *p = sql, *first = NULL, *q;
	bool comment;

	if (len > PG_MAXSQL) {
		db_set_error(&c->base, "SQL text longer than %d bytes", PG_MAXSQL);
		return DB_ERROR;
	}
	e->text = malloc(len * 6 + 1); /* "?" is at most "$65535" */
	if (e->text == NULL) {
		db_set_error(&c->base, "out of memory");
		return DB_ERROR;
	}
	while (*p != '\0' && *p != ';') {
		if ((q = skip_token(sql, p, &comment)) != p) {
			if (!comment && first == NULL)
				first = p;
			memcpy(e->text + w, p, (size_t)(q - p));
			w += (size_t)(q - p);
			p = q;
			continue;
		}
		if (first == NULL && !isspace((unsigned char)*p))
			first = p;
		if (*p == '?') {
			if (++e->nparams > PG_MAXPARAMS) {
				db_set_error(&c->base, "more than %d parameters", PG_MAXPARAMS);
				return DB_ERROR;
			}
			w += (size_t)snprintf(e->text + w, 8, "$%d", e->nparams);
		} else {
			e->text[w++] = *p;
		}
		p++;
	}
	e->text[w] = '\0';
	char *fit = realloc(e->text, w + 1);
	if (fit != NULL)
		e->text = fit;
	while (*p != '\0') {
		if ((q = skip_token(sql, p, &comment)) != p && comment)
			p = q;
		else if (*p == ';' || isspace((unsigned char)*p))
			p++;
		else {
			db_set_error(&c->base, "more than one statement in one prepare");
			return DB_ERROR;
		}
	}
	if (first == NULL) {
		db_set_error(&c->base, "empty statement");
		return DB_ERROR;
	}
	if (word_is(first, "BEGIN") || word_is(first, "START"))
		e->kind = K_BEGIN;
	else if (word_is(first, "COMMIT") || word_is(first, "END"))
		e->kind = K_COMMIT;
	else if (word_is(first, "ROLLBACK") || word_is(first, "ABORT"))
		e->kind = K_ROLLBACK;
	return DB_OK;
}

/* Sets up a new or reset session. */
static int configure(struct pg_db *c)
{
	PGresult *res = PQexec(c->h, "SET TIME ZONE 'UTC'");
	int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? DB_OK : fail(c, res);
	PQclear(res);
	return rc;
}

/* True when the connection is usable, after a reset if it was lost. */
static bool ensure_conn(struct pg_db *c)
{
	uint64_t now = now_ns();
	char line[256];

	if (!c->broken && PQstatus(c->h) == CONNECTION_OK)
		return true;
	c->broken = true;
	c->base.unavailable = true;
	if (c->reset_ns != 0 && now - c->reset_ns < PG_RESET_NS) {
		db_set_error(&c->base, "PostgreSQL connection lost; "
			     "reconnecting at most once a second");
		return false;
	}
	c->reset_ns = now;
	PQreset(c->h);
	if (PQstatus(c->h) != CONNECTION_OK) {
		copy_line(line, sizeof(line), reason(PQerrorMessage(c->h)), NULL);
		db_set_error(&c->base, "cannot reconnect to PostgreSQL: %s", line);
		return false;
	}
	c->gen++; /* the server forgot every prepared statement */
	c->wrote = false;   /* and the transaction it was in */
	if (configure(c) != DB_OK) {
		c->broken = true;
		c->base.unavailable = true;
		return false;
	}
	c->broken = false;
	c->base.unavailable = false;
	return true;
}

/* Prepares e on the server in this session and describes its columns. */
static int server_prepare(struct pg_db *c, struct pg_stmt *e)
{
	PGresult *res = PQprepare(c->h, e->name, e->text, 0, NULL);
	if (PQresultStatus(res) == PGRES_COMMAND_OK) {
		PQclear(res);
		res = PQdescribePrepared(c->h, e->name);
	}
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		int rc = fail(c, res);
		PQclear(res);
		return rc;
	}
	PQclear(e->desc);
	e->desc = res;
	e->gen = c->gen;
	return DB_OK;
}

static db_stmt *pg_prepare(db *conn, const char *sql)
{
	struct pg_db *c = pg(conn);
	uint64_t hash = stmt_cache_hash(sql);
	struct stmt_entry *hit = stmt_cache_find(&c->cache, sql, hash);
	struct pg_stmt *e;

	if (hit != NULL) {
		e = (struct pg_stmt *)((char *)hit - offsetof(struct pg_stmt, cached));
		PQclear(e->res);
		e->res = NULL;
		clear_binds(e);
		if (e->gen == c->gen && !c->broken)
			return &e->base;
		if (!ensure_conn(c) || (e->gen != c->gen && server_prepare(c, e) != DB_OK))
			return NULL;
		return &e->base;
	}
	if (!stmt_cache_reserve(&c->cache)) {
		db_set_error(conn, "out of memory");
		return NULL;
	}
	e = calloc(1, sizeof(*e));
	if (e == NULL || (e->cached.sql = strdup(sql)) == NULL) {
		db_set_error(conn, "out of memory");
		goto fail;
	}
	if (rewrite(c, e, sql) != DB_OK)
		goto fail;
	e->vals = calloc((size_t)e->nparams + 1, sizeof(*e->vals));
	if (e->vals == NULL) {
		db_set_error(conn, "out of memory");
		goto fail;
	}
	snprintf(e->name, sizeof(e->name), "t%" PRIu64, ++c->names);
	if (!ensure_conn(c) || server_prepare(c, e) != DB_OK)
		goto fail;
	e->base.conn = conn;
	e->cached.key = sql;
	e->cached.hash = hash;
	stmt_cache_add(&c->cache, &e->cached);
	return &e->base;
fail:
	stmt_free(e);
	return NULL;
}

static int pg_param_count(db_stmt *st)
{
	return pgs(st)->nparams;
}

static int pg_bind(db_stmt *st, int index, db_val v)
{
	struct pg_stmt *e = pgs(st);
	char num[32];
	const char *s = num;
	size_t n = 0;

	if (index < 1 || index > e->nparams) {
		db_set_error(st->conn, "bind %d: out of range (%d parameters)", index, e->nparams);
		return DB_ERROR;
	}
	switch (v.type) {
	case DB_T_NULL:
		s = NULL;
		break;
	case DB_T_INT:
		n = (size_t)snprintf(num, sizeof(num), "%" PRId64, v.i);
		break;
	case DB_T_REAL:
		n = (size_t)snprintf(num, sizeof(num), "%.17g", v.d); /* nan, inf: read too */
		break;
	case DB_T_TEXT:
		if (v.s == NULL && v.n > 0) {
			db_set_error(st->conn, "bind %d: text without a pointer", index);
			return DB_ERROR;
		}
		s = v.s ? v.s : "";
		n = v.n;
		if (memchr(s, '\0', n) != NULL) {
			db_set_error(st->conn, "bind %d: text holds a NUL byte, "
				     "which PostgreSQL cannot store", index);
			return DB_ERROR;
		}
		break;
	default:
		db_set_error(st->conn, "bind %d: unknown value type", index);
		return DB_ERROR;
	}
	char *copy = s ? strndup(s, n) : NULL; /* s holds no NUL before n */
	if (s != NULL && copy == NULL) {
		db_set_error(st->conn, "out of memory");
		return DB_ERROR;
	}
	free(e->vals[index - 1]);
	e->vals[index - 1] = copy;
	return DB_OK;
}

/* Checks what SQLite refuses and PostgreSQL only warns about. */
static int check_kind(struct pg_db *c, enum pg_kind kind)
{
	PGTransactionStatusType tx = PQtransactionStatus(c->h);
	if (kind == K_BEGIN && tx != PQTRANS_IDLE) {
		db_set_error(&c->base, "cannot start a transaction within a transaction");
		return DB_ERROR;
	}
	if ((kind == K_COMMIT || kind == K_ROLLBACK) && tx == PQTRANS_IDLE) {
		db_set_error(&c->base, "cannot %s - no transaction is active",
			     kind == K_COMMIT ? "commit" : "rollback");
		return DB_ERROR;
	}
	return DB_OK;
}

static bool is_write(const char *status)
{
	static const char *const verbs[] = { "INSERT ", "UPDATE ", "DELETE ", "MERGE ", "TRUNCATE",
	                                     "COPY ", "CREATE ", "ALTER ", "DROP " };
	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strncmp(status, verbs[i], strlen(verbs[i])) == 0)
			return true;
	return false;
}

/* Counts what res says was written, once it is committed (db_writes):
 * a write statement outside a transaction at once, one inside at the
 * transaction's COMMIT. A statement that changed no row counts too: its
 * statement-level triggers still raised data_versions. */
static void note_write(struct pg_db *c, enum pg_kind kind, PGresult *res)
{
	const char *status = PQcmdStatus(res);
	if (kind == K_COMMIT || kind == K_ROLLBACK) {
		if (c->wrote && kind == K_COMMIT && strcmp(status, "COMMIT") == 0)
			db_note_write();
		c->wrote = false;
	} else if (is_write(status)) {
		if (PQtransactionStatus(c->h) == PQTRANS_IDLE)
			db_note_write();
		else
			c->wrote = true;
	}
}

static int pg_step(db_stmt *st)
{
	struct pg_stmt *e = pgs(st);
	struct pg_db *c = pg(st->conn);
	PGresult *res = NULL;
	int rc;

	if (e->res == NULL) {
		if (c->broken) {
			db_set_error(&c->base, "PostgreSQL connection lost");
			return DB_UNAVAILABLE;
		}
		if (e->gen != c->gen) {
			db_set_error(&c->base, "statement prepared before a reconnect: "
				     "prepare it again");
			return DB_ERROR;
		}
		if ((rc = check_kind(c, e->kind)) != DB_OK)
			return rc;
		res = PQexecPrepared(c->h, e->name, e->nparams, (const char *const *)e->vals,
				     NULL, NULL, 0);
		switch (PQresultStatus(res)) {
		case PGRES_COMMAND_OK:
			e->changes = strtoll(PQcmdTuples(res), NULL, 10);
			note_write(c, e->kind, res);
			rc = DB_DONE;
			/* COMMIT of a failed transaction rolls it back. */
			if (e->kind == K_COMMIT && strcmp(PQcmdStatus(res), "ROLLBACK") == 0) {
				db_set_error(&c->base, "transaction rolled back: "
					     "an earlier statement in it failed");
				rc = DB_ERROR;
			}
			goto done;
		case PGRES_TUPLES_OK:
			e->changes = strtoll(PQcmdTuples(res), NULL, 10);
			note_write(c, e->kind, res);
			e->res = res;
			e->row = -1;
			res = NULL;
			break;
		default:
			rc = fail(c, res);
			/* COPY would leave the session stuck: start a new one. */
			if (PQresultStatus(res) != PGRES_FATAL_ERROR)
				c->broken = true;
			goto done;
		}
	}
	if (++e->row < PQntuples(e->res))
		return DB_ROW;
	PQclear(e->res);
	e->res = NULL;
	rc = DB_DONE;
done:
	PQclear(res);
	return rc;
}

static void pg_reset(db_stmt *st)
{
	PQclear(pgs(st)->res);
	pgs(st)->res = NULL;
}

static int pg_column_count(db_stmt *st)
{
	return pgs(st)->desc ? PQnfields(pgs(st)->desc) : 0;
}

static const char *pg_column_name(db_stmt *st, int col)
{
	return PQfname(pgs(st)->desc, col);
}

/* The text of col in the current row; NULL for SQL NULL or no row. */
static const char *value(struct pg_stmt *e, int col)
{
	if (e->res == NULL || col >= PQnfields(e->res) || PQgetisnull(e->res, e->row, col))
		return NULL;
	return PQgetvalue(e->res, e->row, col);
}

static enum db_type pg_column_type(db_stmt *st, int col)
{
	struct pg_stmt *e = pgs(st);
	if (value(e, col) == NULL)
		return DB_T_NULL;
	switch (PQftype(e->res, col)) {
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
	case OID_OID:
	case OID_BOOL:
		return DB_T_INT;
	case OID_FLOAT4:
	case OID_FLOAT8:
	case OID_NUMERIC:
		return DB_T_REAL;
	default:
		return DB_T_TEXT;
	}
}

static double pg_column_real(db_stmt *st, int col)
{
	const char *s = value(pgs(st), col);
	if (s != NULL && PQftype(pgs(st)->res, col) == OID_BOOL)
		return s[0] == 't';
	return s ? strtod(s, NULL) : 0.0;
}

static int64_t pg_column_int(db_stmt *st, int col)
{
	const char *s = value(pgs(st), col);
	char *end;

	if (s == NULL || PQftype(pgs(st)->res, col) == OID_BOOL)
		return s != NULL && s[0] == 't';
	long long v = strtoll(s, &end, 10); /* saturates when out of range */
	if (end != s && *end == '\0')
		return v;
	/* A real or a numeric: truncated and clamped, as SQLite does. */
	double d = pg_column_real(st, col);
	return isnan(d) ? 0 : d >= 0x1p63 ? INT64_MAX : d < -0x1p63 ? INT64_MIN : (int64_t)d;
}

static const char *pg_column_text(db_stmt *st, int col)
{
	return value(pgs(st), col);
}

static size_t pg_column_len(db_stmt *st, int col)
{
	struct pg_stmt *e = pgs(st);
	return value(e, col) ? (size_t)PQgetlength(e->res, e->row, col) : 0;
}

static int64_t pg_changes(db_stmt *st)
{
	return pgs(st)->changes;
}

static int pg_exec_script(db *conn, const char *script)
{
	struct pg_db *c = pg(conn);
	int rc = DB_OK;

	if (!ensure_conn(c))
		return DB_UNAVAILABLE;
	PGresult *res = PQexec(c->h, script);
	ExecStatusType st = PQresultStatus(res);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY)
		rc = fail(c, res);
	PQclear(res);
	db_note_write(); /* a script (migrations) may write anything */
	return rc;
}

static bool pg_in_transaction(db *conn)
{
	PGTransactionStatusType tx = PQtransactionStatus(pg(conn)->h);
	return tx == PQTRANS_INTRANS || tx == PQTRANS_INERROR;
}

static void pg_close(db *conn)
{
	struct pg_db *c = pg(conn);
	if (c == NULL)
		return;
	stmt_cache_free(&c->cache, entry_free);
	PQfinish(c->h);
	free(c);
}

/* Server notices (NOTICE, WARNING) are not printed on stderr. */
static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* Writes why a connection failed; DB_UNAVAILABLE unless the server
 * answered with a reason of its own (authentication, no such database)
 * or a setting is invalid. */
static int connect_error(PGconn *h, char *err, size_t errlen, const char *secret)
{
	const char *msg = PQerrorMessage(h);
	bool answered = PQconnectionUsedPassword(h) || PQconnectionNeedsPassword(h) ||
			strstr(msg, "FATAL:") != NULL || strncmp(reason(msg), "invalid ", 8) == 0;
	bool busy = strstr(msg, "the database system is") != NULL ||
		    strstr(msg, "too many clients") != NULL ||
		    strstr(msg, "connection slots are reserved") != NULL;
	char line[256];

	copy_line(line, sizeof(line), reason(msg), secret);
	snprintf(err, errlen, "cannot connect to PostgreSQL at %s:%s/%s: %s",
		 PQhost(h) ? PQhost(h) : "?", PQport(h) ? PQport(h) : "?",
		 PQdb(h) ? PQdb(h) : "?", line[0] ? line : "unknown error");
	return answered && !busy ? DB_ERROR : DB_UNAVAILABLE;
}

static int pg_open(const char *location, db **out, char *err, size_t errlen)
{
	/* The URL's own settings come in place of dbname: they override the
	 * defaults before it, not the encoding after it. */
	const char *const keys[] = { "connect_timeout", "application_name", "dbname",
				     "client_encoding", NULL };
	const char *const vals[] = { "5", "terbuka", location, "UTF8", NULL };
	char *perr = NULL;
	PQconninfoOption *opts = PQconninfoParse(location, &perr);
	const char *secret = NULL;
	struct pg_db *c = NULL;
	int ret = DB_ERROR;

	*out = NULL;
	if (opts == NULL) {
		/* libpq quotes the bad part, which may be the password. */
		const char *msg = perr ? perr : "out of memory";
		int n = (int)strcspn(msg, ":\"\n");
		while (n > 0 && msg[n - 1] == ' ')
			n--;
		snprintf(err, errlen, "invalid PostgreSQL URL: %.*s", n, msg);
		goto done;
	}
	for (PQconninfoOption *o = opts; o->keyword != NULL; o++)
		if (strcmp(o->keyword, "password") == 0)
			secret = o->val;
	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		snprintf(err, errlen, "out of memory");
		goto done;
	}
	c->base.ops = &db_pg_ops;
	c->gen = 1;
	c->h = PQconnectdbParams(keys, vals, 1);
	if (c->h == NULL) {
		snprintf(err, errlen, "out of memory");
		goto done;
	}
	if (PQstatus(c->h) != CONNECTION_OK) {
		ret = connect_error(c->h, err, errlen, secret);
		goto done;
	}
	PQsetNoticeProcessor(c->h, quiet, NULL);
	if (configure(c) != DB_OK) {
		snprintf(err, errlen, "cannot configure the PostgreSQL session: %s", c->base.err);
		ret = c->base.unavailable ? DB_UNAVAILABLE : DB_ERROR;
		goto done;
	}
	*out = &c->base;
	c = NULL;
	ret = DB_OK;
done:
	pg_close(c ? &c->base : NULL);
	PQconninfoFree(opts);
	PQfreemem(perr);
	return ret;
}

const struct db_ops db_pg_ops = {
	.engine = DB_POSTGRES,
	.name = "postgresql",
	.begin_write_sql = "BEGIN",
	.begin_read_sql = "BEGIN READ ONLY",
	.open = pg_open,
	.close = pg_close,
	.prepare = pg_prepare,
	.param_count = pg_param_count,
	.bind = pg_bind,
	.step = pg_step,
	.reset = pg_reset,
	.column_count = pg_column_count,
	.column_name = pg_column_name,
	.column_type = pg_column_type,
	.column_int = pg_column_int,
	.column_real = pg_column_real,
	.column_text = pg_column_text,
	.column_len = pg_column_len,
	.changes = pg_changes,
	.exec_script = pg_exec_script,
	.in_transaction = pg_in_transaction,
};
