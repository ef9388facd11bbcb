/*
 * template.c - parse-once mustache-subset templates over jansson models.
 *
 * Each template is parsed at load into a flat array of nodes; a section
 * node records the index just past its body, so rendering is a walk over
 * the array with no re-parsing. Names are pre-split into NUL-separated keys
 * for json_object_get, and partials are resolved to template pointers once
 * every template is loaded. Tags alone on a line (sections, comments,
 * partials) take the whole line with them, as in mustache (partials are not
 * re-indented).
 */
#include "view/template.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/str.h"

#define MAX_FILE (1024 * 1024)	/* bytes per template file */
#define MAX_NEST 64		/* open sections inside one template */
#define MAX_DEPTH 32		/* partials inside partials at render time */
#define MAX_DIR_DEPTH 16	/* subdirectories under the template root */

struct tpl;

enum kind { N_TEXT, N_VAR, N_RAW, N_SECTION, N_INVERTED, N_PARTIAL, N_CONTENT };

struct node {
	enum kind kind;
	size_t line;
	const char *text;	/* N_TEXT: points into tpl->src */
	char *name;		/* tags: "a.b", then the keys "a\0b\0" */
	size_t len;		/* of text or name */
	const char *key;	/* first key; NULL for "." */
	size_t nseg;		/* number of keys; 0 for "." */
	size_t end;		/* sections: index just past the body */
	const struct tpl *partial;
};

struct tpl {
	char *name;
	char *path;		/* for error messages */
	char *src;
	size_t srclen;
	struct node *nodes;
	size_t n, cap;
};

struct tpl_set {
	struct tpl *t;		/* sorted by name once loaded */
	size_t n, cap;
	char *err;		/* only while loading */
	size_t errlen;
};

/* Writes "path:line: message" (or "path: message") to the load error. */
__attribute__((format(printf, 4, 5)))
static bool fail(const tpl_set *set, const char *path, size_t line, const char *fmt, ...)
{
	size_t len = set->errlen;
	int n;
	if (set->err == NULL || len == 0)
		return false;
	if (line > 0)
		n = snprintf(set->err, len, "%s:%zu: ", path, line);
	else
		n = snprintf(set->err, len, "%s: ", path);
	if (n >= 0 && (size_t)n < len) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(set->err + n, len - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return false;
}

/* The array arr of *cap elements of size bytes, grown (if need be) to hold
 * element n; NULL on overflow or out of memory, arr is then untouched. */
static void *grow(void *arr, size_t *cap, size_t n, size_t size)
{
	size_t c, bytes;
	if (n < *cap)
		return arr;
	if (__builtin_mul_overflow(*cap ? *cap : 8, 2, &c) ||
	    __builtin_mul_overflow(c, size, &bytes))
		return NULL;
	void *p = realloc(arr, bytes);
	if (p != NULL)
		*cap = c;
	return p;
}

/* ---- parsing ---- */

struct parser {
	const tpl_set *set;
	struct tpl *t;
	size_t line, lpos;	/* line number of the byte at lpos */
	size_t open[MAX_NEST];	/* node indexes of the open sections */
	size_t nopen;
};

/* Index of the first pat[0..plen) at or after from in s[0..n), or SIZE_MAX. */
static size_t find(const char *s, size_t n, size_t from, const char *pat, size_t plen)
{
	while (from <= n && n - from >= plen) {
		const char *q = memchr(s + from, pat[0], n - from - plen + 1);
		if (q == NULL)
			break;
		if (memcmp(q, pat, plen) == 0)
			return (size_t)(q - s);
		from = (size_t)(q - s) + 1;
	}
	return SIZE_MAX;
}

static size_t line_at(struct parser *p, size_t pos)
{
	for (; p->lpos < pos; p->lpos++) {
		if (p->t->src[p->lpos] == '\n')
			p->line++;
	}
	return p->line;
}

static struct node *push(struct parser *p, enum kind kind, size_t line)
{
	struct tpl *t = p->t;
	struct node *nodes = grow(t->nodes, &t->cap, t->n, sizeof(*nodes));
	if (nodes == NULL) {
		fail(p->set, t->path, line, "out of memory");
		return NULL;
	}
	t->nodes = nodes;
	struct node *nd = &t->nodes[t->n++];
	*nd = (struct node){ .kind = kind, .line = line };
	return nd;
}

static bool add_text(struct parser *p, size_t from, size_t to)
{
	if (to <= from)
		return true;
	struct node *nd = push(p, N_TEXT, 0);
	if (nd == NULL)
		return false;
	nd->text = p->t->src + from;
	nd->len = to - from;
	return true;
}

/* Stores the name and its split keys in one allocation. */
static bool set_name(struct parser *p, struct node *nd, const char *s, size_t n)
{
	size_t size;
	char *m = NULL;
	if (!__builtin_mul_overflow(n, 2, &size) && !__builtin_add_overflow(size, 2, &size))
		m = malloc(size);
	if (m == NULL)
		return fail(p->set, p->t->path, nd->line, "out of memory");
	memcpy(m, s, n);
	m[n] = '\0';
	nd->name = m;
	nd->len = n;
	if (n == 1 && s[0] == '.')
		return true;
	char *k = m + n + 1;
	memcpy(k, s, n);
	k[n] = '\0';
	nd->key = k;
	nd->nseg = 1;
	for (size_t i = 0; i < n; i++) {
		if (k[i] == '.') {
			k[i] = '\0';
			nd->nseg++;
		}
	}
	return true;
}

/* NULL when s[0..n) is a good name, else what is wrong with it. Partial
 * names may hold '/' and are not split at dots. */
static const char *check_name(const char *s, size_t n, bool partial)
{
	if (n == 0)
		return "empty tag name";
	if (n == 1 && s[0] == '.' && !partial)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') &&
		    !(c >= '0' && c <= '9') && c != '_' && c != '-' && c != '.' &&
		    !(partial && c == '/'))
			return "bad character in tag name";
		if (c == '.' && !partial && (i == 0 || i == n - 1 || s[i + 1] == '.'))
			return "empty segment in dotted name";
	}
	return NULL;
}

