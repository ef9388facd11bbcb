/*
 * notify.h - the mails of a question's events (internal to questions/).
 */
#ifndef TERBUKA_QUESTIONS_NOTIFY_H
#define TERBUKA_QUESTIONS_NOTIFY_H

#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"

/* Queues the mails of an event ("answered", "forwarded", "reply",
 * "program") of question id, for everyone concerned but actor. In the
 * caller's transaction. */
int questions_notify(db *c, int64_t id, const char *event, int64_t actor);
/* The token of the one-click link that stops the mails of a question. */
int questions_unsubscribe_token(db *c, arena *a, int64_t user, int64_t question, const char **token);
/* DB_OK with the person and question when the token is genuine, DB_DONE
 * when it is not. */
int questions_unsubscribe_check(db *c, const char *token, int64_t *user, int64_t *question);

#endif
