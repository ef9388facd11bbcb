/*
 * moderate.h - moderation of questions and answers (internal to
 * questions/): the humas queue, decisions on held, unrouted and flagged
 * content, flags from signed-in people, the audit log and the two
 * settings (pre-moderation, the flag threshold).
 *
 * The store functions run in the caller's write transaction and take the
 * moment `at` (Unix seconds) they happen. Every decision writes one row of
 * moderation_log (who, what, reason, note: never the text it judged) and,
 * where the public should see it, one question_events row. Whoever changes
 * what the public sees of a question re-indexes it for search in the same
 * transaction (search_index_question).
 */
#ifndef TERBUKA_QUESTIONS_MODERATE_H
#define TERBUKA_QUESTIONS_MODERATE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "accounts/accounts.h"
#include "calendar/calendar.h"
#include "db/db.h"
#include "view/formview.h"

#define FLAG_THRESHOLD_DEFAULT 3
#define FLAG_THRESHOLD_MIN 1
#define FLAG_THRESHOLD_MAX 20
#define MODERATION_NOTE_MAX 1000
#define MODERATION_QUEUE_MAX 50 /* items of each kind on the queue page */
#define MODERATION_LOG_PAGE 50

/* --- settings (moderate_store.c) ------------------------------------------ */

/* questions.premoderation (default on) and questions.flag_threshold
 * (default 3; a stored value outside 1..20 counts as the default). */
int moderation_settings(db *c, bool *premoderation, int *threshold);
int moderation_settings_save(db *c, bool premoderation, int threshold);

/* --- the log ---------------------------------------------------------------- */

typedef struct moderation_entry {
	int64_t user;       /* 0: the site itself (flags past the threshold) */
	int64_t question;   /* 0: none (a change of settings) */
	int64_t answer;     /* 0: none */
	const char *action; /* moderation_action.<action> in the locale */
	const char *reason; /* NULL or a reason of question_reason */
	const char *note;   /* the moderator's own words, or NULL */
} moderation_entry;

int moderation_log_write(db *c, const moderation_entry *e, int64_t at);
/* Entries newest first, after the entry before_id (0: the newest); up to
 * limit + 1 rows, with the moderator's name and the question's title. */
int moderation_log_page(db *c, int64_t before_id, int limit, json_t **rows);

/* --- reading ---------------------------------------------------------------- */

/* Serialises decisions and flags on one question: a row lock on
 * PostgreSQL; SQLite's write transaction already is one. */
int moderation_lock(db *c, int64_t question);
/* The queue: held questions, public questions nobody has routed, and
 * hidden questions and answers with open flags; oldest first, up to limit
 * rows each, with the asker's name even when they hid it. */
int moderation_held(db *c, int limit, json_t **rows);
int moderation_unrouted(db *c, int limit, json_t **rows);
int moderation_flagged_questions(db *c, int limit, json_t **rows);
int moderation_flagged_answers(db *c, int limit, json_t **rows);
/* How many of each (held, unrouted, flagged questions, flagged answers). */
int moderation_counts(db *c, int64_t counts[4]);
/* The open flags on hidden content of one kind ("question", "answer"),
 * grouped: [{target_id, reason, n}]. */
int moderation_open_flags(db *c, const char *kind, json_t **rows);
/* Open flags on one target. */
int moderation_open_count(db *c, const char *kind, int64_t target, int64_t *n);
/* One answer: {id, question_id, hidden}, DB_ROW or DB_DONE. */
int moderation_answer(db *c, int64_t id, json_t **row);

/* --- writing ---------------------------------------------------------------- */

/* One flag; *added is false when this person flagged it before. */
int moderation_flag(db *c, const char *kind, int64_t target, int64_t question, int64_t user,
                    const char *reason, int64_t at, bool *added);
/* The most common reason of the open flags on a target ("lainnya" if none). */
int moderation_top_reason(db *c, const char *kind, int64_t target, const char **reason);
int moderation_resolve_flags(db *c, const char *kind, int64_t target, int64_t at);
/* Hides or shows a question (listed follows: shown again only in a
 * public state) or an answer; *changed is false when it already was. */
int moderation_hide_question(db *c, int64_t id, bool hidden, int64_t at, bool *changed);
int moderation_hide_answer(db *c, int64_t id, bool hidden, int64_t at, bool *changed);
/* Refuses a question: state ditolak with the reason (and the original of
 * a duplicate), out of every public list. *changed is false when it was
 * refused already. */
int moderation_reject(db *c, int64_t id, const char *reason, int64_t original, int64_t at,
                      bool *changed);
/* A public question closed as a duplicate is shown (hidden = 0) again:
 * the moderator judged it and it now points to the original. */
int moderation_show_duplicate(db *c, int64_t id, int64_t at);

/* --- pages (moderate_view.c) ----------------------------------------------- */

/* Whether me (may be NULL) moderates: humas or admin. */
bool moderation_is_moderator(const account *me);
/* What the question page adds: "can_flag" for a signed-in visitor of a
 * public question, "moderation_notice" when the page is not public, and
 * for moderators the "moderation" box (what they may decide, the asker's
 * name, hidden answers). Reads q before question_decorate changes it. */
int questions_moderation_view(request *req, db *c, const account *me, json_t *q);

/* The queue page, or the question page, again with a form that came
 * back (422) or a decision that no longer applies (409): fv's messages in
 * the summary and beside the fields of that form (its name: "tolak",
 * "arahkan", "sembunyikan"...) of the item whose anchor ("q12" a
 * question, "j7" an answer) it was. */
void moderation_queue_again(request *req, page *pg, db *c, formview *fv, const char *form,
                            const char *anchor, unsigned status);
void moderation_question_again(request *req, page *pg, db *c, int64_t id, formview *fv,
                               const char *form, const char *anchor, unsigned status);

/* --- deciding (moderate.c) --------------------------------------------------- */

typedef struct decision decision;
/* One decision, run in the write transaction under moderation_lock with
 * d->q read there. Returns DB_OK, or an error (DB_DONE: 404). Sets
 * d->conflict (a 409) or fails fields of d->fv (a 422) to write nothing. */
typedef int (*decide_fn)(decision *d);

struct decision {
	request *req;
	db *c;
	const account *me;
	int64_t id;           /* the question */
	int64_t answer;       /* the answer decided on, or 0 */
	json_t *q;            /* the question as it is now */
	formview fv;          /* the form, with its messages */
	const char *form;     /* the form's name, for the messages' places */
	const char *conflict; /* the locale key of a 409 */
	const char *notice;   /* notice.<key> shown after the decision */
	int64_t at;
	calendar *cal;        /* loaded when the decision may start a clock */
	const void *arg;      /* the decision's own input */
};

/* Runs fn for the question id (and answer, or 0) with d->fv as read from
 * the form and answers: 303 back (to the queue, or to the question page
 * when the form says kembali=pertanyaan), 404, 409, 422 or an error. */
void moderation_decide(request *req, page *pg, decision *d, decide_fn fn, bool need_calendar);
/* The question's state under the lock. */
const char *moderation_state(const decision *d);
/* Writes d's log row. */
int moderation_log_decision(decision *d, const char *action, const char *reason, const char *note);

#endif
