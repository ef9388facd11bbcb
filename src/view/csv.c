/*
 * csv.c - see csv.h.
 */
#include "view/csv.h"

#include <string.h>

void csv_cell(buf *b, const char *s, bool last)
{
	if (s == NULL)
		s = "";
	bool formula = s[0] != '\0' && strchr("=+-@\t", s[0]) != NULL;
	bool quote = strpbrk(s, ",\"\r\n") != NULL || formula;
	if (quote)
		buf_putc(b, '"');
	if (formula)
		buf_putc(b, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	if (quote)
		buf_putc(b, '"');
	buf_puts(b, last ? "\r\n" : ",");
}
