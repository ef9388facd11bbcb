/*
 * variants.c - see variants.h. One lock for every table of texts: it is
 * held only for a lookup, and for a build the first time a combination
 * is used.
 */
#include "db/variants.h"

#include <pthread.h>
#include <stdlib.h>

#include "core/buf.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static char *build(const sql_variants *v, unsigned shape, unsigned mask)
{
	buf b;
	buf_init(&b, 8192);
	buf_puts(&b, v->shapes[shape].before);
	for (unsigned i = 0; i < v->nterms; i++)
		if (mask & (1u << i))
			buf_puts(&b, v->terms[i]);
	buf_puts(&b, v->shapes[shape].after);
	buf_putc(&b, '\0');
	if (buf_failed(&b)) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b, NULL);
}

const char *sql_variant(sql_variants *v, unsigned shape, unsigned mask)
{
	if (shape >= v->nshapes || v->nterms > VARIANTS_MAX_TERMS || mask >= (1u << v->nterms))
		return NULL;
	pthread_mutex_lock(&lock);
	if (v->texts == NULL)
		v->texts = calloc((size_t)v->nshapes << v->nterms, sizeof(char *));
	const char *sql = NULL;
	if (v->texts != NULL) {
		char **slot = &v->texts[((size_t)shape << v->nterms) | mask];
		if (*slot == NULL)
			*slot = build(v, shape, mask);
		sql = *slot;
	}
	pthread_mutex_unlock(&lock);
	return sql;
}
