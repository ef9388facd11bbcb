/*
 * syndicate.c - the public address, tag URIs, our own URLs and discovery
 * links (see syndicate.h).
 */
#include "view/syndicate.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http/parse.h"

static char base[300];      /* without a final '/' */
static char host[256];      /* lower case; "" when it is not a DNS name */
static char authority[300]; /* "host" or "host:port", lower case, no default port */

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* The authority of an absolute URL: after "scheme://", before a path,
 * query or fragment. Sets *scheme_len. NULL when url is not absolute. */
static const char *authority_of(const char *url, size_t *len, size_t *scheme_len)
{
	const char *sep = strstr(url, "://");
	if (sep == NULL)
		return NULL;
	*scheme_len = (size_t)(sep - url);
	const char *h = sep + 3;
	*len = strcspn(h, "/?#");
	return h;
}

/* "host[:port]" lower case into out, the scheme's default port dropped. */
static bool normal_authority(const char *scheme, size_t scheme_len, const char *h, size_t len,
                             char *out, size_t cap)
{
	if (len == 0 || len >= cap || memchr(h, '@', len) != NULL)
		return false;
	for (size_t i = 0; i < len; i++)
		out[i] = lower(h[i]);
	out[len] = '\0';
	const char *def = scheme_len == 5 && strncasecmp(scheme, "https", 5) == 0 ? ":443"
	                : scheme_len == 4 && strncasecmp(scheme, "http", 4) == 0 ? ":80" : NULL;
	size_t dl = def ? strlen(def) : 0;
	if (def != NULL && len > dl && strcmp(out + len - dl, def) == 0)
		out[len - dl] = '\0';
	return true;
}

void syndicate_init(const char *base_url)
{
	const char *url = base_url ? base_url : "";
	size_t n = strlen(url);
	while (n > 0 && url[n - 1] == '/')
		n--;
	snprintf(base, sizeof(base), "%.*s", (int)n, url);
	host[0] = authority[0] = '\0';
	size_t len, slen;
	const char *h = authority_of(base, &len, &slen);
	if (h == NULL || !normal_authority(base, slen, h, len, authority, sizeof(authority)))
		return;
	/* the host: before a port; a DNS name only (no IPv6 literal) */
	size_t o = 0;
	bool dns = authority[0] != '[';
	for (size_t i = 0; authority[i] != '\0' && authority[i] != ':' && o + 1 < sizeof(host); i++) {
		char ch = authority[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '-'))
			dns = false;
		host[o++] = ch;
	}
	host[o] = '\0';
	if (!dns)
		host[0] = '\0';
}

const char *syndicate_base(void)
{
	return base;
}

const char *syndicate_host(void)
{
	return host;
}

const char *syndicate_url(arena *a, const char *path)
{
	return arena_printf(a, "%s%s", base, path ? path : "");
}

const char *syndicate_tag(arena *a, const char *made, const char *specific, const char *path)
{
	if (host[0] != '\0' && made != NULL && strlen(made) >= 10)
		return arena_printf(a, "tag:%s,%.10s:%s", host, made, specific);
	return syndicate_url(a, path);
}

const char *syndicate_own_path(arena *a, const char *url)
{
	size_t len, slen;
	const char *h = url ? authority_of(url, &len, &slen) : NULL;
	if (h == NULL || authority[0] == '\0')
		return NULL;
	bool web = (slen == 4 && strncasecmp(url, "http", 4) == 0) || (slen == 5 && strncasecmp(url, "https", 5) == 0);
	char theirs[sizeof(authority)];
	if (!web || !normal_authority(url, slen, h, len, theirs, sizeof(theirs)) ||
	    strcmp(theirs, authority) != 0)
		return NULL;
	const char *path = h + len;
	size_t n = strcspn(path, "?#");
	return n > 0 && path[0] == '/' ? arena_strndup(a, path, n) : arena_strdup(a, "/");
}

void syndicate_feed(json_t *model, const char *path, const char *title)
{
	if (model == NULL || path == NULL)
		return;
	json_object_set_new(model, "feed_atom", json_string(path));
	if (title != NULL)
		json_object_set_new(model, "feed_title", json_string(title));
}

void syndicate_oembed(arena *a, json_t *model, const char *path)
{
	if (model == NULL || path == NULL)
		return;
	http_params q = { 0 };
	const char *page = syndicate_url(a, path);
	if (page == NULL || http_params_add(a, &q, "url", page, strlen(page)) != PARSE_OK ||
	    http_params_add(a, &q, "format", "json", 4) != PARSE_OK)
		return;
	const char *query = http_query_encode(a, &q);
	const char *href = query ? arena_printf(a, "%s/oembed?%s", base, query) : NULL;
	if (href != NULL)
		json_object_set_new(model, "oembed_json", json_string(href));
}
