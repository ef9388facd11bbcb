/*
 * migrate.c - applies the embedded schema migrations in numeric order and
 * records each in schema_version (see migrate.h).
 */
#include "db/migrate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/str.h"
#include "embedded.h"

struct migration {
	const struct embedded_file *file;
	int64_t version;
	str name; /* "init" of 001_init.sql */
};

static const char *prefix(void)
{
	return db_engine() == DB_POSTGRES ? "migrations/pg/" : "migrations/sqlite/";
}

/* Splits "NNN_name.sql" into its number and name; false if malformed. */
static bool parse_name(const char *base, struct migration *m)
{
	str s = str_c(base);
	size_t digits = 0;

	if (!str_has_suffix(s, ".sql") || strchr(base, '/') != NULL)
		return false;
	s.n -= 4;
	while (digits < s.n && base[digits] >= '0' && base[digits] <= '9')
		digits++;
	if (digits == 0 || digits + 1 >= s.n || base[digits] != '_')
		return false;
	if (!str_to_i64((str){ base, digits }, false, &m->version) || m->version <= 0)
		return false;
	m->name = (str){ base + digits + 1, s.n - digits - 1 };
	return true;
}

static int by_version(const void *a, const void *b)
{
	const struct migration *x = a, *y = b;
	return (x->version > y->version) - (x->version < y->version);
}

/* The embedded migrations of this engine, sorted; *out is malloc'd. */
static int collect(struct migration **out, size_t *count, char *err, size_t errlen)
{
	const char *pre = prefix();
	size_t plen = strlen(pre), n = 0, cap = 0;
	struct migration *list = NULL;
	int ret = DB_ERROR;

	for (const struct embedded_file *f = embedded_files; f->name != NULL; f++) {
		if (strncmp(f->name, pre, plen) != 0 || !str_has_suffix(str_c(f->name), ".sql"))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			struct migration *p = realloc(list, cap * sizeof(*p));
			if (p == NULL) {
				snprintf(err, errlen, "out of memory");
				goto done;
			}
			list = p;
		}
		list[n].file = f;
		if (!parse_name(f->name + plen, &list[n])) {
			snprintf(err, errlen, "%s: name is not NNN_name.sql", f->name);
			goto done;
		}
		if (strlen(f->data) != f->len) {
			snprintf(err, errlen, "%s: holds a NUL byte", f->name);
			goto done;
		}
		n++;
	}
	if (n > 0)
		qsort(list, n, sizeof(*list), by_version);
	for (size_t i = 1; i < n; i++) {
		if (list[i].version == list[i - 1].version) {
			snprintf(err, errlen, "%s: same number as %s", list[i].file->name,
				 list[i - 1].file->name);
			goto done;
		}
	}
	*out = list;
	*count = n;
	list = NULL;
	ret = DB_OK;
done:
	free(list);
	return ret;
}

static int is_applied(db *c, int64_t version, int64_t *found)
{
	return db_query_int(c, "SELECT count(*) FROM schema_version WHERE version = ?",
			    DB_ARGS(DB_INT(version)), found);
}

#define FK_OFF_MARK "-- migrate: foreign_keys off"

/* Applies one migration in its own write transaction: 1 when applied, 0
 * when it already was, or an error status with err written. */
