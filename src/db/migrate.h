/*
 * migrate.h - applies the schema migrations embedded in the binary.
 *
 * Migrations are the files migrations/<engine>/NNN_name.sql (engine is
 * "sqlite" or "pg"), applied in numeric order, each in its own write
 * transaction together with its row in schema_version. A file must not
 * hold BEGIN/COMMIT itself.
 */
#ifndef TERBUKA_MIGRATE_H
#define TERBUKA_MIGRATE_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

/* Applies the migrations not yet recorded. Returns how many were applied
 * (0 when the schema is current), or a negative db status with one line
 * such as "migrations/sqlite/002_x.sql: <message>" written into err. */
int db_migrate(db *c, char *err, size_t errlen);

/* The highest applied migration number into *out (0 when none); DB_OK or
 * an error status. */
int db_schema_version(db *c, int64_t *out);

#endif
