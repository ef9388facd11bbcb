/*
 * form_test.c - request bodies through the real server: urlencoded and
 * multipart forms via MHD's post processor, raw bodies, and the limits
 * (413 for too large, 400 for too many fields or a name that is not UTF-8;
 * a value that is not UTF-8 is repaired and marked).
 *
 * The test starts http/server.c on a free loopback port with hooks of its
 * own that echo what the form reader produced, and talks raw HTTP to it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/buf.h"
#include "http/server.h"

#define MAX_FORM 4096

static unsigned port;

static unsigned route(request *req)
{
	return 0;
}

/* Echoes "name=value\n" per field, "file:field:filename:type:len\n" per
 * file, and "raw:len\n" for a raw body. */
static void handle(request *req, response *res)
{
	buf b;
	buf_init(&b, 1 << 20);
	for (size_t i = 0; i < req->form.n; i++)
		buf_printf(&b, "%s=%s%s\n", req->form.v[i].name, req->form.v[i].value,
		           req->form.v[i].bad ? " (bad)" : "");
	for (http_file *f = req->files; f != NULL; f = f->next)
		buf_printf(&b, "file:%s:%s:%s:%zu\n", f->field, f->filename, f->content_type, f->len);
	if (req->body != NULL)
		buf_printf(&b, "raw:%zu\n", req->body_len);
	response_set_buf(res, 200, "text/plain", &b);
}

static void error(request *req, unsigned status, const char *message, response *res)
{
	response_set_text(res, status, message);
}

static unsigned free_port(void)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	bind(s, (struct sockaddr *)&a, sizeof(a));
	getsockname(s, (struct sockaddr *)&a, &len);
	close(s);
	return ntohs(a.sin_port);
}

static int setup(void **state)
{
	char err[256];
	port = free_port();
	struct server_config cfg = {
		.host = "127.0.0.1", .port = port, .threads = 1, .max_form = MAX_FORM,
		.nroutes = 0, .hooks = { route, handle, error },
	};
	return server_start(&cfg, err, sizeof(err));
}

static int teardown(void **state)
{
	server_stop(1000);
	return 0;
}

/* Sends the whole request, reads until the server closes; returns the
 * response in a malloc'd string. */
static char *exchange(const char *req, size_t len)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
		                 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	assert_int_equal(connect(s, (struct sockaddr *)&a, sizeof(a)), 0);
	struct timeval tv = { .tv_sec = 5 };
	setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	size_t sent = 0;
	while (sent < len) {
		ssize_t w = send(s, req + sent, len - sent, MSG_NOSIGNAL);
		if (w <= 0)
			break; /* the server may stop reading after answering early */
		sent += (size_t)w;
	}
	buf out;
	buf_init(&out, 1 << 22);
	char chunk[4096];
	ssize_t r;
	while ((r = recv(s, chunk, sizeof(chunk), 0)) > 0)
		buf_append(&out, chunk, (size_t)r);
	close(s);
	buf_putc(&out, '\0');
	return buf_steal(&out, NULL);
}

static char *post(const char *type, const char *body, size_t len)
{
	buf b;
	buf_init(&b, 1 << 22);
	buf_printf(&b, "POST /x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
	               "Content-Type: %s\r\nContent-Length: %zu\r\n\r\n", type, len);
	buf_append(&b, body, len);
	char *res = exchange(b.data, b.len);
	buf_free(&b);
	return res;
}

static void test_urlencoded(void **state)
{
	static const char body[] = "nama=Siti+Aminah&pesan=Jalan+rusak%21&kosong=";
	char *res = post("application/x-www-form-urlencoded", body, sizeof(body) - 1);
	assert_non_null(strstr(res, "HTTP/1.1 200"));
	assert_non_null(strstr(res, "nama=Siti Aminah\n"));
	assert_non_null(strstr(res, "pesan=Jalan rusak!\n"));
	assert_non_null(strstr(res, "kosong=\n"));
	free(res);
}

static void test_multipart(void **state)
{
	static const char body[] =
		"--XyZ\r\nContent-Disposition: form-data; name=\"judul\"\r\n\r\nBanjir di Babelan\r\n"
		"--XyZ\r\nContent-Disposition: form-data; name=\"foto\"; filename=\"a.png\"\r\n"
		"Content-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\n0123456789\r\n"
		"--XyZ--\r\n";
	char *res = post("multipart/form-data; boundary=XyZ", body, sizeof(body) - 1);
	assert_non_null(strstr(res, "HTTP/1.1 200"));
	assert_non_null(strstr(res, "judul=Banjir di Babelan\n"));
	assert_non_null(strstr(res, "file:foto:a.png:image/png:18\n"));
	free(res);
}

static void test_large_field_in_pieces(void **state)
{
	/* 3,000 bytes of value arrive in several post-processor pieces */
	char body[3100];
	int n = snprintf(body, sizeof(body), "isi=");
	memset(body + n, 'a', 3000);
	body[n + 3000] = '\0';
	char *res = post("application/x-www-form-urlencoded", body, strlen(body));
	assert_non_null(strstr(res, "HTTP/1.1 200"));
	char *v = strstr(res, "isi=");
	assert_non_null(v);
	assert_int_equal(strspn(v + 4, "a"), 3000);
	free(res);
}

