/*
 * site.c - branding settings and the home page (see site.h).
 */
#include "site/site.h"

#include <stdio.h>

#include "agencies/agencies.h"
#include "live/live.h"
#include "questions/questions.h"
#include "db/db.h"
#include "view/locale.h"
#include "view/syndicate.h"

/* What a fresh database shows until an administrator or a data set says
 * otherwise: neutral, with no region in it. */
static const char *const defaults[][2] = {
	{ "name", "terbuka" },
	{ "org", "" },
	{ "tagline", "" },
	{ "region", "" },
	{ "ppid_email", "" },
};

/* Read on every page rather than cached: a change made through any node is
 * seen by every node at once, and it costs one small indexed query. */
json_t *site_settings(void)
{
	json_t *settings = json_object();
	for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++)
		json_object_set_new(settings, defaults[i][0], json_string(defaults[i][1]));
	db *c = db_thread();
	json_t *rows = NULL;
	if (c == NULL || db_query_json(c, "SELECT key, value FROM settings", DB_NOARGS, &rows) != DB_OK)
		return settings; /* the page still renders, with the neutral name */
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		json_object_set(settings, json_string_value(json_object_get(row, "key")),
		                json_object_get(row, "value"));
	}
	json_decref(rows);
	return settings;
}

#define HOME_ANSWERS 6
#define HOME_SESSIONS 3

void site_home(request *req, page *pg)
{
	db *c = db_thread();
	json_t *departments = NULL, *districts = NULL;
	int rc;
	if (c == NULL) {
		page_db_error(req, pg, c, DB_UNAVAILABLE);
		return;
	}
	if ((rc = agencies_lists(c, &departments, &districts)) != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	json_t *answered = NULL;
	if ((rc = questions_recently_answered(c, req->arena, HOME_ANSWERS, &answered)) != DB_OK) {
		json_decref(departments);
		json_decref(districts);
		page_db_error(req, pg, c, rc);
		return;
	}
	json_t *sessions = NULL;
	if ((rc = live_upcoming(c, req->arena, HOME_SESSIONS, &sessions)) != DB_OK) {
		json_decref(departments);
		json_decref(districts);
		json_decref(answered);
		page_db_error(req, pg, c, rc);
		return;
	}
	pg->model = json_pack("{s:o, s:o, s:o, s:o}", "departments", departments, "districts", districts,
	                      "answered", answered, "sessions", sessions);
	/* the newest answers it shows, for feed readers */
	syndicate_feed(pg->model, "/pertanyaan/atom", locale_get("syndication.feed_answers"));
}
