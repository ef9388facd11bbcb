/*
 * rules.c - see rules.h.
 */
#include "programs/rules.h"

#include <stdio.h>
#include <string.h>

const char *const program_statuses[5] = { "direncanakan", "berjalan", "selesai", "ditunda",
                                          "dibatalkan" };
const char *const program_fundings[6] = { "apbd", "apbn", "dak", "banprov", "csr", "lainnya" };

int status_index(const char *status)
{
	for (int i = 0; status != NULL && i < 5; i++)
		if (strcmp(status, program_statuses[i]) == 0)
			return i;
	return -1;
}

int status_default_progress(const char *status)
{
	if (status != NULL && strcmp(status, "direncanakan") == 0)
		return 0;
	if (status != NULL && strcmp(status, "selesai") == 0)
		return 100;
	return -1;
}

bool funding_valid(const char *funding)
{
	for (int i = 0; funding != NULL && i < 6; i++)
		if (strcmp(funding, program_fundings[i]) == 0)
			return true;
	return false;
}

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

bool rupiah_parse(const char *s, size_t n, int64_t *out)
{
	size_t i = 0;
	/* an optional "Rp" or "Rp." and spaces before the number */
	if (n >= 2 && (s[0] == 'R' || s[0] == 'r') && (s[1] == 'p' || s[1] == 'P')) {
		i = 2;
		if (i < n && s[i] == '.')
			i++;
	}
	while (i < n && s[i] == ' ')
		i++;
	while (n > i && s[n - 1] == ' ')
		n--;
	/* a fraction of zeros: ",00" */
	for (size_t k = i; k < n; k++) {
		if (s[k] == ',') {
			if (k + 1 == n)
				return false;
			for (size_t f = k + 1; f < n; f++)
				if (s[f] != '0')
					return false;
			n = k;
			break;
		}
	}
	if (i >= n || !digit(s[i]))
		return false;
	char sep = 0;
	size_t group = 0; /* digits since the last separator */
	bool grouped = false;
	int64_t v = 0;
	for (size_t k = i; k < n; k++) {
		char c = s[k];
		if (digit(c)) {
			if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, c - '0', &v))
				return false;
			group++;
			continue;
		}
		if (c != '.' && c != ' ')
			return false;
		if ((sep != 0 && c != sep) || (grouped && group != 3) || (!grouped && (group == 0 || group > 3)))
			return false;
		sep = c;
		grouped = true;
		group = 0;
	}
	if (grouped && group != 3)
		return false;
	if (v > RUPIAH_MAX)
		return false;
	*out = v;
	return true;
}

const char *rupiah_format(arena *a, int64_t v)
{
	char digits[24], out[40];
	int n = snprintf(digits, sizeof(digits), "%lld", (long long)(v < 0 ? -v : v));
	size_t o = 0;
	if (v < 0)
		out[o++] = '-';
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = '.';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	return arena_printf(a, "Rp %s", out);
}

const char *rupiah_short(arena *a, int64_t v)
{
	static const struct {
		int64_t unit;
		const char *name;
	} units[] = { { INT64_C(1000000000000), "triliun" }, { 1000000000, "miliar" }, { 1000000, "juta" } };
	for (size_t i = 0; i < 3; i++) {
		if (v < units[i].unit)
			continue;
		/* one decimal, rounded, with the Indonesian decimal comma */
		int64_t tenths = (v * 10 + units[i].unit / 2) / units[i].unit;
		if (v > INT64_MAX / 10)
			tenths = v / (units[i].unit / 10);
		if (tenths % 10 == 0)
			return arena_printf(a, "Rp %lld %s", (long long)(tenths / 10), units[i].name);
		return arena_printf(a, "Rp %lld,%lld %s", (long long)(tenths / 10), (long long)(tenths % 10),
		                    units[i].name);
	}
	return rupiah_format(a, v);
}

/* budget x progress summed over many children can pass 2^63 */
__extension__ typedef __int128 wide;

int rollup_progress(const rollup_item *items, size_t n, bool by_budget)
{
	if (n == 0)
		return -1;
	wide weighted = 0, total = 0;
	for (size_t i = 0; by_budget && i < n; i++) {
		weighted += (wide)items[i].budget * items[i].progress;
		total += items[i].budget;
	}
	if (!by_budget || total == 0) {
		int64_t sum = 0;
		for (size_t i = 0; i < n; i++)
			sum += items[i].progress;
		return (int)((sum * 2 + (int64_t)n) / (2 * (int64_t)n));
	}
	return (int)((weighted * 2 + total) / (2 * total));
}

bool date_valid(const char *s)
{
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !digit(s[i]))
			return false;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return !(m == 2 && d == 29 && !leap);
}
