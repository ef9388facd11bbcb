/*
 * check.c - what the bytes of an uploaded file are (see uploads_int.h):
 * the type by content (libmagic), an image's size from its header before
 * anything is decoded, the decode itself (libgd), EXIF orientation, and
 * thumbnails. No disk, no database, no request: store.c does those.
 *
 * Decompression bombs: a few kilobytes can claim a 100000x100000 picture,
 * and libgd allocates the whole canvas (4 bytes a pixel) as soon as it has
 * read the header, with no limit of its own. So the size is read first, by
 * the code that will decode (libjpeg's jpeg_read_header, libwebp's
 * WebPGetInfo, which gd calls itself) or from the PNG IHDR (libpng wants
 * it as the first chunk, at a fixed place), and anything over the pixel
 * limit is refused before gd sees it; the decoded image must then have
 * exactly that size.
 */
#include "uploads/uploads_int.h"

#include <limits.h>
#include <magic.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <webp/decode.h>

#include <jpeglib.h> /* after stdio.h, which it needs */
#include <jerror.h>

#define SNIFF_BYTES (64u * 1024)
#define JPEG_QUALITY 80

static const char mime_pdf[] = "application/pdf";
static const char mime_jpeg[] = "image/jpeg";
static const char mime_png[] = "image/png";
static const char mime_webp[] = "image/webp";

/* --- type by content ------------------------------------------------------ */

static pthread_mutex_t magic_lock = PTHREAD_MUTEX_INITIALIZER;
static magic_t magic_cookie;

/* gd reports a broken file on stderr by default; a broken upload is the
 * sender's problem, answered with a message, not a log line. */
static void gd_quiet(int priority, const char *format, va_list args)
{
	(void)priority;
	(void)format;
	(void)args;
}

int upload_magic_open(char *err, size_t errlen)
{
	int rc = -1;
	pthread_mutex_lock(&magic_lock);
	gdSetErrorMethod(gd_quiet);
	if (magic_cookie != NULL) {
		rc = 0;
		goto done;
	}
	/* Only the magic database: none of libmagic's built-in parsers (ELF,
	 * CDF, tar, compressed files, text encodings, JSON, CSV), which our
	 * four types do not need and which have had their own bugs. */
	magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_BUILTIN | MAGIC_NO_COMPRESS_FORK);
	if (m == NULL) {
		snprintf(err, errlen, "libmagic: cannot open");
		goto done;
	}
	if (magic_load(m, NULL) != 0) {
		snprintf(err, errlen, "libmagic: cannot load its database: %s",
		         magic_error(m) ? magic_error(m) : "unknown error");
		magic_close(m);
		goto done;
	}
	magic_cookie = m;
	rc = 0;
done:
	pthread_mutex_unlock(&magic_lock);
	return rc;
}

void upload_magic_close(void)
{
	pthread_mutex_lock(&magic_lock);
	if (magic_cookie != NULL)
		magic_close(magic_cookie);
	magic_cookie = NULL;
	pthread_mutex_unlock(&magic_lock);
}

const char *upload_mime(const char *type)
{
	static const char *const allowed[] = { mime_pdf, mime_jpeg, mime_png, mime_webp };
	for (size_t i = 0; type != NULL && i < sizeof(allowed) / sizeof(allowed[0]); i++) {
		if (strcmp(type, allowed[i]) == 0)
			return allowed[i];
	}
	return NULL;
}

const char *upload_sniff(const void *data, size_t len)
{
	if (len == 0)
		return NULL;
	pthread_mutex_lock(&magic_lock);
	const char *t = magic_cookie != NULL
	                ? magic_buffer(magic_cookie, data, len < SNIFF_BYTES ? len : SNIFF_BYTES)
	                : NULL;
	const char *ours = upload_mime(t); /* t is the cookie's: read it under the lock */
	pthread_mutex_unlock(&magic_lock);
	return ours;
}

/* --- headers ---------------------------------------------------------------- */

static uint32_t get16(const unsigned char *p, bool le)
{
	return le ? (uint32_t)p[0] | (uint32_t)p[1] << 8 : (uint32_t)p[0] << 8 | (uint32_t)p[1];
}

static uint32_t get32(const unsigned char *p, bool le)
{
	return le ? get16(p, true) | get16(p + 2, true) << 16
	          : get16(p, false) << 16 | get16(p + 2, false);
}

