/*
 * demo.c - region data sets (see demo.h).
 *
 * The file is JSON:
 *   {"settings": {"name": ..., ...},
 *    "agencies": [{"slug", "name", "short_name", "kind", "description",
 *                  "ppid_utama", "head_title", "head_name", "address",
 *                  "phone", "email", "website",
 *                  "social": {"instagram": "https://...", ...}}...],
 *    "villages": [{"kecamatan": agency slug, "slug", "name",
 *                  "kind": "desa" | "kelurahan"}...],
 *    "programs": [...],   (read by programs_demo_load, programs.h)
 *    "askers": [...], "questions": [...],   (questions_demo_load, questions.h;
 *    the built-in set keeps them in data/demo/questions.json)
 *    "dip": [...]}   (the Daftar Informasi Publik, kip_dip_demo_load, kip.h;
 *    the built-in set keeps it in data/demo/dip.json)
 * Keys starting with '_' (a "_note") are comments. "villages" and
 * "programs" may be left out.
 */
#include "demo/demo.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "embedded.h"
#include "kip/kip.h"
#include "ledger/ledger.h"
#include "programs/programs.h"
#include "questions/questions.h"
#include "search/search.h"

static const char upsert_setting[] =
	"INSERT INTO settings (key, value) VALUES (?, ?) "
	"ON CONFLICT (key) DO UPDATE SET value = excluded.value";

/* updated_at moves only when what a person reads changed */
static const char upsert_agency[] =
	"INSERT INTO agencies (slug, name, short_name, kind, description, is_ppid_utama, sort_order, "
	"head_title, head_name, address, phone, email, website, social) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
	"ON CONFLICT (slug) DO UPDATE SET name = excluded.name, short_name = excluded.short_name, "
	"kind = excluded.kind, description = excluded.description, "
	"is_ppid_utama = excluded.is_ppid_utama, sort_order = excluded.sort_order, "
	"head_title = excluded.head_title, head_name = excluded.head_name, "
	"address = excluded.address, phone = excluded.phone, email = excluded.email, "
	"website = excluded.website, social = excluded.social, "
	"updated_at = CASE WHEN agencies.name = excluded.name AND "
	"agencies.description = excluded.description AND agencies.head_title = excluded.head_title AND "
	"agencies.head_name = excluded.head_name AND agencies.address = excluded.address AND "
	"agencies.phone = excluded.phone AND agencies.email = excluded.email AND "
	"agencies.website = excluded.website AND agencies.social = excluded.social "
	"THEN agencies.updated_at ELSE excluded.updated_at END";

static const char kecamatan_id[] =
	"SELECT id FROM agencies WHERE slug = ? AND kind = 'kecamatan'";

static const char upsert_village[] =
	"INSERT INTO villages (kecamatan_id, slug, name, kind) VALUES (?, ?, ?, ?) "
	"ON CONFLICT (kecamatan_id, slug) DO UPDATE SET name = excluded.name, kind = excluded.kind";

/* the profile's text fields, all optional */
static const char *const profile_fields[] = { "head_title", "head_name", "address",
	                                          "phone",      "email",     "website" };

/* the networks a "social" object may name */
static const char *const networks[] = { "instagram", "facebook", "x", "youtube", "tiktok" };

/* json_dumps' text goes back to jansson's own allocator (core/jsonmem) */
static void json_free_text(char *t)
{
	json_malloc_t alloc;
	json_free_t release;
	json_get_alloc_funcs(&alloc, &release);
	if (t != NULL)
		release(t);
}

