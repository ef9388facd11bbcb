/*
 * embed.c - one programme as a card that other sites may put in a frame:
 * its title, department, status in words and colour, budget (pagu),
 * realisation and physical progress as a bar and a number, with a link to
 * its page (see feeds.h). The card is the site's own HTML and stylesheet
 * (templates/embed.html) and the only kind of page, with the other
 * cards, that other sites may frame (response.allow_framing).
 */
#include "programs/feeds.h"
#include "programs/store.h"
#include "programs/view.h"
#include "view/syndicate.h"

int programs_embed_info(db *c, arena *a, int64_t id, json_t **out)
{
	json_t *p = NULL;
	int rc = programs_get(c, id, &p);
	if (rc != DB_ROW)
		return rc;
	const char *title = json_string_value(json_object_get(p, "title"));
	const char *agency = json_string_value(json_object_get(p, "agency"));
	*out = json_pack("{s:s, s:O, s:s, s:s}", "title", title ? title : "", "author_name",
	                 json_object_get(p, "agency_name"), "author_url",
	                 syndicate_url(a, arena_printf(a, "/dinas/%s", agency ? agency : "")), "path",
	                 program_url(a, id, title));
	json_decref(p);
	return *out ? DB_ROW : DB_ERROR;
}

void programs_embed_page(request *req, page *pg)
{
	db *c = db_thread();
	int64_t id = request_param_id(req);
	json_t *p = NULL;
	int rc = c ? programs_get(c, id, &p) : DB_UNAVAILABLE;
	if (rc != DB_ROW) {
		if (rc == DB_DONE)
			page_not_found(pg);
		else
			page_db_error(req, pg, c, rc);
		return;
	}
	program_decorate(req->arena, p);
	const char *url = json_string_value(json_object_get(p, "url"));
	json_t *card = json_pack("{s:O, s:s, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O}",
		"title", json_object_get(p, "title"), "url", syndicate_url(req->arena, url),
		"agency_name", json_object_get(p, "agency_name"), "status_label", json_object_get(p, "status_label"),
		"status_class", json_object_get(p, "status_class"), "level_label", json_object_get(p, "level_label"),
		"progress", json_object_get(p, "progress"), "budget_label", json_object_get(p, "budget_label"),
		"realization_label", json_object_get(p, "realization_label"),
		"absorption", json_object_get(p, "absorption"), "fiscal_year", json_object_get(p, "fiscal_year"));
	json_decref(p);
	if (card == NULL || arena_failed(req->arena)) {
		json_decref(card);
		page_fail(req, pg, "the programme's card could not be built");
		return;
	}
	pg->title = json_string_value(json_object_get(card, "title"));
	pg->model = json_pack("{s:o}", "card", card);
	pg->layout = "embed";
	pg->res->allow_framing = true; /* the one kind of page other sites may frame */
}
