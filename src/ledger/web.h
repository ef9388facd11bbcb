/*
 * web.h - the public record's pages and JSON (src/ledger/web*.c):
 * /catatan (the log, newest first), /catatan/:id (one entry),
 * /catatan/:id/bukti (inclusion proof), /catatan/konsistensi
 * (consistency proof), /catatan/kepala (signed tree heads),
 * /catatan/entri (entries in bulk, for verifiers) and
 * /.well-known/terbuka-log-key (the public key).
 */
#ifndef TERBUKA_LEDGER_WEB_H
#define TERBUKA_LEDGER_WEB_H

#include "app.h"

void ledger_index_page(request *req, page *pg);
void ledger_entry_page(request *req, page *pg);
void ledger_inclusion_json(request *req, page *pg);
void ledger_consistency_json(request *req, page *pg);
void ledger_heads_json(request *req, page *pg);
void ledger_entries_json(request *req, page *pg);
void ledger_key_json(request *req, page *pg);

#endif
