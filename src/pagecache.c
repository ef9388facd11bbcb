/*
 * pagecache.c - see pagecache.h. A fixed table of buckets, each a chain
 * of entries, under one read-write lock: a hit copies the bytes out under
 * the read lock (tens of kilobytes: microseconds), so no entry is ever
 * referenced after the lock is released.
 */
#include "pagecache.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dataversion.h"
#include "http/parse.h"

#define BUCKETS 1024
#define GZIP_MIN 1024
#define ETAG_LEN 24 /* W/"" around 16 hex digits, and the NUL */

struct entry {
	struct entry *next;
	char *key;
	int64_t version;
	time_t kept_at;
	char *content_type;
	char *body, *gz; /* gz NULL when not worth it */
	size_t len, gz_len;
	char etag[ETAG_LEN];
	bool allow_framing; /* an embed card: other sites may frame it */
	const char *csp;    /* its own policy (a static string), or NULL */
};

static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static struct entry *buckets[BUCKETS];
static size_t max_bytes, used_bytes;
static atomic_ullong hits, misses, not_modified, flushes;

static time_t now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static size_t hash(const char *key)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 1099511628211u;
	return (size_t)(h % BUCKETS);
}

static size_t entry_bytes(const struct entry *e)
{
	return sizeof(*e) + strlen(e->key) + strlen(e->content_type) + e->len + e->gz_len;
}

static void entry_free(struct entry *e)
{
	free(e->key);
	free(e->content_type);
	free(e->body);
	free(e->gz);
	free(e);
}

/* Under the write lock. */
static void flush(void)
{
	for (size_t i = 0; i < BUCKETS; i++) {
		while (buckets[i] != NULL) {
			struct entry *e = buckets[i];
			buckets[i] = e->next;
			entry_free(e);
		}
	}
	used_bytes = 0;
}

int pagecache_init(size_t bytes)
{
	max_bytes = bytes;
	return 0;
}

void pagecache_free(void)
{
	pthread_rwlock_wrlock(&lock);
	flush();
	max_bytes = 0;
	pthread_rwlock_unlock(&lock);
}

bool pagecache_enabled(void)
{
	return max_bytes > 0;
}

const char *pagecache_topic(unsigned i)
{
	static const char *const names[] = { "site", "agencies", "programs", "people", "questions", "search", "live",
	                                      "kip", "report" };
	return i < sizeof(names) / sizeof(names[0]) ? names[i] : NULL;
}

int pagecache_version(db *c, unsigned topics, int64_t *v)
{
	return dataversion_read(c, topics, v);
}

static struct entry *find(const char *key, struct entry ***link)
{
	struct entry **at = &buckets[hash(key)];
	while (*at != NULL && strcmp((*at)->key, key) != 0)
		at = &(*at)->next;
	if (link != NULL)
		*link = at;
	return *at;
}

/* Whether If-None-Match names etag (weak comparison: the W/ is ignored). */
static bool matches(const char *if_none_match, const char *etag)
{
	if (if_none_match == NULL)
		return false;
	if (strcmp(if_none_match, "*") == 0)
		return true;
	return strstr(if_none_match, etag + 2) != NULL; /* '"' + hex + '"' */
}

static bool copy_out(const request *req, const struct entry *e, response *res)
{
	const char *ae = request_header(req, "Accept-Encoding");
	bool gz = e->gz != NULL && ae != NULL && http_accepts_coding(ae, "gzip");
	const char *etag = arena_strdup(req->arena, e->etag);
	const char *type = arena_strdup(req->arena, e->content_type);
	if (etag == NULL || type == NULL)
		return false;
	if (matches(request_header(req, "If-None-Match"), e->etag)) {
		response_set_static(res, 304, NULL, "", 0);
		atomic_fetch_add(&not_modified, 1);
	} else {
		size_t n = gz ? e->gz_len : e->len;
		char *body = malloc(n ? n : 1);
		if (body == NULL)
			return false;
		memcpy(body, gz ? e->gz : e->body, n);
		response_free(res);
		res->status = 200;
		res->content_type = type;
		res->body = body;
		res->len = n;
		res->body_static = false;
		if (gz)
			response_header(res, "Content-Encoding", "gzip");
	}
	res->compressible = false; /* done already, or not worth it */
	res->allow_framing = e->allow_framing;
	res->csp = e->csp;
	res->vary = "Accept, Accept-Encoding";
	response_header(res, "ETag", etag);
	response_header(res, "Cache-Control", "no-cache");
	return true;
}