static void test_too_many_fields(void **state)
{
	buf b;
	buf_init(&b, MAX_FORM);
	for (int i = 0; i < 250 && b.len < MAX_FORM - 16; i++)
		buf_printf(&b, "%sf%d=1", i ? "&" : "", i);
	char *res = post("application/x-www-form-urlencoded", b.data, b.len);
	assert_non_null(strstr(res, "HTTP/1.1 400"));
	assert_non_null(strstr(res, "error.form_too_many_fields"));
	free(res);
	buf_free(&b);
}

/* A value that is not text is kept, repaired and marked, so the form can
 * come back with a message beside that one field; the others are intact. */
static void test_bad_utf8_value_is_repaired_and_marked(void **state)
{
	static const char body[] = "nama=%C0%AFx&kota=Bekasi&nul=a%00b";
	char *res = post("application/x-www-form-urlencoded", body, sizeof(body) - 1);
	assert_non_null(strstr(res, "HTTP/1.1 200"));
	assert_non_null(strstr(res, "nama=\xEF\xBF\xBD\xEF\xBF\xBDx (bad)\n"));
	assert_non_null(strstr(res, "kota=Bekasi\n"));
	assert_non_null(strstr(res, "nul=a\xEF\xBF\xBD" "b (bad)\n"));
	free(res);
}

/* A field name that is not text cannot be tied to any field: 400. */
static void test_bad_utf8_name_is_400(void **state)
{
	static const char body[] = "%C0%AF=1";
	char *res = post("application/x-www-form-urlencoded", body, sizeof(body) - 1);
	assert_non_null(strstr(res, "HTTP/1.1 400"));
	free(res);
}

static void test_upload_names_must_be_text(void **state)
{
	/* found by fuzz_form_multipart: a file part's name, filename and type
	 * are text like any field, and must be valid UTF-8 */
	static const char *const parts[] = {
		"Content-Disposition: form-data; name=\"foto\"; filename=\"\xff\xfe.png\"\r\n",
		"Content-Disposition: form-data; name=\"\xc0\xaf\"; filename=\"a.png\"\r\n",
		("Content-Disposition: form-data; name=\"foto\"; filename=\"a.png\"\r\n"
		 "Content-Type: image/\xed\xa0\x80\r\n"),
	};
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		buf b;
		buf_init(&b, 4096);
		buf_printf(&b, "--XyZ\r\n%s\r\nPNG\r\n--XyZ--\r\n", parts[i]);
		char *res = post("multipart/form-data; boundary=XyZ", b.data, b.len);
		assert_non_null(strstr(res, "HTTP/1.1 400"));
		assert_non_null(strstr(res, "error.form_bad_text"));
		free(res);
		buf_free(&b);
	}
}

static void test_announced_too_large(void **state)
{
	static const char req[] = "POST /x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
	                          "Content-Type: application/x-www-form-urlencoded\r\n"
	                          "Content-Length: 999999\r\n\r\na=1";
	char *res = exchange(req, sizeof(req) - 1);
	assert_non_null(strstr(res, "HTTP/1.1 413"));
	assert_non_null(strstr(res, "error.too_large"));
	free(res);
}

static void test_chunked_too_large(void **state)
{
	buf b;
	buf_init(&b, 1 << 20);
	buf_puts(&b, "POST /x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
	             "Content-Type: application/x-www-form-urlencoded\r\n"
	             "Transfer-Encoding: chunked\r\n\r\n");
	for (int i = 0; i < 3; i++) { /* 3 x 2,000 bytes > 4,096 */
		buf_puts(&b, "7d0\r\n");
		for (int k = 0; k < 2000; k++)
			buf_putc(&b, 'a');
		buf_puts(&b, "\r\n");
	}
	buf_puts(&b, "0\r\n\r\n");
	char *res = exchange(b.data, b.len);
	assert_non_null(strstr(res, "HTTP/1.1 413"));
	free(res);
	buf_free(&b);
}

static void test_raw_body(void **state)
{
	static const char body[] = "{\"a\": 1}";
	char *res = post("application/json", body, sizeof(body) - 1);
	assert_non_null(strstr(res, "HTTP/1.1 200"));
	assert_non_null(strstr(res, "raw:8\n"));
	free(res);
}

static void test_truncated_multipart(void **state)
{
	static const char body[] =
		"--XyZ\r\nContent-Disposition: form-data; name=\"judul\"\r\n\r\nBanjir";
	char *res = post("multipart/form-data; boundary=XyZ", body, sizeof(body) - 1);
	/* a multipart body that never closes is not a complete form */
	assert_non_null(strstr(res, "HTTP/1.1 400"));
	assert_non_null(strstr(res, "error.form_incomplete"));
	free(res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_urlencoded),
		cmocka_unit_test(test_multipart),
		cmocka_unit_test(test_large_field_in_pieces),
		cmocka_unit_test(test_too_many_fields),
		cmocka_unit_test(test_bad_utf8_value_is_repaired_and_marked),
		cmocka_unit_test(test_bad_utf8_name_is_400),
		cmocka_unit_test(test_upload_names_must_be_text),
		cmocka_unit_test(test_announced_too_large),
		cmocka_unit_test(test_chunked_too_large),
		cmocka_unit_test(test_raw_body),
		cmocka_unit_test(test_truncated_multipart),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
