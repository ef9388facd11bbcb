/*
 * moderate_view.c - what moderation looks like: the queue page (held
 * questions, unrouted ones, hidden content with its open flags), and what
 * the question page adds (the flag form, a notice when the page is not
 * public, and the moderators' box). Moderators see the asker's name even
 * when the asker hid it from the public; nobody else ever does.
 */
#include <stdio.h>
#include <string.h>

#include "questions/moderate.h"
#include "questions/questions.h"
#include "questions/rules.h"
#include "questions/view.h"
#include "questions/web.h"
#include "view/format.h"
#include "view/locale.h"
#include "view/markdown.h"

bool moderation_is_moderator(const account *me)
{
	return me != NULL && (me->roles & (ROLE_HUMAS | ROLE_ADMIN)) != 0;
}

static const char *text(const json_t *row, const char *key)
{
	const char *s = json_string_value(json_object_get(row, key));
	return s ? s : "";
}

static void set_label(json_t *row, const char *out, const char *prefix, const char *value)
{
	char k[96];
	snprintf(k, sizeof(k), "%s.%s", prefix, value);
	const char *t = locale_get(k);
	json_object_set_new(row, out, json_string(t == k ? value : t));
}

/* What kind of personal data the moderator should look for. */
static void personal_kind(json_t *r)
{
	const char *title = text(r, "title"), *body = text(r, "body");
	const char *kind = question_personal_data(title, strlen(title));
	if (kind == NULL)
		kind = question_personal_data(body, strlen(body));
	if (kind != NULL)
		set_label(r, "personal_label", "moderation.personal", kind);
}

static void decorate_question(arena *a, json_t *r)
{
	json_int_t id = json_integer_value(json_object_get(r, "id"));
	const char *hold = json_string_value(json_object_get(r, "hold_reason"));
	json_object_set_new(r, "url", json_string(question_url(a, id, text(r, "title"))));
	json_object_set_new(r, "anchor", json_string(arena_printf(a, "q%lld", (long long)id)));
	json_object_set_new(r, "decide_base", json_string(arena_printf(a, "/moderasi/%lld", (long long)id)));
	set_label(r, "state_label", "question_state", text(r, "state"));
	if (hold != NULL) {
		set_label(r, "hold_label", "question_reason", hold);
		json_object_set_new(r, "personal", json_boolean(strcmp(hold, "data_pribadi") == 0));
		personal_kind(r);
	}
	json_object_set_new(r, "anonymous", json_boolean(json_integer_value(json_object_get(r, "anonymous")) != 0));
	json_object_set_new(r, "unrouted", json_boolean(json_object_get(r, "agency") == NULL ||
	                                                json_is_null(json_object_get(r, "agency"))));
	if (json_is_true(json_object_get(r, "unrouted")))
		json_object_set_new(r, "agency_name", json_string(locale_get("questions.unrouted")));
	const char *created = format_date(a, text(r, "created_at"));
	if (created != NULL)
		json_object_set_new(r, "created_label", json_string(created));
	json_object_set_new(r, "body_html", json_string(markdown_html(a, text(r, "body"))));
	json_object_del(r, "body");
}

static void decorate_answer(arena *a, json_t *r)
{
	json_int_t id = json_integer_value(json_object_get(r, "id"));
	json_int_t qid = json_integer_value(json_object_get(r, "question_id"));
	json_object_set_new(r, "anchor", json_string(arena_printf(a, "j%lld", (long long)id)));
	json_object_set_new(r, "decide_base", json_string(arena_printf(a, "/moderasi/jawaban/%lld", (long long)id)));
	json_object_set_new(r, "question_url", json_string(question_url(a, qid, text(r, "question_title"))));
	const char *created = format_date(a, text(r, "created_at"));
	if (created != NULL)
		json_object_set_new(r, "created_label", json_string(created));
	json_object_set_new(r, "body_html", json_string(markdown_html(a, text(r, "body"))));
	json_object_del(r, "body");
}

