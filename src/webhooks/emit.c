/*
 * emit.c - an event becomes deliveries (see webhooks.h): in the
 * transaction of the change, one row of webhook_deliveries with the body
 * and one job per active endpoint that listens. The body:
 *
 *   {"event": "question.answered", "id": "<32 hex: the event>",
 *    "occurred_at": "2026-11-28T16:15:14Z", "url": "https://.../pertanyaan/12-...",
 *    "data": {... the object's public fields ...}}
 *
 * The same event sent to two endpoints has one "id" and two delivery
 * ids (X-Terbuka-Delivery). Also the module's start-up.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/config.h"
#include "core/log.h"
#include "webhooks/webhooks_int.h"

const char *const webhooks_events[WEBHOOK_NEVENTS] = {
	"question.answered", "question.forwarded", "program.updated",
	"session.scheduled", "session.live",       "kip.request.decided",
};

static char base_url[300];

int webhooks_init(const struct config *cfg, char *err, size_t errlen)
{
	size_t n = strlen(cfg->base_url);
	while (n > 0 && cfg->base_url[n - 1] == '/')
		n--;
	snprintf(base_url, sizeof(base_url), "%.*s", (int)n, cfg->base_url);
	webhook_site site = { cfg->host, cfg->port, cfg->base_url, cfg->webhook_allow_loopback };
	if (webhooks_url_configure(&site) != 0) {
		snprintf(err, errlen, "webhooks: out of memory at start-up");
		return -1;
	}
	if (webhooks_secret_init(cfg->keys, err, errlen) != 0) {
		webhooks_free();
		return -1;
	}
	if (webhooks_deliver_init() != 0 || webhooks_prune_init(db_thread()) != 0) {
		snprintf(err, errlen, "webhooks: cannot register the delivery and log jobs");
		webhooks_free();
		return -1;
	}
	if (cfg->webhook_allow_loopback)
		log_info("webhooks: loopback addresses allowed as endpoints (--webhook-allow-loopback: tests only)");
	return 0;
}

void webhooks_free(void)
{
	webhooks_secret_free();
	webhooks_url_free();
}

void webhooks_department(json_t *row, const char *key, const char *slug_col, const char *name_col)
{
	json_t *slug = json_object_get(row, slug_col);
	json_t *d = json_is_string(slug) ? json_pack("{s:O, s:O*}", "slug", slug, "name", json_object_get(row, name_col))
	                                 : json_null();
	json_object_del(row, name_col);
	json_object_del(row, slug_col);
	json_object_set_new(row, key, d);
}

void webhooks_file_urls(arena *a, json_t *files)
{
	size_t i;
	json_t *f;
	json_array_foreach(files, i, f)
	{
		const char *hash = json_string_value(json_object_get(f, "hash"));
		json_object_set_new(f, "url", json_string(webhooks_absolute(a, arena_printf(a, "/berkas/%s", hash))));
		json_object_del(f, "hash");
	}
}

const char *webhooks_absolute(arena *a, const char *path)
{
	return arena_printf(a, "%s%s", base_url, path ? path : "");
}

arena *webhooks_arena(arena **own)
{
	*own = NULL;
	arena *a = arena_current();
	return a ? a : (*own = arena_new(1024 * 1024));
}

static bool known(const char *event)
{
	for (int i = 0; i < WEBHOOK_NEVENTS; i++)
		if (strcmp(webhooks_events[i], event) == 0)
			return true;
	return false;
}

int webhooks_wanted(db *c, const char *event)
{
	int64_t one = 0;
	int rc = db_query_int(c,
		"SELECT 1 FROM webhook_subscriptions s JOIN webhook_endpoints e ON e.id = s.endpoint_id "
		"WHERE s.event = ? AND e.active = 1 LIMIT 1", DB_ARGS(DB_TEXT(event)), &one);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

static void random_hex(char out[33])
{
	unsigned char raw[16];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(out, 33, raw, sizeof(raw));
}

/* The body's text, in jansson's memory (release with its free). */
static char *body_of(const char *event, const char *path, json_t *data, const char *now)
{
	char id[33], url[2300];
	random_hex(id);
	snprintf(url, sizeof(url), "%s%s", base_url, path ? path : "");
	json_t *body = json_object();
	json_object_set_new(body, "event", json_string(event));
	json_object_set_new(body, "id", json_string(id));
	json_object_set_new(body, "occurred_at", json_string(now));
	json_object_set_new(body, "url", json_string(url));
	json_object_set(body, "data", data ? data : json_object());
	char *text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	return text;
}

int webhooks_emit(db *c, const char *event, const char *path, json_t *data)
{
	json_t *endpoints = NULL;
	if (event == NULL || !known(event)) {
		json_decref(data);
		return DB_ERROR;
	}
	int rc = db_query_json(c,
		"SELECT e.id FROM webhook_subscriptions s JOIN webhook_endpoints e ON e.id = s.endpoint_id "
		"WHERE s.event = ? AND e.active = 1 ORDER BY e.id", DB_ARGS(DB_TEXT(event)), &endpoints);
	if (rc != DB_OK || json_array_size(endpoints) == 0) {
		json_decref(endpoints);
		json_decref(data);
		return rc;
	}
	char now[CLOCK_ISO_LEN];
	clock_iso(now, clock_now());
	char *body = body_of(event, path, data, now);
	json_decref(data);
	rc = body ? DB_OK : DB_ERROR;
	size_t i;
	json_t *e;
	json_array_foreach(endpoints, i, e)
	{
		char uid[33];
		int64_t delivery = 0;
		random_hex(uid);
		if (rc == DB_OK)
			rc = db_query_int(c,
				"INSERT INTO webhook_deliveries (endpoint_id, uid, event, body, created_at, updated_at) "
				"VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
				DB_ARGS(DB_INT(json_integer_value(json_object_get(e, "id"))), DB_TEXT(uid), DB_TEXT(event),
				        DB_TEXT(body), DB_TEXT(now), DB_TEXT(now)), &delivery);
		if (rc == DB_ROW)
			rc = webhooks_queue(c, delivery, 0, false);
		else if (rc == DB_DONE)
			rc = DB_ERROR;
	}
	json_malloc_t unused;
	json_free_t release; /* jansson's own free: in a request its memory is the arena's */
	json_get_alloc_funcs(&unused, &release);
	if (body != NULL)
		release(body);
	json_decref(endpoints);
	return rc;
}
