/*
 * store.h - the questions' SQL (internal to questions/, and for the demo
 * loader). Writers run in the caller's transaction and take the moment
 * `at` (Unix seconds) they happen, so that the demo data set and tests
 * can place them in the past; the web passes clock_now().
 */
#ifndef TERBUKA_QUESTIONS_STORE_H
#define TERBUKA_QUESTIONS_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "calendar/calendar.h"
#include "db/db.h"

#define QUESTION_PAGE 30
/* Lists count their questions up to this many (then "more than"). */
#define QUESTION_COUNT_CAP 1000
#define QUESTION_COUNT_CAP_TEXT "1001"

enum question_sort { QSORT_NEWEST, QSORT_VOTES, QSORT_WAITING, QSORT_ANSWERED };

/* A list's filters as in the URL ("" or 0 = any) and where the page
 * starts (after the row with this sort value and id; after_id 0 = first). */
typedef struct question_filter {
	const char *agency;
	const char *kecamatan;
	int64_t program_id;
	const char *state;       /* a public state, "menunggu" (waiting), or "" */
	int64_t agency_id;       /* resolved (-1: no such) */
	int64_t kecamatan_id;
	enum question_sort sort;
	int64_t after_value;     /* votes */
	const char *after_text;  /* answered_at */
	int64_t after_id;
	int limit;
} question_filter;

int questions_resolve(db *c, question_filter *f);
/* Public questions matching f, one page (up to limit + 1 rows). */
int questions_list(db *c, const question_filter *f, json_t **rows);
/* How many public questions match f, up to QUESTION_COUNT_CAP + 1. */
int questions_count(db *c, const question_filter *f, int64_t *n);

/* One question (any state) with its department, programme, kecamatan and
 * asker: DB_ROW with *row, or DB_DONE. */
int questions_get(db *c, int64_t id, json_t **row);
/* Its visible answers (with files) and its public history. */
int questions_answers(db *c, int64_t id, json_t **rows);
int questions_events(db *c, int64_t id, json_t **rows);

typedef struct question_new {
	int64_t user_id;
	int64_t agency_id;    /* 0: "saya tidak tahu" (humas routes it) */
	int64_t program_id;   /* 0: none */
	int64_t kecamatan_id; /* 0: none */
	const char *title;
	const char *body;
	const char *photo;    /* a stored file's hash, or NULL */
	bool anonymous;
	const char *form_key; /* the form's one-time key, or NULL */
	const char *hold;     /* NULL: published at once; else why it waits */
} question_new;

/* A new question: published at once (its clock starts), or held for
 * moderation with q->hold as the reason. *id gets its id. A form key
 * used before is DB_DONE with *id the question it made. */
int questions_create(db *c, const question_new *q, int64_t at, const calendar *cal, int64_t *id);
/* Moderation lets a held question out: the public sees it, the clock starts. */
int questions_publish(db *c, int64_t id, int64_t moderator, int64_t at, const calendar *cal);
/* Starts the clock of the question's current department again at `at`
 * (due at the end of its response_days-th working day after): a question
 * archived from a live session waits from the session's end. */
int questions_start_clock(db *c, int64_t id, int64_t at, const calendar *cal);

/* The official answer of agency; the question is answered. */
int questions_answer(db *c, int64_t id, int64_t agency, int64_t user, const char *body,
                     bool field_report, int64_t at, int64_t *answer_id);
int questions_attach(db *c, int64_t answer_id, const char *hash, const char *title);
/* The department hands the question to another with a note; that
 * department's clock starts. Also humas routing an unaddressed question
 * (from = 0). */
int questions_forward(db *c, int64_t id, int64_t from, int64_t to, int64_t user, const char *note,
                      int64_t at, const calendar *cal);
/* The asker's follow-up, verdict and (once) reopening. */
int questions_reply(db *c, int64_t id, int64_t user, const char *body, int64_t at);
int questions_verdict(db *c, int64_t id, int64_t user, bool satisfied, int64_t at);
int questions_reopen(db *c, int64_t id, int64_t user, int64_t at, const calendar *cal);

/* Closes a public question: reason "selesai", or "duplikat" with the
 * original's id (it stays listed, marked as a duplicate). */
int questions_close(db *c, int64_t id, int64_t user, const char *reason, int64_t duplicate_of,
                    int64_t at);

int questions_vote(db *c, int64_t id, int64_t user, bool on, int64_t at);
int questions_follow(db *c, int64_t id, int64_t user, bool on, int64_t at);
/* One rating per person and answer (a second one replaces the first). */
int questions_rate(db *c, int64_t answer_id, int64_t user, int stars, int64_t at);
/* A row of the public history. */
int questions_event(db *c, int64_t id, const char *kind, int64_t user, int64_t agency,
                    int64_t to_agency, int64_t answer_id, const char *reason, const char *body,
                    int64_t at);

/* What this person has done to it: voted, follows, and their rating of
 * each answer ({answer id: stars}). */
int questions_mine(db *c, int64_t id, int64_t user, bool *voted, bool *following, json_t **ratings);

#endif
