/*
 * decide.c - POST /ppid/:no: the PPID's next step on a case (state.h):
 * process; extend once, with the written reason (Pasal 22 ayat 8), which
 * moves the due day 7 working days on; or decide, with the written
 * notice's fields (ayat 7): a refusal cites Pasal 17's ground and its
 * consequence test, information not held names who holds it, information
 * given says what, in what medium and format, what is withheld and why,
 * and the costs item by item ("Fotokopi 20 lembar: 10.000", one a line)
 * with how to pay. Each step is one transaction that checks the state it
 * started from, so two PPIDs cannot both decide; the requester is mailed.
 */
#include <stdio.h>
#include <string.h>

#include "calendar/calendar.h"
#include "core/clock.h"
#include "http/form.h"
#include "ledger/ledger.h"
#include "kip/clock.h"
#include "kip/desk.h"
#include "kip/documents.h"
#include "kip/kip.h"
#include "kip/state.h"
#include "kip/store.h"
#include "kip/webhook.h"
#include "mail/mail.h"
#include "programs/rules.h"
#include "view/locale.h"

#define MAX_COSTS 20

typedef struct step {
	const char *action, *next, *reason, *exemption, *test, *holder, *given, *withheld, *medium, *payment;
	json_t *costs; /* [{"item", "amount"}] */
	int64_t total;
	kip_step_hook also; /* more writes in the step's transaction, or NULL */
	void *ctx;
} step;

/* "Fotokopi 20 lembar: 10.000" lines into s->costs; false (with the field
 * failed) on a line that is not "what: amount". */
static void read_costs(formview *fv, const char *text, step *s)
{
	s->costs = json_array();
	char line[512];
	const char *p = text;
	while (p != NULL && *p) {
		const char *end = strchr(p, '\n');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		snprintf(line, sizeof(line), "%.*s", (int)(n < sizeof(line) ? n : sizeof(line) - 1), p);
		p = end ? end + 1 : NULL;
		char *cr = strchr(line, '\r');
		if (cr)
			*cr = '\0';
		if (strspn(line, " \t") == strlen(line))
			continue;
		char *colon = strrchr(line, ':');
		int64_t amount = 0;
		if (colon == NULL || colon == line || json_array_size(s->costs) == MAX_COSTS ||
		    !rupiah_parse(colon + 1, strlen(colon + 1), &amount)) {
			fv_fail(fv, "biaya", "kip_desk.costs_invalid");
			return;
		}
		*colon = '\0';
		json_array_append_new(s->costs, json_pack("{s:s, s:I}", "item", line, "amount", (json_int_t)amount));
		s->total += amount;
	}
}

static void read_decision(formview *fv, const request *req, step *s)
{
	const char *decision = fv_text(fv, req, "keputusan", 40, "kip_desk.decision_required", false);
	s->next = kip_next_state("diproses", "putuskan", decision);
	if (decision && decision[0] && s->next == NULL)
		fv_fail(fv, "keputusan", "kip_desk.decision_required");
	if (s->next == NULL)
		return;
	bool refused = strcmp(s->next, "ditolak") == 0, not_held = strcmp(s->next, "tidak_dikuasai") == 0;
	bool partly = strcmp(s->next, "dikabulkan_sebagian") == 0;
	s->exemption = fv_text(fv, req, "pengecualian", 1, refused ? "kip_desk.exemption_required" : NULL, false);
	if (refused && s->exemption && s->exemption[0] && !(s->exemption[0] >= 'a' && s->exemption[0] <= 'j'))
		fv_fail(fv, "pengecualian", "kip_desk.exemption_required");
	s->test = fv_text(fv, req, "uji_konsekuensi", 8000, refused ? "kip_desk.test_required" : NULL, false);
	s->holder = fv_text(fv, req, "pemegang", 200, not_held ? "kip_desk.holder_required" : NULL, false);
	bool gives = !refused && !not_held;
	s->given = fv_text(fv, req, "diberikan", 8000, gives ? "kip_desk.given_required" : NULL, false);
	s->withheld = fv_text(fv, req, "dihitamkan", 8000, partly ? "kip_desk.withheld_required" : NULL, false);
	s->medium = fv_text(fv, req, "media", 200, gives ? "kip_desk.medium_required" : NULL, false);
	const char *costs = fv_text(fv, req, "biaya", 4000, NULL, false);
	read_costs(fv, costs, s);
	s->payment = fv_text(fv, req, "pembayaran", 2000, s->total > 0 ? "kip_desk.payment_required" : NULL, false);
	if (!refused) /* only a refusal has a ground */
		s->exemption = s->test = NULL;
}

