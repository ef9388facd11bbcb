/*
 * mail_test.c - outbound mail: the RFC 5322 message mail_format writes
 * (headers, CRLF, RFC 2047 subjects that decode back, 76-character base64
 * lines), what mail_enqueue refuses (header injection, overlong or
 * non-UTF-8 input), and the worker path on SQLite: a queued mail logged in
 * development, delivered to a small SMTP server on 127.0.0.1, retried when
 * the server refuses or is down, with nothing personal or secret in the
 * recorded error or the log. On SQLite, and on PostgreSQL too when
 * TERBUKA_TEST_PG names a database.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/str.h"
#include "db/db.h"
#include "db/migrate.h"
#include "jobs/jobs.h"
#include "mail/mail.h"
#include "search/search.h"

#define FROM "noreply@bekasikab.go.id"
#define TO "warga@example.id"
#define ID "0123abcd@bekasikab.go.id"
#define SECRET "hunter2-very-secret"

static char tmpdir[64];

/* --- helpers --------------------------------------------------------------- */

static char *format(const char *to, const char *subject, const char *body, int *rc)
{
	buf b;
	buf_init(&b, 4 * 1024 * 1024);
	*rc = mail_format(&b, FROM, to, subject, body, 1700000000, ID);
	if (*rc != 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b, NULL);
}

/* The header block (up to the blank line) and the body after it. */
static void split(char *msg, char **head, char **body)
{
	char *sep = strstr(msg, "\r\n\r\n");
	assert_non_null(sep);
	sep[2] = '\0';
	*head = msg;
	*body = sep + 4;
}

/* The unfolded-by-hand value of header name: its lines joined by "\n". */
static void header_lines(const char *head, const char *name, char *out, size_t outlen)
{
	size_t nlen = strlen(name);
	const char *p = head;
	out[0] = '\0';
	while (*p != '\0') {
		if (strncmp(p, name, nlen) == 0 && p[nlen] == ':') {
			p += nlen + 2;
			size_t used = 0;
			for (;;) {
				const char *eol = strstr(p, "\r\n");
				assert_non_null(eol);
				int n = snprintf(out + used, outlen - used, "%s%.*s", used ? "\n" : "",
				                 (int)(eol - p), p);
				used += (size_t)n;
				p = eol + 2;
				if (*p != ' ' && *p != '\t')
					return;
			}
		}
		p = strstr(p, "\r\n");
		assert_non_null(p);
		p += 2;
	}
	fail_msg("no %s header", name);
}

static void assert_crlf_only(const char *s)
{
	for (size_t i = 0; s[i] != '\0'; i++) {
		if (s[i] == '\n')
			assert_true(i > 0 && s[i - 1] == '\r');
		if (s[i] == '\r')
			assert_int_equal(s[i + 1], '\n');
	}
}

/* Decodes a Subject made of encoded-words; checks each word's size, that
 * each line fits 76 characters, and that each word is whole UTF-8. */
static void decode_subject(char *lines, char *out, size_t outlen)
{
	size_t used = 0;
	bool first = true;
	for (char *line = strtok(lines, "\n"); line != NULL; line = strtok(NULL, "\n")) {
		size_t linelen = strlen(line) + (first ? strlen("Subject: ") : 0);
		assert_true(linelen <= 76);
		if (!first) {
			assert_int_equal(line[0], ' ');
			line++;
		}
		first = false;
		size_t n = strlen(line);
		assert_true(n <= 75);
		assert_true(strncmp(line, "=?UTF-8?B?", 10) == 0);
		assert_true(strcmp(line + n - 2, "?=") == 0);
		line[n - 2] = '\0';
		size_t got = 0;
		assert_int_equal(sodium_base642bin((unsigned char *)out + used, outlen - used - 1,
		                                   line + 10, n - 12, NULL, &got, NULL,
		                                   sodium_base64_VARIANT_ORIGINAL),
		                 0);
		assert_true(utf8_valid(out + used, got)); /* cut between characters */
		used += got;
	}
	out[used] = '\0';
}