static const char *text(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

/* 1-80 of [a-z0-9-], as the schema's slugs */
static bool slug_valid(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 80)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

static bool https_url(const char *s)
{
	return strncmp(s, "https://", 8) == 0 && s[8] != '\0' && strpbrk(s, " \t\r\n\"<>") == NULL;
}

static bool network_known(const char *name)
{
	for (size_t i = 0; i < sizeof(networks) / sizeof(networks[0]); i++)
		if (strcmp(name, networks[i]) == 0)
			return true;
	return false;
}

static int load_settings(db *c, json_t *settings, char *err, size_t errlen)
{
	const char *key;
	json_t *v;
	json_object_foreach(settings, key, v)
	{
		if (!json_is_string(v)) {
			snprintf(err, errlen, "settings.%s: expected a string", key);
			return -1;
		}
		if (db_exec(c, upsert_setting, DB_ARGS(DB_TEXT(key), DB_TEXT(json_string_value(v))),
		            NULL) != DB_OK) {
			snprintf(err, errlen, "settings.%s: %s", key, db_errmsg(c));
			return -1;
		}
	}
	return 0;
}

/* Checks an agency's profile; 0, or -1 with err naming the field. */
static int check_profile(json_t *a, size_t i, const char *slug, char *err, size_t errlen)
{
	for (size_t f = 0; f < sizeof(profile_fields) / sizeof(profile_fields[0]); f++) {
		json_t *v = json_object_get(a, profile_fields[f]);
		if (v != NULL && !json_is_string(v)) {
			snprintf(err, errlen, "agencies[%zu] (%s): %s: expected a string", i, slug,
			         profile_fields[f]);
			return -1;
		}
	}
	const char *email = text(a, "email"), *website = text(a, "website");
	if (email[0] != '\0' && (strchr(email, '@') == NULL || strpbrk(email, " \t\r\n<>\"") != NULL)) {
		snprintf(err, errlen, "agencies[%zu] (%s): email: \"%s\" is not an address", i, slug, email);
		return -1;
	}
	if (website[0] != '\0' && !https_url(website)) {
		snprintf(err, errlen, "agencies[%zu] (%s): website: expected an https:// address", i, slug);
		return -1;
	}
	json_t *social = json_object_get(a, "social");
	if (social != NULL && !json_is_object(social)) {
		snprintf(err, errlen, "agencies[%zu] (%s): social: expected an object "
		         "{\"instagram\": \"https://...\", ...}", i, slug);
		return -1;
	}
	const char *net;
	json_t *url;
	json_object_foreach(social, net, url)
	{
		if (!network_known(net)) {
			snprintf(err, errlen, "agencies[%zu] (%s): social.%s: not a network we know "
			         "(instagram, facebook, x, youtube, tiktok)", i, slug, net);
			return -1;
		}
		if (!json_is_string(url) || !https_url(json_string_value(url))) {
			snprintf(err, errlen, "agencies[%zu] (%s): social.%s: expected an https:// address",
			         i, slug, net);
			return -1;
		}
	}
	return 0;
}

static int load_agencies(db *c, json_t *agencies, char *err, size_t errlen)
{
	size_t i;
	json_t *a;
	json_array_foreach(agencies, i, a)
	{
		const char *slug = text(a, "slug"), *name = text(a, "name");
		if (slug[0] == '\0' || name[0] == '\0') {
			snprintf(err, errlen, "agencies[%zu]: slug and name are required", i);
			return -1;
		}
		if (check_profile(a, i, slug, err, errlen) != 0)
			return -1;
		json_t *social = json_object_get(a, "social");
		char *social_text = social ? json_dumps(social, JSON_COMPACT) : NULL;
		if (social != NULL && social_text == NULL) {
			snprintf(err, errlen, "agencies[%zu] (%s): out of memory", i, slug);
			return -1;
		}
		int rc = db_exec(c, upsert_agency,
		                 DB_ARGS(DB_TEXT(slug), DB_TEXT(name), DB_TEXT(text(a, "short_name")),
		                         DB_TEXT(text(a, "kind")), DB_TEXT(text(a, "description")),
		                         DB_INT(json_is_true(json_object_get(a, "ppid_utama"))),
		                         DB_INT((int64_t)i), DB_TEXT(text(a, "head_title")),
		                         DB_TEXT(text(a, "head_name")), DB_TEXT(text(a, "address")),
		                         DB_TEXT(text(a, "phone")), DB_TEXT(text(a, "email")),
		                         DB_TEXT(text(a, "website")),
		                         DB_TEXT(social_text ? social_text : "{}")),
		                 NULL);
		json_free_text(social_text);
		if (rc != DB_OK) {
			snprintf(err, errlen, "agencies[%zu] (%s): %s", i, slug, db_errmsg(c));
			return -1;
		}
	}
	return 0;
}

static int load_villages(db *c, json_t *villages, char *err, size_t errlen)
{
	size_t i;
	json_t *v;
	json_array_foreach(villages, i, v)
	{
		const char *kec = text(v, "kecamatan"), *slug = text(v, "slug");
		const char *name = text(v, "name"), *kind = text(v, "kind");
		if (kec[0] == '\0' || slug[0] == '\0' || name[0] == '\0') {
			snprintf(err, errlen, "villages[%zu]: kecamatan, slug and name are required", i);
			return -1;
		}
		if (!slug_valid(slug)) {
			snprintf(err, errlen, "villages[%zu] (%s): slug: expected 1-80 of a-z, 0-9 and '-'",
			         i, slug);
			return -1;
		}
		if (strcmp(kind, "desa") != 0 && strcmp(kind, "kelurahan") != 0) {
			snprintf(err, errlen, "villages[%zu] (%s): kind: expected \"desa\" or \"kelurahan\"",
			         i, slug);
			return -1;
		}
		int64_t kid = 0;
		int rc = db_query_int(c, kecamatan_id, DB_ARGS(DB_TEXT(kec)), &kid);
		if (rc == DB_DONE) {
			snprintf(err, errlen, "villages[%zu] (%s): no agency of kind kecamatan with slug \"%s\"",
			         i, slug, kec);
			return -1;
		}
		if (rc == DB_ROW)
			rc = db_exec(c, upsert_village,
			             DB_ARGS(DB_INT(kid), DB_TEXT(slug), DB_TEXT(name), DB_TEXT(kind)), NULL);
		if (rc != DB_OK) {
			snprintf(err, errlen, "villages[%zu] (%s): %s", i, slug, db_errmsg(c));
			return -1;
		}
	}
	return 0;
}

/* The questions: the built-in set keeps them in a file of their own
 * (data/demo/questions.json); another data set may hold "askers" and
 * "questions" beside its agencies. */
static int load_questions(db *c, const char *path, json_t *data, char *err, size_t errlen)
{
	if (path != NULL)
		return json_object_get(data, "questions") ? questions_demo_load(c, data, err, errlen) : 0;
	const struct embedded_file *f = embedded_find("data/demo/questions.json");
	json_error_t e;
	json_t *doc = f ? json_loadb(f->data, f->len, JSON_REJECT_DUPLICATES, &e) : NULL;
	if (doc == NULL) {
		snprintf(err, errlen, "data/demo/questions.json:%d: %s", f ? e.line : 0, f ? e.text : "not built in");
		return -1;
	}
	int rc = questions_demo_load(c, doc, err, errlen);
	json_decref(doc);
	return rc;
}

/* The Daftar Informasi Publik: the built-in set keeps it in
 * data/demo/dip.json ({"dip": [...]}); another data set may hold "dip". */
static int load_dip(db *c, const char *path, json_t *data, char *err, size_t errlen)
{
	if (path != NULL)
		return kip_dip_demo_load(c, json_object_get(data, "dip"), err, errlen);
	const struct embedded_file *f = embedded_find("data/demo/dip.json");
	json_error_t e;
	json_t *doc = f ? json_loadb(f->data, f->len, JSON_REJECT_DUPLICATES, &e) : NULL;
	if (doc == NULL) {
		snprintf(err, errlen, "data/demo/dip.json:%d: %s", f ? e.line : 0, f ? e.text : "not built in");
		return -1;
	}
	int rc = kip_dip_demo_load(c, json_object_get(doc, "dip"), err, errlen);
	json_decref(doc);
	return rc;
}

/* The search index, once everything is in (the loaders write their rows
 * directly, not all through the paths that index them one by one); in a
 * transaction of its own, after the load's. */
static int reindex(db *c, char *err, size_t errlen)
{
	if (search_reindex(c) == DB_OK)
		return 0;
	snprintf(err, errlen, "building the search index: %s", db_errmsg(c));
	return -1;
}

int demo_load(db *c, const char *path, char *err, size_t errlen)
{
	json_error_t e;
	json_t *data;
	const char *source = path ? path : "data/demo/bekasi.json (built in)";
	if (path != NULL) {
		data = json_load_file(path, JSON_REJECT_DUPLICATES, &e);
	} else {
		const struct embedded_file *f = embedded_find("data/demo/bekasi.json");
		data = f ? json_loadb(f->data, f->len, JSON_REJECT_DUPLICATES, &e) : NULL;
	}
	if (data == NULL) {
		snprintf(err, errlen, "%s:%d: %s", source, e.line, e.text);
		return -1;
	}
	int ret = -1;
	json_t *settings = json_object_get(data, "settings");
	json_t *agencies = json_object_get(data, "agencies");
	json_t *villages = json_object_get(data, "villages");
	json_t *programs = json_object_get(data, "programs");
	if (!json_is_object(settings) || !json_is_array(agencies)) {
		snprintf(err, errlen, "%s: expected an object with \"settings\" and \"agencies\"", source);
		goto done;
	}
	if ((villages != NULL && !json_is_array(villages)) ||
	    (programs != NULL && !json_is_array(programs))) {
		snprintf(err, errlen, "%s: \"villages\" and \"programs\" must be arrays", source);
		goto done;
	}
	if (db_begin(c, true) != DB_OK) {
		snprintf(err, errlen, "cannot begin a transaction: %s", db_errmsg(c));
		goto done;
	}
	if (load_settings(c, settings, err, errlen) != 0 ||
	    load_agencies(c, agencies, err, errlen) != 0 ||
	    load_villages(c, villages, err, errlen) != 0 ||
	    (programs != NULL && programs_demo_load(c, programs, err, errlen) != 0) ||
	    load_questions(c, path, data, err, errlen) != 0 ||
	    load_dip(c, path, data, err, errlen) != 0) {
		db_rollback(c);
		goto done;
	}
	int64_t logged = 0;
	if (ledger_record_unlogged(c, &logged) != DB_OK) { /* the public record holds all of it */
		snprintf(err, errlen, "recording the demo's statements: %s", db_errmsg(c));
		db_rollback(c);
		goto done;
	}
	if (db_commit(c) != DB_OK) {
		snprintf(err, errlen, "cannot commit: %s", db_errmsg(c));
		goto done;
	}
	ret = reindex(c, err, errlen);
done:
	json_decref(data);
	return ret;
}
