/*
 * fuzz_email.c - fuzzes email_valid and email_key (src/accounts/rules.c),
 * the gate in front of every address that reaches a mail header.
 *
 * An accepted address is at most 254 bytes of printable ASCII with exactly
 * one '@' and no space, quote, angle bracket, comma, semicolon, CR or LF
 * (so it can never break out of a header); its key is the same length, in
 * lower case, and itself accepted; a key buffer one byte short is refused.
 */
#include <stdlib.h>
#include <string.h>

#include "accounts/rules.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	if (!email_valid(in, size))
		return 0;
	CHECK(size > 0 && size <= EMAIL_MAX);
	size_t at = 0;
	for (size_t i = 0; i < size; i++) {
		unsigned char c = (unsigned char)in[i];
		CHECK(c > 0x20 && c < 0x7f);
		CHECK(strchr(" \"<>,;:()[]\\", c) == NULL);
		at += c == '@';
	}
	CHECK(at == 1);
	char *key = malloc(size + 1);
	CHECK(key != NULL);
	CHECK(email_key(in, size, key, size + 1));
	CHECK(strlen(key) == size);
	for (size_t i = 0; i < size; i++)
		CHECK(!(key[i] >= 'A' && key[i] <= 'Z'));
	CHECK(email_valid(key, size));
	CHECK(!email_key(in, size, key, size)); /* one byte short: refused, not overrun */
	CHECK(key[0] == '\0');
	free(key);
	return 0;
}
