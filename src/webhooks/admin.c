/*
 * admin.c - /admin/webhook: the endpoints registered, each with its
 * events, whether it is on and how its last delivery went, and the form
 * for a new one. A new endpoint's page shows its secret, this once
 * (201); a wrong field comes back with the form kept (422) and writes
 * nothing.
 */
#include <sodium.h>

#include "accounts/accounts.h"
#include "core/log.h"
#include "view/locale.h"
#include "webhooks/webhooks_int.h"

static void show_list(request *req, page *pg, json_t *form, const bool events[WEBHOOK_NEVENTS], unsigned status)
{
	db *c = db_thread();
	json_t *rows = NULL;
	int rc = c ? webhooks_store_list(c, &rows) : DB_UNAVAILABLE;
	if (rc != DB_OK) {
		json_decref(rows);
		json_decref(form);
		page_db_error(req, pg, c, rc);
		return;
	}
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		webhooks_decorate_endpoint(req->arena, r);
	}
	json_t *m = json_object();
	json_object_set_new(m, "endpoints", rows);
	json_object_set_new(m, "has_endpoints", json_boolean(json_array_size(rows) > 0));
	json_object_set_new(m, "events", webhooks_event_choices(events));
	json_object_set_new(m, "is_new", json_true());
	json_object_set_new(m, "form_action", json_string("/admin/webhook"));
	json_object_set_new(m, "form", form ? form : json_pack("{s:{s:s}}", "values", "aktif", "1"));
	const char *flash = webhooks_flash(req);
	if (flash != NULL)
		json_object_set_new(m, "flash", json_string(flash));
	const char *csrf = accounts_csrf_token(req, pg->res);
	json_object_set_new(m, "csrf_token", csrf ? json_string(csrf) : json_null());
	pg->model = m;
	pg->template = "admin_webhooks";
	pg->title = locale_get("admin_webhooks.title");
	pg->status = status;
}

void webhooks_admin_page(request *req, page *pg)
{
	static const bool none[WEBHOOK_NEVENTS] = { false };
	show_list(req, pg, NULL, none, 200);
}

void webhooks_create_submit(request *req, page *pg)
{
	formview fv;
	fv_init(&fv);
	webhook_fields f;
	if (!webhooks_read_form(req, &fv, &f)) {
		json_decref(fv_model(&fv));
		page_fail(req, pg, "out of request memory");
		return;
	}
	if (!fv_ok(&fv)) {
		show_list(req, pg, fv_model(&fv), f.events, 422);
		return;
	}
	json_decref(fv_model(&fv));
	char secret[WEBHOOK_SECRET_MAX];
	webhooks_secret_new(secret);
	db *c = db_thread();
	int64_t id = 0;
	const account *me = accounts_current(req);
	int rc = c ? webhooks_store_create(c, &f, secret, me ? me->id : 0, &id) : DB_UNAVAILABLE;
	if (rc != DB_OK) {
		sodium_memzero(secret, sizeof(secret));
		page_db_error(req, pg, c, rc);
		return;
	}
	log_info("webhooks: endpoint %lld added by user %lld (request %s)", (long long)id, (long long)(me ? me->id : 0),
	         req->id);
	webhooks_show_endpoint(req, pg, c, id, NULL, secret, 201);
	sodium_memzero(secret, sizeof(secret));
}
