/*
 * dataversion.c - see dataversion.h. The copy is DATAVERSION_TOPICS
 * atomics, only ever raised; what it was read after (the listener's
 * epoch, this node's writes, the notifications heard) is three more. A
 * reader takes those three before it reads the table and stores them
 * after, so a mix of two readers' stores can only make the copy look
 * older than it is (one more read), never newer.
 */
#include "dataversion.h"

#include <stdatomic.h>
#include <stdbool.h>

#include "db/pubsub.h"
#include "pagecache.h"

#define TOPIC "data_versions" /* the pubsub topic of migration 011's trigger */

static atomic_llong known[DATAVERSION_TOPICS];
static atomic_ulong read_epoch, read_writes, read_heard;
static atomic_ulong heard;                  /* notifications of TOPIC */
static atomic_ullong from_copy, from_table; /* PostgreSQL reads, for /metrics */
static int subscription;

static void on_change(const char *topic, const char *json, void *ctx)
{
	(void)topic;
	(void)json;
	(void)ctx;
	atomic_fetch_add(&heard, 1);
}

int dataversion_start(void)
{
	if (db_engine() != DB_POSTGRES || subscription > 0)
		return 0;
	subscription = pubsub_subscribe(TOPIC, on_change, NULL);
	return subscription > 0 ? 0 : -1;
}

void dataversion_stop(void)
{
	if (subscription > 0)
		pubsub_unsubscribe(subscription);
	subscription = 0;
	atomic_store(&read_epoch, 0);
}

static int bit_index(int64_t bit)
{
	for (int i = 0; i < DATAVERSION_TOPICS; i++)
		if (bit == (int64_t)1 << i)
			return i;
	return -1;
}

static void raise_to(int i, int64_t v)
{
	long long now = atomic_load(&known[i]);
	while (now < v && !atomic_compare_exchange_weak(&known[i], &now, v))
		;
}

/* Reads every topic's version into the copy. */
static int read_table(db *c)
{
	db_stmt *st = db_prepare(c, "SELECT bit, version FROM data_versions");
	if (st == NULL)
		return DB_ERROR;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int i = bit_index(db_column_int(st, 0));
		if (i >= 0)
			raise_to(i, db_column_int(st, 1));
	}
	db_reset(st);
	return rc == DB_DONE ? DB_OK : rc;
}

/* True when nothing can have changed the table since the copy was read. */
static bool copy_current(unsigned long epoch, unsigned long writes, unsigned long n)
{
	return epoch != 0 && epoch == atomic_load(&read_epoch) && writes == atomic_load(&read_writes) &&
	       n == atomic_load(&read_heard);
}

/* The copy, read from the table first when it might be stale. */
static int refresh(db *c)
{
	unsigned long epoch = pubsub_epoch(), writes = db_writes(), n = atomic_load(&heard);
	if (copy_current(epoch, writes, n)) {
		atomic_fetch_add_explicit(&from_copy, 1, memory_order_relaxed);
		return DB_OK;
	}
	atomic_fetch_add_explicit(&from_table, 1, memory_order_relaxed);
	int rc = read_table(c);
	if (rc == DB_OK) {
		atomic_store(&read_heard, n);
		atomic_store(&read_writes, writes);
		atomic_store(&read_epoch, epoch);
	}
	return rc;
}

int dataversion_read(db *c, unsigned topics, int64_t *v)
{
	*v = 0;
	if (db_engine() == DB_SQLITE) {
		int rc = db_query_int(c,
			"SELECT coalesce(sum(version), 0) FROM data_versions WHERE (bit & ?) <> 0",
			DB_ARGS(DB_INT(topics)), v);
		return rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_ERROR : rc;
	}
	int rc = refresh(c);
	if (rc != DB_OK)
		return rc;
	for (int i = 0; i < DATAVERSION_TOPICS; i++)
		if (topics & (1u << i))
			*v += atomic_load(&known[i]);
	return DB_OK;
}

void dataversion_metrics(db *c, buf *out)
{
	buf_puts(out, "# HELP terbuka_data_version Each topic's version of public data as this "
	              "node knows it (data_versions).\n# TYPE terbuka_data_version gauge\n");
	for (unsigned i = 0; i < DATAVERSION_TOPICS; i++) {
		int64_t v = 0;
		if (c == NULL || dataversion_read(c, 1u << i, &v) != DB_OK)
			continue;
		buf_printf(out, "terbuka_data_version{topic=\"%s\"} %lld\n", pagecache_topic(i),
		           (long long)v);
	}
	buf_printf(out,
		"# HELP terbuka_data_version_reads_total PostgreSQL: versions a page needed, "
		"answered by this node's copy (copy) or read from the table because something "
		"may have changed (table).\n# TYPE terbuka_data_version_reads_total counter\n"
		"terbuka_data_version_reads_total{from=\"copy\"} %llu\n"
		"terbuka_data_version_reads_total{from=\"table\"} %llu\n",
		(unsigned long long)atomic_load(&from_copy), (unsigned long long)atomic_load(&from_table));
}
