/*
 * sse.c - Server-Sent Events to many clients (see sse.h).
 *
 * Locks, always taken in this order: hub (channels, the slot table, the
 * open/close of channels) -> one client's lock (its queue and flags) ->
 * MHD's own lock inside MHD_suspend/resume_connection. The pending list
 * of published messages has a lock of its own that nothing else is held
 * under, so a publisher (a pubsub callback) never waits for the hub.
 *
 * Suspension: a client's content reader, finding nothing to send, sets
 * `suspended` and suspends its connection under the client lock; whoever
 * gives it something to send (fan-out, heartbeat, hang-up, shutdown)
 * clears `suspended` and resumes it under the same lock. So a connection
 * is resumed exactly once per suspension and never when it is running.
 * MHD panics when stopped with a suspended connection, hence sse_drain
 * before MHD_stop_daemon.
 *
 * The hang-up watch: while MHD holds a connection suspended it does not
 * poll its socket, so a client that leaves would stay until its next
 * heartbeat. The thread here polls every stream socket for EPOLLRDHUP
 * (the peer closed) in an epoll set of its own, keyed by slot and
 * generation so a late event never reaches a freed client. A socket is
 * taken out of the set when its response is freed, which MHD does before
 * it closes the socket (MHD_connection_close_); the inode is checked
 * first all the same, so a number already reused is never touched.
 */
#include "http/sse.h"

#include <errno.h>
#include <malloc.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"

#define NBUCKETS 64
#define PENDING_MAX 4096     /* published messages not yet fanned out */
#define WAKE_KEY UINT64_MAX  /* the eventfd's key in the epoll set */
#define BLOCK_SIZE 4096
#define TRIM_AFTER 1000      /* streams gone since the heap was last trimmed */
/* Waking every viewer of a session at once would have MHD's threads write
 * to all of them before they look at anything else: a page asked for
 * meanwhile would wait the whole round (p99 61 ms at 10,000 viewers).
 * They are woken this many at a time, with a pause between: 10,000 in
 * about 0.2 s (page p99 15-22 ms on this machine, delivery p99 < 0.4 s;
 * docs/BENCHMARKS.md). Several events pending at once cost one round. */
#define WAKE_BATCH 64
#define WAKE_PAUSE_US 1000

static const char ping_line[] = ": ping\n\n";

struct sse_channel {
	char name[SSE_MAX_CHANNEL];
	const struct sse_source *src;
	int handle;
	unsigned nclients;
	sse_client *clients;
	struct sse_channel *next;
};

struct sse_client {
	pthread_mutex_t lock;
	/* set before the client is shared */
	struct MHD_Connection *conn;
	int fd;
	ino_t ino;
	uint32_t slot, gen;
	char request_id[17];
	/* under the hub lock */
	struct sse_channel *channel;
	sse_client *prev, *next; /* in the channel */
	bool watched;
	/* under the client lock */
	sse_queue q;
	char *prefix;
	size_t prefix_len, prefix_off;
	bool end_after_prefix;
	int64_t *replayed; /* ids the prefix carried, ascending */
	size_t nreplayed;
	uint64_t last_write_ms;
	bool suspended; /* by its reader; whoever resumes it clears this */
	bool listed;    /* in a wake list (see wake_paced) */
	bool ping;      /* a heartbeat is due */
	bool gone;      /* the peer hung up: end with an error */
	bool ending;    /* send what is waiting, then end the response */
	size_t written; /* bytes written since its buffer's pages were given back */
};

struct pending {
	struct pending *next;
	sse_msg *m;
	char channel[];
};

/* The hub. */
static pthread_mutex_t hub = PTHREAD_MUTEX_INITIALIZER;
static struct sse_channel *buckets[NBUCKETS];
static sse_client **slots;
static uint32_t nslots, used_slots, free_hint;
static uint32_t next_gen;
static unsigned nclients;
static bool stopping; /* under hub; readers see it through their `ending` */
static unsigned closed_since_trim;

