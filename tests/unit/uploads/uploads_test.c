/*
 * uploads_test.c - the uploads module: what is taken and what is refused
 * (decided by the bytes, never the name or the claimed type), how a file
 * is stored (once, by its BLAKE2b-256, atomically, with a `files` row and
 * thumbnails of the right size, upright and without metadata), the
 * decompression-bomb guard, and the EXIF orientation reader. On SQLite,
 * and on PostgreSQL too when TERBUKA_TEST_PG names a database.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <gd.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "db/db.h"
#include "db/migrate.h"
#include "uploads/uploads.h"
#include "uploads/uploads_int.h"
#include "search/search.h"

#define LIMIT (256u * 1024) /* --max-upload for these tests */

static char tmpdir[64];
static char folder[128];

/* --- fixtures ----------------------------------------------------------------- */

/* 3x2 RGB PNG (red, green, blue columns), written by Python's zlib */
static const unsigned char png_3x2[] = {
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
	0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x02,
	0x08, 0x02, 0x00, 0x00, 0x00, 0x12, 0x16, 0xf1, 0x4d, 0x00, 0x00, 0x00,
	0x10, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0xf8, 0xcf, 0xc0, 0xc0,
	0x00, 0xc1, 0x70, 0x16, 0x00, 0x3b, 0xd8, 0x05, 0xfb, 0x36, 0x11, 0x98,
	0xea, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60,
	0x82,
};

/* a PNG that claims 100000x100000 pixels (40 GB for gd) in a few bytes */
static const unsigned char png_bomb[] = {
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
	0x49, 0x48, 0x44, 0x52, 0x00, 0x01, 0x86, 0xa0, 0x00, 0x01, 0x86, 0xa0,
	0x08, 0x02, 0x00, 0x00, 0x00, 0x27, 0x30, 0x9c, 0x9f, 0x00, 0x00, 0x00,
	0x0c, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x60, 0xa0, 0x0c, 0x00,
	0x00, 0x00, 0x40, 0x00, 0x01, 0x89, 0xc9, 0xaf, 0x43, 0x00, 0x00, 0x00,
	0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};

/* 4x3 JPEG (red, one blue pixel at the top left), written by libgd */
static const unsigned char jpeg_4x3[] = {
	0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01,
	0x01, 0x01, 0x00, 0x60, 0x00, 0x60, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x3b,
	0x43, 0x52, 0x45, 0x41, 0x54, 0x4f, 0x52, 0x3a, 0x20, 0x67, 0x64, 0x2d,
	0x6a, 0x70, 0x65, 0x67, 0x20, 0x76, 0x31, 0x2e, 0x30, 0x20, 0x28, 0x75,
	0x73, 0x69, 0x6e, 0x67, 0x20, 0x49, 0x4a, 0x47, 0x20, 0x4a, 0x50, 0x45,
	0x47, 0x20, 0x76, 0x36, 0x32, 0x29, 0x2c, 0x20, 0x71, 0x75, 0x61, 0x6c,
	0x69, 0x74, 0x79, 0x20, 0x3d, 0x20, 0x37, 0x35, 0x0a, 0xff, 0xdb, 0x00,
	0x43, 0x00, 0x08, 0x06, 0x06, 0x07, 0x06, 0x05, 0x08, 0x07, 0x07, 0x07,
	0x09, 0x09, 0x08, 0x0a, 0x0c, 0x14, 0x0d, 0x0c, 0x0b, 0x0b, 0x0c, 0x19,
	0x12, 0x13, 0x0f, 0x14, 0x1d, 0x1a, 0x1f, 0x1e, 0x1d, 0x1a, 0x1c, 0x1c,
	0x20, 0x24, 0x2e, 0x27, 0x20, 0x22, 0x2c, 0x23, 0x1c, 0x1c, 0x28, 0x37,
	0x29, 0x2c, 0x30, 0x31, 0x34, 0x34, 0x34, 0x1f, 0x27, 0x39, 0x3d, 0x38,
	0x32, 0x3c, 0x2e, 0x33, 0x34, 0x32, 0xff, 0xdb, 0x00, 0x43, 0x01, 0x09,
	0x09, 0x09, 0x0c, 0x0b, 0x0c, 0x18, 0x0d, 0x0d, 0x18, 0x32, 0x21, 0x1c,
	0x21, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32,
	0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32,
	0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32,
	0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32,
	0x32, 0x32, 0x32, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x03, 0x00, 0x04,
	0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xff, 0xc4,
	0x00, 0x1f, 0x00, 0x00, 0x01, 0x05, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04,
	0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0xff, 0xc4, 0x00, 0xb5, 0x10,
	0x00, 0x02, 0x01, 0x03, 0x03, 0x02, 0x04, 0x03, 0x05, 0x05, 0x04, 0x04,
	0x00, 0x00, 0x01, 0x7d, 0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12,
	0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07, 0x22, 0x71, 0x14, 0x32,
	0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0,
	0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a,
	0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39,
	0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55,
	0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
	0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85,
	0x86, 0x87, 0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98,
	0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2,
	0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5,
	0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8,
	0xd9, 0xda, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea,
	0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xff, 0xc4,
	0x00, 0x1f, 0x01, 0x00, 0x03, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
	0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04,
	0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0xff, 0xc4, 0x00, 0xb5, 0x11,
	0x00, 0x02, 0x01, 0x02, 0x04, 0x04, 0x03, 0x04, 0x07, 0x05, 0x04, 0x04,
	0x00, 0x01, 0x02, 0x77, 0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21,
	0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71, 0x13, 0x22, 0x32, 0x81,
	0x08, 0x14, 0x42, 0x91, 0xa1, 0xb1, 0xc1, 0x09, 0x23, 0x33, 0x52, 0xf0,
	0x15, 0x62, 0x72, 0xd1, 0x0a, 0x16, 0x24, 0x34, 0xe1, 0x25, 0xf1, 0x17,
	0x18, 0x19, 0x1a, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x35, 0x36, 0x37, 0x38,
	0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54,
	0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68,
	0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x82, 0x83,
	0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96,
	0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9,
	0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3,
	0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6,
	0xd7, 0xd8, 0xd9, 0xda, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9,
	0xea, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xff, 0xda,
	0x00, 0x0c, 0x03, 0x01, 0x00, 0x02, 0x11, 0x03, 0x11, 0x00, 0x3f, 0x00,
	0xe3, 0xd5, 0x42, 0xa8, 0x55, 0x00, 0x00, 0x30, 0x00, 0xed, 0x45, 0x14,
	0x57, 0x8c, 0xdb, 0x6e, 0xec, 0xfd, 0x2d, 0x2b, 0x1f, 0xff, 0xd9,
};

