/*
 * parse.c - percent-decoding, query strings and cookies (see parse.h).
 */
#include "http/parse.h"

#include <string.h>
#include <strings.h>

#include "core/str.h"

int http_params_add(arena *a, http_params *p, const char *name, const char *value, size_t len)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 8;
		http_param *v = arena_calloc(a, cap, sizeof(*v));
		if (v == NULL)
			return PARSE_NOMEM;
		if (p->n > 0)
			memcpy(v, p->v, p->n * sizeof(*v));
		p->v = v;
		p->cap = cap;
	}
	p->v[p->n++] = (http_param){ .name = name, .value = value, .len = len };
	return PARSE_OK;
}

http_param *http_params_find(const http_params *p, const char *name)
{
	for (size_t i = 0; i < p->n; i++) {
		if (strcmp(p->v[i].name, name) == 0)
			return &p->v[i];
	}
	return NULL;
}

const char *http_params_get(const http_params *p, const char *name)
{
	http_param *f = http_params_find(p, name);
	return f ? f->value : NULL;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int http_percent_decode(arena *a, const char *s, size_t n, bool plus_space,
                        char **out, size_t *outlen)
{
	char *d = arena_alloc(a, n + 1); /* decoding never grows the text */
	if (d == NULL)
		return PARSE_NOMEM;
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '%') {
			int hi, lo;
			if (n - i < 3 || (hi = hexval(s[i + 1])) < 0 || (lo = hexval(s[i + 2])) < 0)
				return PARSE_BAD;
			c = (char)(hi * 16 + lo);
			i += 2;
		} else if (c == '+' && plus_space) {
			c = ' ';
		}
		d[j++] = c;
	}
	d[j] = '\0';
	if (!utf8_valid(d, j))
		return PARSE_BAD;
	*out = d;
	if (outlen != NULL)
		*outlen = j;
	return PARSE_OK;
}

int http_path_decode(arena *a, const char *s, size_t n, size_t max_len,
                     char **out, size_t *outlen)
{
	if (n == 0 || s[0] != '/' || n > max_len)
		return PARSE_BAD;
	for (size_t i = 0; i + 2 < n; i++) {
		if (s[i] == '%' && s[i + 1] == '2' && (s[i + 2] == 'f' || s[i + 2] == 'F'))
			return PARSE_BAD;
	}
	int rc = http_percent_decode(a, s, n, false, out, outlen);
	if (rc != PARSE_OK)
		return rc;
	for (const char *p = *out; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return PARSE_BAD; /* control characters have no place in a path */
	}
	return PARSE_OK;
}

int http_parse_query(arena *a, const char *s, size_t n, size_t max_fields, http_params *out)
{
	size_t i = 0;
	while (i < n) {
		size_t end = i;
		while (end < n && s[end] != '&')
			end++;
		if (end > i) {
			size_t eq = i;
			while (eq < end && s[eq] != '=')
				eq++;
			char *name, *value;
			size_t vlen;
			int rc;
			if (out->n >= max_fields)
				return PARSE_TOO_MANY;
			rc = http_percent_decode(a, s + i, eq - i, true, &name, NULL);
			if (rc != PARSE_OK)
				return rc;
			if (eq < end)
				rc = http_percent_decode(a, s + eq + 1, end - eq - 1, true, &value, &vlen);
			else
				rc = http_percent_decode(a, "", 0, true, &value, &vlen);
			if (rc != PARSE_OK)
				return rc;
			rc = http_params_add(a, out, name, value, vlen);
			if (rc != PARSE_OK)
				return rc;
		}
		i = end + 1;
	}
	return PARSE_OK;
}

/* RFC 6265 cookie-name is a token. */
static bool token_char(unsigned char c)
{
	return c > 0x20 && c < 0x7f && strchr("()<>@,;:\\\"/[]?={}", c) == NULL;
}

/* RFC 6265 cookie-octet, plus the space browsers tolerate inside values
 * (leading and trailing spaces were trimmed before). */