static const char *or_null(const char *v)
{
	return v && v[0] ? v : NULL;
}

static int mail_requester(db *c, request *req, json_t *r, const char *subject_key)
{
	const char *names[] = { "nomor", "keadaan", "tautan" };
	int year = (int)json_integer_value(json_object_get(r, "year"));
	int seq = (int)json_integer_value(json_object_get(r, "seq"));
	char key[64];
	snprintf(key, sizeof(key), "kip_state.%s", json_string_value(json_object_get(r, "state")));
	const char *values[] = { json_string_value(json_object_get(r, "number")), locale_get(key),
		arena_printf(req->arena, "%s/permohonan/%04d-%06d", kip_base_url(), year, seq) };
	const char *subject = locale_fill(req->arena, subject_key, names, values, 3);
	const char *body = locale_fill(req->arena, "kip_desk.mail_body", names, values, 3);
	const char *to = json_string_value(json_object_get(r, "email"));
	if (subject == NULL || body == NULL || values[2] == NULL)
		return DB_ERROR;
	if (strcmp(subject_key, "kip_desk.mail_decided") == 0) /* the notice and documents attached */
		return kip_decision_mail(c, req, r, subject, body);
	return mail_enqueue(c, to, subject, body);
}

/* The due day 7 working days after the notice's, on the calendar *calp. */
static int extended_due(db *c, arena *a, const char *notice_due, const char **out, calendar **calp)
{
	calendar *cal = *calp = arena_alloc(a, sizeof(*cal));
	kip_rules r;
	int32_t day;
	if (cal == NULL || notice_due == NULL || !calendar_parse_day(notice_due, &day))
		return DB_ERROR;
	int rc = kip_rules_load(c, &r);
	if (rc == DB_OK)
		rc = calendar_load(c, cal);
	if (rc != DB_OK)
		return rc;
	cal->cuti_bersama_works = r.cuti_bersama_works;
	int y, m, d;
	calendar_civil(kip_nth_workday(cal, day, KIP_EXTENSION_DAYS, false), &y, &m, &d);
	*out = arena_printf(a, "%04d-%02d-%02d", y, m, d);
	return *out ? DB_OK : DB_ERROR;
}