/* Published messages on their way to the thread. */
static pthread_mutex_t pend_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t fan_lock = PTHREAD_MUTEX_INITIALIZER; /* one fan-out at a time: in order */
static struct pending *pend_head, *pend_tail;
static unsigned npending;

static pthread_t thread;
static atomic_bool running;
static atomic_bool thread_stop;
static int epfd = -1, wakefd = -1;
static unsigned ping_ms = SSE_PING_SECONDS * 1000u;
static size_t page_size = 4096;

static sse_msg *reload_msg; /* "event: reload", shared; made by sse_start */

static _Atomic uint64_t stat_opened, stat_events, stat_dropped, stat_lost;

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* ---- formatting ---- */

static bool event_name_ok(const char *e)
{
	size_t n = strlen(e);
	if (n == 0 || n > SSE_MAX_EVENT)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = e[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		      ch == '_' || ch == '.' || ch == '-'))
			return false;
	}
	return true;
}

bool sse_format(buf *out, int64_t id, const char *event, const char *data, size_t data_len)
{
	if (id < 0 || (event != NULL && !event_name_ok(event)))
		return false;
	for (size_t i = 0; i < data_len; i++) {
		if (data[i] == '\n' || data[i] == '\r' || data[i] == '\0')
			return false;
	}
	if (id > 0)
		buf_printf(out, "id: %lld\n", (long long)id);
	if (event != NULL) {
		buf_puts(out, "event: ");
		buf_puts(out, event);
		buf_putc(out, '\n');
	}
	buf_puts(out, "data: ");
	buf_append(out, data, data_len);
	buf_puts(out, "\n\n");
	return !buf_failed(out);
}

sse_msg *sse_msg_new(int64_t id, const char *event, const char *data, size_t data_len)
{
	buf b;
	size_t max;
	if (__builtin_add_overflow(data_len, (size_t)SSE_MAX_EVENT + 64, &max))
		return NULL;
	buf_init(&b, max);
	if (!sse_format(&b, id, event, data, data_len)) {
		buf_free(&b);
		return NULL;
	}
	sse_msg *m = malloc(sizeof(*m) + b.len);
	if (m != NULL) {
		atomic_init(&m->refs, 1);
		m->id = id;
		m->len = b.len;
		memcpy(m->bytes, b.data, b.len);
	}
	buf_free(&b);
	return m;
}

sse_msg *sse_msg_ref(sse_msg *m)
{
	atomic_fetch_add_explicit(&m->refs, 1, memory_order_relaxed);
	return m;
}

void sse_msg_unref(sse_msg *m)
{
	if (m != NULL && atomic_fetch_sub_explicit(&m->refs, 1, memory_order_acq_rel) == 1)
		free(m);
}

/* ---- a client's queue ---- */

void sse_queue_init(sse_queue *q, unsigned max, size_t max_bytes)
{
	memset(q, 0, sizeof(*q));
	q->max = max;
	q->max_bytes = max_bytes;
}

bool sse_queue_push(sse_queue *q, sse_msg *m)
{
	if (q->count >= q->max || m->len > q->max_bytes || q->bytes > q->max_bytes - m->len)
		return false;
	if (q->count == q->cap) { /* grows from 4 to max, keeping order */
		unsigned cap = q->cap ? q->cap * 2 : 4;
		if (cap > q->max)
			cap = q->max;
		sse_msg **ring = malloc((size_t)cap * sizeof(*ring));
		if (ring == NULL)
			return false;
		for (unsigned i = 0; i < q->count; i++)
			ring[i] = q->ring[(q->head + i) % q->cap];
		free(q->ring);
		q->ring = ring;
		q->cap = cap;
		q->head = 0;
	}
	q->ring[(q->head + q->count) % q->cap] = sse_msg_ref(m);
	q->count++;
	q->bytes += m->len;
	return true;
}

static void queue_pop(sse_queue *q)
{
	sse_msg *m = q->ring[q->head];
	q->bytes -= m->len - q->off;
	q->head = (q->head + 1) % q->cap;
	q->count--;
	q->off = 0;
	sse_msg_unref(m);
}

