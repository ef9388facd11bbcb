/*
 * desk.c - the PPID's desk: /ppid lists the requests this PPID handles
 * (a department's PPID: its departments'; the main PPID: every one),
 * open ones first by their due day, the late and nearly due marked;
 * /ppid/:no is one case with the requester's identity opened from its
 * seal (each reading is logged in kip_personal_reads) and the forms of
 * the next steps (decide.c).
 */
#include <stdio.h>
#include <string.h>

#include "accounts/accounts.h"
#include "calendar/calendar.h"
#include "core/clock.h"
#include "kip/desk.h"
#include "kip/dip.h"
#include "kip/documents.h"
#include "kip/kip.h"
#include "kip/seal.h"
#include "kip/store.h"
#include "kip/state.h"
#include "view/format.h"
#include "view/formview.h"
#include "view/locale.h"

#define DESK_COLUMNS                                                                               \
	"r.id, r.year, r.seq, r.number, r.subject, r.state, r.received_on, r.notice_due, "          \
	"r.extended_due, r.agency_id, a.name AS agency_name "

bool kip_desk_main(const account *me)
{
	return accounts_holds(me, ROLE_PPID, 0);
}

bool kip_desk_handles(const account *me, int64_t agency_id)
{
	return kip_desk_main(me) || (agency_id != 0 && accounts_holds(me, ROLE_PPID, agency_id));
}

static const char *today_iso(arena *a)
{
	int y, m, d;
	calendar_civil(calendar_wib_day(clock_now()), &y, &m, &d);
	return arena_printf(a, "%04d-%02d-%02d", y, m, d);
}

void kip_desk_page(request *req, page *pg)
{
	const account *me = accounts_current(req);
	db *c = db_thread();
	static const char all[] = "SELECT " DESK_COLUMNS "FROM kip_requests r "
		"LEFT JOIN agencies a ON a.id = r.agency_id ORDER BY r.id DESC LIMIT 500";
	static const char mine[] = "SELECT " DESK_COLUMNS "FROM kip_requests r "
		"LEFT JOIN agencies a ON a.id = r.agency_id WHERE r.agency_id IN "
		"(SELECT agency_id FROM user_roles WHERE user_id = ? AND role = 'ppid') "
		"ORDER BY r.id DESC LIMIT 500";
	json_t *rows = NULL;
	int rc = c == NULL ? DB_UNAVAILABLE
	       : kip_desk_main(me) ? db_query_json(c, all, DB_NOARGS, &rows)
	                           : db_query_json(c, mine, DB_ARGS(DB_INT(me->id)), &rows);
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	json_t *open = json_array(), *closed = json_array();
	const char *today = today_iso(req->arena);
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		kip_decorate(req->arena, r, today);
		json_object_set_new(r, "desk_url", json_string(arena_printf(req->arena, "/ppid/%04d-%06d",
			(int)json_integer_value(json_object_get(r, "year")), (int)json_integer_value(json_object_get(r, "seq")))));
		json_array_append(json_is_true(json_object_get(r, "open")) ? open : closed, r);
	}
	json_decref(rows);
	pg->model = json_pack("{s:o, s:o, s:b, s:b}", "open", open, "closed", closed, "main",
	                      kip_desk_main(me), "nothing_open", json_array_size(open) == 0);
	pg->title = locale_get("kip_desk.title");
}

/* The requester's identity, opened from its seal for this PPID; the
 * reading is logged first (no log, no reading). */
