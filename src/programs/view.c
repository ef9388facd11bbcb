/*
 * view.c - see view.h.
 */
#include "programs/view.h"

#include <stdio.h>
#include <string.h>

#include "programs/rules.h"
#include "view/format.h"
#include "view/locale.h"

const char *program_url(arena *a, json_int_t id, const char *title)
{
	return format_id_slug(a, "/program", (long long)id, title);
}

static void label(json_t *row, const char *key, const char *prefix)
{
	const char *v = json_string_value(json_object_get(row, key));
	char k[64], out[80];
	snprintf(k, sizeof(k), "%s.%s", prefix, v ? v : "");
	snprintf(out, sizeof(out), "%s_label", key);
	const char *text = locale_get(k);
	json_object_set_new(row, out, json_string(text == k ? (v ? v : "") : text));
}

void program_decorate(arena *a, json_t *row)
{
	json_int_t id = json_integer_value(json_object_get(row, "id"));
	const char *title = json_string_value(json_object_get(row, "title"));
	json_object_set_new(row, "url", json_string(program_url(a, id, title)));
	label(row, "status", "program_status");
	if (json_object_get(row, "funding") != NULL)
		label(row, "funding", "funding");
	if (json_object_get(row, "level") != NULL)
		label(row, "level", "program_level");
	int64_t budget = json_integer_value(json_object_get(row, "budget"));
	int64_t real = json_integer_value(json_object_get(row, "realization"));
	json_object_set_new(row, "budget_label", json_string(rupiah_format(a, budget)));
	json_object_set_new(row, "budget_short", json_string(rupiah_short(a, budget)));
	json_object_set_new(row, "realization_label", json_string(rupiah_format(a, real)));
	json_object_set_new(row, "realization_short", json_string(rupiah_short(a, real)));
	json_object_set_new(row, "absorption", json_integer(budget > 0 ? (json_int_t)(real * 100 / budget) : 0));
	const char *status = json_string_value(json_object_get(row, "status"));
	json_object_set_new(row, "status_class", json_string(status ? status : ""));
	const char *start = json_string_value(json_object_get(row, "start_date"));
	const char *end = json_string_value(json_object_get(row, "end_date"));
	const char *s = format_date(a, start), *e = format_date(a, end);
	json_object_set_new(row, "start_label", s ? json_string(s) : json_null());
	json_object_set_new(row, "end_label", e ? json_string(e) : json_null());
}