static bool sent_already(int64_t id, const int64_t *sent, size_t nsent)
{
	size_t lo = 0, hi = nsent;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (sent[mid] == id)
			return true;
		if (sent[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

size_t sse_queue_read(sse_queue *q, char *dst, size_t max, const int64_t *sent, size_t nsent)
{
	size_t n = 0;
	while (q->count > 0 && n < max) {
		sse_msg *m = q->ring[q->head];
		if (q->off == 0 && m->id > 0 && sent_already(m->id, sent, nsent)) {
			queue_pop(q); /* the replay had it */
			continue;
		}
		size_t take = m->len - q->off;
		if (take > max - n)
			take = max - n;
		memcpy(dst + n, m->bytes + q->off, take);
		n += take;
		q->off += take;
		q->bytes -= take;
		if (q->off == m->len)
			queue_pop(q);
	}
	return n;
}

void sse_queue_drop(sse_queue *q)
{
	if (q->count == 0)
		return;
	unsigned keep = q->off > 0 ? 1 : 0;
	while (q->count > keep) { /* from the newest */
		unsigned last = (q->head + q->count - 1) % q->cap;
		q->bytes -= q->ring[last]->len;
		sse_msg_unref(q->ring[last]);
		q->count--;
	}
}

void sse_queue_clear(sse_queue *q)
{
	while (q->count > 0)
		queue_pop(q);
	q->bytes = 0;
}

void sse_queue_free(sse_queue *q)
{
	sse_queue_clear(q);
	free(q->ring);
	q->ring = NULL;
	q->cap = 0;
}

/* ---- the hub ---- */

static unsigned bucket_of(const char *name)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h % NBUCKETS;
}

static struct sse_channel *channel_find(const char *name, struct sse_channel ***link)
{
	struct sse_channel **l = &buckets[bucket_of(name)];
	for (; *l != NULL; l = &(*l)->next) {
		if (strcmp((*l)->name, name) == 0)
			break;
	}
	if (link != NULL)
		*link = l;
	return *l;
}

/* A free slot for c (hub held); false when out of memory. */
static bool slot_take(sse_client *c)
{
	if (used_slots == nslots) {
		uint32_t n = nslots ? nslots * 2 : 1024;
		sse_client **s = realloc(slots, (size_t)n * sizeof(*s));
		if (s == NULL)
			return false;
		memset(s + nslots, 0, (size_t)(n - nslots) * sizeof(*s));
		free_hint = nslots;
		slots = s;
		nslots = n;
	}
	while (slots[free_hint] != NULL)
		free_hint = (free_hint + 1) % nslots;
	c->slot = free_hint;
	c->gen = ++next_gen;
	slots[free_hint] = c;
	used_slots++;
	return true;
}

static sse_client *slot_get(uint64_t key)
{
	uint32_t slot = (uint32_t)(key & 0xffffffffu), gen = (uint32_t)(key >> 32);
	if (slot >= nslots || slots[slot] == NULL || slots[slot]->gen != gen)
		return NULL;
	return slots[slot];
}

static void watch(sse_client *c)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c->conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	struct stat st;
	if (epfd < 0 || ci == NULL || fstat(ci->connect_fd, &st) != 0)
		return;
	c->fd = ci->connect_fd;
	c->ino = st.st_ino;
	/* A viewer that vanished without closing (a phone off the network)
	 * never acknowledges the heartbeats: after three of them the kernel
	 * gives up on the connection (instead of retrying for 15 minutes),
	 * which this watch then sees. */
	unsigned give_up = 3 * ping_ms;
	setsockopt(c->fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &give_up, sizeof(give_up));
	struct epoll_event ev = { .events = EPOLLRDHUP | EPOLLONESHOT,
		                  .data.u64 = (uint64_t)c->gen << 32 | c->slot };
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, c->fd, &ev) == 0 ||
	    (errno == EEXIST && epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev) == 0))
		c->watched = true;
}

