/*
 * keyfile.c - see keyfile.h.
 */
#include "core/keyfile.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* mkdir -p of dir, each new level 0700. */
static int make_dir(const char *dir, char *err, size_t errlen)
{
	char path[4096];
	size_t n = strlen(dir);
	if (n == 0 || n >= sizeof(path)) {
		snprintf(err, errlen, "key folder: path empty or too long");
		return -1;
	}
	memcpy(path, dir, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		char keep = path[i];
		path[i] = '\0';
		if (mkdir(path, 0700) != 0 && errno != EEXIST) {
			snprintf(err, errlen, "key folder %s: %s", path, strerror(errno));
			return -1;
		}
		path[i] = keep;
	}
	return 0;
}

static int read_key(int fd, const char *path, unsigned char *key, size_t len, char *err, size_t errlen)
{
	struct stat st;
	if (fstat(fd, &st) != 0) {
		snprintf(err, errlen, "key file %s: %s", path, strerror(errno));
		return -1;
	}
	if ((st.st_mode & 077) != 0) {
		snprintf(err, errlen, "key file %s: others may read it; chmod 600 it", path);
		return -1;
	}
	if ((size_t)st.st_size != len) {
		snprintf(err, errlen, "key file %s: %lld bytes, not %zu: not a key of this kind", path,
		         (long long)st.st_size, len);
		return -1;
	}
	size_t got = 0;
	while (got < len) {
		ssize_t r = read(fd, key + got, len - got);
		if (r <= 0) {
			snprintf(err, errlen, "key file %s: %s", path, r < 0 ? strerror(errno) : "too short");
			return -1;
		}
		got += (size_t)r;
	}
	return 0;
}

/* Writes a new key at path; fails when another process made it first. */
static int write_key(const char *path, unsigned char *key, size_t len, char *err, size_t errlen)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno == EEXIST ? 1 : (snprintf(err, errlen, "key file %s: %s", path, strerror(errno)), -1);
	randombytes_buf(key, len);
	size_t put = 0;
	while (put < len) {
		ssize_t w = write(fd, key + put, len - put);
		if (w <= 0) {
			snprintf(err, errlen, "key file %s: %s", path, w < 0 ? strerror(errno) : "not written");
			close(fd);
			unlink(path);
			return -1;
		}
		put += (size_t)w;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		snprintf(err, errlen, "key file %s: %s", path, strerror(errno));
		unlink(path);
		return -1;
	}
	return 0;
}

int keyfile_load(const char *dir, const char *name, unsigned char *key, size_t len, bool *made,
                 char *err, size_t errlen)
{
	char path[4096];
	*made = false;
	if (make_dir(dir, err, errlen) != 0)
		return -1;
	int n = snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		snprintf(err, errlen, "key file: path too long");
		return -1;
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		int rc = write_key(path, key, len, err, errlen);
		if (rc <= 0) {
			*made = rc == 0;
			return rc;
		}
		fd = open(path, O_RDONLY | O_CLOEXEC); /* another process made it: read theirs */
	}
	if (fd < 0) {
		snprintf(err, errlen, "key file %s: %s", path, strerror(errno));
		return -1;
	}
	int rc = read_key(fd, path, key, len, err, errlen);
	close(fd);
	if (rc != 0)
		sodium_memzero(key, len);
	return rc;
}
