/*
 * webhook.c - a programme's updates for the webhooks (see webhook.h).
 * The data: {"program": {id, title, summary, level, status, progress,
 * fiscal_year, budget, realization (whole rupiah), funding, start_date,
 * end_date, updated_at, department, kecamatan, url}} and either
 * "changes": [{field, from, to}] (a new version of the record) or
 * "report": {id, at, body, progress, status, photos: [{url, mime}]} (a
 * progress report). Departments and kecamatan are {slug, name}. Who
 * wrote it is left out.
 */
#include "programs/view.h"
#include "programs/webhook.h"
#include "webhooks/webhooks.h"

static int report_of(db *c, arena *a, int64_t id, json_t **out)
{
	json_t *photos = NULL;
	int rc = db_query_row_json(c,
		"SELECT id, at, body, progress, status FROM program_updates WHERE program_id = ? ORDER BY id DESC LIMIT 1",
		DB_ARGS(DB_INT(id)), out);
	if (rc == DB_ROW)
		rc = db_query_json(c,
			"SELECT f.file_hash AS hash, x.mime FROM program_files f JOIN files x ON x.hash = f.file_hash "
			"WHERE f.update_id = ? ORDER BY f.id",
			DB_ARGS(DB_INT(json_integer_value(json_object_get(*out, "id")))), &photos);
	if (rc != DB_OK) {
		json_decref(*out);
		*out = NULL;
		return rc == DB_DONE ? DB_OK : rc;
	}
	webhooks_file_urls(a, photos);
	json_object_set_new(*out, "photos", photos);
	return DB_OK;
}

int programs_webhook(db *c, int64_t id, const char *changes)
{
	int rc = webhooks_wanted(c, "program.updated");
	if (rc <= 0)
		return rc;
	arena *own, *a = webhooks_arena(&own);
	json_t *p = NULL, *more = NULL;
	rc = a == NULL ? DB_ERROR : db_query_row_json(c,
		"SELECT p.id, p.title, p.summary, p.level, p.status, p.progress, p.fiscal_year, p.budget, p.realization, "
		"p.funding, p.start_date, p.end_date, p.updated_at, g.slug AS dept, g.name AS dept_name, "
		"k.slug AS kec, k.name AS kec_name FROM programs p JOIN agencies g ON g.id = p.agency_id "
		"LEFT JOIN agencies k ON k.id = p.kecamatan_id WHERE p.id = ?", DB_ARGS(DB_INT(id)), &p);
	if (rc == DB_ROW && changes != NULL) {
		more = json_loads(changes, 0, NULL);
		rc = more ? DB_OK : DB_ERROR;
	} else if (rc == DB_ROW) {
		rc = report_of(c, a, id, &more);
	}
	if (rc == DB_OK) {
		const char *url = program_url(a, id, json_string_value(json_object_get(p, "title")));
		webhooks_department(p, "department", "dept", "dept_name");
		webhooks_department(p, "kecamatan", "kec", "kec_name");
		json_object_set_new(p, "url", json_string(webhooks_absolute(a, url)));
		json_t *data = json_pack("{s:O}", "program", p);
		json_object_set_new(data, changes ? "changes" : "report", more ? more : json_null());
		more = NULL;
		rc = webhooks_emit(c, "program.updated", url, data);
	}
	json_decref(p);
	json_decref(more);
	if (own != NULL)
		arena_free(own);
	return rc == DB_DONE ? DB_OK : rc;
}
