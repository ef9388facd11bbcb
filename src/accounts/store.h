/*
 * store.h - the accounts' SQL: users, role grants, single-use tokens and
 * the audit log. Every function returns a db status; rows come back as
 * JSON objects keyed by column.
 */
#ifndef TERBUKA_ACCOUNTS_STORE_H
#define TERBUKA_ACCOUNTS_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "accounts/secret.h"
#include "db/db.h"

#define TOKEN_VERIFY_TTL (7 * 24 * 3600)
#define TOKEN_RESET_TTL 3600
#define TOKEN_EMAIL_TTL (24 * 3600)

/* DB_OK with *id, or DB_CONSTRAINT when the address is taken. */
int users_create(db *c, const char *email, const char *name, const char *hash, int64_t *id);
/* By address (any case) or id: DB_ROW with id, email, display_name,
 * password_hash, email_verified_at, disabled_at, deleted_at, created_at;
 * or DB_DONE. Deleted accounts are never found by address. */
int users_by_email(db *c, const char *email, json_t **row);
int users_by_id(db *c, int64_t id, json_t **row);
int users_set_password(db *c, int64_t id, const char *hash);
int users_set_name(db *c, int64_t id, const char *name);
int users_set_verified(db *c, int64_t id);
/* DB_CONSTRAINT when another account has the address; DB_DONE when the
 * account is disabled or deleted. */
int users_set_email(db *c, int64_t id, const char *email);
int users_set_disabled(db *c, int64_t id, bool disabled);
/* Erases the person: address, name, password, roles, sessions and tokens.
 * The row stays, so what they published stays attributed to "akun dihapus". */
int users_erase(db *c, int64_t id);

/* DB_OK, or DB_CONSTRAINT when the grant is held already (the
 * transaction stays usable). */
int grants_add(db *c, int64_t user, const char *role, int64_t agency_id);
/* *changes gets 1 when the grant existed. */
int grants_remove(db *c, int64_t user, int64_t grant_id, int64_t *changes);

/* A new single-use token for purpose ("verify", "reset", "email"), valid
 * ttl seconds; text gets the token for the link. */
int tokens_issue(db *c, int64_t user, const char *purpose, const char *new_email, int64_t ttl,
                 char text[TOKEN_TEXT]);
/* Uses a token: DB_ROW with *row {user_id, new_email} when it was valid
 * (unused, unexpired, of this purpose) - it is now used, by this call
 * only - or DB_DONE. */
int tokens_use(db *c, const char *text, const char *purpose, json_t **row);
/* Whether a token would be accepted (without using it): DB_ROW or DB_DONE. */
int tokens_check(db *c, const char *text, const char *purpose);
/* Drops the person's tokens of purpose, or all of them (NULL): a changed
 * password or address makes every link sent before it worthless. */
int tokens_drop(db *c, int64_t user, const char *purpose);

int audit_add(db *c, int64_t actor, const char *action, int64_t target, const char *detail);

#endif
