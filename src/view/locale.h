/*
 * locale.h - the catalogue of interface strings (locale/id.json).
 *
 * The interface speaks Bahasa Indonesia; no user-facing sentence lives in
 * C code. Code refers to strings by dotted key ("error.not_found"), and
 * templates reach the whole catalogue as {{t.some.key}}.
 */
#ifndef TERBUKA_LOCALE_H
#define TERBUKA_LOCALE_H

#include <jansson.h>
#include <stddef.h>

#include "core/arena.h"

/* Loads the catalogue; 0, or -1 with "file:line: message" in err. */
int locale_load(const char *path, char *err, size_t errlen);
void locale_free(void);
/* The whole catalogue (read-only; never modify it). */
json_t *locale_root(void);
/* The string at a dotted key, or the key itself when it is missing. */
const char *locale_get(const char *key);

/* The string at key with each {name} replaced by its value (names that
 * are not given stay as written). In a's memory; NULL when it ran out. */
char *locale_fill(arena *a, const char *key, const char *const *names, const char *const *values,
                  size_t n);

#endif
