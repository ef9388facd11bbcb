/*
 * card.c - share cards drawn with cairo and pango (card.h).
 *
 * One layout for the three sizes: a band in the brand's green with the
 * logo (or the department's initials), the site's name and the kind; the
 * title in bold; the body under its label; a badge, a figure and a
 * progress bar when the card has them; the department and the short link
 * at the foot. Every block has a number of lines it may take and pango
 * ends the last one in an ellipsis, so nothing a person typed can push a
 * block over the next. Sizes scale from the 1200-wide preview by the
 * width, and the tall story gives the title and body more lines.
 */
#include "share/card.h"

#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#define CARD_MAX_PNG (4u << 20)
#define FACE "Noto Sans"

static const struct {
	const char *name;
	int w, h;
	int title_lines, body_lines;
} sizes[CARD_SIZES] = {
	[CARD_PREVIEW] = { "pratinjau", 1200, 630, 2, 3 },
	[CARD_SQUARE] = { "kotak", 1080, 1080, 4, 8 },
	[CARD_STORY] = { "cerita", 1080, 1920, 6, 16 },
};

bool card_size_named(const char *name, card_size *out)
{
	for (int i = 0; name != NULL && i < CARD_SIZES; i++) {
		if (strcmp(name, sizes[i].name) == 0) {
			*out = (card_size)i;
			return true;
		}
	}
	return false;
}

void card_dimensions(card_size size, int *width, int *height)
{
	*width = sizes[size].w;
	*height = sizes[size].h;
}

const char *card_size_name(card_size size)
{
	return sizes[size].name;
}

typedef struct pen {
	cairo_t *cr;
	double u;       /* one unit: the width / 1200 */
	double x, w;    /* the text column */
	double y;       /* the next block's top */
} pen;

static void rgb(cairo_t *cr, unsigned hex)
{
	cairo_set_source_rgb(cr, ((hex >> 16) & 0xff) / 255.0, ((hex >> 8) & 0xff) / 255.0, (hex & 0xff) / 255.0);
}

/* s as one paragraph (pango limits lines per paragraph): line breaks and
 * runs of blanks become one space, markdown's emphasis and heading marks
 * go, and a list item's dash becomes a middle dot. malloc'd. */
static char *one_line(const char *s)
{
	size_t n = strlen(s);
	char *out = malloc(2 * n + 1), *o = out;
	if (out == NULL)
		return NULL;
	bool blank = false, line_start = true;
	for (const char *p = s; *p; p++) {
		char c = *p;
		if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
			blank = o > out;
			line_start = line_start || c == '\n';
			continue;
		}
		if (c == '*' || c == '#' || c == '_' || c == '`' || (c == '>' && line_start))
			continue;
		if (line_start && c == '-' && p[1] == ' ') { /* "- item" */
			if (o > out) {
				memcpy(o, " \xC2\xB7", 3); /* " ·" */
				o += 3;
			}
			line_start = false;
			continue;
		}
		if (blank)
			*o++ = ' ';
		blank = line_start = false;
		*o++ = c;
	}
	*o = '\0';
	return out;
}

/* Lays text out in the column at size px (in units), at most lines lines
 * ending in an ellipsis, and draws it at the pen; returns its height. */
