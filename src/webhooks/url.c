/*
 * url.c - which addresses may hear of events (see webhooks.h). An
 * endpoint is an http or https URL without a user or password, whose host
 * is not this machine's loopback (127.0.0.0/8, ::1, localhost; allowed by
 * --webhook-allow-loopback for tests with a local receiver), not an
 * unspecified or link-local address (0.0.0.0, ::, 169.254.0.0/16 where
 * clouds keep their metadata service, fe80::/10), and not terbuka itself
 * (its --listen address and port, or its --base-url's host and port).
 *
 * At save time only the URL's text is checked: no DNS lookup in a
 * request. A name that resolves to a refused address is stopped when a
 * delivery connects (webhooks_addr_refused, libcurl's open-socket hook),
 * which also catches a name that changed its address since.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <curl/curl.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "webhooks/webhooks_int.h"

static webhook_site site;
static char *site_listen, *site_base;

int webhooks_url_configure(const webhook_site *s)
{
	webhooks_url_free();
	site = *s;
	site_listen = strdup(s->listen_host ? s->listen_host : "");
	site_base = strdup(s->base_url ? s->base_url : "");
	site.listen_host = site_listen;
	site.base_url = site_base;
	return site_listen && site_base ? 0 : -1;
}

void webhooks_url_free(void)
{
	free(site_listen);
	free(site_base);
	site_listen = site_base = NULL;
	memset(&site, 0, sizeof(site));
}

/* --- addresses ---------------------------------------------------------------- */

enum addr_kind { ADDR_OTHER, ADDR_LOOPBACK, ADDR_FORBIDDEN };

static enum addr_kind v4_kind(const unsigned char a[4])
{
	if (a[0] == 127)
		return ADDR_LOOPBACK;
	if (a[0] == 0 || (a[0] == 169 && a[1] == 254))
		return ADDR_FORBIDDEN; /* 0.0.0.0 reaches this machine on Linux */
	return ADDR_OTHER;
}

static enum addr_kind v6_kind(const unsigned char a[16])
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	static const unsigned char zero[16] = { 0 };
	if (memcmp(a, mapped, 12) == 0)
		return v4_kind(a + 12);
	if (memcmp(a, zero, 15) == 0 && (a[15] == 1 || a[15] == 0))
		return a[15] == 1 ? ADDR_LOOPBACK : ADDR_FORBIDDEN;
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
		return ADDR_FORBIDDEN;
	return ADDR_OTHER;
}

/* Whether the address (family, bytes) is one of this machine's interfaces. */
static bool is_local(int family, const void *bytes)
{
	struct ifaddrs *all = NULL, *i;
	bool found = false;
	if (getifaddrs(&all) != 0)
		return false;
	for (i = all; i != NULL && !found; i = i->ifa_next) {
		if (i->ifa_addr == NULL || i->ifa_addr->sa_family != family)
			continue;
		if (family == AF_INET)
			found = memcmp(&((struct sockaddr_in *)(void *)i->ifa_addr)->sin_addr, bytes, 4) == 0;
		else
			found = memcmp(&((struct sockaddr_in6 *)(void *)i->ifa_addr)->sin6_addr, bytes, 16) == 0;
	}
	freeifaddrs(all);
	return found;
}

static bool wildcard(const char *host)
{
	return host[0] == '\0' || strcmp(host, "0.0.0.0") == 0 || strcmp(host, "::") == 0 || strcmp(host, "[::]") == 0;
}

/* A host text as an address: 4 or 16 bytes into out, its family, or 0. */
static int parse_ip(const char *host, unsigned char out[16])
{
	char bare[64];
	size_t n = strlen(host);
	if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
		if (n - 2 >= sizeof(bare))
			return 0;
		memcpy(bare, host + 1, n - 2);
		bare[n - 2] = '\0';
		char *zone = strchr(bare, '%');
		if (zone != NULL)
			*zone = '\0';
		return inet_pton(AF_INET6, bare, out) == 1 ? AF_INET6 : 0;
	}
	if (inet_pton(AF_INET, host, out) == 1)
		return AF_INET;
	return inet_pton(AF_INET6, host, out) == 1 ? AF_INET6 : 0;
}

bool webhooks_addr_refused(const struct sockaddr *sa, const char **why)
{
	const unsigned char *bytes;
	unsigned port;
	enum addr_kind kind;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)sa;
		bytes = (const unsigned char *)&in->sin_addr;
		port = ntohs(in->sin_port);
		kind = v4_kind(bytes);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in = (const void *)sa;
		bytes = (const unsigned char *)&in->sin6_addr;
		port = ntohs(in->sin6_port);
		kind = v6_kind(bytes);
	} else {
		*why = "not an internet address";
		return true;
	}
	if (kind == ADDR_FORBIDDEN || (kind == ADDR_LOOPBACK && !site.allow_loopback)) {
		*why = "the address is local to this machine";
		return true;
	}
	if (port == site.listen_port && (kind == ADDR_LOOPBACK || is_local(sa->sa_family, bytes))) {
		*why = "the address is terbuka itself";
		return true;
	}
	return false;
}

/* --- URLs ----------------------------------------------------------------------- */

