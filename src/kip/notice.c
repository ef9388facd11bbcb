/*
 * notice.c - the written notice of a decided request (pemberitahuan
 * tertulis, UU 14/2008 Pasal 22 ayat 7) as the pages show it: whether the
 * information is held and if not who holds it, accepted or refused with
 * the ground of Pasal 17 and its consequence test, what is given and what
 * is withheld and why, medium and format, costs item by item and how to
 * pay. Built from the request's row; nothing is stored twice.
 */
#include <string.h>

#include "calendar/calendar.h"
#include "kip/desk.h"
#include "kip/state.h"
#include "programs/rules.h"
#include "view/format.h"
#include "view/locale.h"

static json_t *text_or_null(json_t *row, const char *key)
{
	const char *v = json_string_value(json_object_get(row, key));
	return v && v[0] ? json_string(v) : json_null();
}

/* The costs column ([{"item", "amount"}]) with labels, and their total. */
static json_t *costs(arena *a, json_t *row, int64_t *total)
{
	json_t *items = json_array();
	*total = 0;
	const char *stored = json_string_value(json_object_get(row, "costs"));
	json_t *list = stored ? json_loads(stored, 0, NULL) : NULL;
	size_t i;
	json_t *it;
	json_array_foreach(list, i, it)
	{
		int64_t amount = json_integer_value(json_object_get(it, "amount"));
		const char *shown = rupiah_format(a, amount);
		*total += amount;
		json_array_append_new(items, json_pack("{s:O, s:I, s:s}", "item", json_object_get(it, "item"),
		                                       "amount", (json_int_t)amount, "amount_label", shown ? shown : ""));
	}
	json_decref(list);
	return items;
}

json_t *kip_notice(arena *a, json_t *row)
{
	const char *state = json_string_value(json_object_get(row, "state"));
	if (state == NULL || kip_state_open(state))
		return NULL;
	char key[64];
	const char *ground = json_string_value(json_object_get(row, "exemption"));
	json_t *exemption = json_null();
	if (ground != NULL) {
		snprintf(key, sizeof(key), "kip_exemption.%s", ground);
		exemption = json_pack("{s:s, s:s}", "letter", ground, "text", locale_get(key));
	}
	snprintf(key, sizeof(key), "kip_state.%s", state);
	int64_t total = 0;
	json_t *items = costs(a, row, &total);
	const char *total_label = rupiah_format(a, total);
	const char *when = format_time_wib(a, json_string_value(json_object_get(row, "decided_at")));
	return json_pack("{s:s, s:s, s:b, s:b, s:b, s:b, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:s, s:o, s:o, s:s?, s:o}",
		"decision", state, "decision_label", locale_get(key),
		"held", strcmp(state, "tidak_dikuasai") != 0,
		"granted", strcmp(state, "dikabulkan") == 0 || strcmp(state, "dikabulkan_sebagian") == 0,
		"partly", strcmp(state, "dikabulkan_sebagian") == 0,
		"refused", strcmp(state, "ditolak") == 0,
		"holder_body", text_or_null(row, "holder_body"),
		"exemption", exemption,
		"consequence_test", text_or_null(row, "consequence_test"),
		"given", text_or_null(row, "given"),
		"withheld", text_or_null(row, "withheld"),
		"medium", text_or_null(row, "medium"),
		"costs", items, "free", total == 0, "total_label", total_label ? total_label : "",
		"payment", text_or_null(row, "payment"),
		"decided_by", text_or_null(row, "decided_by_name"),
		"decided_at_label", when,
		"extension_reason", text_or_null(row, "extension_reason"));
}
