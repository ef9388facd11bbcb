/*
 * settings.c - reading and writing the KIP service's settings (see
 * settings.h). The handlers are in settings_web.c.
 */
#include "kip/settings.h"

#include <stdio.h>
#include <string.h>

#include "core/str.h"
#include "kip/kip.h"

int kip_retention_load(db *c, int64_t *days)
{
	json_t *row = NULL;
	*days = KIP_RETENTION_DEFAULT;
	int rc = db_query_row_json(c, "SELECT value FROM settings WHERE key = 'kip.retensi_hari'", DB_NOARGS, &row);
	if (rc == DB_ROW) {
		int64_t v;
		const char *s = json_string_value(json_object_get(row, "value"));
		if (s != NULL && str_to_i64(str_c(s), false, &v) && v >= 1 && v <= KIP_RETENTION_MAX)
			*days = v;
	}
	json_decref(row);
	return rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
}

int kip_settings_load(db *c, arena *a, kip_settings *s)
{
	s->fees = "";
	int rc = kip_rules_load(c, &s->rules);
	if (rc == DB_OK)
		rc = kip_retention_load(c, &s->retention_days);
	json_t *row = NULL;
	if (rc == DB_OK)
		rc = db_query_row_json(c, "SELECT value FROM settings WHERE key = 'kip.biaya'", DB_NOARGS, &row);
	if (rc == DB_ROW) {
		const char *v = json_string_value(json_object_get(row, "value"));
		s->fees = arena_strdup(a, v ? v : "");
		rc = s->fees != NULL ? DB_OK : DB_ERROR;
	}
	json_decref(row);
	return rc == DB_DONE ? DB_OK : rc;
}

int kip_settings_open_count(db *c, int64_t *n)
{
	int rc = db_query_int(c, "SELECT count(*) FROM kip_requests WHERE state IN ('diterima','diproses','diperpanjang')",
	                      DB_NOARGS, n);
	return rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_ERROR : rc;
}

static int put(db *c, const char *key, const char *value)
{
	return db_exec(c, "INSERT INTO settings (key, value) VALUES (?, ?) "
	                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	               DB_ARGS(DB_TEXT(key), DB_TEXT(value)), NULL);
}

/* The schedule as stored: the text without '\r' (a form sends CRLF). */
static char *without_cr(arena *a, const char *text)
{
	size_t n = strlen(text);
	char *out = arena_alloc(a, n + 1);
	if (out == NULL)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (text[i] != '\r')
			out[k++] = text[i];
	out[k] = '\0';
	return out;
}

static unsigned changes(const kip_settings *old, const kip_settings *s, const char *fees)
{
	unsigned changed = 0;
	changed |= old->rules.cuti_bersama_works != s->rules.cuti_bersama_works ? KIP_SET_CUTI : 0;
	changed |= old->rules.receipt_day_one != s->rules.receipt_day_one ? KIP_SET_DAY_ONE : 0;
	changed |= old->rules.close_minute != s->rules.close_minute ? KIP_SET_CLOSE : 0;
	changed |= strcmp(old->fees, fees) != 0 ? KIP_SET_FEES : 0;
	changed |= old->retention_days != s->retention_days ? KIP_SET_RETENTION : 0;
	return changed;
}

static int write_all(db *c, const kip_settings *s, const char *fees)
{
	char close[8], days[24];
	snprintf(close, sizeof(close), "%02d:%02d", s->rules.close_minute / 60 % 24, s->rules.close_minute % 60);
	snprintf(days, sizeof(days), "%lld", (long long)s->retention_days);
	int rc = put(c, "kip.cuti_bersama_hari_kerja", s->rules.cuti_bersama_works ? "1" : "0");
	if (rc == DB_OK)
		rc = put(c, "kip.hari_penerimaan", s->rules.receipt_day_one ? "1" : "0");
	if (rc == DB_OK)
		rc = put(c, "kip.jam_tutup", close);
	if (rc == DB_OK)
		rc = put(c, "kip.biaya", fees);
	if (rc == DB_OK)
		rc = put(c, "kip.retensi_hari", days);
	return rc;
}

int kip_settings_save(db *c, arena *a, const kip_settings *s, int64_t user, kip_settings_saved *out)
{
	*out = (kip_settings_saved){ 0, 0 };
	char *fees = without_cr(a, s->fees);
	if (fees == NULL)
		return DB_ERROR;
	int rc = db_begin(c, true);
	if (rc != DB_OK)
		return rc;
	if (db_engine() == DB_POSTGRES) /* the lock of calendar/holidays.c's writers */
		rc = db_exec(c, "LOCK TABLE holidays IN SHARE ROW EXCLUSIVE MODE", DB_NOARGS, NULL);
	kip_settings old;
	if (rc == DB_OK)
		rc = kip_settings_load(c, a, &old);
	if (rc == DB_OK) {
		out->changed = changes(&old, s, fees);
		rc = write_all(c, s, fees);
	}
	if (rc == DB_OK && (out->changed & KIP_SET_CLOCK))
		rc = kip_rules_changed(c, user, &out->moved);
	if (rc == DB_OK)
		rc = db_commit(c);
	if (rc != DB_OK) {
		db_rollback(c);
		*out = (kip_settings_saved){ 0, 0 };
	}
	return rc;
}
