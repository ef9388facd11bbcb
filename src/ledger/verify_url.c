/*
 * verify_url.c - `terbuka verify --url`: the log read from a running site
 * over HTTP(S) with libcurl (certificates checked, no redirects followed,
 * at most 64 MB an answer, 30 s a request): /catatan/kepala for the
 * heads, /catatan/entri for the entries (5,000 a request), and
 * /catatan/konsistensi for each proof, checked here against the heads'
 * own roots, so nothing the site says is taken on trust.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/ledger.h"
#include "ledger/verify.h"

#define ANSWER_MAX (64u * 1024 * 1024)
#define ENTRIES_PAGE 5000

typedef struct site {
	CURL *curl;
	const char *base;
} site;

typedef struct body {
	char *p;
	size_t n;
	bool too_big;
} body;

static size_t collect(char *data, size_t size, size_t nmemb, void *ctx)
{
	body *b = ctx;
	size_t add = size * nmemb;
	if (b->n + add > ANSWER_MAX) {
		b->too_big = true;
		return 0;
	}
	char *grown = realloc(b->p, b->n + add + 1);
	if (grown == NULL)
		return 0;
	memcpy(grown + b->n, data, add);
	b->p = grown;
	b->n += add;
	b->p[b->n] = '\0';
	return add;
}

/* GET base + path: 0 with the answer in *out (malloc'd), or -1. */
static int fetch(site *s, const char *path, body *out, char *err, size_t errlen)
{
	char url[2048];
	if ((size_t)snprintf(url, sizeof(url), "%s%s", s->base, path) >= sizeof(url)) {
		snprintf(err, errlen, "the address is too long");
		return -1;
	}
	memset(out, 0, sizeof(*out));
	struct curl_slist *headers = curl_slist_append(NULL, "Accept: application/json");
	curl_easy_reset(s->curl);
	curl_easy_setopt(s->curl, CURLOPT_URL, url);
	curl_easy_setopt(s->curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(s->curl, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(s->curl, CURLOPT_WRITEDATA, out);
	curl_easy_setopt(s->curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(s->curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(s->curl, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(s->curl, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(s->curl, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(s->curl, CURLOPT_USERAGENT, "terbuka-verify/" TERBUKA_VERSION);
	CURLcode rc = curl_easy_perform(s->curl);
	curl_slist_free_all(headers);
	long status = 0;
	curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &status);
	if (rc != CURLE_OK || status != 200 || out->p == NULL) {
		snprintf(err, errlen, "%s: %s", path,
		         out->too_big ? "the answer is larger than 64 MB" : rc != CURLE_OK ? curl_easy_strerror(rc) : "not 200");
		if (rc == CURLE_OK && status != 200)
			snprintf(err, errlen, "%s answered %ld", path, status);
		free(out->p);
		out->p = NULL;
		return -1;
	}
	return 0;
}

static int url_heads(void *ctx, vhead **out, size_t *n, char *err, size_t errlen)
{
	char path[512] = "/catatan/kepala", next[512];
	*out = NULL;
	*n = 0;
	for (int pages = 0; pages < 100000; pages++) {
		body b;
		if (fetch(ctx, path, &b, err, errlen) != 0)
			return -1;
		int rc = verify_parse_heads(b.p, b.n, out, n, next, sizeof(next), err, errlen);
		free(b.p);
		if (rc != 0)
			return -1;
		if (next[0] == '\0')
			return 0;
		if (strncmp(next, "/catatan/kepala?", 16) != 0) {
			snprintf(err, errlen, "the heads' next link leaves the record");
			return -1;
		}
		snprintf(path, sizeof(path), "%s", next);
	}
	snprintf(err, errlen, "too many pages of heads");
	return -1;
}

static int url_entries(void *ctx, int64_t from, ventry **out, size_t *n, char *err, size_t errlen)
{
	char path[128];
	snprintf(path, sizeof(path), "/catatan/entri?dari=%lld&jumlah=%d", (long long)from, ENTRIES_PAGE);
	*out = NULL;
	*n = 0;
	body b;
	if (fetch(ctx, path, &b, err, errlen) != 0)
		return -1;
	int rc = verify_parse_entries(b.p, b.n, out, n, err, errlen);
	free(b.p);
	return rc;
}

static int url_consistency(void *ctx, int64_t a, int64_t bsize, merkle_hash *proof, size_t *len, char *err,
                           size_t errlen)
{
	char path[128];
	snprintf(path, sizeof(path), "/catatan/konsistensi?dari=%lld&ke=%lld", (long long)a, (long long)bsize);
	body b;
	if (fetch(ctx, path, &b, err, errlen) != 0)
		return -1;
	int rc = verify_parse_proof(b.p, b.n, proof, len, err, errlen);
	free(b.p);
	return rc;
}

int ledger_verify_url(const char *url, const char *key)
{
	char base[1024];
	size_t n = strlen(url);
	while (n > 0 && url[n - 1] == '/')
		n--;
	if ((strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0) || n >= sizeof(base)) {
		fprintf(stderr, "terbuka: verify --url needs an http:// or https:// address\n");
		return 2;
	}
	memcpy(base, url, n);
	base[n] = '\0';
	site s = { curl_easy_init(), base };
	if (s.curl == NULL) {
		printf("GAGAL: libcurl failed to start\n");
		return 2;
	}
	vsource src = { &s, url_heads, url_entries, url_consistency, NULL, NULL };
	int rc = verify_run(&src, key, base);
	curl_easy_cleanup(s.curl);
	return rc;
}
