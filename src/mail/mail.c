/*
 * mail.c - outbound mail (see mail.h): the RFC 5322 message, the
 * "mail.send" job, and delivery over SMTP with libcurl.
 *
 * What leaves this file for the log is never an address, a subject or a
 * body (they are personal data, and bodies carry links with tokens), nor
 * the SMTP password: a failed send reports libcurl's message and the
 * server's reply code. The one exception is development without an SMTP
 * host, where the whole message is logged so a developer can follow links.
 *
 * Not for: the text of particular messages (the capabilities that send
 * mail write their own), bounces, or inbound mail.
 */
#include "mail/mail.h"

#include <curl/curl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdbool.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "core/str.h"
#include "jobs/jobs.h"

#define MAIL_MAX_BODY (512 * 1024)             /* bytes of text, before encoding */
#define MAIL_MAX_MESSAGE (2 * 1024 * 1024 + 2 * MAIL_MAX_ATTACHED) /* the formatted message:
                                        * base64 and its line ends under 1.4 x */
#define MAIL_MAX_MESSAGE_ID 300
#define MAIL_WORD_BYTES 39 /* text per RFC 2047 encoded-word: 64 characters with
                            * its frame, so "Subject: " and one word fit the
                            * 76-character line RFC 2047 allows */
#define MAIL_LINE_BYTES 57 /* 57 bytes are 76 base64 characters */
#define CONNECT_TIMEOUT 10L
#define SEND_TIMEOUT 60L

/* The settings of mail_init, copied: the config's strings may not outlive it. */
static struct {
	char *host;     /* NULL: development, mail goes to the log */
	unsigned port;
	enum smtp_tls tls;
	char *user;
	char *password;
	char *from;
	char *domain;   /* right-hand side of Message-IDs */
} mail;

/* --- checks ---------------------------------------------------------------- */

static bool has_line_break(const char *s)
{
	return strpbrk(s, "\r\n") != NULL;
}

/* One bare addr-spec, as the envelope and the To: header take it: an '@'
 * with something on each side, no spaces, controls, brackets, quotes or
 * list separators (which could smuggle a second recipient or a header). */
static bool address_ok(const char *a)
{
	size_t n = strlen(a);
	if (n == 0 || n > MAIL_MAX_ADDRESS || !utf8_valid(a, n))
		return false;
	const char *at = strrchr(a, '@');
	if (at == NULL || at == a || at[1] == '\0')
		return false;
	for (const unsigned char *p = (const unsigned char *)a; *p != '\0'; p++) {
		if (*p <= 0x20 || *p == 0x7f || strchr("<>()[],;:\\\"", *p) != NULL)
			return false;
	}
	return true;
}

static bool subject_ok(const char *s)
{
	size_t n = strlen(s);
	return n <= MAIL_MAX_SUBJECT && utf8_valid(s, n) && !has_line_break(s);
}

static bool body_ok(const char *s)
{
	size_t n = strlen(s);
	return n <= MAIL_MAX_BODY && utf8_valid(s, n);
}

/* The id inside the angle brackets: printable ASCII without spaces. */
static bool message_id_ok(const char *id)
{
	size_t n = strlen(id);
	if (n == 0 || n > MAIL_MAX_MESSAGE_ID)
		return false;
	for (const unsigned char *p = (const unsigned char *)id; *p != '\0'; p++) {
		if (*p <= 0x20 || *p >= 0x7f || *p == '<' || *p == '>')
			return false;
	}
	return true;
}

/* A host name, an IPv4 address, or an IPv6 address (bare or in brackets):
 * nothing that could change the meaning of the URL it goes into. */
static bool host_ok(const char *h)
{
	if (h[0] == '\0' || strlen(h) > 253)
		return false;
	for (const unsigned char *p = (const unsigned char *)h; *p != '\0'; p++) {
		bool alnum = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		             (*p >= '0' && *p <= '9');
		if (!alnum && strchr(".-:[]", *p) == NULL)
			return false;
	}
	return true;
}

/* --- the message ------------------------------------------------------------ */

/* Subjects that readers show as they are: printable ASCII, and no "=?"
 * that a reader would take for the start of an encoded-word. */
