/*
 * ics.c - see ics.h. libical reads the file (escapes, value types,
 * parameters, properties: RFC 5545's grammar); this file decides what its
 * events mean as holidays.
 *
 * Before libical sees the text, its line breaks are made LF and its folds
 * joined (so it is checked as UTF-8 whole, and libical and the check below
 * read the same lines), and one pass over the lines checks that BEGIN and
 * END pair up, at most MAX_DEPTH deep: libical builds and frees its tree
 * recursively (a hundred thousand nested BEGIN lines would exhaust a
 * worker's stack), and writes a warning to stderr, outside our log lines,
 * for an END it cannot match. That pass reads nothing else.
 */
#include "calendar/ics.h"

#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "accounts/rules.h"
#include "calendar/calendar.h"
#include "core/str.h"

#define ERR(why) "admin_holidays.import_error." why
#define SKIP(why) "admin_holidays.skip." why
#define MAX_DEPTH 8                            /* VCALENDAR > VEVENT > VALARM needs 3 */
#define MAX_RAW (CALENDAR_ICS_MAX_DAYS * 4)    /* days before duplicates are dropped */
#define FIRST_YEAR 2000
#define LAST_YEAR 2100

typedef struct raw_day {
	int32_t day;
	uint32_t seq; /* order in the file, so that "first" survives sorting */
	bool cuti;
	const char *name;
} raw_day;

typedef struct reader {
	arena *a;
	bool cuti;
	calendar_ics *out;
	raw_day *raw;
	size_t nraw;
	bool too_many;
} reader;

/* --- the shape of the text ------------------------------------------------ */

/* The text as libical is given it, NUL-terminated, in a's memory: every
 * line ending made a LF (CRLF, and a lone CR, which libical would read
 * one way or another), and folded lines joined (RFC 5545 3.1: a line
 * break and one space or tab). Exporters fold at 75 bytes even inside a
 * UTF-8 character, so the text is checked as UTF-8 only once joined. */
static char *unfold(arena *a, const char *s, size_t n, size_t *len)
{
	char *out = arena_alloc(a, n + 1);
	size_t o = 0;
	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\r' && i + 1 < n && s[i + 1] == '\n')
			continue; /* the LF comes next */
		if (c == '\r')
			c = '\n';
		if (c == '\n' && i + 1 < n && (s[i + 1] == ' ' || s[i + 1] == '\t')) {
			i++; /* a fold: the break and the space go */
			continue;
		}
		out[o++] = c;
	}
	out[o] = '\0';
	*len = o;
	return out;
}

static bool starts_with(const char *p, size_t n, const char *word)
{
	size_t w = strlen(word);
	return n >= w && strncasecmp(p, word, w) == 0;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* 1 for a BEGIN line, -1 for an END line, else 0. libical takes a line's
 * name up to its first ':' or ';' and drops blanks after it ("END :" is
 * an END), and an END it cannot match makes it write to stderr; so an END
 * is read leniently here (blanks around it dropped) and a BEGIN strictly
 * ("BEGIN" itself and a value): counting one END too many or one BEGIN
 * too few only refuses a file libical might have read. */
static int begin_or_end(const char *line, size_t len)
{
	size_t n = 0;
	while (n < len && line[n] != ':' && line[n] != ';')
		n++;
	size_t value = n + 1;
	while (value < len && blank(line[value]))
		value++;
	if (n == 5 && value < len && strncasecmp(line, "BEGIN", 5) == 0)
		return 1;
	size_t from = 0, to = n;
	while (from < to && blank(line[from]))
		from++;
	while (to > from && blank(line[to - 1]))
		to--;
	return n < len && to - from == 3 && strncasecmp(line + from, "END", 3) == 0 ? -1 : 0;
}

/* An iCalendar object: "BEGIN:VCALENDAR" first (after a byte order mark
 * and blank lines), every BEGIN closed by an END and no END before its
 * BEGIN (libical writes a warning to stderr for those), nested at most
 * MAX_DEPTH deep, at most CALENDAR_ICS_MAX_EVENTS events. NULL when so,
 * else an error key. */
static const char *check_shape(const char *s, size_t n, calendar_ics *out, size_t *start)
{
	size_t i = 0;
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < n && (s[i] == '\n' || s[i] == ' ' || s[i] == '\t'))
		i++;
	if (!starts_with(s + i, n - i, "BEGIN:VCALENDAR") || (i + 15 < n && !blank(s[i + 15])))
		return ERR("not_icalendar");
	*start = i; /* libical reads from here: a line that began with a space would be a fold */
	int depth = 0;
	size_t events = 0;
	while (i < n) {
		const char *line = s + i, *nl = memchr(line, '\n', n - i);
		size_t len = nl ? (size_t)(nl - line) : n - i;
		int step = begin_or_end(line, len);
		events += step > 0 && starts_with(line, len, "BEGIN:VEVENT");
		depth += step;
		if (depth < 0 || depth > MAX_DEPTH) {
			out->bad = 1;
			return ERR("malformed");
		}
		i += len + 1;
	}
	if (depth != 0) {
		out->bad = 1;
		return ERR("malformed");
	}
	return events > CALENDAR_ICS_MAX_EVENTS ? ERR("too_many") : NULL;
}

