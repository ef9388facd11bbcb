/*
 * formview.h - a submitted form as its page shows it again: the values the
 * person typed (never passwords), and a message per wrong field, in the
 * order of the form, for the error summary at the top and beside each
 * field.
 *
 * Model: {"values": {field: text}, "errors": [{"field", "message"}],
 *         "error": {field: message}, "invalid": bool}.
 */
#ifndef TERBUKA_FORMVIEW_H
#define TERBUKA_FORMVIEW_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "http/request.h"

typedef struct formview {
	json_t *values;
	json_t *errors;
	json_t *error;
} formview;

void fv_init(formview *fv);
/* Keeps a value to show again. */
void fv_keep(formview *fv, const char *field, const char *value);
/* Marks field wrong with the message at a locale key (the first wins). */
void fv_fail(formview *fv, const char *field, const char *message_key);
/* The same, with "{n}" in the message replaced by n. */
void fv_fail_n(formview *fv, const char *field, const char *message_key, size_t n);
bool fv_ok(const formview *fv);
/* The model above; fv is empty afterwards. */
json_t *fv_model(formview *fv);

/* A text field, trimmed of surrounding white space, kept for the page
 * unless secret. Fails the field with required_key when it is empty (and
 * required_key is not NULL), with "form.too_long" over max_chars, and with
 * "form.bad_text" when it was not valid text. Returns the text ("" when
 * absent), or NULL when the request memory ran out. */
const char *fv_text(formview *fv, const request *req, const char *field, size_t max_chars,
                    const char *required_key, bool secret);

/* The choices of a select from a fixed list: [{value, label, selected}],
 * each label the locale text at "<prefix>.<value>". */
json_t *fv_options(const char *prefix, const char *const *values, size_t n, const char *chosen);
/* Marks the rows ({value, ...}) whose value is chosen as selected. */
void fv_choose(json_t *rows, const char *chosen);

#endif
