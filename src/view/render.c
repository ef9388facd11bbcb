/*
 * render.c - JSON twin and HTML rendering (see render.h).
 */
#include "view/render.h"

#include <stdio.h>
#include <string.h>

static tpl_set *templates;

int render_init(const char *template_dir, char *err, size_t errlen)
{
	templates = tpl_load_dir(template_dir, err, errlen);
	if (templates == NULL)
		return -1;
	if (!tpl_has(templates, "layout")) {
		snprintf(err, errlen, "%s/layout.html: missing (every page renders inside it)",
		         template_dir);
		tpl_free(templates);
		templates = NULL;
		return -1;
	}
	return 0;
}

void render_free(void)
{
	tpl_free(templates);
	templates = NULL;
}

const tpl_set *render_templates(void)
{
	return templates;
}

static int dump_cb(const char *p, size_t n, void *data)
{
	return buf_append(data, p, n) ? 0 : -1;
}

int render_json(json_t *model, buf *out)
{
	if (json_dump_callback(model, dump_cb, out, JSON_COMPACT | JSON_ENCODE_ANY) != 0)
		return -1;
	return buf_failed(out) ? -1 : 0;
}

int render_html(const char *page_template, json_t *model, buf *out)
{
	return render_html_in("layout", page_template, model, out);
}

int render_html_in(const char *layout, const char *page_template, json_t *model, buf *out)
{
	if (!tpl_has(templates, page_template) || !tpl_has(templates, layout))
		return -1;
	return tpl_render(templates, layout, page_template, model, out);
}
