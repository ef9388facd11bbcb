/*
 * locale.c - interface string catalogue (see locale.h).
 */
#include "view/locale.h"

#include "core/buf.h"

#include <stdio.h>
#include <string.h>

static json_t *root;

int locale_load(const char *path, char *err, size_t errlen)
{
	json_error_t e;
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &e);
	if (root == NULL) {
		if (e.line > 0)
			snprintf(err, errlen, "%s:%d: %s", path, e.line, e.text);
		else
			snprintf(err, errlen, "%s", e.text); /* jansson names the file */
		return -1;
	}
	if (!json_is_object(root)) {
		snprintf(err, errlen, "%s:1: the catalogue must be a JSON object", path);
		json_decref(root);
		root = NULL;
		return -1;
	}
	return 0;
}

void locale_free(void)
{
	json_decref(root);
	root = NULL;
}

json_t *locale_root(void)
{
	return root;
}

const char *locale_get(const char *key)
{
	json_t *v = root;
	const char *p = key;
	while (v != NULL && *p != '\0') {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		v = json_object_getn(v, p, n);
		p += n + (dot ? 1 : 0);
	}
	return json_is_string(v) ? json_string_value(v) : key;
}

char *locale_fill(arena *a, const char *key, const char *const *names, const char *const *values,
                  size_t n)
{
	const char *text = locale_get(key);
	buf b;
	buf_init(&b, 64 * 1024);
	while (*text != '\0') {
		const char *open = strchr(text, '{');
		const char *close = open ? strchr(open, '}') : NULL;
		if (open == NULL || close == NULL) {
			buf_puts(&b, text);
			break;
		}
		buf_append(&b, text, (size_t)(open - text));
		size_t len = (size_t)(close - open - 1), i;
		for (i = 0; i < n; i++)
			if (strlen(names[i]) == len && memcmp(names[i], open + 1, len) == 0)
				break;
		if (i < n)
			buf_puts(&b, values[i]);
		else
			buf_append(&b, open, (size_t)(close - open + 1));
		text = close + 1;
	}
	char *out = buf_failed(&b) ? NULL : arena_strndup(a, b.data ? b.data : "", b.len);
	buf_free(&b);
	return out;
}
