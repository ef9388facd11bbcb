/*
 * feeds.c - the Atom feed of live sessions and one session's iCalendar
 * file (see feeds.h).
 *
 * Both are written into a capped buffer, every value through its
 * format's writer (view/atom.h, view/ical.h); nothing from the database
 * reaches the output unescaped. Times are stored as ISO UTC text, which
 * Atom takes as it is and iCalendar in its basic form ("...Z"), so no
 * time zone is ever computed here; the feed's summary shows the time in
 * WIB for people (format_time_wib).
 *
 * Identifiers stay the same when the site moves from http to https: an
 * entry's Atom id is a tag URI (RFC 4151) of the host and the day the
 * session was made, "tag:example.go.id,2026-11-28:sesi/7", and an event's
 * UID is "sesi-7@example.go.id".
 */
#include "live/feeds.h"

#include <jansson.h>
#include <string.h>

#include "core/buf.h"
#include "db/db.h"
#include "site/site.h"
#include "view/atom.h"
#include "view/format.h"
#include "view/ical.h"
#include "view/locale.h"
#include "view/syndicate.h"

#define ICS_MAX (256u * 1024)

/* --- what both show ----------------------------------------------------- */

#define SESSION_SQL \
	"SELECT id, title, description, starts_at, ends_at, stream_url, state, created_at, updated_at " \
	"FROM live_sessions "

/* The departments of the sessions in rows, as "A, B" under each row's
 * "agency_names" (in their order on the session). */
static int add_agencies(db *c, json_t *rows, const char *sql, const db_val *args, size_t nargs)
{
	json_t *links = NULL;
	int rc = db_query_json(c, sql, args, nargs, &links);
	if (rc != DB_OK)
		return rc;
	size_t i, k;
	json_t *s, *l;
	json_array_foreach(rows, i, s)
	{
		json_int_t id = json_integer_value(json_object_get(s, "id"));
		buf names;
		buf_init(&names, 64 * 1024);
		json_array_foreach(links, k, l)
		{
			if (json_integer_value(json_object_get(l, "session_id")) != id)
				continue;
			if (names.len > 0)
				buf_puts(&names, ", ");
			const char *name = json_string_value(json_object_get(l, "name"));
			buf_puts(&names, name ? name : "");
		}
		json_object_set_new(s, "agency_names", json_stringn(names.data ? names.data : "", names.len));
		buf_free(&names);
	}
	json_decref(links);
	return DB_OK;
}

static const char *text_of(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : "";
}

const char *live_when_wib(arena *a, const char *starts, const char *ends)
{
	const char *s = format_time_wib(a, starts), *e = format_time_wib(a, ends);
	if (s == NULL || e == NULL)
		return s ? s : "";
	const char *sc = strrchr(s, ','), *ec = strrchr(e, ',');
	size_t sl = strlen(s);
	if (sc != NULL && ec != NULL && sc - s == ec - e && memcmp(s, e, (size_t)(sc - s)) == 0 && sl > 4)
		return arena_printf(a, "%.*s\xE2\x80\x93%s", (int)(sl - 4), s, ec + 2);
	return arena_printf(a, "%s \xE2\x80\x93 %s", s, e);
}

/* The public address of a session's page. */
static const char *session_url(arena *a, json_int_t id)
{
	return syndicate_url(a, arena_printf(a, "/sesi/%lld", (long long)id));
}

/* --- Atom --------------------------------------------------------------- */

static void atom_session(request *req, buf *b, json_t *s)
{
	arena *a = req->arena;
	json_int_t id = json_integer_value(json_object_get(s, "id"));
	const char *path = arena_printf(a, "/sesi/%lld", (long long)id);
	const char *agencies = text_of(s, "agency_names");
	const char *names[] = { "agencies", "time" };
	const char *when = live_when_wib(a, text_of(s, "starts_at"), text_of(s, "ends_at"));
	const char *values[] = { agencies, when ? when : "" };
	atom_entry e = {
		.id = syndicate_tag(a, text_of(s, "created_at"), arena_printf(a, "sesi/%lld", (long long)id), path),
		.title = text_of(s, "title"),
		.published = text_of(s, "created_at"),
		.updated = text_of(s, "updated_at"),
		.author = agencies[0] ? agencies : NULL,
		.link = path,
		.related = path ? arena_printf(a, "%s/kalender.ics", path) : NULL,
		.related_type = "text/calendar",
		.summary = locale_fill(a, agencies[0] ? "live_feed.summary" : "live_feed.summary_time", names, values, 2),
		.content = text_of(s, "description"),
	};
	atom_add(b, a, &e);
}

void live_feed_atom(request *req, page *pg)
{
	db *c = db_thread();
	json_t *rows = NULL;
	int rc = c ? db_query_json(c, SESSION_SQL "ORDER BY starts_at DESC, id DESC LIMIT ?",
	                           DB_ARGS(DB_INT(LIVE_FEED_ENTRIES)), &rows)
	           : DB_UNAVAILABLE;
	if (rc == DB_OK)
		rc = add_agencies(c, rows,
			"SELECT l.session_id, a.name FROM live_session_agencies l JOIN agencies a ON a.id = l.agency_id "
			"WHERE l.session_id IN (SELECT id FROM live_sessions ORDER BY starts_at DESC, id DESC LIMIT ?) "
			"ORDER BY l.session_id, l.position, a.id", DB_ARGS(DB_INT(LIVE_FEED_ENTRIES)));
	if (rc != DB_OK) {
		json_decref(rows);
		page_db_error(req, pg, c, rc);
		return;
	}
	json_t *site = site_settings();
	const char *site_name = text_of(site, "name");
	const char *names[] = { "site" }, *values[] = { site_name };
	/* the feed changed when its latest-changed entry did */
	atom_feed f = {
		.path = "/sesi/atom",
		.page = "/sesi",
		.title = locale_fill(req->arena, "live_feed.title", names, values, 1),
		.author = site_name,
		.updated = atom_latest(rows, "updated_at"),
	};
	buf b;
	buf_init(&b, ATOM_MAX);
	atom_begin(&b, req->arena, &f);
	size_t i;
	json_t *s;
	json_array_foreach(rows, i, s)
		atom_session(req, &b, s);
	bool failed = arena_failed(req->arena);
	if (failed)
		buf_free(&b);
	if (failed || !atom_respond(&b, pg->res))
		page_fail(req, pg, "the Atom feed is larger than its limit");
	else
		pg->raw = true;
	json_decref(site);
	json_decref(rows);
}

