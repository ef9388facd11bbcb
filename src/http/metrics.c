/*
 * metrics.c - Prometheus counters (see metrics.h).
 */
#include "http/metrics.h"

#include <stdatomic.h>
#include <stdlib.h>

static const unsigned statuses[] = { 200, 201, 204, 301, 302, 303, 304, 400, 401, 403,
                                     404, 405, 409, 413, 422, 429, 500, 503 };
#define NSTATUS (sizeof(statuses) / sizeof(statuses[0]) + 1) /* + "other" */

/* Upper bounds in microseconds. */
static const uint64_t bounds[] = { 250, 500, 1000, 2500, 5000, 10000, 25000,
                                   50000, 100000, 250000, 500000, 1000000, 5000000 };
#define NBOUNDS (sizeof(bounds) / sizeof(bounds[0]))

static const char *const *route_names;
static unsigned nroutes; /* including "unrouted" */
static _Atomic uint64_t *counts;          /* [route][status] */
static _Atomic uint64_t buckets[NBOUNDS + 1];
static _Atomic uint64_t sum_us, total;

int metrics_init(const char *const *names, unsigned n)
{
	route_names = names;
	nroutes = n + 1;
	counts = calloc((size_t)nroutes * NSTATUS, sizeof(*counts));
	return counts ? 0 : -1;
}

void metrics_free(void)
{
	free(counts);
	counts = NULL;
}

static unsigned status_slot(unsigned status)
{
	for (unsigned i = 0; i < NSTATUS - 1; i++) {
		if (statuses[i] == status)
			return i;
	}
	return NSTATUS - 1;
}

void metrics_observe(unsigned route, unsigned status, uint64_t micros)
{
	if (counts == NULL)
		return;
	if (route >= nroutes)
		route = nroutes - 1;
	atomic_fetch_add_explicit(&counts[route * NSTATUS + status_slot(status)], 1,
	                          memory_order_relaxed);
	unsigned b = 0;
	while (b < NBOUNDS && micros > bounds[b])
		b++;
	atomic_fetch_add_explicit(&buckets[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&sum_us, micros, memory_order_relaxed);
	atomic_fetch_add_explicit(&total, 1, memory_order_relaxed);
}

void metrics_render(buf *out, uint64_t db_us, uint64_t db_count)
{
	buf_puts(out, "# HELP terbuka_http_requests_total HTTP requests by route and status.\n"
	              "# TYPE terbuka_http_requests_total counter\n");
	for (unsigned r = 0; counts != NULL && r < nroutes; r++) {
		const char *name = r < nroutes - 1 ? route_names[r] : "unrouted";
		for (unsigned s = 0; s < NSTATUS; s++) {
			uint64_t v = atomic_load_explicit(&counts[r * NSTATUS + s], memory_order_relaxed);
			if (v == 0)
				continue;
			if (s < NSTATUS - 1)
				buf_printf(out, "terbuka_http_requests_total{route=\"%s\",status=\"%u\"} %llu\n",
				           name, statuses[s], (unsigned long long)v);
			else
				buf_printf(out, "terbuka_http_requests_total{route=\"%s\",status=\"other\"} %llu\n",
				           name, (unsigned long long)v);
		}
	}
	buf_puts(out, "# HELP terbuka_http_request_duration_seconds Time from request to response queued.\n"
	              "# TYPE terbuka_http_request_duration_seconds histogram\n");
	uint64_t cumulative = 0;
	for (unsigned b = 0; b <= NBOUNDS; b++) {
		cumulative += atomic_load_explicit(&buckets[b], memory_order_relaxed);
		if (b < NBOUNDS)
			buf_printf(out, "terbuka_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
			           (double)bounds[b] / 1e6, (unsigned long long)cumulative);
		else
			buf_printf(out, "terbuka_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
			           (unsigned long long)cumulative);
	}
	buf_printf(out, "terbuka_http_request_duration_seconds_sum %.6f\n"
	                "terbuka_http_request_duration_seconds_count %llu\n",
	           (double)atomic_load(&sum_us) / 1e6, (unsigned long long)atomic_load(&total));
	buf_printf(out, "# HELP terbuka_db_seconds_total Time spent in the database.\n"
	                "# TYPE terbuka_db_seconds_total counter\n"
	                "terbuka_db_seconds_total %.6f\n"
	                "# HELP terbuka_db_statements_total Statements run.\n"
	                "# TYPE terbuka_db_statements_total counter\n"
	                "terbuka_db_statements_total %llu\n",
	           (double)db_us / 1e6, (unsigned long long)db_count);
}
