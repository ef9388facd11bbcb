/*
 * metrics.h - counters for GET /metrics in Prometheus text format:
 * requests by route and status, a latency histogram, database time.
 * Lock-free: every counter is an atomic.
 */
#ifndef TERBUKA_HTTP_METRICS_H
#define TERBUKA_HTTP_METRICS_H

#include <stdint.h>

#include "core/buf.h"

/* names[i] is route i's name; one extra slot ("unrouted") is added. */
int metrics_init(const char *const *names, unsigned n);
void metrics_free(void);
/* Counts one request to route (n = unrouted) with its status and duration. */
void metrics_observe(unsigned route, unsigned status, uint64_t micros);
/* Appends the exposition text; db_us and db_count are the database totals. */
void metrics_render(buf *out, uint64_t db_us, uint64_t db_count);

#endif
