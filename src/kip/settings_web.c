/*
 * settings_web.c - /admin/permohonan, the KIP service's settings for an
 * admin (see settings.h): whether cuti bersama stops the clock, whether
 * the day of receipt is day 1 or day 0, when office hours end, the fee
 * schedule and how long a requester's identity is kept, each explained
 * with its legal ground. A form with a wrong field is shown again (422)
 * with what was typed and a message beside each wrong field, and nothing
 * is saved; a good one is saved whole, and the open requests follow a
 * change of the counting rules in the same transaction.
 */
#include <stdio.h>
#include <string.h>

#include "accounts/accounts.h"
#include "core/log.h"
#include "core/str.h"
#include "kip/fees.h"
#include "kip/settings.h"
#include "view/formview.h"
#include "view/locale.h"

#define MOVED_MAX 1000000 /* ?bergeser= larger than this is not ours */

/* --- the page ---------------------------------------------------------------- */

/* The two choices of a yes/no setting as radio buttons, the default
 * first: [{value, id, label, hint, checked}], the first one's id the
 * field's (the error summary links to it). */
static json_t *choices(const char *field, const char *prefix, const char *first, const char *chosen)
{
	const char *const values[] = { first, strcmp(first, "1") == 0 ? "0" : "1" };
	json_t *out = json_array();
	for (size_t i = 0; i < 2; i++) {
		char label[96], hint[96], id[64];
		snprintf(label, sizeof(label), "kip_settings.%s_%s", prefix, values[i]);
		snprintf(hint, sizeof(hint), "kip_settings.%s_%s_hint", prefix, values[i]);
		snprintf(id, sizeof(id), i == 0 ? "%s" : "%s-%s", field, values[i]);
		json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s, s:b}", "value", values[i], "id", id, "label",
		                                     locale_get(label), "hint", locale_get(hint), "checked",
		                                     chosen != NULL && strcmp(chosen, values[i]) == 0));
	}
	return out;
}

/* The notice after a save (?pesan=disimpan|tidak_berubah, ?bergeser=n). */
static const char *flash(request *req)
{
	const char *key = http_params_get(&req->query, "pesan");
	if (key == NULL)
		return NULL;
	if (strcmp(key, "tidak_berubah") == 0)
		return locale_get("kip_settings.unchanged");
	if (strcmp(key, "disimpan") != 0)
		return NULL;
	const char *moved = http_params_get(&req->query, "bergeser");
	int64_t n = 0;
	if (moved == NULL || !str_to_i64(str_c(moved), false, &n) || n < 0 || n > MOVED_MAX)
		return locale_get("kip_settings.saved");
	const char *names[] = { "n" }, *values[] = { moved };
	const char *s = locale_fill(req->arena, n > 0 ? "kip_settings.saved_moved" : "kip_settings.saved_none_moved",
	                            names, values, 1);
	return s ? s : locale_get("kip_settings.saved");
}

