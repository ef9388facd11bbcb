/*
 * config.c - command-line and environment parsing (see config.h).
 */
#include "core/config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"

static const char usage[] =
	"terbuka - open-government platform (UU No. 14/2008, Keterbukaan Informasi Publik)\n"
	"\n"
	"Usage:\n"
	"  terbuka serve   [--listen HOST:PORT] [--db PATH|URL] [--demo] [options]\n"
	"  terbuka migrate [--db PATH|URL]\n"
	"  terbuka demo    [--db PATH|URL] [--data FILE]\n"
	"  terbuka user add --email ADDRESS --role ROLE [--agency SLUG] [--name NAME]\n"
	"  terbuka mail test --to ADDRESS [mail options]\n"
	"  terbuka search reindex [--db PATH|URL]\n"
	"  terbuka kip tenggat --diterima YYYY-MM-DDTHH:MM [--db PATH|URL]\n"
	"  terbuka verify  (--url URL | --db PATH|URL) [--key BASE64]\n"
	"  terbuka ledger seal [--db PATH|URL]\n"
	"  terbuka routes\n"
	"  terbuka --help | --version\n"
	"\n"
	"Commands:\n"
	"  serve     run the web server (migrates the database first)\n"
	"  migrate   bring the database schema up to date and exit\n"
	"  demo      load the demo data set (idempotent) and exit\n"
	"  user add  create an account, or give an existing one a role; the password\n"
	"            is read from standard input, or generated and printed once.\n"
	"            ROLE: warga, petugas (needs --agency), ppid (--agency, or none\n"
	"            for the main PPID), humas, admin\n"
	"  mail test send one message now through the configured SMTP server\n"
	"  search reindex\n"
	"            build the search index again from every question, answer,\n"
	"            programme and department (in one transaction)\n"
	"  kip tenggat\n"
	"            the legal deadlines of a formal information request (UU KIP)\n"
	"            received at --diterima (WIB), on this database's holidays and\n"
	"            rules, as JSON: what /permohonan/tenggat shows (exit 2 when\n"
	"            the time is not one)\n"
	"  verify, ledger seal: see \"Public record\" below\n"
	"  routes    print the route table (method, pattern, who may use it, what\n"
	"            of it the page cache keeps) as JSON\n"
	"\n"
	"Options (each also read from TERBUKA_<FLAG>, e.g. TERBUKA_DB):\n"
	"  --listen HOST:PORT   address to serve on (default 127.0.0.1:8080)\n"
	"  --db PATH|URL        SQLite file or postgresql:// URL (default var/terbuka.db)\n"
	"  --demo               load the demo data before serving\n"
	"  --data FILE          region data set for `demo` (default: built-in Kabupaten Bekasi)\n"
	"  --threads N          HTTP threads (default: one per core)\n"
	"  --workers N          background job threads on this node, 0 to 16 (default 1)\n"
	"  --log-format F       text or json (default text)\n"
	"  --share DIR          folder holding templates/, static/, locale/ (default .)\n"
	"  --max-form BYTES     largest form body accepted (default 1048576)\n"
	"  --max-upload BYTES   largest uploaded file accepted (default 10485760)\n"
	"  --uploads DIR        folder of uploaded files (default var/uploads)\n"
	"  --keys DIR           folder of key files, made on first start and never\n"
	"                       in the database: kip-data.key seals requesters'\n"
	"                       identity data (default var/keys; the same files on\n"
	"                       every node; back them up apart from the database)\n"
	"  --page-cache MB      memory for public pages kept until their data\n"
	"                       changes, 0 to 1024, 0 = off (default 16)\n"
	"  --max-connections N  open connections at most, live streams included\n"
	"                       (default 16000); the open-file limit is raised to fit\n"
	"  --stream-ping S      seconds between heartbeats on live streams, 1 to 300\n"
	"                       (default 15; lower it behind a proxy that closes\n"
	"                       quiet connections sooner)\n"
	"  --base-url URL       public address used in links sent by mail\n"
	"                       (default http://HOST:PORT of --listen)\n"
	"  --secure-cookies     mark cookies Secure (set it when served over HTTPS)\n"
	"  --trust-proxy        take the client address from X-Real-IP and the scheme\n"
	"                       from X-Forwarded-Proto (only behind your own proxy)\n"
	"  --webhook-allow-loopback\n"
	"                       let webhooks go to this machine's loopback addresses\n"
	"                       (127.0.0.0/8, ::1, localhost); for tests with a local\n"
	"                       receiver, never in production. terbuka's own address\n"
	"                       stays refused\n";

