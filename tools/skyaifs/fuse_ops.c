/*
 * fuse_ops.c — the FUSE low-level operations of skyaifs-fuse, one to one
 * onto lib/skyaifs: inode numbers, attributes, errors and ownership
 * translated, the inodes the kernel knows counted (each holds a library
 * reference until the kernel forgets it), changes marked for the
 * committer. Every operation runs with the library lock held.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "skyaifs/fuse_daemon.h"

static int64_t monotonic_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void mark_dirty(struct daemon *d)
{
	d->last_change = monotonic_ns();
	if (d->dirty_since == 0)
		d->dirty_since = d->last_change;
}

static size_t known_slot(const struct daemon *d, uint64_t ino)
{
	size_t i = (size_t)(ino * 0x9E3779B97F4A7C15ull) & (d->known_cap - 1);
	while (d->known[i].ino != 0 && d->known[i].ino != ino)
		i = (i + 1) & (d->known_cap - 1);
	return i;
}

static int known_grow(struct daemon *d)
{
	size_t cap = d->known_cap ? d->known_cap * 2 : 1024;
	struct known *old = d->known, *tab = calloc(cap, sizeof *tab);
	size_t old_cap = d->known_cap;
	if (!tab)
		return -ENOMEM;
	d->known = tab;
	d->known_cap = cap;
	for (size_t i = 0; i < old_cap; i++)
		if (old[i].ino)
			d->known[known_slot(d, old[i].ino)] = old[i];
	free(old);
	return 0;
}

/* Count one more kernel reference to library inode `ino`; the first takes a library reference. */
static int known_add(struct daemon *d, uint64_t ino)
{
	if (ino == d->root)
		return 0; /* the kernel never forgets the root */
	if ((d->known_used + 1) * 2 > d->known_cap && known_grow(d) != 0)
		return -ENOMEM;
	size_t i = known_slot(d, ino);
	if (d->known[i].ino == 0) {
		int err = skyaifs_ref(d->vol, ino);
		if (err < 0)
			return err;
		d->known[i] = (struct known){ .ino = ino };
		d->known_used++;
	}
	d->known[i].lookups++;
	return 0;
}

/* Drop `n` kernel references; the last releases the library's (linear probing, backward-shift
 * deletion keeps every chain unbroken). */
static void known_forget(struct daemon *d, uint64_t ino, uint64_t n)
{
	if (ino == d->root || d->known_cap == 0)
		return;
	size_t i = known_slot(d, ino);
	if (d->known[i].ino == 0)
		return; /* a count the kernel does not have: ignore it rather than underflow */
	if (d->known[i].lookups > n) {
		d->known[i].lookups -= n;
		return;
	}
	skyaifs_unref(d->vol, ino);
	mark_dirty(d); /* dropping an unlinked file's last reference frees it */
	d->known_used--;
	size_t mask = d->known_cap - 1, hole = i;
	for (size_t j = (i + 1) & mask; d->known[j].ino != 0; j = (j + 1) & mask) {
		size_t home = (size_t)(d->known[j].ino * 0x9E3779B97F4A7C15ull) & mask;
		/* move j into the hole unless its home lies cyclically in (hole, j] */
		if (((j - home) & mask) >= ((j - hole) & mask)) {
			d->known[hole] = d->known[j];
			hole = j;
		}
	}
	d->known[hole] = (struct known){ 0 };
}

/* ---- translation --------------------------------------------------------------------------- */

static struct daemon *daemon_of(fuse_req_t req)
{
	return fuse_req_userdata(req);
}

/* FUSE's root is inode 1; a subvolume made from a directory has another root in the library.
 * Library inode 1 cannot be reached from such a subvolume (it is a directory outside it). */
static uint64_t lib_ino(const struct daemon *d, fuse_ino_t ino)
{
	return ino == FUSE_ROOT_ID ? d->root : ino;
}

static fuse_ino_t fuse_ino(const struct daemon *d, uint64_t ino)
{
	return ino == d->root ? FUSE_ROOT_ID : ino;
}

/* A library result as the errno FUSE wants (0 for success); anything unexpected becomes EIO. */
static int errno_of(long err)
{
	if (err >= 0)
		return 0;
	return err > -4096 ? (int)-err : EIO;
}