/* Puts each target's open flags ([{reason, reason_label, n}]) on its row. */
static void attach_flags(json_t *rows, json_t *flags)
{
	size_t i, k;
	json_t *r, *f;
	json_array_foreach(rows, i, r)
	{
		json_int_t id = json_integer_value(json_object_get(r, "id"));
		json_t *mine = json_array();
		json_int_t total = 0;
		json_array_foreach(flags, k, f)
		{
			if (json_integer_value(json_object_get(f, "target_id")) != id)
				continue;
			json_t *g = json_pack("{s:O, s:O}", "reason", json_object_get(f, "reason"), "n", json_object_get(f, "n"));
			set_label(g, "reason_label", "question_reason", text(f, "reason"));
			total += json_integer_value(json_object_get(f, "n"));
			json_array_append_new(mine, g);
		}
		json_object_set_new(r, "flags", mine);
		json_object_set_new(r, "flags_total", json_integer(total));
	}
}

static int agency_choices(db *c, json_t **out)
{
	return db_query_json(c, "SELECT slug AS value, name AS label FROM agencies "
	                        "ORDER BY kind = 'kecamatan', sort_order, name", DB_NOARGS, out);
}

/* The lists of the queue, decorated, into m. */
static int queue_lists(request *req, db *c, json_t *m)
{
	json_t *held = NULL, *unrouted = NULL, *fq = NULL, *fa = NULL, *qflags = NULL, *aflags = NULL;
	int rc = moderation_held(c, MODERATION_QUEUE_MAX, &held);
	if (rc == DB_OK)
		rc = moderation_unrouted(c, MODERATION_QUEUE_MAX, &unrouted);
	if (rc == DB_OK)
		rc = moderation_flagged_questions(c, MODERATION_QUEUE_MAX, &fq);
	if (rc == DB_OK)
		rc = moderation_flagged_answers(c, MODERATION_QUEUE_MAX, &fa);
	if (rc == DB_OK)
		rc = moderation_open_flags(c, "question", &qflags);
	if (rc == DB_OK)
		rc = moderation_open_flags(c, "answer", &aflags);
	if (rc == DB_OK) {
		json_t *lists[3] = { held, unrouted, fq };
		size_t i;
		json_t *r;
		for (int k = 0; k < 3; k++) {
			json_array_foreach(lists[k], i, r)
			{
				decorate_question(req->arena, r);
			}
		}
		json_array_foreach(fa, i, r)
		{
			decorate_answer(req->arena, r);
		}
		attach_flags(fq, qflags);
		attach_flags(fa, aflags);
		json_object_set(m, "held", held);
		json_object_set(m, "unrouted", unrouted);
		json_object_set(m, "flagged_questions", fq);
		json_object_set(m, "flagged_answers", fa);
	}
	json_decref(held);
	json_decref(unrouted);
	json_decref(fq);
	json_decref(fa);
	json_decref(qflags);
	json_decref(aflags);
	return rc;
}

static int queue_model(request *req, db *c, json_t **out)
{
	json_t *m = json_object(), *agencies = NULL;
	int64_t n[4] = { 0, 0, 0, 0 };
	bool premoderation = true;
	int threshold = FLAG_THRESHOLD_DEFAULT;
	int rc = queue_lists(req, c, m);
	if (rc == DB_OK)
		rc = moderation_counts(c, n);
	if (rc == DB_OK)
		rc = moderation_settings(c, &premoderation, &threshold);
	if (rc == DB_OK)
		rc = agency_choices(c, &agencies);
	if (rc != DB_OK) {
		json_decref(m);
		return rc;
	}
	json_object_set_new(m, "agencies", agencies);
	json_object_set_new(m, "counts", json_pack("{s:I, s:I, s:I, s:I, s:I}", "held", (json_int_t)n[0],
		"unrouted", (json_int_t)n[1], "flagged_questions", (json_int_t)n[2], "flagged_answers", (json_int_t)n[3],
		"total", (json_int_t)(n[0] + n[1] + n[2] + n[3])));
	json_object_set_new(m, "empty", json_boolean(n[0] + n[1] + n[2] + n[3] == 0));
	json_object_set_new(m, "settings", json_pack("{s:b, s:i}", "premoderation", premoderation,
	                                             "flag_threshold", threshold));
	*out = m;
	return DB_OK;
}

