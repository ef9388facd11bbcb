/*
 * sse_test.c - the pure parts of the event-stream transport: how an
 * event is written on the wire, and a client's bounded queue (order,
 * messages split across reads, ids already sent skipped, the bounds,
 * dropping what has not begun). The transport through a real server is
 * tests/unit/stream_test.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "http/sse.h"

static char *format(int64_t id, const char *event, const char *data)
{
	static char out[512];
	buf b;
	buf_init(&b, 1024);
	bool ok = sse_format(&b, id, event, data, strlen(data));
	snprintf(out, sizeof(out), "%s", ok ? b.data : "(refused)");
	buf_free(&b);
	return out;
}

static void test_format(void **state)
{
	assert_string_equal(format(12, "pertanyaan", "{\"id\":3}"),
	                    "id: 12\nevent: pertanyaan\ndata: {\"id\":3}\n\n");
	assert_string_equal(format(0, "reload", "{}"), "event: reload\ndata: {}\n\n");
	assert_string_equal(format(7, NULL, "null"), "id: 7\ndata: null\n\n");
	assert_string_equal(format(1, "a.b-c_D9", "1"), "id: 1\nevent: a.b-c_D9\ndata: 1\n\n");
	/* a field of its own smuggled in through the data or the name */
	assert_string_equal(format(1, "x", "{}\nevent: admin"), "(refused)");
	assert_string_equal(format(1, "x", "{}\r"), "(refused)");
	assert_string_equal(format(1, "x\nid: 99", "{}"), "(refused)");
	assert_string_equal(format(1, "x y", "{}"), "(refused)");
	assert_string_equal(format(1, "", "{}"), "(refused)");
	assert_string_equal(format(-1, "x", "{}"), "(refused)");
	char longname[SSE_MAX_EVENT + 2];
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_string_equal(format(1, longname, "{}"), "(refused)");
	longname[SSE_MAX_EVENT] = '\0';
	assert_string_not_equal(format(1, longname, "{}"), "(refused)");
	/* data with a NUL inside is refused (its length says so) */
	buf b;
	buf_init(&b, 64);
	assert_false(sse_format(&b, 1, "x", "a\0b", 3));
	buf_free(&b);
	/* a full buffer is a failure, not a cut event */
	buf_init(&b, 10);
	assert_false(sse_format(&b, 1, "pertanyaan", "{}", 2));
	buf_free(&b);
}

static void test_msg_refcount(void **state)
{
	sse_msg *m = sse_msg_new(5, "x", "[1]", 3);
	assert_non_null(m);
	assert_int_equal(m->id, 5);
	assert_int_equal(m->len, strlen("id: 5\nevent: x\ndata: [1]\n\n"));
	assert_memory_equal(m->bytes, "id: 5\nevent: x\ndata: [1]\n\n", m->len);
	sse_msg_ref(m);
	sse_msg_unref(m);
	sse_msg_unref(m); /* freed here: the leak checker of the ASan run would say otherwise */
	assert_null(sse_msg_new(1, "x", "a\nb", 3));
}

/* Everything the queue gives, read max bytes at a time, skipping the ids
 * of sent[0..nsent). */
static size_t drain(sse_queue *q, char *out, size_t cap, size_t max, const int64_t *sent,
                    size_t nsent)
{
	size_t n = 0, got;
	while (n < cap &&
	       (got = sse_queue_read(q, out + n, max < cap - n ? max : cap - n, sent, nsent)) > 0)
		n += got;
	out[n] = '\0';
	return n;
}

static void test_queue_order_and_split(void **state)
{
	sse_queue q;
	sse_queue_init(&q, 8, 4096);
	sse_msg *a = sse_msg_new(1, "a", "1", 1), *b = sse_msg_new(2, "b", "22", 2),
	        *c = sse_msg_new(0, "c", "333", 3);
	assert_true(sse_queue_push(&q, a));
	assert_true(sse_queue_push(&q, b));
	assert_true(sse_queue_push(&q, c));
	sse_msg_unref(a); /* the queue holds its own references */
	sse_msg_unref(b);
	sse_msg_unref(c);
	assert_int_equal(q.bytes, a->len + b->len + c->len);
	char out[256];
	/* five bytes at a time: messages split across reads, in order */
	size_t n = drain(&q, out, sizeof(out) - 1, 5, NULL, 0);
	assert_string_equal(out, "id: 1\nevent: a\ndata: 1\n\nid: 2\nevent: b\ndata: 22\n\n"
	                         "event: c\ndata: 333\n\n");
	assert_int_equal(n, strlen(out));
	assert_int_equal(q.count, 0);
	assert_int_equal(q.bytes, 0);
	sse_queue_free(&q);
}

static void push_ids(sse_queue *q, const int64_t *ids, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		sse_msg *m = sse_msg_new(ids[i], "e", "{}", 2);
		assert_true(sse_queue_push(q, m));
		sse_msg_unref(m);
	}
}

