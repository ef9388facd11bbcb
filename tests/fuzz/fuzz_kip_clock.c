/*
 * fuzz_kip_clock.c - fuzzes calendar_parse_wib (src/calendar/calendar.c),
 * which reads the time a person types into the public deadline
 * calculator, and the clock it feeds (src/kip/clock.c).
 *
 * An accepted time prints back as what was typed (to the minute, or the
 * second); its deadlines, on a calendar with one holiday and under both
 * ways of counting, fall on working days, in order, with the received day
 * never before the day it was sent and the notice 10 to 11 working days
 * after it.
 */
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "kip/clock.h"

static void deadlines(const calendar *cal, const kip_rules *r, int64_t t)
{
	kip_deadlines k;
	kip_deadlines_compute(cal, r, t, &k);
	CHECK(k.day[KIP_RECEIVED] >= calendar_wib_day(t));
	CHECK(k.day[KIP_RECEIVED] - calendar_wib_day(t) < 14);
	int n = calendar_workdays_between(cal, (int64_t)k.day[KIP_RECEIVED] * 86400,
	                                  (int64_t)k.day[KIP_NOTICE] * 86400);
	CHECK(n == (r->receipt_day_one ? 9 : 10));
	for (int s = KIP_RECEIVED; s < KIP_STEPS; s++) {
		CHECK(calendar_is_workday(cal, k.day[s]) && calendar_is_workday(cal, k.extended[s]));
		CHECK(k.extended[s] >= k.day[s]);
	}
	CHECK(k.day[KIP_NOTICE] < k.day[KIP_EXTENDED] && k.day[KIP_NOTICE] < k.day[KIP_OBJECTION] &&
	      k.day[KIP_OBJECTION] < k.day[KIP_ATASAN] && k.day[KIP_ATASAN] < k.day[KIP_DISPUTE]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[64];
	if (size >= sizeof(text))
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	int64_t t;
	if (!calendar_parse_wib(text, &t))
		return 0;
	size = strlen(text); /* a NUL ends the text, as it ends a C string */
	CHECK(size == 16 || size == 19);
	int32_t day = calendar_wib_day(t);
	int64_t s = t + WIB_OFFSET - (int64_t)day * 86400;
	int y, m, d;
	calendar_civil(day, &y, &m, &d);
	char back[32];
	if (size == 16)
		snprintf(back, sizeof(back), "%04d-%02d-%02dT%02d:%02d", y, m, d, (int)(s / 3600), (int)(s % 3600 / 60));
	else
		snprintf(back, sizeof(back), "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d, (int)(s / 3600),
		         (int)(s % 3600 / 60), (int)(s % 60));
	CHECK(strcmp(back, text) == 0);

	static calendar cal;
	memset(&cal, 0, sizeof(cal));
	cal.days[0] = day + 1; /* the next day is a holiday */
	cal.cuti[0] = true;
	cal.n = 1;
	kip_rules r;
	kip_rules_default(&r);
	deadlines(&cal, &r, t);
	r.receipt_day_one = false;
	deadlines(&cal, &r, t);
	cal.cuti_bersama_works = true;
	r.close_minute = 9 * 60;
	deadlines(&cal, &r, t);
	return 0;
}
