/*
 * pdf_int.h - the A4 writer's internals shared inside view/ (pdf.c and
 * pdf_chart.c, which draws charts into the same flow). Not for anything
 * else: other code writes documents through pdf.h.
 */
#ifndef TERBUKA_PDF_INT_H
#define TERBUKA_PDF_INT_H

#include <cairo.h>
#include <pango/pangocairo.h>

#include "view/pdf.h"

#define MM 2.834645669                  /* points in a millimetre */
#define PAGE_W (210.0 * MM)
#define PAGE_H (297.0 * MM)
#define MARGIN (20.0 * MM)
#define TEXT_W (PAGE_W - 2 * MARGIN)
#define BOTTOM (PAGE_H - MARGIN - 8.0 * MM) /* the footer sits below */
#define FACE "Noto Sans"
#define GAP 4.0                          /* points between blocks */

struct pdf {
	arena *a;
	buf bytes;
	cairo_surface_t *surface;
	cairo_t *cr;
	const char *footer;
	double y;
	int page;
	bool failed;
	const char *reason; /* why it failed (static text) */
};

/* False once anything failed (and records cairo's reason). */
bool pdf_int_usable(pdf *d);
/* Ends the page (its footer) and starts the next at the top margin. */
void pdf_int_new_page(pdf *d);
/* A new page when h points do not fit below (and not already at the top). */
void pdf_int_room_for(pdf *d, double h);

#endif
