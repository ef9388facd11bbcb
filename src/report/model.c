/*
 * model.c - the report card's rows (model.h): a department's stored
 * figures with the rates people read, the satisfaction index, and its
 * place in the ranking, computed from those figures the same way on
 * every page, in the CSV and in the PDF.
 *
 * The ranking ("nilai rapor", 0-100) is the weighted mean of the
 * ingredients a department has in the period:
 *   - answered: answered / (received - forwarded - closed), weight 35;
 *   - on time: first responses within its response days / those whose
 *     time is known (responded, or past due), weight 30;
 *   - satisfaction: (index - 1) / 4 * 100, from 10 ratings, weight 20;
 *   - KIP on time: requests decided on time / decided, weight 15.
 * An ingredient a department does not have (no ratings enough, no
 * request decided) leaves its weight out. Only departments that received
 * at least REPORT_MIN_RANKED questions are ranked; ties go to the one
 * with more questions, then by name.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/str.h"
#include "calendar/calendar.h"
#include "programs/rules.h"
#include "report/model.h"
#include "report/tally.h"
#include "view/format.h"
#include "view/locale.h"

static int64_t fig(json_t *figures, const char *group, const char *key)
{
	return json_integer_value(json_object_get(json_object_get(figures, group), key));
}

/* A share in percent with one decimal, or -1 when the base is 0. */
static double share(int64_t part, int64_t whole)
{
	return whole > 0 ? round(1000.0 * (double)part / (double)whole) / 10.0 : -1;
}

/* "87,5" (Indonesian decimal comma) in a's memory. */
static const char *decimal(arena *a, double v)
{
	char *s = arena_printf(a, "%.1f", v);
	char *dot = s ? strchr(s, '.') : NULL;
	if (dot)
		*dot = ',';
	return s;
}

static void set_value(arena *a, json_t *rates, json_t *labels, const char *key, double v, const char *unit)
{
	json_object_set_new(rates, key, v < 0 ? json_null() : json_real(v));
	json_object_set_new(labels, key, v < 0 ? json_string("–") : json_string(arena_printf(a, "%s%s", decimal(a, v), unit)));
}

/* Figures with every count 0: a period or department nothing happened in
 * has no stored row, but its page and twin have the same shape. */
static json_t *no_figures(void)
{
	json_t *q = json_object(), *k = json_object();
	for (size_t i = 0; i < Q_NFIGURES; i++)
		json_object_set_new(q, report_question_keys[i], json_integer(0));
	json_object_set_new(q, "median_minutes", json_null());
	json_object_set_new(q, "p90_minutes", json_null());
	for (size_t i = 0; i < K_NFIGURES; i++)
		json_object_set_new(k, report_kip_keys[i], json_integer(0));
	return json_pack("{s:o, s:o}", "questions", q, "kip", k);
}

