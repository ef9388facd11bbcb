/*
 * moderate_admin.c - the moderators' own pages: the audit log (every
 * decision, newest first, in keyset pages) and the two settings of
 * moderation (pre-moderation on or off, and how many flags hide content),
 * whose every change is itself a row of the log.
 */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/str.h"
#include "questions/moderate.h"
#include "questions/questions.h"
#include "questions/view.h"
#include "view/format.h"
#include "view/formview.h"
#include "view/locale.h"

static const char *text(const json_t *row, const char *key)
{
	const char *s = json_string_value(json_object_get(row, key));
	return s ? s : "";
}

static void set_label(json_t *row, const char *out, const char *prefix, const char *value)
{
	char k[96];
	snprintf(k, sizeof(k), "%s.%s", prefix, value);
	const char *t = locale_get(k);
	json_object_set_new(row, out, json_string(t == k ? value : t));
}

/* --- the log ------------------------------------------------------------------ */

static void decorate_entry(arena *a, json_t *r)
{
	set_label(r, "action_label", "moderation_action", text(r, "action"));
	if (json_is_string(json_object_get(r, "reason")))
		set_label(r, "reason_label", "question_reason", text(r, "reason"));
	const char *at = format_time_wib(a, text(r, "at"));
	if (at != NULL)
		json_object_set_new(r, "at_label", json_string(at));
	if (!json_is_string(json_object_get(r, "by_name")))
		json_object_set_new(r, "by_name", json_string(locale_get("moderation.by_site")));
	json_int_t q = json_integer_value(json_object_get(r, "question_id"));
	if (q != 0)
		json_object_set_new(r, "question_url", json_string(question_url(a, q, text(r, "question_title"))));
}

void moderation_log_view(request *req, page *pg)
{
	const char *before_text = http_params_get(&req->query, "sebelum");
	int64_t before = 0;
	if (before_text != NULL && !str_to_i64(str_c(before_text), false, &before))
		before = 0;
	db *c = db_thread();
	json_t *rows = NULL;
	int rc = c ? moderation_log_page(c, before, MODERATION_LOG_PAGE, &rows) : DB_UNAVAILABLE;
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	bool more = json_array_size(rows) > MODERATION_LOG_PAGE;
	if (more)
		json_array_remove(rows, MODERATION_LOG_PAGE);
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		decorate_entry(req->arena, r);
	}
	json_t *m = json_pack("{s:o, s:b}", "entries", rows, "has_entries", json_array_size(rows) > 0);
	if (more) {
		json_int_t last = json_integer_value(json_object_get(json_array_get(rows, MODERATION_LOG_PAGE - 1), "id"));
		json_object_set_new(m, "next", json_string(arena_printf(req->arena, "/moderasi/log?sebelum=%lld",
		                                                        (long long)last)));
	}
	if (before > 0)
		json_object_set_new(m, "first", json_string("/moderasi/log"));
	pg->model = m;
	pg->title = locale_get("moderation.log_title");
}

/* --- the settings ------------------------------------------------------------- */

static void show_settings(request *req, page *pg, formview *fv, unsigned status)
{
	const char *pre = json_string_value(json_object_get(fv->values, "pramoderasi"));
	json_t *m = json_pack("{s:b, s:b}", "premoderation_on", pre != NULL && strcmp(pre, "1") == 0,
	                      "premoderation_off", pre != NULL && strcmp(pre, "0") == 0);
	json_object_set_new(m, "form", fv_model(fv));
	const char *flash = page_flash(req);
	if (flash != NULL)
		json_object_set_new(m, "flash", json_string(flash));
	const char *csrf = accounts_csrf_token(req, pg->res);
	json_object_set_new(m, "csrf_token", csrf ? json_string(csrf) : json_null());
	json_object_set_new(m, "threshold_min", json_integer(FLAG_THRESHOLD_MIN));
	json_object_set_new(m, "threshold_max", json_integer(FLAG_THRESHOLD_MAX));
	pg->model = m;
	pg->template = "moderation_settings";
	pg->title = locale_get("moderation.settings_title");
	pg->status = status;
}

void moderation_settings_page(request *req, page *pg)
{
	db *c = db_thread();
	bool premoderation = true;
	int threshold = FLAG_THRESHOLD_DEFAULT;
	int rc = c ? moderation_settings(c, &premoderation, &threshold) : DB_UNAVAILABLE;
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	formview fv;
	fv_init(&fv);
	char n[16];
	snprintf(n, sizeof(n), "%d", threshold);
	fv_keep(&fv, "pramoderasi", premoderation ? "1" : "0");
	fv_keep(&fv, "ambang", n);
	show_settings(req, pg, &fv, 200);
}

static int save_settings(request *req, db *c, bool premoderation, int threshold)
{
	char n[16];
	snprintf(n, sizeof(n), "%d", threshold);
	const char *names[] = { "pramoderasi", "ambang" };
	const char *values[] = { locale_get(premoderation ? "moderation.on" : "moderation.off"), n };
	moderation_entry e = { accounts_current(req)->id, 0, 0, "pengaturan", NULL,
	                       locale_fill(req->arena, "moderation.settings_note", names, values, 2) };
	int rc = db_begin(c, true);
	if (rc != DB_OK)
		return rc;
	rc = moderation_settings_save(c, premoderation, threshold);
	if (rc == DB_OK)
		rc = moderation_log_write(c, &e, clock_now());
	if (rc == DB_OK)
		rc = db_commit(c);
	if (rc != DB_OK)
		db_rollback(c);
	return rc;
}

void moderation_settings_submit(request *req, page *pg)
{
	formview fv;
	fv_init(&fv);
	const char *pre = fv_text(&fv, req, "pramoderasi", 10, "moderation.premoderation_required", false);
	const char *limit = fv_text(&fv, req, "ambang", 10, "moderation.threshold_required", false);
	if (pre == NULL || limit == NULL) {
		json_decref(fv_model(&fv));
		page_fail(req, pg, "out of request memory");
		return;
	}
	if (pre[0] && strcmp(pre, "1") != 0 && strcmp(pre, "0") != 0)
		fv_fail(&fv, "pramoderasi", "moderation.premoderation_required");
	int64_t threshold = 0;
	if (limit[0] && (!str_to_i64(str_c(limit), false, &threshold) || threshold < FLAG_THRESHOLD_MIN ||
	                 threshold > FLAG_THRESHOLD_MAX))
		fv_fail_n(&fv, "ambang", "moderation.threshold_invalid", FLAG_THRESHOLD_MAX);
	if (!fv_ok(&fv)) {
		show_settings(req, pg, &fv, 422);
		return;
	}
	json_decref(fv_model(&fv));
	db *c = db_thread();
	int rc = c ? save_settings(req, c, strcmp(pre, "1") == 0, (int)threshold) : DB_UNAVAILABLE;
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	page_redirect(pg, 303, "/moderasi/pengaturan?pesan=pengaturan_disimpan");
}
