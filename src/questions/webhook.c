/*
 * webhook.c - a question's events for the webhooks (see webhook.h). The
 * data: {"question": {id, title, body, state, department, kecamatan,
 * published_at, url}} and, for an answer, "answer": {id, body,
 * field_report, answered_at, department, files: [{url, mime}]}, for a
 * forwarding, "forward": {at, from, to, note}. Departments are {slug,
 * name}. The asker (a person) and the officer who wrote are left out.
 */
#include <string.h>

#include "questions/view.h"
#include "questions/webhook.h"
#include "webhooks/webhooks.h"

static int answer_of(db *c, arena *a, int64_t id, json_t **out)
{
	json_t *files = NULL;
	int rc = db_query_row_json(c,
		"SELECT s.id, s.body, s.field_report, s.created_at AS answered_at, g.slug AS dept, g.name AS dept_name "
		"FROM answers s JOIN agencies g ON g.id = s.agency_id WHERE s.question_id = ? AND s.hidden = 0 "
		"ORDER BY s.id DESC LIMIT 1", DB_ARGS(DB_INT(id)), out);
	if (rc == DB_ROW)
		rc = db_query_json(c,
			"SELECT f.file_hash AS hash, x.mime FROM answer_files f JOIN files x ON x.hash = f.file_hash "
			"WHERE f.answer_id = ? ORDER BY f.id",
			DB_ARGS(DB_INT(json_integer_value(json_object_get(*out, "id")))), &files);
	if (rc != DB_OK) {
		json_decref(*out);
		*out = NULL;
		return rc == DB_DONE ? DB_OK : rc;
	}
	webhooks_file_urls(a, files);
	json_object_set_new(*out, "files", files);
	json_object_set_new(*out, "field_report",
	                    json_boolean(json_integer_value(json_object_get(*out, "field_report")) != 0));
	webhooks_department(*out, "department", "dept", "dept_name");
	return DB_OK;
}

static int forward_of(db *c, int64_t id, json_t **out)
{
	int rc = db_query_row_json(c,
		"SELECT e.at, e.body AS note, f.slug AS from_slug, f.name AS from_name, t.slug AS to_slug, "
		"t.name AS to_name FROM question_events e LEFT JOIN agencies f ON f.id = e.agency_id "
		"LEFT JOIN agencies t ON t.id = e.to_agency_id WHERE e.question_id = ? AND e.kind = 'diteruskan' "
		"ORDER BY e.id DESC LIMIT 1", DB_ARGS(DB_INT(id)), out);
	if (rc != DB_ROW)
		return rc == DB_DONE ? DB_OK : rc;
	webhooks_department(*out, "from", "from_slug", "from_name");
	webhooks_department(*out, "to", "to_slug", "to_name");
	return DB_OK;
}

int questions_webhook(db *c, int64_t id, const char *event)
{
	int rc = webhooks_wanted(c, event);
	if (rc <= 0)
		return rc;
	arena *own, *a = webhooks_arena(&own);
	json_t *q = NULL, *more = NULL;
	bool answered = strcmp(event, "question.answered") == 0;
	rc = a == NULL ? DB_ERROR : db_query_row_json(c,
		"SELECT q.id, q.title, q.body, q.state, q.published_at, g.slug AS dept, g.name AS dept_name, "
		"k.slug AS kec, k.name AS kec_name FROM questions q LEFT JOIN agencies g ON g.id = q.agency_id "
		"LEFT JOIN agencies k ON k.id = q.kecamatan_id WHERE q.id = ? AND q.listed = 1",
		DB_ARGS(DB_INT(id)), &q);
	if (rc == DB_ROW)
		rc = answered ? answer_of(c, a, id, &more) : forward_of(c, id, &more);
	if (rc == DB_OK) {
		const char *url = question_url(a, id, json_string_value(json_object_get(q, "title")));
		webhooks_department(q, "department", "dept", "dept_name");
		webhooks_department(q, "kecamatan", "kec", "kec_name");
		json_object_set_new(q, "url", json_string(webhooks_absolute(a, url)));
		json_t *data = json_pack("{s:O}", "question", q);
		json_object_set_new(data, answered ? "answer" : "forward", more ? more : json_null());
		more = NULL;
		rc = webhooks_emit(c, event, url, data);
	}
	json_decref(q);
	json_decref(more);
	if (own != NULL)
		arena_free(own);
	return rc == DB_DONE ? DB_OK : rc; /* not listed: nothing public to tell */
}
