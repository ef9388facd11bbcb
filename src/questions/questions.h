/*
 * questions.h - public questions and official answers: asking (with
 * similar questions suggested, personal data held for moderation),
 * answering and forwarding by the department, the asker's follow-ups and
 * verdicts, votes, follows, ratings and flags, on the response clock.
 */
#ifndef TERBUKA_QUESTIONS_H
#define TERBUKA_QUESTIONS_H

#include <jansson.h>

#include "app.h"
#include "core/config.h"
#include "db/db.h"

/* Registers the mail job; call once at start-up. */
int questions_init(const struct config *cfg);
/* A programme's status changed: its questions' history says so and their
 * followers are told. In the caller's transaction. */
int questions_program_changed(db *c, int64_t program, int64_t actor);

/* Loads a data set's questions ({"askers", "questions"}: see demo.c) in
 * the caller's transaction; what was loaded before is left alone. 0, or
 * -1 with a one-line reason in err. */
int questions_demo_load(db *c, json_t *doc, char *err, size_t errlen);

/* A department's counts of public questions ({total, answered, waiting,
 * overdue}) and its `limit` newest ones ("recent"), decorated. */
int questions_of_agency(db *c, arena *a, int64_t agency, int limit, json_t **out);
/* The `limit` questions answered last, decorated. */
int questions_recently_answered(db *c, arena *a, int limit, json_t **out);

/* Handlers (src/routes.c). */
void questions_index_page(request *req, page *pg);
void questions_show_page(request *req, page *pg);
void questions_ask_page(request *req, page *pg);
void questions_ask_submit(request *req, page *pg);
void questions_vote_submit(request *req, page *pg);
void questions_follow_submit(request *req, page *pg);
void questions_reply_submit(request *req, page *pg);
void questions_verdict_submit(request *req, page *pg);
void questions_reopen_submit(request *req, page *pg);
void questions_rate_submit(request *req, page *pg);
void questions_answer_submit(request *req, page *pg);
/* POST /dinas/:slug/jawaban/:id/ubah: a new version of an official answer (answer_edit.c). */
void questions_answer_edit_submit(request *req, page *pg);
void questions_forward_submit(request *req, page *pg);
void questions_unsubscribe_page(request *req, page *pg);
void questions_unsubscribe_submit(request *req, page *pg);
void questions_flag_submit(request *req, page *pg);
/* Moderation (humas and admin): the queue, its decisions, the log, the
 * settings (moderate*.c). */
void moderation_queue_page(request *req, page *pg);
void moderation_approve_submit(request *req, page *pg);
void moderation_reject_submit(request *req, page *pg);
void moderation_route_submit(request *req, page *pg);
void moderation_hide_submit(request *req, page *pg);
void moderation_show_submit(request *req, page *pg);
void moderation_hide_answer_submit(request *req, page *pg);
void moderation_show_answer_submit(request *req, page *pg);
void moderation_log_view(request *req, page *pg);
void moderation_settings_page(request *req, page *pg);
void moderation_settings_submit(request *req, page *pg);

#endif