/* Blocks freed by a commit become reusable at the next one, and a sync with nothing to do does
 * nothing: a second sync returns what the first freed (an unlinked file's space) at once instead
 * of at the next change, so statfs (df) shows it. */
void daemon_commit(struct daemon *d)
{
	int err = skyaifs_sync(d->fs);
	if (err == 0)
		err = skyaifs_sync(d->fs);
	d->commit_error = err;
	if (err == 0)
		d->dirty_since = 0;
	else
		mark_dirty(d); /* retry later rather than at once */
}

static void to_stat(const struct daemon *d, const struct skyaifs_stat *s, struct stat *st)
{
	memset(st, 0, sizeof *st);
	st->st_ino = fuse_ino(d, s->ino);
	st->st_mode = s->mode;
	st->st_nlink = s->nlink;
	st->st_uid = s->uid;
	st->st_gid = s->gid;
	st->st_size = (off_t)s->size;
	st->st_blocks = (blkcnt_t)s->blocks;
	st->st_rdev = (dev_t)s->rdev;
	st->st_blksize = SKYAIFS_BLOCK_SIZE;
	st->st_atim = (struct timespec){ s->atime.sec, s->atime.nsec };
	st->st_mtim = (struct timespec){ s->mtime.sec, s->mtime.nsec };
	st->st_ctim = (struct timespec){ s->ctime.sec, s->ctime.nsec };
}

static struct skyaifs_time to_time(struct timespec ts)
{
	return (struct skyaifs_time){ ts.tv_sec, (uint32_t)ts.tv_nsec };
}

static void fill_entry(const struct daemon *d, const struct skyaifs_stat *s,
		       struct fuse_entry_param *e)
{
	memset(e, 0, sizeof *e);
	e->ino = fuse_ino(d, s->ino);
	e->attr_timeout = TIMEOUT_S;
	e->entry_timeout = TIMEOUT_S;
	to_stat(d, s, &e->attr);
}

/* Reply with a new name's inode, counting the kernel's reference. */
static void reply_entry(fuse_req_t req, const struct skyaifs_stat *s)
{
	struct daemon *d = daemon_of(req);
	struct fuse_entry_param e;
	int err = known_add(d, s->ino);
	if (err < 0) {
		fuse_reply_err(req, errno_of(err));
		return;
	}
	fill_entry(d, s, &e);
	if (fuse_reply_entry(req, &e) != 0)
		known_forget(d, s->ino,
			     1); /* the request was interrupted: the kernel took nothing */
}

/* The reply to a request that made a name (mknod, mkdir, symlink, link): its entry, or the error.
 */
static void reply_made(fuse_req_t req, int err, const struct skyaifs_stat *s)
{
	if (err < 0) {
		fuse_reply_err(req, errno_of(err));
		return;
	}
	mark_dirty(daemon_of(req));
	reply_entry(req, s);
}

static bool name_ok(fuse_req_t req, const char *name)
{
	if (strlen(name) <= SKYAIFS_NAME_MAX)
		return true;
	fuse_reply_err(req, ENAMETOOLONG);
	return false;
}

/* Owner of a new inode: the caller, or the directory's group where it has set-group-ID (and
 * then a new directory inherits the bit), as Linux file systems do. */
static int new_owner(fuse_req_t req, uint64_t dir, uint32_t *mode, uint32_t *uid, uint32_t *gid)
{
	struct daemon *d = daemon_of(req);
	const struct fuse_ctx *ctx = fuse_req_ctx(req);
	struct skyaifs_stat parent;
	int err = skyaifs_getattr(d->vol, dir, &parent);
	if (err < 0)
		return err;
	*uid = ctx->uid;
	*gid = ctx->gid;
	if (parent.mode & S_ISGID) {
		*gid = parent.gid;
		if (S_ISDIR(*mode))
			*mode |= S_ISGID;
	}
	return 0;
}

/* ---- operations -------------------------------------------------------------------------- */

static void op_init(void *userdata, struct fuse_conn_info *conn)
{
	struct daemon *d = userdata;
	d->no_open = conn->capable & FUSE_CAP_NO_OPEN_SUPPORT;
	d->no_opendir = conn->capable & FUSE_CAP_NO_OPENDIR_SUPPORT;
	if (conn->capable & FUSE_CAP_WRITEBACK_CACHE)
		conn->want |= FUSE_CAP_WRITEBACK_CACHE;
	/* The kernel clears set-user-ID bits and truncates on O_TRUNC itself, through setattr. */
	conn->want &= ~(FUSE_CAP_HANDLE_KILLPRIV | FUSE_CAP_ATOMIC_O_TRUNC);
}

