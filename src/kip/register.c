/*
 * register.c - the public register of formal information requests
 * (/permohonan) and one request (/permohonan/:no): subject, department,
 * dates, state, on time or late, and the steps taken; never the person.
 * With the tracking code (?kode=) the same page is the requester's
 * receipt (tanda bukti permohonan), with what they sent and their
 * identity masked; such a page is theirs alone and no cache keeps it.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "calendar/calendar.h"
#include "core/clock.h"
#include "core/str.h"
#include "http/parse.h"
#include "ledger/ledger.h"
#include "kip/desk.h"
#include "kip/dip.h"
#include "kip/documents.h"
#include "kip/kip.h"
#include "kip/state.h"
#include "kip/store.h"
#include "view/format.h"
#include "view/locale.h"
#include "view/syndicate.h"

#define PAGE 50

static const char *label(arena *a, const char *prefix, const char *value)
{
	char key[96];
	snprintf(key, sizeof(key), "%s.%s", prefix, value ? value : "");
	return arena_strdup(a, locale_get(key));
}

void kip_decorate(arena *a, json_t *r, const char *today)
{
	const char *state = json_string_value(json_object_get(r, "state"));
	const char *due = json_string_value(json_object_get(r, "extended_due"));
	if (due == NULL)
		due = json_string_value(json_object_get(r, "notice_due"));
	bool late = kip_state_open(state) && due != NULL && strcmp(today, due) > 0;
	json_object_set_new(r, "state_label", json_string(label(a, "kip_state", state)));
	json_object_set_new(r, "late", json_boolean(late));
	json_object_set_new(r, "open", json_boolean(kip_state_open(state)));
	json_object_set_new(r, "due", due ? json_string(due) : json_null());
	static const char *const days[] = { "received_on", "notice_due", "extended_due", "due" };
	for (size_t i = 0; i < 4; i++) {
		int32_t day;
		const char *iso = json_string_value(json_object_get(r, days[i]));
		char key[32];
		snprintf(key, sizeof(key), "%s_label", days[i]);
		json_object_set_new(r, key, iso && calendar_parse_day(iso, &day) ? json_string(kip_day_label(a, day))
		                                                                 : json_null());
	}
	int year = (int)json_integer_value(json_object_get(r, "year"));
	int seq = (int)json_integer_value(json_object_get(r, "seq"));
	json_object_set_new(r, "url", json_string(arena_printf(a, "/permohonan/%04d-%06d", year, seq)));
	if (json_object_get(r, "agency_name") == NULL || json_is_null(json_object_get(r, "agency_name")))
		json_object_set_new(r, "agency_name", json_string(locale_get("kip_request.main_ppid")));
}

static const char *today(arena *a)
{
	int y, m, d;
	calendar_civil(calendar_wib_day(clock_now()), &y, &m, &d);
	return arena_printf(a, "%04d-%02d-%02d", y, m, d);
}

#define PUBLIC_COLUMNS                                                                             \
	"r.id, r.year, r.seq, r.number, r.subject, r.state, r.received_on, r.notice_due, "          \
	"r.extended_due, r.updated_at, a.slug AS agency_slug, a.name AS agency_name "

void kip_register_page(request *req, page *pg)
{
	db *c = db_thread();
	const char *before = http_params_get(&req->query, "sebelum");
	int64_t cursor = 0;
	if (before != NULL && (!str_to_i64(str_c(before), false, &cursor) || cursor <= 0))
		cursor = 0;
	json_t *rows = NULL;
	static const char first[] = "SELECT " PUBLIC_COLUMNS "FROM kip_requests r "
		"LEFT JOIN agencies a ON a.id = r.agency_id ORDER BY r.id DESC LIMIT ?";
	static const char later[] = "SELECT " PUBLIC_COLUMNS "FROM kip_requests r "
		"LEFT JOIN agencies a ON a.id = r.agency_id WHERE r.id < ? ORDER BY r.id DESC LIMIT ?";
	int rc = c == NULL ? DB_UNAVAILABLE
	       : cursor ? db_query_json(c, later, DB_ARGS(DB_INT(cursor), DB_INT(PAGE + 1)), &rows)
	                : db_query_json(c, first, DB_ARGS(DB_INT(PAGE + 1)), &rows);
	if (rc != DB_OK) {
		page_db_error(req, pg, c, rc);
		return;
	}
	const char *now = today(req->arena);
	json_t *next = json_null();
	if (json_array_size(rows) > PAGE) {
		json_array_remove(rows, PAGE);
		json_int_t last = json_integer_value(json_object_get(json_array_get(rows, PAGE - 1), "id"));
		next = json_string(arena_printf(req->arena, "/permohonan?sebelum=%lld", (long long)last));
	}
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
		kip_decorate(req->arena, r, now);
	pg->model = json_pack("{s:o, s:b, s:o}", "requests", rows, "empty", json_array_size(rows) == 0, "next", next);
	pg->title = locale_get("kip_register.title");
	syndicate_feed(pg->model, "/permohonan/atom", locale_get("syndication.feed_kip"));
}

int kip_steps(db *c, arena *a, int64_t id, json_t **out)
{
	int rc = db_query_json(c, "SELECT kind, note, at FROM kip_request_events WHERE request_id = ? ORDER BY id",
	                       DB_ARGS(DB_INT(id)), out);
	size_t i;
	json_t *e;
	json_array_foreach(*out, i, e)
	{
		json_object_set_new(e, "kind_label", json_string(label(a, "kip_event", json_string_value(json_object_get(e, "kind")))));
		const char *at = format_time_wib(a, json_string_value(json_object_get(e, "at")));
		json_object_set_new(e, "at_label", at ? json_string(at) : json_null());
	}
	return rc;
}

/* "•••• •••• •••• 1234": enough for the requester to recognise, no more. */
static const char *masked(arena *a, const char *tail)
{
	return arena_printf(a, "\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2 %s", tail ? tail : "");
}

