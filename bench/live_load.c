/*
 * live_load.c - a load client for live event streams (bench/live.sh).
 *
 * Opens N Server-Sent Events connections to one path on 127.0.0.1 from
 * one thread with epoll, publishes events through PostgreSQL's NOTIFY
 * (the way another node's events arrive) with the publish time in each,
 * and measures, for every viewer and every event, now - then. Or, with
 * -x, opens and closes streams over and over (churn) and reports how
 * long that took. Bounded in time (-T); loopback only.
 *
 *   live-load PORT PATH CLIENTS [-c CONNINFO -t TOPIC] [-e EVENTS] [-i MS]
 *             [-m MARKER] [-r INFLIGHT] [-T SECONDS] [-w SECONDS]
 *   live-load PORT PATH -x TOTAL [-k AT_ONCE] [-T SECONDS]
 *
 * Without -c it publishes nothing and waits for EVENTS events made by
 * someone else (bench/live.sh asks questions over HTTP on SQLite). An
 * event's time is the number after MARKER (default "t":) in its data
 * line, in microseconds since the epoch.
 *
 * Prints key=value lines for the script to read:
 *   clients, connect_s, failed, events, expected, received, complete
 *   (viewers that got every event), p50_ms p90_ms p99_ms max_ms; or
 *   churned, churn_s.
 * Exit status 0 when every viewer got every event (or every churn ended).
 *
 * Not installed; a tool, not part of terbuka.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CARRY 512

enum state { FREE, CONNECTING, SENT, READY, CLOSED };

struct conn {
	int fd;
	uint8_t state;
	uint16_t carry_len;
	uint32_t got;
	char carry[CARRY];
};

static struct conn *conns;
static unsigned nconns;
static int ep;
static unsigned port;
static const char *path;
static char request_text[512];
static size_t request_len;

static const char *marker = "\"t\":"; /* in an event's data: the publish time follows */
static size_t marker_len = 4;
static uint32_t *samples; /* delivery latency, microseconds */
static size_t nsamples, max_samples;
static unsigned ready, failed;

static uint64_t mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static uint64_t wall_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void die(const char *what)
{
	fprintf(stderr, "live-load: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void usage(void)
{
	fputs("usage: live-load PORT PATH CLIENTS [-c CONNINFO -t TOPIC] [-e EVENTS] [-i MS]\n"
	      "                 [-m MARKER] [-r INFLIGHT] [-T SECONDS] [-w SECONDS]\n"
	      "       live-load PORT PATH -x TOTAL [-k AT_ONCE] [-T SECONDS]\n",
	      stderr);
	exit(2);
}

static unsigned number(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v > 10000000)
		usage();
	return (unsigned)v;
}

static void open_conn(struct conn *c)
{
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		die("socket");
	int one = 1;
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
		                 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	c->state = CONNECTING;
	c->carry_len = 0;
	c->got = 0;
	if (connect(c->fd, (struct sockaddr *)&a, sizeof(a)) != 0 && errno != EINPROGRESS)
		die("connect");
	struct epoll_event ev = { .events = EPOLLOUT | EPOLLIN, .data.u32 = (uint32_t)(c - conns) };
	if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) != 0)
		die("epoll_ctl");
}

static void close_conn(struct conn *c)
{
	if (c->state == FREE || c->state == CLOSED)
		return;
	close(c->fd);
	c->fd = -1;
	c->state = CLOSED;
}

/* One complete line of the stream. */
static void line(struct conn *c, const char *s, size_t n, uint64_t now)
{
	if (c->state == SENT && n >= 12 && memcmp(s, "HTTP/1.", 7) == 0 && memcmp(s + 8, " 200", 4) != 0) {
		fprintf(stderr, "live-load: %.*s\n", (int)(n > 80 ? 80 : n), s);
		c->state = CLOSED; /* counted as failed by readable() */
		return;
	}
	if (c->state == SENT && n >= 6 && memcmp(s, "retry:", 6) == 0) {
		c->state = READY; /* the server has it in the channel */
		ready++;
		return;
	}
	const char *at;
	if (n > 6 && memcmp(s, "data: ", 6) == 0 && (at = memmem(s, n, marker, marker_len)) != NULL) {
		uint64_t then = strtoull(at + marker_len, NULL, 10);
		c->got++;
		if (nsamples < max_samples)
			samples[nsamples++] = now > then ? (uint32_t)(now - then) : 0;
	}
}

