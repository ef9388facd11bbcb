/*
 * store.h - formal information requests in the database (internal to
 * kip/): filing one, and reading the register.
 */
#ifndef TERBUKA_KIP_STORE_H
#define TERBUKA_KIP_STORE_H

#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"

#define KIP_CODE_TEXT 27 /* a tracking code: 26 characters and a NUL */

/* A request as the form gives it, checked already (request.c). */
typedef struct kip_new {
	int64_t agency_id; /* 0: the main PPID */
	int64_t user_id;   /* 0: sent signed out */
	const char *requester_kind, *name, *id_type, *id_number, *address, *phone, *email, *occupation;
	const char *subject, *details, *purpose, *obtain, *delivery;
	const char *proxy_file; /* the power of attorney's hash, or NULL */
	const char *form_key;   /* the form's one-time key, or NULL */
} kip_new;

typedef struct kip_filed {
	int64_t id;
	char number[32];          /* "KIP/2026/000123" */
	char slug[16];            /* "2026-000123": its address, /permohonan/<slug> */
	char code[KIP_CODE_TEXT]; /* the tracking code, "" when this form was sent before */
} kip_filed;

/* Files n at Unix time now in one transaction: its number, its clock, its
 * sealed identity, its first event and the mail to the requester. DB_OK;
 * DB_DONE when the same form was sent before (out names that request, no
 * code); another status on failure (nothing written). */
int kip_store_file(db *c, arena *a, const kip_new *n, int64_t now, kip_filed *out);

/* Queues the reminders of request id to its PPIDs, 3 and 1 working days
 * before due ("YYYY-MM-DD") at 08:00 WIB, those not already past
 * (clockwork.c). */
struct calendar;
int kip_remind_later(db *c, const struct calendar *cal, int64_t id, const char *due);
/* Registers the reminders' job (at start-up). */
int kip_clockwork_init(void);

/* "2026-000123" -> "KIP/2026/000123"; false when it is not a number. */
bool kip_number_of_slug(const char *slug, char number[32]);

/* The hex BLAKE2b of a tracking code, as stored; and whether code is the
 * one whose hash is stored (compared in constant time). */
void kip_code_hash(const char *code, char hex[65]);
bool kip_code_matches(const char *code, const char *stored);

#endif
