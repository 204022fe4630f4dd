/*
 * skyaifs.h — the SKYAIFS filesystem core: the public interface of
 * lib/skyaifs. The library knows nothing of where blocks come from (a
 * struct skyaifs_device of batched read / write / flush callbacks) nor of
 * memory and time (a struct skyaifs_env), so the same code runs in the
 * SKYAIFS server on Skyscope and in the host tools (mkfs, fsck, FUSE).
 *
 * The interface is by inode number, like a FUSE low-level file system;
 * views (view.c) add path resolution that cannot leave a chosen directory.
 * Every call returns 0 (or a byte count) on success and a negative error
 * from the SKYAIFS_E* list on failure; a failed call changes nothing.
 *
 * Not thread-safe: one caller at a time per mounted volume (the server and
 * the FUSE daemon serialise their requests).
 *
 * The on-disk format is in format.h and docs/skyaifs.md.
 */
#ifndef SKYAIFS_H
#define SKYAIFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SKYAIFS_BLOCK_SIZE      4096u
#define SKYAIFS_NAME_MAX        255u
#define SKYAIFS_SYMLINK_MAX     4095u
#define SKYAIFS_XATTR_NAME_MAX  255u
#define SKYAIFS_XATTR_VALUE_MAX 1536u        /* name and value share one leaf item */
#define SKYAIFS_FILE_SIZE_MAX   (1ull << 44) /* 16 TiB: sparse files of 2^40 bytes and more */
#define SKYAIFS_ROOT_INO        1u
#define SKYAIFS_VOLUME_NAME_MAX 63u

/* Errors: the Linux errno values, negated, so a POSIX front end passes them on as they are. */
enum {
	SKYAIFS_EPERM = -1,
	SKYAIFS_ENOENT = -2,
	SKYAIFS_EIO = -5, /* the device failed, or a block failed its checksum: never wrong data */
	SKYAIFS_ENOMEM = -12, /* the environment's allocator refused */
	SKYAIFS_EACCES = -13, /* wrong passphrase or key file */
	SKYAIFS_EBUSY = -16,
	SKYAIFS_EEXIST = -17,
	SKYAIFS_EXDEV = -18,
	SKYAIFS_ENOTDIR = -20,
	SKYAIFS_EISDIR = -21,
	SKYAIFS_EINVAL = -22,
	SKYAIFS_EFBIG = -27,
	SKYAIFS_ENOSPC = -28,
	SKYAIFS_EROFS = -30,
	SKYAIFS_EMLINK = -31,
	SKYAIFS_ERANGE = -34,
	SKYAIFS_ENAMETOOLONG = -36,
	SKYAIFS_ENOTEMPTY = -39,
	SKYAIFS_ELOOP = -40,
	SKYAIFS_ENODATA = -61, /* no such extended attribute */
	SKYAIFS_EOVERFLOW = -75,
	SKYAIFS_E2BIG = -7,
	SKYAIFS_EMEDIUMTYPE = -124, /* not a SKYAIFS image, or a version we do not know */
	SKYAIFS_EUCLEAN =
		-117, /* the structure is damaged (checksums good, contents inconsistent) */
};

/* Human-readable meaning of an error code. */
const char *skyaifs_strerror(int err);

/* ---- what the library runs over ------------------------------------------- */

/* One block transfer of a batch: SKYAIFS_BLOCK_SIZE bytes at block `block`. */
struct skyaifs_io {
	uint64_t block;
	void *buf;
};

/* A block device. `read` and `write` move a batch of blocks (in any order;
 * write completion says nothing about durability); `flush` returns once every
 * write completed before it is durable. Each returns 0 or a negative error. */
struct skyaifs_device {
	void *ctx;
	uint64_t blocks; /* device size in blocks */
	int (*read)(void *ctx, const struct skyaifs_io *io, size_t n);
	int (*write)(void *ctx, const struct skyaifs_io *io, size_t n);
	int (*flush)(void *ctx);
};

/* Memory, randomness and time. `random` fills with cryptographically strong bytes (0, or negative
 * on failure). `now_ns` is wall-clock time in nanoseconds since 1970. */
