/*
 * main.c - the terbuka command: serve, migrate, demo, mail test (thin:
 * parses the command line, opens the database, and hands over).
 */
#include <curl/curl.h>
#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "accounts/accounts.h"
#include "app.h"
#include "pagecache.h"
#include "programs/programs.h"
#include "questions/questions.h"
#include "report/report.h"
#include "kip/kip.h"
#include "ledger/ledger.h"
#include "search/search.h"
#include "view/locale.h"
#include "view/syndicate.h"
#include "core/config.h"
#include "core/jsonmem.h"
#include "core/log.h"
#include "db/db.h"
#include "db/migrate.h"
#include "demo/demo.h"
#include "db/pubsub.h"
#include "http/server.h"
#include "jobs/jobs.h"
#include "mail/mail.h"
#include "share/share.h"
#include "uploads/uploads.h"
#include "webhooks/webhooks.h"
#include "view/pdf.h"

#define SHUTDOWN_GRACE_MS 10000

/* Creates the folder that will hold a SQLite file ("var/" for var/terbuka.db). */
static void make_parent_dir(const char *location)
{
	if (strstr(location, "://") != NULL)
		return;
	const char *slash = strrchr(location, '/');
	if (slash == NULL || slash == location)
		return;
	char dir[4096];
	size_t n = (size_t)(slash - location);
	if (n >= sizeof(dir))
		return;
	memcpy(dir, location, n);
	dir[n] = '\0';
	if (mkdir(dir, 0750) != 0 && errno != EEXIST)
		log_error(NULL, "cannot create %s: %s", dir, strerror(errno));
}

static int open_db(const struct config *cfg)
{
	char err[512];
	make_parent_dir(cfg->db);
	if (db_init(cfg->db, err, sizeof(err)) != DB_OK) {
		log_error(NULL, "database: %s", err);
		return -1;
	}
	db *c = db_thread();
	if (c == NULL || db_migrate(c, err, sizeof(err)) < 0) {
		log_error(NULL, "migration failed: %s", c ? err : "no connection");
		return -1;
	}
	return 0;
}

static int load_demo(const struct config *cfg)
{
	char err[512];
	if (demo_load(db_thread(), cfg->data, err, sizeof(err)) != 0) {
		log_error(NULL, "demo data: %s", err);
		return -1;
	}
	log_info("demo data loaded from %s", cfg->data ? cfg->data : "the built-in data set");
	return 0;
}

/* `terbuka mail test --to ADDRESS`: one message now, straight to the SMTP
 * server (no queue, so no database). Exit 0, 1 when sending failed, 2 when
 * the command line cannot send anything. */
static int mail_test(const struct config *cfg)
{
	static const char subject[] = "Percobaan email terbuka";
	static const char body[] =
		"Halo,\n"
		"\n"
		"Ini pesan percobaan dari terbuka. Jika pesan ini sampai, pengiriman email\n"
		"dari server sudah berfungsi.\n"
		"\n"
		"Pesan ini dikirim otomatis; tidak perlu dibalas.\n";
	char err[512];
	if (cfg->to == NULL) {
		fprintf(stderr, "terbuka: mail test needs --to ADDRESS\n");
		return 2;
	}
	if (cfg->smtp_host == NULL) {
		fprintf(stderr, "terbuka: mail test needs --smtp-host (without an SMTP server, mail "
		                "is only written to the log)\n");
		return 2;
	}
	if (mail_init(cfg) != 0)
		return 1;
	if (mail_send_now(cfg->to, subject, body, err, sizeof(err)) != 0) {
		fprintf(stderr, "terbuka: mail test failed: %s\n", err);
		return 1;
	}
	printf("mail sent to %s\n", cfg->to);
	return 0;
}

/* `terbuka routes`: the route table as JSON, one object per route, for
 * people and for the authorization-matrix test; "cache" lists the topics
 * (pagecache.h, in bit order) whose kept page anonymous visitors get. */
static int print_routes(void)
{
	json_t *all = json_array();
	for (unsigned i = 0; i < app_nroutes; i++) {
		const struct route *r = &app_routes[i];
		unsigned a = r->access;
		json_t *roles = json_array();
		for (unsigned bit = 1; bit <= ROLE_ADMIN; bit <<= 1)
			if (ACCESS_ROLES(a) & bit)
				json_array_append_new(roles, json_string(role_name(bit)));
		const char *who = a == 0 ? "everyone" : ACCESS_ROLES(a) == 0 ? "signed_in" :
		                  ACCESS_IS_AGENCY(a) ? "agency" : "role";
		json_t *cache = json_array();
		for (unsigned t = 0; pagecache_topic(t) != NULL; t++)
			if (r->cache & (1u << t))
				json_array_append_new(cache, json_string(pagecache_topic(t)));
		json_array_append_new(all, json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "method", r->method,
		                                     "pattern", r->pattern, "name", r->name, "access", who,
		                                     "roles", roles, "cache", cache));
	}
	char *text = json_dumps(all, JSON_INDENT(1));
	json_decref(all);
	if (text == NULL)
		return 1;
	puts(text);
	free(text);
	return 0;
}

