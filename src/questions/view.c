/*
 * view.c - see view.h.
 */
#include "questions/view.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "programs/view.h"
#include "questions/rules.h"
#include "uploads/uploads.h"
#include "view/format.h"
#include "view/locale.h"
#include "view/markdown.h"

const char *question_url(arena *a, json_int_t id, const char *title)
{
	return format_id_slug(a, "/pertanyaan", (long long)id, title);
}

static void label(json_t *row, const char *key, const char *prefix, const char *out)
{
	const char *v = json_string_value(json_object_get(row, key));
	if (v == NULL)
		return;
	char k[80];
	snprintf(k, sizeof(k), "%s.%s", prefix, v);
	const char *text = locale_get(k);
	json_object_set_new(row, out, json_string(text == k ? v : text));
}

static void date_label(arena *a, json_t *row, const char *key, const char *out, bool with_time)
{
	const char *iso = json_string_value(json_object_get(row, key));
	const char *text = iso ? (with_time ? format_time_wib(a, iso) : format_date(a, iso)) : NULL;
	if (text != NULL)
		json_object_set_new(row, out, json_string(text));
}

/* Unix time of "2026-11-28T16:15:14Z" (0 when it is not one). */
static int64_t unix_of(const char *iso)
{
	int32_t day;
	int hh, mm, ss;
	if (!calendar_parse_day(iso, &day) || strlen(iso) < 20 ||
	    sscanf(iso + 11, "%2d:%2d:%2d", &hh, &mm, &ss) != 3)
		return 0;
	return (int64_t)day * 86400 + hh * 3600 + mm * 60 + ss;
}

void question_decorate(arena *a, json_t *q, const calendar *cal, int64_t now)
{
	json_int_t id = json_integer_value(json_object_get(q, "id"));
	json_object_set_new(q, "url", json_string(question_url(a, id, json_string_value(json_object_get(q, "title")))));
	label(q, "state", "question_state", "state_label");
	const char *state = json_string_value(json_object_get(q, "state"));
	bool anonymous = json_integer_value(json_object_get(q, "anonymous")) != 0;
	bool deleted = json_integer_value(json_object_get(q, "asker_deleted")) != 0;
	if (anonymous || deleted || json_object_get(q, "asker_name") == NULL)
		json_object_set_new(q, "asker_name", json_string(locale_get(
			deleted ? "questions.asker_deleted" : "questions.asker_hidden")));
	json_object_set_new(q, "anonymous", json_boolean(anonymous));
	json_object_del(q, "user_id");
	json_object_del(q, "asker_deleted");
	json_object_del(q, "form_key");
	date_label(a, q, "created_at", "created_label", false);
	date_label(a, q, "published_at", "published_label", false);
	date_label(a, q, "answered_at", "answered_label", false);
	date_label(a, q, "due_at", "due_label", true);
	int64_t due = unix_of(json_string_value(json_object_get(q, "due_at")));
	bool waiting = question_state_waiting(state);
	bool overdue = waiting && due > 0 && now > due;
	json_object_set_new(q, "waiting", json_boolean(waiting));
	json_object_set_new(q, "overdue", json_boolean(overdue));
	if (overdue) {
		int late = calendar_workdays_between(cal, due, now);
		json_object_set_new(q, "late_days", json_integer(late > 0 ? late : 0));
	}
	json_object_set_new(q, "answered", json_boolean(state && strcmp(state, "dijawab") == 0));
	const char *agency = json_string_value(json_object_get(q, "agency"));
	if (agency == NULL)
		json_object_set_new(q, "agency_name", json_string(locale_get("questions.unrouted")));
	json_int_t program = json_integer_value(json_object_get(q, "program_id"));
	if (program)
		json_object_set_new(q, "program_url", json_string(program_url(a, program,
			json_string_value(json_object_get(q, "program_title")))));
	json_int_t dup = json_integer_value(json_object_get(q, "duplicate_of"));
	if (dup)
		json_object_set_new(q, "duplicate_url", json_string(question_url(a, dup,
			json_string_value(json_object_get(q, "duplicate_title")))));
}

void question_decorate_events(arena *a, json_t *events)
{
	size_t i;
	json_t *e;
	json_array_foreach(events, i, e)
	{
		label(e, "kind", "question_event", "kind_label");
		label(e, "reason", "question_reason", "reason_label");
		date_label(a, e, "at", "at_label", true);
		const char *kind = json_string_value(json_object_get(e, "kind"));
		json_object_set_new(e, "is_reply", json_boolean(kind && strcmp(kind, "balasan") == 0));
		/* an explicit null, so that a template section on it does not find
		 * the question's own body_html further up */
		const char *body = json_string_value(json_object_get(e, "body"));
		json_object_set_new(e, "body_html", body ? json_string(markdown_html(a, body)) : json_null());
	}
}

void question_decorate_answers(arena *a, json_t *answers)
{
	size_t i, k;
	json_t *s, *f;
	json_array_foreach(answers, i, s)
	{
		json_object_set_new(s, "body_html", json_string(markdown_html(a, json_string_value(json_object_get(s, "body")))));
		date_label(a, s, "created_at", "created_label", true);
		json_int_t n = json_integer_value(json_object_get(s, "rating_count"));
		json_int_t sum = json_integer_value(json_object_get(s, "rating_sum"));
		if (n > 0)
			json_object_set_new(s, "rating_label", json_string(arena_printf(a, "%.1f", (double)sum / (double)n)));
		json_object_set_new(s, "field_report", json_boolean(json_integer_value(json_object_get(s, "field_report")) != 0));
		json_t *photos = json_array(), *docs = json_array();
		json_array_foreach(json_object_get(s, "files"), k, f)
		{
			json_array_append(uploads_decorate(a, f) ? photos : docs, f);
		}
		json_object_set_new(s, "has_photos", json_boolean(json_array_size(photos) > 0));
		json_object_set_new(s, "has_documents", json_boolean(json_array_size(docs) > 0));
		json_object_set_new(s, "photos", photos);
		json_object_set_new(s, "documents", docs);
		json_object_del(s, "files");
	}
}
