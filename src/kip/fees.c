/*
 * fees.c - the fee schedule's lines (see fees.h).
 */
#include "kip/fees.h"

#include "programs/rules.h"

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Characters of UTF-8 text: the bytes that do not continue one. */
static size_t characters(const char *s, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		count += ((unsigned char)s[i] & 0xC0) != 0x80;
	return count;
}

enum kip_fee_line kip_fee_parse(const char *s, size_t n, kip_fee *out)
{
	while (n > 0 && blank(s[n - 1]))
		n--;
	while (n > 0 && blank(*s))
		s++, n--;
	if (n == 0)
		return KIP_FEE_BLANK;
	size_t colon = n;
	while (colon > 0 && s[colon - 1] != ':')
		colon--;
	if (colon == 0)
		return KIP_FEE_BAD; /* no colon */
	const char *amount = s + colon;
	size_t amount_len = n - colon;
	while (amount_len > 0 && blank(*amount))
		amount++, amount_len--;
	size_t item_len = colon - 1;
	while (item_len > 0 && blank(s[item_len - 1]))
		item_len--;
	int64_t v;
	if (item_len == 0 || characters(s, item_len) > KIP_FEE_ITEM_MAX || !rupiah_parse(amount, amount_len, &v))
		return KIP_FEE_BAD;
	*out = (kip_fee){ s, item_len, v };
	return KIP_FEE_OK;
}

size_t kip_fees_read(const char *text, size_t len, kip_fee_fn each, void *ctx, bool *too_many)
{
	size_t first_bad = 0, fees = 0, line = 0;
	bool over = false;
	for (size_t at = 0; at < len;) {
		size_t end = at;
		while (end < len && text[end] != '\n')
			end++;
		line++;
		kip_fee fee;
		enum kip_fee_line kind = kip_fee_parse(text + at, end - at, &fee);
		if (kind == KIP_FEE_OK && fees < KIP_FEES_MAX) {
			fees++;
			if (each != NULL)
				each(&fee, ctx);
		} else if (kind != KIP_FEE_BLANK && first_bad == 0) {
			first_bad = line;
			over = kind == KIP_FEE_OK;
		}
		at = end + 1;
	}
	if (too_many != NULL)
		*too_many = over;
	return first_bad;
}