static int apply(db *c, request *req, json_t *r, const step *s)
{
	int64_t id = json_integer_value(json_object_get(r, "id")), me = accounts_current(req)->id;
	const char *from = json_string_value(json_object_get(r, "state"));
	char at[CLOCK_ISO_LEN];
	clock_iso(at, clock_now());
	int64_t changed = 0;
	int rc = db_begin(c, true);
	const char *due = NULL, *kind = "diproses", *note = "";
	if (rc == DB_OK && strcmp(s->action, "perpanjang") == 0) {
		kind = "diperpanjang";
		note = s->reason;
		calendar *cal = NULL;
		rc = extended_due(c, req->arena, json_string_value(json_object_get(r, "notice_due")), &due, &cal);
		if (rc == DB_OK)
			rc = db_exec(c, "UPDATE kip_requests SET state = ?, extended_due = ?, extension_reason = ?, "
			                "updated_at = ? WHERE id = ? AND state = ?",
			             DB_ARGS(DB_TEXT(s->next), DB_TEXT(due), DB_TEXT(s->reason), DB_TEXT(at), DB_INT(id),
			                     DB_TEXT(from)), &changed);
		if (rc == DB_OK && changed)
			rc = kip_remind_later(c, cal, id, due);
	} else if (rc == DB_OK && strcmp(s->action, "putuskan") == 0) {
		kind = "diputuskan";
		char *costs = json_dumps(s->costs, JSON_COMPACT);
		rc = costs ? db_exec(c,
			"UPDATE kip_requests SET state = ?, decided_at = ?, decided_by = ?, exemption = ?, "
			"consequence_test = ?, holder_body = ?, given = ?, withheld = ?, medium = ?, costs = ?, "
			"payment = ?, updated_at = ? WHERE id = ? AND state = ?",
			DB_ARGS(DB_TEXT(s->next), DB_TEXT(at), DB_INT(me), or_null(s->exemption) ? DB_TEXT(s->exemption) : DB_NULL,
			        or_null(s->test) ? DB_TEXT(s->test) : DB_NULL, or_null(s->holder) ? DB_TEXT(s->holder) : DB_NULL,
			        or_null(s->given) ? DB_TEXT(s->given) : DB_NULL, or_null(s->withheld) ? DB_TEXT(s->withheld) : DB_NULL,
			        or_null(s->medium) ? DB_TEXT(s->medium) : DB_NULL, DB_TEXT(costs),
			        or_null(s->payment) ? DB_TEXT(s->payment) : DB_NULL, DB_TEXT(at), DB_INT(id), DB_TEXT(from)),
			&changed) : DB_ERROR;
		json_free_t release; /* jansson's own free: during a request its memory is the arena's */
		json_malloc_t unused;
		json_get_alloc_funcs(&unused, &release);
		release(costs);
	} else if (rc == DB_OK) {
		rc = db_exec(c, "UPDATE kip_requests SET state = ?, updated_at = ? WHERE id = ? AND state = ?",
		             DB_ARGS(DB_TEXT(s->next), DB_TEXT(at), DB_INT(id), DB_TEXT(from)), &changed);
	}
	if (rc == DB_OK && changed == 0)
		rc = DB_DONE; /* someone moved it meanwhile */
	if (rc == DB_OK && s->also != NULL)
		rc = s->also(c, id, s->ctx);
	if (rc == DB_OK)
		rc = db_exec(c, "INSERT INTO kip_request_events (request_id, kind, user_id, note, at) VALUES (?, ?, ?, ?, ?)",
		             DB_ARGS(DB_INT(id), DB_TEXT(kind), DB_INT(me), DB_TEXT(note), DB_TEXT(at)), NULL);
	if (rc == DB_OK)
		rc = ledger_record(c, "kip", id); /* every PPID step, the notice included, is on the public record */
	if (rc == DB_OK && strcmp(kind, "diputuskan") == 0)
		rc = kip_webhook_decided(c, id); /* the endpoints that listen hear of the notice */
	if (rc == DB_OK && strcmp(kind, "diproses") != 0) {
		json_object_set_new(r, "state", json_string(s->next));
		rc = mail_requester(c, req, r, strcmp(kind, "diperpanjang") == 0 ? "kip_desk.mail_extended"
		                                                                  : "kip_desk.mail_decided");
	}
	if (rc == DB_OK)
		rc = db_commit(c);
	if (rc != DB_OK)
		db_rollback(c);
	return rc;
}

void kip_case_submit(request *req, page *pg)
{
	db *c;
	json_t *r = kip_case_open(req, pg, &c);
	if (r == NULL)
		return;
	int rc;
	formview fv;
	fv_init(&fv);
	step s = { .action = form_get(req, "aksi", NULL, NULL) };
	const char *state = json_string_value(json_object_get(r, "state"));
	if (s.action != NULL && strcmp(s.action, "perpanjang") == 0)
		s.reason = fv_text(&fv, req, "alasan", 4000, "kip_desk.reason_required", false);
	if (s.action != NULL && strcmp(s.action, "putuskan") == 0)
		read_decision(&fv, req, &s);
	else
		s.next = kip_next_state(state, s.action, NULL);
	if (s.action != NULL && strcmp(s.action, "putuskan") == 0 && !kip_state_open(state))
		s.next = NULL;
	if (s.next == NULL && fv_ok(&fv)) {
		json_decref(s.costs);
		json_decref(r);
		json_decref(fv_model(&fv));
		pg->status = 409;
		pg->error = "kip_desk.step_not_now";
		return;
	}
	if (!fv_ok(&fv)) {
		json_decref(s.costs);
		kip_case_show(req, pg, c, r, &fv, 422);
		return;
	}
	rc = apply(c, req, r, &s);
	json_decref(s.costs);
	const char *slug = request_param(req, "no");
	json_decref(r);
	json_decref(fv_model(&fv));
	if (rc == DB_DONE) {
		pg->status = 409;
		pg->error = "kip_desk.step_not_now";
		return;
	}
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	page_redirect(pg, 303, arena_printf(req->arena, "/ppid/%s?pesan=%s", slug, s.action));
}

int kip_case_grant(db *c, request *req, json_t *r, const char *given, const char *medium, kip_step_hook also,
                   void *ctx)
{
	step s = { .action = "putuskan", .next = "dikabulkan", .given = given, .medium = medium,
	           .costs = json_array(), .also = also, .ctx = ctx };
	int rc = kip_state_open(json_string_value(json_object_get(r, "state"))) ? apply(c, req, r, &s) : DB_DONE;
	json_decref(s.costs);
	return rc;
}
