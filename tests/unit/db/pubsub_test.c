/*
 * pubsub_test.c - publish/subscribe: in process on SQLite; on PostgreSQL
 * (TERBUKA_TEST_PG) through LISTEN/NOTIFY, including a message sent by
 * another connection entirely (psql standing in for another node), and
 * delivery only at commit when published inside a transaction.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "db/pubsub.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char last_topic[256], last_json[1024];
static int received;

static void on_message(const char *topic, const char *json, void *ctx)
{
	pthread_mutex_lock(&lock);
	snprintf(last_topic, sizeof(last_topic), "%s", topic);
	snprintf(last_json, sizeof(last_json), "%s", json);
	received++;
	pthread_mutex_unlock(&lock);
}

static int count(void)
{
	pthread_mutex_lock(&lock);
	int n = received;
	pthread_mutex_unlock(&lock);
	return n;
}

/* Waits up to 3 s for the count to reach n. */
static bool wait_for(int n)
{
	for (int i = 0; i < 300 && count() < n; i++)
		usleep(10000);
	return count() >= n;
}

static char tmpdir[64];

static int setup_sqlite(void **state)
{
	char err[256], path[128];
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/pubsub-test.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/p.db", tmpdir);
	received = 0;
	return db_init(path, err, sizeof(err)) == DB_OK && pubsub_start(err, sizeof(err)) == 0 ? 0 : -1;
}

static int setup_pg(void **state)
{
	char err[256];
	tmpdir[0] = '\0';
	received = 0;
	if (db_init(getenv("TERBUKA_TEST_PG"), err, sizeof(err)) != DB_OK ||
	    pubsub_start(err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	pubsub_stop();
	db_shutdown();
	if (tmpdir[0] != '\0') {
		char cmd[128];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
		return system(cmd) == 0 ? 0 : -1;
	}
	return 0;
}

static void test_publish_reaches_subscribers(void **state)
{
	int before = count();
	int id = pubsub_subscribe("sesi/12", on_message, NULL);
	int all = pubsub_subscribe("*", on_message, NULL);
	assert_true(id > 0 && all > 0);
	json_t *m = json_pack("{s:s, s:i}", "event", "answer", "question", 7);
	assert_int_equal(pubsub_publish("sesi/12", m), DB_OK);
	assert_true(wait_for(before + 2)); /* the topic and the wildcard */
	assert_string_equal(last_topic, "sesi/12");
	assert_string_equal(last_json, "{\"event\":\"answer\",\"question\":7}");
	assert_int_equal(pubsub_publish("sesi/13", m), DB_OK); /* only the wildcard */
	assert_true(wait_for(before + 3));
	usleep(100000);
	assert_int_equal(count(), before + 3);
	pubsub_unsubscribe(id);
	pubsub_unsubscribe(all);
	assert_int_equal(pubsub_publish("sesi/12", m), DB_OK);
	usleep(200000);
	assert_int_equal(count(), before + 3);
	json_decref(m);
}

static void test_bad_messages_are_refused(void **state)
{
	json_t *m = json_object();
	assert_int_equal(pubsub_publish("a\tb", m), DB_ERROR);
	json_decref(m);
	if (db_engine() == DB_POSTGRES) {
		char big[PUBSUB_MAX_MESSAGE + 10];
		memset(big, 'x', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		json_t *huge = json_pack("{s:s}", "x", big);
		assert_int_not_equal(pubsub_publish("t", huge), DB_OK);
		json_decref(huge);
	}
}

static void test_message_from_another_node(void **state)
{
	int before = count();
	int id = pubsub_subscribe("sesi/1", on_message, NULL);
	char cmd[1024];
	snprintf(cmd, sizeof(cmd),
	         "psql -X -q '%s' -c \"SELECT pg_notify('terbuka', E'sesi/1\\t{\\\"x\\\":1}')\" >/dev/null",
	         getenv("TERBUKA_TEST_PG"));
	assert_int_equal(system(cmd), 0);
	assert_true(wait_for(before + 1));
	assert_string_equal(last_topic, "sesi/1");
	assert_string_equal(last_json, "{\"x\":1}");
	pubsub_unsubscribe(id);
}

static void test_delivery_waits_for_commit(void **state)
{
	int before = count();
	int id = pubsub_subscribe("t", on_message, NULL);
	db *c = db_thread();
	json_t *m = json_pack("{s:b}", "ok", 1);
	assert_int_equal(db_begin(c, true), DB_OK);
	assert_int_equal(pubsub_publish("t", m), DB_OK);
	usleep(300000);
	assert_int_equal(count(), before); /* not before the commit */
	assert_int_equal(db_commit(c), DB_OK);
	assert_true(wait_for(before + 1));
	json_decref(m);
	pubsub_unsubscribe(id);
}

int main(void)
{
	const struct CMUnitTest common[] = {
		cmocka_unit_test(test_publish_reaches_subscribers),
		cmocka_unit_test(test_bad_messages_are_refused),
	};
	const struct CMUnitTest pg[] = {
		cmocka_unit_test(test_publish_reaches_subscribers),
		cmocka_unit_test(test_bad_messages_are_refused),
		cmocka_unit_test(test_message_from_another_node),
		cmocka_unit_test(test_delivery_waits_for_commit),
	};
	int failed = cmocka_run_group_tests_name("pubsub on SQLite", common, setup_sqlite, teardown);
	const char *url = getenv("TERBUKA_TEST_PG");
	if (url != NULL && url[0] != '\0')
		failed += cmocka_run_group_tests_name("pubsub on PostgreSQL", pg, setup_pg, teardown);
	else
		printf("pubsub on PostgreSQL: skipped (TERBUKA_TEST_PG not set)\n");
	return failed;
}
