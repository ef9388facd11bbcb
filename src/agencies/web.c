/*
 * web.c - the agencies' public pages: the directory /dinas (searchable,
 * grouped by kind) and the profile /dinas/:slug (see agencies.h).
 */
#include <stdio.h>
#include <string.h>

#include "agencies/agencies.h"
#include "core/str.h"
#include "programs/programs.h"
#include "questions/questions.h"
#include "view/locale.h"
#include "view/syndicate.h"

/* What the directory search takes; a longer query is treated as none. */
#define QUERY_MAX 100
/* Programmes a profile lists (the programme pages have the rest). */
#define PROFILE_PROGRAMS 20
#define PROFILE_QUESTIONS 5

void agencies_index_page(request *req, page *pg)
{
	const char *q = http_params_get(&req->query, "q");
	if (q == NULL || utf8_length(q, strlen(q)) > QUERY_MAX)
		q = "";
	/* surrounding spaces are not what anyone looks for */
	while (*q == ' ')
		q++;
	size_t n = strlen(q);
	while (n > 0 && q[n - 1] == ' ')
		n--;
	q = arena_strndup(req->arena, q, n);
	db *c = db_thread();
	json_t *groups = NULL;
	size_t count = 0;
	int rc = c && q ? agencies_directory(c, q, &groups, &count) : DB_UNAVAILABLE;
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	json_t *m = json_pack("{s:s, s:I, s:o}", "q", q, "count", (json_int_t)count, "groups", groups);
	if (q[0] != '\0') {
		char number[24];
		snprintf(number, sizeof(number), "%zu", count);
		const char *names[] = { "n", "q" };
		const char *values[] = { number, q };
		const char *msg = locale_fill(req->arena, count ? "agencies.matched" : "agencies.none",
		                              names, values, 2);
		json_object_set_new(m, "result_label", json_string(msg ? msg : ""));
	}
	pg->model = m;
	pg->title = locale_get("agencies.title");
}

void agencies_show_page(request *req, page *pg)
{
	db *c = db_thread();
	json_t *agency = NULL, *programs = NULL, *figures = NULL, *questions = NULL;
	int rc;
	if (c == NULL) {
		page_db_error(req, pg, c, DB_UNAVAILABLE);
		return;
	}
	if ((rc = agencies_get(c, request_param(req, "slug"), &agency)) != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	if (agency == NULL) {
		page_not_found(pg);
		return;
	}
	int64_t id = json_integer_value(json_object_get(agency, "id"));
	rc = programs_of_agency(c, id, PROFILE_PROGRAMS, &programs);
	if (rc == DB_OK)
		rc = programs_agency_figures(c, id, &figures);
	if (rc == DB_OK)
		rc = questions_of_agency(c, req->arena, id, PROFILE_QUESTIONS, &questions);
	if (rc != DB_OK) {
		json_decref(agency);
		json_decref(programs);
		json_decref(figures);
		page_db_error(req, pg, c, rc);
		return;
	}
	pg->title = json_string_value(json_object_get(agency, "name"));
	json_object_set_new(agency, "has_programs", json_boolean(json_array_size(programs) > 0));
	json_object_set_new(agency, "programs", programs);
	json_object_set_new(figures, "has_status",
	                    json_boolean(json_array_size(json_object_get(figures, "by_status")) > 0));
	json_object_set_new(agency, "figures", figures);
	json_object_set_new(agency, "questions", questions);
	pg->model = json_pack("{s:o}", "agency", agency);
	/* its official answers for feed readers (questions/feeds.h) */
	const char *fnames[] = { "agency" }, *fvalues[] = { pg->title };
	syndicate_feed(pg->model, arena_printf(req->arena, "/dinas/%s/atom", request_param(req, "slug")),
	               locale_fill(req->arena, "syndication.feed_agency", fnames, fvalues, 1));
	const char *flash = NULL, *key = http_params_get(&req->query, "pesan");
	if (key != NULL && (strcmp(key, "dinas_dibuat") == 0 || strcmp(key, "dinas_diubah") == 0)) {
		char full[64];
		snprintf(full, sizeof(full), "notice.%s", key);
		flash = locale_get(full);
	}
	if (flash != NULL)
		json_object_set_new(pg->model, "flash", json_string(flash));
}