/* 4x3 lossless WebP (the same picture), written by libgd */
static const unsigned char webp_4x3[] = {
	0x52, 0x49, 0x46, 0x46, 0x22, 0x00, 0x00, 0x00, 0x57, 0x45, 0x42, 0x50,
	0x56, 0x50, 0x38, 0x4c, 0x15, 0x00, 0x00, 0x00, 0x2f, 0x03, 0x80, 0x00,
	0x00, 0x0f, 0x30, 0x1e, 0x83, 0xfc, 0x8f, 0xff, 0xf9, 0x0f, 0x1e, 0xdc,
	0xe1, 0x21, 0xa2, 0xff, 0x61, 0x00,
};


static const char pdf_doc[] =
	"%PDF-1.4\n"
	"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
	"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
	"trailer << /Root 1 0 R >>\n"
	"%%EOF\n";

/* A picture of w x h made with gd: the left half red, the right half
 * blue (or all clear when clear), as PNG or JPEG bytes (gdFree them). */
static void *picture(int w, int h, bool jpeg, bool clear, int *len)
{
	gdImagePtr im = gdImageCreateTrueColor(w, h);
	assert_non_null(im);
	gdImageAlphaBlending(im, 0);
	gdImageSaveAlpha(im, 1);
	if (clear) {
		gdImageFilledRectangle(im, 0, 0, w - 1, h - 1, gdTrueColorAlpha(0, 0, 0, gdAlphaTransparent));
	} else {
		gdImageFilledRectangle(im, 0, 0, w / 2 - 1, h - 1, gdTrueColor(255, 0, 0));
		gdImageFilledRectangle(im, w / 2, 0, w - 1, h - 1, gdTrueColor(0, 0, 255));
	}
	void *p = jpeg ? gdImageJpegPtr(im, len, 90) : gdImagePngPtr(im, len);
	gdImageDestroy(im);
	assert_non_null(p);
	return p;
}

/* jpeg with an APP1 Exif segment (orientation o, big-endian TIFF) put
 * right after SOI, as phones write it. malloc'd. */