/* The help's second half: C17 promises string literals of 4095 bytes only. */
static const char usage_mail[] =
	"\n"
	"Public record (/catatan, docs/ARCHITECTURE.md \"The public record\"):\n"
	"  verify    check a whole public record (/catatan): every entry against its\n"
	"            leaf hash, every signed tree head's signature and root, each\n"
	"            head consistent with the one before; with --db also every\n"
	"            statement's row against its latest entry. --key pins the\n"
	"            log's public key (else the first head's is taken). Prints OK,\n"
	"            or the first mismatch and why with exit 1 (2: unreadable)\n"
	"  ledger seal\n"
	"            sign a tree head over every entry now (the server does it\n"
	"            by itself within seconds of new entries)\n"
	"\n"
	"Mail (without --smtp-host, messages are written to the log: development):\n"
	"  --smtp-host HOST     SMTP server\n"
	"  --smtp-port N        its port (default 587; 465 with --smtp-tls tls)\n"
	"  --smtp-tls MODE      starttls (default, required), tls (implicit), or none\n"
	"  --smtp-user NAME     login name; the password comes from TERBUKA_SMTP_PASSWORD\n"
	"  --mail-from ADDRESS  sender address (default terbuka@localhost)\n"
	"\n"
	"Exit status: 0 on success, 1 on a runtime error, 2 on a bad command line.\n";

const char *config_usage(void)
{
	static char text[sizeof(usage) + sizeof(usage_mail)];
	snprintf(text, sizeof(text), "%s%s", usage, usage_mail);
	return text;
}

enum opt_kind { OPT_STRING, OPT_BOOL };

struct opt {
	const char *flag; /* without the leading "--" */
	enum opt_kind kind;
	bool cli_only;    /* no TERBUKA_<FLAG> twin (per-command arguments) */
};

static const struct opt opts[] = {
	{ "listen", OPT_STRING, false }, { "db", OPT_STRING, false },      { "demo", OPT_BOOL, false },
	{ "data", OPT_STRING, false },   { "threads", OPT_STRING, false }, { "log-format", OPT_STRING, false },
	{ "share", OPT_STRING, false },  { "max-form", OPT_STRING, false }, { "workers", OPT_STRING, false },
	{ "base-url", OPT_STRING, false }, { "secure-cookies", OPT_BOOL, false }, { "trust-proxy", OPT_BOOL, false },
	{ "smtp-host", OPT_STRING, false }, { "smtp-port", OPT_STRING, false }, { "smtp-tls", OPT_STRING, false },
	{ "smtp-user", OPT_STRING, false }, { "smtp-password", OPT_STRING, false }, { "mail-from", OPT_STRING, false },
	{ "email", OPT_STRING, true }, { "role", OPT_STRING, true }, { "agency", OPT_STRING, true },
	{ "name", OPT_STRING, true },  { "to", OPT_STRING, true }, { "diterima", OPT_STRING, true },
	{ "url", OPT_STRING, true }, { "key", OPT_STRING, true },
	{ "max-upload", OPT_STRING, false }, { "uploads", OPT_STRING, false }, { "keys", OPT_STRING, false },
	{ "page-cache", OPT_STRING, false },
	{ "max-connections", OPT_STRING, false }, { "stream-ping", OPT_STRING, false },
	{ "webhook-allow-loopback", OPT_BOOL, false },
};
#define NOPTS (sizeof(opts) / sizeof(opts[0]))

__attribute__((format(printf, 3, 4)))
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return 2;
}

