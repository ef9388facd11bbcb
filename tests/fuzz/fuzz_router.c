/*
 * fuzz_router.c - fuzzes router_match and router_check (src/http/router.c).
 *
 * Input: the first byte picks the method (GET, HEAD, POST, PUT), the rest
 * up to a NUL is a decoded path matched against a table shaped like the
 * app's. A match is checked by rebuilding the path from the pattern and
 * the typed parameters; "not found" must not depend on the method; a 405
 * names methods that do match. Then the rest, split at newlines (at most
 * 16 lines), is a table of patterns for router_check, whose answer must be
 * consistent with checking the table's prefixes; a table it accepts is
 * matched against each line and a few fixed paths.
 */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "fuzz.h"
#include "http/router.h"

#define MAX_LINES 16

static void handler(void)
{
}

#define R(method, pattern, name) { method, pattern, name, handler, NULL, 0, 0, 0, 0 }
static const struct route table[] = {
	R("GET", "/", "home"),
	R("GET", "/dinas", "agencies"),
	R("GET", "/dinas/:slug", "agency"),
	R("GET", "/pertanyaan/:id-slug", "question"),
	R("GET", "/program/:id", "program"),
	R("GET", "/tanya", "ask_form"),
	R("POST", "/tanya", "ask"),
	R("GET", "/static/*", "static"),
};
#define NTABLE (sizeof(table) / sizeof(table[0]))

static const char *const methods[] = { "GET", "HEAD", "POST", "PUT" };

static bool is_slug(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 100)
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == n;
}

static bool is_id(const char *s)
{
	size_t n = strlen(s);
	return n > 0 && n <= 19 && s[0] != '0' && strspn(s, "0123456789") == n &&
	       (n < 19 || strcmp(s, "9223372036854775807") <= 0);
}

/* Rebuilds the path a match stands for from its pattern and parameters. */
static void rebuild(const struct route_match *m, buf *out)
{
	const char *p = m->route->pattern;
	if (strcmp(p, "/") == 0) {
		buf_puts(out, "/");
		return;
	}
	while (*p == '/') {
		const char *seg = ++p;
		size_t n = strcspn(seg, "/");
		char name[64];
		p += n;
		buf_putc(out, '/');
		if (n == 1 && seg[0] == '*') {
			const char *rest = http_params_get(&m->params, "rest");
			CHECK(rest != NULL && rest[0] != '\0');
			buf_puts(out, rest);
		} else if (seg[0] == ':') {
			CHECK(n - 1 < sizeof(name));
			memcpy(name, seg + 1, n - 1);
			name[n - 1] = '\0';
			bool id_slug = strcmp(name, "id-slug") == 0;
			const char *v = http_params_get(&m->params, id_slug ? "id" : name);
			CHECK(v != NULL);
			if (id_slug || strcmp(name, "id") == 0)
				CHECK(is_id(v));
			else
				CHECK(is_slug(v));
			buf_puts(out, v);
			const char *tail = id_slug ? http_params_get(&m->params, "slug") : NULL;
			if (tail != NULL) {
				CHECK(is_slug(tail));
				buf_putc(out, '-');
				buf_puts(out, tail);
			}
		} else {
			buf_append(out, seg, n);
		}
	}
}

static void match_fixed(const char *method, const char *path)
{
	arena *a = arena_new(1u << 20);
	struct route_match m;
	CHECK(a != NULL);
	int rc = router_match(table, NTABLE, a, method, path, &m);
	if (rc == ROUTER_FOUND) {
		const char *want = strcmp(method, "HEAD") == 0 ? "GET" : method;
		CHECK(strcmp(m.route->method, want) == 0);
		buf b;
		buf_init(&b, 1u << 20);
		rebuild(&m, &b);
		CHECK(!buf_failed(&b) && strcmp(b.data, path) == 0);
		buf_free(&b);
	} else if (rc == ROUTER_METHOD_NOT_ALLOWED) {
		CHECK(m.allow != NULL && m.allow[0] != '\0');
		bool some = false;
		for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
			struct route_match m2;
			if (router_match(table, NTABLE, a, methods[i], path, &m2) == ROUTER_FOUND) {
				some = true;
				CHECK(strstr(m.allow, methods[i]) != NULL);
			}
		}
		CHECK(some);
	} else {
		CHECK(rc == ROUTER_NOT_FOUND);
		for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
			struct route_match m2;
			CHECK(router_match(table, NTABLE, a, methods[i], path, &m2) == ROUTER_NOT_FOUND);
		}
	}
	arena_free(a);
}

static void check_table(const char *text)
{
	struct route routes[MAX_LINES];
	char *lines[MAX_LINES];
	size_t n = 0;
	const char *p = text;
	while (n < MAX_LINES) {
		size_t len = strcspn(p, "\n");
		lines[n] = fuzz_copy(p, len);
		CHECK(lines[n] != NULL);
		routes[n] = (struct route){ n % 3 == 2 ? "POST" : "GET", lines[n], "r", handler, NULL, 0, 0, 0, 0 };
		n++;
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	int bad = router_check(routes, n);
	CHECK(bad >= -1 && bad < (int)n);
	if (bad >= 0) {
		CHECK(router_check(routes, (size_t)bad) == -1);
	} else {
		arena *a = arena_new(1u << 20);
		CHECK(a != NULL);
		static const char *const paths[] = { "/", "/a", "/a/b", "/dinas/x", "/1", "/a/1-b" };
		for (size_t i = 0; i < n + sizeof(paths) / sizeof(paths[0]); i++) {
			struct route_match m;
			const char *path = i < n ? lines[i] : paths[i - n];
			CHECK(path[0] == '/');
			int rc = router_match(routes, n, a, "GET", path, &m);
			CHECK(rc == ROUTER_FOUND || rc == ROUTER_NOT_FOUND ||
			      rc == ROUTER_METHOD_NOT_ALLOWED);
		}
		arena_free(a);
	}
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	const char *method = methods[data[0] % 4];
	char *path = fuzz_copy((const char *)data + 1, size - 1);
	CHECK(path != NULL);
	if (path[0] == '/') /* the server only routes decoded paths, which start so */
		match_fixed(method, path);
	check_table(path);
	free(path);
	return 0;
}