static int identity(db *c, arena *a, const account *me, json_t *r)
{
	const char *number = json_string_value(json_object_get(r, "number"));
	if (json_is_string(json_object_get(r, "personal_purged_at"))) { /* nothing left to read */
		const char *when = format_time_wib(a, json_string_value(json_object_get(r, "personal_purged_at")));
		json_object_set_new(r, "purged_label", when ? json_string(when) : json_null());
		static const char *const sealed[] = { "id_number_enc", "address_enc", "phone_enc" };
		for (size_t i = 0; i < 3; i++)
			json_object_del(r, sealed[i]);
		return DB_OK;
	}
	char at[CLOCK_ISO_LEN];
	clock_iso(at, clock_now());
	int rc = db_exec(c, "INSERT INTO kip_personal_reads (request_id, user_id, at) VALUES (?, ?, ?)",
	                 DB_ARGS(DB_INT(json_integer_value(json_object_get(r, "id"))), DB_INT(me->id), DB_TEXT(at)),
	                 NULL);
	if (rc != DB_OK)
		return rc;
	static const char *const fields[][2] = {
		{ "id_number_enc", "id_number" }, { "address_enc", "address" }, { "phone_enc", "phone" },
	};
	for (size_t i = 0; i < 3; i++) {
		const char *sealed = json_string_value(json_object_get(r, fields[i][0]));
		const char *plain = sealed ? seal_open(a, sealed, number, fields[i][1]) : NULL;
		json_object_set_new(r, fields[i][1], plain ? json_string(plain) : json_null());
		json_object_set_new(r, arena_printf(a, "%s_unreadable", fields[i][1]),
		                    json_boolean(sealed != NULL && plain == NULL));
		json_object_del(r, fields[i][0]);
	}
	return DB_OK;
}

json_t *kip_case_open(request *req, page *pg, db **cp)
{
	db *c = *cp = db_thread();
	char number[32];
	if (!kip_number_of_slug(request_param(req, "no"), number)) {
		page_not_found(pg);
		return NULL;
	}
	json_t *r = NULL;
	int rc = c == NULL ? DB_UNAVAILABLE : db_query_row_json(c,
		"SELECT r.*, a.name AS agency_name, a.slug AS agency_slug, u.display_name AS decided_by_name "
		"FROM kip_requests r LEFT JOIN agencies a ON a.id = r.agency_id "
		"LEFT JOIN users u ON u.id = r.decided_by WHERE r.number = ?",
		DB_ARGS(DB_TEXT(number)), &r);
	if (!page_loaded(req, pg, c, rc))
		return NULL;
	if (!kip_desk_handles(accounts_current(req), json_integer_value(json_object_get(r, "agency_id")))) {
		json_decref(r);
		pg->status = 403;
		pg->error = "kip_desk.not_yours";
		return NULL;
	}
	json_object_del(r, "tracking_hash");
	json_object_del(r, "form_key");
	return r;
}

static const char *kept(formview *fv, const char *field)
{
	const char *v = json_string_value(json_object_get(fv->values, field));
	return v ? v : "";
}

/* The case page with fv's values and messages (from a step that came back). */
/* The sealed fields out of the row: the page says they can be opened. */
static void sealed_only(arena *a, json_t *r)
{
	static const char *const sealed[] = { "id_number_enc", "address_enc", "phone_enc" };
	for (size_t i = 0; i < 3; i++)
		json_object_del(r, sealed[i]);
	const char *purged = json_string_value(json_object_get(r, "personal_purged_at"));
	const char *when = purged ? format_time_wib(a, purged) : NULL;
	json_object_set_new(r, "sealed", json_boolean(purged == NULL));
	if (when != NULL)
		json_object_set_new(r, "purged_label", json_string(when));
}

void kip_case_show(request *req, page *pg, db *c, json_t *r, formview *fv, unsigned status)
{
	kip_case_show_as(req, pg, c, r, fv, status, false);
}

