/*
 * feeds.c - a programme's news as an Atom feed (see feeds.h).
 *
 * What the programme's page shows as its timeline and its history, newest
 * first: each progress report (program_updates: the officer's text, the
 * progress and status it set) and each saved version (program_versions:
 * "Status: Berjalan → Selesai", "Pagu: ... → ..." for every field that
 * changed; the first version is the programme being recorded). A report
 * that changed status or progress also saved a version, so both appear,
 * as on the page. Entries are by the department; officers' names are not
 * in the feed.
 */
#include "programs/feeds.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "programs/rules.h"
#include "programs/store.h"
#include "programs/view.h"
#include "site/site.h"
#include "view/atom.h"
#include "view/excerpt.h"
#include "view/locale.h"
#include "view/syndicate.h"

#define TITLE_CHARS 90
#define REPORT_CHARS 2000
#define VALUE_CHARS 200

struct item {
	const char *at;
	bool version;  /* a saved version, else a report */
	json_int_t n;  /* the version, or the report's id */
	json_t *row;
};

static const char *text_of(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : "";
}

static const char *label(arena *a, const char *prefix, const char *value)
{
	const char *key = arena_printf(a, "%s.%s", prefix, value);
	const char *text = key ? locale_get(key) : NULL;
	return text && text != key ? text : value;
}

/* Newest first; a version after the report of the same moment. */
static int newest_first(const void *x, const void *y)
{
	const struct item *p = x, *q = y;
	int c = strcmp(q->at, p->at);
	if (c != 0)
		return c;
	if (p->version != q->version)
		return p->version ? -1 : 1;
	return p->n < q->n ? 1 : p->n > q->n ? -1 : 0;
}

/* A value of a version's change as people read it. */
static const char *value_text(arena *a, const char *field, json_t *v)
{
	if (json_is_integer(v)) {
		long long n = (long long)json_integer_value(v);
		if (strcmp(field, "budget") == 0 || strcmp(field, "realization") == 0)
			return rupiah_format(a, n);
		return arena_printf(a, strcmp(field, "progress") == 0 ? "%lld%%" : "%lld", n);
	}
	if (json_is_real(v))
		return arena_printf(a, "%.6f", json_real_value(v));
	const char *s = json_string_value(v);
	if (s == NULL || s[0] == '\0')
		return "\xE2\x80\x94";
	if (strcmp(field, "status") == 0)
		return label(a, "program_status", s);
	if (strcmp(field, "funding") == 0)
		return label(a, "funding", s);
	return excerpt_plain(a, s, VALUE_CHARS);
}

static void version_entry(arena *a, buf *out, const char *purl, json_int_t pid, const struct item *it)
{
	json_t *changes = json_loads(text_of(it->row, "changes"), 0, NULL);
	buf fields, lines;
	buf_init(&fields, 4096);
	buf_init(&lines, 64 * 1024);
	size_t i;
	json_t *ch;
	json_array_foreach(changes, i, ch)
	{
		const char *field = text_of(ch, "field");
		const char *name = label(a, "program_field", field);
		buf_printf(&fields, "%s%s", i ? ", " : "", name ? name : field);
		const char *from = value_text(a, field, json_object_get(ch, "from"));
		const char *to = value_text(a, field, json_object_get(ch, "to"));
		buf_printf(&lines, "%s: %s \xE2\x86\x92 %s\n", name ? name : field, from ? from : "", to ? to : "");
	}
	json_decref(changes);
	const char *names[] = { "fields" };
	const char *values[] = { fields.data && !fields.failed ? arena_strndup(a, fields.data, fields.len) : "" };
	const char *title = values[0][0] ? locale_fill(a, "syndication.program_changed", names, values, 1)
	                                 : locale_get("syndication.program_created");
	atom_entry e = {
		.id = syndicate_tag(a, it->at, arena_printf(a, "program/%lld/versi/%lld", (long long)pid, (long long)it->n),
		                    purl),
		.title = title,
		.published = it->at,
		.updated = it->at,
		.link = purl ? arena_printf(a, "%s#riwayat", purl) : NULL,
		.content = lines.data && !lines.failed ? arena_strndup(a, lines.data, lines.len) : NULL,
	};
	atom_add(out, a, &e);
	buf_free(&fields);
	buf_free(&lines);
}

