/*
 * inode.c — inodes and the namespace operations on them: make, link,
 * unlink, rename, attributes, and the open references that keep an
 * unlinked file alive (with an orphan item, so a crash cannot leak it).
 * Each operation checks everything before it changes anything, so a
 * failed call leaves the volume as it was.
 */
#include "base/string.h"
#include "skyaifs/internal.h"

#define LINK_MAX 65000u

static struct key inode_key(uint64_t ino)
{
	return (struct key){ .obj = ino, .type = KT_INODE, .off = 0 };
}

uint32_t inode_mode(const struct inode *in)
{
	return ld32(in->raw);
}

uint64_t inode_size(const struct inode *in)
{
	return ld64(in->raw + 16);
}

static uint32_t inode_nlink(const struct inode *in)
{
	return ld32(in->raw + 12);
}

static bool is_dir(const struct inode *in)
{
	return (inode_mode(in) & SKYAIFS_S_IFMT) == SKYAIFS_S_IFDIR;
}

int inode_get(struct skyaifs_vol *vol, uint64_t ino, struct inode *in)
{
	struct key k = inode_key(ino);
	struct item it;
	int err = tree_get(&vol->tree, &k, &it);
	if (err)
		return err;
	if (it.len != INODE_SIZE)
		return SKYAIFS_EUCLEAN;
	memcpy(in->raw, it.val, INODE_SIZE);
	return 0;
}

int inode_put(struct skyaifs_vol *vol, uint64_t ino, const struct inode *in)
{
	struct key k = inode_key(ino);
	return tree_put(&vol->tree, &k, in->raw, INODE_SIZE);
}

static void time_load(const uint8_t *p, struct skyaifs_time *t)
{
	t->sec = (int64_t)ld64(p);
	t->nsec = ld32(p + 8);
}

static void time_store(uint8_t *p, const struct skyaifs_time *t)
{
	st64(p, (uint64_t)t->sec);
	st32(p + 8, t->nsec);
}

void inode_stat(const struct inode *in, uint64_t ino, struct skyaifs_stat *st)
{
	memset(st, 0, sizeof *st);
	st->ino = ino;
	st->mode = inode_mode(in);
	st->uid = ld32(in->raw + 4);
	st->gid = ld32(in->raw + 8);
	st->nlink = inode_nlink(in);
	st->size = inode_size(in);
	st->blocks = ld64(in->raw + 24) * (SKYAIFS_BLOCK_SIZE / 512);
	st->rdev = ld64(in->raw + 32);
	time_load(in->raw + 48, &st->atime);
	time_load(in->raw + 60, &st->mtime);
	time_load(in->raw + 72, &st->ctime);
	time_load(in->raw + 84, &st->btime);
}

void inode_touch(struct skyaifs_vol *vol, struct inode *in, unsigned which)
{
	int64_t ns = vol->fs->env.now_ns();
	struct skyaifs_time t = { ns / 1000000000, (uint32_t)(ns % 1000000000) };
	if (which & SKYAIFS_SET_ATIME)
		time_store(in->raw + 48, &t);
	if (which & SKYAIFS_SET_MTIME)
		time_store(in->raw + 60, &t);
	if (which & SKYAIFS_SET_CTIME)
		time_store(in->raw + 72, &t);
}

int vol_writable(struct skyaifs_vol *vol)
{
	int err = fs_writable(vol->fs);
	return err ? err : vol->writable ? 0 : SKYAIFS_EROFS;
}

int skyaifs_getattr(struct skyaifs_vol *vol, uint64_t ino, struct skyaifs_stat *st)
{
	struct inode in;
	int err = inode_get(vol, ino, &in);
	if (!err)
		inode_stat(&in, ino, st);
	return err;
}

/* The directory `dir`, checked to be one. */
static int dir_get(struct skyaifs_vol *vol, uint64_t dir, struct inode *in)
{
	int err = inode_get(vol, dir, in);
	if (err)
		return err;
	return is_dir(in) ? 0 : SKYAIFS_ENOTDIR;
}

int skyaifs_lookup(struct skyaifs_vol *vol, uint64_t dir, const char *name, struct skyaifs_stat *st)
{
	struct inode d;
	int err = dir_get(vol, dir, &d);
	if (err)
		return err;
	uint64_t ino;
	if (strcmp(name, ".") == 0)
		ino = dir;
	else if (strcmp(name, "..") == 0)
		ino = dir == vol->root_ino ? dir : ld64(d.raw + 40);
	else if (strnlen(name, SKYAIFS_NAME_MAX + 1) > SKYAIFS_NAME_MAX)
		return SKYAIFS_ENAMETOOLONG;
	else if ((err = dir_find(vol, dir, name, &ino, NULL)) != 0)
		return err;
	return skyaifs_getattr(vol, ino, st);
}