int upload_exif_orientation(const unsigned char *p, size_t n)
{
	static const unsigned char exif[6] = { 'E', 'x', 'i', 'f', 0, 0 };
	if (n < sizeof(exif) + 8 || memcmp(p, exif, sizeof(exif)) != 0)
		return 1;
	const unsigned char *t = p + sizeof(exif); /* TIFF: byte order, 42, first IFD */
	size_t tn = n - sizeof(exif);
	bool le;
	if (t[0] == 'I' && t[1] == 'I')
		le = true;
	else if (t[0] == 'M' && t[1] == 'M')
		le = false;
	else
		return 1;
	if (get16(t + 2, le) != 42)
		return 1;
	uint32_t ifd = get32(t + 4, le);
	if (ifd > tn || tn - ifd < 2)
		return 1;
	size_t count = get16(t + ifd, le);
	size_t room = (tn - ifd - 2) / 12;
	if (count > room)
		count = room;
	for (size_t i = 0; i < count; i++) {
		const unsigned char *e = t + ifd + 2 + i * 12; /* tag, type, count, value */
		if (get16(e, le) != 0x0112)
			continue;
		if (get16(e + 2, le) != 3 || get32(e + 4, le) != 1) /* one SHORT */
			return 1;
		uint32_t v = get16(e + 8, le);
		return v >= 1 && v <= 8 ? (int)v : 1;
	}
	return 1;
}

struct jpeg_fail {
	struct jpeg_error_mgr mgr;
	jmp_buf jump;
};

static void jpeg_fail_exit(j_common_ptr c)
{
	longjmp(((struct jpeg_fail *)(void *)c->err)->jump, 1);
}

static void jpeg_quiet(j_common_ptr c)
{
	(void)c;
}

/* The size (and, with orientation, the EXIF orientation) of a JPEG, read
 * by libjpeg up to the start of the first scan: no pixel is decoded. */
static bool jpeg_header(const void *data, size_t len, uint32_t *w, uint32_t *h, int *orientation)
{
	struct jpeg_decompress_struct c;
	struct jpeg_fail fail;
	if (len > ULONG_MAX)
		return false;
	memset(&c, 0, sizeof(c));
	c.err = jpeg_std_error(&fail.mgr);
	fail.mgr.error_exit = jpeg_fail_exit;
	fail.mgr.output_message = jpeg_quiet;
	if (setjmp(fail.jump) != 0) {
		jpeg_destroy_decompress(&c);
		return false;
	}
	jpeg_create_decompress(&c);
	jpeg_mem_src(&c, data, (unsigned long)len);
	if (orientation != NULL)
		jpeg_save_markers(&c, JPEG_APP0 + 1, 0xFFFF);
	if (jpeg_read_header(&c, TRUE) != JPEG_HEADER_OK) {
		jpeg_destroy_decompress(&c);
		return false;
	}
	*w = c.image_width;
	*h = c.image_height;
	if (orientation != NULL) {
		*orientation = 1;
		for (jpeg_saved_marker_ptr m = c.marker_list; m != NULL; m = m->next) {
			if (m->marker == JPEG_APP0 + 1 && m->data_length >= 6 &&
			    memcmp(m->data, "Exif\0", 6) == 0) {
				*orientation = upload_exif_orientation(m->data, m->data_length);
				break;
			}
		}
	}
	jpeg_destroy_decompress(&c);
	return true;
}

bool upload_image_size(const char *mime, const void *data, size_t len, uint32_t *w, uint32_t *h)
{
	static const unsigned char png_sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	const unsigned char *p = data;
	*w = *h = 0;
	if (mime == mime_png) {
		/* signature, then the IHDR chunk: length 13, "IHDR", width, height */
		if (len < 24 || memcmp(p, png_sig, 8) != 0 || get32(p + 8, false) != 13 ||
		    memcmp(p + 12, "IHDR", 4) != 0)
			return false;
		*w = get32(p + 16, false);
		*h = get32(p + 20, false);
	} else if (mime == mime_webp) {
		int iw, ih;
		if (!WebPGetInfo(data, len, &iw, &ih) || iw <= 0 || ih <= 0)
			return false;
		*w = (uint32_t)iw;
		*h = (uint32_t)ih;
	} else if (mime == mime_jpeg) {
		if (!jpeg_header(data, len, w, h, NULL))
			return false;
	} else {
		return false;
	}
	return *w > 0 && *h > 0;
}

int upload_jpeg_orientation(const void *data, size_t len)
{
	uint32_t w, h;
	int o = 1;
	return jpeg_header(data, len, &w, &h, &o) ? o : 1;
}

