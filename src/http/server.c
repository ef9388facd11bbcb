/*
 * server.c - libmicrohttpd glue (see server.h).
 *
 * MHD calls the access handler several times per request: first with the
 * headers (we parse and route), then with pieces of the body (we feed the
 * form reader), then once with nothing (we answer). Answering only on that
 * last call keeps the connection alive (see DESIGN.md's measured note);
 * the one exception is a body announced as too large, which is refused at
 * once so it is never read.
 */
#include "http/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/str.h"
#include "http/form.h"
#include "http/metrics.h"
#include "http/sse.h"

#define ARENA_CAP (16u * 1024 * 1024)
#define MAX_PATH 2048
#define MAX_QUERY_FIELDS 100
#define MAX_COOKIES 50
#define GZIP_MIN 1024
/* Bounds the request line + headers (they may use about half of it). MHD
 * zeroes it between requests on a connection: at 64 KiB that was a tenth
 * of the home page's instructions (callgrind); 32 KiB, MHD's default,
 * halves the cost and still takes 16 KiB of headers. A live stream holds
 * its connection for hours: http/sse.c gives the idle part of it back to
 * the kernel. */
#define CONN_MEMORY (32u * 1024)
/* Open files the process needs besides its connections: database files
 * and connections per thread, MHD's epoll and signal descriptors, logs,
 * uploads being written. */
#define FD_RESERVE 512u

static struct MHD_Daemon *daemon_;
static struct server_config cfg;
static atomic_uint inflight;
/* Set by server_stop: every new request is answered 503 and its
 * connection closed, while those in flight finish. */
static atomic_bool draining;

static const char csp[] =
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
	"form-action 'self'; frame-ancestors 'none'";
static const char csp_embed[] =
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
	"form-action 'self'";

static uint64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

unsigned server_inflight(void)
{
	return atomic_load(&inflight);
}

/* MHD would percent-decode the path and arguments itself; we keep them raw
 * and decode with our own strict parser. */
static size_t keep_escaped(void *cls, struct MHD_Connection *c, char *s)
{
	return strlen(s);
}

static enum MHD_Result on_query_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *value)
{
	request *req = cls;
	char *k, *v;
	size_t vlen;
	int rc;
	if (req->query.n >= MAX_QUERY_FIELDS)
		rc = PARSE_TOO_MANY;
	else if ((rc = http_percent_decode(req->arena, key, strlen(key), true, &k, NULL)) == PARSE_OK &&
	         (rc = http_percent_decode(req->arena, value ? value : "", value ? strlen(value) : 0,
	                                   true, &v, &vlen)) == PARSE_OK)
		rc = http_params_add(req->arena, &req->query, k, v, vlen);
	if (rc == PARSE_OK)
		return MHD_YES;
	req->early_status = rc == PARSE_NOMEM ? 503 : 400;
	req->early_message = rc == PARSE_TOO_MANY ? "error.too_many_params"
	                                          : "error.bad_query";
	return MHD_NO;
}

static bool wants_json(const request *req)
{
	const char *accept = request_header(req, "Accept");
	if (accept == NULL)
		return false;
	const char *json = strstr(accept, "application/json");
	const char *html = strstr(accept, "text/html");
	return json != NULL && (html == NULL || json < html);
}

/* The client's address and whether it came over HTTPS: from the socket,
 * or, behind our own proxy (--trust-proxy), from X-Real-IP and
 * X-Forwarded-Proto, which the proxy sets (never from X-Forwarded-For,
 * which the client controls). */
static void client_of(request *req)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(req->client_ip, sizeof(req->client_ip), "unknown");
	if (ci != NULL && ci->client_addr != NULL) {
		const struct sockaddr *sa = ci->client_addr;
		socklen_t len = sa->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
		                                          : sizeof(struct sockaddr_in);
		if (getnameinfo(sa, len, req->client_ip, sizeof(req->client_ip), NULL, 0,
		                NI_NUMERICHOST) != 0)
			snprintf(req->client_ip, sizeof(req->client_ip), "unknown");
	}
	if (!cfg.trust_proxy)
		return;
	const char *real = request_header(req, "X-Real-IP");
	unsigned char addr[sizeof(struct in6_addr)];
	if (real != NULL && strlen(real) < sizeof(req->client_ip) &&
	    (inet_pton(AF_INET, real, addr) == 1 || inet_pton(AF_INET6, real, addr) == 1))
		snprintf(req->client_ip, sizeof(req->client_ip), "%s", real);
	const char *proto = request_header(req, "X-Forwarded-Proto");
	req->https = proto != NULL && strcmp(proto, "https") == 0;
}

