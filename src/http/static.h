/*
 * static.h - the files under static/, served from memory.
 *
 * At start-up every regular file under the folder is read once, with its
 * MIME type, an ETag (BLAKE2b of the bytes) and gzip and brotli variants
 * where they are smaller. Requests are answered from that table by exact
 * name, so no request ever touches the file system: "..", encoded
 * slashes and symlinks cannot reach outside the folder (symlinks that
 * point outside are skipped at load). Changed files need a restart.
 */
#ifndef TERBUKA_HTTP_STATIC_H
#define TERBUKA_HTTP_STATIC_H

#include <stdbool.h>
#include <stddef.h>

#include "http/request.h"
#include "http/response.h"

/* Loads dir (e.g. "static"); files are served under prefix ("/static/").
 * Returns 0, or -1 with a message in err. */
int static_load(const char *dir, const char *prefix, char *err, size_t errlen);
void static_free(void);
/* A short hash of every file's content, to bust caches: "?v=..." */
const char *static_version(void);
/* Answers req if path names a loaded file; false when it does not. */
bool static_serve(const request *req, const char *path, response *res);

#endif
