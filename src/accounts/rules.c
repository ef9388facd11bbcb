/*
 * rules.c - see rules.h.
 */
#include "accounts/rules.h"

#include <stdint.h>
#include <string.h>

#include "core/str.h"

static bool local_char(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	return c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~.", c) != NULL;
}

static bool label_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-';
}

static bool alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool domain_valid(const char *d, size_t n)
{
	size_t labels = 0, start = 0;
	if (n == 0 || n > 253)
		return false;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && d[i] != '.') {
			if (!label_char((unsigned char)d[i]))
				return false;
			continue;
		}
		size_t len = i - start;
		if (len == 0 || len > 63 || d[start] == '-' || d[i - 1] == '-')
			return false;
		labels++;
		if (i == n) { /* the top-level label: letters only, two or more */
			if (len < 2)
				return false;
			for (size_t k = start; k < i; k++)
				if (!alpha((unsigned char)d[k]))
					return false;
		}
		start = i + 1;
	}
	return labels >= 2;
}

bool email_valid(const char *s, size_t n)
{
	if (s == NULL || n == 0 || n > EMAIL_MAX)
		return false;
	const char *at = memchr(s, '@', n);
	if (at == NULL || at == s)
		return false;
	size_t local = (size_t)(at - s);
	if (local > 64 || s[0] == '.' || s[local - 1] == '.')
		return false;
	for (size_t i = 0; i < local; i++) {
		if (!local_char((unsigned char)s[i]) || (s[i] == '.' && s[i + 1] == '.'))
			return false;
	}
	return domain_valid(at + 1, n - local - 1);
}

bool email_key(const char *s, size_t n, char *out, size_t cap)
{
	if (cap == 0)
		return false;
	if (n >= cap) {
		out[0] = '\0';
		return false;
	}
	for (size_t i = 0; i < n; i++)
		out[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
	out[n] = '\0';
	return true;
}

/* The code point of the well-formed character at s (len bytes). */
static uint32_t code_point(const unsigned char *s, size_t len)
{
	static const unsigned char lead_mask[] = { 0, 0x7F, 0x1F, 0x0F, 0x07 };
	uint32_t cp = s[0] & lead_mask[len];
	for (size_t k = 1; k < len; k++)
		cp = (cp << 6) | (s[k] & 0x3F);
	return cp;
}

bool name_clean(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t len = utf8_char(s + i, n - i);
		if (len == 0)
			return false;
		uint32_t cp = code_point((const unsigned char *)s + i, len);
		if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x200B && cp <= 0x200F) ||
		    (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF)
			return false;
		i += len;
	}
	return true;
}
