/*
 * template_test.c - unit tests for the mustache-subset template engine.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "view/template.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static json_t *model_of(const char *js)
{
	json_error_t je;
	json_t *m;
	if (js == NULL)
		return NULL;
	m = json_loads(js, JSON_DECODE_ANY, &je);
	if (m == NULL)
		fail_msg("bad test JSON '%s': %s", js, je.text);
	return m;
}

/* Renders name (with content) from set and checks rc and, on 0, the output. */
static void check_set(const tpl_set *set, const char *name, const char *content,
		      const char *js, int want_rc, const char *want)
{
	json_t *model = model_of(js);
	buf b;
	buf_init(&b, 1 << 20);
	int rc = tpl_render(set, name, content, model, &b);
	json_decref(model);
	assert_int_equal(rc, want_rc);
	if (want_rc == 0)
		assert_string_equal(b.data ? b.data : "", want);
	buf_free(&b);
}

/* One template "t" rendered with js must give want. */
static void check(const char *text, const char *js, const char *want)
{
	const char *names[] = { "t" };
	const char *texts[] = { text };
	char err[256] = "";
	tpl_set *set = tpl_load_strings(names, texts, 1, err, sizeof(err));
	if (set == NULL)
		fail_msg("load failed: %s", err);
	check_set(set, "t", NULL, js, 0, want);
	tpl_free(set);
}

/* Loading must fail with an error that starts with want. */
static void check_load_error_n(const char *const *names, const char *const *texts,
			       size_t n, const char *want)
{
	char err[256] = "";
	tpl_set *set = tpl_load_strings(names, texts, n, err, sizeof(err));
	if (set != NULL) {
		tpl_free(set);
		fail_msg("loaded, but expected error '%s'", want);
	}
	if (strncmp(err, want, strlen(want)) != 0)
		fail_msg("error '%s' does not start with '%s'", err, want);
}

static void check_load_error(const char *text, const char *want)
{
	const char *names[] = { "t" };
	const char *texts[] = { text };
	check_load_error_n(names, texts, 1, want);
}

static void test_escaping(void **state)
{
	(void)state;
	check("<p>{{s}}</p>", "{\"s\": \"a&b<c>d\\\"e'f\"}",
	      "<p>a&amp;b&lt;c&gt;d&quot;e&#39;f</p>");
	check("[{{ s }}]", "{\"s\": \"x\"}", "[x]");
	check("plain text only", "{}", "plain text only");
	check("", "{}", "");
}

static void test_raw(void **state)
{
	(void)state;
	check("{{{body_html}}}", "{\"body_html\": \"<b>&</b>\"}", "<b>&</b>");
	check("{{{ q.answer_html }}}", "{\"q\": {\"answer_html\": \"<i>x</i>\"}}",
	      "<i>x</i>");
	check("{{body_html}}", "{\"body_html\": \"<b>\"}", "&lt;b&gt;");
	check_load_error("line1\n{{{body}}}", "t:2: raw tag {{{body}}}");
	check("{{{chart_svg}}}", "{\"chart_svg\": \"<svg role=\\\"img\\\"></svg>\"}", "<svg role=\"img\"></svg>");
	check("{{{r.tren_svg}}}", "{\"r\": {\"tren_svg\": \"<svg/>\"}}", "<svg/>");
	check("{{chart_svg}}", "{\"chart_svg\": \"<svg>\"}", "&lt;svg&gt;");
	check_load_error("{{{chart_svg.x}}}", "t:1: raw tag");
	check_load_error("{{{chartsvg}}}", "t:1: raw tag {{{chartsvg}}} is allowed only for names ending in _html or _svg");
	check_load_error("{{{body_html.x}}}", "t:1: raw tag");
	check_load_error("{{{.}}}", "t:1: raw tag");
	check_load_error("{{& body_html}}", "t:1: {{& name}} is not supported");
	check_load_error("\n\n{{=<% %>=}}", "t:3: delimiter changes");
}

static void test_values(void **state)
{
	(void)state;
	check("{{i}} {{n}} {{r}} {{h}} {{big}}",
	      "{\"i\": 42, \"n\": -7, \"r\": 1.5, \"h\": 0.1, \"big\": 9007199254740993}",
	      "42 -7 1.5 0.1 9007199254740993");
	check("[{{t}}][{{f}}][{{z}}][{{o}}][{{a}}][{{missing}}]",
	      "{\"t\": true, \"f\": false, \"z\": null, \"o\": {\"x\": 1}, \"a\": [1]}",
	      "[true][][][][][]");
	check("[{{x}}]", NULL, "[]");
	check("[{{.}}]", "\"top\"", "[top]");
}

