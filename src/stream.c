/*
 * stream.c - live pages: Server-Sent Events for a pubsub topic (see
 * stream.h). The transport (queues, suspension, heartbeats) is
 * http/sse.c; this file binds its channels to pubsub topics, turns
 * pubsub documents into events and runs the replay.
 *
 * No gap between replay and live: the client joins the channel before
 * the replay is read, so an event committed meanwhile is in the replay,
 * or arrives live, or both; the transport skips a live copy of an event
 * the replay carried, and nothing else.
 */
#include "stream.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "core/str.h"
#include "db/pubsub.h"
#include "http/sse.h"

#define REPLAY_BYTES (1024u * 1024) /* the most a replay may take on the wire */
#define RETRY_MIN_MS 2000u          /* EventSource's reconnection delay, spread */
#define RETRY_SPREAD_MS 4000u       /* so that 10,000 viewers do not come back at once */
#define RETRY_LATER "retry: 5000\n\n"

static void json_release(char *s)
{
	json_malloc_t m;
	json_free_t release;
	json_get_alloc_funcs(&m, &release);
	release(s);
}

/* One event of a pubsub document or a replay row; NULL if it is not one. */
static struct sse_msg *message_of(json_t *doc, bool *bad)
{
	json_t *id = json_object_get(doc, "id");
	json_t *event = json_object_get(doc, "event");
	json_t *data = json_object_get(doc, "data");
	*bad = true;
	if (!json_is_object(doc) || (id != NULL && (!json_is_integer(id) || json_integer_value(id) < 0)) ||
	    (event != NULL && !json_is_string(event)))
		return NULL;
	char *text = data ? json_dumps(data, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
	if (data != NULL && text == NULL)
		return NULL;
	struct sse_msg *m = sse_msg_new(id ? json_integer_value(id) : 0,
	                                event ? json_string_value(event) : NULL,
	                                text ? text : "null", text ? strlen(text) : 4);
	if (text != NULL)
		json_release(text);
	*bad = m == NULL;
	return m;
}

struct sse_msg *stream_message(const char *json, size_t len)
{
	bool bad;
	if (len > PUBSUB_MAX_MESSAGE)
		return NULL;
	json_t *doc = json_loadb(json, len, JSON_REJECT_DUPLICATES, NULL);
	struct sse_msg *m = doc ? message_of(doc, &bad) : NULL;
	json_decref(doc);
	return m;
}

/* pubsub's callback (listener thread, or the publishing thread on
 * SQLite): formats once and hands over; the fan-out is the transport's. */
static void on_message(const char *topic, const char *json, void *ctx)
{
	/* the message outlives any request this thread may be serving */
	arena *during = arena_current();
	arena_set_current(NULL);
	size_t len = strlen(json);
	struct sse_msg *m = stream_message(json, len);
	arena_set_current(during);
	if (m == NULL) {
		log_error(NULL, "stream %s: dropped a message that is not {id, event, data} of at most "
		                "%d bytes (%zu bytes)", topic, PUBSUB_MAX_MESSAGE, len);
		return;
	}
	sse_publish(topic, m);
}

static int topic_open(const char *topic)
{
	return pubsub_subscribe(topic, on_message, NULL);
}

static void topic_close(int handle)
{
	pubsub_unsubscribe(handle);
}

static const struct sse_source pubsub_source = { topic_open, topic_close };

/* The id the client has: Last-Event-ID, else ?terakhir=, else 0. */
static bool resume_point(const request *req, int64_t *after)
{
	const char *v = request_header(req, "Last-Event-ID");
	if (v == NULL || v[0] == '\0')
		v = http_params_get(&req->query, "terakhir");
	*after = 0;
	if (v == NULL || v[0] == '\0')
		return true;
	size_t n = strlen(v);
	if (n > 18 || strspn(v, "0123456789") != n)
		return false;
	return str_to_i64((str){ v, n }, false, after) && *after >= 0;
}

static void stream_headers(response *res)
{
	res->content_type = "text/event-stream; charset=utf-8";
	response_header(res, "Cache-Control", "no-store");
	response_header(res, "X-Accel-Buffering", "no");
}

/* 200 with a retry line and nothing else: EventSource reconnects later. */
static void retry_later(response *res)
{
	response_set_static(res, 200, NULL, RETRY_LATER, sizeof(RETRY_LATER) - 1);
	stream_headers(res);
	response_header(res, "Retry-After", "5");
}

/* The replay's events after `after` into b and their ids into ids (room
 * for STREAM_REPLAY_MAX); false when there are too many for one answer
 * (the client reloads instead). */
static bool replay_into(request *req, const char *topic, buf *b, json_t *events, int64_t after,
                        int64_t *ids, size_t *nids)
{
	*nids = 0;
	if (!json_is_array(events) || json_array_size(events) > STREAM_REPLAY_MAX)
		return false;
	size_t i;
	json_t *e;
	json_array_foreach(events, i, e)
	{
		bool bad;
		struct sse_msg *m = message_of(e, &bad);
		if (m == NULL) {
			log_error(req->id, "stream %s: replay event %zu is not {id, event, data}; skipped",
			          topic, i);
			continue;
		}
		if (m->id == 0 || m->id > after) {
			buf_append(b, m->bytes, m->len);
			if (m->id > 0)
				ids[(*nids)++] = m->id;
		}
		sse_msg_unref(m);
	}
	return !buf_failed(b);
}

void stream_answer(request *req, page *pg, const char *topic, stream_replay_fn replay, void *ctx)
{
	response *res = pg->res;
	int64_t after;
	pg->raw = true;
	json_decref(pg->model);
	pg->model = NULL;
	if (!resume_point(req, &after)) {
		response_set_text(res, 400, "400 Bad Request: Last-Event-ID (terakhir) is not an event id\n");
		return;
	}
	if (req->head) {
		response_set_static(res, 200, NULL, "", 0);
		stream_headers(res);
		return;
	}
	sse_client *c = sse_client_new(req, topic, &pubsub_source);
	if (c == NULL) { /* shutting down, or out of memory */
		retry_later(res);
		return;
	}
	buf b;
	buf_init(&b, REPLAY_BYTES);
	buf_printf(&b, "retry: %u\n\n", RETRY_MIN_MS + randombytes_uniform(RETRY_SPREAD_MS));
	int64_t *ids = NULL;
	size_t nids = 0;
	bool reload = false;
	if (after > 0 && replay != NULL) {
		json_t *events = NULL;
		int rc = replay(topic, after, &events, ctx);
		if (rc != DB_OK) {
			log_error(req->id, "stream %s: replay after %lld failed (status %d); the client will "
			                   "retry", topic, (long long)after, rc);
			json_decref(events);
			buf_free(&b);
			sse_client_abort(c);
			retry_later(res);
			return;
		}
		ids = arena_calloc(req->arena, STREAM_REPLAY_MAX, sizeof(*ids));
		reload = ids == NULL || !replay_into(req, topic, &b, events, after, ids, &nids);
		json_decref(events);
	}
	if (reload) {
		log_error(req->id, "stream %s: too much to replay after %lld; sent a reload", topic,
		          (long long)after);
		buf_reset(&b);
		buf_puts(&b, "retry: 2000\n\nevent: reload\ndata: {}\n\n");
		nids = 0;
	}
	if (buf_failed(&b) || !sse_client_prefix(c, b.data, b.len, ids, nids, reload)) {
		buf_free(&b);
		sse_client_abort(c);
		retry_later(res);
		return;
	}
	buf_free(&b);
	sse_client_answer(c, res);
}
