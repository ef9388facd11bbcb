/*
 * config_test.c - the command line and its TERBUKA_<FLAG> twins.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/config.h"

/* Parses "terbuka" followed by the nargs strings given. */
static int parse(struct config *cfg, char *err, int nargs, ...)
{
	char *argv[16] = { "terbuka" };
	va_list ap;
	va_start(ap, nargs);
	for (int i = 1; i <= nargs && i < 16; i++)
		argv[i] = va_arg(ap, char *);
	va_end(ap);
	return config_parse(nargs + 1, argv, cfg, err, 256);
}

static int clear_env(void **state)
{
	static const char *vars[] = { "TERBUKA_LISTEN", "TERBUKA_DB", "TERBUKA_DEMO", "TERBUKA_DATA",
		                      "TERBUKA_THREADS", "TERBUKA_LOG_FORMAT", "TERBUKA_SHARE",
		                      "TERBUKA_MAX_FORM", "TERBUKA_WORKERS", "TERBUKA_MAX_UPLOAD",
		                      "TERBUKA_UPLOADS", "TERBUKA_PAGE_CACHE", "TERBUKA_MAX_CONNECTIONS",
		                      "TERBUKA_STREAM_PING" };
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		unsetenv(vars[i]);
	return 0;
}

static void test_defaults(void **state)
{
	struct config c;
	char err[256];
	assert_int_equal(parse(&c, err, 0), 0);
	assert_int_equal(c.command, CMD_SERVE);
	assert_string_equal(c.host, "127.0.0.1");
	assert_int_equal(c.port, 8080);
	assert_string_equal(c.db, "var/terbuka.db");
	assert_false(c.demo);
	assert_int_equal(c.max_form, 1024 * 1024);
	assert_int_equal(c.max_upload, 10 * 1024 * 1024);
	assert_string_equal(c.uploads, "var/uploads");
}

static void test_uploads(void **state)
{
	struct config c;
	char err[256];
	assert_int_equal(parse(&c, err, 4, "--max-upload", "2048", "--uploads", "/srv/berkas"), 0);
	assert_int_equal(c.max_upload, 2048);
	assert_string_equal(c.uploads, "/srv/berkas");
	setenv("TERBUKA_MAX_UPLOAD", "5242880", 1);
	setenv("TERBUKA_UPLOADS", "/var/lib/terbuka/uploads", 1);
	assert_int_equal(parse(&c, err, 0), 0);
	assert_int_equal(c.max_upload, 5242880);
	assert_string_equal(c.uploads, "/var/lib/terbuka/uploads");
	clear_env(state);
	assert_int_equal(parse(&c, err, 2, "--max-upload", "1023"), 2); /* at least 1 KiB */
	assert_non_null(strstr(err, "--max-upload"));
	assert_int_equal(parse(&c, err, 2, "--max-upload", "1073741825"), 2); /* at most 1 GiB */
	assert_int_equal(parse(&c, err, 2, "--uploads", ""), 2);
}

static void test_page_cache(void **state)
{
	struct config c;
	char err[256];
	assert_int_equal(parse(&c, err, 0), 0);
	assert_int_equal(c.page_cache_mb, 16);
	assert_int_equal(parse(&c, err, 2, "--page-cache", "0"), 0); /* off */
	assert_int_equal(c.page_cache_mb, 0);
	setenv("TERBUKA_PAGE_CACHE", "64", 1);
	assert_int_equal(parse(&c, err, 0), 0);
	assert_int_equal(c.page_cache_mb, 64);
	clear_env(state);
	assert_int_equal(parse(&c, err, 2, "--page-cache", "1025"), 2);
	assert_non_null(strstr(err, "--page-cache"));
	assert_int_equal(parse(&c, err, 2, "--page-cache", "-1"), 2);
}

static void test_connections_and_streams(void **state)
{
	struct config c;
	char err[256];
	assert_int_equal(parse(&c, err, 0), 0);
	assert_int_equal(c.max_connections, 16000);
	assert_int_equal(c.stream_ping, 15);
	assert_int_equal(parse(&c, err, 4, "--max-connections", "12000", "--stream-ping", "5"), 0);
	assert_int_equal(c.max_connections, 12000);
	assert_int_equal(c.stream_ping, 5);
	setenv("TERBUKA_MAX_CONNECTIONS", "20000", 1);
	setenv("TERBUKA_STREAM_PING", "30", 1);
	assert_int_equal(parse(&c, err, 0), 0);
	assert_int_equal(c.max_connections, 20000);
	assert_int_equal(c.stream_ping, 30);
	clear_env(state);
	assert_int_equal(parse(&c, err, 2, "--max-connections", "0"), 2);
	assert_non_null(strstr(err, "--max-connections"));
	assert_int_equal(parse(&c, err, 2, "--stream-ping", "0"), 2);
	assert_int_equal(parse(&c, err, 2, "--stream-ping", "301"), 2);
	assert_non_null(strstr(err, "--stream-ping"));
}

