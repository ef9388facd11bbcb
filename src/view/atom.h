/*
 * atom.h - Atom feeds (RFC 4287) written into a capped buffer.
 *
 * Every feed of the site goes through here (live sessions, answers,
 * a department's answers, a programme's news, the KIP register), so each
 * is well formed the same way: values escaped by view/xml.h (markup and
 * the characters XML 1.0 forbids), links absolute from the public address
 * (view/syndicate.h), times as the database keeps them (ISO UTC, which is
 * RFC 3339). A NULL value (an arena that ran out, which the caller
 * reports once at the end) is written as empty text.
 *
 * Not for: deciding what a feed carries (its capability does).
 */
#ifndef TERBUKA_VIEW_ATOM_H
#define TERBUKA_VIEW_ATOM_H

#include <jansson.h>
#include <stdbool.h>

#include "core/arena.h"
#include "core/buf.h"
#include "http/response.h"

#define ATOM_TYPE "application/atom+xml; charset=utf-8"
/* A feed's bytes at most (the page cache keeps up to 1 MiB of them). */
#define ATOM_MAX (2u * 1024 * 1024)
/* How many entries a feed carries. */
#define ATOM_ENTRIES 50

typedef struct atom_feed {
	const char *path;    /* its own address: "/sesi/atom" */
	const char *page;    /* the page it follows: "/sesi" */
	const char *title;
	const char *author;  /* who publishes it: the site, or a department */
	const char *updated; /* ISO UTC of its latest change; NULL: now */
} atom_feed;

typedef struct atom_entry {
	const char *id;           /* syndicate_tag(): never changes */
	const char *title;
	const char *published;    /* ISO UTC, or NULL */
	const char *updated;      /* ISO UTC */
	const char *author;       /* NULL: the feed's */
	const char *link;         /* the page's path (and fragment) */
	const char *related;      /* another path, or NULL ... */
	const char *related_type; /* ... of this type */
	const char *summary;      /* plain text, or NULL */
	const char *content;      /* plain text, or NULL ... */
	const char *content_html; /* ... or HTML (escaped into the feed) */
} atom_entry;

/* Starts b (buf_init'ed by the caller, ATOM_MAX) with the feed's head. */
void atom_begin(buf *b, arena *a, const atom_feed *f);
void atom_add(buf *b, arena *a, const atom_entry *e);
/* Closes the feed and hands it to res (200, ATOM_TYPE, compressible);
 * false, with b freed, when it did not fit. */
bool atom_respond(buf *b, response *res);

/* The greatest value of key (ISO times compare as text) over rows, or
 * NULL when there is none. */
const char *atom_latest(json_t *rows, const char *key);

#endif
