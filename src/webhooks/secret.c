/*
 * secret.c - the endpoints' signing secrets. A secret is "whsec_" and 32
 * random bytes (libsodium) in base64url; the admin sees it once, when it
 * is made. The database keeps it sealed (XChaCha20-Poly1305) under the
 * key file webhook.key in --keys, bound to its endpoint's id, so a copy
 * of the database signs nothing and a sealed secret moved to another
 * endpoint does not open. Secrets are never logged.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/keyfile.h"
#include "core/log.h"
#include "webhooks/webhooks_int.h"

#define PREFIX "w1:"
#define NONCE crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG crypto_aead_xchacha20poly1305_ietf_ABYTES
#define B64 sodium_base64_VARIANT_URLSAFE_NO_PADDING

static unsigned char *key; /* sodium_malloc'd: guarded, zeroed when freed */

int webhooks_secret_init(const char *keys_dir, char *err, size_t errlen)
{
	webhooks_secret_free();
	key = sodium_malloc(crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
	if (key == NULL) {
		snprintf(err, errlen, "out of memory for the webhook key");
		return -1;
	}
	bool made = false;
	if (keyfile_load(keys_dir, "webhook.key", key, crypto_aead_xchacha20poly1305_ietf_KEYBYTES, &made, err,
	                 errlen) != 0) {
		webhooks_secret_free();
		return -1;
	}
	sodium_mprotect_readonly(key);
	if (made)
		log_info("webhooks: made a new key for the endpoints' secrets in %s/webhook.key; give every node "
		         "the same file",
		         keys_dir);
	return 0;
}

void webhooks_secret_free(void)
{
	sodium_free(key);
	key = NULL;
}

void webhooks_secret_new(char out[WEBHOOK_SECRET_MAX])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof(raw));
	memcpy(out, WEBHOOK_SECRET_PREFIX, sizeof(WEBHOOK_SECRET_PREFIX) - 1);
	sodium_bin2base64(out + sizeof(WEBHOOK_SECRET_PREFIX) - 1, WEBHOOK_SECRET_MAX - sizeof(WEBHOOK_SECRET_PREFIX) + 1,
	                  raw, sizeof(raw), B64);
	sodium_memzero(raw, sizeof(raw));
}

/* "webhook|12": what a sealed secret is bound to. */
static size_t context(char out[40], int64_t endpoint)
{
	int n = snprintf(out, 40, "webhook|%lld", (long long)endpoint);
	return n > 0 && n < 40 ? (size_t)n : 0;
}

bool webhooks_secret_seal(const char *secret, int64_t endpoint, char out[WEBHOOK_SEALED_MAX])
{
	char ad[40];
	size_t adlen = context(ad, endpoint), n = strlen(secret);
	unsigned char box[NONCE + WEBHOOK_SECRET_MAX + TAG];
	if (key == NULL || adlen == 0 || n >= WEBHOOK_SECRET_MAX)
		return false;
	randombytes_buf(box, NONCE);
	unsigned long long clen = 0;
	crypto_aead_xchacha20poly1305_ietf_encrypt(box + NONCE, &clen, (const unsigned char *)secret, n,
	                                           (const unsigned char *)ad, adlen, NULL, box, key);
	size_t total = NONCE + (size_t)clen;
	if (sizeof(PREFIX) - 1 + sodium_base64_ENCODED_LEN(total, B64) > WEBHOOK_SEALED_MAX)
		return false;
	memcpy(out, PREFIX, sizeof(PREFIX) - 1);
	sodium_bin2base64(out + sizeof(PREFIX) - 1, WEBHOOK_SEALED_MAX - sizeof(PREFIX) + 1, box, total, B64);
	sodium_memzero(box, sizeof(box));
	return true;
}

bool webhooks_secret_open(const char *sealed, int64_t endpoint, char out[WEBHOOK_SECRET_MAX])
{
	char ad[40];
	size_t adlen = context(ad, endpoint);
	unsigned char box[NONCE + WEBHOOK_SECRET_MAX + TAG];
	size_t len = 0;
	unsigned long long plain = 0;
	if (key == NULL || adlen == 0 || sealed == NULL || strncmp(sealed, PREFIX, sizeof(PREFIX) - 1) != 0)
		return false;
	const char *b64 = sealed + sizeof(PREFIX) - 1;
	if (sodium_base642bin(box, sizeof(box), b64, strlen(b64), NULL, &len, NULL, B64) != 0 || len < NONCE + TAG)
		return false;
	bool ok = crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)out, &plain, NULL, box + NONCE,
	                                                     len - NONCE, (const unsigned char *)ad, adlen, box,
	                                                     key) == 0 &&
	          plain < WEBHOOK_SECRET_MAX;
	out[ok ? plain : 0] = '\0';
	sodium_memzero(box, sizeof(box));
	return ok;
}
