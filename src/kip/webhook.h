/*
 * webhook.h - what the webhooks hear of an information request
 * (webhooks/webhooks.h).
 */
#ifndef TERBUKA_KIP_WEBHOOK_H
#define TERBUKA_KIP_WEBHOOK_H

#include <stdint.h>

#include "db/db.h"

/* Reports "kip.request.decided" of request id (its written notice was
 * given) to the endpoints that listen, in the caller's transaction: what
 * the public register shows, never the requester. DB_OK or a db status. */
int kip_webhook_decided(db *c, int64_t id);

#endif