/* Serves until SIGINT or SIGTERM, then stops gracefully. */
static int serve(const struct config *cfg)
{
	char err[512];
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	/* Blocked here, before any thread starts, so only sigwait sees them. */
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (mail_init(cfg) != 0) /* it says what is wrong */
		return 1;
	if (cfg->demo && load_demo(cfg) != 0)
		return 1;
	if (search_reindex_if_empty(db_thread()) != DB_OK) {
		log_error(NULL, "start-up: cannot build the search index: %s", db_errmsg(db_thread()));
		return 1;
	}
	accounts_init(cfg);
	syndicate_init(cfg->base_url);
	if (programs_init(cfg) != 0 || questions_init(cfg) != 0 || report_init(db_thread()) != 0) {
		log_error(NULL, "start-up: cannot register the programme, question and report card jobs");
		return 1;
	}
	if (uploads_init(cfg, err, sizeof(err)) != 0 || kip_init(cfg, err, sizeof(err)) != 0 ||
	    webhooks_init(cfg, err, sizeof(err)) != 0 || ledger_init(cfg, err, sizeof(err)) != 0) {
		log_error(NULL, "start-up: %s", err);
		ledger_free();
		uploads_free();
		return 1;
	}
	if (app_init(cfg, err, sizeof(err)) != 0) {
		log_error(NULL, "start-up: %s", err);
		app_free();
		kip_free();
		webhooks_free();
		ledger_free();
		uploads_free();
		return 1;
	}
	struct server_config sc = {
		.host = cfg->host,
		.port = cfg->port,
		.threads = cfg->threads,
		.max_form = cfg->max_form,
		.nroutes = app_nroutes,
		.hooks = { app_route, app_handle, app_error },
		.trust_proxy = cfg->trust_proxy,
		.max_connections = cfg->max_connections,
		.stream_ping_ms = cfg->stream_ping * 1000u,
	};
	if (pubsub_start(err, sizeof(err)) != 0 || server_start(&sc, err, sizeof(err)) != 0) {
		log_error(NULL, "%s", err);
		pubsub_stop();
		app_free();
		kip_free();
		webhooks_free();
		ledger_free();
		uploads_free();
		return 1;
	}
	if (jobs_start(cfg->workers, 1000) != 0)
		log_error(NULL, "could not start every job worker");
	int sig = 0;
	sigwait(&stop, &sig);
	log_info("%s received: finishing requests in flight", sig == SIGINT ? "SIGINT" : "SIGTERM");
	server_stop(SHUTDOWN_GRACE_MS);
	jobs_stop();
	pubsub_stop();
	app_free();
	kip_free();
	webhooks_free();
	ledger_free();
	uploads_free();
	share_free();
	pdf_free();
	log_info("stopped");
	return 0;
}

/* `kip tenggat`: the calculator's labels come from the locale catalogue. */
static int kip_deadlines(const struct config *cfg)
{
	char path[4096], err[512];
	snprintf(path, sizeof(path), "%s/locale/id.json", cfg->share);
	if (locale_load(path, err, sizeof(err)) != 0) {
		log_error(NULL, "%s", err);
		return 1;
	}
	int rc = kip_cli_deadlines(db_thread(), cfg->received);
	locale_free();
	return rc;
}

int main(int argc, char **argv)
{
	struct config cfg;
	char err[512];
	if (config_parse(argc, argv, &cfg, err, sizeof(err)) != 0) {
		fprintf(stderr, "terbuka: %s\n", err);
		return 2;
	}
	if (cfg.command == CMD_HELP) {
		fputs(config_usage(), stdout);
		return 0;
	}
	if (cfg.command == CMD_ROUTES)
		return print_routes();
	if (cfg.command == CMD_VERSION) {
		printf("terbuka %s\n", TERBUKA_VERSION);
		return 0;
	}
	log_set_format(cfg.log_format);
	if (sodium_init() < 0) {
		log_error(NULL, "libsodium failed to initialise");
		return 1;
	}
	/* Once, before any thread: libcurl's global set-up is not thread-safe. */
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		log_error(NULL, "libcurl failed to initialise");
		return 1;
	}
	jsonmem_install();
	/* Before any database is opened: migration 008 needs the tokenizer. */
	if (search_init() != 0) {
		log_error(NULL, "search: SQLite refused the Indonesian tokenizer");
		return 1;
	}

	int rc = 1;
	if (cfg.command == CMD_MAIL_TEST) {
		rc = mail_test(&cfg);
		goto done;
	}
	if (cfg.command == CMD_VERIFY) { /* reads only: no migration, no server */
		rc = ledger_cli_verify(&cfg);
		goto done;
	}
	if (open_db(&cfg) != 0)
		goto done;
	switch (cfg.command) {
	case CMD_MIGRATE:
		log_info("database schema is up to date");
		rc = 0;
		break;
	case CMD_USER_ADD:
		rc = accounts_cli_user_add(&cfg);
		break;
	case CMD_DEMO:
		rc = load_demo(&cfg) == 0 ? 0 : 1;
		break;
	case CMD_SEARCH_REINDEX:
		rc = search_cli_reindex(db_thread());
		break;
	case CMD_KIP_DEADLINES:
		rc = kip_deadlines(&cfg);
		break;
	case CMD_LEDGER_SEAL:
		rc = ledger_cli_seal(&cfg);
		break;
	default:
		rc = serve(&cfg);
		break;
	}
done:
	db_shutdown();
	curl_global_cleanup();
	return rc;
}
