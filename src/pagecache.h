/*
 * pagecache.h - public pages kept until the data behind them changes.
 *
 * A page that every anonymous visitor sees alike (a GET of a route that
 * declares the topics of data it shows) is kept in memory as its bytes
 * and their gzip form, with the version of those topics it was built at.
 * The version comes from the data_versions table, which triggers raise in
 * the same transaction as any write to the tables behind a topic
 * (migrations 005). The application reads it before the page's own reads,
 * so a kept page is never newer than its version says, and a write made
 * anywhere (another node, the CLI, a database shell) makes it stale for
 * the next request. Kept pages also carry an ETag, so a phone that has the
 * page already is answered 304 with no body.
 *
 * Bounded: when the memory given is full the whole cache is emptied (a
 * page is rebuilt on its next request); a page is also rebuilt after
 * PAGECACHE_MAX_AGE seconds, for whatever it shows that depends on the
 * time of day rather than on data.
 */
#ifndef TERBUKA_PAGECACHE_H
#define TERBUKA_PAGECACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "db/db.h"
#include "http/request.h"
#include "http/response.h"

/* The topics, as bits of a route's cache mask; each is a row of
 * data_versions with this bit. */
#define TOPIC_SITE 1u     /* settings */
#define TOPIC_AGENCIES 2u /* agencies, villages */
#define TOPIC_PROGRAMS 4u /* programmes, their versions, updates, files, followers */
#define TOPIC_PEOPLE 8u   /* people's public names */
#define TOPIC_QUESTIONS 16u /* questions, answers, their history, votes, ratings, flags; holidays */
#define TOPIC_SEARCH 32u  /* the search index (search_docs) */
#define TOPIC_LIVE 64u    /* live sessions, their departments and questions */
#define TOPIC_KIP 128u    /* formal information requests and their history */
#define TOPIC_REPORT 256u /* the report card's computed figures (report_runs) */

/* The name of topic bit 1 << i (its row in data_versions), NULL past the last. */
const char *pagecache_topic(unsigned i);

#define PAGECACHE_MAX_AGE 60
/* Pages larger than this are never kept (CSV exports). */
#define PAGECACHE_MAX_PAGE (1024u * 1024)

/* max_bytes 0: no cache (every call below then does nothing). */
int pagecache_init(size_t max_bytes);
void pagecache_free(void);
bool pagecache_enabled(void);

/* The version of the topics as of c's snapshot: DB_OK with *v, or an
 * error status. */
int pagecache_version(db *c, unsigned topics, int64_t *v);
/* Answers req from the page kept for key at version v: true when res is
 * filled (200 with the bytes, gzip if accepted, or 304). */
bool pagecache_answer(const request *req, const char *key, int64_t v, response *res);
/* Keeps res as key's page at version v when it is a public 200 (no
 * cookie, no Cache-Control of its own) and gives res its ETag; answers
 * 304 instead when req already has these bytes. */
void pagecache_keep(const request *req, const char *key, int64_t v, response *res);
/* Hits, misses and bytes, in Prometheus text. */
void pagecache_metrics(buf *out);

#endif
