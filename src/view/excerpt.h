/*
 * excerpt.h - the beginning of a text as one plain line, for places that
 * show a little of it: feed summaries, embed cards, oEmbed titles.
 *
 * Not for: showing a text in full (view/markdown.h renders markdown).
 */
#ifndef TERBUKA_VIEW_EXCERPT_H
#define TERBUKA_VIEW_EXCERPT_H

#include <stddef.h>

#include "core/arena.h"

/* At most max characters (code points) of the markdown or plain text md
 * as one line in a: runs of white space become one space, the markdown
 * marks * _ # > ` [ ] and a link's "(address)" are left out, and a text
 * that is longer is cut after a word with "…" (part of the max). ""
 * for NULL; NULL when a ran out. md must be valid UTF-8. */
const char *excerpt_plain(arena *a, const char *md, size_t max);

#endif
