/*
 * fuzz.h - what every libFuzzer target in tests/fuzz/ shares: the entry
 * point prototypes, a check that reports and traps, and an independent
 * UTF-8 validator (so the project's own utf8_valid is checked, not trusted).
 */
#ifndef TERBUKA_FUZZ_H
#define TERBUKA_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* An invariant: on violation, say which and trap so libFuzzer keeps the input. */
#define CHECK(cond)                                                                    \
	do {                                                                           \
		if (!(cond)) {                                                         \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__,     \
			        __LINE__, #cond);                                      \
			__builtin_trap();                                              \
		}                                                                      \
	} while (0)

/* Well-formed UTF-8 per RFC 3629 (no overlong forms, no surrogates, nothing
 * past U+10FFFF) and no NUL byte. Written from the table in RFC 3629 4,
 * not from src/core/str.c. */
/* A NUL-terminated copy of the n bytes at p (NULs inside kept). Not
 * strndup: that may read p as a C string, which ASan's
 * strict_string_checks (set by scripts/test) rightly refuses for fuzz data. */
static inline char *fuzz_copy(const void *p, size_t n)
{
	char *s = malloc(n + 1);
	if (s != NULL) {
		if (n > 0)
			memcpy(s, p, n);
		s[n] = '\0';
	}
	return s;
}

static inline bool fuzz_utf8_ok(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		unsigned char c = p[i];
		size_t len;
		unsigned char lo = 0x80, hi = 0xBF; /* range of the second byte */
		if (c == 0x00)
			return false;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			len = 2;
		else if (c >= 0xE0 && c <= 0xEF)
			len = 3;
		else if (c >= 0xF0 && c <= 0xF4)
			len = 4;
		else
			return false;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
		else if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
		if (n - i < len || p[i + 1] < lo || p[i + 1] > hi)
			return false;
		for (size_t k = 2; k < len; k++) {
			if (p[i + k] < 0x80 || p[i + k] > 0xBF)
				return false;
		}
		i += len;
	}
	return true;
}

#endif
