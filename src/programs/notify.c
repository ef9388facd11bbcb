/*
 * notify.c - followers hear of a programme's progress: a report queues
 * one "program.notify" job, whose worker mails every follower with a
 * verified address (through mail_enqueue, so the per-message retries and
 * the development log apply).
 */
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "jobs/jobs.h"
#include "mail/mail.h"
#include "programs/programs.h"
#include "programs/view.h"
#include "view/locale.h"

static char base_url[300];

static int notify(db *c, json_t *payload, char *err, size_t errlen)
{
	int64_t id = json_integer_value(json_object_get(payload, "program_id"));
	json_t *program = NULL, *followers = NULL;
	int rc = db_query_row_json(c, "SELECT title FROM programs WHERE id = ?", DB_ARGS(DB_INT(id)),
	                           &program);
	if (rc == DB_DONE)
		return 0; /* deleted since: nobody to tell */
	if (rc == DB_ROW)
		rc = db_query_json(c,
			"SELECT u.email FROM program_follows f JOIN users u ON u.id = f.user_id "
			"WHERE f.program_id = ? AND u.email_verified_at IS NOT NULL "
			"AND u.disabled_at IS NULL AND u.deleted_at IS NULL ORDER BY u.id",
			DB_ARGS(DB_INT(id)), &followers);
	if (rc != DB_OK) {
		json_decref(program);
		snprintf(err, errlen, "followers of programme %lld: %s", (long long)id, db_errmsg(c));
		return -1;
	}
	arena *a = arena_new(4u * 1024 * 1024);
	const char *title = json_string_value(json_object_get(program, "title"));
	const char *path = a ? program_url(a, id, title) : NULL;
	const char *link = path ? arena_printf(a, "%s%s#kabar", base_url, path) : NULL;
	const char *names[] = { "title", "link" };
	const char *values[] = { title ? title : "", link ? link : "" };
	char *subject = a ? locale_fill(a, "mail.program_update.subject", names, values, 2) : NULL;
	char *body = a ? locale_fill(a, "mail.program_update.body", names, values, 2) : NULL;
	int ret = 0;
	size_t i;
	json_t *f;
	json_array_foreach(followers, i, f)
	{
		if (subject == NULL || body == NULL ||
		    mail_enqueue(c, json_string_value(json_object_get(f, "email")), subject, body) != DB_OK) {
			snprintf(err, errlen, "queueing mail to a follower of programme %lld failed", (long long)id);
			ret = -1;
			break;
		}
	}
	if (a != NULL)
		arena_free(a);
	json_decref(program);
	json_decref(followers);
	return ret;
}

int programs_init(const struct config *cfg)
{
	size_t n = strlen(cfg->base_url);
	while (n > 0 && cfg->base_url[n - 1] == '/')
		n--;
	snprintf(base_url, sizeof(base_url), "%.*s", (int)n, cfg->base_url);
	return jobs_register("program.notify", notify);
}

int programs_notify_followers(db *c, int64_t program)
{
	return jobs_enqueue(c, "program.notify", json_pack("{s:I}", "program_id", (json_int_t)program), 0,
	                    NULL);
}
