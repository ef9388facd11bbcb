/*
 * web.h - helpers shared by the accounts' pages (internal to accounts/).
 */
#ifndef TERBUKA_ACCOUNTS_WEB_H
#define TERBUKA_ACCOUNTS_WEB_H

#include <jansson.h>
#include <stdbool.h>

#include "accounts/accounts.h"
#include "http/form.h"
#include "view/formview.h"

/* Answers with a form page: template, title (locale key), the form's
 * model and the CSRF token; status 200 on first show, 422 when wrong. */
void web_form(request *req, page *pg, const char *template, const char *title_key, formview *fv,
              unsigned status);
/* A page with one message: {"notice": {"title", "message", "link", "link_text"}}. */
void web_notice(request *req, page *pg, unsigned status, const char *title_key,
                const char *message_key, const char *link, const char *link_text_key);
/* The locale text of notice.<key> when the query's ?pesan=<key> names one. */
const char *web_flash(const request *req);
/* Where to go after signing in: a local path from the form, or /akun. */
const char *web_next(const request *req, const char *given);
/* An absolute link for mail: the public base URL and path. */
const char *web_link(request *req, const char *path, const char *token);
/* Queues a mail whose subject and body are locale keys; {name}, {link}
 * and {site} are filled in. At most MAIL_PER_ADDRESS an hour go to one
 * address (more are dropped silently: the site must not be a way to flood
 * someone's inbox). db status. */
int web_mail(request *req, db *c, const char *to, const char *name, const char *subject_key,
             const char *body_key, const char *link);
/* Runs a write transaction's end: commits, or rolls back. db status. */
int web_commit(db *c, int rc);
/* The person's grants as a JSON array for pages. */
json_t *web_grants(const account *acc);
/* The user-agent header, or "". */
const char *web_user_agent(const request *req);
/* The checks every new password passes: length, and not the address. */
void check_new_password(formview *fv, const char *field, const char *password, const char *email);
/* A display name: long enough, and only text (rules.h name_clean). */
void check_name(formview *fv, const char *field, const char *name);
/* A well-formed address, when one was given. */
void check_email(formview *fv, const char *field, const char *email);
/* The page a mailed link opens: a button that uses the token (purpose)
 * by posting it to action; texts under the locale key what.* (title,
 * lead, submit, invalid). */
void web_confirm_page(request *req, page *pg, const char *purpose, const char *action,
                      const char *what);
/* Adds o[label_key]: the ISO time at o[key] as "28 November 2026, 23.37 WIB". */
void label_time(request *req, json_t *o, const char *key, const char *label_key);
/* Sets base URL and site name for mail (accounts_init). */
void web_configure(const char *base_url);

#endif
