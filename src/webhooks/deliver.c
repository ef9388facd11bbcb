/*
 * deliver.c - the "webhook.deliver" job: {"delivery", "generation",
 * "resend"}. It POSTs the delivery's body to its endpoint with libcurl
 * (http or https only, TLS verified, no redirect followed, no proxy, 10 s
 * to connect and 30 s in all, the address checked when the socket
 * opens), signed afresh with the time of sending, and logs the attempt.
 * A network error or an answer that is not 2xx fails the job, which the
 * jobs worker retries with its backoff until WEBHOOK_ATTEMPTS; the last
 * failure marks the delivery failed. A job whose delivery is gone, was
 * sent already, or was queued again since (another generation) does
 * nothing.
 *
 * What reaches the log and the admin's page is the status code and
 * libcurl's message without the URL's path or query (they may hold a
 * token); the secret and the body never do.
 */
#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "jobs/jobs.h"
#include "webhooks/webhooks_int.h"

#define CONNECT_TIMEOUT 10L
#define TOTAL_TIMEOUT 30L

typedef struct attempt {
	long code;          /* the HTTP status, 0 when no answer came */
	char error[300];    /* empty when delivered */
	int64_t ms;
	const char *refused; /* webhooks_addr_refused's reason */
} attempt;

static size_t discard(char *p, size_t size, size_t n, void *arg)
{
	return size * n;
}

static int abort_on_shutdown(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                             curl_off_t ulnow)
{
	return jobs_stopping() ? 1 : 0;
}

static curl_socket_t open_checked(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
	attempt *t = arg;
	if (purpose != CURLSOCKTYPE_IPCXN || webhooks_addr_refused(&a->addr, &t->refused))
		return CURL_SOCKET_BAD;
	return socket(a->family, a->socktype, a->protocol);
}

static int64_t ms_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (int64_t)(t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

/* libcurl's message, cut at the line end, with nothing of the URL past its host. */
static void curl_reason(attempt *t, const char *why, const char *url)
{
	const char *path = strchr(strstr(url, "://") + 3, '/');
	const char *query = strchr(url, '?');
	if ((path && path[1] && strstr(why, path)) || (query && strstr(why, query)))
		why = "libcurl reported an error that named the URL's path";
	snprintf(t->error, sizeof(t->error), "%.*s", (int)strcspn(why, "\r\n"), why);
}

/* One POST; fills t. */
static void post(const json_t *d, const char *secret, attempt *t)
{
	const char *url = json_string_value(json_object_get(d, "url"));
	const char *body = json_string_value(json_object_get(d, "body"));
	char stamp[24], sig[WEBHOOK_SIG_HEX], h[5][160], curl_err[CURL_ERROR_SIZE] = "";
	snprintf(stamp, sizeof(stamp), "%lld", (long long)clock_now());
	webhooks_signature(secret, stamp, body, strlen(body), sig);
	snprintf(h[0], sizeof(h[0]), "X-Terbuka-Event: %s", json_string_value(json_object_get(d, "event")));
	snprintf(h[1], sizeof(h[1]), "X-Terbuka-Delivery: %s", json_string_value(json_object_get(d, "uid")));
	snprintf(h[2], sizeof(h[2]), "X-Terbuka-Timestamp: %s", stamp);
	snprintf(h[3], sizeof(h[3]), "X-Terbuka-Signature: sha256=%s", sig);
	snprintf(h[4], sizeof(h[4]), "User-Agent: terbuka-webhook/%s", TERBUKA_VERSION);
	struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json; charset=utf-8");
	for (int i = 0; i < 5 && headers; i++)
		headers = curl_slist_append(headers, h[i]);
	if (headers)
		headers = curl_slist_append(headers, "Expect:");
	CURL *curl = curl_easy_init();
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (curl == NULL || headers == NULL) {
		snprintf(t->error, sizeof(t->error), "libcurl could not start a transfer");
		goto done;
	}
	curl_easy_setopt(curl, CURLOPT_URL, url);
#if LIBCURL_VERSION_NUM >= 0x075500 /* 7.85 */
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(curl, CURLOPT_PROXY, ""); /* straight to the endpoint, whatever the environment says */
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, open_checked);
	curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, t);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, TOTAL_TIMEOUT);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_err);
	curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, abort_on_shutdown);
	curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
	CURLcode rc = curl_easy_perform(curl);
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &t->code);
	if (t->refused != NULL)
		snprintf(t->error, sizeof(t->error), "address refused: %s", t->refused);
	else if (rc != CURLE_OK)
		curl_reason(t, curl_err[0] ? curl_err : curl_easy_strerror(rc), url);
	else if (t->code >= 300 && t->code < 400)
		snprintf(t->error, sizeof(t->error), "redirect not followed (HTTP %ld)", t->code);
	else if (t->code < 200 || t->code >= 300)
		snprintf(t->error, sizeof(t->error), "HTTP %ld", t->code);
