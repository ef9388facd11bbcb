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

/* Appends method (and HEAD after GET) to the Allow list unless it is there. */
static void add_allowed(char *allow, size_t cap, size_t *len, const char *method)
{
	const char *p = allow;
	size_t mn = strlen(method);
	while ((p = strstr(p, method)) != NULL) {
		if ((p == allow || p[-1] == ' ') && (p[mn] == ',' || p[mn] == '\0'))
			return;
		p += mn;
	}
	bool get = strcmp(method, "GET") == 0;
	size_t need = (*len ? 2 : 0) + mn + (get ? 6 : 0);
	if (*len + need + 1 > cap)
		return; /* cannot happen with HTTP's few methods; never cut one in half */
	snprintf(allow + *len, cap - *len, "%s%s%s", *len ? ", " : "", method, get ? ", HEAD" : "");
	*len += need;
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
		add_allowed(allow, sizeof(allow), &allow_len, routes[i].method);
	}
	if (allow_len == 0)
		return ROUTER_NOT_FOUND;
	m->allow = arena_strdup(a, allow);
	return m->allow ? ROUTER_METHOD_NOT_ALLOWED : ROUTER_NOMEM;
}

/* A pattern is well formed when it is "/" or "/seg/seg..." where each
 * segment is literal text of [a-z0-9-._], ":name" with name of [a-z_-],
 * or a final "*". */
static bool pattern_ok(const char *p)
{
	if (p == NULL || p[0] != '/')
		return false;
	if (p[1] == '\0')
		return true;
	size_t n = strlen(p), pos = 1;
	while (pos <= n) {
		str seg = next_segment(p, n, &pos);
		if (seg.n == 0)
			return false;
		if (seg.n == 1 && seg.p[0] == '*') {
			if (pos <= n)
				return false; /* "*" only at the end */
			continue;
		}
		bool param = seg.p[0] == ':';
		if (param && seg.n == 1)
			return false;
		for (size_t i = param ? 1 : 0; i < seg.n; i++) {
			char c = seg.p[i];
			bool ok = (c >= 'a' && c <= 'z') || c == '-' || c == '_' ||
			          (!param && ((c >= '0' && c <= '9') || c == '.'));
			if (!ok)
				return false;
		}
	}
	return true;
}

/* Two patterns that would match the same paths: equal segment by segment,
 * counting any two slug parameters (or any two id parameters) as equal. */
static bool same_shape(const char *a, const char *b)
{
	size_t an = strlen(a), bn = strlen(b), ap = 1, bp = 1;
	if (an == 1 || bn == 1)
		return an == bn;
	while (ap <= an && bp <= bn) {
		str sa = next_segment(a, an, &ap), sb = next_segment(b, bn, &bp);
		bool pa = sa.n > 0 && sa.p[0] == ':', pb = sb.n > 0 && sb.p[0] == ':';
		if (pa && pb) {
			bool ida = str_has_prefix((str){ sa.p + 1, sa.n - 1 }, "id");
			bool idb = str_has_prefix((str){ sb.p + 1, sb.n - 1 }, "id");
			if (ida != idb)
				return false;
		} else if (!str_eq(sa, sb)) {
			return false;
		}
	}
	return ap > an && bp > bn;
}

int router_check(const struct route *routes, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct route *r = &routes[i];
		if (!pattern_ok(r->pattern) || r->method == NULL || r->name == NULL ||
		    r->handler == NULL)
			return (int)i;
		for (size_t j = 0; j < i; j++) {
			if (strcmp(routes[j].method, r->method) == 0 &&
			    same_shape(routes[j].pattern, r->pattern))
				return (int)i;
		}
	}
	return -1;
}
