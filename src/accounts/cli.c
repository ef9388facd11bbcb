/*
 * cli.c - `terbuka user add`: the first administrator, and officers
 * created in bulk by a script.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "accounts/accounts.h"
#include "accounts/rules.h"
#include "accounts/secret.h"
#include "accounts/store.h"
#include "agencies/agencies.h"
#include "core/str.h"

/* A password from standard input (one line), or a generated one when
 * there is none; *generated says which. 0, or -1 with a message. */
static int read_password(char *out, size_t cap, bool *generated)
{
	*generated = false;
	out[0] = '\0';
	if (!isatty(STDIN_FILENO) && fgets(out, (int)cap, stdin) != NULL) {
		size_t n = strcspn(out, "\r\n");
		if (out[n] == '\0' && n == cap - 1 && !feof(stdin)) {
			fprintf(stderr, "terbuka: the password on standard input is longer than %d characters\n",
			        PASSWORD_MAX);
			return -1;
		}
		out[n] = '\0';
	}
	if (out[0] != '\0')
		return 0;
	/* 18 random bytes: 24 characters of base64url, about 144 bits */
	unsigned char raw[18];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, cap, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	*generated = true;
	return 0;
}

static int check_args(const struct config *cfg, unsigned *role)
{
	const char *email = cfg->email;
	if (email == NULL || !email_valid(email, strlen(email))) {
		fprintf(stderr, "terbuka: user add needs --email with a valid address\n");
		return 2;
	}
	*role = role_parse(cfg->role ? cfg->role : "");
	if (*role == 0) {
		fprintf(stderr, "terbuka: --role must be one of warga, petugas, ppid, humas, admin\n");
		return 2;
	}
	if (*role == ROLE_PETUGAS && cfg->agency == NULL) {
		fprintf(stderr, "terbuka: --role petugas needs --agency SLUG\n");
		return 2;
	}
	if (cfg->agency != NULL && *role != ROLE_PETUGAS && *role != ROLE_PPID) {
		fprintf(stderr, "terbuka: --agency only goes with --role petugas or ppid\n");
		return 2;
	}
	if (cfg->name != NULL && (utf8_length(cfg->name, strlen(cfg->name)) < DISPLAY_NAME_MIN ||
	                          utf8_length(cfg->name, strlen(cfg->name)) > DISPLAY_NAME_MAX ||
	                          !utf8_valid(cfg->name, strlen(cfg->name)))) {
		fprintf(stderr, "terbuka: --name must be %d to %d characters of text\n", DISPLAY_NAME_MIN, DISPLAY_NAME_MAX);
		return 2;
	}
	return 0;
}

/* Creates the account when the address has none; *id gets it. */
static int ensure_user(db *c, const struct config *cfg, int64_t *id, bool *created)
{
	json_t *u = NULL;
	int rc = users_by_email(c, cfg->email, &u);
	*created = false;
	if (rc == DB_ROW) {
		*id = json_integer_value(json_object_get(u, "id"));
		json_decref(u);
		return DB_OK;
	}
	if (rc < 0)
		return rc;
	char password[PASSWORD_MAX + 2], hash[PASSWORD_HASH];
	bool generated;
	if (read_password(password, sizeof(password), &generated) != 0)
		return DB_ERROR;
	if (utf8_length(password, strlen(password)) < PASSWORD_MIN) {
		fprintf(stderr, "terbuka: the password must be at least %d characters\n", PASSWORD_MIN);
		sodium_memzero(password, sizeof(password));
		return DB_ERROR;
	}
	rc = password_hash(password, hash) == 0 ? DB_OK : DB_ERROR;
	const char *name = cfg->name ? cfg->name : cfg->email;
	char short_name[DISPLAY_NAME_MAX + 1];
	if (cfg->name == NULL) { /* the part before the @, as a start */
		size_t n = strcspn(cfg->email, "@");
		snprintf(short_name, sizeof(short_name), "%.*s", (int)(n > DISPLAY_NAME_MAX ? DISPLAY_NAME_MAX : n), cfg->email);
		name = short_name;
	}
	if (rc == DB_OK)
		rc = users_create(c, cfg->email, name, hash, id);
	if (rc == DB_OK)
		rc = users_set_verified(c, *id); /* created by an administrator */
	if (rc == DB_OK && generated)
		printf("password: %s\n(shown once: give it to the person, who should change it)\n", password);
	sodium_memzero(password, sizeof(password));
	*created = rc == DB_OK;
	return rc;
}

int accounts_cli_user_add(const struct config *cfg)
{
	unsigned role;
	int bad = check_args(cfg, &role);
	if (bad)
		return bad;
	db *c = db_thread();
	int64_t agency = 0, id = 0;
	int rc = c ? DB_OK : DB_UNAVAILABLE;
	if (rc == DB_OK && cfg->agency != NULL) {
		rc = agencies_id(c, cfg->agency, &agency);
		if (rc == DB_DONE) {
			fprintf(stderr, "terbuka: no agency with the slug '%s'\n", cfg->agency);
			return 1;
		}
		rc = rc == DB_ROW ? DB_OK : rc;
	}
	bool created = false;
	if (rc == DB_OK)
		rc = db_begin(c, true);
	if (rc == DB_OK)
		rc = ensure_user(c, cfg, &id, &created);
	bool had = false;
	if (rc == DB_OK && role != ROLE_WARGA) {
		rc = grants_add(c, id, role_name(role), agency);
		had = rc == DB_CONSTRAINT;
		rc = had ? DB_OK : rc;
	}
	if (rc == DB_OK)
		rc = audit_add(c, 0, "role.grant", id,
		               role == ROLE_WARGA ? "warga (command line)" : role_name(role));
	if (rc == DB_OK)
		rc = db_commit(c);
	if (rc != DB_OK) {
		if (c != NULL) {
			fprintf(stderr, "terbuka: user add failed: %s\n", db_errmsg(c));
			db_rollback(c);
		}
		return 1;
	}
	printf("user %lld %s%s: %s%s%s %s\n", (long long)id, cfg->email, created ? " (new)" : "",
	       role_name(role), cfg->agency ? " of " : "", cfg->agency ? cfg->agency : "",
	       had ? "was already held" : "granted");
	return 0;
}
