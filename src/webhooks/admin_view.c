/*
 * admin_view.c - what the webhook pages share (see webhooks_int.h): the
 * endpoint form and its checks, events and states in words, dates in WIB.
 */
#include <stdio.h>
#include <string.h>

#include "http/form.h"
#include "view/format.h"
#include "view/locale.h"
#include "webhooks/webhooks_int.h"

/* "question.answered" -> "admin_webhooks.<group>.question_answered". */
static const char *event_text(const char *group, const char *event, char key[96])
{
	int n = snprintf(key, 96, "admin_webhooks.%s.", group);
	for (const char *p = event; *p && n < 95; p++)
		key[n++] = *p == '.' ? '_' : *p;
	key[n] = '\0';
	const char *t = locale_get(key);
	return t == key ? event : t;
}

const char *webhooks_event_label(const char *event)
{
	char key[96];
	return event ? event_text("event", event, key) : "";
}

json_t *webhooks_event_choices(const bool chosen[WEBHOOK_NEVENTS])
{
	json_t *out = json_array();
	for (int i = 0; i < WEBHOOK_NEVENTS; i++) {
		char key[96], id[48];
		const char *e = webhooks_events[i];
		size_t n = 0;
		for (const char *p = e; *p && n + 1 < sizeof(id); p++)
			id[n++] = *p == '.' ? '-' : *p;
		id[n] = '\0';
		const char *label = webhooks_event_label(e);
		const char *hint = event_text("event_hint", e, key);
		json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s, s:b}", "name", e, "field_id", id, "label", label,
		                                     "hint", hint, "checked", chosen[i]));
	}
	return out;
}

static const char *url_message(enum webhook_url v)
{
	switch (v) {
	case WEBHOOK_URL_SCHEME: return "admin_webhooks.url_scheme";
	case WEBHOOK_URL_CREDENTIALS: return "admin_webhooks.url_credentials";
	case WEBHOOK_URL_LOCAL: return "admin_webhooks.url_local";
	case WEBHOOK_URL_SELF: return "admin_webhooks.url_self";
	case WEBHOOK_URL_BAD: return "admin_webhooks.url_invalid";
	case WEBHOOK_URL_OK: break;
	}
	return NULL;
}

bool webhooks_read_form(request *req, formview *fv, webhook_fields *f)
{
	memset(f, 0, sizeof(*f));
	f->url = fv_text(fv, req, "url", WEBHOOK_URL_MAX, "admin_webhooks.url_required", false);
	f->description = fv_text(fv, req, "keterangan", WEBHOOK_DESCRIPTION_MAX, NULL, false);
	if (f->url == NULL || f->description == NULL)
		return false;
	if (f->url[0] && json_object_get(fv->error, "url") == NULL) {
		const char *why = url_message(webhooks_url_check(f->url));
		if (why != NULL)
			fv_fail(fv, "url", why);
	}
	const char *on = form_get(req, "aktif", NULL, NULL);
	f->active = on != NULL && on[0];
	if (f->active)
		fv_keep(fv, "aktif", "1");
	bool any = false;
	for (int i = 0; i < WEBHOOK_NEVENTS; i++) {
		const char *v = form_get(req, webhooks_events[i], NULL, NULL);
		f->events[i] = v != NULL && v[0];
		any = any || f->events[i];
	}
	if (!any)
		fv_fail(fv, "peristiwa", "admin_webhooks.events_required");
	return true;
}

static const char *wib(arena *a, const json_t *row, const char *key)
{
	const char *s = format_time_wib(a, json_string_value(json_object_get(row, key)));
	return s ? s : "";
}

static const char *status_label(const char *status)
{
	char key[64];
	snprintf(key, sizeof(key), "admin_webhooks.status.%s", status ? status : "");
	const char *t = locale_get(key);
	return t == key ? "" : t;
}

void webhooks_decorate_endpoint(arena *a, json_t *row)
{
	const char *labels = "";
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(row, "events"), i, e)
	{
		const char *label = webhooks_event_label(json_string_value(e));
		labels = i == 0 ? label : labels ? arena_printf(a, "%s, %s", labels, label) : NULL;
	}
	json_object_set_new(row, "events_label", json_string(labels ? labels : ""));
	json_object_set_new(row, "active", json_boolean(json_integer_value(json_object_get(row, "active")) != 0));
	json_int_t id = json_integer_value(json_object_get(row, "id"));
	json_object_set_new(row, "edit_url", json_string(arena_printf(a, "/admin/webhook/%lld", (long long)id)));
	json_object_set_new(row, "secret_at_label", json_string(wib(a, row, "secret_at")));
	const char *last = json_string_value(json_object_get(row, "last_status"));
	if (last != NULL) {
		json_object_set_new(row, "last_label", json_string(status_label(last)));
		json_object_set_new(row, "last_at_label", json_string(wib(a, row, "last_at")));
		json_object_set_new(row, "last_failed", json_boolean(strcmp(last, "failed") == 0));
	}
}

void webhooks_decorate_log(arena *a, json_t *rows)
{
	size_t i, j;
	json_t *d, *t;
	json_array_foreach(rows, i, d)
	{
		const char *status = json_string_value(json_object_get(d, "status"));
		json_object_set_new(d, "event_label", json_string(webhooks_event_label(json_string_value(json_object_get(d, "event")))));
		json_object_set_new(d, "status_label", json_string(status_label(status)));
		json_object_set_new(d, "failed", json_boolean(status && strcmp(status, "failed") == 0));
		json_object_set_new(d, "created_at_label", json_string(wib(a, d, "created_at")));
		json_object_set_new(d, "has_tries", json_boolean(json_array_size(json_object_get(d, "tries")) > 0));
		json_array_foreach(json_object_get(d, "tries"), j, t)
		{
			json_int_t code = json_integer_value(json_object_get(t, "status_code"));
			bool ok = json_is_null(json_object_get(t, "error"));
			json_object_set_new(t, "ok", json_boolean(ok));
			json_object_set_new(t, "resend", json_boolean(json_integer_value(json_object_get(t, "resend")) != 0));
			json_object_set_new(t, "at_label", json_string(wib(a, t, "at")));
			json_object_set_new(t, "has_code", json_boolean(code > 0));
			/* "HTTP 500" says no more than the code shown beside it */
			const char *error = json_string_value(json_object_get(t, "error"));
			char plain[32];
			snprintf(plain, sizeof(plain), "HTTP %lld", (long long)code);
			if (error != NULL && strcmp(error, plain) != 0)
				json_object_set_new(t, "error_detail", json_string(error));
		}
	}
}

const char *webhooks_flash(const request *req)
{
	const char *key = http_params_get(&req->query, "pesan");
	if (key == NULL || strlen(key) > 40 || strspn(key, "abcdefghijklmnopqrstuvwxyz_") != strlen(key))
		return NULL;
	char full[80];
	snprintf(full, sizeof(full), "admin_webhooks.notice.%s", key);
	const char *text = locale_get(full);
	return text == full ? NULL : text;
}
