/*
 * xml.h - text and attribute values for XML documents (the Atom feed).
 *
 * HTML has buf_append_html; XML needs a little more: besides the five
 * characters that have a meaning in markup, XML 1.0 forbids most control
 * characters outright (a feed that carries one is not well formed, and
 * strict readers drop the whole feed), and the text must be UTF-8.
 *
 * Not for: building elements or names (callers write those as literals).
 */
#ifndef TERBUKA_XML_H
#define TERBUKA_XML_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

/* Appends n bytes of s as XML character data, fit for both element text
 * and a quoted attribute value: & < > " ' become entities; characters XML
 * 1.0 does not allow (C0 controls other than tab, line feed and carriage
 * return; U+FFFE, U+FFFF) are dropped; a byte that does not start a
 * well-formed UTF-8 character becomes U+FFFD. Carriage returns are kept as
 * &#13; so a parser does not fold them into line feeds. The buffer's
 * sticky error is the result. */
bool xml_append_text(buf *b, const char *s, size_t n);

#endif