/* Parses what came with the headers; errors go to req->early_status. */
static void parse_head(request *req, const char *url)
{
	char *path;
	size_t len;
	size_t n = strlen(url);
	req->want_json = wants_json(req);
	if (n > MAX_PATH) {
		req->early_status = 414;
		req->early_message = "error.uri_too_long";
		return;
	}
	int rc = http_path_decode(req->arena, url, n, MAX_PATH, &path, &len);
	if (rc != PARSE_OK) {
		req->early_status = rc == PARSE_NOMEM ? 503 : 400;
		req->early_message = "error.bad_path";
		return;
	}
	if (strcmp(path, "/index.json") == 0) { /* the home page's twin */
		path[1] = '\0';
		req->want_json = true;
	} else if (len > 6 && str_has_suffix((str){ path, len }, ".json") &&
	           !str_has_prefix((str){ path, len }, "/static/")) {
		path[len - 5] = '\0';
		req->want_json = true;
	}
	req->path = path;
	client_of(req);
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, on_query_arg, req);
	if (req->early_status != 0)
		return;
	const char *cookie = request_header(req, "Cookie");
	if (cookie != NULL) {
		rc = http_parse_cookies(req->arena, cookie, strlen(cookie), MAX_COOKIES, &req->cookies);
		if (rc != PARSE_OK) {
			req->early_status = rc == PARSE_NOMEM ? 503 : 400;
			req->early_message = "error.too_many_cookies";
		}
	}
}

static request *request_new(struct MHD_Connection *conn, const char *url, const char *method)
{
	request *req = calloc(1, sizeof(*req));
	if (req == NULL)
		return NULL;
	req->arena = arena_new(ARENA_CAP);
	if (req->arena == NULL) {
		free(req);
		return NULL;
	}
	req->conn = conn;
	req->start_us = now_us();
	req->max_body = cfg.max_form;
	req->route_index = cfg.nroutes;
	unsigned char raw[8];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(req->id, sizeof(req->id), raw, sizeof(raw));
	snprintf(req->method, sizeof(req->method), "%s", method);
	snprintf(req->log_path, sizeof(req->log_path), "%s", url);
	req->head = strcmp(method, "HEAD") == 0;
	atomic_fetch_add(&inflight, 1);
	return req;
}

static void add_security_headers(struct MHD_Response *r, const response *res, const request *req)
{
	MHD_add_response_header(r, "Content-Security-Policy",
	                        res->csp ? res->csp : res->allow_framing ? csp_embed : csp);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy",
	                        res->no_referrer ? "no-referrer" : "strict-origin-when-cross-origin");
	MHD_add_response_header(r, "Permissions-Policy",
	                        "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	if (!res->allow_framing)
		MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "X-Request-Id", req->id);
}

/* Replaces the body with its gzip form when that is worth it. */
static void maybe_gzip(const request *req, response *res)
{
	const char *ae = request_header(req, "Accept-Encoding");
	if (!res->compressible)
		return;
	if (res->vary == NULL)
		res->vary = "Accept-Encoding";
	if (res->len < GZIP_MIN || ae == NULL || !http_accepts_coding(ae, "gzip"))
		return;
	char *out;
	size_t n;
	if (!response_gzip(res->body, res->len, &out, &n))
		return;
	response_free(res);
	res->body = out;
	res->len = n;
	res->body_static = false;
	response_header(res, "Content-Encoding", "gzip");
}

static enum MHD_Result queue(request *req, response *res)
{
	struct MHD_Response *r;
	maybe_gzip(req, res);
	if (res->stream != NULL) {
		r = sse_mhd_response(res->stream); /* frees the client on failure */
		res->stream = NULL;
		req->answered_us = now_us();
	} else if (res->body_static)
		r = MHD_create_response_from_buffer(res->len, res->body, MHD_RESPMEM_PERSISTENT);
	else
		r = MHD_create_response_from_buffer_with_free_callback(res->len, res->body, free);
	if (r == NULL) {
		response_free(res);
		return MHD_NO;
	}
	res->body = NULL; /* MHD owns it now */
	if (res->content_type != NULL)
		MHD_add_response_header(r, "Content-Type", res->content_type);
	for (size_t i = 0; i < res->nheaders; i++)
		MHD_add_response_header(r, res->headers[i].name, res->headers[i].value);
	add_security_headers(r, res, req);
	if (res->vary != NULL)
		MHD_add_response_header(r, "Vary", res->vary);
	if (req->close)
		MHD_add_response_header(r, "Connection", "close");