static void test_queue_skips_what_the_replay_sent(void **state)
{
	sse_queue q;
	sse_queue_init(&q, 16, 4096);
	/* live copies arriving while the replay (3, 4, 7) was read: 3 and 4
	 * again, 5 and 6 new, 2 committed late (after 3 was published),
	 * 8 before 7 arrives (two transactions publishing in the other order) */
	static const int64_t live[] = { 3, 4, 5, 2, 8, 7, 6, 0 };
	push_ids(&q, live, sizeof(live) / sizeof(live[0]));
	static const int64_t replayed[] = { 3, 4, 7 };
	char out[1024];
	drain(&q, out, sizeof(out) - 1, 1000, replayed, 3);
	assert_string_equal(out, "id: 5\nevent: e\ndata: {}\n\nid: 2\nevent: e\ndata: {}\n\n"
	                         "id: 8\nevent: e\ndata: {}\n\nid: 6\nevent: e\ndata: {}\n\n"
	                         "event: e\ndata: {}\n\n"); /* nothing lost, nothing twice */
	assert_int_equal(q.bytes, 0);
	assert_int_equal(q.count, 0);
	/* no replay: everything goes, in the order it came */
	static const int64_t more[] = { 10, 9, 10 };
	push_ids(&q, more, 3);
	drain(&q, out, sizeof(out) - 1, 7, NULL, 0);
	assert_string_equal(out, "id: 10\nevent: e\ndata: {}\n\nid: 9\nevent: e\ndata: {}\n\n"
	                         "id: 10\nevent: e\ndata: {}\n\n");
	sse_queue_free(&q);
}

static void test_queue_bounds(void **state)
{
	sse_queue q;
	sse_queue_init(&q, 3, 4096);
	sse_msg *m = sse_msg_new(1, "e", "{}", 2);
	for (int i = 0; i < 3; i++)
		assert_true(sse_queue_push(&q, m));
	assert_false(sse_queue_push(&q, m)); /* the count bound */
	sse_queue_free(&q);
	assert_int_equal(atomic_load(&m->refs), 1); /* every reference given back */

	sse_queue_init(&q, 100, 2 * m->len + 1);
	assert_true(sse_queue_push(&q, m));
	assert_true(sse_queue_push(&q, m));
	assert_false(sse_queue_push(&q, m)); /* the byte bound */
	char out[8];
	assert_int_equal(sse_queue_read(&q, out, 4, NULL, 0), 4);
	assert_int_equal(q.bytes, 2 * m->len - 4);
	assert_false(sse_queue_push(&q, m)); /* still over with 4 bytes given out */
	sse_queue_free(&q);

	/* a message larger than the whole bound never fits */
	sse_queue_init(&q, 100, 8);
	assert_false(sse_queue_push(&q, m));
	sse_queue_free(&q);
	sse_msg_unref(m);
}

static void test_queue_grows_and_wraps(void **state)
{
	sse_queue q;
	sse_queue_init(&q, 64, 1 << 20);
	char data[16], out[64];
	int64_t next = 1;
	/* push and read in waves so the ring wraps while it grows */
	for (int wave = 0; wave < 20; wave++) {
		for (int i = 0; i < wave % 7 + 1; i++) {
			int n = snprintf(data, sizeof(data), "%lld", (long long)(next + q.count));
			sse_msg *m = sse_msg_new(next + q.count, "n", data, (size_t)n);
			assert_true(sse_queue_push(&q, m));
			sse_msg_unref(m);
		}
		while (q.count > (unsigned)(wave % 3)) {
			char want[64];
			snprintf(want, sizeof(want), "id: %lld\nevent: n\ndata: %lld\n\n", (long long)next,
			         (long long)next);
			size_t n = sse_queue_read(&q, out, strlen(want), NULL, 0);
			assert_int_equal(n, strlen(want));
			assert_memory_equal(out, want, n);
			next++;
		}
	}
	assert_int_equal(q.count, 19 % 3); /* the last wave leaves one */
	sse_queue_free(&q);
}

static void test_queue_drop_keeps_begun_message(void **state)
{
	sse_queue q;
	sse_queue_init(&q, 8, 4096);
	for (int64_t id = 1; id <= 4; id++) {
		sse_msg *m = sse_msg_new(id, "e", "{}", 2);
		assert_true(sse_queue_push(&q, m));
		sse_msg_unref(m);
	}
	char out[256];
	assert_int_equal(sse_queue_read(&q, out, 3, NULL, 0), 3); /* "id:" of the first */
	sse_queue_drop(&q);
	assert_int_equal(q.count, 1);
	sse_msg *reload = sse_msg_new(0, "reload", "{}", 2);
	assert_true(sse_queue_push(&q, reload));
	sse_msg_unref(reload);
	size_t n = drain(&q, out + 3, sizeof(out) - 4, 100, NULL, 0);
	out[3 + n] = '\0';
	/* the stream stays on event boundaries: the first event whole, then the reload */
	assert_string_equal(out, "id: 1\nevent: e\ndata: {}\n\nevent: reload\ndata: {}\n\n");
	assert_int_equal(q.bytes, 0);

	/* nothing begun: everything goes */
	sse_msg *m = sse_msg_new(9, "e", "{}", 2);
	assert_true(sse_queue_push(&q, m));
	assert_true(sse_queue_push(&q, m));
	sse_queue_drop(&q);
	assert_int_equal(q.count, 0);
	assert_int_equal(q.bytes, 0);
	sse_msg_unref(m);
	sse_queue_free(&q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_msg_refcount),
		cmocka_unit_test(test_queue_order_and_split),
		cmocka_unit_test(test_queue_skips_what_the_replay_sent),
		cmocka_unit_test(test_queue_bounds),
		cmocka_unit_test(test_queue_grows_and_wraps),
		cmocka_unit_test(test_queue_drop_keeps_begun_message),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
