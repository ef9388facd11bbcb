/*
 * fuzz_json_twin.c - fuzzes the JSON twin: render_json (src/view/render.c)
 * over models that live in a request arena through the jansson allocator of
 * src/core/jsonmem.c, as while serving a request.
 *
 * The input is parsed with json_loadb (any value, "\u0000" allowed) while
 * a 16 MiB arena is current, rendered into a buf, parsed back, and must be
 * equal (json_equal) to the model; rendering again gives the same bytes.
 * The arena is freed at the end, as the server does after answering.
 */
#include <jansson.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/jsonmem.h"
#include "fuzz.h"
#include "view/render.h"

#define FLAGS (JSON_DECODE_ANY | JSON_ALLOW_NUL)

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	jsonmem_install();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena *a = arena_new(16u * 1024 * 1024);
	CHECK(a != NULL);
	arena_set_current(a);
	json_t *model = json_loadb((const char *)data, size, FLAGS, NULL);
	if (model != NULL) {
		buf out, again;
		buf_init(&out, 4u << 20);
		buf_init(&again, 4u << 20);
		int rc = render_json(model, &out);
		if (rc == 0) {
			json_error_t err;
			json_t *back = json_loadb(out.data, out.len, FLAGS, &err);
			if (back == NULL)
				fprintf(stderr, "twin does not parse: %s at %d\n", err.text, err.position);
			CHECK(back != NULL);
			CHECK(json_equal(model, back));
			CHECK(render_json(back, &again) == 0);
			CHECK(again.len == out.len && memcmp(again.data, out.data, out.len) == 0);
			json_decref(back);
		} else {
			CHECK(arena_failed(a) || buf_failed(&out));
		}
		buf_free(&out);
		buf_free(&again);
		json_decref(model);
	}
	arena_set_current(NULL);
	arena_free(a);
	return 0;
}
