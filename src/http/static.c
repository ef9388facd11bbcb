/*
 * static.c - in-memory static files with ETag and precompression (see static.h).
 */
#include "http/static.h"

#include <brotli/encode.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define MAX_FILE (8u * 1024 * 1024)
#define MAX_FILES 2000

struct sfile {
	char *path;        /* "/static/css/site.css" */
	const char *mime;
	char etag[36];     /* "\"" + 32 hex + "\"" */
	char *data, *gz, *br;
	size_t len, gz_len, br_len;
};

static struct sfile *files;
static size_t nfiles;
static char version[17];

static const struct {
	const char *ext;
	const char *mime;
	bool compress;
} mimes[] = {
	{ ".css", "text/css; charset=utf-8", true },
	{ ".js", "text/javascript; charset=utf-8", true },
	{ ".json", "application/json; charset=utf-8", true },
	{ ".svg", "image/svg+xml", true },
	{ ".txt", "text/plain; charset=utf-8", true },
	{ ".html", "text/html; charset=utf-8", true },
	{ ".xml", "application/xml; charset=utf-8", true },
	{ ".webmanifest", "application/manifest+json", true },
	{ ".ico", "image/x-icon", true },
	{ ".png", "image/png", false },
	{ ".jpg", "image/jpeg", false },
	{ ".jpeg", "image/jpeg", false },
	{ ".webp", "image/webp", false },
	{ ".woff2", "font/woff2", false },
	{ ".pdf", "application/pdf", false },
};

static const char *mime_of(const char *name, bool *compress)
{
	const char *dot = strrchr(name, '.');
	*compress = false;
	if (dot != NULL) {
		for (size_t i = 0; i < sizeof(mimes) / sizeof(mimes[0]); i++) {
			if (strcasecmp(dot, mimes[i].ext) == 0) {
				*compress = mimes[i].compress;
				return mimes[i].mime;
			}
		}
	}
	return "application/octet-stream";
}

static void gzip_variant(struct sfile *f)
{
	z_stream z = { 0 };
	uLong bound = compressBound((uLong)f->len) + 32;
	char *out = malloc(bound);
	if (out == NULL || deflateInit2(&z, 9, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
		free(out);
		return;
	}
	z.next_in = (Bytef *)f->data;
	z.avail_in = (uInt)f->len;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)bound;
	if (deflate(&z, Z_FINISH) == Z_STREAM_END && z.total_out < f->len * 9 / 10) {
		f->gz = out;
		f->gz_len = z.total_out;
	} else {
		free(out);
	}
	deflateEnd(&z);
}

static void brotli_variant(struct sfile *f)
{
	size_t n = BrotliEncoderMaxCompressedSize(f->len);
	char *out = n ? malloc(n) : NULL;
	if (out == NULL)
		return;
	if (BrotliEncoderCompress(BROTLI_MAX_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT,
	                          f->len, (const uint8_t *)f->data, &n, (uint8_t *)out) &&
	    n < f->len * 9 / 10) {
		f->br = out;
		f->br_len = n;
	} else {
		free(out);
	}
}

