/*
 * card.h - share cards: the picture a link shows when it is pasted into
 * WhatsApp, Facebook, X or Telegram, and the image humas posts to a feed or
 * a story. Drawn by terbuka itself with cairo and pango in the packaged
 * Noto faces (emoji in Noto Color Emoji), never by a third party.
 *
 * Pure: a card's words and numbers in, PNG bytes out. Long text wraps and
 * ends in an ellipsis within its lines; any text (emoji, right-to-left
 * script, 5,000 characters, nothing at all) gives a card of the asked size.
 */
#ifndef TERBUKA_SHARE_CARD_H
#define TERBUKA_SHARE_CARD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

/* The sizes, by name in the URL. */
typedef enum card_size {
	CARD_PREVIEW, /* 1200 x 630: link previews ("pratinjau") */
	CARD_SQUARE,  /* 1080 x 1080: feed posts ("kotak") */
	CARD_STORY,   /* 1080 x 1920: stories and WhatsApp status ("cerita") */
	CARD_SIZES
} card_size;

/* What a card says. Any field may be NULL or empty. */
typedef struct card {
	const char *site;        /* the site's name, top left */
	const char *kind;        /* "Tanya Jawab", "Program", "Sesi Langsung" */
	const char *title;       /* the question, programme or session */
	const char *body_label;  /* "Jawaban resmi" above the body */
	const char *body;        /* plain text; markup is not read */
	const char *agency;      /* the department's name, at the foot */
	const char *initials;    /* drawn in a badge when there is no logo */
	const char *badge;       /* a status ("Berjalan") */
	const char *figure;      /* a number or a time, large ("Rp 78,4 miliar") */
	const char *figure_label;
	double progress;         /* 0..1 draws a progress bar; < 0 none */
	const char *progress_label; /* under the bar ("Kemajuan 71%") */
	const char *link;        /* the short link, at the foot */
	const unsigned char *logo; /* the logo as 32-bit premultiplied ARGB
	                            * (cairo's format), or NULL */
	int logo_width, logo_height, logo_stride;
} card;

/* The size named name ("pratinjau", "kotak", "cerita"); false if none. */
bool card_size_named(const char *name, card_size *out);
void card_dimensions(card_size size, int *width, int *height);
const char *card_size_name(card_size size);

/* Draws c at size into out as PNG. 0, or -1 with *why (static text). */
int card_png(const card *c, card_size size, buf *out, const char **why);

#endif