static int parse_listen(struct config *cfg, const char *label, const char *v, char *err,
                        size_t errlen)
{
	const char *colon = strrchr(v, ':');
	int64_t port;
	if (colon == NULL || colon == v ||
	    !str_to_i64((str){ colon + 1, strlen(colon + 1) }, false, &port) || port < 1 ||
	    port > 65535)
		return fail(err, errlen, "%s: expected HOST:PORT, got '%s'", label, v);
	size_t n = (size_t)(colon - v);
	if (v[0] == '[' && n >= 2 && v[n - 1] == ']') { /* [::1]:8080 */
		v++;
		n -= 2;
	}
	if (n >= sizeof(cfg->host))
		return fail(err, errlen, "%s: host name too long in '%s'", label, v);
	memcpy(cfg->host, v, n);
	cfg->host[n] = '\0';
	cfg->port = (unsigned)port;
	return 0;
}

static int parse_uint(const char *label, const char *v, int64_t min, int64_t max,
                      int64_t *out, char *err, size_t errlen)
{
	if (!str_to_i64(str_c(v), false, out) || *out < min || *out > max) {
		snprintf(err, errlen, "%s: expected a number from %lld to %lld, got '%s'",
		         label, (long long)min, (long long)max, v);
		return 2;
	}
	return 0;
}

static int parse_bool(const char *label, const char *v, bool *out, char *err, size_t errlen)
{
	if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "yes") == 0)
		*out = true;
	else if (strcmp(v, "0") == 0 || strcmp(v, "false") == 0 || strcmp(v, "no") == 0 ||
	         v[0] == '\0')
		*out = false;
	else
		return fail(err, errlen, "%s: expected 1 or 0, got '%s'", label, v);
	return 0;
}

/* Options that are plain text, kept as given ("" means unset). */
static const char **string_field(struct config *cfg, const char *flag)
{
	static const struct {
		const char *flag;
		size_t offset;
	} fields[] = {
		{ "smtp-host", offsetof(struct config, smtp_host) },
		{ "smtp-user", offsetof(struct config, smtp_user) },
		{ "smtp-password", offsetof(struct config, smtp_password) },
		{ "mail-from", offsetof(struct config, mail_from) },
		{ "email", offsetof(struct config, email) },
		{ "role", offsetof(struct config, role) },
		{ "agency", offsetof(struct config, agency) },
		{ "name", offsetof(struct config, name) },
		{ "to", offsetof(struct config, to) },
		{ "diterima", offsetof(struct config, received) },
		{ "url", offsetof(struct config, url) }, { "key", offsetof(struct config, key) },
	};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (strcmp(fields[i].flag, flag) == 0)
			return (const char **)(void *)((char *)cfg + fields[i].offset);
	}
	return NULL;
}

/* Sets one option; label names where the value came from ("--db" or
 * "TERBUKA_DB") so a message points at the right place. */
