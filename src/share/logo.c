/*
 * logo.c - a department's logo for its share cards: the upload's small
 * thumbnail (a JPEG the uploads module re-encoded, 320 pixels wide at
 * most, so never a decompression bomb), decoded by libgd and copied into
 * cairo's 32-bit format. A logo that is missing or unreadable is not an
 * error: the card shows the department's initials.
 */
#include <gd.h>
#include <stdlib.h>

#include "share/share.h"
#include "uploads/uploads.h"

int share_logo_load(const char *hash, share_logo *out)
{
	*out = (share_logo){ 0 };
	char *data = NULL;
	size_t len = 0;
	if (uploads_load_thumb(hash, &data, &len) != 0 || len > 4u << 20) {
		free(data);
		return -1;
	}
	gdImagePtr im = gdImageCreateFromJpegPtr((int)len, data);
	free(data);
	if (im == NULL)
		return -1;
	int w = gdImageSX(im), h = gdImageSY(im);
	out->pixels = w > 0 && h > 0 && w <= 4096 && h <= 4096 ? malloc((size_t)w * (size_t)h * 4) : NULL;
	if (out->pixels == NULL) {
		gdImageDestroy(im);
		return -1;
	}
	out->width = w;
	out->height = h;
	out->stride = w * 4;
	for (int y = 0; y < h; y++) {
		uint32_t *row = (uint32_t *)(out->pixels + (size_t)y * (size_t)out->stride);
		for (int x = 0; x < w; x++) { /* a JPEG is opaque: alpha 255, nothing to premultiply */
			int p = gdImageGetTrueColorPixel(im, x, y);
			row[x] = 0xff000000u | (uint32_t)gdTrueColorGetRed(p) << 16 | (uint32_t)gdTrueColorGetGreen(p) << 8 |
			         (uint32_t)gdTrueColorGetBlue(p);
		}
	}
	gdImageDestroy(im);
	return 0;
}

void share_logo_free(share_logo *l)
{
	free(l->pixels);
	*l = (share_logo){ 0 };
}
