/*
 * fuzz_holidays_ics.c - fuzzes calendar_ics_parse (src/calendar/ics.c),
 * which reads the iCalendar file an admin uploads to /admin/libur/impor,
 * through libical.
 *
 * A refusal is an import_error key (with bad > 0 for "malformed"); an
 * accepted file gives 1 to CALENDAR_ICS_MAX_DAYS days in strictly rising
 * order, each of 2000-2100, named by 1-200 characters of valid UTF-8
 * that name_clean takes (no control, invisible or direction marks), cuti
 * bersama for every day when the form chose it; skipped events carry a
 * skip key. Reading the same bytes again,
 * from a copy with other bytes after them, gives the same answer. libical
 * writes nothing to stderr (it would be a stray line in the server's log).
 */
#include <string.h>

#include "accounts/rules.h"
#include "calendar/calendar.h"
#include "calendar/ics.h"
#include "core/str.h"
#include "fuzz.h"

static bool has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void check_taken(const calendar_ics *ics, bool cuti)
{
	CHECK(ics->ndays >= 1 && ics->ndays <= CALENDAR_ICS_MAX_DAYS);
	int32_t first = calendar_day(2000, 1, 1), last = calendar_day(2100, 12, 31);
	for (size_t i = 0; i < ics->ndays; i++) {
		const calendar_ics_day *d = &ics->days[i];
		CHECK(d->day >= first && d->day <= last);
		CHECK(i == 0 || d->day > ics->days[i - 1].day);
		size_t n = strlen(d->name);
		CHECK(n > 0 && fuzz_utf8_ok(d->name, n) && utf8_length(d->name, n) <= CALENDAR_ICS_MAX_NAME);
		CHECK(d->name[0] != ' ' && d->name[n - 1] != ' ');
		CHECK(name_clean(d->name, n));
		CHECK(!cuti || d->cuti);
	}
	for (size_t i = 0; i < ics->nskipped && i < CALENDAR_ICS_MAX_SKIPPED; i++)
		CHECK(has_prefix(ics->skipped[i].reason, "admin_holidays.skip."));
}

/* The text libical is given, written here from RFC 5545 3.1 and ics.c's
 * comment rather than from its code: line breaks (CRLF, LF, a lone CR)
 * become LF, and a break followed by one space or tab is removed with
 * it. Returns the length. */
static size_t unfolded(const uint8_t *in, size_t n, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		size_t brk = in[i] == '\n' ? 1 : in[i] != '\r' ? 0 : i + 1 < n && in[i + 1] == '\n' ? 2 : 1;
		if (brk == 0) {
			out[o++] = (char)in[i++];
		} else if (i + brk < n && (in[i + brk] == ' ' || in[i + brk] == '\t')) {
			i += brk + 1;
		} else {
			out[o++] = '\n';
			i += brk;
		}
	}
	return o;
}

static void same(const char *why, const calendar_ics *a, const char *why2, const calendar_ics *b)
{
	CHECK((why == NULL) == (why2 == NULL));
	if (why != NULL) {
		CHECK(strcmp(why, why2) == 0 && a->bad == b->bad);
		return;
	}
	CHECK(a->ndays == b->ndays && a->nskipped == b->nskipped);
	for (size_t i = 0; i < a->ndays; i++)
		CHECK(a->days[i].day == b->days[i].day && a->days[i].cuti == b->days[i].cuti &&
		      strcmp(a->days[i].name, b->days[i].name) == 0);
}

/* calendar_ics_parse with libical's stderr (its warnings are fprintf to
 * stderr) caught: they would be stray lines in the server's log, so the
 * parse must give libical nothing it warns about. Sanitizers write to
 * file descriptor 2 directly and still reach the terminal. */
static const char *parse_quietly(arena *a, const char *data, size_t size, bool cuti, calendar_ics *out)
{
	static FILE *sink;
	if (sink == NULL)
		sink = tmpfile();
	CHECK(sink != NULL);
	long before = ftell(sink);
	FILE *real = stderr;
	stderr = sink;
	const char *why = calendar_ics_parse(a, data, size, cuti, out);
	fflush(sink);
	stderr = real;
	if (ftell(sink) != before) {
		fprintf(stderr, "libical wrote to stderr\n");
		__builtin_trap();
	}
	return why;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > CALENDAR_ICS_MAX_BYTES + 1)
		return 0;
	arena *a = arena_new(64u << 20);
	if (a == NULL)
		return 0;
	bool cuti = size > 0 && (data[size - 1] & 1); /* the form's choice, from the last byte */
	calendar_ics ics, again;
	const char *why = parse_quietly(a, (const char *)data, size, cuti, &ics);
	if (why != NULL) {
		CHECK(has_prefix(why, "admin_holidays.import_error."));
		CHECK(strcmp(why, "admin_holidays.import_error.malformed") != 0 || ics.bad > 0);
	}
	char *copy = malloc(size + 8);
	if (why == NULL) {
		CHECK(copy != NULL);
		CHECK(fuzz_utf8_ok(copy, unfolded(data, size, copy)));
		check_taken(&ics, cuti);
	}
	if (copy != NULL) {
		if (size > 0)
			memcpy(copy, data, size);
		memcpy(copy + size, "\r\nX:Y\r\n", 8); /* bytes past the end are not read */
		const char *why2 = parse_quietly(a, copy, size, cuti, &again);
		same(why, &ics, why2, &again);
		free(copy);
	}
	arena_free(a);
	return 0;
}