done:
	t->ms = ms_since(&t0);
	sodium_memzero(sig, sizeof(sig));
	sodium_memzero(h[3], sizeof(h[3]));
	curl_slist_free_all(headers);
	if (curl != NULL)
		curl_easy_cleanup(curl);
}

/* Logs attempt t of delivery d and sets its state: delivered, failed for
 * good (last), or waiting for the next try. */
static int record(db *c, const json_t *d, int64_t generation, bool resend, const attempt *t, bool last)
{
	char now[CLOCK_ISO_LEN];
	clock_iso(now, clock_now());
	int64_t id = json_integer_value(json_object_get(d, "id")), n = 0;
	bool ok = t->error[0] == '\0';
	const char *status = ok ? "delivered" : last ? "failed" : "pending";
	db_val code = t->code > 0 ? DB_INT(t->code) : DB_NULL, error = ok ? DB_NULL : DB_TEXT(t->error);
	int rc = db_begin(c, true);
	if (rc != DB_OK)
		return rc;
	rc = db_query_int(c, "UPDATE webhook_deliveries SET attempts = attempts + 1 WHERE id = ? RETURNING attempts",
	                  DB_ARGS(DB_INT(id)), &n);
	if (rc == DB_ROW)
		rc = db_exec(c,
			"INSERT INTO webhook_attempts (delivery_id, attempt, resend, at, duration_ms, status_code, error) "
			"VALUES (?, ?, ?, ?, ?, ?, ?)",
			DB_ARGS(DB_INT(id), DB_INT(n), DB_INT(resend), DB_TEXT(now), DB_INT(t->ms), code, error), NULL);
	if (rc == DB_OK)
		rc = db_exec(c,
			"UPDATE webhook_deliveries SET status = ?, last_code = ?, last_error = ?, updated_at = ?, "
			"delivered_at = CASE WHEN ? = 1 THEN ? ELSE delivered_at END WHERE id = ? AND generation = ?",
			DB_ARGS(DB_TEXT(status), code, error, DB_TEXT(now), DB_INT(ok), DB_TEXT(now), DB_INT(id),
			        DB_INT(generation)), NULL);
	if (rc == DB_DONE)
		rc = DB_OK; /* deleted meanwhile */
	if (rc == DB_OK)
		rc = db_commit(c);
	if (rc != DB_OK)
		db_rollback(c);
	return rc;
}

static int deliver_job(db *c, json_t *payload, char *err, size_t errlen)
{
	int64_t id = json_integer_value(json_object_get(payload, "delivery"));
	int64_t generation = json_integer_value(json_object_get(payload, "generation"));
	bool resend = json_is_true(json_object_get(payload, "resend"));
	json_t *d = NULL;
	int rc = db_query_row_json(c,
		"SELECT d.id, d.uid, d.event, d.body, d.status, d.generation, e.id AS endpoint, e.url, e.active, e.secret "
		"FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE d.id = ?",
		DB_ARGS(DB_INT(id)), &d);
	if (rc == DB_DONE)
		return 0; /* its endpoint was deleted */
	if (rc != DB_ROW) {
		snprintf(err, errlen, "the delivery could not be read: %s", db_errmsg(c));
		return -1;
	}
	const char *status = json_string_value(json_object_get(d, "status"));
	if (json_integer_value(json_object_get(d, "generation")) != generation || strcmp(status, "delivered") == 0) {
		json_decref(d);
		return 0; /* sent, or queued again since */
	}
	int64_t n = 0, max = 0;
	jobs_current_attempt(&n, &max);
	attempt t = { 0 };
	char secret[WEBHOOK_SECRET_MAX];
	const char *url = json_string_value(json_object_get(d, "url"));
	bool final = false; /* retrying cannot help */
	if (json_integer_value(json_object_get(d, "active")) == 0) {
		snprintf(t.error, sizeof(t.error), "the endpoint is switched off");
		final = true;
	} else if (webhooks_url_check(url) != WEBHOOK_URL_OK) {
		snprintf(t.error, sizeof(t.error), "address refused: the endpoint's URL is not allowed on this server");
		final = true;
	} else if (!webhooks_secret_open(json_string_value(json_object_get(d, "secret")),
	                                 json_integer_value(json_object_get(d, "endpoint")), secret)) {
		snprintf(t.error, sizeof(t.error), "the secret does not open (another webhook.key?)");
	} else {
		post(d, secret, &t);
	}
	sodium_memzero(secret, sizeof(secret));
	rc = record(c, d, generation, resend, &t, final || n >= max);
	json_decref(d);
	if (rc != DB_OK) {
		snprintf(err, errlen, "the attempt could not be logged: %s", db_errmsg(c));
		return -1;
	}
	if (t.error[0] == '\0')
		return 0;
	snprintf(err, errlen, "%s", t.error);
	return final ? 0 : -1; /* the jobs worker retries, or marks the job failed after the last */
}

int webhooks_deliver_init(void)
{
	return jobs_register(WEBHOOK_JOB, deliver_job);
}
