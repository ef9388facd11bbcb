/*
 * main.c - the terbuka command: serve, migrate, demo (thin: parses the
 * command line, opens the database, and hands over).
 */
#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"
#include "core/config.h"
#include "core/jsonmem.h"
#include "core/log.h"
#include "db/db.h"
#include "db/migrate.h"
#include "demo/demo.h"
#include "db/pubsub.h"
#include "http/server.h"
#include "jobs/jobs.h"

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

	if (cfg->demo && load_demo(cfg) != 0)
		return 1;
	if (app_init(cfg, err, sizeof(err)) != 0) {
		log_error(NULL, "start-up: %s", err);
		app_free();
		return 1;
	}
	struct server_config sc = {
		.host = cfg->host,
		.port = cfg->port,
		.threads = cfg->threads,
		.max_form = cfg->max_form,
		.nroutes = app_nroutes,
		.hooks = { app_route, app_handle, app_error },
	};
	if (pubsub_start(err, sizeof(err)) != 0 || server_start(&sc, err, sizeof(err)) != 0) {
		log_error(NULL, "%s", err);
		pubsub_stop();
		app_free();
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
	log_info("stopped");
	return 0;
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
	if (cfg.command == CMD_VERSION) {
		printf("terbuka %s\n", TERBUKA_VERSION);
		return 0;
	}
	log_set_format(cfg.log_format);
	if (sodium_init() < 0) {
		log_error(NULL, "libsodium failed to initialise");
		return 1;
	}
	jsonmem_install();

	int rc = 1;
	if (open_db(&cfg) != 0)
		goto done;
	switch (cfg.command) {
	case CMD_MIGRATE:
		log_info("database schema is up to date");
		rc = 0;
		break;
	case CMD_DEMO:
		rc = load_demo(&cfg) == 0 ? 0 : 1;
		break;
	default:
		rc = serve(&cfg);
		break;
	}
done:
	db_shutdown();
	return rc;
}
