/*
 * webhook.c - an information request's decision for the webhooks (see
 * webhook.h). The data is what the public register and the request's
 * page show: {"request": {number, subject, department ({slug, name}, or
 * null for the main PPID), received_on, notice_due, extended_due,
 * decided_at, outcome (kip_state: dikabulkan, dikabulkan_sebagian,
 * ditolak, tidak_dikuasai), outcome_label, exemption (Pasal 17's letter
 * of a refusal, or null), url}}. Never the requester: no name, identity,
 * contact, details or purpose.
 */
#include <stdio.h>

#include "kip/webhook.h"
#include "view/locale.h"
#include "webhooks/webhooks.h"

int kip_webhook_decided(db *c, int64_t id)
{
	int rc = webhooks_wanted(c, "kip.request.decided");
	if (rc <= 0)
		return rc;
	arena *own, *a = webhooks_arena(&own);
	json_t *r = NULL;
	rc = a == NULL ? DB_ERROR : db_query_row_json(c,
		"SELECT r.number, r.year, r.seq, r.subject, r.received_on, r.notice_due, r.extended_due, r.decided_at, "
		"r.state AS outcome, r.exemption, g.slug AS dept, g.name AS dept_name FROM kip_requests r "
		"LEFT JOIN agencies g ON g.id = r.agency_id WHERE r.id = ?", DB_ARGS(DB_INT(id)), &r);
	if (rc == DB_ROW) {
		json_t *slug = json_object_get(r, "dept");
		json_object_set_new(r, "department", json_is_string(slug) ? json_pack("{s:O, s:O*}", "slug", slug, "name",
		                                                                      json_object_get(r, "dept_name"))
		                                                          : json_null());
		char key[64];
		snprintf(key, sizeof(key), "kip_state.%s", json_string_value(json_object_get(r, "outcome")));
		json_object_set_new(r, "outcome_label", json_string(locale_get(key)));
		const char *url = arena_printf(a, "/permohonan/%04lld-%06lld",
		                               (long long)json_integer_value(json_object_get(r, "year")),
		                               (long long)json_integer_value(json_object_get(r, "seq")));
		json_object_set_new(r, "url", json_string(webhooks_absolute(a, url)));
		json_object_del(r, "dept");
		json_object_del(r, "dept_name");
		json_object_del(r, "year");
		json_object_del(r, "seq");
		rc = webhooks_emit(c, "kip.request.decided", url, json_pack("{s:O}", "request", r));
	}
	json_decref(r);
	if (own != NULL)
		arena_free(own);
	return rc == DB_DONE ? DB_OK : rc;
}
