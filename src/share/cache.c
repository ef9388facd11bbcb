/*
 * cache.c - the share cards drawn lately, kept by the hash of what they
 * show (share.h). Drawing a card takes milliseconds and a link pasted in a
 * busy WhatsApp group is fetched by every phone that shows it; the page
 * cache keeps a card only until anything in its topics changes, this keeps
 * it until its own words do. A small fixed table, least recently used out,
 * under one mutex: at most SLOTS pictures of a few tens of KB.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "share/share.h"

#define SLOTS 64

static struct slot {
	unsigned char hash[SHARE_HASH];
	unsigned char *png;
	size_t len;
	unsigned long used;
} slots[SLOTS];
static unsigned long clock_hand;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

bool share_cache_get(const unsigned char hash[SHARE_HASH], page *pg, const char *etag)
{
	bool found = false;
	buf b;
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < SLOTS && !found; i++) {
		if (slots[i].png == NULL || memcmp(slots[i].hash, hash, SHARE_HASH) != 0)
			continue;
		slots[i].used = ++clock_hand;
		buf_init(&b, slots[i].len + 1);
		found = buf_append(&b, slots[i].png, slots[i].len);
	}
	pthread_mutex_unlock(&lock);
	if (!found)
		return false;
	response_set_buf(pg->res, 200, "image/png", &b);
	response_header(pg->res, "ETag", etag);
	response_header(pg->res, "Cache-Control", "public, max-age=300");
	pg->raw = true;
	return true;
}

void share_cache_put(const unsigned char hash[SHARE_HASH], const unsigned char *png, size_t len)
{
	unsigned char *copy = malloc(len);
	if (copy == NULL)
		return; /* only a cache */
	memcpy(copy, png, len);
	pthread_mutex_lock(&lock);
	size_t victim = 0;
	for (size_t i = 1; i < SLOTS; i++)
		if (slots[i].used < slots[victim].used)
			victim = i;
	free(slots[victim].png);
	memcpy(slots[victim].hash, hash, SHARE_HASH);
	slots[victim].png = copy;
	slots[victim].len = len;
	slots[victim].used = ++clock_hand;
	pthread_mutex_unlock(&lock);
}

void share_cache_free(void)
{
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < SLOTS; i++) {
		free(slots[i].png);
		slots[i] = (struct slot){ 0 };
	}
	pthread_mutex_unlock(&lock);
}
