/*
 * programs.h - what the government does: programmes (program), their
 * activities (kegiatan) and sub-activities (sub-kegiatan), each with its
 * budget (pagu) and realisation in whole rupiah, status, progress,
 * location and timeline. Other capabilities ask here; they never read its
 * SQL.
 */
#ifndef TERBUKA_PROGRAMS_H
#define TERBUKA_PROGRAMS_H

#include <jansson.h>
#include <stdint.h>

#include "app.h"
#include "core/config.h"
#include "db/db.h"

/* An agency's top-level programmes, newest fiscal year first, for its
 * profile page: [{id, title, url, status, status_label, progress,
 * fiscal_year, budget, budget_label, realization, realization_label}].
 * At most limit items. DB_OK or an error status. */
int programs_of_agency(db *c, int64_t agency_id, int limit, json_t **out);
/* An agency's figures: {"programs": n, "budget": rupiah, "budget_label",
 * "realization", "realization_label", "by_status": [{status, label, count}]}
 * over its top-level programmes. DB_OK or an error status. */
int programs_agency_figures(db *c, int64_t agency_id, json_t **out);

/* Loads the demo data set's programmes (data/demo/bekasi.json "programs"),
 * idempotently (by their "key"). 0, or -1 with a reason in err. */
int programs_demo_load(db *c, json_t *programs, char *err, size_t errlen);

/* Settings (the public address for links in mail) and the job that
 * tells followers of a programme's news. Once at start-up. 0 or -1. */
int programs_init(const struct config *cfg);
/* Queues the mail to the followers of program (in the caller's
 * transaction). db status. */
int programs_notify_followers(db *c, int64_t program);

/* Handlers (src/routes.c). */
void programs_index_page(request *req, page *pg);
void programs_csv(request *req, page *pg);
void programs_show_page(request *req, page *pg);
void programs_follow_submit(request *req, page *pg);
void programs_new_page(request *req, page *pg);
void programs_new_submit(request *req, page *pg);
void programs_edit_page(request *req, page *pg);
void programs_edit_submit(request *req, page *pg);
void programs_update_submit(request *req, page *pg);
void programs_file_submit(request *req, page *pg);

#endif