/* Widens [*left, *right) to the whole line when the tag is alone on it;
 * text is where the current run of text began. */
static void standalone(const char *s, size_t n, size_t text, size_t *left, size_t *right)
{
	size_t l = *left, r = *right;
	while (l > text && (s[l - 1] == ' ' || s[l - 1] == '\t'))
		l--;
	if (l > 0 && s[l - 1] != '\n')
		return;
	while (r < n && (s[r] == ' ' || s[r] == '\t'))
		r++;
	if (r + 1 < n && s[r] == '\r' && s[r + 1] == '\n')
		r++;
	if (r < n && s[r++] != '\n')
		return;
	*left = l;
	*right = r;
}

/* Adds the tag named s[0..n); sigil follows "{{", '\0' for a variable. */
static bool add_tag(struct parser *p, char sigil, const char *s, size_t n, size_t line)
{
	struct tpl *t = p->t;
	struct node *nd;
	size_t i;

	switch (sigil) {
	case '/':
		if (p->nopen == 0)
			return fail(p->set, t->path, line, "unexpected {{/%.*s}}", (int)n, s);
		nd = &t->nodes[p->open[--p->nopen]];
		if (nd->len != n || memcmp(nd->name, s, n) != 0)
			return fail(p->set, t->path, line,
				    "mismatched {{/%.*s}}, expected {{/%s}} (opened on line %zu)",
				    (int)n, s, nd->name, nd->line);
		nd->end = t->n;
		return true;
	case '#':
	case '^':
		if (p->nopen == MAX_NEST)
			return fail(p->set, t->path, line, "sections nested too deeply");
		nd = push(p, sigil == '#' ? N_SECTION : N_INVERTED, line);
		if (nd == NULL)
			return false;
		p->open[p->nopen++] = t->n - 1;
		return set_name(p, nd, s, n);
	case '>':
		if (n == 7 && memcmp(s, "content", 7) == 0)
			return push(p, N_CONTENT, line) != NULL;
		nd = push(p, N_PARTIAL, line);
		return nd != NULL && set_name(p, nd, s, n);
	case '{':
		for (i = n; i > 0 && s[i - 1] != '.'; i--)
			;
		/* _html: the markdown renderer's output; _svg: chart_svg's */
		if (!str_has_suffix((str){ s + i, n - i }, "_html") &&
		    !str_has_suffix((str){ s + i, n - i }, "_svg"))
			return fail(p->set, t->path, line,
				    "raw tag {{{%.*s}}} is allowed only for names ending in _html or _svg",
				    (int)n, s);
		/* fall through */
	default:
		nd = push(p, sigil == '{' ? N_RAW : N_VAR, line);
		return nd != NULL && set_name(p, nd, s, n);
	}
}

