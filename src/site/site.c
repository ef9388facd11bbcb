/*
 * site.c - branding settings and the home page (see site.h).
 */
#include "site/site.h"

#include <stdio.h>

#include "agencies/agencies.h"
#include "db/db.h"
#include "view/locale.h"

static json_t *settings;

/* What a fresh database shows until an administrator or a data set says
 * otherwise: neutral, with no region in it. */
static const char *const defaults[][2] = {
	{ "name", "terbuka" },
	{ "org", "" },
	{ "tagline", "" },
	{ "region", "" },
	{ "ppid_email", "" },
};

int site_load(char *err, size_t errlen)
{
	db *c = db_thread();
	json_t *rows = NULL;
	if (c == NULL || db_query_json(c, "SELECT key, value FROM settings ORDER BY key", DB_NOARGS,
	                               &rows) != DB_OK) {
		snprintf(err, errlen, "cannot read settings: %s", c ? db_errmsg(c) : "no database");
		return -1;
	}
	settings = json_object();
	for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++)
		json_object_set_new(settings, defaults[i][0], json_string(defaults[i][1]));
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		json_object_set(settings, json_string_value(json_object_get(row, "key")),
		                json_object_get(row, "value"));
	}
	json_decref(rows);
	return 0;
}

void site_free(void)
{
	json_decref(settings);
	settings = NULL;
}

json_t *site_settings(void)
{
	return settings;
}

void site_home(request *req, page *pg)
{
	db *c = db_thread();
	json_t *departments = NULL, *districts = NULL;
	if (c == NULL) {
		pg->status = 503;
		pg->error = "error.db_unavailable";
		return;
	}
	if (agencies_list(c, AGENCIES_DEPARTMENTS, &departments) != DB_OK ||
	    agencies_list(c, AGENCIES_DISTRICTS, &districts) != DB_OK) {
		json_decref(departments);
		page_fail(req, pg, db_errmsg(c));
		return;
	}
	pg->model = json_pack("{s:o, s:o}", "departments", departments, "districts", districts);
}
