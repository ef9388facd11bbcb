/*
 * dataversion.h - the versions of public data (the data_versions table,
 * migration 005) as the page cache needs them: on every anonymous GET of
 * a kept page, so they must cost next to nothing.
 *
 * SQLite: read from the table, inside the request's read transaction
 * (in-process, microseconds).
 *
 * PostgreSQL: reading the table is a round trip per page, which was most
 * of the time of a kept page (14,600 against 51,400 pages a second
 * without it). So each node keeps a copy, read from the table and
 * trusted until something may have changed it:
 *   - another node, the CLI or a database shell wrote: a trigger on
 *     data_versions NOTIFYs (migration 011) and the pubsub listener hears
 *     it, milliseconds after the commit;
 *   - this node wrote (db_writes() moved): its next page must show it, so
 *     the copy is not trusted even before the notification arrives;
 *   - the listener lost its connection or was never connected
 *     (pubsub_epoch() is 0 or changed): notifications may have been
 *     missed, so the table is read on every request until it listens again.
 * Whatever is read after one of these is newer than the event, so a kept
 * page is never served for data older than what this node has heard of.
 * A write on another node reaches this node's kept pages when its
 * notification does (milliseconds; an SQL write there is seen here once
 * /metrics, which reads the versions, shows it: tests/http/httpkit.py).
 */
#ifndef TERBUKA_DATAVERSION_H
#define TERBUKA_DATAVERSION_H

#include <stdint.h>

#include "core/buf.h"
#include "db/db.h"

#define DATAVERSION_TOPICS 9 /* data_versions rows: bits 1 << 0 .. 1 << 8 */

/* Listens for changes (PostgreSQL; nothing to do on SQLite). Call once
 * before pubsub_start; 0 or -1. */
int dataversion_start(void);
void dataversion_stop(void);

/* The sum of the versions of the topics (a mask of TOPIC_ bits) into *v:
 * DB_OK, or the database's error status. */
int dataversion_read(db *c, unsigned topics, int64_t *v);

/* /metrics: each topic's version as this node knows it, read fresh when
 * it might be stale; and how the PostgreSQL copy was used. */
void dataversion_metrics(db *c, buf *out);

#endif