/* --- the whole check ---------------------------------------------------------- */

int upload_inspect(const void *data, size_t len, size_t max_bytes, uint64_t max_pixels,
                   bool images_only, struct upload_check *out, const char **error_key)
{
	uint32_t w, h;
	memset(out, 0, sizeof(*out));
	out->orientation = 1;
	if (len == 0) {
		*error_key = "upload.empty";
		return -1;
	}
	if (len > max_bytes || len > INT_MAX) { /* gd takes an int */
		*error_key = "upload.too_large";
		return -1;
	}
	const char *mime = upload_sniff(data, len);
	if (mime == NULL || (images_only && mime == mime_pdf)) {
		/* a photo or logo field says what it takes: images only */
		*error_key = images_only ? "upload.type_image" : "upload.type";
		return -1;
	}
	out->mime = mime;
	if (mime == mime_pdf)
		return 0; /* kept as it is; only ever sent as an attachment */
	if (!upload_image_size(mime, data, len, &w, &h)) {
		*error_key = "upload.broken";
		return -1;
	}
	if ((uint64_t)w * h > max_pixels) {
		*error_key = "upload.pixels";
		return -1;
	}
	if (mime == mime_jpeg)
		out->orientation = upload_jpeg_orientation(data, len);
	void *bytes = (void *)(uintptr_t)data; /* gd only reads (a dynamic ctx that does not free) */
	gdImagePtr im = mime == mime_png    ? gdImageCreateFromPngPtr((int)len, bytes)
	                : mime == mime_jpeg ? gdImageCreateFromJpegPtr((int)len, bytes)
	                                    : gdImageCreateFromWebpPtr((int)len, bytes);
	if (im == NULL || (uint32_t)gdImageSX(im) != w || (uint32_t)gdImageSY(im) != h) {
		if (im != NULL)
			gdImageDestroy(im);
		*error_key = "upload.broken";
		return -1;
	}
	out->image = true;
	out->im = im;
	out->width = out->orientation >= 5 ? (int)h : (int)w;
	out->height = out->orientation >= 5 ? (int)w : (int)h;
	return 0;
}

/* --- thumbnails ------------------------------------------------------------- */

/* Where the pixel (x, y) of the upright picture is in the stored one
 * (w x h), for EXIF orientation o. */
static void oriented(int o, int w, int h, int x, int y, int *sx, int *sy)
{
	switch (o) {
	case 2: *sx = w - 1 - x, *sy = y; break;             /* mirrored */
	case 3: *sx = w - 1 - x, *sy = h - 1 - y; break;     /* turned 180 */
	case 4: *sx = x, *sy = h - 1 - y; break;             /* flipped */
	case 5: *sx = y, *sy = x; break;                     /* transposed */
	case 6: *sx = y, *sy = h - 1 - x; break;             /* turned 90 clockwise */
	case 7: *sx = w - 1 - y, *sy = h - 1 - x; break;     /* transversed */
	case 8: *sx = w - 1 - y, *sy = x; break;             /* turned 90 anticlockwise */
	default: *sx = x, *sy = y; break;
	}
}

/* One channel of c over white, by gd's alpha (0 opaque, 127 clear). */
static int over_white(int channel, int alpha)
{
	return (channel * (gdAlphaMax - alpha) + 255 * alpha + gdAlphaMax / 2) / gdAlphaMax;
}

gdImagePtr upload_thumbnail(gdImagePtr im, int orientation, int max_width)
{
	int sw = gdImageSX(im), sh = gdImageSY(im);
	bool turned = orientation >= 5;
	int dw = turned ? sh : sw, dh = turned ? sw : sh; /* as shown */
	int tw = dw > max_width ? max_width : dw;
	int64_t th64 = ((int64_t)dh * tw + dw / 2) / dw;
	int th = th64 < 1 ? 1 : (int)th64;
	int rw = turned ? th : tw, rh = turned ? tw : th; /* the resized, as stored */

	gdImagePtr r = gdImageCreateTrueColor(rw, rh);
	if (r == NULL)
		return NULL;
	gdImageAlphaBlending(r, 0); /* keep the alpha: it is flattened below */
	gdImageSaveAlpha(r, 1);
	gdImageCopyResampled(r, im, 0, 0, 0, 0, rw, rh, sw, sh);

	gdImagePtr t = gdImageCreateTrueColor(tw, th);
	if (t == NULL) {
		gdImageDestroy(r);
		return NULL;
	}
	for (int y = 0; y < th; y++) {
		for (int x = 0; x < tw; x++) {
			int sx, sy;
			oriented(orientation, rw, rh, x, y, &sx, &sy);
			int c = gdImageGetTrueColorPixel(r, sx, sy);
			int a = gdTrueColorGetAlpha(c);
			t->tpixels[y][x] = gdTrueColor(over_white(gdTrueColorGetRed(c), a),
			                               over_white(gdTrueColorGetGreen(c), a),
			                               over_white(gdTrueColorGetBlue(c), a));
		}
	}
	gdImageDestroy(r);
	return t;
}

