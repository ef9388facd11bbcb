/*
 * fuzz_kip_fees.c - fuzzes the fee schedule's reader (src/kip/fees.c),
 * which reads what an admin types at /admin/permohonan and what the
 * charter shows from the setting kip.biaya.
 *
 * Every fee lies inside the input, on one line, its item 1-200
 * characters without white space around it, its amount 0..RUPIAH_MAX;
 * at most KIP_FEES_MAX fees. The answer (the first bad line, or 0)
 * agrees with reading the lines one by one here. The fees written back
 * as "item: amount" lines read again as the same fees, with no bad line.
 */
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "kip/fees.h"
#include "programs/rules.h"

typedef struct seen {
	const uint8_t *data;
	size_t size, n;
	kip_fee fees[KIP_FEES_MAX + 1];
} seen;

static void keep(const kip_fee *fee, void *ctx)
{
	seen *s = ctx;
	CHECK(s->n < KIP_FEES_MAX);
	s->fees[s->n++] = *fee;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static void check_fee(const seen *s, const kip_fee *f)
{
	const char *start = (const char *)s->data;
	CHECK(f->item >= start && f->item + f->item_len <= start + s->size);
	CHECK(f->item_len >= 1 && memchr(f->item, '\n', f->item_len) == NULL);
	CHECK(!blank(f->item[0]) && !blank(f->item[f->item_len - 1]));
	size_t chars = 0;
	for (size_t i = 0; i < f->item_len; i++)
		chars += ((unsigned char)f->item[i] & 0xC0) != 0x80;
	CHECK(chars <= KIP_FEE_ITEM_MAX);
	CHECK(f->amount >= 0 && f->amount <= RUPIAH_MAX);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 2 * KIP_FEES_MAX_CHARS)
		return 0;
	static seen s;
	memset(&s, 0, sizeof(s));
	s.data = data;
	s.size = size;
	bool too_many = false;
	size_t bad = kip_fees_read((const char *)data, size, keep, &s, &too_many);
	for (size_t i = 0; i < s.n; i++)
		check_fee(&s, &s.fees[i]);

	/* the lines one by one */
	size_t line = 0, fees = 0, first_bad = 0;
	bool over = false;
	for (size_t at = 0; at < size;) {
		const uint8_t *nl = memchr(data + at, '\n', size - at);
		size_t end = nl ? (size_t)(nl - data) : size;
		line++;
		kip_fee f;
		enum kip_fee_line kind = kip_fee_parse((const char *)data + at, end - at, &f);
		if (kind == KIP_FEE_OK && fees < KIP_FEES_MAX) {
			CHECK(f.item == s.fees[fees].item && f.item_len == s.fees[fees].item_len &&
			      f.amount == s.fees[fees].amount);
			fees++;
		} else if (kind != KIP_FEE_BLANK && first_bad == 0) {
			first_bad = line;
			over = kind == KIP_FEE_OK;
		}
		at = end + 1;
	}
	CHECK(fees == s.n && bad == first_bad && (bad == 0 || too_many == over));

	/* written back and read again */
	static char text[KIP_FEES_MAX * (4 * KIP_FEE_ITEM_MAX + 32)];
	size_t n = 0;
	for (size_t i = 0; i < s.n; i++) {
		CHECK(n + s.fees[i].item_len + 32 < sizeof(text));
		memcpy(text + n, s.fees[i].item, s.fees[i].item_len);
		n += s.fees[i].item_len;
		n += (size_t)snprintf(text + n, sizeof(text) - n, ": %lld\n", (long long)s.fees[i].amount);
	}
	static seen again;
	memset(&again, 0, sizeof(again));
	again.data = (const uint8_t *)text;
	again.size = n;
	CHECK(kip_fees_read(text, n, keep, &again, NULL) == 0 && again.n == s.n);
	for (size_t i = 0; i < s.n; i++)
		CHECK(again.fees[i].item_len == s.fees[i].item_len &&
		      memcmp(again.fees[i].item, s.fees[i].item, s.fees[i].item_len) == 0 &&
		      again.fees[i].amount == s.fees[i].amount);
	return 0;
}
