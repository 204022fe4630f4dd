/*
 * file.h — whole-file reading and writing for the host tools. Reading
 * inflates gzip transparently (zlib reads plain files unchanged), so a tool
 * takes `x.json` and `x.json.gz` alike. Writing goes to a temporary file
 * renamed into place, so a failed write never leaves half a key or image.
 */
#ifndef TOOLS_COMMON_FILE_H
#define TOOLS_COMMON_FILE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Read `path` ("-" is stdin) whole, inflating gzip. Returns a malloc'd
 * buffer with a NUL after the last byte, or NULL with *why set (a static
 * message) when the file cannot be read or is larger than `limit` bytes.
 */
uint8_t *file_read(const char *path, size_t *size, size_t limit, const char **why);

/* Write `size` bytes to `path` atomically with permission bits `mode`. Returns 0 or -1 (errno set).
 */
int file_write(const char *path, const void *data, size_t size, unsigned mode);

#endif
