/*
 * dip_files.c - the documents of a DIP item and its removal, by the PPID
 * who keeps it (dip_admin.c checks that): POST /ppid/dip/:id/berkas adds
 * a document (an upload, src/uploads/, with a title), POST
 * /ppid/dip/:id/berkas/hapus takes one off (the file itself stays: it is
 * stored by content and may be another item's too), POST
 * /ppid/dip/:id/hapus deletes the item. A request answered from a
 * deleted item keeps its notice, which names the item in words.
 */
#include <string.h>

#include "http/form.h"
#include "kip/dip.h"
#include "kip/kip.h"
#include "uploads/uploads.h"
#include "view/formview.h"

void kip_dip_delete_submit(request *req, page *pg)
{
	db *c;
	json_t *item = kip_dip_open(req, pg, &c);
	if (item == NULL)
		return;
	int64_t id = json_integer_value(json_object_get(item, "id"));
	json_decref(item);
	int rc = db_begin(c, true);
	if (rc == DB_OK)
		rc = dip_delete(c, id);
	if (rc == DB_OK)
		rc = db_commit(c);
	if (rc != DB_OK) {
		db_rollback(c);
		page_db_error(req, pg, c, rc);
		return;
	}
	page_redirect(pg, 303, "/ppid/dip?pesan=dihapus");
}

/* The file sent in field "berkas", stored; *stored false when none came. */
static int store(request *req, db *c, formview *fv, upload *up, bool *stored)
{
	*stored = false;
	for (const http_file *f = req->files; f != NULL; f = f->next) {
		if (strcmp(f->field, "berkas") != 0 || (f->len == 0 && f->filename[0] == '\0'))
			continue;
		const char *key = NULL;
		int rc = uploads_store(c, f, false, up, &key);
		if (rc == DB_DONE) {
			fv_fail_n(fv, "berkas", key, uploads_max() / (1024 * 1024));
			return DB_OK;
		}
		*stored = rc == DB_OK;
		return rc;
	}
	fv_fail(fv, "berkas", "kip_dip.file_required");
	return DB_OK;
}

void kip_dip_file_submit(request *req, page *pg)
{
	db *c;
	json_t *item = kip_dip_open(req, pg, &c);
	if (item == NULL)
		return;
	int64_t id = json_integer_value(json_object_get(item, "id"));
	formview fv;
	fv_init(&fv);
	const char *title = fv_text(&fv, req, "judul_berkas", 200, "kip_dip.file_title_required", false);
	upload up;
	bool stored = false;
	int rc = title && fv_ok(&fv) ? store(req, c, &fv, &up, &stored) : title ? DB_OK : DB_ERROR;
	if (rc == DB_OK && stored)
		rc = dip_attach(c, id, up.hash, title);
	if (rc != DB_OK) {
		json_decref(item);
		json_decref(fv_model(&fv));
		page_db_error(req, pg, c, rc);
		return;
	}
	if (!fv_ok(&fv)) { /* the item's form as it is, with the document's fields kept */
		kip_dip_form_fill(req->arena, &fv, item);
		kip_dip_form_show(req, pg, c, item, &fv, 422);
		return;
	}
	json_decref(item);
	json_decref(fv_model(&fv));
	page_redirect(pg, 303, arena_printf(req->arena, "/ppid/dip/%lld?pesan=berkas_ditambahkan#dokumen", (long long)id));
}

void kip_dip_file_remove_submit(request *req, page *pg)
{
	db *c;
	json_t *item = kip_dip_open(req, pg, &c);
	if (item == NULL)
		return;
	int64_t id = json_integer_value(json_object_get(item, "id"));
	json_decref(item);
	const char *hash = form_get(req, "berkas", NULL, NULL);
	int rc = hash && hash[0] ? dip_detach(c, id, hash) : DB_DONE;
	if (rc == DB_DONE) {
		page_not_found(pg);
		return;
	}
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	page_redirect(pg, 303, arena_printf(req->arena, "/ppid/dip/%lld?pesan=berkas_dihapus#dokumen", (long long)id));
}
