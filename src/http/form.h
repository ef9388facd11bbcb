/*
 * form.h - reading a request body: urlencoded and multipart forms through
 * MHD's post processor, anything else kept raw. Limits give clear answers:
 * a body over the route's limit is a 413, too many fields a 400, a field
 * that is not valid UTF-8 a 400.
 */
#ifndef TERBUKA_HTTP_FORM_H
#define TERBUKA_HTTP_FORM_H

#include <stddef.h>

#include "http/request.h"

#define FORM_MAX_FIELDS 200

/* Prepares to read the body (call once the headers are in). */
void form_begin(request *req);
/* Feeds a piece of the body. Errors are recorded in req->early_status. */
void form_feed(request *req, const char *data, size_t size);
/* The body is complete: validates the fields, frees the post processor. */
void form_end(request *req);

#endif
