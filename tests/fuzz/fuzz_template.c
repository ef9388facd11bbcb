/*
 * fuzz_template.c - fuzzes the template engine (src/view/template.c):
 * tpl_load_strings on fuzzed template text, then tpl_render.
 *
 * Input: template text, a 0x00 byte, then JSON for the model (a fixed model
 * with nested objects, arrays and HTML specials when it does not parse).
 * The set also holds a fixed template "p", which the text may include as
 * {{>p}} and which is the page for {{>content}}. The fuzzed template is
 * named "fuzz template": no partial tag can name it, so it cannot recurse.
 *
 * Invariant (escaping): when the text has no raw {{{tag}}}, model text
 * never reaches the output unescaped. It is checked by loading a second copy
 * of the text with each literal '<', '"' and '\'' replaced by 0x01, 0x02,
 * 0x03 (bytes the parser treats exactly like those three): both copies must
 * load alike and render alike byte for byte under that mapping, and the
 * second output must hold no '<', '"' or '\'' at all, so every such byte of
 * the first came from the template and none from the model. ("No <script
 * unless the template has it" is not true: "<{{x}}" with x = "script".)
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "fuzz.h"
#include "view/template.h"

#define MAX_OUT (1u << 20)
#define MAX_WORK (1u << 20) /* section iterations worth rendering */

static const char partial[] = "[p:{{title}}|{{#items}}({{.}}{{name}}){{/items}}|{{a.b.c}}]\n";

static const char fixed_model[] =
	"{\"title\": \"<script>alert('x')</script>\", \"name\": \"Dinas \\\"Kominfo\\\" & <b>\","
	" \"n\": 0, \"one\": 1, \"pi\": 3.25, \"yes\": true, \"f\": false, \"nil\": null,"
	" \"e\": [], \"s\": \"\", \"x_html\": \"<i>raw</i>\", \"x_svg\": \"<svg/>\","
	" \"a\": {\"b\": {\"c\": \"<img src=x onerror=alert(1)>\", \"d\": [1, 2]}},"
	" \"items\": [\"<x>\", \"y'\", 2, 2.5, true, null, {\"name\": \"<b>&amp;\"},"
	"  {\"name\": \"\\\"q\\\"\", \"items\": [\"inner<\"]}],"
	" \"site\": {\"name\": \"Bekasi <Terbuka>\", \"org\": \"Pemkab\"},"
	" \"t\": {\"lang\": \"id\", \"nav\": {\"home\": \"Beranda\"}}}";

static json_t *model_from(const char *json, size_t n)
{
	json_t *m = json_loadb(json, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
	if (m == NULL)
		m = json_loads(fixed_model, 0, NULL);
	CHECK(m != NULL);
	return m;
}

static size_t max_array(const json_t *v)
{
	size_t best = 0, i;
	const char *k;
	json_t *x;
	if (json_is_array(v)) {
		best = json_array_size(v);
		json_array_foreach(v, i, x) {
			size_t m = max_array(x);
			best = m > best ? m : best;
		}
	} else if (json_is_object(v)) {
		json_object_foreach((json_t *)v, k, x) {
			size_t m = max_array(x);
			best = m > best ? m : best;
		}
	}
	return best;
}

static size_t count(const char *s, const char *pat)
{
	size_t k = 0;
	for (const char *p = s; (p = strstr(p, pat)) != NULL; p++)
		k++;
	return k;
}

/* A bound on the section iterations: a body that prints nothing is not
 * stopped by the output limit, and nested loops over long arrays would be a
 * timeout of the harness, not a finding (templates are trusted code). */
static bool affordable(const char *text, const json_t *model)
{
	size_t width = max_array(model), work = 1;
	size_t depth = count(text, "{{#") + 1; /* + the section in "p" */
	if (width < 2)
		return true;
	for (size_t i = 0; i < depth; i++) {
		if (__builtin_mul_overflow(work, width, &work) || work > MAX_WORK)
			return false;
	}
	return true;
}

static char taint(char c)
{
	return c == '<' ? '\x01' : c == '"' ? '\x02' : c == '\'' ? '\x03' : c;
}

static tpl_set *load(const char *text)
{
	const char *names[] = { "fuzz template", "p" };
	const char *texts[] = { text, partial };
	char err[256];
	return tpl_load_strings(names, texts, 2, err, sizeof(err));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	const char *nul = memchr(in, '\0', size);
	size_t tlen = nul ? (size_t)(nul - in) : size;
	char *text = fuzz_copy(in, tlen);
	CHECK(text != NULL);
	json_t *model = nul ? model_from(nul + 1, size - tlen - 1) : model_from("", 0);

	tpl_set *set = load(text);
	bool check = strstr(text, "{{{") == NULL;
	tpl_set *tainted = NULL;
	if (check) {
		for (char *p = text; *p != '\0'; p++)
			*p = taint(*p);
		tainted = load(text);
		CHECK((set == NULL) == (tainted == NULL));
	}
	if (set != NULL && affordable(text, model)) {
		buf a, b;
		buf_init(&a, MAX_OUT);
		buf_init(&b, MAX_OUT);
		int ra = tpl_render(set, "fuzz template", "p", model, &a);
		CHECK(ra == 0 || ra == -1);
		if (tainted != NULL) {
			int rb = tpl_render(tainted, "fuzz template", "p", model, &b);
			CHECK(ra == rb && a.len == b.len);
			for (size_t i = 0; i < b.len; i++) {
				CHECK(b.data[i] != '<' && b.data[i] != '"' && b.data[i] != '\'');
				CHECK(taint(a.data[i]) == b.data[i]);
			}
		}
		buf_free(&a);
		buf_free(&b);
	}
	tpl_free(set);
	tpl_free(tainted);
	json_decref(model);
	free(text);
	return 0;
}
