/*
 * demo.h - loading a region's data set: its branding settings, its
 * perangkat daerah and kecamatan with their profiles (head, address,
 * contacts, website, social accounts), the desa and kelurahan of each
 * kecamatan, and the programmes (through programs_demo_load).
 * `terbuka demo` loads the built-in Kabupaten Bekasi set
 * (data/demo/bekasi.json) or the file given with --data; loading twice
 * changes nothing (upserts by slug, by kecamatan and slug, and by key).
 */
#ifndef TERBUKA_DEMO_H
#define TERBUKA_DEMO_H

#include <stddef.h>

#include "db/db.h"

/* Loads the data set at path, or the built-in one when path is NULL.
 * One transaction: all of it or nothing. 0, or -1 with err. */
int demo_load(db *c, const char *path, char *err, size_t errlen);

#endif
