/*
 * web.c - the search page (/cari, its JSON twin /cari.json) and the ask
 * form's suggestions (/cari/saran.json).
 *
 * No HTML is made here: a hit is a segment {text, hit: true} of an array
 * the template prints in a loop, escaping the text and putting <mark>
 * around hits. Whatever a person types is answered with 200 and a
 * message or results (the words searched for come from query.c, never
 * the text itself).
 */
#include <stdio.h>
#include <string.h>

#include "agencies/agencies.h"
#include "core/str.h"
#include "http/parse.h"
#include "search/query.h"
#include "search/search.h"
#include "search/store.h"
#include "search/web.h"
#include "view/format.h"
#include "view/locale.h"

#define SUGGEST_MAX 20
#define SHOWN_QUERY 200 /* characters of the text put back in the box */

static const char *const kinds[] = { "pertanyaan", "jawaban", "program", "dinas" };
static const char *const states[] = { "terbuka", "dijawab", "diteruskan", "ditutup" };

static const char *param(const request *req, const char *name)
{
	const char *v = http_params_get(&req->query, name);
	return v != NULL && strlen(v) <= 100 ? v : "";
}

static const char *one_of(const char *v, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v, list[i]) == 0)
			return list[i];
	return "";
}

/* The marked text as segments: [{text, hit}], the marks taken out. */
static json_t *segments(const char *s)
{
	json_t *out = json_array();
	if (s == NULL)
		return out;
	bool hit = false;
	const char *start = s;
	for (const char *p = s;; p++) {
		if (*p == SEARCH_HIT_START || *p == SEARCH_HIT_END || *p == '\0') {
			if (p > start)
				json_array_append_new(out, json_pack("{s:s%, s:b}", "text", start,
				                                     (size_t)(p - start), "hit", hit));
			if (*p == '\0')
				break;
			hit = *p == SEARCH_HIT_START;
			start = p + 1;
		}
	}
	return out;
}

static const char *label(const char *prefix, const char *value)
{
	char k[64];
	snprintf(k, sizeof(k), "%s.%s", prefix, value ? value : "");
	const char *text = locale_get(k);
	return strcmp(text, k) == 0 ? (value ? value : "") : text;
}

static void decorate(request *req, json_t *r)
{
	const char *kind = json_string_value(json_object_get(r, "kind"));
	const char *state = json_string_value(json_object_get(r, "state"));
	bool question = kind && (strcmp(kind, "pertanyaan") == 0 || strcmp(kind, "jawaban") == 0);
	json_object_set_new(r, "kind_label", json_string(label("search.kind", kind)));
	json_object_set_new(r, "state_label", state && state[0]
		? json_string(label(question ? "search.state" : "program_status", state)) : json_null());
	/* an answer's heading is its question's title, which is not searched */
	const char *title = json_string_value(json_object_get(r, "title_marked"));
	if (kind && strcmp(kind, "jawaban") == 0)
		title = NULL;
	json_object_set_new(r, "title", title && title[0] ? segments(title)
		: json_pack("[{s:O, s:b}]", "text", json_object_get(r, "heading"), "hit", false));
	json_t *snippet = segments(json_string_value(json_object_get(r, "body_marked")));
	json_object_set_new(r, "has_snippet", json_boolean(json_array_size(snippet) > 0));
	json_object_set_new(r, "snippet", snippet);
	json_object_del(r, "title_marked");
	json_object_del(r, "body_marked");
	const char *at = format_date(req->arena, json_string_value(json_object_get(r, "updated_at")));
	json_object_set_new(r, "updated_label", at ? json_string(at) : json_null());
	char cls[32];
	snprintf(cls, sizeof(cls), "kind-%s", kind ? kind : "");
	json_object_set_new(r, "kind_class", json_string(cls));
}

static json_t *options(const char *prefix, const char *const *values, size_t n, const char *chosen)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", values[i], "label",
		                                   label(prefix, values[i]), "selected",
		                                   strcmp(values[i], chosen) == 0));
	return a;
}

static void choose(json_t *rows, const char *chosen)
{
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		const char *v = json_string_value(json_object_get(r, "value"));
		json_object_set_new(r, "selected", json_boolean(v != NULL && strcmp(v, chosen) == 0));
	}
}