/* --- one event ----------------------------------------------------------------- */

static bool real_date(struct icaltimetype t, int32_t *day)
{
	if (t.year < 1 || t.year > 9999 || t.month < 1 || t.month > 12 || t.day < 1 || t.day > 31)
		return false;
	int32_t v = calendar_day(t.year, t.month, t.day);
	int y, m, d;
	calendar_civil(v, &y, &m, &d);
	if (y != t.year || m != t.month || d != t.day)
		return false; /* 31 April */
	*day = v;
	return true;
}

static const char *iso(arena *a, int32_t day)
{
	int y, m, d;
	calendar_civil(day, &y, &m, &d);
	return arena_printf(a, "%04d-%02d-%02d", y, m, d);
}

/* The SUMMARY as a name: control characters become spaces, trimmed. */
static const char *clean_name(arena *a, const char *summary)
{
	char *s = arena_strdup(a, summary ? summary : "");
	if (s == NULL)
		return "";
	for (char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	while (*s == ' ')
		s++;
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
	return s;
}

/* "cuti bersama", in any case, the words apart by spaces or a hyphen. */
static bool says_cuti_bersama(const char *name)
{
	for (const char *p = name; *p; p++) {
		if (strncasecmp(p, "cuti", 4) != 0)
			continue;
		const char *q = p + 4;
		if (*q != ' ' && *q != '-')
			continue;
		while (*q == ' ' || *q == '-')
			q++;
		if (strncasecmp(q, "bersama", 7) == 0)
			return true;
	}
	return false;
}

static void skip(reader *r, const char *name, const char *date, const char *reason)
{
	calendar_ics *out = r->out;
	if (out->nskipped < CALENDAR_ICS_MAX_SKIPPED)
		out->skipped[out->nskipped] = (calendar_ics_skip){ name ? name : "", date ? date : "", reason };
	out->nskipped++;
}

/* How many days the event covers (DTEND exclusive, or a DURATION in
 * days; one day without either): false when the end is not a date. */
static bool span_of(icalcomponent *ev, int32_t start, int64_t *span)
{
	icalproperty *p = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY);
	*span = 1;
	if (p != NULL) {
		int32_t end;
		struct icaltimetype t = icalproperty_get_dtend(p);
		if (!t.is_date || !real_date(t, &end))
			return false;
		if (end > start)
			*span = (int64_t)end - start;
		return true;
	}
	p = icalcomponent_get_first_property(ev, ICAL_DURATION_PROPERTY);
	if (p != NULL) {
		struct icaldurationtype d = icalproperty_get_duration(p);
		if (d.is_neg || d.hours || d.minutes || d.seconds)
			return false;
		if (d.days > CALENDAR_ICS_MAX_SPAN || d.weeks > CALENDAR_ICS_MAX_SPAN)
			*span = CALENDAR_ICS_MAX_SPAN + 1;
		else if (d.days + 7 * d.weeks > 0)
			*span = d.days + 7 * d.weeks;
	}
	return true;
}

static bool repeats(icalcomponent *ev)
{
	return icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY) != NULL ||
	       icalcomponent_get_first_property(ev, ICAL_RDATE_PROPERTY) != NULL;
}

static void add_days(reader *r, int32_t start, int64_t span, const char *name)
{
	bool cuti = r->cuti || says_cuti_bersama(name);
	for (int64_t k = 0; k < span; k++) {
		if (r->nraw == MAX_RAW) {
			r->too_many = true;
			return;
		}
		r->raw[r->nraw] = (raw_day){ start + (int32_t)k, (uint32_t)r->nraw, cuti, name };
		r->nraw++;
	}
}