/* Decodes a base64 body, checking every line is at most 76 characters. */
static size_t decode_body(const char *b64, char *out, size_t outlen)
{
	size_t used = 0;
	const char *p = b64;
	while (*p != '\0') {
		const char *eol = strstr(p, "\r\n");
		assert_non_null(eol);
		size_t n = (size_t)(eol - p);
		assert_true(n > 0 && n <= 76);
		size_t got = 0;
		assert_int_equal(sodium_base642bin((unsigned char *)out + used, outlen - used, p, n,
		                                   NULL, &got, NULL, sodium_base64_VARIANT_ORIGINAL),
		                 0);
		used += got;
		p = eol + 2;
	}
	return used;
}

/* --- the message ----------------------------------------------------------- */

static void test_headers_and_crlf(void **state)
{
	int rc;
	char *msg = format(TO, "Akun Anda", "Halo.\nBaris dua.\n", &rc);
	assert_int_equal(rc, 0);
	assert_crlf_only(msg);
	char *head, *body;
	split(msg, &head, &body);
	const char *want[] = {
		"From: " FROM "\r\n",
		"To: " TO "\r\n",
		"Subject: Akun Anda\r\n",
		"Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n",
		"Message-ID: <" ID ">\r\n",
		"MIME-Version: 1.0\r\n",
		"Content-Type: text/plain; charset=utf-8\r\n",
		"Content-Transfer-Encoding: base64\r\n",
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const char *at = strstr(head, want[i]);
		assert_non_null(at);
		assert_true(at == head || at[-1] == '\n'); /* at the start of a line */
	}
	char text[256];
	size_t n = decode_body(body, text, sizeof(text));
	assert_int_equal(n, strlen("Halo.\r\nBaris dua.\r\n"));
	assert_memory_equal(text, "Halo.\r\nBaris dua.\r\n", n);
	free(msg);
}

static void test_date_at_the_epoch(void **state)
{
	buf b;
	buf_init(&b, 65536);
	assert_int_equal(mail_format(&b, FROM, TO, "x", "y", 0, ID), 0);
	assert_non_null(strstr(b.data, "\r\nDate: Thu, 01 Jan 1970 00:00:00 +0000\r\n"));
	buf_free(&b);
}

/* Files go as base64 parts of a multipart/mixed message, after the text,
 * with names reduced to safe ASCII; too many bytes, or a type with a
 * header in it, and nothing is written. */
static void test_attachments_are_parts(void **state)
{
	static const unsigned char pdf[] = "%PDF-1.4 tiny";
	mail_attachment files[] = { { "pemberitahuan tertulis\".pdf", "application/pdf", pdf, sizeof(pdf) - 1 } };
	buf b;
	buf_init(&b, 65536);
	assert_int_equal(mail_format_attached(&b, FROM, TO, "x", "Terlampir.", files, 1, 0, ID), 0);
	assert_non_null(strstr(b.data, "Content-Type: multipart/mixed; boundary=\"=_terbuka_0123abcd\"\r\n"));
	const char *part = strstr(b.data, "\r\n--=_terbuka_0123abcd\r\nContent-Type: application/pdf; "
	                                  "name=\"pemberitahuan_tertulis_.pdf\"\r\n");
	assert_non_null(part);
	assert_non_null(strstr(part, "Content-Disposition: attachment; filename=\"pemberitahuan_tertulis_.pdf\"\r\n"));
	assert_non_null(strstr(part, "JVBERi0xLjQgdGlueQ==\r\n")); /* base64 of the bytes */
	assert_non_null(strstr(part, "\r\n--=_terbuka_0123abcd--\r\n"));
	assert_true(strstr(b.data, "Content-Type: text/plain") < part); /* the text first */
	buf_reset(&b);
	mail_attachment bad[] = { { "a.pdf", "application/pdf\r\nX-Evil: 1", pdf, 4 } };
	assert_int_equal(mail_format_attached(&b, FROM, TO, "x", "y", bad, 1, 0, ID), -1);
	buf_free(&b);
}

