/*
 * formview.c - see formview.h.
 */
#include "view/formview.h"

#include <stdio.h>
#include <string.h>

#include "core/str.h"
#include "http/form.h"
#include "view/locale.h"

void fv_init(formview *fv)
{
	fv->values = json_object();
	fv->errors = json_array();
	fv->error = json_object();
}

void fv_keep(formview *fv, const char *field, const char *value)
{
	json_object_set_new(fv->values, field, json_string(value ? value : ""));
}

void fv_fail(formview *fv, const char *field, const char *message_key)
{
	if (json_object_get(fv->error, field) != NULL)
		return;
	const char *message = locale_get(message_key);
	json_object_set_new(fv->error, field, json_string(message));
	json_array_append_new(fv->errors, json_pack("{s:s, s:s}", "field", field, "message", message));
}

void fv_fail_n(formview *fv, const char *field, const char *message_key, size_t n)
{
	if (json_object_get(fv->error, field) != NULL)
		return;
	const char *message = locale_get(message_key);
	const char *at = strstr(message, "{n}");
	char text[512];
	if (at == NULL || (size_t)(at - message) > 400) {
		fv_fail(fv, field, message_key);
		return;
	}
	snprintf(text, sizeof(text), "%.*s%zu%s", (int)(at - message), message, n, at + 3);
	json_object_set_new(fv->error, field, json_string(text));
	json_array_append_new(fv->errors, json_pack("{s:s, s:s}", "field", field, "message", text));
}

bool fv_ok(const formview *fv)
{
	return json_array_size(fv->errors) == 0;
}

json_t *fv_model(formview *fv)
{
	bool invalid = json_array_size(fv->errors) > 0;
	json_t *m = json_pack("{s:o, s:o, s:o, s:b}", "values", fv->values, "errors", fv->errors,
	                      "error", fv->error, "invalid", invalid);
	fv->values = fv->errors = fv->error = NULL;
	return m;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

const char *fv_text(formview *fv, const request *req, const char *field, size_t max_chars,
                    const char *required_key, bool secret)
{
	size_t len = 0;
	bool bad = false;
	const char *v = form_get(req, field, &len, &bad);
	if (v == NULL)
		v = "";
	if (!secret) {
		while (len > 0 && is_space(*v))
			v++, len--;
		while (len > 0 && is_space(v[len - 1]))
			len--;
	}
	char *text = arena_strndup(req->arena, v, len);
	if (text == NULL)
		return NULL;
	if (!secret)
		fv_keep(fv, field, text);
	if (bad)
		fv_fail(fv, field, "form.bad_text");
	else if (len == 0 && required_key != NULL)
		fv_fail(fv, field, required_key);
	else if (utf8_length(text, len) > max_chars)
		fv_fail_n(fv, field, "form.too_long", max_chars);
	return text;
}

json_t *fv_options(const char *prefix, const char *const *values, size_t n, const char *chosen)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		char k[80];
		snprintf(k, sizeof(k), "%s.%s", prefix, values[i]);
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", values[i], "label",
		                                   locale_get(k), "selected", strcmp(values[i], chosen) == 0));
	}
	return a;
}

void fv_choose(json_t *rows, const char *chosen)
{
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		const char *v = json_string_value(json_object_get(r, "value"));
		json_object_set_new(r, "selected", json_boolean(v != NULL && chosen != NULL && strcmp(v, chosen) == 0));
	}
}
