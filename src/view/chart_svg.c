/*
 * chart_svg.c - a chart's layout written as an inline SVG (chart.h).
 *
 * Presentation attributes only (the site's CSP allows no style attribute
 * or element), every text through xml_append_text, the font stack of
 * site.css on the root. The virtual space is 340 units wide, about a
 * phone's content width, so 12-unit labels stay near 12 px on a 360 px
 * screen; wider screens scale it up (site.css caps its width).
 */
#include "view/chart.h"

#include <string.h>

#include "core/buf.h"
#include "view/chart_int.h"
#include "view/xml.h"

#define SVG_W 340.0
#define SVG_MAX (4u << 20)

static bool id_ok(const char *id)
{
	size_t n = id ? strlen(id) : 0;
	if (n < 1 || n > 40)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= '0' && id[i] <= '9') || id[i] == '-'))
			return false;
	return true;
}

static void colour(buf *b, int paint)
{
	unsigned rgb = paint >= PAINT_SERIES ? chart_styles[paint - PAINT_SERIES].rgb : chart_paint_rgb[paint];
	buf_printf(b, "#%06x", rgb & 0xFFFFFFu);
}

static void series_fill(buf *b, const char *id, int paint)
{
	int s = paint - PAINT_SERIES;
	if (s >= 0 && chart_styles[s].hatch) {
		buf_printf(b, " fill=\"url(#%s-h%d)\" stroke=\"", id, s);
		colour(b, paint);
		buf_puts(b, "\" stroke-width=\"1\"");
	} else {
		buf_puts(b, " fill=\"");
		colour(b, paint);
		buf_puts(b, "\"");
	}
}

static void mark(buf *b, const cprim *p)
{
	int shape = chart_styles[p->paint - PAINT_SERIES].marker;
	double r = p->r;
	if (shape == 1)
		buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"", p->x - r * 0.9,
		           p->y - r * 0.9, r * 1.8, r * 1.8);
	else if (shape == 2)
		buf_printf(b, "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fZ\"", p->x, p->y - r * 1.15,
		           p->x + r * 1.1, p->y + r * 0.8, p->x - r * 1.1, p->y + r * 0.8);
	else
		buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"", p->x, p->y, r);
	buf_puts(b, " fill=\"");
	colour(b, p->paint);
	buf_puts(b, "\" stroke=\"#ffffff\" stroke-width=\"1.2\"/>");
}

static void prim(buf *b, const char *id, const cprim *p)
{
	static const char *anchors[] = { "start", "middle", "end" };
	switch (p->kind) {
	case CP_RECT:
		buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"", p->x, p->y, p->w, p->h);
		series_fill(b, id, p->paint);
		buf_puts(b, "/>");
		break;
	case CP_LINE:
		buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"", p->x, p->y, p->x2, p->y2);
		colour(b, p->paint);
		if (p->paint >= PAINT_SERIES) {
			int dash = chart_styles[p->paint - PAINT_SERIES].dash;
			buf_puts(b, "\" stroke-width=\"2.5");
			if (dash)
				buf_printf(b, "\" stroke-dasharray=\"%d %d", dash, dash > 2 ? 3 : 2);
		}
		buf_puts(b, "\"/>");
		break;
	case CP_PATH: {
		int dash = chart_styles[p->paint - PAINT_SERIES].dash;
		buf_puts(b, "<polyline points=\"");
		for (size_t i = 0; i < p->npts; i++)
			buf_printf(b, "%s%.1f,%.1f", i ? " " : "", p->pts[2 * i], p->pts[2 * i + 1]);
		buf_puts(b, "\" fill=\"none\" stroke-width=\"2.5\" stroke-linejoin=\"round\" stroke=\"");
		colour(b, p->paint);
		if (dash)
			buf_printf(b, "\" stroke-dasharray=\"%d %d", dash, dash > 2 ? 3 : 2);
		buf_puts(b, "\"/>");
		break;
	}
	case CP_MARK:
		mark(b, p);
		break;
	case CP_TEXT:
		buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%g\"%s", p->x, p->y, p->size,
		           p->bold ? " font-weight=\"600\"" : "");
		if (p->anchor != ANCHOR_START)
			buf_printf(b, " text-anchor=\"%s\"", anchors[p->anchor]);
		buf_puts(b, " fill=\"");
		colour(b, p->paint);
		buf_puts(b, "\">");
		xml_append_text(b, p->text, strlen(p->text));
		buf_puts(b, "</text>");
		break;
	}
}

const char *chart_svg(arena *a, const chart *c, const char *id)
{
	if (!id_ok(id))
		return NULL;
	chart_layout *l = chart_layout_make(a, c, SVG_W, 0);
	if (l == NULL)
		return NULL;
	buf b;
	buf_init(&b, SVG_MAX);
	buf_printf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"%s-t %s-d\""
	               " viewBox=\"0 0 %.0f %.0f\" width=\"100%%\" font-family=\"" CHART_FONT "\">",
	           id, id, l->w, l->h);
	buf_printf(&b, "<title id=\"%s-t\">", id);
	xml_append_text(&b, c->title, strlen(c->title));
	buf_printf(&b, "</title><desc id=\"%s-d\">", id);
	if (c->desc)
		xml_append_text(&b, c->desc, strlen(c->desc));
	buf_puts(&b, "</desc>");
	bool defs = false;
	for (size_t s = 0; s < c->nseries; s++) {
		if (!chart_styles[s].hatch || c->kind == CHART_LINES)
			continue;
		if (!defs)
			buf_puts(&b, "<defs>");
		defs = true;
		buf_printf(&b, "<pattern id=\"%s-h%zu\" patternUnits=\"userSpaceOnUse\" width=\"4\" height=\"4\""
		               " patternTransform=\"rotate(45)\"><rect width=\"4\" height=\"4\" fill=\"#ffffff\"/>"
		               "<rect width=\"2.4\" height=\"4\" fill=\"#%06x\"/></pattern>",
		           id, s, chart_styles[s].rgb);
	}
	if (defs)
		buf_puts(&b, "</defs>");
	for (size_t i = 0; i < l->n; i++)
		prim(&b, id, &l->p[i]);
	buf_puts(&b, "</svg>");
	const char *out = buf_failed(&b) ? NULL : arena_strndup(a, b.data, b.len);
	buf_free(&b);
	return out;
}