static bool cookie_octet(unsigned char c)
{
	return c == 0x20 || c == 0x21 || (c >= 0x23 && c <= 0x2B) || (c >= 0x2D && c <= 0x3A) ||
	       (c >= 0x3C && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
}

/* Parses the parameters after ';' up to end and says whether q > 0
 * (a missing q is 1). q is at most "1.000" by RFC 9110 12.4.2. */
static bool q_positive(const char *p, const char *end)
{
	while (p < end) {
		while (p < end && (*p == ' ' || *p == '\t' || *p == ';'))
			p++;
		if (end - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
			p += 2;
			bool nonzero = false;
			for (; p < end && *p != ';' && *p != ' '; p++) {
				if (*p >= '1' && *p <= '9')
					nonzero = true;
				else if (*p != '0' && *p != '.')
					return false; /* malformed: do not assume acceptance */
			}
			return nonzero;
		}
		while (p < end && *p != ';')
			p++;
	}
	return true;
}

int http_parse_cookies(arena *a, const char *s, size_t n, size_t max_fields, http_params *out)
{
	size_t i = 0;
	while (i < n) {
		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == ';'))
			i++;
		size_t name_start = i;
		while (i < n && s[i] != '=' && s[i] != ';')
			i++;
		size_t name_end = i;
		if (i >= n || s[i] != '=') /* "name" without a value: skip */
			continue;
		i++;
		size_t vstart = i;
		while (i < n && s[i] != ';')
			i++;
		size_t vend = i;
		while (vend > vstart && (s[vend - 1] == ' ' || s[vend - 1] == '\t'))
			vend--;
		if (vend - vstart >= 2 && s[vstart] == '"' && s[vend - 1] == '"') {
			vstart++;
			vend--;
		}
		bool ok = name_end > name_start;
		for (size_t k = name_start; ok && k < name_end; k++)
			ok = token_char((unsigned char)s[k]);
		for (size_t k = vstart; ok && k < vend; k++)
			ok = cookie_octet((unsigned char)s[k]);
		if (!ok)
			continue;
		if (out->n >= max_fields)
			return PARSE_TOO_MANY;
		char *name = arena_strndup(a, s + name_start, name_end - name_start);
		char *value = arena_strndup(a, s + vstart, vend - vstart);
		if (name == NULL || value == NULL)
			return PARSE_NOMEM;
		int rc = http_params_add(a, out, name, value, vend - vstart);
		if (rc != PARSE_OK)
			return rc;
	}
	return PARSE_OK;
}

bool http_accepts_coding(const char *header, const char *coding)
{
	size_t cn = strlen(coding);
	const char *p = header;
	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		const char *end = p + strcspn(p, ",");
		const char *semi = memchr(p, ';', (size_t)(end - p));
		const char *tok_end = semi ? semi : end;
		while (tok_end > p && (tok_end[-1] == ' ' || tok_end[-1] == '\t'))
			tok_end--;
		if ((size_t)(tok_end - p) == cn && strncasecmp(p, coding, cn) == 0)
			return semi == NULL || q_positive(semi + 1, end);
		p = end;
	}
	return false;
}

static size_t encode_into(char *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			out[j++] = (char)c;
		} else {
			out[j++] = '%';
			out[j++] = hex[c >> 4];
			out[j++] = hex[c & 15];
		}
	}
	return j;
}

char *http_percent_encode(arena *a, const char *s)
{
	size_t n = s ? strlen(s) : 0, size;
	if (__builtin_mul_overflow(n, 3, &size) || __builtin_add_overflow(size, 1, &size))
		return NULL;
	char *out = arena_alloc(a, size);
	if (out != NULL)
		out[encode_into(out, s ? s : "", n)] = '\0';
	return out;
}

char *http_query_encode(arena *a, const http_params *p)
{
	size_t total = 1, n;
	for (size_t i = 0; i < p->n; i++) {
		/* each byte may become three, plus '=' and '&' */
		if (__builtin_mul_overflow(strlen(p->v[i].name) + p->v[i].len, 3, &n) ||
		    __builtin_add_overflow(total, n + 2, &total))
			return NULL;
	}
	char *out = arena_alloc(a, total);
	if (out == NULL)
		return NULL;
	size_t j = 0;
	for (size_t i = 0; i < p->n; i++) {
		if (i > 0)
			out[j++] = '&';
		j += encode_into(out + j, p->v[i].name, strlen(p->v[i].name));
		out[j++] = '=';
		j += encode_into(out + j, p->v[i].value, p->v[i].len);
	}
	out[j] = '\0';
	return out;
}
