/*
 * log.c - structured log lines (see log.h).
 *
 * Each line is formatted into a stack buffer and written with one write(2)
 * so lines from different threads never interleave.
 */
#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"

static enum log_format format = LOG_TEXT;

void log_set_format(enum log_format f)
{
	format = f;
}

bool log_parse_format(const char *s, enum log_format *out)
{
	if (strcmp(s, "text") == 0)
		*out = LOG_TEXT;
	else if (strcmp(s, "json") == 0)
		*out = LOG_JSON;
	else
		return false;
	return true;
}

static void timestamp(char *out, size_t n)
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	size_t len = strftime(out, n, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + len, n - len, ".%03ldZ", ts.tv_nsec / 1000000);
}

/* Appends s as a JSON string body (no quotes), escaping what JSON needs. */
static void json_escape(buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (char)c);
		} else if (c < 0x20) {
			buf_printf(b, "\\u%04x", c);
		} else {
			buf_putc(b, (char)c);
		}
	}
}

/* Text lines keep control characters out, so a path cannot forge a line. */
static void text_clean(buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f)
			buf_printf(b, "\\x%02x", c);
		else
			buf_putc(b, (char)c);
	}
}

static void emit(int fd, buf *b)
{
	if (buf_failed(b)) {
		static const char cut[] = " [truncated]";
		/* keep what fit; the buffer still holds a valid prefix */
		b->failed = false;
		b->len = b->len > sizeof(cut) ? b->len - sizeof(cut) : 0;
		buf_append(b, cut, sizeof(cut) - 1);
	}
	buf_putc(b, '\n');
	ssize_t ignored = write(fd, b->data, b->len);
	(void)ignored;
	buf_free(b);
}

void log_access(const char *request_id, const char *method, const char *path,
                unsigned status, uint64_t bytes, uint64_t micros)
{
	char ts[40];
	buf b;
	timestamp(ts, sizeof(ts));
	buf_init(&b, 4096);
	if (format == LOG_JSON) {
		buf_printf(&b, "{\"time\":\"%s\",\"level\":\"info\",\"request_id\":\"", ts);
		json_escape(&b, request_id);
		buf_puts(&b, "\",\"method\":\"");
		json_escape(&b, method);
		buf_puts(&b, "\",\"path\":\"");
		json_escape(&b, path);
		buf_printf(&b, "\",\"status\":%u,\"bytes\":%llu,\"us\":%llu}", status,
		           (unsigned long long)bytes, (unsigned long long)micros);
	} else {
		buf_printf(&b, "%s %s ", ts, request_id);
		text_clean(&b, method);
		buf_putc(&b, ' ');
		text_clean(&b, path);
		buf_printf(&b, " %u %llu %lluus", status, (unsigned long long)bytes,
		           (unsigned long long)micros);
	}
	emit(STDOUT_FILENO, &b);
}

__attribute__((format(printf, 3, 0)))
static void vlog(const char *level, const char *request_id, const char *fmt, va_list ap)
{
	char ts[40];
	char msg[2048];
	buf b;
	timestamp(ts, sizeof(ts));
	vsnprintf(msg, sizeof(msg), fmt, ap);
	buf_init(&b, 4096);
	if (format == LOG_JSON) {
		buf_printf(&b, "{\"time\":\"%s\",\"level\":\"%s\"", ts, level);
		if (request_id != NULL) {
			buf_puts(&b, ",\"request_id\":\"");
			json_escape(&b, request_id);
			buf_putc(&b, '"');
		}
		buf_puts(&b, ",\"msg\":\"");
		json_escape(&b, msg);
		buf_puts(&b, "\"}");
	} else {
		buf_printf(&b, "%s %s %s ", ts, request_id ? request_id : "-", level);
		text_clean(&b, msg);
	}
	emit(STDERR_FILENO, &b);
}

void log_error(const char *request_id, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog("error", request_id, fmt, ap);
	va_end(ap);
}

void log_info(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog("info", NULL, fmt, ap);
	va_end(ap);
}