static void test_sections(void **state)
{
	(void)state;
	check("{{#items}}<{{name}}>{{/items}}",
	      "{\"items\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}", "<a><b>");
	check("[{{#items}}x{{/items}}]", "{\"items\": []}", "[]");
	check("{{#user}}{{name}}{{/user}}", "{\"user\": {\"name\": \"u\"}}", "u");
	check("{{#o}}yes{{/o}}", "{\"o\": {}}", "yes");
	check("{{#t}}T{{.}}{{/t}}{{#f}}F{{/f}}", "{\"t\": true, \"f\": false}", "Ttrue");
	check("{{#s}}[{{.}}]{{/s}}{{#e}}E{{/e}}", "{\"s\": \"hi\", \"e\": \"\"}", "[hi]");
	check("{{#n}}[{{.}}]{{/n}}{{#z}}Z{{/z}}{{#r}}R{{/r}}",
	      "{\"n\": 3, \"z\": 0, \"r\": 0.0}", "[3]");
	check("{{#nul}}N{{/nul}}{{#missing}}M{{/missing}}", "{\"nul\": null}", "");
	check("{{#a}}{{#b}}{{c}}{{/b}}{{/a}}",
	      "{\"a\": [{\"b\": [{\"c\": 1}, {\"c\": 2}]}, {\"b\": [{\"c\": 3}]}]}", "123");
}

static void test_inverted(void **state)
{
	(void)state;
	const char *t = "{{#x}}Y{{/x}}{{^x}}N{{/x}}";
	check(t, "{\"x\": []}", "N");
	check(t, "{\"x\": [1]}", "Y");
	check(t, "{\"x\": false}", "N");
	check(t, "{\"x\": true}", "Y");
	check(t, "{\"x\": null}", "N");
	check(t, "{}", "N");
	check(t, "{\"x\": \"\"}", "N");
	check(t, "{\"x\": \"s\"}", "Y");
	check(t, "{\"x\": 0}", "N");
	check(t, "{\"x\": 1}", "Y");
	check(t, "{\"x\": {}}", "Y");
	check("{{^x}}{{y}}{{/x}}", "{\"y\": \"ctx\"}", "ctx");
}

static void test_dotted_and_stack(void **state)
{
	(void)state;
	check("{{a.b.c}}", "{\"a\": {\"b\": {\"c\": \"deep\"}}}", "deep");
	check("[{{a.x.c}}]", "{\"a\": {\"b\": 1}}", "[]");
	check("[{{a.b}}]", "{\"a\": \"str\"}", "[]");
	/* names missing in the element come from outer frames */
	check("{{#items}}{{n}}{{title}};{{/items}}",
	      "{\"title\": \"T\", \"items\": [{\"n\": 1}, {\"n\": 2}]}", "1T;2T;");
	/* only the first segment walks the stack */
	check("{{#items}}{{user.name}}{{/items}}",
	      "{\"user\": {\"name\": \"u\"}, \"items\": [1, 2]}", "uu");
	check("{{#items}}[{{a.b}}]{{/items}}",
	      "{\"a\": {\"b\": \"outer\"}, \"items\": [{\"a\": {}}]}", "[]");
	/* the first frame that has the key wins, even if its value is null */
	check("{{#items}}[{{x}}]{{/items}}",
	      "{\"x\": \"outer\", \"items\": [{\"x\": null}, {}]}", "[][outer]");
	/* scalars pushed by sections are skipped by name lookup */
	check("{{#s}}{{t}}{{/s}}", "{\"s\": \"on\", \"t\": \"T\"}", "T");
	check("{{#a.b}}{{c}}{{/a.b}}", "{\"a\": {\"b\": {\"c\": \"in\"}}}", "in");
}

static void test_dot(void **state)
{
	(void)state;
	check("{{#tags}}<{{.}}>{{/tags}}", "{\"tags\": [\"a\", \"<b>\", \"c&d\"]}",
	      "<a><&lt;b&gt;><c&amp;d>");
	check("{{#nums}}{{.}},{{/nums}}", "{\"nums\": [1, 2.5, true]}", "1,2.5,true,");
	check("{{#.}}{{.}}{{/.}}", "[\"x\", \"y\"]", "xy");
}

