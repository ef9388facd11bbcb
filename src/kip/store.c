/*
 * store.c - filing a formal information request (see store.h).
 */
#include "kip/store.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "calendar/calendar.h"
#include "core/clock.h"
#include "kip/clock.h"
#include "kip/kip.h"
#include "kip/seal.h"
#include "mail/mail.h"
#include "view/locale.h"

void kip_code_hash(const char *code, char hex[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), (const unsigned char *)code, strlen(code), NULL, 0);
	sodium_bin2hex(hex, 65, h, sizeof(h));
}

bool kip_code_matches(const char *code, const char *stored)
{
	if (code == NULL || stored == NULL || strlen(code) != KIP_CODE_TEXT - 1 || strlen(stored) != 64)
		return false;
	char hex[65];
	kip_code_hash(code, hex);
	return sodium_memcmp(hex, stored, 64) == 0;
}

bool kip_number_of_slug(const char *slug, char number[32])
{
	if (slug == NULL || strlen(slug) != 11 || slug[4] != '-')
		return false;
	for (int i = 0; i < 11; i++)
		if (i != 4 && (slug[i] < '0' || slug[i] > '9'))
			return false;
	snprintf(number, 32, "KIP/%.4s/%.6s", slug, slug + 5);
	return true;
}

/* 16 random bytes as 26 characters of base32 (RFC 4648 alphabet, lower
 * case, no padding): easy to read aloud and to type from paper. */
static void new_code(char out[KIP_CODE_TEXT])
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
	unsigned char raw[17] = { 0 };
	randombytes_buf(raw, 16);
	for (int i = 0; i < 26; i++) {
		int bit = i * 5, byte = bit / 8, shift = bit % 8;
		unsigned v = ((unsigned)raw[byte] << 8 | raw[byte + 1]) >> (11 - shift);
		out[i] = alphabet[v & 31];
	}
	out[26] = '\0';
	sodium_memzero(raw, sizeof(raw));
}

static int next_number(db *c, int year, int64_t *seq)
{
	int rc = db_query_int(c, "INSERT INTO kip_counters (year, last) VALUES (?, 1) ON CONFLICT (year) "
	                         "DO UPDATE SET last = kip_counters.last + 1 RETURNING last",
	                      DB_ARGS(DB_INT(year)), seq);
	return rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_ERROR : rc;
}

static const char *iso_day(arena *a, int32_t day)
{
	int y, m, d;
	calendar_civil(day, &y, &m, &d);
	return arena_printf(a, "%04d-%02d-%02d", y, m, d);
}

/* The clock of a request received now, on the region's calendar (*calp). */
static int clock_of(db *c, arena *a, int64_t now, kip_deadlines *k, calendar **calp)
{
	kip_rules r;
	calendar *cal = *calp = arena_alloc(a, sizeof(*cal));
	if (cal == NULL)
		return DB_ERROR;
	int rc = kip_rules_load(c, &r);
	if (rc == DB_OK)
		rc = calendar_load(c, cal);
	if (rc != DB_OK)
		return rc;
	cal->cuti_bersama_works = r.cuti_bersama_works;
	kip_deadlines_compute(cal, &r, now, k);
	return DB_OK;
}

/* The mail that confirms a request to its requester, with the tracking link. */
static int mail_receipt(db *c, arena *a, const kip_new *n, const kip_filed *f, const char *received,
                        const char *due)
{
	const char *names[] = { "nomor", "perihal", "diterima", "tenggat", "tautan", "kalkulator" };
	const char *values[] = {
		f->number, n->subject, received, due,
		arena_printf(a, "%s/permohonan/%s?kode=%s", kip_base_url(), f->slug, f->code),
		arena_printf(a, "%s/permohonan/tenggat", kip_base_url()),
	};
	const char *subject = locale_fill(a, "kip_request.mail_subject", names, values, 6);
	const char *body = locale_fill(a, "kip_request.mail_body", names, values, 6);
	if (subject == NULL || body == NULL || values[4] == NULL || values[5] == NULL)
		return DB_ERROR;
	return mail_enqueue(c, n->email, subject, body);
}