/* Readies a form's model for one item: the summary links to that form's
 * fields ("alasan-tolak-q12"; a 409 to the item itself), and "in" names
 * the form so its messages show beside it alone. */
static void form_for(arena *a, json_t *form, const char *name, const char *anchor)
{
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(form, "errors"), i, r)
	{
		const char *field = text(r, "field");
		const char *to = strcmp(field, "keputusan") == 0 ? arena_printf(a, "keputusan-%s", anchor)
		                                                  : arena_printf(a, "%s-%s-%s", field, name, anchor);
		if (to != NULL)
			json_object_set_new(r, "field", json_string(to));
	}
	json_object_set_new(form, "in", json_pack("{s:b}", name, 1));
	const char *reason = json_string_value(json_object_get(json_object_get(form, "values"), "alasan"));
	if (reason != NULL && reason[0])
		json_object_set_new(form, "picked", json_pack("{s:b}", reason, 1));
}

/* Sets "form_here" on the rows of array with this anchor. */
static void place_in(json_t *rows, json_t *form, const char *anchor)
{
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		if (strcmp(text(r, "anchor"), anchor) == 0)
			json_object_set(r, "form_here", form);
	}
}

static void show_queue(request *req, page *pg, db *c, json_t *form, const char *anchor, unsigned status)
{
	json_t *m = NULL;
	int rc = c ? queue_model(req, c, &m) : DB_UNAVAILABLE;
	if (rc != DB_OK) {
		json_decref(form);
		page_db_error(req, pg, c, rc);
		return;
	}
	if (form != NULL) {
		static const char *const lists[] = { "held", "unrouted", "flagged_questions", "flagged_answers" };
		for (size_t k = 0; k < sizeof(lists) / sizeof(lists[0]); k++)
			place_in(json_object_get(m, lists[k]), form, anchor);
		json_object_set_new(m, "form", form);
	}
	const char *flash = page_flash(req);
	if (flash != NULL)
		json_object_set_new(m, "flash", json_string(flash));
	const char *csrf = accounts_csrf_token(req, pg->res);
	json_object_set_new(m, "csrf_token", csrf ? json_string(csrf) : json_null());
	pg->model = m;
	pg->template = "moderation";
	pg->title = locale_get("moderation.title");
	pg->status = status;
}

void moderation_queue_page(request *req, page *pg)
{
	show_queue(req, pg, db_thread(), NULL, "", 200);
}

void moderation_queue_again(request *req, page *pg, db *c, formview *fv, const char *form,
                            const char *anchor, unsigned status)
{
	json_t *model = fv_model(fv);
	form_for(req->arena, model, form, anchor);
	show_queue(req, pg, c, model, anchor, status);
}

void moderation_question_again(request *req, page *pg, db *c, int64_t id, formview *fv,
                               const char *form, const char *anchor, unsigned status)
{
	questions_show_again(req, pg, c, id, fv, "moderate");
	json_t *model = json_object_get(pg->model, "form");
	json_t *box = json_object_get(json_object_get(pg->model, "question"), "moderation");
	if (pg->status != 422 || model == NULL)
		return; /* the question is gone (404), or the database failed */
	form_for(req->arena, model, form, anchor);
	if (strcmp(text(box, "anchor"), anchor) == 0)
		json_object_set(box, "form_here", model);
	place_in(json_object_get(box, "hidden_answers"), model, anchor);
	json_object_del(pg->model, "form_moderate");
	pg->status = status;
}

/* --- the question page ------------------------------------------------------- */

