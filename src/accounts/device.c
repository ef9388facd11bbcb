/*
 * device.c - a User-Agent header as a person recognises their device:
 * "Chrome di Android", "Firefox di Windows".
 */
#include <string.h>

#include "accounts/device.h"
#include "view/locale.h"

/* Order matters: many browsers also name the ones they descend from. */
static const struct {
	const char *mark;
	const char *name;
} browsers[] = {
	{ "Edg/", "Edge" }, { "OPR/", "Opera" }, { "SamsungBrowser/", "Samsung Internet" },
	{ "UCBrowser/", "UC Browser" }, { "Firefox/", "Firefox" }, { "Chrome/", "Chrome" },
	{ "Safari/", "Safari" }, { "curl/", "curl" },
}, systems[] = {
	{ "Android", "Android" }, { "iPhone", "iPhone" }, { "iPad", "iPad" },
	{ "Windows", "Windows" }, { "Mac OS X", "macOS" }, { "CrOS", "ChromeOS" },
	{ "Linux", "Linux" },
};

static const char *find(const char *ua, size_t n, const void *table, size_t count)
{
	const struct { const char *mark; const char *name; } *t = table;
	for (size_t i = 0; i < count; i++)
		if (memmem(ua, n, t[i].mark, strlen(t[i].mark)) != NULL)
			return t[i].name;
	return NULL;
}

const char *device_label(arena *a, const char *ua)
{
	if (ua == NULL || ua[0] == '\0')
		return NULL;
	size_t n = strlen(ua);
	const char *browser = find(ua, n, browsers, sizeof(browsers) / sizeof(browsers[0]));
	const char *system = find(ua, n, systems, sizeof(systems) / sizeof(systems[0]));
	if (browser && system) {
		const char *names[] = { "browser", "system" };
		const char *values[] = { browser, system };
		return locale_fill(a, "account.device_on", names, values, 2);
	}
	return browser ? browser : system;
}
