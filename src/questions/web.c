/*
 * web.c - the public question pages: the list with its filters and
 * orders, and one question with its answers and history. A question that
 * is not public (waiting for moderation, rejected, hidden after flags) is
 * shown only to its asker and to moderators.
 */
#include <stdio.h>
#include <string.h>

#include "accounts/accounts.h"
#include "agencies/agencies.h"
#include "core/clock.h"
#include "core/str.h"
#include "questions/moderate.h"
#include "questions/questions.h"
#include "questions/rules.h"
#include "questions/store.h"
#include "questions/view.h"
#include "questions/web.h"
#include "uploads/uploads.h"
#include "view/formview.h"
#include "view/locale.h"
#include "view/markdown.h"
#include "view/syndicate.h"

/* --- the list ----------------------------------------------------------- */

static const char *query(const request *req, const char *name)
{
	const char *v = http_params_get(&req->query, name);
	return v != NULL && strlen(v) <= 100 ? v : "";
}

static const char *const sorts[] = { "terbaru", "dukungan", "menunggu", "baru-dijawab" };
static const char *const state_filters[] = { "menunggu", "terlambat", "dijawab", "diteruskan", "ditutup" };

static void filter_from(const request *req, question_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->agency = query(req, "dinas");
	f->kecamatan = query(req, "kecamatan");
	f->state = "";
	const char *st = query(req, "status");
	for (size_t i = 0; i < sizeof(state_filters) / sizeof(state_filters[0]); i++)
		if (strcmp(st, state_filters[i]) == 0)
			f->state = state_filters[i];
	int64_t v = 0;
	if (str_to_i64(str_c(query(req, "program")), false, &v))
		f->program_id = v;
	const char *sort = query(req, "urut");
	f->sort = strcmp(sort, "dukungan") == 0 ? QSORT_VOTES : strcmp(sort, "menunggu") == 0 ? QSORT_WAITING :
	          strcmp(sort, "baru-dijawab") == 0 ? QSORT_ANSWERED : QSORT_NEWEST;
	f->limit = QUESTION_PAGE;
	const char *after = query(req, "setelah");
	const char *cut = strrchr(after, '_');
	int64_t id = 0;
	if (cut == NULL) {
		if (str_to_i64(str_c(after), false, &id) && f->sort != QSORT_VOTES && f->sort != QSORT_ANSWERED)
			f->after_id = id;
	} else if (str_to_i64(str_c(cut + 1), false, &id)) {
		str head = { after, (size_t)(cut - after) };
		if (f->sort == QSORT_VOTES && str_to_i64(head, false, &v)) {
			f->after_value = v;
			f->after_id = id;
		} else if (f->sort == QSORT_ANSWERED && head.n == 20) {
			f->after_text = arena_strndup(req->arena, after, head.n);
			f->after_id = f->after_text ? id : 0;
		}
	}
}

static int choices(db *c, const request *req, json_t *m)
{
	json_t *agencies = NULL, *kecamatan = NULL;
	int rc = agencies_choices(c, query(req, "dinas"), query(req, "kecamatan"), &agencies, &kecamatan);
	if (rc != DB_OK)
		return rc;
	const char *sort = query(req, "urut");
	json_object_set_new(m, "choices", json_pack("{s:o, s:o, s:o, s:o}", "agencies", agencies,
		"kecamatan", kecamatan,
		"states", fv_options("question_filter", state_filters, 5, query(req, "status")),
		"sorts", fv_options("question_sort", sorts, 4, sort[0] ? sort : "terbaru")));
	return DB_OK;
}

/* The query string of the filters (without the cursor), for links. */
static const char *filter_query(request *req)
{
	static const char *const keys[] = { "dinas", "kecamatan", "program", "status", "urut" };
	http_params p = { 0 };
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *v = query(req, keys[i]);
		if (v[0])
			http_params_add(req->arena, &p, keys[i], v, strlen(v));
	}
	return http_query_encode(req->arena, &p);
}

static const char *cursor_of(request *req, const question_filter *f, json_t *last)
{
	long long id = (long long)json_integer_value(json_object_get(last, "id"));
	if (f->sort == QSORT_VOTES)
		return arena_printf(req->arena, "%lld_%lld",
		                    (long long)json_integer_value(json_object_get(last, "votes")), id);
	if (f->sort == QSORT_ANSWERED)
		return arena_printf(req->arena, "%s_%lld",
		                    json_string_value(json_object_get(last, "answered_at")), id);
	return arena_printf(req->arena, "%lld", id);
}