static bool plain_subject(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 || *p > 0x7e || (p[0] == '=' && p[1] == '?'))
			return false;
	}
	return true;
}

/* Length of the UTF-8 sequence a lead byte starts (input already valid). */
static size_t utf8_seq_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if ((c & 0xE0) == 0xC0)
		return 2;
	if ((c & 0xF0) == 0xE0)
		return 3;
	return 4;
}

/* RFC 2047 "B" encoded-words of at most MAIL_WORD_BYTES of text each, cut
 * only between characters (each word must decode on its own), folded with
 * CRLF SP; a reader joins adjacent words without the space. */
static void put_encoded_words(buf *out, const char *s, size_t n)
{
	char b64[sodium_base64_ENCODED_LEN(MAIL_WORD_BYTES, sodium_base64_VARIANT_ORIGINAL)];
	size_t i = 0;
	while (i < n) {
		size_t end = i;
		while (end < n) {
			size_t len = utf8_seq_len((unsigned char)s[end]);
			if (end + len > n || end + len - i > MAIL_WORD_BYTES)
				break;
			end += len;
		}
		if (end == i) /* cannot happen with valid UTF-8; never loop forever */
			break;
		sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)s + i, end - i,
		                  sodium_base64_VARIANT_ORIGINAL);
		if (i > 0)
			buf_puts(out, "\r\n ");
		buf_puts(out, "=?UTF-8?B?");
		buf_puts(out, b64);
		buf_puts(out, "?=");
		i = end;
	}
}

/* Text with every line ending (LF, CR or CRLF) made CRLF, the canonical
 * form that a base64 text/plain body encodes (RFC 2045). */
static void put_crlf_text(buf *out, const char *s)
{
	size_t start = 0, i = 0;
	for (; s[i] != '\0'; i++) {
		if (s[i] != '\r' && s[i] != '\n')
			continue;
		buf_append(out, s + start, i - start);
		buf_puts(out, "\r\n");
		if (s[i] == '\r' && s[i + 1] == '\n')
			i++;
		start = i + 1;
	}
	buf_append(out, s + start, i - start);
}

/* base64 in lines of 76 characters, each ending in CRLF. */
static void put_base64_lines(buf *out, const unsigned char *p, size_t n)
{
	char line[sodium_base64_ENCODED_LEN(MAIL_LINE_BYTES, sodium_base64_VARIANT_ORIGINAL)];
	for (size_t i = 0; i < n; i += MAIL_LINE_BYTES) {
		size_t k = n - i < MAIL_LINE_BYTES ? n - i : MAIL_LINE_BYTES;
		sodium_bin2base64(line, sizeof(line), p + i, k, sodium_base64_VARIANT_ORIGINAL);
		buf_puts(out, line);
		buf_puts(out, "\r\n");
	}
}

/* A file name safe in a MIME parameter: ASCII letters, digits, '.', '-'
 * and '_' kept, anything else '_'; "lampiran" when nothing is left. */
static void put_file_name(buf *out, const char *name)
{
	size_t kept = 0;
	for (const char *p = name; p && *p && kept < 100; p++, kept++) {
		char ch = *p;
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		          ch == '.' || ch == '-' || ch == '_';
		buf_putc(out, ok ? ch : '_');
	}
	if (kept == 0)
		buf_puts(out, "lampiran");
}

static bool mime_ok(const char *m)
{
	return m != NULL && strlen(m) < 100 && strspn(m, "abcdefghijklmnopqrstuvwxyz0123456789/.+-") == strlen(m) &&
	       strchr(m, '/') != NULL;
}

/* The attachments after the text part, each base64 in its own part, and
 * the closing boundary. */