void daemon_destroy(void *userdata)
{
	struct daemon *d = userdata;
	if (!d->fs)
		return;
	skyaifs_vol_close(d->vol);
	d->commit_error = skyaifs_unmount(d->fs);
	d->fs = NULL;
	d->vol = NULL;
}

static void op_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct daemon *d = daemon_of(req);
	struct skyaifs_stat s;
	if (!name_ok(req, name))
		return;
	int err = skyaifs_lookup(d->vol, lib_ino(d, parent), name, &s);
	if (err < 0)
		fuse_reply_err(req, errno_of(err));
	else
		reply_entry(req, &s);
}

static void op_forget(fuse_req_t req, fuse_ino_t ino, uint64_t nlookup)
{
	struct daemon *d = daemon_of(req);
	known_forget(d, lib_ino(d, ino), nlookup);
	fuse_reply_none(req);
}

static void op_forget_multi(fuse_req_t req, size_t count, struct fuse_forget_data *forgets)
{
	struct daemon *d = daemon_of(req);
	for (size_t i = 0; i < count; i++)
		known_forget(d, lib_ino(d, forgets[i].ino), forgets[i].nlookup);
	fuse_reply_none(req);
}

static void reply_attr(fuse_req_t req, const struct skyaifs_stat *s)
{
	struct stat st;
	to_stat(daemon_of(req), s, &st);
	fuse_reply_attr(req, &st, TIMEOUT_S);
}

static void op_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct daemon *d = daemon_of(req);
	struct skyaifs_stat s;
	(void)fi;
	int err = skyaifs_getattr(d->vol, lib_ino(d, ino), &s);
	if (err < 0)
		fuse_reply_err(req, errno_of(err));
	else
		reply_attr(req, &s);
}

static void op_setattr(fuse_req_t req, fuse_ino_t ino, struct stat *attr, int to_set,
		       struct fuse_file_info *fi)
{
	struct daemon *d = daemon_of(req);
	struct skyaifs_stat a = { 0 }, s;
	struct timespec now;
	unsigned valid = 0;
	(void)fi;
	clock_gettime(CLOCK_REALTIME, &now);
	if (to_set & FUSE_SET_ATTR_MODE) {
		valid |= SKYAIFS_SET_MODE;
		a.mode = attr->st_mode & 07777;
	}
	if (to_set & FUSE_SET_ATTR_UID) {
		valid |= SKYAIFS_SET_UID;
		a.uid = attr->st_uid;
	}
	if (to_set & FUSE_SET_ATTR_GID) {
		valid |= SKYAIFS_SET_GID;
		a.gid = attr->st_gid;
	}
	if (to_set & FUSE_SET_ATTR_SIZE) {
		if (attr->st_size < 0) {
			fuse_reply_err(req, EINVAL);
			return;
		}
		valid |= SKYAIFS_SET_SIZE;
		a.size = (uint64_t)attr->st_size;
	}
	/* utimensat's UTIME_NOW arrives as *_NOW, UTIME_OMIT as the field not named at all */
	if (to_set & (FUSE_SET_ATTR_ATIME | FUSE_SET_ATTR_ATIME_NOW)) {
		valid |= SKYAIFS_SET_ATIME;
		a.atime = to_time(to_set & FUSE_SET_ATTR_ATIME_NOW ? now : attr->st_atim);
	}
	if (to_set & (FUSE_SET_ATTR_MTIME | FUSE_SET_ATTR_MTIME_NOW)) {
		valid |= SKYAIFS_SET_MTIME;
		a.mtime = to_time(to_set & FUSE_SET_ATTR_MTIME_NOW ? now : attr->st_mtim);
	}
	if (to_set & FUSE_SET_ATTR_CTIME) { /* the writeback cache keeps times in the kernel */
		valid |= SKYAIFS_SET_CTIME;
		a.ctime = to_time(attr->st_ctim);
	}
	int err = skyaifs_setattr(d->vol, lib_ino(d, ino), valid, &a, &s);
	if (err < 0) {
		fuse_reply_err(req, errno_of(err));
		return;
	}
	mark_dirty(d);
	reply_attr(req, &s);
}

