/*
 * store.h - the programmes' SQL (internal to programs/).
 */
#ifndef TERBUKA_PROGRAMS_STORE_H
#define TERBUKA_PROGRAMS_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "db/db.h"

#define PROGRAM_PAGE 50

enum program_sort { SORT_NEWEST, SORT_BUDGET, SORT_PROGRESS };

/* A list's filters (slugs and words as in the URL; "" or 0 = any) and
 * where the page starts (keyset: after the row with this sort value and
 * id; after_id 0 = the first page). */
typedef struct program_filter {
	const char *agency;
	const char *status;
	int64_t year;
	const char *kecamatan;
	const char *funding;
	int64_t agency_id;    /* resolved by programs_resolve (-1: no such) */
	int64_t kecamatan_id;
	enum program_sort sort;
	int64_t after_value;
	int64_t after_id;
	int limit;
} program_filter;

/* Turns f's agency and kecamatan slugs into ids (call once before the
 * queries below). DB_OK or an error status. */
int programs_resolve(db *c, program_filter *f);
/* Top-level programmes matching f, one page (up to f->limit + 1 rows, so
 * the caller sees whether there is more). DB_OK or an error status. */
int programs_list(db *c, const program_filter *f, json_t **rows);
/* Totals of the whole filtered set: {"count", "budget", "realization",
 * "by_status": [{status, count, budget, realization}],
 * "by_agency": [{slug, name, count, budget, realization}]}. */
int programs_totals(db *c, const program_filter *f, json_t **out);

/* One programme (any level) with its agency, place and parent: DB_ROW
 * with *row, or DB_DONE. */
int programs_get(db *c, int64_t id, json_t **row);
/* The children and grandchildren of id, in id order. */
int programs_descendants(db *c, int64_t id, json_t **rows);
int programs_versions(db *c, int64_t id, json_t **rows);
int programs_updates(db *c, int64_t id, json_t **rows);
int programs_files(db *c, int64_t id, json_t **rows);
int programs_followers(db *c, int64_t id, int64_t user, int64_t *count, bool *following);

/* The editable fields of a programme, validated by the caller. */
typedef struct program_fields {
	int64_t parent_id; /* 0 for a top-level programme */
	const char *level;
	int64_t agency_id;
	const char *title;
	const char *summary;
	const char *status;
	int64_t fiscal_year;
	int64_t budget;
	int64_t realization;
	const char *funding;
	int64_t kecamatan_id; /* 0: none */
	int64_t village_id;   /* 0: none */
	bool has_coordinates;
	double latitude, longitude;
	const char *start_date; /* "" for none */
	const char *end_date;
	int progress;
	const char *rollup;
	const char *targets; /* JSON array text */
	const char *ref;     /* a stable reference (NULL: none); set at creation only */
} program_fields;

/* Creates (id == 0) or updates a programme, writes its version with what
 * changed, and rolls progress up to its ancestors. In the caller's
 * transaction. *id gets the id. DB_OK or an error status. */
int programs_save(db *c, const program_fields *p, int64_t user, int64_t *id);
/* Recomputes the progress of id's ancestors from their children. */
int programs_roll_up(db *c, int64_t id);
/* A timeline entry at the time at (NULL: now); *id gets its id. */
int programs_add_update(db *c, int64_t program, int64_t user, const char *at, const char *body,
                        int progress, const char *status, int64_t *id);
/* The id of the programme with this ref: DB_ROW or DB_DONE. */
int programs_by_ref(db *c, const char *ref, int64_t *id);
int programs_attach(db *c, int64_t program, int64_t update, const char *hash, const char *title);
int programs_follow(db *c, int64_t program, int64_t user, bool follow);

/* The id of a kecamatan (an agency of that kind) by slug, and of a
 * village in it: DB_ROW or DB_DONE. */
int programs_kecamatan_id(db *c, const char *slug, int64_t *id);
int programs_village_id(db *c, int64_t kecamatan, const char *slug, int64_t *id);
/* Every kecamatan with its villages, for the forms' choices. */
int programs_places(db *c, json_t **out);

#endif
