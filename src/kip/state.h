/*
 * state.h - the states of a formal information request and the PPID's
 * steps between them (pure; unit-tested over every pair):
 *
 *   diterima --proses--> diproses
 *   diterima | diproses --perpanjang--> diperpanjang    (once: ayat 8)
 *   diterima | diproses | diperpanjang --putuskan--> dikabulkan
 *       | dikabulkan_sebagian | ditolak | tidak_dikuasai
 *
 * A decided request does not move again here: what follows is the
 * requester's objection.
 */
#ifndef TERBUKA_KIP_STATE_H
#define TERBUKA_KIP_STATE_H

#include <stdbool.h>

extern const char *const kip_states[];     /* the seven, in order */
extern const char *const kip_decisions[];  /* the four a notice may decide */
extern const char *const kip_exemptions[]; /* Pasal 17 letters a-j */
#define KIP_STATES 7
#define KIP_DECISIONS 4
#define KIP_EXEMPTIONS 10

/* The state after action ("proses", "perpanjang", "putuskan" with
 * decision) from state from; NULL when the step is not allowed. */
const char *kip_next_state(const char *from, const char *action, const char *decision);

/* Whether the PPID still owes the written notice in this state. */
bool kip_state_open(const char *state);

#endif