static bool put_attachments(buf *out, const char *boundary, const mail_attachment *files, size_t n)
{
	size_t total = 0;
	for (size_t i = 0; i < n; i++) {
		total += files[i].len;
		if (!mime_ok(files[i].mime) || files[i].data == NULL || total > MAIL_MAX_ATTACHED)
			return false;
		buf_printf(out, "\r\n--%s\r\nContent-Type: %s; name=\"", boundary, files[i].mime);
		put_file_name(out, files[i].name);
		buf_puts(out, "\"\r\nContent-Disposition: attachment; filename=\"");
		put_file_name(out, files[i].name);
		buf_puts(out, "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
		put_base64_lines(out, files[i].data, files[i].len);
	}
	buf_printf(out, "\r\n--%s--\r\n", boundary);
	return true;
}

int mail_format(buf *out, const char *from, const char *to, const char *subject,
                const char *body, int64_t now, const char *message_id)
{
	return mail_format_attached(out, from, to, subject, body, NULL, 0, now, message_id);
}

int mail_format_attached(buf *out, const char *from, const char *to, const char *subject,
                         const char *body, const mail_attachment *files, size_t nfiles, int64_t now,
                         const char *message_id)
{
	static const char days[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
		                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int ret = -1;
	buf text;
	buf_init(&text, 2 * MAIL_MAX_BODY); /* CRLF at most doubles the body */
	if (from == NULL || to == NULL || subject == NULL || body == NULL ||
	    message_id == NULL || !address_ok(from) || !address_ok(to) ||
	    !subject_ok(subject) || !body_ok(body) || !message_id_ok(message_id))
		goto done;
	struct tm tm;
	time_t t = (time_t)now;
	if (gmtime_r(&t, &tm) == NULL || tm.tm_wday < 0 || tm.tm_wday > 6 || tm.tm_mon < 0 ||
	    tm.tm_mon > 11)
		goto done;

	buf_puts(out, "From: ");
	buf_puts(out, from);
	buf_puts(out, "\r\nTo: ");
	buf_puts(out, to);
	buf_puts(out, "\r\nSubject: ");
	if (plain_subject(subject))
		buf_puts(out, subject);
	else
		put_encoded_words(out, subject, strlen(subject));
	buf_printf(out, "\r\nDate: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", days[tm.tm_wday],
	           tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
	           tm.tm_sec);
	buf_puts(out, "Message-ID: <");
	buf_puts(out, message_id);
	buf_puts(out, ">\r\n"
	              "Auto-Submitted: auto-generated\r\n" /* RFC 3834: no vacation replies */
	              "MIME-Version: 1.0\r\n");
	/* "=_" never occurs in base64, so the boundary cannot occur in a part */
	char boundary[64] = "=_terbuka_";
	for (size_t i = 0, o = strlen(boundary); message_id[i] && message_id[i] != '@' && o + 1 < sizeof(boundary); i++)
		if (isalnum((unsigned char)message_id[i]))
			boundary[o++] = message_id[i], boundary[o] = '\0';
	if (nfiles > 0)
		buf_printf(out, "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n--%s\r\n", boundary, boundary);
	buf_puts(out, "Content-Type: text/plain; charset=utf-8\r\n"
	              "Content-Transfer-Encoding: base64\r\n"
	              "\r\n");
	put_crlf_text(&text, body);
	if (text.len > 0)
		put_base64_lines(out, (const unsigned char *)text.data, text.len);
	bool attached = nfiles == 0 || put_attachments(out, boundary, files, nfiles);
	if (attached && !buf_failed(out) && !buf_failed(&text))
		ret = 0;
done:
	if (text.data != NULL)
		sodium_memzero(text.data, text.cap); /* bodies carry links with tokens */
	buf_free(&text);
	return ret;
}

/* --- delivery --------------------------------------------------------------- */

/* A fresh Message-ID (without brackets): 128 random bits @ the sender's domain. */
static void new_message_id(char *out, size_t outlen)
{
	unsigned char raw[16];
	char hex[2 * sizeof(raw) + 1];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(hex, sizeof(hex), raw, sizeof(raw));
	snprintf(out, outlen, "%s@%s", hex, mail.domain ? mail.domain : "localhost");
}

struct upload {
	const char *p;
	size_t left;
};

static size_t upload_read(char *dst, size_t size, size_t nmemb, void *arg)
{
	struct upload *u = arg;
	size_t room = size * nmemb; /* libcurl keeps this within its buffer */
	size_t n = u->left < room ? u->left : room;
	memcpy(dst, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

/* Gives up on a slow server when the workers are being stopped, so that
 * shutdown stays within its grace period; the job is tried again later. */
static int abort_on_shutdown(void *arg, curl_off_t dltotal, curl_off_t dlnow,
                             curl_off_t ultotal, curl_off_t ulnow)
{
	return jobs_stopping() ? 1 : 0;
}

/* Writes "<addr>" into out; false when it does not fit. */
static bool angle(char *out, size_t outlen, const char *addr)
{
	int n = snprintf(out, outlen, "<%s>", addr);
	return n > 0 && (size_t)n < outlen;
}

/* Sends one formatted message to one recipient. 0, or -1 with libcurl's
 * reason in err: it names neither the recipient nor the login. */
static int smtp_send(const char *to, const char *msg, size_t len, char *err, size_t errlen)
{
	int ret = -1;
	CURL *curl = curl_easy_init();
	struct curl_slist *rcpt = NULL;
	char url[320], from[MAIL_MAX_ADDRESS + 3], rcpt_to[MAIL_MAX_ADDRESS + 3];
	char curl_err[CURL_ERROR_SIZE] = "";
	struct upload up = { msg, len };

	if (curl == NULL) {
		snprintf(err, errlen, "libcurl could not start a transfer");
		goto done;
	}
	bool bare_ipv6 = strchr(mail.host, ':') != NULL && mail.host[0] != '[';
	snprintf(url, sizeof(url), "%s://%s%s%s:%u",
	         mail.tls == SMTP_TLS_IMPLICIT ? "smtps" : "smtp", bare_ipv6 ? "[" : "", mail.host,
	         bare_ipv6 ? "]" : "", mail.port);
	if (!angle(from, sizeof(from), mail.from) || !angle(rcpt_to, sizeof(rcpt_to), to) ||
	    (rcpt = curl_slist_append(NULL, rcpt_to)) == NULL) {
		snprintf(err, errlen, "out of memory preparing the SMTP transfer");
		goto done;
	}
	curl_easy_setopt(curl, CURLOPT_URL, url);
#if LIBCURL_VERSION_NUM >= 0x075500 /* 7.85 */
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#else
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS, (long)(CURLPROTO_SMTP | CURLPROTO_SMTPS));
#endif
	curl_easy_setopt(curl, CURLOPT_USE_SSL,
	                 (long)(mail.tls == SMTP_TLS_NONE ? CURLUSESSL_NONE : CURLUSESSL_ALL));
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
	if (mail.user != NULL) {
		curl_easy_setopt(curl, CURLOPT_USERNAME, mail.user);
		curl_easy_setopt(curl, CURLOPT_PASSWORD, mail.password ? mail.password : "");
	}
	curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(curl, CURLOPT_READFUNCTION, upload_read);
	curl_easy_setopt(curl, CURLOPT_READDATA, &up);
	curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L); /* worker threads: no SIGALRM */
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, SEND_TIMEOUT);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_err);
	curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, abort_on_shutdown);
	curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);

	CURLcode rc = curl_easy_perform(curl);
	if (rc != CURLE_OK) {
		long code = 0;
		curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
		const char *why = curl_err[0] != '\0' ? curl_err : curl_easy_strerror(rc);
		/* libcurl's messages name codes, not data; make sure of it. */
		if (strstr(why, to) != NULL || (mail.user && strstr(why, mail.user) != NULL) ||
		    (mail.password && mail.password[0] && strstr(why, mail.password) != NULL))
			why = curl_easy_strerror(rc);
		size_t n = strcspn(why, "\r\n");
		if (code > 0)
			snprintf(err, errlen, "%.*s (SMTP server answered %ld)", (int)n, why, code);
		else
			snprintf(err, errlen, "%.*s", (int)n, why);
		goto done;
	}
	ret = 0;