static void op_readlink(fuse_req_t req, fuse_ino_t ino)
{
	struct daemon *d = daemon_of(req);
	char target[SKYAIFS_SYMLINK_MAX + 1];
	int n = skyaifs_readlink(d->vol, lib_ino(d, ino), target, SKYAIFS_SYMLINK_MAX);
	if (n < 0) {
		fuse_reply_err(req, errno_of(n));
		return;
	}
	target[n] = '\0';
	fuse_reply_readlink(req, target);
}

static void op_mknod(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode, dev_t rdev)
{
	struct daemon *d = daemon_of(req);
	struct skyaifs_stat s;
	uint32_t m = mode, uid, gid;
	if (!name_ok(req, name))
		return;
	int err = new_owner(req, lib_ino(d, parent), &m, &uid, &gid);
	if (err == 0)
		err = skyaifs_mknod(d->vol, lib_ino(d, parent), name, m, rdev, uid, gid, &s);
	reply_made(req, err, &s);
}

static void op_mkdir(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode)
{
	struct daemon *d = daemon_of(req);
	struct skyaifs_stat s;
	uint32_t m = S_IFDIR | (mode & 07777), uid, gid;
	if (!name_ok(req, name))
		return;
	int err = new_owner(req, lib_ino(d, parent), &m, &uid, &gid);
	if (err == 0)
		err = skyaifs_mkdir(d->vol, lib_ino(d, parent), name, m & 07777, uid, gid, &s);
	reply_made(req, err, &s);
}

static void op_symlink(fuse_req_t req, const char *target, fuse_ino_t parent, const char *name)
{
	struct daemon *d = daemon_of(req);
	struct skyaifs_stat s;
	uint32_t m = S_IFLNK | 0777, uid, gid;
	if (!name_ok(req, name))
		return;
	if (strlen(target) > SKYAIFS_SYMLINK_MAX) {
		fuse_reply_err(req, ENAMETOOLONG);
		return;
	}
	int err = new_owner(req, lib_ino(d, parent), &m, &uid, &gid);
	if (err == 0)
		err = skyaifs_symlink(d->vol, lib_ino(d, parent), name, target, uid, gid, &s);
	reply_made(req, err, &s);
}

static void op_link(fuse_req_t req, fuse_ino_t ino, fuse_ino_t newparent, const char *newname)
{
	struct daemon *d = daemon_of(req);
	struct skyaifs_stat s;
	if (!name_ok(req, newname))
		return;
	int err = skyaifs_link(d->vol, lib_ino(d, ino), lib_ino(d, newparent), newname, &s);
	reply_made(req, err, &s);
}

static void reply_change(fuse_req_t req, int err)
{
	if (err == 0)
		mark_dirty(daemon_of(req));
	fuse_reply_err(req, errno_of(err));
}

static void op_unlink(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct daemon *d = daemon_of(req);
	if (name_ok(req, name))
		reply_change(req, skyaifs_unlink(d->vol, lib_ino(d, parent), name));
}

static void op_rmdir(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct daemon *d = daemon_of(req);
	if (name_ok(req, name))
		reply_change(req, skyaifs_rmdir(d->vol, lib_ino(d, parent), name));
}

static void op_rename(fuse_req_t req, fuse_ino_t parent, const char *name, fuse_ino_t newparent,
		      const char *newname, unsigned int flags)
{
	struct daemon *d = daemon_of(req);
	if (!name_ok(req, name) || !name_ok(req, newname))
		return;
	/* RENAME_NOREPLACE and RENAME_EXCHANGE have Linux's values; RENAME_WHITEOUT is not kept */
	if (flags & ~(unsigned)(SKYAIFS_RENAME_NOREPLACE | SKYAIFS_RENAME_EXCHANGE)) {
		fuse_reply_err(req, EINVAL);
		return;
	}
	reply_change(req, skyaifs_rename(d->vol, lib_ino(d, parent), name, lib_ino(d, newparent),
					 newname, flags));
}

