/*
 * redact.c - blacked-out spans of a document's text (redact.h).
 */
#include "kip/redact.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

#define BAR "\xE2\x96\x88" /* U+2588 FULL BLOCK */

size_t kip_redact_find(const char *text, const char *phrase, pdf_span *spans, size_t max)
{
	size_t n = 0, plen = phrase ? strlen(phrase) : 0;
	if (text == NULL || plen == 0 || strspn(phrase, " \t\r\n") == plen)
		return 0;
	for (const char *p = strstr(text, phrase); p != NULL; p = strstr(p + plen, phrase)) {
		if (n < max) {
			spans[n].start = (size_t)(p - text);
			spans[n].end = spans[n].start + plen;
		}
		n++;
	}
	return n;
}

typedef struct marked {
	pdf_span s;
	int note;
} marked;

static int by_start(const void *a, const void *b)
{
	const marked *x = a, *y = b;
	return x->s.start < y->s.start ? -1 : x->s.start > y->s.start ? 1 : 0;
}

size_t kip_redact_merge(pdf_span *spans, int *notes, size_t n)
{
	if (n == 0 || n > KIP_REDACT_MAX)
		return n;
	marked m[KIP_REDACT_MAX];
	for (size_t i = 0; i < n; i++)
		m[i] = (marked){ spans[i], notes ? notes[i] : 0 };
	qsort(m, n, sizeof(m[0]), by_start);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (k > 0 && m[i].s.start <= m[k - 1].s.end) {
			if (m[i].s.end > m[k - 1].s.end)
				m[k - 1].s.end = m[i].s.end;
			continue;
		}
		m[k++] = m[i];
	}
	for (size_t i = 0; i < k; i++) {
		spans[i] = m[i].s;
		if (notes)
			notes[i] = m[i].note;
	}
	return k;
}

static bool boundary(const char *text, size_t len, size_t at)
{
	return at == len || ((unsigned char)text[at] & 0xC0) != 0x80;
}

bool kip_redact_valid(const char *text, size_t len, const pdf_span *spans, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (spans[i].start >= spans[i].end || spans[i].end > len || !boundary(text, len, spans[i].start) ||
		    !boundary(text, len, spans[i].end))
			return false;
	return true;
}

char *kip_redact_public(arena *a, const char *text, const pdf_span *spans, size_t n, pdf_span *bars)
{
	size_t len = strlen(text);
	if (!kip_redact_valid(text, len, spans, n))
		return NULL;
	buf b;
	buf_init(&b, 4 * len + 1);
	size_t at = 0;
	for (size_t i = 0; i < n; i++) {
		if (spans[i].start < at) { /* not merged: refuse rather than leak */
			buf_free(&b);
			return NULL;
		}
		buf_append(&b, text + at, spans[i].start - at);
		if (bars != NULL)
			bars[i].start = b.len;
		for (size_t k = spans[i].start; k < spans[i].end; k++)
			if (((unsigned char)text[k] & 0xC0) != 0x80)
				buf_puts(&b, BAR);
		if (bars != NULL)
			bars[i].end = b.len;
		at = spans[i].end;
	}
	buf_append(&b, text + at, len - at);
	buf_putc(&b, '\0');
	char *out = buf_failed(&b) ? NULL : arena_strdup(a, b.data);
	buf_free(&b);
	return out;
}
