/*
 * charter.c - the service charter (maklumat pelayanan informasi publik)
 * at /permohonan/maklumat: the legal basis, the procedure with its time
 * limits, service hours and how days are counted (the region's rules,
 * clock.h), and the fees: free, except the real cost of copies and
 * delivery from the schedule the PPID publishes (setting kip.biaya, one
 * "what: amount" a line, the same form as a notice's costs).
 */
#include <stdio.h>
#include <string.h>

#include "kip/clock.h"
#include "kip/kip.h"
#include "programs/rules.h"
#include "view/locale.h"

/* The fee schedule's lines as [{item, amount, amount_label}]; a line
 * that is not "what: amount" is skipped (and logged by nobody: the admin
 * sees it missing on this page). */
static json_t *fees(arena *a, const char *text)
{
	json_t *out = json_array();
	char line[512];
	for (const char *p = text; p != NULL && *p;) {
		const char *end = strchr(p, '\n');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		snprintf(line, sizeof(line), "%.*s", (int)(n < sizeof(line) ? n : sizeof(line) - 1), p);
		p = end ? end + 1 : NULL;
		char *colon = strrchr(line, ':');
		int64_t amount;
		if (colon == NULL || colon == line || !rupiah_parse(colon + 1, strlen(colon + 1), &amount))
			continue;
		*colon = '\0';
		const char *shown = rupiah_format(a, amount);
		json_array_append_new(out, json_pack("{s:s, s:I, s:s}", "item", line, "amount", (json_int_t)amount,
		                                     "amount_label", shown ? shown : ""));
	}
	return out;
}

/* The procedure, each step with its number of working days filled in. */
static json_t *procedure(arena *a)
{
	static const struct { const char *key; int days; } steps[] = {
		{ "kip_charter.step_apply", 0 }, { "kip_charter.step_notice", KIP_NOTICE_DAYS },
		{ "kip_charter.step_extension", KIP_EXTENSION_DAYS }, { "kip_charter.step_objection", KIP_OBJECTION_DAYS },
		{ "kip_charter.step_atasan", KIP_ATASAN_DAYS }, { "kip_charter.step_dispute", KIP_DISPUTE_DAYS },
	};
	json_t *out = json_array();
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		const char *names[] = { "hari" }, *values[] = { arena_printf(a, "%d", steps[i].days) };
		const char *text = locale_fill(a, steps[i].key, names, values, 1);
		json_array_append_new(out, json_string(text ? text : ""));
	}
	return out;
}

void kip_charter_page(request *req, page *pg)
{
	db *c = db_thread();
	kip_rules r;
	json_t *row = NULL;
	int rc = c ? kip_rules_load(c, &r) : DB_UNAVAILABLE;
	if (rc == DB_OK) {
		rc = db_query_row_json(c, "SELECT value FROM settings WHERE key = 'kip.biaya'", DB_NOARGS, &row);
		rc = rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
	}
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	json_t *schedule = fees(req->arena, row ? json_string_value(json_object_get(row, "value")) : NULL);
	json_decref(row);
	const char *names[] = { "jam" };
	const char *values[] = { arena_printf(req->arena, "%02d.%02d", r.close_minute / 60, r.close_minute % 60) };
	const char *hours = locale_fill(req->arena, "kip_charter.hours", names, values, 1);
	pg->model = json_pack("{s:o, s:s, s:s, s:s, s:b, s:o, s:b, s:b, s:{s:i, s:i, s:i, s:i, s:i}}",
		"procedure", procedure(req->arena), "hours", hours ? hours : "",
		"counting", locale_get(r.receipt_day_one ? "kip_deadline.rule_day_one" : "kip_deadline.rule_day_zero"),
		"cuti", locale_get(r.cuti_bersama_works ? "kip_deadline.rule_cuti_on" : "kip_deadline.rule_cuti_off"),
		"free", json_array_size(schedule) == 0, "fees", schedule,
		"receipt_day_one", r.receipt_day_one, "cuti_bersama_works", r.cuti_bersama_works,
		"days", "notice", KIP_NOTICE_DAYS, "extension", KIP_EXTENSION_DAYS, "objection", KIP_OBJECTION_DAYS,
		"atasan", KIP_ATASAN_DAYS, "dispute", KIP_DISPUTE_DAYS);
	pg->title = locale_get("kip_charter.title");
}
