/*
 * formkit.h - the harness the two form targets share: the project's real
 * server (src/http/server.c) on a loopback port with hooks of our own, and
 * a client that POSTs one body per input over a fresh TCP connection.
 */
#ifndef TERBUKA_FUZZ_FORMKIT_H
#define TERBUKA_FUZZ_FORMKIT_H

#include <stddef.h>
#include <stdint.h>

/* Starts the server once (1 thread, 127.0.0.1, a free port); access lines
 * (stdout) go to /dev/null. Exits on failure. */
void formkit_start(void);

/* Takes an optional framing prefix off the input: 0xFF and a byte n send
 * the body chunked, in chunks of n + 1 bytes (so MHD's post processor is
 * fed in pieces); otherwise it goes whole with a Content-Length. Returns
 * the chunk size, 0 for Content-Length. */
size_t formkit_framing(const uint8_t **data, size_t *size);

/* POSTs body to the server with content_type (chunk as above); reads the
 * whole answer. Traps when the server does not answer within the timeout
 * or answers anything but 200 (the form as read) or 400 (a form refused).
 * Returns the status. */
unsigned formkit_post(const char *content_type, const uint8_t *body, size_t len, size_t chunk);

#endif
