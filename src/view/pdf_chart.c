/*
 * pdf_chart.c - a chart drawn into a printable document (pdf.h): the
 * layout of chart_layout.c, 600 units scaled to the text width (12-unit
 * labels become 9.6 pt), drawn with cairo, its texts with pango in the
 * document's face.
 */
#include <math.h>
#include <string.h>

#include "view/chart_int.h"
#include "view/pdf_int.h"

#define CHART_W 600.0

static void rgb(cairo_t *cr, int paint)
{
	unsigned c = paint >= PAINT_SERIES ? chart_styles[paint - PAINT_SERIES].rgb : chart_paint_rgb[paint];
	cairo_set_source_rgb(cr, ((c >> 16) & 0xFF) / 255.0, ((c >> 8) & 0xFF) / 255.0, (c & 0xFF) / 255.0);
}

static void dash(cairo_t *cr, int paint)
{
	int d = paint >= PAINT_SERIES ? chart_styles[paint - PAINT_SERIES].dash : 0;
	double on[2] = { d, d > 2 ? 3 : 2 };
	cairo_set_dash(cr, on, d ? 2 : 0, 0);
}

static void fill_rect(cairo_t *cr, const cprim *p)
{
	int s = p->paint - PAINT_SERIES;
	if (s < 0 || !chart_styles[s].hatch) {
		rgb(cr, p->paint);
		cairo_rectangle(cr, p->x, p->y, p->w, p->h);
		cairo_fill(cr);
		return;
	}
	/* stripes at 45 degrees every 4 units, 2.4 wide, as the SVG pattern */
	cairo_save(cr);
	cairo_rectangle(cr, p->x, p->y, p->w, p->h);
	cairo_clip(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	rgb(cr, p->paint);
	cairo_set_line_width(cr, 2.4);
	for (double t = -p->h; t < p->w + p->h; t += 4 * M_SQRT2) {
		cairo_move_to(cr, p->x + t, p->y + p->h);
		cairo_line_to(cr, p->x + t + p->h, p->y);
	}
	cairo_stroke(cr);
	cairo_restore(cr);
	rgb(cr, p->paint);
	cairo_set_line_width(cr, 1);
	cairo_rectangle(cr, p->x + 0.5, p->y + 0.5, p->w - 1 > 0 ? p->w - 1 : 0, p->h - 1 > 0 ? p->h - 1 : 0);
	cairo_stroke(cr);
}

static void mark(cairo_t *cr, const cprim *p)
{
	int shape = chart_styles[p->paint - PAINT_SERIES].marker;
	double r = p->r;
	if (shape == 1) {
		cairo_rectangle(cr, p->x - r * 0.9, p->y - r * 0.9, r * 1.8, r * 1.8);
	} else if (shape == 2) {
		cairo_move_to(cr, p->x, p->y - r * 1.15);
		cairo_line_to(cr, p->x + r * 1.1, p->y + r * 0.8);
		cairo_line_to(cr, p->x - r * 1.1, p->y + r * 0.8);
		cairo_close_path(cr);
	} else {
		cairo_new_sub_path(cr);
		cairo_arc(cr, p->x, p->y, r, 0, 2 * M_PI);
	}
	rgb(cr, p->paint);
	cairo_fill_preserve(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_set_line_width(cr, 1.2);
	cairo_set_dash(cr, NULL, 0, 0);
	cairo_stroke(cr);
}

static void text(cairo_t *cr, const cprim *p)
{
	PangoLayout *l = pango_cairo_create_layout(cr);
	PangoFontDescription *f = pango_font_description_new();
	pango_font_description_set_family(f, FACE);
	pango_font_description_set_absolute_size(f, p->size * PANGO_SCALE);
	pango_font_description_set_weight(f, p->bold ? PANGO_WEIGHT_SEMIBOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, f);
	pango_font_description_free(f);
	pango_layout_set_text(l, p->text, -1);
	PangoRectangle logical;
	pango_layout_get_extents(l, NULL, &logical);
	double w = (double)logical.width / PANGO_SCALE, base = (double)pango_layout_get_baseline(l) / PANGO_SCALE;
	double x = p->x - (p->anchor == ANCHOR_MIDDLE ? w / 2 : p->anchor == ANCHOR_END ? w : 0);
	rgb(cr, p->paint);
	cairo_move_to(cr, x, p->y - base);
	pango_cairo_show_layout(cr, l);
	cairo_new_path(cr); /* show_layout leaves the current point */
	g_object_unref(l);
}

static void draw(pdf *d, const chart_layout *l, double scale)
{
	cairo_t *cr = d->cr;
	cairo_save(cr);
	cairo_translate(cr, MARGIN, d->y);
	cairo_scale(cr, scale, scale);
	for (size_t i = 0; i < l->n; i++) {
		const cprim *p = &l->p[i];
		switch (p->kind) {
		case CP_RECT:
			fill_rect(cr, p);
			break;
		case CP_LINE:
		case CP_PATH:
			rgb(cr, p->paint);
			cairo_set_line_width(cr, p->paint >= PAINT_SERIES ? 2.5 : 1);
			dash(cr, p->paint);
			cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
			cairo_new_path(cr);
			if (p->kind == CP_LINE) {
				cairo_move_to(cr, p->x, p->y);
				cairo_line_to(cr, p->x2, p->y2);
			} else {
				for (size_t j = 0; j < p->npts; j++)
					cairo_line_to(cr, p->pts[2 * j], p->pts[2 * j + 1]);
			}
			cairo_stroke(cr);
			cairo_set_dash(cr, NULL, 0, 0);
			break;
		case CP_MARK:
			mark(cr, p);
			break;
		case CP_TEXT:
			text(cr, p);
			break;
		}
	}
	cairo_restore(cr);
	d->y += l->h * scale + GAP;
}

void pdf_chart(pdf *d, const struct chart *c)
{
	if (!pdf_int_usable(d))
		return;
	const double scale = TEXT_W / CHART_W, page = BOTTOM - MARGIN - 40;
	chart_layout *l = chart_layout_make(d->a, c, CHART_W, 0);
	if (l == NULL) {
		d->failed = true;
		d->reason = chart_valid(c) ? "out of memory for a chart" : "invalid chart";
		return;
	}
	if (c->kind != CHART_BARS || l->h * scale <= page) {
		pdf_int_room_for(d, l->h * scale + 30);
		pdf_heading(d, c->title);
		draw(d, l, scale);
		return;
	}
	/* a bar chart taller than a page: pieces of rows, one scale */
	pdf_int_room_for(d, page / 2);
	pdf_heading(d, c->title);
	double top = l->top, row = l->h / (double)c->ncats;
	size_t at = 0;
	while (at < c->ncats && pdf_int_usable(d)) {
		double room = BOTTOM - d->y;
		size_t m = (size_t)(room / scale / row) + 1;
		chart part = *c;
		chart_layout *pl = NULL;
		for (;; m--) {
			if (m > c->ncats - at)
				m = c->ncats - at;
			part.ncats = m;
			part.cats = c->cats + at;
			for (size_t s = 0; s < c->nseries; s++)
				part.values[s] = c->values[s] + at;
			pl = chart_layout_make(d->a, &part, CHART_W, top);
			if (pl == NULL || pl->h * scale <= room || m == 1)
				break;
		}
		if (pl == NULL) {
			d->failed = true;
			d->reason = "out of memory for a chart";
			return;
		}
		if (pl->h * scale > room && d->y > MARGIN) { /* not even one row: next page */
			pdf_int_new_page(d);
			continue;
		}
		draw(d, pl, scale);
		at += m;
		if (at < c->ncats)
			pdf_int_new_page(d);
	}
}
