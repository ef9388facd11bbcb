/*
 * device.h - naming a session's device for the person's list of sessions.
 */
#ifndef TERBUKA_ACCOUNTS_DEVICE_H
#define TERBUKA_ACCOUNTS_DEVICE_H

#include "core/arena.h"

/* "Chrome di Android", "Firefox", "iPhone"; NULL when nothing is known. */
const char *device_label(arena *a, const char *user_agent);

#endif
