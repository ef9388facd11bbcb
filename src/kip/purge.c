/*
 * purge.c - a requester's identity is kept only as long as the case needs
 * it (UU 27/2022 on personal data): once a request has been decided for
 * the retention period (setting kip.retensi_hari, default 1825 days, five
 * years; an admin sets it at /admin/permohonan, settings.h), its name,
 * identity number, address, phone, email, occupation and power of
 * attorney are removed, leaving the anonymised record (the subject, the
 * dates, the decision and its notice stay, so the register and the
 * annual figures are unchanged), with a dated step saying so.
 * A job ("kip.purge") does it once a day on some node, and queues its
 * next run.
 */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "jobs/jobs.h"
#include "kip/kip.h"
#include "kip/settings.h"
#include "kip/store.h"

#define PURGE "kip.purge"
#define DAY 86400

int kip_purge_now(db *c, int64_t now, int *purged)
{
	*purged = 0;
	int64_t days;
	int rc = kip_retention_load(c, &days);
	if (rc != DB_OK)
		return rc;
	char cutoff[CLOCK_ISO_LEN], at[CLOCK_ISO_LEN];
	clock_iso(cutoff, now - days * DAY);
	clock_iso(at, now);
	json_t *ids = NULL;
	rc = db_begin(c, true);
	if (rc == DB_OK)
		rc = db_query_json(c, "SELECT id FROM kip_requests WHERE personal_purged_at IS NULL "
		                      "AND decided_at IS NOT NULL AND decided_at < ? ORDER BY id LIMIT 1000",
		                   DB_ARGS(DB_TEXT(cutoff)), &ids);
	size_t i;
	json_t *r;
	json_array_foreach(ids, i, r)
	{
		if (rc != DB_OK)
			break;
		int64_t id = json_integer_value(json_object_get(r, "id"));
		rc = db_exec(c,
			"UPDATE kip_requests SET requester_name = '-', id_number_enc = '', address_enc = '', phone_enc = '', "
			"id_number_tail = '', email = 'dihapus.invalid', occupation = '', proxy_file = NULL, "
			"personal_purged_at = ?, updated_at = ? WHERE id = ? AND personal_purged_at IS NULL",
			DB_ARGS(DB_TEXT(at), DB_TEXT(at), DB_INT(id)), NULL);
		if (rc == DB_OK)
			rc = db_exec(c, "INSERT INTO kip_request_events (request_id, kind, at) VALUES (?, 'data_pribadi_dihapus', ?)",
			             DB_ARGS(DB_INT(id), DB_TEXT(at)), NULL);
		*purged += rc == DB_OK;
	}
	json_decref(ids);
	if (rc == DB_OK)
		rc = db_commit(c);
	if (rc != DB_OK) {
		db_rollback(c);
		*purged = 0;
	}
	return rc;
}

static int purge_job(db *c, json_t *payload, char *err, size_t errlen)
{
	(void)payload;
	int purged = 0;
	int rc = kip_purge_now(c, clock_now(), &purged);
	if (rc != DB_OK) {
		snprintf(err, errlen, "kip purge: %s", db_errmsg(c));
		return rc;
	}
	return jobs_enqueue(c, PURGE, NULL, DAY, NULL); /* tomorrow again */
}

int kip_purge_init(void)
{
	return jobs_register(PURGE, purge_job);
}

int kip_purge_schedule(db *c)
{
	int64_t queued = 0;
	int rc = db_query_int(c, "SELECT count(*) FROM jobs WHERE kind = '" PURGE "' AND status IN ('queued','running')",
	                      DB_NOARGS, &queued);
	if (rc != DB_ROW)
		return rc == DB_DONE ? DB_ERROR : rc;
	return queued ? DB_OK : jobs_enqueue(c, PURGE, NULL, 60, NULL);
}
