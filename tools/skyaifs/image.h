/*
 * image.h — a SKYAIFS volume in a host file: the block device and the
 * environment lib/skyaifs runs over on Linux, shared by mkfs.skyaifs,
 * fsck.skyaifs, skyaifs-fuse and skyaifs-tool. An open image holds an
 * exclusive lock (flock) on its file, so a mounted image cannot be
 * repaired or changed by a second tool.
 */
#ifndef TOOLS_SKYAIFS_IMAGE_H
#define TOOLS_SKYAIFS_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "skyaifs/skyaifs.h"

struct image {
	int fd;
	struct skyaifs_device dev;
	uint64_t bytes; /* the file's size */
};

/* The environment of every host tool: malloc, getrandom, the real-time clock. */
extern const struct skyaifs_env image_env;

/* Open `path` read-write (or read-only) and lock it. Returns 0, or -1 with a message in *why
 * (EBUSY: "in use by another program (mounted?)"). `create_size` non-zero makes the file that large
 * first. */
int image_open(struct image *img, const char *path, bool writable, uint64_t create_size,
	       const char **why);
void image_close(struct image *img);

/* Parse a size such as 256M, 4G, 65536 or 512K (binary units). 0 on success. */
int image_parse_size(const char *text, uint64_t *bytes);

/* Read a key file (passphrase or key material, at most 4096 bytes; one trailing newline dropped).
 * Returns a malloc'd buffer or NULL with *why set. */
uint8_t *image_read_key(const char *path, size_t *len, const char **why);

#endif
