/*
 * webhooks.h - addresses outside terbuka that hear of public events, so
 * that humas can connect official social accounts and automation tools.
 *
 * An admin registers an endpoint (an http(s) URL that is neither terbuka
 * itself nor a loopback address, a description, the events it wants,
 * active or not) at /admin/webhook and is shown its signing secret once.
 * A capability reports an event with webhooks_emit inside the
 * transaction of the change: one delivery (its JSON body fixed then) and
 * one "webhook.deliver" job per active endpoint that listens, so nothing
 * is sent for a change that was rolled back. The job worker POSTs the
 * body signed with HMAC-SHA256 over "<timestamp>.<body>" (headers
 * X-Terbuka-Event, -Delivery, -Timestamp, -Signature: sha256=<hex>),
 * follows no redirect, verifies TLS, and retries on a network error or a
 * non-2xx answer with the jobs' exponential backoff; every attempt is
 * logged for the admin, who may send a delivery again. The body carries
 * the object's public address and public fields: never personal data.
 */
#ifndef TERBUKA_WEBHOOKS_H
#define TERBUKA_WEBHOOKS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "db/db.h"

struct config;

#define WEBHOOK_NEVENTS 6
/* The events, in the order the admin's form lists them. */
extern const char *const webhooks_events[WEBHOOK_NEVENTS];

/* Keeps the public address and this server's own (refused as
 * endpoints), loads (or makes) the key file webhook.key that seals the
 * secrets, registers the job. 0, or -1 with a one-line reason in err. */
int webhooks_init(const struct config *cfg, char *err, size_t errlen);
void webhooks_free(void);

/* 1 when an active endpoint listens to event, 0 when none, or a
 * negative db status: whoever builds a payload asks first. */
int webhooks_wanted(db *c, const char *event);
/* Queues event for every active endpoint that listens to it, in the
 * caller's transaction. path is the object's public address
 * ("/pertanyaan/12-..."), made absolute with the public base URL; data
 * (taken) its public fields. DB_OK or a db status. */
int webhooks_emit(db *c, const char *event, const char *path, json_t *data);
/* The public address of path ("/berkas/<hash>") in a's memory. */
const char *webhooks_absolute(arena *a, const char *path);
/* A payload's department: moves row[slug_col] and row[name_col] into
 * row[key] = {slug, name}, or null when the slug is. */
void webhooks_department(json_t *row, const char *key, const char *slug_col, const char *name_col);
/* A payload's files: each {hash, mime} of files becomes {url, mime}, the
 * file's public address ("/berkas/<hash>" made absolute). */
void webhooks_file_urls(arena *a, json_t *files);
/* Memory for a payload's builder: the request's arena, or outside a
 * request (the demo loader, a job) a new one in *own, to arena_free. */
arena *webhooks_arena(arena **own);

/* --- signing (sign.c, pure) ------------------------------------------------ */

#define WEBHOOK_SIG_HEX 65 /* 64 hex digits and the NUL */
/* HMAC-SHA256 of msg under a key of any length, as lower-case hex. */
void webhooks_hmac_hex(const unsigned char *key, size_t keylen, const unsigned char *msg, size_t msglen,
                       char out[WEBHOOK_SIG_HEX]);
/* The signature of a delivery: HMAC-SHA256 under the secret's bytes of
 * timestamp, ".", body; lower-case hex (the header adds "sha256="). */
void webhooks_signature(const char *secret, const char *timestamp, const char *body, size_t bodylen,
                        char out[WEBHOOK_SIG_HEX]);

/* --- endpoint addresses (url.c) -------------------------------------------- */

enum webhook_url {
	WEBHOOK_URL_OK,
	WEBHOOK_URL_BAD,         /* not a URL, too long, spaces or controls, no host */
	WEBHOOK_URL_SCHEME,      /* not http or https */
	WEBHOOK_URL_CREDENTIALS, /* user or password in it */
	WEBHOOK_URL_LOCAL,       /* loopback, unspecified or link-local */
	WEBHOOK_URL_SELF,        /* this server: its listen address or public URL */
};

/* What an address check knows of this server. */
typedef struct webhook_site {
	const char *listen_host; /* --listen's host ("127.0.0.1", "0.0.0.0") */
	unsigned listen_port;
	const char *base_url;    /* --base-url */
	bool allow_loopback;     /* --webhook-allow-loopback */
} webhook_site;

/* Whether url may be an endpoint, on what site knows (no DNS lookup: a
 * name is checked again, by address, when a delivery connects). */
enum webhook_url webhooks_url_check_for(const webhook_site *site, const char *url);
/* The same for this server (webhooks_init's settings). */
enum webhook_url webhooks_url_check(const char *url);

/* --- the admin's pages (admin*.c; src/routes.c) ---------------------------- */

/* GET /admin/webhook: the endpoints and the form for a new one. */
void webhooks_admin_page(request *req, page *pg);
/* POST /admin/webhook: a new endpoint (url, keterangan, an event name
 * per ticked event, aktif); its page with the secret, shown this once. */
void webhooks_create_submit(request *req, page *pg);
/* GET /admin/webhook/:id: the endpoint's form, secret and delivery log. */
void webhooks_endpoint_page(request *req, page *pg);
/* POST /admin/webhook/:id: the endpoint changed (the create form's fields). */
void webhooks_update_submit(request *req, page *pg);
/* POST /admin/webhook/:id/rahasia: a new secret, shown this once. */
void webhooks_rotate_submit(request *req, page *pg);
/* POST /admin/webhook/:id/kirim-ulang: the delivery in field
 * "pengiriman" queued again. */
void webhooks_resend_submit(request *req, page *pg);
/* POST /admin/webhook/:id/hapus: the endpoint and its log deleted. */
void webhooks_delete_submit(request *req, page *pg);

#endif
