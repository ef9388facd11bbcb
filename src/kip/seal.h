/*
 * seal.h - a requester's identity data sealed at rest (UU 27/2022 on
 * personal data): the identity number, address and phone of a formal
 * information request are stored encrypted with XChaCha20-Poly1305
 * (libsodium) under a key in a file outside the database
 * (--keys DIR/kip-data.key, made on first start; core/keyfile.h). Each
 * value is bound to its request and field (the associated data), so a
 * sealed value copied into another row or field does not open.
 *
 * Sealed text: "s1:" and the base64 of nonce || ciphertext.
 */
#ifndef TERBUKA_KIP_SEAL_H
#define TERBUKA_KIP_SEAL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"

/* Loads (or makes) the key; 0, or -1 with a reason in err. */
int seal_init(const char *keys_dir, char *err, size_t errlen);
/* Forgets the key (zeroed). */
void seal_free(void);
bool seal_ready(void);

/* plain sealed for (number, field), in a's memory; NULL when out of
 * memory or without a key. */
const char *seal_text(arena *a, const char *plain, const char *number, const char *field);
/* The plain text of sealed, or NULL when it does not open with this key
 * for (number, field): tampered, moved, or sealed under another key. */
const char *seal_open(arena *a, const char *sealed, const char *number, const char *field);

#endif
