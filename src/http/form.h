/*
 * form.h - reading a request body: urlencoded and multipart forms through
 * MHD's post processor, anything else kept raw. Limits give clear answers:
 * a body over the route's limit is a 413, too many fields a 400, a field
 * name that is not valid UTF-8 a 400. A field value that is not valid
 * UTF-8 is kept, repaired and marked bad, so the form can come back with
 * a message beside that field and everything else the person typed.
 */
#ifndef TERBUKA_HTTP_FORM_H
#define TERBUKA_HTTP_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "http/request.h"

#define FORM_MAX_FIELDS 200

/* Prepares to read the body (call once the headers are in). */
void form_begin(request *req);
/* Feeds a piece of the body. Errors are recorded in req->early_status. */
void form_feed(request *req, const char *data, size_t size);
/* The body is complete: validates the fields, frees the post processor. */
void form_end(request *req);

/* The first value of a form field, or NULL when it was not sent; *len
 * gets its length and *bad whether it had to be repaired (either may be
 * NULL). */
const char *form_get(const request *req, const char *name, size_t *len, bool *bad);

#endif
