/*
 * fuzz_upload.c - fuzzes what the uploads module reads out of a file's
 * bytes (src/uploads/check.c): libmagic's verdict, the size read from an
 * image's header before decoding (PNG IHDR, libjpeg, libwebp), the EXIF
 * orientation reader, libgd's decode under that guard, and thumbnails.
 *
 * The pixel limit is 1 MP here (40 MP in the server) so that every input
 * decodes quickly; the guard is the same code. Invariants: a refusal
 * names one of the five reasons and holds no image; an accepted image was
 * decoded at exactly the size its header gave, within the pixel limit,
 * with its shown size the stored one turned by an orientation of 1-8; its
 * thumbnail is min(320, width) wide and encodes as a JPEG; the orientation
 * reader gives 1-8 for any bytes at all.
 */
#include <string.h>

#include "fuzz.h"
#include "uploads/uploads_int.h"

#define MAX_BYTES (1u << 20)
#define MAX_PIXELS 1000000u

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[256];
	if (upload_magic_open(err, sizeof(err)) != 0) {
		fprintf(stderr, "fuzz_upload: %s\n", err);
		abort();
	}
	return 0;
}

static bool is_reason(const char *key)
{
	static const char *const reasons[] = { "upload.empty", "upload.too_large", "upload.type", "upload.type_image",
		                               "upload.broken", "upload.pixels" };
	for (size_t i = 0; key != NULL && i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (strcmp(key, reasons[i]) == 0)
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int o = upload_exif_orientation(data, size);
	CHECK(o >= 1 && o <= 8);

	struct upload_check chk;
	const char *key = NULL;
	if (upload_inspect(data, size, MAX_BYTES, MAX_PIXELS, false, &chk, &key) != 0) {
		CHECK(is_reason(key));
		CHECK(chk.im == NULL);
		return 0;
	}
	CHECK(upload_mime(chk.mime) == chk.mime);
	if (!chk.image) {
		CHECK(strcmp(chk.mime, "application/pdf") == 0);
		CHECK(chk.im == NULL && chk.width == 0 && chk.height == 0);
		return 0;
	}
	CHECK(chk.im != NULL);
	CHECK(chk.orientation >= 1 && chk.orientation <= 8);
	uint32_t w, h;
	CHECK(upload_image_size(chk.mime, data, size, &w, &h));
	CHECK((uint32_t)gdImageSX(chk.im) == w && (uint32_t)gdImageSY(chk.im) == h);
	CHECK((uint64_t)w * h <= MAX_PIXELS);
	bool turned = chk.orientation >= 5;
	CHECK(chk.width == (int)(turned ? h : w) && chk.height == (int)(turned ? w : h));

	gdImagePtr t = upload_thumbnail(chk.im, chk.orientation, 320);
	CHECK(t != NULL);
	CHECK(gdImageSX(t) == (chk.width < 320 ? chk.width : 320));
	CHECK(gdImageSY(t) >= 1);
	size_t len = 0;
	unsigned char *jpeg = upload_jpeg(t, &len);
	CHECK(jpeg != NULL && len > 4 && jpeg[0] == 0xff && jpeg[1] == 0xd8);
	free(jpeg);
	gdImageDestroy(t);
	gdImageDestroy(chk.im);
	return 0;
}
