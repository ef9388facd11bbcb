/*
 * cli.c - `terbuka verify` and `terbuka ledger seal`.
 */
#include <stdio.h>

#include "core/log.h"
#include "ledger/ledger.h"
#include "ledger/ledger_int.h"
#include "ledger/verify.h"

int ledger_cli_verify(const struct config *cfg)
{
	if (cfg->key != NULL && !ledger_key_valid(cfg->key)) {
		fprintf(stderr, "terbuka: --key must be an Ed25519 public key in base64 (44 characters)\n");
		return 2;
	}
	if (cfg->url != NULL)
		return ledger_verify_url(cfg->url, cfg->key);
	return ledger_verify_db(cfg->db, cfg->key);
}

int ledger_cli_seal(const struct config *cfg)
{
	char err[512];
	if (ledger_sign_init(cfg->keys, err, sizeof(err)) != 0) {
		log_error(NULL, "%s", err);
		return 1;
	}
	db *c = db_thread();
	int64_t size = 0;
	int rc = c ? ledger_seal(c, &size) : DB_UNAVAILABLE;
	ledger_sign_free();
	if (rc != DB_OK) {
		log_error(NULL, "ledger: sealing failed: %s", c ? db_errmsg(c) : "no database");
		return 1;
	}
	if (size > 0)
		printf("signed a head over %lld entries\n", (long long)size);
	else
		printf("no new entries to sign\n");
	return 0;
}
