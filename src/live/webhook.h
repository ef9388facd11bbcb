/*
 * webhook.h - what the webhooks hear of a live session (webhooks/webhooks.h).
 */
#ifndef TERBUKA_LIVE_WEBHOOK_H
#define TERBUKA_LIVE_WEBHOOK_H

#include <stdint.h>

#include "db/db.h"

/* Reports event ("session.scheduled" when a session is made,
 * "session.live" when it starts) of session id to the endpoints that
 * listen, in the caller's transaction. DB_OK or a db status. */
int live_webhook(db *c, int64_t id, const char *event);

#endif
