/*
 * web_int.h - what web.c and web_proof.c share.
 */
#ifndef TERBUKA_LEDGER_WEB_INT_H
#define TERBUKA_LEDGER_WEB_INT_H

#include <stdbool.h>

#include "app.h"

/* The signed head of that size (0: the latest) as a JSON object, or NULL. */
json_t *ledger_web_head(db *c, int64_t size);
/* The query parameter as a positive integer: true with *out set, or left
 * alone when absent; false when present but not one. */
bool ledger_web_int(request *req, const char *name, int64_t *out);

#endif
