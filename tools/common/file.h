/*
 * file.h — whole-file reading and writing for the host tools. Files are
 * read as they are; only inputs that are meant to arrive compressed (ACVP
 * prompt files) go through file_read_gunzip. Writing goes to a temporary
 * file renamed into place, so a failed write never leaves half a key or
 * image; commands that write several files stage them all first.
 */
#ifndef TOOLS_COMMON_FILE_H
#define TOOLS_COMMON_FILE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Read `path` ("-" is stdin) whole, byte for byte. Returns a malloc'd
 * buffer with a NUL after the last byte, or NULL with *why set (a static
 * message) when the file cannot be read or is larger than `limit` bytes.
 */
uint8_t *file_read(const char *path, size_t *size, size_t limit, const char **why);

/* The same for a file that may be gzip-compressed (plain files pass through); `limit` bounds the
 * inflated size. */
uint8_t *file_read_gunzip(const char *path, size_t *size, size_t limit, const char **why);

/* Write `size` bytes to `path` atomically with permission bits `mode`. Returns 0 or -1 (errno set).
 */
int file_write(const char *path, const void *data, size_t size, unsigned mode);

/*
 * The two halves of file_write, for several files that must appear
 * together: file_stage writes a temporary file beside `path` and returns
 * its malloc'd name in *tmp; file_commit renames it into place (and frees
 * the name), file_discard removes it. 0 or -1 (errno set).
 */
int file_stage(const char *path, const void *data, size_t size, unsigned mode, char **tmp);
/*
 * A temporary file beside `path` to write piece by piece: returns its file
 * descriptor (the caller closes it) and its name in *tmp, for file_commit
 * or file_discard; -1 on failure.
 */
int file_stage_open(const char *path, unsigned mode, char **tmp);
/* Write all `size` bytes to fd (retrying short writes). 0 or -1 (errno set). */
int file_write_all(int fd, const void *data, size_t size);
int file_commit(char *tmp, const char *path);
void file_discard(char *tmp);

#endif
