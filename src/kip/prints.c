/*
 * prints.c - the printable copies: GET /permohonan/:no/pemberitahuan.pdf,
 * the written notice of a decided request (public like the notice on the
 * request's page; addressed to the requester when the tracking code
 * comes with it), and GET /permohonan/:no/dokumen/:doc.pdf?kode=, the
 * public copy of a released text document for the requester. The PPID
 * sees the same copy at /ppid/:no/dokumen/:doc/salinan before sending.
 */
#include <string.h>

#include "calendar/calendar.h"
#include "core/clock.h"
#include "core/str.h"
#include "kip/desk.h"
#include "kip/documents.h"
#include "kip/state.h"
#include "kip/store.h"

static const char *today(arena *a)
{
	int y, m, d;
	calendar_civil(calendar_wib_day(clock_now()), &y, &m, &d);
	return arena_printf(a, "%04d-%02d-%02d", y, m, d);
}

static void send_pdf(request *req, page *pg, buf *b, const char *name, bool personal)
{
	response_set_buf(pg->res, 200, "application/pdf", b);
	response_header(pg->res, "Content-Disposition", arena_printf(req->arena, "inline; filename=\"%s\"", name));
	if (personal) {
		response_header(pg->res, "Cache-Control", "private, no-store");
		pg->res->no_referrer = true;
	}
	pg->raw = true;
}

/* The request of :no with what a notice needs; NULL when pg answers. */
static json_t *request_of(request *req, page *pg, db *c)
{
	char number[32];
	json_t *r = NULL;
	if (!kip_number_of_slug(request_param(req, "no"), number)) {
		page_not_found(pg);
		return NULL;
	}
	int rc = c ? db_query_row_json(c,
		"SELECT r.*, a.name AS agency_name, u.display_name AS decided_by_name FROM kip_requests r "
		"LEFT JOIN agencies a ON a.id = r.agency_id LEFT JOIN users u ON u.id = r.decided_by WHERE r.number = ?",
		DB_ARGS(DB_TEXT(number)), &r) : DB_UNAVAILABLE;
	return page_loaded(req, pg, c, rc) ? r : NULL;
}

static bool code_ok(request *req, json_t *r)
{
	return kip_code_matches(http_params_get(&req->query, "kode"),
	                        json_string_value(json_object_get(r, "tracking_hash")));
}

void kip_notice_pdf_page(request *req, page *pg)
{
	db *c = db_thread();
	json_t *r = request_of(req, pg, c), *docs = NULL;
	if (r == NULL)
		return;
	if (kip_state_open(json_string_value(json_object_get(r, "state")))) {
		json_decref(r);
		page_not_found(pg); /* no notice yet */
		return;
	}
	bool mine = code_ok(req, r);
	kip_decorate(req->arena, r, today(req->arena));
	int rc = kip_documents_of(c, req->arena, json_integer_value(json_object_get(r, "id")), NULL, NULL, false, &docs);
	buf b = { 0 };
	const char *why = NULL;
	if (rc == DB_OK &&
	    kip_notice_pdf(c, req->arena, r, mine ? json_string_value(json_object_get(r, "requester_name")) : NULL,
	                   docs, &b, &why) != 0) {
		page_fail(req, pg, why);
	} else if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
	} else {
		send_pdf(req, pg, &b, "pemberitahuan-tertulis.pdf", mine);
		buf_free(&b);
	}
	json_decref(docs);
	json_decref(r);
}

static void document_pdf(request *req, page *pg, bool desk)
{
	db *c = db_thread();
	json_t *r = desk ? kip_case_open(req, pg, &c) : request_of(req, pg, c);
	if (r == NULL)
		return;
	if (!desk && !code_ok(req, r)) {
		json_decref(r);
		pg->status = 403;
		pg->error = "kip_request.wrong_code";
		return;
	}
	int64_t id = 0;
	json_t *doc = NULL;
	const char *p = request_param(req, "doc");
	int rc = p && str_to_i64(str_c(p), false, &id)
		? db_query_row_json(c, "SELECT id, title, body, file_hash FROM kip_documents WHERE id = ? AND request_id = ? "
		                       "AND body IS NOT NULL",
		                    DB_ARGS(DB_INT(id), DB_INT(json_integer_value(json_object_get(r, "id")))), &doc)
		: DB_DONE;
	kip_copy d = { 0 };
	if (rc == DB_ROW)
		rc = kip_copy_of(c, req->arena, doc, false, &d);
	buf b = { 0 };
	const char *why = NULL;
	if (rc == DB_DONE)
		page_not_found(pg);
	else if (rc != DB_OK)
		page_db_error(req, pg, c, rc);
	else if (kip_copy_pdf(req->arena, &d, json_string_value(json_object_get(r, "number")), &b, &why) != 0)
		page_fail(req, pg, why);
	else
		send_pdf(req, pg, &b, arena_printf(req->arena, "dokumen-%lld.pdf", (long long)id), true);
	buf_free(&b);
	json_decref(d.notes);
	json_decref(doc);
	json_decref(r);
}

void kip_document_pdf_page(request *req, page *pg)
{
	document_pdf(req, pg, false);
}

void kip_document_copy_page(request *req, page *pg)
{
	document_pdf(req, pg, true);
}