static bool parse(const tpl_set *set, struct tpl *t)
{
	struct parser p = { .set = set, .t = t, .line = 1 };
	const char *s = t->src;
	size_t n = t->srclen, text = 0, open;

	while ((open = find(s, n, text, "{{", 2)) != SIZE_MAX) {
		size_t line = line_at(&p, open);
		size_t inner = open + 2;
		char sigil = inner < n ? s[inner] : '\0';
		if (sigil != '\0' && strchr("{#^/>!&=", sigil) != NULL)
			inner++;
		else
			sigil = '\0';
		bool triple = sigil == '{';
		size_t close = find(s, n, inner, "}}}", triple ? 3 : 2);
		if (close == SIZE_MAX)
			return fail(set, t->path, line, "unclosed tag");
		if (sigil == '&')
			return fail(set, t->path, line,
				    "{{& name}} is not supported; use {{{name_html}}}");
		if (sigil == '=')
			return fail(set, t->path, line, "delimiter changes are not supported");
		size_t end = close + (triple ? 3 : 2), left = open, right = end;
		if (sigil != '\0' && sigil != '{')
			standalone(s, n, text, &left, &right);
		if (!add_text(&p, text, left))
			return false;
		text = right;
		if (sigil == '!')
			continue;

		const char *name = s + inner;
		size_t len = close - inner;
		while (len > 0 && isspace((unsigned char)name[0])) {
			name++;
			len--;
		}
		while (len > 0 && isspace((unsigned char)name[len - 1]))
			len--;
		const char *bad = check_name(name, len, sigil == '>');
		if (bad != NULL)
			return fail(set, t->path, line, "%s: '%.*s'", bad,
				    (int)(end - open < 64 ? end - open : 64), s + open);
		if (!add_tag(&p, sigil, name, len, line))
			return false;
	}
	if (!add_text(&p, text, n))
		return false;
	if (p.nopen == 0)
		return true;
	const struct node *nd = &t->nodes[p.open[p.nopen - 1]];
	return fail(set, t->path, nd->line, "unclosed section {{%c%s}}",
		    nd->kind == N_SECTION ? '#' : '^', nd->name);
}

/* ---- loading ---- */

static int cmp_tpl(const void *a, const void *b)
{
	return strcmp(((const struct tpl *)a)->name, ((const struct tpl *)b)->name);
}

static int cmp_key(const void *name, const void *t)
{
	return strcmp(name, ((const struct tpl *)t)->name);
}

static const struct tpl *find_tpl(const tpl_set *set, const char *name)
{
	if (set == NULL || name == NULL || set->n == 0)
		return NULL;
	return bsearch(name, set->t, set->n, sizeof(*set->t), cmp_key);
}

/* Adds and parses one template; takes ownership of name, path and src. */
static bool add_tpl(tpl_set *set, char *name, char *path, char *src, size_t len)
{
	struct tpl *t = NULL;
	if (name != NULL && path != NULL && src != NULL)
		t = grow(set->t, &set->cap, set->n, sizeof(*t));
	if (t == NULL) {
		fail(set, path ? path : "templates", 0, "out of memory");
		free(name);
		free(path);
		free(src);
		return false;
	}
	set->t = t;
	t = &set->t[set->n++];
	*t = (struct tpl){ .name = name, .path = path, .src = src, .srclen = len };
	return parse(set, t);
}

/* Sorts the set by name and resolves every partial. */
static bool finish(tpl_set *set)
{
	if (set->n > 1)
		qsort(set->t, set->n, sizeof(*set->t), cmp_tpl);
	for (size_t i = 1; i < set->n; i++) {
		if (strcmp(set->t[i - 1].name, set->t[i].name) == 0)
			return fail(set, set->t[i].path, 0, "duplicate template name '%s'",
				    set->t[i].name);
	}
	for (size_t i = 0; i < set->n; i++) {
		struct tpl *t = &set->t[i];
		for (size_t j = 0; j < t->n; j++) {
			struct node *nd = &t->nodes[j];
			if (nd->kind != N_PARTIAL)
				continue;
			nd->partial = find_tpl(set, nd->name);
			if (nd->partial == NULL)
				return fail(set, t->path, nd->line, "unknown partial '%s'",
					    nd->name);
		}
	}
	return true;
}

