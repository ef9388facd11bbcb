/*
 * request.c - accessors over a request (see request.h).
 */
#include "http/request.h"

#include <microhttpd.h>

#include "core/str.h"

const char *request_header(const request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *request_param(const request *req, const char *name)
{
	return http_params_get(&req->match.params, name);
}

int64_t request_param_id(const request *req)
{
	const char *v = request_param(req, "id");
	int64_t id = 0;
	if (v == NULL || !str_to_i64(str_c(v), false, &id))
		return 0;
	return id;
}
