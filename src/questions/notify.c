/*
 * notify.c - people hear of a question they follow (its asker follows it
 * from the start): answered, forwarded, a follow-up, news of its
 * programme. Each event queues one "question.notify" job; its worker
 * mails every follower with a verified address except the person who
 * acted, one mail per event, each with a link that stops the mails of
 * that question in one click (plus a confirming button, so that mail
 * scanners that open links do not unsubscribe anyone). A follow-up also
 * reaches the department's officers.
 *
 * The link's token is "<user>-<question>-<MAC>", the MAC a keyed BLAKE2b of
 * both ids under a key the server makes on first use (table secrets):
 * nothing is stored per mail, and a token cannot be made for someone else.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/str.h"
#include "jobs/jobs.h"
#include "mail/mail.h"
#include "questions/notify.h"
#include "questions/questions.h"
#include "questions/store.h"
#include "questions/view.h"
#include "view/locale.h"

#define MAC_BYTES 16

static char base_url[300];

/* The MAC key, made and stored the first time. */
static int mac_key(db *c, unsigned char key[crypto_generichash_KEYBYTES])
{
	json_t *row = NULL;
	int rc = db_query_row_json(c, "SELECT value FROM secrets WHERE name = 'unsubscribe'", DB_NOARGS, &row);
	if (rc == DB_DONE) {
		unsigned char fresh[crypto_generichash_KEYBYTES];
		char hex[2 * sizeof(fresh) + 1];
		randombytes_buf(fresh, sizeof(fresh));
		sodium_bin2hex(hex, sizeof(hex), fresh, sizeof(fresh));
		rc = db_exec(c, "INSERT INTO secrets (name, value) VALUES ('unsubscribe', ?) ON CONFLICT DO NOTHING",
		             DB_ARGS(DB_TEXT(hex)), NULL);
		if (rc == DB_OK)
			rc = db_query_row_json(c, "SELECT value FROM secrets WHERE name = 'unsubscribe'", DB_NOARGS, &row);
	}
	if (rc != DB_ROW)
		return rc == DB_DONE ? DB_ERROR : rc;
	const char *hex = json_string_value(json_object_get(row, "value"));
	size_t n = 0;
	int ok = hex ? sodium_hex2bin(key, crypto_generichash_KEYBYTES, hex, strlen(hex), NULL, &n, NULL) : -1;
	json_decref(row);
	return ok == 0 && n == crypto_generichash_KEYBYTES ? DB_OK : DB_ERROR;
}

static void mac_hex(const unsigned char *key, long long user, long long question, char out[2 * MAC_BYTES + 1])
{
	char msg[64];
	int n = snprintf(msg, sizeof(msg), "unsubscribe %lld %lld", user, question);
	unsigned char mac[MAC_BYTES];
	crypto_generichash(mac, sizeof(mac), (const unsigned char *)msg, (size_t)n, key, crypto_generichash_KEYBYTES);
	sodium_bin2hex(out, 2 * MAC_BYTES + 1, mac, sizeof(mac));
}

int questions_unsubscribe_token(db *c, arena *a, int64_t user, int64_t question, const char **token)
{
	unsigned char key[crypto_generichash_KEYBYTES];
	int rc = mac_key(c, key);
	if (rc != DB_OK)
		return rc;
	char mac[2 * MAC_BYTES + 1];
	mac_hex(key, (long long)user, (long long)question, mac);
	sodium_memzero(key, sizeof(key));
	*token = arena_printf(a, "%lld-%lld-%s", (long long)user, (long long)question, mac);
	return *token ? DB_OK : DB_ERROR;
}

int questions_unsubscribe_check(db *c, const char *token, int64_t *user, int64_t *question)
{
	const char *d1 = token ? strchr(token, '-') : NULL;
	const char *d2 = d1 ? strchr(d1 + 1, '-') : NULL;
	if (d2 == NULL || strlen(d2 + 1) != 2 * MAC_BYTES ||
	    !str_to_i64((str){ token, (size_t)(d1 - token) }, false, user) ||
	    !str_to_i64((str){ d1 + 1, (size_t)(d2 - d1 - 1) }, false, question))
		return DB_DONE;
	unsigned char key[crypto_generichash_KEYBYTES];
	int rc = mac_key(c, key);
	if (rc != DB_OK)
		return rc;
	char want[2 * MAC_BYTES + 1];
	mac_hex(key, (long long)*user, (long long)*question, want);
	sodium_memzero(key, sizeof(key));
	return sodium_memcmp(want, d2 + 1, 2 * MAC_BYTES) == 0 ? DB_OK : DB_DONE;
}