static void test_partials(void **state)
{
	(void)state;
	const char *names[] = { "layout", "page", "partials/nav", "item" };
	const char *texts[] = {
		"<html>{{>partials/nav}}<main>{{>content}}</main></html>",
		"<h1>{{title}}</h1>{{#items}}{{>item}}{{/items}}",
		"<nav>{{site}}</nav>",
		"<li>{{name}}/{{site}}</li>",
	};
	char err[256] = "";
	tpl_set *set = tpl_load_strings(names, texts, N(names), err, sizeof(err));
	if (set == NULL)
		fail_msg("load failed: %s", err);
	assert_true(tpl_has(set, "layout"));
	assert_true(tpl_has(set, "partials/nav"));
	assert_false(tpl_has(set, "nav"));
	assert_false(tpl_has(set, "content"));
	const char *m = "{\"site\": \"S\", \"title\": \"T\","
			" \"items\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}";
	check_set(set, "layout", "page", m, 0,
		  "<html><nav>S</nav><main><h1>T</h1>"
		  "<li>a/S</li><li>b/S</li></main></html>");
	check_set(set, "page", NULL, m, 0, "<h1>T</h1><li>a/S</li><li>b/S</li>");
	/* unknown template or content, or a {{>content}} slot with no content */
	check_set(set, "nope", NULL, m, -1, NULL);
	check_set(set, "layout", "nope", m, -1, NULL);
	check_set(set, "layout", NULL, m, -1, NULL);
	/* a layout used as its own content recurses until the depth limit */
	check_set(set, "layout", "layout", m, -1, NULL);
	tpl_free(set);
}

static void test_partial_errors(void **state)
{
	(void)state;
	check_load_error("a\n\n{{>nope}}", "t:3: unknown partial 'nope'");
	const char *names[] = { "a", "b" };
	const char *texts[] = { "ok", "x\n{{#s}}\n{{> missing }}\n{{/s}}" };
	check_load_error_n(names, texts, 2, "b:3: unknown partial 'missing'");
	const char *dup_names[] = { "a", "a" };
	check_load_error_n(dup_names, texts, 2, "a: duplicate template name 'a'");
}

static void test_recursion(void **state)
{
	(void)state;
	const char *names[] = { "self", "ping", "pong", "deep" };
	const char *texts[] = {
		"x{{>self}}",
		"{{>pong}}",
		"{{#more}}{{>ping}}{{/more}}",
		"{{#a}}{{#a}}{{#a}}{{.}}{{/a}}{{/a}}{{/a}}",
	};
	char err[256] = "";
	tpl_set *set = tpl_load_strings(names, texts, N(names), err, sizeof(err));
	if (set == NULL)
		fail_msg("load failed: %s", err);
	check_set(set, "self", NULL, "{}", -1, NULL);
	check_set(set, "ping", NULL, "{\"more\": true}", -1, NULL);
	check_set(set, "ping", NULL, "{\"more\": false}", 0, "");
	check_set(set, "deep", NULL, "{\"a\": {\"a\": {\"a\": \"z\"}}}", 0, "z");
	tpl_free(set);
}

static void test_load_errors(void **state)
{
	(void)state;
	check_load_error("a\n{{#sec}}\nb\n", "t:2: unclosed section {{#sec}}");
	check_load_error("{{#a}}\n{{^b}}\n{{/b}}\n", "t:1: unclosed section {{#a}}");
	check_load_error("{{#a}}\n\n{{/b}}", "t:3: mismatched {{/b}}, expected {{/a}}");
	check_load_error("x\n{{/a}}", "t:2: unexpected {{/a}}");
	check_load_error("one\ntwo {{name", "t:2: unclosed tag");
	check_load_error("{{{x_html}}", "t:1: unclosed tag");
	check_load_error("{{}}", "t:1: empty tag name");
	check_load_error("{{# }}", "t:1: empty tag name");
	check_load_error("{{a b}}", "t:1: bad character in tag name");
	check_load_error("{{a!}}", "t:1: bad character in tag name");
	check_load_error("{{a/b}}", "t:1: bad character in tag name");
	check_load_error("{{a..b}}", "t:1: empty segment");
	check_load_error("{{.a}}", "t:1: empty segment");
	check_load_error("{{a.}}", "t:1: empty segment");
	check_load_error("{{! unclosed comment", "t:1: unclosed tag");
	char deep[65 * 6 + 1];
	for (int i = 0; i < 65; i++)
		memcpy(deep + i * 6, "{{#a}}", 6);
	deep[65 * 6] = '\0';
	check_load_error(deep, "t:1: sections nested too deeply");
}