	enum MHD_Result ok = MHD_queue_response(req->conn, res->status, r);
	MHD_destroy_response(r);
	req->status = res->status;
	req->bytes_out = res->len;
	req->queued = true;
	/* Request memory ends here; only the fixed fields of req remain for the log. */
	arena_set_current(NULL);
	arena_free(req->arena);
	req->arena = NULL;
	return ok;
}

static enum MHD_Result answer_error(request *req, unsigned status, const char *message)
{
	response res;
	response_init(&res);
	arena_set_current(req->arena);
	cfg.hooks.error(req, status, message, &res);
	return queue(req, &res);
}

static bool has_body(const request *req)
{
	const char *cl = request_header(req, MHD_HTTP_HEADER_CONTENT_LENGTH);
	const char *te = request_header(req, MHD_HTTP_HEADER_TRANSFER_ENCODING);
	return (cl != NULL && strcmp(cl, "0") != 0) || te != NULL;
}

static enum MHD_Result count_lengths(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
	if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0)
		(*(unsigned *)cls)++;
	return MHD_YES;
}

/* Where the body ends must be beyond doubt, or a proxy in front and this
 * server could disagree and a second request be smuggled inside the body
 * (RFC 9112 6.1, 6.3). Returns 0, or the status to answer at once. */
static unsigned check_framing(request *req)
{
	unsigned lengths = 0;
	MHD_get_connection_values(req->conn, MHD_HEADER_KIND, count_lengths, &lengths);
	const char *te = request_header(req, MHD_HTTP_HEADER_TRANSFER_ENCODING);
	if (lengths > 1 || (te != NULL && lengths > 0)) {
		req->early_message = "error.bad_framing";
		return 400;
	}
	if (te != NULL && strcasecmp(te, "chunked") != 0) {
		req->early_message = "error.unsupported_encoding";
		return 501;
	}
	return 0;
}

static enum MHD_Result first_call(struct MHD_Connection *conn, const char *url,
                                  const char *method, void **con_cls)
{
	request *req = request_new(conn, url, method);
	if (req == NULL)
		return MHD_NO;
	*con_cls = req;
	if (atomic_load(&draining)) {
		req->close = true;
		return answer_error(req, 503, "error.restarting");
	}
	unsigned framing = check_framing(req);
	if (framing != 0) {
		req->close = true;
		return answer_error(req, framing, req->early_message);
	}
	parse_head(req, url);
	if (req->early_status == 0) {
		unsigned st = cfg.hooks.route(req);
		if (st != 0 && req->early_status == 0)
			req->early_status = st;
	}
	const char *cl = request_header(req, MHD_HTTP_HEADER_CONTENT_LENGTH);
	int64_t announced;
	if (cl != NULL && str_to_i64(str_c(cl), false, &announced) && (uint64_t)announced > req->max_body) {
		req->close = true; /* the body is never read */
		return answer_error(req, 413, "error.too_large");
	}
	if (has_body(req) && req->early_status == 0)
		form_begin(req);
	return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
	request *req = *con_cls;
	if (req == NULL)
		return first_call(conn, url, method, con_cls);
	if (req->queued)
		return MHD_YES; /* answered early; let MHD finish */
	if (*upload_data_size > 0) {
		form_feed(req, upload_data, *upload_data_size);
		*upload_data_size = 0;
		/* a sender that will not stop after the limit is cut off */
		return req->body_seen / 4 > req->max_body ? MHD_NO : MHD_YES;
	}
	if (req->early_status == 0)
		form_end(req);
	else if (req->pp != NULL)
		MHD_destroy_post_processor(req->pp), req->pp = NULL;
	if (req->early_status != 0)
		return answer_error(req, req->early_status, req->early_message);

	response res;
	response_init(&res);
	arena_set_current(req->arena);
	cfg.hooks.handle(req, &res);
	return queue(req, &res);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	request *req = *con_cls;
	if (req == NULL)
		return;
	*con_cls = NULL;
	if (req->pp != NULL)
		MHD_destroy_post_processor(req->pp);
	uint64_t us = now_us() - req->start_us;
	unsigned status = req->queued ? req->status : 499; /* client went away */
	log_access(req->id, req->method, req->log_path, status, req->bytes_out, us);
	/* a stream lasts as long as its viewer: the metric is the time to answer */
	metrics_observe(req->route_index, status, req->answered_us ? req->answered_us - req->start_us : us);
	if (req->arena != NULL) {
		arena_set_current(NULL);
		arena_free(req->arena);
	}
	free(req);
	atomic_fetch_sub(&inflight, 1);
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	size_t n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = '\0';
	log_error(NULL, "libmicrohttpd: %s", msg);
}