/* Who hears of the event: followers, and for a follow-up the officers. */
static int recipients(db *c, int64_t id, const char *event, int64_t actor, json_t **out)
{
	return db_query_json(c,
		"SELECT u.id, u.email, 1 AS follower FROM question_follows f JOIN users u ON u.id = f.user_id "
		"WHERE f.question_id = ? AND u.id <> ? AND u.email_verified_at IS NOT NULL "
		"AND u.disabled_at IS NULL AND u.deleted_at IS NULL "
		"UNION SELECT u.id, u.email, 0 AS follower FROM questions q "
		"JOIN user_roles r ON r.agency_id = q.agency_id AND r.role = 'petugas' "
		"JOIN users u ON u.id = r.user_id WHERE q.id = ? AND ? = 'reply' AND u.id <> ? "
		"AND u.email_verified_at IS NOT NULL AND u.disabled_at IS NULL AND u.deleted_at IS NULL "
		"AND NOT EXISTS (SELECT 1 FROM question_follows f2 WHERE f2.question_id = q.id "
		"AND f2.user_id = u.id) ORDER BY 1",
		DB_ARGS(DB_INT(id), DB_INT(actor), DB_INT(id), DB_TEXT(event), DB_INT(actor)), out);
}

static int mail_one(db *c, arena *a, json_t *to, int64_t id, const char *event, const char *title,
                    const char *agency)
{
	const char *path = question_url(a, id, title);
	const char *link = path ? arena_printf(a, "%s%s", base_url, path) : NULL;
	const char *stop = "";
	if (json_integer_value(json_object_get(to, "follower"))) {
		const char *token = NULL;
		int rc = questions_unsubscribe_token(c, a, json_integer_value(json_object_get(to, "id")), id, &token);
		if (rc != DB_OK)
			return rc;
		stop = arena_printf(a, "%s/berhenti/%s", base_url, token);
	}
	const char *names[] = { "title", "link", "agency", "stop" };
	const char *values[] = { title, link ? link : "", agency, stop ? stop : "" };
	char skey[64], bkey[64];
	snprintf(skey, sizeof(skey), "mail.question_%s.subject", event);
	snprintf(bkey, sizeof(bkey), "mail.question_%s.body", event);
	char *subject = locale_fill(a, skey, names, values, 4);
	char *body = locale_fill(a, bkey, names, values, 4);
	if (subject == NULL || body == NULL)
		return DB_ERROR;
	return mail_enqueue(c, json_string_value(json_object_get(to, "email")), subject, body);
}

static int notify(db *c, json_t *payload, char *err, size_t errlen)
{
	int64_t id = json_integer_value(json_object_get(payload, "question_id"));
	int64_t actor = json_integer_value(json_object_get(payload, "actor"));
	const char *event = json_string_value(json_object_get(payload, "event"));
	json_t *q = NULL, *people = NULL;
	int rc = db_query_row_json(c,
		"SELECT q.title, coalesce(a.name, '') AS agency FROM questions q "
		"LEFT JOIN agencies a ON a.id = q.agency_id WHERE q.id = ?", DB_ARGS(DB_INT(id)), &q);
	if (rc == DB_DONE || event == NULL)
		return 0; /* gone since, or not ours: nobody to tell */
	if (rc == DB_ROW)
		rc = recipients(c, id, event, actor, &people);
	arena *a = rc == DB_OK ? arena_new(4u * 1024 * 1024) : NULL;
	if (rc == DB_OK && a == NULL)
		rc = DB_ERROR;
	size_t i;
	json_t *to;
	json_array_foreach(people, i, to)
	{
		if (rc != DB_OK)
			break;
		rc = mail_one(c, a, to, id, event, json_string_value(json_object_get(q, "title")),
		              json_string_value(json_object_get(q, "agency")));
	}
	if (a != NULL)
		arena_free(a);
	json_decref(q);
	json_decref(people);
	if (rc != DB_OK) {
		snprintf(err, errlen, "mail of question %lld (%s): %s", (long long)id, event, db_errmsg(c));
		return -1;
	}
	return 0;
}

int questions_init(const struct config *cfg)
{
	size_t n = strlen(cfg->base_url);
	while (n > 0 && cfg->base_url[n - 1] == '/')
		n--;
	snprintf(base_url, sizeof(base_url), "%.*s", (int)n, cfg->base_url);
	return jobs_register("question.notify", notify);
}

int questions_notify(db *c, int64_t question, const char *event, int64_t actor)
{
	return jobs_enqueue(c, "question.notify", json_pack("{s:I, s:s, s:I}", "question_id",
	                    (json_int_t)question, "event", event, "actor", (json_int_t)actor), 0, NULL);
}

int questions_program_changed(db *c, int64_t program, int64_t actor)
{
	json_t *rows = NULL;
	int rc = db_query_json(c, "SELECT id FROM questions WHERE program_id = ? AND listed = 1",
	                       DB_ARGS(DB_INT(program)), &rows);
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		if (rc != DB_OK)
			break;
		int64_t id = json_integer_value(json_object_get(r, "id"));
		rc = questions_event(c, id, "program", actor, 0, 0, 0, NULL, NULL, clock_now());
		if (rc == DB_OK)
			rc = questions_notify(c, id, "program", actor);
	}
	json_decref(rows);
	return rc;
}