static void unwatch(sse_client *c)
{
	struct stat st;
	if (c->watched && epfd >= 0 && fstat(c->fd, &st) == 0 && st.st_ino == c->ino)
		epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
	c->watched = false;
}

/* Resumes c when its reader suspended it (client lock held). */
static void wake(sse_client *c)
{
	if (c->suspended) {
		c->suspended = false;
		MHD_resume_connection(c->conn);
	}
}

/* Takes c out of everything (hub held). */
static void detach(sse_client *c)
{
	struct sse_channel *ch = c->channel;
	if (ch != NULL) {
		if (c->prev != NULL)
			c->prev->next = c->next;
		else
			ch->clients = c->next;
		if (c->next != NULL)
			c->next->prev = c->prev;
		if (--ch->nclients == 0) {
			struct sse_channel **link;
			channel_find(ch->name, &link);
			*link = ch->next;
			ch->src->close(ch->handle);
			free(ch);
		}
		c->channel = NULL;
	}
	unwatch(c);
	if (slots != NULL && c->slot < nslots && slots[c->slot] == c) {
		slots[c->slot] = NULL;
		used_slots--;
		nclients--;
		closed_since_trim++;
	}
}

static void client_free(sse_client *c)
{
	pthread_mutex_lock(&hub);
	detach(c);
	pthread_mutex_unlock(&hub);
	sse_queue_free(&c->q);
	free(c->prefix);
	free(c->replayed);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

sse_client *sse_client_new(request *req, const char *channel, const struct sse_source *src)
{
	if (strlen(channel) >= SSE_MAX_CHANNEL)
		return NULL;
	sse_client *c = calloc(1, sizeof(*c));
	if (c == NULL)
		return NULL;
	pthread_mutex_init(&c->lock, NULL);
	c->conn = req->conn;
	c->fd = -1;
	snprintf(c->request_id, sizeof(c->request_id), "%s", req->id);
	sse_queue_init(&c->q, SSE_QUEUE_MAX, SSE_QUEUE_BYTES);
	c->last_write_ms = now_ms();
	c->written = page_size; /* MHD zeroed its buffer: give it back at the first pause */

	bool ok = false;
	pthread_mutex_lock(&hub);
	struct sse_channel **link;
	struct sse_channel *ch = channel_find(channel, &link);
	if (stopping || !running || !slot_take(c))
		goto done;
	if (ch == NULL) {
		ch = calloc(1, sizeof(*ch));
		if (ch == NULL)
			goto done;
		snprintf(ch->name, sizeof(ch->name), "%s", channel);
		ch->src = src;
		ch->handle = src->open(channel);
		if (ch->handle < 0) {
			log_error(req->id, "stream: cannot open channel %s", channel);
			free(ch);
			goto done;
		}
		*link = ch;
	}
	c->channel = ch;
	c->next = ch->clients;
	if (ch->clients != NULL)
		ch->clients->prev = c;
	ch->clients = c;
	ch->nclients++;
	nclients++;
	watch(c);
	ok = true;
done:
	if (!ok && slots != NULL && c->slot < nslots && slots[c->slot] == c) {
		slots[c->slot] = NULL;
		used_slots--;
	}
	pthread_mutex_unlock(&hub);
	if (!ok) {
		pthread_mutex_destroy(&c->lock);
		free(c);
		return NULL;
	}
	atomic_fetch_add(&stat_opened, 1);
	return c;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

bool sse_client_prefix(sse_client *c, const char *bytes, size_t len, const int64_t *ids,
                       size_t nids, bool last)
{
	size_t idbytes;
	if (__builtin_mul_overflow(nids, sizeof(*ids), &idbytes))
		return false;
	char *p = malloc(len ? len : 1);
	int64_t *sorted = nids ? malloc(idbytes) : NULL;
	if (p == NULL || (nids && sorted == NULL)) {
		free(p);
		free(sorted);
		return false;
	}
	memcpy(p, bytes, len);
	if (nids) {
		memcpy(sorted, ids, idbytes);
		qsort(sorted, nids, sizeof(*sorted), cmp_id);
	}
	pthread_mutex_lock(&c->lock);
	bool ok = c->prefix == NULL && c->replayed == NULL;
	if (ok) {
		c->prefix = p;
		c->prefix_len = len;
		c->replayed = sorted;
		c->nreplayed = nids;
		c->end_after_prefix = last;
	}
	pthread_mutex_unlock(&c->lock);
	if (!ok) {
		free(p);
		free(sorted);
	}
	return ok;
}

void sse_client_abort(sse_client *c)
{
	if (c != NULL)
		client_free(c);
}

void sse_client_answer(sse_client *c, response *res)
{
	response_free(res);
	res->status = 200;
	res->content_type = "text/event-stream; charset=utf-8";
	res->compressible = false;
	res->stream = c;
	response_header(res, "Cache-Control", "no-store");
	response_header(res, "X-Accel-Buffering", "no");
	/* When it ends, the connection ends too: kept alive, MHD would zero
	 * all of its memory for a next request that EventSource never sends
	 * on it (a whole audience leaving at once would touch 32 KB each). */
	response_header(res, "Connection", "close");
}

/* ---- MHD's side ---- */

/* The pages wholly inside out, MHD's write buffer for this connection,
 * go back to the kernel (they read as zeros if touched again). MHD takes
 * that buffer from the connection's memory, all of what is free of it,
 * and had zeroed most of it while switching from reading the request to
 * sending: without this, every idle stream would keep the whole of its
 * connection memory (CONN_MEMORY in server.c), 39 KB a viewer measured,
 * for as long as it is open. The buffer is ours to write until we return
 * (MHD uses only the bytes we say we wrote), and zero pages are what
 * writing zeros would leave, so MHD sees no difference. */
static void give_back(char *out, size_t len)
{
	uintptr_t start = ((uintptr_t)out + page_size - 1) & ~(uintptr_t)(page_size - 1);
	uintptr_t end = ((uintptr_t)out + len) & ~(uintptr_t)(page_size - 1);
	if (end > start)
		madvise((void *)start, end - start, MADV_DONTNEED);
}

static ssize_t reader(void *cls, uint64_t pos, char *out, size_t max)
{
	sse_client *c = cls;
	ssize_t ret;
	size_t n = 0;
	pthread_mutex_lock(&c->lock);
	if (c->gone) { /* not an error: the client left (MHD would log one) */
		ret = MHD_CONTENT_READER_END_OF_STREAM;
		goto done;
	}
	if (c->prefix_off < c->prefix_len) {
		n = c->prefix_len - c->prefix_off;
		if (n > max)
			n = max;
		memcpy(out, c->prefix + c->prefix_off, n);
		c->prefix_off += n;
		if (c->prefix_off == c->prefix_len) {
			free(c->prefix);
			c->prefix = NULL;
			c->prefix_len = c->prefix_off = 0;
			if (c->end_after_prefix) {
				c->ending = true;
				sse_queue_clear(&c->q);
			}
		}
	}
	if (n < max && c->prefix_len == 0)
		n += sse_queue_read(&c->q, out + n, max - n, c->replayed, c->nreplayed);
	if (n == 0 && c->ping && max >= sizeof(ping_line) - 1) {
		memcpy(out, ping_line, sizeof(ping_line) - 1);
		n = sizeof(ping_line) - 1;
	}
	if (n > 0) {
		c->ping = false; /* anything written is a heartbeat */
		c->last_write_ms = now_ms();
		c->written += n;
		ret = (ssize_t)n;
	} else if (c->ending) {
		ret = MHD_CONTENT_READER_END_OF_STREAM;
	} else {
		if (c->written >= page_size) { /* whatever it wrote touched more pages */
			give_back(out, max);
			c->written = 0;
		}
		c->suspended = true;
		MHD_suspend_connection(c->conn);
		ret = 0;
	}
done:
	pthread_mutex_unlock(&c->lock);
	return ret;
}

/* MHD is done with the response: before it closes the socket. */
static void reader_free(void *cls)
{
	client_free(cls);
}

struct MHD_Response *sse_mhd_response(sse_client *c)
{
	struct MHD_Response *r =
		MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, BLOCK_SIZE, reader, c, reader_free);
	if (r == NULL)
		client_free(c);
	return r;
}

/* ---- publishing ---- */

void sse_publish(const char *channel, sse_msg *m)
{
	size_t n = strlen(channel);
	struct pending *p = n < SSE_MAX_CHANNEL ? malloc(sizeof(*p) + n + 1) : NULL;
	if (p == NULL) {
		sse_msg_unref(m);
		atomic_fetch_add(&stat_lost, 1);
		return;
	}
	p->next = NULL;
	p->m = m;
	memcpy(p->channel, channel, n + 1);
	pthread_mutex_lock(&pend_lock);
	bool full = npending >= PENDING_MAX || !running;
	if (!full) {
		if (pend_tail != NULL)
			pend_tail->next = p;
		else
			pend_head = p;
		pend_tail = p;
		npending++;
	}
	pthread_mutex_unlock(&pend_lock);
	if (full) {
		sse_msg_unref(m);
		free(p);
		atomic_fetch_add(&stat_lost, 1);
		return;
	}
	uint64_t one = 1;
	ssize_t w = write(wakefd, &one, sizeof(one));
	(void)w; /* a full counter still wakes the thread */
}

/* Clients to resume, by key (slot and generation, so one freed meanwhile
 * is skipped), for wake_paced. */
struct wake_list {
	uint64_t *keys;
	size_t n, cap;
};

/* Adds c when it is suspended (hub and client lock held). */
static void wake_later(struct wake_list *w, sse_client *c)
{
	if (!c->suspended || c->listed)
		return;
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 1024;
		uint64_t *keys = realloc(w->keys, cap * sizeof(*keys));
		if (keys == NULL) { /* out of memory: wake it now rather than never */
			wake(c);
			return;
		}
		w->keys = keys;
		w->cap = cap;
	}
	w->keys[w->n++] = (uint64_t)c->gen << 32 | c->slot;
	c->listed = true;
}

