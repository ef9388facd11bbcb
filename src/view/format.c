/*
 * format.c - human-readable values (see format.h).
 */
#include "view/format.h"

#include <jansson.h>
#include <string.h>

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
