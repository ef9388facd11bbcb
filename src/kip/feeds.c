/*
 * feeds.c - the KIP register as an Atom feed (see feeds.h).
 *
 * An entry is one request, updated whenever its row is (a step, a
 * decision, a calendar change moving its days, its identity removed after
 * the retention period), so a reader sees a request again when its state
 * moves. Only the register's public columns are read: nothing of the
 * requester (name, identity, contacts, what they wrote beyond the subject)
 * is in the statement, so nothing of them can reach the feed. By the PPID
 * the request is addressed to.
 */
#include "kip/feeds.h"

#include <string.h>

#include "calendar/calendar.h"
#include "core/clock.h"
#include "kip/desk.h"
#include "site/site.h"
#include "view/atom.h"
#include "view/locale.h"
#include "view/syndicate.h"

#define REGISTER_SQL \
	"SELECT r.id, r.year, r.seq, r.number, r.subject, r.state, r.received_on, r.notice_due, " \
	"r.extended_due, r.created_at, r.updated_at, a.name AS agency_name FROM kip_requests r " \
	"LEFT JOIN agencies a ON a.id = r.agency_id ORDER BY r.updated_at DESC, r.id DESC LIMIT ?"

static const char *text_of(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : "";
}

static void entry(arena *a, buf *b, json_t *r)
{
	const char *path = text_of(r, "url"); /* "/permohonan/2026-000123" */
	const char *names[] = { "state", "agency", "received", "due" };
	const char *values[] = { text_of(r, "state_label"), text_of(r, "agency_name"),
	                         text_of(r, "received_on_label"), text_of(r, "due_label") };
	const char *key = json_is_true(json_object_get(r, "open")) ? "syndication.kip_summary_open"
	                                                           : "syndication.kip_summary";
	const char *summary = locale_fill(a, key, names, values, 4);
	if (summary != NULL && json_is_true(json_object_get(r, "late")))
		summary = arena_printf(a, "%s \xC2\xB7 %s", summary, locale_get("kip_register.late"));
	const char *tnames[] = { "number", "subject" };
	const char *tvalues[] = { text_of(r, "number"), text_of(r, "subject") };
	const char *made = text_of(r, "created_at");
	atom_entry e = {
		.id = syndicate_tag(a, made, path[0] ? path + 1 : "", path),
		.title = locale_fill(a, "syndication.kip_entry", tnames, tvalues, 2),
		.published = made,
		.updated = text_of(r, "updated_at"),
		.author = text_of(r, "agency_name"),
		.link = path,
		.summary = summary,
	};
	atom_add(b, a, &e);
}

void kip_feed_atom(request *req, page *pg)
{
	db *c = db_thread();
	arena *a = req->arena;
	json_t *rows = NULL;
	int rc = c ? db_query_json(c, REGISTER_SQL, DB_ARGS(DB_INT(ATOM_ENTRIES)), &rows) : DB_UNAVAILABLE;
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	int y, m, d;
	calendar_civil(calendar_wib_day(clock_now()), &y, &m, &d);
	const char *today = arena_printf(a, "%04d-%02d-%02d", y, m, d);
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
		kip_decorate(a, r, today ? today : "");
	json_t *site = site_settings();
	const char *names[] = { "site" }, *values[] = { text_of(site, "name") };
	atom_feed f = {
		.path = "/permohonan/atom",
		.page = "/permohonan",
		.title = locale_fill(a, "syndication.kip_title", names, values, 1),
		.author = values[0],
		.updated = atom_latest(rows, "updated_at"),
	};
	buf b;
	buf_init(&b, ATOM_MAX);
	atom_begin(&b, a, &f);
	json_array_foreach(rows, i, r)
		entry(a, &b, r);
	bool failed = arena_failed(a);
	if (failed)
		buf_free(&b);
	if (failed || !atom_respond(&b, pg->res))
		page_fail(req, pg, "the register's Atom feed is larger than its limit");
	else
		pg->raw = true;
	json_decref(site);
	json_decref(rows);
}
