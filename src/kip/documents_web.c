/*
 * documents_web.c - the PPID prepares what is released, while the request
 * is open: POST /ppid/:no/dokumen adds a document (a file as it is, or a
 * text to black out parts of); .../dokumen/:doc/hitamkan blacks out every
 * occurrence of a phrase, with the ground of Pasal 17 and a reason;
 * .../kembalikan takes one blacked-out part back; .../hapus removes the
 * document. Once the notice is given the documents are fixed: they are
 * what the notice lists and the requester received.
 */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/str.h"
#include "http/form.h"
#include "kip/desk.h"
#include "kip/documents.h"
#include "kip/redact.h"
#include "kip/state.h"
#include "uploads/uploads.h"

#define BODY_MAX 200000 /* characters of a text document */

/* The open case for a change to its documents, or NULL when pg answers. */
static json_t *open_case(request *req, page *pg, db **c)
{
	json_t *r = kip_case_open(req, pg, c);
	if (r != NULL && !kip_state_open(json_string_value(json_object_get(r, "state")))) {
		json_decref(r);
		pg->status = 409;
		pg->error = "kip_doc.fixed";
		return NULL;
	}
	return r;
}

static void back(request *req, page *pg)
{
	page_redirect(pg, 303, arena_printf(req->arena, "/ppid/%s#dokumen", request_param(req, "no")));
}

static void done(request *req, page *pg, db *c, int rc, json_t *r, formview *fv)
{
	if (rc == DB_OK && fv_ok(fv)) {
		json_decref(r);
		json_decref(fv_model(fv));
		back(req, pg);
	} else if (rc == DB_OK) {
		kip_case_show(req, pg, c, r, fv, 422);
	} else {
		json_decref(r);
		json_decref(fv_model(fv));
		page_db_error(req, pg, c, rc);
	}
}

/* The uploaded file of field "berkas", stored; *hash NULL when none came. */
static int stored_file(db *c, request *req, formview *fv, upload *u, const char **hash)
{
	*hash = NULL;
	for (const http_file *f = req->files; f != NULL; f = f->next) {
		if (strcmp(f->field, "berkas") != 0 || (f->len == 0 && f->filename[0] == '\0'))
			continue;
		const char *key = NULL;
		int rc = uploads_store(c, f, false, u, &key);
		if (rc == DB_DONE)
			fv_fail_n(fv, "berkas", key, uploads_max() / (1024 * 1024));
		else if (rc == DB_OK)
			*hash = u->hash;
		return rc == DB_DONE ? DB_OK : rc;
	}
	return DB_OK;
}

void kip_document_add(request *req, page *pg)
{
	db *c;
	json_t *r = open_case(req, pg, &c);
	if (r == NULL)
		return;
	formview fv;
	fv_init(&fv);
	const char *title = fv_text(&fv, req, "judul", 200, "kip_doc.title_required", false);
	const char *body = fv_text(&fv, req, "teks", BODY_MAX, NULL, false);
	upload u;
	const char *hash = NULL;
	int rc = stored_file(c, req, &fv, &u, &hash);
	bool text = body != NULL && body[0];
	if (rc == DB_OK && fv_ok(&fv) && text == (hash != NULL))
		fv_fail(&fv, "teks", "kip_doc.one_content");
	if (rc == DB_OK && fv_ok(&fv)) {
		char at[CLOCK_ISO_LEN];
		clock_iso(at, clock_now());
		rc = db_exec(c, "INSERT INTO kip_documents (request_id, title, file_hash, body, created_by, created_at) "
		                "VALUES (?, ?, ?, ?, ?, ?)",
		             DB_ARGS(DB_INT(json_integer_value(json_object_get(r, "id"))), DB_TEXT(title),
		                     hash ? DB_TEXT(hash) : DB_NULL, text ? DB_TEXT(body) : DB_NULL,
		                     DB_INT(accounts_current(req)->id), DB_TEXT(at)), NULL);
	}
	done(req, pg, c, rc, r, &fv);
}

/* Document :doc of case r, with its body; DB_DONE when it is not r's. */
static int document(db *c, request *req, json_t *r, json_t **doc)
{
	int64_t id;
	const char *p = request_param(req, "doc");
	if (p == NULL || !str_to_i64(str_c(p), false, &id) || id <= 0)
		return DB_DONE;
	int rc = db_query_row_json(c, "SELECT id, body FROM kip_documents WHERE id = ? AND request_id = ?",
	                           DB_ARGS(DB_INT(id), DB_INT(json_integer_value(json_object_get(r, "id")))), doc);
	return rc == DB_ROW ? DB_OK : rc;
}

