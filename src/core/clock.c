/*
 * clock.c - see clock.h.
 */
#include "core/clock.h"

#include <time.h>

int64_t clock_now(void)
{
	return (int64_t)time(NULL);
}

void clock_iso(char out[CLOCK_ISO_LEN], int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (gmtime_r(&tt, &tm) == NULL || strftime(out, CLOCK_ISO_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		out[0] = '\0';
}