/* Raises the soft open-file limit to what max_conn connections need (up
 * to the hard limit); returns how many connections fit. */
static unsigned fit_connections(unsigned max_conn)
{
	struct rlimit rl;
	rlim_t need = (rlim_t)max_conn + FD_RESERVE;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return max_conn;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < need) {
		struct rlimit want = { rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= need ? need : rl.rlim_max,
			               rl.rlim_max };
		if (setrlimit(RLIMIT_NOFILE, &want) == 0)
			rl.rlim_cur = want.rlim_cur;
	}
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= need)
		return max_conn;
	unsigned fit = rl.rlim_cur > 2 * FD_RESERVE ? (unsigned)(rl.rlim_cur - FD_RESERVE)
	                                           : (unsigned)(rl.rlim_cur / 2);
	log_error(NULL,
	          "open-file limit is %llu (hard limit %llu): too low for %u connections; serving at "
	          "most %u (raise the hard limit to %llu: LimitNOFILE= in the systemd unit, or ulimit -Hn)",
	          (unsigned long long)rl.rlim_cur, (unsigned long long)rl.rlim_max, max_conn, fit,
	          (unsigned long long)need);
	return fit;
}

int server_start(const struct server_config *c, char *err, size_t errlen)
{
	cfg = *c;
	unsigned max_conn = fit_connections(cfg.max_connections ? cfg.max_connections : 16000);
	sse_configure(cfg.stream_ping_ms);
	unsigned threads = cfg.threads;
	if (threads == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = n > 0 ? (unsigned)n : 1;
	}
	char port[8];
	snprintf(port, sizeof(port), "%u", cfg.port);
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
		                  .ai_flags = AI_NUMERICSERV | AI_PASSIVE };
	struct addrinfo *ai = NULL;
	int gai = getaddrinfo(cfg.host, port, &hints, &ai);
	if (gai != 0) {
		snprintf(err, errlen, "cannot resolve listen address %s: %s", cfg.host, gai_strerror(gai));
		return -1;
	}
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG |
	                 MHD_USE_TURBO;
	if (ai->ai_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (sse_start() != 0) {
		freeaddrinfo(ai);
		snprintf(err, errlen, "cannot start the live stream thread");
		return -1;
	}
	atomic_store(&draining, false);
	daemon_ = MHD_start_daemon(
		flags, (uint16_t)cfg.port, NULL, NULL, on_request, NULL,
		MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
		MHD_OPTION_SOCK_ADDR, ai->ai_addr,
		/* one thread is MHD's own polling thread, not a pool of one */
		MHD_OPTION_THREAD_POOL_SIZE, threads > 1 ? threads : 0u,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY,
		MHD_OPTION_CONNECTION_LIMIT, max_conn,
		MHD_OPTION_CONNECTION_TIMEOUT, cfg.idle_timeout ? cfg.idle_timeout : 30u,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_UNESCAPE_CALLBACK, keep_escaped, NULL,
		MHD_OPTION_END);
	freeaddrinfo(ai);
	if (daemon_ == NULL) {
		sse_stop();
		snprintf(err, errlen, "cannot listen on %s:%u (address in use, or not allowed)",
		         cfg.host, cfg.port);
		return -1;
	}
	log_info("serving on http://%s%s%s:%u/ with %u threads, at most %u connections",
	         strchr(cfg.host, ':') ? "[" : "", cfg.host, strchr(cfg.host, ':') ? "]" : "", cfg.port,
	         threads, max_conn);
	return 0;
}

void server_stop(unsigned grace_ms)
{
	if (daemon_ == NULL)
		return;
	/* Drain instead of MHD_quiesce_daemon: in libmicrohttpd 0.9.75, quiescing
	 * an epoll daemon races its workers (both remove the listening socket
	 * from a worker's epoll set, and the loser aborts the process: "Failed
	 * to remove listen FD from epoll set"), which CI met under load. New
	 * requests get a 503 and a closed connection (a proxy retries them on
	 * another node); the listening socket closes with MHD_stop_daemon. */
	atomic_store(&draining, true);
	/* Streams end now (their clients reconnect elsewhere or later); MHD
	 * must not be stopped while one is suspended. */
	sse_drain(grace_ms / 2);
	unsigned waited = 0;
	while (atomic_load(&inflight) > 0 && waited < grace_ms) {
		usleep(10000);
		waited += 10;
	}
	if (atomic_load(&inflight) > 0)
		log_error(NULL, "shutdown: %u requests still running after %u ms",
		          atomic_load(&inflight), grace_ms);
	MHD_stop_daemon(daemon_);
	daemon_ = NULL;
	sse_stop();
}
