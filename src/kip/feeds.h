/*
 * feeds.h - the register of formal information requests for feed readers:
 * GET /permohonan/atom (RFC 4287), the requests changed last first, with
 * what the public register shows (number, subject, PPID, dates, state,
 * late or not) and never the person who asked.
 *
 * Not for: the register's pages (register.c).
 */
#ifndef TERBUKA_KIP_FEEDS_H
#define TERBUKA_KIP_FEEDS_H

#include "app.h"

/* GET /permohonan/atom: application/atom+xml. */
void kip_feed_atom(request *req, page *pg);

#endif
