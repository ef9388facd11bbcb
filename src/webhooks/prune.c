/*
 * prune.c - the delivery log does not grow for ever: a delivery that
 * ended (delivered, or failed for good) is removed with its attempts
 * WEBHOOK_LOG_DAYS after its last change; one still pending stays. The
 * job "webhook.prune" does it once a day on some node and queues its
 * next run; it is queued at start-up when none is waiting.
 */
#include <stdio.h>

#include "core/clock.h"
#include "core/log.h"
#include "jobs/jobs.h"
#include "webhooks/webhooks_int.h"

#define PRUNE "webhook.prune"
#define DAY 86400

int webhooks_prune_now(db *c, int64_t now, int64_t *removed)
{
	char cutoff[CLOCK_ISO_LEN];
	clock_iso(cutoff, now - (int64_t)WEBHOOK_LOG_DAYS * DAY);
	/* their attempts go with them (ON DELETE CASCADE, on both engines) */
	return db_exec(c, "DELETE FROM webhook_deliveries WHERE status <> 'pending' AND updated_at < ?",
	               DB_ARGS(DB_TEXT(cutoff)), removed);
}

static int prune_job(db *c, json_t *payload, char *err, size_t errlen)
{
	(void)payload;
	int64_t removed = 0;
	int rc = db_begin(c, true);
	if (rc == DB_OK)
		rc = webhooks_prune_now(c, clock_now(), &removed);
	rc = rc == DB_OK ? db_commit(c) : (db_rollback(c), rc);
	if (rc != DB_OK) {
		snprintf(err, errlen, "webhook log: %s", db_errmsg(c));
		return -1;
	}
	if (removed > 0)
		log_info("webhooks: removed %lld deliveries older than %d days from the log", (long long)removed,
		         WEBHOOK_LOG_DAYS);
	return jobs_enqueue(c, PRUNE, NULL, DAY, NULL) == DB_OK ? 0 : -1; /* tomorrow again */
}

int webhooks_prune_init(db *c)
{
	if (jobs_register(PRUNE, prune_job) != 0)
		return -1;
	if (c == NULL)
		return 0;
	int64_t queued = 0;
	int rc = db_query_int(c, "SELECT count(*) FROM jobs WHERE kind = '" PRUNE "' AND status IN ('queued','running')",
	                      DB_NOARGS, &queued);
	if (rc != DB_ROW)
		return -1;
	return queued || jobs_enqueue(c, PRUNE, NULL, 60, NULL) == DB_OK ? 0 : -1;
}