static unsigned char *with_orientation(const unsigned char *jpeg, size_t len, int o, size_t *outlen)
{
	const unsigned char app1[] = {
		0xff, 0xe1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,
		'M', 'M', 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, /* TIFF header, IFD0 at 8 */
		0x00, 0x01,                                   /* one entry */
		0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, (unsigned char)(o >> 8), (unsigned char)o, 0, 0,
		0x00, 0x00, 0x00, 0x00,                       /* no next IFD */
	};
	assert_int_equal(sizeof(app1) - 2, 0x22);
	unsigned char *out = malloc(len + sizeof(app1));
	assert_non_null(out);
	memcpy(out, jpeg, 2);
	memcpy(out + 2, app1, sizeof(app1));
	memcpy(out + 2 + sizeof(app1), jpeg + 2, len - 2);
	*outlen = len + sizeof(app1);
	return out;
}

static int store(const void *data, size_t len, const char *name, const char *type,
                 bool images_only, upload *up, const char **key)
{
	http_file f = { .field = "berkas", .filename = name, .content_type = type,
		        .data = (char *)(uintptr_t)data, .len = len };
	return uploads_store(db_thread(), &f, images_only, up, key);
}

static void assert_refused(const void *data, size_t len, const char *name, const char *type,
                           bool images_only, const char *want)
{
	upload up;
	const char *key = NULL;
	assert_int_equal(store(data, len, name, type, images_only, &up, &key), DB_DONE);
	assert_non_null(key);
	assert_string_equal(key, want);
}

static int64_t rows(void)
{
	int64_t n = -1;
	assert_int_equal(db_query_int(db_thread(), "SELECT count(*) FROM files", DB_NOARGS, &n), DB_ROW);
	return n;
}

static json_t *row_of(const char *hash)
{
	json_t *row = NULL;
	assert_int_equal(db_query_row_json(db_thread(),
	                                   "SELECT mime, size, width, height, created_at FROM files "
	                                   "WHERE hash = ?", DB_ARGS(DB_TEXT(hash)), &row), DB_ROW);
	return row;
}

/* Files (and temporary files) in the folder of hash. */
static int files_in(const char *hash, int *temporary)
{
	char dir[256];
	snprintf(dir, sizeof(dir), "%s/%.2s", folder, hash);
	DIR *d = opendir(dir);
	int n = 0;
	*temporary = 0;
	if (d == NULL)
		return 0;
	for (struct dirent *e; (e = readdir(d)) != NULL;) {
		if (e->d_name[0] == '.' && (e->d_name[1] == '\0' || strcmp(e->d_name, "..") == 0))
			continue;
		if (strncmp(e->d_name, ".tmp-", 5) == 0)
			(*temporary)++;
		else
			n++;
	}
	closedir(d);
	return n;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *p = malloc((size_t)n + 1);
	assert_non_null(p);
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return p;
}

/* The thumbnail of hash at width, decoded (gdImageDestroy it). */
static gdImagePtr thumbnail(const char *hash, int width, char **bytes, size_t *len)
{
	char path[512];
	assert_true(upload_path(path, sizeof(path), hash, width));
	char *p = read_file(path, len);
	assert_non_null(p);
	gdImagePtr im = gdImageCreateFromJpegPtr((int)*len, p);
	assert_non_null(im);
	if (bytes != NULL)
		*bytes = p;
	else
		free(p);
	return im;
}

static bool contains(const char *p, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(p + i, needle, k) == 0)
			return true;
	return false;
}

/* --- what is taken ---------------------------------------------------------------- */