static int insert(db *c, arena *a, const kip_new *n, int64_t now, const kip_deadlines *k, int year,
                  int64_t seq, kip_filed *f)
{
	char hash[65], at[CLOCK_ISO_LEN];
	kip_code_hash(f->code, hash);
	clock_iso(at, now);
	const char *nik = seal_text(a, n->id_number, f->number, "id_number");
	const char *address = seal_text(a, n->address, f->number, "address");
	const char *phone = seal_text(a, n->phone, f->number, "phone");
	size_t idlen = strlen(n->id_number);
	const char *tail = n->id_number + (idlen > 4 ? idlen - 4 : 0);
	if (nik == NULL || address == NULL || phone == NULL)
		return DB_ERROR;
	int rc = db_query_int(c,
		"INSERT INTO kip_requests (year, seq, number, agency_id, user_id, requester_kind, requester_name, "
		"id_type, id_number_enc, address_enc, phone_enc, id_number_tail, email, occupation, subject, "
		"details, purpose, obtain, delivery, proxy_file, submitted_at, received_on, notice_due, "
		"tracking_hash, form_key, created_at, updated_at) VALUES "
		"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		DB_ARGS(DB_INT(year), DB_INT(seq), DB_TEXT(f->number),
		        n->agency_id ? DB_INT(n->agency_id) : DB_NULL, n->user_id ? DB_INT(n->user_id) : DB_NULL,
		        DB_TEXT(n->requester_kind), DB_TEXT(n->name), DB_TEXT(n->id_type), DB_TEXT(nik),
		        DB_TEXT(address), DB_TEXT(phone), DB_TEXT(tail), DB_TEXT(n->email), DB_TEXT(n->occupation),
		        DB_TEXT(n->subject), DB_TEXT(n->details), DB_TEXT(n->purpose), DB_TEXT(n->obtain),
		        DB_TEXT(n->delivery), n->proxy_file ? DB_TEXT(n->proxy_file) : DB_NULL, DB_TEXT(at),
		        DB_TEXT(iso_day(a, k->day[KIP_RECEIVED])), DB_TEXT(iso_day(a, k->day[KIP_NOTICE])),
		        DB_TEXT(hash), n->form_key ? DB_TEXT(n->form_key) : DB_NULL, DB_TEXT(at), DB_TEXT(at)),
		&f->id);
	if (rc != DB_ROW)
		return rc == DB_DONE ? DB_ERROR : rc;
	return db_exec(c, "INSERT INTO kip_request_events (request_id, kind, user_id, at) VALUES (?, 'diajukan', ?, ?)",
	               DB_ARGS(DB_INT(f->id), n->user_id ? DB_INT(n->user_id) : DB_NULL, DB_TEXT(at)), NULL);
}

/* The request this form made already, if any. */
static int sent_before(db *c, const char *form_key, kip_filed *f)
{
	if (form_key == NULL)
		return DB_DONE;
	json_t *row = NULL;
	int rc = db_query_row_json(c, "SELECT id, number, year, seq FROM kip_requests WHERE form_key = ?",
	                           DB_ARGS(DB_TEXT(form_key)), &row);
	if (rc != DB_ROW)
		return rc;
	f->id = json_integer_value(json_object_get(row, "id"));
	snprintf(f->number, sizeof(f->number), "%s", json_string_value(json_object_get(row, "number")));
	snprintf(f->slug, sizeof(f->slug), "%04d-%06d", (int)json_integer_value(json_object_get(row, "year")),
	         (int)json_integer_value(json_object_get(row, "seq")));
	f->code[0] = '\0';
	json_decref(row);
	return DB_ROW;
}

int kip_store_file(db *c, arena *a, const kip_new *n, int64_t now, kip_filed *out)
{
	memset(out, 0, sizeof(*out));
	int rc = db_begin(c, true);
	if (rc != DB_OK)
		return rc;
	rc = sent_before(c, n->form_key, out);
	if (rc == DB_ROW) {
		db_rollback(c);
		return DB_DONE;
	}
	kip_deadlines k;
	calendar *cal = NULL;
	int64_t seq = 0;
	int y, m, d;
	calendar_civil(calendar_wib_day(now), &y, &m, &d);
	if (rc == DB_DONE)
		rc = clock_of(c, a, now, &k, &cal);
	if (rc == DB_OK)
		rc = next_number(c, y, &seq);
	if (rc == DB_OK && seq > 999999)
		rc = DB_ERROR; /* a million requests in one year: the number has 6 digits */
	if (rc == DB_OK) {
		snprintf(out->number, sizeof(out->number), "KIP/%04d/%06lld", y, (long long)seq);
		snprintf(out->slug, sizeof(out->slug), "%04d-%06lld", y, (long long)seq);
		new_code(out->code);
		rc = insert(c, a, n, now, &k, y, seq, out);
	}
	if (rc == DB_OK)
		rc = mail_receipt(c, a, n, out, iso_day(a, k.day[KIP_RECEIVED]), iso_day(a, k.day[KIP_NOTICE]));
	if (rc == DB_OK)
		rc = kip_remind_later(c, cal, out->id, iso_day(a, k.day[KIP_NOTICE]));
	if (rc == DB_OK)
		rc = db_commit(c);
	if (rc != DB_OK) {
		db_rollback(c);
		sodium_memzero(out->code, sizeof(out->code));
	}
	return rc;
}
