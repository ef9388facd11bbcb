/*
 * state_test.c - every state against every step (src/kip/state.c): the
 * allowed ones land where the law says, every other is refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "kip/state.h"

/* The table the law gives, written out: from, action, decision, to. */
static const char *const allowed[][4] = {
	{ "diterima", "proses", NULL, "diproses" },
	{ "diterima", "perpanjang", NULL, "diperpanjang" },
	{ "diproses", "perpanjang", NULL, "diperpanjang" },
	{ "diterima", "putuskan", "dikabulkan", "dikabulkan" },
	{ "diterima", "putuskan", "dikabulkan_sebagian", "dikabulkan_sebagian" },
	{ "diterima", "putuskan", "ditolak", "ditolak" },
	{ "diterima", "putuskan", "tidak_dikuasai", "tidak_dikuasai" },
	{ "diproses", "putuskan", "dikabulkan", "dikabulkan" },
	{ "diproses", "putuskan", "dikabulkan_sebagian", "dikabulkan_sebagian" },
	{ "diproses", "putuskan", "ditolak", "ditolak" },
	{ "diproses", "putuskan", "tidak_dikuasai", "tidak_dikuasai" },
	{ "diperpanjang", "putuskan", "dikabulkan", "dikabulkan" },
	{ "diperpanjang", "putuskan", "dikabulkan_sebagian", "dikabulkan_sebagian" },
	{ "diperpanjang", "putuskan", "ditolak", "ditolak" },
	{ "diperpanjang", "putuskan", "tidak_dikuasai", "tidak_dikuasai" },
};

static const char *expected(const char *from, const char *action, const char *decision)
{
	for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++) {
		const char *const *r = allowed[i];
		if (strcmp(r[0], from) == 0 && strcmp(r[1], action) == 0 &&
		    ((r[2] == NULL && decision == NULL) || (r[2] && decision && strcmp(r[2], decision) == 0)))
			return r[3];
	}
	return NULL;
}

static void test_every_pair(void **state)
{
	(void)state;
	static const char *const actions[] = { "proses", "perpanjang", "putuskan", "hapus", "", "PROSES" };
	static const char *const decisions[] = { NULL, "dikabulkan", "dikabulkan_sebagian", "ditolak",
		                                 "tidak_dikuasai", "diterima", "diproses", "diperpanjang", "x" };
	int allowed_seen = 0;
	for (size_t s = 0; s < KIP_STATES; s++)
		for (size_t a = 0; a < sizeof(actions) / sizeof(actions[0]); a++)
			for (size_t d = 0; d < sizeof(decisions) / sizeof(decisions[0]); d++) {
				const char *from = kip_states[s], *action = actions[a], *decision = decisions[d];
				/* a decision given where none is asked for is ignored */
				const char *want = expected(from, action, strcmp(action, "putuskan") == 0 ? decision : NULL);
				const char *got = kip_next_state(from, action, decision);
				if ((want == NULL) != (got == NULL) || (want && strcmp(want, got) != 0))
					fail_msg("%s --%s(%s)--> %s, want %s", from, action, decision ? decision : "-",
					         got ? got : "refused", want ? want : "refused");
				allowed_seen += got != NULL && (d == 0 || strcmp(action, "putuskan") == 0);
			}
	assert_int_equal(allowed_seen, 15);
	assert_null(kip_next_state(NULL, "proses", NULL));
	assert_null(kip_next_state("diterima", NULL, NULL));
	assert_null(kip_next_state("kabur", "proses", NULL));
}

static void test_open_states(void **state)
{
	(void)state;
	assert_true(kip_state_open("diterima") && kip_state_open("diproses") && kip_state_open("diperpanjang"));
	for (size_t i = 3; i < KIP_STATES; i++)
		assert_false(kip_state_open(kip_states[i]));
	assert_false(kip_state_open(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_pair),
		cmocka_unit_test(test_open_states),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
