/*
 * pubsub.c - in-process subscriptions, and the PostgreSQL LISTEN/NOTIFY
 * transport between nodes (see pubsub.h).
 */
#include "db/pubsub.h"

#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/log.h"
#include "db/db.h"
#include "db/db_int.h"

#define CHANNEL "terbuka"
#define MAX_TOPIC 200

struct sub {
	int id;
	char topic[MAX_TOPIC];
	pubsub_fn fn;
	void *ctx;
	struct sub *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct sub *subs;
static int next_id;

static pthread_t listener;
static bool listening;
static atomic_bool stopping;
static atomic_ulong epoch, epochs; /* see pubsub_epoch; epochs counts connections */
static int wake[2] = { -1, -1 }; /* a pipe that interrupts the listener's poll */

int pubsub_subscribe(const char *topic, pubsub_fn fn, void *ctx)
{
	if (strlen(topic) >= MAX_TOPIC)
		return -1;
	struct sub *s = calloc(1, sizeof(*s));
	if (s == NULL)
		return -1;
	snprintf(s->topic, sizeof(s->topic), "%s", topic);
	s->fn = fn;
	s->ctx = ctx;
	pthread_mutex_lock(&lock);
	s->id = ++next_id;
	s->next = subs;
	subs = s;
	pthread_mutex_unlock(&lock);
	return s->id;
}

void pubsub_unsubscribe(int id)
{
	pthread_mutex_lock(&lock);
	for (struct sub **p = &subs; *p != NULL; p = &(*p)->next) {
		if ((*p)->id == id) {
			struct sub *s = *p;
			*p = s->next;
			free(s);
			break;
		}
	}
	pthread_mutex_unlock(&lock);
}

/* Hands one message to the local subscribers. */
static void deliver(const char *topic, const char *json)
{
	pthread_mutex_lock(&lock);
	for (struct sub *s = subs; s != NULL; s = s->next) {
		if (strcmp(s->topic, "*") == 0 || strcmp(s->topic, topic) == 0)
			s->fn(topic, json, s->ctx);
	}
	pthread_mutex_unlock(&lock);
}

/* A notification's payload is "topic\tjson". */
static void deliver_payload(const char *payload)
{
	const char *tab = strchr(payload, '\t');
	if (tab == NULL || (size_t)(tab - payload) >= MAX_TOPIC)
		return;
	char topic[MAX_TOPIC];
	memcpy(topic, payload, (size_t)(tab - payload));
	topic[tab - payload] = '\0';
	deliver(topic, tab + 1);
}

int pubsub_publish(const char *topic, json_t *message)
{
	if (strchr(topic, '\t') != NULL || strlen(topic) >= MAX_TOPIC)
		return DB_ERROR;
	char *json = json_dumps(message, JSON_COMPACT | JSON_ENCODE_ANY);
	if (json == NULL)
		return DB_ERROR;
	int rc = DB_ERROR;
	if (db_engine() == DB_SQLITE) {
		deliver(topic, json);
		rc = DB_OK;
		goto done;
	}
	buf payload;
	buf_init(&payload, PUBSUB_MAX_MESSAGE);
	buf_puts(&payload, topic);
	buf_putc(&payload, '\t');
	buf_puts(&payload, json);
	if (!buf_failed(&payload)) {
		db *c = db_thread();
		rc = c ? db_exec(c, "SELECT pg_notify('" CHANNEL "', ?)",
		                 DB_ARGS(DB_TEXTN(payload.data, payload.len)), NULL)
		       : DB_UNAVAILABLE;
	}
	buf_free(&payload);
done:
	{
		/* jansson's own free: during a request its memory is the arena's */
		json_malloc_t m;
		json_free_t release;
		json_get_alloc_funcs(&m, &release);
		release(json);
	}
	return rc;
}

unsigned long pubsub_epoch(void)
{
	return atomic_load(&epoch);
}

/* A new listening connection: notifications are heard from now on. */
static void heard_from_now(void)
{
	atomic_store(&epoch, atomic_fetch_add(&epochs, 1) + 1);
}

/* Opens the listening connection; NULL when the server cannot be reached. */
static PGconn *listen_connect(void)
{
	PGconn *pg = PQconnectdb(db_location());
	if (PQstatus(pg) != CONNECTION_OK) {
		PQfinish(pg);
		return NULL;
	}
	PGresult *r = PQexec(pg, "LISTEN " CHANNEL);
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	PQclear(r);
	if (!ok) {
		PQfinish(pg);
		return NULL;
	}
	return pg;
}

/* Waits for notifications until stopped; reconnects when the server goes
 * away (at most once a second, so a down server is not hammered). Messages
 * sent while no listener was connected are lost: live updates are a
 * convenience, never the record. */
static void *listen_loop(void *arg)
{
	PGconn *pg = arg;
	while (!atomic_load(&stopping)) {
		if (pg == NULL) {
			sleep(1);
			pg = listen_connect();
			if (pg != NULL) {
				heard_from_now();
				log_info("pubsub: listening again");
			}
			continue;
		}
		struct pollfd fds[2] = { { .fd = PQsocket(pg), .events = POLLIN },
			                 { .fd = wake[0], .events = POLLIN } };
		if (poll(fds, 2, 1000) < 0)
			continue;
		if (fds[1].revents != 0)
			break;
		if (PQconsumeInput(pg) == 0 || PQstatus(pg) != CONNECTION_OK) {
			atomic_store(&epoch, 0);
			log_error(NULL, "pubsub: lost the PostgreSQL connection; reconnecting");
			PQfinish(pg);
			pg = NULL;
			continue;
		}
		PGnotify *n;
		while ((n = PQnotifies(pg)) != NULL) {
			deliver_payload(n->extra);
			PQfreemem(n);
		}
	}
	PQfinish(pg);
	return NULL;
}

int pubsub_start(char *err, size_t errlen)
{
	atomic_store(&stopping, false);
	if (db_engine() != DB_POSTGRES || listening)
		return 0;
	PGconn *pg = listen_connect();
	if (pg == NULL) {
		snprintf(err, errlen, "pubsub: cannot LISTEN on PostgreSQL");
		return -1;
	}
	if (pipe(wake) != 0 || pthread_create(&listener, NULL, listen_loop, pg) != 0) {
		PQfinish(pg);
		snprintf(err, errlen, "pubsub: cannot start the listener thread");
		return -1;
	}
	listening = true;
	heard_from_now();
	return 0;
}

void pubsub_stop(void)
{
	atomic_store(&epoch, 0);
	if (listening) {
		atomic_store(&stopping, true);
		ssize_t ignored = write(wake[1], "x", 1);
		(void)ignored;
		pthread_join(listener, NULL);
		close(wake[0]);
		close(wake[1]);
		wake[0] = wake[1] = -1;
		listening = false;
	}
	pthread_mutex_lock(&lock);
	while (subs != NULL) {
		struct sub *s = subs;
		subs = s->next;
		free(s);
	}
	pthread_mutex_unlock(&lock);
}