void questions_index_page(request *req, page *pg)
{
	question_filter f;
	filter_from(req, &f);
	db *c = db_thread();
	json_t *rows = NULL;
	int64_t total = 0;
	calendar *cal = arena_alloc(req->arena, sizeof(*cal));
	int rc = c == NULL ? DB_UNAVAILABLE : cal == NULL ? DB_ERROR : questions_resolve(c, &f);
	if (rc == DB_OK)
		rc = calendar_load(c, cal);
	if (rc == DB_OK)
		rc = questions_list(c, &f, &rows);
	if (rc == DB_OK)
		rc = questions_count(c, &f, &total);
	json_t *m = json_object();
	if (rc == DB_OK)
		rc = choices(c, req, m);
	if (rc != DB_OK) {
		json_decref(rows);
		json_decref(m);
		page_db_error(req, pg, c, rc);
		return;
	}
	bool more = json_array_size(rows) > (size_t)f.limit;
	if (more)
		json_array_remove(rows, (size_t)f.limit);
	int64_t now = clock_now();
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		question_decorate(req->arena, r, cal, now);
	}
	const char *qs = filter_query(req);
	json_object_set_new(m, "questions", rows);
	json_object_set_new(m, "count", json_integer(total > QUESTION_COUNT_CAP ? QUESTION_COUNT_CAP : total));
	json_object_set_new(m, "count_capped", json_boolean(total > QUESTION_COUNT_CAP));
	json_object_set_new(m, "filtered", json_boolean(qs && qs[0]));
	if (more && qs != NULL)
		json_object_set_new(m, "next", json_string(arena_printf(req->arena, "/pertanyaan?%s%ssetelah=%s",
			qs, qs[0] ? "&" : "", cursor_of(req, &f, json_array_get(rows, json_array_size(rows) - 1)))));
	if (f.after_id != 0 && qs != NULL)
		json_object_set_new(m, "first", json_string(arena_printf(req->arena, "/pertanyaan%s%s", qs[0] ? "?" : "", qs)));
	pg->model = m;
	pg->title = locale_get("questions.title");
	syndicate_feed(m, "/pertanyaan/atom", locale_get("syndication.feed_answers"));
}

/* --- one question --------------------------------------------------------- */

/* May this visitor see a question that is not public? */
static bool may_see(const account *me, const json_t *q)
{
	if (json_integer_value(json_object_get(q, "listed")) != 0)
		return true;
	if (me == NULL)
		return false;
	return me->id == json_integer_value(json_object_get(q, "user_id")) ||
	       (me->roles & (ROLE_HUMAS | ROLE_ADMIN)) != 0;
}