/* The requester's own copy of what they sent: the receipt. */
static int receipt(db *c, arena *a, int64_t id, json_t **out)
{
	json_t *row = NULL;
	int rc = db_query_row_json(c,
		"SELECT requester_kind, requester_name, id_type, id_number_tail, email, occupation, details, "
		"purpose, obtain, delivery, proxy_file IS NOT NULL AS by_proxy, submitted_at, personal_purged_at "
		"FROM kip_requests WHERE id = ?", DB_ARGS(DB_INT(id)), &row);
	if (rc != DB_ROW)
		return rc == DB_DONE ? DB_ERROR : rc;
	json_object_set_new(row, "kind_label", json_string(label(a, "kip_request.kinds", json_string_value(json_object_get(row, "requester_kind")))));
	json_object_set_new(row, "id_type_label", json_string(label(a, "kip_request.id_types", json_string_value(json_object_get(row, "id_type")))));
	json_object_set_new(row, "id_number_masked", json_string(masked(a, json_string_value(json_object_get(row, "id_number_tail")))));
	json_object_del(row, "id_number_tail");
	json_object_set_new(row, "delivery_label", json_string(label(a, "kip_request.delivery", json_string_value(json_object_get(row, "delivery")))));
	json_t *ways = json_array();
	char obtain[160];
	const char *stored = json_string_value(json_object_get(row, "obtain"));
	snprintf(obtain, sizeof(obtain), "%s", stored ? stored : "");
	for (char *save = NULL, *w = strtok_r(obtain, ",", &save); w != NULL; w = strtok_r(NULL, ",", &save))
		json_array_append_new(ways, json_string(label(a, "kip_request.obtain", w)));
	json_object_set_new(row, "obtain_labels", ways);
	json_object_set_new(row, "by_proxy", json_boolean(json_integer_value(json_object_get(row, "by_proxy")) ||
	                                                  json_is_true(json_object_get(row, "by_proxy"))));
	const char *at = format_time_wib(a, json_string_value(json_object_get(row, "submitted_at")));
	json_object_set_new(row, "submitted_label", at ? json_string(at) : json_null());
	*out = row;
	return DB_OK;
}

/* The written notice of a decided request, as anyone may read it. */
static int decision(db *c, arena *a, int64_t id, json_t **out)
{
	json_t *row = NULL;
	int rc = db_query_row_json(c,
		"SELECT r.state, r.decided_at, r.exemption, r.consequence_test, r.holder_body, r.given, "
		"r.withheld, r.medium, r.costs, r.payment, r.extension_reason, u.display_name AS decided_by_name "
		"FROM kip_requests r LEFT JOIN users u ON u.id = r.decided_by WHERE r.id = ?",
		DB_ARGS(DB_INT(id)), &row);
	if (rc != DB_ROW)
		return rc == DB_DONE ? DB_ERROR : rc;
	*out = kip_notice(a, row);
	json_decref(row);
	return DB_OK;
}

/* The notice's printed copy and the documents released with it: links
 * for the requester (code), titles and redaction counts for anyone. */
static int released(db *c, request *req, int64_t id, const char *code, json_t *notice)
{
	const char *no = request_param(req, "no");
	json_t *docs = NULL;
	int rc = kip_documents_of(c, req->arena, id, code ? arena_printf(req->arena, "/permohonan/%s/dokumen/", no) : NULL,
	                          code ? arena_printf(req->arena, "/salinan.pdf?kode=%s", code) : NULL, false, &docs);
	if (rc != DB_OK)
		return rc;
	size_t i;
	json_t *d;
	json_array_foreach(docs, i, d)
	{
		json_object_del(d, "segments");
		json_object_del(d, "notes");
		if (code == NULL)
			json_object_del(d, "file");
	}
	json_object_set_new(notice, "pdf_url", json_string(arena_printf(req->arena, "/permohonan/%s/pemberitahuan.pdf%s%s", no,
	                                                                code ? "?kode=" : "", code ? code : "")));
	json_object_set_new(notice, "has_released", json_boolean(json_array_size(docs) > 0));
	json_object_set_new(notice, "released", docs);
	return DB_OK;
}

static const char *iso_label(arena *a, const char *iso)
{
	int32_t day;
	return calendar_parse_day(iso, &day) ? kip_day_label(a, day) : NULL;
}