/* Open files and directories have no state here. Where the kernel can do without open and release
 * (FUSE_CAP_NO_OPEN_SUPPORT), ENOSYS tells it to stop sending them: two round trips fewer per
 * open file, and it then keeps file pages and directory listings cached, which is right as
 * nothing but this daemon changes the volume while it is mounted. Otherwise open says so itself. */
static void op_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	(void)ino;
	if (daemon_of(req)->no_open) {
		fuse_reply_err(req, ENOSYS);
		return;
	}
	fi->keep_cache = 1;
	fuse_reply_open(req, fi);
}

static void op_create(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode,
		      struct fuse_file_info *fi)
{
	struct daemon *d = daemon_of(req);
	struct skyaifs_stat s;
	struct fuse_entry_param e;
	uint32_t m = S_IFREG | (mode & 07777), uid, gid;
	if (!name_ok(req, name))
		return;
	int err = new_owner(req, lib_ino(d, parent), &m, &uid, &gid);
	if (err == 0)
		err = skyaifs_mknod(d->vol, lib_ino(d, parent), name, m, 0, uid, gid, &s);
	if (err == SKYAIFS_EEXIST && !(fi->flags & O_EXCL)) {
		/* the name appeared after the kernel looked: open what is there */
		err = skyaifs_lookup(d->vol, lib_ino(d, parent), name, &s);
		if (err == 0 && S_ISDIR(s.mode))
			err = SKYAIFS_EISDIR;
	} else if (err == 0) {
		mark_dirty(d);
	}
	if (err == 0)
		err = known_add(d, s.ino);
	if (err < 0) {
		fuse_reply_err(req, errno_of(err));
		return;
	}
	fill_entry(d, &s, &e);
	fi->keep_cache = 1;
	if (fuse_reply_create(req, &e, fi) != 0)
		known_forget(d, s.ino, 1);
}

static void op_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		    struct fuse_file_info *fi)
{
	struct daemon *d = daemon_of(req);
	(void)fi;
	if (off < 0) {
		fuse_reply_err(req, EINVAL);
		return;
	}
	if (size > d->io_cap) {
		char *buf = realloc(d->io_buf, size);
		if (!buf) {
			fuse_reply_err(req, ENOMEM);
			return;
		}
		d->io_buf = buf;
		d->io_cap = size;
	}
	long n = skyaifs_read(d->vol, lib_ino(d, ino), (uint64_t)off, d->io_buf, size);
	if (n < 0)
		fuse_reply_err(req, errno_of(n));
	else
		fuse_reply_buf(req, d->io_buf, (size_t)n);
}

static void op_write(fuse_req_t req, fuse_ino_t ino, const char *buf, size_t size, off_t off,
		     struct fuse_file_info *fi)
{
	struct daemon *d = daemon_of(req);
	(void)fi;
	if (off < 0) {
		fuse_reply_err(req, EINVAL);
		return;
	}
	long n = skyaifs_write(d->vol, lib_ino(d, ino), (uint64_t)off, buf, size);
	if (n < 0) {
		fuse_reply_err(req, errno_of(n));
		return;
	}
	mark_dirty(d);
	fuse_reply_write(req, (size_t)n);
}

static void op_release(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	(void)ino;
	(void)fi;
	fuse_reply_err(req, 0);
}

static void op_fsync(fuse_req_t req, fuse_ino_t ino, int datasync, struct fuse_file_info *fi)
{
	struct daemon *d = daemon_of(req);
	(void)fi;
	/* This commits the whole volume; the idle commit still follows, to return freed space. */
	fuse_reply_err(req, errno_of(skyaifs_fsync(d->vol, lib_ino(d, ino), datasync != 0)));
}

static void op_opendir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	(void)ino;
	if (daemon_of(req)->no_opendir)
		fuse_reply_err(req, ENOSYS);
	else
		fuse_reply_open(req, fi);
}

/* Entries are gathered first and answered after skyaifs_readdir returns: its callback must not
 * change the volume, and readdirplus takes references. */
struct dir_fill {
	fuse_req_t req;
	bool plus;
	size_t size, need; /* the reply's limit, and what the gathered entries take of it */
	struct skyaifs_dirent *ents;
	size_t n, cap;
	int err;
};

