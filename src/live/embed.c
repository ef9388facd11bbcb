/*
 * embed.c - one live session as a card that other sites may put in a
 * frame (an announcement in a news portal's article): its title, state,
 * date and time in WIB, the departments that answer, and a link to follow
 * it (see feeds.h). The card is the site's own HTML and stylesheet
 * (templates/embed.html) and, with the other cards and the overlay, the
 * only kind of page other sites may frame (response.allow_framing).
 */
#include "core/buf.h"
#include "live/feeds.h"
#include "live/store.h"
#include "live/view.h"
#include "view/syndicate.h"

int live_embed_info(db *c, arena *a, int64_t id, json_t **out)
{
	json_t *s = NULL;
	int rc = live_get(c, id, &s);
	if (rc != DB_ROW)
		return rc;
	/* the first department answers for the session (its questions go there) */
	json_t *first = json_array_get(json_object_get(s, "agencies"), 0);
	const char *slug = json_string_value(json_object_get(first, "slug"));
	const char *title = json_string_value(json_object_get(s, "title"));
	*out = json_pack("{s:s, s:s?, s:o, s:s}", "title", title ? title : "", "author_name",
	                 json_string_value(json_object_get(first, "name")), "author_url",
	                 slug ? json_string(syndicate_url(a, arena_printf(a, "/dinas/%s", slug))) : json_null(),
	                 "path", arena_printf(a, "/sesi/%lld", (long long)id));
	json_decref(s);
	return *out ? DB_ROW : DB_ERROR;
}

/* "Dinas Kesehatan, Dinas Perhubungan" in a. */
static const char *agency_names(arena *a, json_t *agencies)
{
	buf b;
	buf_init(&b, 16 * 1024);
	size_t i;
	json_t *ag;
	json_array_foreach(agencies, i, ag)
	{
		const char *name = json_string_value(json_object_get(ag, "name"));
		buf_printf(&b, "%s%s", i ? ", " : "", name ? name : "");
	}
	const char *out = buf_failed(&b) ? NULL : arena_strndup(a, b.data ? b.data : "", b.len);
	buf_free(&b);
	return out;
}

void live_embed_page(request *req, page *pg)
{
	db *c = db_thread();
	int64_t id = request_param_id(req);
	arena *a = req->arena;
	json_t *s = NULL;
	int rc = c ? live_get(c, id, &s) : DB_UNAVAILABLE;
	if (rc != DB_ROW) {
		if (rc == DB_DONE)
			page_not_found(pg);
		else
			page_db_error(req, pg, c, rc);
		return;
	}
	live_decorate_session(a, s);
	const char *when = live_when_wib(a, json_string_value(json_object_get(s, "starts_at")),
	                                 json_string_value(json_object_get(s, "ends_at")));
	json_t *card = json_pack("{s:O, s:s, s:O, s:O, s:O, s:s, s:s, s:O, s:O}",
		"title", json_object_get(s, "title"),
		"url", syndicate_url(a, json_string_value(json_object_get(s, "url"))),
		"state", json_object_get(s, "state"), "state_label", json_object_get(s, "state_label"),
		"starts_at", json_object_get(s, "starts_at"), "when", when,
		"agency_names", agency_names(a, json_object_get(s, "agencies")), "is_live", json_object_get(s, "is_live"),
		"is_over", json_object_get(s, "is_over"));
	json_decref(s);
	if (card == NULL || arena_failed(a)) {
		json_decref(card);
		page_fail(req, pg, "the session's card could not be built");
		return;
	}
	pg->title = json_string_value(json_object_get(card, "title"));
	pg->model = json_pack("{s:o}", "card", card);
	pg->layout = "embed";
	pg->res->allow_framing = true; /* the one kind of page other sites may frame */
}
