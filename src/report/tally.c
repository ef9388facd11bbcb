/*
 * tally.c - the cells of one run of the report card (tally.h): where a
 * department's month is kept, and what is written of it.
 */
#include <stdlib.h>
#include <string.h>

#include "report/tally.h"

const char *const report_question_keys[Q_NFIGURES] = {
	"received", "forwarded", "closed", "answered", "responded", "due_known", "on_time", "open", "overdue",
	"reopened", "ratings", "stars",
};
const char *const report_kip_keys[K_NFIGURES] = {
	"received", "decided", "on_time", "late", "extended", "granted", "partly", "rejected", "not_held",
	"open", "overdue", "objections",
};
const char *const report_statuses[REPORT_STATUSES] = { "direncanakan", "berjalan", "selesai", "ditunda",
	                                               "dibatalkan" };
const char *const report_fundings[REPORT_FUNDINGS] = { "apbd", "apbn", "dak", "banprov", "csr", "lainnya" };

static int load_agencies(db *c, report_tally *t)
{
	int64_t n = 0;
	int rc = db_query_int(c, "SELECT count(*) FROM agencies", DB_NOARGS, &n);
	if (rc != DB_ROW)
		return rc == DB_DONE ? DB_ERROR : rc;
	t->agency_ids = arena_calloc(t->a, (size_t)n + 1, sizeof(*t->agency_ids));
	t->response_days = arena_calloc(t->a, (size_t)n + 1, sizeof(*t->response_days));
	db_stmt *st = db_prepare(c, "SELECT id, response_days FROM agencies ORDER BY id");
	if (t->agency_ids == NULL || t->response_days == NULL || st == NULL)
		return DB_ERROR;
	t->nagencies = 1; /* [0]: the whole government */
	while ((rc = db_step(st)) == DB_ROW && t->nagencies < (size_t)n + 1) {
		t->agency_ids[t->nagencies] = db_column_int(st, 0);
		t->response_days[t->nagencies++] = (int)db_column_int(st, 1);
	}
	db_reset(st);
	return rc == DB_DONE || rc == DB_ROW ? DB_OK : rc;
}

int report_tally_init(db *c, arena *a, int64_t now, int first_year, report_tally *t)
{
	memset(t, 0, sizeof(*t));
	t->a = a;
	t->now = now;
	int y, m, d;
	calendar_civil(calendar_wib_day(now), &y, &m, &d);
	if (first_year < y - REPORT_MAX_YEARS + 1)
		first_year = y - REPORT_MAX_YEARS + 1;
	if (first_year > y)
		first_year = y;
	t->first_year = first_year;
	t->nyears = y - first_year + 1;
	int rc = calendar_load(c, &t->cal);
	if (rc == DB_OK)
		rc = load_agencies(c, t);
	if (rc != DB_OK)
		return rc;
	t->cells = arena_calloc(a, t->nagencies * (size_t)t->nyears * REPORT_PERIODS, sizeof(*t->cells));
	return t->cells ? DB_OK : DB_ERROR;
}

static int by_id(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return a < b ? -1 : a > b;
}

long report_tally_agency(const report_tally *t, int64_t agency_id)
{
	if (agency_id == 0)
		return 0;
	const int64_t *hit = bsearch(&agency_id, t->agency_ids + 1, t->nagencies - 1, sizeof(int64_t), by_id);
	return hit ? (long)(hit - t->agency_ids) : -1;
}

report_cell *report_tally_cell(report_tally *t, long ai, int year, int month)
{
	if (ai < 0 || (size_t)ai >= t->nagencies || year < t->first_year || year >= t->first_year + t->nyears ||
	    month < 0 || month > 12)
		return NULL;
	report_cell *cell = &t->cells[((size_t)ai * (size_t)t->nyears + (size_t)(year - t->first_year)) * REPORT_PERIODS +
	                              (size_t)month];
	cell->used = true;
	return cell;
}

bool report_cell_minutes(report_tally *t, report_cell *cell, int32_t minutes)
{
	if (cell->nminutes == cell->capminutes) {
		size_t cap = cell->capminutes ? cell->capminutes * 2 : 16;
		int32_t *v = arena_alloc(t->a, cap * sizeof(*v));
		if (v == NULL)
			return false;
		if (cell->nminutes)
			memcpy(v, cell->minutes, cell->nminutes * sizeof(*v));
		cell->minutes = v;
		cell->capminutes = cap;
	}
	cell->minutes[cell->nminutes++] = minutes;
	return true;
}

static int by_value(const void *x, const void *y)
{
	int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
	return a < b ? -1 : a > b;
}

int64_t report_percentile(const int32_t *sorted, size_t n, int p)
{
	if (n == 0)
		return -1;
	size_t rank = ((size_t)p * n + 99) / 100; /* ceil(p * n / 100), at least 1 */
	return sorted[rank ? rank - 1 : 0];
}

static json_t *percentile_json(const report_cell *cell, int p)
{
	int64_t v = report_percentile(cell->minutes, cell->nminutes, p);
	return v < 0 ? json_null() : json_integer(v);
}

static json_t *money_json(const report_money *m, const char *const *keys, size_t n)
{
	json_t *o = json_object();
	for (size_t i = 0; i < n; i++)
		json_object_set_new(o, keys[i], json_pack("{s:I, s:I, s:I}", "count", (json_int_t)m[i].count, "budget",
		                                          (json_int_t)m[i].budget, "realization",
		                                          (json_int_t)m[i].realization));
	return o;
}

json_t *report_cell_json(report_cell *cell, bool year)
{
	if (cell->nminutes > 1)
		qsort(cell->minutes, cell->nminutes, sizeof(*cell->minutes), by_value);
	json_t *q = json_object(), *k = json_object();
	for (size_t i = 0; i < Q_NFIGURES; i++)
		json_object_set_new(q, report_question_keys[i], json_integer(cell->q[i]));
	json_object_set_new(q, "median_minutes", percentile_json(cell, 50));
	json_object_set_new(q, "p90_minutes", percentile_json(cell, 90));
	for (size_t i = 0; i < K_NFIGURES; i++)
		json_object_set_new(k, report_kip_keys[i], json_integer(cell->k[i]));
	json_t *out = json_pack("{s:o, s:o}", "questions", q, "kip", k);
	if (year) {
		report_money all = { 0 };
		for (size_t i = 0; i < REPORT_STATUSES; i++) {
			all.count += cell->status[i].count;
			all.budget += cell->status[i].budget;
			all.realization += cell->status[i].realization;
		}
		json_object_set_new(out, "programs",
		                    json_pack("{s:I, s:I, s:I, s:o, s:o}", "count", (json_int_t)all.count, "budget",
		                              (json_int_t)all.budget, "realization", (json_int_t)all.realization,
		                              "by_status", money_json(cell->status, report_statuses, REPORT_STATUSES),
		                              "by_funding", money_json(cell->funding, report_fundings, REPORT_FUNDINGS)));
	}
	return out;
}
