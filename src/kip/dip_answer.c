/*
 * dip_answer.c - a request for information the Daftar Informasi Publik
 * already lists as available is answered from it: on the case page the
 * PPID picks an item of the request's department (any department's for
 * a request to the main PPID) that is not exempt, and POST /ppid/:no/dip
 * decides the request as granted in whole through the PPID's own step
 * (decide.c, kip_case_grant), the notice naming the item and its address,
 * and records the item on the request in the same transaction. The
 * request's page and receipt link the item.
 */
#include <stdio.h>
#include <string.h>

#include "core/str.h"
#include "kip/desk.h"
#include "kip/dip.h"
#include "kip/kip.h"
#include "kip/state.h"
#include "view/formview.h"
#include "view/locale.h"


/* The items a request may be answered from, for the case's select. */
static int choices(db *c, arena *a, int64_t agency, const char *chosen, json_t **out)
{
	static const char mine[] = "SELECT id, title, year FROM dip_items WHERE agency_id = ? AND category <> '"
		KIP_DIP_EXEMPT "' ORDER BY title, id LIMIT 500";
	static const char all[] = "SELECT d.id, d.title, d.year, a.name AS agency_name FROM dip_items d "
		"LEFT JOIN agencies a ON a.id = d.agency_id WHERE d.category <> '" KIP_DIP_EXEMPT "' "
		"ORDER BY a.sort_order, a.name, d.title, d.id LIMIT 500";
	int rc = agency ? db_query_json(c, mine, DB_ARGS(DB_INT(agency)), out) : db_query_json(c, all, DB_NOARGS, out);
	size_t i;
	json_t *it;
	json_array_foreach(*out, i, it)
	{
		const char *agency_name = json_string_value(json_object_get(it, "agency_name"));
		json_int_t id = json_integer_value(json_object_get(it, "id"));
		const char *value = arena_printf(a, "%lld", (long long)id);
		const char *title = json_string_value(json_object_get(it, "title"));
		long long year = (long long)json_integer_value(json_object_get(it, "year"));
		const char *text = agency ? arena_printf(a, "%s (%lld)", title, year)
		                 : arena_printf(a, "%s \xE2\x80\x94 %s (%lld)", agency_name ? agency_name
		                                : locale_get("kip_request.main_ppid"), title, year);
		json_object_set_new(it, "value", json_string(value ? value : ""));
		json_object_set_new(it, "label", json_string(text ? text : ""));
		json_object_set_new(it, "selected", json_boolean(value && strcmp(value, chosen) == 0));
	}
	return rc;
}

int kip_dip_case(db *c, arena *a, json_t *r, json_t *m)
{
	const char *chosen = json_string_value(json_object_get(json_object_get(json_object_get(m, "form"), "values"), "dip"));
	json_t *list = NULL, *item = NULL;
	int rc = DB_OK;
	if (json_is_true(json_object_get(r, "open")))
		rc = choices(c, a, json_integer_value(json_object_get(r, "agency_id")), chosen ? chosen : "", &list);
	if (rc == DB_OK)
		rc = kip_dip_answered(c, a, json_integer_value(json_object_get(r, "id")), &item);
	if (rc != DB_OK) {
		json_decref(list);
		return rc;
	}
	json_object_set_new(m, "has_dip_choices", json_boolean(json_array_size(list) > 0));
	json_object_set_new(m, "dip_choices", list ? list : json_array());
	json_object_set_new(m, "dip_item", item ? item : json_null());
	return DB_OK;
}

int kip_dip_answered(db *c, arena *a, int64_t request_id, json_t **out)
{
	*out = NULL;
	int rc = db_query_row_json(c, "SELECT d.id, d.title FROM kip_requests r JOIN dip_items d ON d.id = r.dip_item_id "
	                           "WHERE r.id = ?", DB_ARGS(DB_INT(request_id)), out);
	if (rc == DB_ROW)
		json_object_set_new(*out, "url", json_string(arena_printf(a, "/dip/%lld",
			(long long)json_integer_value(json_object_get(*out, "id")))));
	return rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
}

