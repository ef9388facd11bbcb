/*
 * rules.c - see rules.h.
 */
#include "kip/rules.h"

#include <string.h>

const char *const kip_requester_kinds[] = { "perorangan", "badan_hukum" };
const char *const kip_id_types[] = { "ktp", "badan_hukum", "lainnya" };
const char *const kip_obtain_ways[] = { "melihat", "membaca", "mendengarkan", "mencatat",
	                                "salinan_softcopy", "salinan_hardcopy" };
const char *const kip_delivery_ways[] = { "ambil_langsung", "kurir", "pos", "faksimili", "email" };

bool kip_one_of(const char *v, const char *const *list, size_t n)
{
	for (size_t i = 0; v != NULL && i < n; i++)
		if (strcmp(v, list[i]) == 0)
			return true;
	return false;
}

/* The digits of s into out (at most max), skipping the separators in
 * allowed; false on any other character or too many digits. */
static bool digits_of(const char *s, const char *allowed, char *out, size_t max, size_t *n)
{
	*n = 0;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			if (*n == max)
				return false;
			out[(*n)++] = *s;
		} else if (strchr(allowed, *s) == NULL) {
			return false;
		}
	}
	out[*n] = '\0';
	return true;
}

static int two(const char *p)
{
	return (p[0] - '0') * 10 + (p[1] - '0');
}

bool kip_nik_valid(const char *s, char out[17])
{
	size_t n = 0;
	if (s == NULL || !digits_of(s, " ", out, 16, &n) || n != 16)
		return false;
	int province = two(out), day = two(out + 6), month = two(out + 8);
	if (day > 40)
		day -= 40;
	return province >= 11 && province <= 94 && day >= 1 && day <= 31 && month >= 1 && month <= 12 &&
	       strcmp(out + 12, "0000") != 0;
}

bool kip_phone_valid(const char *s, char out[16])
{
	char d[20];
	size_t n = 0;
	if (s == NULL)
		return false;
	while (*s == ' ')
		s++;
	bool plus = *s == '+';
	if (!digits_of(plus ? s + 1 : s, " -.()", d, sizeof(d) - 1, &n))
		return false;
	const char *local = d;
	if (strncmp(d, "62", 2) == 0) { /* +62 8..., 62 8... */
		local = d + 2;
		n -= 2;
		if (n < 8 || n > 13 || local[0] == '0')
			return false;
		out[0] = '0';
		memcpy(out + 1, local, n + 1);
		return true;
	}
	if (plus || d[0] != '0' || n < 9 || n > 14)
		return false;
	memcpy(out, d, n + 1);
	return true;
}
