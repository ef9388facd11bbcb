/*
 * session.h - sign-in sessions: a random token in a cookie, only its hash
 * in the database; an idle and an absolute expiry; a new token at every
 * sign-in (no fixation). Ending a session deletes its row, so it is over
 * on every node at once.
 */
#ifndef TERBUKA_ACCOUNTS_SESSION_H
#define TERBUKA_ACCOUNTS_SESSION_H

#include <stdint.h>

#include "accounts/accounts.h"
#include "accounts/secret.h"

/* Over HTTPS the cookies carry the __Host- prefix: the browser then takes
 * them only from this exact host, over HTTPS, for the whole site, so a
 * sibling subdomain cannot plant one. Plain HTTP (development) cannot
 * have the prefix. */
#define SESSION_COOKIE "tb_sesi"
#define SECURE_PREFIX "__Host-"
#define SESSION_IDLE (7 * 24 * 3600)      /* unused this long: signed out */
#define SESSION_ABSOLUTE (30 * 24 * 3600) /* however active: signed out */
#define SESSION_TOUCH 300                  /* last_seen_at is written at most this often */

/* A new session for user_id; token gets its cookie value. db status. */
int session_start(db *c, int64_t user_id, const char *user_agent, char token[TOKEN_TEXT]);
/* The person behind a token: DB_ROW with *out, DB_DONE when the token is
 * unknown, expired, or its account disabled or deleted. */
int session_load(db *c, arena *a, const char *token, account **out);
/* The roles of a person, for *out (also used by the admin pages). */
int session_grants(db *c, arena *a, account *acc);
int session_end(db *c, const char *token_hash);
/* Ends every session of user_id but keep_hash (NULL: all). */
int session_end_all(db *c, int64_t user_id, const char *keep_hash);
/* Sets the session cookie to token, or clears it when token is NULL; it
 * outlives the browser session only when remember is set. */
void session_cookie(request *req, response *res, const char *token, bool remember);
/* Whether cookies get the Secure attribute (and the __Host- prefix). */
bool session_secure(const request *req);
/* The name a cookie has on this request ("tb_sesi" or "__Host-tb_sesi"),
 * and its value, or NULL. */
const char *cookie_name(const request *req, const char *base);
const char *cookie_get(const request *req, const char *base);

#endif
