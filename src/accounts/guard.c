/*
 * guard.c - the one place where a request is checked before its handler
 * runs (see accounts.h): who is signing in, the CSRF token of a state
 * change, the route's access rule and its rate limit.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "accounts/accounts.h"
#include "accounts/session.h"
#include "agencies/agencies.h"
#include "http/form.h"
#include "limits/ratelimit.h"

#define CSRF_COOKIE "tb_csrf"
#define CSRF_FIELD "csrf"
#define CSRF_HEADER "X-CSRF-Token"

static const char *const role_names[] = { "warga", "petugas", "ppid", "humas", "admin" };

const char *role_name(unsigned role)
{
	for (unsigned i = 0; i < 5; i++)
		if (role == 1u << i)
			return role_names[i];
	return "";
}

unsigned role_parse(const char *name)
{
	for (unsigned i = 0; name != NULL && i < 5; i++)
		if (strcmp(name, role_names[i]) == 0)
			return 1u << i;
	return 0;
}

const account *accounts_current(const request *req)
{
	return req->user;
}

/* --- CSRF ----------------------------------------------------------------
 * The token is a keyed hash of a secret the browser holds in an HttpOnly
 * cookie: the session token when signed in (so a cookie planted from a
 * sibling domain cannot forge it), else a random tb_csrf cookie. Nothing
 * is stored server-side, so every node can check it. */

static bool csrf_key(const request *req, unsigned char key[TOKEN_BYTES])
{
	const account *me = req->user;
	if (me != NULL) {
		memcpy(key, me->token, TOKEN_BYTES);
		return true;
	}
	return token_parse(cookie_get(req, CSRF_COOKIE), key);
}

