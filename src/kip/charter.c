/*
 * charter.c - the service charter (maklumat pelayanan informasi publik)
 * at /permohonan/maklumat: the legal basis, the procedure with its time
 * limits, service hours and how days are counted (the region's rules,
 * clock.h), and the fees: free, except the real cost of copies and
 * delivery from the schedule the PPID publishes (setting kip.biaya, one
 * "what: amount" a line, the same form as a notice's costs, fees.h), and
 * how long a requester's identity is kept. An admin keeps these settings
 * at /admin/permohonan (settings.h).
 */
#include <stdio.h>
#include <string.h>

#include "kip/clock.h"
#include "kip/fees.h"
#include "kip/kip.h"
#include "kip/settings.h"
#include "programs/rules.h"
#include "view/locale.h"

/* The fee schedule's lines as [{item, amount, amount_label}] (fees.h);
 * a line that is not "what: amount" is skipped (the settings page,
 * settings_web.c, refuses to save one). */
struct fee_rows {
	arena *a;
	json_t *rows;
};

static void fee_row(const kip_fee *fee, void *ctx)
{
	struct fee_rows *f = ctx;
	const char *shown = rupiah_format(f->a, fee->amount);
	json_t *row = json_pack("{s:s%, s:I, s:s}", "item", fee->item, fee->item_len, "amount",
	                        (json_int_t)fee->amount, "amount_label", shown ? shown : "");
	if (row != NULL)
		json_array_append_new(f->rows, row);
}

static json_t *fees(arena *a, const char *text)
{
	struct fee_rows f = { a, json_array() };
	if (text != NULL)
		kip_fees_read(text, strlen(text), fee_row, &f, NULL);
	return f.rows;
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
	kip_settings set;
	int rc = c ? kip_settings_load(c, req->arena, &set) : DB_UNAVAILABLE;
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	const kip_rules r = set.rules;
	json_t *schedule = fees(req->arena, set.fees);
	const char *names[] = { "jam", "hari" };
	const char *values[] = { arena_printf(req->arena, "%02d.%02d", r.close_minute / 60, r.close_minute % 60),
		                 arena_printf(req->arena, "%lld", (long long)set.retention_days) };
	const char *hours = locale_fill(req->arena, "kip_charter.hours", names, values, 1);
	const char *retention = locale_fill(req->arena, "kip_charter.retention", names + 1, values + 1, 1);
	pg->model = json_pack("{s:o, s:s, s:s, s:s, s:b, s:o, s:b, s:b, s:s, s:I, s:{s:i, s:i, s:i, s:i, s:i}}",
		"procedure", procedure(req->arena), "hours", hours ? hours : "",
		"counting", locale_get(r.receipt_day_one ? "kip_deadline.rule_day_one" : "kip_deadline.rule_day_zero"),
		"cuti", locale_get(r.cuti_bersama_works ? "kip_deadline.rule_cuti_on" : "kip_deadline.rule_cuti_off"),
		"free", json_array_size(schedule) == 0, "fees", schedule,
		"receipt_day_one", r.receipt_day_one, "cuti_bersama_works", r.cuti_bersama_works,
		"retention", retention ? retention : "", "retention_days", (json_int_t)set.retention_days,
		"days", "notice", KIP_NOTICE_DAYS, "extension", KIP_EXTENSION_DAYS, "objection", KIP_OBJECTION_DAYS,
		"atasan", KIP_ATASAN_DAYS, "dispute", KIP_DISPUTE_DAYS);
	pg->title = locale_get("kip_charter.title");
}