/* The lower-case host and the port of a parsed URL; false when it has none. */
static bool host_port(CURLU *u, char *host, size_t hostlen, unsigned *port)
{
	char *h = NULL, *p = NULL;
	bool ok = curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK &&
	          curl_url_get(u, CURLUPART_PORT, &p, CURLU_DEFAULT_PORT) == CURLUE_OK && h[0] != '\0' &&
	          strlen(h) < hostlen;
	if (ok) {
		size_t n = strlen(h);
		while (n > 1 && h[n - 1] == '.')
			n--; /* "localhost." is localhost */
		for (size_t i = 0; i < n; i++)
			host[i] = (char)tolower((unsigned char)h[i]);
		host[n] = '\0';
		*port = (unsigned)strtoul(p, NULL, 10);
	}
	curl_free(h);
	curl_free(p);
	return ok;
}

static bool has_part(CURLU *u, CURLUPart part)
{
	char *v = NULL;
	bool has = curl_url_get(u, part, &v, 0) == CURLUE_OK && v != NULL && v[0] != '\0';
	curl_free(v);
	return has;
}

/* The base URL's host and port; false when it has none. */
static bool base_host(const char *base, char *host, size_t hostlen, unsigned *port)
{
	CURLU *u = curl_url();
	bool ok = u && base && base[0] && curl_url_set(u, CURLUPART_URL, base, 0) == CURLUE_OK &&
	          host_port(u, host, hostlen, port);
	curl_url_cleanup(u);
	return ok;
}

static bool is_loopback_name(const char *host)
{
	size_t n = strlen(host);
	return strcmp(host, "localhost") == 0 || (n > 10 && strcmp(host + n - 10, ".localhost") == 0);
}

/* What the host of a URL is, for the rules: its kind and whether it is
 * this server on port. */
static enum webhook_url judge_host(const webhook_site *s, const char *host, unsigned port)
{
	unsigned char ip[16];
	int family = parse_ip(host, ip);
	enum addr_kind kind = family == AF_INET    ? v4_kind(ip)
	                      : family == AF_INET6 ? v6_kind(ip)
	                      : is_loopback_name(host) ? ADDR_LOOPBACK
	                                               : ADDR_OTHER;
	char bhost[256], me[256] = "";
	unsigned bport = 0;
	if (base_host(s->base_url, bhost, sizeof(bhost), &bport) && bport == port && strcmp(bhost, host) == 0)
		return WEBHOOK_URL_SELF;
	if (port == s->listen_port) {
		const char *lh = s->listen_host ? s->listen_host : "";
		unsigned char lip[16];
		int lfamily = parse_ip(lh, lip);
		bool listen_loopback = lfamily == AF_INET ? v4_kind(lip) == ADDR_LOOPBACK
		                       : lfamily == AF_INET6 ? v6_kind(lip) == ADDR_LOOPBACK
		                                             : is_loopback_name(lh);
		bool same_ip = family != 0 && family == lfamily && memcmp(ip, lip, family == AF_INET ? 4 : 16) == 0;
		if (strcasecmp(lh, host) == 0 || same_ip || (kind == ADDR_LOOPBACK && (listen_loopback || wildcard(lh))) ||
		    (wildcard(lh) && family != 0 && is_local(family, ip)))
			return WEBHOOK_URL_SELF;
		if (gethostname(me, sizeof(me) - 1) == 0 && me[0] && strcasecmp(me, host) == 0)
			return WEBHOOK_URL_SELF;
	}
	if (kind == ADDR_FORBIDDEN || (kind == ADDR_LOOPBACK && !s->allow_loopback))
		return WEBHOOK_URL_LOCAL;
	return WEBHOOK_URL_OK;
}

enum webhook_url webhooks_url_check_for(const webhook_site *s, const char *url)
{
	size_t n = url ? strlen(url) : 0;
	if (n < WEBHOOK_URL_MIN || n > WEBHOOK_URL_MAX)
		return WEBHOOK_URL_BAD;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)url[i] <= 0x20 || (unsigned char)url[i] >= 0x7f)
			return WEBHOOK_URL_BAD; /* spaces, controls, raw non-ASCII: percent-encode them */
	if (strncasecmp(url, "http://", 7) != 0 && strncasecmp(url, "https://", 8) != 0)
		return WEBHOOK_URL_SCHEME;
	const char *authority = strstr(url, "://") + 3;
	CURLU *u = curl_url();
	if (u == NULL)
		return WEBHOOK_URL_BAD;
	enum webhook_url verdict = WEBHOOK_URL_BAD;
	char host[256];
	unsigned port = 0;
	if (strcspn(authority, "/?#") == 0 || /* "http:///x": libcurl would take x for the host */
	    curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK || !host_port(u, host, sizeof(host), &port))
		verdict = WEBHOOK_URL_BAD;
	else if (has_part(u, CURLUPART_USER) || has_part(u, CURLUPART_PASSWORD) || has_part(u, CURLUPART_OPTIONS) ||
	         memchr(authority, '@', strcspn(authority, "/?#")) != NULL)
		verdict = WEBHOOK_URL_CREDENTIALS;
	else
		verdict = judge_host(s, host, port);
	curl_url_cleanup(u);
	return verdict;
}

enum webhook_url webhooks_url_check(const char *url)
{
	return webhooks_url_check_for(&site, url);
}
