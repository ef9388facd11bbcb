/*
 * archive.h - what a live session leaves behind (issue #8): when it ends,
 * each question that was shown in it becomes a normal question of the
 * session's (first) department, linked to the session. One answered in
 * the session arrives answered, with the moderator's short written answer
 * or a sentence saying it was answered live; one that was not answered
 * waits in the department's queue, its response clock starting at the
 * session's end.
 *
 * Not for: the session's own page or its state (store.h, web.c).
 */
#ifndef TERBUKA_LIVE_ARCHIVE_H
#define TERBUKA_LIVE_ARCHIVE_H

#include <stdint.h>

#include "db/db.h"

/* The email_key of the account that asks, in the department's list, the
 * questions of participants who were not signed in. It has no address
 * and no password, so nobody can sign in as it. */
#define LIVE_ANONYMOUS_KEY "live-anonymous"

/* Archives the session's shown questions (state tampil) not archived
 * yet, at `at` (Unix seconds: the session's end), and marks the session
 * archived. Runs in the caller's write transaction (the one that marks
 * the session selesai) and keeps the search index in it. Each question
 * is created at the moment it was asked live; its history says diajukan
 * then, and dijawab at the moment it was answered. Running it again
 * changes nothing. DB_OK; DB_DONE when there is no such session; or an
 * error status (nothing should be committed then). Needs the locale
 * catalogue loaded: the texts it stores are Indonesian sentences. */
int live_archive(db *c, int64_t session, int64_t at);

#endif
