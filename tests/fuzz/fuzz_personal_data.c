/*
 * fuzz_personal_data.c - fuzzes question_personal_data
 * (src/questions/rules.c), which reads every question before it is
 * published, looking for a NIK, a phone number or an email address.
 *
 * It never reads outside the bytes given (no NUL is added after them), and
 * its answer is one of the three kinds or none; the same text with a
 * NUL-terminated copy gives the same answer.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "questions/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *exact = malloc(size ? size : 1);
	CHECK(exact != NULL);
	memcpy(exact, data, size);
	const char *kind = question_personal_data(exact, size);
	CHECK(kind == NULL || strcmp(kind, "nik") == 0 || strcmp(kind, "telepon") == 0 ||
	      strcmp(kind, "email") == 0);
	if (memchr(data, '\0', size) == NULL) {
		char *copy = malloc(size + 1);
		CHECK(copy != NULL);
		memcpy(copy, data, size);
		copy[size] = '\0';
		const char *again = question_personal_data(copy, size);
		CHECK((kind == NULL) == (again == NULL) && (kind == NULL || strcmp(kind, again) == 0));
		free(copy);
	}
	free(exact);
	return 0;
}