static int choices(db *c, const char *kind, const char *agency, const char *kecamatan,
                   const char *state, json_t *m)
{
	json_t *agencies = NULL, *districts = NULL;
	int rc = db_query_json(c,
		"SELECT slug AS value, name AS label FROM agencies WHERE kind <> 'kecamatan' "
		"ORDER BY sort_order, name", DB_NOARGS, &agencies);
	if (rc == DB_OK)
		rc = db_query_json(c,
			"SELECT slug AS value, name AS label FROM agencies WHERE kind = 'kecamatan' ORDER BY name",
			DB_NOARGS, &districts);
	if (rc != DB_OK) {
		json_decref(agencies);
		return rc;
	}
	choose(agencies, agency);
	choose(districts, kecamatan);
	json_object_set_new(m, "choices", json_pack("{s:o, s:o, s:o, s:o}",
		"kinds", options("search.kind", kinds, 4, kind), "agencies", agencies,
		"kecamatan", districts, "statuses", options("search.state", states, 4, state)));
	return DB_OK;
}

/* The query string of the search and its filters with page n (0: none). */
static const char *link(request *req, const char *q, int n)
{
	static const char *const keys[] = { "jenis", "dinas", "kecamatan", "program", "status" };
	http_params p = { 0 };
	http_params_add(req->arena, &p, "q", q, strlen(q));
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *v = param(req, keys[i]);
		if (v[0])
			http_params_add(req->arena, &p, keys[i], v, strlen(v));
	}
	if (n > 1) {
		const char *num = arena_printf(req->arena, "%d", n);
		if (num)
			http_params_add(req->arena, &p, "halaman", num, strlen(num));
	}
	const char *qs = http_query_encode(req->arena, &p);
	return arena_printf(req->arena, "/cari?%s", qs ? qs : "");
}

/* "q=..." alone: the search without its filters. */
static const char *reset_query(request *req, const char *q)
{
	http_params p = { 0 };
	http_params_add(req->arena, &p, "q", q, strlen(q));
	const char *qs = http_query_encode(req->arena, &p);
	return qs ? qs : "";
}

/* "20 hasil", "1.000 hasil", "Lebih dari 1.000 hasil" (locale texts with {n}). */
static const char *count_label(arena *a, int64_t n)
{
	bool more = n > SEARCH_COUNT_MAX;
	if (more)
		n = SEARCH_COUNT_MAX;
	char digits[32], dotted[48];
	int len = snprintf(digits, sizeof(digits), "%lld", (long long)n);
	size_t o = 0;
	for (int i = 0; i < len && o + 2 < sizeof(dotted); i++) {
		if (i > 0 && (len - i) % 3 == 0)
			dotted[o++] = '.';
		dotted[o++] = digits[i];
	}
	dotted[o] = '\0';
	const char *text = locale_get(more ? "search.count_more" : "search.count");
	const char *at = strstr(text, "{n}");
	if (at == NULL)
		return arena_strdup(a, dotted);
	return arena_printf(a, "%.*s%s%s", (int)(at - text), text, dotted, at + 3);
}

/* The slug's agency id; 0 when there is none (the filter then finds nothing). */
static int resolve(db *c, const char *slug, int64_t *id, bool *unknown)
{
	*id = 0;
	if (!slug[0])
		return DB_OK;
	int rc = agencies_id(c, slug, id);
	if (rc == DB_DONE) {
		*unknown = true;
		return DB_OK;
	}
	return rc == DB_ROW ? DB_OK : rc;
}

/* The text as typed, cut to what the box shows back, on a character. */
static const char *shown(request *req, const char *q)
{
	size_t n = strlen(q), o = 0, chars = 0;
	while (o < n && chars < SHOWN_QUERY) {
		size_t len = utf8_char(q + o, n - o);
		if (len == 0)
			break;
		o += len;
		chars++;
	}
	return arena_strndup(req->arena, q, o);
}

