/*
 * chart_text.c - the words and numbers of a chart: values in Indonesian
 * formats, nice axis steps, and text fitted to a width without a font
 * engine (the SVG is measured by the reader's browser, never by us).
 *
 * Widths are estimated per character class of a sans-serif face (Noto
 * Sans, Roboto, Segoe UI are all within these), rounded up, so a text we
 * say fits does fit; wide scripts and emoji count a full em.
 */
#include "view/chart_text.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/str.h"
#include "view/locale.h"

#define VALUE_MAX 9.0e17 /* above this a value is drawn as this (an int64 still holds it) */

/* ---- numbers ---------------------------------------------------------- */

double chart_clamp(double v)
{
	if (!isfinite(v))
		return NAN;
	if (v < 0)
		return 0;
	return v > VALUE_MAX ? VALUE_MAX : v;
}

/* v >= 0 with `dec` decimals (0 or 1), "." between thousands and "," before
 * the decimal; drop_zero leaves out a ",0". */
static void number(char *out, size_t cap, double v, int dec, bool drop_zero)
{
	long long scaled = llround(dec ? v * 10 : v);
	long long whole = dec ? scaled / 10 : scaled;
	int frac = dec ? (int)(scaled % 10) : 0;
	char digits[32], grouped[48];
	int n = snprintf(digits, sizeof(digits), "%lld", whole);
	size_t g = 0;
	for (int i = 0; i < n && g + 2 < sizeof(grouped); i++) {
		if (i > 0 && (n - i) % 3 == 0)
			grouped[g++] = '.';
		grouped[g++] = digits[i];
	}
	grouped[g] = '\0';
	if (dec && !(drop_zero && frac == 0))
		snprintf(out, cap, "%s,%d", grouped, frac);
	else
		snprintf(out, cap, "%s", grouped);
}

void chart_number(char *out, size_t cap, chart_format f, double v, bool tick)
{
	v = chart_clamp(v);
	if (isnan(v)) {
		snprintf(out, cap, "-");
		return;
	}
	char n[64];
	switch (f) {
	case CHART_INT:
		number(out, cap, v, 0, false);
		return;
	case CHART_PERCENT:
		number(n, sizeof(n), v, 1, tick);
		snprintf(out, cap, "%s%%", n);
		return;
	case CHART_HOURS:
		number(n, sizeof(n), v, 1, tick);
		snprintf(out, cap, "%s %s", n, locale_get("chart.hours"));
		return;
	case CHART_INDEX:
		number(n, sizeof(n), v, 1, tick);
		snprintf(out, cap, "%s", n);
		return;
	case CHART_RUPIAH:
		break;
	}
	static const struct { double unit; const char *key; } units[] = {
		{ 1e12, "chart.trillion" }, { 1e9, "chart.billion" }, { 1e6, "chart.million" },
	};
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		double s = v / units[i].unit;
		if (round(s * 10) / 10 < 1)
			continue;
		/* one decimal below 100 units (Rp 1,2 M), none above (Rp 350 jt) */
		number(n, sizeof(n), s, s < 99.95, tick);
		snprintf(out, cap, "Rp %s %s", n, locale_get(units[i].key));
		return;
	}
	number(n, sizeof(n), v, 0, false);
	snprintf(out, cap, "Rp %s", n);
}

const char *chart_format_value(arena *a, chart_format f, double v)
{
	char s[96];
	chart_number(s, sizeof(s), f, v, false);
	return arena_strdup(a, s);
}

double chart_ticks(double max, chart_format f, double fixed, double *step)
{
	static const double least[] = { [CHART_INT] = 1, [CHART_PERCENT] = 0.1, [CHART_HOURS] = 0.1,
	                                [CHART_RUPIAH] = 1000, [CHART_INDEX] = 0.1 };
	double top = fixed > 0 && isfinite(fixed) ? chart_clamp(fixed) : max;
	if (!(top > 0))
		top = least[f] * 4;
	double raw = top / 5, mag = pow(10, floor(log10(raw))), s = 10 * mag;
	static const double nice[] = { 1, 2, 5 };
	for (size_t i = 0; i < 3; i++)
		if (nice[i] * mag >= raw * (1 - 1e-9)) {
			s = nice[i] * mag;
			break;
		}
	if (s < least[f])
		s = least[f];
	*step = s;
	if (fixed > 0 && isfinite(fixed))
		return top;     /* the caller's top, even when no step lands on it */
	return ceil(top / s - 1e-9) * s;
}

/* ---- text ------------------------------------------------------------- */

