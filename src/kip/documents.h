/*
 * documents.h - the documents a PPID releases with a decision, and their
 * blacked-out parts (documents.c, documents_web.c).
 */
#ifndef TERBUKA_KIP_DOCUMENTS_H
#define TERBUKA_KIP_DOCUMENTS_H

#include <jansson.h>
#include <stdbool.h>

#include "app.h"
#include "core/arena.h"
#include "core/buf.h"
#include "db/db.h"
#include "view/pdf.h"

/* One document as it is given out: a file released as it is (file_hash),
 * or a text with its marked spans and their notes ([{n, ground,
 * ground_label, reason, id}], owned by the caller). For the public copy
 * text has every redacted span replaced by bars and spans say where the
 * bars are; held (the PPID's view) keeps the text as held, spans marking
 * what is removed. */
typedef struct kip_copy {
	const char *title;
	const char *file_hash;
	const char *text;
	pdf_span *spans;
	size_t n;
	json_t *notes;
} kip_copy;

/* Request request_id's documents as rows (id, title, body, file_hash,
 * mime, size), oldest first. */
int kip_documents_rows(db *c, int64_t request_id, json_t **rows);

/* The copy of one kip_documents row (its id, title, body, file_hash). */
int kip_copy_of(db *c, arena *a, json_t *doc, bool held, kip_copy *d);

/* Request request_id's documents for a page: [{id, title, file} or {id,
 * title, segments, notes, redacted, pdf_url}]; pdf_url is copy_url, the
 * document's id and copy_tail, and absent when copy_url is NULL. */
int kip_documents_of(db *c, arena *a, int64_t request_id, const char *copy_url, const char *copy_tail, bool held,
                     json_t **out);

/* The public copy of a text document as an A4 PDF (d from kip_copy_of,
 * not held). 0, or -1 with *why for the log. */
int kip_copy_pdf(arena *a, const kip_copy *d, const char *footer, buf *out, const char **why);

/* The written notice as an A4 PDF: r is the request's row with its
 * decision columns, agency_name and decided_by_name; addressee the
 * requester's name or NULL for the public copy; docs from
 * kip_documents_of (public). 0, or -1 with *why. */
int kip_notice_pdf(db *c, arena *a, json_t *r, const char *addressee, json_t *docs, buf *out, const char **why);

/* The attachments of a decided request's mail: the notice, then each
 * document's public copy or file, while they fit. */
int kip_decision_mail(db *c, request *req, json_t *r, const char *subject, const char *body);

/* Routes (documents_web.c). */
void kip_document_add(request *req, page *pg);
void kip_document_redact(request *req, page *pg);
void kip_document_unredact(request *req, page *pg);
void kip_document_remove(request *req, page *pg);
void kip_notice_pdf_page(request *req, page *pg);
void kip_document_pdf_page(request *req, page *pg);
void kip_document_copy_page(request *req, page *pg);

#endif
