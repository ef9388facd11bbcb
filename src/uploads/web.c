/*
 * web.c - serving stored files: GET /berkas/<hash> and
 * /berkas/<hash>/kecil|besar (see uploads.h).
 *
 * A file never changes under its name (the name is its hash), so it is
 * cacheable for a year as immutable, with the hash as its ETag. The type
 * sent is the one decided when it was stored, never one taken from the
 * request; documents are attachments; every file answer carries a CSP
 * that makes a document opened in the browser a sandbox with no script,
 * no style and no network of its own.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/log.h"
#include "uploads/uploads.h"
#include "uploads/uploads_int.h"

#define FILE_CSP "default-src 'none'; frame-ancestors 'none'; sandbox"
#define MAX_SERVED ((size_t)2 * 1024 * 1024 * 1024) /* past --max-upload's own maximum */

static bool hash_valid(const char *s)
{
	size_t n = 0;
	if (s == NULL)
		return false;
	for (; s[n] != '\0'; n++) {
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
			return false;
	}
	return n == UPLOAD_HASH - 1;
}

/* True when If-None-Match holds etag (or is "*"). Our tags are quoted hex
 * (with a -320 tail for thumbnails), so a substring match is exact; a
 * weak W/ prefix matches too, as it should for If-None-Match. */
static bool etag_matches(const char *inm, const char *etag)
{
	if (inm == NULL)
		return false;
	if (strcmp(inm, "*") == 0)
		return true;
	return strstr(inm, etag) != NULL;
}

/* The whole file at path in one malloc'd buffer: 0, or -1 with errno
 * (ENOENT when it is not there). */
static int read_whole(const char *path, char **data, size_t *len)
{
	struct stat st;
	char *p = NULL;
	size_t got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0)
		goto fail;
	if (!S_ISREG(st.st_mode) || st.st_size < 0 || (uint64_t)st.st_size > MAX_SERVED) {
		errno = EINVAL;
		goto fail;
	}
	size_t size = (size_t)st.st_size;
	if ((p = malloc(size > 0 ? size : 1)) == NULL)
		goto fail;
	while (got < size) {
		ssize_t r = read(fd, p + got, size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			goto fail;
		if (r == 0) { /* shorter than it said: never for a file renamed into place */
			errno = EIO;
			goto fail;
		}
		got += (size_t)r;
	}
	close(fd);
	*data = p;
	*len = size;
	return 0;
fail:;
	int e = errno;
	free(p);
	close(fd);
	errno = e;
	return -1;
}

int uploads_load(const char *hash, char **data, size_t *len)
{
	char path[4096];
	if (!hash_valid(hash) || !upload_path(path, sizeof(path), hash, 0)) {
		errno = EINVAL;
		return -1;
	}
	return read_whole(path, data, len);
}

int uploads_load_thumb(const char *hash, char **data, size_t *len)
{
	char path[4096];
	if (!hash_valid(hash) || !upload_path(path, sizeof(path), hash, UPLOAD_THUMB_SMALL)) {
		errno = EINVAL;
		return -1;
	}
	return read_whole(path, data, len);
}

static const char *extension(const char *mime)
{
	if (strcmp(mime, "image/png") == 0)
		return "png";
	if (strcmp(mime, "image/webp") == 0)
		return "webp";
	if (strcmp(mime, "image/jpeg") == 0)
		return "jpg";
	return "pdf";
}

void uploads_serve(request *req, page *pg)
{
	const char *hash = request_param(req, "slug");
	const char *size = request_param(req, "size");
	int width = 0;
	if (!hash_valid(hash)) {
		page_not_found(pg);
		return;
	}
	if (size != NULL) {
		if (strcmp(size, "kecil") == 0)
			width = UPLOAD_THUMB_SMALL;
		else if (strcmp(size, "besar") == 0)
			width = UPLOAD_THUMB_LARGE;
		else {
			page_not_found(pg);
			return;
		}
	}

	db *c = db_thread();
	json_t *row = NULL;
	int rc = c != NULL ? db_query_row_json(c, "SELECT mime FROM files WHERE hash = ?",
	                                       DB_ARGS(DB_TEXT(hash)), &row)
	                   : DB_UNAVAILABLE;
	if (rc == DB_DONE) {
		page_not_found(pg);
		return;
	}
	if (rc != DB_ROW) {
		page_db_error(req, pg, c, rc);
		return;
	}
	const char *mime = upload_mime(json_string_value(json_object_get(row, "mime")));
	json_decref(row);
	if (mime == NULL) { /* the table's CHECK allows no other */
		page_fail(req, pg, "uploads: a files row with an unknown type");
		return;
	}
	bool document = strcmp(mime, "application/pdf") == 0;
	if (width > 0 && document) { /* documents have no thumbnails */
		page_not_found(pg);
		return;
	}

	response *res = pg->res;
	const char *etag = width > 0 ? arena_printf(req->arena, "\"%s-%d\"", hash, width)
	                             : arena_printf(req->arena, "\"%s\"", hash);
	const char *disposition =
		document ? arena_printf(req->arena, "attachment; filename=\"dokumen-%.12s.pdf\"", hash)
		: width > 0 ? arena_printf(req->arena, "inline; filename=\"gambar-%.12s-%s.jpg\"", hash, size)
		: arena_printf(req->arena, "inline; filename=\"gambar-%.12s.%s\"", hash, extension(mime));
	if (etag == NULL || disposition == NULL)
		return; /* the arena ran out: the app answers 503 */

	/* read for a 304 too: MHD sends no body with it but states its length,
	 * which must be the 200's (RFC 9110 8.6; see tests/http/test_static.py) */
	char path[4096];
	char *data = NULL;
	size_t len = 0;
	if (!upload_path(path, sizeof(path), hash, width)) {
		page_fail(req, pg, "uploads: path too long");
		return;
	}
	if (read_whole(path, &data, &len) != 0) {
		if (errno == ENOENT) {
			log_error(req->id, "uploads: %s is in the files table but missing on disk", path);
			page_not_found(pg);
		} else {
			log_error(req->id, "uploads: cannot read %s: %s", path, strerror(errno));
			page_fail(req, pg, "uploads: unreadable file");
		}
		return;
	}
	bool fresh = etag_matches(request_header(req, "If-None-Match"), etag);
	response_free(res);
	res->status = fresh ? 304 : 200;
	res->content_type = fresh ? NULL : width > 0 ? "image/jpeg" : mime;
	res->body = data;
	res->len = len;
	res->body_static = false;
	res->csp = FILE_CSP;
	response_header(res, "ETag", etag);
	response_header(res, "Cache-Control", "public, max-age=31536000, immutable");
	response_header(res, "Content-Disposition", disposition);
	pg->raw = true;
}