static void test_comments_and_standalone(void **state)
{
	(void)state;
	check("a{{! a comment }}b", "{}", "ab");
	check("a{{! multi\nline }}b", "{}", "ab");
	check("a\n  {{! standalone }}\nb\n", "{}", "a\nb\n");
	check("<ul>\n{{#items}}\n  <li>{{.}}</li>\n{{/items}}\n</ul>\n",
	      "{\"items\": [\"x\", \"y\"]}", "<ul>\n  <li>x</li>\n  <li>y</li>\n</ul>\n");
	check("{{^items}}\nnone\n{{/items}}\n", "{\"items\": []}", "none\n");
	check("x {{#t}}\ny\n  {{/t}} z", "{\"t\": true}", "x \ny\n   z");
	check("{{#t}}\r\nwin\r\n{{/t}}\r\n", "{\"t\": 1}", "win\r\n");
	check("{{#t}}{{/t}}\n", "{\"t\": 1}", "\n");
	/* variables never take their line */
	check("  {{v}}\n", "{\"v\": \"v\"}", "  v\n");
	check("{{#t}}\nend{{/t}}", "{\"t\": 1}", "end");
	check("start\n{{! last }}", "{}", "start\n");
	/* later line numbers are right after standalone lines and comments */
	check_load_error("{{! c\nc }}\n{{#a}}\n{{/a}}\n{{a b}}", "t:5: bad character");
}

static void test_buf_cap(void **state)
{
	(void)state;
	const char *names[] = { "t" };
	const char *texts[] = { "0123456789{{#items}}{{s}}{{/items}}" };
	char err[256] = "";
	tpl_set *set = tpl_load_strings(names, texts, 1, err, sizeof(err));
	if (set == NULL)
		fail_msg("load failed: %s", err);
	json_t *model = model_of("{\"s\": \"&&&&\", \"items\": [1, 2, 3, 4, 5]}");
	buf b;
	buf_init(&b, 8);
	assert_int_equal(tpl_render(set, "t", NULL, model, &b), -1);
	assert_true(buf_failed(&b));
	buf_free(&b);
	buf_init(&b, 20);
	assert_int_equal(tpl_render(set, "t", NULL, model, &b), -1);
	buf_free(&b);
	buf_init(&b, 10 + 5 * 20);
	assert_int_equal(tpl_render(set, "t", NULL, model, &b), 0);
	assert_int_equal(b.len, 10 + 5 * 20);
	buf_free(&b);
	json_decref(model);
	tpl_free(set);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static void test_load_dir(void **state)
{
	(void)state;
	char dir[] = "/tmp/tpl_test_XXXXXX";
	char p[256], err[256] = "";
	assert_non_null(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/partials", dir);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/layout.html", dir);
	write_file(p, "<b>{{>partials/nav}}</b>\n{{>content}}");
	snprintf(p, sizeof(p), "%s/home.html", dir);
	write_file(p, "home {{x}}\n");
	snprintf(p, sizeof(p), "%s/partials/nav.html", dir);
	write_file(p, "nav");
	snprintf(p, sizeof(p), "%s/notes.txt", dir);
	write_file(p, "{{ignored");

	tpl_set *set = tpl_load_dir(dir, err, sizeof(err));
	if (set == NULL)
		fail_msg("load_dir failed: %s", err);
	assert_true(tpl_has(set, "layout"));
	assert_true(tpl_has(set, "home"));
	assert_true(tpl_has(set, "partials/nav"));
	assert_false(tpl_has(set, "notes"));
	check_set(set, "layout", "home", "{\"x\": \"<1>\"}", 0,
		  "<b>nav</b>\nhome &lt;1&gt;\n");
	tpl_free(set);

	char bad[300], want[340];
	snprintf(bad, sizeof(bad), "%s/partials/bad.html", dir);
	write_file(bad, "ok\n{{#open}}\n");
	snprintf(want, sizeof(want), "%s:2: unclosed section", bad);
	assert_null(tpl_load_dir(dir, err, sizeof(err)));
	if (strncmp(err, want, strlen(want)) != 0)
		fail_msg("error '%s' does not start with '%s'", err, want);
	unlink(bad);
	/* a trailing slash on the directory does not change names or paths */
	snprintf(p, sizeof(p), "%s/", dir);
	set = tpl_load_dir(p, err, sizeof(err));
	assert_non_null(set);
	assert_true(tpl_has(set, "partials/nav"));
	tpl_free(set);

	snprintf(p, sizeof(p), "%s/partials/nav.html", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/partials", dir);
	rmdir(p);
	snprintf(p, sizeof(p), "%s/layout.html", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/home.html", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/notes.txt", dir);
	unlink(p);
	rmdir(dir);
	assert_null(tpl_load_dir(dir, err, sizeof(err)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_raw),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_inverted),
		cmocka_unit_test(test_dotted_and_stack),
		cmocka_unit_test(test_dot),
		cmocka_unit_test(test_partials),
		cmocka_unit_test(test_partial_errors),
		cmocka_unit_test(test_recursion),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_comments_and_standalone),
		cmocka_unit_test(test_buf_cap),
		cmocka_unit_test(test_load_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
