/*
 * clock.h - wall-clock time as the database stores it: Unix seconds, or
 * ISO 8601 UTC text ("2026-11-28T16:15:14Z"), which sorts as it reads.
 */
#ifndef TERBUKA_CLOCK_H
#define TERBUKA_CLOCK_H

#include <stdint.h>

#define CLOCK_ISO_LEN 24

int64_t clock_now(void);
/* out gets t as ISO 8601 UTC text. */
void clock_iso(char out[CLOCK_ISO_LEN], int64_t t);

#endif