static void test_flags(void **state)
{
	struct config c;
	char err[256];
	int rc = parse(&c, err, 8, "serve", "--listen", "0.0.0.0:9000", "--db=x.db", "--demo",
	               "--threads", "4", "--log-format=json");
	if (rc != 0)
		fail_msg("%s", err);
	assert_string_equal(c.host, "0.0.0.0");
	assert_int_equal(c.port, 9000);
	assert_string_equal(c.db, "x.db");
	assert_true(c.demo);
	assert_int_equal(c.threads, 4);
	assert_int_equal(c.log_format, LOG_JSON);
	assert_int_equal(parse(&c, err, 3, "serve", "--listen", "[::1]:8081"), 0);
	assert_string_equal(c.host, "::1");
	assert_int_equal(c.port, 8081);
}

static void test_commands(void **state)
{
	struct config c;
	char err[256];
	assert_int_equal(parse(&c, err, 1, "migrate"), 0);
	assert_int_equal(c.command, CMD_MIGRATE);
	assert_int_equal(parse(&c, err, 3, "demo", "--data", "region.json"), 0);
	assert_int_equal(c.command, CMD_DEMO);
	assert_string_equal(c.data, "region.json");
	assert_int_equal(parse(&c, err, 1, "--help"), 0);
	assert_int_equal(c.command, CMD_HELP);
	assert_int_equal(parse(&c, err, 1, "--version"), 0);
	assert_int_equal(c.command, CMD_VERSION);
}

static void test_environment(void **state)
{
	struct config c;
	char err[256];
	setenv("TERBUKA_DB", "env.db", 1);
	setenv("TERBUKA_LISTEN", "127.0.0.1:7000", 1);
	setenv("TERBUKA_DEMO", "1", 1);
	assert_int_equal(parse(&c, err, 0), 0);
	assert_string_equal(c.db, "env.db");
	assert_int_equal(c.port, 7000);
	assert_true(c.demo);
	/* the command line wins over the environment */
	assert_int_equal(parse(&c, err, 3, "serve", "--db", "flag.db"), 0);
	assert_string_equal(c.db, "flag.db");
	clear_env(state);
}

static void test_bad(void **state)
{
	struct config c;
	char err[256];
	assert_int_equal(parse(&c, err, 1, "--nope"), 2);
	assert_non_null(strstr(err, "--nope"));
	assert_int_equal(parse(&c, err, 1, "launch"), 2);
	assert_non_null(strstr(err, "launch"));
	assert_int_equal(parse(&c, err, 2, "serve", "--listen"), 2);
	assert_int_equal(parse(&c, err, 2, "--listen", "nonsense"), 2);
	assert_non_null(strstr(err, "HOST:PORT"));
	assert_int_equal(parse(&c, err, 2, "--listen", "127.0.0.1:70000"), 2);
	assert_int_equal(parse(&c, err, 2, "--threads", "abc"), 2);
	assert_int_equal(parse(&c, err, 2, "--log-format", "xml"), 2);
	assert_int_equal(parse(&c, err, 1, "--demo=1"), 2);
	assert_int_equal(parse(&c, err, 2, "--db", ""), 2);
	setenv("TERBUKA_THREADS", "-1", 1);
	assert_int_equal(parse(&c, err, 0), 2);
	assert_non_null(strstr(err, "TERBUKA_THREADS"));
	clear_env(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_defaults, clear_env),
		cmocka_unit_test_setup(test_flags, clear_env),
		cmocka_unit_test_setup(test_commands, clear_env),
		cmocka_unit_test_setup(test_environment, clear_env),
		cmocka_unit_test_setup(test_bad, clear_env),
		cmocka_unit_test_setup(test_uploads, clear_env),
		cmocka_unit_test_setup(test_page_cache, clear_env),
		cmocka_unit_test_setup(test_connections_and_streams, clear_env),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
