/*
 * web.c - see web.h.
 */
#include "accounts/web.h"

#include <string.h>

#include "accounts/rules.h"
#include "accounts/session.h"
#include "limits/ratelimit.h"
#include "mail/mail.h"
#include "site/site.h"
#include "view/locale.h"

#define MAIL_PER_ADDRESS 6

static char base_url[300];

void web_configure(const char *url)
{
	size_t n = strlen(url);
	while (n > 0 && url[n - 1] == '/')
		n--;
	snprintf(base_url, sizeof(base_url), "%.*s", (int)n, url);
}

void web_form(request *req, page *pg, const char *template, const char *title_key, formview *fv,
              unsigned status)
{
	json_t *m = json_object();
	json_object_set_new(m, "form", fv_model(fv));
	const char *csrf = accounts_csrf_token(req, pg->res);
	json_object_set_new(m, "csrf_token", csrf ? json_string(csrf) : json_null());
	const char *flash = web_flash(req);
	if (flash != NULL)
		json_object_set_new(m, "flash", json_string(flash));
	json_decref(pg->model);
	pg->model = m;
	pg->template = template;
	pg->title = locale_get(title_key);
	pg->status = status;
}

void web_notice(request *req, page *pg, unsigned status, const char *title_key,
                const char *message_key, const char *link, const char *link_text_key)
{
	json_t *n = json_pack("{s:s, s:s}", "title", locale_get(title_key), "message",
	                      locale_get(message_key));
	if (link != NULL) {
		json_object_set_new(n, "link", json_string(link));
		json_object_set_new(n, "link_text", json_string(locale_get(link_text_key)));
	}
	json_decref(pg->model);
	pg->model = json_pack("{s:o}", "notice", n);
	pg->template = "notice";
	pg->title = locale_get(title_key);
	pg->status = status;
	(void)req;
}

const char *web_flash(const request *req)
{
	return page_flash(req);
}

const char *web_next(const request *req, const char *given)
{
	if (given == NULL || given[0] != '/' || given[1] == '/' || given[1] == '\\' ||
	    strlen(given) > 2000)
		return "/akun";
	for (const char *p = given; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == '\\')
			return "/akun";
	(void)req;
	return given;
}

const char *web_link(request *req, const char *path, const char *token)
{
	return arena_printf(req->arena, "%s%s%s%s", base_url, path, token ? "?token=" : "",
	                    token ? token : "");
}

int web_mail(request *req, db *c, const char *to, const char *name, const char *subject_key,
             const char *body_key, const char *link)
{
	char key[EMAIL_MAX + 1];
	int64_t wait = 0;
	if (!email_key(to, strlen(to), key, sizeof(key)))
		return DB_ERROR;
	int rc = ratelimit_hit(c, arena_printf(req->arena, "mail-to:%s", key), MAIL_PER_ADDRESS, 3600,
	                       &wait);
	if (rc != DB_OK || wait > 0)
		return rc;
	json_t *site = site_settings();
	const char *site_name = json_string_value(json_object_get(site, "name"));
	const char *names[] = { "name", "link", "site" };
	const char *values[] = { name ? name : "", link ? link : "", site_name ? site_name : "terbuka" };
	char *subject = locale_fill(req->arena, subject_key, names, values, 3);
	char *body = locale_fill(req->arena, body_key, names, values, 3);
	json_decref(site);
	if (subject == NULL || body == NULL)
		return DB_ERROR;
	return mail_enqueue(c, to, subject, body);
}

int web_commit(db *c, int rc)
{
	if (rc == DB_OK && (rc = db_commit(c)) == DB_OK)
		return DB_OK;
	db_rollback(c);
	return rc;
}

json_t *web_grants(const account *acc)
{
	json_t *a = json_array();
	for (size_t i = 0; i < acc->ngrants; i++) {
		const grant *g = &acc->grants[i];
		char key[32];
		snprintf(key, sizeof(key), "role.%s", role_name(g->role));
		json_t *o = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)g->id, "role",
		                      role_name(g->role), "label", locale_get(key));
		if (g->agency_slug != NULL) {
			json_object_set_new(o, "agency", json_string(g->agency_slug));
			json_object_set_new(o, "agency_name", json_string(g->agency_name ? g->agency_name : ""));
		}
		json_array_append_new(a, o);
	}
	return a;
}

const char *web_user_agent(const request *req)
{
	const char *ua = request_header(req, "User-Agent");
	return ua ? ua : "";
}
