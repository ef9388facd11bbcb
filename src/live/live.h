/*
 * live.h - live Q&A sessions: humas schedules a session for departments;
 * people send questions (before and during it) and vote; a moderator
 * approves, merges, corrects, pins the question being answered and marks
 * answers; the participant, moderator, presenter and overlay views update
 * live over Server-Sent Events; afterwards the questions join the
 * departments' questions.
 */
#ifndef TERBUKA_LIVE_H
#define TERBUKA_LIVE_H

#include <jansson.h>

#include "app.h"
#include "core/arena.h"
#include "db/db.h"

/* The sessions not over yet, soonest first, decorated (the home page). */
int live_upcoming(db *c, arena *a, int limit, json_t **out);

/* Handlers (src/routes.c). */
void live_index_page(request *req, page *pg);
void live_show_page(request *req, page *pg);
void live_ask_submit(request *req, page *pg);
void live_vote_submit(request *req, page *pg);
void live_screen_page(request *req, page *pg);
void live_overlay_page(request *req, page *pg);
void live_stream(request *req, page *pg);
void live_new_page(request *req, page *pg);
void live_new_submit(request *req, page *pg);
void live_edit_page(request *req, page *pg);
void live_edit_submit(request *req, page *pg);
void live_state_submit(request *req, page *pg);
void live_moderate_page(request *req, page *pg);
void live_moderate_submit(request *req, page *pg);

#endif
