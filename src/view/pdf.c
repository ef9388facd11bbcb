/*
 * pdf.c - A4 documents with cairo's PDF surface and pango's layout (pdf.h).
 *
 * Blocks flow down the page from the top margin. A paragraph is laid out
 * once and drawn line by line, so a long one continues on the next page
 * instead of running off the bottom. Pango's default font map is per
 * thread (pango >= 1.32), so documents can be written by every request
 * thread at once.
 */
#include "view/pdf.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "view/locale.h"
#include "view/pdf_int.h"

#define CELL_PAD 3.0
#define PDF_MAX (64u << 20)              /* a document's bytes at most */

static cairo_status_t write_bytes(void *closure, const unsigned char *data, unsigned int len)
{
	buf *b = closure;
	return buf_append(b, data, len) ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static bool usable(pdf *d)
{
	if (d == NULL)
		return false;
	if (!d->failed && cairo_status(d->cr) != CAIRO_STATUS_SUCCESS) {
		d->reason = cairo_status_to_string(cairo_status(d->cr));
		d->failed = true;
	}
	return !d->failed;
}

/* A layout of text in the given size and weight, width w points. */
static PangoLayout *layout(pdf *d, const char *text, double size, bool bold, double w)
{
	PangoLayout *l = pango_cairo_create_layout(d->cr);
	PangoFontDescription *f = pango_font_description_new();
	pango_font_description_set_family(f, FACE);
	pango_font_description_set_absolute_size(f, size * PANGO_SCALE);
	pango_font_description_set_weight(f, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, f);
	pango_font_description_free(f);
	pango_layout_set_width(l, (int)(w * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(l, text ? text : "", -1);
	return l;
}

static double height(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

static void footer(pdf *d)
{
	const char *names[] = { "n" }, *values[] = { arena_printf(d->a, "%d", d->page) };
	const char *number = locale_fill(d->a, "pdf.page", names, values, 1);
	const char *text = d->footer ? arena_printf(d->a, "%s · %s", d->footer, number ? number : "")
	                             : number;
	PangoLayout *l = layout(d, text ? text : "", 7.5, false, TEXT_W);
	cairo_set_source_rgb(d->cr, 0.4, 0.4, 0.4);
	cairo_move_to(d->cr, MARGIN, PAGE_H - MARGIN);
	pango_cairo_show_layout(d->cr, l);
	g_object_unref(l);
}

static void new_page(pdf *d)
{
	footer(d);
	cairo_show_page(d->cr);
	d->page++;
	d->y = MARGIN;
}

/* Draws l at x line by line, breaking pages between lines. */
static void flow(pdf *d, PangoLayout *l, double x, double r, double g, double b)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	double top = 0; /* the layout's y of the first line on this page */
	bool first = true;
	do {
		PangoRectangle rect;
		pango_layout_iter_get_line_extents(it, NULL, &rect);
		double ly = (double)rect.y / PANGO_SCALE, lh = (double)rect.height / PANGO_SCALE;
		if (first)
			top = ly;
		if (!first && d->y + (ly - top) + lh > BOTTOM) {
			d->y += ly - top;
			new_page(d);
			top = ly;
		}
		first = false;
		double base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		cairo_set_source_rgb(d->cr, r, g, b);
		cairo_move_to(d->cr, x + (double)rect.x / PANGO_SCALE, d->y + (base - top)); /* x: alignment */
		pango_cairo_show_layout_line(d->cr, pango_layout_iter_get_line_readonly(it));
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	d->y += height(l) - top;
}

/* Starts a new page when a block of height h would not fit (and is not
 * already at the top). */
static void room_for(pdf *d, double h)
{
	if (d->y > MARGIN && d->y + h > BOTTOM)
		new_page(d);
}

pdf *pdf_begin(arena *a, const char *title, const char *foot)
{
	pdf *d = arena_calloc(a, 1, sizeof(*d));
	if (d == NULL)
		return NULL;
	d->a = a;
	d->footer = foot && foot[0] ? arena_strdup(a, foot) : NULL;
	d->page = 1;
	d->y = MARGIN;
	buf_init(&d->bytes, PDF_MAX);
	d->surface = cairo_pdf_surface_create_for_stream(write_bytes, &d->bytes, PAGE_W, PAGE_H);
	d->cr = cairo_create(d->surface);
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_TITLE, title ? title : "");
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR, "terbuka");
	usable(d);
	return d;
}

static void block(pdf *d, const char *text, double size, bool bold, double grey, double after)
{
	if (!usable(d))
		return;
	PangoLayout *l = layout(d, text, size, bold, TEXT_W);
	PangoLayoutLine *line = pango_layout_get_line_readonly(l, 0);
	PangoRectangle r;
	pango_layout_line_get_extents(line, NULL, &r);
	room_for(d, (double)r.height / PANGO_SCALE); /* never a lone heading at a page's foot */
	flow(d, l, MARGIN, grey, grey, grey);
	g_object_unref(l);
	d->y += after;
}

void pdf_title(pdf *d, const char *text) { block(d, text, 16, true, 0, 2 * GAP); }
void pdf_heading(pdf *d, const char *text)
{
	if (d != NULL && d->y > MARGIN)
		d->y += GAP;
	/* a heading keeps at least three lines of what follows with it */
	if (usable(d))
		room_for(d, 48);
	block(d, text, 11.5, true, 0, GAP);
}
void pdf_text(pdf *d, const char *text) { block(d, text, 10, false, 0.1, GAP); }
void pdf_note(pdf *d, const char *text) { block(d, text, 8, false, 0.4, GAP); }

void pdf_grid(pdf *d, const unsigned char *cells, int n, double mm)
{
	if (!usable(d) || cells == NULL || n <= 0 || n > 512)
		return;
	double side = mm * MM, cell = side / (n + 8); /* a quiet zone of four cells each side */
	room_for(d, side);
	double x0 = MARGIN + (TEXT_W - side) / 2 + 4 * cell, y0 = d->y + 4 * cell;
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	for (int y = 0; y < n; y++)
		for (int x = 0; x < n; x++)
			if (cells[y * n + x] & 1)
				cairo_rectangle(d->cr, x0 + x * cell, y0 + y * cell, cell + 0.01, cell + 0.01);
	cairo_fill(d->cr);
	d->y += side + GAP;
}

void pdf_centered(pdf *d, const char *text, double size, bool bold)
{
	if (!usable(d))
		return;
	PangoLayout *l = layout(d, text, size, bold, TEXT_W);
	pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	room_for(d, height(l));
	flow(d, l, MARGIN, 0.05, 0.05, 0.05);
	g_object_unref(l);
	d->y += GAP;
}

void pdf_space(pdf *d, double mm)
{
	if (usable(d))
		d->y += mm * MM;
}

void pdf_field(pdf *d, const char *label, const char *value)
{
	if (!usable(d))
		return;
	const double lw = TEXT_W * 0.32;
	PangoLayout *ll = layout(d, label, 9, true, lw - 6);
	PangoLayout *vl = layout(d, value && value[0] ? value : "-", 10, false, TEXT_W - lw);
	room_for(d, height(ll));
	double top = d->y;
	cairo_set_source_rgb(d->cr, 0.25, 0.25, 0.25);
	cairo_move_to(d->cr, MARGIN, top + 1);
	pango_cairo_show_layout(d->cr, ll);
	flow(d, vl, MARGIN + lw, 0.1, 0.1, 0.1);
	if (d->y < top + height(ll))
		d->y = top + height(ll);
	d->y += GAP;
	g_object_unref(ll);
	g_object_unref(vl);
}

/* One table row: each cell wrapped in its column; grey rule below. */
static void row(pdf *d, size_t ncols, const double *widths, const char *const *cells, bool head)
{
	PangoLayout *ls[PDF_MAX_COLUMNS];
	double h = 0;
	for (size_t c = 0; c < ncols; c++) {
		ls[c] = layout(d, cells[c] ? cells[c] : "", 8.5, head, widths[c] * TEXT_W - 2 * CELL_PAD);
		if (height(ls[c]) > h)
			h = height(ls[c]);
	}
	double x = MARGIN;
	for (size_t c = 0; c < ncols; c++) {
		cairo_set_source_rgb(d->cr, 0.1, 0.1, 0.1);
		cairo_move_to(d->cr, x + CELL_PAD, d->y + CELL_PAD);
		pango_cairo_show_layout(d->cr, ls[c]);
		x += widths[c] * TEXT_W;
		g_object_unref(ls[c]);
	}
	d->y += h + 2 * CELL_PAD;
	cairo_set_source_rgb(d->cr, head ? 0.2 : 0.75, head ? 0.2 : 0.75, head ? 0.2 : 0.75);
	cairo_set_line_width(d->cr, head ? 0.8 : 0.4);
	cairo_move_to(d->cr, MARGIN, d->y);
	cairo_line_to(d->cr, MARGIN + TEXT_W, d->y);
	cairo_stroke(d->cr);
}

static double row_height(pdf *d, size_t ncols, const double *widths, const char *const *cells, bool head)
{
	double h = 0;
	for (size_t c = 0; c < ncols; c++) {
		PangoLayout *l = layout(d, cells[c] ? cells[c] : "", 8.5, head, widths[c] * TEXT_W - 2 * CELL_PAD);
		if (height(l) > h)
			h = height(l);
		g_object_unref(l);
	}
	return h + 2 * CELL_PAD;
}

void pdf_table(pdf *d, size_t ncols, const double *widths, const char *const *cells, size_t nrows)
{
	if (!usable(d) || ncols == 0 || ncols > PDF_MAX_COLUMNS || nrows == 0)
		return;
	room_for(d, row_height(d, ncols, widths, cells, true) * 2);
	row(d, ncols, widths, cells, true);
	for (size_t r = 1; r < nrows; r++) {
		const char *const *line = cells + r * ncols;
		if (d->y + row_height(d, ncols, widths, line, false) > BOTTOM) {
			new_page(d);
			row(d, ncols, widths, cells, true);
		}
		row(d, ncols, widths, line, false);
	}
	d->y += GAP * 2;
}

void pdf_marked(pdf *d, const char *text, const pdf_span *spans, size_t nspans, const char *const *notes)
{
	if (!usable(d))
		return;
	buf shown;
	buf_init(&shown, PDF_MAX);
	PangoAttrList *attrs = pango_attr_list_new();
	size_t at = 0, len = strlen(text);
	for (size_t i = 0; i < nspans && spans[i].start >= at && spans[i].end <= len; i++) {
		buf_append(&shown, text + at, spans[i].end - at);
		at = spans[i].end;
		if (notes == NULL || notes[i] == NULL)
			continue;
		size_t from = shown.len;
		buf_puts(&shown, notes[i]);
		PangoAttribute *rise = pango_attr_rise_new(4 * PANGO_SCALE);
		PangoAttribute *scale = pango_attr_scale_new(0.7);
		rise->start_index = scale->start_index = (guint)from;
		rise->end_index = scale->end_index = (guint)shown.len;
		pango_attr_list_insert(attrs, rise);
		pango_attr_list_insert(attrs, scale);
	}
	buf_append(&shown, text + at, len - at);
	buf_putc(&shown, '\0');
	if (buf_failed(&shown)) {
		d->failed = true;
		d->reason = "marked text larger than its limit";
	} else {
		PangoLayout *l = layout(d, shown.data, 10, false, TEXT_W);
		pango_layout_set_attributes(l, attrs);
		flow(d, l, MARGIN, 0, 0, 0);
		g_object_unref(l);
		d->y += GAP;
	}
	pango_attr_list_unref(attrs);
	buf_free(&shown);
}

int pdf_end(pdf *d, buf *out, const char **reason)
{
	if (d == NULL) {
		*reason = "out of memory";
		return -1;
	}
	if (usable(d))
		footer(d);
	cairo_destroy(d->cr);
	cairo_surface_finish(d->surface);
	cairo_status_t st = cairo_surface_status(d->surface);
	cairo_surface_destroy(d->surface);
	if (st != CAIRO_STATUS_SUCCESS && !d->failed) {
		d->reason = cairo_status_to_string(st);
		d->failed = true;
	}
	if (!d->failed && buf_failed(&d->bytes)) {
		d->reason = "document larger than its limit";
		d->failed = true;
	}
	if (d->failed) {
		*reason = d->reason ? d->reason : "cairo failed";
		buf_free(&d->bytes);
		return -1;
	}
	*out = d->bytes;
	return 0;
}

bool pdf_int_usable(pdf *d) { return usable(d); }
void pdf_int_new_page(pdf *d) { new_page(d); }
void pdf_int_room_for(pdf *d, double h) { room_for(d, h); }

void pdf_free(void)
{
	/* Not FcFini() or cairo_debug_reset_static_data(): pango (>= 1.48)
	 * loads fontconfig in a thread of its own, and tearing fontconfig or
	 * cairo's font caches down under it aborted at exit (an assertion in
	 * CI). The configuration fontconfig keeps for the process is left to
	 * the exit; tests/lsan.supp names it. */
	pango_cairo_font_map_set_default(NULL);
}