/* Why the page is not public, for whoever may see it (asker, moderators). */
static const char *page_notice(request *req, const json_t *q)
{
	const char *state = text(q, "state"), *hold = text(q, "hold_reason");
	if (strcmp(state, "moderasi") == 0)
		return locale_get(strcmp(hold, "data_pribadi") == 0 ? "moderation.notice_personal"
		                                                    : "moderation.notice_held");
	if (strcmp(state, "ditolak") == 0) {
		char k[96];
		snprintf(k, sizeof(k), "question_reason.%s", text(q, "close_reason"));
		const char *reason = locale_get(k);
		const char *names[] = { "alasan" }, *values[] = { reason == k ? text(q, "close_reason") : reason };
		return locale_fill(req->arena, "moderation.notice_rejected", names, values, 1);
	}
	if (json_integer_value(json_object_get(q, "hidden")) != 0)
		return locale_get("moderation.notice_hidden");
	return NULL;
}

static int hidden_answers(request *req, db *c, int64_t id, json_t **rows)
{
	int rc = db_query_json(c,
		"SELECT s.id, s.question_id, s.body, s.hidden, s.created_at, a.name AS agency_name, "
		"(SELECT count(*) FROM flags f WHERE f.kind = 'answer' AND f.target_id = s.id "
		"AND f.resolved_at IS NULL) AS open_flags FROM answers s JOIN agencies a ON a.id = s.agency_id "
		"WHERE s.question_id = ? AND s.hidden = 1 ORDER BY s.id", DB_ARGS(DB_INT(id)), rows);
	size_t i;
	json_t *r;
	json_array_foreach(*rows, i, r)
	{
		decorate_answer(req->arena, r);
	}
	return rc;
}

/* The moderators' box: what they may decide now, and the asker's name. */
static int moderator_box(request *req, db *c, json_t *q)
{
	int64_t id = json_integer_value(json_object_get(q, "id"));
	const char *state = text(q, "state");
	bool hidden = json_integer_value(json_object_get(q, "hidden")) != 0;
	bool public_state = question_state_public(state);
	bool closed = strcmp(state, "ditolak") == 0 || strcmp(state, "ditutup") == 0;
	int64_t open = 0;
	json_t *answers = NULL, *agencies = NULL;
	bool route = json_integer_value(json_object_get(q, "agency_id")) == 0 && !closed;
	int rc = moderation_open_count(c, "question", id, &open);
	if (rc == DB_OK)
		rc = hidden_answers(req, c, id, &answers);
	if (rc == DB_OK && route)
		rc = agency_choices(c, &agencies);
	if (rc != DB_OK) {
		json_decref(answers);
		return rc;
	}
	json_t *box = json_pack("{s:s, s:b, s:b, s:b, s:b, s:b, s:b, s:b, s:I, s:o}",
		"asker_name", text(q, "asker_name"),
		"anonymous", json_integer_value(json_object_get(q, "anonymous")) != 0,
		"can_approve", strcmp(state, "moderasi") == 0,
		"can_reject", strcmp(state, "ditolak") != 0,
		"can_duplicate", !closed,
		"can_route", route,
		"can_hide", public_state && (!hidden || open > 0),
		"can_restore", hidden,
		"open_flags", (json_int_t)open,
		"hidden_answers", answers);
	if (agencies != NULL)
		json_object_set_new(box, "agencies", agencies);
	json_object_set_new(box, "anchor", json_string(arena_printf(req->arena, "q%lld", (long long)id)));
	json_object_set_new(box, "decide_base", json_string(arena_printf(req->arena, "/moderasi/%lld", (long long)id)));
	json_object_set_new(box, "back", json_true());
	json_object_set_new(box, "has_hidden_answers", json_boolean(json_array_size(answers) > 0));
	json_object_set_new(q, "moderation", box);
	return DB_OK;
}

int questions_moderation_view(request *req, db *c, const account *me, json_t *q)
{
	const char *notice = page_notice(req, q);
	if (notice != NULL)
		json_object_set_new(q, "moderation_notice", json_string(notice));
	bool visible = json_integer_value(json_object_get(q, "listed")) != 0 &&
	               json_integer_value(json_object_get(q, "hidden")) == 0 &&
	               question_state_public(text(q, "state"));
	json_object_set_new(q, "can_flag", json_boolean(me != NULL && visible));
	return moderation_is_moderator(me) ? moderator_box(req, c, q) : DB_OK;
}
