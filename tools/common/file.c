/*
 * file.c — see file.h. gzread() both inflates and passes plain files
 * through, so there is one read path.
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

uint8_t *file_read(const char *path, size_t *size, size_t limit, const char **why)
{
	int fd = strcmp(path, "-") == 0 ? dup(0) : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*why = strerror(errno);
		return NULL;
	}
	gzFile gz = gzdopen(fd, "rb");
	if (!gz) {
		close(fd);
		*why = "out of memory";
		return NULL;
	}
	size_t cap = 1 << 16, n = 0;
	uint8_t *buf = malloc(cap + 1);
	*why = NULL;
	while (buf) {
		int got = gzread(gz, buf + n, (unsigned)(cap - n));
		if (got < 0) {
			int zerr;
			const char *msg = gzerror(gz, &zerr);
			*why = zerr == Z_ERRNO ? strerror(errno) : msg;
			break;
		}
		n += (size_t)got;
		if (got == 0) {
			int zerr;
			gzerror(gz, &zerr);
			if (zerr == Z_BUF_ERROR)
				*why = "truncated gzip stream";
			break;
		}
		if (n > limit) {
			*why = "file too large";
			break;
		}
		if (n == cap) {
			uint8_t *bigger = realloc(buf, 2 * cap + 1);
			if (!bigger)
				break;
			buf = bigger;
			cap *= 2;
		}
	}
	gzclose(gz);
	if (!buf && !*why)
		*why = "out of memory";
	if (*why) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*size = n;
	return buf;
}

int file_write(const char *path, const void *data, size_t size, unsigned mode)
{
	size_t len = strlen(path);
	char *tmp = malloc(len + 8);
	if (!tmp)
		return -1;
	memcpy(tmp, path, len);
	memcpy(tmp + len, ".XXXXXX", 8);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		free(tmp);
		return -1;
	}
	const uint8_t *p = data;
	size_t done = 0;
	while (done < size) {
		ssize_t w = write(fd, p + done, size - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	int err = done == size && fchmod(fd, (mode_t)mode) == 0 && fsync(fd) == 0 ? 0 : -1;
	int saved = errno;
	if (close(fd) != 0)
		err = -1;
	if (err == 0 && rename(tmp, path) != 0)
		err = -1;
	if (err) {
		saved = errno ? errno : saved;
		unlink(tmp);
	}
	free(tmp);
	errno = saved;
	return err;
}
