/*
 * rules.h - what a question may contain and which step may follow which,
 * without a database (tested in tests/unit/questions/).
 */
#ifndef TERBUKA_QUESTIONS_RULES_H
#define TERBUKA_QUESTIONS_RULES_H

#include <stdbool.h>
#include <stddef.h>

#define QUESTION_TITLE_MIN 10
#define QUESTION_TITLE_MAX 150
#define QUESTION_BODY_MAX 5000
#define ANSWER_BODY_MAX 10000
#define REPLY_BODY_MAX 3000

/* Personal data in text: a 16-digit NIK, a phone number, an email
 * address. Returns "nik", "telepon", "email", or NULL when none is seen.
 * Digits may be grouped by spaces or dashes (as people type a NIK or a
 * phone number), never by dots or commas (as they type money). */
const char *question_personal_data(const char *text, size_t len);

/* The states, in the order of the issue: moderasi -> terbuka -> dijawab |
 * diteruskan | ditutup; ditolak when moderation refuses it. */
bool question_state_valid(const char *state);
/* Whether the public sees a question in this state. */
bool question_state_public(const char *state);
/* Waiting for a department's answer (the clock runs). */
bool question_state_waiting(const char *state);

/* Reasons: a moderator's rejection, a closing, a flag. */
bool question_reject_reason_valid(const char *reason);
bool question_flag_reason_valid(const char *reason);

#endif
