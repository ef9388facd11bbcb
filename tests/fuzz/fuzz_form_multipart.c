/*
 * fuzz_form_multipart.c - fuzzes the form reader (src/http/form.c on MHD's
 * post processor, inside src/http/server.c) with multipart/form-data bodies.
 *
 * Each input is one POST over a fresh loopback connection to the real
 * server (tests/fuzz/formkit.c). After the optional 0xFF n (chunked in
 * pieces of n + 1 bytes), "B:<boundary>\n" or "Q:<boundary>\n" picks the
 * boundary (plain or quoted in the Content-Type; at most 70 bytes, no CR),
 * else it is "XyZfuzz". The server must answer 200 or 400 (never 500, never
 * hang); fields are valid UTF-8 without NUL, files NUL-terminated.
 */
#include <stdio.h>
#include <string.h>

#include "formkit.h"
#include "fuzz.h"

#define MAX_BOUNDARY 70 /* RFC 2046 5.1.1 */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	formkit_start();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char type[128];
	size_t chunk = formkit_framing(&data, &size);
	const char *boundary = "XyZfuzz";
	int blen = 7;
	bool quoted = false;
	if (size >= 2 && (data[0] == 'B' || data[0] == 'Q') && data[1] == ':') {
		const uint8_t *nl = memchr(data + 2, '\n', size - 2);
		size_t n = nl ? (size_t)(nl - data - 2) : 0;
		if (nl != NULL && n <= MAX_BOUNDARY && memchr(data + 2, '\r', n) == NULL &&
		    memchr(data + 2, '\0', n) == NULL) {
			quoted = data[0] == 'Q';
			boundary = (const char *)data + 2;
			blen = (int)n;
			size -= n + 3;
			data += n + 3;
		}
	}
	snprintf(type, sizeof(type), "multipart/form-data; boundary=%s%.*s%s", quoted ? "\"" : "",
	         blen, boundary, quoted ? "\"" : "");
	formkit_post(type, data, size, chunk);
	return 0;
}