struct skyaifs_env {
	void *(*alloc)(size_t n);
	void (*free)(void *p);
	int (*random)(void *buf, size_t n);
	int64_t (*now_ns)(void);
};

/* ---- volumes ---------------------------------------------------------------- */

struct skyaifs_format_options {
	const uint8_t *key; /* passphrase or key material: encrypt the volume; NULL for none */
	size_t key_len;
	uint32_t kdf_iterations; /* 0: the default (SKYAIFS_KDF_ITERATIONS) */
};
#define SKYAIFS_KDF_ITERATIONS 200000u

/* Write a new empty volume (one subvolume, "main", holding an empty root directory). */
int skyaifs_format(const struct skyaifs_device *dev, const struct skyaifs_env *env,
		   const struct skyaifs_format_options *opt);

struct skyaifs;
#define SKYAIFS_MOUNT_RDONLY 1u

/* Mount: read the superblock, unlock with `key` if the volume is encrypted, and take the newest
 * intact commit. Fails with EMEDIUMTYPE (not SKYAIFS), EACCES (wrong key, an empty one included),
 * EINVAL (encrypted volume, no key given), EUCLEAN (damaged or truncated), EIO (no readable
 * commit). */
int skyaifs_mount(struct skyaifs **out, const struct skyaifs_device *dev,
		  const struct skyaifs_env *env, const uint8_t *key, size_t key_len,
		  unsigned flags);
/* Commit what is pending and release everything. Returns the commit's result; `fs` is freed either
 * way. */
int skyaifs_unmount(struct skyaifs *fs);
/* Make every change made so far durable (one atomic commit). */
int skyaifs_sync(struct skyaifs *fs);

struct skyaifs_statfs {
	uint64_t blocks;       /* blocks of the device */
	uint64_t blocks_free;  /* blocks that writes may use now */
	uint64_t blocks_avail; /* ... of those, what file writes may use (a reserve keeps deletes
				  possible) */
	uint64_t files;        /* inodes in use in the mounted subvolume */
	uint64_t commit;       /* number of the last commit (transaction group) */
	bool encrypted;
};
int skyaifs_statfs(struct skyaifs *fs, struct skyaifs_statfs *out);

/* ---- subvolumes, snapshots and clones ----------------------------------- */

/* A subvolume is a named tree of files. "main" is made by format. A snapshot
 * is a read-only, a clone a writable subvolume sharing every block with its
 * source until one side changes it; both are made in constant time. Made from
 * a directory rather than the source's root, the new subvolume's root is that
 * directory. */
struct skyaifs_vol;
int skyaifs_vol_open(struct skyaifs *fs, const char *name, struct skyaifs_vol **out);
void skyaifs_vol_close(struct skyaifs_vol *vol);
int skyaifs_vol_create_from(struct skyaifs *fs, const char *source, uint64_t dir_ino,
			    const char *name, bool writable);
int skyaifs_vol_delete(struct skyaifs *fs, const char *name);
struct skyaifs_vol_info {
	char name[SKYAIFS_VOLUME_NAME_MAX + 1];
	uint64_t id, root_ino, created_commit;
	bool writable;
};
/* Call `fn` for each subvolume; stops early when it returns non-zero. */
int skyaifs_vol_list(struct skyaifs *fs, int (*fn)(void *ctx, const struct skyaifs_vol_info *info),
		     void *ctx);
uint64_t skyaifs_vol_root(const struct skyaifs_vol *vol);

/* ---- inodes ------------------------------------------------------------------ */

struct skyaifs_time {
	int64_t sec;
	uint32_t nsec;
};

struct skyaifs_stat {
	uint64_t ino;
	uint32_t mode; /* type and permission bits, as POSIX S_IF* and 07777 */
	uint32_t nlink;
	uint32_t uid, gid;
	uint64_t size;
	uint64_t blocks; /* 512-byte units of data allocated */
	uint64_t rdev;
	struct skyaifs_time atime, mtime, ctime, btime;
};

