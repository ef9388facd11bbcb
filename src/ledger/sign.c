/*
 * sign.c - the log's signing key: an Ed25519 seed of 32 bytes in
 * --keys DIR/ledger.key (core/keyfile.c: made on first start, 0600 in a
 * 0700 folder, never in the database, never logged), from which the key
 * pair is derived at start. Every node shares the file. Only the public
 * half ever leaves this file, in base64 (standard alphabet, padded).
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/keyfile.h"
#include "core/log.h"
#include "ledger/ledger_int.h"

#define B64 sodium_base64_VARIANT_ORIGINAL

static unsigned char *secret; /* sodium_malloc'd: guarded, locked, zeroed on free */
static char public_b64[LEDGER_KEY_B64];

int ledger_sign_init(const char *keys_dir, char *err, size_t errlen)
{
	ledger_sign_free();
	unsigned char seed[crypto_sign_SEEDBYTES], pk[crypto_sign_PUBLICKEYBYTES];
	secret = sodium_malloc(crypto_sign_SECRETKEYBYTES);
	if (secret == NULL) {
		snprintf(err, errlen, "out of memory for the log's signing key");
		return -1;
	}
	bool made = false;
	if (keyfile_load(keys_dir, LEDGER_KEY_FILE, seed, sizeof(seed), &made, err, errlen) != 0) {
		ledger_sign_free();
		return -1;
	}
	crypto_sign_seed_keypair(pk, secret, seed);
	sodium_memzero(seed, sizeof(seed));
	sodium_mprotect_readonly(secret);
	sodium_bin2base64(public_b64, sizeof(public_b64), pk, sizeof(pk), B64);
	if (made)
		log_info("ledger: made a new signing key for the public record in %s/%s (public key %s); back it "
		         "up apart from the database, and give every node the same file",
		         keys_dir, LEDGER_KEY_FILE, public_b64);
	return 0;
}

void ledger_sign_free(void)
{
	sodium_free(secret);
	secret = NULL;
	public_b64[0] = '\0';
}

bool ledger_sign_ready(void)
{
	return secret != NULL;
}

const char *ledger_public_key(void)
{
	return public_b64;
}

size_t ledger_head_message(char *out, size_t n, int64_t size, const char *signed_at, const char *root_hex)
{
	int len = snprintf(out, n, "terbuka-log/1\n%lld\n%s\n%s\n", (long long)size, signed_at, root_hex);
	return len > 0 && (size_t)len < n ? (size_t)len : 0;
}

int ledger_sign(const char *msg, size_t len, char sig_b64[LEDGER_SIG_B64])
{
	unsigned char sig[crypto_sign_BYTES];
	if (secret == NULL || crypto_sign_detached(sig, NULL, (const unsigned char *)msg, len, secret) != 0)
		return -1;
	sodium_bin2base64(sig_b64, LEDGER_SIG_B64, sig, sizeof(sig), B64);
	return 0;
}

static bool unb64(const char *text, unsigned char *out, size_t want)
{
	size_t got = 0;
	return text != NULL && sodium_base642bin(out, want, text, strlen(text), NULL, &got, NULL, B64) == 0 &&
	       got == want;
}

bool ledger_sign_check(const char *key_b64, const char *msg, size_t len, const char *sig_b64)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sig[crypto_sign_BYTES];
	if (!unb64(key_b64, pk, sizeof(pk)) || !unb64(sig_b64, sig, sizeof(sig)))
		return false;
	return crypto_sign_verify_detached(sig, (const unsigned char *)msg, len, pk) == 0;
}

bool ledger_key_valid(const char *key_b64)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	return unb64(key_b64, pk, sizeof(pk));
}
