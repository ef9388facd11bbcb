/*
 * clock.c - the deadlines of a formal information request (see clock.h).
 */
#include "kip/clock.h"

#include <string.h>


void kip_rules_default(kip_rules *r)
{
	r->cuti_bersama_works = false;
	r->receipt_day_one = true;
	r->close_minute = 16 * 60;
}

int kip_hhmm_parse(const char *s)
{
	if (s == NULL || strlen(s) != 5 || s[2] != ':')
		return -1;
	int v[4];
	for (int i = 0, k = 0; i < 5; i++) {
		if (i == 2)
			continue;
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v[k++] = s[i] - '0';
	}
	int h = v[0] * 10 + v[1], m = v[2] * 10 + v[3];
	return h < 24 && m < 60 ? h * 60 + m : -1;
}

static bool parse_flag(const char *s, bool *out)
{
	if (s != NULL && strcmp(s, "1") == 0)
		*out = true;
	else if (s != NULL && strcmp(s, "0") == 0)
		*out = false;
	else
		return false;
	return true;
}

int kip_rules_load(db *c, kip_rules *r)
{
	kip_rules_default(r);
	db_stmt *st = db_prepare(c, "SELECT key, value FROM settings WHERE key IN "
	                            "('kip.cuti_bersama_hari_kerja', 'kip.hari_penerimaan', 'kip.jam_tutup')");
	if (st == NULL)
		return DB_ERROR;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *key = db_column_text(st, 0), *value = db_column_text(st, 1);
		if (key == NULL)
			continue;
		if (strcmp(key, "kip.cuti_bersama_hari_kerja") == 0) {
			parse_flag(value, &r->cuti_bersama_works);
		} else if (strcmp(key, "kip.hari_penerimaan") == 0) {
			parse_flag(value, &r->receipt_day_one);
		} else {
			int m = kip_hhmm_parse(value);
			if (m > 0)
				r->close_minute = m;
		}
	}
	db_reset(st);
	return rc == DB_DONE ? DB_OK : rc;
}

int32_t kip_nth_workday(const calendar *cal, int32_t day, int n, bool from_day_one)
{
	int counted = from_day_one && calendar_is_workday(cal, day) ? 1 : 0;
	while (counted < n)
		if (calendar_is_workday(cal, ++day))
			counted++;
	return day;
}

int kip_workdays_taken(const calendar *cal, const kip_rules *r, int32_t received, int32_t notice)
{
	if (!calendar_is_workday(cal, notice))
		notice = kip_nth_workday(cal, notice, 1, false);
	if (notice < received)
		return 0;
	int n = r->receipt_day_one && calendar_is_workday(cal, received) ? 1 : 0;
	for (int32_t day = received + 1; day <= notice; day++)
		if (calendar_is_workday(cal, day))
			n++;
	return n;
}

/* The chain after the notice (or the extended notice) was due. */
static void after_notice(const calendar *cal, const kip_rules *r, int32_t due, int32_t *objection,
                         int32_t *atasan, int32_t *dispute)
{
	*objection = kip_nth_workday(cal, due, KIP_OBJECTION_DAYS, false);
	*atasan = kip_nth_workday(cal, *objection, KIP_ATASAN_DAYS, r->receipt_day_one);
	*dispute = kip_nth_workday(cal, *atasan, KIP_DISPUTE_DAYS, false);
}

static int year_of(int32_t day)
{
	int y, m, d;
	calendar_civil(day, &y, &m, &d);
	return y;
}

void kip_deadlines_compute(const calendar *cal, const kip_rules *r, int64_t t, kip_deadlines *out)
{
	memset(out, 0, sizeof(*out));
	out->submitted = t;
	int32_t day = calendar_wib_day(t);
	int64_t minute = (t + WIB_OFFSET - (int64_t)day * 86400) / 60;
	if (!calendar_is_workday(cal, day)) {
		out->moved = KIP_DAY_OFF;
		day = kip_nth_workday(cal, day, 1, false);
	} else if (minute >= r->close_minute) {
		out->moved = KIP_AFTER_HOURS;
		day = kip_nth_workday(cal, day, 1, false);
	}
	int32_t *d = out->day, *x = out->extended;
	d[KIP_RECEIVED] = day;
	d[KIP_NOTICE] = kip_nth_workday(cal, day, KIP_NOTICE_DAYS, r->receipt_day_one);
	d[KIP_EXTENDED] = kip_nth_workday(cal, d[KIP_NOTICE], KIP_EXTENSION_DAYS, false);
	after_notice(cal, r, d[KIP_NOTICE], &d[KIP_OBJECTION], &d[KIP_ATASAN], &d[KIP_DISPUTE]);
	memcpy(x, d, sizeof(out->day));
	after_notice(cal, r, d[KIP_EXTENDED], &x[KIP_OBJECTION], &x[KIP_ATASAN], &x[KIP_DISPUTE]);

	int32_t last = x[KIP_DISPUTE];
	for (unsigned i = 0; i < cal->n; i++)
		if (cal->days[i] >= day && cal->days[i] <= last && !cal->confirmed[i])
			out->unconfirmed++;
	int from = year_of(day), to = year_of(last);
	if (cal->n == 0)
		out->first_missing_year = from;
	else if (from < cal->first_year)
		out->first_missing_year = from;
	else if (to > cal->last_year)
		out->first_missing_year = cal->last_year + 1;
}

void kip_objection_days(const calendar *cal, const kip_rules *rules, int64_t filed, int32_t *received,
                        int32_t *answer_due)
{
	kip_deadlines k;
	kip_deadlines_compute(cal, rules, filed, &k); /* received like a request */
	*received = k.day[KIP_RECEIVED];
	*answer_due = kip_nth_workday(cal, *received, KIP_ATASAN_DAYS, rules->receipt_day_one);
}
