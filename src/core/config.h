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

enum config_command { CMD_SERVE, CMD_MIGRATE, CMD_DEMO, CMD_HELP, CMD_VERSION };

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
};

/* Fills cfg from argv and the environment. Returns 0 on success; on a bad
 * flag writes a one-line message into err and returns 2. */
int config_parse(int argc, char **argv, struct config *cfg, char *err, size_t errlen);
/* The text of `terbuka --help`. */
const char *config_usage(void);

#endif
