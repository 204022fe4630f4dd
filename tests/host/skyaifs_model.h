/*
 * skyaifs_model.h — an in-memory model of a SKYAIFS directory tree (paths,
 * types, file contents shared between hard links, symlink targets), the
 * same description scanned from a mounted volume through the public API,
 * and their comparison: exact (diff, digest) or tolerant of errors (a read
 * may fail, but whatever it returns must be right).
 */
#ifndef TESTS_HOST_SKYAIFS_MODEL_H
#define TESTS_HOST_SKYAIFS_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "skyaifs/skyaifs.h"

/* A regular file's contents, shared by its hard links. */
struct mfile {
	unsigned refs;
	uint32_t nlink;
	uint64_t size;
	size_t cap;
	uint8_t *data;
};

struct mentry {
	char *path;      /* "a/b/c", relative to the root */
	uint32_t type;   /* SKYAIFS_S_IFREG, _IFDIR or _IFLNK */
	uint32_t perm;   /* mode & 07777 (files and directories) */
	struct mfile *f; /* regular files */
	char *target;    /* symlinks */
	uint64_t ino;    /* the library's inode (0: not known) */
	/* Scanned entries only: the first error reading the entry (0 none, 1 an inconsistency the
	 * API itself showed, e.g. a short read inside the file) and, per 4 KiB chunk of a file,
	 * whether its read failed. */
	int err;
	uint8_t *bad;
};

struct model {
	struct mentry *e;
	size_t n, cap;
};

void model_init(struct model *m);
void model_free(struct model *m);
/* A deep copy (hard links stay shared within the copy). */
void model_copy(struct model *dst, const struct model *src);

long model_find(const struct model *m, const char *path);
/* Add an entry; the path's parent must exist in the model (or be the root). */
struct mentry *model_add(struct model *m, const char *path, uint32_t type, uint32_t perm);
struct mfile *model_file(struct model *m, const char *path); /* NULL unless a regular file */
/* A hard link `to` of the file at `from`. */
void model_link(struct model *m, const char *from, const char *to);
/* Remove one entry (a file, symlink or empty directory). */
void model_remove(struct model *m, const char *path);
/* rename(2): `to` (if present) is replaced; a directory moves with its subtree. */
void model_rename(struct model *m, const char *from, const char *to);

void mfile_write(struct mfile *f, uint64_t off, const void *buf, size_t len);
void mfile_truncate(struct mfile *f, uint64_t size);

/* A digest of everything the model says (paths, types, permissions, sizes, contents, link
 * counts of files, symlink targets), independent of entry order. */
uint64_t model_digest(const struct model *m);

/* Scan the tree under directory `root` of `vol` into `out` (initialised here). With
 * `fine`, files are read 4 KiB at a time and a failing chunk is marked bad rather than the
 * whole file. Returns 0, or the error that stopped the scan at the root (reading the root
 * directory); errors below the root are kept in the entries. */
int model_scan(struct skyaifs_vol *vol, uint64_t root, bool fine, struct model *out);

/* Exact comparison: 0 if `got` says exactly what `want` does (any error in `got` is a
 * difference); otherwise 1 with the first difference described in why. */
int model_diff(const struct model *want, const struct model *got, char *why, size_t cap);

/* Tolerant comparison for damaged volumes: every entry of `got` read without error must match
 * `want`, every chunk read must hold the right bytes, and nothing may appear that `want` does
 * not have; an entry may be missing only if reading its directory failed. Returns 0 (never
 * wrong), or 1 with the first piece of wrong data described; counts the errors seen. */
int model_check_tolerant(const struct model *want, const struct model *got, char *why, size_t cap,
			 unsigned *errors);

#endif
