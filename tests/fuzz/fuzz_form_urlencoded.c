/*
 * fuzz_form_urlencoded.c - fuzzes the form reader (src/http/form.c on
 * MHD's post processor, inside src/http/server.c) with urlencoded bodies.
 *
 * Each input is one POST with Content-Type application/x-www-form-urlencoded
 * over a fresh loopback connection to the real server (tests/fuzz/formkit.c);
 * a leading 0xFF n sends it chunked in pieces of n + 1 bytes. The server
 * must answer 200 or 400 (never 500, never hang), and the fields it hands
 * the handler are valid UTF-8 without NUL with the right lengths.
 */
#include "formkit.h"
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	formkit_start();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t chunk = formkit_framing(&data, &size);
	formkit_post("application/x-www-form-urlencoded", data, size, chunk);
	return 0;
}