/* libjpeg writes the thumbnail into memory of ours (its own jpeg_mem_dest
 * loses track of a grown buffer when an error jumps out). Kept on the heap:
 * what changes between setjmp and longjmp must not be a local. */
struct jpeg_out {
	struct jpeg_destination_mgr mgr;
	unsigned char *data;
	size_t cap, len;
	unsigned char *row;
};

static void jpeg_out_fail(j_compress_ptr c)
{
	c->err->msg_code = JERR_OUT_OF_MEMORY;
	c->err->error_exit((j_common_ptr)c);
}

static void jpeg_out_init(j_compress_ptr c)
{
	struct jpeg_out *o = (struct jpeg_out *)(void *)c->dest;
	o->cap = 16 * 1024;
	o->data = malloc(o->cap);
	if (o->data == NULL)
		jpeg_out_fail(c);
	o->mgr.next_output_byte = o->data;
	o->mgr.free_in_buffer = o->cap;
}

static boolean jpeg_out_grow(j_compress_ptr c)
{
	struct jpeg_out *o = (struct jpeg_out *)(void *)c->dest;
	size_t used = o->cap;
	unsigned char *more = o->cap <= SIZE_MAX / 2 ? realloc(o->data, o->cap * 2) : NULL;
	if (more == NULL)
		jpeg_out_fail(c);
	o->data = more;
	o->cap *= 2;
	o->mgr.next_output_byte = more + used;
	o->mgr.free_in_buffer = o->cap - used;
	return TRUE;
}

static void jpeg_out_term(j_compress_ptr c)
{
	struct jpeg_out *o = (struct jpeg_out *)(void *)c->dest;
	o->len = o->cap - o->mgr.free_in_buffer;
}

unsigned char *upload_jpeg(gdImagePtr im, size_t *len)
{
	struct jpeg_compress_struct c;
	struct jpeg_fail fail;
	int w = gdImageSX(im), h = gdImageSY(im);
	*len = 0;
	if (!gdImageTrueColor(im))
		return NULL;
	struct jpeg_out *o = calloc(1, sizeof(*o));
	if (o == NULL || (o->row = malloc((size_t)w * 3)) == NULL) {
		free(o);
		return NULL;
	}
	o->mgr.init_destination = jpeg_out_init;
	o->mgr.empty_output_buffer = jpeg_out_grow;
	o->mgr.term_destination = jpeg_out_term;
	memset(&c, 0, sizeof(c));
	c.err = jpeg_std_error(&fail.mgr);
	fail.mgr.error_exit = jpeg_fail_exit;
	fail.mgr.output_message = jpeg_quiet;
	if (setjmp(fail.jump) != 0) {
		jpeg_destroy_compress(&c);
		free(o->data);
		free(o->row);
		free(o);
		return NULL;
	}
	jpeg_create_compress(&c);
	c.dest = &o->mgr;
	c.image_width = (JDIMENSION)w;
	c.image_height = (JDIMENSION)h;
	c.input_components = 3;
	c.in_color_space = JCS_RGB;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, JPEG_QUALITY, TRUE);
	c.optimize_coding = TRUE;
	jpeg_simple_progression(&c);
	jpeg_start_compress(&c, TRUE);
	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++) {
			int px = im->tpixels[y][x];
			o->row[3 * x] = (unsigned char)gdTrueColorGetRed(px);
			o->row[3 * x + 1] = (unsigned char)gdTrueColorGetGreen(px);
			o->row[3 * x + 2] = (unsigned char)gdTrueColorGetBlue(px);
		}
		JSAMPROW rows[1] = { o->row };
		jpeg_write_scanlines(&c, rows, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	unsigned char *out = o->data;
	*len = o->len;
	free(o->row);
	free(o);
	return out;
}
