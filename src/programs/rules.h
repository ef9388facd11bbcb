/*
 * rules.h - the pure rules of programmes: statuses and their default
 * progress, rupiah as people write and read it, the roll-up of progress
 * from children to parent. No database here (tests/unit/programs, and
 * fuzz_rupiah for the parser).
 */
#ifndef TERBUKA_PROGRAMS_RULES_H
#define TERBUKA_PROGRAMS_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

#define RUPIAH_MAX INT64_C(999999999999999) /* Rp 999 triliun: no budget is larger */

/* "direncanakan" ... as an index 0..4, or -1. */
int status_index(const char *status);
extern const char *const program_statuses[5];
/* The progress a status implies, or -1 when it implies none (an officer
 * keeps what they set): direncanakan 0, selesai 100. */
int status_default_progress(const char *status);
bool funding_valid(const char *funding);
extern const char *const program_fundings[6];

/* Parses rupiah as typed: "12500000000", "12.500.000.000",
 * "Rp 12.500.000.000", "12 500 000 000", "12.500.000.000,00". Thousands
 * separators must be in groups of three; a fraction may only be zeros.
 * False for anything else, for negatives and for more than RUPIAH_MAX. */
bool rupiah_parse(const char *s, size_t n, int64_t *out);
/* "Rp 12.500.000.000" in a's memory. */
const char *rupiah_format(arena *a, int64_t v);
/* "Rp 12,5 miliar", "Rp 850 juta", "Rp 1,2 triliun", "Rp 950.000". */
const char *rupiah_short(arena *a, int64_t v);

/* One child for the roll-up. */
typedef struct rollup_item {
	int64_t budget;
	int progress; /* 0..100 */
} rollup_item;

/* The parent's progress from its children: weighted by budget
 * (by_budget; a plain average when every budget is 0), or a plain
 * average; rounded to the nearest whole percent. -1 when n == 0. */
int rollup_progress(const rollup_item *items, size_t n, bool by_budget);

/* True for a calendar date "YYYY-MM-DD". */
bool date_valid(const char *s);

#endif
