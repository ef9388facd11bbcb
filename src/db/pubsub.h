/*
 * pubsub.h - publish/subscribe for live updates, across nodes.
 *
 * A message is a topic ("sesi/12") and a JSON document. On SQLite, which
 * is one process, delivery stays in process. On PostgreSQL, publishing is
 * a NOTIFY on the channel "terbuka" (sent at commit when inside a
 * transaction), and each node runs one listener thread with its own
 * connection that hands every notification to the local subscribers: an
 * event published on node A reaches subscribers on node B, and on A too,
 * exactly once.
 *
 * Callbacks run on the listener thread (PostgreSQL) or on the publishing
 * thread (SQLite): keep them short (copy, then wake a connection) and do
 * not call pubsub functions from inside one.
 */
#ifndef TERBUKA_PUBSUB_H
#define TERBUKA_PUBSUB_H

#include <jansson.h>
#include <stddef.h>

/* The largest message (topic + JSON) PostgreSQL's NOTIFY carries. */
#define PUBSUB_MAX_MESSAGE 7900

typedef void (*pubsub_fn)(const char *topic, const char *json, void *ctx);

/* Starts delivery (the listener thread on PostgreSQL). Call after db_init.
 * 0, or -1 with err. */
int pubsub_start(char *err, size_t errlen);
/* Stops the listener and forgets every subscription. */
void pubsub_stop(void);

/* PostgreSQL: 0 while this node hears no notification (no listener, or
 * its connection is lost), else a number that changes each time the
 * listener (re)connects, so whoever keeps state that notifications keep
 * current knows when some may have been missed. Always 0 on SQLite. */
unsigned long pubsub_epoch(void);

/* Calls fn for every message whose topic equals topic (or every message
 * when topic is "*"). Returns a subscription id > 0, or -1. */
int pubsub_subscribe(const char *topic, pubsub_fn fn, void *ctx);
void pubsub_unsubscribe(int id);

/* Publishes message under topic through this thread's connection.
 * Returns DB_OK or a db status (DB_ERROR when the message is too large). */
int pubsub_publish(const char *topic, json_t *message);

#endif
