/*
 * rules.h - what a formal information request must say (Perki 1/2021's
 * form), checked without a database: the requester's identity number,
 * phone, and the fixed choices of the form. Pure; unit-tested and fuzzed.
 */
#ifndef TERBUKA_KIP_RULES_H
#define TERBUKA_KIP_RULES_H

#include <stdbool.h>
#include <stddef.h>

/* The fixed choices of the form, as stored. */
extern const char *const kip_requester_kinds[]; /* perorangan, badan_hukum */
extern const char *const kip_id_types[];        /* ktp, badan_hukum, lainnya */
extern const char *const kip_obtain_ways[];     /* melihat ... salinan_hardcopy */
extern const char *const kip_delivery_ways[];   /* ambil_langsung ... email */
#define KIP_REQUESTER_KINDS 2
#define KIP_ID_TYPES 3
#define KIP_OBTAIN_WAYS 6
#define KIP_DELIVERY_WAYS 5

bool kip_one_of(const char *v, const char *const *list, size_t n);

/* A Nomor Induk Kependudukan as a KTP prints it: 16 digits (spaces
 * allowed between groups), of which 2 name a province (11-94), 2+2 a
 * day (01-31, or 41-71 for women) and a month (01-12) of birth, and the
 * last 4 are not 0000. Writes the 16 digits to out[17]. */
bool kip_nik_valid(const char *s, char out[17]);

/* An Indonesian phone number as people write it (spaces, dashes, dots,
 * brackets, a leading +62, 62 or 0): 9 to 14 digits once written as
 * 08... or 02...; writes that form to out[16]. */
bool kip_phone_valid(const char *s, char out[16]);

#endif