static void read_event(reader *r, icalcomponent *ev)
{
	const char *name = clean_name(r->a, icalcomponent_get_summary(ev));
	icalproperty *p = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
	if (p == NULL) {
		skip(r, name, "", SKIP("no_start"));
		return;
	}
	struct icaltimetype t = icalproperty_get_dtstart(p);
	int32_t start;
	int64_t span;
	if (!real_date(t, &start) || !utf8_valid(name, strlen(name))) {
		r->out->bad++;
		return;
	}
	const char *date = iso(r->a, start);
	if (!t.is_date)
		skip(r, name, date, SKIP("not_all_day"));
	else if (repeats(ev))
		skip(r, name, date, SKIP("recurring"));
	else if (icalcomponent_get_status(ev) == ICAL_STATUS_CANCELLED)
		skip(r, name, date, SKIP("cancelled"));
	else if (name[0] == '\0')
		skip(r, name, date, SKIP("no_name"));
	else if (utf8_length(name, strlen(name)) > CALENDAR_ICS_MAX_NAME)
		skip(r, name, date, SKIP("name_too_long"));
	else if (!name_clean(name, strlen(name))) /* as the admin's form asks of a name */
		skip(r, "", date, SKIP("name_invalid"));
	else if (!span_of(ev, start, &span))
		r->out->bad++;
	else if (span > CALENDAR_ICS_MAX_SPAN)
		skip(r, name, date, SKIP("too_long"));
	else if (t.year < FIRST_YEAR || t.year > LAST_YEAR ||
	         start + span - 1 > calendar_day(LAST_YEAR, 12, 31))
		skip(r, name, date, SKIP("out_of_range"));
	else
		add_days(r, start, span, name);
}

static void read_calendar(reader *r, icalcomponent *cal)
{
	for (icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev != NULL;
	     ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
		read_event(r, ev);
}

/* --- the days, each once ------------------------------------------------------ */

static int cmp_raw(const void *x, const void *y)
{
	const raw_day *a = x, *b = y;
	if (a->day != b->day)
		return (a->day > b->day) - (a->day < b->day);
	return (a->seq > b->seq) - (a->seq < b->seq);
}

/* Sorted, one per day: the first national holiday of the day, else its
 * first event; the others are skipped. */
static bool settle_days(reader *r)
{
	calendar_ics *out = r->out;
	if (r->nraw > 0)
		qsort(r->raw, r->nraw, sizeof(r->raw[0]), cmp_raw);
	out->days = arena_calloc(r->a, r->nraw ? r->nraw : 1, sizeof(out->days[0]));
	if (out->days == NULL)
		return false;
	for (size_t i = 0, j; i < r->nraw; i = j) {
		size_t win = i;
		for (j = i; j < r->nraw && r->raw[j].day == r->raw[i].day; j++)
			if (r->raw[win].cuti && !r->raw[j].cuti)
				win = j;
		for (size_t k = i; k < j; k++)
			if (k != win)
				skip(r, r->raw[k].name, iso(r->a, r->raw[k].day), SKIP("twice"));
		out->days[out->ndays++] = (calendar_ics_day){ r->raw[win].day, r->raw[win].cuti, r->raw[win].name };
	}
	return true;
}

/* --- the whole file ------------------------------------------------------------ */

static const char *read_tree(reader *r, icalcomponent *root)
{
	int errors = icalcomponent_count_errors(root);
	if (errors > 0) {
		r->out->bad = (size_t)errors;
		return ERR("malformed");
	}
	icalcomponent_kind kind = icalcomponent_isa(root);
	if (kind == ICAL_VCALENDAR_COMPONENT) {
		read_calendar(r, root);
	} else if (kind == ICAL_XROOT_COMPONENT) { /* several calendars, one after another */
		for (icalcomponent *c = icalcomponent_get_first_component(root, ICAL_VCALENDAR_COMPONENT); c != NULL;
		     c = icalcomponent_get_next_component(root, ICAL_VCALENDAR_COMPONENT))
			read_calendar(r, c);
	} else {
		return ERR("not_icalendar");
	}
	if (r->out->bad > 0)
		return ERR("malformed");
	return NULL;
}

const char *calendar_ics_parse(arena *a, const char *data, size_t len, bool cuti, calendar_ics *out)
{
	memset(out, 0, sizeof(*out));
	if (len == 0)
		return ERR("empty");
	if (len > CALENDAR_ICS_MAX_BYTES)
		return ERR("too_large");
	size_t n = 0;
	char *text = unfold(a, data, len, &n);
	reader r = { a, cuti, out, arena_calloc(a, MAX_RAW, sizeof(raw_day)), 0, false };
	out->skipped = arena_calloc(a, CALENDAR_ICS_MAX_SKIPPED, sizeof(out->skipped[0]));
	if (text == NULL || r.raw == NULL || out->skipped == NULL)
		return ERR("memory");
	if (!utf8_valid(text, n))
		return ERR("not_text");
	size_t start = 0;
	const char *why = check_shape(text, n, out, &start);
	if (why != NULL)
		return why;
	icalcomponent *root = icalparser_parse_string(text + start);
	if (root == NULL) { /* libical gives up on an object it cannot close */
		out->bad = 1;
		return ERR("malformed");
	}
	why = read_tree(&r, root);
	icalcomponent_free(root);
	if (why != NULL)
		return why;
	if (r.too_many)
		return ERR("too_many");
	if (!settle_days(&r))
		return ERR("memory");
	if (out->ndays == 0)
		return ERR("no_events");
	return out->ndays > CALENDAR_ICS_MAX_DAYS ? ERR("too_many") : NULL;
}