/* Make inode `*ino` named `name` in `dir`: the checks, then the changes. */
static int inode_create(struct skyaifs_vol *vol, uint64_t dir, const char *name, uint32_t mode,
			uint64_t rdev, uint32_t uid, uint32_t gid, struct inode *in, uint64_t *ino)
{
	struct inode d;
	uint64_t other;
	int err = vol_writable(vol);
	if (err || (err = dir_get(vol, dir, &d)) != 0 || (err = name_check(name)) != 0)
		return err;
	if ((err = dir_find(vol, dir, name, &other, NULL)) != SKYAIFS_ENOENT)
		return err ? err : SKYAIFS_EEXIST;
	bool mkdir = (mode & SKYAIFS_S_IFMT) == SKYAIFS_S_IFDIR;
	if (mkdir && inode_nlink(&d) >= LINK_MAX)
		return SKYAIFS_EMLINK;
	if ((err = space_reserve(vol->fs, 0, false)) != 0)
		return err;
	*ino = vol->next_ino;
	memset(in, 0, sizeof *in);
	st32(in->raw + 0, mode);
	st32(in->raw + 4, uid);
	st32(in->raw + 8, gid);
	st32(in->raw + 12, mkdir ? 2 : 1);
	st64(in->raw + 32, rdev);
	st64(in->raw + 40, dir);
	st64(in->raw + 96, vol->fs->txg);
	inode_touch(vol, in, SKYAIFS_SET_ATIME | SKYAIFS_SET_MTIME | SKYAIFS_SET_CTIME);
	memcpy(in->raw + 84, in->raw + 72, 12);
	if ((err = keys_new_file(vol->fs, *ino, in->raw + INODE_KEY)) != 0 ||
	    (err = inode_put(vol, *ino, in)) != 0 ||
	    (err = dir_add(vol, dir, name, *ino, mode)) != 0)
		return err;
	if (mkdir)
		st32(d.raw + 12, inode_nlink(&d) + 1);
	inode_touch(vol, &d, SKYAIFS_SET_MTIME | SKYAIFS_SET_CTIME);
	if ((err = inode_put(vol, dir, &d)) != 0)
		return err;
	vol->next_ino++;
	vol->inodes++;
	vol->record_dirty = true;
	return 0;
}

int skyaifs_mknod(struct skyaifs_vol *vol, uint64_t dir, const char *name, uint32_t mode,
		  uint64_t rdev, uint32_t uid, uint32_t gid, struct skyaifs_stat *st)
{
	uint32_t type = mode & SKYAIFS_S_IFMT;
	if (type == 0)
		mode |= type = SKYAIFS_S_IFREG;
	if (type != SKYAIFS_S_IFREG && type != SKYAIFS_S_IFIFO && type != SKYAIFS_S_IFCHR &&
	    type != SKYAIFS_S_IFBLK && type != SKYAIFS_S_IFSOCK)
		return SKYAIFS_EINVAL;
	struct inode in;
	uint64_t ino;
	int err = inode_create(vol, dir, name, mode & (SKYAIFS_S_IFMT | 07777), rdev, uid, gid, &in,
			       &ino);
	if (!err && st)
		inode_stat(&in, ino, st);
	return err;
}

int skyaifs_mkdir(struct skyaifs_vol *vol, uint64_t dir, const char *name, uint32_t mode,
		  uint32_t uid, uint32_t gid, struct skyaifs_stat *st)
{
	struct inode in;
	uint64_t ino;
	int err = inode_create(vol, dir, name, SKYAIFS_S_IFDIR | (mode & 07777), 0, uid, gid, &in,
			       &ino);
	if (!err && st)
		inode_stat(&in, ino, st);
	return err;
}

