/*
 * pdf.h - printable documents (A4 PDF) drawn with cairo and laid out with
 * pango: a notice, a report, a released document with its blacked-out
 * parts. The writer flows blocks down the page and starts a new page when
 * one does not fit; every page carries the document's footer line and its
 * page number ("Halaman 2"). Text is always plain UTF-8, never pango markup,
 * so what a person typed cannot change the layout. The face is Noto Sans
 * (Debian's fonts-noto-core) through fontconfig; cairo embeds the subset
 * it uses, so the file reads the same on any machine.
 *
 * Usage: pdf_begin, any number of blocks, pdf_end. A failed cairo call
 * makes every later call a no-op and pdf_end return -1. The page footer's
 * "Halaman {n}" is the locale's pdf.page.
 */
#ifndef TERBUKA_PDF_H
#define TERBUKA_PDF_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/buf.h"

typedef struct pdf pdf;

#define PDF_MAX_COLUMNS 32

/* A marked part of a text: bytes [start, end), on UTF-8 character
 * boundaries, not overlapping, in order. */
typedef struct pdf_span {
	size_t start, end;
} pdf_span;

/* A new document; title goes in the file's metadata, footer (may be NULL)
 * at the bottom of every page. The writer's memory is a's; pdf_end must be
 * called to release cairo's. */
pdf *pdf_begin(arena *a, const char *title, const char *footer);

/* A title line (bold, large) and a section heading (bold). */
void pdf_title(pdf *d, const char *text);
void pdf_heading(pdf *d, const char *text);
/* A paragraph, wrapped to the page; '\n' starts a new line. */
void pdf_text(pdf *d, const char *text);
/* A smaller, grey paragraph (notes, sources, legal references). */
void pdf_note(pdf *d, const char *text);
/* One "label: value" row: the label in a narrow bold column, the value
 * wrapped beside it. NULL or "" value prints "-". */
void pdf_field(pdf *d, const char *label, const char *value);
/* A table of nrows rows of ncols cells (row-major, cells[r * ncols + c]),
 * the first row the header (bold, repeated on each new page); at most
 * PDF_MAX_COLUMNS columns. widths are
 * the columns' shares of the text width (they should add up to 1). */
void pdf_table(pdf *d, size_t ncols, const double *widths, const char *const *cells, size_t nrows);
/* A paragraph with marked spans (a released document's blacked-out
 * parts, already replaced by the caller: this writer never sees removed
 * text), each followed by its note's number (notes[i], e.g. "1") raised
 * and small, when notes is not NULL. */
void pdf_marked(pdf *d, const char *text, const pdf_span *spans, size_t nspans, const char *const *notes);
/* An n x n grid of square cells (a QR code's modules: cells[y * n + x],
 * bit 0 set is black), mm wide with a quiet zone, centred. */
void pdf_grid(pdf *d, const unsigned char *cells, int n, double mm);
/* A centred line or paragraph in size points (a poster's big type). */
void pdf_centered(pdf *d, const char *text, double size, bool bold);
/* A chart (view/chart.h) with its title above, the full text width: the
 * same picture as the page's SVG. It starts a new page when it does not
 * fit; a bar chart taller than a page continues on the next ones with the
 * same scale. An invalid chart fails the document. */
struct chart;
void pdf_chart(pdf *d, const struct chart *c);
/* Vertical space in millimetres. */
void pdf_space(pdf *d, double mm);

/* Finishes the document into out (the PDF bytes, a heap buffer the caller
 * frees or hands on, e.g. to response_set_buf). 0, or -1 when anything
 * failed, with *reason a static one-line text for the caller's log line
 * (which carries the request id). Always releases cairo's memory. */
int pdf_end(pdf *d, buf *out, const char **reason);

/* Releases this thread's pango font map (the main thread's: pango frees
 * every other thread's when it ends). Call once at exit. fontconfig's
 * process-wide configuration is not freed (see pdf.c). */
void pdf_free(void);

#endif
