/*
 * count.c - the report card's questions, ratings and programmes, counted
 * from the rows (tally.h). A question's history (question_events) is
 * walked in order and cut into stints, one per department that held it:
 *   - a stint starts when the question reaches the department (asked of
 *     it, routed to it by humas, forwarded to it), but never before the
 *     question was published;
 *   - it ends when the department forwards it, or when it is routed
 *     elsewhere. A stint routed away by humas before the department
 *     answered it is not counted at all: the question had been sent to
 *     the wrong door, which is not the department's doing;
 *   - its first response is the department's first answer or forward;
 *     the response time is the office minutes (calendar.h) from the
 *     stint's start to it; on time means by the end of the department's
 *     response days (agencies.response_days) after the start.
 * A stint counts in the month and year it started. The whole government
 * counts questions instead, by the month they were published: answered
 * by anyone, forwarded at all, closed unanswered, first response from
 * publication; its on-time figures are every department's stints added.
 */
#include <string.h>

#include "core/clock.h"
#include "report/tally.h"

typedef struct stint {
	long ai; /* the department's index; -1: no stint */
	int64_t start, first_response;
	bool answered, forwarded, closed, reopened;
} stint;

/* The question being walked. */
typedef struct walk {
	int64_t id, published, due;
	long holder; /* the department holding it now (questions.agency_id) */
	bool open;
	stint cur;
	int64_t first_response;
	bool answered, forwarded, closed, reopened;
} walk;

/* Adds n to figure f of agency ai's cells of the WIB month and year of t. */
static void add(report_tally *t, long ai, int64_t when, int f, int64_t n)
{
	int y, m, d;
	calendar_civil(calendar_wib_day(when), &y, &m, &d);
	report_cell *year = report_tally_cell(t, ai, y, 0), *month = report_tally_cell(t, ai, y, m);
	if (year && month) {
		year->q[f] += n;
		month->q[f] += n;
	}
}

static bool add_minutes(report_tally *t, long ai, int64_t when, int64_t minutes)
{
	int y, m, d;
	calendar_civil(calendar_wib_day(when), &y, &m, &d);
	report_cell *year = report_tally_cell(t, ai, y, 0), *month = report_tally_cell(t, ai, y, m);
	if (year == NULL || month == NULL)
		return true;
	int32_t v = minutes > INT32_MAX ? INT32_MAX : (int32_t)minutes;
	return report_cell_minutes(t, year, v) && report_cell_minutes(t, month, v);
}

/* Counts the stint that has ended (last: it is the question's last). */
static bool close_stint(report_tally *t, walk *w, bool last)
{
	stint *s = &w->cur;
	if (s->ai <= 0)
		return true;
	long ai = s->ai;
	int64_t at = s->start;
	add(t, ai, at, Q_RECEIVED, 1);
	add(t, ai, at, Q_FORWARDED, s->forwarded);
	add(t, ai, at, Q_CLOSED, s->closed);
	add(t, ai, at, Q_ANSWERED, s->answered);
	add(t, ai, at, Q_REOPENED, s->reopened);
	int64_t due = calendar_due(&t->cal, s->start, t->response_days[ai]);
	bool responded = s->first_response != 0, on_time = responded && s->first_response <= due;
	bool due_known = responded || t->now > due;
	for (long who = 0; who <= ai; who += ai) { /* the department, then the whole government */
		add(t, who, at, Q_DUE_KNOWN, due_known);
		add(t, who, at, Q_ON_TIME, on_time);
	}
	if (responded) {
		add(t, ai, at, Q_RESPONDED, 1);
		if (!add_minutes(t, ai, at, calendar_office_minutes(&t->cal, s->start, s->first_response)))
			return false;
	}
	if (last && w->open && w->holder == ai) {
		add(t, ai, at, Q_OPEN, 1);
		add(t, ai, at, Q_OVERDUE, w->due != 0 && t->now > w->due);
	}
	s->ai = -1;
	return true;
}

static void open_stint(report_tally *t, walk *w, int64_t agency, int64_t at)
{
	w->cur = (stint){ .ai = agency ? report_tally_agency(t, agency) : -1,
		          .start = at > w->published ? at : w->published };
}

/* One event of the question's history. */
static bool step(report_tally *t, walk *w, const char *kind, int64_t at, int64_t agency, int64_t to)
{
	stint *s = &w->cur;
	if (strcmp(kind, "diajukan") == 0) {
		open_stint(t, w, to, at);
	} else if (strcmp(kind, "diarahkan") == 0) {
		/* humas routes it: a stint that had not answered was the wrong
		 * door and does not count */
		if (s->ai > 0 && s->answered && !close_stint(t, w, false))
			return false;
		open_stint(t, w, to, at);
	} else if (strcmp(kind, "diteruskan") == 0) {
		w->forwarded = true;
		if (w->first_response == 0)
			w->first_response = at;
		if (s->ai > 0 && s->ai == report_tally_agency(t, agency)) {
			s->forwarded = true;
			if (s->first_response == 0)
				s->first_response = at;
		}
		if (!close_stint(t, w, false))
			return false;
		open_stint(t, w, to, at);
	} else if (strcmp(kind, "dijawab") == 0) {
		w->answered = true;
		if (w->first_response == 0)
			w->first_response = at;
		s->answered = true;
		if (s->first_response == 0)
			s->first_response = at;
	} else if (strcmp(kind, "dibuka_kembali") == 0) {
		w->reopened = true;
		s->reopened = s->reopened || s->answered;
	} else if (strcmp(kind, "ditutup") == 0) {
		w->closed = !w->answered;
		s->closed = !s->answered;
	}
	return true;
}