static void test_ascii_subject_is_plain(void **state)
{
	int rc;
	char *msg = format(TO, "Reset password - terbuka (Bekasi)", "x", &rc);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(msg, "\r\nSubject: Reset password - terbuka (Bekasi)\r\n"));
	assert_null(strstr(msg, "=?UTF-8?"));
	free(msg);
}

static void roundtrip_subject(const char *subject)
{
	int rc;
	char *msg = format(TO, subject, "x", &rc);
	assert_int_equal(rc, 0);
	assert_crlf_only(msg);
	char *head, *body, lines[2048], decoded[1024];
	split(msg, &head, &body);
	header_lines(head, "Subject", lines, sizeof(lines));
	decode_subject(lines, decoded, sizeof(decoded));
	assert_string_equal(decoded, subject);
	free(msg);
}

static void test_non_ascii_subject_is_encoded_and_decodes(void **state)
{
	roundtrip_subject("Permohonan informasi Anda diterima — nomor 2024/017 ✓");
	roundtrip_subject("Selamat datang di Bekasi Terbuka 🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉");
	roundtrip_subject("é");
	/* ASCII that a reader would take for an encoded-word is encoded too. */
	roundtrip_subject("=?UTF-8?B?SGk=?=");
	/* the longest subject allowed, in 3-byte characters */
	char longest[MAIL_MAX_SUBJECT + 1];
	size_t n = 0;
	for (; n + 3 <= MAIL_MAX_SUBJECT; n += 3)
		memcpy(longest + n, "€", 3);
	longest[n] = '\0';
	roundtrip_subject(longest);
}

static void test_body_base64_lines_and_round_trip(void **state)
{
	buf text_in;
	buf_init(&text_in, 8192);
	for (int i = 0; i < 60; i++)
		buf_puts(&text_in, "Baris dengan tautan https://terbuka.example/reset?t=abcdef ✓\n");
	buf_puts(&text_in, "lone CR\rCRLF\r\nend");
	assert_false(buf_failed(&text_in));
	const char *body = text_in.data;
	int rc;
	char *msg = format(TO, "x", body, &rc);
	assert_int_equal(rc, 0);
	assert_crlf_only(msg);
	char *head, *b64;
	split(msg, &head, &b64);
	static char text[16384], want[16384];
	size_t n = decode_body(b64, text, sizeof(text));
	size_t w = 0;
	for (const char *p = body; *p != '\0'; p++) {
		if (*p == '\r' && p[1] == '\n')
			continue;
		if (*p == '\n' || *p == '\r') {
			want[w++] = '\r';
			want[w++] = '\n';
		} else {
			want[w++] = *p;
		}
	}
	assert_int_equal(n, w);
	assert_memory_equal(text, want, n);
	free(msg);
	buf_free(&text_in);
}