static int read_file(const char *fs_path, struct sfile *f, char *err, size_t errlen)
{
	int fd = open(fs_path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || st.st_size > MAX_FILE) {
		snprintf(err, errlen, "%s: %s", fs_path, fd < 0 ? strerror(errno) : "too large");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	f->len = (size_t)st.st_size;
	f->data = malloc(f->len + 1);
	size_t got = 0;
	while (f->data != NULL && got < f->len) {
		ssize_t r = read(fd, f->data + got, f->len - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (f->data == NULL || got != f->len) {
		snprintf(err, errlen, "%s: cannot read", fs_path);
		return -1;
	}
	f->data[f->len] = '\0';
	return 0;
}

static int add_file(const char *fs_path, const char *url, char *err, size_t errlen)
{
	if (nfiles == MAX_FILES) {
		snprintf(err, errlen, "static: more than %u files", MAX_FILES);
		return -1;
	}
	struct sfile *f = &files[nfiles];
	memset(f, 0, sizeof(*f));
	if (read_file(fs_path, f, err, errlen) != 0)
		return -1;
	f->path = strdup(url);
	if (f->path == NULL)
		return -1;
	bool compress;
	f->mime = mime_of(url, &compress);
	unsigned char h[16];
	crypto_generichash(h, sizeof(h), (const unsigned char *)f->data, f->len, NULL, 0);
	f->etag[0] = '"';
	sodium_bin2hex(f->etag + 1, 33, h, sizeof(h));
	f->etag[33] = '"';
	f->etag[34] = '\0';
	if (compress && f->len > 256) {
		gzip_variant(f);
		brotli_variant(f);
	}
	nfiles++;
	return 0;
}

/* Walks dir; root is the real path of the top folder, which nothing may leave. */
static int walk(const char *root, const char *dir, const char *url, char *err, size_t errlen)
{
	DIR *d = opendir(dir);
	if (d == NULL) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	int ret = -1;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue; /* ., .., and hidden files are never served */
		char fs[PATH_MAX], sub[PATH_MAX], real[PATH_MAX];
		struct stat st;
		if ((size_t)snprintf(fs, sizeof(fs), "%s/%s", dir, e->d_name) >= sizeof(fs) ||
		    (size_t)snprintf(sub, sizeof(sub), "%s%s", url, e->d_name) >= sizeof(sub))
			continue;
		if (realpath(fs, real) == NULL || stat(real, &st) != 0)
			continue;
		size_t rn = strlen(root);
		if (strncmp(real, root, rn) != 0 || (real[rn] != '/' && real[rn] != '\0'))
			continue; /* a symlink out of the folder */
		if (S_ISDIR(st.st_mode)) {
			char subdir[PATH_MAX];
			if ((size_t)snprintf(subdir, sizeof(subdir), "%s/", sub) >= sizeof(subdir))
				continue;
			if (walk(root, fs, subdir, err, errlen) != 0)
				goto done;
		} else if (S_ISREG(st.st_mode)) {
			if (add_file(real, sub, err, errlen) != 0)
				goto done;
		}
	}
	ret = 0;
done:
	closedir(d);
	return ret;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct sfile *)a)->path, ((const struct sfile *)b)->path);
}

int static_load(const char *dir, const char *prefix, char *err, size_t errlen)
{
	char root[PATH_MAX];
	if (realpath(dir, root) == NULL) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	files = calloc(MAX_FILES, sizeof(*files));
	if (files == NULL)
		return -1;
	if (walk(root, root, prefix, err, errlen) != 0) {
		static_free();
		return -1;
	}
	qsort(files, nfiles, sizeof(*files), by_path);
	crypto_generichash_state st;
	unsigned char h[8];
	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	for (size_t i = 0; i < nfiles; i++)
		crypto_generichash_update(&st, (const unsigned char *)files[i].etag, 34);
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(version, sizeof(version), h, sizeof(h));
	return 0;
}

void static_free(void)
{
	for (size_t i = 0; i < nfiles; i++) {
		free(files[i].path);
		free(files[i].data);
		free(files[i].gz);
		free(files[i].br);
	}
	free(files);
	files = NULL;
	nfiles = 0;
}

const char *static_version(void)
{
	return version;
}

/* True when If-None-Match holds etag (or "*"). */
static bool etag_matches(const char *inm, const char *etag)
{
	if (inm == NULL)
		return false;
	if (strcmp(inm, "*") == 0)
		return true;
	return strstr(inm, etag) != NULL; /* etags are quoted hex: no false partial match */
}

bool static_serve(const request *req, const char *path, response *res)
{
	struct sfile key = { .path = (char *)path };
	struct sfile *f = files ? bsearch(&key, files, nfiles, sizeof(*files), by_path) : NULL;
	if (f == NULL)
		return false;
	response_header(res, "ETag", f->etag);
	response_header(res, "Cache-Control", "public, max-age=86400");
	response_header(res, "Vary", "Accept-Encoding");
	const char *ae = request_header(req, "Accept-Encoding");
	const char *body = f->data, *encoding = NULL;
	size_t len = f->len;
	if (ae != NULL && f->br != NULL && http_accepts_coding(ae, "br")) {
		body = f->br, len = f->br_len, encoding = "br";
	} else if (ae != NULL && f->gz != NULL && http_accepts_coding(ae, "gzip")) {
		body = f->gz, len = f->gz_len, encoding = "gzip";
	}
	if (etag_matches(request_header(req, "If-None-Match"), f->etag)) {
		/* MHD sends no body with a 304 but states its length (RFC 9110 8.6) */
		response_set_static(res, 304, NULL, body, len);
		return true;
	}
	response_set_static(res, 200, f->mime, body, len);
	if (encoding != NULL)
		response_header(res, "Content-Encoding", encoding);
	return true;
}
