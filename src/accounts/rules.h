/*
 * rules.h - what makes an email address, a display name and a password
 * acceptable (pure functions; tests/unit/accounts and a fuzz target).
 */
#ifndef TERBUKA_ACCOUNTS_RULES_H
#define TERBUKA_ACCOUNTS_RULES_H

#include <stdbool.h>
#include <stddef.h>

#define EMAIL_MAX 254
#define DISPLAY_NAME_MIN 2
#define DISPLAY_NAME_MAX 80
#define PASSWORD_MIN 10
#define PASSWORD_MAX 200

/* A plain address local@domain.tld: printable ASCII local part without
 * spaces, quotes, angle brackets or separators; a domain of dot-separated
 * labels of letters, digits and inner hyphens, the last at least two
 * letters. Quoted local parts and IP literals are refused: nobody signs up
 * with them, and refusing them keeps addresses safe in mail headers. */
bool email_valid(const char *s, size_t n);
/* The key that makes addresses unique: the address in lower case, into
 * out (cap bytes). False, with out empty, when it does not fit. */
bool email_key(const char *s, size_t n, char *out, size_t cap);
/* A display name shows only text: no line breaks or other control
 * characters (C0, C1), no invisible or direction-changing marks
 * (U+200B-U+200F, U+202A-U+202E, U+2060-U+2069, U+FEFF). s is valid UTF-8. */
bool name_clean(const char *s, size_t n);

#endif
