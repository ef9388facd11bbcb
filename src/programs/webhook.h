/*
 * webhook.h - what the webhooks hear of a programme (webhooks/webhooks.h).
 */
#ifndef TERBUKA_PROGRAMS_WEBHOOK_H
#define TERBUKA_PROGRAMS_WEBHOOK_H

#include <stdint.h>

#include "db/db.h"

/* Reports "program.updated" of programme id to the endpoints that
 * listen, in the caller's transaction: after a change of its record,
 * changes is the new version's list of changed fields (JSON text,
 * [{field, from, to}]); after a progress report that changed nothing in
 * the record, NULL, and the report goes instead. DB_OK or a db status. */
int programs_webhook(db *c, int64_t id, const char *changes);

#endif
