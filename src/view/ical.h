/*
 * ical.h - the pieces of an iCalendar file (RFC 5545) that need care:
 * TEXT values with their escapes, content lines folded at 75 octets, and
 * UTC date-times. The caller writes the property names and the
 * BEGIN/END structure itself.
 *
 * Not for: reading calendars.
 */
#ifndef TERBUKA_ICAL_H
#define TERBUKA_ICAL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

#define ICAL_LINE_MAX 75 /* octets of a content line, not counting CRLF */

/* Appends n bytes of s as a TEXT value (RFC 5545 3.3.11): backslash,
 * semicolon and comma escaped with a backslash, each line break (CRLF,
 * LF or CR) written as \n, other control characters but tab dropped, and
 * a byte that does not start a well-formed UTF-8 character written as
 * U+FFFD. The buffer's sticky error is the result. */
bool ical_append_text(buf *b, const char *s, size_t n);

/* Appends one content line (n bytes, "NAME:value", without its line
 * break) folded as RFC 5545 3.1 says: no physical line longer than 75
 * octets, each continuation starting with one space, never inside a
 * UTF-8 character; every physical line ends with CRLF. */
bool ical_append_line(buf *out, const char *line, size_t n);

/* "2026-11-28T09:00:00Z" (the database's ISO UTC text) as an iCalendar
 * UTC date-time, "20261128T090000Z", into out; false when iso is not
 * such a time. */
bool ical_utc(char out[17], const char *iso);

#endif
