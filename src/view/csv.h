/*
 * csv.h - CSV files people open in a spreadsheet: UTF-8 with a byte
 * order mark, CRLF line ends, cells quoted when they must be, and no
 * cell a spreadsheet would run as a formula.
 */
#ifndef TERBUKA_CSV_H
#define TERBUKA_CSV_H

#include <stdbool.h>

#include "core/buf.h"

/* The byte order mark a spreadsheet needs to read UTF-8. */
#define CSV_BOM "\xEF\xBB\xBF"

/* One cell (NULL: empty) and then ',' or, when last, the line end. A
 * cell with a comma, a quote or a line break is quoted; one starting
 * with = + - @ or a tab gets a ' first, so it is text, not a formula. */
void csv_cell(buf *b, const char *s, bool last);

#endif
