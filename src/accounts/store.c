/*
 * store.c - see store.h.
 */
#include "accounts/store.h"

#include <string.h>

#include "accounts/rules.h"
#include "core/clock.h"

#define USER_COLUMNS \
	"id, email, display_name, password_hash, email_verified_at, disabled_at, deleted_at, " \
	"created_at"

static void now_iso(char out[CLOCK_ISO_LEN])
{
	clock_iso(out, clock_now());
}

/* The unique key of an address; NULL when it is too long. */
static const char *key_of(const char *email, char out[EMAIL_MAX + 1])
{
	return email_key(email, strlen(email), out, EMAIL_MAX + 1) ? out : NULL;
}

int users_create(db *c, const char *email, const char *name, const char *hash, int64_t *id)
{
	char now[CLOCK_ISO_LEN], key[EMAIL_MAX + 1];
	if (key_of(email, key) == NULL)
		return DB_ERROR;
	now_iso(now);
	int rc = db_query_int(c,
		"INSERT INTO users (email, email_key, display_name, password_hash, created_at, "
		"updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
		DB_ARGS(DB_TEXT(email), DB_TEXT(key), DB_TEXT(name), DB_TEXT(hash), DB_TEXT(now),
		        DB_TEXT(now)), id);
	if (rc != DB_ROW)
		return rc == DB_DONE ? DB_ERROR : rc;
	return db_exec(c,
		"INSERT INTO user_roles (user_id, role, agency_id, created_at) VALUES (?, 'warga', NULL, ?)",
		DB_ARGS(DB_INT(*id), DB_TEXT(now)), NULL);
}

int users_by_email(db *c, const char *email, json_t **row)
{
	char key[EMAIL_MAX + 1];
	*row = NULL;
	if (key_of(email, key) == NULL)
		return DB_DONE;
	return db_query_row_json(c, "SELECT " USER_COLUMNS " FROM users WHERE email_key = ?",
	                         DB_ARGS(DB_TEXT(key)), row);
}

int users_by_id(db *c, int64_t id, json_t **row)
{
	return db_query_row_json(c, "SELECT " USER_COLUMNS " FROM users WHERE id = ?",
	                         DB_ARGS(DB_INT(id)), row);
}

int users_set_password(db *c, int64_t id, const char *hash)
{
	char now[CLOCK_ISO_LEN];
	now_iso(now);
	return db_exec(c, "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?",
	               DB_ARGS(DB_TEXT(hash), DB_TEXT(now), DB_INT(id)), NULL);
}

int users_set_name(db *c, int64_t id, const char *name)
{
	char now[CLOCK_ISO_LEN];
	now_iso(now);
	return db_exec(c, "UPDATE users SET display_name = ?, updated_at = ? WHERE id = ?",
	               DB_ARGS(DB_TEXT(name), DB_TEXT(now), DB_INT(id)), NULL);
}

int users_set_verified(db *c, int64_t id)
{
	char now[CLOCK_ISO_LEN];
	now_iso(now);
	return db_exec(c,
		"UPDATE users SET email_verified_at = coalesce(email_verified_at, ?), updated_at = ? "
		"WHERE id = ?",
		DB_ARGS(DB_TEXT(now), DB_TEXT(now), DB_INT(id)), NULL);
}

int users_set_email(db *c, int64_t id, const char *email)
{
	char now[CLOCK_ISO_LEN], key[EMAIL_MAX + 1];
	int64_t changed = 0;
	if (key_of(email, key) == NULL)
		return DB_ERROR;
	now_iso(now);
	int rc = db_exec(c,
		"UPDATE users SET email = ?, email_key = ?, email_verified_at = ?, updated_at = ? "
		"WHERE id = ? AND deleted_at IS NULL AND disabled_at IS NULL",
		DB_ARGS(DB_TEXT(email), DB_TEXT(key), DB_TEXT(now), DB_TEXT(now), DB_INT(id)), &changed);
	return rc == DB_OK && changed == 0 ? DB_DONE : rc;
}

int users_set_disabled(db *c, int64_t id, bool disabled)
{
	char now[CLOCK_ISO_LEN];
	now_iso(now);
	int rc = db_exec(c, "UPDATE users SET disabled_at = ?, updated_at = ? WHERE id = ?",
	                 DB_ARGS(disabled ? DB_TEXT(now) : DB_NULL, DB_TEXT(now), DB_INT(id)), NULL);
	if (rc == DB_OK && disabled)
		rc = db_exec(c, "DELETE FROM sessions WHERE user_id = ?", DB_ARGS(DB_INT(id)), NULL);
	return rc;
}

