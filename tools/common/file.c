/*
 * file.c — see file.h. Both readers share one growth loop over a read
 * function: read(2) for plain files, gzread() (which also passes plain
 * files through) for possibly compressed ones.
 */
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* Read up to n bytes into buf: the count, 0 at the end, or -1 with *why set. */
typedef long (*read_fn)(void *source, uint8_t *buf, size_t n, const char **why);

static long read_plain(void *source, uint8_t *buf, size_t n, const char **why)
{
	for (;;) {
		ssize_t got = read(*(int *)source, buf, n);
		if (got >= 0)
			return (long)got;
		if (errno != EINTR) {
			*why = strerror(errno);
			return -1;
		}
	}
}

static long read_gzip(void *source, uint8_t *buf, size_t n, const char **why)
{
	gzFile gz = source;
	int zerr;
	int got = gzread(gz, buf, (unsigned)(n > 1u << 30 ? 1u << 30 : n));
	if (got > 0)
		return got;
	gzerror(gz, &zerr); /* its message dies with gz: keep our own words */
	if (got == 0 && zerr == Z_BUF_ERROR) {
		*why = "truncated gzip stream";
		return -1;
	}
	if (got == 0 && zerr == Z_OK)
		return 0;
	*why = zerr == Z_ERRNO       ? strerror(errno)
	       : zerr == Z_MEM_ERROR ? "out of memory"
				     : "corrupt gzip stream";
	return -1;
}

static uint8_t *read_all(read_fn fn, void *source, size_t *size, size_t limit, const char **why)
{
	size_t cap = 1 << 16, n = 0;
	uint8_t *buf = malloc(cap + 1);
	*why = buf ? NULL : "out of memory";
	while (buf && !*why) {
		long got = fn(source, buf + n, cap - n, why);
		if (got <= 0)
			break;
		n += (size_t)got;
		if (n > limit) {
			*why = "file too large";
		} else if (n == cap) {
			uint8_t *bigger = realloc(buf, 2 * cap + 1);
			if (bigger) {
				buf = bigger;
				cap *= 2;
			} else {
				*why = "out of memory";
			}
		}
	}
	if (*why) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*size = n;
	return buf;
}

static int open_input(const char *path, const char **why)
{
	int fd = strcmp(path, "-") == 0 ? dup(0) : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		*why = strerror(errno);
	return fd;
}

uint8_t *file_read(const char *path, size_t *size, size_t limit, const char **why)
{
	int fd = open_input(path, why);
	if (fd < 0)
		return NULL;
	uint8_t *data = read_all(read_plain, &fd, size, limit, why);
	close(fd);
	return data;
}

uint8_t *file_read_gunzip(const char *path, size_t *size, size_t limit, const char **why)
{
	int fd = open_input(path, why);
	if (fd < 0)
		return NULL;
	gzFile gz = gzdopen(fd, "rb");
	if (!gz) {
		close(fd);
		*why = "out of memory";
		return NULL;
	}
	uint8_t *data = read_all(read_gzip, gz, size, limit, why);
	gzclose(gz);
	return data;
}

int file_stage_open(const char *path, unsigned mode, char **tmp)
{
	size_t len = strlen(path);
	char *name = malloc(len + 8);
	if (!name)
		return -1;
	memcpy(name, path, len);
	memcpy(name + len, ".XXXXXX", 8);
	int fd = mkstemp(name);
	if (fd < 0 || fchmod(fd, (mode_t)mode) != 0) {
		if (fd >= 0)
			close(fd);
		free(name);
		return -1;
	}
	*tmp = name;
	return fd;
}

int file_write_all(int fd, const void *data, size_t size)
{
	const uint8_t *p = data;
	size_t done = 0;
	while (done < size) {
		ssize_t w = write(fd, p + done, size - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		done += (size_t)w;
	}
	return 0;
}

int file_stage(const char *path, const void *data, size_t size, unsigned mode, char **tmp)
{
	char *name;
	int fd = file_stage_open(path, mode, &name);
	if (fd < 0)
		return -1;
	int err = file_write_all(fd, data, size) == 0 && fsync(fd) == 0 ? 0 : -1;
	int saved = errno;
	if (close(fd) != 0)
		err = -1;
	if (err) {
		file_discard(name);
		errno = saved ? saved : EIO;
		return -1;
	}
	*tmp = name;
	return 0;
}

int file_commit(char *tmp, const char *path)
{
	int err = rename(tmp, path);
	if (err) {
		int saved = errno;
		file_discard(tmp);
		errno = saved;
		return -1;
	}
	free(tmp);
	return 0;
}

void file_discard(char *tmp)
{
	unlink(tmp);
	free(tmp);
}

int file_write(const char *path, const void *data, size_t size, unsigned mode)
{
	char *tmp;
	return file_stage(path, data, size, mode, &tmp) ? -1 : file_commit(tmp, path);
}