done:
	curl_slist_free_all(rcpt);
	if (curl != NULL)
		curl_easy_cleanup(curl);
	return ret;
}

/* Development without an SMTP host: the message goes to the log, one line
 * per line of the body so that links in it stay whole and clickable. */
static void log_message(const char *to, const char *subject, const char *body)
{
	log_info("mail (no SMTP server configured, development only): To: %s Subject: %s", to,
	         subject);
	const char *p = body;
	while (*p != '\0') {
		size_t n = strcspn(p, "\r\n");
		log_info("mail | %.*s", (int)n, p);
		p += n;
		if (*p == '\r')
			p++;
		if (*p == '\n')
			p++;
	}
}

/* Formats and sends (or, in development, logs) one message. */
static int deliver(const char *to, const char *subject, const char *body, const mail_attachment *files,
                   size_t nfiles, const char *message_id, char *err, size_t errlen)
{
	if (!address_ok(to) || !subject_ok(subject) || !body_ok(body)) {
		snprintf(err, errlen, "the address, subject or body is not usable");
		return -1;
	}
	if (mail.host == NULL) {
		log_message(to, subject, body);
		return 0;
	}
	char id[MAIL_MAX_MESSAGE_ID + 1];
	if (message_id == NULL || !message_id_ok(message_id)) {
		new_message_id(id, sizeof(id));
		message_id = id;
	}
	buf msg;
	buf_init(&msg, MAIL_MAX_MESSAGE);
	int ret = -1;
	if (mail_format_attached(&msg, mail.from, to, subject, body, files, nfiles, (int64_t)time(NULL), message_id) != 0)
		snprintf(err, errlen, "the message could not be formatted");
	else
		ret = smtp_send(to, msg.data, msg.len, err, errlen);
	if (msg.data != NULL)
		sodium_memzero(msg.data, msg.cap);
	buf_free(&msg);
	return ret;
}

