/*
 * response.c - building a response (see response.h).
 */
#include "http/response.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "http/sse.h"

void response_init(response *res)
{
	memset(res, 0, sizeof(*res));
	res->status = 200;
}

void response_free(response *res)
{
	if (res->stream != NULL) { /* a stream answer replaced by another */
		sse_client_abort(res->stream);
		res->stream = NULL;
	}
	if (!res->body_static)
		free(res->body);
	res->body = NULL;
	res->len = 0;
}

bool response_header(response *res, const char *name, const char *value)
{
	if (res->nheaders == RESPONSE_MAX_HEADERS || name == NULL || value == NULL)
		return false;
	res->headers[res->nheaders].name = name;
	res->headers[res->nheaders].value = value;
	res->nheaders++;
	return true;
}

void response_set_buf(response *res, unsigned status, const char *content_type, buf *b)
{
	response_free(res);
	res->status = status;
	res->content_type = content_type;
	res->body_static = false;
	res->body = buf_steal(b, &res->len);
}

void response_set_static(response *res, unsigned status, const char *content_type,
                         const char *body, size_t len)
{
	response_free(res);
	res->status = status;
	res->content_type = content_type;
	res->body = (char *)body;
	res->len = len;
	res->body_static = true;
}

bool response_set_text(response *res, unsigned status, const char *text)
{
	buf b;
	buf_init(&b, strlen(text) + 1);
	buf_puts(&b, text);
	if (buf_failed(&b)) {
		buf_free(&b);
		return false;
	}
	response_set_buf(res, status, "text/plain; charset=utf-8", &b);
	return true;
}

bool response_gzip(const char *in, size_t len, char **out, size_t *outlen)
{
	uLong bound = compressBound((uLong)len) + 32;
	char *z_out = malloc(bound);
	z_stream z = { 0 };
	if (z_out == NULL || deflateInit2(&z, 5, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
		free(z_out);
		return false;
	}
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)z_out;
	z.avail_out = (uInt)bound;
	bool ok = deflate(&z, Z_FINISH) == Z_STREAM_END;
	deflateEnd(&z);
	if (!ok) {
		free(z_out);
		return false;
	}
	*out = z_out;
	*outlen = z.total_out;
	return true;
}
