/*
 * poster.c - GET /poster/:kind/:nomor: an A4 poster (PDF) for a notice
 * board in a kantor kecamatan or a puskesmas: what the department,
 * programme or session is, a QR code of its short link (libqrencode,
 * error correction M, so a creased or sun-faded print still scans), and
 * the short link in large type for those who type it. The QR code is also
 * a PNG at /kartu/:kind/:nomor/qr for humas' own designs.
 */
#include <cairo.h>
#include <qrencode.h>
#include <string.h>

#include "core/str.h"
#include "share/share.h"
#include "view/excerpt.h"
#include "view/format.h"
#include "view/locale.h"
#include "view/pdf.h"
#include "view/syndicate.h"

/* The page's title and text for a poster of kind (dinas, program, sesi). */
static int subject(db *c, arena *a, const char *kind, int64_t id, const char **title, const char **text,
                   const char **when)
{
	static const struct { const char *kind, *sql; } q[] = {
		{ "dinas", "SELECT name AS title, description AS body, NULL AS starts_at FROM agencies WHERE id = ?" },
		{ "program", "SELECT title, summary AS body, NULL AS starts_at FROM programs WHERE id = ?" },
		{ "sesi", "SELECT title, description AS body, starts_at FROM live_sessions WHERE id = ?" },
	};
	for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		if (strcmp(kind, q[i].kind) != 0)
			continue;
		json_t *row = NULL;
		int rc = db_query_row_json(c, q[i].sql, DB_ARGS(DB_INT(id)), &row);
		if (rc == DB_ROW) {
			*title = arena_strdup(a, json_string_value(json_object_get(row, "title")));
			*text = excerpt_plain(a, json_string_value(json_object_get(row, "body")), 600);
			const char *at = json_string_value(json_object_get(row, "starts_at"));
			*when = at ? format_time_wib(a, at) : NULL;
		}
		json_decref(row);
		return rc;
	}
	return DB_DONE;
}

/* The QR code of text (8-bit, level M); NULL when it cannot be made. */
static QRcode *qr_of(const char *text)
{
	return QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
}

static cairo_status_t write_png(void *closure, const unsigned char *data, unsigned int len)
{
	return buf_append(closure, data, len) ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* GET /kartu/:kind/:nomor/qr (from share_card_page): the QR code of the
 * short link as a PNG, 8 pixels a module with a four-module quiet zone. */
void share_qr_png(request *req, page *pg, const char *kind, int64_t id)
{
	const char *link = syndicate_url(req->arena, share_short_path(req->arena, kind, id));
	QRcode *qr = link ? qr_of(link) : NULL;
	if (qr == NULL) {
		page_not_found(pg);
		return;
	}
	int n = qr->width, px = 8, side = (n + 8) * px;
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, side, side);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (int y = 0; y < n; y++)
		for (int x = 0; x < n; x++)
			if (qr->data[y * n + x] & 1)
				cairo_rectangle(cr, (x + 4) * px, (y + 4) * px, px, px);
	cairo_fill(cr);
	cairo_destroy(cr);
	QRcode_free(qr);
	buf b;
	buf_init(&b, 1u << 20);
	cairo_status_t st = cairo_surface_write_to_png_stream(s, write_png, &b);
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS || buf_failed(&b)) {
		buf_free(&b);
		page_fail(req, pg, "the QR code could not be written");
		return;
	}
	response_set_buf(pg->res, 200, "image/png", &b);
	response_header(pg->res, "Cache-Control", "public, max-age=86400");
	pg->raw = true;
}

static bool parse(request *req, page *pg, const char **kind, int64_t *id)
{
	*kind = request_param(req, "kind");
	const char *n = request_param(req, "nomor");
	if (*kind == NULL || n == NULL || !str_to_i64(str_c(n), false, id) || *id <= 0 ||
	    (strcmp(*kind, "dinas") != 0 && strcmp(*kind, "program") != 0 && strcmp(*kind, "sesi") != 0)) {
		page_not_found(pg);
		return false;
	}
	return true;
}

void share_poster_page(request *req, page *pg)
{
	const char *kind, *title = NULL, *text = NULL, *when = NULL;
	int64_t id;
	if (!parse(req, pg, &kind, &id))
		return;
	db *c = db_thread();
	int rc = c ? subject(c, req->arena, kind, id, &title, &text, &when) : DB_UNAVAILABLE;
	if (!page_loaded(req, pg, c, rc))
		return;
	const char *link = syndicate_url(req->arena, share_short_path(req->arena, kind, id));
	QRcode *qr = link ? qr_of(link) : NULL;
	if (qr == NULL) {
		page_fail(req, pg, "the QR code could not be made");
		return;
	}
	json_t *site = site_settings();
	const char *site_name = json_string_value(json_object_get(site, "name"));
	pdf *d = pdf_begin(req->arena, title, site_name);
	pdf_centered(d, site_name, 14, true);
	pdf_centered(d, locale_get(arena_printf(req->arena, "share.kind.%s", kind)), 12, false);
	pdf_space(d, 6);
	pdf_centered(d, title, 26, true);
	if (when != NULL)
		pdf_centered(d, when, 16, true);
	if (text != NULL && text[0])
		pdf_centered(d, text, 11, false);
	pdf_space(d, 4);
	pdf_grid(d, qr->data, qr->width, 95);
	pdf_centered(d, locale_get("share.poster_scan"), 13, false);
	pdf_centered(d, share_short_display(req->arena, kind, id), 20, true);
	QRcode_free(qr);
	json_decref(site);
	buf b = { 0 };
	const char *why = NULL;
	if (pdf_end(d, &b, &why) != 0) {
		page_fail(req, pg, why);
		return;
	}
	response_set_buf(pg->res, 200, "application/pdf", &b);
	response_header(pg->res, "Content-Disposition",
	                arena_printf(req->arena, "inline; filename=\"poster-%s-%lld.pdf\"", kind, (long long)id));
	pg->raw = true;
}