int users_erase(db *c, int64_t id)
{
	char now[CLOCK_ISO_LEN];
	now_iso(now);
	static const char *const wipe[] = {
		"DELETE FROM sessions WHERE user_id = ?",
		"DELETE FROM account_tokens WHERE user_id = ?",
		"DELETE FROM user_roles WHERE user_id = ?",
	};
	for (size_t i = 0; i < sizeof(wipe) / sizeof(wipe[0]); i++) {
		int rc = db_exec(c, wipe[i], DB_ARGS(DB_INT(id)), NULL);
		if (rc != DB_OK)
			return rc;
	}
	return db_exec(c,
		"UPDATE users SET email = NULL, email_key = NULL, display_name = '', "
		"password_hash = NULL, email_verified_at = NULL, deleted_at = ?, updated_at = ? "
		"WHERE id = ?",
		DB_ARGS(DB_TEXT(now), DB_TEXT(now), DB_INT(id)), NULL);
}

int grants_add(db *c, int64_t user, const char *role, int64_t agency_id)
{
	char now[CLOCK_ISO_LEN];
	int64_t added = 0;
	now_iso(now);
	/* a grant held already is not an error that aborts the transaction */
	int rc = db_exec(c,
		"INSERT INTO user_roles (user_id, role, agency_id, created_at) VALUES (?, ?, ?, ?) "
		"ON CONFLICT DO NOTHING",
		DB_ARGS(DB_INT(user), DB_TEXT(role), agency_id ? DB_INT(agency_id) : DB_NULL,
		        DB_TEXT(now)), &added);
	return rc == DB_OK && added == 0 ? DB_CONSTRAINT : rc;
}

int grants_remove(db *c, int64_t user, int64_t grant_id, int64_t *changes)
{
	return db_exec(c, "DELETE FROM user_roles WHERE id = ? AND user_id = ?",
	               DB_ARGS(DB_INT(grant_id), DB_INT(user)), changes);
}

int tokens_issue(db *c, int64_t user, const char *purpose, const char *new_email, int64_t ttl,
                 char text[TOKEN_TEXT])
{
	unsigned char raw[TOKEN_BYTES];
	char hash[TOKEN_HASH], now[CLOCK_ISO_LEN], end[CLOCK_ISO_LEN];
	token_new(raw, text);
	token_hash(text, hash);
	int64_t t = clock_now();
	clock_iso(now, t);
	clock_iso(end, t + ttl);
	return db_exec(c,
		"INSERT INTO account_tokens (token_hash, user_id, purpose, new_email, created_at, "
		"expires_at) VALUES (?, ?, ?, ?, ?, ?)",
		DB_ARGS(DB_TEXT(hash), DB_INT(user), DB_TEXT(purpose),
		        new_email ? DB_TEXT(new_email) : DB_NULL, DB_TEXT(now), DB_TEXT(end)), NULL);
}

int tokens_use(db *c, const char *text, const char *purpose, json_t **row)
{
	char hash[TOKEN_HASH], now[CLOCK_ISO_LEN];
	unsigned char raw[TOKEN_BYTES];
	*row = NULL;
	if (!token_parse(text, raw))
		return DB_DONE;
	token_hash(text, hash);
	now_iso(now);
	/* one UPDATE decides: two clicks at once cannot both use it */
	return db_query_row_json(c,
		"UPDATE account_tokens SET used_at = ? WHERE token_hash = ? AND purpose = ? "
		"AND used_at IS NULL AND expires_at > ? RETURNING user_id, new_email",
		DB_ARGS(DB_TEXT(now), DB_TEXT(hash), DB_TEXT(purpose), DB_TEXT(now)), row);
}

int tokens_check(db *c, const char *text, const char *purpose)
{
	char hash[TOKEN_HASH], now[CLOCK_ISO_LEN];
	unsigned char raw[TOKEN_BYTES];
	int64_t one = 0;
	if (!token_parse(text, raw))
		return DB_DONE;
	token_hash(text, hash);
	now_iso(now);
	return db_query_int(c,
		"SELECT 1 FROM account_tokens WHERE token_hash = ? AND purpose = ? AND used_at IS NULL "
		"AND expires_at > ?",
		DB_ARGS(DB_TEXT(hash), DB_TEXT(purpose), DB_TEXT(now)), &one);
}

int tokens_drop(db *c, int64_t user, const char *purpose)
{
	if (purpose == NULL)
		return db_exec(c, "DELETE FROM account_tokens WHERE user_id = ?", DB_ARGS(DB_INT(user)),
		               NULL);
	return db_exec(c, "DELETE FROM account_tokens WHERE user_id = ? AND purpose = ?",
	               DB_ARGS(DB_INT(user), DB_TEXT(purpose)), NULL);
}

int audit_add(db *c, int64_t actor, const char *action, int64_t target, const char *detail)
{
	char now[CLOCK_ISO_LEN];
	now_iso(now);
	return db_exec(c,
		"INSERT INTO audit_log (at, actor_id, action, target_user_id, detail) VALUES (?, ?, ?, ?, ?)",
		DB_ARGS(DB_TEXT(now), actor ? DB_INT(actor) : DB_NULL, DB_TEXT(action),
		        target ? DB_INT(target) : DB_NULL, DB_TEXT(detail ? detail : "")), NULL);
}