int skyaifs_symlink(struct skyaifs_vol *vol, uint64_t dir, const char *name, const char *target,
		    uint32_t uid, uint32_t gid, struct skyaifs_stat *st)
{
	size_t len = strnlen(target, SKYAIFS_SYMLINK_MAX + 1);
	if (len == 0)
		return SKYAIFS_ENOENT;
	if (len > SKYAIFS_SYMLINK_MAX)
		return SKYAIFS_ENAMETOOLONG;
	int err = space_reserve(vol->fs, 1, false);
	struct inode in;
	uint64_t ino;
	if (err || (err = inode_create(vol, dir, name, SKYAIFS_S_IFLNK | 0777, 0, uid, gid, &in,
				       &ino)) != 0)
		return err;
	long n = skyaifs_write(vol, ino, 0, target, len);
	if (n < 0)
		return (int)n;
	return st ? skyaifs_getattr(vol, ino, st) : 0;
}

int skyaifs_readlink(struct skyaifs_vol *vol, uint64_t ino, char *buf, size_t size)
{
	struct inode in;
	int err = inode_get(vol, ino, &in);
	if (err)
		return err;
	if ((inode_mode(&in) & SKYAIFS_S_IFMT) != SKYAIFS_S_IFLNK)
		return SKYAIFS_EINVAL;
	uint64_t len = inode_size(&in);
	if (len > SKYAIFS_SYMLINK_MAX)
		return SKYAIFS_EUCLEAN;
	if (len > size)
		return SKYAIFS_ERANGE;
	long n = skyaifs_read(vol, ino, 0, buf, (size_t)len);
	return n < 0 ? (int)n : n == (long)len ? (int)n : SKYAIFS_EUCLEAN;
}

int skyaifs_link(struct skyaifs_vol *vol, uint64_t ino, uint64_t dir, const char *name,
		 struct skyaifs_stat *st)
{
	struct inode in, d;
	uint64_t other;
	int err = vol_writable(vol);
	if (err || (err = inode_get(vol, ino, &in)) != 0 || (err = dir_get(vol, dir, &d)) != 0 ||
	    (err = name_check(name)) != 0)
		return err;
	if (is_dir(&in))
		return SKYAIFS_EPERM;
	if (inode_nlink(&in) >= LINK_MAX)
		return SKYAIFS_EMLINK;
	if ((err = dir_find(vol, dir, name, &other, NULL)) != SKYAIFS_ENOENT)
		return err ? err : SKYAIFS_EEXIST;
	if ((err = space_reserve(vol->fs, 0, false)) != 0 ||
	    (err = dir_add(vol, dir, name, ino, inode_mode(&in))) != 0)
		return err;
	st32(in.raw + 12, inode_nlink(&in) + 1);
	inode_touch(vol, &in, SKYAIFS_SET_CTIME);
	inode_touch(vol, &d, SKYAIFS_SET_MTIME | SKYAIFS_SET_CTIME);
	if ((err = inode_put(vol, ino, &in)) != 0 || (err = inode_put(vol, dir, &d)) != 0)
		return err;
	if (st)
		inode_stat(&in, ino, st);
	return 0;
}

/* The link that holds `ino`'s reference in its chain (*link is NULL when there is none). */
static struct open_ref **ref_link(struct skyaifs_vol *vol, uint64_t ino)
{
	struct open_ref **pp = &vol->refs[ino % REF_BUCKETS];
	while (*pp && (*pp)->ino != ino)
		pp = &(*pp)->next;
	return pp;
}

static bool ref_held(struct skyaifs_vol *vol, uint64_t ino)
{
	return vol->refs && *ref_link(vol, ino);
}

int skyaifs_ref(struct skyaifs_vol *vol, uint64_t ino)
{
	if (!vol->refs && !(vol->refs = fs_zalloc(vol->fs, REF_BUCKETS * sizeof *vol->refs)))
		return SKYAIFS_ENOMEM;
	struct open_ref **pp = ref_link(vol, ino);
	if (!*pp) {
		if (!(*pp = fs_zalloc(vol->fs, sizeof **pp)))
			return SKYAIFS_ENOMEM;
		(*pp)->ino = ino;
		vol->ref_count++;
	}
	(*pp)->count++;
	return 0;
}

int skyaifs_unref(struct skyaifs_vol *vol, uint64_t ino)
{
	struct open_ref **pp = vol->refs ? ref_link(vol, ino) : NULL;
	if (!pp || !*pp)
		return SKYAIFS_EINVAL;
	struct open_ref *r = *pp;
	if (--r->count)
		return 0;
	*pp = r->next;
	vol->ref_count--;
	fs_free(vol->fs, r);
	struct inode in;
	int err = inode_get(vol, ino, &in);
	if (err == SKYAIFS_ENOENT)
		return 0;
	if (err || inode_nlink(&in) != 0 || vol_writable(vol))
		return err;
	return inode_release(vol, ino);
}

