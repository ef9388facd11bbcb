/*
 * fees.h - the PPID's fee schedule (setting kip.biaya): the real cost of
 * copies and delivery that may be charged for public information, which
 * is otherwise free (UU 14/2008 Pasal 2 ayat 3 and Pasal 21: "biaya
 * ringan"). One fee a line, "what: amount", the amount after the last
 * colon as rupiah_parse reads it ("Rp 500", "1.000", "15000").
 *
 * Pure. The charter (charter.c) shows the schedule through it and the
 * settings page (settings_web.c) checks it through it, so a line the page
 * accepts is a line the charter shows. Unit-tested (tests/unit/kip/
 * fees_test.c) and fuzzed (fuzz_kip_fees).
 */
#ifndef TERBUKA_KIP_FEES_H
#define TERBUKA_KIP_FEES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KIP_FEES_MAX 30           /* fees in a schedule */
#define KIP_FEE_ITEM_MAX 200      /* characters of what a fee is for */
#define KIP_FEES_MAX_CHARS 4000   /* characters of the whole schedule */

typedef struct kip_fee {
	const char *item; /* what the fee is for: points into the line, trimmed, not NUL-terminated */
	size_t item_len;  /* bytes of item: 1..KIP_FEE_ITEM_MAX characters */
	int64_t amount;   /* rupiah, 0..RUPIAH_MAX */
} kip_fee;

enum kip_fee_line {
	KIP_FEE_OK,    /* a fee, in *out */
	KIP_FEE_BLANK, /* nothing but white space */
	KIP_FEE_BAD,   /* anything else */
};

/* One line s[0..n), without its '\n' (a '\r' before it is ignored). */
enum kip_fee_line kip_fee_parse(const char *s, size_t n, kip_fee *out);

typedef void (*kip_fee_fn)(const kip_fee *fee, void *ctx);

/* Reads text[0..len) line by line, calling each (when not NULL) for every
 * fee in order, at most KIP_FEES_MAX of them; a bad line is skipped.
 * Returns 0 when every line is a fee or blank and there are at most
 * KIP_FEES_MAX fees, else the number (from 1) of the first line that is
 * not: *too_many (when not NULL) tells whether that line is a fee past
 * the maximum rather than not a fee at all. */
size_t kip_fees_read(const char *text, size_t len, kip_fee_fn each, void *ctx, bool *too_many);

#endif