static void readable(struct conn *c)
{
	static char buf[65536];
	for (;;) {
		ssize_t n = read(c->fd, buf, sizeof(buf));
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
			if (c->state != READY)
				failed++;
			else
				ready--;
			close_conn(c);
			return;
		}
		if (n < 0)
			return;
		uint64_t now = wall_us();
		size_t start = 0;
		for (size_t i = 0; i < (size_t)n; i++) {
			if (buf[i] != '\n')
				continue;
			if (c->carry_len > 0) { /* a line begun in the last read */
				size_t take = i - start;
				if (c->carry_len + take > CARRY)
					take = (size_t)(CARRY - c->carry_len);
				memcpy(c->carry + c->carry_len, buf + start, take);
				line(c, c->carry, c->carry_len + take, now);
				c->carry_len = 0;
			} else {
				line(c, buf + start, i - start, now);
			}
			start = i + 1;
			if (c->state == CLOSED) { /* refused */
				c->state = SENT;
				failed++;
				close_conn(c);
				return;
			}
		}
		size_t rest = (size_t)n - start; /* keep the start of an unfinished line */
		if (rest > (size_t)(CARRY - c->carry_len))
			rest = (size_t)(CARRY - c->carry_len);
		memcpy(c->carry + c->carry_len, buf + start, rest);
		c->carry_len = (uint16_t)(c->carry_len + rest);
	}
}

static void writable(struct conn *c)
{
	int err = 0;
	socklen_t len = sizeof(err);
	getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
	if (err != 0 || write(c->fd, request_text, request_len) != (ssize_t)request_len) {
		failed++;
		close_conn(c);
		return;
	}
	c->state = SENT;
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = (uint32_t)(c - conns) };
	epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
}

