/*
 * webhooks_int.h - what the files of src/webhooks/ share: the address
 * rules at connect time (url.c), the sealed secrets (secret.c), the SQL
 * (store.c), the job (deliver.c) and the admin pages' pieces (admin*.c).
 */
#ifndef TERBUKA_WEBHOOKS_INT_H
#define TERBUKA_WEBHOOKS_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "view/formview.h"
#include "webhooks/webhooks.h"

#define WEBHOOK_JOB "webhook.deliver"
#define WEBHOOK_ATTEMPTS 8        /* 30 s, 1, 2, 4, 8, 16, 32 min apart: about an hour */
#define WEBHOOK_URL_MIN 10 /* "http://a.b"; the table's CHECK too */
#define WEBHOOK_URL_MAX 2000
#define WEBHOOK_DESCRIPTION_MAX 1000
#define WEBHOOK_LOG_SHOWN 30      /* deliveries on an endpoint's page */
#define WEBHOOK_SECRET_PREFIX "whsec_"
#define WEBHOOK_SECRET_MAX 64     /* "whsec_" and 43 base64url characters, with room */
#define WEBHOOK_SEALED_MAX 256

/* --- url.c ------------------------------------------------------------------ */

/* This server, for webhooks_url_check (strings copied). */
int webhooks_url_configure(const webhook_site *site);
void webhooks_url_free(void);
/* Whether a delivery may connect to this address (loopback unless
 * allowed, unspecified, link-local, this server's own port on one of
 * its addresses); *why says why not, in English, for the log. */
bool webhooks_addr_refused(const struct sockaddr *sa, const char **why);

/* --- secret.c --------------------------------------------------------------- */

int webhooks_secret_init(const char *keys_dir, char *err, size_t errlen);
void webhooks_secret_free(void);
/* A new secret: "whsec_" and 32 random bytes in base64url. */
void webhooks_secret_new(char out[WEBHOOK_SECRET_MAX]);
/* The secret sealed (XChaCha20-Poly1305 under webhook.key) and bound to
 * its endpoint; false when the key is missing. */
bool webhooks_secret_seal(const char *secret, int64_t endpoint, char out[WEBHOOK_SEALED_MAX]);
/* Opens a sealed secret of endpoint into out; false when it does not. */
bool webhooks_secret_open(const char *sealed, int64_t endpoint, char out[WEBHOOK_SECRET_MAX]);

/* --- store.c ---------------------------------------------------------------- */

typedef struct webhook_fields {
	const char *url;
	const char *description;
	bool active;
	bool events[WEBHOOK_NEVENTS]; /* by webhooks_events' order */
} webhook_fields;

/* Every endpoint with its events: [{id, url, description, active,
 * secret_hint, secret_at, created_at, events: [name], last_status,
 * last_at}], newest first. */
int webhooks_store_list(db *c, json_t **rows);
/* One endpoint (no sealed secret) with its events: DB_ROW or DB_DONE. */
int webhooks_store_get(db *c, int64_t id, json_t **row);
/* A new endpoint with its secret (sealed here), in one transaction. */
int webhooks_store_create(db *c, const webhook_fields *f, const char *secret, int64_t by, int64_t *id);
/* The endpoint's fields and events; *found false when it is gone. */
int webhooks_store_update(db *c, int64_t id, const webhook_fields *f, bool *found);
/* A new secret; *found false when the endpoint is gone. */
int webhooks_store_rotate(db *c, int64_t id, const char *secret, bool *found);
int webhooks_store_delete(db *c, int64_t id, bool *found);
/* The endpoint's latest deliveries, newest first, each with its
 * attempts (oldest first): [{id, uid, event, status, attempts, last_code,
 * last_error, created_at, updated_at, delivered_at, tries: [...]}]. */
int webhooks_store_log(db *c, int64_t endpoint, json_t **rows);
/* Queues delivery (of endpoint) again: a new generation and a job;
 * *found false when there is no such delivery of that endpoint. */
int webhooks_store_resend(db *c, int64_t endpoint, int64_t delivery, bool *found);
/* Queues the job of a delivery's generation (emit and resend). */
int webhooks_queue(db *c, int64_t delivery, int64_t generation, bool resend);

/* --- deliver.c -------------------------------------------------------------- */

/* Registers the "webhook.deliver" job. */
int webhooks_deliver_init(void);

/* --- prune.c ---------------------------------------------------------------- */

/* How long an ended delivery (delivered, or failed for good) stays in the log. */
#define WEBHOOK_LOG_DAYS 90
/* Removes the ended deliveries older than that at now, with their
 * attempts; *removed says how many. Inside the caller's transaction. */
int webhooks_prune_now(db *c, int64_t now, int64_t *removed);
/* Registers the daily "webhook.prune" job and queues it when none waits
 * (c NULL: only registers). 0 or -1. */
int webhooks_prune_init(db *c);

/* --- admin_view.c ----------------------------------------------------------- */

/* The locale label of an event ("Pertanyaan dijawab"), or the name. */
const char *webhooks_event_label(const char *event);
/* The event checkboxes: [{name, field_id, label, hint, checked}]. */
json_t *webhooks_event_choices(const bool chosen[WEBHOOK_NEVENTS]);
/* Reads the endpoint form into f, each field checked and kept in fv
 * (the URL refused for what it points at with its own message). false
 * when the request memory ran out. */
bool webhooks_read_form(request *req, formview *fv, webhook_fields *f);
/* Labels of an endpoint row (events_label, status, dates) for the pages. */
void webhooks_decorate_endpoint(arena *a, json_t *row);
/* Labels of a delivery log. */
void webhooks_decorate_log(arena *a, json_t *rows);
/* The ?pesan= notice of these pages (admin_webhooks.notice.<key>), or NULL. */
const char *webhooks_flash(const request *req);

/* The page of one endpoint (view "admin_webhook"): form is the form's
 * model (taken; NULL: the endpoint's values), secret the secret to show
 * this once (or NULL). A missing endpoint is a 404. */
void webhooks_show_endpoint(request *req, page *pg, db *c, int64_t id, json_t *form, const char *secret,
                            unsigned status);

#endif
