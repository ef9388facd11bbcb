/*
 * keyfile.h - secret keys kept in files of their own, outside the
 * database: a copy of the database (a backup, a dump handed to someone)
 * then holds nothing its key would open. A key file is made on first use
 * with random bytes, readable by its owner only, in a folder only its
 * owner may enter; its bytes are never logged.
 */
#ifndef TERBUKA_KEYFILE_H
#define TERBUKA_KEYFILE_H

#include <stdbool.h>
#include <stddef.h>

/* Reads the len-byte key at dir/name into key, making dir (0700) and the
 * file (0600, from randombytes) when they do not exist yet. 0, or -1
 * with a one-line reason in err (a file of another length, one that
 * others may read, an unreadable folder). *made says whether it was
 * made now. */
int keyfile_load(const char *dir, const char *name, unsigned char *key, size_t len, bool *made,
                 char *err, size_t errlen);

#endif