static bool case_and_document(request *req, page *pg, db **c, json_t **r, json_t **doc)
{
	*r = open_case(req, pg, c);
	if (*r == NULL)
		return false;
	int rc = document(*c, req, *r, doc);
	if (page_loaded(req, pg, *c, rc == DB_OK ? DB_ROW : rc))
		return true;
	json_decref(*r);
	return false;
}

/* DB_OK when n more spans fit on document doc (KIP_REDACT_MAX in all),
 * DB_DONE when they do not. */
static int room(db *c, json_t *doc, size_t n)
{
	json_t *row = NULL;
	int rc = db_query_row_json(c, "SELECT count(*) AS n FROM kip_redactions WHERE document_id = ?",
	                           DB_ARGS(DB_INT(json_integer_value(json_object_get(doc, "id")))), &row);
	if (rc != DB_ROW)
		return rc == DB_DONE ? DB_ERROR : rc;
	json_int_t have = json_integer_value(json_object_get(row, "n"));
	json_decref(row);
	return have + (json_int_t)n <= KIP_REDACT_MAX ? DB_OK : DB_DONE;
}

void kip_document_redact(request *req, page *pg)
{
	db *c;
	json_t *r, *doc;
	if (!case_and_document(req, pg, &c, &r, &doc))
		return;
	formview fv;
	fv_init(&fv);
	const char *phrase = fv_text(&fv, req, "frasa", 2000, "kip_doc.phrase_required", false);
	const char *ground = fv_text(&fv, req, "dasar", 1, "kip_doc.ground_required", false);
	const char *reason = fv_text(&fv, req, "alasan_hitam", 2000, "kip_doc.reason_required", false);
	if (ground != NULL && ground[0] && !(ground[0] >= 'a' && ground[0] <= 'j'))
		fv_fail(&fv, "dasar", "kip_doc.ground_required");
	const char *body = json_string_value(json_object_get(doc, "body"));
	pdf_span spans[KIP_REDACT_MAX];
	size_t n = 0;
	if (body == NULL)
		fv_fail(&fv, "frasa", "kip_doc.file_as_is");
	else if (fv_ok(&fv) && (n = kip_redact_find(body, phrase, spans, KIP_REDACT_MAX)) == 0)
		fv_fail(&fv, "frasa", "kip_doc.phrase_not_found");
	int rc = fv_ok(&fv) ? room(c, doc, n) : DB_OK;
	if (rc == DB_DONE) /* all of them or none: a part left would leak the rest */
		fv_fail_n(&fv, "frasa", "kip_doc.too_many", KIP_REDACT_MAX);
	if (rc == DB_DONE)
		rc = DB_OK;
	if (fv_ok(&fv) && rc == DB_OK)
		rc = db_begin(c, true);
	char at[CLOCK_ISO_LEN];
	clock_iso(at, clock_now());
	for (size_t i = 0; fv_ok(&fv) && rc == DB_OK && i < n; i++)
		rc = db_exec(c, "INSERT INTO kip_redactions (document_id, start_at, end_at, ground, reason, created_by, "
		                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		             DB_ARGS(DB_INT(json_integer_value(json_object_get(doc, "id"))), DB_INT(spans[i].start),
		                     DB_INT(spans[i].end), DB_TEXT(ground), DB_TEXT(reason),
		                     DB_INT(accounts_current(req)->id), DB_TEXT(at)), NULL);
	if (fv_ok(&fv) && rc == DB_OK)
		rc = db_commit(c);
	if (fv_ok(&fv) && rc != DB_OK)
		db_rollback(c);
	json_decref(doc);
	done(req, pg, c, rc, r, &fv);
}

/* A DELETE of one row of the case's document (bound to the id given, then
 * the document's id), back to the case. */
static void delete_one(request *req, page *pg, const char *sql, const char *field)
{
	db *c;
	json_t *r, *doc;
	if (!case_and_document(req, pg, &c, &r, &doc))
		return;
	formview fv;
	fv_init(&fv);
	int64_t id = json_integer_value(json_object_get(doc, "id")), which = id;
	const char *given = field ? form_get(req, field, NULL, NULL) : NULL;
	int rc = field == NULL || (given && str_to_i64(str_c(given), false, &which))
		? db_exec(c, sql, DB_ARGS(DB_INT(which), DB_INT(id)), NULL)
		: DB_OK; /* nothing named: nothing to take back */
	json_decref(doc);
	done(req, pg, c, rc, r, &fv);
}

void kip_document_unredact(request *req, page *pg)
{
	delete_one(req, pg, "DELETE FROM kip_redactions WHERE id = ? AND document_id = ?", "hitam");
}

void kip_document_remove(request *req, page *pg)
{
	/* the document itself: both binds are its id */
	delete_one(req, pg, "DELETE FROM kip_documents WHERE id = ? AND id = ?", NULL);
}
