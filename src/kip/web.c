/*
 * web.c - the public pages of formal information requests: the deadline
 * calculator (see kip.h), and the `kip tenggat` command that prints it.
 */
#include <stdio.h>
#include <string.h>

#include "http/parse.h"
#include "calendar/holidays.h"
#include "core/config.h"
#include "kip/kip.h"
#include "kip/seal.h"
#include "kip/store.h"
#include "view/formview.h"
#include "view/locale.h"

#define FIELD "diterima"

static char base_url[300];

static int follow_calendar(db *c, int64_t user)
{
	int moved = 0;
	return kip_calendar_changed(c, user, &moved);
}

int kip_init(const struct config *cfg, char *err, size_t errlen)
{
	calendar_on_change(follow_calendar);
	size_t n = strlen(cfg->base_url);
	while (n > 0 && cfg->base_url[n - 1] == '/')
		n--;
	snprintf(base_url, sizeof(base_url), "%.*s", (int)n, cfg->base_url);
	if (kip_clockwork_init() != 0 || kip_purge_init() != 0 ||
	    (db_thread() != NULL && kip_purge_schedule(db_thread()) != DB_OK)) {
		snprintf(err, errlen, "kip: cannot register or queue the reminder and purge jobs");
		return -1;
	}
	return seal_init(cfg->keys, err, errlen);
}

void kip_free(void)
{
	seal_free();
}

const char *kip_base_url(void)
{
	return base_url;
}

void kip_deadlines_page(request *req, page *pg)
{
	const char *input = http_params_get(&req->query, FIELD);
	formview fv;
	fv_init(&fv);
	json_t *model = NULL;
	if (input != NULL && strlen(input) > 40) {
		fv_fail(&fv, FIELD, "kip_deadline.invalid");
	} else if (input != NULL) {
		fv_keep(&fv, FIELD, input);
		db *c = db_thread();
		const char *error_key = NULL;
		int rc = c ? kip_deadlines_model(c, req->arena, input, &model, &error_key) : DB_UNAVAILABLE;
		if (rc == DB_DONE) {
			fv_fail(&fv, FIELD, error_key);
		} else if (rc != DB_OK) {
			page_db_error(req, pg, c, rc);
			return;
		}
	}
	if (!fv_ok(&fv))
		pg->status = 400;
	if (model == NULL)
		model = json_object();
	json_object_set_new(model, "form", fv_model(&fv));
	json_object_set_new(model, FIELD, input != NULL && strlen(input) <= 40 ? json_string(input) : json_null());
	if (json_object_get(model, "result") == NULL)
		json_object_set_new(model, "result", json_null());
	pg->model = model;
	pg->title = locale_get("kip_deadline.title");
}

int kip_cli_deadlines(db *c, const char *submitted)
{
	arena *a = arena_new(256 * 1024);
	if (a == NULL) {
		fprintf(stderr, "terbuka: out of memory\n");
		return 1;
	}
	json_t *model = NULL;
	const char *error_key = NULL;
	int rc = c ? kip_deadlines_model(c, a, submitted, &model, &error_key) : DB_UNAVAILABLE;
	int status = 0;
	if (rc == DB_DONE) {
		fprintf(stderr, "terbuka: --diterima: %s\n", locale_get(error_key));
		status = 2;
	} else if (rc != DB_OK) {
		fprintf(stderr, "terbuka: cannot read the calendar: %s\n", c ? db_errmsg(c) : "no database");
		status = 1;
	} else if (json_dumpf(model, stdout, JSON_INDENT(2)) != 0 || puts("") < 0) {
		status = 1;
	}
	json_decref(model);
	arena_free(a);
	return status;
}