/* Resumes the listed clients WAKE_BATCH at a time (hub not held). */
static void wake_paced(struct wake_list *w)
{
	for (size_t i = 0; i < w->n;) {
		pthread_mutex_lock(&hub);
		for (size_t end = i + WAKE_BATCH; i < w->n && i < end; i++) {
			sse_client *c = slot_get(w->keys[i]);
			if (c == NULL)
				continue;
			pthread_mutex_lock(&c->lock);
			c->listed = false;
			wake(c);
			pthread_mutex_unlock(&c->lock);
		}
		pthread_mutex_unlock(&hub);
		if (i < w->n)
			usleep(WAKE_PAUSE_US);
	}
	free(w->keys);
	w->keys = NULL;
	w->n = w->cap = 0;
}

/* Queues m for c (hub and client lock held). */
static void deliver(sse_client *c, sse_msg *m, struct wake_list *w)
{
	if (c->ending || c->gone)
		return;
	if (!sse_queue_push(&c->q, m)) {
		/* fallen behind: what it has is useless now; it starts again */
		sse_queue_drop(&c->q);
		if (!sse_queue_push(&c->q, reload_msg))
			c->gone = true;
		c->ending = true;
		atomic_fetch_add(&stat_dropped, 1);
		log_error(c->request_id, "stream: client fell %u events behind; sent it a reload",
		          SSE_QUEUE_MAX);
	} else {
		atomic_fetch_add_explicit(&stat_events, 1, memory_order_relaxed);
	}
	wake_later(w, c);
}

