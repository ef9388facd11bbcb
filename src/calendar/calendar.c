/*
 * calendar.c - see calendar.h. Civil dates by Howard Hinnant's
 * days-from-civil arithmetic (public-domain algorithm, written here from
 * its description): no time zone database and no timegm.
 */
#include "calendar/calendar.h"

#include <stdlib.h>
#include <string.h>

int32_t calendar_day(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - 719468);
}

void calendar_civil(int32_t day, int *y, int *m, int *d)
{
	int32_t z = day + 719468;
	int32_t era = (z >= 0 ? z : z - 146096) / 146097;
	int32_t doe = z - era * 146097;
	int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int32_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int calendar_weekday(int32_t day)
{
	return (int)(((day % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
}

int32_t calendar_wib_day(int64_t t)
{
	int64_t s = t + WIB_OFFSET;
	return (int32_t)(s >= 0 ? s / 86400 : (s - 86399) / 86400);
}

static bool digits(const char *p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		v = v * 10 + (p[i] - '0');
	}
	*out = v;
	return true;
}

bool calendar_parse_day(const char *iso, int32_t *day)
{
	int y, m, d;
	if (iso == NULL || strlen(iso) < 10 || iso[4] != '-' || iso[7] != '-' || !digits(iso, 4, &y) ||
	    !digits(iso + 5, 2, &m) || !digits(iso + 8, 2, &d) || m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	int32_t v = calendar_day(y, m, d);
	int yy, mm, dd;
	calendar_civil(v, &yy, &mm, &dd);
	if (yy != y || mm != m || dd != d) /* 31 April */
		return false;
	*day = v;
	return true;
}

bool calendar_parse_wib(const char *local, int64_t *t)
{
	int32_t day;
	int hh, mm, ss = 0;
	size_t n = local ? strlen(local) : 0;
	if ((n != 16 && n != 19) || local[10] != 'T' || local[13] != ':' || !calendar_parse_day(local, &day) ||
	    !digits(local + 11, 2, &hh) || !digits(local + 14, 2, &mm) || hh > 23 || mm > 59 ||
	    (n == 19 && (local[16] != ':' || !digits(local + 17, 2, &ss) || ss > 59)))
		return false;
	*t = (int64_t)day * 86400 + hh * 3600 + mm * 60 + ss - WIB_OFFSET;
	return true;
}

bool calendar_parse_utc(const char *iso, int64_t *t)
{
	int32_t day;
	int hh, mm, ss;
	if (iso == NULL || strlen(iso) != 20 || iso[10] != 'T' || iso[13] != ':' || iso[16] != ':' ||
	    iso[19] != 'Z' || !calendar_parse_day(iso, &day) || !digits(iso + 11, 2, &hh) ||
	    !digits(iso + 14, 2, &mm) || !digits(iso + 17, 2, &ss) || hh > 23 || mm > 59 || ss > 60)
		return false;
	*t = (int64_t)day * 86400 + hh * 3600 + mm * 60 + ss;
	return true;
}

static int cmp_day(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

int calendar_find(const calendar *cal, int32_t day)
{
	const int32_t *at = cal->n > 0 ? bsearch(&day, cal->days, cal->n, sizeof(cal->days[0]), cmp_day)
	                               : NULL;
	return at ? (int)(at - cal->days) : -1;
}

bool calendar_is_holiday(const calendar *cal, int32_t day)
{
	int i = calendar_find(cal, day);
	return i >= 0 && !(cal->cuti[i] && cal->cuti_bersama_works);
}

bool calendar_is_workday(const calendar *cal, int32_t day)
{
	int weekday = calendar_weekday(day);
	return weekday >= 1 && weekday <= 5 && !calendar_is_holiday(cal, day);
}

int64_t calendar_due(const calendar *cal, int64_t t, int n)
{
	int32_t day = calendar_wib_day(t);
	for (int counted = 0; counted < n;)
		if (calendar_is_workday(cal, ++day))
			counted++;
	return (int64_t)(day + 1) * 86400 - WIB_OFFSET - 1;
}

int calendar_workdays_between(const calendar *cal, int64_t from, int64_t to)
{
	int32_t a = calendar_wib_day(from), b = calendar_wib_day(to);
	int n = 0;
	for (int32_t day = a + 1; day <= b; day++)
		n += calendar_is_workday(cal, day);
	return n;
}

int64_t calendar_office_minutes(const calendar *cal, int64_t from, int64_t to)
{
	if (to <= from)
		return 0;
	int64_t seconds = 0;
	for (int32_t day = calendar_wib_day(from), last = calendar_wib_day(to); day <= last; day++) {
		if (!calendar_is_workday(cal, day))
			continue;
		int64_t midnight = (int64_t)day * 86400 - WIB_OFFSET; /* 00.00 WIB as Unix time */
		int64_t opens = midnight + CALENDAR_OFFICE_OPENS * 60, closes = midnight + CALENDAR_OFFICE_CLOSES * 60;
		int64_t a = from > opens ? from : opens, b = to < closes ? to : closes;
		if (b > a)
			seconds += b - a;
	}
	return seconds / 60;
}

int calendar_load(db *c, calendar *cal)
{
	memset(cal, 0, sizeof(*cal));
	db_stmt *st = db_prepare(c, "SELECT day, kind, confirmed FROM holidays ORDER BY day");
	if (st == NULL)
		return DB_ERROR;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int32_t day;
		if (cal->n < CALENDAR_MAX_HOLIDAYS && calendar_parse_day(db_column_text(st, 0), &day)) {
			const char *kind = db_column_text(st, 1);
			cal->cuti[cal->n] = kind != NULL && strcmp(kind, "cuti_bersama") == 0;
			cal->confirmed[cal->n] = db_column_int(st, 2) != 0;
			cal->days[cal->n++] = day;
			int y, m, d;
			calendar_civil(day, &y, &m, &d);
			if (cal->first_year == 0)
				cal->first_year = y;
			cal->last_year = y;
		}
	}
	db_reset(st);
	return rc == DB_DONE ? DB_OK : rc;
}
