/*
 * stream_test.c - live event streams through the real server: http/
 * server.c on a loopback port with hooks of its own that answer every
 * /aliran/<topic> with stream_answer(), SQLite's in-process pubsub as
 * the publisher, and raw sockets as clients.
 *
 * What it holds the transport to: the headers, events in order, the
 * replay after Last-Event-ID (or ?terakhir=) with nothing missed and
 * nothing twice, a reload when the gap is too large, a retry line when
 * the replay fails, heartbeats, streams that outlive the idle timeout
 * while an idle keep-alive connection does not, a client that stops
 * reading dropped without holding back the others, a hang-up noticed at
 * once, one channel per topic, 2,000 connects and disconnects leaving no
 * stream and no file descriptor behind, and a stop that ends every
 * stream promptly.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "db/db.h"
#include "db/pubsub.h"
#include "http/metrics.h"
#include "http/server.h"
#include "http/sse.h"
#include "stream.h"

#define IDLE_TIMEOUT 2 /* seconds, the server's for idle connections */
#define PING_MS 300    /* for the heartbeat test's server */
#define SLOW_PING_MS 10000 /* for the others: what they see is never a heartbeat's doing */

static unsigned port;
static char tmpdir[64];
static const char *body; /* the body wait_for last looked at, de-chunked */

/* ---- the server under test ---- */

/* The replay's log of events: ids 1..nlog of topic "t". */
#define MAX_LOG 1200
static struct {
	int64_t id;
	char event[16];
	char data[64];
} event_log[MAX_LOG];
static int nlog;
static bool replay_fails;

static int replay(const char *topic, int64_t after, json_t **events, void *ctx)
{
	if (replay_fails)
		return DB_UNAVAILABLE;
	*events = json_array();
	for (int i = 0; i < nlog; i++) {
		if (event_log[i].id > after)
			json_array_append_new(*events, json_pack("{s:I, s:s, s:o}", "id", (json_int_t)event_log[i].id,
			                                         "event", event_log[i].event, "data",
			                                         json_loads(event_log[i].data, JSON_DECODE_ANY, NULL)));
	}
	return DB_OK;
}

static unsigned route(request *req)
{
	return 0;
}

static void handle(request *req, response *res)
{
	page pg = { .status = 200, .res = res };
	if (strncmp(req->path, "/aliran/", 8) == 0) {
		stream_answer(req, &pg, req->path + 8, replay, NULL);
		assert_true(pg.raw);
		return;
	}
	response_set_text(res, 200, "ok\n");
}

