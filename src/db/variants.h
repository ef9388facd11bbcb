/*
 * variants.h - statement texts that differ only in which optional
 * filters they hold, each built once from fixed fragments.
 *
 * A list page with optional filters could bind "any" sentinels
 * (`? = 0 OR col = ?`) into one statement, but then the engine evaluates
 * them on every row and cannot plan for the filters actually set. Here a
 * shape (what comes before and after the filters: columns, order, limit)
 * and a mask of the filters that are set select one text:
 * shape.before + terms[i] for every bit i of mask + shape.after. Texts
 * are built on first use and kept for the process (they are the keys of
 * each connection's prepared-statement cache). Only fixed fragments go
 * into a text; every value is a bind.
 */
#ifndef TERBUKA_DB_VARIANTS_H
#define TERBUKA_DB_VARIANTS_H

#include <stddef.h>

#define VARIANTS_MAX_TERMS 8

struct variant_shape {
	const char *before;
	const char *after;
};

typedef struct sql_variants {
	const struct variant_shape *shapes;
	unsigned nshapes;
	const char *const *terms; /* each "AND col = ? " */
	unsigned nterms;          /* at most VARIANTS_MAX_TERMS */
	char **texts;             /* nshapes << nterms, allocated on first use */
} sql_variants;

/* The text of shape with the terms of mask; NULL when out of memory. */
const char *sql_variant(sql_variants *v, unsigned shape, unsigned mask);

#endif
