/*
 * admin.h - the admins' pages of the holiday calendar, /admin/libur
 * (src/routes.c): the holidays of a year, with what is missing or not
 * yet confirmed said plainly; adding, changing (moving too) and
 * deleting a day; confirming a year; importing an iCalendar file. Every
 * change is written with its row of holiday_changes (holidays.h).
 */
#ifndef TERBUKA_CALENDAR_ADMIN_H
#define TERBUKA_CALENDAR_ADMIN_H

#include "app.h"

/* GET /admin/libur?tahun=2027 */
void holidays_admin_page(request *req, page *pg);
/* POST /admin/libur: a new day (tanggal, jenis, nama). */
void holidays_add_submit(request *req, page *pg);
/* POST /admin/libur/konfirmasi: every day of a year (tahun) confirmed. */
void holidays_confirm_submit(request *req, page *pg);
/* POST /admin/libur/impor: an iCalendar file (berkas) and the kind its
 * events get unless they say cuti bersama (jenis_impor). */
void holidays_import_submit(request *req, page *pg);
/* GET /admin/libur/:slug (slug = "2026-03-20"): one day, its form and history. */
void holiday_edit_page(request *req, page *pg);
/* POST /admin/libur/:slug: the day changed or moved (tanggal, jenis, nama). */
void holiday_update_submit(request *req, page *pg);
/* POST /admin/libur/:slug/hapus */
void holiday_delete_submit(request *req, page *pg);

#endif
