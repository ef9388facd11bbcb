/*
 * web.c - the public record's pages: the log, newest first, 50 a page
 * (/catatan, keyset ?sebelum=N), and one entry with its canonical JSON,
 * leaf hash, the statement's page and its proof (/catatan/:id). GETs
 * only read; nothing here is kept by the page cache (tree heads change
 * without a data version).
 */
#include <string.h>

#include "core/str.h"
#include "ledger/ledger.h"
#include "ledger/ledger_int.h"
#include "ledger/web.h"
#include "ledger/web_int.h"
#include "view/format.h"
#include "view/locale.h"

#define PAGE_ROWS 50

json_t *ledger_web_head(db *c, int64_t size)
{
	json_t *head = NULL;
	int rc = size > 0 ? db_query_row_json(c, "SELECT tree_size, root_hash, signed_at, public_key, signature "
	                                         "FROM ledger_heads WHERE tree_size = ?", DB_ARGS(DB_INT(size)), &head)
	                  : db_query_row_json(c, "SELECT tree_size, root_hash, signed_at, public_key, signature "
	                                         "FROM ledger_heads ORDER BY tree_size DESC LIMIT 1", DB_NOARGS, &head);
	return rc == DB_ROW ? head : NULL;
}

bool ledger_web_int(request *req, const char *name, int64_t *out)
{
	const char *v = http_params_get(&req->query, name);
	if (v == NULL)
		return true;
	return str_to_i64(str_c(v), false, out) && *out > 0;
}

static void label(arena *a, json_t *row)
{
	const char *kind = json_string_value(json_object_get(row, "kind"));
	char key[64];
	snprintf(key, sizeof(key), "ledger.kind_%s", kind ? kind : "");
	const char *l = locale_get(key);
	json_object_set_new(row, "kind_label", json_string(l ? l : kind ? kind : ""));
	const char *at = json_string_value(json_object_get(row, "created_at"));
	const char *when = at ? format_time_wib(a, at) : NULL;
	json_object_set_new(row, "at_label", json_string(when ? when : ""));
	json_int_t n = json_integer_value(json_object_get(row, "n"));
	json_object_set_new(row, "url", json_string(arena_printf(a, "/catatan/%lld", (long long)n)));
}

void ledger_index_page(request *req, page *pg)
{
	int64_t before = 0;
	if (!ledger_web_int(req, "sebelum", &before)) {
		pg->status = 400;
		pg->error = "ledger.bad_number";
		return;
	}
	db *c = db_thread();
	json_t *rows = NULL;
	int64_t total = 0;
	int rc = c ? db_query_int(c, "SELECT next - 1 FROM ledger_counter WHERE id = 1", DB_NOARGS, &total) : DB_UNAVAILABLE;
	if (rc == DB_ROW)
		rc = before > 0 ? db_query_json(c, "SELECT n, kind, ref_id, leaf_hash, created_at FROM ledger_entries "
		                                   "WHERE n < ? ORDER BY n DESC LIMIT ?",
		                                DB_ARGS(DB_INT(before), DB_INT(PAGE_ROWS + 1)), &rows)
		                : db_query_json(c, "SELECT n, kind, ref_id, leaf_hash, created_at FROM ledger_entries "
		                                   "ORDER BY n DESC LIMIT ?", DB_ARGS(DB_INT(PAGE_ROWS + 1)), &rows);
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc == DB_DONE ? DB_ERROR : rc);
		return;
	}
	bool more = json_array_size(rows) > PAGE_ROWS;
	if (more)
		json_array_remove(rows, PAGE_ROWS);
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		label(req->arena, r);
	}
	json_t *m = json_object();
	json_object_set_new(m, "total", json_integer(total));
	json_object_set_new(m, "has_entries", json_boolean(json_array_size(rows) > 0));
	json_object_set_new(m, "entries", rows);
	json_t *head = ledger_web_head(c, 0);
	if (head != NULL) {
		const char *at = json_string_value(json_object_get(head, "signed_at"));
		const char *when = at ? format_time_wib(req->arena, at) : NULL;
		json_object_set_new(head, "signed_label", json_string(when ? when : ""));
	}
	json_object_set_new(m, "head", head ? head : json_null());
	json_object_set_new(m, "public_key", json_string(ledger_public_key()));
	if (more) {
		json_int_t last = json_integer_value(json_object_get(json_array_get(rows, PAGE_ROWS - 1), "n"));
		json_object_set_new(m, "next", json_string(arena_printf(req->arena, "/catatan?sebelum=%lld", (long long)last)));
	}
	if (before > 0)
		json_object_set_new(m, "first", json_string("/catatan"));
	pg->model = m;
	pg->title = locale_get("ledger.title");
}