/* Rates, labels and the ranking's ingredients of one row. */
static void derive(arena *a, json_t *row)
{
	json_t *f = json_object_get(row, "figures"), *rates = json_object(), *labels = json_object();
	int64_t received = fig(f, "questions", "received"), answered = fig(f, "questions", "answered");
	int64_t kept = received - fig(f, "questions", "forwarded") - fig(f, "questions", "closed");
	int64_t ratings = fig(f, "questions", "ratings"), stars = fig(f, "questions", "stars");
	double answer_rate = share(answered, kept);
	double on_time = share(fig(f, "questions", "on_time"), fig(f, "questions", "due_known"));
	double satisfaction = ratings >= REPORT_MIN_RATINGS ? round(10.0 * (double)stars / (double)ratings) / 10.0 : -1;
	double kip_on_time = share(fig(f, "kip", "on_time"), fig(f, "kip", "decided"));
	json_t *median = json_object_get(json_object_get(f, "questions"), "median_minutes");
	json_t *p90 = json_object_get(json_object_get(f, "questions"), "p90_minutes");
	set_value(a, rates, labels, "answer_rate", answer_rate, "%");
	set_value(a, rates, labels, "on_time_rate", on_time, "%");
	set_value(a, rates, labels, "forwarded_share", share(fig(f, "questions", "forwarded"), received), "%");
	set_value(a, rates, labels, "reopened_share", share(fig(f, "questions", "reopened"), answered), "%");
	set_value(a, rates, labels, "satisfaction", satisfaction, "");
	set_value(a, rates, labels, "median_hours",
	          json_is_integer(median) ? round((double)json_integer_value(median) / 6.0) / 10.0 : -1, "");
	set_value(a, rates, labels, "p90_hours",
	          json_is_integer(p90) ? round((double)json_integer_value(p90) / 6.0) / 10.0 : -1, "");
	set_value(a, rates, labels, "kip_on_time_rate", kip_on_time, "%");
	json_object_set_new(rates, "kept", json_integer(kept));
	json_object_set_new(labels, "ratings_note",
	                    ratings >= REPORT_MIN_RATINGS ? json_null()
	                                                  : json_string(arena_printf(a, "%lld", (long long)ratings)));
	json_t *pf = json_object_get(f, "programs");
	if (pf) {
		int64_t budget = json_integer_value(json_object_get(pf, "budget"));
		set_value(a, rates, labels, "realization_rate", share(json_integer_value(json_object_get(pf, "realization")), budget), "%");
	}
	/* the ranking: weighted mean of the ingredients it has */
	static const char *const keys[] = { "answer_rate", "on_time_rate", "satisfaction", "kip_on_time_rate" };
	static const int weights[] = { REPORT_WEIGHT_ANSWERED, REPORT_WEIGHT_ON_TIME, REPORT_WEIGHT_SATISFACTION,
		                       REPORT_WEIGHT_KIP };
	double values[] = { answer_rate, on_time, satisfaction < 0 ? -1 : (satisfaction - 1) / 4 * 100, kip_on_time };
	double sum = 0;
	int weight = 0;
	json_t *ingredients = json_array();
	for (size_t i = 0; i < 4; i++) {
		bool have = values[i] >= 0;
		json_array_append_new(ingredients, json_pack("{s:s, s:s, s:i, s:o, s:s}", "key", keys[i], "label",
		                                             locale_get(arena_printf(a, "report.ingredient.%s", keys[i])),
		                                             "weight", weights[i],
		                                             "points", have ? json_real(round(values[i] * 10) / 10) : json_null(),
		                                             "points_label", have ? decimal(a, values[i]) : "–"));
		if (have) {
			sum += values[i] * weights[i];
			weight += weights[i];
		}
	}
	bool ranked = received >= REPORT_MIN_RANKED && answer_rate >= 0 && on_time >= 0;
	double score = ranked && weight ? round(10.0 * sum / weight) / 10.0 : -1;
	json_object_set_new(row, "score", score < 0 ? json_null() : json_real(score));
	json_object_set_new(row, "score_label", json_string(score < 0 ? "–" : decimal(a, score)));
	json_object_set_new(row, "ranked", json_boolean(score >= 0));
	json_object_set_new(row, "ingredients", ingredients);
	json_object_set_new(row, "rates", rates);
	json_object_set_new(row, "labels", labels);
}

static int by_rank(const void *x, const void *y)
{
	json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
	json_t *sa = json_object_get(a, "score"), *sb = json_object_get(b, "score");
	if (json_is_null(sa) != json_is_null(sb))
		return json_is_null(sa) ? 1 : -1;
	double da = json_real_value(sa), db_ = json_real_value(sb);
	if (da != db_)
		return da > db_ ? -1 : 1;
	int64_t ra = fig(json_object_get(a, "figures"), "questions", "received");
	int64_t rb = fig(json_object_get(b, "figures"), "questions", "received");
	if (ra != rb)
		return ra > rb ? -1 : 1;
	return strcmp(json_string_value(json_object_get(a, "name")), json_string_value(json_object_get(b, "name")));
}

/* Sorts the departments by rank and numbers the ranked ones. */
static void rank(json_t *departments)
{
	size_t n = json_array_size(departments);
	json_t **v = n ? calloc(n, sizeof(*v)) : NULL;
	if (n && v == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(departments, i));
	if (n > 1)
		qsort(v, n, sizeof(*v), by_rank);
	json_array_clear(departments);
	for (size_t i = 0; i < n; i++) {
		bool ranked = json_is_true(json_object_get(v[i], "ranked"));
		json_object_set_new(v[i], "rank", ranked ? json_integer((json_int_t)i + 1) : json_null());
		json_array_append_new(departments, v[i]);
	}
	free(v);
}

