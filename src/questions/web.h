/*
 * web.h - what the question handlers share (internal to questions/).
 */
#ifndef TERBUKA_QUESTIONS_WEB_H
#define TERBUKA_QUESTIONS_WEB_H

#include <jansson.h>

#include "app.h"
#include "view/formview.h"

/* The model of one question as its page shows it to this visitor: DB_ROW
 * with *out, DB_DONE when there is none they may see, or an error. */
int questions_detail_model(request *req, db *c, int64_t id, json_t **out);
/* The question page again with a form that came back wrong (status 422):
 * the form's model is at "form" and at "form_<which>". */
void questions_show_again(request *req, page *pg, db *c, int64_t id, formview *fv, const char *which);
/* After a change: 303 to the question's page with ?pesan=notice. */
void questions_back(request *req, page *pg, int64_t id, const char *title, const char *notice);
/* DB_DONE -> 404, anything else -> the database error page. */
void questions_fail(request *req, page *pg, db *c, int rc);
/* Each answer's older versions, its entry of the public record and, for
 * an officer of its own department, its edit address (answer_edit.c). */
int questions_answer_history(request *req, db *c, json_t *answers, const char *agency_slug, bool officer);

#endif
