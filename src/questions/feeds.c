/*
 * feeds.c - the Atom feeds of official answers (see feeds.h): the newest
 * of every department, and one department's.
 *
 * An entry is one official answer: titled with its question, linking the
 * answer on the question's page, by the answering department, with an
 * excerpt of the answer as its summary and of the question and the answer
 * as its content. Only listed questions (approved, not refused, not hidden
 * after flags) and answers that are not hidden are read, so moderation
 * takes an entry out of the feed with the page cache's next version. The
 * asker is never read. An answer is never edited, so an entry's published
 * and updated times are both when it was given, and the feeds are newest
 * first by that time.
 */
#include "questions/feeds.h"

#include <string.h>

#include "agencies/agencies.h"
#include "core/buf.h"
#include "questions/view.h"
#include "site/site.h"
#include "view/atom.h"
#include "view/excerpt.h"
#include "view/locale.h"
#include "view/syndicate.h"

#define SUMMARY_CHARS 280
#define QUESTION_CHARS 400
#define ANSWER_CHARS 1200

#define ANSWER_SQL \
	"SELECT s.id, s.question_id, s.body, s.created_at, a.name AS agency_name, q.title, " \
	"q.body AS question_body FROM answers s JOIN questions q ON q.id = s.question_id " \
	"JOIN agencies a ON a.id = s.agency_id WHERE q.listed = 1 AND q.hidden = 0 AND s.hidden = 0 "

static const char *text_of(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : "";
}

/* "<p><strong>label</strong> text</p>", escaped, appended to b. */
static void paragraph(buf *b, const char *label, const char *text)
{
	label = label ? label : "";
	text = text ? text : "";
	buf_puts(b, "<p><strong>");
	buf_append_html(b, label, strlen(label));
	buf_puts(b, "</strong> ");
	buf_append_html(b, text, strlen(text));
	buf_puts(b, "</p>");
}

static void entry(arena *a, buf *out, json_t *r)
{
	json_int_t id = json_integer_value(json_object_get(r, "id"));
	json_int_t qid = json_integer_value(json_object_get(r, "question_id"));
	const char *qurl = question_url(a, qid, text_of(r, "title"));
	const char *link = qurl ? arena_printf(a, "%s#jawaban-%lld", qurl, (long long)id) : NULL;
	const char *agency = text_of(r, "agency_name");
	const char *names[] = { "agency" }, *values[] = { agency };
	buf html;
	buf_init(&html, 64 * 1024);
	paragraph(&html, locale_get("syndication.question_label"),
	          excerpt_plain(a, text_of(r, "question_body"), QUESTION_CHARS));
	paragraph(&html, locale_fill(a, "syndication.answer_label", names, values, 1),
	          excerpt_plain(a, text_of(r, "body"), ANSWER_CHARS));
	const char *content = buf_failed(&html) ? NULL : arena_strndup(a, html.data ? html.data : "", html.len);
	buf_free(&html);
	const char *made = text_of(r, "created_at");
	atom_entry e = {
		.id = syndicate_tag(a, made, arena_printf(a, "jawaban/%lld", (long long)id), link),
		.title = text_of(r, "title"),
		.published = made,
		.updated = made,
		.author = agency,
		.link = link,
		.summary = excerpt_plain(a, text_of(r, "body"), SUMMARY_CHARS),
		.content_html = content ? content : "",
	};
	atom_add(out, a, &e);
}

/* The feed of rows (newest first) as the answer to req. */
static void respond(request *req, page *pg, atom_feed *f, json_t *rows)
{
	buf b;
	buf_init(&b, ATOM_MAX);
	f->updated = atom_latest(rows, "created_at");
	atom_begin(&b, req->arena, f);
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
		entry(req->arena, &b, r);
	bool failed = arena_failed(req->arena);
	if (failed)
		buf_free(&b);
	if (failed || !atom_respond(&b, pg->res))
		page_fail(req, pg, "the answers' Atom feed is larger than its limit");
	else
		pg->raw = true;
}

void questions_feed_atom(request *req, page *pg)
{
	db *c = db_thread();
	json_t *rows = NULL;
	int rc = c ? db_query_json(c, ANSWER_SQL "ORDER BY s.created_at DESC, s.id DESC LIMIT ?",
	                           DB_ARGS(DB_INT(ATOM_ENTRIES)), &rows)
	           : DB_UNAVAILABLE;
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	json_t *site = site_settings();
	const char *names[] = { "site" }, *values[] = { text_of(site, "name") };
	atom_feed f = {
		.path = "/pertanyaan/atom",
		.page = "/pertanyaan",
		.title = locale_fill(req->arena, "syndication.answers_title", names, values, 1),
		.author = values[0],
	};
	respond(req, pg, &f, rows);
	json_decref(site);
	json_decref(rows);
}

void questions_agency_feed_atom(request *req, page *pg)
{
	db *c = db_thread();
	const char *slug = request_param(req, "slug");
	json_t *agency = NULL, *rows = NULL;
	int rc = c ? agencies_get(c, slug, &agency) : DB_UNAVAILABLE;
	if (rc == DB_OK && agency == NULL) {
		page_not_found(pg);
		return;
	}
	if (rc == DB_OK)
		rc = db_query_json(c, ANSWER_SQL "AND s.agency_id = ? ORDER BY s.created_at DESC, s.id DESC LIMIT ?",
		                   DB_ARGS(DB_INT(json_integer_value(json_object_get(agency, "id"))),
		                           DB_INT(ATOM_ENTRIES)), &rows);
	if (rc != DB_OK) {
		json_decref(agency);
		page_db_error(req, pg, c, rc);
		return;
	}
	json_t *site = site_settings();
	const char *name = text_of(agency, "name");
	const char *names[] = { "agency", "site" }, *values[] = { name, text_of(site, "name") };
	atom_feed f = {
		.path = arena_printf(req->arena, "/dinas/%s/atom", slug),
		.page = arena_printf(req->arena, "/dinas/%s", slug),
		.title = locale_fill(req->arena, "syndication.agency_answers_title", names, values, 2),
		.author = name,
	};
	respond(req, pg, &f, rows);
	json_decref(site);
	json_decref(agency);
	json_decref(rows);
}