static int apply(struct config *cfg, const char *flag, const char *label, const char *v,
                 char *err, size_t errlen)
{
	int64_t n;
	if (strcmp(flag, "listen") == 0)
		return parse_listen(cfg, label, v, err, errlen);
	if (strcmp(flag, "db") == 0) {
		if (v[0] == '\0')
			return fail(err, errlen, "%s: empty", label);
		cfg->db = v;
	} else if (strcmp(flag, "demo") == 0) {
		return parse_bool(label, v, &cfg->demo, err, errlen);
	} else if (strcmp(flag, "secure-cookies") == 0) {
		return parse_bool(label, v, &cfg->secure_cookies, err, errlen);
	} else if (strcmp(flag, "trust-proxy") == 0) {
		return parse_bool(label, v, &cfg->trust_proxy, err, errlen);
	} else if (strcmp(flag, "webhook-allow-loopback") == 0) {
		return parse_bool(label, v, &cfg->webhook_allow_loopback, err, errlen);
	} else if (strcmp(flag, "smtp-port") == 0) {
		if (parse_uint(label, v, 1, 65535, &n, err, errlen))
			return 2;
		cfg->smtp_port = (unsigned)n;
	} else if (strcmp(flag, "smtp-tls") == 0) {
		if (strcmp(v, "starttls") == 0)
			cfg->smtp_tls = SMTP_TLS_STARTTLS;
		else if (strcmp(v, "none") == 0)
			cfg->smtp_tls = SMTP_TLS_NONE;
		else if (strcmp(v, "tls") == 0)
			cfg->smtp_tls = SMTP_TLS_IMPLICIT;
		else
			return fail(err, errlen, "%s: expected starttls, tls or none, got '%s'", label, v);
	} else if (strcmp(flag, "base-url") == 0) {
		if (strncmp(v, "http://", 7) != 0 && strncmp(v, "https://", 8) != 0)
			return fail(err, errlen, "%s: expected an http:// or https:// URL, got '%s'", label, v);
		cfg->base_url = v;
	} else if (string_field(cfg, flag) != NULL) {
		*string_field(cfg, flag) = v[0] ? v : NULL;
	} else if (strcmp(flag, "data") == 0) {
		cfg->data = v;
	} else if (strcmp(flag, "threads") == 0) {
		if (parse_uint(label, v, 0, 1024, &n, err, errlen))
			return 2;
		cfg->threads = (unsigned)n;
	} else if (strcmp(flag, "workers") == 0) {
		if (parse_uint(label, v, 0, 16, &n, err, errlen))
			return 2;
		cfg->workers = (unsigned)n;
	} else if (strcmp(flag, "log-format") == 0) {
		if (!log_parse_format(v, &cfg->log_format))
			return fail(err, errlen, "%s: expected text or json, got '%s'", label, v);
	} else if (strcmp(flag, "share") == 0) {
		cfg->share = v;
	} else if (strcmp(flag, "max-form") == 0) {
		if (parse_uint(label, v, 1024, 1024 * 1024 * 1024, &n, err, errlen))
			return 2;
		cfg->max_form = (size_t)n;
	} else if (strcmp(flag, "max-upload") == 0) {
		if (parse_uint(label, v, 1024, 1024 * 1024 * 1024, &n, err, errlen))
			return 2;
		cfg->max_upload = (size_t)n;
	} else if (strcmp(flag, "page-cache") == 0) {
		if (parse_uint(label, v, 0, 1024, &n, err, errlen))
			return 2;
		cfg->page_cache_mb = (unsigned)n;
	} else if (strcmp(flag, "max-connections") == 0) {
		if (parse_uint(label, v, 16, 1000000, &n, err, errlen))
			return 2;
		cfg->max_connections = (unsigned)n;
	} else if (strcmp(flag, "stream-ping") == 0) {
		if (parse_uint(label, v, 1, 300, &n, err, errlen))
			return 2;
		cfg->stream_ping = (unsigned)n;
	} else if (strcmp(flag, "uploads") == 0) {
		if (v[0] == '\0')
			return fail(err, errlen, "%s: empty", label);
		cfg->uploads = v;
	} else if (strcmp(flag, "keys") == 0) {
		if (v[0] == '\0')
			return fail(err, errlen, "%s: empty", label);
		cfg->keys = v;
	}
	return 0;
}

/* TERBUKA_LOG_FORMAT for "log-format". */
static void env_name(const char *flag, char *out, size_t n)
{
	size_t i = 0;
	int w = snprintf(out, n, "TERBUKA_");
	for (i = (size_t)w; *flag != '\0' && i + 1 < n; flag++, i++)
		out[i] = *flag == '-' ? '_' : (char)(*flag >= 'a' && *flag <= 'z' ? *flag - 32 : *flag);
	out[i] = '\0';
}

static void defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->command = CMD_SERVE;
	snprintf(cfg->host, sizeof(cfg->host), "127.0.0.1");
	cfg->port = 8080;
	cfg->db = "var/terbuka.db";
	cfg->share = ".";
	cfg->log_format = LOG_TEXT;
	cfg->max_form = 1024 * 1024;
	cfg->max_upload = 10 * 1024 * 1024;
	cfg->uploads = "var/uploads";
	cfg->keys = "var/keys";
	cfg->page_cache_mb = 16;
	cfg->max_connections = 16000;
	cfg->stream_ping = 15;
	cfg->workers = 1;
	cfg->mail_from = "terbuka@localhost";
}

