/*
 * statements.c - what each kind of official statement puts in the log:
 * the public columns of its own row, nothing joined (a department's new
 * name must not look like a changed answer), nothing a later, legitimate
 * change touches (a hidden answer's flag and time are the moderation's
 * own statement; a request's due days move with the holiday calendar;
 * the moderator's note and an objection's reasons are not public).
 * The same SELECT writes an entry and, in `terbuka verify --db`, tells
 * whether the row still says what its latest entry says.
 */
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "ledger/ledger.h"
#include "ledger/ledger_int.h"
#include "view/locale.h"

static const ledger_kind kinds[] = {
	{ "answer", "answers",
	  "SELECT id, question_id, agency_id, body, field_report, version, created_at, edited_at "
	  "FROM answers WHERE id = ?",
	  "SELECT id FROM answers s WHERE NOT EXISTS (SELECT 1 FROM ledger_entries e "
	  "WHERE e.kind = 'answer' AND e.ref_id = s.id) ORDER BY id",
	  "SELECT '/pertanyaan/' || question_id || '#jawaban-' || id FROM answers WHERE id = ?" },
	{ "program", "programs",
	  "SELECT id, parent_id, level, agency_id, title, summary, status, fiscal_year, budget, realization, "
	  "funding, kecamatan_id, village_id, latitude, longitude, start_date, end_date, progress, targets, "
	  "version FROM programs WHERE id = ?",
	  "SELECT id FROM programs s WHERE NOT EXISTS (SELECT 1 FROM ledger_entries e "
	  "WHERE e.kind = 'program' AND e.ref_id = s.id) ORDER BY id",
	  "SELECT '/program/' || id FROM programs WHERE id = ?" },
	{ "kip", "kip_requests",
	  "SELECT id, number, agency_id, subject, state, extension_reason, decided_at, exemption, "
	  "consequence_test, holder_body, given, withheld, medium, costs, payment FROM kip_requests WHERE id = ?",
	  "SELECT id FROM kip_requests s WHERE state <> 'diterima' AND NOT EXISTS (SELECT 1 FROM ledger_entries e "
	  "WHERE e.kind = 'kip' AND e.ref_id = s.id) ORDER BY id",
	  "SELECT '/permohonan/' || replace(substr(number, 5), '/', '-') FROM kip_requests WHERE id = ?" },
	{ "kip_objection", "kip_objections",
	  "SELECT id, request_id, upheld, answered_at FROM kip_objections WHERE id = ?",
	  "SELECT id FROM kip_objections s WHERE answered_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
	  "ledger_entries e WHERE e.kind = 'kip_objection' AND e.ref_id = s.id) ORDER BY id",
	  "SELECT '/permohonan/' || replace(substr(r.number, 5), '/', '-') FROM kip_objections o "
	  "JOIN kip_requests r ON r.id = o.request_id WHERE o.id = ?" },
	{ "live_answer", "live_questions",
	  "SELECT id, session_id, answer, answered_at FROM live_questions WHERE id = ? AND answered = 1",
	  "SELECT id FROM live_questions s WHERE answered = 1 AND NOT EXISTS (SELECT 1 FROM ledger_entries e "
	  "WHERE e.kind = 'live_answer' AND e.ref_id = s.id) ORDER BY id",
	  "SELECT '/sesi/' || session_id || '#p-' || id FROM live_questions WHERE id = ?" },
	{ "moderation", "moderation_log",
	  "SELECT id, at, action, reason, question_id, answer_id FROM moderation_log WHERE id = ?",
	  "SELECT id FROM moderation_log s WHERE NOT EXISTS (SELECT 1 FROM ledger_entries e "
	  "WHERE e.kind = 'moderation' AND e.ref_id = s.id) ORDER BY id",
	  "SELECT CASE WHEN question_id IS NULL THEN NULL ELSE '/pertanyaan/' || question_id END "
	  "FROM moderation_log WHERE id = ?" },
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

const ledger_kind *ledger_kind_find(const char *kind)
{
	for (size_t i = 0; kind != NULL && i < NKINDS; i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return &kinds[i];
	return NULL;
}

const ledger_kind *ledger_kind_at(unsigned i)
{
	return i < NKINDS ? &kinds[i] : NULL;
}

int ledger_statement(db *c, const ledger_kind *k, int64_t id, json_t **out)
{
	*out = NULL;
	int rc = db_query_row_json(c, k->row, DB_ARGS(DB_INT(id)), out);
	if (rc != DB_ROW)
		return rc;
	/* canonical JSON has no reals: coordinates as text, to the 0.1 m */
	const char *key;
	json_t *v;
	void *tmp;
	json_object_foreach_safe(*out, tmp, key, v)
	{
		if (json_is_real(v)) {
			char text[64];
			snprintf(text, sizeof(text), "%.6f", json_real_value(v));
			json_object_set_new(*out, key, json_string(text));
		}
	}
	return DB_ROW;
}

const char *ledger_statement_diff(json_t *logged, json_t *now)
{
	const char *key;
	json_t *v;
	json_object_foreach(logged, key, v)
	{
		json_t *w = json_object_get(now, key);
		if (w == NULL || !json_equal(v, w))
			return key;
	}
	json_object_foreach(now, key, v)
	{
		if (json_object_get(logged, key) == NULL)
			return key;
	}
	return NULL;
}

const char *ledger_statement_url(db *c, arena *a, const char *kind, int64_t id)
{
	const ledger_kind *k = ledger_kind_find(kind);
	json_t *row = NULL;
	if (k == NULL || db_query_row_json(c, k->page, DB_ARGS(DB_INT(id)), &row) != DB_ROW)
		return NULL;
	const char *key;
	json_t *v;
	const char *url = NULL;
	json_object_foreach(row, key, v)
	{
		if (json_is_string(v))
			url = arena_strdup(a, json_string_value(v));
	}
	json_decref(row);
	return url;
}

/* Whether the row still says what its latest entry says: "matches", and
 * when it does not, the first field that differs with its label. A row
 * changed behind the log's back is then named on its own public page. */
static void check_row(db *c, const char *kind, int64_t ref_id, const char *body, json_t *o)
{
	const ledger_kind *k = ledger_kind_find(kind);
	json_t *entry = body ? json_loads(body, 0, NULL) : NULL, *now = NULL;
	if (k == NULL || entry == NULL) {
		log_error(NULL, "ledger: checking %s %lld against its entry: %s", kind, (long long)ref_id,
		          k == NULL ? "no statement is of this kind" : "the entry is not JSON");
		json_decref(entry);
		return;
	}
	int rc = ledger_statement(c, k, ref_id, &now);
	if (rc == DB_ROW) {
		const char *field = ledger_statement_diff(json_object_get(entry, "statement"), now);
		json_object_set_new(o, "matches", json_boolean(field == NULL));
		if (field != NULL) {
			char key[96];
			snprintf(key, sizeof(key), "ledger.field.%s", field);
			const char *label = locale_get(key);
			json_object_set_new(o, "differs", json_string(field));
			json_object_set_new(o, "differs_label", json_string(label && strcmp(label, key) != 0 ? label : field));
			log_info("ledger: %s %lld no longer says what its entry says (field %s): changed behind the log's back",
			         kind, (long long)ref_id, field);
		}
	} else if (rc != DB_DONE) {
		log_error(NULL, "ledger: checking %s %lld against its entry: %s", kind, (long long)ref_id, db_errmsg(c));
	}
	json_decref(entry);
	json_decref(now);
}

json_t *ledger_ref(db *c, const char *kind, int64_t ref_id)
{
	json_t *row = NULL;
	int rc = db_query_row_json(c, "SELECT n, body FROM ledger_entries WHERE kind = ? AND ref_id = ? "
	                              "ORDER BY n DESC LIMIT 1",
	                           DB_ARGS(DB_TEXT(kind), DB_INT(ref_id)), &row);
	if (rc < 0)
		log_error(NULL, "ledger: reading the entry of %s %lld: %s", kind, (long long)ref_id, db_errmsg(c));
	if (rc != DB_ROW) {
		json_decref(row);
		return json_null();
	}
	json_int_t n = json_integer_value(json_object_get(row, "n"));
	char url[48];
	snprintf(url, sizeof(url), "/catatan/%lld", (long long)n);
	json_t *o = json_pack("{s:I, s:s}", "n", n, "url", url);
	if (o != NULL)
		check_row(c, kind, ref_id, json_string_value(json_object_get(row, "body")), o);
	json_decref(row);
	return o ? o : json_null();
}