/* In the decision's transaction: the item is still there and available. */
static int record(db *c, int64_t request_id, void *ctx)
{
	int64_t item = *(const int64_t *)ctx, changed = 0;
	int rc = db_exec(c, "UPDATE kip_requests SET dip_item_id = ? WHERE id = ? AND EXISTS "
	                 "(SELECT 1 FROM dip_items WHERE id = ? AND category <> '" KIP_DIP_EXEMPT "')",
	                 DB_ARGS(DB_INT(item), DB_INT(request_id), DB_INT(item)), &changed);
	return rc == DB_OK && changed == 0 ? DB_DONE : rc;
}

/* The item picked, when the request may be answered from it; else a
 * message beside the field. */
static int pick(db *c, formview *fv, const request *req, json_t *r, json_t **item)
{
	*item = NULL;
	const char *v = fv_text(fv, req, "dip", 20, "kip_dip.answer_required", false);
	int64_t id = 0;
	if (v == NULL || v[0] == '\0')
		return v ? DB_OK : DB_ERROR;
	int rc = str_to_i64(str_c(v), false, &id) && id > 0 ? dip_get(c, id, item) : DB_DONE;
	if (rc != DB_ROW && rc != DB_DONE)
		return rc;
	int64_t agency = json_integer_value(json_object_get(r, "agency_id"));
	const char *category = json_string_value(json_object_get(*item, "category"));
	if (rc == DB_DONE || (agency != 0 && json_integer_value(json_object_get(*item, "agency_id")) != agency) ||
	    category == NULL || strcmp(category, KIP_DIP_EXEMPT) == 0) {
		json_decref(*item);
		*item = NULL;
		fv_fail(fv, "dip", "kip_dip.answer_unknown");
	}
	return DB_OK;
}

/* POST /ppid/:no/dip */
void kip_dip_answer_submit(request *req, page *pg)
{
	db *c;
	json_t *r = kip_case_open(req, pg, &c);
	if (r == NULL)
		return;
	if (!kip_state_open(json_string_value(json_object_get(r, "state")))) {
		json_decref(r);
		pg->status = 409;
		pg->error = "kip_dip.answer_not_now";
		return;
	}
	formview fv;
	fv_init(&fv);
	json_t *item = NULL;
	int rc = pick(c, &fv, req, r, &item);
	if (rc == DB_OK && !fv_ok(&fv)) {
		kip_case_show(req, pg, c, r, &fv, 422);
		return;
	}
	json_decref(fv_model(&fv));
	int64_t id = 0;
	if (rc == DB_OK) {
		id = json_integer_value(json_object_get(item, "id"));
		char key[64];
		const char *format = json_string_value(json_object_get(item, "format"));
		snprintf(key, sizeof(key), "kip_dip.formats.%s", format ? format : "");
		const char *names[] = { "judul", "tautan", "format" };
		const char *values[] = { json_string_value(json_object_get(item, "title")),
			arena_printf(req->arena, "%s/dip/%lld", kip_base_url(), (long long)id), locale_get(key) };
		const char *given = values[1] ? locale_fill(req->arena, "kip_dip.answer_given", names, values, 3) : NULL;
		const char *medium = values[1] ? locale_fill(req->arena, "kip_dip.answer_medium", names, values, 3) : NULL;
		rc = given && medium ? kip_case_grant(c, req, r, given, medium, record, &id) : DB_ERROR;
	}
	json_decref(item);
	json_decref(r);
	if (rc == DB_DONE) {
		pg->status = 409;
		pg->error = "kip_dip.answer_not_now";
		return;
	}
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	page_redirect(pg, 303, arena_printf(req->arena, "/ppid/%s?pesan=dip", request_param(req, "no")));
}
