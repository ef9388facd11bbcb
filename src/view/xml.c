/*
 * xml.c - XML character data (see xml.h).
 */
#include "view/xml.h"

#include "core/str.h"

bool xml_append_text(buf *b, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t k = utf8_char(s + i, n - i);
		if (k == 0) { /* not UTF-8, or a NUL */
			if (s[i] != '\0')
				buf_puts(b, "\xEF\xBF\xBD");
			i++;
			continue;
		}
		unsigned char ch = (unsigned char)s[i];
		const char *rep = NULL;
		if (k == 1) {
			switch (ch) {
			case '&': rep = "&amp;"; break;
			case '<': rep = "&lt;"; break;
			case '>': rep = "&gt;"; break;
			case '"': rep = "&quot;"; break;
			case '\'': rep = "&apos;"; break;
			case '\r': rep = "&#13;"; break;
			case '\t':
			case '\n': break;
			default:
				if (ch < 0x20 || ch == 0x7F) /* 0x7F is allowed, but it is never meant */
					rep = "";
			}
		} else if (k == 3 && ch == 0xEF && (unsigned char)s[i + 1] == 0xBF &&
		           ((unsigned char)s[i + 2] == 0xBE || (unsigned char)s[i + 2] == 0xBF)) {
			rep = ""; /* U+FFFE, U+FFFF: not characters in XML */
		}
		if (rep != NULL)
			buf_puts(b, rep);
		else
			buf_append(b, s + i, k);
		i += k;
	}
	return !buf_failed(b);
}
