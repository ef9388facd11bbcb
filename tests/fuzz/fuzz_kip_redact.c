/*
 * fuzz_kip_redact.c - fuzzes the redaction of a released document's text
 * (src/kip/redact.c): the input is a phrase, a NUL, and the text.
 *
 * Every span found holds the phrase; merged spans are ordered and apart;
 * the public copy is valid UTF-8 whenever the text is, holds the phrase
 * nowhere (a phrase with no U+2588 and not blank, found no more than
 * KIP_REDACT_MAX times: more is refused by the form), and keeps every
 * byte outside the spans in order.
 */
#include <string.h>

#include "fuzz.h"
#include "kip/redact.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	if (nul == NULL || size > 4096)
		return 0;
	size_t plen = (size_t)(nul - data), tlen = size - plen - 1;
	char phrase[4096], text[4096];
	memcpy(phrase, data, plen);
	phrase[plen] = '\0';
	memcpy(text, nul + 1, tlen);
	text[tlen] = '\0';
	if (memchr(text, '\0', tlen) != NULL || !fuzz_utf8_ok(phrase, plen) || !fuzz_utf8_ok(text, tlen))
		return 0;
	pdf_span spans[KIP_REDACT_MAX];
	size_t found = kip_redact_find(text, phrase, spans, KIP_REDACT_MAX);
	size_t n = found < KIP_REDACT_MAX ? found : KIP_REDACT_MAX;
	for (size_t i = 0; i < n; i++)
		CHECK(spans[i].end - spans[i].start == plen && memcmp(text + spans[i].start, phrase, plen) == 0);
	n = kip_redact_merge(spans, NULL, n);
	for (size_t i = 1; i < n; i++)
		CHECK(spans[i].start > spans[i - 1].end);
	if (!kip_redact_valid(text, tlen, spans, n))
		return 0;
	arena *a = arena_new(64 * 1024);
	pdf_span bars[KIP_REDACT_MAX];
	char *copy = kip_redact_public(a, text, spans, n, bars);
	CHECK(copy != NULL);
	CHECK(fuzz_utf8_ok(copy, strlen(copy)));
	if (n > 0 && found <= KIP_REDACT_MAX && strstr(phrase, "\xE2\x96\x88") == NULL)
		CHECK(strstr(copy, phrase) == NULL);
	size_t at = 0, out = 0;
	for (size_t i = 0; i < n; i++) { /* the bytes between spans, unchanged */
		CHECK(bars[i].start - out == spans[i].start - at);
		CHECK(memcmp(copy + out, text + at, spans[i].start - at) == 0);
		at = spans[i].end;
		out = bars[i].end;
	}
	CHECK(strcmp(copy + out, text + at) == 0);
	arena_free(a);
	return 0;
}
