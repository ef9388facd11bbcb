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

#include "ledger/ledger_int.h"

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