static int gather_entry(void *ctx, const struct skyaifs_dirent *e)
{
	struct dir_fill *f = ctx;
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 64;
		struct skyaifs_dirent *ents = realloc(f->ents, cap * sizeof *ents);
		if (!ents) {
			f->err = -ENOMEM;
			return 1;
		}
		f->ents = ents;
		f->cap = cap;
	}
	struct skyaifs_dirent *g = &f->ents[f->n];
	*g = *e;
	g->name[e->name_len <= SKYAIFS_NAME_MAX ? e->name_len : SKYAIFS_NAME_MAX] = '\0';
	size_t need = f->plus ? fuse_add_direntry_plus(f->req, NULL, 0, g->name, NULL, 0)
			      : fuse_add_direntry(f->req, NULL, 0, g->name, NULL, 0);
	if (f->need + need > f->size)
		return 1; /* not consumed: the next call resumes here */
	f->need += need;
	f->n++;
	return 0;
}

static void read_dir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, bool plus)
{
	struct daemon *d = daemon_of(req);
	if (off < 0) {
		fuse_reply_err(req, EINVAL);
		return;
	}
	struct dir_fill f = { .req = req, .plus = plus, .size = size };
	int err = skyaifs_readdir(d->vol, lib_ino(d, ino), (uint64_t)off, gather_entry, &f);
	if (err == 0)
		err = f.err;
	char *buf = malloc(f.need ? f.need : 1);
	size_t used = 0;
	if (!buf) {
		err = -ENOMEM;
		f.n = 0;
	}
	for (size_t i = 0; i < f.n; i++) {
		const struct skyaifs_dirent *e = &f.ents[i];
		if (!plus) {
			struct stat st = { .st_ino = fuse_ino(d, e->ino), .st_mode = e->type };
			used += fuse_add_direntry(req, buf + used, f.need - used, e->name, &st,
						  (off_t)e->next);
			continue;
		}
		struct fuse_entry_param ep = { 0 };
		if (strcmp(e->name, ".") == 0 || strcmp(e->name, "..") == 0) {
			/* the kernel takes no reference on these: give no inode number to count */
			ep.attr.st_ino = fuse_ino(d, e->ino);
			ep.attr.st_mode = e->type;
		} else {
			struct skyaifs_stat s;
			int e_err = skyaifs_getattr(d->vol, e->ino, &s);
			if (e_err == 0)
				e_err = known_add(d, s.ino);
			if (e_err < 0) {
				err = e_err; /* reported if nothing came before; else next time */
				break;
			}
			fill_entry(d, &s, &ep);
		}
		used += fuse_add_direntry_plus(req, buf + used, f.need - used, e->name, &ep,
					       (off_t)e->next);
	}
	if (used == 0 && err < 0)
		fuse_reply_err(req, errno_of(err));
	else
		fuse_reply_buf(req, buf, used);
	free(buf);
	free(f.ents);
}

static void op_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		       struct fuse_file_info *fi)
{
	(void)fi;
	read_dir(req, ino, size, off, false);
}

static void op_readdirplus(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
			   struct fuse_file_info *fi)
{
	(void)fi;
	read_dir(req, ino, size, off, true);
}

static void op_fsyncdir(fuse_req_t req, fuse_ino_t ino, int datasync, struct fuse_file_info *fi)
{
	op_fsync(req, ino, datasync, fi);
}

static void op_statfs(fuse_req_t req, fuse_ino_t ino)
{
	struct daemon *d = daemon_of(req);
	struct skyaifs_statfs s;
	(void)ino;
	int err = skyaifs_statfs(d->fs, &s);
	if (err < 0) {
		fuse_reply_err(req, errno_of(err));
		return;
	}
	/* inodes take space from the same pool as data: at most one block each */
	struct statvfs v = {
		.f_bsize = SKYAIFS_BLOCK_SIZE,
		.f_frsize = SKYAIFS_BLOCK_SIZE,
		.f_blocks = s.blocks,
		.f_bfree = s.blocks_free,
		.f_bavail = s.blocks_avail,
		.f_files = s.files + s.blocks_avail,
		.f_ffree = s.blocks_avail,
		.f_favail = s.blocks_avail,
		.f_namemax = SKYAIFS_NAME_MAX,
	};
	fuse_reply_statfs(req, &v);
}