static void test_the_four_types_are_taken_by_content(void **state)
{
	static const struct {
		const unsigned char *data;
		size_t len;
		const char *name, *claimed, *mime;
		int w, h;
	} cases[] = {
		{ png_3x2, sizeof(png_3x2), "a.png", "image/png", "image/png", 3, 2 },
		{ jpeg_4x3, sizeof(jpeg_4x3), "b.jpg", "image/jpeg", "image/jpeg", 4, 3 },
		{ webp_4x3, sizeof(webp_4x3), "c.webp", "image/webp", "image/webp", 4, 3 },
		/* names and claimed types count for nothing */
		{ png_3x2, sizeof(png_3x2), "foto.pdf", "application/pdf", "image/png", 3, 2 },
		{ (const unsigned char *)pdf_doc, sizeof(pdf_doc) - 1, "surat", "text/plain", "application/pdf", 0, 0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		upload up;
		const char *key = "unset";
		assert_int_equal(store(cases[i].data, cases[i].len, cases[i].name, cases[i].claimed,
		                       false, &up, &key), DB_OK);
		assert_null(key);
		assert_string_equal(up.mime, cases[i].mime);
		assert_int_equal(up.size, cases[i].len);
		assert_int_equal(up.width, cases[i].w);
		assert_int_equal(up.height, cases[i].h);
		assert_int_equal(up.image, cases[i].w > 0);

		/* the hash is BLAKE2b-256 of the bytes, in lower-case hex */
		unsigned char h[32];
		char hex[65];
		crypto_generichash(h, sizeof(h), cases[i].data, cases[i].len, NULL, 0);
		sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
		assert_string_equal(up.hash, hex);

		/* the bytes as they came, at DIR/ab/<hash> */
		char path[512];
		size_t len;
		assert_true(upload_path(path, sizeof(path), up.hash, 0));
		char *p = read_file(path, &len);
		assert_non_null(p);
		assert_int_equal(len, cases[i].len);
		assert_memory_equal(p, cases[i].data, len);
		free(p);
		struct stat st;
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_mode & 0777, 0640);

		json_t *row = row_of(up.hash);
		assert_string_equal(json_string_value(json_object_get(row, "mime")), cases[i].mime);
		assert_int_equal(json_integer_value(json_object_get(row, "size")), (json_int_t)cases[i].len);
		if (cases[i].w > 0) {
			assert_int_equal(json_integer_value(json_object_get(row, "width")), cases[i].w);
			assert_int_equal(json_integer_value(json_object_get(row, "height")), cases[i].h);
		} else {
			assert_true(json_is_null(json_object_get(row, "width")));
			assert_true(json_is_null(json_object_get(row, "height")));
		}
		const char *at = json_string_value(json_object_get(row, "created_at"));
		assert_non_null(at);
		assert_int_equal(strlen(at), 20); /* 2026-11-28T16:15:14Z */
		json_decref(row);
	}
	assert_int_equal(rows(), 4); /* the PNG twice under two names: one row */
}

/* --- what is refused ------------------------------------------------------------- */

static void test_refused_by_content(void **state)
{
	static const char text[] = "Ini bukan PDF, hanya teks biasa.\n";
	static const char html[] = "<!doctype html><html><script>alert(1)</script></html>\n";
	assert_refused(text, sizeof(text) - 1, "laporan.pdf", "application/pdf", false, "upload.type");
	assert_refused(html, sizeof(html) - 1, "foto.png", "image/png", false, "upload.type");
	/* a PDF where only images are taken (photos, logos) */
	assert_refused(pdf_doc, sizeof(pdf_doc) - 1, "logo.pdf", "application/pdf", true, "upload.type_image");
	/* other images: a GIF */
	static const unsigned char gif[] = "GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff"
	                                   "!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";
	assert_refused(gif, sizeof(gif) - 1, "a.png", "image/png", false, "upload.type");
	assert_int_equal(rows(), 0);
}

static void test_empty_and_too_large(void **state)
{
	upload up;
	const char *key = NULL;
	assert_refused("", 0, "kosong.pdf", "application/pdf", false, "upload.empty");
	assert_int_equal(uploads_store(db_thread(), NULL, false, &up, &key), DB_DONE);
	assert_string_equal(key, "upload.empty");

	/* one byte over the limit, even a real PNG's start: refused unread */
	char *big = calloc(1, LIMIT + 1);
	assert_non_null(big);
	memcpy(big, png_3x2, sizeof(png_3x2));
	assert_refused(big, LIMIT + 1, "besar.png", "image/png", false, "upload.too_large");
	/* at the limit the size is fine (a PNG followed by zeros decodes) */
	assert_int_equal(store(big, LIMIT, "besar.png", "image/png", false, &up, &key), DB_OK);
	assert_int_equal(up.size, LIMIT);
	free(big);
	assert_int_equal(uploads_max(), LIMIT);
	assert_int_equal(rows(), 1);
}

static void test_broken_images(void **state)
{
	/* cut in the middle of its pixels */
	assert_refused(png_3x2, 50, "a.png", "image/png", false, "upload.broken");
	assert_refused(webp_4x3, 30, "a.webp", "image/webp", false, "upload.broken");
	/* a JPEG cut before its first scan */
	assert_refused(jpeg_4x3, 200, "a.jpg", "image/jpeg", false, "upload.broken");
	/* a PNG whose header says it is 0 pixels wide */
	unsigned char bad[sizeof(png_3x2)];
	memcpy(bad, png_3x2, sizeof(bad));
	bad[19] = 0;
	assert_refused(bad, sizeof(bad), "a.png", "image/png", false, "upload.broken");
	/* an IHDR of the wrong length is not even a PNG to libmagic */
	memcpy(bad, png_3x2, sizeof(bad));
	bad[11] = 12;
	assert_refused(bad, sizeof(bad), "a.png", "image/png", false, "upload.type");
	assert_int_equal(rows(), 0);
}

