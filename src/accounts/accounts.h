/*
 * accounts.h - people, roles, sessions and the guard in front of every
 * handler.
 *
 * Who may use a route is declared in the route table (src/routes.c) with
 * the ACCESS_* values below and checked in exactly one place,
 * accounts_guard(), before the handler runs: handlers never re-check.
 * The guard also checks the CSRF token of every state-changing request and
 * counts the route's rate limit.
 */
#ifndef TERBUKA_ACCOUNTS_H
#define TERBUKA_ACCOUNTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "core/config.h"

/* Roles, as bits. Everyone with an account is warga. */
enum role {
	ROLE_WARGA = 1u << 0,
	ROLE_PETUGAS = 1u << 1, /* officer of one or more agencies */
	ROLE_PPID = 1u << 2,    /* information officer of an agency, or the main PPID */
	ROLE_HUMAS = 1u << 3,   /* public relations: moderation, live sessions */
	ROLE_ADMIN = 1u << 4,
};
#define ROLE_ALL (ROLE_WARGA | ROLE_PETUGAS | ROLE_PPID | ROLE_HUMAS | ROLE_ADMIN)

/* Route access (struct route.access):
 *   0                     everyone, signed in or not
 *   ACCESS_SIGNED_IN      any signed-in person
 *   ACCESS_ROLE(r)        a person holding one of the roles r
 *   ACCESS_AGENCY(r)      a person holding one of the roles r for the agency
 *                         named by the path's :slug (a ppid grant without an
 *                         agency - the main PPID - counts for every agency) */
#define ACCESS_SIGNED_IN (1u << 8)
#define ACCESS_ROLE(r) (ACCESS_SIGNED_IN | (unsigned)(r))
#define ACCESS_AGENCY(r) (ACCESS_SIGNED_IN | (1u << 9) | (unsigned)(r))
#define ACCESS_ROLES(a) ((a) & ROLE_ALL)
#define ACCESS_IS_AGENCY(a) (((a) & (1u << 9)) != 0)

/* Rate limits (struct route.limit), counted on POST. */
enum limit_class {
	LIMIT_NONE = 0,
	LIMIT_LOGIN,    /* per client address */
	LIMIT_REGISTER, /* per client address */
	LIMIT_RESET,    /* per client address */
	LIMIT_POST,     /* per person (or address when signed out) */
	LIMIT_LIVE,     /* live sessions' questions and votes: per person, or
	                 * per address when signed out, at a pace a live crowd
	                 * behind one carrier NAT still fits in */
};

/* One role a person holds; agency_id 0 when it is not tied to an agency. */
typedef struct grant {
	int64_t id;
	unsigned role;
	int64_t agency_id;
	const char *agency_slug;
	const char *agency_name;
} grant;

/* The signed-in person (request memory). */
typedef struct account {
	int64_t id;
	const char *email;
	const char *name;
	bool verified;
	unsigned roles; /* every role held, for any agency */
	grant *grants;
	size_t ngrants;
	unsigned char token[32]; /* the session token (for CSRF) */
	char token_hash[65];
} account;

/* Settings from the command line; call once at start-up. */
void accounts_init(const struct config *cfg);

/* The guard: loads the session, checks CSRF on state changes, the route's
 * access and rate limit. Returns true when the handler may run; otherwise
 * pg holds the answer (redirect to sign in, 401, 403, 429). */
bool accounts_guard(request *req, page *pg);
/* Answers 429 with Retry-After: seconds. */
void accounts_too_many(request *req, page *pg, int64_t seconds);
/* The signed-in person, or NULL. */
const account *accounts_current(const request *req);
/* Whether me (may be NULL) holds one of roles for agency (for a ppid
 * without an agency: the main PPID, every agency). For showing links and
 * forms; the routes themselves are guarded by the route table. */
bool accounts_holds(const account *me, unsigned roles, int64_t agency);
/* What every HTML page shows about the visitor: {"me": {...}} or nothing,
 * and "csrf", the token for its forms, when the browser has a key for one
 * (a session, or the tb_csrf cookie that form pages set). */
void accounts_page_model(request *req, response *res, json_t *model);
/* The CSRF token forms of this request must carry (NULL on failure). */
const char *accounts_csrf_token(request *req, response *res);

/* The role's name ("petugas") and back (0 when unknown). */
const char *role_name(unsigned role);
unsigned role_parse(const char *name);

/* `terbuka user add` (cfg->email, role, agency, name; password on stdin). */
int accounts_cli_user_add(const struct config *cfg);

/* Handlers (src/routes.c). */
void login_page(request *req, page *pg);
void login_submit(request *req, page *pg);
void logout_page(request *req, page *pg);
void logout_submit(request *req, page *pg);
void logout_all_submit(request *req, page *pg);
void register_page(request *req, page *pg);
void register_submit(request *req, page *pg);
void verify_email_page(request *req, page *pg);
void verify_email_submit(request *req, page *pg);
void verify_resend_submit(request *req, page *pg);
void forgot_page(request *req, page *pg);
void forgot_submit(request *req, page *pg);
void reset_page(request *req, page *pg);
void reset_submit(request *req, page *pg);
void account_page(request *req, page *pg);
void account_name_submit(request *req, page *pg);
void account_password_submit(request *req, page *pg);
void account_email_submit(request *req, page *pg);
void account_email_confirm_page(request *req, page *pg);
void account_email_confirm_submit(request *req, page *pg);
void account_data_download(request *req, page *pg);
void account_delete_page(request *req, page *pg);
void account_delete_submit(request *req, page *pg);
void admin_users_page(request *req, page *pg);
void admin_user_page(request *req, page *pg);
void admin_user_grant_submit(request *req, page *pg);
void admin_user_revoke_submit(request *req, page *pg);
void admin_user_status_submit(request *req, page *pg);
void agency_desk_page(request *req, page *pg);

#endif