#define SKYAIFS_S_IFMT   0170000u
#define SKYAIFS_S_IFDIR  0040000u
#define SKYAIFS_S_IFREG  0100000u
#define SKYAIFS_S_IFLNK  0120000u
#define SKYAIFS_S_IFIFO  0010000u
#define SKYAIFS_S_IFCHR  0020000u
#define SKYAIFS_S_IFBLK  0060000u
#define SKYAIFS_S_IFSOCK 0140000u

int skyaifs_getattr(struct skyaifs_vol *vol, uint64_t ino, struct skyaifs_stat *st);

/* What setattr changes: the fields named in `valid`. */
#define SKYAIFS_SET_MODE  1u
#define SKYAIFS_SET_UID   2u
#define SKYAIFS_SET_GID   4u
#define SKYAIFS_SET_SIZE  8u
#define SKYAIFS_SET_ATIME 16u
#define SKYAIFS_SET_MTIME 32u
#define SKYAIFS_SET_CTIME 64u
/* Change mode, owner, size (truncate or extend, sparse) or times; `st` gets the result (may be
 * NULL). Permission checks are the caller's (the FUSE daemon lets the kernel do them). ctime
 * follows every change unless SKYAIFS_SET_CTIME names it. */
int skyaifs_setattr(struct skyaifs_vol *vol, uint64_t ino, unsigned valid,
		    const struct skyaifs_stat *attr, struct skyaifs_stat *st);

/* Find `name` in directory `dir`. ENOENT if absent. */
int skyaifs_lookup(struct skyaifs_vol *vol, uint64_t dir, const char *name,
		   struct skyaifs_stat *st);

/* Make a node (regular file, FIFO, device, socket; not a directory or symlink) or a directory.
 * EEXIST if the name is taken. */
int skyaifs_mknod(struct skyaifs_vol *vol, uint64_t dir, const char *name, uint32_t mode,
		  uint64_t rdev, uint32_t uid, uint32_t gid, struct skyaifs_stat *st);
int skyaifs_mkdir(struct skyaifs_vol *vol, uint64_t dir, const char *name, uint32_t mode,
		  uint32_t uid, uint32_t gid, struct skyaifs_stat *st);
int skyaifs_symlink(struct skyaifs_vol *vol, uint64_t dir, const char *name, const char *target,
		    uint32_t uid, uint32_t gid, struct skyaifs_stat *st);
/* Copy a symlink's target into buf (not terminated); returns its length, ERANGE if buf is short. */
int skyaifs_readlink(struct skyaifs_vol *vol, uint64_t ino, char *buf, size_t size);
/* A new name for `ino` (not a directory: EPERM). */
int skyaifs_link(struct skyaifs_vol *vol, uint64_t ino, uint64_t dir, const char *name,
		 struct skyaifs_stat *st);
int skyaifs_unlink(struct skyaifs_vol *vol, uint64_t dir, const char *name);
int skyaifs_rmdir(struct skyaifs_vol *vol, uint64_t dir, const char *name);

#define SKYAIFS_RENAME_NOREPLACE 1u
#define SKYAIFS_RENAME_EXCHANGE  2u
/* Atomic rename, also over an existing target (which must be of the same kind; an empty directory
 * for a directory). EINVAL for a directory into its own subtree. */
int skyaifs_rename(struct skyaifs_vol *vol, uint64_t olddir, const char *oldname, uint64_t newdir,
		   const char *newname, unsigned flags);

/* Open-file references: an inode whose last name goes stays until its last reference does (and a
 * mount after a crash removes such orphans). */
int skyaifs_ref(struct skyaifs_vol *vol, uint64_t ino);
int skyaifs_unref(struct skyaifs_vol *vol, uint64_t ino);

/* ---- file contents ------------------------------------------------------------ */

/* Read up to `len` bytes at `off`; returns the count (short only at end of file). Holes read as
 * zeros. A block that fails its checksum gives EIO, never its contents. */
long skyaifs_read(struct skyaifs_vol *vol, uint64_t ino, uint64_t off, void *buf, size_t len);
/* Write `len` bytes at `off`, growing the file as needed; returns `len` or an error (ENOSPC, EFBIG)
 * having written nothing. */