void ledger_entry_page(request *req, page *pg)
{
	int64_t n = request_param_id(req);
	db *c = db_thread();
	json_t *e = NULL;
	int rc = c ? db_query_row_json(c, "SELECT n, kind, ref_id, body, leaf_hash, created_at FROM ledger_entries "
	                                  "WHERE n = ?", DB_ARGS(DB_INT(n)), &e) : DB_UNAVAILABLE;
	if (!page_loaded(req, pg, c, rc))
		return;
	label(req->arena, e);
	const char *body = json_string_value(json_object_get(e, "body"));
	json_t *parsed = body ? json_loads(body, 0, NULL) : NULL;
	json_t *st = parsed ? json_object_get(parsed, "statement") : NULL;
	json_t *fields = json_array();
	const char *key;
	json_t *v;
	json_object_foreach(st, key, v)
	{
		char *text = json_is_string(v) ? NULL : json_dumps(v, JSON_ENCODE_ANY);
		/* the record's own name stays beside the label: a verifier reads it */
		const char *lkey = arena_printf(req->arena, "ledger.field.%s", key);
		const char *label = lkey ? locale_get(lkey) : NULL;
		json_array_append_new(fields, json_pack("{s:s, s:s, s:s}", "field", key, "label",
		                                        label && label != lkey ? label : key, "value",
		                                        json_is_string(v) ? json_string_value(v) : text ? text : ""));
		if (text != NULL) {
			json_free_t release;
			json_malloc_t unused;
			json_get_alloc_funcs(&unused, &release);
			release(text);
		}
	}
	json_decref(parsed);
	json_object_set_new(e, "fields", fields);
	const char *kind = json_string_value(json_object_get(e, "kind"));
	const char *url = ledger_statement_url(c, req->arena, kind, json_integer_value(json_object_get(e, "ref_id")));
	json_object_set_new(e, "statement_url", url ? json_string(url) : json_null());
	json_object_set_new(e, "proof_url", json_string(arena_printf(req->arena, "/catatan/%lld/bukti", (long long)n)));
	json_object_set_new(e, "leaf_index", json_integer(n - 1));
	int64_t later = 0;
	db_query_int(c, "SELECT coalesce(min(n), 0) FROM ledger_entries WHERE kind = ? AND ref_id = ? AND n > ?",
	             DB_ARGS(DB_TEXT(kind ? kind : ""), json_object_get(e, "ref_id") ?
	                     DB_INT(json_integer_value(json_object_get(e, "ref_id"))) : DB_INT(0), DB_INT(n)), &later);
	if (later > 0)
		json_object_set_new(e, "newer_url", json_string(arena_printf(req->arena, "/catatan/%lld", (long long)later)));
	else if (kind != NULL && url != NULL) {
		/* the latest entry: does the statement's row still say this? */
		json_t *ref = ledger_ref(c, kind, json_integer_value(json_object_get(e, "ref_id")));
		json_t *differs = json_object_get(ref, "differs_label");
		if (json_is_string(differs))
			json_object_set(e, "row_differs_label", differs);
		json_decref(ref);
	}
	json_t *head = ledger_web_head(c, 0);
	bool covered = head != NULL && json_integer_value(json_object_get(head, "tree_size")) >= n;
	json_t *m = json_object();
	json_object_set_new(m, "entry", e);
	json_object_set_new(m, "head", head ? head : json_null());
	json_object_set_new(m, "covered", json_boolean(covered));
	pg->model = m;
	pg->title = arena_printf(req->arena, "%s %lld", locale_get("ledger.entry_title"), (long long)n);
}
