/*
 * rules.c - see rules.h.
 */
#include "accounts/rules.h"

#include <string.h>

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

void email_key(const char *s, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
	out[n] = '\0';
}
