/*
 * request.c - /permohonan/baru: the form of a formal information request
 * (Perki 1/2021's fields), checked, filed (store.c), and the requester sent
 * to the receipt with the tracking code.
 */
#include <stdio.h>
#include <string.h>

#include "accounts/accounts.h"
#include "accounts/rules.h"
#include "accounts/secret.h"
#include "agencies/agencies.h"
#include "core/clock.h"
#include "http/form.h"
#include "kip/kip.h"
#include "kip/rules.h"
#include "kip/seal.h"
#include "kip/store.h"
#include "uploads/uploads.h"
#include "view/formview.h"
#include "view/locale.h"

#define MAIN_PPID "utama" /* the ppid field's value for the main PPID */

typedef struct request_form {
	kip_new n;
	char nik[17], phone[16], obtain[128];
	upload proxy;
	bool by_proxy;
} request_form;

static const char *text(formview *fv, const request *req, const char *field, size_t max,
                        const char *required)
{
	return fv_text(fv, req, field, max, required, false);
}

static const char *choice(formview *fv, const request *req, const char *field,
                          const char *const *list, size_t n, const char *message)
{
	const char *v = text(fv, req, field, 40, message);
	if (v != NULL && v[0] && !kip_one_of(v, list, n))
		fv_fail(fv, field, message);
	return v;
}

/* The ways to obtain the information: one checkbox each ("memperoleh_<way>"). */
static void obtain_ways(formview *fv, const request *req, request_form *f)
{
	size_t o = 0;
	for (size_t i = 0; i < KIP_OBTAIN_WAYS; i++) {
		char field[48];
		snprintf(field, sizeof(field), "memperoleh_%s", kip_obtain_ways[i]);
		const char *v = form_get(req, field, NULL, NULL);
		if (v == NULL || v[0] == '\0')
			continue;
		fv_keep(fv, field, "1");
		o += (size_t)snprintf(f->obtain + o, sizeof(f->obtain) - o, "%s%s", o ? "," : "", kip_obtain_ways[i]);
	}
	if (o == 0)
		fv_fail(fv, "memperoleh_melihat", "kip_request.obtain_required");
}

static void identity(formview *fv, const request *req, request_form *f)
{
	kip_new *n = &f->n;
	n->requester_kind = choice(fv, req, "jenis_pemohon", kip_requester_kinds, KIP_REQUESTER_KINDS,
	                           "kip_request.kind_required");
	n->name = text(fv, req, "nama", 200, "kip_request.name_required");
	n->id_type = choice(fv, req, "jenis_identitas", kip_id_types, KIP_ID_TYPES, "kip_request.id_type_required");
	n->id_number = text(fv, req, "nomor_identitas", 40, "kip_request.id_number_required");
	if (n->id_type && strcmp(n->id_type, "ktp") == 0 && n->id_number && n->id_number[0]) {
		if (!kip_nik_valid(n->id_number, f->nik))
			fv_fail(fv, "nomor_identitas", "kip_request.nik_invalid");
		else
			n->id_number = f->nik;
	}
	if (n->requester_kind && strcmp(n->requester_kind, "perorangan") == 0 && n->id_type &&
	    strcmp(n->id_type, "badan_hukum") == 0)
		fv_fail(fv, "jenis_identitas", "kip_request.id_type_person");
	n->address = text(fv, req, "alamat", 500, "kip_request.address_required");
	n->phone = text(fv, req, "telepon", 30, "kip_request.phone_required");
	if (n->phone && n->phone[0]) {
		if (!kip_phone_valid(n->phone, f->phone))
			fv_fail(fv, "telepon", "kip_request.phone_invalid");
		else
			n->phone = f->phone;
	}
	n->email = text(fv, req, "email", 254, "kip_request.email_required");
	if (n->email && n->email[0] && !email_valid(n->email, strlen(n->email)))
		fv_fail(fv, "email", "kip_request.email_invalid");
	n->occupation = text(fv, req, "pekerjaan", 100, NULL);
}

