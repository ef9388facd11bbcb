/*
 * rules.c - see rules.h.
 */
#include "agencies/rules.h"

#include <string.h>

static const char *const instagram_hosts[] = { "instagram.com", NULL };
static const char *const facebook_hosts[] = { "facebook.com", "fb.com", NULL };
static const char *const x_hosts[] = { "x.com", "twitter.com", NULL };
static const char *const youtube_hosts[] = { "youtube.com", "youtu.be", NULL };
static const char *const tiktok_hosts[] = { "tiktok.com", NULL };

const agency_network agency_networks[AGENCY_NNETWORKS] = {
	{ "instagram", instagram_hosts },
	{ "facebook", facebook_hosts },
	{ "x", x_hosts },
	{ "youtube", youtube_hosts },
	{ "tiktok", tiktok_hosts },
};
const size_t agency_nnetworks = sizeof(agency_networks) / sizeof(agency_networks[0]);

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool agency_slug_valid(const char *s, size_t n)
{
	if (n == 0 || n > AGENCY_SLUG_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || is_digit(s[i]) || s[i] == '-'))
			return false;
	return true;
}

/* The length of "http://" or "https://" at the start of s, or 0. */
static size_t scheme_len(const char *s, size_t n, bool https_only)
{
	static const char http[] = "http://", https[] = "https://";
	bool is_https = n >= 8, is_http = !https_only && n >= 7;
	for (size_t i = 0; i < 8 && is_https; i++)
		is_https = lower(s[i]) == https[i];
	for (size_t i = 0; i < 7 && is_http; i++)
		is_http = lower(s[i]) == http[i];
	return is_https ? 8 : is_http ? 7 : 0;
}

/* host[:port]: dot-separated labels of letters, digits and hyphens, at
 * least two of them. */
static bool authority_valid(const char *s, size_t n)
{
	size_t host = n;
	for (size_t i = 0; i < n; i++)
		if (s[i] == ':') {
			host = i;
			break;
		}
	if (host < n) {
		size_t digits = n - host - 1;
		if (digits == 0 || digits > 5)
			return false;
		for (size_t i = host + 1; i < n; i++)
			if (!is_digit(s[i]))
				return false;
	}
	size_t label = 0, dots = 0;
	for (size_t i = 0; i < host; i++) {
		char c = lower(s[i]);
		if (c == '.') {
			if (label == 0 || s[i - 1] == '-')
				return false;
			label = 0;
			dots++;
		} else if ((c >= 'a' && c <= 'z') || is_digit(c) || (c == '-' && label > 0)) {
			label++;
		} else {
			return false;
		}
	}
	return dots > 0 && label > 0 && s[host - 1] != '-';
}

static bool url_char(char c)
{
	return c > 0x20 && c < 0x7f && !strchr("\"<>\\^`{|}", c);
}

bool agency_url_valid(const char *s, size_t n, bool https_only)
{
	if (s == NULL || n > AGENCY_URL_MAX)
		return false;
	size_t start = scheme_len(s, n, https_only);
	if (start == 0)
		return false;
	size_t end = start;
	while (end < n && s[end] != '/' && s[end] != '?' && s[end] != '#')
		end++;
	if (!authority_valid(s + start, end - start))
		return false;
	for (size_t i = end; i < n; i++)
		if (!url_char(s[i]))
			return false;
	return true;
}

bool agency_url_host(const char *url, char *out, size_t cap)
{
	size_t n = strlen(url);
	size_t start = scheme_len(url, n, false), i = 0;
	if (start == 0 || cap == 0)
		return false;
	for (const char *p = url + start; *p && !strchr(":/?#", *p); p++) {
		if (i + 1 >= cap) {
			out[0] = '\0';
			return false;
		}
		out[i++] = lower(*p);
	}
	out[i] = '\0';
	return i > 0;
}

bool agency_phone_valid(const char *s, size_t n)
{
	bool digit = false;
	for (size_t i = 0; i < n; i++) {
		if (is_digit(s[i]))
			digit = true;
		else if (!strchr(" ()+-", s[i]) || s[i] == '\0')
			return false;
	}
	return digit && n <= AGENCY_PHONE_MAX;
}

bool agency_phone_href(const char *s, char *out, size_t cap)
{
	size_t o = 0;
	bool digits = false;
	for (const char *p = s; *p; p++) {
		if (!is_digit(*p) && !(*p == '+' && o == 0))
			continue;
		if (o + 1 >= cap)
			return false;
		digits = digits || is_digit(*p);
		out[o++] = *p;
	}
	if (cap > 0)
		out[o] = '\0';
	return digits;
}

const agency_network *agency_network_find(const char *name)
{
	for (size_t i = 0; name != NULL && i < agency_nnetworks; i++)
		if (strcmp(agency_networks[i].name, name) == 0)
			return &agency_networks[i];
	return NULL;
}

bool agency_network_owns(const agency_network *net, const char *url)
{
	char host[256];
	if (!agency_url_host(url, host, sizeof(host)))
		return false;
	size_t hn = strlen(host);
	for (const char *const *h = net->hosts; *h; h++) {
		size_t n = strlen(*h);
		if (hn == n && memcmp(host, *h, n) == 0)
			return true;
		if (hn > n + 1 && host[hn - n - 1] == '.' && memcmp(host + hn - n, *h, n) == 0)
			return true;
	}
	return false;
}
