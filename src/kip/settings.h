/*
 * settings.h - the KIP service's settings, as a region sets them and an
 * admin keeps them at /admin/permohonan (settings_web.c), so that nobody
 * needs SQL for them: the counting rules (clock.h: kip.cuti_bersama_
 * hari_kerja, kip.hari_penerimaan, kip.jam_tutup), the fee schedule
 * (fees.h: kip.biaya) and how long a decided request keeps its
 * requester's identity (purge.c: kip.retensi_hari). Each has a default in
 * code; the settings table holds what differs.
 *
 * Not for: the branding settings (site/), moderation's (questions/).
 */
#ifndef TERBUKA_KIP_SETTINGS_H
#define TERBUKA_KIP_SETTINGS_H

#include <stdint.h>

#include "app.h"
#include "core/arena.h"
#include "db/db.h"
#include "kip/clock.h"

#define KIP_RETENTION_DEFAULT 1825 /* days: five years */
#define KIP_RETENTION_MIN 30       /* what the page accepts */
#define KIP_RETENTION_MAX 36500
#define KIP_CLOSE_EARLIEST (12 * 60) /* office hours end at 12:00 WIB at the earliest */

typedef struct kip_settings {
	kip_rules rules;
	const char *fees;       /* the schedule as stored ("" for none: the service is free) */
	int64_t retention_days; /* a stored value of 1..KIP_RETENTION_MAX is honoured */
} kip_settings;

/* Which settings a save changed (kip_settings_saved.changed). */
#define KIP_SET_CUTI 1u
#define KIP_SET_DAY_ONE 2u
#define KIP_SET_CLOSE 4u
#define KIP_SET_FEES 8u
#define KIP_SET_RETENTION 16u
#define KIP_SET_CLOCK (KIP_SET_CUTI | KIP_SET_DAY_ONE | KIP_SET_CLOSE)

typedef struct kip_settings_saved {
	unsigned changed; /* KIP_SET_* bits */
	int moved;        /* open requests whose days moved */
} kip_settings_saved;

/* The retention period in force: DB_OK with *days (the default when
 * unset or not a whole number of 1..KIP_RETENTION_MAX days). */
int kip_retention_load(db *c, int64_t *days);

/* Every setting in force (defaults where unset), fees in a's memory. */
int kip_settings_load(db *c, arena *a, kip_settings *s);

/* How many requests are open (their days move with the rules): DB_OK with *n. */
int kip_settings_open_count(db *c, int64_t *n);

/* Writes every setting of s in one write transaction (fees without
 * '\r'; a is the caller's memory for what it reads); when a counting rule changed, every open request's days are
 * computed again in it (kip_rules_changed, each that moved with a dated
 * step by user). On PostgreSQL it first takes the lock the holiday
 * calendar's writers take, so a calendar change and a rules change are
 * made one after the other, each computing from what the other
 * committed. Nothing is written unless everything is (DB_OK). */
int kip_settings_save(db *c, arena *a, const kip_settings *s, int64_t user, kip_settings_saved *out);

/* GET /admin/permohonan: the form with the settings in force. */
void kip_settings_page(request *req, page *pg);
/* POST /admin/permohonan: every field checked, then all saved or none. */
void kip_settings_submit(request *req, page *pg);

#endif