/* The width of the code point c in ems. */
static double em(unsigned c)
{
	if (c >= 0x300 && c < 0x370) /* combining marks */
		return 0;
	if (c == 0x200B || c == 0x200C || c == 0x200D || c == 0xFE0F)
		return 0;
	if (c >= 0x1100 && (c < 0x1200 || (c >= 0x2E80 && c < 0xD7A4) || (c >= 0xF900 && c < 0xFB00) ||
	                    (c >= 0xFE30 && c < 0xFE50) || (c >= 0xFF00 && c < 0xFF61) || c >= 0x1F000))
		return 1.0;                      /* CJK, Hangul, emoji */
	if (c >= 0x2000 && c < 0x2E80)
		return 1.0;                      /* symbols, arrows, dashes: generous */
	if (c >= 0x80)
		return 0.68;
	if (strchr("iljtfrI.,:;'|!() ", (int)c) != NULL && c != 0)
		return 0.34;
	if (c == 'm' || c == 'w' || c == 'M' || c == 'W' || c == '%' || c == '@')
		return 0.9;
	if (strchr("CDGHNOQU", (int)c) != NULL && c != 0)
		return 0.76;
	if (c >= 'A' && c <= 'Z')
		return 0.66;
	if (strchr("sczvxyk", (int)c) != NULL && c != 0)
		return 0.52;
	return 0.57;   /* lower case and digits: Noto Sans' digits are 0.572 em */
}

/* The code point at s (n > 0 bytes, valid UTF-8) and its length. */
static unsigned decode(const char *s, size_t n, size_t *len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t k = utf8_char(s, n);
	*len = k ? k : 1;
	if (k <= 1)
		return p[0];
	unsigned c = p[0] & (0xFF >> (k + 1));
	for (size_t i = 1; i < k; i++)
		c = (c << 6) | (p[i] & 0x3F);
	return c;
}

double chart_text_width(const char *s, size_t n, double size, bool bold)
{
	double w = 0;
	for (size_t i = 0, k; i < n; i += k)
		w += em(decode(s + i, n - i, &k));
	return w * size * (bold ? 1.08 : 1.0);
}

const char *chart_clean(arena *a, const char *s, size_t max)
{
	if (s == NULL)
		return "";
	size_t n = strnlen(s, max);
	char *out = arena_alloc(a, 3 * n + 1);
	if (out == NULL)
		return NULL;
	size_t len = utf8_repair(out, s, n);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)out[i] < 0x20 || out[i] == 0x7F)
			out[i] = ' ';
	/* a cut at max may leave half a character: repair made it U+FFFD */
	return out;
}

/* The longest prefix of s (n bytes) that is at most w wide, in bytes. */
static size_t prefix_fitting(const char *s, size_t n, double size, bool bold, double w)
{
	double used = 0;
	size_t i = 0, k;
	while (i < n) {
		double cw = em(decode(s + i, n - i, &k)) * size * (bold ? 1.08 : 1.0);
		if (used + cw > w)
			break;
		used += cw;
		i += k;
	}
	return i;
}

const char *chart_fit(arena *a, const char *s, size_t n, double size, bool bold, double w)
{
	while (n > 0 && s[0] == ' ')
		s++, n--;
	if (chart_text_width(s, n, size, bold) <= w)
		return arena_strndup(a, s, n);
	double ell = chart_text_width("\xE2\x80\xA6", 3, size, bold);
	size_t k = w > ell ? prefix_fitting(s, n, size, bold, w - ell) : 0;
	while (k > 0 && s[k - 1] == ' ')
		k--;
	return arena_printf(a, "%.*s\xE2\x80\xA6", (int)k, s);
}

int chart_wrap(arena *a, const char *s, double size, bool bold, double w, int max_lines,
               const char **lines)
{
	size_t n = strlen(s);
	int count = 0;
	while (count < max_lines) {
		while (n > 0 && s[0] == ' ')
			s++, n--;
		if (count == max_lines - 1 || chart_text_width(s, n, size, bold) <= w) {
			lines[count++] = chart_fit(a, s, n, size, bold, w);
			break;
		}
		size_t k = prefix_fitting(s, n, size, bold, w), cut = k;
		while (cut > 0 && s[cut] != ' ')
			cut--;
		if (cut == 0)  /* one word wider than the line: break inside it */
			cut = k > 0 ? k : 1;
		while (cut < n && (s[cut] & 0xC0) == 0x80)
			cut++;
		lines[count++] = arena_strndup(a, s, cut);
		s += cut;
		n -= cut;
		if (n == 0)
			break;
	}
	for (int i = 0; i < count; i++)
		if (lines[i] == NULL)
			return -1;
	return count;
}

double chart_wrap_need(const char *s, double size, bool bold, int *lines)
{
	size_t n = strlen(s);
	double one = chart_text_width(s, n, size, bold), best = one, left = 0;
	*lines = 1;
	for (size_t i = 0, k; i < n; i += k) {
		double cw = em(decode(s + i, n - i, &k)) * size * (bold ? 1.08 : 1.0);
		if (s[i] == ' ' && i > 0) {
			if (left >= best)
				break;
			double right = one - left - cw, m = left > right ? left : right;
			if (m < best) {
				best = m;
				*lines = 2;
			}
		}
		left += cw;
	}
	return best;
}