static double text_aligned(pen *p, const char *s, double size, bool bold, int lines, unsigned color,
                           PangoAlignment align)
{
	if (s == NULL || s[0] == '\0')
		return 0;
	PangoLayout *l = pango_cairo_create_layout(p->cr);
	PangoFontDescription *f = pango_font_description_new();
	pango_font_description_set_family(f, FACE);
	pango_font_description_set_absolute_size(f, size * p->u * PANGO_SCALE);
	pango_font_description_set_weight(f, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, f);
	pango_font_description_free(f);
	pango_layout_set_width(l, (int)(p->w * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_height(l, -lines);
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	pango_layout_set_auto_dir(l, TRUE);
	pango_layout_set_alignment(l, align);
	char *flat = one_line(s);
	pango_layout_set_text(l, flat ? flat : "", -1);
	free(flat);
	int w, h;
	pango_layout_get_size(l, &w, &h);
	rgb(p->cr, color);
	cairo_move_to(p->cr, p->x, p->y);
	pango_cairo_show_layout(p->cr, l);
	g_object_unref(l);
	return (double)h / PANGO_SCALE;
}

static double text(pen *p, const char *s, double size, bool bold, int lines, unsigned color)
{
	return text_aligned(p, s, size, bold, lines, color, PANGO_ALIGN_LEFT);
}

static void rounded(cairo_t *cr, double x, double y, double w, double h, double r)
{
	cairo_new_sub_path(cr);
	cairo_arc(cr, x + w - r, y + r, r, -G_PI / 2, 0);
	cairo_arc(cr, x + w - r, y + h - r, r, 0, G_PI / 2);
	cairo_arc(cr, x + r, y + h - r, r, G_PI / 2, G_PI);
	cairo_arc(cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
	cairo_close_path(cr);
}

/* The logo scaled into a square of side s at (x, y), or the initials. */
static void mark(pen *p, const card *c, double x, double y, double s)
{
	cairo_t *cr = p->cr;
	rounded(cr, x, y, s, s, s * 0.12);
	rgb(cr, 0xffffff);
	cairo_fill(cr);
	if (c->logo != NULL && c->logo_width > 0 && c->logo_height > 0) {
		cairo_surface_t *img = cairo_image_surface_create_for_data((unsigned char *)c->logo, CAIRO_FORMAT_ARGB32,
		                                                           c->logo_width, c->logo_height, c->logo_stride);
		double inner = s * 0.84, k = inner / (c->logo_width > c->logo_height ? c->logo_width : c->logo_height);
		cairo_save(cr);
		cairo_translate(cr, x + (s - c->logo_width * k) / 2, y + (s - c->logo_height * k) / 2);
		cairo_scale(cr, k, k);
		cairo_set_source_surface(cr, img, 0, 0);
		cairo_paint(cr);
		cairo_restore(cr);
		cairo_surface_destroy(img);
		return;
	}
	char two[16] = "";
	const char *in = c->initials && c->initials[0] ? c->initials : c->site;
	for (size_t i = 0, o = 0; in != NULL && in[i] && o < 4; i++) /* at most four ASCII letters */
		if ((unsigned char)in[i] < 0x80 && in[i] != ' ')
			two[o++] = in[i];
	PangoLayout *l = pango_cairo_create_layout(cr);
	PangoFontDescription *f = pango_font_description_from_string(FACE " Bold");
	pango_font_description_set_absolute_size(f, s * (strlen(two) > 2 ? 0.26 : 0.4) * PANGO_SCALE);
	pango_layout_set_font_description(l, f);
	pango_font_description_free(f);
	pango_layout_set_text(l, two, -1);
	int w, h;
	pango_layout_get_size(l, &w, &h);
	rgb(cr, 0x0b5d3b);
	cairo_move_to(cr, x + (s - (double)w / PANGO_SCALE) / 2, y + (s - (double)h / PANGO_SCALE) / 2);
	pango_cairo_show_layout(cr, l);
	g_object_unref(l);
}

static void band(pen *p, const card *c, double height)
{
	rgb(p->cr, 0x0b5d3b);
	cairo_rectangle(p->cr, 0, 0, p->x * 2 + p->w, height);
	cairo_fill(p->cr);
	double s = height * 0.62;
	mark(p, c, p->x, (height - s) / 2, s);
	pen t = { p->cr, p->u, p->x + s + 24 * p->u, p->w - s - 24 * p->u, height / 2 - 34 * p->u };
	t.y += text(&t, c->site, 30, true, 1, 0xffffff);
	text(&t, c->kind, 24, false, 1, 0xd9efe3);
}

static void progress(pen *p, double v)
{
	double h = 26 * p->u;
	rounded(p->cr, p->x, p->y, p->w, h, h / 2);
	rgb(p->cr, 0xe3e8ec);
	cairo_fill(p->cr);
	if (v > 0) {
		double w = p->w * (v > 1 ? 1 : v);
		rounded(p->cr, p->x, p->y, w < h ? h : w, h, h / 2);
		rgb(p->cr, 0x0b5d3b);
		cairo_fill(p->cr);
	}
	p->y += h + 16 * p->u;
}

/* The department and the short link: side by side on the wide preview,
 * one under the other on the narrower sizes. */
static void foot(pen *p, const card *c, double bottom, bool stacked)
{
	pen f = *p;
	f.y = bottom - (stacked ? 88 : 44) * p->u;
	rgb(p->cr, 0xd5dae0);
	cairo_rectangle(p->cr, p->x, f.y - 22 * p->u, p->w, 2 * p->u);
	cairo_fill(p->cr);
	if (stacked) {
		f.y += text(&f, c->agency, 24, true, 1, 0x4a5360) + 6 * p->u;
		text(&f, c->link, 24, false, 1, 0x0a4f9e);
		return;
	}
	f.w = p->w * 0.6;
	text(&f, c->agency, 24, true, 1, 0x4a5360);
	f.x = p->x + p->w * 0.62;
	f.w = p->w * 0.38;
	text_aligned(&f, c->link, 24, false, 1, 0x0a4f9e, PANGO_ALIGN_RIGHT);
}

static cairo_status_t write_png(void *closure, const unsigned char *data, unsigned int len)
{
	return buf_append(closure, data, len) ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

int card_png(const card *c, card_size size, buf *out, const char **why)
{
	int W = sizes[size].w, H = sizes[size].h;
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
	cairo_t *cr = cairo_create(s);
	/* squares and stories are seen small on a phone: their type is larger */
	double u = size == CARD_PREVIEW ? 1.0 : W / 1000.0;
	pen p = { cr, u, 64 * u, W - 128 * u, 0 };
	rgb(cr, 0xffffff);
	cairo_paint(cr);
	double top = (size == CARD_PREVIEW ? 120 : size == CARD_SQUARE ? 190 : 260) * p.u;
	band(&p, c, top);
	p.y = top + (size == CARD_STORY ? 120 : 44) * p.u;
	double gap = 20 * p.u;
	const double big = size == CARD_STORY ? 1.25 : 1.0; /* a story fills a whole phone screen */
	double t = text(&p, c->title, (size == CARD_PREVIEW ? 50 : 52) * big, true, sizes[size].title_lines, 0x1b1f24);
	p.y += t + (t > 0 ? gap : 0);
	if (c->badge && c->badge[0]) {
		p.y += text(&p, c->badge, 28, true, 1, 0x5c3d00) + gap / 2;
	}
	if (c->figure && c->figure[0]) {
		p.y += text(&p, c->figure_label, 24, false, 1, 0x4a5360);
		p.y += text(&p, c->figure, (size == CARD_PREVIEW ? 40 : 48) * big, true, 2, 0x0b5d3b) + gap / 2;
	}
	if (c->progress >= 0) {
		progress(&p, c->progress);
		p.y += text(&p, c->progress_label, 24, false, 1, 0x4a5360) + gap / 2;
	}
	if (c->body && c->body[0]) {
		p.y += text(&p, c->body_label, 24, true, 1, 0x0b5d3b) + 6 * p.u;
		double room = H - (size == CARD_PREVIEW ? 120 : 170) * p.u - p.y; /* the foot's place */
		int lines = sizes[size].body_lines;
		double body = (size == CARD_PREVIEW ? 30 : 32) * big, line = body * p.u * 1.45;
		if (room < lines * line)
			lines = room > line ? (int)(room / line) : 0;
		if (lines > 0)
			p.y += text(&p, c->body, body, false, lines, 0x1b1f24);
	}
	foot(&p, c, H - 20 * p.u, size != CARD_PREVIEW);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	int rc = -1;
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		*why = cairo_status_to_string(cairo_surface_status(s));
	} else {
		buf_init(out, CARD_MAX_PNG);
		cairo_status_t st = cairo_surface_write_to_png_stream(s, write_png, out);
		if (st != CAIRO_STATUS_SUCCESS || buf_failed(out)) {
			*why = st != CAIRO_STATUS_SUCCESS ? cairo_status_to_string(st) : "card larger than its limit";
			buf_free(out);
		} else {
			rc = 0;
		}
	}
	cairo_surface_destroy(s);
	return rc;
}