static tpl_set *new_set(char *err, size_t errlen)
{
	tpl_set *set = calloc(1, sizeof(*set));
	if (set != NULL) {
		set->err = err;
		set->errlen = errlen;
	} else if (err != NULL && errlen > 0) {
		snprintf(err, errlen, "templates: out of memory");
	}
	return set;
}

/* Finishes a load: the set when everything went well, else NULL. */
static tpl_set *end_load(tpl_set *set, bool ok)
{
	ok = ok && finish(set);
	set->err = NULL;
	if (ok)
		return set;
	tpl_free(set);
	return NULL;
}

tpl_set *tpl_load_strings(const char *const *names, const char *const *texts,
			  size_t n, char *err, size_t errlen)
{
	tpl_set *set = new_set(err, errlen);
	bool ok = set != NULL;
	for (size_t i = 0; ok && i < n; i++) {
		size_t len = strlen(texts[i]);
		ok = add_tpl(set, strdup(names[i]), strdup(names[i]),
			     strndup(texts[i], len), len);
	}
	return set != NULL ? end_load(set, ok) : NULL;
}

/* "a/b" in a fresh allocation. */
static char *join(const char *a, const char *b)
{
	size_t size;
	if (__builtin_add_overflow(strlen(a), strlen(b), &size) ||
	    __builtin_add_overflow(size, 2, &size))
		return NULL;
	char *p = malloc(size);
	if (p != NULL)
		snprintf(p, size, "%s/%s", a, b);
	return p;
}

/* Reads the file at path (taken over) as template name (taken over). */
static bool load_file(tpl_set *set, char *name, char *path)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	char *src = NULL;
	size_t len = 0;
	bool ok = false;

	if (f == NULL || fstat(fileno(f), &st) != 0)
		fail(set, path, 0, "%s", strerror(errno));
	else if (st.st_size < 0 || st.st_size > MAX_FILE)
		fail(set, path, 0, "file too large (limit %d bytes)", MAX_FILE);
	else if ((src = malloc((size_t)st.st_size + 1)) == NULL)
		fail(set, path, 0, "out of memory");
	else {
		len = fread(src, 1, (size_t)st.st_size, f);
		ok = !ferror(f) || fail(set, path, 0, "read error");
	}
	if (f != NULL)
		fclose(f);
	if (!ok) {
		free(src);
		free(name);
		free(path);
		return false;
	}
	src[len] = '\0';
	return add_tpl(set, name, path, src, len);
}

/* Loads every *.html under path, naming each by rel + its relative path. */
static bool walk(tpl_set *set, const char *path, const char *rel, int depth)
{
	DIR *d = opendir(path);
	if (d == NULL)
		return fail(set, path, 0, "%s", strerror(errno));
	bool ok = true;
	struct dirent *e;
	while (ok && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char *full = join(path, e->d_name);
		char *sub = rel[0] ? join(rel, e->d_name) : strdup(e->d_name);
		struct stat st;
		if (full == NULL || sub == NULL)
			ok = fail(set, path, 0, "out of memory");
		else if (stat(full, &st) != 0)
			ok = fail(set, full, 0, "%s", strerror(errno));
		else if (S_ISDIR(st.st_mode) && depth >= MAX_DIR_DEPTH)
			ok = fail(set, full, 0, "directories nested too deeply");
		else if (S_ISDIR(st.st_mode))
			ok = walk(set, full, sub, depth + 1);
		else if (S_ISREG(st.st_mode) && str_has_suffix(str_c(sub), ".html")) {
			ok = load_file(set, strndup(sub, strlen(sub) - 5), full);
			full = NULL; /* taken over */
		}
		free(full);
		free(sub);
	}
	closedir(d);
	return ok;
}

tpl_set *tpl_load_dir(const char *dir, char *err, size_t errlen)
{
	tpl_set *set = new_set(err, errlen);
	if (set == NULL)
		return NULL;
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	char *root = strndup(dir, n);
	bool ok = root != NULL ? walk(set, root, "", 0) : fail(set, dir, 0, "out of memory");
	free(root);
	return end_load(set, ok);
}

void tpl_free(tpl_set *set)
{
	if (set == NULL)
		return;
	for (size_t i = 0; i < set->n; i++) {
		struct tpl *t = &set->t[i];
		for (size_t j = 0; j < t->n; j++)
			free(t->nodes[j].name);
		free(t->nodes);
		free(t->src);
		free(t->name);
		free(t->path);
	}
	free(set->t);
	free(set);
}