static void test_injection_and_bad_input_rejected(void **state)
{
	char long_address[MAIL_MAX_ADDRESS + 2];
	memset(long_address, 'a', sizeof(long_address) - 1);
	long_address[sizeof(long_address) - 1] = '\0';
	long_address[10] = '@';
	char long_subject[MAIL_MAX_SUBJECT + 2];
	memset(long_subject, 's', sizeof(long_subject) - 1);
	long_subject[sizeof(long_subject) - 1] = '\0';
	const char *bad_to[] = {
		TO "\r\nBcc: victim@example.id", TO "\n", "\r" TO, "warga", "@example.id", "warga@",
		"warga@example.id, other@example.id", "Warga <warga@example.id>", "war ga@example.id",
		"warga\xff@example.id", long_address, "",
	};
	const char *bad_subject[] = {
		"Halo\r\nBcc: victim@example.id", "Halo\nX: y", "Halo\r", "\xc3\x28", "\xed\xa0\x80",
		long_subject,
	};
	const char *bad_body[] = { "\xff", "ok then \xc3", "\xf4\x90\x80\x80" };
	buf b;
	buf_init(&b, 65536);
	db *c = db_thread();
	for (size_t i = 0; i < sizeof(bad_to) / sizeof(bad_to[0]); i++) {
		assert_int_equal(mail_format(&b, FROM, bad_to[i], "x", "y", 0, ID), -1);
		assert_int_equal(mail_enqueue(c, bad_to[i], "x", "y"), DB_ERROR);
	}
	for (size_t i = 0; i < sizeof(bad_subject) / sizeof(bad_subject[0]); i++) {
		assert_int_equal(mail_format(&b, FROM, TO, bad_subject[i], "y", 0, ID), -1);
		assert_int_equal(mail_enqueue(c, TO, bad_subject[i], "y"), DB_ERROR);
	}
	for (size_t i = 0; i < sizeof(bad_body) / sizeof(bad_body[0]); i++) {
		assert_int_equal(mail_format(&b, FROM, TO, "x", bad_body[i], 0, ID), -1);
		assert_int_equal(mail_enqueue(c, TO, "x", bad_body[i]), DB_ERROR);
	}
	assert_int_equal(mail_format(&b, FROM, TO, "x", "y", 0, "a>\r\nX: y"), -1);
	assert_int_equal(mail_format(&b, "not an address", TO, "x", "y", 0, ID), -1);
	/* the limits themselves are fine */
	long_address[MAIL_MAX_ADDRESS] = '\0';
	long_subject[MAIL_MAX_SUBJECT] = '\0';
	assert_int_equal(mail_format(&b, FROM, long_address, long_subject, "y", 0, ID), 0);
	int64_t queued = -1;
	db_query_int(c, "SELECT count(*) FROM jobs", DB_NOARGS, &queued);
	assert_int_equal(queued, 0);
	buf_free(&b);
}

/* --- the worker path on SQLite --------------------------------------------- */

/* stderr into a file while a test runs, to read what was logged. */
static int saved_stderr = -1;
static char log_path[128];

static void capture_log(void)
{
	snprintf(log_path, sizeof(log_path), "%s/log.txt", tmpdir);
	int fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	saved_stderr = dup(STDERR_FILENO);
	dup2(fd, STDERR_FILENO);
	close(fd);
}

/* Restores stderr and returns what was logged (static storage). */
static const char *captured_log(void)
{
	static char text[65536];
	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);
	FILE *f = fopen(log_path, "r");
	assert_non_null(f);
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);
	fputs(text, stderr); /* still visible in the test's output */
	return text;
}

static void init_mail(const char *host, unsigned port)
{
	struct config cfg;
	memset(&cfg, 0, sizeof(cfg));
	cfg.smtp_host = host;
	cfg.smtp_port = port;
	cfg.smtp_tls = SMTP_TLS_NONE;
	cfg.smtp_user = host ? "relay-user" : NULL;
	cfg.smtp_password = host ? SECRET : NULL;
	cfg.mail_from = FROM;
	jobs_unregister_all();
	assert_int_equal(mail_init(&cfg), 0);
}

static json_t *job_row(void)
{
	json_t *row = NULL;
	db_query_row_json(db_thread(), "SELECT status, attempts, last_error, payload FROM jobs",
	                  DB_NOARGS, &row);
	assert_non_null(row);
	return row;
}

static const char *row_text(json_t *row, const char *key)
{
	const char *s = json_string_value(json_object_get(row, key));
	return s ? s : "";
}

