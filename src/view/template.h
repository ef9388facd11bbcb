/*
 * template.h - a small mustache-subset template engine over jansson models.
 *
 * Syntax: {{name}} (HTML-escaped), {{{name_html}}} and {{{name_svg}}} (raw;
 * allowed only when the last segment of the name ends in "_html", which
 * only the markdown renderer produces, or "_svg", which only chart_svg
 * produces (view/chart.h, escaping every text itself); else a load error),
 * {{#name}}...{{/name}} sections, {{^name}}...{{/name}} inverted sections,
 * {{>partial}} partials, {{! comments }}, dotted names (a.b.c) and {{.}}.
 * Templates are parsed once, at load; every error names file:line.
 */
#ifndef TERBUKA_TEMPLATE_H
#define TERBUKA_TEMPLATE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

typedef struct tpl_set tpl_set;

/* Loads every *.html file under dir (recursively); a template is named by
 * its path relative to dir without ".html" ("layout", "partials/nav").
 * NULL on error, with "dir/file.html:LINE: message" in err. */
tpl_set *tpl_load_dir(const char *dir, char *err, size_t errlen);
/* The same from memory (tests, fuzzing): n templates named names[i]. */
tpl_set *tpl_load_strings(const char *const *names, const char *const *texts,
                          size_t n, char *err, size_t errlen);
void tpl_free(tpl_set *set);
bool tpl_has(const tpl_set *set, const char *name);

/* Renders template `name` with `model` into out. The partial {{>content}}
 * renders the template named `content` (the page inside a layout); it may
 * be NULL when the template has no such slot. Returns 0, or -1 when the
 * template is unknown, nesting is too deep, or out failed. */
int tpl_render(const tpl_set *set, const char *name, const char *content,
               json_t *model, buf *out);

#endif
