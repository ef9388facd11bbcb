/*
 * uploads_int.h - inside the uploads module: what the bytes of a file are
 * (check.c), shared by store.c, the unit tests and the fuzz target.
 *
 * Nothing here touches the disk or the database. The functions that read
 * untrusted bytes (upload_image_size, upload_exif_orientation,
 * upload_inspect) are pure apart from libmagic's state and have a fuzz
 * target (tests/fuzz/fuzz_upload.c).
 */
#ifndef TERBUKA_UPLOADS_INT_H
#define TERBUKA_UPLOADS_INT_H

#include <gd.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* libmagic, loaded once (the compiled file(1) database); 0, or -1 with a
 * reason in err. One magic_t behind a mutex: uploads are rare, and the
 * lifetime is plain (opened here, closed by upload_magic_close). */
int upload_magic_open(char *err, size_t errlen);
void upload_magic_close(void);
/* The MIME type libmagic sees in the bytes ("image/png", "text/plain"...),
 * as a static string of ours when it is one of the four we take, else
 * NULL. Only the first 64 KiB are looked at (the four are told apart by
 * their first bytes). */
const char *upload_sniff(const void *data, size_t len);

/* Our static string for one of the four types we take ("image/png" ...),
 * or NULL for any other. */
const char *upload_mime(const char *type);

/* The stored width and height of an image, read from its header by the
 * same code that will decode it (libjpeg, libwebp) or from the PNG IHDR,
 * which libpng requires first at a fixed place. true when the header is
 * readable. Nothing is decoded or allocated in proportion to the image. */
bool upload_image_size(const char *mime, const void *data, size_t len, uint32_t *w,
                       uint32_t *h);

/* The EXIF orientation (1-8; 1 when absent or unreadable) of a JPEG, from
 * its APP1 "Exif" segment (found by libjpeg). */
int upload_jpeg_orientation(const void *data, size_t len);
/* The orientation tag in an APP1 payload ("Exif\0\0" + TIFF), 1 when there
 * is none or it is malformed. Pure; bounds-checked. */
int upload_exif_orientation(const unsigned char *p, size_t n);

/* What a file is, once checked. */
struct upload_check {
	const char *mime;   /* static */
	bool image;
	int width, height;  /* as shown (orientation applied); 0 for a PDF */
	int orientation;    /* EXIF orientation, 1-8 (1 for PNG, WebP) */
	gdImagePtr im;      /* the decoded image (as stored, not yet turned);
	                     * the caller destroys it */
};

/* Checks len bytes: empty, larger than max_bytes, not one of the four
 * types (or a PDF when images_only), an unreadable image, more pixels
 * than max_pixels. 0 with *out filled (for an image, out->im decoded), or
 * -1 with *error_key set. Decodes in the calling thread: callers that
 * run in parallel serialize it (store.c). */
int upload_inspect(const void *data, size_t len, size_t max_bytes, uint64_t max_pixels,
                   bool images_only, struct upload_check *out, const char **error_key);

/* A thumbnail of im (turned upright by orientation) at most max_width
 * wide as shown, never enlarged, its aspect kept, on white where im is
 * transparent. NULL when out of memory. */
gdImagePtr upload_thumbnail(gdImagePtr im, int orientation, int max_width);
/* im (truecolor) as a progressive JPEG, quality 80, written by libjpeg
 * with no marker but JFIF's (gd's own writer adds a comment): malloc'd
 * bytes the caller frees, or NULL. */
unsigned char *upload_jpeg(gdImagePtr im, size_t *len);

/* --- store.c ----------------------------------------------------------------- */

/* The path of a stored file (thumb_width 0) or of its thumbnail:
 * DIR/ab/<hash> or DIR/ab/<hash>-320.jpg. false when it does not fit. */
bool upload_path(char *out, size_t outlen, const char *hash, int thumb_width);

#endif
