/*
 * buf.h - a growable byte buffer with a maximum size and a sticky error.
 *
 * Output (response bodies, rendered templates, log lines) is built here.
 * The buffer is heap-backed so that a finished body can be handed to MHD
 * without a copy (buf_steal). Once an append fails (past max, or out of
 * memory) every later append is a no-op and buf_failed() stays true: the
 * caller checks once, at the end.
 */
#ifndef TERBUKA_BUF_H
#define TERBUKA_BUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct buf {
	char *data; /* NUL-terminated after any successful append; NULL before */
	size_t len;
	size_t cap;
	size_t max;
	bool failed;
} buf;

/* An empty buffer that will refuse to grow past max bytes. */
void buf_init(buf *b, size_t max);
void buf_free(buf *b);
/* Forget the contents, keep the memory and the max; clears the error. */
void buf_reset(buf *b);
bool buf_append(buf *b, const void *p, size_t n);
bool buf_puts(buf *b, const char *s);
bool buf_putc(buf *b, char c);
bool buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s with & < > " ' escaped for HTML text and attribute values. */
bool buf_append_html(buf *b, const char *s, size_t n);
static inline bool buf_failed(const buf *b) { return b->failed; }
/* Hands the malloc'd bytes to the caller (free() them); the buffer is emptied. */
char *buf_steal(buf *b, size_t *len);

#endif
