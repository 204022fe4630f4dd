/*
 * image.c — the host file as a SKYAIFS block device (pread, pwrite,
 * fdatasync), and the host environment (see image.h).
 */
#include "skyaifs/image.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "common/file.h"

/* Move a batch, one system call per run of consecutive blocks. */
static int image_dev_io(struct image *img, const struct skyaifs_io *io, size_t n, bool write)
{
	struct iovec iov[64];
	for (size_t i = 0; i < n;) {
		size_t run = 0;
		while (i + run < n && run < 64 && io[i + run].block == io[i].block + run) {
			if (io[i + run].block >= img->dev.blocks)
				return SKYAIFS_EIO;
			iov[run] = (struct iovec){ io[i + run].buf, SKYAIFS_BLOCK_SIZE };
			run++;
		}
		off_t at = (off_t)(io[i].block * SKYAIFS_BLOCK_SIZE);
		ssize_t want = (ssize_t)(run * SKYAIFS_BLOCK_SIZE);
		ssize_t done = write ? pwritev(img->fd, iov, (int)run, at)
				     : preadv(img->fd, iov, (int)run, at);
		if (done != want)
			return write && done < 0 && errno == ENOSPC ? SKYAIFS_ENOSPC : SKYAIFS_EIO;
		i += run;
	}
	return 0;
}

static int image_dev_read(void *ctx, const struct skyaifs_io *io, size_t n)
{
	return image_dev_io(ctx, io, n, false);
}

static int image_dev_write(void *ctx, const struct skyaifs_io *io, size_t n)
{
	return image_dev_io(ctx, io, n, true);
}

static int image_dev_flush(void *ctx)
{
	struct image *img = ctx;
	return fdatasync(img->fd) == 0 ? 0 : SKYAIFS_EIO;
}

static int host_random(void *buf, size_t n)
{
	uint8_t *p = buf;
	while (n > 0) {
		ssize_t got = getrandom(p, n, 0);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return SKYAIFS_EIO;
		}
		p += got;
		n -= (size_t)got;
	}
	return 0;
}

static int64_t host_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

const struct skyaifs_env image_env = {
	.alloc = malloc,
	.free = free,
	.random = host_random,
	.now_ns = host_now_ns,
};

int image_open(struct image *img, const char *path, bool writable, uint64_t create_size,
	       const char **why)
{
	int flags = writable ? O_RDWR : O_RDONLY;
	if (create_size)
		flags |= O_CREAT;
	img->fd = open(path, flags | O_CLOEXEC, 0644);
	if (img->fd < 0) {
		*why = strerror(errno);
		return -1;
	}
	if (flock(img->fd, (writable ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0) {
		*why = errno == EWOULDBLOCK ? "in use by another program (mounted?)"
					    : strerror(errno);
		goto out_close;
	}
	if (create_size && ftruncate(img->fd, (off_t)create_size) != 0) {
		*why = strerror(errno);
		goto out_close;
	}
	struct stat st;
	if (fstat(img->fd, &st) != 0) {
		*why = strerror(errno);
		goto out_close;
	}
	img->bytes = (uint64_t)st.st_size;
	img->dev = (struct skyaifs_device){
		.ctx = img,
		.blocks = img->bytes / SKYAIFS_BLOCK_SIZE,
		.read = image_dev_read,
		.write = image_dev_write,
		.flush = image_dev_flush,
	};
	return 0;
out_close:
	close(img->fd);
	img->fd = -1;
	return -1;
}

void image_close(struct image *img)
{
	if (img->fd >= 0)
		close(img->fd);
	img->fd = -1;
}

int image_parse_size(const char *text, uint64_t *bytes)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(text, &end, 10);
	if (errno != 0 || end == text || text[0] == '-')
		return -1;
	unsigned shift = 0;
	switch (*end) {
	case 'K':
	case 'k':
		shift = 10;
		end++;
		break;
	case 'M':
	case 'm':
		shift = 20;
		end++;
		break;
	case 'G':
	case 'g':
		shift = 30;
		end++;
		break;
	case 'T':
	case 't':
		shift = 40;
		end++;
		break;
	default:
		break;
	}
	if (*end != '\0' || (shift && v > (UINT64_MAX >> shift)))
		return -1;
	*bytes = (uint64_t)v << shift;
	return 0;
}

uint8_t *image_read_key(const char *path, size_t *len, const char **why)
{
	uint8_t *key = file_read(path, len, 4096, why);
	if (!key)
		return NULL;
	if (*len > 0 && key[*len - 1] == '\n')
		(*len)--;
	if (*len == 0) {
		free(key);
		*why = "the key file is empty";
		return NULL;
	}
	return key;
}
