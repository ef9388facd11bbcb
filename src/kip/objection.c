/*
 * objection.c - the requester's objection (keberatan, UU 14/2008 Pasal
 * 35-36) and the atasan PPID's answer.
 *
 * POST /permohonan/:no/keberatan, from the receipt (the tracking code
 * rides in the form): once the request is decided, or its due day has
 * passed without the notice, and until 30 working days after that, the
 * requester objects on one or more of Pasal 35 ayat 1's grounds (a-g)
 * with their reasons. It counts as received like a request (a day off or
 * after hours: the next working day), and the atasan's answer is due 30
 * working days on (Pasal 36 ayat 2). One objection a request.
 *
 * POST /ppid/:no/keberatan: the main PPID (the atasan of every PPID here)
 * answers, upholding the objection or not, with its reasons; the last day
 * to bring the dispute to the Komisi Informasi is 14 working days after
 * (Pasal 37 ayat 2).
 */
#include <stdio.h>
#include <string.h>

#include "calendar/calendar.h"
#include "core/clock.h"
#include "http/form.h"
#include "ledger/ledger.h"
#include "kip/clock.h"
#include "kip/desk.h"
#include "kip/kip.h"
#include "kip/state.h"
#include "kip/store.h"
#include "mail/mail.h"
#include "view/formview.h"
#include "view/locale.h"

const char *const kip_objection_grounds[] = { "a", "b", "c", "d", "e", "f", "g" };

static const char *iso(arena *a, int32_t day)
{
	int y, m, d;
	calendar_civil(day, &y, &m, &d);
	return arena_printf(a, "%04d-%02d-%02d", y, m, d);
}

static int clock_now_for(db *c, arena *a, calendar **cal, kip_rules *r)
{
	*cal = arena_alloc(a, sizeof(**cal));
	if (*cal == NULL)
		return DB_ERROR;
	int rc = kip_rules_load(c, r);
	if (rc == DB_OK)
		rc = calendar_load(c, *cal);
	(*cal)->cuti_bersama_works = r->cuti_bersama_works;
	return rc;
}

/* The last day to object: 30 working days after the reason arose (the
 * decision, or the due day passing without one); 0 while there is none. */
static int32_t last_day(const calendar *cal, json_t *r)
{
	const char *decided = json_string_value(json_object_get(r, "decided_at"));
	const char *due = json_string_value(json_object_get(r, "extended_due"));
	if (due == NULL)
		due = json_string_value(json_object_get(r, "notice_due"));
	int64_t t;
	int32_t from;
	if (decided != NULL && calendar_parse_utc(decided, &t))
		from = calendar_wib_day(t);
	else if (due != NULL && calendar_parse_day(due, &from) && calendar_wib_day(clock_now()) > from)
		; /* late: the reason is the notice that did not come */
	else
		return 0;
	return kip_nth_workday(cal, from, KIP_OBJECTION_DAYS, false);
}

int kip_objection_window(db *c, arena *a, json_t *r, const char **last)
{
	calendar *cal;
	kip_rules rules;
	*last = NULL;
	int rc = clock_now_for(c, a, &cal, &rules);
	if (rc != DB_OK)
		return rc;
	int32_t day = last_day(cal, r);
	if (day != 0 && calendar_wib_day(clock_now()) <= day)
		*last = iso(a, day);
	return DB_OK;
}

static void back_to_receipt(request *req, page *pg, const char *code, const char *message)
{
	page_redirect(pg, 303, arena_printf(req->arena, "/permohonan/%s?kode=%s&pesan=%s#keberatan",
	                                    request_param(req, "no"), code, message));
}

/* The grounds ticked ("alasan_a" ...), comma-joined into out. */
static void grounds(formview *fv, const request *req, char *out, size_t n)
{
	size_t o = 0;
	out[0] = '\0';
	for (size_t i = 0; i < 7; i++) {
		char field[16];
		snprintf(field, sizeof(field), "alasan_%s", kip_objection_grounds[i]);
		const char *v = form_get(req, field, NULL, NULL);
		if (v != NULL && v[0] && o + 3 < n) {
			fv_keep(fv, field, "1");
			o += (size_t)snprintf(out + o, n - o, "%s%s", o ? "," : "", kip_objection_grounds[i]);
		}
	}
	if (o == 0)
		fv_fail(fv, "alasan_a", "kip_objection.grounds_required");
}

