/*
 * dip.h - the Daftar Informasi Publik inside kip/: what a PPID holds,
 * item by item (UU 14/2008 Pasal 9-11 and 17; Perki 1/2021). A
 * department's PPID keeps its department's items, the main PPID its own
 * (no department) and everyone's. Items in the category dikecualikan
 * cite Pasal 17's letter and the consequence test; their documents are
 * never shown. dip_store.c holds the SQL, dip_web.c the public pages,
 * dip_admin.c the PPID's, dip_answer.c a request answered from the list.
 */
#ifndef TERBUKA_KIP_DIP_H
#define TERBUKA_KIP_DIP_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "accounts/accounts.h"
#include "app.h"
#include "core/arena.h"
#include "db/db.h"
#include "view/formview.h"

extern const char *const kip_dip_categories[]; /* berkala, serta_merta, setiap_saat, dikecualikan */
extern const char *const kip_dip_formats[];    /* softcopy, hardcopy, softcopy_hardcopy */
#define KIP_DIP_CATEGORIES 4
#define KIP_DIP_FORMATS 3
#define KIP_DIP_EXEMPT "dikecualikan"
#define KIP_DIP_MAIN "utama" /* the department field's value for the main PPID */
#define KIP_DIP_WORDS 3      /* stems of a search that count */

/* An item as the form gives it, checked already (dip_admin.c). */
typedef struct dip_item {
	int64_t agency_id; /* 0: the main PPID */
	const char *category, *title, *summary, *official, *format, *retention;
	int year;
	const char *exemption, *test; /* NULL unless the category is dikecualikan */
} dip_item;

/* Which items a list shows, newest first. */
typedef struct dip_filter {
	int64_t agency_id;    /* > 0: that department's; -1: none (an unknown one) */
	bool main_only;       /* the main PPID's own */
	int64_t ppid_user;    /* > 0: the departments this PPID handles */
	const char *category; /* NULL: any */
	const char *stems[KIP_DIP_WORDS];
	size_t nstems;
	int64_t after; /* > 0: the items older than this id */
	int limit;
} dip_filter;

/* The list and its size; rows {id, agency_id, agency_slug, agency_name,
 * category, title, summary, official, format, retention, year, exemption,
 * updated_at}. */
int dip_list(db *c, const dip_filter *f, json_t **rows);
int dip_count(db *c, const dip_filter *f, int64_t *n);
/* Calls fn with each row of the list in turn, its columns in the order
 * above (for exports that should not hold the list in memory). */
int dip_each(db *c, const dip_filter *f, void (*fn)(void *ctx, db_stmt *st), void *ctx);
/* One item (its columns as above and consequence_test): DB_ROW, or
 * DB_DONE when there is none. */
int dip_get(db *c, int64_t id, json_t **row);
/* The documents of item id: [{hash, title, mime, size, width, height}]. */
int dip_files(db *c, int64_t id, json_t **rows);

/* Writes it (id 0: a new item, whose id goes to *id) with its stems, as
 * user, in one statement. */
int dip_save(db *c, arena *a, const dip_item *it, int64_t user, int64_t *id);
int dip_delete(db *c, int64_t id);
int dip_attach(db *c, int64_t id, const char *hash, const char *title);
/* DB_DONE when the item has no such document. */
int dip_detach(db *c, int64_t id, const char *hash);

/* Adds to a row its labels ("category_label", "format_label",
 * "agency_name" for the main PPID), "exempt", the ground of Pasal 17
 * ("exemption_text") and its public "url". */
void dip_decorate(arena *a, json_t *row);

/* The filter the query string asks for (dinas, kategori, q, setelah);
 * resolves a department's slug. DB_OK or an error status. */
int dip_filter_from(request *req, db *c, dip_filter *f, int limit);

/* The PPIDs a form offers to this person: [{value, label, selected}],
 * the main PPID first for the main PPID. */
int dip_ppid_choices(db *c, const account *me, const char *chosen, json_t **out);

/* The item at /ppid/dip/:id, decorated, when this PPID keeps it; NULL
 * when pg already says why not (404, 403, the database). */
json_t *kip_dip_open(request *req, page *pg, db **c);
/* The PPID's form of an item (item NULL: a new one; taken) with fv's
 * values and messages, and the item's documents. */
/* Keeps item's stored values in fv, as the form's fields. */
void kip_dip_form_fill(arena *a, formview *fv, json_t *item);
void kip_dip_form_show(request *req, page *pg, db *c, json_t *item, formview *fv, unsigned status);

/* The case page's part (dip_answer.c): adds to the case's model m the
 * items request r (kip_case_open's row, decorated) may be answered from
 * ("dip_choices", "has_dip_choices") while it is open, and the item it
 * was answered from ("dip_item": {id, title, url} or null). */
int kip_dip_case(db *c, arena *a, json_t *r, json_t *m);
/* The item request_id was answered from, or *out NULL. */
int kip_dip_answered(db *c, arena *a, int64_t request_id, json_t **out);

#endif
