/*
 * format.c - human-readable values (see format.h).
 */
#include "view/format.h"

#include <jansson.h>
#include <string.h>
#include <time.h>

#include "core/str.h"
#include "view/locale.h"

static bool number(const char *s, size_t n, int64_t *out)
{
	return str_to_i64((str){ s, n }, false, out);
}

const char *format_date(arena *a, const char *iso)
{
	int64_t y, m, d;
	if (iso == NULL || strlen(iso) < 10 || iso[4] != '-' || iso[7] != '-' ||
	    !number(iso, 4, &y) || !number(iso + 5, 2, &m) || !number(iso + 8, 2, &d) ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return NULL;
	json_t *months = json_object_get(locale_root(), "months");
	const char *name = json_string_value(json_array_get(months, (size_t)(m - 1)));
	if (name == NULL)
		return NULL;
	return arena_printf(a, "%d %s %04d", (int)d, name, (int)y);
}

const char *format_time_wib(arena *a, const char *iso)
{
	int64_t y, mo, d, h, mi, sec;
	if (iso == NULL || strlen(iso) != 20 || iso[4] != '-' || iso[7] != '-' || iso[10] != 'T' ||
	    iso[13] != ':' || iso[16] != ':' || iso[19] != 'Z' || !number(iso, 4, &y) ||
	    !number(iso + 5, 2, &mo) || !number(iso + 8, 2, &d) || !number(iso + 11, 2, &h) ||
	    !number(iso + 14, 2, &mi) || !number(iso + 17, 2, &sec) || mo < 1 || mo > 12 || d < 1 ||
	    d > 31 || h > 23 || mi > 59 || sec > 60)
		return NULL;
	struct tm tm = { .tm_year = (int)y - 1900, .tm_mon = (int)mo - 1, .tm_mday = (int)d,
	                 .tm_hour = (int)h, .tm_min = (int)mi, .tm_sec = (int)sec };
	time_t t = timegm(&tm) + 7 * 3600; /* WIB, UTC+7 */
	struct tm w;
	if (gmtime_r(&t, &w) == NULL)
		return NULL;
	json_t *months = json_object_get(locale_root(), "months");
	const char *name = json_string_value(json_array_get(months, (size_t)w.tm_mon));
	if (name == NULL)
		return NULL;
	return arena_printf(a, "%d %s %04d, %02d.%02d WIB", w.tm_mday, name, w.tm_year + 1900,
	                    w.tm_hour, w.tm_min);
}

const char *format_id_slug(arena *a, const char *prefix, long long id, const char *title)
{
	char slug[64];
	size_t o = 0;
	bool dash = false;
	for (const char *p = title ? title : ""; *p && o < 56; p++) {
		char ch = *p;
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch + 32);
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
			if (dash && o > 0)
				slug[o++] = '-';
			slug[o++] = ch;
			dash = false;
		} else {
			dash = true;
		}
	}
	slug[o] = '\0';
	return o ? arena_printf(a, "%s/%lld-%s", prefix, id, slug) : arena_printf(a, "%s/%lld", prefix, id);
}
