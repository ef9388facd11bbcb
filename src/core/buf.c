/*
 * buf.c - growable, capped output buffer (see buf.h).
 */
#include "core/buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_init(buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
	b->failed = false;
}

void buf_free(buf *b)
{
	free(b->data);
	buf_init(b, b->max);
}

void buf_reset(buf *b)
{
	b->len = 0;
	b->failed = false;
	if (b->data != NULL)
		b->data[0] = '\0';
}

/* Makes room for n more bytes plus the terminating NUL. */
static bool grow(buf *b, size_t n)
{
	size_t need;
	if (b->failed)
		return false;
	if (__builtin_add_overflow(b->len, n, &need) || need > b->max ||
	    __builtin_add_overflow(need, 1, &need))
		goto fail;
	if (need <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need) {
		if (__builtin_mul_overflow(cap, 2, &cap))
			goto fail;
	}
	if (b->max < SIZE_MAX && cap > b->max + 1)
		cap = b->max + 1;
	char *p = realloc(b->data, cap);
	if (p == NULL)
		goto fail;
	b->data = p;
	b->cap = cap;
	return true;
fail:
	b->failed = true;
	return false;
}

bool buf_append(buf *b, const void *p, size_t n)
{
	if (!grow(b, n))
		return false;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return true;
}

bool buf_puts(buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

bool buf_putc(buf *b, char c)
{
	return buf_append(b, &c, 1);
}

bool buf_printf(buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	bool ok = n >= 0 && grow(b, (size_t)n);
	if (ok) {
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
		b->len += (size_t)n;
	} else {
		b->failed = true;
	}
	va_end(ap);
	return ok;
}

bool buf_append_html(buf *b, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_append(b, s + start, i - start);
		buf_puts(b, rep);
		start = i + 1;
	}
	return buf_append(b, s + start, n - start);
}

char *buf_steal(buf *b, size_t *len)
{
	char *p = b->data;
	if (len != NULL)
		*len = b->len;
	buf_init(b, b->max);
	return p;
}
