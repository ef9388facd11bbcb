/*
 * admin_int.h - what the holiday admin pages share (admin.c: the year
 * page, adding and confirming; admin_day.c: one day; admin_import.c: an
 * iCalendar file; admin_view.c: labels and the day form).
 */
#ifndef TERBUKA_CALENDAR_ADMIN_INT_H
#define TERBUKA_CALENDAR_ADMIN_INT_H

#include <jansson.h>
#include <stdbool.h>

#include "app.h"
#include "calendar/holidays.h"
#include "view/formview.h"

#define HOLIDAYS_FIRST_YEAR 2000
#define HOLIDAYS_LAST_YEAR 2100
#define HOLIDAYS_CHANGES_SHOWN 50

/* "Senin, 16 Maret 2026" for "2026-03-16"; "" when it is not a date. */
const char *holidays_day_label(arena *a, const char *iso);
/* The year of "2026-03-16" (0 when it is not a date). */
int holidays_year_of(const char *iso);
/* The year in WIB now. */
int holidays_this_year(void);
/* The locale text of the kind ("Libur nasional"). */
const char *holidays_kind_label(const char *kind);
/* The choices of kind for a select, chosen marked. */
json_t *holidays_kinds(const char *chosen);
/* Adds to each holiday row its day_label, kind_label, edit_url and
 * confirmed as a boolean. */
void holidays_decorate(arena *a, json_t *rows);
/* Adds to each holiday_changes row what a person reads: change_label,
 * day_label, old_label / new_label ("Idulfitri 1448 H (libur nasional)"),
 * moved_label, at_label, by_name (or the site's). */
void holidays_decorate_changes(arena *a, json_t *rows);
/* The ?pesan= notice of these pages (admin_holidays.notice.<key>), or NULL. */
const char *holidays_flash(const request *req);

/* Reads the day form (tanggal, jenis, nama) into h, each field checked
 * (a real date of 2000-2100, a kind of the two, a name of 1-200
 * characters on one line) and kept in fv. false when memory ran out. */
bool holidays_read_form(request *req, formview *fv, holiday *h);
/* The message beside tanggal for a write that could not be made (taken,
 * full); false for the other outcomes. */
bool holidays_outcome_fail(formview *fv, enum holiday_outcome out);

/* The page of a year (the route's view "admin_holidays"), with the add
 * and import forms: add and upload are their models (fv_model; NULL for
 * empty forms), the one that was sent also as "form" for the error
 * summary; report is an import's summary (or NULL). Takes all three. */
void holidays_show_year(request *req, page *pg, int year, json_t *add, json_t *upload, json_t *report,
                        unsigned status);

#endif