bool tpl_has(const tpl_set *set, const char *name)
{
	return find_tpl(set, name) != NULL;
}

/* ---- rendering ---- */

struct render {
	const struct tpl *content;
	buf *out;
	int depth;
};

/* One entry of the context stack; frames live on the C stack. */
struct frame {
	json_t *v;
	const struct frame *up;
};

static json_t *lookup(const struct frame *f, const struct node *nd)
{
	if (nd->nseg == 0)
		return f->v;
	const char *k = nd->key;
	json_t *v = NULL;
	for (; f != NULL && v == NULL; f = f->up)
		v = json_object_get(f->v, k); /* NULL for non-objects */
	for (size_t i = 1; i < nd->nseg && v != NULL; i++) {
		k += strlen(k) + 1;
		v = json_object_get(v, k);
	}
	return v;
}

static bool truthy(const json_t *v)
{
	switch (v != NULL ? json_typeof(v) : JSON_NULL) {
	case JSON_OBJECT: return true;
	case JSON_ARRAY: return json_array_size(v) > 0;
	case JSON_STRING: return json_string_length(v) > 0;
	case JSON_INTEGER: return json_integer_value(v) != 0;
	case JSON_REAL: return json_real_value(v) != 0.0;
	case JSON_TRUE: return true;
	default: return false;
	}
}

static void put_value(buf *out, const json_t *v, bool raw)
{
	char num[40];
	int n = 0;
	switch (v != NULL ? json_typeof(v) : JSON_NULL) {
	case JSON_STRING:
		if (raw)
			buf_append(out, json_string_value(v), json_string_length(v));
		else
			buf_append_html(out, json_string_value(v), json_string_length(v));
		return;
	case JSON_INTEGER:
		n = snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL:
		/* the shortest of %.15g..%.17g that reads back the same */
		for (int prec = 15; prec <= 17; prec++) {
			n = snprintf(num, sizeof(num), "%.*g", prec, json_real_value(v));
			if (strtod(num, NULL) == json_real_value(v))
				break;
		}
		break;
	case JSON_TRUE:
		buf_append(out, "true", 4);
		return;
	default:
		return;
	}
	if (n > 0 && (size_t)n < sizeof(num))
		buf_append(out, num, (size_t)n);
}

/* Renders nodes[i..to) with the context stack top; -1 aborts the render. */
static int render_nodes(struct render *r, const struct node *nodes, size_t i,
			size_t to, const struct frame *top)
{
	while (i < to && !buf_failed(r->out)) {
		const struct node *nd = &nodes[i];
		struct frame f = { NULL, top };
		const struct tpl *t;
		json_t *v;
		size_t n;

		switch (nd->kind) {
		case N_TEXT:
			buf_append(r->out, nd->text, nd->len);
			break;
		case N_VAR:
		case N_RAW:
			put_value(r->out, lookup(top, nd), nd->kind == N_RAW);
			break;
		case N_SECTION:
			/* once per array element, else once if truthy */
			v = lookup(top, nd);
			n = json_is_array(v) ? json_array_size(v) : truthy(v);
			for (size_t k = 0; k < n; k++) {
				f.v = json_is_array(v) ? json_array_get(v, k) : v;
				if (render_nodes(r, nodes, i + 1, nd->end, &f) < 0)
					return -1;
			}
			i = nd->end;
			continue;
		case N_INVERTED:
			if (!truthy(lookup(top, nd)) &&
			    render_nodes(r, nodes, i + 1, nd->end, top) < 0)
				return -1;
			i = nd->end;
			continue;
		case N_PARTIAL:
		case N_CONTENT:
			t = nd->kind == N_CONTENT ? r->content : nd->partial;
			if (t == NULL || r->depth >= MAX_DEPTH)
				return -1;
			r->depth++;
			if (render_nodes(r, t->nodes, 0, t->n, top) < 0)
				return -1;
			r->depth--;
			break;
		}
		i++;
	}
	return buf_failed(r->out) ? -1 : 0;
}

int tpl_render(const tpl_set *set, const char *name, const char *content,
	       json_t *model, buf *out)
{
	const struct tpl *t = find_tpl(set, name);
	struct render r = { NULL, out, 0 };
	struct frame top = { model, NULL };
	if (t == NULL)
		return -1;
	if (content != NULL && (r.content = find_tpl(set, content)) == NULL)
		return -1;
	return render_nodes(&r, t->nodes, 0, t->n, &top);
}
