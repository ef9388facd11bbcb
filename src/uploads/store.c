/*
 * store.c - keeping uploaded files (see uploads.h): the uploads folder,
 * content-addressed paths, atomic writes, thumbnails and the `files` row.
 *
 * Layout: DIR/ab/<hash> for the bytes as uploaded and DIR/ab/<hash>-320.jpg,
 * DIR/ab/<hash>-960.jpg for an image's thumbnails, where ab are the first
 * two hex digits of the hash (256 folders, so none grows huge). Every file
 * is written to a temporary file in its own folder, flushed, and renamed
 * into place without replacing one already there: a name, once it exists,
 * always holds its complete bytes, and the same upload twice is stored once.
 * What the bytes are is decided in check.c.
 */
#include "uploads/uploads.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/log.h"
#include "uploads/uploads_int.h"

#define DEFAULT_MAX (10u * 1024 * 1024)

static char folder[3000];
static size_t max_bytes = DEFAULT_MAX;
/* One image decoded at a time per process: at the pixel limit a decode
 * holds a few hundred MB (gd's 4 bytes a pixel, plus the decoder's own
 * rows or coefficients); uploads are rare enough that waiting is cheap. */
static pthread_mutex_t decode_lock = PTHREAD_MUTEX_INITIALIZER;

size_t uploads_max(void)
{
	return max_bytes;
}