static void fan_out(void)
{
	pthread_mutex_lock(&fan_lock);
	pthread_mutex_lock(&pend_lock);
	struct pending *p = pend_head;
	pend_head = pend_tail = NULL;
	npending = 0;
	pthread_mutex_unlock(&pend_lock);
	if (p == NULL) {
		pthread_mutex_unlock(&fan_lock);
		return;
	}
	struct wake_list w = { 0 };
	pthread_mutex_lock(&hub);
	while (p != NULL) {
		struct sse_channel *ch = channel_find(p->channel, NULL);
		for (sse_client *c = ch ? ch->clients : NULL; c != NULL; c = c->next) {
			pthread_mutex_lock(&c->lock);
			deliver(c, p->m, &w);
			pthread_mutex_unlock(&c->lock);
		}
		struct pending *next = p->next;
		sse_msg_unref(p->m);
		free(p);
		p = next;
	}
	pthread_mutex_unlock(&hub);
	wake_paced(&w);
	pthread_mutex_unlock(&fan_lock);
}

/* Every quiet client gets a ping; a client whose socket cannot take it
 * stops being written to, and MHD's idle timeout closes it. */
static void heartbeat(void)
{
	uint64_t now = now_ms();
	struct wake_list w = { 0 };
	pthread_mutex_lock(&hub);
	for (uint32_t i = 0; i < nslots; i++) {
		sse_client *c = slots[i];
		if (c == NULL)
			continue;
		pthread_mutex_lock(&c->lock);
		if (now - c->last_write_ms >= ping_ms) {
			c->ping = true;
			wake_later(&w, c);
		}
		pthread_mutex_unlock(&c->lock);
	}
	pthread_mutex_unlock(&hub);
	wake_paced(&w);
}

