/*
 * view.h - a question's rows as pages show them (internal to questions/).
 */
#ifndef TERBUKA_QUESTIONS_VIEW_H
#define TERBUKA_QUESTIONS_VIEW_H

#include <jansson.h>
#include <stdint.h>

#include "calendar/calendar.h"
#include "core/arena.h"

/* "/pertanyaan/12-kapan-jalan-diperbaiki" */
const char *question_url(arena *a, json_int_t id, const char *title);
/* Adds url, state_label, the asker as the public may see them (never the
 * account when the asker hid their name), dates in words and the clock:
 * "overdue" with "late_days" working days when a waiting question is past
 * its due time at now. Removes what the public must not see (user_id). */
void question_decorate(arena *a, json_t *q, const calendar *cal, int64_t now);
/* Labels and dates of a question's history and answers. */
void question_decorate_events(arena *a, json_t *events);
void question_decorate_answers(arena *a, json_t *answers);

#endif
