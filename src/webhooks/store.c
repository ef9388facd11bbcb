/*
 * store.c - the webhooks' SQL (migration 019): endpoints and the events
 * they listen to, their secrets (sealed by secret.c, never selected for a
 * page), deliveries and attempts. Each change is one write transaction.
 */
#include <string.h>

#include "core/clock.h"
#include "jobs/jobs.h"
#include "webhooks/webhooks_int.h"

#define ENDPOINT_COLUMNS \
	"SELECT e.id, e.url, e.description, e.active, e.secret_hint, e.secret_at, e.created_at, e.updated_at, " \
	"(SELECT d.status FROM webhook_deliveries d WHERE d.endpoint_id = e.id ORDER BY d.id DESC LIMIT 1) " \
	"AS last_status, " \
	"(SELECT d.updated_at FROM webhook_deliveries d WHERE d.endpoint_id = e.id ORDER BY d.id DESC LIMIT 1) " \
	"AS last_at FROM webhook_endpoints e "

/* Adds "events": [name] to each endpoint row from subscriptions rows. */
static void attach_events(json_t *rows, json_t *subs)
{
	size_t i, j;
	json_t *r, *s;
	json_array_foreach(rows, i, r)
	{
		json_t *events = json_array();
		json_int_t id = json_integer_value(json_object_get(r, "id"));
		json_array_foreach(subs, j, s)
		{
			if (json_integer_value(json_object_get(s, "endpoint_id")) == id)
				json_array_append(events, json_object_get(s, "event"));
		}
		json_object_set_new(r, "events", events);
	}
}

int webhooks_store_list(db *c, json_t **rows)
{
	json_t *subs = NULL;
	int rc = db_query_json(c, ENDPOINT_COLUMNS "ORDER BY e.id DESC", DB_NOARGS, rows);
	if (rc == DB_OK)
		rc = db_query_json(c, "SELECT endpoint_id, event FROM webhook_subscriptions ORDER BY endpoint_id, event",
		                   DB_NOARGS, &subs);
	if (rc == DB_OK)
		attach_events(*rows, subs);
	json_decref(subs);
	return rc;
}

int webhooks_store_get(db *c, int64_t id, json_t **row)
{
	json_t *subs = NULL;
	int rc = db_query_row_json(c, ENDPOINT_COLUMNS "WHERE e.id = ?", DB_ARGS(DB_INT(id)), row);
	if (rc != DB_ROW)
		return rc;
	int rc2 = db_query_json(c, "SELECT endpoint_id, event FROM webhook_subscriptions WHERE endpoint_id = ?",
	                        DB_ARGS(DB_INT(id)), &subs);
	if (rc2 == DB_OK) {
		json_t *one = json_pack("[O]", *row);
		attach_events(one, subs);
		json_decref(one);
	} else {
		json_decref(*row);
		*row = NULL;
		rc = rc2;
	}
	json_decref(subs);
	return rc;
}

static int write_events(db *c, int64_t id, const webhook_fields *f)
{
	int rc = db_exec(c, "DELETE FROM webhook_subscriptions WHERE endpoint_id = ?", DB_ARGS(DB_INT(id)), NULL);
	for (int i = 0; rc == DB_OK && i < WEBHOOK_NEVENTS; i++)
		if (f->events[i])
			rc = db_exec(c, "INSERT INTO webhook_subscriptions (endpoint_id, event) VALUES (?, ?)",
			             DB_ARGS(DB_INT(id), DB_TEXT(webhooks_events[i])), NULL);
	return rc;
}

/* The secret sealed for endpoint id and stored with its hint. */
static int write_secret(db *c, int64_t id, const char *secret, const char *now, int64_t *changed)
{
	char sealed[WEBHOOK_SEALED_MAX];
	size_t n = strlen(secret);
	if (n < 4 || !webhooks_secret_seal(secret, id, sealed))
		return DB_ERROR;
	return db_exec(c, "UPDATE webhook_endpoints SET secret = ?, secret_hint = ?, secret_at = ?, updated_at = ? "
	                  "WHERE id = ?",
	               DB_ARGS(DB_TEXT(sealed), DB_TEXT(secret + n - 4), DB_TEXT(now), DB_TEXT(now), DB_INT(id)),
	               changed);
}

/* Ends a transaction: commits on DB_OK, else rolls back; the status. */
static int end(db *c, int rc)
{
	if (rc == DB_OK)
		rc = db_commit(c);
	if (rc != DB_OK)
		db_rollback(c);
	return rc;
}

