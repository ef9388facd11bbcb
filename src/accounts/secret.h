/*
 * secret.h - tokens and passwords (libsodium).
 *
 * A token is 32 random bytes, written as 43 characters of unpadded
 * base64url for cookies and links. The database only ever holds its hash:
 * hex BLAKE2b-256 of the token text. Passwords are argon2id strings
 * (crypto_pwhash_str), re-hashed on sign-in when the parameters change.
 */
#ifndef TERBUKA_ACCOUNTS_SECRET_H
#define TERBUKA_ACCOUNTS_SECRET_H

#include <sodium.h>
#include <stdbool.h>
#include <stddef.h>

#define TOKEN_BYTES 32
#define TOKEN_TEXT 44 /* 43 characters and a NUL */
#define TOKEN_HASH 65 /* 64 hex digits and a NUL */
#define PASSWORD_HASH crypto_pwhash_STRBYTES

void token_new(unsigned char raw[TOKEN_BYTES], char text[TOKEN_TEXT]);
/* The bytes of a token's text; false when it is not one. */
bool token_parse(const char *text, unsigned char raw[TOKEN_BYTES]);
void token_hash(const char *text, char hex[TOKEN_HASH]);

/* 0, or -1 when memory for the hash could not be had. */
int password_hash(const char *password, char out[PASSWORD_HASH]);
bool password_verify(const char *hash, const char *password);
bool password_needs_rehash(const char *hash);
/* Spends the time of one verification, so that a sign-in for an unknown
 * email takes as long as one with a wrong password. */
void password_burn(const char *password);

#endif