/* The PPID addressed: a department by slug, or the main PPID. */
static int addressee(db *c, formview *fv, const request *req, request_form *f)
{
	const char *ppid = text(fv, req, "ppid", 80, "kip_request.ppid_required");
	if (ppid == NULL || ppid[0] == '\0' || strcmp(ppid, MAIN_PPID) == 0)
		return DB_OK;
	int rc = agencies_id(c, ppid, &f->n.agency_id);
	if (rc == DB_DONE) {
		fv_fail(fv, "ppid", "kip_request.ppid_unknown");
		return DB_OK;
	}
	return rc == DB_ROW ? DB_OK : rc;
}

/* A request by proxy carries the power of attorney (a PDF or a photo). */
static int proxy_letter(db *c, formview *fv, const request *req, request_form *f)
{
	const char *kuasa = form_get(req, "kuasa", NULL, NULL);
	f->by_proxy = kuasa != NULL && kuasa[0];
	if (!f->by_proxy)
		return DB_OK;
	fv_keep(fv, "kuasa", "1");
	for (const http_file *file = req->files; file != NULL; file = file->next) {
		if (strcmp(file->field, "surat_kuasa") != 0 || (file->len == 0 && file->filename[0] == '\0'))
			continue;
		const char *key = NULL;
		int rc = uploads_store(c, file, false, &f->proxy, &key);
		if (rc == DB_DONE) {
			fv_fail_n(fv, "surat_kuasa", key, uploads_max() / (1024 * 1024));
			return DB_OK;
		}
		if (rc != DB_OK)
			return rc;
		f->n.proxy_file = f->proxy.hash;
		return DB_OK;
	}
	fv_fail(fv, "surat_kuasa", "kip_request.proxy_letter_required");
	return DB_OK;
}

static int read_form(request *req, db *c, formview *fv, request_form *f)
{
	memset(f, 0, sizeof(*f));
	identity(fv, req, f);
	int rc = addressee(c, fv, req, f);
	f->n.subject = text(fv, req, "perihal", 200, "kip_request.subject_required");
	f->n.details = text(fv, req, "rincian", 5000, "kip_request.details_required");
	f->n.purpose = text(fv, req, "tujuan", 2000, "kip_request.purpose_required");
	obtain_ways(fv, req, f);
	f->n.obtain = f->obtain;
	f->n.delivery = choice(fv, req, "cara_mendapatkan", kip_delivery_ways, KIP_DELIVERY_WAYS,
	                       "kip_request.delivery_required");
	const char *key = text(fv, req, "kunci", 64, NULL);
	f->n.form_key = key && key[0] ? key : NULL;
	if (rc == DB_OK && fv_ok(fv))
		rc = proxy_letter(c, fv, req, f); /* a file is kept only for a form that is otherwise right */
	if (!f->n.requester_kind || !f->n.name || !f->n.id_type || !f->n.id_number || !f->n.address ||
	    !f->n.phone || !f->n.email || !f->n.occupation || !f->n.subject || !f->n.details ||
	    !f->n.purpose || !f->n.delivery)
		return DB_ERROR; /* the request's memory ran out */
	return rc;
}

static json_t *options(const char *prefix, const char *const *values, size_t n, const char *chosen)
{
	return fv_options(prefix, values, n, chosen ? chosen : "");
}

