/*
 * posix_compare — the same file operations in two directories, compared:
 * every call's result (return value or errno) and the state it leaves (type,
 * mode, size, link count, owner, times set explicitly, link targets,
 * contents, directory listings) must be the same. Run against a tmpfs
 * directory and a SKYAIFS FUSE mount, it shows the filesystem behaves as
 * Linux's own does.
 *
 *   posix_compare REFERENCE_DIR TESTED_DIR
 *
 * Prints "PASS posix/NAME" or "FAIL posix/NAME: ..." per group of steps.
 * Extended attributes use the trusted.* namespace when run as root (tmpfs
 * on Linux 6.1 has no user.* attributes), else they are skipped, saying so.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

static int dirfd_of[2];
static const char *roots[2];
static int failures;
static char failure[4096];

/* A description of the state of path p in directory d, for comparison. */
static void describe(int d, const char *p, char *out, size_t cap)
{
	struct stat st;
	int fd = dirfd_of[d];
	if (fstatat(fd, p, &st, AT_SYMLINK_NOFOLLOW) != 0) {
		snprintf(out, cap, "%s: absent (%d)", p, errno);
		return;
	}
	int n = snprintf(out, cap, "%s: type %o mode %o nlink %lu uid %u gid %u", p,
			 st.st_mode & S_IFMT, st.st_mode & 07777, (unsigned long)st.st_nlink,
			 st.st_uid, st.st_gid);
	if (S_ISREG(st.st_mode)) {
		uint64_t h = 1469598103934665603ull;
		int f = openat(fd, p, O_RDONLY);
		char buf[4096];
		ssize_t got;
		while (f >= 0 && (got = read(f, buf, sizeof buf)) > 0)
			for (ssize_t i = 0; i < got; i++)
				h = (h ^ (uint8_t)buf[i]) * 1099511628211ull;
		if (f >= 0)
			close(f);
		n += snprintf(out + n, cap - (size_t)n, " size %lld content %016llx",
			      (long long)st.st_size, (unsigned long long)h);
	} else if (S_ISLNK(st.st_mode)) {
		char target[512] = "";
		ssize_t len = readlinkat(fd, p, target, sizeof target - 1);
		n += snprintf(out + n, cap - (size_t)n, " -> %.*s", (int)(len > 0 ? len : 0),
			      target);
	} else if (S_ISDIR(st.st_mode)) {
		int sub = openat(fd, p, O_RDONLY | O_DIRECTORY);
		DIR *dir = sub >= 0 ? fdopendir(sub) : NULL;
		char names[64][64];
		int count = 0;
		for (struct dirent *e; dir && (e = readdir(dir)) && count < 64;)
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
				snprintf(names[count++], 64, "%.63s", e->d_name);
		if (dir)
			closedir(dir);
		qsort(names, (size_t)count, 64, (int (*)(const void *, const void *))strcmp);
		n += snprintf(out + n, cap - (size_t)n, " entries");
		for (int i = 0; i < count && n < (int)cap - 70; i++)
			n += snprintf(out + n, cap - (size_t)n, " %s", names[i]);
	}
	if (st.st_mtim.tv_sec < 1000000000) /* times set explicitly by a step (small values) */
		snprintf(out + n, cap - (size_t)n, " mtime %lld.%09ld",
			 (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
}

static long run(int op, int d);

/* Run a step in both directories; compare results and the states of the paths it touches. */
static bool same(const char *name, int op, const char *const *paths)
{
	long r[2] = { run(op, 0), run(op, 1) };
	if (r[0] != r[1]) {
		snprintf(failure, sizeof failure, "%s: %ld (%s) in %s but %ld (%s) in %s", name,
			 r[0], r[0] < 0 ? strerror((int)-r[0]) : "ok", roots[0], r[1],
			 r[1] < 0 ? strerror((int)-r[1]) : "ok", roots[1]);
		return false;
	}
	for (int i = 0; paths && paths[i]; i++) {
		char a[1024], b[1024];
		describe(0, paths[i], a, sizeof a);
		describe(1, paths[i], b, sizeof b);
		if (strcmp(a, b) != 0) {
			snprintf(failure, sizeof failure, "%s: state differs: [%s] vs [%s]", name,
				 a, b);
			return false;
		}
	}
	return true;
}

static long write_file(int D, const char *p, const char *data, int flags)
{
	int f = openat(D, p, flags, 0644);
	if (f < 0)
		return -errno;
	long w = write(f, data, strlen(data));
	long e = w < 0 ? -errno : w;
	close(f);
	return e;
}

static long open_close(int D, const char *p, int flags, mode_t mode)
{
	int f = openat(D, p, flags, mode);
	if (f < 0)
		return -errno;
	close(f);
	return 0;
}

static long truncate_at(int D, const char *p, off_t size)
{
	int f = openat(D, p, O_WRONLY);
	if (f < 0)
		return -errno;
	long e = ftruncate(f, size) ? -errno : 0;
	close(f);
	return e;
}

static long set_times(int D, const char *p, long sec, int flags)
{
	struct timespec t[2] = { { sec, 5 }, { sec + 1, 123456789 } };
	return utimensat(D, p, t, flags) ? -errno : 0;
}

static long read_at(int D, const char *p, off_t at, size_t n)
{
	char buf[8192];
	int f = openat(D, p, O_RDONLY);
	if (f < 0)
		return -errno;
	ssize_t got = pread(f, buf, n < sizeof buf ? n : sizeof buf, at);
	long e = got < 0 ? -errno : got;
	close(f);
	for (ssize_t i = 0; i < got; i++)
		e = e * 31 + buf[i];
	return got < 0 ? e : (e & 0x7FFFFFFF);
}

static long write_at(int D, const char *p, off_t at, const char *data)
{
	int f = openat(D, p, O_WRONLY);
	if (f < 0)
		return -errno;
	ssize_t w = pwrite(f, data, strlen(data), at);
	long e = w < 0 ? -errno : w;
	close(f);
	return e;
}

static const char *xattr_ns = "trusted.";

static long xattr_op(int d, int what, const char *p, const char *name, const char *value, int flags)
{
	char path[4096], full[256], buf[4096];
	snprintf(path, sizeof path, "%s/%s", roots[d], p);
	snprintf(full, sizeof full, "%s%s", xattr_ns, name);
	ssize_t n;
	switch (what) {
	case 0:
		return lsetxattr(path, full, value, strlen(value), flags) ? -errno : 0;
	case 1:
		n = lgetxattr(path, full, buf, sizeof buf);
		return n < 0 ? -errno : (long)n * 1000 + (n > 0 ? buf[0] : 0);
	case 2:
		return lremovexattr(path, full) ? -errno : 0;
	default:
		n = llistxattr(path, buf, sizeof buf);
		if (n < 0)
			return -errno;
		long count = 0;
		for (ssize_t i = 0; i < n; i += (ssize_t)strlen(buf + i) + 1)
			count += strncmp(buf + i, xattr_ns, strlen(xattr_ns)) == 0;
		return count;
	}
}

enum {
	OP_CREATE,
	OP_CREATE_EXCL,
	OP_CREATE_MODE,
	OP_APPEND,
	OP_OVERWRITE,
	OP_TRUNC_OPEN,
	OP_OPEN_MISSING,
	OP_OPEN_DIR_WRITE,
	OP_GROW,
	OP_SHRINK,
	OP_SPARSE_WRITE,
	OP_READ_HOLE,
	OP_READ_PAST_END,
	OP_UNLINK,
	OP_UNLINK_MISSING,
	OP_UNLINK_DIR,
	OP_MKDIR,
	OP_MKDIR_EXISTS,
	OP_MKDIR_IN_FILE,
	OP_FILE_IN_DIR,
	OP_RMDIR_NOT_EMPTY,
	OP_RMDIR_FILE,
	OP_RMDIR,
	OP_RMDIR_MISSING,
	OP_RENAME,
	OP_RENAME_OVER_FILE,
	OP_RENAME_DIR,
	OP_RENAME_FILE_OVER_DIR,
	OP_RENAME_DIR_OVER_FILE,
	OP_RENAME_DIR_OVER_FULL_DIR,
	OP_RENAME_DIR_OVER_EMPTY_DIR,
	OP_RENAME_INTO_ITSELF,
	OP_RENAME_MISSING,
	OP_RENAME_NO_REPLACE,
	OP_LINK,
	OP_LINK_DIR,
	OP_LINK_EXISTS,
	OP_UNLINK_ONE_LINK,
	OP_SYMLINK,
	OP_SYMLINK_EXISTS,
	OP_READLINK_FILE,
	OP_OPEN_THROUGH_SYMLINK,
	OP_OPEN_NOFOLLOW,
	OP_DANGLING,
	OP_CHMOD,
	OP_CHMOD_SYMLINK_TARGET,
	OP_CHOWN,
	OP_TOUCH_TIMES,
	OP_TOUCH_SYMLINK_TIMES,
	OP_NAME_TOO_LONG,
	OP_NOT_A_DIR_PATH,
	OP_XATTR_SET,
	OP_XATTR_GET,
	OP_XATTR_CREATE_EXISTS,
	OP_XATTR_REPLACE_MISSING,
	OP_XATTR_REPLACE,
	OP_XATTR_LIST,
	OP_XATTR_REMOVE,
	OP_XATTR_GET_MISSING,
};

static long run(int op, int d)
{
	int D = dirfd_of[d];
	char longname[300];
	memset(longname, 'n', 299);
	longname[299] = 0;
	switch (op) {
	case OP_CREATE:
		return write_file(D, "a", "hello", O_CREAT | O_WRONLY);
	case OP_CREATE_EXCL:
		return open_close(D, "a", O_CREAT | O_EXCL | O_WRONLY, 0600);
	case OP_CREATE_MODE:
		return open_close(D, "m", O_CREAT | O_WRONLY, 0640);
	case OP_APPEND:
		return write_file(D, "a", " world", O_WRONLY | O_APPEND);
	case OP_OVERWRITE:
		return write_file(D, "a", "J", O_WRONLY);
	case OP_TRUNC_OPEN:
		return write_file(D, "a", "xyz", O_WRONLY | O_TRUNC);
	case OP_OPEN_MISSING:
		return open_close(D, "nope", O_RDONLY, 0);
	case OP_OPEN_DIR_WRITE:
		return open_close(D, ".", O_WRONLY, 0);
	case OP_GROW:
		return truncate_at(D, "a", 100000);
	case OP_SHRINK:
		return truncate_at(D, "a", 2);
	case OP_SPARSE_WRITE:
		return write_at(D, "m", 5 << 20, "far away");
	case OP_READ_HOLE:
		return read_at(D, "m", 4096, 4096);
	case OP_READ_PAST_END:
		return read_at(D, "m", 6 << 20, 100);
	case OP_UNLINK:
		return unlinkat(D, "m", 0) ? -errno : 0;
	case OP_UNLINK_MISSING:
		return unlinkat(D, "m", 0) ? -errno : 0;
	case OP_UNLINK_DIR:
		return unlinkat(D, "d", 0) ? -errno : 0;
	case OP_MKDIR:
		return mkdirat(D, "d", 0755) ? -errno : 0;
	case OP_MKDIR_EXISTS:
		return mkdirat(D, "d", 0755) ? -errno : 0;
	case OP_MKDIR_IN_FILE:
		return mkdirat(D, "a/x", 0755) ? -errno : 0;
	case OP_FILE_IN_DIR:
		return write_file(D, "d/f", "inside", O_CREAT | O_WRONLY);
	case OP_RMDIR_NOT_EMPTY:
		return unlinkat(D, "d", AT_REMOVEDIR) ? -errno : 0;
	case OP_RMDIR_FILE:
		return unlinkat(D, "a", AT_REMOVEDIR) ? -errno : 0;
	case OP_RMDIR:
		return mkdirat(D, "e", 0700) || unlinkat(D, "e", AT_REMOVEDIR) ? -errno : 0;
	case OP_RMDIR_MISSING:
		return unlinkat(D, "e", AT_REMOVEDIR) ? -errno : 0;
	case OP_RENAME:
		return renameat(D, "a", D, "b") ? -errno : 0;
	case OP_RENAME_OVER_FILE:
		return write_file(D, "c", "cc", O_CREAT | O_WRONLY) < 0 || renameat(D, "c", D, "b")
			       ? -errno
			       : 0;
	case OP_RENAME_DIR:
		return renameat(D, "d", D, "dd") ? -errno : 0;
	case OP_RENAME_FILE_OVER_DIR:
		return renameat(D, "b", D, "dd") ? -errno : 0;
	case OP_RENAME_DIR_OVER_FILE:
		return renameat(D, "dd", D, "b") ? -errno : 0;
	case OP_RENAME_DIR_OVER_FULL_DIR:
		return mkdirat(D, "f", 0755) || renameat(D, "f", D, "dd") ? -errno : 0;
	case OP_RENAME_DIR_OVER_EMPTY_DIR:
		return renameat(D, "dd", D, "f") ? -errno : 0;
	case OP_RENAME_INTO_ITSELF:
		return renameat(D, "f", D, "f/inner") ? -errno : 0;
	case OP_RENAME_MISSING:
		return renameat(D, "zz", D, "yy") ? -errno : 0;
	case OP_RENAME_NO_REPLACE:
		return write_file(D, "c", "c2", O_CREAT | O_WRONLY) < 0 ||
				       renameat2(D, "c", D, "b", RENAME_NOREPLACE)
			       ? -errno
			       : 0;
	case OP_LINK:
		return linkat(D, "b", D, "b2", 0) ? -errno : 0;
	case OP_LINK_DIR:
		return linkat(D, "f", D, "f2", 0) ? -errno : 0;
	case OP_LINK_EXISTS:
		return linkat(D, "b", D, "c", 0) ? -errno : 0;
	case OP_UNLINK_ONE_LINK:
		return unlinkat(D, "b", 0) ? -errno : 0;
	case OP_SYMLINK:
		return symlinkat("b2", D, "s") ? -errno : 0;
	case OP_SYMLINK_EXISTS:
		return symlinkat("x", D, "s") ? -errno : 0;
	case OP_READLINK_FILE: {
		char buf[64];
		return readlinkat(D, "b2", buf, sizeof buf) < 0 ? -errno : 0;
	}
	case OP_OPEN_THROUGH_SYMLINK:
		return read_at(D, "s", 0, 100);
	case OP_OPEN_NOFOLLOW:
		return open_close(D, "s", O_RDONLY | O_NOFOLLOW, 0);
	case OP_DANGLING:
		return symlinkat("nowhere", D, "dangling") ? -errno : read_at(D, "dangling", 0, 1);
	case OP_CHMOD:
		return fchmodat(D, "b2", 0600, 0) ? -errno : 0;
	case OP_CHMOD_SYMLINK_TARGET:
		return fchmodat(D, "s", 0604, 0) ? -errno : 0;
	case OP_CHOWN:
		return fchownat(D, "b2", 1234, 5678, 0) ? -errno : 0;
	case OP_TOUCH_TIMES:
		return set_times(D, "b2", 1000, 0);
	case OP_TOUCH_SYMLINK_TIMES:
		return set_times(D, "s", 2000, AT_SYMLINK_NOFOLLOW);
	case OP_NAME_TOO_LONG:
		return open_close(D, longname, O_CREAT | O_WRONLY, 0644);
	case OP_NOT_A_DIR_PATH:
		return open_close(D, "b2/x", O_RDONLY, 0);
	case OP_XATTR_SET:
		return xattr_op(d, 0, "b2", "color", "blue", 0);
	case OP_XATTR_GET:
		return xattr_op(d, 1, "b2", "color", NULL, 0);
	case OP_XATTR_CREATE_EXISTS:
		return xattr_op(d, 0, "b2", "color", "red", XATTR_CREATE);
	case OP_XATTR_REPLACE_MISSING:
		return xattr_op(d, 0, "b2", "size", "big", XATTR_REPLACE);
	case OP_XATTR_REPLACE:
		return xattr_op(d, 0, "b2", "color", "green!", XATTR_REPLACE);
	case OP_XATTR_LIST:
		return xattr_op(d, 3, "b2", NULL, NULL, 0);
	case OP_XATTR_REMOVE:
		return xattr_op(d, 2, "b2", "color", NULL, 0);
	default:
		return xattr_op(d, 1, "b2", "color", NULL, 0);
	}
}

#define S(op, ...)                                                                                 \
	{                                                                                          \
#op + 3, op,                                                                       \
		{                                                                                  \
			__VA_ARGS__, NULL                                                          \
		}                                                                                  \
	}

struct step {
	const char *name;
	int op;
	const char *paths[5];
};

static void group(const char *name, const struct step *steps, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!same(steps[i].name, steps[i].op, steps[i].paths)) {
			failures++;
			printf("FAIL posix/%s: %s\n", name, failure);
			return;
		}
	printf("PASS posix/%s (%zu steps)\n", name, n);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: posix_compare REFERENCE_DIR TESTED_DIR\n");
		return 2;
	}
	for (int d = 0; d < 2; d++) {
		roots[d] = argv[1 + d];
		dirfd_of[d] = open(roots[d], O_RDONLY | O_DIRECTORY);
		if (dirfd_of[d] < 0) {
			printf("FAIL posix/setup: cannot open %s: %s\n", roots[d], strerror(errno));
			return 1;
		}
	}
	umask(022);
	static const struct step files[] = {
		S(OP_CREATE, "a", "."),     S(OP_CREATE_EXCL, "a"),    S(OP_CREATE_MODE, "m"),
		S(OP_APPEND, "a"),          S(OP_OVERWRITE, "a"),      S(OP_TRUNC_OPEN, "a"),
		S(OP_OPEN_MISSING, "nope"), S(OP_OPEN_DIR_WRITE, "."), S(OP_GROW, "a"),
		S(OP_SHRINK, "a"),          S(OP_SPARSE_WRITE, "m"),   S(OP_READ_HOLE, "m"),
		S(OP_READ_PAST_END, "m"),   S(OP_UNLINK, "m", "."),    S(OP_UNLINK_MISSING, "m"),
		S(OP_NAME_TOO_LONG, "."),
	};
	static const struct step dirs[] = {
		S(OP_MKDIR, "d", "."),         S(OP_MKDIR_EXISTS, "d"), S(OP_MKDIR_IN_FILE, "a"),
		S(OP_FILE_IN_DIR, "d", "d/f"), S(OP_UNLINK_DIR, "d"),   S(OP_RMDIR_NOT_EMPTY, "d"),
		S(OP_RMDIR_FILE, "a"),         S(OP_RMDIR, "."),        S(OP_RMDIR_MISSING, "."),
	};
	static const struct step renames[] = {
		S(OP_RENAME, "a", "b", "."),
		S(OP_RENAME_OVER_FILE, "b", "c", "."),
		S(OP_RENAME_DIR, "d", "dd", "."),
		S(OP_RENAME_FILE_OVER_DIR, "b", "dd"),
		S(OP_RENAME_DIR_OVER_FILE, "dd", "b"),
		S(OP_RENAME_DIR_OVER_FULL_DIR, "f", "dd"),
		S(OP_RENAME_DIR_OVER_EMPTY_DIR, "dd", "f", "."),
		S(OP_RENAME_INTO_ITSELF, "f"),
		S(OP_RENAME_MISSING, "."),
		S(OP_RENAME_NO_REPLACE, "b", "c"),
	};
	static const struct step links[] = {
		S(OP_LINK, "b", "b2"),       S(OP_LINK_DIR, "f"),
		S(OP_LINK_EXISTS, "b", "c"), S(OP_UNLINK_ONE_LINK, "b", "b2"),
		S(OP_SYMLINK, "s"),          S(OP_SYMLINK_EXISTS, "s"),
		S(OP_READLINK_FILE, "b2"),   S(OP_OPEN_THROUGH_SYMLINK, "s"),
		S(OP_OPEN_NOFOLLOW, "s"),    S(OP_DANGLING, "dangling"),
		S(OP_NOT_A_DIR_PATH, "b2"),
	};
	static const struct step attrs[] = {
		S(OP_CHMOD, "b2"),
		S(OP_CHMOD_SYMLINK_TARGET, "s", "b2"),
		S(OP_TOUCH_TIMES, "b2"),
		S(OP_TOUCH_SYMLINK_TIMES, "s", "b2"),
	};
	static const struct step owners[] = { S(OP_CHOWN, "b2") };
	static const struct step xattrs[] = {
		S(OP_XATTR_SET, "b2"),           S(OP_XATTR_GET, "b2"),
		S(OP_XATTR_CREATE_EXISTS, "b2"), S(OP_XATTR_REPLACE_MISSING, "b2"),
		S(OP_XATTR_REPLACE, "b2"),       S(OP_XATTR_LIST, "b2"),
		S(OP_XATTR_REMOVE, "b2"),        S(OP_XATTR_GET_MISSING, "b2"),
	};
	group("files", files, sizeof files / sizeof *files);
	group("directories", dirs, sizeof dirs / sizeof *dirs);
	group("rename", renames, sizeof renames / sizeof *renames);
	group("links", links, sizeof links / sizeof *links);
	group("modes-and-times", attrs, sizeof attrs / sizeof *attrs);
	if (geteuid() == 0) {
		group("owners", owners, sizeof owners / sizeof *owners);
		group("xattrs", xattrs, sizeof xattrs / sizeof *xattrs);
	} else {
		printf("SKIP posix/owners: needs root\nSKIP posix/xattrs: trusted.* needs root\n");
	}
	return failures != 0;
}
