/*
 * formkit.c - see formkit.h. The hooks: route accepts everything, handle
 * answers 200 with a summary of req->form and req->files (checking on the
 * server's thread what the form reader promises: field names and values,
 * file fields, names and types valid UTF-8 without NUL, lengths right, file
 * data NUL-terminated), error
 * answers response_set_text(status, key) - as tests/unit/http/form_test.c.
 */
#include "formkit.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "core/buf.h"
#include "fuzz.h"
#include "http/form.h"
#include "http/server.h"

#define MAX_FORM (1u << 20) /* the app's default form limit */
#define TIMEOUT_S 5

static unsigned port;

static unsigned route(request *req)
{
	return 0;
}

static void handle(request *req, response *res)
{
	buf b;
	buf_init(&b, 4u << 20);
	CHECK(req->form.n <= FORM_MAX_FIELDS);
	for (size_t i = 0; i < req->form.n; i++) {
		const http_param *p = &req->form.v[i];
		size_t nl = strlen(p->name);
		CHECK(nl > 0 && fuzz_utf8_ok(p->name, nl));
		CHECK(p->value[p->len] == '\0' && fuzz_utf8_ok(p->value, p->len));
		buf_printf(&b, "%s=%zu\n", p->name, p->len);
	}
	for (const http_file *f = req->files; f != NULL; f = f->next) {
		CHECK(f->field != NULL && f->filename != NULL && f->content_type != NULL);
		/* request.h: text fields are valid UTF-8 without NUL */
		CHECK(fuzz_utf8_ok(f->field, strlen(f->field)));
		CHECK(fuzz_utf8_ok(f->filename, strlen(f->filename)));
		CHECK(fuzz_utf8_ok(f->content_type, strlen(f->content_type)));
		CHECK(f->data != NULL && f->data[f->len] == '\0');
		buf_printf(&b, "file:%s:%s:%s:%zu\n", f->field, f->filename, f->content_type, f->len);
	}
	if (req->body != NULL)
		buf_printf(&b, "raw:%zu\n", req->body_len);
	buf_putc(&b, '\n'); /* never an empty body */
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
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) != 0 ||
	    getsockname(s, (struct sockaddr *)&a, &len) != 0) {
		perror("formkit: free port");
		exit(1);
	}
	close(s);
	return ntohs(a.sin_port);
}

void formkit_start(void)
{
	char err[256] = "";
	int null = open("/dev/null", O_WRONLY);
	if (null >= 0) {
		dup2(null, STDOUT_FILENO);
		close(null);
	}
	for (int attempt = 0; attempt < 5; attempt++) {
		port = free_port();
		struct server_config cfg = {
			.host = "127.0.0.1", .port = port, .threads = 1, .max_form = MAX_FORM,
			.nroutes = 0, .hooks = { route, handle, error },
		};
		if (server_start(&cfg, err, sizeof(err)) == 0)
			return;
	}
	fprintf(stderr, "formkit: cannot start the server: %s\n", err);
	exit(1);
}

size_t formkit_framing(const uint8_t **data, size_t *size)
{
	if (*size < 2 || (*data)[0] != 0xFF)
		return 0;
	size_t chunk = (size_t)(*data)[1] + 1;
	*data += 2;
	*size -= 2;
	return chunk;
}

static void fatal(const char *what)
{
	fprintf(stderr, "formkit: %s (errno %d: %s)\n", what, errno, strerror(errno));
	__builtin_trap();
}

unsigned formkit_post(const char *content_type, const uint8_t *body, size_t len, size_t chunk)
{
	buf req;
	buf_init(&req, 64u << 20);
	buf_printf(&req, "POST /form HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n"
	                 "Content-Type: %s\r\n", content_type);
	if (chunk == 0) {
		buf_printf(&req, "Content-Length: %zu\r\n\r\n", len);
		buf_append(&req, body, len);
	} else {
		buf_puts(&req, "Transfer-Encoding: chunked\r\n\r\n");
		for (size_t off = 0; off < len; off += chunk) {
			size_t n = len - off < chunk ? len - off : chunk;
			buf_printf(&req, "%zx\r\n", n);
			buf_append(&req, body + off, n);
			buf_puts(&req, "\r\n");
		}
		buf_puts(&req, "0\r\n\r\n");
	}
	CHECK(!buf_failed(&req));

	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
		                 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct timeval tv = { .tv_sec = TIMEOUT_S };
	if (s < 0)
		fatal("socket");
	setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	/* libFuzzer's timeout timer (SIGALRM) interrupts calls: carry on */
	while (connect(s, (struct sockaddr *)&a, sizeof(a)) != 0) {
		if (errno == EISCONN)
			break;
		if (errno != EINTR && errno != EALREADY)
			fatal("the server refuses connections");
		struct pollfd pfd = { .fd = s, .events = POLLOUT };
		poll(&pfd, 1, TIMEOUT_S * 1000);
	}
	size_t sent = 0;
	while (sent < req.len) {
		ssize_t w = send(s, req.data + sent, req.len - sent, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break; /* the server may stop reading once it has answered */
		sent += (size_t)w;
	}
	buf_free(&req);

	char res[4096], drain[4096]; /* the head is kept, the rest read and dropped */
	size_t got = 0;
	for (;;) {
		bool head = got < sizeof(res) - 1;
		ssize_t r = head ? recv(s, res + got, sizeof(res) - 1 - got, 0)
		                 : recv(s, drain, sizeof(drain), 0);
		if (r == 0)
			break;
		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ECONNRESET && got > 0)
				break;
			fatal("the server stopped answering (timeout or reset)");
		}
		if (head)
			got += (size_t)r;
	}
	close(s);
	res[got] = '\0';
	unsigned status = 0;
	if (got < 12 || sscanf(res, "HTTP/1.1 %3u", &status) != 1)
		fatal("no HTTP answer");
	if (status != 200 && status != 400) {
		fprintf(stderr, "formkit: unexpected status %u:\n%s\n", status, res);
		__builtin_trap();
	}
	return status;
}
