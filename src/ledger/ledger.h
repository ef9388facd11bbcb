/*
 * ledger.h - the verifiable public record (issue #12): every official
 * statement appended, as canonical JSON, to an append-only log that is a
 * Merkle tree with signed tree heads, which anyone can check without
 * trusting the server (`terbuka verify`). What other capabilities call.
 *
 * A statement is a row of its own table, named by kind and id:
 *   answer         answers          an official answer, each version
 *   program        programs         a programme made or changed
 *   kip            kip_requests     a PPID's step on a request, the notice
 *   kip_objection  kip_objections   the atasan's answer to an objection
 *   live_answer    live_questions   a question answered in a live session
 *   moderation     moderation_log   a moderation decision (the reason only)
 * The entry holds the row's own public columns (statements.c), so the
 * same function that writes it can later tell whether the row still says
 * what the log says.
 */
#ifndef TERBUKA_LEDGER_H
#define TERBUKA_LEDGER_H

#include <jansson.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/config.h"
#include "db/db.h"

/* Appends the current state of the statement (kind, id) to the log.
 * Call it inside the write transaction that made the statement, after
 * the write: the entry commits or rolls back with it. DB_OK or an error. */
int ledger_record(db *c, const char *kind, int64_t ref_id);

/* {"n": N, "url": "/catatan/N", "matches": true} of the latest entry of
 * (kind, id), or JSON null when it has none (or on a database error,
 * which is logged). "matches" is false when the statement's row no longer
 * says what the entry says (changed behind the log's back, logged), with
 * "differs" the first field that differs and "differs_label" its name in
 * Indonesian; absent when the check could not be made (logged). */
json_t *ledger_ref(db *c, const char *kind, int64_t ref_id);

/* Records every statement the log does not hold yet (a data set loaded
 * behind the store functions' back), in the caller's transaction; adds
 * their number to *count. `demo` calls it; `serve` does when the log is
 * empty (a database older than the log). */
int ledger_record_unlogged(db *c, int64_t *count);

/* Appends counted, their time in all and at most, and how many took over
 * a millisecond, in Prometheus' text format (/metrics). */
void ledger_metrics(buf *out);

/* serve: loads (or makes) the signing key under --keys, registers the
 * sealing job, records the statements of a database that had them before
 * the log began, and asks for a tree head if entries wait for one.
 * 0, or -1 with a reason in err. */
int ledger_init(const struct config *cfg, char *err, size_t errlen);
void ledger_free(void);

/* `terbuka verify --url URL | --db LOCATION [--key BASE64]`: exit 0 with
 * "OK ..." on stdout, 1 with the first mismatch, 2 on a bad command line. */
int ledger_cli_verify(const struct config *cfg);
/* `terbuka ledger seal`: makes the tree head now (benchmarks, operators). */
int ledger_cli_seal(const struct config *cfg);

#endif
