/*
 * view.c - see view.h.
 */
#include "live/view.h"

#include <stdio.h>
#include <string.h>

#include "view/format.h"
#include "view/locale.h"
#include "view/markdown.h"

static void time_label(arena *a, json_t *row, const char *key, const char *out)
{
	const char *iso = json_string_value(json_object_get(row, key));
	const char *text = iso ? format_time_wib(a, iso) : NULL;
	json_object_set_new(row, out, text ? json_string(text) : json_null());
}

void live_decorate_session(arena *a, json_t *s)
{
	long long id = (long long)json_integer_value(json_object_get(s, "id"));
	json_object_set_new(s, "url", json_string(arena_printf(a, "/sesi/%lld", id)));
	const char *state = json_string_value(json_object_get(s, "state"));
	char key[64];
	snprintf(key, sizeof(key), "live_state.%s", state ? state : "");
	json_object_set_new(s, "state_label", json_string(locale_get(key)));
	json_object_set_new(s, "is_live", json_boolean(state && strcmp(state, "berlangsung") == 0));
	json_object_set_new(s, "is_over", json_boolean(state && strcmp(state, "selesai") == 0));
	time_label(a, s, "starts_at", "starts_label");
	time_label(a, s, "ends_at", "ends_label");
	const char *desc = json_string_value(json_object_get(s, "description"));
	json_object_set_new(s, "description_html", json_string(markdown_html(a, desc)));
	/* only an http(s) link is shown as the stream's */
	const char *url = json_string_value(json_object_get(s, "stream_url"));
	bool web = url && (strncmp(url, "https://", 8) == 0 || strncmp(url, "http://", 7) == 0);
	json_object_set_new(s, "stream_link", web ? json_string(url) : json_null());
	json_object_set_new(s, "allow_anonymous", json_boolean(json_integer_value(json_object_get(s, "allow_anonymous"))));
	json_object_set_new(s, "premoderated", json_boolean(json_integer_value(json_object_get(s, "premoderated"))));
}

void live_decorate_sessions(arena *a, json_t *rows)
{
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		live_decorate_session(a, r);
	}
}

static bool in_list(json_t *mine, json_int_t id)
{
	size_t i;
	json_t *m;
	json_array_foreach(mine, i, m)
	{
		if (json_integer_value(json_object_get(m, "id")) == id)
			return true;
	}
	return false;
}

json_t *live_split(arena *a, json_t *questions, json_int_t current, json_t *mine)
{
	json_t *open = json_array(), *answered = json_array(), *now = json_null();
	size_t i;
	json_t *q;
	json_array_foreach(questions, i, q)
	{
		json_int_t id = json_integer_value(json_object_get(q, "id"));
		json_object_del(q, "participant");
		json_object_set_new(q, "voted", json_boolean(in_list(mine, id)));
		json_object_set_new(q, "is_current", json_boolean(id == current));
		json_object_set_new(q, "answered", json_boolean(json_integer_value(json_object_get(q, "answered"))));
		const char *name = json_string_value(json_object_get(q, "name"));
		if (name == NULL || name[0] == '\0')
			json_object_set_new(q, "name", json_string(locale_get("live.anonymous")));
		time_label(a, q, "answered_at", "answered_label");
		/* after the session: the department's question it became */
		json_int_t question = json_integer_value(json_object_get(q, "question_id"));
		json_object_set_new(q, "question_url", question ? json_string(arena_printf(a, "/pertanyaan/%lld",
		                    (long long)question)) : json_null());
		if (id == current)
			now = q;
		json_array_append(json_is_true(json_object_get(q, "answered")) ? answered : open, q);
	}
	return json_pack("{s:O, s:o, s:o}", "current", now, "open", open, "answered", answered);
}
