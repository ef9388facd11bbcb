/*
 * admin_endpoint.c - /admin/webhook/:id: one endpoint's form (address,
 * description, events, on or off), its secret (the last characters and
 * when it was made; a new one on request, shown once), the log of its
 * latest deliveries with every attempt and a button to send one again,
 * and deleting it. An id with no endpoint is a 404.
 */
#include <sodium.h>
#include <string.h>

#include "accounts/accounts.h"
#include "core/log.h"
#include "core/str.h"
#include "http/form.h"
#include "view/locale.h"
#include "webhooks/webhooks_int.h"

/* The endpoint's values as the form shows them before any change. */
static json_t *form_of(const json_t *row, bool events[WEBHOOK_NEVENTS])
{
	formview fv;
	fv_init(&fv);
	fv_keep(&fv, "url", json_string_value(json_object_get(row, "url")));
	fv_keep(&fv, "keterangan", json_string_value(json_object_get(row, "description")));
	if (json_is_true(json_object_get(row, "active")) || json_integer_value(json_object_get(row, "active")))
		fv_keep(&fv, "aktif", "1");
	for (int i = 0; i < WEBHOOK_NEVENTS; i++) {
		size_t j;
		json_t *e;
		events[i] = false;
		json_array_foreach(json_object_get(row, "events"), j, e)
		{
			events[i] = events[i] || strcmp(json_string_value(e), webhooks_events[i]) == 0;
		}
	}
	return fv_model(&fv);
}

/* The events ticked on a form that came back (its values hold them). */
static void events_of_request(request *req, bool events[WEBHOOK_NEVENTS])
{
	for (int i = 0; i < WEBHOOK_NEVENTS; i++) {
		const char *v = form_get(req, webhooks_events[i], NULL, NULL);
		events[i] = v != NULL && v[0];
	}
}

void webhooks_show_endpoint(request *req, page *pg, db *c, int64_t id, json_t *form, const char *secret,
                            unsigned status)
{
	json_t *row = NULL, *log = NULL;
	int rc = c ? webhooks_store_get(c, id, &row) : DB_UNAVAILABLE;
	if (rc == DB_ROW)
		rc = webhooks_store_log(c, id, &log);
	if (rc != DB_OK) {
		json_decref(row);
		json_decref(log);
		json_decref(form);
		if (rc == DB_DONE)
			page_not_found(pg);
		else
			page_db_error(req, pg, c, rc);
		return;
	}
	bool events[WEBHOOK_NEVENTS];
	json_t *saved = form_of(row, events);
	if (form != NULL) {
		json_decref(saved);
		events_of_request(req, events);
	} else {
		form = saved;
	}
	webhooks_decorate_endpoint(req->arena, row);
	webhooks_decorate_log(req->arena, log);
	json_t *m = json_object();
	json_object_set_new(m, "endpoint", row);
	json_object_set_new(m, "form", form);
	json_object_set_new(m, "events", webhooks_event_choices(events));
	json_object_set_new(m, "deliveries", log);
	json_object_set_new(m, "has_deliveries", json_boolean(json_array_size(log) > 0));
	const char *action = arena_printf(req->arena, "/admin/webhook/%lld", (long long)id);
	json_object_set_new(m, "action", json_string(action));
	json_object_set_new(m, "form_action", json_string(action));
	if (secret != NULL)
		json_object_set_new(m, "secret", json_string(secret));
	const char *flash = webhooks_flash(req);
	if (flash == NULL && secret != NULL)
		flash = locale_get(status == 201 ? "admin_webhooks.notice.dibuat" : "admin_webhooks.notice.rahasia_baru");
	if (flash != NULL)
		json_object_set_new(m, "flash", json_string(flash));
	const char *csrf = accounts_csrf_token(req, pg->res);
	json_object_set_new(m, "csrf_token", csrf ? json_string(csrf) : json_null());
	pg->model = m;
	pg->template = "admin_webhook";
	pg->title = locale_get("admin_webhooks.endpoint_title");
	pg->status = status;
}

void webhooks_endpoint_page(request *req, page *pg)
{
	webhooks_show_endpoint(req, pg, db_thread(), request_param_id(req), NULL, NULL, 200);
}

static void saved(request *req, page *pg, db *c, int rc, bool found, const char *notice)
{
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	if (!found) {
		page_not_found(pg);
		return;
	}
	page_redirect(pg, 303, arena_printf(req->arena, "/admin/webhook/%lld?pesan=%s", (long long)request_param_id(req),
	                                    notice));
}

void webhooks_update_submit(request *req, page *pg)
{
	int64_t id = request_param_id(req);
	formview fv;
	fv_init(&fv);
	webhook_fields f;
	if (!webhooks_read_form(req, &fv, &f)) {
		json_decref(fv_model(&fv));
		page_fail(req, pg, "out of request memory");
		return;
	}
	db *c = db_thread();
	if (!fv_ok(&fv)) {
		webhooks_show_endpoint(req, pg, c, id, fv_model(&fv), NULL, 422);
		return;
	}
	json_decref(fv_model(&fv));
	bool found = false;
	int rc = c ? webhooks_store_update(c, id, &f, &found) : DB_UNAVAILABLE;
	saved(req, pg, c, rc, found, "disimpan");
}

void webhooks_rotate_submit(request *req, page *pg)
{
	int64_t id = request_param_id(req);
	char secret[WEBHOOK_SECRET_MAX];
	webhooks_secret_new(secret);
	db *c = db_thread();
	bool found = false;
	int rc = c ? webhooks_store_rotate(c, id, secret, &found) : DB_UNAVAILABLE;
	if (rc == DB_OK && found) {
		log_info("webhooks: endpoint %lld has a new secret (request %s)", (long long)id, req->id);
		webhooks_show_endpoint(req, pg, c, id, NULL, secret, 200);
	} else {
		saved(req, pg, c, rc, found, "");
	}
	sodium_memzero(secret, sizeof(secret));
}

void webhooks_resend_submit(request *req, page *pg)
{
	int64_t id = request_param_id(req), delivery = 0;
	const char *v = form_get(req, "pengiriman", NULL, NULL);
	db *c = db_thread();
	bool found = false;
	int rc = DB_OK;
	if (v != NULL && str_to_i64(str_c(v), false, &delivery) && delivery > 0)
		rc = c ? webhooks_store_resend(c, id, delivery, &found) : DB_UNAVAILABLE;
	if (rc == DB_OK && !found) {
		pg->status = 404;
		pg->error = "admin_webhooks.delivery_unknown";
		return;
	}
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	page_redirect(pg, 303, arena_printf(req->arena, "/admin/webhook/%lld?pesan=dikirim_ulang#pengiriman-%lld",
	                                    (long long)id, (long long)delivery));
}

void webhooks_delete_submit(request *req, page *pg)
{
	int64_t id = request_param_id(req);
	db *c = db_thread();
	bool found = false;
	int rc = c ? webhooks_store_delete(c, id, &found) : DB_UNAVAILABLE;
	if (rc == DB_OK && found) {
		log_info("webhooks: endpoint %lld deleted (request %s)", (long long)id, req->id);
		page_redirect(pg, 303, "/admin/webhook?pesan=dihapus");
		return;
	}
	saved(req, pg, c, rc, found, "");
}