/* mkdir -p, 0750. */
static int make_dirs(const char *path)
{
	char p[sizeof(folder)];
	size_t n = strlen(path);
	if (n == 0 || n >= sizeof(p)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(p, path, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (p[i] != '/' && p[i] != '\0')
			continue;
		char c = p[i];
		p[i] = '\0';
		if (mkdir(p, 0750) != 0 && errno != EEXIST)
			return -1;
		p[i] = c;
	}
	struct stat st;
	if (stat(path, &st) != 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

int uploads_init(const struct config *cfg, char *err, size_t errlen)
{
	const char *dir = cfg->uploads != NULL ? cfg->uploads : "var/uploads";
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n == 0 || n >= sizeof(folder) - 100) {
		snprintf(err, errlen, "uploads folder: empty or too long a path");
		return -1;
	}
	memcpy(folder, dir, n);
	folder[n] = '\0';
	max_bytes = cfg->max_upload > 0 ? cfg->max_upload : DEFAULT_MAX;
	if (make_dirs(folder) != 0) {
		snprintf(err, errlen, "cannot create the uploads folder %s: %s", folder, strerror(errno));
		return -1;
	}
	if (access(folder, W_OK | X_OK) != 0) {
		snprintf(err, errlen, "the uploads folder %s is not writable: %s", folder,
		         strerror(errno));
		return -1;
	}
	return upload_magic_open(err, errlen);
}

void uploads_free(void)
{
	upload_magic_close();
}

bool upload_path(char *out, size_t outlen, const char *hash, int thumb_width)
{
	int n = thumb_width > 0
	        ? snprintf(out, outlen, "%s/%.2s/%s-%d.jpg", folder, hash, hash, thumb_width)
	        : snprintf(out, outlen, "%s/%.2s/%s", folder, hash, hash);
	return n > 0 && (size_t)n < outlen;
}

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Writes n bytes as path, atomically (see the top of the file); a file
 * already there is kept. 0, or -1 (logged). */
static int write_atomic(const char *path, const void *data, size_t n)
{
	char dir[sizeof(folder) + 8], tmp[sizeof(folder) + 32];
	const char *slash = strrchr(path, '/');
	int fd = -1, rc = -1;
	bool made = false; /* tmp exists and is to be removed on failure */
	const char *what = "create";
	if (exists(path))
		return 0;
	snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	snprintf(tmp, sizeof(tmp), "%s/.tmp-XXXXXX", dir);
	if ((fd = mkstemp(tmp)) < 0)
		goto done;
	made = true;
	what = "write";
	if (fchmod(fd, 0640) != 0)
		goto done;
	for (size_t off = 0; off < n;) {
		ssize_t w = write(fd, (const char *)data + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			goto done;
		off += (size_t)w;
	}
	what = "flush";
	if (fsync(fd) != 0)
		goto done;
	int closed = close(fd);
	fd = -1;
	if (closed != 0)
		goto done;
	what = "rename";
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) != 0) {
		if (errno == EEXIST) { /* the same bytes arrived at once twice */
			rc = 0;
			goto done;
		}
		/* file systems without RENAME_NOREPLACE: replacing equal bytes is harmless */
		if ((errno != EINVAL && errno != ENOSYS) || rename(tmp, path) != 0)
			goto done;
	}
	made = false;
	/* the new name itself is on disk once its folder is flushed */
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	rc = 0;
done:
	if (rc != 0)
		log_error(NULL, "uploads: cannot %s %s: %s", what, path, strerror(errno));
	if (fd >= 0)
		close(fd);
	if (made)
		unlink(tmp);
	return rc;
}

/* Encodes t as JPEG into path (unless it is there). 0, or -1 (logged). */
static int write_thumbnail(gdImagePtr t, const char *path, const char *hash)
{
	size_t len = 0;
	unsigned char *jpeg = t != NULL ? upload_jpeg(t, &len) : NULL;
	if (jpeg == NULL) {
		log_error(NULL, "uploads: out of memory making a thumbnail of %s", hash);
		return -1;
	}
	int rc = write_atomic(path, jpeg, len);
	free(jpeg);
	return rc;
}

/* The thumbnails of an image, unless both are there. The small one is made
 * from the large one (already upright), not from the whole picture again:
 * resampling a 40 MP picture takes most of a second. 0, or -1 (logged). */
static int write_thumbnails(const struct upload_check *chk, const char *hash)
{
	char small[sizeof(folder) + 100], large[sizeof(folder) + 100];
	if (!upload_path(small, sizeof(small), hash, UPLOAD_THUMB_SMALL) ||
	    !upload_path(large, sizeof(large), hash, UPLOAD_THUMB_LARGE))
		return -1;
	if (exists(small) && exists(large))
		return 0;
	gdImagePtr l = upload_thumbnail(chk->im, chk->orientation, UPLOAD_THUMB_LARGE);
	gdImagePtr s = l != NULL ? upload_thumbnail(l, 1, UPLOAD_THUMB_SMALL) : NULL;
	int rc = write_thumbnail(l, large, hash) == 0 && write_thumbnail(s, small, hash) == 0 ? 0 : -1;
	if (l != NULL)
		gdImageDestroy(l);
	if (s != NULL)
		gdImageDestroy(s);
	return rc;
}

int uploads_store(db *c, const http_file *f, bool images_only, upload *out,
                  const char **error_key)
{
	struct upload_check chk;
	unsigned char h[32];
	char path[sizeof(folder) + 100];
	memset(out, 0, sizeof(*out));
	*error_key = NULL;
	if (f == NULL || f->len == 0) {
		*error_key = "upload.empty";
		return DB_DONE;
	}
	if (c == NULL)
		return DB_UNAVAILABLE;
	pthread_mutex_lock(&decode_lock);
	if (upload_inspect(f->data, f->len, max_bytes, UPLOAD_MAX_PIXELS, images_only, &chk,
	                   error_key) != 0) {
		pthread_mutex_unlock(&decode_lock);
		return DB_DONE;
	}
	crypto_generichash(h, sizeof(h), (const unsigned char *)f->data, f->len, NULL, 0);
	sodium_bin2hex(out->hash, sizeof(out->hash), h, sizeof(h));
	out->mime = chk.mime;
	out->size = f->len;
	out->image = chk.image;
	out->width = chk.width;
	out->height = chk.height;

	int rc = -1;
	if (upload_path(path, sizeof(path), out->hash, 0)) {
		char *slash = strrchr(path, '/');
		*slash = '\0';
		if (mkdir(path, 0750) != 0 && errno != EEXIST)
			log_error(NULL, "uploads: cannot create %s: %s", path, strerror(errno));
		else
			rc = 0;
		*slash = '/';
	}
	if (rc == 0 && chk.image)
		rc = write_thumbnails(&chk, out->hash);
	if (chk.im != NULL)
		gdImageDestroy(chk.im);
	pthread_mutex_unlock(&decode_lock);
	if (rc == 0)
		rc = write_atomic(path, f->data, f->len);
	if (rc != 0)
		return DB_ERROR;

	char now[CLOCK_ISO_LEN];
	clock_iso(now, clock_now());
	return db_exec(c,
	               "INSERT INTO files (hash, mime, size, width, height, created_at) "
	               "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING",
	               DB_ARGS(DB_TEXT(out->hash), DB_TEXT(out->mime), DB_INT(out->size),
	                       out->image ? DB_INT(out->width) : DB_NULL,
	                       out->image ? DB_INT(out->height) : DB_NULL, DB_TEXT(now)),
	               NULL);
}

const char *uploads_url(arena *a, const char *hash, const char *size)
{
	if (size == NULL || size[0] == '\0')
		return arena_printf(a, "/berkas/%s", hash);
	return arena_printf(a, "/berkas/%s/%s", hash, size);
}

bool uploads_decorate(arena *a, json_t *f)
{
	const char *hash = json_string_value(json_object_get(f, "hash"));
	const char *mime = json_string_value(json_object_get(f, "mime"));
	bool image = mime != NULL && strncmp(mime, "image/", 6) == 0;
	json_object_set_new(f, "url", json_string(uploads_url(a, hash, NULL)));
	json_object_set_new(f, "image", json_boolean(image));
	if (image)
		json_object_set_new(f, "thumb", json_string(uploads_url(a, hash, "kecil")));
	json_object_set_new(f, "size_label", json_string(arena_printf(a, "%lld KB",
		(long long)(json_integer_value(json_object_get(f, "size")) + 1023) / 1024)));
	return image;
}