static void hung_up(uint64_t key)
{
	pthread_mutex_lock(&hub);
	sse_client *c = slot_get(key);
	if (c != NULL) {
		pthread_mutex_lock(&c->lock);
		c->gone = true;
		wake(c);
		pthread_mutex_unlock(&c->lock);
	}
	pthread_mutex_unlock(&hub);
}

static void *sse_thread(void *arg)
{
	uint64_t last_trim = 0;
	struct epoll_event ev[64];
	unsigned tick = ping_ms / 4;
	if (tick < 50)
		tick = 50;
	if (tick > 1000)
		tick = 1000;
	uint64_t next_beat = now_ms() + tick;
	while (!atomic_load(&thread_stop)) {
		uint64_t now = now_ms();
		int timeout = next_beat > now ? (int)(next_beat - now) : 0;
		int n = epoll_wait(epfd, ev, 64, timeout);
		for (int i = 0; i < n; i++) {
			if (ev[i].data.u64 == WAKE_KEY) {
				uint64_t v;
				ssize_t r = read(wakefd, &v, sizeof(v));
				(void)r;
			} else {
				hung_up(ev[i].data.u64);
			}
		}
		fan_out();
		if (now_ms() >= next_beat) {
			heartbeat();
			next_beat = now_ms() + tick;
			pthread_mutex_lock(&hub);
			bool trim = closed_since_trim >= TRIM_AFTER && now_ms() - last_trim >= 1000;
			if (trim)
				closed_since_trim = 0;
			pthread_mutex_unlock(&hub);
			if (trim) {
				/* an audience left: the heap keeps what their connections
				 * used unless told to give it back */
				malloc_trim(0);
				last_trim = now_ms();
			}
		}
	}
	return NULL;
}

/* ---- life cycle ---- */

void sse_configure(unsigned ping)
{
	if (ping > 0)
		ping_ms = ping;
}

int sse_start(void)
{
	if (running)
		return 0;
	long page = sysconf(_SC_PAGESIZE);
	if (page > 0 && (page & (page - 1)) == 0)
		page_size = (size_t)page;
	reload_msg = sse_msg_new(0, "reload", "{}", 2);
	epfd = epoll_create1(EPOLL_CLOEXEC);
	wakefd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = WAKE_KEY };
	atomic_store(&thread_stop, false);
	if (reload_msg == NULL || epfd < 0 || wakefd < 0 ||
	    epoll_ctl(epfd, EPOLL_CTL_ADD, wakefd, &ev) != 0 ||
	    pthread_create(&thread, NULL, sse_thread, NULL) != 0) {
		log_error(NULL, "stream: cannot start the stream thread: %s", strerror(errno));
		if (epfd >= 0)
			close(epfd);
		if (wakefd >= 0)
			close(wakefd);
		epfd = wakefd = -1;
		sse_msg_unref(reload_msg);
		reload_msg = NULL;
		return -1;
	}
	pthread_mutex_lock(&hub);
	stopping = false;
	running = true;
	pthread_mutex_unlock(&hub);
	return 0;
}

