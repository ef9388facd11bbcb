/*
 * render.h - turning a view model into bytes: the JSON twin, or HTML
 * through a page template inside the layout.
 */
#ifndef TERBUKA_RENDER_H
#define TERBUKA_RENDER_H

#include <jansson.h>
#include <stddef.h>

#include "core/buf.h"
#include "view/template.h"

/* Loads templates from dir; 0, or -1 with file:line in err. */
int render_init(const char *template_dir, char *err, size_t errlen);
void render_free(void);
const tpl_set *render_templates(void);

/* model as compact JSON (UTF-8, keys in insertion order) into out. */
int render_json(json_t *model, buf *out);
/* The page template inside "layout" with model into out. */
int render_html(const char *page_template, json_t *model, buf *out);
/* The same inside another layout template (e.g. "bare": no masthead, no
 * footer, for the screens of live sessions). */
int render_html_in(const char *layout, const char *page_template, json_t *model, buf *out);

#endif