static void csrf_from_key(const unsigned char key[TOKEN_BYTES], char out[TOKEN_TEXT])
{
	static const char label[] = "terbuka csrf v1";
	unsigned char mac[TOKEN_BYTES];
	crypto_generichash(mac, sizeof(mac), (const unsigned char *)label, sizeof(label) - 1, key,
	                   TOKEN_BYTES);
	sodium_bin2base64(out, TOKEN_TEXT, mac, sizeof(mac), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

const char *accounts_csrf_token(request *req, response *res)
{
	unsigned char key[TOKEN_BYTES];
	char *out = arena_alloc(req->arena, TOKEN_TEXT);
	if (out == NULL)
		return NULL;
	if (!csrf_key(req, key)) {
		char text[TOKEN_TEXT];
		token_new(key, text);
		const char *name = cookie_name(req, CSRF_COOKIE);
		const char *cookie = arena_printf(req->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s",
		                                  name, text, session_secure(req) ? "; Secure" : "");
		const char *kept = arena_strdup(req->arena, text);
		if (cookie == NULL || kept == NULL || name == NULL ||
		    http_params_add(req->arena, &req->cookies, name, kept, strlen(kept)) != 0)
			return NULL;
		if (res != NULL)
			response_header(res, "Set-Cookie", cookie);
	}
	csrf_from_key(key, out);
	return out;
}

static bool csrf_ok(const request *req)
{
	unsigned char key[TOKEN_BYTES];
	char expected[TOKEN_TEXT];
	const char *sent = form_get(req, CSRF_FIELD, NULL, NULL);
	if (sent == NULL)
		sent = request_header(req, CSRF_HEADER);
	if (sent == NULL || strlen(sent) != TOKEN_TEXT - 1 || !csrf_key(req, key))
		return false;
	csrf_from_key(key, expected);
	return sodium_memcmp(expected, sent, TOKEN_TEXT - 1) == 0;
}

/* --- access ------------------------------------------------------------- */

bool accounts_holds(const account *me, unsigned roles, int64_t agency)
{
	for (size_t i = 0; me != NULL && i < me->ngrants; i++) {
		const grant *g = &me->grants[i];
		if ((g->role & roles) == 0)
			continue;
		if (g->agency_id == agency || (g->role == ROLE_PPID && g->agency_id == 0))
			return true;
	}
	return false;
}

/* 0 when allowed, or the status that refuses. */
static unsigned access_status(request *req, page *pg, unsigned access, db *c)
{
	const account *me = req->user;
	if (access == 0)
		return 0;
	if (me == NULL)
		return 401;
	unsigned roles = ACCESS_ROLES(access);
	if (roles == 0)
		return 0;
	if (!ACCESS_IS_AGENCY(access))
		return (me->roles & roles) != 0 ? 0 : 403;
	const char *slug = request_param(req, "slug");
	int64_t agency = 0;
	int rc = slug ? agencies_id(c, slug, &agency) : DB_DONE;
	if (rc == DB_DONE)
		return 404;
	if (rc != DB_ROW) {
		page_db_error(req, pg, c, rc);
		return pg->status;
	}
	return accounts_holds(me, roles, agency) ? 0 : 403;
}

static void refuse(request *req, page *pg, unsigned status)
{
	bool reads = strcmp(req->method, "GET") == 0 || req->head;
	if (status == 401 && reads && !req->want_json) {
		/* back to this page once signed in */
		const char *query = http_query_encode(req->arena, &req->query);
		const char *back = arena_printf(req->arena, "%s%s%s", req->path,
		                                query && query[0] ? "?" : "", query ? query : "");
		http_params p = { 0 };
		if (back != NULL && http_params_add(req->arena, &p, "lanjut", back, strlen(back)) == 0) {
			const char *q = http_query_encode(req->arena, &p);
			if (q != NULL) {
				page_redirect(pg, 303, arena_printf(req->arena, "/masuk?%s", q));
				if (pg->redirect != NULL)
					return;
			}
		}
	}
	pg->status = status;
	pg->error = status == 401 ? "error.sign_in_first" :
	            status == 403 ? "error.forbidden" :
	            status == 404 ? "error.not_found" : pg->error;
}

/* --- rate limits --------------------------------------------------------- */

static const struct {
	const char *prefix;
	int64_t max;
	int64_t window;
	bool per_person;
} limits[] = {
	/* per address: generous, since a whole office or a mobile carrier's
	 * NAT can share one; the per-account limits stop guessing */
	[LIMIT_LOGIN] = { "login-ip:", 100, 900, false },
	[LIMIT_REGISTER] = { "register-ip:", 20, 3600, false },
	[LIMIT_RESET] = { "reset-ip:", 20, 3600, false },
	[LIMIT_POST] = { "post:", 60, 600, true },
	[LIMIT_LIVE] = { "live:", 600, 600, true },
};

/* What an address limit counts: the IPv4 address, or the /64 of an IPv6
 * address (one subscriber's network: counting single addresses there
 * would give one person 2^64 buckets). */
static const char *client_bucket(request *req)
{
	struct in6_addr a6;
	char text[INET6_ADDRSTRLEN];
	if (strchr(req->client_ip, ':') == NULL || inet_pton(AF_INET6, req->client_ip, &a6) != 1)
		return req->client_ip;
	memset(a6.s6_addr + 8, 0, 8);
	if (inet_ntop(AF_INET6, &a6, text, sizeof(text)) == NULL)
		return req->client_ip;
	return arena_printf(req->arena, "%s/64", text);
}

/* true when under the limit; else pg holds the 429. */
static bool within_limit(request *req, page *pg, unsigned limit, db *c)
{
	if (limit == LIMIT_NONE || limit >= sizeof(limits) / sizeof(limits[0]) ||
	    strcmp(req->method, "POST") != 0)
		return true;
	const account *me = req->user;
	const char *key = limits[limit].per_person && me != NULL
		? arena_printf(req->arena, "%sperson:%lld", limits[limit].prefix, (long long)me->id)
		: arena_printf(req->arena, "%s%s", limits[limit].prefix, client_bucket(req));
	int64_t wait = 0;
	int rc = key ? ratelimit_hit(c, key, limits[limit].max, limits[limit].window, &wait) : DB_ERROR;
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return false;
	}
	if (wait > 0)
		accounts_too_many(req, pg, wait);
	return wait == 0;
}

void accounts_too_many(request *req, page *pg, int64_t seconds)
{
	pg->status = 429;
	pg->error = "error.rate_limited";
	response_header(pg->res, "Retry-After", arena_printf(req->arena, "%lld", (long long)seconds));
}

/* --- the guard ---------------------------------------------------------- */

bool accounts_guard(request *req, page *pg)
{
	const struct route *r = req->match.route;
	const char *token = cookie_get(req, SESSION_COOKIE);
	bool writes = strcmp(req->method, "GET") != 0 && !req->head;
	db *c = NULL;
	if (token != NULL || r->access != 0 || (writes && r->limit != LIMIT_NONE)) {
		c = db_thread();
		if (c == NULL) {
			page_db_error(req, pg, NULL, DB_UNAVAILABLE);
			return false;
		}
	}
	if (token != NULL) {
		account *me = NULL;
		int rc = session_load(c, req->arena, token, &me);
		if (rc < 0) {
			page_db_error(req, pg, c, rc);
			return false;
		}
		req->user = me;
		if (me == NULL) /* expired or ended elsewhere: forget it */
			session_cookie(req, pg->res, NULL, false);
	}
	if (writes && !csrf_ok(req)) {
		pg->status = 403;
		pg->error = "error.csrf";
		return false;
	}
	unsigned status = access_status(req, pg, r->access, c);
	if (status != 0) {
		if (pg->model == NULL && pg->redirect == NULL && status != 503 && status != 500)
			refuse(req, pg, status);
		return false;
	}
	return within_limit(req, pg, r->limit, c);
}

/* --- what pages show about the visitor ----------------------------------- */

void accounts_page_model(request *req, response *res, json_t *model)
{
	const account *me = req->user;
	unsigned char key[TOKEN_BYTES];
	/* only a page with a form makes a visitor a tb_csrf cookie (its handler
	 * asked for the token already); any other page stays cookie-free */
	if (csrf_key(req, key)) {
		char *csrf = arena_alloc(req->arena, TOKEN_TEXT);
		if (csrf != NULL) {
			csrf_from_key(key, csrf);
			json_object_set_new(model, "csrf", json_string(csrf));
		}
	}
	(void)res;
	if (me == NULL)
		return;
	json_t *m = json_pack("{s:I, s:s, s:b}", "id", (json_int_t)me->id, "name", me->name,
	                      "verified", me->verified);
	for (unsigned i = 0; i < 5; i++)
		if (me->roles & (1u << i))
			json_object_set_new(m, arena_printf(req->arena, "is_%s", role_names[i]),
			                    json_true());
	json_object_set_new(model, "me", m);
}