/* The last day this request may be objected to, or NULL. */
static int objection_window(db *c, arena *a, const char *number, const char **last)
{
	json_t *row = NULL;
	int rc = db_query_row_json(c, "SELECT decided_at, notice_due, extended_due FROM kip_requests WHERE number = ?",
	                           DB_ARGS(DB_TEXT(number)), &row);
	if (rc != DB_ROW)
		return rc == DB_DONE ? DB_ERROR : rc;
	rc = kip_objection_window(c, a, row, last);
	json_decref(row);
	return rc;
}

/* The grounds of an objection as checkboxes: [{value, field, label}]. */
static json_t *grounds_model(void)
{
	json_t *out = json_array();
	for (size_t i = 0; i < 7; i++) {
		char field[16], key[48];
		snprintf(field, sizeof(field), "alasan_%s", kip_objection_grounds[i]);
		snprintf(key, sizeof(key), "kip_objection.grounds.%s", kip_objection_grounds[i]);
		json_array_append_new(out, json_pack("{s:s, s:s, s:s}", "value", kip_objection_grounds[i],
		                                     "field", field, "label", locale_get(key)));
	}
	return out;
}

void kip_request_page(request *req, page *pg)
{
	db *c = db_thread();
	char number[32];
	if (!kip_number_of_slug(request_param(req, "no"), number)) {
		page_not_found(pg);
		return;
	}
	json_t *r = NULL;
	int rc = c ? db_query_row_json(c,
		"SELECT " PUBLIC_COLUMNS ", r.tracking_hash FROM kip_requests r "
		"LEFT JOIN agencies a ON a.id = r.agency_id WHERE r.number = ?",
		DB_ARGS(DB_TEXT(number)), &r) : DB_UNAVAILABLE;
	if (rc == DB_DONE) {
		page_not_found(pg);
		return;
	}
	if (rc != DB_ROW) {
		page_db_error(req, pg, c, rc);
		return;
	}
	const char *code = http_params_get(&req->query, "kode");
	bool mine = kip_code_matches(code, json_string_value(json_object_get(r, "tracking_hash")));
	json_object_del(r, "tracking_hash");
	kip_decorate(req->arena, r, today(req->arena));
	int64_t id = json_integer_value(json_object_get(r, "id"));
	json_t *steps = NULL, *copy = NULL;
	rc = kip_steps(c, req->arena, id, &steps);
	if (rc == DB_OK && mine)
		rc = receipt(c, req->arena, id, &copy);
	json_t *notice = NULL, *objection = NULL;
	if (rc == DB_OK && !json_is_true(json_object_get(r, "open")))
		rc = decision(c, req->arena, id, &notice);
	if (rc == DB_OK && notice != NULL)
		rc = released(c, req, id, mine ? code : NULL, notice);
	if (rc == DB_OK)
		rc = kip_objection_of(c, req->arena, id, mine, &objection);
	const char *last = NULL;
	if (rc == DB_OK && mine && objection == NULL)
		rc = objection_window(c, req->arena, number, &last);
	json_t *answered = NULL; /* the DIP item it was answered from (dip_answer.c) */
	if (rc == DB_OK)
		rc = kip_dip_answered(c, req->arena, id, &answered);
	if (rc != DB_OK) {
		json_decref(r);
		json_decref(steps);
		page_db_error(req, pg, c, rc);
		return;
	}
	if (code != NULL) { /* with or without the right code: this visitor's page alone */
		response_header(pg->res, "Cache-Control", "private, no-store");
		pg->per_visitor = true;
	}
	const char *pesan = http_params_get(&req->query, "pesan");
	static const char *const messages[][2] = {
		{ "terkirim", "kip_request.sent" }, { "sudah_terkirim", "kip_request.sent_before" },
		{ "keberatan_terkirim", "kip_objection.sent" }, { "keberatan_sudah_ada", "kip_objection.sent_before" },
	};
	const char *message = NULL;
	for (size_t i = 0; pesan != NULL && i < sizeof(messages) / sizeof(messages[0]); i++)
		if (strcmp(pesan, messages[i][0]) == 0)
			message = messages[i][1];
	json_object_set_new(r, "slug", json_string(request_param(req, "no")));
	json_object_set_new(r, "ledger", ledger_ref(c, "kip", id)); /* the PPID's latest step on the public record */
	pg->model = json_pack("{s:o, s:o, s:o?, s:o?, s:o?, s:s?, s:s?, s:o, s:b, s:s?, s:s?}", "request", r, "steps", steps,
		"receipt", copy, "notice", notice, "objection", objection,
		"objection_until", last ? iso_label(req->arena, last) : NULL, "code", mine ? code : NULL,
		"grounds", grounds_model(), "wrong_code", code != NULL && !mine,
		"message", message ? locale_get(message) : NULL,
		"tracking_url", mine ? arena_printf(req->arena, "%s/permohonan/%s?kode=%s", kip_base_url(),
		                                    request_param(req, "no"), code) : NULL);
	json_object_set_new(pg->model, "dip_item", answered ? answered : json_null());
	if (code != NULL && !mine)
		pg->status = 403;
	pg->title = json_string_value(json_object_get(r, "number"));
}
