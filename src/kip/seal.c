/*
 * seal.c - see seal.h.
 */
#include "kip/seal.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/keyfile.h"
#include "core/log.h"

#define PREFIX "s1:"
#define NONCE crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG crypto_aead_xchacha20poly1305_ietf_ABYTES
#define MAX_PLAIN 4096
#define B64 sodium_base64_VARIANT_URLSAFE_NO_PADDING

static unsigned char *key; /* sodium_malloc'd: guarded, locked, zeroed on free */

int seal_init(const char *keys_dir, char *err, size_t errlen)
{
	seal_free();
	key = sodium_malloc(crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
	if (key == NULL) {
		snprintf(err, errlen, "out of memory for the personal-data key");
		return -1;
	}
	bool made = false;
	if (keyfile_load(keys_dir, "kip-data.key", key, crypto_aead_xchacha20poly1305_ietf_KEYBYTES, &made,
	                 err, errlen) != 0) {
		seal_free();
		return -1;
	}
	sodium_mprotect_readonly(key);
	if (made)
		log_info("kip: made a new key for requesters' identity data in %s/kip-data.key; "
		         "back it up apart from the database, and give every node the same file",
		         keys_dir);
	return 0;
}

void seal_free(void)
{
	sodium_free(key);
	key = NULL;
}

bool seal_ready(void)
{
	return key != NULL;
}

/* "KIP/2026/000123|nik": what a sealed value is bound to. */
static size_t context(char *out, size_t n, const char *number, const char *field)
{
	int len = snprintf(out, n, "%s|%s", number ? number : "", field ? field : "");
	return len > 0 && (size_t)len < n ? (size_t)len : 0;
}

const char *seal_text(arena *a, const char *plain, const char *number, const char *field)
{
	size_t n = plain ? strlen(plain) : 0;
	char ad[256];
	size_t adlen = context(ad, sizeof(ad), number, field);
	if (key == NULL || plain == NULL || n > MAX_PLAIN || adlen == 0)
		return NULL;
	unsigned char box[NONCE + MAX_PLAIN + TAG];
	randombytes_buf(box, NONCE);
	unsigned long long clen = 0;
	crypto_aead_xchacha20poly1305_ietf_encrypt(box + NONCE, &clen, (const unsigned char *)plain, n,
	                                           (const unsigned char *)ad, adlen, NULL, box, key);
	size_t total = NONCE + (size_t)clen;
	size_t b64 = sodium_base64_ENCODED_LEN(total, B64);
	char *out = arena_alloc(a, sizeof(PREFIX) - 1 + b64);
	if (out == NULL)
		return NULL;
	memcpy(out, PREFIX, sizeof(PREFIX) - 1);
	sodium_bin2base64(out + sizeof(PREFIX) - 1, b64, box, total, B64);
	sodium_memzero(box, sizeof(box));
	return out;
}

const char *seal_open(arena *a, const char *sealed, const char *number, const char *field)
{
	char ad[256];
	size_t adlen = context(ad, sizeof(ad), number, field);
	if (key == NULL || sealed == NULL || strncmp(sealed, PREFIX, sizeof(PREFIX) - 1) != 0 || adlen == 0)
		return NULL;
	const char *b64 = sealed + sizeof(PREFIX) - 1;
	unsigned char box[NONCE + MAX_PLAIN + TAG];
	size_t len = 0;
	if (sodium_base642bin(box, sizeof(box), b64, strlen(b64), NULL, &len, NULL, B64) != 0 ||
	    len < NONCE + TAG)
		return NULL;
	char *plain = arena_alloc(a, len - NONCE - TAG + 1);
	unsigned long long plen = 0;
	if (plain == NULL ||
	    crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)plain, &plen, NULL, box + NONCE,
	                                               len - NONCE, (const unsigned char *)ad, adlen, box,
	                                               key) != 0)
		return NULL;
	plain[plen] = '\0';
	return plain;
}