static void op_setxattr(fuse_req_t req, fuse_ino_t ino, const char *name, const char *value,
			size_t size, int flags)
{
	struct daemon *d = daemon_of(req);
	if (flags & ~(SKYAIFS_XATTR_CREATE | SKYAIFS_XATTR_REPLACE)) {
		fuse_reply_err(req, EINVAL);
		return;
	}
	reply_change(req,
		     skyaifs_setxattr(d->vol, lib_ino(d, ino), name, value, size, (unsigned)flags));
}

/* Reply to a get or list call: the size alone when asked for it, else the bytes. */
static void reply_xattr(fuse_req_t req, size_t size,
			int (*get)(struct daemon *, uint64_t, const char *, char *, size_t),
			fuse_ino_t ino, const char *name)
{
	struct daemon *d = daemon_of(req);
	if (size > XATTR_BUF_MAX)
		size = XATTR_BUF_MAX;
	char *buf = size ? malloc(size) : NULL;
	if (size && !buf) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	int n = get(d, lib_ino(d, ino), name, buf, size);
	if (n < 0)
		fuse_reply_err(req, errno_of(n));
	else if (size == 0)
		fuse_reply_xattr(req, (size_t)n);
	else
		fuse_reply_buf(req, buf, (size_t)n);
	free(buf);
}

static int get_xattr(struct daemon *d, uint64_t ino, const char *name, char *buf, size_t size)
{
	return skyaifs_getxattr(d->vol, ino, name, buf, size);
}

static int list_xattr(struct daemon *d, uint64_t ino, const char *name, char *buf, size_t size)
{
	(void)name;
	return skyaifs_listxattr(d->vol, ino, buf, size);
}

static void op_getxattr(fuse_req_t req, fuse_ino_t ino, const char *name, size_t size)
{
	reply_xattr(req, size, get_xattr, ino, name);
}

static void op_listxattr(fuse_req_t req, fuse_ino_t ino, size_t size)
{
	reply_xattr(req, size, list_xattr, ino, NULL);
}

static void op_removexattr(fuse_req_t req, fuse_ino_t ino, const char *name)
{
	struct daemon *d = daemon_of(req);
	reply_change(req, skyaifs_removexattr(d->vol, lib_ino(d, ino), name));
}

/* ---- one request in the library at a time -------------------------------------------------- */

pthread_mutex_t library_lock = PTHREAD_MUTEX_INITIALIZER;

/* locked_OP: OP with the library lock held (libfuse disables thread cancellation while a request
 * is processed, so a request never leaves the lock behind). */
#define LOCKED(op, params, args)                                                                   \
	static void locked_##op params                                                             \
	{                                                                                          \
		pthread_mutex_lock(&library_lock);                                                 \
		op args;                                                                           \
		pthread_mutex_unlock(&library_lock);                                               \
	}
typedef struct fuse_file_info fi_t;
LOCKED(op_init, (void *u, struct fuse_conn_info *c), (u, c))
LOCKED(op_lookup, (fuse_req_t r, fuse_ino_t p, const char *n), (r, p, n))
LOCKED(op_forget, (fuse_req_t r, fuse_ino_t i, uint64_t n), (r, i, n))
LOCKED(op_forget_multi, (fuse_req_t r, size_t c, struct fuse_forget_data *f), (r, c, f))
LOCKED(op_getattr, (fuse_req_t r, fuse_ino_t i, fi_t *f), (r, i, f))
LOCKED(op_setattr, (fuse_req_t r, fuse_ino_t i, struct stat *a, int s, fi_t *f), (r, i, a, s, f))
LOCKED(op_readlink, (fuse_req_t r, fuse_ino_t i), (r, i))
LOCKED(op_mknod, (fuse_req_t r, fuse_ino_t p, const char *n, mode_t m, dev_t d), (r, p, n, m, d))
LOCKED(op_mkdir, (fuse_req_t r, fuse_ino_t p, const char *n, mode_t m), (r, p, n, m))
LOCKED(op_symlink, (fuse_req_t r, const char *t, fuse_ino_t p, const char *n), (r, t, p, n))
LOCKED(op_link, (fuse_req_t r, fuse_ino_t i, fuse_ino_t p, const char *n), (r, i, p, n))
LOCKED(op_unlink, (fuse_req_t r, fuse_ino_t p, const char *n), (r, p, n))
LOCKED(op_rmdir, (fuse_req_t r, fuse_ino_t p, const char *n), (r, p, n))
LOCKED(op_rename,
       (fuse_req_t r, fuse_ino_t p, const char *n, fuse_ino_t np, const char *nn, unsigned f),
       (r, p, n, np, nn, f))