/* --- iCalendar ---------------------------------------------------------- */

/* One property with a TEXT value: NAME:escaped value, folded. */
static void ics_text(buf *out, const char *name, const char *value)
{
	value = value ? value : "";
	buf line;
	buf_init(&line, ICS_MAX);
	buf_puts(&line, name);
	buf_putc(&line, ':');
	ical_append_text(&line, value, strlen(value));
	if (buf_failed(&line))
		out->failed = true;
	else
		ical_append_line(out, line.data, line.len);
	buf_free(&line);
}

/* One property with a value that needs no escaping (a date-time, a URI
 * we made, a constant). */
static void ics_raw(buf *out, const char *name, const char *value)
{
	value = value ? value : "";
	buf line;
	buf_init(&line, ICS_MAX);
	buf_printf(&line, "%s:%s", name, value);
	if (buf_failed(&line))
		out->failed = true;
	else
		ical_append_line(out, line.data, line.len);
	buf_free(&line);
}

static void ics_time(buf *out, const char *name, const char *iso)
{
	char t[17];
	if (ical_utc(t, iso))
		ics_raw(out, name, t);
	else
		out->failed = true; /* a session always has its times */
}

void live_feed_ics(request *req, page *pg)
{
	int64_t id = request_param_id(req);
	db *c = db_thread();
	json_t *row = NULL;
	int rc = c ? db_query_row_json(c, SESSION_SQL "WHERE id = ?", DB_ARGS(DB_INT(id)), &row)
	           : DB_UNAVAILABLE;
	if (rc == DB_DONE) {
		page_not_found(pg);
		return;
	}
	json_t *rows = rc == DB_ROW ? json_pack("[o]", row) : NULL;
	if (rc == DB_ROW)
		rc = rows ? add_agencies(c, rows,
			"SELECT l.session_id, a.name FROM live_session_agencies l JOIN agencies a "
			"ON a.id = l.agency_id WHERE l.session_id = ? ORDER BY l.position, a.id",
			DB_ARGS(DB_INT(id))) : DB_ERROR;
	if (rc != DB_OK) {
		json_decref(rows);
		page_db_error(req, pg, c, rc);
		return;
	}
	row = json_array_get(rows, 0);
	arena *a = req->arena;
	const char *url = session_url(a, id);
	const char *agencies = text_of(row, "agency_names");
	const char *description = text_of(row, "description");
	/* what a calendar shows under the event: the description, who
	 * answers, and where to follow it */
	const char *names[] = { "agencies" }, *values[] = { agencies };
	const char *who = agencies[0] ? locale_fill(a, "live_feed.calendar_agencies", names, values, 1) : "";
	const char *details = arena_printf(a, "%s%s%s%s%s", description, description[0] ? "\n\n" : "",
	                                   who ? who : "", who && who[0] ? "\n" : "", url ? url : "");
	buf b;
	buf_init(&b, ICS_MAX);
	ics_raw(&b, "BEGIN", "VCALENDAR");
	ics_raw(&b, "VERSION", "2.0");
	ics_raw(&b, "PRODID", "-//terbuka//Sesi tanya jawab langsung//ID");
	ics_raw(&b, "CALSCALE", "GREGORIAN");
	ics_raw(&b, "BEGIN", "VEVENT");
	const char *host = syndicate_host();
	const char *uid = arena_printf(a, "sesi-%lld@%s", (long long)id, host[0] ? host : "localhost");
	ics_text(&b, "UID", uid);
	/* no METHOD: DTSTAMP is then when the event was last revised */
	ics_time(&b, "DTSTAMP", text_of(row, "updated_at"));
	ics_time(&b, "CREATED", text_of(row, "created_at"));
	ics_time(&b, "LAST-MODIFIED", text_of(row, "updated_at"));
	ics_time(&b, "DTSTART", text_of(row, "starts_at"));
	ics_time(&b, "DTEND", text_of(row, "ends_at"));
	ics_text(&b, "SUMMARY", text_of(row, "title"));
	ics_text(&b, "DESCRIPTION", details);
	ics_raw(&b, "URL", url);
	const char *stream = text_of(row, "stream_url");
	if (stream[0] != '\0')
		ics_text(&b, "LOCATION", stream);
	ics_raw(&b, "END", "VEVENT");
	ics_raw(&b, "END", "VCALENDAR");
	json_decref(rows);
	if (buf_failed(&b) || arena_failed(a)) {
		buf_free(&b);
		page_fail(req, pg, "the session's calendar file could not be written");
		return;
	}
	const char *disposition = arena_printf(a, "attachment; filename=\"sesi-%lld.ics\"", (long long)id);
	response_set_buf(pg->res, 200, "text/calendar; charset=utf-8", &b);
	pg->res->compressible = true;
	if (disposition != NULL)
		response_header(pg->res, "Content-Disposition", disposition);
	pg->raw = true;
}