static void error(request *req, unsigned status, const char *message, response *res)
{
	response_set_text(res, status, "error\n");
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

static int start(unsigned ping_ms)
{
	char err[256], path[128];
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/stream-test.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/s.db", tmpdir);
	if (db_init(path, err, sizeof(err)) != DB_OK || pubsub_start(err, sizeof(err)) != 0)
		return -1;
	static const char *names[] = { "x" };
	metrics_init(names, 0);
	port = free_port();
	struct server_config cfg = {
		.host = "127.0.0.1", .port = port, .threads = 2, .max_form = 4096,
		.hooks = { route, handle, error }, .max_connections = 3000,
		.idle_timeout = IDLE_TIMEOUT, .stream_ping_ms = ping_ms,
	};
	return server_start(&cfg, err, sizeof(err));
}

static int setup(void **state)
{
	return start(SLOW_PING_MS);
}

static int setup_pings(void **state)
{
	return start(PING_MS);
}

static int teardown(void **state)
{
	server_stop(10000); /* again, if the stop test did not run: a no-op then */
	body = NULL;
	pubsub_stop();
	metrics_free();
	db_shutdown();
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* ---- a client ---- */

struct client {
	int fd;
	char *raw;          /* everything read, NUL-terminated */
	size_t len, cap;
	bool eof;
	/* the body, de-chunked as it comes */
	char *body;
	size_t blen, bcap;
	size_t at;          /* how far raw has been decoded */
	int status;
	bool head_done, chunked, ended;
	size_t left;        /* bytes of the current chunk (or plain body) still to come */
	bool crlf;          /* a chunk's data ended: its CRLF comes next */
};

static uint64_t ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static int dial(int rcvbuf)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (rcvbuf > 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
		                 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	return fd;
}

static struct client *client_new(int fd)
{
	struct client *c = calloc(1, sizeof(*c));
	c->fd = fd;
	c->cap = c->bcap = 1 << 16;
	c->raw = calloc(1, c->cap);
	c->body = calloc(1, c->bcap);
	return c;
}

static struct client *open_stream(const char *path, const char *headers)
{
	struct client *c = client_new(dial(0));
	char req[512];
	int n = snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n%s\r\n",
	                 path, headers ? headers : "");
	assert_int_equal(write(c->fd, req, (size_t)n), n);
	return c;
}

static void client_close(struct client *c)
{
	close(c->fd);
	free(c->raw);
	free(c->body);
	free(c);
}

static void body_add(struct client *c, const char *p, size_t n)
{
	while (c->blen + n + 1 > c->bcap) {
		c->bcap *= 2;
		c->body = realloc(c->body, c->bcap);
	}
	memcpy(c->body + c->blen, p, n);
	c->blen += n;
	c->body[c->blen] = '\0';
}

/* Decodes what arrived since last time: the status, then the body (chunked
 * or by Content-Length) into c->body; c->ended at its end. */
static void decode(struct client *c)
{
	if (!c->head_done) {
		const char *end = strstr(c->raw, "\r\n\r\n");
		if (end == NULL)
			return;
		sscanf(c->raw, "HTTP/1.1 %d", &c->status);
		c->head_done = true;
		c->at = (size_t)(end + 4 - c->raw);
		const char *cl = strstr(c->raw, "Content-Length: ");
		c->chunked = strstr(c->raw, "Transfer-Encoding: chunked") != NULL;
		c->left = !c->chunked && cl != NULL && cl < end ? strtoul(cl + 16, NULL, 10) : 0;
		if (!c->chunked && (cl == NULL || cl > end))
			c->left = SIZE_MAX; /* until the connection closes */
		if (!c->chunked && c->left == 0)
			c->ended = true;
	}
	while (c->at < c->len && !c->ended) {
		const char *p = c->raw + c->at;
		size_t avail = c->len - c->at;
		if (!c->chunked || c->left > 0) {
			size_t take = avail < c->left ? avail : c->left;
			body_add(c, p, take);
			c->at += take;
			if (c->left != SIZE_MAX)
				c->left -= take;
			if (c->left == 0)
				c->chunked ? (void)(c->crlf = true) : (void)(c->ended = true);
			continue;
		}
		if (c->crlf) {
			if (avail < 2)
				return;
			c->at += 2;
			c->crlf = false;
			continue;
		}
		const char *eol = memchr(p, '\n', avail);
		if (eol == NULL)
			return;
		unsigned long size = strtoul(p, NULL, 16);
		c->at += (size_t)(eol + 1 - p);
		if (size == 0)
			c->ended = true;
		c->left = size;
	}
}

/* Reads what is there within timeout_ms; false at EOF or timeout. */
static bool pump(struct client *c, int timeout_ms)
{
	struct pollfd p = { .fd = c->fd, .events = POLLIN };
	if (c->eof || poll(&p, 1, timeout_ms) <= 0)
		return false;
	if (c->cap - c->len < 65536) {
		c->cap *= 2;
		c->raw = realloc(c->raw, c->cap);
	}
	ssize_t n = read(c->fd, c->raw + c->len, c->cap - 1 - c->len);
	if (n <= 0) {
		c->eof = true;
		return false;
	}
	c->len += (size_t)n;
	c->raw[c->len] = '\0';
	decode(c);
	return true;
}

/* Waits until the body holds needle, looking only at what is new (or,
 * with needle NULL, until the response or the connection ended). */
static bool wait_for(struct client *c, const char *needle, int timeout_ms)
{
	uint64_t deadline = ms() + (uint64_t)timeout_ms;
	size_t n = needle ? strlen(needle) : 0, from = 0;
	for (;;) {
		body = c->body; /* what the tests look at afterwards */
		if (needle ? memmem(c->body + from, c->blen - from, needle, n) != NULL : (c->ended || c->eof))
			return true;
		from = c->blen > n ? c->blen - n : 0;
		uint64_t now = ms();
		if (now >= deadline || (!pump(c, (int)(deadline - now)) && c->eof)) {
			body = c->body;
			return needle ? memmem(c->body, c->blen, needle, n) != NULL : true;
		}
		while (pump(c, 0)) /* everything there is, then look */
			;
	}
}

static void publish(const char *topic, int64_t id, const char *event, const char *data, bool keep)
{
	json_t *m = json_pack("{s:I, s:s, s:o}", "id", (json_int_t)id, "event", event, "data",
	                      json_loads(data, JSON_DECODE_ANY, NULL));
	assert_int_equal(pubsub_publish(topic, m), DB_OK);
	json_decref(m);
	if (keep) {
		assert_true(nlog < MAX_LOG);
		event_log[nlog].id = id;
		snprintf(event_log[nlog].event, sizeof(event_log[0].event), "%s", event);
		snprintf(event_log[nlog].data, sizeof(event_log[0].data), "%s", data);
		nlog++;
	}
}

static bool wait_clients(unsigned n, int timeout_ms)
{
	uint64_t deadline = ms() + (uint64_t)timeout_ms;
	while (sse_clients() != n && ms() < deadline)
		usleep(5000);
	return sse_clients() == n;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

/* ---- the tests ---- */

static void test_headers_and_live_events(void **state)
{
	struct client *c = open_stream("/aliran/live1", NULL);
	assert_true(wait_for(c, "retry: ", 2000));
	assert_non_null(strstr(c->raw, "HTTP/1.1 200"));
	assert_non_null(strstr(c->raw, "Content-Type: text/event-stream; charset=utf-8\r\n"));
	assert_non_null(strstr(c->raw, "Cache-Control: no-store\r\n"));
	assert_non_null(strstr(c->raw, "X-Accel-Buffering: no\r\n"));
	assert_non_null(strstr(c->raw, "Transfer-Encoding: chunked\r\n"));
	assert_non_null(strstr(c->raw, "Connection: close\r\n")); /* no keep-alive after a stream */
	assert_null(strstr(c->raw, "Content-Encoding"));
	publish("live1", 1, "pertanyaan", "{\"q\":1}", false);
	publish("other", 2, "pertanyaan", "{\"q\":2}", false); /* another topic: not here */
	publish("live1", 3, "jawaban", "{\"text\":\"baik, \\\"ya\\\"\\nlanjut\"}", false);
	assert_true(wait_for(c, "id: 3\n", 2000));
	assert_non_null(strstr(body, "id: 1\nevent: pertanyaan\ndata: {\"q\":1}\n\n"
	                             "id: 3\nevent: jawaban\ndata: {\"text\":\"baik, \\\"ya\\\"\\nlanjut\"}\n\n"));
	assert_null(strstr(body, "id: 2"));
	client_close(c);
}

static void test_replay_after_last_event_id(void **state)
{
	nlog = 0;
	for (int64_t id = 1; id <= 5; id++)
		publish("t", id, "e", "{}", true); /* before anyone listens */
	struct client *c = open_stream("/aliran/t", "Last-Event-ID: 2\r\n");
	assert_true(wait_for(c, "id: 5\n", 2000));
	publish("t", 5, "e", "{}", false); /* arrives live after the replay had it */
	publish("t", 6, "e", "{\"x\":6}", true);
	assert_true(wait_for(c, "id: 6\n", 2000));
	assert_null(strstr(body, "id: 1\n"));
	assert_null(strstr(body, "id: 2\n"));
	const char *p3 = strstr(body, "id: 3\n"), *p4 = strstr(body, "id: 4\n"),
	           *p5 = strstr(body, "id: 5\n"), *p6 = strstr(body, "id: 6\n");
	assert_true(p3 && p4 && p5 && p6 && p3 < p4 && p4 < p5 && p5 < p6);
	assert_int_equal(count(body, "id: 5\n"), 1); /* nothing twice */
	/* two transactions publishing in the other order than their ids, and
	 * one committed so late that its id is below where the client began:
	 * all of them go out (a second copy is better than a lost event) */
	publish("t", 9, "e", "{}", false);
	publish("t", 8, "e", "{}", false);
	publish("t", 1, "e", "{\"late\":1}", false);
	assert_true(wait_for(c, "data: {\"late\":1}", 2000));
	const char *p9 = strstr(body, "id: 9\n"), *p8 = strstr(body, "id: 8\n");
	assert_true(p9 && p8 && p9 < p8);
	client_close(c);

	/* ?terakhir= for clients that cannot set headers; the header wins */
	c = open_stream("/aliran/t?terakhir=4", NULL);
	assert_true(wait_for(c, "id: 6\n", 2000));
	assert_null(strstr(body, "id: 4\n"));
	assert_non_null(strstr(body, "id: 5\n"));
	client_close(c);
	c = open_stream("/aliran/t?terakhir=1", "Last-Event-ID: 5\r\n");
	assert_true(wait_for(c, "id: 6\n", 2000));
	assert_null(strstr(body, "id: 2\n"));
	client_close(c);

	/* none: from now on, no replay */
	c = open_stream("/aliran/t", NULL);
	assert_true(wait_for(c, "retry: ", 2000));
	publish("t", 7, "e", "{}", true);
	assert_true(wait_for(c, "id: 7\n", 2000));
	assert_null(strstr(body, "id: 6\n"));
	client_close(c);
}

static void test_bad_last_event_id(void **state)
{
	static const char *const bad[] = { "Last-Event-ID: abc\r\n", "Last-Event-ID: -1\r\n",
		                           "Last-Event-ID: 1 2\r\n", "Last-Event-ID: 99999999999999999999\r\n" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct client *c = open_stream("/aliran/t", bad[i]);
		assert_true(wait_for(c, "Bad Request", 2000));
		assert_non_null(strstr(c->raw, "HTTP/1.1 400"));
		client_close(c);
	}
	struct client *c = open_stream("/aliran/t?terakhir=x", NULL);
	assert_true(wait_for(c, "Bad Request", 2000));
	client_close(c);
	assert_true(wait_clients(0, 1000));
}

static void test_head(void **state)
{
	int fd = dial(0);
	const char req[] = "HEAD /aliran/t HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	assert_int_equal(write(fd, req, sizeof(req) - 1), (ssize_t)sizeof(req) - 1);
	struct client *c = client_new(fd);
	while (pump(c, 2000))
		;
	assert_non_null(strstr(c->raw, "HTTP/1.1 200"));
	assert_non_null(strstr(c->raw, "text/event-stream"));
	assert_int_equal(sse_clients(), 0);
	client_close(c);
}

static void test_reload_when_too_far_behind(void **state)
{
	nlog = 0;
	for (int64_t id = 1; id <= STREAM_REPLAY_MAX + 2; id++)
		publish("far", id, "e", "{}", true);
	struct client *c = open_stream("/aliran/far", "Last-Event-ID: 0\r\n");
	/* Last-Event-ID 0 is "from now": no replay at all */
	assert_true(wait_for(c, "retry: ", 2000));
	assert_false(wait_for(c, "id: 1\n", 200));
	client_close(c);
	c = open_stream("/aliran/far", "Last-Event-ID: 1\r\n"); /* 1001 behind */
	assert_true(wait_for(c, NULL, 2000)); /* it ends */
	assert_non_null(strstr(body, "event: reload\ndata: {}\n\n"));
	assert_null(strstr(body, "id: 2\n"));
	client_close(c);
	c = open_stream("/aliran/far", "Last-Event-ID: 2\r\n"); /* 1000 behind: replayed */
	assert_true(wait_for(c, "id: 1002\n", 2000));
	assert_null(strstr(body, "id: 2\n"));
	assert_null(strstr(body, "reload"));
	client_close(c);
	assert_true(wait_clients(0, 2000));
	nlog = 0;
}

static void test_retry_when_replay_fails(void **state)
{
	replay_fails = true;
	struct client *c = open_stream("/aliran/t", "Last-Event-ID: 3\r\n");
	assert_true(wait_for(c, NULL, 2000));
	replay_fails = false;
	assert_non_null(strstr(c->raw, "HTTP/1.1 200"));
	assert_non_null(strstr(c->raw, "text/event-stream"));
	assert_string_equal(body, "retry: 5000\n\n");
	client_close(c);
	assert_true(wait_clients(0, 1000));
}

static void test_heartbeat_and_idle_timeout(void **state)
{
	struct client *s = open_stream("/aliran/quiet", NULL);
	assert_true(wait_for(s, "retry: ", 2000));
	/* an idle keep-alive connection, for comparison */
	struct client *k = client_new(dial(0));
	const char get[] = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
	assert_int_equal(write(k->fd, get, sizeof(get) - 1), (ssize_t)sizeof(get) - 1);
	assert_true(wait_for(k, "ok\n", 2000));
	/* quiet for twice the idle timeout */
	uint64_t until = ms() + 2000u * IDLE_TIMEOUT;
	while (ms() < until) {
		pump(s, 100);
		pump(k, 0);
	}
	assert_true(k->eof); /* MHD closed the idle connection... */
	body = s->body;
	assert_false(s->eof); /* ...but not the stream, */
	assert_false(s->ended);
	assert_true(count(body, ": ping\n\n") >= 1000 * IDLE_TIMEOUT / PING_MS); /* pinged all along */
	publish("quiet", 1, "e", "{}", false);
	assert_true(wait_for(s, "id: 1\n", 2000)); /* and still delivering */
	client_close(s);
	client_close(k);
}

static void test_hang_up_noticed_at_once(void **state)
{
	struct client *c = open_stream("/aliran/bye", NULL);
	assert_true(wait_for(c, "retry: ", 2000));
	assert_int_equal(sse_clients(), 1);
	uint64_t t0 = ms();
	client_close(c);
	assert_true(wait_clients(0, 2000));
	assert_true(ms() - t0 < SLOW_PING_MS / 2); /* not at a heartbeat: the watch saw it */
}

static void test_one_channel_per_topic(void **state)
{
	struct client *c[50];
	for (int i = 0; i < 50; i++)
		c[i] = open_stream(i % 2 ? "/aliran/a" : "/aliran/b", NULL);
	for (int i = 0; i < 50; i++)
		assert_true(wait_for(c[i], "retry: ", 2000));
	buf m;
	buf_init(&m, 1 << 16);
	sse_metrics(&m);
	assert_non_null(strstr(m.data, "terbuka_streams 50\n"));
	assert_non_null(strstr(m.data, "terbuka_stream_channels 2\n"));
	buf_free(&m);
	publish("a", 1, "e", "{}", false);
	for (int i = 0; i < 50; i++) {
		if (i % 2)
			assert_true(wait_for(c[i], "id: 1\n", 2000));
		client_close(c[i]);
	}
	assert_true(wait_clients(0, 2000));
	buf_init(&m, 1 << 16);
	sse_metrics(&m);
	assert_non_null(strstr(m.data, "terbuka_stream_channels 0\n"));
	buf_free(&m);
}

static void test_slow_client_dropped_others_served(void **state)
{
	/* a client that reads nothing, with the smallest receive buffer */
	struct client *slow = client_new(dial(1));
	const char req[] = "GET /aliran/slow HTTP/1.1\r\nHost: x\r\n\r\n";
	assert_int_equal(write(slow->fd, req, sizeof(req) - 1), (ssize_t)sizeof(req) - 1);
	struct client *fast = open_stream("/aliran/slow", NULL);
	assert_true(wait_for(fast, "retry: ", 2000));
	assert_true(wait_clients(2, 2000));
	char xs[3990], data[4000];
	memset(xs, 'x', sizeof(xs));
	snprintf(data, sizeof(data), "\"%.*s\"", (int)sizeof(xs), xs);
	int last = 2500; /* 10 MB: more than the slow socket's buffers and its queue */
	char want[32];
	for (int id = 1; id <= last; id++) {
		publish("slow", id, "e", data, false);
		if (id % 50 == 0) { /* the fast one keeps up, however busy the machine */
			snprintf(want, sizeof(want), "id: %d\n", id);
			assert_true(wait_for(fast, want, 5000));
		}
	}
	buf m;
	buf_init(&m, 1 << 16);
	sse_metrics(&m);
	assert_non_null(strstr(m.data, "terbuka_stream_dropped_total 1\n"));
	buf_free(&m);
	/* when it reads again, the slow one finds a reload and its stream's
	 * end; or, when it took longer than the idle timeout to fall that far
	 * behind (a slow machine), MHD had closed it already */
	int big = 1 << 20;
	setsockopt(slow->fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	assert_true(wait_for(slow, NULL, 10000));
	body = slow->body;
	assert_true(slow->ended ? strstr(body, "event: reload\ndata: {}\n\n") != NULL : slow->eof);
	assert_null(strstr(body, want));
	client_close(slow);
	client_close(fast);
	assert_true(wait_clients(0, 2000));
}

static int open_fds(void)
{
	int n = 0;
	DIR *d = opendir("/proc/self/fd");
	while (d != NULL && readdir(d) != NULL)
		n++;
	closedir(d);
	return n;
}

static void test_churn_leaves_nothing(void **state)
{
	assert_true(wait_clients(0, 2000));
	usleep(100000);
	int before = open_fds();
	struct client *c[100];
	for (int round = 0; round < 20; round++) { /* 2,000 streams, 100 at a time */
		for (int i = 0; i < 100; i++)
			c[i] = open_stream(i % 3 ? "/aliran/churn" : "/aliran/churn2", "Last-Event-ID: 1\r\n");
		for (int i = 0; i < 100; i++) {
			assert_true(wait_for(c[i], "retry: ", 5000));
			if (i % 2) /* half of them say goodbye properly, half just vanish */
				shutdown(c[i]->fd, SHUT_WR);
			client_close(c[i]);
		}
	}
	assert_true(wait_clients(0, 3000));
	usleep(200000); /* MHD closes its side after the response is freed */
	assert_int_equal(open_fds(), before);
	buf m;
	buf_init(&m, 1 << 16);
	sse_metrics(&m);
	assert_non_null(strstr(m.data, "terbuka_stream_channels 0\n"));
	buf_free(&m);
}

static void test_stop_ends_every_stream(void **state)
{
	struct client *c[40];
	for (int i = 0; i < 40; i++)
		c[i] = open_stream("/aliran/end", NULL);
	for (int i = 0; i < 40; i++)
		assert_true(wait_for(c[i], "retry: ", 2000));
	publish("end", 1, "e", "{}", false);
	uint64_t t0 = ms();
	server_stop(10000);
	assert_true(ms() - t0 < 2000);
	for (int i = 0; i < 40; i++) {
		assert_true(wait_for(c[i], NULL, 2000));
		body = c[i]->body;
		assert_true(c[i]->ended); /* the last chunk: a clean end, not a cut */
		assert_non_null(strstr(body, "id: 1\n"));
		client_close(c[i]);
	}
	assert_int_equal(sse_clients(), 0);
}

int main(void)
{
	if (getenv("TEST_FILTER") != NULL) /* TEST_FILTER=test_head*: one test alone */
		cmocka_set_test_filter(getenv("TEST_FILTER"));
	const struct CMUnitTest pings[] = {
		cmocka_unit_test(test_heartbeat_and_idle_timeout),
	};
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_headers_and_live_events),
		cmocka_unit_test(test_replay_after_last_event_id),
		cmocka_unit_test(test_bad_last_event_id),
		cmocka_unit_test(test_head),
		cmocka_unit_test(test_reload_when_too_far_behind),
		cmocka_unit_test(test_retry_when_replay_fails),
		cmocka_unit_test(test_hang_up_noticed_at_once),
		cmocka_unit_test(test_one_channel_per_topic),
		cmocka_unit_test(test_slow_client_dropped_others_served),
		cmocka_unit_test(test_churn_leaves_nothing),
		cmocka_unit_test(test_stop_ends_every_stream),
	};
	int failed = cmocka_run_group_tests(pings, setup_pings, teardown);
	return failed + cmocka_run_group_tests(tests, setup, teardown);
}