void search_page(request *req, page *pg)
{
	const char *raw = http_params_get(&req->query, "q");
	const char *q = shown(req, raw ? raw : "");
	search_query words;
	search_query_parse(raw ? raw : "", raw ? strlen(raw) : 0, &words);
	search_filter f = {
		.kind = one_of(param(req, "jenis"), kinds, 4),
		.state = one_of(param(req, "status"), states, 4),
		.page = 1,
	};
	int64_t n = 0;
	const char *pn = param(req, "halaman");
	if (pn[0] && str_to_i64(str_c(pn), false, &n) && n >= 1 && n <= SEARCH_MAX_PAGES)
		f.page = (int)n;
	const char *agency = param(req, "dinas"), *kecamatan = param(req, "kecamatan");
	const char *program = param(req, "program");
	int64_t program_id = 0;
	bool unknown = program[0] && !(str_to_i64(str_c(program), false, &program_id) && program_id > 0);
	f.program_id = program_id;

	db *c = db_thread();
	int rc = c ? DB_OK : DB_UNAVAILABLE;
	if (rc == DB_OK)
		rc = resolve(c, agency, &f.agency_id, &unknown);
	if (rc == DB_OK)
		rc = resolve(c, kecamatan, &f.kecamatan_id, &unknown);
	json_t *m = json_pack("{s:s, s:i}", "q", q ? q : "", "page", f.page);
	json_t *rows = NULL, *chip = NULL;
	if (rc == DB_OK && program_id > 0) {
		rc = db_query_row_json(c, "SELECT id, title FROM programs WHERE id = ?",
		                       DB_ARGS(DB_INT(program_id)), &chip);
		rc = rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
		if (chip == NULL)
			unknown = true;
		else
			json_object_set_new(chip, "url", json_string(format_id_slug(req->arena, "/program",
				program_id, json_string_value(json_object_get(chip, "title")))));
		if (chip != NULL)
			json_object_set_new(m, "program", chip);
	}
	const char *message = NULL;
	int64_t total = 0;
	if (rc == DB_OK && words.nwords > 0 && !unknown)
		rc = search_store_find(c, &words, &f, &rows, &total);
	if (rc == DB_OK)
		rc = choices(c, f.kind, agency, kecamatan, f.state, m);
	if (rc != DB_OK) {
		json_decref(rows);
		json_decref(m);
		page_db_error(req, pg, c, rc);
		return;
	}
	if (raw == NULL || raw[strspn(raw, " \t\r\n")] == '\0')
		message = "search.empty";
	else if (words.nwords == 0)
		message = "search.no_words";
	else if (total == 0)
		message = "search.none";

	if (rows == NULL)
		rows = json_array();
	bool more = json_array_size(rows) > SEARCH_PAGE && f.page < SEARCH_MAX_PAGES;
	while (json_array_size(rows) > SEARCH_PAGE)
		json_array_remove(rows, SEARCH_PAGE);
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		decorate(req, r);
	}
	json_t *searched = json_array();
	for (size_t k = 0; k < words.nwords; k++)
		json_array_append_new(searched, json_string(words.words[k]));
	json_object_set_new(m, "words", searched);
	json_object_set_new(m, "results", rows);
	json_object_set_new(m, "count", json_integer(total > SEARCH_COUNT_MAX ? SEARCH_COUNT_MAX : total));
	json_object_set_new(m, "count_more", json_boolean(total > SEARCH_COUNT_MAX));
	json_object_set_new(m, "count_label", json_string(count_label(req->arena, total)));
	json_object_set_new(m, "searched", json_boolean(words.nwords > 0));
	json_object_set_new(m, "cut", json_boolean(words.cut));
	json_object_set_new(m, "message", message ? json_string(locale_get(message)) : json_null());
	json_object_set_new(m, "filtered", json_boolean(f.kind[0] || agency[0] || kecamatan[0] ||
	                                                program[0] || f.state[0]));
	json_object_set_new(m, "reset", json_string(arena_printf(req->arena, "/cari?%s",
	                                                          reset_query(req, q ? q : ""))));
	if (more)
		json_object_set_new(m, "next", json_string(link(req, q ? q : "", f.page + 1)));
	if (f.page > 1)
		json_object_set_new(m, "prev", json_string(link(req, q ? q : "", f.page - 1)));
	pg->model = m;
	pg->title = words.nwords > 0 ? arena_printf(req->arena, "%s: %s", locale_get("search.title"), q)
	                             : locale_get("search.title");
}

int search_similar_questions(db *c, const char *text, int limit, json_t **out)
{
	search_query words;
	search_query_parse(text ? text : "", text ? strlen(text) : 0, &words);
	*out = NULL;
	if (limit < 1)
		limit = 1;
	if (limit > SUGGEST_MAX)
		limit = SUGGEST_MAX;
	if (words.nwords == 0) {
		*out = json_array();
		return DB_OK;
	}
	return search_store_similar(c, &words, limit, out);
}

void search_suggest(request *req, page *pg)
{
	const char *q = http_params_get(&req->query, "q");
	db *c = db_thread();
	json_t *rows = NULL;
	int rc = c ? search_similar_questions(c, q, 5, &rows) : DB_UNAVAILABLE;
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	pg->json_only = true;
	pg->model = json_pack("{s:o}", "questions", rows);
}