int inode_release(struct skyaifs_vol *vol, uint64_t ino)
{
	struct key orphan = { .obj = ORPHAN_OBJ, .type = KT_ORPHAN, .off = ino };
	struct key k = inode_key(ino);
	int err = file_free_blocks(vol, ino, 0);
	if (err || (err = xattr_remove_all(vol, ino)) != 0)
		return err;
	err = tree_delete(&vol->tree, &k);
	if (err && err != SKYAIFS_ENOENT)
		return err;
	err = tree_delete(&vol->tree, &orphan);
	if (err && err != SKYAIFS_ENOENT)
		return err;
	keys_forget(vol, ino);
	ra_forget_file(vol, ino);
	if (vol->inodes)
		vol->inodes--;
	vol->record_dirty = true;
	return 0;
}

/* One name of `in` is gone: free it, or keep it as an orphan while it is open. */
static int inode_unlinked(struct skyaifs_vol *vol, uint64_t ino, struct inode *in,
			  uint32_t names_gone)
{
	uint32_t n = inode_nlink(in);
	n = n > names_gone ? n - names_gone : 0;
	if (is_dir(in) && n == 1)
		n = 0; /* an empty directory's own "." */
	st32(in->raw + 12, n);
	inode_touch(vol, in, SKYAIFS_SET_CTIME);
	if (n > 0 || ref_held(vol, ino)) {
		int err = inode_put(vol, ino, in);
		if (err || n > 0)
			return err;
		struct key orphan = { .obj = ORPHAN_OBJ, .type = KT_ORPHAN, .off = ino };
		return tree_put(&vol->tree, &orphan, NULL, 0);
	}
	return inode_release(vol, ino);
}

static int remove_name(struct skyaifs_vol *vol, uint64_t dir, const char *name, bool want_dir)
{
	struct inode d, in;
	uint64_t ino;
	int err = vol_writable(vol);
	if (err || (err = dir_get(vol, dir, &d)) != 0)
		return err;
	if (want_dir && strcmp(name, ".") == 0)
		return SKYAIFS_EINVAL;
	if (want_dir && strcmp(name, "..") == 0)
		return SKYAIFS_ENOTEMPTY;
	if (strnlen(name, SKYAIFS_NAME_MAX + 1) > SKYAIFS_NAME_MAX)
		return SKYAIFS_ENAMETOOLONG;
	if ((err = dir_find(vol, dir, name, &ino, NULL)) != 0 ||
	    (err = inode_get(vol, ino, &in)) != 0)
		return err;
	if (want_dir && !is_dir(&in))
		return SKYAIFS_ENOTDIR;
	if (!want_dir && is_dir(&in))
		return SKYAIFS_EISDIR;
	if (want_dir && (err = dir_is_empty(vol, ino)) != 1)
		return err < 0 ? err : SKYAIFS_ENOTEMPTY;
	if ((err = space_reserve(vol->fs, 0, true)) != 0 || (err = dir_remove(vol, dir, name)) != 0)
		return err;
	if (want_dir)
		st32(d.raw + 12, inode_nlink(&d) - 1);
	inode_touch(vol, &d, SKYAIFS_SET_MTIME | SKYAIFS_SET_CTIME);
	if ((err = inode_put(vol, dir, &d)) != 0)
		return err;
	return inode_unlinked(vol, ino, &in, 1);
}

int skyaifs_unlink(struct skyaifs_vol *vol, uint64_t dir, const char *name)
{
	return remove_name(vol, dir, name, false);
}

int skyaifs_rmdir(struct skyaifs_vol *vol, uint64_t dir, const char *name)
{
	return remove_name(vol, dir, name, true);
}

static const unsigned settable = SKYAIFS_SET_MODE | SKYAIFS_SET_UID | SKYAIFS_SET_GID |
				 SKYAIFS_SET_SIZE | SKYAIFS_SET_ATIME | SKYAIFS_SET_MTIME |
				 SKYAIFS_SET_CTIME;