void sse_drain(unsigned wait_ms)
{
	if (running)
		fan_out(); /* what was published before the stop still goes out */
	pthread_mutex_lock(&hub);
	stopping = true;
	for (uint32_t i = 0; i < nslots; i++) {
		sse_client *c = slots[i];
		if (c == NULL)
			continue;
		pthread_mutex_lock(&c->lock);
		c->ending = true;
		wake(c);
		pthread_mutex_unlock(&c->lock);
	}
	pthread_mutex_unlock(&hub);
	for (unsigned waited = 0; sse_clients() > 0 && waited < wait_ms; waited += 10)
		usleep(10000);
}

void sse_stop(void)
{
	if (!running)
		return;
	atomic_store(&thread_stop, true);
	uint64_t one = 1;
	ssize_t w = write(wakefd, &one, sizeof(one));
	(void)w;
	pthread_join(thread, NULL);
	pthread_mutex_lock(&pend_lock);
	running = false;
	struct pending *p = pend_head;
	pend_head = pend_tail = NULL;
	npending = 0;
	pthread_mutex_unlock(&pend_lock);
	while (p != NULL) {
		struct pending *next = p->next;
		sse_msg_unref(p->m);
		free(p);
		p = next;
	}
	pthread_mutex_lock(&hub);
	close(epfd);
	close(wakefd);
	epfd = wakefd = -1;
	if (nclients == 0) {
		free(slots);
		slots = NULL;
		nslots = used_slots = free_hint = 0;
	}
	pthread_mutex_unlock(&hub);
	sse_msg_unref(reload_msg);
	reload_msg = NULL;
}

unsigned sse_clients(void)
{
	pthread_mutex_lock(&hub);
	unsigned n = nclients;
	pthread_mutex_unlock(&hub);
	return n;
}

void sse_metrics(buf *out)
{
	unsigned channels = 0;
	pthread_mutex_lock(&hub);
	unsigned n = nclients;
	for (unsigned i = 0; i < NBUCKETS; i++)
		for (struct sse_channel *ch = buckets[i]; ch != NULL; ch = ch->next)
			channels++;
	pthread_mutex_unlock(&hub);
	buf_printf(out,
	           "# HELP terbuka_streams Live event streams open.\n"
	           "# TYPE terbuka_streams gauge\nterbuka_streams %u\n"
	           "# HELP terbuka_stream_channels Channels (topics) with at least one stream.\n"
	           "# TYPE terbuka_stream_channels gauge\nterbuka_stream_channels %u\n"
	           "# HELP terbuka_streams_opened_total Streams opened.\n"
	           "# TYPE terbuka_streams_opened_total counter\nterbuka_streams_opened_total %llu\n"
	           "# HELP terbuka_stream_events_total Events queued to streams (one per stream).\n"
	           "# TYPE terbuka_stream_events_total counter\nterbuka_stream_events_total %llu\n"
	           "# HELP terbuka_stream_dropped_total Streams sent a reload for falling behind.\n"
	           "# TYPE terbuka_stream_dropped_total counter\nterbuka_stream_dropped_total %llu\n"
	           "# HELP terbuka_stream_lost_total Published events lost before fan-out (overload).\n"
	           "# TYPE terbuka_stream_lost_total counter\nterbuka_stream_lost_total %llu\n",
	           n, channels, (unsigned long long)atomic_load(&stat_opened),
	           (unsigned long long)atomic_load(&stat_events),
	           (unsigned long long)atomic_load(&stat_dropped),
	           (unsigned long long)atomic_load(&stat_lost));
}
