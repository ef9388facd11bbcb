/*
 * str.c - slice helpers and strict UTF-8 validation.
 */
#include "core/str.h"

bool str_has_prefix(str s, const char *prefix)
{
	size_t n = strlen(prefix);
	return s.n >= n && memcmp(s.p, prefix, n) == 0;
}

bool str_has_suffix(str s, const char *suffix)
{
	size_t n = strlen(suffix);
	return s.n >= n && memcmp(s.p + s.n - n, suffix, n) == 0;
}

size_t utf8_char(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	if (n == 0 || p[0] == 0)
		return 0;
	unsigned c = p[0];
	if (c < 0x80)
		return 1;
	size_t len;
	uint32_t cp, min;
	if ((c & 0xE0) == 0xC0) {
		len = 2; cp = c & 0x1F; min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3; cp = c & 0x0F; min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4; cp = c & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t k = 1; k < len; k++) {
		if ((p[k] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[k] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

bool utf8_valid(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t len = utf8_char(s + i, n - i);
		if (len == 0)
			return false;
		i += len;
	}
	return true;
}

size_t utf8_repair(char *dst, const char *s, size_t n)
{
	static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */
	size_t i = 0, o = 0;
	while (i < n) {
		size_t len = utf8_char(s + i, n - i);
		if (len == 0) {
			memcpy(dst + o, replacement, 3);
			o += 3;
			i++;
		} else {
			memcpy(dst + o, s + i, len);
			o += len;
			i += len;
		}
	}
	dst[o] = '\0';
	return o;
}

size_t utf8_length(const char *s, size_t n)
{
	size_t chars = 0;
	for (size_t i = 0; i < n; i++)
		chars += ((unsigned char)s[i] & 0xC0) != 0x80;
	return chars;
}

bool str_to_i64(str s, bool allow_neg, int64_t *out)
{
	size_t i = 0;
	bool neg = false;
	if (s.n > 0 && s.p[0] == '-' && allow_neg) {
		neg = true;
		i = 1;
	}
	if (i >= s.n || s.n - i > 19)
		return false;
	int64_t v = 0;
	for (; i < s.n; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return false;
		int d = s.p[i] - '0';
		if (__builtin_mul_overflow(v, 10, &v) ||
		    __builtin_add_overflow(v, neg ? -d : d, &v))
			return false;
	}
	*out = v;
	return true;
}