static int file_objection(db *c, request *req, json_t *r, const char *ground, const char *reason)
{
	calendar *cal;
	kip_rules rules;
	int rc = clock_now_for(c, req->arena, &cal, &rules);
	if (rc != DB_OK)
		return rc;
	int64_t now = clock_now();
	int32_t received, due;
	kip_objection_days(cal, &rules, now, &received, &due);
	char at[CLOCK_ISO_LEN];
	clock_iso(at, now);
	int64_t id = json_integer_value(json_object_get(r, "id"));
	rc = db_begin(c, true);
	int64_t before = 0;
	if (rc == DB_OK)
		rc = db_query_int(c, "SELECT count(*) FROM kip_objections WHERE request_id = ?", DB_ARGS(DB_INT(id)),
		                  &before) == DB_ROW ? DB_OK : DB_ERROR;
	if (rc == DB_OK && before > 0)
		rc = DB_DONE; /* one objection a request */
	if (rc == DB_OK)
		rc = db_exec(c, "INSERT INTO kip_objections (request_id, grounds, reason, filed_at, received_on, answer_due) "
		                "VALUES (?, ?, ?, ?, ?, ?)",
		             DB_ARGS(DB_INT(id), DB_TEXT(ground), DB_TEXT(reason), DB_TEXT(at),
		                     DB_TEXT(iso(req->arena, received)), DB_TEXT(iso(req->arena, due))), NULL);
	if (rc == DB_CONSTRAINT)
		rc = DB_DONE; /* another one came first (PostgreSQL: the unique request_id) */
	if (rc == DB_OK)
		rc = db_exec(c, "INSERT INTO kip_request_events (request_id, kind, note, at) VALUES (?, 'keberatan', ?, ?)",
		             DB_ARGS(DB_INT(id), DB_TEXT(ground), DB_TEXT(at)), NULL);
	if (rc == DB_OK) {
		const char *names[] = { "nomor", "tenggat" };
		const char *values[] = { json_string_value(json_object_get(r, "number")), iso(req->arena, due) };
		const char *subject = locale_fill(req->arena, "kip_objection.mail_subject", names, values, 2);
		const char *body = locale_fill(req->arena, "kip_objection.mail_body", names, values, 2);
		rc = subject && body ? mail_enqueue(c, json_string_value(json_object_get(r, "email")), subject, body)
		                     : DB_ERROR;
	}
	if (rc == DB_OK)
		rc = db_commit(c);
	if (rc != DB_OK)
		db_rollback(c);
	return rc;
}

void kip_objection_submit(request *req, page *pg)
{
	db *c = db_thread();
	char number[32];
	const char *code = form_get(req, "kode", NULL, NULL);
	if (!kip_number_of_slug(request_param(req, "no"), number)) {
		page_not_found(pg);
		return;
	}
	json_t *r = NULL;
	int rc = c ? db_query_row_json(c, "SELECT id, number, email, state, decided_at, notice_due, extended_due, "
	                                  "tracking_hash FROM kip_requests WHERE number = ?",
	                               DB_ARGS(DB_TEXT(number)), &r) : DB_UNAVAILABLE;
	if (rc == DB_DONE) {
		page_not_found(pg);
		return;
	}
	if (rc != DB_ROW) {
		page_db_error(req, pg, c, rc);
		return;
	}
	if (!kip_code_matches(code, json_string_value(json_object_get(r, "tracking_hash")))) {
		json_decref(r);
		pg->status = 403;
		pg->error = "kip_request.wrong_code";
		return;
	}
	const char *last = NULL;
	rc = kip_objection_window(c, req->arena, r, &last);
	formview fv;
	fv_init(&fv);
	char ground[32];
	grounds(&fv, req, ground, sizeof(ground));
	const char *reason = fv_text(&fv, req, "uraian", 8000, "kip_objection.reason_required", false);
	if (rc == DB_OK && last == NULL) {
		json_decref(r);
		json_decref(fv_model(&fv));
		pg->status = 409;
		pg->error = "kip_objection.not_now";
		return;
	}
	if (rc == DB_OK && fv_ok(&fv) && reason != NULL)
		rc = file_objection(c, req, r, ground, reason);
	else if (rc == DB_OK)
		rc = DB_CONSTRAINT; /* the form is wrong */
	json_decref(r);
	json_decref(fv_model(&fv));
	if (rc == DB_CONSTRAINT) {
		pg->status = 422;
		pg->error = "kip_objection.form_invalid";
	} else if (rc == DB_DONE) {
		back_to_receipt(req, pg, code, "keberatan_sudah_ada");
	} else if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
	} else {
		back_to_receipt(req, pg, code, "keberatan_terkirim");
	}
}