/* Values that depend on others once everything is read. */
static void settle(struct config *cfg)
{
	if (cfg->smtp_port == 0)
		cfg->smtp_port = cfg->smtp_tls == SMTP_TLS_IMPLICIT ? 465 : 587;
	if (cfg->base_url == NULL) {
		snprintf(cfg->base_url_buf, sizeof(cfg->base_url_buf), "http://%s:%u", cfg->host,
		         cfg->port);
		cfg->base_url = cfg->base_url_buf;
	}
}

static const struct opt *find_opt(const char *name, size_t n)
{
	for (size_t i = 0; i < NOPTS; i++) {
		if (strlen(opts[i].flag) == n && memcmp(opts[i].flag, name, n) == 0)
			return &opts[i];
	}
	return NULL;
}

int config_parse(int argc, char **argv, struct config *cfg, char *err, size_t errlen)
{
	defaults(cfg);
	for (size_t i = 0; i < NOPTS; i++) {
		char name[64];
		env_name(opts[i].flag, name, sizeof(name));
		const char *v = opts[i].cli_only ? NULL : getenv(name);
		if (v != NULL && apply(cfg, opts[i].flag, name, v, err, errlen))
			return 2;
	}

	int i = 1;
	if (i < argc && argv[i][0] != '-') {
		const char *c = argv[i++];
		if (strcmp(c, "serve") == 0)
			cfg->command = CMD_SERVE;
		else if (strcmp(c, "migrate") == 0)
			cfg->command = CMD_MIGRATE;
		else if (strcmp(c, "demo") == 0)
			cfg->command = CMD_DEMO;
		else if (strcmp(c, "verify") == 0)
			cfg->command = CMD_VERIFY;
		else if (strcmp(c, "routes") == 0)
			cfg->command = CMD_ROUTES;
		else if (strcmp(c, "help") == 0)
			cfg->command = CMD_HELP;
		else if (strcmp(c, "user") == 0 || strcmp(c, "mail") == 0 || strcmp(c, "search") == 0 ||
		         strcmp(c, "kip") == 0 || strcmp(c, "ledger") == 0) {
			const char *sub = i < argc ? argv[i] : "";
			if (strcmp(c, "user") == 0 && strcmp(sub, "add") == 0)
				cfg->command = CMD_USER_ADD;
			else if (strcmp(c, "mail") == 0 && strcmp(sub, "test") == 0)
				cfg->command = CMD_MAIL_TEST;
			else if (strcmp(c, "search") == 0 && strcmp(sub, "reindex") == 0)
				cfg->command = CMD_SEARCH_REINDEX;
			else if (strcmp(c, "kip") == 0 && strcmp(sub, "tenggat") == 0)
				cfg->command = CMD_KIP_DEADLINES;
			else if (strcmp(c, "ledger") == 0 && strcmp(sub, "seal") == 0)
				cfg->command = CMD_LEDGER_SEAL;
			else
				return fail(err, errlen, "unknown command '%s %s' (try terbuka --help)", c, sub);
			i++;
		} else
			return fail(err, errlen, "unknown command '%s' (try terbuka --help)", c);
	}
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			cfg->command = CMD_HELP;
			return 0;
		}
		if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
			cfg->command = CMD_VERSION;
			return 0;
		}
		if (strncmp(a, "--", 2) != 0)
			return fail(err, errlen, "unexpected argument '%s' (try terbuka --help)", a);
		const char *name = a + 2;
		const char *eq = strchr(name, '=');
		size_t n = eq ? (size_t)(eq - name) : strlen(name);
		const struct opt *o = find_opt(name, n);
		if (o == NULL)
			return fail(err, errlen, "unknown option '%s' (try terbuka --help)", a);
		const char *v;
		if (o->kind == OPT_BOOL) {
			if (eq != NULL)
				return fail(err, errlen, "option '%s' takes no value", a);
			v = "1";
		} else if (eq != NULL) {
			v = eq + 1;
		} else if (i + 1 < argc) {
			v = argv[++i];
		} else {
			return fail(err, errlen, "option '%s' needs a value", a);
		}
		char label[64];
		snprintf(label, sizeof(label), "--%s", o->flag);
		if (apply(cfg, o->flag, label, v, err, errlen))
			return 2;
	}
	settle(cfg);
	return 0;
}
