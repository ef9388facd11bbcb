/*
 * sse.h - Server-Sent Events to many clients: the transport.
 *
 * A stream is one HTTP response (text/event-stream) that never ends on
 * its own. Its clients are grouped in channels by name; a message handed
 * to sse_publish() is formatted once, shared by reference among the
 * channel's clients, and written to each by libmicrohttpd's content
 * reader. A client with nothing to send is a suspended connection: it
 * costs no thread, no request arena, no database connection and no poll
 * slot, only its socket, MHD's connection memory and ~200 bytes here.
 *
 * One background thread (started by server_start) does the work that is
 * not a client's own writing: fan-out of published messages, a heartbeat
 * (": ping") every ping interval to every quiet client, and watching the
 * sockets of suspended clients for a hang-up, so a client that goes away
 * is freed at once rather than at its next write.
 *
 * Bounds: a client's queue holds at most SSE_QUEUE_MAX messages and
 * SSE_QUEUE_BYTES bytes. A client that falls further behind (it does not
 * read) is never waited for: its queue is dropped and replaced by one
 * "reload" event, after which its stream ends (the page reloads and
 * starts again from the current state). A client that does not even take
 * that is closed by MHD's idle timeout.
 *
 * This layer knows nothing of pubsub, topics' meaning or pages: a channel
 * gets its messages from whoever opened it (see sse_source), and
 * src/stream.c binds channels to pubsub topics.
 */
#ifndef TERBUKA_HTTP_SSE_H
#define TERBUKA_HTTP_SSE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "http/request.h"
#include "http/response.h"

#define SSE_QUEUE_MAX 256            /* messages waiting for one client */
#define SSE_QUEUE_BYTES (256u * 1024) /* bytes waiting for one client */
#define SSE_MAX_EVENT 64             /* longest event name */
#define SSE_MAX_CHANNEL 200          /* longest channel name */
#define SSE_PING_SECONDS 15          /* default heartbeat interval */

/* One event as it goes on the wire, shared by every client that sends it. */
typedef struct sse_msg {
	atomic_uint refs;
	int64_t id;  /* 0: no id line (the client's Last-Event-ID stays) */
	size_t len;
	char bytes[]; /* "id: 12\nevent: x\ndata: {...}\n\n" */
} sse_msg;

/* "id: <id>\nevent: <event>\ndata: <data>\n\n" appended to out (no id
 * line when id is 0, no event line when event is NULL). false when the
 * event name is not 1..SSE_MAX_EVENT of [A-Za-z0-9_.-], or data holds a
 * CR, LF or NUL (an event's data is one line of JSON), or out failed. */
bool sse_format(buf *out, int64_t id, const char *event, const char *data, size_t data_len);
/* The same, as a new message with one reference; NULL on a bad event,
 * bad data or out of memory. */
sse_msg *sse_msg_new(int64_t id, const char *event, const char *data, size_t data_len);
sse_msg *sse_msg_ref(sse_msg *m);
void sse_msg_unref(sse_msg *m);

/* A client's queue of messages (pure: no locks, no I/O). */
typedef struct sse_queue {
	sse_msg **ring;
	unsigned cap, head, count;
	size_t off;        /* bytes of the head message already given out */
	size_t bytes;      /* bytes waiting, partly given head included */
	unsigned max;      /* at most this many messages */
	size_t max_bytes;  /* and this many bytes */
} sse_queue;

void sse_queue_init(sse_queue *q, unsigned max, size_t max_bytes);
/* Takes a reference to m. false (nothing taken) when the queue is full
 * or out of memory. */
bool sse_queue_push(sse_queue *q, sse_msg *m);
/* Copies waiting bytes into dst (at most max), oldest first, splitting a
 * message across calls when it does not fit. A message whose id is one
 * of sent[0..nsent) (ascending) is skipped whole: the replay had it.
 * Nothing else is skipped, an id below one already sent included: events
 * of two transactions may be published in the other order than their ids,
 * and a second copy is better than a lost event. Returns bytes copied. */
size_t sse_queue_read(sse_queue *q, char *dst, size_t max, const int64_t *sent, size_t nsent);
/* Drops every waiting message but one partly given out (so what follows
 * starts on an event's boundary). */
void sse_queue_drop(sse_queue *q);
/* Drops every waiting message. */
void sse_queue_clear(sse_queue *q);
void sse_queue_free(sse_queue *q);

/* Where a channel's messages come from: open is called when the channel
 * gets its first client (returns a handle >= 0, or -1 to refuse), close
 * with that handle when it loses its last. Both are called with the
 * transport's lock held: they must not call back into sse_*. */
struct sse_source {
	int (*open)(const char *channel);
	void (*close)(int handle);
};

typedef struct sse_client sse_client;

/* Tunables (tests shorten them); 0 keeps a value as it is. */
void sse_configure(unsigned ping_ms);

/* Starts the background thread; 0 or -1. Called by server_start. */
int sse_start(void);
/* Ends every stream (each sends what it has, then finishes its response)
 * and refuses new ones; returns once no stream is left or wait_ms passed.
 * server_stop calls it before it waits for requests and stops MHD, which
 * must never be stopped with a suspended connection. */
void sse_drain(unsigned wait_ms);
/* Stops the background thread (after MHD is stopped). */
void sse_stop(void);

/* A new client of channel for the request being handled, attached at
 * once: it collects every message published from now on. NULL when
 * shutting down, when the channel's source refuses, or out of memory. */
sse_client *sse_client_new(request *req, const char *channel, const struct sse_source *src);
/* Bytes to send before anything published (a retry line, the replay);
 * ids[0..nids) are the ids of the events in them, which a live copy
 * arriving meanwhile then skips. With last, the stream ends once they are
 * sent (a reload). Once per client; false when out of memory. */
bool sse_client_prefix(sse_client *c, const char *bytes, size_t len, const int64_t *ids,
                       size_t nids, bool last);
/* Makes res the stream's response (status 200, text/event-stream,
 * no-store, X-Accel-Buffering: no, Connection: close); the server gives
 * it to MHD. */
void sse_client_answer(sse_client *c, response *res);
/* Frees a client that was never answered with. */
void sse_client_abort(sse_client *c);

/* Hands m (the caller's reference) to every client of channel. Never
 * blocks on a client: the fan-out runs on the transport's thread. */
void sse_publish(const char *channel, sse_msg *m);

/* For server.c: the MHD response of a stream answer (NULL on failure,
 * the client then freed). */
struct MHD_Response *sse_mhd_response(sse_client *c);

/* Open streams, channels, events written, clients dropped for falling
 * behind, in Prometheus text. */
void sse_metrics(buf *out);
/* Open streams right now. */
unsigned sse_clients(void);

#endif