/* The stored rows of a period: {agency_id, figures, slug, name}. */
static int rows_of(db *c, arena *a, const char *period, int64_t agency, json_t **out)
{
	(void)a;
	json_t *rows = NULL;
	int rc = agency < 0
		? db_query_json(c, "SELECT f.agency_id, f.figures, a.slug, a.name FROM report_figures f "
		                   "LEFT JOIN agencies a ON a.id = f.agency_id WHERE f.period = ? ORDER BY f.agency_id",
		                DB_ARGS(DB_TEXT(period)), &rows)
		: db_query_json(c, "SELECT f.period, f.agency_id, f.figures, a.slug, a.name FROM report_figures f "
		                   "LEFT JOIN agencies a ON a.id = f.agency_id WHERE f.agency_id = ? AND f.period >= ? "
		                   "AND f.period <= ? ORDER BY f.period",
		                DB_ARGS(DB_INT(agency), DB_TEXT(arena_printf(a, "%.4s-01", period)),
		                        DB_TEXT(arena_printf(a, "%.4s-12", period))), &rows);
	if (rc != DB_OK)
		return rc;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		json_t *f = json_loads(json_string_value(json_object_get(r, "figures")), 0, NULL);
		json_object_set_new(r, "figures", f ? f : json_object());
		const char *slug = json_string_value(json_object_get(r, "slug"));
		json_object_set_new(r, "url", slug ? json_string(arena_printf(a, "/laporan/%s", slug)) : json_null());
		derive(a, r);
	}
	*out = rows;
	return DB_OK;
}

bool report_period_of(const char *tahun, const char *bulan, report_period *p)
{
	memset(p, 0, sizeof(*p));
	int y, m, d;
	calendar_civil(calendar_wib_day(clock_now()), &y, &m, &d);
	int64_t year = y, month = 0;
	if (tahun && tahun[0] && (!str_to_i64(str_c(tahun), false, &year) || year < 2000 || year > y))
		return false;
	if (bulan && bulan[0] && (!str_to_i64(str_c(bulan), false, &month) || month < 1 || month > 12 ||
	                          (year == y && month > m)))
		return false;
	p->year = (int)year;
	p->month = (int)month;
	if (month)
		snprintf(p->key, sizeof(p->key), "%04d-%02d", p->year, p->month);
	else
		snprintf(p->key, sizeof(p->key), "%04d", p->year);
	return true;
}

const char *report_url(arena *a, const char *base, const char *suffix, const report_period *p)
{
	if (p->month)
		return arena_printf(a, "%s%s?tahun=%d&bulan=%d", base, suffix, p->year, p->month);
	return arena_printf(a, "%s%s?tahun=%d", base, suffix, p->year);
}

static const char *month_name(int m)
{
	const char *s = json_string_value(json_array_get(json_object_get(locale_root(), "months"), (size_t)m - 1));
	return s ? s : "";
}

static json_t *period_json(arena *a, const report_period *p)
{
	const char *label = p->month ? arena_printf(a, "%s %d", month_name(p->month), p->year) : arena_printf(a, "%d", p->year);
	return json_pack("{s:i, s:o, s:s, s:s, s:b}", "year", p->year, "month", p->month ? json_integer(p->month) : json_null(),
	                 "key", p->key, "label", label, "is_month", p->month != 0);
}

/* The run that made the figures, or null when none has yet. */
static int run_of(db *c, arena *a, json_t **out)
{
	json_t *run = NULL;
	int rc = db_query_row_json(c, "SELECT computed_at, took_ms FROM report_runs WHERE id = 1 AND computed_at IS NOT NULL",
	                           DB_NOARGS, &run);
	if (rc == DB_ROW) {
		const char *at = json_string_value(json_object_get(run, "computed_at"));
		const char *label = at ? format_time_wib(a, at) : NULL;
		json_object_set_new(run, "computed_label", json_string(label ? label : ""));
		json_object_set_new(run, "refresh_minutes", json_integer(5));
	}
	*out = rc == DB_ROW ? run : json_null();
	return rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
}

