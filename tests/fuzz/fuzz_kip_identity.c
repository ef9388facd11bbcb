/*
 * fuzz_kip_identity.c - fuzzes kip_nik_valid and kip_phone_valid
 * (src/kip/rules.c), which read the identity number and phone a person
 * types into the information request form.
 *
 * An accepted NIK is 16 digits that are accepted again as they are; an
 * accepted phone is 9 to 14 digits starting with 0, accepted again as it
 * is and unchanged by that.
 */
#include <string.h>

#include "fuzz.h"
#include "kip/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[128];
	if (size >= sizeof(text))
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	char nik[17], again[17];
	if (kip_nik_valid(text, nik)) {
		CHECK(strlen(nik) == 16 && strspn(nik, "0123456789") == 16);
		CHECK(kip_nik_valid(nik, again) && strcmp(nik, again) == 0);
	}
	char phone[16], phone2[16];
	if (kip_phone_valid(text, phone)) {
		size_t n = strlen(phone);
		CHECK(n >= 9 && n <= 14 && phone[0] == '0' && strspn(phone, "0123456789") == n);
		CHECK(kip_phone_valid(phone, phone2) && strcmp(phone, phone2) == 0);
	}
	return 0;
}