void kip_case_show_as(request *req, page *pg, db *c, json_t *r, formview *fv, unsigned status, bool reveal)
{
	const account *me = accounts_current(req);
	kip_decorate(req->arena, r, today_iso(req->arena));
	json_t *steps = NULL, *notice = NULL;
	int rc = DB_OK;
	if (reveal)
		rc = identity(c, req->arena, me, r);
	else
		sealed_only(req->arena, r);
	json_t *objection = NULL;
	if (rc == DB_OK)
		rc = kip_steps(c, req->arena, json_integer_value(json_object_get(r, "id")), &steps);
	if (rc == DB_OK)
		rc = kip_objection_of(c, req->arena, json_integer_value(json_object_get(r, "id")), true, &objection);
	json_t *docs = NULL;
	const char *no = request_param(req, "no");
	if (rc == DB_OK)
		rc = kip_documents_of(c, req->arena, json_integer_value(json_object_get(r, "id")),
		                      arena_printf(req->arena, "/ppid/%s/dokumen/", no), "/salinan", true, &docs);
	if (rc != DB_OK) {
		json_decref(objection);
		json_decref(steps);
		json_decref(r);
		json_decref(fv_model(fv));
		page_db_error(req, pg, c, rc);
		return;
	}
	notice = kip_notice(req->arena, r);
	if (notice != NULL)
		json_object_set_new(notice, "pdf_url", json_string(arena_printf(req->arena, "/permohonan/%s/pemberitahuan.pdf",
		                                                                request_param(req, "no"))));
	json_object_set_new(r, "desk_url", json_string(arena_printf(req->arena, "/ppid/%s", request_param(req, "no"))));
	const char *state = json_string_value(json_object_get(r, "state"));
	/* before fv_model, which empties fv (json_pack's arguments have no order) */
	json_t *decisions = fv_options("kip_state", kip_decisions, KIP_DECISIONS, kept(fv, "keputusan"));
	json_t *exemptions = fv_options("kip_exemption", kip_exemptions, KIP_EXEMPTIONS, kept(fv, "pengecualian"));
	json_t *letters = fv_options("kip_exemption", kip_exemptions, KIP_EXEMPTIONS, kept(fv, "dasar"));
	json_t *form = fv_model(fv);
	json_t *m = json_pack("{s:o, s:o, s:o?, s:b, s:b, s:b, s:o, s:o, s:o}", "request", r, "steps", steps,
		"notice", notice,
		"can_process", kip_next_state(state, "proses", NULL) != NULL,
		"can_extend", kip_next_state(state, "perpanjang", NULL) != NULL,
		"can_decide", kip_state_open(state),
		"decisions", decisions, "exemptions", exemptions, "form", form);
	bool answer = objection != NULL && !json_is_true(json_object_get(objection, "answered")) && kip_desk_main(me);
	json_object_set_new(m, "objection", objection ? objection : json_null());
	json_object_set_new(m, "can_answer_objection", json_boolean(answer));
	json_object_set_new(m, "documents", docs);
	json_object_set_new(m, "documents_open", json_boolean(kip_state_open(state)));
	json_object_set_new(m, "exemption_letters", letters);
	int dip = kip_dip_case(c, req->arena, r, m); /* answering from the DIP (dip_answer.c) */
	if (dip != DB_OK) {
		json_decref(m);
		page_db_error(req, pg, c, dip);
		return;
	}
	const char *csrf = accounts_csrf_token(req, pg->res);
	json_object_set_new(m, "csrf_token", csrf ? json_string(csrf) : json_null());
	pg->model = m;
	pg->template = "kip_case";
	pg->title = json_string_value(json_object_get(r, "number"));
	pg->status = status;
}

/* POST /ppid/:no/identitas: the case with the requester's identity opened
 * (a POST: the reading is a write of kip_personal_reads, never a side
 * effect of a GET that a prefetcher could make). */
void kip_case_reveal(request *req, page *pg)
{
	db *c;
	json_t *r = kip_case_open(req, pg, &c);
	if (r == NULL)
		return;
	formview fv;
	fv_init(&fv);
	kip_case_show_as(req, pg, c, r, &fv, 200, true);
}

void kip_case_page(request *req, page *pg)
{
	db *c;
	json_t *r = kip_case_open(req, pg, &c);
	if (r == NULL)
		return;
	formview fv;
	fv_init(&fv);
	kip_case_show(req, pg, c, r, &fv, 200);
}
