/*
 * desk.h - what the pages of requests share inside kip/: a request row
 * made readable, its steps, its written notice, and the PPID's case.
 */
#ifndef TERBUKA_KIP_DESK_H
#define TERBUKA_KIP_DESK_H

#include <jansson.h>
#include <stdbool.h>

#include "accounts/accounts.h"
#include "app.h"
#include "core/arena.h"
#include "db/db.h"
#include "view/formview.h"

/* Adds to a kip_requests row its labels, "late", "open", "due" (the
 * notice's last day, after an extension when there was one), the
 * labels of its days and its public "url". today: "YYYY-MM-DD" (WIB). */
void kip_decorate(arena *a, json_t *row, const char *today);
/* The steps of request id, oldest first, labelled. */
int kip_steps(db *c, arena *a, int64_t id, json_t **out);
/* The written notice of a decided request (its row with the decision
 * columns), as the pages show it; NULL while undecided. */
json_t *kip_notice(arena *a, json_t *row);

/* Whether me is the main PPID (every request), or handles requests of
 * agency_id (0: the main PPID's own). */
bool kip_desk_main(const account *me);
bool kip_desk_handles(const account *me, int64_t agency_id);

/* The case of /ppid/:no for this PPID, with this thread's connection in
 * *c; NULL when pg already answers why not (404, 403, the database). */
json_t *kip_case_open(request *req, page *pg, db **c);
/* The case page (takes r and fv's model). */
void kip_case_show(request *req, page *pg, db *c, json_t *r, formview *fv, unsigned status);
/* The same, with the identity opened from its seal when reveal (the
 * reading logged first, so only from a POST). */
void kip_case_show_as(request *req, page *pg, db *c, json_t *r, formview *fv, unsigned status, bool reveal);

/* More writes a step makes in its own transaction (decide.c), after the
 * request's row moved: DB_OK, or a status that undoes the whole step
 * (DB_DONE: it no longer applies). */
typedef int (*kip_step_hook)(db *c, int64_t request_id, void *ctx);
/* Decides the open request r (kip_case_open's row) as granted in whole,
 * with the notice saying what is given and in what medium, free, through
 * the same step as the PPID's form: one transaction that checks the state
 * it started from, also's writes, the requester mailed. DB_OK; DB_DONE
 * when it was not open (any more); else a database status. */
int kip_case_grant(db *c, request *req, json_t *r, const char *given, const char *medium, kip_step_hook also,
                   void *ctx);

/* Objections (objection.c): the grounds of Pasal 35 ayat 1 (a-g); the
 * last day ("YYYY-MM-DD") request r may still be objected to, *last NULL
 * when it may not (yet, or any more); and request id's objection as the
 * pages show it (*out NULL when there is none; the reasons only when
 * full). */
extern const char *const kip_objection_grounds[];
int kip_objection_window(db *c, arena *a, json_t *r, const char **last);
int kip_objection_of(db *c, arena *a, int64_t id, bool full, json_t **out);

#endif
