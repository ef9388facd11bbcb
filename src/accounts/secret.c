/*
 * secret.c - see secret.h.
 */
#include "accounts/secret.h"

#include <pthread.h>
#include <string.h>

#define OPS crypto_pwhash_OPSLIMIT_INTERACTIVE
#define MEM crypto_pwhash_MEMLIMIT_INTERACTIVE

void token_new(unsigned char raw[TOKEN_BYTES], char text[TOKEN_TEXT])
{
	randombytes_buf(raw, TOKEN_BYTES);
	sodium_bin2base64(text, TOKEN_TEXT, raw, TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

bool token_parse(const char *text, unsigned char raw[TOKEN_BYTES])
{
	size_t n = 0;
	if (text == NULL || strlen(text) != TOKEN_TEXT - 1)
		return false;
	return sodium_base642bin(raw, TOKEN_BYTES, text, TOKEN_TEXT - 1, NULL, &n, NULL,
	                         sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0 &&
	       n == TOKEN_BYTES;
}

void token_hash(const char *text, char hex[TOKEN_HASH])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), (const unsigned char *)text, strlen(text), NULL, 0);
	sodium_bin2hex(hex, TOKEN_HASH, h, sizeof(h));
}

int password_hash(const char *password, char out[PASSWORD_HASH])
{
	return crypto_pwhash_str(out, password, strlen(password), OPS, MEM);
}

bool password_verify(const char *hash, const char *password)
{
	return hash != NULL && crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

bool password_needs_rehash(const char *hash)
{
	return crypto_pwhash_str_needs_rehash(hash, OPS, MEM) != 0;
}

static char burn_hash[PASSWORD_HASH];
static pthread_once_t burn_once = PTHREAD_ONCE_INIT;

static void burn_init(void)
{
	if (password_hash("terbuka: no such account", burn_hash) != 0)
		burn_hash[0] = '\0';
}

void password_burn(const char *password)
{
	pthread_once(&burn_once, burn_init);
	if (burn_hash[0] != '\0' && crypto_pwhash_str_verify(burn_hash, password, strlen(password)) == 0)
		burn_hash[0] = '\0'; /* cannot happen: nobody knows that password */
}
