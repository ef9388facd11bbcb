/*
 * kip.h - formal information requests under UU 14/2008 (Keterbukaan
 * Informasi Publik): the legal clock (clock.h) and its public pages.
 */
#ifndef TERBUKA_KIP_H
#define TERBUKA_KIP_H

#include <jansson.h>
#include <stdint.h>

#include "app.h"
#include "core/arena.h"
#include "db/db.h"

struct config;

/* Keeps the public address for links in mail and loads (or makes) the key
 * that seals requesters' identity data (seal.h). 0, or -1 with err. */
int kip_init(const struct config *cfg, char *err, size_t errlen);
void kip_free(void);
/* The public address without a trailing slash ("http://127.0.0.1:8080"). */
const char *kip_base_url(void);

/* The calendar changed (holidays added, moved, removed): every open
 * request's days again from the moment it was sent; those that moved get
 * a dated step and new reminders. Call in the transaction of the change;
 * *moved counts the requests whose days moved. */
int kip_calendar_changed(db *c, int64_t user_id, int *moved);
/* The same when the region's counting rules changed (settings.c): the
 * step says so. */
int kip_rules_changed(db *c, int64_t user_id, int *moved);

/* Removes the identity of requests decided longer ago than the retention
 * period (kip.retensi_hari, default 1825 days), leaving the anonymised
 * record (purge.c); *purged counts them. kip_purge_schedule queues the
 * daily job unless one is queued (at start-up). */
int kip_purge_now(db *c, int64_t now, int *purged);
int kip_purge_init(void);
int kip_purge_schedule(db *c);

/* "Senin, 16 Maret 2026" for a WIB day, in a's memory. */
const char *kip_day_label(arena *a, int32_t day);

/* GET and POST /permohonan/baru: the request form. */
void kip_new_page(request *req, page *pg);
void kip_new_submit(request *req, page *pg);
/* GET /permohonan: the public register; GET /permohonan/:no: one request,
 * or with ?kode= its requester's receipt. */
void kip_register_page(request *req, page *pg);
void kip_request_page(request *req, page *pg);

/* POST /permohonan/:no/keberatan (the requester, with the tracking code)
 * and POST /ppid/:no/keberatan (the atasan's answer): objection.c. */
void kip_objection_submit(request *req, page *pg);
void kip_objection_answer(request *req, page *pg);

/* The annual service report (Pasal 12; report*.c): GET
 * /permohonan/laporan?tahun=&dinas= and its CSV and PDF for everyone;
 * GET and POST /ppid/laporan, where the PPID writes its parts. */
void kip_report_page(request *req, page *pg);
void kip_report_csv(request *req, page *pg);
void kip_report_pdf(request *req, page *pg);
void kip_report_edit_page(request *req, page *pg);
void kip_report_edit_submit(request *req, page *pg);

/* GET /permohonan/maklumat: the service charter (charter.c). */
void kip_charter_page(request *req, page *pg);

/* The Daftar Informasi Publik (dip_*.c): GET /dip, /dip/:id, /dip/unduh
 * (CSV) for everyone; the PPID's /ppid/dip (list), /ppid/dip/baru and
 * /ppid/dip/:id (the form), /ppid/dip/:id/hapus, /ppid/dip/:id/berkas
 * and /ppid/dip/:id/berkas/hapus (documents); POST /ppid/:no/dip answers
 * a request from an item (dip_answer.c). */
void kip_dip_page(request *req, page *pg);
void kip_dip_item_page(request *req, page *pg);
void kip_dip_csv(request *req, page *pg);
void kip_dip_desk_page(request *req, page *pg);
void kip_dip_new_page(request *req, page *pg);
void kip_dip_new_submit(request *req, page *pg);
void kip_dip_edit_page(request *req, page *pg);
void kip_dip_edit_submit(request *req, page *pg);
void kip_dip_delete_submit(request *req, page *pg);
void kip_dip_file_submit(request *req, page *pg);
void kip_dip_file_remove_submit(request *req, page *pg);
void kip_dip_answer_submit(request *req, page *pg);
/* The demo's items (dip_demo.c): [{"dinas": slug or "utama", "kategori",
 * "judul", "ringkasan", "pejabat", "format", "retensi", "tahun",
 * "pengecualian", "uji_konsekuensi"}]; an item whose department and title
 * are there already is left alone. 0, or -1 with err. */
int kip_dip_demo_load(db *c, json_t *items, char *err, size_t errlen);

/* GET /ppid: the PPID's desk; GET and POST /ppid/:no: one case and the
 * next step (process, extend with a reason, decide with the notice). */
void kip_desk_page(request *req, page *pg);
void kip_case_page(request *req, page *pg);
void kip_case_submit(request *req, page *pg);
void kip_case_reveal(request *req, page *pg);

/* The deadlines of a request submitted at `submitted` ("2026-03-16T10:00",
 * WIB), with the region's rules and holidays, as the calculator page's
 * model: *model is set (DB_OK), or *error_key names the locale message for
 * a submitted time that is not one (DB_DONE), or a database status. */
int kip_deadlines_model(db *c, arena *a, const char *submitted, json_t **model,
                        const char **error_key);

/* GET /permohonan/tenggat?diterima=...: the public deadline calculator. */
void kip_deadlines_page(request *req, page *pg);

/* `terbuka kip tenggat --diterima ...`: the calculator's JSON on stdout;
 * the exit status (0, 1 on a database error, 2 on a bad time). */
int kip_cli_deadlines(db *c, const char *submitted);

#endif
