/*
 * form.c - request bodies (see form.h).
 *
 * Field values arrive from the post processor in pieces; each piece is
 * appended to the current field, whose storage doubles in the arena, so a
 * large upload costs linear time.
 */
#include "http/form.h"

#include <microhttpd.h>
#include <string.h>

#include "core/str.h"

#define PP_BUFFER 16384

struct pending {
	char **data; /* where the field's bytes live (param value or file data) */
	size_t *len;
	size_t cap;
	const char *key;
};


static void fail(request *req, unsigned status, const char *message)
{
	if (req->early_status == 0) {
		req->early_status = status;
		req->early_message = message;
	}
}

static bool append(request *req, const char *data, size_t size)
{
	struct pending *pd = req->form_state;
	size_t need;
	if (__builtin_add_overflow(*pd->len, size, &need) ||
	    __builtin_add_overflow(need, 1, &need))
		return false;
	if (need > pd->cap) {
		size_t cap = pd->cap ? pd->cap : 64;
		while (cap < need)
			cap *= 2;
		char *p = arena_alloc(req->arena, cap);
		if (p == NULL)
			return false;
		if (*pd->len > 0)
			memcpy(p, *pd->data, *pd->len);
		*pd->data = p;
		pd->cap = cap;
	}
	memcpy(*pd->data + *pd->len, data, size);
	*pd->len += size;
	(*pd->data)[*pd->len] = '\0';
	return true;
}

static bool start_field(request *req, const char *key, const char *filename,
                        const char *content_type)
{
	struct pending *pd = req->form_state;
	arena *a = req->arena;
	char *k = arena_strdup(a, key);
	if (k == NULL)
		return false;
	if (filename != NULL) {
		http_file *f = arena_calloc(a, 1, sizeof(*f));
		if (f == NULL)
			return false;
		f->field = k;
		f->filename = arena_strdup(a, filename);
		f->content_type = arena_strdup(a, content_type ? content_type : "application/octet-stream");
		f->data = arena_strdup(a, "");
		if (f->filename == NULL || f->content_type == NULL || f->data == NULL)
			return false;
		f->next = req->files;
		req->files = f;
		pd->data = &f->data;
		pd->len = &f->len;
	} else {
		if (http_params_add(a, &req->form, k, arena_strdup(a, ""), 0) != PARSE_OK)
			return false;
		http_param *p = &req->form.v[req->form.n - 1];
		if (p->value == NULL)
			return false;
		pd->data = (char **)&p->value;
		pd->len = &p->len;
	}
	pd->cap = 1;
	pd->key = k;
	return true;
}

static enum MHD_Result on_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *filename, const char *content_type,
                                const char *transfer_encoding, const char *data,
                                uint64_t off, size_t size)
{
	request *req = cls;
	if (req->early_status != 0)
		return MHD_NO;
	if (key == NULL || key[0] == '\0') {
		fail(req, 400, "error.form_unnamed_field");
		return MHD_NO;
	}
	struct pending *pd = req->form_state;
	if (off == 0 || pd->key == NULL || strcmp(pd->key, key) != 0) {
		if (++req->form_fields > FORM_MAX_FIELDS) {
			fail(req, 400, "error.form_too_many_fields");
			return MHD_NO;
		}
		if (!start_field(req, key, filename, content_type))
			goto nomem;
	}
	if (size > 0 && !append(req, data, size))
		goto nomem;
	return MHD_YES;
nomem:
	fail(req, 503, "error.busy");
	return MHD_NO;
}

void form_begin(request *req)
{
	req->form_state = arena_calloc(req->arena, 1, sizeof(struct pending));
	if (req->form_state == NULL) {
		fail(req, 503, "error.busy");
		return;
	}
	req->pp = MHD_create_post_processor(req->conn, PP_BUFFER, on_field, req);
}

/* A body that is not a form is kept as it came, growing by doubling. */
static void keep_raw(request *req, const char *data, size_t size)
{
	struct pending *pd = req->form_state;
	pd->data = &req->body;
	pd->len = &req->body_len;
	if (!append(req, data, size))
		fail(req, 503, "error.busy");
}

void form_feed(request *req, const char *data, size_t size)
{
	size_t seen;
	if (__builtin_add_overflow(req->body_seen, size, &seen))
		seen = SIZE_MAX;
	req->body_seen = seen;
	if (seen > req->max_body)
		fail(req, 413, "error.too_large");
	if (req->early_status != 0)
		return; /* keep reading so the answer can be sent, but drop the bytes */
	if (req->pp != NULL) {
		if (MHD_post_process(req->pp, data, size) != MHD_YES)
			fail(req, 400, "error.form_unreadable");
	} else {
		keep_raw(req, data, size);
	}
}

/* A value that is not valid text is kept, repaired and marked, so the
 * handler can say which field is wrong and give the rest back. */
static void repair(request *req, http_param *p)
{
	size_t cap;
	char *fixed;
	if (__builtin_mul_overflow(p->len, 3, &cap) || __builtin_add_overflow(cap, 1, &cap) ||
	    (fixed = arena_alloc(req->arena, cap)) == NULL) {
		fail(req, 503, "error.busy");
		return;
	}
	p->len = utf8_repair(fixed, p->value, p->len);
	p->value = fixed;
	p->bad = true;
}

const char *form_get(const request *req, const char *name, size_t *len, bool *bad)
{
	const http_param *p = http_params_find(&req->form, name);
	if (len != NULL)
		*len = p ? p->len : 0;
	if (bad != NULL)
		*bad = p ? p->bad : false;
	return p ? p->value : NULL;
}

void form_end(request *req)
{
	if (req->pp != NULL) {
		/* MHD_destroy_post_processor reports a truncated multipart body */
		if (MHD_destroy_post_processor(req->pp) != MHD_YES)
			fail(req, 400, "error.form_incomplete");
		req->pp = NULL;
	}
	for (size_t i = 0; i < req->form.n && req->early_status == 0; i++) {
		http_param *p = &req->form.v[i];
		if (!utf8_valid(p->name, strlen(p->name)))
			fail(req, 400, "error.form_bad_text");
		else if (!utf8_valid(p->value, p->len))
			repair(req, p);
	}
	/* a file's data is bytes, but its field, name and type are text */
	for (const http_file *f = req->files; f != NULL && req->early_status == 0; f = f->next) {
		if (!utf8_valid(f->field, strlen(f->field)) ||
		    !utf8_valid(f->filename, strlen(f->filename)) ||
		    !utf8_valid(f->content_type, strlen(f->content_type)))
			fail(req, 400, "error.form_bad_text");
	}
}