static int apply(db *c, const struct migration *m, char *err, size_t errlen)
{
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	int64_t found = 0;
	int ret = DB_ERROR;
	bool fk_off = false;
	int rc;

	/* Versions are never removed: a quick look avoids the write lock. */
	rc = is_applied(c, m->version, &found);
	if (rc != DB_ROW)
		goto fail;
	if (found > 0) {
		ret = 0;
		goto done;
	}

	/* SQLite changes a table's constraints by rebuilding it, which needs
	 * foreign keys off around the transaction (sqlite.org/lang_altertable
	 * "other kinds of table schema changes"); such a file says so on its
	 * first line, and its result is checked before it commits. */
	fk_off = db_engine() == DB_SQLITE &&
	         strncmp(m->file->data, FK_OFF_MARK, sizeof(FK_OFF_MARK) - 1) == 0;
	if (fk_off && (rc = db_exec(c, "PRAGMA foreign_keys = OFF", DB_NOARGS, NULL)) != DB_OK)
		goto fail;
	rc = db_begin(c, true);
	if (rc != DB_OK)
		goto fail;
	/* Again under the lock: another process may have been quicker. */
	rc = is_applied(c, m->version, &found);
	if (rc != DB_ROW)
		goto fail;
	if (found > 0) {
		ret = 0;
		goto done;
	}
	rc = db_exec_script(c, m->file->data);
	if (rc != DB_OK)
		goto fail;
	if (fk_off) {
		int64_t broken = 0;
		rc = db_query_int(c, "SELECT count(*) FROM pragma_foreign_key_check", DB_NOARGS, &broken);
		if (rc != DB_ROW || broken != 0) {
			rc = DB_ERROR;
			snprintf(err, errlen, "%s: leaves %lld broken foreign keys", m->file->name,
			         (long long)broken);
			db_rollback(c);
			(void)db_exec(c, "PRAGMA foreign_keys = ON", DB_NOARGS, NULL);
			return DB_ERROR;
		}
	}
	if (gmtime_r(&t, &tm) == NULL || strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		now[0] = '\0';
	rc = db_exec(c, "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
		     DB_ARGS(DB_INT(m->version), DB_TEXTN(m->name.p, m->name.n), DB_TEXT(now)),
		     NULL);
	if (rc != DB_OK)
		goto fail;
	rc = db_commit(c);
	if (rc != DB_OK)
		goto fail;
	ret = 1;
	goto done;
fail:
	snprintf(err, errlen, "%s: %s", m->file->name, db_errmsg(c));
	ret = rc < 0 ? rc : DB_ERROR;
done:
	db_rollback(c); /* a no-op unless a transaction is still open */
	if (fk_off)
		(void)db_exec(c, "PRAGMA foreign_keys = ON", DB_NOARGS, NULL);
	return ret;
}

int db_migrate(db *c, char *err, size_t errlen)
{
	struct migration *list = NULL;
	size_t n = 0;
	int applied = 0;
	int ret = DB_ERROR;

	if (c == NULL) {
		snprintf(err, errlen, "no database connection");
		goto done;
	}
	ret = collect(&list, &n, err, errlen);
	if (ret != DB_OK)
		goto done;
	ret = db_exec(c, "CREATE TABLE IF NOT EXISTS schema_version ("
			 "version INTEGER PRIMARY KEY, "
			 "name TEXT NOT NULL, "
			 "applied_at TEXT NOT NULL)", DB_NOARGS, NULL);
	if (ret != DB_OK) {
		snprintf(err, errlen, "schema_version: %s", db_errmsg(c));
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		ret = apply(c, &list[i], err, errlen);
		if (ret < 0)
			goto done;
		applied += ret;
	}
	ret = applied;
done:
	free(list);
	return ret;
}

int db_schema_version(db *c, int64_t *out)
{
	const char *exists_sql = db_engine() == DB_POSTGRES ?
		"SELECT count(*) FROM information_schema.tables "
		"WHERE table_schema = current_schema() AND table_name = 'schema_version'" :
		"SELECT count(*) FROM sqlite_master "
		"WHERE type = 'table' AND name = 'schema_version'";
	int64_t exists = 0;
	int ret;

	*out = 0;
	ret = db_query_int(c, exists_sql, DB_NOARGS, &exists);
	if (ret == DB_ROW && exists > 0)
		ret = db_query_int(c, "SELECT coalesce(max(version), 0) FROM schema_version",
				   DB_NOARGS, out);
	if (ret == DB_ROW)
		return DB_OK;
	return ret < 0 ? ret : DB_ERROR;
}
