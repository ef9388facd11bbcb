/*
 * site.h - the site itself: its branding (from the settings table, so
 * another region is a different data set, not different code), the home
 * page, and the operational endpoints.
 */
#ifndef TERBUKA_SITE_H
#define TERBUKA_SITE_H

#include <jansson.h>
#include <stddef.h>

#include "app.h"

/* {"name": ..., "org": ..., ...}: the settings table over neutral
 * defaults, read now (a new object; the caller owns the reference). */
json_t *site_settings(void);

void site_home(request *req, page *pg);
void site_healthz(request *req, page *pg);
void site_metrics(request *req, page *pg);
void site_static(request *req, page *pg);

#endif
