/*
 * feeds.c - the Atom feed of live sessions and one session's iCalendar
 * file (see feeds.h).
 *
 * Both are written by hand into a capped buffer, every value through its
 * format's escaper (view/xml.h, view/ical.h); nothing from the database
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
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "db/db.h"
#include "site/site.h"
#include "view/format.h"
#include "view/ical.h"
#include "view/locale.h"
#include "view/xml.h"

#define FEED_MAX (2u * 1024 * 1024)
#define ICS_MAX (256u * 1024)

static char base_url[300]; /* without a final '/' */
static char host[256];     /* lower case; "" when it is not a DNS name */

int live_feeds_init(const struct config *cfg)
{
	const char *url = cfg->base_url ? cfg->base_url : "";
	size_t n = strlen(url);
	while (n > 0 && url[n - 1] == '/')
		n--;
	snprintf(base_url, sizeof(base_url), "%.*s", (int)n, url);
	/* the host: after "scheme://" and any "user@", before a port or path */
	const char *h = strstr(base_url, "://");
	h = h ? h + 3 : base_url;
	size_t len = strcspn(h, "/?#");
	const char *at = memchr(h, '@', len);
	if (at != NULL) {
		len -= (size_t)(at + 1 - h);
		h = at + 1;
	}
	size_t o = 0;
	bool dns = len > 0 && h[0] != '[';
	for (size_t i = 0; i < len && h[i] != ':' && o + 1 < sizeof(host); i++) {
		char ch = h[i];
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch + 32);
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '-'))
			dns = false;
		host[o++] = ch;
	}
	host[o] = '\0';
	if (!dns || o == 0)
		host[0] = '\0';
	return 0;
}

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

/* "28 November 2026, 09.00–10.30 WIB", or both moments in full when the
 * session ends on another day. */
static const char *when_wib(arena *a, const char *starts, const char *ends)
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
	return arena_printf(a, "%s/sesi/%lld", base_url, (long long)id);
}

/* --- Atom --------------------------------------------------------------- */

/* The helpers below take NULL (an arena that ran out, which the handler
 * reports at the end) as empty text. */
static void xml_el(buf *b, const char *name, const char *text)
{
	text = text ? text : "";
	buf_printf(b, "<%s>", name);
	xml_append_text(b, text, strlen(text));
	buf_printf(b, "</%s>\n", name);
}

static void xml_link(buf *b, const char *rel, const char *type, const char *href)
{
	href = href ? href : "";
	buf_printf(b, "<link rel=\"%s\" type=\"%s\" href=\"", rel, type);
	xml_append_text(b, href, strlen(href));
	buf_puts(b, "\"/>\n");
}

/* An entry's id: a tag URI when the site has a host name, else its URL. */
static const char *entry_id(arena *a, json_t *s)
{
	const char *created = text_of(s, "created_at");
	json_int_t id = json_integer_value(json_object_get(s, "id"));
	if (host[0] != '\0' && strlen(created) >= 10)
		return arena_printf(a, "tag:%s,%.10s:sesi/%lld", host, created, (long long)id);
	return session_url(a, id);
}

static void atom_entry(request *req, buf *b, json_t *s)
{
	arena *a = req->arena;
	json_int_t id = json_integer_value(json_object_get(s, "id"));
	const char *url = session_url(a, id);
	const char *agencies = text_of(s, "agency_names");
	const char *names[] = { "agencies", "time" };
	const char *when = when_wib(a, text_of(s, "starts_at"), text_of(s, "ends_at"));
	const char *values[] = { agencies, when ? when : "" };
	const char *summary = locale_fill(a, agencies[0] ? "live_feed.summary" : "live_feed.summary_time",
	                                  names, values, 2);
	buf_puts(b, "<entry>\n");
	xml_el(b, "id", entry_id(a, s));
	buf_puts(b, "<title type=\"text\">");
	const char *title = text_of(s, "title");
	xml_append_text(b, title, strlen(title));
	buf_puts(b, "</title>\n");
	xml_el(b, "published", text_of(s, "created_at"));
	xml_el(b, "updated", text_of(s, "updated_at"));
	xml_link(b, "alternate", "text/html", url);
	xml_link(b, "related", "text/calendar", url ? arena_printf(a, "%s/kalender.ics", url) : NULL);
	buf_puts(b, "<summary type=\"text\">");
	xml_append_text(b, summary ? summary : "", summary ? strlen(summary) : 0);
	buf_puts(b, "</summary>\n");
	const char *description = text_of(s, "description");
	if (description[0] != '\0') {
		buf_puts(b, "<content type=\"text\">");
		xml_append_text(b, description, strlen(description));
		buf_puts(b, "</content>\n");
	}
	buf_puts(b, "</entry>\n");
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
	/* the feed changed when its newest-changed entry did */
	char updated[CLOCK_ISO_LEN];
	clock_iso(updated, clock_now());
	const char *latest = NULL;
	size_t i;
	json_t *s;
	json_array_foreach(rows, i, s)
	{
		const char *u = text_of(s, "updated_at");
		if (latest == NULL || strcmp(u, latest) > 0)
			latest = u;
	}
	json_t *site = site_settings();
	const char *site_name = text_of(site, "name");
	const char *names[] = { "site" }, *values[] = { site_name };
	const char *title = locale_fill(req->arena, "live_feed.title", names, values, 1);
	buf b;
	buf_init(&b, FEED_MAX);
	buf_puts(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	             "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"id\">\n");
	const char *self = arena_printf(req->arena, "%s/sesi/atom", base_url);
	xml_el(&b, "id", self);
	buf_puts(&b, "<title type=\"text\">");
	xml_append_text(&b, title ? title : "", title ? strlen(title) : 0);
	buf_puts(&b, "</title>\n");
	xml_el(&b, "updated", latest ? latest : updated);
	buf_puts(&b, "<author>\n");
	xml_el(&b, "name", site_name);
	buf_puts(&b, "</author>\n");
	xml_link(&b, "self", "application/atom+xml", self);
	const char *list = arena_printf(req->arena, "%s/sesi", base_url);
	xml_link(&b, "alternate", "text/html", list);
	json_array_foreach(rows, i, s)
	{
		atom_entry(req, &b, s);
	}
	buf_puts(&b, "</feed>\n");
	json_decref(site);
	json_decref(rows);
	if (buf_failed(&b) || arena_failed(req->arena)) {
		buf_free(&b);
		page_fail(req, pg, "the Atom feed is larger than its limit");
		return;
	}
	response_set_buf(pg->res, 200, "application/atom+xml; charset=utf-8", &b);
	pg->res->compressible = true;
	pg->raw = true;
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