static void show(request *req, page *pg, formview *fv, unsigned status)
{
	db *c = db_thread();
	int64_t open = 0;
	int rc = c ? kip_settings_open_count(c, &open) : DB_UNAVAILABLE;
	if (rc != DB_OK) {
		json_decref(fv_model(fv));
		page_db_error(req, pg, c, rc);
		return;
	}
	const char *cuti = json_string_value(json_object_get(fv->values, "cuti_bersama"));
	const char *day = json_string_value(json_object_get(fv->values, "hari_penerimaan"));
	char n[24], lo[24], hi[24];
	snprintf(n, sizeof(n), "%lld", (long long)open);
	snprintf(lo, sizeof(lo), "%d", KIP_RETENTION_MIN);
	snprintf(hi, sizeof(hi), "%d", KIP_RETENTION_MAX);
	const char *names[] = { "n", "min", "max" }, *values[] = { n, lo, hi };
	const char *open_text = locale_fill(req->arena, "kip_settings.open_requests", names, values, 1);
	const char *retention_hint = locale_fill(req->arena, "kip_settings.retention_hint", names + 1, values + 1, 2);
	json_t *m = json_pack("{s:o, s:o, s:I, s:s, s:s, s:i, s:i, s:i}", "cuti_choices",
	                      choices("cuti_bersama", "cuti", "0", cuti), "day_choices",
	                      choices("hari_penerimaan", "day", "1", day), "open_requests", (json_int_t)open, "open_text",
	                      open_text ? open_text : "", "retention_hint", retention_hint ? retention_hint : "",
	                      "retention_min", KIP_RETENTION_MIN, "retention_max", KIP_RETENTION_MAX, "fees_max",
	                      KIP_FEES_MAX);
	json_object_set_new(m, "form", fv_model(fv));
	const char *notice = status == 200 ? flash(req) : NULL;
	if (notice != NULL)
		json_object_set_new(m, "flash", json_string(notice));
	const char *csrf = accounts_csrf_token(req, pg->res);
	json_object_set_new(m, "csrf_token", csrf ? json_string(csrf) : json_null());
	pg->model = m;
	pg->template = "admin_kip_settings";
	pg->title = locale_get("kip_settings.title");
	pg->status = status;
}

void kip_settings_page(request *req, page *pg)
{
	db *c = db_thread();
	kip_settings s;
	int rc = c ? kip_settings_load(c, req->arena, &s) : DB_UNAVAILABLE;
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	formview fv;
	fv_init(&fv);
	char close[8], days[24];
	snprintf(close, sizeof(close), "%02d:%02d", s.rules.close_minute / 60 % 24, s.rules.close_minute % 60);
	snprintf(days, sizeof(days), "%lld", (long long)s.retention_days);
	fv_keep(&fv, "cuti_bersama", s.rules.cuti_bersama_works ? "1" : "0");
	fv_keep(&fv, "hari_penerimaan", s.rules.receipt_day_one ? "1" : "0");
	fv_keep(&fv, "jam_tutup", close);
	fv_keep(&fv, "biaya", s.fees);
	fv_keep(&fv, "retensi_hari", days);
	show(req, pg, &fv, 200);
}

/* --- the form ---------------------------------------------------------------- */

static bool flag(const char *v, bool *out)
{
	if (strcmp(v, "1") != 0 && strcmp(v, "0") != 0)
		return false;
	*out = v[0] == '1';
	return true;
}

/* An office closing time as typed, "16:00", "16.00" or "9:30": minutes
 * after 00:00, or -1. */
static int closing_minute(const char *s)
{
	size_t n = strlen(s);
	if (n < 4 || n > 5 || (s[n - 3] != ':' && s[n - 3] != '.'))
		return -1;
	char hhmm[8];
	snprintf(hhmm, sizeof(hhmm), "%s%.*s:%s", n == 4 ? "0" : "", (int)(n - 3), s, s + n - 2);
	return kip_hhmm_parse(hhmm);
}

/* Each field read and checked in the order of the form, so the error
 * summary lists them in that order. false when memory ran out. */