/* A small file claiming a huge picture is refused from its header, before
 * anything the size of the picture is allocated. */
static void test_decompression_bombs(void **state)
{
	assert_refused(png_bomb, sizeof(png_bomb), "bom.png", "image/png", false, "upload.pixels");

	/* a lossless WebP header claiming 16384 x 16384 */
	static const unsigned char webp_bomb[] = {
		'R', 'I', 'F', 'F', 0x1a, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'L',
		0x0d, 0, 0, 0, 0x2f, 0xff, 0xff, 0xff, 0x0f, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	uint32_t w, h;
	assert_true(upload_image_size(upload_mime("image/webp"), webp_bomb, sizeof(webp_bomb), &w, &h));
	assert_int_equal(w, 16384);
	assert_int_equal(h, 16384);
	assert_refused(webp_bomb, sizeof(webp_bomb), "bom.webp", "image/webp", false, "upload.pixels");

	/* the 4x3 JPEG with its frame header saying 60000 x 60000 */
	unsigned char jpeg[sizeof(jpeg_4x3)];
	memcpy(jpeg, jpeg_4x3, sizeof(jpeg));
	size_t sof = 0;
	for (size_t i = 2; i + 9 < sizeof(jpeg) && sof == 0; i++)
		if (jpeg[i] == 0xff && jpeg[i + 1] == 0xc0)
			sof = i;
	assert_true(sof > 0);
	jpeg[sof + 5] = 0xea, jpeg[sof + 6] = 0x60; /* height */
	jpeg[sof + 7] = 0xea, jpeg[sof + 8] = 0x60; /* width */
	assert_true(upload_image_size(upload_mime("image/jpeg"), jpeg, sizeof(jpeg), &w, &h));
	assert_int_equal(w, 60000);
	assert_int_equal(h, 60000);
	assert_refused(jpeg, sizeof(jpeg), "bom.jpg", "image/jpeg", false, "upload.pixels");

	/* just under the limit is a matter of the limit, not of the header */
	struct upload_check chk;
	const char *key = NULL;
	assert_int_equal(upload_inspect(png_3x2, sizeof(png_3x2), LIMIT, 6, false, &chk, &key), 0);
	gdImageDestroy(chk.im);
	assert_int_equal(upload_inspect(png_3x2, sizeof(png_3x2), LIMIT, 5, false, &chk, &key), -1);
	assert_string_equal(key, "upload.pixels");
	assert_int_equal(rows(), 0);
}

/* --- how it is stored ----------------------------------------------------------- */

static void test_stored_once(void **state)
{
	upload a, b;
	const char *key;
	int tmp;
	assert_int_equal(store(png_3x2, sizeof(png_3x2), "a.png", "image/png", false, &a, &key), DB_OK);
	assert_int_equal(store(png_3x2, sizeof(png_3x2), "b.png", "image/png", true, &b, &key), DB_OK);
	assert_string_equal(a.hash, b.hash);
	assert_int_equal(rows(), 1);
	assert_int_equal(files_in(a.hash, &tmp), 3); /* the bytes and two thumbnails */
	assert_int_equal(tmp, 0);
	/* a lost file is written again by the next upload of the same bytes */
	char path[512];
	assert_true(upload_path(path, sizeof(path), a.hash, 0));
	assert_int_equal(unlink(path), 0);
	assert_int_equal(store(png_3x2, sizeof(png_3x2), "c.png", "image/png", false, &b, &key), DB_OK);
	assert_int_equal(files_in(a.hash, &tmp), 3);
	assert_int_equal(rows(), 1);
}

struct racer {
	upload up;
	int rc;
};

static void *race(void *arg)
{
	struct racer *r = arg;
	const char *key;
	r->rc = store(jpeg_4x3, sizeof(jpeg_4x3), "x.jpg", "image/jpeg", false, &r->up, &key);
	return NULL;
}

static void test_the_same_file_at_once(void **state)
{
	pthread_t t[4];
	struct racer r[4];
	int tmp;
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, race, &r[i]), 0);
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(r[i].rc, DB_OK);
		assert_string_equal(r[i].up.hash, r[0].up.hash);
	}
	assert_int_equal(rows(), 1);
	assert_int_equal(files_in(r[0].up.hash, &tmp), 3);
	assert_int_equal(tmp, 0);
}

