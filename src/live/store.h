/*
 * store.h - the live sessions' SQL (internal to live/). Every change that
 * a view shows is also a row of live_events, appended in the caller's
 * transaction and collected in an outbox that the caller publishes on the
 * topic "sesi/<id>" after the commit (live_publish), so that the
 * Server-Sent Events of every node carry only what was committed, and a
 * client reconnecting with Last-Event-ID gets what it missed from the
 * table. The writers below take the outbox as their last argument.
 */
#ifndef TERBUKA_LIVE_STORE_H
#define TERBUKA_LIVE_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"
#include "http/request.h"

typedef struct live_fields {
	const char *title;
	const char *description;
	const char *starts_at; /* ISO UTC */
	const char *ends_at;
	const char *stream_url;
	bool allow_anonymous;
	bool premoderated;
	const int64_t *agencies; /* ids, at least one */
	size_t nagencies;
} live_fields;

/* Creates (*id == 0) or updates a session. DB_OK or an error status. */
int live_save(db *c, const live_fields *f, int64_t user, int64_t *id);
/* One session with its departments: DB_ROW with *row, or DB_DONE. */
int live_get(db *c, int64_t id, json_t **row);
/* Sessions starting from `from` on (upcoming, soonest first) or before it
 * (past, latest first). */
int live_list(db *c, bool upcoming, const char *from, int limit, json_t **rows);
/* terjadwal -> berlangsung -> selesai; DB_DONE when the move is not allowed. */
int live_set_state(db *c, int64_t id, const char *state, json_t *outbox);

/* The session's questions that `who` may see: the public ones (tampil, in
 * vote order, answered last) and, for moderators, every state. */
int live_questions(db *c, int64_t session, bool moderator, json_t **rows);
int live_question_get(db *c, int64_t session, int64_t id, json_t **row);
/* A question from a participant ("u:<id>" or "b:<hash>"): waiting
 * (menunggu) when the session is premoderated, else shown. */
int live_ask(db *c, int64_t session, int64_t user, const char *participant, const char *name,
             const char *body, bool premoderated, int64_t *id, json_t *outbox);
/* One vote per participant and question; DB_DONE when it was cast before. */
int live_vote(db *c, int64_t session, int64_t id, const char *participant, json_t *outbox);
/* Moderation: the question's new state (tampil, ditolak, disembunyikan). */
int live_moderate(db *c, int64_t session, int64_t id, const char *state, json_t *outbox);
/* Merges id into into (its votes added; it stops showing). */
int live_merge(db *c, int64_t session, int64_t id, int64_t into, json_t *outbox);
/* Corrects typos; the first original is kept. */
int live_edit(db *c, int64_t session, int64_t id, const char *body, json_t *outbox);
/* Pins the question being answered now (0: none). */
int live_pin(db *c, int64_t session, int64_t id, json_t *outbox);
/* Marks it answered, with a short written answer or none. */
int live_answer(db *c, int64_t session, int64_t id, const char *answer, json_t *outbox);

/* Appends an event (data is taken) and adds {"id", "event": kind,
 * "data"} to the outbox. */
int live_event(db *c, int64_t session, const char *kind, json_t *data, json_t *outbox);
/* Publishes the outbox's events on "sesi/<session>" (after the commit). */
void live_publish(int64_t session, json_t *outbox);
/* The events of a session after after_id, oldest first (for replay), at
 * most STREAM_REPLAY_MAX + 1 of them (one more tells the stream that the
 * client is too far behind and must reload). */
int live_events_after(db *c, int64_t session, int64_t after_id, json_t **events);

/* Runs fn (a change of session) in one write transaction and publishes
 * the events it put in the outbox after the commit. fn's result, or the
 * commit's. */
typedef int (*live_change_fn)(db *c, request *req, int64_t session, const void *arg, json_t *outbox);
int live_write(request *req, db *c, int64_t session, live_change_fn fn, const void *arg);

#endif
