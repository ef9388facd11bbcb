/*
 * log.h - one structured line per event, as text or JSON.
 *
 * Access lines carry time, request id, method, path, status, bytes and
 * microseconds. Never pass secrets or personal data to these functions:
 * paths are logged without their query string for that reason.
 */
#ifndef TERBUKA_LOG_H
#define TERBUKA_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum log_format { LOG_TEXT, LOG_JSON };

void log_set_format(enum log_format f);
/* "text" or "json"; false for anything else. */
bool log_parse_format(const char *s, enum log_format *out);

/* One access line (written to stdout). */
void log_access(const char *request_id, const char *method, const char *path,
                unsigned status, uint64_t bytes, uint64_t micros);
/* An error line (stderr); request_id may be NULL outside a request. */
void log_error(const char *request_id, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* An informational line (stderr): start-up, shutdown. */
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