int skyaifs_setattr(struct skyaifs_vol *vol, uint64_t ino, unsigned valid,
		    const struct skyaifs_stat *attr, struct skyaifs_stat *st)
{
	struct inode in;
	int err = vol_writable(vol);
	if (err || (err = inode_get(vol, ino, &in)) != 0)
		return err;
	if (valid & ~settable)
		return SKYAIFS_EINVAL;
	if (valid & SKYAIFS_SET_SIZE) {
		uint32_t type = inode_mode(&in) & SKYAIFS_S_IFMT;
		if (type == SKYAIFS_S_IFDIR)
			return SKYAIFS_EISDIR;
		if (type != SKYAIFS_S_IFREG)
			return SKYAIFS_EINVAL;
		if (attr->size > SKYAIFS_FILE_SIZE_MAX)
			return SKYAIFS_EFBIG;
		if ((err = file_truncate(vol, ino, &in, attr->size)) != 0)
			return err;
	}
	if (valid & SKYAIFS_SET_MODE)
		st32(in.raw, (inode_mode(&in) & SKYAIFS_S_IFMT) | (attr->mode & 07777));
	if (valid & SKYAIFS_SET_UID)
		st32(in.raw + 4, attr->uid);
	if (valid & SKYAIFS_SET_GID)
		st32(in.raw + 8, attr->gid);
	if (valid & SKYAIFS_SET_ATIME)
		time_store(in.raw + 48, &attr->atime);
	if (valid & SKYAIFS_SET_MTIME)
		time_store(in.raw + 60, &attr->mtime);
	if (valid & SKYAIFS_SET_CTIME)
		time_store(in.raw + 72, &attr->ctime);
	else
		inode_touch(vol, &in, SKYAIFS_SET_CTIME);
	if ((err = space_reserve(vol->fs, 0, true)) != 0 || (err = inode_put(vol, ino, &in)) != 0)
		return err;
	if (st)
		inode_stat(&in, ino, st);
	return 0;
}

/* Is `dir` inside the subtree of directory `top` (or `top` itself)? */
int inode_is_within(struct skyaifs_vol *vol, uint64_t dir, uint64_t top)
{
	for (int depth = 0; depth < 4096; depth++) {
		if (dir == top)
			return 1;
		struct inode in;
		int err = inode_get(vol, dir, &in);
		if (err)
			return err;
		uint64_t parent = ld64(in.raw + 40);
		if (parent == dir)
			return 0;
		dir = parent;
	}
	return SKYAIFS_EUCLEAN;
}

struct rename_side {
	uint64_t dir, ino;
	const char *name;
	struct inode d, in;
	bool exists;
};

static int rename_load(struct skyaifs_vol *vol, struct rename_side *s)
{
	int err = dir_get(vol, s->dir, &s->d);
	if (err)
		return err;
	if (strcmp(s->name, ".") == 0 || strcmp(s->name, "..") == 0)
		return SKYAIFS_EBUSY;
	if (strnlen(s->name, SKYAIFS_NAME_MAX + 1) > SKYAIFS_NAME_MAX)
		return SKYAIFS_ENAMETOOLONG;
	if (strchr(s->name, '/') || s->name[0] == '\0')
		return SKYAIFS_EINVAL;
	err = dir_find(vol, s->dir, s->name, &s->ino, NULL);
	if (err == SKYAIFS_ENOENT) {
		s->exists = false;
		return 0;
	}
	s->exists = true;
	return err ? err : inode_get(vol, s->ino, &s->in);
}

/* Re-point one directory entry and, for a directory that changed parent, its "..". */
static int rename_move(struct skyaifs_vol *vol, struct rename_side *from, struct rename_side *to)
{
	int err;
	if (to->exists && (err = dir_remove(vol, to->dir, to->name)) != 0)
		return err;
	if ((err = dir_remove(vol, from->dir, from->name)) != 0 ||
	    (err = dir_add(vol, to->dir, to->name, from->ino, inode_mode(&from->in))) != 0)
		return err;
	return 0;
}

