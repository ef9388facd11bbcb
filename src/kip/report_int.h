/*
 * report_int.h - what the annual report's two halves share inside kip/:
 * the figures by index (the order of kip_report_fields), one PPID's
 * tally, and the counting (report.c) that the model (report_model.c)
 * shows.
 */
#ifndef TERBUKA_KIP_REPORT_INT_H
#define TERBUKA_KIP_REPORT_INT_H

#include <jansson.h>
#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"
#include "kip/clock.h"
#include "kip/report.h"

enum {
	RECEIVED, EXTENDED, DECIDED, ON_TIME, LATE, GRANTED, PARTLY, REJECTED, REJECTED_A,
	NOT_HELD = REJECTED_A + 10, OPEN, OPEN_OVERDUE, DAYS_TOTAL, DAYS_MAX, OBJECTIONS, GROUND_A,
	UPHELD = GROUND_A + 7, REFUSED, PENDING, ANSWERED_LATE, PENDING_OVERDUE, NFIELDS
};

/* One department's (or the main PPID's) tally. */
typedef struct kip_tally_group {
	int64_t agency_id, sort; /* agency 0: the main PPID */
	const char *slug, *name;
	int64_t n[NFIELDS];
} kip_tally_group;

typedef struct kip_tally {
	arena *a;
	kip_rules rules; /* the region's, as loaded for the count */
	kip_tally_group *g;
	size_t n, cap;
} kip_tally;

/* The group of agency id (0: the main PPID), added when new; NULL when
 * memory ran out. */
kip_tally_group *kip_tally_add(kip_tally *t, int64_t id, const char *slug, const char *name, int64_t sort);
/* Every request and objection of s's year into t, the requests listed in
 * list (never their requester), and the departments that wrote their part
 * of a whole government's report; then the groups in the agencies' order. */
int kip_tally_year(db *c, const kip_report_scope *s, kip_tally *t, json_t *list);

#endif