/* The signed-in visitor's part of the page: what they did, what they may do. */
static int personal(request *req, db *c, const account *me, json_t *q, json_t *answers)
{
	int64_t id = json_integer_value(json_object_get(q, "id"));
	bool voted = false, following = false;
	json_t *ratings = NULL;
	int rc = questions_mine(c, id, me->id, &voted, &following, &ratings);
	if (rc != DB_OK)
		return rc;
	size_t i, k;
	json_t *s, *r;
	json_array_foreach(answers, i, s)
	{
		json_int_t aid = json_integer_value(json_object_get(s, "id"));
		json_array_foreach(ratings, k, r)
		{
			if (json_integer_value(json_object_get(r, "answer_id")) == aid)
				json_object_set(s, "my_stars", json_object_get(r, "stars"));
		}
		json_object_set_new(s, "can_rate", json_true());
	}
	json_decref(ratings);
	const char *state = json_string_value(json_object_get(q, "state"));
	bool asker = me->id == json_integer_value(json_object_get(q, "user_id"));
	int64_t agency = json_integer_value(json_object_get(q, "agency_id"));
	bool officer = agency != 0 && accounts_holds(me, ROLE_PETUGAS, agency) &&
	               question_state_public(state) && strcmp(state, "ditutup") != 0;
	bool answered = strcmp(state, "dijawab") == 0;
	json_object_set_new(q, "voted", json_boolean(voted));
	json_object_set_new(q, "following", json_boolean(following));
	json_object_set_new(q, "is_asker", json_boolean(asker));
	json_object_set_new(q, "can_reply", json_boolean(asker && question_state_public(state) &&
	                                                 strcmp(state, "ditutup") != 0));
	json_object_set_new(q, "can_judge", json_boolean(asker && answered));
	json_object_set_new(q, "can_reopen", json_boolean(asker && answered &&
		json_integer_value(json_object_get(q, "reopened")) == 0 &&
		json_is_integer(json_object_get(q, "satisfied")) &&
		json_integer_value(json_object_get(q, "satisfied")) == 0));
	json_object_set_new(q, "can_answer", json_boolean(officer));
	json_object_set_new(q, "can_vote", json_boolean(!asker && question_state_public(state)));
	if (officer) {
		json_t *agencies = NULL;
		rc = db_query_json(c, "SELECT slug AS value, name AS label FROM agencies WHERE id <> ? "
		                      "ORDER BY kind = 'kecamatan', sort_order, name",
		                   DB_ARGS(DB_INT(agency)), &agencies);
		if (rc != DB_OK)
			return rc;
		json_object_set_new(q, "forward_choices", agencies);
		json_object_set_new(q, "answer_url", json_string(arena_printf(req->arena,
			"/dinas/%s/pertanyaan/%lld/jawab", json_string_value(json_object_get(q, "agency")), (long long)id)));
		json_object_set_new(q, "forward_url", json_string(arena_printf(req->arena,
			"/dinas/%s/pertanyaan/%lld/teruskan", json_string_value(json_object_get(q, "agency")), (long long)id)));
	}
	return DB_OK;
}

int questions_detail_model(request *req, db *c, int64_t id, json_t **out)
{
	json_t *q = NULL, *answers = NULL, *events = NULL;
	calendar *cal = arena_alloc(req->arena, sizeof(*cal));
	if (cal == NULL)
		return DB_ERROR;
	int rc = questions_get(c, id, &q);
	if (rc != DB_ROW)
		return rc;
	const account *me = accounts_current(req);
	if (!may_see(me, q)) {
		json_decref(q);
		return DB_DONE;
	}
	rc = calendar_load(c, cal);
	if (rc == DB_OK)
		rc = questions_answers(c, id, &answers);
	if (rc == DB_OK)
		rc = questions_events(c, id, &events);
	if (rc == DB_OK && me != NULL)
		rc = personal(req, c, me, q, answers);
	if (rc == DB_OK) /* flag form, moderators' box: before decorate hides the asker */
		rc = questions_moderation_view(req, c, me, q);
	if (rc != DB_OK) {
		json_decref(q);
		json_decref(answers);
		json_decref(events);
		return rc;
	}
	json_object_set_new(q, "body_html", json_string(markdown_html(req->arena, json_string_value(json_object_get(q, "body")))));
	question_decorate_answers(req->arena, answers);
	rc = questions_answer_history(req, c, answers, json_string_value(json_object_get(q, "agency")),
	                              json_is_true(json_object_get(q, "can_answer")));
	if (rc != DB_OK) {
		json_decref(q);
		json_decref(answers);
		json_decref(events);
		return rc;
	}
	question_decorate_events(req->arena, events);
	const char *photo = json_string_value(json_object_get(q, "photo"));
	if (photo != NULL) {
		json_t *f = json_pack("{s:s, s:O, s:O}", "hash", photo, "mime", json_object_get(q, "photo_mime"),
		                      "size", json_object_get(q, "photo_size"));
		uploads_decorate(req->arena, f);
		json_object_set_new(q, "photo_file", f);
	}
	json_object_set_new(q, "answers_list", answers);
	json_object_set_new(q, "events", events);
	question_decorate(req->arena, q, cal, clock_now());
	json_object_del(q, "listed");
	json_object_del(q, "hold_reason");
	*out = q;
	return DB_ROW;
}

void questions_show_page(request *req, page *pg)
{
	db *c = db_thread();
	json_t *q = NULL;
	int rc = c ? questions_detail_model(req, c, request_param_id(req), &q) : DB_UNAVAILABLE;
	page_item(req, pg, c, rc, q, "question");
	/* news portals may embed it (site/oembed.h) */
	syndicate_oembed(req->arena, pg->model,
	                 json_string_value(json_object_get(json_object_get(pg->model, "question"), "url")));
}