static void test_thumbnails(void **state)
{
	int len;
	void *png = picture(1200, 600, false, false, &len);
	upload up;
	const char *key;
	assert_int_equal(store(png, (size_t)len, "lebar.png", "image/png", false, &up, &key), DB_OK);
	gdFree(png);
	assert_int_equal(up.width, 1200);
	assert_int_equal(up.height, 600);
	json_t *row = row_of(up.hash);
	assert_int_equal(json_integer_value(json_object_get(row, "width")), 1200);
	assert_int_equal(json_integer_value(json_object_get(row, "height")), 600);
	json_decref(row);

	size_t n;
	gdImagePtr s = thumbnail(up.hash, UPLOAD_THUMB_SMALL, NULL, &n);
	assert_int_equal(gdImageSX(s), 320);
	assert_int_equal(gdImageSY(s), 160);
	gdImageDestroy(s);
	gdImagePtr l = thumbnail(up.hash, UPLOAD_THUMB_LARGE, NULL, &n);
	assert_int_equal(gdImageSX(l), 960);
	assert_int_equal(gdImageSY(l), 480);
	/* the left half stays red, the right blue */
	int c = gdImageGetTrueColorPixel(l, 100, 240);
	assert_true(gdTrueColorGetRed(c) > 200 && gdTrueColorGetBlue(c) < 60);
	c = gdImageGetTrueColorPixel(l, 860, 240);
	assert_true(gdTrueColorGetBlue(c) > 200 && gdTrueColorGetRed(c) < 60);
	gdImageDestroy(l);

	/* never enlarged: a 4x3 picture's thumbnails are 4x3 */
	assert_int_equal(store(webp_4x3, sizeof(webp_4x3), "k.webp", "image/webp", false, &up, &key), DB_OK);
	s = thumbnail(up.hash, UPLOAD_THUMB_SMALL, NULL, &n);
	assert_int_equal(gdImageSX(s), 4);
	assert_int_equal(gdImageSY(s), 3);
	gdImageDestroy(s);
	l = thumbnail(up.hash, UPLOAD_THUMB_LARGE, NULL, &n);
	assert_int_equal(gdImageSX(l), 4);
	gdImageDestroy(l);

	/* a tall one keeps its aspect: 500 x 2000 -> 320 x 1280 */
	png = picture(500, 2000, false, false, &len);
	assert_int_equal(store(png, (size_t)len, "tinggi.png", "image/png", false, &up, &key), DB_OK);
	gdFree(png);
	s = thumbnail(up.hash, UPLOAD_THUMB_SMALL, NULL, &n);
	assert_int_equal(gdImageSX(s), 320);
	assert_int_equal(gdImageSY(s), 1280);
	gdImageDestroy(s);
	l = thumbnail(up.hash, UPLOAD_THUMB_LARGE, NULL, &n);
	assert_int_equal(gdImageSX(l), 500); /* narrower than 960 already */
	assert_int_equal(gdImageSY(l), 2000);
	gdImageDestroy(l);

	/* a document has none */
	char path[512];
	assert_int_equal(store(pdf_doc, sizeof(pdf_doc) - 1, "d.pdf", "application/pdf", false, &up, &key), DB_OK);
	assert_true(upload_path(path, sizeof(path), up.hash, UPLOAD_THUMB_SMALL));
	assert_int_equal(access(path, F_OK), -1);
}

static void test_transparent_becomes_white(void **state)
{
	int len;
	void *png = picture(40, 40, false, true, &len);
	upload up;
	const char *key;
	assert_int_equal(store(png, (size_t)len, "logo.png", "image/png", true, &up, &key), DB_OK);
	gdFree(png);
	size_t n;
	gdImagePtr s = thumbnail(up.hash, UPLOAD_THUMB_SMALL, NULL, &n);
	int c = gdImageGetTrueColorPixel(s, 20, 20);
	assert_true(gdTrueColorGetRed(c) > 245 && gdTrueColorGetGreen(c) > 245 &&
	            gdTrueColorGetBlue(c) > 245);
	gdImageDestroy(s);
}

/* A phone's portrait photo: stored lying down with EXIF orientation 6.
 * Width and height are as shown, the thumbnails are turned upright and
 * carry no EXIF; the original keeps its bytes. */