/* The "mail.send" job: {"to", "subject", "body", "message_id"}. The
 * Message-ID is fixed when the mail is queued, so a retry after a send
 * whose success went unrecorded is recognisably the same message. */
static int send_job(db *c, json_t *payload, char *err, size_t errlen)
{
	const char *to = json_string_value(json_object_get(payload, "to"));
	const char *subject = json_string_value(json_object_get(payload, "subject"));
	const char *body = json_string_value(json_object_get(payload, "body"));
	const char *id = json_string_value(json_object_get(payload, "message_id"));
	if (to == NULL || subject == NULL || body == NULL) {
		snprintf(err, errlen, "payload lacks to, subject or body");
		return -1;
	}
	json_t *list = json_object_get(payload, "attachments");
	size_t n = json_array_size(list), i;
	mail_attachment files[MAIL_MAX_FILES] = { 0 };
	int ret = 0;
	json_t *f;
	json_array_foreach(list, i, f)
	{
		const char *b64 = json_string_value(json_object_get(f, "data"));
		size_t cap = b64 ? strlen(b64) / 4 * 3 + 3 : 0, len = 0;
		unsigned char *bytes = cap ? malloc(cap) : NULL;
		if (i == MAIL_MAX_FILES || bytes == NULL ||
		    sodium_base642bin(bytes, cap, b64, strlen(b64), NULL, &len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0) {
			free(bytes);
			snprintf(err, errlen, "attachment %zu is unreadable", i);
			ret = -1;
			n = i;
			break;
		}
		files[i] = (mail_attachment){ json_string_value(json_object_get(f, "name")),
		                              json_string_value(json_object_get(f, "mime")), bytes, len };
	}
	if (ret == 0)
		ret = deliver(to, subject, body, files, n, id, err, errlen);
	for (i = 0; i < n; i++)
		free((void *)files[i].data);
	return ret;
}

/* --- the API -------------------------------------------------------------- */

static void settings_free(void)
{
	if (mail.password != NULL)
		sodium_memzero(mail.password, strlen(mail.password));
	free(mail.host);
	free(mail.user);
	free(mail.password);
	free(mail.from);
	free(mail.domain);
	memset(&mail, 0, sizeof(mail));
}

/* strdup that keeps NULL as NULL; *ok turns false when memory runs out. */
static char *copy(const char *s, bool *ok)
{
	if (s == NULL)
		return NULL;
	char *p = strdup(s);
	if (p == NULL)
		*ok = false;
	return p;
}

/* The sender's domain when it can stand in a Message-ID, else "localhost". */
static const char *id_domain(const char *from)
{
	const char *d = strrchr(from, '@') + 1; /* address_ok: there is one */
	for (const char *p = d; *p != '\0'; p++) {
		bool ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		          (*p >= '0' && *p <= '9') || *p == '.' || *p == '-';
		if (!ok)
			return "localhost";
	}
	return d;
}

int mail_init(const struct config *cfg)
{
	settings_free();
	if (cfg->smtp_host != NULL && !host_ok(cfg->smtp_host)) {
		log_error(NULL, "mail: --smtp-host must be a host name or an IP address");
		return -1;
	}
	if (cfg->mail_from == NULL || !address_ok(cfg->mail_from)) {
		log_error(NULL, "mail: --mail-from must be one plain address (name@domain)");
		return -1;
	}
	bool ok = true;
	mail.host = copy(cfg->smtp_host, &ok);
	mail.tls = cfg->smtp_tls;
	mail.port = cfg->smtp_port ? cfg->smtp_port : cfg->smtp_tls == SMTP_TLS_IMPLICIT ? 465 : 587;
	mail.user = copy(cfg->smtp_user, &ok);
	mail.password = copy(cfg->smtp_password, &ok);
	mail.from = copy(cfg->mail_from, &ok);
	mail.domain = ok ? copy(id_domain(mail.from), &ok) : NULL;
	if (!ok || jobs_register("mail.send", send_job) != 0) {
		log_error(NULL, "mail: out of memory at start-up");
		settings_free();
		return -1;
	}
	static const char *const tls_names[] = { "STARTTLS", "no TLS", "TLS" };
	if (mail.host == NULL)
		log_info("mail: no SMTP server configured; messages are written to the log "
		         "(development only)");
	else
		log_info("mail: through %s:%u (%s)%s", mail.host, mail.port, tls_names[mail.tls],
		         mail.tls == SMTP_TLS_NONE && mail.user != NULL
		             ? "; warning: the SMTP login crosses the network unencrypted"
		             : "");
	return 0;
}

int mail_enqueue(db *c, const char *to, const char *subject, const char *body)
{
	return mail_enqueue_attached(c, to, subject, body, NULL, 0);
}

/* The files as [{name, mime, data}] with the bytes base64; NULL when one
 * is unusable or they are too large together. */
static json_t *attachments_json(const mail_attachment *files, size_t n)
{
	json_t *list = json_array();
	size_t total = 0;
	for (size_t i = 0; i < n && list != NULL; i++) {
		total += files[i].len;
		size_t cap = sodium_base64_ENCODED_LEN(files[i].len, sodium_base64_VARIANT_ORIGINAL);
		char *b64 = total <= MAIL_MAX_ATTACHED && mime_ok(files[i].mime) && files[i].name ? malloc(cap) : NULL;
		if (b64 == NULL || n > MAIL_MAX_FILES) {
			free(b64);
			json_decref(list);
			return NULL;
		}
		sodium_bin2base64(b64, cap, files[i].data, files[i].len, sodium_base64_VARIANT_ORIGINAL);
		json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "name", files[i].name, "mime", files[i].mime,
		                                      "data", b64));
		free(b64);
	}
	return list;
}

int mail_enqueue_attached(db *c, const char *to, const char *subject, const char *body,
                          const mail_attachment *files, size_t nfiles)
{
	if (to == NULL || subject == NULL || body == NULL || !address_ok(to) ||
	    !subject_ok(subject) || !body_ok(body))
		return DB_ERROR;
	char id[MAIL_MAX_MESSAGE_ID + 1];
	new_message_id(id, sizeof(id));
	json_t *list = nfiles ? attachments_json(files, nfiles) : NULL;
	if (nfiles && list == NULL)
		return DB_ERROR;
	json_t *payload = json_pack("{s:s, s:s, s:s, s:s, s:o*}", "to", to, "subject", subject, "body",
	                            body, "message_id", id, "attachments", list);
	if (payload == NULL)
		return DB_ERROR;
	return jobs_enqueue(c, "mail.send", payload, 0, NULL);
}

int mail_send_now(const char *to, const char *subject, const char *body, char *err,
                  size_t errlen)
{
	if (to == NULL || subject == NULL || body == NULL) {
		snprintf(err, errlen, "the address, subject or body is missing");
		return -1;
	}
	return deliver(to, subject, body, NULL, 0, NULL, err, errlen);
}
