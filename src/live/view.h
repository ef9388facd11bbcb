/*
 * view.h - live sessions as pages show them (internal to live/).
 */
#ifndef TERBUKA_LIVE_VIEW_H
#define TERBUKA_LIVE_VIEW_H

#include <jansson.h>

#include "core/arena.h"

/* url, state_label, times in WIB, description_html, stream link check. */
void live_decorate_session(arena *a, json_t *s);
void live_decorate_sessions(arena *a, json_t *rows);
/* The public questions split for the page: {"current": the pinned one or
 * null, "open": not answered yet (vote order), "answered": answered}; each
 * with "voted" when its id is in mine ([{id}]), and never the participant. */
json_t *live_split(arena *a, json_t *questions, json_int_t current, json_t *mine);

#endif