int skyaifs_rename(struct skyaifs_vol *vol, uint64_t olddir, const char *oldname, uint64_t newdir,
		   const char *newname, unsigned flags)
{
	struct rename_side a = { .dir = olddir, .name = oldname },
			   b = { .dir = newdir, .name = newname };
	int err = vol_writable(vol);
	if (err)
		return err;
	if ((flags & ~(SKYAIFS_RENAME_NOREPLACE | SKYAIFS_RENAME_EXCHANGE)) ||
	    flags == (SKYAIFS_RENAME_NOREPLACE | SKYAIFS_RENAME_EXCHANGE))
		return SKYAIFS_EINVAL;
	if ((err = rename_load(vol, &a)) != 0 || (err = rename_load(vol, &b)) != 0)
		return err;
	if (!a.exists)
		return SKYAIFS_ENOENT;
	if (flags & SKYAIFS_RENAME_EXCHANGE) {
		if (!b.exists)
			return SKYAIFS_ENOENT;
	} else if (b.exists && (flags & SKYAIFS_RENAME_NOREPLACE)) {
		return SKYAIFS_EEXIST;
	}
	if (b.exists && a.ino == b.ino)
		return 0; /* two names of one file: POSIX says do nothing */
	bool a_dir = is_dir(&a.in), b_dir = b.exists && is_dir(&b.in);
	/* a directory may not move into its own subtree (either one, for an exchange) */
	if (a_dir && olddir != newdir && (err = inode_is_within(vol, newdir, a.ino)) != 0)
		return err < 0 ? err : SKYAIFS_EINVAL;
	if (b_dir && (flags & SKYAIFS_RENAME_EXCHANGE) && olddir != newdir &&
	    (err = inode_is_within(vol, olddir, b.ino)) != 0)
		return err < 0 ? err : SKYAIFS_EINVAL;
	if (b.exists && !(flags & SKYAIFS_RENAME_EXCHANGE)) {
		if (a_dir && !b_dir)
			return SKYAIFS_ENOTDIR;
		if (!a_dir && b_dir)
			return SKYAIFS_EISDIR;
		if (b_dir && (err = dir_is_empty(vol, b.ino)) != 1)
			return err < 0 ? err : SKYAIFS_ENOTEMPTY;
	}
	if (a_dir && !b_dir && olddir != newdir && ld32(b.d.raw + 12) >= LINK_MAX)
		return SKYAIFS_EMLINK;
	if ((err = space_reserve(vol->fs, 0, false)) != 0)
		return err;

	if (flags & SKYAIFS_RENAME_EXCHANGE) {
		if ((err = dir_remove(vol, olddir, oldname)) != 0 ||
		    (err = dir_remove(vol, newdir, newname)) != 0 ||
		    (err = dir_add(vol, olddir, oldname, b.ino, inode_mode(&b.in))) != 0 ||
		    (err = dir_add(vol, newdir, newname, a.ino, inode_mode(&a.in))) != 0)
			return err;
	} else if ((err = rename_move(vol, &a, &b)) != 0) {
		return err;
	}
	/* link counts and parents; reload the directories, which may be one and the same */
	struct inode od, nd;
	if ((err = inode_get(vol, olddir, &od)) != 0)
		return err;
	int32_t old_delta = 0, new_delta = 0;
	if (flags & SKYAIFS_RENAME_EXCHANGE) {
		if (a_dir != b_dir && olddir != newdir) {
			old_delta = a_dir ? -1 : 1;
			new_delta = -old_delta;
		}
	} else {
		if (a_dir && olddir != newdir) {
			old_delta--;
			new_delta++;
		}
		if (b_dir)
			new_delta--;
	}
	if (olddir == newdir)
		old_delta += new_delta;
	st32(od.raw + 12, (uint32_t)((int32_t)ld32(od.raw + 12) + old_delta));
	inode_touch(vol, &od, SKYAIFS_SET_MTIME | SKYAIFS_SET_CTIME);
	if ((err = inode_put(vol, olddir, &od)) != 0)
		return err;
	if (olddir != newdir) {
		if ((err = inode_get(vol, newdir, &nd)) != 0)
			return err;
		st32(nd.raw + 12, (uint32_t)((int32_t)ld32(nd.raw + 12) + new_delta));
		inode_touch(vol, &nd, SKYAIFS_SET_MTIME | SKYAIFS_SET_CTIME);
		if ((err = inode_put(vol, newdir, &nd)) != 0)
			return err;
	}
	/* the moved inodes: new parent, new ctime */
	st64(a.in.raw + 40, a_dir ? newdir : ld64(a.in.raw + 40));
	inode_touch(vol, &a.in, SKYAIFS_SET_CTIME);
	if ((err = inode_put(vol, a.ino, &a.in)) != 0)
		return err;
	if (flags & SKYAIFS_RENAME_EXCHANGE) {
		st64(b.in.raw + 40, b_dir ? olddir : ld64(b.in.raw + 40));
		inode_touch(vol, &b.in, SKYAIFS_SET_CTIME);
		return inode_put(vol, b.ino, &b.in);
	}
	return b.exists ? inode_unlinked(vol, b.ino, &b.in, 1) : 0;
}
