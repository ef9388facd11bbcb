/*
 * webhook.h - what the webhooks hear of a question (webhooks/webhooks.h).
 */
#ifndef TERBUKA_QUESTIONS_WEBHOOK_H
#define TERBUKA_QUESTIONS_WEBHOOK_H

#include <stdint.h>

#include "db/db.h"

/* Reports event ("question.answered": its latest official answer;
 * "question.forwarded": its latest forwarding) of question id to the
 * endpoints that listen, in the caller's transaction. Only a listed
 * question's public fields, never the asker. DB_OK or a db status. */
int questions_webhook(db *c, int64_t id, const char *event);

#endif
