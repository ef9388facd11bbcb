/*
 * state.c - see state.h.
 */
#include "kip/state.h"

#include <stddef.h>
#include <string.h>


const char *const kip_states[] = { "diterima", "diproses", "diperpanjang", "dikabulkan",
	                           "dikabulkan_sebagian", "ditolak", "tidak_dikuasai" };
const char *const kip_decisions[] = { "dikabulkan", "dikabulkan_sebagian", "ditolak", "tidak_dikuasai" };
const char *const kip_exemptions[] = { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j" };

bool kip_state_open(const char *state)
{
	return state != NULL && (strcmp(state, "diterima") == 0 || strcmp(state, "diproses") == 0 ||
	                         strcmp(state, "diperpanjang") == 0);
}

const char *kip_next_state(const char *from, const char *action, const char *decision)
{
	if (from == NULL || action == NULL || !kip_state_open(from))
		return NULL;
	if (strcmp(action, "proses") == 0)
		return strcmp(from, "diterima") == 0 ? "diproses" : NULL;
	if (strcmp(action, "perpanjang") == 0)
		return strcmp(from, "diperpanjang") != 0 ? "diperpanjang" : NULL;
	if (strcmp(action, "putuskan") == 0) {
		for (size_t i = 0; decision != NULL && i < KIP_DECISIONS; i++)
			if (strcmp(decision, kip_decisions[i]) == 0)
				return kip_decisions[i];
	}
	return NULL;
}
