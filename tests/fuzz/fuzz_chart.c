/*
 * fuzz_chart.c - fuzzes chart_svg (src/view/chart*.c): whatever the
 * labels, values and kinds, the SVG is well formed (tests/unit/view/
 * svg_check.h: nesting, escaping, UTF-8, one title and desc named by
 * aria-labelledby), never holds "nan" or "inf", and every value formats.
 *
 * Input: byte 0 kind, 1 format, 2 series (1-3), 3 flags (bit 0: fixed
 * max, bits 1-3: a power of ten for the values), 4 categories (0-255;
 * 255 means CHART_MAX_CATEGORIES); then 2 bytes per value (0xFFFF NAN,
 * 0xFFFE infinity, 0xFFFD 1e15, 0xFFFC negative), then NUL-separated
 * texts: title, description, series names, category labels.
 */
#include <math.h>

#include "core/arena.h"
#include "fuzz.h"
#include "view/chart.h"
#include "../unit/view/svg_check.h"

static double value(const uint8_t *p)
{
	unsigned v = (unsigned)p[0] << 8 | p[1];
	switch (v) {
	case 0xFFFF: return NAN;
	case 0xFFFE: return INFINITY;
	case 0xFFFD: return 1e15;
	case 0xFFFC: return -5;
	default: return v;
	}
}

/* No attribute value (all ours: texts are escaped, so '="' never comes
 * from a label) holds "nan" or "inf". */
static bool numbers_finite(const char *svg)
{
	for (const char *q = svg; (q = strstr(q, "=\"")) != NULL;) {
		q += 2;
		const char *e = strchr(q, '"');
		if (e == NULL)
			return false;
		for (const char *r = q; r + 3 <= e; r++)
			if (memcmp(r, "nan", 3) == 0 || memcmp(r, "inf", 3) == 0)
				return false;
		q = e + 1;
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 5)
		return 0;
	chart c = { .kind = (chart_kind)(data[0] % 3), .format = (chart_format)(data[1] % 5),
		    .nseries = 1 + data[2] % 3 };
	double scale = pow(10, (data[3] >> 1) & 7);
	size_t ncats = data[4] == 255 ? CHART_MAX_CATEGORIES : data[4];
	const uint8_t *p = data + 5, *end = data + size;
	double *vals = calloc(ncats * c.nseries + 1, sizeof(double));
	const char **cats = calloc(ncats + 1, sizeof(char *));
	char *text = fuzz_copy(p, 0);
	CHECK(vals != NULL && cats != NULL && text != NULL);
	for (size_t i = 0; i < ncats * c.nseries; i++, p += 2)
		vals[i] = end - p >= 2 ? value(p) * scale : 0;
	free(text);
	text = fuzz_copy(p < end ? p : end, p < end ? (size_t)(end - p) : 0);
	CHECK(text != NULL);
	/* the texts, NUL-separated; missing ones are "" */
	size_t tn = p < end ? (size_t)(end - p) : 0, at = 0;
	const char *fields[3 + CHART_MAX_SERIES] = { 0 };
	size_t nf = 2 + c.nseries;
	for (size_t f = 0; f < nf + ncats; f++) {
		const char *s = at <= tn ? text + at : "";
		if (at <= tn)
			at += strlen(s) + 1;
		if (f < nf)
			fields[f] = s;
		else
			cats[f - nf] = s;
	}
	c.title = fields[0];
	c.desc = fields[1];
	for (size_t s = 0; s < c.nseries; s++) {
		c.series[s] = fields[2 + s];
		c.values[s] = vals + s * ncats;
	}
	c.ncats = ncats;
	c.cats = cats;
	c.max = data[3] & 1 ? 100 : 0;

	arena *a = arena_new(256u << 20);
	CHECK(a != NULL);
	const char *svg = chart_svg(a, &c, "fuzz-1");
	CHECK(svg != NULL);
	const char *why = svg_check(svg);
	if (why != NULL)
		fprintf(stderr, "svg_check: %s\n", why);
	CHECK(why == NULL);
	CHECK(numbers_finite(svg));
	for (size_t i = 0; i < ncats * c.nseries; i++) {
		const char *v = chart_format_value(a, c.format, vals[i]);
		CHECK(v != NULL && strlen(v) < 40);
	}
	arena_free(a);
	free(text);
	free(cats);
	free(vals);
	return 0;
}
