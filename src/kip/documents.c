/*
 * documents.c - what a PPID releases with a decision (migration 017), as
 * the pages and the printed copies need it. A document is an uploaded
 * file released as it is, or a text with blacked-out spans; its public
 * copy is rebuilt from the text each time (redact.h), so the removed text
 * exists only in the row the PPID's desk reads.
 */
#include "kip/documents.h"

#include <stdio.h>
#include <string.h>

#include "kip/redact.h"
#include "uploads/uploads.h"
#include "view/locale.h"

/* The redactions of document id, merged, into d (spans and their notes). */
static int load_spans(db *c, int64_t id, const char *body, kip_copy *d)
{
	json_t *rows = NULL;
	int rc = db_query_json(c, "SELECT id, start_at, end_at, ground, reason FROM kip_redactions "
	                          "WHERE document_id = ? ORDER BY start_at, id",
	                       DB_ARGS(DB_INT(id)), &rows);
	if (rc != DB_OK)
		return rc;
	size_t i, n = 0, len = strlen(body);
	json_t *r;
	int which[KIP_REDACT_MAX];
	json_array_foreach(rows, i, r)
	{
		if (n == KIP_REDACT_MAX)
			break;
		d->spans[n].start = (size_t)json_integer_value(json_object_get(r, "start_at"));
		d->spans[n].end = (size_t)json_integer_value(json_object_get(r, "end_at"));
		which[n] = (int)i;
		n++;
	}
	rc = kip_redact_valid(body, len, d->spans, n) ? DB_OK : DB_ERROR; /* a damaged row: show nothing */
	d->n = rc == DB_OK ? kip_redact_merge(d->spans, which, n) : 0;
	d->notes = json_array();
	for (size_t k = 0; rc == DB_OK && k < d->n; k++) {
		json_t *row = json_array_get(rows, (size_t)which[k]);
		char key[32];
		snprintf(key, sizeof(key), "kip_exemption.%s", json_string_value(json_object_get(row, "ground")));
		json_array_append_new(d->notes, json_pack("{s:I, s:O, s:s, s:O, s:O}", "n", (json_int_t)(k + 1),
			"ground", json_object_get(row, "ground"), "ground_label", locale_get(key),
			"reason", json_object_get(row, "reason"), "id", json_object_get(row, "id")));
	}
	json_decref(rows);
	return rc;
}

int kip_copy_of(db *c, arena *a, json_t *doc, bool held, kip_copy *d)
{
	memset(d, 0, sizeof(*d));
	d->title = json_string_value(json_object_get(doc, "title"));
	const char *body = json_string_value(json_object_get(doc, "body"));
	if (body == NULL) {
		d->file_hash = json_string_value(json_object_get(doc, "file_hash"));
		return DB_OK;
	}
	d->spans = arena_calloc(a, KIP_REDACT_MAX, sizeof(*d->spans));
	if (d->spans == NULL)
		return DB_ERROR;
	int rc = load_spans(c, json_integer_value(json_object_get(doc, "id")), body, d);
	if (rc != DB_OK)
		return rc;
	if (held) {
		d->text = body;
		return DB_OK;
	}
	pdf_span *bars = arena_calloc(a, d->n ? d->n : 1, sizeof(*bars));
	d->text = bars ? kip_redact_public(a, body, d->spans, d->n, bars) : NULL;
	if (d->text == NULL)
		return DB_ERROR;
	memcpy(d->spans, bars, d->n * sizeof(*bars));
	return DB_OK;
}

/* The text cut at its spans, for a template: [{text}, {text, marked, note}]. */
static json_t *segments(arena *a, const kip_copy *d)
{
	json_t *out = json_array();
	size_t at = 0, len = strlen(d->text);
	for (size_t i = 0; i < d->n; i++) {
		if (d->spans[i].start > at)
			json_array_append_new(out, json_pack("{s:s%}", "text", d->text + at, d->spans[i].start - at));
		json_array_append_new(out, json_pack("{s:s%, s:b, s:s}", "text", d->text + d->spans[i].start,
			d->spans[i].end - d->spans[i].start, "marked", 1, "note", arena_printf(a, "%zu", i + 1)));
		at = d->spans[i].end;
	}
	if (at < len)
		json_array_append_new(out, json_pack("{s:s%}", "text", d->text + at, len - at));
	return out;
}

int kip_documents_rows(db *c, int64_t request_id, json_t **rows)
{
	return db_query_json(c, "SELECT d.id, d.title, d.body, d.file_hash, f.mime, f.size FROM kip_documents d "
	                        "LEFT JOIN files f ON f.hash = d.file_hash WHERE d.request_id = ? ORDER BY d.id",
	                     DB_ARGS(DB_INT(request_id)), rows);
}

int kip_documents_of(db *c, arena *a, int64_t request_id, const char *copy_url, const char *copy_tail, bool held,
                     json_t **out)
{
	json_t *rows = NULL;
	*out = NULL;
	int rc = kip_documents_rows(c, request_id, &rows);
	size_t i;
	json_t *doc;
	json_array_foreach(rows, i, doc)
	{
		if (rc != DB_OK)
			break;
		kip_copy d;
		rc = kip_copy_of(c, a, doc, held, &d);
		if (rc != DB_OK)
			break;
		json_int_t id = json_integer_value(json_object_get(doc, "id"));
		if (d.file_hash != NULL) {
			json_t *f = json_pack("{s:s, s:O, s:O}", "hash", d.file_hash, "mime", json_object_get(doc, "mime"),
			                      "size", json_object_get(doc, "size"));
			uploads_decorate(a, f);
			json_object_set_new(doc, "file", f);
		} else {
			json_object_set_new(doc, "is_text", json_true());
			json_object_set_new(doc, "segments", segments(a, &d));
			size_t k;
			json_t *note;
			json_array_foreach(d.notes, k, note)
				json_object_set_new(note, "doc_id", json_integer(id));
			json_object_set_new(doc, "notes", d.notes);
			json_object_set_new(doc, "redacted", json_integer((json_int_t)d.n));
			if (copy_url != NULL)
				json_object_set_new(doc, "pdf_url", json_string(arena_printf(a, "%s%lld%s", copy_url, (long long)id,
				                                                                copy_tail ? copy_tail : "")));
		}
		json_object_del(doc, "body");
	}
	if (rc != DB_OK) {
		json_decref(rows);
		return rc;
	}
	*out = rows;
	return DB_OK;
}

int kip_copy_pdf(arena *a, const kip_copy *d, const char *footer, buf *out, const char **why)
{
	pdf *p = pdf_begin(a, d->title, footer);
	pdf_title(p, d->title);
	const char **notes = arena_calloc(a, d->n ? d->n : 1, sizeof(*notes));
	for (size_t i = 0; notes != NULL && i < d->n; i++)
		notes[i] = arena_printf(a, "%zu", i + 1);
	pdf_marked(p, d->text, d->spans, d->n, notes);
	if (d->n > 0) {
		pdf_heading(p, locale_get("kip_doc.redacted_parts"));
		size_t i;
		json_t *note;
		json_array_foreach(d->notes, i, note)
			pdf_note(p, arena_printf(a, "%lld. %s. %s", (long long)json_integer_value(json_object_get(note, "n")),
			                         json_string_value(json_object_get(note, "ground_label")),
			                         json_string_value(json_object_get(note, "reason"))));
	}
	return pdf_end(p, out, why);
}