/* Handles what epoll has, waiting at most timeout_ms. */
static void pump(int timeout_ms)
{
	struct epoll_event ev[512];
	int n = epoll_wait(ep, ev, 512, timeout_ms);
	for (int i = 0; i < n; i++) {
		struct conn *c = &conns[ev[i].data.u32];
		if (c->state == CONNECTING && (ev[i].events & (EPOLLOUT | EPOLLERR | EPOLLHUP)))
			writable(c);
		else if (c->state == SENT || c->state == READY)
			readable(c);
	}
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static double pct(double p)
{
	if (nsamples == 0)
		return 0;
	size_t i = (size_t)(p * (double)(nsamples - 1) + 0.5);
	return samples[i] / 1000.0;
}

static void raise_fd_limit(unsigned need)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < need + 64) {
		rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > need + 64 ? need + 64 : rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

/* Opens and closes total streams, at_once at a time, each after its
 * first line: what a crowd of visitors coming and going does. */
static int churn(unsigned total, unsigned at_once, unsigned limit_s)
{
	nconns = at_once;
	conns = calloc(nconns, sizeof(*conns));
	uint64_t t0 = mono_us(), deadline = t0 + (uint64_t)limit_s * 1000000u;
	unsigned done = 0;
	while (done < total && mono_us() < deadline) {
		unsigned batch = total - done < at_once ? total - done : at_once;
		ready = failed = 0;
		for (unsigned i = 0; i < batch; i++)
			open_conn(&conns[i]);
		while (ready + failed < batch && mono_us() < deadline)
			pump(100);
		for (unsigned i = 0; i < batch; i++) {
			if (i % 2) /* half say goodbye, half just go */
				shutdown(conns[i].fd, SHUT_WR);
			close_conn(&conns[i]);
		}
		done += batch - failed;
		if (failed > 0)
			fprintf(stderr, "live-load: %u connections failed\n", failed);
	}
	printf("churned=%u\nchurn_s=%.2f\n", done, (double)(mono_us() - t0) / 1e6);
	return done == total ? 0 : 1;
}

int main(int argc, char **argv)
{
	const char *conninfo = NULL, *topic = NULL;
	unsigned events = 20, interval_ms = 1000, inflight = 256, limit_s = 180, wait_s = 10;
	unsigned churn_total = 0, at_once = 100;
	if (argc < 3)
		usage();
	port = number(argv[1]);
	path = argv[2];
	int argi = 3;
	unsigned clients = 0;
	if (argc > 3 && argv[3][0] != '-')
		clients = number(argv[argi++]);
	for (; argi < argc; argi++) {
		const char *o = argv[argi];
		if (argi + 1 >= argc || strlen(o) != 2 || o[0] != '-')
			usage();
		const char *v = argv[++argi];
		switch (o[1]) {
		case 'c': conninfo = v; break;
		case 't': topic = v; break;
		case 'e': events = number(v); break;
		case 'i': interval_ms = number(v); break;
		case 'r': inflight = number(v); break;
		case 'T': limit_s = number(v); break;
		case 'w': wait_s = number(v); break;
		case 'x': churn_total = number(v); break;
		case 'k': at_once = number(v); break;
		case 'm': marker = v; marker_len = strlen(v); break;
		default: usage();
		}
	}
	int n = snprintf(request_text, sizeof(request_text),
	                 "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n", path);
	if (n <= 0 || (size_t)n >= sizeof(request_text))
		usage();
	request_len = (size_t)n;
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (ep < 0)
		die("epoll_create1");
	if (churn_total > 0) {
		raise_fd_limit(at_once);
		return churn(churn_total, at_once ? at_once : 1, limit_s);
	}
	if (clients == 0 || (conninfo != NULL) != (topic != NULL) || inflight == 0 || marker_len == 0)
		usage();
	raise_fd_limit(clients);

	PGconn *pg = NULL;
	if (conninfo != NULL) {
		pg = PQconnectdb(conninfo);
		if (PQstatus(pg) != CONNECTION_OK) {
			fprintf(stderr, "live-load: PostgreSQL: %s", PQerrorMessage(pg));
			return 2;
		}
	}
	nconns = clients;
	conns = calloc(nconns, sizeof(*conns));
	max_samples = (size_t)clients * events;
	samples = malloc((max_samples ? max_samples : 1) * sizeof(*samples));
	if (conns == NULL || samples == NULL)
		die("calloc");

	/* connect everyone, at most `inflight` at a time */
	uint64_t t0 = mono_us(), deadline = t0 + (uint64_t)limit_s * 1000000u;
	unsigned opened = 0;
	while (ready + failed < clients && mono_us() < deadline) {
		while (opened < clients && opened - ready - failed < inflight)
			open_conn(&conns[opened++]);
		pump(50);
	}
	double connect_s = (double)(mono_us() - t0) / 1e6;
	printf("clients=%u\nconnect_s=%.2f\nfailed=%u\n", ready, connect_s, failed);
	fflush(stdout);

	/* publish, one event every interval, reading all the while (or, when
	 * someone else publishes, read until every event came) */
	int64_t base = (int64_t)(wall_us() / 1000); /* ids above anything a table holds */
	uint64_t next = mono_us();
	for (unsigned k = 0; pg != NULL && k < events && mono_us() < deadline; k++) {
		while (mono_us() < next)
			pump((int)((next - mono_us()) / 1000) + 1);
		char payload[256], sql_arg[300];
		uint64_t now = wall_us();
		snprintf(payload, sizeof(payload), "{\"id\":%lld,\"event\":\"bench\",\"data\":{\"t\":%llu,\"k\":%u}}",
		         (long long)(base + k), (unsigned long long)now, k);
		snprintf(sql_arg, sizeof(sql_arg), "%s\t%s", topic, payload);
		const char *params[1] = { sql_arg };
		PGresult *r = PQexecParams(pg, "SELECT pg_notify('terbuka', $1)", 1, NULL, params, NULL, NULL, 0);
		if (PQresultStatus(r) != PGRES_TUPLES_OK)
			fprintf(stderr, "live-load: NOTIFY: %s", PQerrorMessage(pg));
		PQclear(r);
		next += (uint64_t)interval_ms * 1000u;
	}
	/* wait for the last deliveries */
	uint64_t until = pg != NULL ? mono_us() + (uint64_t)wait_s * 1000000u : deadline;
	size_t expected = (size_t)ready * events;
	while (nsamples < expected && mono_us() < until && mono_us() < deadline)
		pump(50);

	unsigned complete = 0;
	for (unsigned i = 0; i < nconns; i++)
		if (conns[i].state == READY && conns[i].got == events)
			complete++;
	qsort(samples, nsamples, sizeof(*samples), cmp_u32);
	printf("events=%u\nexpected=%zu\nreceived=%zu\ncomplete=%u\n", events, expected, nsamples, complete);
	printf("p50_ms=%.1f\np90_ms=%.1f\np99_ms=%.1f\nmax_ms=%.1f\n", pct(0.50), pct(0.90), pct(0.99),
	       nsamples ? samples[nsamples - 1] / 1000.0 : 0.0);
	for (unsigned i = 0; i < nconns; i++)
		close_conn(&conns[i]);
	if (pg != NULL)
		PQfinish(pg);
	free(conns);
	free(samples);
	return complete == clients ? 0 : 1;
}