static void report_entry(arena *a, buf *out, const char *purl, json_int_t pid, const struct item *it)
{
	const char *body = text_of(it->row, "body");
	const char *status = json_string_value(json_object_get(it->row, "status"));
	json_t *progress = json_object_get(it->row, "progress");
	const char *pr = json_is_integer(progress) ? arena_printf(a, "%lld", (long long)json_integer_value(progress)) : NULL;
	const char *sl = status ? label(a, "program_status", status) : NULL;
	const char *names[] = { "progress", "status" }, *values[] = { pr, sl };
	const char *summary = pr && sl ? locale_fill(a, "syndication.report_both", names, values, 2)
	                    : pr       ? locale_fill(a, "syndication.report_progress", names, values, 1)
	                    : sl       ? locale_fill(a, "syndication.report_status", names + 1, values + 1, 1)
	                               : NULL;
	atom_entry e = {
		.id = syndicate_tag(a, it->at, arena_printf(a, "program/%lld/kabar/%lld", (long long)pid, (long long)it->n),
		                    purl),
		.title = body[0] ? excerpt_plain(a, body, TITLE_CHARS) : locale_get("syndication.program_report"),
		.published = it->at,
		.updated = it->at,
		.link = purl ? arena_printf(a, "%s#kabar", purl) : NULL,
		.summary = summary,
		.content = excerpt_plain(a, body, REPORT_CHARS),
	};
	atom_add(out, a, &e);
}

/* Reports and versions as one list, newest first, in the arena. */
static struct item *merge(arena *a, json_t *updates, json_t *versions, size_t *n)
{
	size_t nu = json_array_size(updates), nv = json_array_size(versions);
	struct item *items = arena_calloc(a, nu + nv + 1, sizeof(*items));
	*n = 0;
	if (items == NULL)
		return NULL;
	size_t i;
	json_t *r;
	json_array_foreach(updates, i, r)
		items[(*n)++] = (struct item){ text_of(r, "at"), false, json_integer_value(json_object_get(r, "id")), r };
	json_array_foreach(versions, i, r)
		items[(*n)++] = (struct item){ text_of(r, "at"), true, json_integer_value(json_object_get(r, "version")), r };
	qsort(items, *n, sizeof(*items), newest_first);
	return items;
}

void programs_feed_atom(request *req, page *pg)
{
	db *c = db_thread();
	int64_t id = request_param_id(req);
	arena *a = req->arena;
	json_t *p = NULL, *updates = NULL, *versions = NULL;
	int rc = c ? programs_get(c, id, &p) : DB_UNAVAILABLE;
	if (rc == DB_DONE) {
		page_not_found(pg);
		return;
	}
	if (rc == DB_ROW)
		rc = programs_updates(c, id, &updates);
	if (rc == DB_OK)
		rc = programs_versions(c, id, &versions);
	size_t n = 0;
	struct item *items = rc == DB_OK ? merge(a, updates, versions, &n) : NULL;
	if (rc != DB_OK) {
		json_decref(p);
		json_decref(updates);
		json_decref(versions);
		page_db_error(req, pg, c, rc);
		return;
	}
	const char *purl = program_url(a, id, text_of(p, "title"));
	json_t *site = site_settings();
	const char *names[] = { "program", "site" }, *values[] = { text_of(p, "title"), text_of(site, "name") };
	atom_feed f = {
		.path = arena_printf(a, "/program/%lld/atom", (long long)id),
		.page = purl,
		.title = locale_fill(a, "syndication.program_title", names, values, 2),
		.author = text_of(p, "agency_name"),
		.updated = n > 0 ? items[0].at : NULL,
	};
	buf b;
	buf_init(&b, ATOM_MAX);
	atom_begin(&b, a, &f);
	for (size_t i = 0; items != NULL && i < n && i < ATOM_ENTRIES; i++) {
		if (items[i].version)
			version_entry(a, &b, purl, id, &items[i]);
		else
			report_entry(a, &b, purl, id, &items[i]);
	}
	bool failed = items == NULL || arena_failed(a);
	if (failed)
		buf_free(&b);
	if (failed || !atom_respond(&b, pg->res))
		page_fail(req, pg, "the programme's Atom feed is larger than its limit");
	else
		pg->raw = true;
	json_decref(site);
	json_decref(p);
	json_decref(updates);
	json_decref(versions);
}