/* The form page, with fv's values and messages. */
static void show_form(request *req, page *pg, db *c, formview *fv, unsigned status)
{
	const account *me = accounts_current(req);
	json_t *v = fv->values;
	if (json_object_get(v, "kunci") == NULL) {
		unsigned char raw[TOKEN_BYTES];
		char key[TOKEN_TEXT];
		token_new(raw, key);
		fv_keep(fv, "kunci", key);
		if (me != NULL) { /* a first visit: what the account already says */
			fv_keep(fv, "nama", me->name);
			fv_keep(fv, "email", me->email);
		}
	}
	const char *ppid = json_string_value(json_object_get(v, "ppid"));
	json_t *departments = NULL, *districts = NULL;
	int rc = agencies_choices(c, ppid ? ppid : "", "", &departments, &districts);
	json_decref(districts);
	if (rc != DB_OK) {
		json_decref(fv_model(fv));
		page_db_error(req, pg, c, rc);
		return;
	}
	json_t *m = json_pack("{s:o, s:b, s:o, s:o, s:o, s:o}", "departments", departments,
		"main_ppid", ppid == NULL || ppid[0] == '\0' || strcmp(ppid, MAIN_PPID) == 0,
		"kinds", options("kip_request.kinds", kip_requester_kinds, KIP_REQUESTER_KINDS,
		                 json_string_value(json_object_get(v, "jenis_pemohon"))),
		"id_types", options("kip_request.id_types", kip_id_types, KIP_ID_TYPES,
		                    json_string_value(json_object_get(v, "jenis_identitas"))),
		"obtain", options("kip_request.obtain", kip_obtain_ways, KIP_OBTAIN_WAYS, ""),
		"delivery", options("kip_request.delivery", kip_delivery_ways, KIP_DELIVERY_WAYS,
		                    json_string_value(json_object_get(v, "cara_mendapatkan"))));
	size_t i;
	json_t *way;
	json_array_foreach(json_object_get(m, "obtain"), i, way)
	{
		char field[48];
		snprintf(field, sizeof(field), "memperoleh_%s", json_string_value(json_object_get(way, "value")));
		json_object_set_new(way, "field", json_string(field));
		json_object_set_new(way, "selected", json_boolean(json_object_get(v, field) != NULL));
	}
	json_object_set_new(m, "form", fv_model(fv));
	const char *csrf = accounts_csrf_token(req, pg->res);
	json_object_set_new(m, "csrf_token", csrf ? json_string(csrf) : json_null());
	json_object_set_new(m, "max_upload_mb", json_integer((json_int_t)(uploads_max() / (1024 * 1024))));
	pg->model = m;
	pg->template = "kip_new";
	pg->title = locale_get("kip_request.title");
	pg->status = status;
	pg->per_visitor = true;
}

void kip_new_page(request *req, page *pg)
{
	db *c = db_thread();
	if (c == NULL) {
		page_db_error(req, pg, c, DB_UNAVAILABLE);
		return;
	}
	formview fv;
	fv_init(&fv);
	show_form(req, pg, c, &fv, 200);
}

void kip_new_submit(request *req, page *pg)
{
	db *c = db_thread();
	if (c == NULL) {
		page_db_error(req, pg, c, DB_UNAVAILABLE);
		return;
	}
	formview fv;
	fv_init(&fv);
	request_form f;
	int rc = read_form(req, c, &fv, &f);
	if (rc != DB_OK) {
		json_decref(fv_model(&fv));
		page_db_error(req, pg, c, rc);
		return;
	}
	if (!fv_ok(&fv)) {
		show_form(req, pg, c, &fv, 422);
		return;
	}
	const account *me = accounts_current(req);
	f.n.user_id = me ? me->id : 0;
	kip_filed filed;
	rc = kip_store_file(c, req->arena, &f.n, clock_now(), &filed);
	if (rc == DB_DONE) {
		json_decref(fv_model(&fv));
		page_redirect(pg, 303, arena_printf(req->arena, "/permohonan/%s?pesan=sudah_terkirim", filed.slug));
		return;
	}
	if (rc != DB_OK) {
		json_decref(fv_model(&fv));
		page_db_error(req, pg, c, rc);
		return;
	}
	json_decref(fv_model(&fv));
	page_redirect(pg, 303, arena_printf(req->arena, "/permohonan/%s?kode=%s&pesan=terkirim", filed.slug,
	                                    filed.code));
}
