/*
 * view.h - what programme rows need to be shown (internal to programs/):
 * URLs with the title's slug, labels for statuses, funding and money.
 */
#ifndef TERBUKA_PROGRAMS_VIEW_H
#define TERBUKA_PROGRAMS_VIEW_H

#include <jansson.h>

#include "core/arena.h"

/* "/program/12-perbaikan-jalan-cibitung" */
const char *program_url(arena *a, json_int_t id, const char *title);
/* Adds url, status_label, funding_label, budget_label, budget_short,
 * realization_label, realization_short, absorption (realisasi % of pagu)
 * and the level label to one row. */
void program_decorate(arena *a, json_t *row);

#endif
