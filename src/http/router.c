/*
 * router.c - route matching (see router.h). A linear scan over a table of a
 * few dozen routes, comparing segment by segment, is faster than building
 * anything cleverer and easy to read.
 */
#include "http/router.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/str.h"

#define MAX_SLUG 100

static bool is_slug(str s)
{
	if (s.n == 0 || s.n > MAX_SLUG)
		return false;
	for (size_t i = 0; i < s.n; i++) {
		char c = s.p[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return false;
	}
	return true;
}

/* Next segment of p (which points just after a '/'), advancing *pos. */
static str next_segment(const char *p, size_t n, size_t *pos)
{
	size_t start = *pos;
	size_t i = start;
	while (i < n && p[i] != '/')
		i++;
	*pos = i < n ? i + 1 : i + 1; /* skip the '/', or step past the end */
	return (str){ p + start, i - start };
}

static int add_param(arena *a, http_params *ps, str name, str value)
{
	char *k = arena_strndup(a, name.p, name.n);
	char *v = arena_strndup(a, value.p, value.n);
	if (k == NULL || v == NULL)
		return -1;
	return http_params_add(a, ps, k, v, value.n) == PARSE_OK ? 0 : -1;
}

/* Matches one value segment against one pattern segment. 1 = match,
 * 0 = no match, -1 = out of memory. */
static int match_segment(arena *a, str pat, str val, http_params *ps)
{
	if (pat.n == 0 || pat.p[0] != ':')
		return str_eq(pat, val);
	str name = { pat.p + 1, pat.n - 1 };
	bool id_slug = str_eq_c(name, "id-slug");
	if (id_slug || str_eq_c(name, "id")) {
		size_t digits = 0;
		while (digits < val.n && val.p[digits] >= '0' && val.p[digits] <= '9')
			digits++;
		int64_t id;
		if (!str_to_i64((str){ val.p, digits }, false, &id) || id <= 0 || val.p[0] == '0')
			return 0;
		str tail = { val.p + digits, val.n - digits };
		if (tail.n > 0) {
			if (!id_slug || tail.p[0] != '-')
				return 0;
			tail.p++;
			tail.n--;
			if (!is_slug(tail))
				return 0;
		}
		if (add_param(a, ps, STR("id"), (str){ val.p, digits }))
			return -1;
		if (id_slug && tail.n > 0 && add_param(a, ps, STR("slug"), tail))
			return -1;
		return 1;
	}
	if (!is_slug(val))
		return 0;
	return add_param(a, ps, name, val) ? -1 : 1;
}

/* 1 when path matches pattern (params filled), 0 when not, -1 on OOM. */
static int match_path(arena *a, const char *pattern, const char *path, http_params *ps)
{
	size_t pn = strlen(pattern), vn = strlen(path);
	size_t pp = 1, vp = 1;
	if (pn == 1 || vn == 1) /* "/" matches only "/" */
		return pn == vn;
	ps->n = 0;
	while (pp <= pn && vp <= vn) {
		if (pattern[pp] == '*' && pp + 1 == pn) { /* a final "*": the rest, at least one byte */
			if (vp >= vn)
				return 0;
			return add_param(a, ps, STR("rest"), (str){ path + vp, vn - vp }) ? -1 : 1;
		}
		str ps_seg = next_segment(pattern, pn, &pp);
		str vs_seg = next_segment(path, vn, &vp);
		int r = match_segment(a, ps_seg, vs_seg, ps);
		if (r != 1)
			return r;
	}
	return pp > pn && vp > vn;
}

int router_match(const struct route *routes, size_t n, arena *a, const char *method,
                 const char *path, struct route_match *m)
{
	const char *want = strcmp(method, "HEAD") == 0 ? "GET" : method;
	char allow[128] = "";
	size_t allow_len = 0;
	memset(m, 0, sizeof(*m));
	for (size_t i = 0; i < n; i++) {
		http_params ps = { 0 };
		int r = match_path(a, routes[i].pattern, path, &ps);
		if (r < 0)
			return ROUTER_NOMEM;
		if (r == 0)
			continue;
		if (strcmp(routes[i].method, want) == 0) {
			m->route = &routes[i];
			m->params = ps;
			return ROUTER_FOUND;
		}
		const char *meth = routes[i].method;
		const char *sep = allow_len ? ", " : "";
		int w = snprintf(allow + allow_len, sizeof(allow) - allow_len, "%s%s%s", sep, meth,
		                 strcmp(meth, "GET") == 0 ? ", HEAD" : "");
		if (w > 0 && (size_t)w < sizeof(allow) - allow_len)
			allow_len += (size_t)w;
	}
	if (allow_len == 0)
		return ROUTER_NOT_FOUND;
	m->allow = arena_strdup(a, allow);
	return m->allow ? ROUTER_METHOD_NOT_ALLOWED : ROUTER_NOMEM;
}

int router_check(const struct route *routes, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *p = routes[i].pattern;
		if (p == NULL || p[0] != '/' || routes[i].method == NULL || routes[i].name == NULL ||
		    routes[i].handler == NULL)
			return (int)i;
		for (size_t j = 0; j < i; j++) {
			if (strcmp(routes[j].pattern, p) == 0 &&
			    strcmp(routes[j].method, routes[i].method) == 0)
				return (int)i;
		}
	}
	return -1;
}
