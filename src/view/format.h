/*
 * format.h - values as people read them in Indonesian: dates with month
 * names from the locale catalogue ("28 November 2026").
 */
#ifndef TERBUKA_FORMAT_H
#define TERBUKA_FORMAT_H

#include "core/arena.h"

/* "2026-11-28" or "2026-11-28T13:57:28Z" -> "28 November 2026" in the
 * arena; NULL when iso is not such a date. */
const char *format_date(arena *a, const char *iso);

/* "2026-11-28T16:37:24Z" -> "28 November 2026, 23.37 WIB": the moment
 * in Western Indonesian Time (UTC+7), where Bekasi is. NULL when iso is
 * not such a timestamp. */
const char *format_time_wib(arena *a, const char *iso);

/* "/program" + 12 + "Jalan Desa, Tahap 2" -> "/program/12-jalan-desa-tahap-2":
 * an address with the id and a readable tail (ASCII letters and digits of
 * the title, lower-cased, at most 56 characters; none -> "/program/12"). */
const char *format_id_slug(arena *a, const char *prefix, long long id, const char *title);

#endif
