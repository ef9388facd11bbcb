/*
 * stream.h - live pages: Server-Sent Events for a pubsub topic.
 *
 * A GET handler calls stream_answer() and returns: the response is a
 * text/event-stream that first replays what the client missed, then
 * carries every message published on the topic (pubsub_publish, on any
 * node) as it arrives, with a heartbeat, until the client goes or the
 * server stops. One pubsub subscription per topic per process, whatever
 * the number of clients; each message is formatted once and shared.
 * The transport's rules (queues, heartbeats, slow clients, shutdown) are
 * in http/sse.h and docs/internals/streams.md.
 *
 * What to publish: pubsub_publish(topic, {"id": n, "event": "name",
 * "data": <any JSON>}) with n > 0 the event's row id, increasing in the
 * order events are committed. Each goes out as
 *     id: <id>\nevent: <event>\ndata: <data as one line of JSON>\n\n
 * Keep events small (ids and short text): on PostgreSQL a NOTIFY carries
 * at most PUBSUB_MAX_MESSAGE bytes (topic and JSON together), and larger
 * ones are refused (on SQLite they are dropped here, so both engines
 * behave alike). A message lost on the way (too large, the listener
 * reconnecting) is found again by the replay when the client reconnects,
 * and the page can always fetch more than the event carries.
 */
#ifndef TERBUKA_STREAM_H
#define TERBUKA_STREAM_H

#include <jansson.h>
#include <stdint.h>

#include "app.h"

/* The most events a replay may hand back; a client further behind than
 * that is sent a "reload" event instead (return STREAM_REPLAY_MAX + 1
 * events, e.g. with LIMIT 1001, so this can be told). */
#define STREAM_REPLAY_MAX 1000

/* Replay: called once for a new client: the events of topic after
 * after_id, oldest first, as a JSON array (new reference) of
 * {"id": int, "event": "...", "data": <any JSON>}. Return DB_OK or an
 * error status. */
typedef int (*stream_replay_fn)(const char *topic, int64_t after_id, json_t **events, void *ctx);

/* In a GET handler: answers with text/event-stream for topic: the replay
 * after the request's Last-Event-ID header (or a `terakhir` query
 * parameter, for clients that cannot set headers; 0 or none = from now,
 * no replay), then every message published on topic as it arrives,
 * heartbeats, until the client goes or the server stops. Sets pg->raw.
 * A bad Last-Event-ID is a 400; a failed replay or a server shutting
 * down answers with a `retry:` line and ends, so EventSource comes back
 * a few seconds later (a 503 would make it give up). */
void stream_answer(request *req, page *pg, const char *topic, stream_replay_fn replay, void *ctx);

/* The message of a pubsub JSON document ({"id", "event", "data"}) as it
 * goes on the wire; NULL when it is not such a document (for tests). */
struct sse_msg *stream_message(const char *json, size_t len);

#endif
