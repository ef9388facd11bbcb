/*
 * uploads.h - files people upload (documents and photos), kept by content.
 *
 * Only PDF, JPEG, PNG and WebP are taken, decided by the bytes (libmagic),
 * never by the name or the type the browser claims. A file is stored once
 * under its hash (hex BLAKE2b-256) in the uploads folder, written
 * atomically, with a row in `files`; images get resized thumbnails. They
 * are served at /berkas/<hash> (and /berkas/<hash>/<size> for a
 * thumbnail) with their true Content-Type, and documents as attachments.
 *
 * Originals are kept byte for byte, metadata included (a phone photo's
 * EXIF, GPS position too); thumbnails are re-encoded and carry none
 * (docs/ARCHITECTURE.md, "Uploads"). Pages should show thumbnails.
 */
#ifndef TERBUKA_UPLOADS_H
#define TERBUKA_UPLOADS_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "core/config.h"
#include "db/db.h"
#include "http/request.h"

#define UPLOAD_HASH 65 /* 64 hex digits and a NUL */

/* Thumbnail widths in pixels, by name in the URL. */
#define UPLOAD_THUMB_SMALL 320 /* "kecil" */
#define UPLOAD_THUMB_LARGE 960 /* "besar" */

/* Images with more pixels than this are refused before they are decoded
 * (a small file can claim a huge picture: a decompression bomb). */
#define UPLOAD_MAX_PIXELS (40u * 1000 * 1000)

typedef struct upload {
	char hash[UPLOAD_HASH];
	const char *mime;   /* "image/png", ... (static string) */
	size_t size;
	int width, height;  /* images, as shown (EXIF orientation applied);
	                     * 0 for documents */
	bool image;
} upload;

/* Settings (uploads folder, size limit); creates the folder. 0, or -1
 * with a one-line reason in err. */
int uploads_init(const struct config *cfg, char *err, size_t errlen);
/* Releases what uploads_init took (after the server stopped). */
void uploads_free(void);
/* The largest upload accepted, in bytes (routes that take files raise
 * their body limit to this plus a little). */
size_t uploads_max(void);

/* Checks and stores one uploaded file (in the caller's transaction, if
 * any: the row is written with c; the bytes are on disk before). On
 * success returns DB_OK and fills *out. When the file is refused returns
 * DB_DONE with *error_key a locale key for the form: "upload.type" (or
 * "upload.type_image" when images_only),
 * "upload.too_large" (its {n}: uploads_max() in MB), "upload.empty",
 * "upload.broken", or "upload.pixels" (over UPLOAD_MAX_PIXELS; its text
 * names the 40 megapixels itself, so a form may pass every key the same
 * {n}). Otherwise another db status when the database failed, or
 * DB_ERROR when the file could not be written (logged here; a file may
 * stay on disk: harmless, it is content-addressed). images_only refuses
 * PDFs (photos, logos). Thread-safe; one image is decoded at a time per
 * process, which bounds the memory decoding takes. */
int uploads_store(db *c, const http_file *f, bool images_only, upload *out,
                  const char **error_key);

/* The URL of a stored file, or of its thumbnail (size "kecil"/"besar"),
 * in a's memory. */
const char *uploads_url(arena *a, const char *hash, const char *size);

/* The bytes of stored file hash in one malloc'd buffer (the caller frees
 * it): 0, or -1 with errno (ENOENT when the file is not on disk). */
int uploads_load(const char *hash, char **data, size_t *len);

/* The same for an image's small thumbnail (a JPEG UPLOAD_THUMB_SMALL
 * wide at most); -1 with ENOENT for a document, which has none. */
int uploads_load_thumb(const char *hash, char **data, size_t *len);

/* GET /berkas/:slug and /berkas/:slug/:size (src/routes.c). */
void uploads_serve(request *req, page *pg);

/* Adds to a stored file's row ({hash, mime, size, ...}) its "url", "image"
 * (bool), "thumb" for images and "size_label" ("12 KB"); true for images. */
bool uploads_decorate(arena *a, json_t *file);

#endif