static void test_queued_mail_is_logged_in_development(void **state)
{
	db *c = db_thread();
	init_mail(NULL, 0);
	assert_int_equal(mail_enqueue(c, TO, "Tautan masuk", "Buka https://x.example/t/abc\nSalam"),
	                 DB_OK);
	capture_log();
	int ran = jobs_run_once(c, "test");
	const char *log = captured_log();
	assert_int_equal(ran, 1);
	json_t *row = job_row();
	assert_string_equal(row_text(row, "status"), "done");
	json_decref(row);
	assert_non_null(strstr(log, "mail (no SMTP server configured, development only):"));
	assert_non_null(strstr(log, TO));
	assert_non_null(strstr(log, "Tautan masuk"));
	assert_non_null(strstr(log, "mail | Buka https://x.example/t/abc\n")); /* link whole */
	assert_non_null(strstr(log, "mail | Salam\n"));
}

/* A closed port on 127.0.0.1: bound, then released. */
static unsigned closed_port(void)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(s, (struct sockaddr *)&a, &len), 0);
	close(s);
	return ntohs(a.sin_port);
}

static void assert_nothing_personal(const char *text)
{
	assert_null(strstr(text, TO));
	assert_null(strstr(text, "warga"));
	assert_null(strstr(text, "Rahasia"));
	assert_null(strstr(text, "token-xyz"));
	assert_null(strstr(text, SECRET));
	assert_null(strstr(text, "relay-user"));
}

static void test_server_down_is_retried_without_personal_data(void **state)
{
	db *c = db_thread();
	init_mail("127.0.0.1", closed_port());
	assert_int_equal(mail_enqueue(c, TO, "Rahasia", "https://x.example/t/token-xyz"), DB_OK);
	capture_log();
	int ran = jobs_run_once(c, "test");
	const char *log = captured_log();
	assert_int_equal(ran, 1);
	json_t *row = job_row();
	assert_string_equal(row_text(row, "status"), "queued"); /* retried later */
	assert_int_equal(json_integer_value(json_object_get(row, "attempts")), 1);
	const char *error = row_text(row, "last_error");
	assert_true(strlen(error) > 0);
	assert_nothing_personal(error);
	assert_nothing_personal(log);
	assert_non_null(strstr(log, "mail.send"));
	json_decref(row);
}

/* --- a small SMTP server on 127.0.0.1 ------------------------------------- */

struct smtp_server {
	int listener;
	unsigned port;
	int data_reply;     /* 250, 451 to refuse the message, 0 to say nothing at all */
	atomic_bool connected;
	char received[65536]; /* the message as DATA carried it */
	char commands[4096];  /* every command line, for the envelope */
	pthread_t thread;
};

static void say(int fd, const char *line)
{
	ssize_t ignored = write(fd, line, strlen(line));
	(void)ignored;
}

/* Reads one CRLF line into out (without it); false at the end. */
static bool read_line(int fd, char *out, size_t outlen)
{
	size_t n = 0;
	char ch;
	while (read(fd, &ch, 1) == 1) {
		if (ch == '\n') {
			if (n > 0 && out[n - 1] == '\r')
				n--;
			out[n] = '\0';
			return true;
		}
		if (n + 1 < outlen)
			out[n++] = ch;
	}
	return false;
}

static void *smtp_serve(void *arg)
{
	struct smtp_server *s = arg;
	int fd = accept(s->listener, NULL, NULL);
	if (fd < 0)
		return NULL;
	atomic_store(&s->connected, true);
	char line[1024];
	if (s->data_reply == 0) { /* a server that hangs: wait for the client to leave */
		while (read(fd, line, sizeof(line)) > 0)
			;
		close(fd);
		return NULL;
	}
	say(fd, "220 test ESMTP\r\n");
	while (read_line(fd, line, sizeof(line))) {
		size_t used = strlen(s->commands);
		snprintf(s->commands + used, sizeof(s->commands) - used, "%s\n", line);
		if (strncmp(line, "EHLO", 4) == 0) {
			say(fd, "250-test\r\n250 8BITMIME\r\n");
		} else if (strncmp(line, "DATA", 4) == 0) {
			say(fd, "354 go on\r\n");
			size_t got = 0;
			while (read_line(fd, line, sizeof(line)) && strcmp(line, ".") != 0) {
				int n = snprintf(s->received + got, sizeof(s->received) - got, "%s\r\n",
				                 line);
				if (n > 0 && (size_t)n < sizeof(s->received) - got)
					got += (size_t)n;
			}
			say(fd, s->data_reply == 250 ? "250 queued\r\n" : "451 try again later\r\n");
		} else if (strncmp(line, "QUIT", 4) == 0) {
			say(fd, "221 bye\r\n");
			break;
		} else {
			say(fd, "250 ok\r\n");
		}
	}
	close(fd);
	return NULL;
}