static bool read_form(request *req, formview *fv, kip_settings *s)
{
	kip_rules_default(&s->rules);
	s->retention_days = KIP_RETENTION_DEFAULT;
	const char *v = fv_text(fv, req, "cuti_bersama", 10, "kip_settings.cuti_required", false);
	if (v == NULL)
		return false;
	if (v[0] && !flag(v, &s->rules.cuti_bersama_works))
		fv_fail(fv, "cuti_bersama", "kip_settings.cuti_required");

	v = fv_text(fv, req, "hari_penerimaan", 10, "kip_settings.day_required", false);
	if (v == NULL)
		return false;
	if (v[0] && !flag(v, &s->rules.receipt_day_one))
		fv_fail(fv, "hari_penerimaan", "kip_settings.day_required");

	v = fv_text(fv, req, "jam_tutup", 40, "kip_settings.close_required", false);
	if (v == NULL)
		return false;
	s->rules.close_minute = closing_minute(v);
	if (v[0] && s->rules.close_minute < KIP_CLOSE_EARLIEST)
		fv_fail(fv, "jam_tutup", "kip_settings.close_invalid");

	s->fees = fv_text(fv, req, "biaya", KIP_FEES_MAX_CHARS, NULL, false);
	if (s->fees == NULL)
		return false;
	bool too_many = false;
	size_t bad = kip_fees_read(s->fees, strlen(s->fees), NULL, NULL, &too_many);
	if (bad != 0 && too_many)
		fv_fail_n(fv, "biaya", "kip_settings.fees_too_many", KIP_FEES_MAX);
	else if (bad != 0)
		fv_fail_n(fv, "biaya", "kip_settings.fees_invalid", bad);

	v = fv_text(fv, req, "retensi_hari", 40, "kip_settings.retention_required", false);
	if (v == NULL)
		return false;
	if (v[0] && (!str_to_i64(str_c(v), false, &s->retention_days) || s->retention_days < KIP_RETENTION_MIN ||
	             s->retention_days > KIP_RETENTION_MAX))
		fv_fail(fv, "retensi_hari", "kip_settings.retention_invalid");
	return true;
}

/* One line for the operators: who changed which setting, under this
 * request's id; never what a person typed beyond the values themselves
 * (the fee schedule only as its number of lines changed). */
static void log_saved(const request *req, int64_t user, const kip_settings *s, const kip_settings_saved *out)
{
	char what[256] = "";
	size_t n = 0;
	if (out->changed & KIP_SET_CUTI)
		n += (size_t)snprintf(what + n, sizeof(what) - n, " kip.cuti_bersama_hari_kerja=%d",
		                      s->rules.cuti_bersama_works);
	if ((out->changed & KIP_SET_DAY_ONE) && n < sizeof(what))
		n += (size_t)snprintf(what + n, sizeof(what) - n, " kip.hari_penerimaan=%d", s->rules.receipt_day_one);
	if ((out->changed & KIP_SET_CLOSE) && n < sizeof(what))
		n += (size_t)snprintf(what + n, sizeof(what) - n, " kip.jam_tutup=%02d:%02d", s->rules.close_minute / 60,
		                      s->rules.close_minute % 60);
	if ((out->changed & KIP_SET_FEES) && n < sizeof(what))
		n += (size_t)snprintf(what + n, sizeof(what) - n, " kip.biaya");
	if ((out->changed & KIP_SET_RETENTION) && n < sizeof(what))
		snprintf(what + n, sizeof(what) - n, " kip.retensi_hari=%lld", (long long)s->retention_days);
	log_info("kip: settings saved by user %lld (request %s):%s; %d open requests moved", (long long)user, req->id,
	         what[0] ? what : " nothing changed", out->moved);
}

void kip_settings_submit(request *req, page *pg)
{
	formview fv;
	fv_init(&fv);
	kip_settings s;
	if (!read_form(req, &fv, &s)) {
		json_decref(fv_model(&fv));
		page_fail(req, pg, "out of request memory");
		return;
	}
	if (!fv_ok(&fv)) {
		show(req, pg, &fv, 422);
		return;
	}
	json_decref(fv_model(&fv));
	db *c = db_thread();
	int64_t user = accounts_current(req)->id;
	kip_settings_saved out;
	int rc = c ? kip_settings_save(c, req->arena, &s, user, &out) : DB_UNAVAILABLE;
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	log_saved(req, user, &s, &out);
	if (out.changed == 0)
		page_redirect(pg, 303, "/admin/permohonan?pesan=tidak_berubah");
	else if (out.changed & KIP_SET_CLOCK)
		page_redirect(pg, 303, arena_printf(req->arena, "/admin/permohonan?pesan=disimpan&bergeser=%d", out.moved));
	else
		page_redirect(pg, 303, "/admin/permohonan?pesan=disimpan");
}
