/*
 * webhook.c - a live session's events for the webhooks (see webhook.h).
 * The data: {"session": {id, title, description, starts_at, ends_at
 * (UTC), state, stream_url, allow_anonymous, premoderated, departments:
 * [{slug, name}], url}}. Who scheduled it is left out.
 */
#include "live/store.h"
#include "live/webhook.h"
#include "webhooks/webhooks.h"

int live_webhook(db *c, int64_t id, const char *event)
{
	int rc = webhooks_wanted(c, event);
	if (rc <= 0)
		return rc;
	arena *own, *a = webhooks_arena(&own);
	json_t *s = NULL;
	rc = a == NULL ? DB_ERROR : live_get(c, id, &s);
	if (rc == DB_ROW) {
		json_t *out = json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O}", "id", json_object_get(s, "id"), "title",
		                        json_object_get(s, "title"), "description", json_object_get(s, "description"),
		                        "starts_at", json_object_get(s, "starts_at"), "ends_at", json_object_get(s, "ends_at"),
		                        "state", json_object_get(s, "state"), "stream_url", json_object_get(s, "stream_url"));
		json_object_set_new(out, "allow_anonymous",
		                    json_boolean(json_integer_value(json_object_get(s, "allow_anonymous")) != 0));
		json_object_set_new(out, "premoderated",
		                    json_boolean(json_integer_value(json_object_get(s, "premoderated")) != 0));
		json_t *departments = json_array();
		size_t i;
		json_t *g;
		json_array_foreach(json_object_get(s, "agencies"), i, g)
		{
			json_array_append_new(departments, json_pack("{s:O, s:O}", "slug", json_object_get(g, "slug"), "name",
			                                             json_object_get(g, "name")));
		}
		json_object_set_new(out, "departments", departments);
		const char *url = arena_printf(a, "/sesi/%lld", (long long)id);
		json_object_set_new(out, "url", json_string(webhooks_absolute(a, url)));
		rc = webhooks_emit(c, event, url, json_pack("{s:o}", "session", out));
	}
	json_decref(s);
	if (own != NULL)
		arena_free(own);
	return rc == DB_DONE ? DB_OK : rc;
}
