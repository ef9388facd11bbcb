/*
 * sign.c - the signature of a delivery (see webhooks.h): HMAC-SHA256
 * (libsodium's crypto_auth_hmacsha256, RFC 2104 with any key length) of
 * "<timestamp>.<body>" under the endpoint's secret, as its bytes. Pure:
 * tests/unit/webhooks/sign_test.c checks it against RFC 4231's vectors.
 * Binding the timestamp lets a receiver refuse an old delivery replayed.
 */
#include <sodium.h>
#include <string.h>

#include "webhooks/webhooks.h"

void webhooks_hmac_hex(const unsigned char *key, size_t keylen, const unsigned char *msg, size_t msglen,
                       char out[WEBHOOK_SIG_HEX])
{
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_init(&st, key, keylen);
	crypto_auth_hmacsha256_update(&st, msg, msglen);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(out, WEBHOOK_SIG_HEX, mac, sizeof(mac));
	sodium_memzero(&st, sizeof(st));
}

void webhooks_signature(const char *secret, const char *timestamp, const char *body, size_t bodylen,
                        char out[WEBHOOK_SIG_HEX])
{
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)timestamp, strlen(timestamp));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, bodylen);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(out, WEBHOOK_SIG_HEX, mac, sizeof(mac));
	sodium_memzero(&st, sizeof(st));
}