static void smtp_start(struct smtp_server *s, int data_reply)
{
	memset(s, 0, sizeof(*s));
	s->data_reply = data_reply;
	s->listener = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	assert_int_equal(bind(s->listener, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(s->listener, 1), 0);
	assert_int_equal(getsockname(s->listener, (struct sockaddr *)&a, &len), 0);
	s->port = ntohs(a.sin_port);
	assert_int_equal(pthread_create(&s->thread, NULL, smtp_serve, s), 0);
}

static void smtp_join(struct smtp_server *s)
{
	pthread_join(s->thread, NULL);
	close(s->listener);
}

static void test_queued_mail_is_delivered(void **state)
{
	db *c = db_thread();
	static struct smtp_server s;
	smtp_start(&s, 250);
	init_mail("127.0.0.1", s.port);
	assert_int_equal(mail_enqueue(c, TO, "Selamat datang ✓", "Halo Warga.\nSalam."), DB_OK);
	assert_int_equal(jobs_run_once(c, "test"), 1);
	smtp_join(&s);
	json_t *row = job_row();
	assert_string_equal(row_text(row, "status"), "done");
	/* a sent mail leaves no body (and no single-use link) in the table */
	assert_string_equal(row_text(row, "payload"), "{}");
	assert_non_null(strstr(s.received, "Message-ID: <"));
	assert_non_null(strstr(s.received, "@bekasikab.go.id>\r\n"));
	json_decref(row);
	assert_non_null(strstr(s.commands, "MAIL FROM:<" FROM ">"));
	assert_non_null(strstr(s.commands, "RCPT TO:<" TO ">"));
	assert_non_null(strstr(s.received, "To: " TO "\r\n"));
	assert_non_null(strstr(s.received, "Subject: =?UTF-8?B?"));
	char *head, *body;
	split(s.received, &head, &body);
	char text[256];
	size_t n = decode_body(body, text, sizeof(text));
	assert_int_equal(n, strlen("Halo Warga.\r\nSalam."));
	assert_memory_equal(text, "Halo Warga.\r\nSalam.", n);
}

static void test_refused_mail_is_retried(void **state)
{
	db *c = db_thread();
	static struct smtp_server s;
	smtp_start(&s, 451);
	init_mail("127.0.0.1", s.port);
	assert_int_equal(mail_enqueue(c, TO, "Rahasia", "token-xyz"), DB_OK);
	assert_int_equal(jobs_run_once(c, "test"), 1);
	smtp_join(&s);
	json_t *row = job_row();
	assert_string_equal(row_text(row, "status"), "queued");
	const char *error = row_text(row, "last_error");
	assert_non_null(strstr(error, "451"));
	assert_nothing_personal(error);
	json_decref(row);
}

static void test_enqueue_wakes_an_idle_worker(void **state)
{
	db *c = db_thread();
	init_mail(NULL, 0);
	assert_int_equal(jobs_start(1, 60000), 0); /* would otherwise poll once a minute */
	usleep(300000);                            /* let it find nothing and fall asleep */
	capture_log();
	assert_int_equal(mail_enqueue(c, TO, "x", "y"), DB_OK);
	int64_t done = 0;
	for (int tries = 0; tries < 150 && done == 0; tries++) {
		usleep(20000);
		db_query_int(c, "SELECT count(*) FROM jobs WHERE status = 'done'", DB_NOARGS, &done);
	}
	jobs_stop();
	captured_log();
	assert_int_equal(done, 1); /* within 3 s, not 60 */
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A worker stuck on a silent server lets go when the workers are stopped
 * (systemd allows 20 s; libcurl alone would wait 60), and the mail stays
 * queued for the next start. */
static void test_shutdown_interrupts_a_hanging_server(void **state)
{
	db *c = db_thread();
	static struct smtp_server s;
	smtp_start(&s, 0);
	init_mail("127.0.0.1", s.port);
	assert_int_equal(jobs_start(1, 50), 0);
	assert_int_equal(mail_enqueue(c, TO, "x", "y"), DB_OK);
	for (int tries = 0; tries < 250 && !atomic_load(&s.connected); tries++)
		usleep(20000);
	assert_true(atomic_load(&s.connected));
	usleep(200000);
	double started = now_seconds();
	jobs_stop();
	double took = now_seconds() - started;
	smtp_join(&s);
	assert_true(took < 5.0);
	json_t *row = job_row();
	assert_string_equal(row_text(row, "status"), "queued");
	assert_int_equal(json_integer_value(json_object_get(row, "attempts")), 1);
	json_decref(row);
}

/* --- set-up ----------------------------------------------------------------- */

/* A temporary folder (the SQLite file, the captured log) and the database. */
static int open_db(const char *pg_url)
{
	char err[256], location[512];
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/mail-test.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(location, sizeof(location), "%s/mail.db", tmpdir);
	if (db_init(pg_url ? pg_url : location, err, sizeof(err)) != DB_OK) {
		fprintf(stderr, "db_init: %s\n", err);
		return -1;
	}
	db *c = db_thread();
	if (c == NULL || db_migrate(c, err, sizeof(err)) < 0) {
		fprintf(stderr, "migrate: %s\n", err);
		return -1;
	}
	init_mail(NULL, 0);
	return 0;
}

static int setup_sqlite(void **state)
{
	return open_db(NULL);
}

static int setup_pg(void **state)
{
	return open_db(getenv("TERBUKA_TEST_PG"));
}

static int teardown(void **state)
{
	db_shutdown();
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static int empty_queue(void **state)
{
	return db_exec(db_thread(), "DELETE FROM jobs", DB_NOARGS, NULL) == DB_OK ? 0 : -1;
}

int main(void)
{
	if (search_init() != 0) /* migration 008 needs its tokenizer */
		return 1;
	if (sodium_init() < 0 || curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return 1;
#define T(f) cmocka_unit_test_setup(f, empty_queue)
	const struct CMUnitTest tests[] = {
		T(test_headers_and_crlf),
		T(test_date_at_the_epoch),
		T(test_attachments_are_parts),
		T(test_ascii_subject_is_plain),
		T(test_non_ascii_subject_is_encoded_and_decodes),
		T(test_body_base64_lines_and_round_trip),
		T(test_injection_and_bad_input_rejected),
		T(test_queued_mail_is_logged_in_development),
		T(test_server_down_is_retried_without_personal_data),
		T(test_queued_mail_is_delivered),
		T(test_refused_mail_is_retried),
		T(test_enqueue_wakes_an_idle_worker),
		T(test_shutdown_interrupts_a_hanging_server),
	};
	int failed = cmocka_run_group_tests_name("mail on SQLite", tests, setup_sqlite, teardown);
	const char *pg = getenv("TERBUKA_TEST_PG");
	if (pg != NULL && pg[0] != '\0')
		failed += cmocka_run_group_tests_name("mail on PostgreSQL", tests, setup_pg, teardown);
	else
		printf("mail on PostgreSQL: skipped (TERBUKA_TEST_PG not set)\n");
	curl_global_cleanup();
	return failed;
}
