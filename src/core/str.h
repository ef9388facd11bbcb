/*
 * str.h - (pointer, length) slices and text checks for untrusted input.
 */
#ifndef TERBUKA_STR_H
#define TERBUKA_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct str {
	const char *p;
	size_t n;
} str;

#define STR(lit) ((str){ (lit), sizeof(lit) - 1 })
static inline str str_c(const char *s) { return (str){ s, s ? strlen(s) : 0 }; }
static inline bool str_eq(str a, str b) { return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0); }
static inline bool str_eq_c(str a, const char *b) { return str_eq(a, str_c(b)); }
bool str_has_prefix(str s, const char *prefix);
bool str_has_suffix(str s, const char *suffix);

/* True when s is well-formed UTF-8: no overlong forms, no surrogates,
 * nothing past U+10FFFF, no NUL byte. */
bool utf8_valid(const char *s, size_t n);
/* The length in bytes of the well-formed character at the start of s
 * (1 to 4), or 0 when there is none (invalid, NUL, or n == 0). */
size_t utf8_char(const char *s, size_t n);
/* Copies s into dst with every byte that does not start a well-formed
 * character (NUL included) replaced by U+FFFD; dst needs 3 * n + 1 bytes.
 * Returns the length written (dst is NUL-terminated). */
size_t utf8_repair(char *dst, const char *s, size_t n);
/* Characters (code points) in valid UTF-8 text. */
size_t utf8_length(const char *s, size_t n);

/* Parses a decimal int64 that is the whole of s (no sign unless allow_neg,
 * no spaces, no leading '+'); false on anything else or on overflow. */
bool str_to_i64(str s, bool allow_neg, int64_t *out);

#endif
