/*
 * answer_edit.c - a department edits its official answer (issue #12): the
 * edit is a new version, never an overwrite. The version it replaces goes
 * to answer_versions and stays readable on the question's page ("riwayat
 * perubahan"); the new one is a new entry of the public record, in the
 * same transaction. Only a petugas of the answer's own department (the
 * route's agency; another department's answer is a 403 here).
 */
#include <string.h>

#include "accounts/accounts.h"
#include "core/clock.h"
#include "http/form.h"
#include "ledger/ledger.h"
#include "questions/questions.h"
#include "questions/rules.h"
#include "questions/web.h"
#include "search/search.h"
#include "view/format.h"
#include "view/formview.h"
#include "view/markdown.h"

/* Older versions, the latest entry of the record, and (for the answer's
 * own department) where its edit form posts. */
int questions_answer_history(request *req, db *c, json_t *answers, const char *agency_slug, bool officer)
{
	size_t i;
	json_t *s;
	json_array_foreach(answers, i, s)
	{
		int64_t id = json_integer_value(json_object_get(s, "id"));
		json_t *old = NULL;
		int rc = db_query_json(c, "SELECT version, body, field_report, at FROM answer_versions "
		                          "WHERE answer_id = ? ORDER BY version DESC", DB_ARGS(DB_INT(id)), &old);
		if (rc != DB_OK)
			return rc;
		size_t k;
		json_t *v;
		json_array_foreach(old, k, v)
		{
			const char *at = json_string_value(json_object_get(v, "at"));
			const char *label = at ? format_time_wib(req->arena, at) : NULL;
			json_object_set_new(v, "at_label", json_string(label ? label : ""));
			json_object_set_new(v, "body_html", json_string(markdown_html(req->arena,
			                                                              json_string_value(json_object_get(v, "body")))));
		}
		json_object_set_new(s, "has_versions", json_boolean(json_array_size(old) > 0));
		json_object_set_new(s, "versions", old);
		const char *edited = json_string_value(json_object_get(s, "edited_at"));
		const char *label = edited ? format_time_wib(req->arena, edited) : NULL;
		json_object_set_new(s, "edited_label", label ? json_string(label) : json_null());
		json_object_set_new(s, "ledger", ledger_ref(c, "answer", id));
		const char *mine = json_string_value(json_object_get(s, "agency"));
		if (officer && mine != NULL && agency_slug != NULL && strcmp(mine, agency_slug) == 0)
			json_object_set_new(s, "edit_url", json_string(arena_printf(req->arena, "/dinas/%s/jawaban/%lld/ubah",
			                                                            mine, (long long)id)));
	}
	return DB_OK;
}

void questions_answer_edit_submit(request *req, page *pg)
{
	const account *me = accounts_current(req);
	db *c = db_thread();
	json_t *a = NULL;
	int rc = c ? db_query_row_json(c,
		"SELECT s.id, s.question_id, s.body, s.field_report, s.version, s.created_at, s.edited_at, s.hidden, "
		"g.slug AS agency, q.title FROM answers s JOIN agencies g ON g.id = s.agency_id "
		"JOIN questions q ON q.id = s.question_id WHERE s.id = ?", DB_ARGS(DB_INT(request_param_id(req))), &a)
	             : DB_UNAVAILABLE;
	if (rc == DB_ROW && json_integer_value(json_object_get(a, "hidden")) != 0)
		rc = DB_DONE; /* hidden by moderation: not here to edit */
	if (rc != DB_ROW) {
		json_decref(a);
		questions_fail(req, pg, c, rc);
		return;
	}
	int64_t id = json_integer_value(json_object_get(a, "id")), qid = json_integer_value(json_object_get(a, "question_id"));
	if (strcmp(json_string_value(json_object_get(a, "agency")), request_param(req, "slug")) != 0) {
		json_decref(a);
		pg->status = 403;
		pg->error = "questions.not_your_agency";
		return;
	}
	formview fv;
	fv_init(&fv);
	const char *body = fv_text(&fv, req, "isi", ANSWER_BODY_MAX, "questions.answer_required", false);
	const char *field = form_get(req, "lapangan", NULL, NULL);
	bool field_report = field != NULL && field[0];
	if (field_report)
		fv_keep(&fv, "lapangan", "1");
	if (body != NULL && strcmp(body, json_string_value(json_object_get(a, "body"))) == 0 &&
	    field_report == (json_integer_value(json_object_get(a, "field_report")) != 0))
		fv_fail(&fv, "isi", "ledger.edit_same");
	if (!fv_ok(&fv)) {
		json_decref(a);
		questions_show_again(req, pg, c, qid, &fv, "edit");
		return;
	}
	json_decref(fv_model(&fv));
	const char *given = json_string_value(json_object_get(a, "edited_at"));
	if (given == NULL)
		given = json_string_value(json_object_get(a, "created_at"));
	int64_t version = json_integer_value(json_object_get(a, "version")), changed = 0;
	char now[CLOCK_ISO_LEN];
	clock_iso(now, clock_now());
	rc = db_begin(c, true);
	if (rc == DB_OK)
		rc = db_exec(c, "UPDATE answers SET body = ?, field_report = ?, version = version + 1, edited_at = ?, "
		                "updated_at = ? WHERE id = ? AND version = ? AND hidden = 0",
		             DB_ARGS(DB_TEXT(body), DB_INT(field_report), DB_TEXT(now), DB_TEXT(now), DB_INT(id),
		                     DB_INT(version)), &changed);
	if (rc == DB_OK && changed == 0)
		rc = DB_DONE; /* edited or hidden meanwhile */
	if (rc == DB_OK)
		rc = db_exec(c, "INSERT INTO answer_versions (answer_id, version, body, field_report, at, user_id) "
		                "VALUES (?, ?, ?, ?, ?, ?)",
		             DB_ARGS(DB_INT(id), DB_INT(version), DB_TEXT(json_string_value(json_object_get(a, "body"))),
		                     DB_INT(json_integer_value(json_object_get(a, "field_report"))), DB_TEXT(given),
		                     DB_INT(me->id)), NULL);
	if (rc == DB_OK)
		rc = search_index_question(c, qid);
	if (rc == DB_OK)
		rc = ledger_record(c, "answer", id);
	if (rc == DB_OK)
		rc = db_commit(c);
	if (rc != DB_OK)
		db_rollback(c);
	if (rc == DB_DONE) {
		json_decref(a);
		pg->status = 409;
		pg->error = "ledger.edit_conflict";
		return;
	}
	if (rc != DB_OK) {
		json_decref(a);
		page_db_error(req, pg, c, rc);
		return;
	}
	questions_back(req, pg, qid, json_string_value(json_object_get(a, "title")), "jawaban_diubah");
	json_decref(a);
}
