/*
 * redact.h - the parts of a released document's text that are blacked out
 * (UU 14/2008 Pasal 22 ayat 7 huruf e). Pure: spans are byte ranges of the
 * text as held; the public copy is built from the text and its spans so
 * that no removed byte ever reaches it.
 */
#ifndef TERBUKA_KIP_REDACT_H
#define TERBUKA_KIP_REDACT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "view/pdf.h"

#define KIP_REDACT_MAX 200 /* spans on one document */

/* Every place phrase occurs in text (non-overlapping, left to right),
 * into spans (the first max); returns how many there are, which may be
 * more than max: the caller must then refuse, never black out only some.
 * A phrase of blanks only finds nothing. */
size_t kip_redact_find(const char *text, const char *phrase, pdf_span *spans, size_t max);

/* Sorts spans by start and merges those that touch or overlap, in place;
 * returns the new count. Each merged span keeps the note of its first. */
size_t kip_redact_merge(pdf_span *spans, int *notes, size_t n);

/* Whether every span lies inside text of length len, starts and ends on a
 * UTF-8 character boundary, and is not empty. */
bool kip_redact_valid(const char *text, size_t len, const pdf_span *spans, size_t n);

/* The public copy as plain text: each span replaced by as many U+2588
 * characters as it had characters, in a's memory; NULL on failure (spans
 * not valid, or not merged). When bars is not NULL, bars[i] receives
 * where span i's bar lies in the copy (for pdf_marked and the page). */
char *kip_redact_public(arena *a, const char *text, const pdf_span *spans, size_t n, pdf_span *bars);

#endif