bool pagecache_answer(const request *req, const char *key, int64_t v, response *res)
{
	if (max_bytes == 0)
		return false;
	bool answered = false;
	pthread_rwlock_rdlock(&lock);
	struct entry *e = find(key, NULL);
	if (e != NULL && e->version == v && now_s() - e->kept_at < PAGECACHE_MAX_AGE)
		answered = copy_out(req, e, res);
	pthread_rwlock_unlock(&lock);
	atomic_fetch_add(answered ? &hits : &misses, 1);
	return answered;
}

/* A response anyone may be given: 200, no cookie, no cache rule of its own. */
static bool shareable(const response *res)
{
	/* a live stream has no body to keep (and says no-store): never kept */
	if (res->status != 200 || res->stream != NULL || res->body == NULL || res->content_type == NULL ||
	    res->len > PAGECACHE_MAX_PAGE)
		return false;
	for (size_t i = 0; i < res->nheaders; i++)
		if (strcmp(res->headers[i].name, "Set-Cookie") == 0 ||
		    strcmp(res->headers[i].name, "Cache-Control") == 0 ||
		    strcmp(res->headers[i].name, "Content-Encoding") == 0)
			return false;
	return true;
}

static struct entry *entry_new(const char *key, int64_t v, const response *res)
{
	struct entry *e = calloc(1, sizeof(*e));
	if (e == NULL)
		return NULL;
	e->key = strdup(key);
	e->content_type = strdup(res->content_type);
	e->body = malloc(res->len ? res->len : 1);
	if (e->key == NULL || e->content_type == NULL || e->body == NULL) {
		entry_free(e);
		return NULL;
	}
	memcpy(e->body, res->body, res->len);
	e->len = res->len;
	e->allow_framing = res->allow_framing;
	e->csp = res->csp;
	e->version = v;
	e->kept_at = now_s();
	if (res->compressible && res->len >= GZIP_MIN &&
	    !response_gzip(res->body, res->len, &e->gz, &e->gz_len))
		e->gz = NULL;
	unsigned char h[8];
	crypto_generichash(h, sizeof(h), (const unsigned char *)res->body, res->len, NULL, 0);
	char hex[17];
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	snprintf(e->etag, sizeof(e->etag), "W/\"%s\"", hex);
	return e;
}

void pagecache_keep(const request *req, const char *key, int64_t v, response *res)
{
	if (max_bytes == 0 || !shareable(res))
		return;
	struct entry *e = entry_new(key, v, res);
	if (e == NULL)
		return;
	const char *etag = arena_strdup(req->arena, e->etag);
	if (etag != NULL) {
		response_header(res, "ETag", etag);
		response_header(res, "Cache-Control", "no-cache");
		if (matches(request_header(req, "If-None-Match"), e->etag)) {
			response_set_static(res, 304, NULL, "", 0);
			res->compressible = false;
			atomic_fetch_add(&not_modified, 1);
		}
	}
	size_t bytes = entry_bytes(e);
	if (bytes > max_bytes) {
		entry_free(e);
		return;
	}
	pthread_rwlock_wrlock(&lock);
	struct entry **link;
	struct entry *old = find(key, &link);
	if (old != NULL) {
		*link = old->next;
		used_bytes -= entry_bytes(old);
		entry_free(old);
	}
	if (used_bytes + bytes > max_bytes) {
		flush();
		atomic_fetch_add(&flushes, 1);
		link = &buckets[hash(key)];
	}
	e->next = *link;
	*link = e;
	used_bytes += bytes;
	pthread_rwlock_unlock(&lock);
}

void pagecache_metrics(buf *out)
{
	pthread_rwlock_rdlock(&lock);
	size_t used = used_bytes;
	pthread_rwlock_unlock(&lock);
	buf_printf(out,
		"# HELP terbuka_page_cache_total Public pages answered from memory (hit), built "
		"(miss), answered 304 without a body (either way), and times the cache was "
		"emptied for room (flush).\n"
		"# TYPE terbuka_page_cache_total counter\n"
		"terbuka_page_cache_total{result=\"hit\"} %llu\n"
		"terbuka_page_cache_total{result=\"miss\"} %llu\n"
		"terbuka_page_cache_total{result=\"not_modified\"} %llu\n"
		"terbuka_page_cache_total{result=\"flush\"} %llu\n"
		"# HELP terbuka_page_cache_bytes Memory held by kept pages.\n"
		"# TYPE terbuka_page_cache_bytes gauge\n"
		"terbuka_page_cache_bytes %zu\n",
		(unsigned long long)atomic_load(&hits), (unsigned long long)atomic_load(&misses),
		(unsigned long long)atomic_load(&not_modified), (unsigned long long)atomic_load(&flushes),
		used);
}
