/*
 * ical.c - iCalendar values and lines (see ical.h).
 */
#include "view/ical.h"

#include <string.h>

#include "core/str.h"

bool ical_append_text(buf *b, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t k = utf8_char(s + i, n - i);
		if (k == 0) {
			if (s[i] != '\0')
				buf_puts(b, "\xEF\xBF\xBD");
			i++;
			continue;
		}
		char ch = s[i];
		if (k > 1) {
			buf_append(b, s + i, k);
		} else if (ch == '\\' || ch == ';' || ch == ',') {
			buf_putc(b, '\\');
			buf_putc(b, ch);
		} else if (ch == '\r' || ch == '\n') {
			buf_puts(b, "\\n");
			if (ch == '\r' && i + 1 < n && s[i + 1] == '\n')
				i++; /* CRLF is one line break */
		} else if (ch == '\t' || ((unsigned char)ch >= 0x20 && ch != 0x7F)) {
			buf_putc(b, ch);
		} /* else: a control character, which TEXT may not hold */
		i += k;
	}
	return !buf_failed(b);
}

bool ical_append_line(buf *out, const char *line, size_t n)
{
	size_t room = ICAL_LINE_MAX, i = 0;
	while (n - i > room) {
		size_t cut = i + room;
		/* never between the bytes of one character: back up to its first byte */
		while (cut > i && ((unsigned char)line[cut] & 0xC0) == 0x80)
			cut--;
		if (cut == i) /* cannot happen with well-formed text; cut anyway */
			cut = i + room;
		buf_append(out, line + i, cut - i);
		buf_puts(out, "\r\n ");
		i = cut;
		room = ICAL_LINE_MAX - 1; /* the space counts */
	}
	buf_append(out, line + i, n - i);
	buf_puts(out, "\r\n");
	return !buf_failed(out);
}

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool ical_utc(char out[17], const char *iso)
{
	if (iso == NULL || strlen(iso) != 20 || iso[4] != '-' || iso[7] != '-' || iso[10] != 'T' ||
	    iso[13] != ':' || iso[16] != ':' || iso[19] != 'Z' || !digits(iso, 4) ||
	    !digits(iso + 5, 2) || !digits(iso + 8, 2) || !digits(iso + 11, 2) ||
	    !digits(iso + 14, 2) || !digits(iso + 17, 2))
		return false;
	memcpy(out, iso, 4);
	memcpy(out + 4, iso + 5, 2);
	memcpy(out + 6, iso + 8, 2);
	out[8] = 'T';
	memcpy(out + 9, iso + 11, 2);
	memcpy(out + 11, iso + 14, 2);
	memcpy(out + 13, iso + 17, 2);
	out[15] = 'Z';
	out[16] = '\0';
	return true;
}