static void test_exif_orientation(void **state)
{
	int len;
	unsigned char *jpeg = picture(40, 20, true, false, &len);
	size_t n;
	unsigned char *photo = with_orientation(jpeg, (size_t)len, 6, &n);
	gdFree(jpeg);
	assert_int_equal(upload_jpeg_orientation(photo, n), 6);
	upload up;
	const char *key;
	assert_int_equal(store(photo, n, "IMG_0001.jpg", "image/jpeg", false, &up, &key), DB_OK);
	assert_int_equal(up.width, 20);
	assert_int_equal(up.height, 40);
	json_t *row = row_of(up.hash);
	assert_int_equal(json_integer_value(json_object_get(row, "width")), 20);
	assert_int_equal(json_integer_value(json_object_get(row, "height")), 40);
	json_decref(row);

	char *bytes;
	size_t blen;
	gdImagePtr s = thumbnail(up.hash, UPLOAD_THUMB_SMALL, &bytes, &blen);
	assert_int_equal(gdImageSX(s), 20);
	assert_int_equal(gdImageSY(s), 40);
	/* turned a quarter clockwise: the left (red) half is now on top */
	int c = gdImageGetTrueColorPixel(s, 10, 6);
	assert_true(gdTrueColorGetRed(c) > 200 && gdTrueColorGetBlue(c) < 60);
	c = gdImageGetTrueColorPixel(s, 10, 34);
	assert_true(gdTrueColorGetBlue(c) > 200 && gdTrueColorGetRed(c) < 60);
	gdImageDestroy(s);
	assert_false(contains(bytes, blen, "Exif"));
	assert_false(contains(bytes, blen, "CREATOR")); /* gd's comment: not written */
	assert_int_equal((unsigned char)bytes[0], 0xff);
	assert_int_equal((unsigned char)bytes[1], 0xd8);
	free(bytes);

	char path[512];
	assert_true(upload_path(path, sizeof(path), up.hash, 0));
	char *orig = read_file(path, &blen);
	assert_int_equal(blen, n);
	assert_memory_equal(orig, photo, n);
	free(orig);
	free(photo);

	/* every orientation gives the right shape */
	jpeg = picture(40, 20, true, false, &len);
	for (int o = 1; o <= 8; o++) {
		photo = with_orientation(jpeg, (size_t)len, o, &n);
		assert_int_equal(store(photo, n, "x.jpg", "image/jpeg", false, &up, &key), DB_OK);
		assert_int_equal(up.width, o >= 5 ? 20 : 40);
		assert_int_equal(up.height, o >= 5 ? 40 : 20);
		s = thumbnail(up.hash, UPLOAD_THUMB_SMALL, NULL, &blen);
		assert_int_equal(gdImageSX(s), up.width);
		assert_int_equal(gdImageSY(s), up.height);
		/* where red ends up: left (1), right (2, 3), left (4), top (5, 6), bottom (7, 8) */
		int x = o >= 5 ? 10 : (o == 2 || o == 3) ? 30 : 10;
		int y = o >= 5 ? ((o == 5 || o == 6) ? 6 : 34) : 10;
		c = gdImageGetTrueColorPixel(s, x, y);
		assert_true(gdTrueColorGetRed(c) > 200 && gdTrueColorGetBlue(c) < 60);
		gdImageDestroy(s);
		free(photo);
	}
	gdFree(jpeg);
}

static void test_exif_reader(void **state)
{
	/* little-endian, the tag after another one */
	static const unsigned char le[] = {
		'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 0x2a, 0, 8, 0, 0, 0, 2, 0,
		0x0f, 0x01, 2, 0, 4, 0, 0, 0, 'A', 'B', 'C', 0,  /* Make */
		0x12, 0x01, 3, 0, 1, 0, 0, 0, 8, 0, 0, 0,       /* Orientation 8 */
		0, 0, 0, 0,
	};
	assert_int_equal(upload_exif_orientation(le, sizeof(le)), 8);
	/* cut anywhere: never read past the end, 1 when the tag is not whole */
	for (size_t n = 0; n < sizeof(le); n++) {
		unsigned char *p = malloc(n ? n : 1); /* exact size: ASan sees any overread */
		memcpy(p, le, n);
		assert_int_equal(upload_exif_orientation(p, n), n >= 40 ? 8 : 1);
		free(p);
	}
	unsigned char bad[sizeof(le)];
	memcpy(bad, le, sizeof(le));
	bad[36] = 9; /* not an orientation */
	assert_int_equal(upload_exif_orientation(bad, sizeof(bad)), 1);
	memcpy(bad, le, sizeof(le));
	bad[30] = 4; /* a LONG, not a SHORT */
	assert_int_equal(upload_exif_orientation(bad, sizeof(bad)), 1);
	memcpy(bad, le, sizeof(le));
	bad[10] = 0xf0, bad[13] = 0x7f; /* IFD0 far past the end */
	assert_int_equal(upload_exif_orientation(bad, sizeof(bad)), 1);
	memcpy(bad, le, sizeof(le));
	bad[14] = 0xff, bad[15] = 0xff; /* 65535 entries claimed */
	assert_int_equal(upload_exif_orientation(bad, sizeof(bad)), 8);
	memcpy(bad, le, sizeof(le));
	bad[6] = 'X'; /* no byte order */
	assert_int_equal(upload_exif_orientation(bad, sizeof(bad)), 1);
	/* a JPEG without EXIF */
	assert_int_equal(upload_jpeg_orientation(jpeg_4x3, sizeof(jpeg_4x3)), 1);
	assert_int_equal(upload_jpeg_orientation("", 0), 1);
}