/* Each month of the year, with the rows stored for it (absent months
 * have none: nothing happened). */
static json_t *months_of(arena *a, const report_period *p, json_t *rows)
{
	json_t *months = json_array();
	int y, m, d;
	calendar_civil(calendar_wib_day(clock_now()), &y, &m, &d);
	int last = p->year == y ? m : 12;
	for (int k = 1; k <= last; k++) {
		char key[16];
		snprintf(key, sizeof(key), "%04d-%02d", p->year, k);
		json_t *row = NULL, *r;
		size_t i;
		json_array_foreach(rows, i, r)
			if (strcmp(json_string_value(json_object_get(r, "period")), key) == 0)
				row = json_incref(r);
		if (row == NULL) {
			row = json_pack("{s:s, s:o}", "period", key, "figures", no_figures());
			derive(a, row);
		}
		json_object_set_new(row, "label", json_string(month_name(k)));
		json_object_set_new(row, "short_label", json_string(arena_printf(a, "%.3s", month_name(k))));
		json_object_set_new(row, "month", json_integer(k));
		json_object_set_new(row, "selected", json_boolean(k == p->month));
		json_array_append_new(months, row);
	}
	return months;
}

int report_model(db *c, arena *a, const report_period *p, const char *slug, json_t **out)
{
	json_t *rows = NULL, *run = NULL, *months = NULL, *agency = NULL;
	int64_t agency_id = 0;
	int rc = DB_OK;
	if (slug) {
		rc = db_query_row_json(c, "SELECT id, slug, name FROM agencies WHERE slug = ?", DB_ARGS(DB_TEXT(slug)), &agency);
		if (rc != DB_ROW)
			return rc;
		agency_id = json_integer_value(json_object_get(agency, "id"));
	}
	rc = run_of(c, a, &run);
	if (rc == DB_OK)
		rc = rows_of(c, a, p->key, -1, &rows);
	if (rc == DB_OK)
		rc = rows_of(c, a, p->key, agency_id, &months);
	if (rc != DB_OK) {
		json_decref(rows);
		json_decref(run);
		json_decref(agency);
		return rc;
	}
	json_t *m = json_pack("{s:o, s:o}", "period", period_json(a, p), "run", run);
	json_t *departments = json_array(), *whole = NULL, *mine = NULL, *r;
	size_t i;
	json_array_foreach(rows, i, r)
	{
		if (json_integer_value(json_object_get(r, "agency_id")) == 0)
			whole = json_incref(r);
		else
			json_array_append(departments, r);
	}
	rank(departments);
	json_array_foreach(departments, i, r)
		if (json_integer_value(json_object_get(r, "agency_id")) == agency_id && agency_id)
			mine = json_incref(r);
	if (whole == NULL) {
		whole = json_pack("{s:i, s:o}", "agency_id", 0, "figures", no_figures());
		derive(a, whole);
	}
	if (slug && mine == NULL) {
		mine = json_pack("{s:O, s:O, s:O, s:o}", "agency_id", json_object_get(agency, "id"), "slug",
		                 json_object_get(agency, "slug"), "name", json_object_get(agency, "name"), "figures",
		                 no_figures());
		derive(a, mine);
	}
	json_object_set_new(m, "whole", whole);
	json_object_set_new(m, "departments", departments);
	json_object_set_new(m, "has_departments", json_boolean(json_array_size(departments) > 0));
	json_object_set_new(m, "ranked_total", json_integer((json_int_t)0));
	json_array_foreach(departments, i, r)
		if (json_is_true(json_object_get(r, "ranked")))
			json_object_set_new(m, "ranked_total", json_integer((json_int_t)i + 1));
	json_object_set_new(m, "unranked_total", json_integer(
		(json_int_t)json_array_size(departments) - json_integer_value(json_object_get(m, "ranked_total"))));
	json_object_set_new(m, "department", mine ? mine : json_null());
	json_object_set_new(m, "months", months_of(a, p, months));
	json_object_set_new(m, "min_ranked", json_integer(REPORT_MIN_RANKED));
	json_object_set_new(m, "min_ratings", json_integer(REPORT_MIN_RATINGS));
	json_decref(rows);
	json_decref(months);
	json_decref(agency);
	*out = m;
	return DB_OK;
}
