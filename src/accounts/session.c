/*
 * session.c - see session.h.
 */
#include "accounts/session.h"

#include <string.h>

#include "accounts/web.h"
#include "core/clock.h"
#include "core/str.h"

#define STR_OF_(x) #x
#define STR_OF(x) STR_OF_(x)
#define SESSION_ABSOLUTE_S 2592000 /* SESSION_ABSOLUTE, as text for the cookie */
_Static_assert(SESSION_ABSOLUTE_S == SESSION_ABSOLUTE, "cookie age and session age differ");

static bool secure_cookies;

void accounts_init(const struct config *cfg)
{
	/* a site whose public address is https has only secure cookies */
	secure_cookies = cfg->secure_cookies || strncmp(cfg->base_url, "https://", 8) == 0;
	web_configure(cfg->base_url);
}

bool session_secure(const request *req)
{
	return secure_cookies || req->https;
}

int session_start(db *c, int64_t user_id, const char *user_agent, char token[TOKEN_TEXT])
{
	unsigned char raw[TOKEN_BYTES];
	char hash[TOKEN_HASH], now[CLOCK_ISO_LEN], end[CLOCK_ISO_LEN];
	token_new(raw, token);
	token_hash(token, hash);
	int64_t t = clock_now();
	clock_iso(now, t);
	clock_iso(end, t + SESSION_ABSOLUTE);
	/* the device, for the person's list of sessions: cut, and only text */
	size_t n = user_agent ? strlen(user_agent) : 0;
	if (n > 200)
		n = 200;
	while (n > 0 && !utf8_valid(user_agent, n))
		n--;
	return db_exec(c,
		"INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, "
		"user_agent) VALUES (?, ?, ?, ?, ?, ?)",
		DB_ARGS(DB_TEXT(hash), DB_INT(user_id), DB_TEXT(now), DB_TEXT(now), DB_TEXT(end),
		        DB_TEXTN(n ? user_agent : "", n)), NULL);
}

int session_grants(db *c, arena *a, account *acc)
{
	db_stmt *st = db_prepare(c,
		"SELECT r.id, r.role, coalesce(r.agency_id, 0), a.slug, a.name FROM user_roles r "
		"LEFT JOIN agencies a ON a.id = r.agency_id WHERE r.user_id = ? ORDER BY r.id");
	if (st == NULL)
		return DB_ERROR;
	db_bind(st, 1, DB_INT(acc->id));
	size_t cap = 8;
	acc->grants = arena_calloc(a, cap, sizeof(grant));
	acc->ngrants = 0;
	acc->roles = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (acc->grants == NULL || acc->ngrants == cap) {
			grant *more = acc->grants ? arena_calloc(a, cap * 2, sizeof(grant)) : NULL;
			if (more == NULL) {
				db_reset(st);
				return DB_ERROR;
			}
			memcpy(more, acc->grants, cap * sizeof(grant));
			acc->grants = more;
			cap *= 2;
		}
		grant *g = &acc->grants[acc->ngrants];
		g->id = db_column_int(st, 0);
		g->role = role_parse(db_column_text(st, 1));
		g->agency_id = db_column_int(st, 2);
		g->agency_slug = db_column_text(st, 3) ? arena_strdup(a, db_column_text(st, 3)) : NULL;
		g->agency_name = db_column_text(st, 4) ? arena_strdup(a, db_column_text(st, 4)) : NULL;
		acc->roles |= g->role;
		acc->ngrants++;
	}
	db_reset(st);
	return rc == DB_DONE ? DB_OK : rc;
}

/* Records activity, at most every SESSION_TOUCH seconds (a write per page
 * would make every read a write). Failure only costs accuracy. */
static void touch(db *c, const char *hash, const char *last_seen, int64_t t)
{
	char cutoff[CLOCK_ISO_LEN], now[CLOCK_ISO_LEN];
	clock_iso(cutoff, t - SESSION_TOUCH);
	if (strcmp(last_seen, cutoff) >= 0)
		return;
	clock_iso(now, t);
	(void)db_exec(c, "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?",
	              DB_ARGS(DB_TEXT(now), DB_TEXT(hash)), NULL);
}

int session_load(db *c, arena *a, const char *token, account **out)
{
	unsigned char raw[TOKEN_BYTES];
	char now[CLOCK_ISO_LEN], idle[CLOCK_ISO_LEN];
	*out = NULL;
	if (!token_parse(token, raw))
		return DB_DONE;
	account *acc = arena_calloc(a, 1, sizeof(*acc));
	if (acc == NULL)
		return DB_ERROR;
	memcpy(acc->token, raw, TOKEN_BYTES);
	token_hash(token, acc->token_hash);
	int64_t t = clock_now();
	clock_iso(now, t);
	clock_iso(idle, t - SESSION_IDLE);
	json_t *row = NULL;
	int rc = db_query_row_json(c,
		"SELECT u.id, u.email, u.display_name, u.email_verified_at, s.last_seen_at "
		"FROM sessions s JOIN users u ON u.id = s.user_id "
		"WHERE s.token_hash = ? AND s.expires_at > ? AND s.last_seen_at > ? "
		"AND u.disabled_at IS NULL AND u.deleted_at IS NULL",
		DB_ARGS(DB_TEXT(acc->token_hash), DB_TEXT(now), DB_TEXT(idle)), &row);
	if (rc != DB_ROW)
		return rc;
	acc->id = json_integer_value(json_object_get(row, "id"));
	acc->email = arena_strdup(a, json_string_value(json_object_get(row, "email")));
	acc->name = arena_strdup(a, json_string_value(json_object_get(row, "display_name")));
	acc->verified = json_is_string(json_object_get(row, "email_verified_at"));
	const char *seen = json_string_value(json_object_get(row, "last_seen_at"));
	touch(c, acc->token_hash, seen ? seen : "", t);
	json_decref(row);
	if (acc->email == NULL || acc->name == NULL)
		return DB_ERROR;
	rc = session_grants(c, a, acc);
	if (rc != DB_OK)
		return rc;
	*out = acc;
	return DB_ROW;
}

int session_end(db *c, const char *token_hash)
{
	return db_exec(c, "DELETE FROM sessions WHERE token_hash = ?", DB_ARGS(DB_TEXT(token_hash)),
	               NULL);
}

int session_end_all(db *c, int64_t user_id, const char *keep_hash)
{
	return db_exec(c, "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?",
	               DB_ARGS(DB_INT(user_id), DB_TEXT(keep_hash ? keep_hash : "")), NULL);
}

const char *cookie_name(const request *req, const char *base)
{
	return session_secure(req) ? arena_printf(req->arena, SECURE_PREFIX "%s", base) : base;
}

const char *cookie_get(const request *req, const char *base)
{
	const char *name = cookie_name(req, base);
	return name ? http_params_get(&req->cookies, name) : NULL;
}

void session_cookie(request *req, response *res, const char *token, bool remember)
{
	const char *age = token == NULL ? "; Max-Age=0" :
	                  remember ? "; Max-Age=" STR_OF(SESSION_ABSOLUTE_S) : "";
	const char *v = arena_printf(req->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s%s",
	                             cookie_name(req, SESSION_COOKIE), token ? token : "", age,
	                             session_secure(req) ? "; Secure" : "");
	if (v != NULL)
		response_header(res, "Set-Cookie", v);
}