LOCKED(op_open, (fuse_req_t r, fuse_ino_t i, fi_t *f), (r, i, f))
LOCKED(op_create, (fuse_req_t r, fuse_ino_t p, const char *n, mode_t m, fi_t *f), (r, p, n, m, f))
LOCKED(op_read, (fuse_req_t r, fuse_ino_t i, size_t s, off_t o, fi_t *f), (r, i, s, o, f))
LOCKED(op_write, (fuse_req_t r, fuse_ino_t i, const char *b, size_t s, off_t o, fi_t *f),
       (r, i, b, s, o, f))
LOCKED(op_release, (fuse_req_t r, fuse_ino_t i, fi_t *f), (r, i, f))
LOCKED(op_fsync, (fuse_req_t r, fuse_ino_t i, int d, fi_t *f), (r, i, d, f))
LOCKED(op_opendir, (fuse_req_t r, fuse_ino_t i, fi_t *f), (r, i, f))
LOCKED(op_readdir, (fuse_req_t r, fuse_ino_t i, size_t s, off_t o, fi_t *f), (r, i, s, o, f))
LOCKED(op_readdirplus, (fuse_req_t r, fuse_ino_t i, size_t s, off_t o, fi_t *f), (r, i, s, o, f))
LOCKED(op_fsyncdir, (fuse_req_t r, fuse_ino_t i, int d, fi_t *f), (r, i, d, f))
LOCKED(op_statfs, (fuse_req_t r, fuse_ino_t i), (r, i))
LOCKED(op_setxattr, (fuse_req_t r, fuse_ino_t i, const char *n, const char *v, size_t s, int f),
       (r, i, n, v, s, f))
LOCKED(op_getxattr, (fuse_req_t r, fuse_ino_t i, const char *n, size_t s), (r, i, n, s))
LOCKED(op_listxattr, (fuse_req_t r, fuse_ino_t i, size_t s), (r, i, s))
LOCKED(op_removexattr, (fuse_req_t r, fuse_ino_t i, const char *n), (r, i, n))

const struct fuse_lowlevel_ops daemon_ops = {
	.init = locked_op_init,
	.destroy = daemon_destroy,
	.lookup = locked_op_lookup,
	.forget = locked_op_forget,
	.forget_multi = locked_op_forget_multi,
	.getattr = locked_op_getattr,
	.setattr = locked_op_setattr,
	.readlink = locked_op_readlink,
	.mknod = locked_op_mknod,
	.mkdir = locked_op_mkdir,
	.symlink = locked_op_symlink,
	.link = locked_op_link,
	.unlink = locked_op_unlink,
	.rmdir = locked_op_rmdir,
	.rename = locked_op_rename,
	.open = locked_op_open,
	.create = locked_op_create,
	.read = locked_op_read,
	.write = locked_op_write,
	/* no flush: the kernel writes cached pages back before it would send one, and with no
	 * handler it stops sending them (a round trip fewer per close) */
	.release = locked_op_release,
	.fsync = locked_op_fsync,
	.opendir = locked_op_opendir,
	.readdir = locked_op_readdir,
	.readdirplus = locked_op_readdirplus,
	.releasedir = locked_op_release,
	.fsyncdir = locked_op_fsyncdir,
	.statfs = locked_op_statfs,
	.setxattr = locked_op_setxattr,
	.getxattr = locked_op_getxattr,
	.listxattr = locked_op_listxattr,
	.removexattr = locked_op_removexattr,
};

/* Milliseconds until a commit is due: IDLE_MS after the latest change, or MAX_DIRTY_NS after the
 * first uncommitted one, whichever comes first; -1 when there is nothing to commit. */
int daemon_commit_wait_ms(const struct daemon *d)
{
	if (!d->fs || !d->dirty_since)
		return -1;
	int64_t now = monotonic_ns();
	int64_t due = d->last_change + IDLE_MS * 1000000ll;
	if (d->dirty_since + MAX_DIRTY_NS < due)
		due = d->dirty_since + MAX_DIRTY_NS;
	return due <= now ? 0 : (int)((due - now + 999999) / 1000000);
}
