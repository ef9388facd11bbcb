/*
 * rules.c - see rules.h.
 */
#include "questions/rules.h"

#include <string.h>

static bool in(const char *v, const char *const *list, size_t n)
{
	for (size_t i = 0; v != NULL && i < n; i++)
		if (strcmp(v, list[i]) == 0)
			return true;
	return false;
}
#define IN(v, list) in(v, list, sizeof(list) / sizeof(list[0]))

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The digits of the number starting at p (groups joined by one space,
 * a dash, or an area code's closing parenthesis), into out (up to cap - 1 of them); *end is where it stops. */
static size_t number_at(const char *p, const char *stop, char *out, size_t cap, const char **end)
{
	size_t n = 0;
	while (p < stop) {
		if (digit(*p)) {
			if (n + 1 < cap)
				out[n] = *p;
			n++;
			p++;
		} else if ((*p == ' ' || *p == '-') && p + 1 < stop && digit(p[1]) && n > 0) {
			p++;
		} else if (*p == ')' && n > 0 && p + 1 < stop && (digit(p[1]) || p[1] == ' ')) {
			p += p[1] == ' ' ? 2 : 1; /* (021) 8899 7766 */
		} else {
			break;
		}
	}
	*end = p;
	out[n < cap ? n : cap - 1] = '\0';
	return n;
}

static bool looks_like_phone(const char *d, size_t n)
{
	if (d[0] == '+')
		d++;
	if (strncmp(d, "08", 2) == 0)
		return n >= 10 && n <= 13;           /* 0812-3456-7890 */
	if (strncmp(d, "628", 3) == 0)
		return n >= 11 && n <= 14;           /* 62 812 3456 7890 */
	if (strncmp(d, "021", 3) == 0)
		return n >= 10 && n <= 11;           /* Jakarta and Bekasi lines */
	return false;
}

static bool alnum(char c)
{
	return digit(c) || ((c | 32) >= 'a' && (c | 32) <= 'z');
}

/* name@host.tld around the '@' at `at`. */
static bool email_at(const char *text, const char *at, const char *stop)
{
	const char *l = at;
	while (l > text && (alnum(l[-1]) || (l[-1] != '\0' && strchr("._%+-", l[-1]) != NULL)))
		l--;
	if (l == at)
		return false;
	const char *r = at + 1;
	bool dot = false;
	size_t after_dot = 0;
	for (; r < stop && (alnum(*r) || *r == '-' || *r == '.'); r++) {
		dot = dot || *r == '.';
		after_dot = *r == '.' ? 0 : after_dot + 1;
	}
	return dot && after_dot >= 2 && r - at > 4;
}

const char *question_personal_data(const char *text, size_t len)
{
	const char *stop = text + len;
	for (const char *p = text; p < stop;) {
		if (*p == '@' && email_at(text, p, stop))
			return "email";
		bool starts = (digit(*p) || (*p == '+' && p + 1 < stop && digit(p[1]))) &&
		              (p == text || !digit(p[-1]));
		if (!starts) {
			p++;
			continue;
		}
		char d[32];
		const char *end;
		bool plus = *p == '+';
		size_t n = number_at(plus ? p + 1 : p, stop, d, sizeof(d), &end);
		if (n == 16)
			return "nik";
		if (n < sizeof(d) && looks_like_phone(d, n))
			return "telepon";
		p = end > p ? end : p + 1;
	}
	return NULL;
}

static const char *const states[] = { "moderasi", "terbuka", "dijawab", "diteruskan", "ditutup", "ditolak" };
static const char *const public_states[] = { "terbuka", "dijawab", "diteruskan", "ditutup" };
static const char *const waiting_states[] = { "terbuka", "diteruskan" };
static const char *const reject_reasons[] = { "spam", "sara", "data_pribadi", "bukan_pertanyaan", "duplikat" };
static const char *const flag_reasons[] = { "spam", "sara", "data_pribadi", "bukan_pertanyaan", "lainnya" };

bool question_state_valid(const char *state)
{
	return IN(state, states);
}

bool question_state_public(const char *state)
{
	return IN(state, public_states);
}

bool question_state_waiting(const char *state)
{
	return IN(state, waiting_states);
}

bool question_reject_reason_valid(const char *reason)
{
	return IN(reason, reject_reasons);
}

bool question_flag_reason_valid(const char *reason)
{
	return IN(reason, flag_reasons);
}