void kip_objection_answer(request *req, page *pg)
{
	db *c;
	const account *me = accounts_current(req);
	json_t *r = kip_case_open(req, pg, &c);
	if (r == NULL)
		return;
	int rc = DB_OK;
	if (!kip_desk_main(me)) {
		json_decref(r);
		pg->status = 403;
		pg->error = "kip_objection.atasan_only";
		return;
	}
	const char *answer = form_get(req, "tanggapan", NULL, NULL);
	const char *upheld = form_get(req, "dikabulkan", NULL, NULL);
	if (rc == DB_OK && (answer == NULL || answer[0] == '\0' || strlen(answer) > 8000 || upheld == NULL ||
	                    (strcmp(upheld, "1") != 0 && strcmp(upheld, "0") != 0))) {
		json_decref(r);
		pg->status = 422;
		pg->error = "kip_objection.answer_invalid";
		return;
	}
	calendar *cal = NULL;
	kip_rules rules;
	if (rc == DB_OK)
		rc = clock_now_for(c, req->arena, &cal, &rules);
	int64_t changed = 0, id = r ? json_integer_value(json_object_get(r, "id")) : 0;
	char at[CLOCK_ISO_LEN];
	clock_iso(at, clock_now());
	if (rc == DB_OK)
		rc = db_begin(c, true);
	if (rc == DB_OK) {
		int32_t last = kip_nth_workday(cal, calendar_wib_day(clock_now()), KIP_DISPUTE_DAYS, false);
		rc = db_exec(c, "UPDATE kip_objections SET answer = ?, upheld = ?, answered_at = ?, answered_by = ?, "
		                "dispute_last = ? WHERE request_id = ? AND answered_at IS NULL",
		             DB_ARGS(DB_TEXT(answer), DB_INT(upheld[0] == '1'), DB_TEXT(at), DB_INT(me->id),
		                     DB_TEXT(iso(req->arena, last)), DB_INT(id)), &changed);
	}
	if (rc == DB_OK && changed == 0)
		rc = DB_DONE;
	if (rc == DB_OK)
		rc = db_exec(c, "INSERT INTO kip_request_events (request_id, kind, user_id, note, at) "
		                "VALUES (?, 'tanggapan_atasan', ?, ?, ?)",
		             DB_ARGS(DB_INT(id), DB_INT(me->id), DB_TEXT(upheld[0] == '1' ? "dikabulkan" : "ditolak"),
		                     DB_TEXT(at)), NULL);
	int64_t objection = 0;
	if (rc == DB_OK)
		rc = db_query_int(c, "SELECT id FROM kip_objections WHERE request_id = ?", DB_ARGS(DB_INT(id)), &objection);
	if (rc == DB_ROW) /* the atasan's answer is on the public record */
		rc = ledger_record(c, "kip_objection", objection);
	if (rc == DB_OK)
		rc = db_commit(c);
	if (rc != DB_OK && c != NULL)
		db_rollback(c);
	json_decref(r);
	if (rc == DB_DONE) {
		pg->status = 409;
		pg->error = "kip_objection.nothing_to_answer";
		return;
	}
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	page_redirect(pg, 303, arena_printf(req->arena, "/ppid/%s#keberatan", request_param(req, "no")));
}

int kip_objection_of(db *c, arena *a, int64_t id, bool full, json_t **out)
{
	*out = NULL;
	json_t *o = NULL;
	int rc = db_query_row_json(c, "SELECT grounds, reason, filed_at, received_on, answer_due, answer, upheld, "
	                              "answered_at, dispute_last FROM kip_objections WHERE request_id = ?",
	                           DB_ARGS(DB_INT(id)), &o);
	if (rc == DB_DONE)
		return DB_OK;
	if (rc != DB_ROW)
		return rc;
	json_t *labels = json_array();
	char list[32];
	snprintf(list, sizeof(list), "%s", json_string_value(json_object_get(o, "grounds")) ? json_string_value(json_object_get(o, "grounds")) : "");
	for (char *save = NULL, *g = strtok_r(list, ",", &save); g != NULL; g = strtok_r(NULL, ",", &save)) {
		char key[48];
		snprintf(key, sizeof(key), "kip_objection.grounds.%s", g);
		json_array_append_new(labels, json_string(locale_get(key)));
	}
	json_object_set_new(o, "ground_labels", labels);
	static const char *const days[] = { "received_on", "answer_due", "dispute_last" };
	for (size_t i = 0; i < 3; i++) {
		int32_t day;
		const char *v = json_string_value(json_object_get(o, days[i]));
		json_object_set_new(o, arena_printf(a, "%s_label", days[i]),
		                    v && calendar_parse_day(v, &day) ? json_string(kip_day_label(a, day)) : json_null());
	}
	json_object_set_new(o, "answered", json_boolean(json_is_string(json_object_get(o, "answered_at"))));
	json_object_set_new(o, "upheld", json_boolean(json_integer_value(json_object_get(o, "upheld")) == 1));
	if (!full) /* the requester's own words stay with them and the PPIDs */
		json_object_del(o, "reason");
	*out = o;
	return DB_OK;
}