/* The question's own figures, for the whole government. */
static bool finish(report_tally *t, walk *w)
{
	if (!close_stint(t, w, true))
		return false;
	int64_t at = w->published;
	add(t, 0, at, Q_RECEIVED, 1);
	add(t, 0, at, Q_FORWARDED, w->forwarded);
	add(t, 0, at, Q_CLOSED, w->closed);
	add(t, 0, at, Q_ANSWERED, w->answered);
	add(t, 0, at, Q_REOPENED, w->reopened);
	add(t, 0, at, Q_OPEN, w->open);
	add(t, 0, at, Q_OVERDUE, w->open && w->due != 0 && t->now > w->due);
	if (w->first_response == 0)
		return true;
	add(t, 0, at, Q_RESPONDED, 1);
	return add_minutes(t, 0, at, calendar_office_minutes(&t->cal, w->published, w->first_response));
}

static int64_t time_of(db_stmt *st, int col)
{
	int64_t t = 0;
	const char *s = db_column_text(st, col);
	return s && calendar_parse_utc(s, &t) ? t : 0;
}

int report_count_questions(db *c, report_tally *t)
{
	db_stmt *st = db_prepare(c,
		"SELECT q.id, q.published_at, q.state, q.agency_id, q.due_at, e.kind, e.at, e.agency_id, "
		"e.to_agency_id FROM questions q JOIN question_events e ON e.question_id = q.id "
		"WHERE q.published_at IS NOT NULL AND e.kind IN "
		"('diajukan', 'diarahkan', 'diteruskan', 'dijawab', 'dibuka_kembali', 'ditutup') "
		"ORDER BY q.id, e.id");
	if (st == NULL)
		return DB_ERROR;
	walk w = { .id = 0 };
	int rc;
	bool ok = true;
	while (ok && (rc = db_step(st)) == DB_ROW) {
		int64_t id = db_column_int(st, 0);
		if (id != w.id) {
			if (w.id != 0)
				ok = finish(t, &w);
			const char *state = db_column_text(st, 2);
			w = (walk){ .id = id, .published = time_of(st, 1), .due = time_of(st, 4),
				    .holder = report_tally_agency(t, db_column_int(st, 3)),
				    .open = state && (strcmp(state, "terbuka") == 0 || strcmp(state, "diteruskan") == 0),
				    .cur = { .ai = -1 } };
			if (db_column_type(st, 3) == DB_T_NULL)
				w.holder = -1;
		}
		const char *kind = db_column_text(st, 5);
		ok = ok && step(t, &w, kind ? kind : "", time_of(st, 6), db_column_int(st, 7), db_column_int(st, 8));
	}
	db_reset(st);
	if (ok && w.id != 0 && rc == DB_DONE)
		ok = finish(t, &w);
	if (!ok)
		return DB_ERROR;
	return rc == DB_DONE ? DB_OK : rc == DB_ROW ? DB_ERROR : rc;
}

int report_count_ratings(db *c, report_tally *t)
{
	db_stmt *st = db_prepare(c, "SELECT a.agency_id, r.at, r.stars FROM answer_ratings r "
	                            "JOIN answers a ON a.id = r.answer_id");
	if (st == NULL)
		return DB_ERROR;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		long ai = report_tally_agency(t, db_column_int(st, 0));
		int64_t at = time_of(st, 1), stars = db_column_int(st, 2);
		for (long who = 0; ai > 0 && who <= ai; who += ai) {
			add(t, who, at, Q_RATINGS, 1);
			add(t, who, at, Q_STARS, stars);
		}
	}
	db_reset(st);
	return rc == DB_DONE ? DB_OK : rc;
}

static int index_of(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; s && i < n; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

static void add_money(report_money *m, int64_t budget, int64_t realization)
{
	m->count++;
	m->budget += budget;
	m->realization += realization;
}

int report_count_programs(db *c, report_tally *t)
{
	db_stmt *st = db_prepare(c, "SELECT agency_id, fiscal_year, status, funding, budget, realization "
	                            "FROM programs WHERE level = 'program'");
	if (st == NULL)
		return DB_ERROR;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		long ai = report_tally_agency(t, db_column_int(st, 0));
		int year = (int)db_column_int(st, 1);
		int s = index_of(report_statuses, REPORT_STATUSES, db_column_text(st, 2));
		int f = index_of(report_fundings, REPORT_FUNDINGS, db_column_text(st, 3));
		int64_t budget = db_column_int(st, 4), realization = db_column_int(st, 5);
		for (long who = 0; ai > 0 && s >= 0 && f >= 0 && who <= ai; who += ai) {
			report_cell *cell = report_tally_cell(t, who, year, 0);
			if (cell == NULL)
				break;
			add_money(&cell->status[s], budget, realization);
			add_money(&cell->funding[f], budget, realization);
		}
	}
	db_reset(st);
	return rc == DB_DONE ? DB_OK : rc;
}
