/*
 * config.h - the command line and its TERBUKA_<FLAG> environment twins.
 *
 * Every flag --some-flag may also come from TERBUKA_SOME_FLAG; a flag on
 * the command line wins over the environment.
 */
#ifndef TERBUKA_CONFIG_H
#define TERBUKA_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/log.h"

enum config_command {
	CMD_SERVE, CMD_MIGRATE, CMD_DEMO, CMD_USER_ADD, CMD_MAIL_TEST, CMD_ROUTES, CMD_SEARCH_REINDEX,
	CMD_KIP_DEADLINES, CMD_VERIFY, CMD_LEDGER_SEAL,
	CMD_HELP, CMD_VERSION,
};

enum smtp_tls { SMTP_TLS_STARTTLS, SMTP_TLS_NONE, SMTP_TLS_IMPLICIT };

struct config {
	enum config_command command;
	char host[256];      /* --listen HOST:PORT */
	unsigned port;
	const char *db;      /* --db PATH|URL */
	bool demo;           /* --demo: load demo data before serving */
	unsigned threads;    /* --threads N, 0 = one per core */
	unsigned workers;    /* --workers N: background job threads (0 = none) */
	enum log_format log_format;
	const char *share;   /* --share DIR: holds templates/, static/, locale/ */
	const char *data;    /* --data FILE: demo data set (default: built in) */
	size_t max_form;     /* --max-form BYTES: largest form body */
	size_t max_upload;   /* --max-upload BYTES: largest uploaded file */
	unsigned page_cache_mb; /* --page-cache MB: 0 = no page cache */
	unsigned max_connections; /* --max-connections N: open connections, live streams included */
	unsigned stream_ping;  /* --stream-ping SECONDS: heartbeat of live streams */
	const char *uploads; /* --uploads DIR: where uploaded files are kept */
	const char *keys;    /* --keys DIR: key files, outside the database */
	const char *base_url; /* --base-url URL: the public address, for links in mail */
	bool secure_cookies; /* --secure-cookies: cookies only over HTTPS */
	bool trust_proxy;    /* --trust-proxy: client address and scheme from X-Real-IP
	                      * and X-Forwarded-Proto (set by our own nginx) */
	bool webhook_allow_loopback; /* --webhook-allow-loopback: webhooks may go to
	                              * 127.0.0.0/8, ::1 and localhost (tests only) */

	/* outbound mail; no smtp_host means mail goes to the log (development) */
	const char *smtp_host;     /* --smtp-host */
	unsigned smtp_port;        /* --smtp-port (default 587, or 465 with tls) */
	enum smtp_tls smtp_tls;    /* --smtp-tls starttls|none|tls */
	const char *smtp_user;     /* --smtp-user */
	const char *smtp_password; /* TERBUKA_SMTP_PASSWORD (or --smtp-password) */
	const char *mail_from;     /* --mail-from ADDRESS */

	/* `user add`, `mail test`, `kip tenggat` (command line only, no environment twin) */
	const char *email;   /* --email */
	const char *role;    /* --role */
	const char *agency;  /* --agency SLUG */
	const char *name;    /* --name */
	const char *to;      /* --to ADDRESS */
	const char *received; /* `kip tenggat --diterima 2026-03-16T10:00` (WIB) */
	const char *url;     /* `verify --url URL`: a running site's public record */
	const char *key;     /* `verify --key BASE64`: the log's public key, pinned */

	char base_url_buf[300];
};

/* Fills cfg from argv and the environment. Returns 0 on success; on a bad
 * flag writes a one-line message into err and returns 2. */
int config_parse(int argc, char **argv, struct config *cfg, char *err, size_t errlen);
/* The text of `terbuka --help`. */
const char *config_usage(void);

#endif
