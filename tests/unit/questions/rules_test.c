/*
 * rules_test.c - personal data in a question, states and reasons
 * (src/questions/rules.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "questions/rules.h"

static const char *pd(const char *s)
{
	return question_personal_data(s, strlen(s));
}

static void test_personal_data(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		const char *want;
	} cases[] = {
		{ "NIK saya 3216012345678901, mohon dicek", "nik" },
		{ "nik: 3216 0123 4567 8901", "nik" },
		{ "3216-0123-4567-8901 atas nama ibu saya", "nik" },
		{ "hubungi saya di 081234567890 ya", "telepon" },
		{ "WA 0812-3456-7890", "telepon" },
		{ "+62 812 3456 7890", "telepon" },
		{ "6281234567890", "telepon" },
		{ "kantor (021) 8899 7766", "telepon" },
		{ "021-88997766", "telepon" },
		{ "kirim ke budi.santoso@gmail.com ya", "email" },
		{ "email:warga_tambun+1@mail.co.id", "email" },
		{ "Anggaran Rp 2.500.000.000 untuk 12 km jalan", NULL },
		{ "pagu 12.500.000.000 rupiah tahun 2026", NULL },
		{ "RT 03 RW 05 Desa Srimukti", NULL },
		{ "akun @dinkes.bekasi di Instagram", NULL },
		{ "a@b", NULL },
		{ "nomor 0812345", NULL },              /* too short for a phone */
		{ "kode 1234567890123456789", NULL },   /* 19 digits: not a NIK */
		{ "", NULL },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = pd(cases[i].text);
		if ((got == NULL) != (cases[i].want == NULL) || (got && strcmp(got, cases[i].want) != 0))
			fail_msg("'%s' -> %s, want %s", cases[i].text, got ? got : "none",
			         cases[i].want ? cases[i].want : "none");
	}
	/* a number at the very end of a buffer without a NUL after it */
	char raw[] = { '0', '8', '1', '2', '3', '4', '5', '6', '7', '8', '9', '0' };
	assert_string_equal(question_personal_data(raw, sizeof(raw)), "telepon");
}

static void test_states_and_reasons(void **state)
{
	(void)state;
	assert_true(question_state_valid("moderasi"));
	assert_false(question_state_valid("dihapus"));
	assert_false(question_state_valid(NULL));
	assert_true(question_state_public("dijawab"));
	assert_false(question_state_public("moderasi"));
	assert_false(question_state_public("ditolak"));
	assert_true(question_state_waiting("diteruskan"));
	assert_false(question_state_waiting("dijawab"));
	assert_true(question_reject_reason_valid("duplikat"));
	assert_false(question_reject_reason_valid("lainnya"));
	assert_true(question_flag_reason_valid("lainnya"));
	assert_false(question_flag_reason_valid("duplikat"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_personal_data),
		cmocka_unit_test(test_states_and_reasons),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
