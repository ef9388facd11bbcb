/*
 * mail.h - outbound mail: queued by requests, sent by the jobs worker.
 *
 * A request never talks to the SMTP server: mail_enqueue() adds a
 * "mail.send" job in the caller's transaction, and a worker sends it with
 * libcurl, retrying with backoff when the server is slow or down. Without
 * an SMTP host the message is written to the log instead (development).
 */
#ifndef TERBUKA_MAIL_H
#define TERBUKA_MAIL_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/config.h"
#include "db/db.h"

#define MAIL_MAX_ADDRESS 254
#define MAIL_MAX_SUBJECT 200
#define MAIL_MAX_FILES 20                       /* attachments on one message */
#define MAIL_MAX_ATTACHED (10 * 1024 * 1024)    /* their bytes together */

/* A file sent with a message. name is reduced to ASCII letters, digits,
 * '.', '-' and '_' in the message; mime is a plain type ("application/pdf"). */
typedef struct mail_attachment {
	const char *name;
	const char *mime;
	const void *data;
	size_t len;
} mail_attachment;

/* Copies the mail settings of cfg and registers the "mail.send" job
 * handler. Call once at start-up, before the workers run. 0 or -1. */
int mail_init(const struct config *cfg);

/* Queues a plain-text UTF-8 message to one address. Returns a db status
 * (DB_OK), or DB_ERROR when an argument is unusable (CR/LF in the address
 * or the subject, an overlong address, invalid UTF-8). */
int mail_enqueue(db *c, const char *to, const char *subject, const char *body);

/* The same with files attached (multipart/mixed): at most MAIL_MAX_FILES,
 * MAIL_MAX_ATTACHED bytes together, carried base64 in the job's payload.
 * DB_ERROR as above, and when the files are too many or too large. */
int mail_enqueue_attached(db *c, const char *to, const char *subject, const char *body,
                          const mail_attachment *files, size_t nfiles);

/* Sends one message now, bypassing the queue (`terbuka mail test`).
 * 0, or -1 with the reason in err. */
int mail_send_now(const char *to, const char *subject, const char *body, char *err,
                  size_t errlen);

/* Writes the RFC 5322 message (headers and base64 body) into out: From,
 * To, Subject (RFC 2047 encoded when not plain ASCII), Date, Message-ID,
 * MIME headers. message_id is written inside angle brackets, so pass it
 * without them ("hex@domain"). The body is sent base64 with CRLF line
 * endings. 0, or -1 when an argument is unusable (as above). Pure. */
int mail_format(buf *out, const char *from, const char *to, const char *subject,
                const char *body, int64_t now, const char *message_id);
/* The same with files: a multipart/mixed message, the text first, then
 * each file base64 as an attachment. -1 also when the files are too large
 * together or a type is not a plain MIME type. */
int mail_format_attached(buf *out, const char *from, const char *to, const char *subject,
                         const char *body, const mail_attachment *files, size_t nfiles, int64_t now,
                         const char *message_id);

#endif