static void test_urls(void **state)
{
	arena *a = arena_new(4096);
	const char *h = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	assert_string_equal(uploads_url(a, h, NULL),
	                    "/berkas/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	assert_string_equal(uploads_url(a, h, "kecil"),
	                    "/berkas/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef/kecil");
	char path[512];
	assert_true(upload_path(path, sizeof(path), h, 960));
	char want[512];
	snprintf(want, sizeof(want), "%s/01/%s-960.jpg", folder, h);
	assert_string_equal(path, want);
	assert_false(upload_path(path, 40, h, 0));
	arena_free(a);
}

/* --- set-up --------------------------------------------------------------------- */

static int fresh_folder(void)
{
	char cmd[256], err[256];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", folder);
	if (system(cmd) != 0)
		return -1;
	struct config cfg;
	memset(&cfg, 0, sizeof(cfg));
	cfg.uploads = folder;
	cfg.max_upload = LIMIT;
	if (uploads_init(&cfg, err, sizeof(err)) != 0) {
		fprintf(stderr, "uploads_init: %s\n", err);
		return -1;
	}
	return 0;
}

/* Each test starts with no rows and an empty uploads folder. */
static int empty(void **state)
{
	if (db_exec(db_thread(), "DELETE FROM files", DB_NOARGS, NULL) != DB_OK)
		return -1;
	return fresh_folder();
}

static int open_db(const char *pg_url)
{
	char err[256], location[512];
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/uploads-test.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(folder, sizeof(folder), "%s/var/uploads", tmpdir); /* var/ is made too */
	snprintf(location, sizeof(location), "%s/uploads.db", tmpdir);
	if (db_init(pg_url ? pg_url : location, err, sizeof(err)) != DB_OK) {
		fprintf(stderr, "db_init: %s\n", err);
		return -1;
	}
	db *c = db_thread();
	if (c == NULL || db_migrate(c, err, sizeof(err)) < 0) {
		fprintf(stderr, "migrate: %s\n", err);
		return -1;
	}
	return fresh_folder();
}

static int setup_sqlite(void **state)
{
	return open_db(NULL);
}

static int setup_pg(void **state)
{
	return open_db(getenv("TERBUKA_TEST_PG"));
}

static int teardown(void **state)
{
	db_exec(db_thread(), "DELETE FROM files", DB_NOARGS, NULL);
	db_shutdown();
	uploads_free();
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	if (search_init() != 0) /* migration 008 needs its tokenizer */
		return 1;
	if (sodium_init() < 0)
		return 1;
#define T(f) cmocka_unit_test_setup(f, empty)
	const struct CMUnitTest tests[] = {
		T(test_the_four_types_are_taken_by_content),
		T(test_refused_by_content),
		T(test_empty_and_too_large),
		T(test_broken_images),
		T(test_decompression_bombs),
		T(test_stored_once),
		T(test_the_same_file_at_once),
		T(test_thumbnails),
		T(test_transparent_becomes_white),
		T(test_exif_orientation),
		T(test_exif_reader),
		T(test_urls),
	};
	int failed = cmocka_run_group_tests_name("uploads on SQLite", tests, setup_sqlite, teardown);
	const char *pg = getenv("TERBUKA_TEST_PG");
	if (pg != NULL && pg[0] != '\0')
		failed += cmocka_run_group_tests_name("uploads on PostgreSQL", tests, setup_pg, teardown);
	else
		printf("uploads on PostgreSQL: skipped (TERBUKA_TEST_PG not set)\n");
	return failed;
}
