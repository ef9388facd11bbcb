/*
 * embed.c - one public question as a card that other sites (a news
 * portal's article) may put in a frame: its title and state, the
 * department asked, an excerpt of the latest official answer with the
 * answering department and date (of the question itself while none has
 * come), and a link to the page (see feeds.h).
 * The card is the page's own HTML and stylesheet (templates/embed.html),
 * nothing from anyone else; only these cards let other sites frame them
 * (response.allow_framing), every other page keeps frame-ancestors
 * 'none'. A question that is not public is a 404 here as on its page.
 */
#include <stdio.h>

#include "questions/feeds.h"
#include "questions/store.h"
#include "questions/view.h"
#include "view/excerpt.h"
#include "view/format.h"
#include "view/locale.h"
#include "view/syndicate.h"

#define CARD_ANSWER_CHARS 240
#define CARD_QUESTION_CHARS 160

/* The question if the public may see it: DB_ROW, DB_DONE, or an error. */
static int public_question(db *c, int64_t id, json_t **q)
{
	int rc = questions_get(c, id, q);
	if (rc == DB_ROW && (json_integer_value(json_object_get(*q, "listed")) == 0 ||
	                     json_integer_value(json_object_get(*q, "hidden")) != 0)) {
		json_decref(*q);
		*q = NULL;
		return DB_DONE;
	}
	return rc;
}

int questions_embed_info(db *c, arena *a, int64_t id, json_t **out)
{
	json_t *q = NULL;
	int rc = public_question(c, id, &q);
	if (rc != DB_ROW)
		return rc;
	const char *title = json_string_value(json_object_get(q, "title"));
	const char *agency = json_string_value(json_object_get(q, "agency"));
	const char *name = json_string_value(json_object_get(q, "agency_name"));
	*out = json_pack("{s:s, s:s?, s:o, s:s}", "title", title ? title : "", "author_name", name,
	                 "author_url", agency ? json_string(syndicate_url(a, arena_printf(a, "/dinas/%s", agency)))
	                                      : json_null(),
	                 "path", question_url(a, id, title));
	json_decref(q);
	return *out ? DB_ROW : DB_ERROR;
}

void questions_embed_page(request *req, page *pg)
{
	db *c = db_thread();
	int64_t id = request_param_id(req);
	arena *a = req->arena;
	json_t *q = NULL, *answers = NULL;
	int rc = c ? public_question(c, id, &q) : DB_UNAVAILABLE;
	if (rc == DB_ROW)
		rc = questions_answers(c, id, &answers);
	if (rc != DB_OK) {
		json_decref(q);
		if (rc == DB_DONE)
			page_not_found(pg);
		else
			page_db_error(req, pg, c, rc);
		return;
	}
	const char *title = json_string_value(json_object_get(q, "title"));
	char key[64];
	snprintf(key, sizeof(key), "question_state.%s", json_string_value(json_object_get(q, "state")));
	json_t *card = json_pack("{s:s, s:s, s:s, s:s, s:O}", "title", title ? title : "",
	                         "url", syndicate_url(a, question_url(a, id, title)),
	                         "state_label", locale_get(key),
	                         "excerpt", excerpt_plain(a, json_string_value(json_object_get(q, "body")),
	                                                  CARD_QUESTION_CHARS),
	                         "state", json_object_get(q, "state"));
	json_t *agency = json_object_get(q, "agency_name");
	if (card != NULL && json_is_string(agency))
		json_object_set(card, "agency_name", agency);
	/* the latest official answer that is not hidden (they come oldest first) */
	json_t *last = json_array_get(answers, json_array_size(answers) - 1);
	if (card != NULL && last != NULL) {
		const char *when = format_date(a, json_string_value(json_object_get(last, "created_at")));
		json_t *ans = json_pack("{s:O, s:s, s:s?}", "agency_name", json_object_get(last, "agency_name"),
		                        "excerpt", excerpt_plain(a, json_string_value(json_object_get(last, "body")),
		                                                 CARD_ANSWER_CHARS),
		                        "date", when);
		json_object_set_new(card, "answer", ans ? ans : json_null());
	}
	json_decref(answers);
	json_decref(q);
	if (card == NULL || arena_failed(a)) {
		json_decref(card);
		page_fail(req, pg, "the question's card could not be built");
		return;
	}
	pg->title = json_string_value(json_object_get(card, "title"));
	pg->model = json_pack("{s:o}", "card", card);
	pg->layout = "embed";
	pg->res->allow_framing = true; /* the one kind of page other sites may frame */
}