int webhooks_store_create(db *c, const webhook_fields *f, const char *secret, int64_t by, int64_t *id)
{
	char now[CLOCK_ISO_LEN];
	clock_iso(now, clock_now());
	int rc = db_begin(c, true);
	if (rc != DB_OK)
		return rc;
	rc = db_query_int(c,
		"INSERT INTO webhook_endpoints (url, description, active, secret, secret_hint, secret_at, created_by, "
		"created_at, updated_at) VALUES (?, ?, ?, '', '', ?, ?, ?, ?) RETURNING id",
		DB_ARGS(DB_TEXT(f->url), DB_TEXT(f->description), DB_INT(f->active), DB_TEXT(now),
		        by ? DB_INT(by) : DB_NULL, DB_TEXT(now), DB_TEXT(now)), id);
	rc = rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_ERROR : rc;
	if (rc == DB_OK)
		rc = write_secret(c, *id, secret, now, NULL);
	if (rc == DB_OK)
		rc = write_events(c, *id, f);
	return end(c, rc);
}

int webhooks_store_update(db *c, int64_t id, const webhook_fields *f, bool *found)
{
	char now[CLOCK_ISO_LEN];
	clock_iso(now, clock_now());
	int64_t changed = 0;
	int rc = db_begin(c, true);
	if (rc != DB_OK)
		return rc;
	rc = db_exec(c, "UPDATE webhook_endpoints SET url = ?, description = ?, active = ?, updated_at = ? WHERE id = ?",
	             DB_ARGS(DB_TEXT(f->url), DB_TEXT(f->description), DB_INT(f->active), DB_TEXT(now), DB_INT(id)),
	             &changed);
	*found = changed > 0;
	if (rc == DB_OK && changed)
		rc = write_events(c, id, f);
	return end(c, rc);
}

int webhooks_store_rotate(db *c, int64_t id, const char *secret, bool *found)
{
	char now[CLOCK_ISO_LEN];
	clock_iso(now, clock_now());
	int64_t changed = 0;
	int rc = db_begin(c, true);
	if (rc != DB_OK)
		return rc;
	rc = write_secret(c, id, secret, now, &changed);
	*found = changed > 0;
	return end(c, rc);
}

int webhooks_store_delete(db *c, int64_t id, bool *found)
{
	int64_t changed = 0;
	int rc = db_exec(c, "DELETE FROM webhook_endpoints WHERE id = ?", DB_ARGS(DB_INT(id)), &changed);
	*found = changed > 0;
	return rc;
}

int webhooks_store_log(db *c, int64_t endpoint, json_t **rows)
{
	json_t *tries = NULL;
	int rc = db_query_json(c,
		"SELECT id, uid, event, status, attempts, last_code, last_error, created_at, updated_at, delivered_at "
		"FROM webhook_deliveries WHERE endpoint_id = ? ORDER BY id DESC LIMIT ?",
		DB_ARGS(DB_INT(endpoint), DB_INT(WEBHOOK_LOG_SHOWN)), rows);
	if (rc == DB_OK)
		rc = db_query_json(c,
			"SELECT delivery_id, attempt, resend, at, duration_ms, status_code, error FROM webhook_attempts "
			"WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE endpoint_id = ? ORDER BY id DESC "
			"LIMIT ?) ORDER BY delivery_id, attempt",
			DB_ARGS(DB_INT(endpoint), DB_INT(WEBHOOK_LOG_SHOWN)), &tries);
	size_t i, j;
	json_t *d, *t;
	json_array_foreach(rc == DB_OK ? *rows : NULL, i, d)
	{
		json_t *mine = json_array();
		json_array_foreach(tries, j, t)
		{
			if (json_integer_value(json_object_get(t, "delivery_id")) == json_integer_value(json_object_get(d, "id")))
				json_array_append(mine, t);
		}
		json_object_set_new(d, "tries", mine);
	}
	json_decref(tries);
	return rc;
}

int webhooks_queue(db *c, int64_t delivery, int64_t generation, bool resend)
{
	json_t *payload = json_pack("{s:I, s:I, s:b}", "delivery", (json_int_t)delivery, "generation",
	                            (json_int_t)generation, "resend", resend);
	return payload ? jobs_enqueue_tries(c, WEBHOOK_JOB, payload, 0, WEBHOOK_ATTEMPTS, NULL) : DB_ERROR;
}

int webhooks_store_resend(db *c, int64_t endpoint, int64_t delivery, bool *found)
{
	char now[CLOCK_ISO_LEN];
	clock_iso(now, clock_now());
	int64_t generation = 0;
	int rc = db_begin(c, true);
	if (rc != DB_OK)
		return rc;
	rc = db_query_int(c,
		"UPDATE webhook_deliveries SET generation = generation + 1, status = 'pending', updated_at = ? "
		"WHERE id = ? AND endpoint_id = ? RETURNING generation",
		DB_ARGS(DB_TEXT(now), DB_INT(delivery), DB_INT(endpoint)), &generation);
	*found = rc == DB_ROW;
	if (rc == DB_ROW)
		rc = webhooks_queue(c, delivery, generation, true);
	return end(c, rc == DB_DONE ? DB_OK : rc);
}