long skyaifs_write(struct skyaifs_vol *vol, uint64_t ino, uint64_t off, const void *buf,
		   size_t len);
/* Watching overwrites (for the anomaly detector, anomaly.h): once per write call that replaces
 * existing content, `overwrite` sees up to 4 KiB of the new bytes and of the bytes they replace —
 * also when the file was truncated just before (open with O_TRUNC, then write). Runs inside
 * skyaifs_write, before the write; it must not call the library. */
struct skyaifs_watch {
	void (*overwrite)(void *ctx, uint64_t ino, const uint8_t *new_data, size_t new_len,
			  const uint8_t *old_data, size_t old_len);
	void *ctx;
};
void skyaifs_set_watch(struct skyaifs *fs, const struct skyaifs_watch *watch); /* NULL: stop */

/* The read-ahead agent's record: demand reads seen, blocks read ahead, and demand reads they
 * served. */
struct skyaifs_readahead_stats {
	uint64_t reads, predicted, hits;
};
void skyaifs_readahead_stats(struct skyaifs_vol *vol, struct skyaifs_readahead_stats *out);
/* fsync and fdatasync: both commit the whole volume (a SKYAIFS commit is atomic and cheap when
 * little changed); on return the file's data and metadata, and every change made before, are
 * durable. */
int skyaifs_fsync(struct skyaifs_vol *vol, uint64_t ino, bool datasync);

/* ---- directories --------------------------------------------------------------------- */

struct skyaifs_dirent {
	uint64_t ino;
	uint64_t next; /* cookie to continue after this entry */
	uint32_t type; /* S_IF* of the entry */
	uint16_t name_len;
	char name[SKYAIFS_NAME_MAX + 1];
};
/* Entries of `dir` from `cookie` on (0: the start; "." and ".." come first, cookies 1 and 2). `fn`
 * returns non-zero to stop; the entry it stopped on is not consumed (resume at its cookie). `fn`
 * must not change the volume. */
int skyaifs_readdir(struct skyaifs_vol *vol, uint64_t dir, uint64_t cookie,
		    int (*fn)(void *ctx, const struct skyaifs_dirent *e), void *ctx);

/* ---- extended attributes -------------------------------------------------------------- */

#define SKYAIFS_XATTR_CREATE  1u
#define SKYAIFS_XATTR_REPLACE 2u
int skyaifs_setxattr(struct skyaifs_vol *vol, uint64_t ino, const char *name, const void *value,
		     size_t size, unsigned flags);
/* Copy the value into buf; returns its size (size 0 asks only for it), ERANGE if buf is short,
 * ENODATA if absent. */
int skyaifs_getxattr(struct skyaifs_vol *vol, uint64_t ino, const char *name, void *buf,
		     size_t size);
/* Names, each NUL-terminated, as listxattr(2) returns them. */
int skyaifs_listxattr(struct skyaifs_vol *vol, uint64_t ino, char *buf, size_t size);
int skyaifs_removexattr(struct skyaifs_vol *vol, uint64_t ino, const char *name);

/* ---- views ------------------------------------------------------------------------------ */

/* Resolve `path` inside the view rooted at directory `root`, starting at `cwd` (relative paths) or
 * `root` (absolute ones). ".." at the root stays there and symbolic links are followed inside the
 * view (an absolute target starts at `root`), at most 40 of them (ELOOP). `follow_last` follows a
 * final symlink. A relative path from a `cwd` that is not inside the view (moved out of it) is
 * refused with EXDEV. */
int skyaifs_resolve(struct skyaifs_vol *vol, uint64_t root, uint64_t cwd, const char *path,
		    bool follow_last, uint64_t *ino);
/* The same up to the last component: *dir is its directory, `last` (SKYAIFS_NAME_MAX + 1 bytes) its
 * name ("." for a path that names the root itself). */
int skyaifs_resolve_parent(struct skyaifs_vol *vol, uint64_t root, uint64_t cwd, const char *path,
			   uint64_t *dir, char *last);

#endif
