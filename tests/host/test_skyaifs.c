/*
 * test_skyaifs — unit tests of the SKYAIFS structures through the library
 * interface, on a volume in memory: B+tree growth and shrinkage (many
 * items, splits, merges, a directory of 100,000 entries), files (sparse,
 * 2^40 bytes, truncate), names (links, symlinks, rename cases), extended
 * attributes, commit and remount, free-space accounting, encryption keys.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "skyaifs/check.h"
#include "skyaifs/anomaly.h"
#include "skyaifs/internal.h"

struct memdev {
	uint8_t *blocks;
	uint64_t count;
	unsigned flushes;
};

static int mem_read(void *ctx, const struct skyaifs_io *io, size_t n)
{
	struct memdev *m = ctx;
	for (size_t i = 0; i < n; i++) {
		if (io[i].block >= m->count)
			return SKYAIFS_EIO;
		memcpy(io[i].buf, m->blocks + io[i].block * SKYAIFS_BLOCK_SIZE, SKYAIFS_BLOCK_SIZE);
	}
	return 0;
}

static int mem_write(void *ctx, const struct skyaifs_io *io, size_t n)
{
	struct memdev *m = ctx;
	for (size_t i = 0; i < n; i++) {
		if (io[i].block >= m->count)
			return SKYAIFS_EIO;
		memcpy(m->blocks + io[i].block * SKYAIFS_BLOCK_SIZE, io[i].buf, SKYAIFS_BLOCK_SIZE);
	}
	return 0;
}

static int mem_flush(void *ctx)
{
	((struct memdev *)ctx)->flushes++;
	return 0;
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int fake_random(void *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		((uint8_t *)buf)[i] = (uint8_t)next_rand();
	return 0;
}

static int64_t clock_ns = 1700000000ll * 1000000000ll;
static int64_t fake_now(void)
{
	return clock_ns += 1000;
}

static const struct skyaifs_env env = { malloc, free, fake_random, fake_now };
static struct memdev mem;
static struct skyaifs_device dev;

static void memdev_new(uint64_t blocks)
{
	free(mem.blocks);
	mem.blocks = calloc(blocks, SKYAIFS_BLOCK_SIZE);
	mem.count = blocks;
	dev = (struct skyaifs_device){ &mem, blocks, mem_read, mem_write, mem_flush };
}

static struct skyaifs *fs;
static struct skyaifs_vol *vol;

static int mount_main(const char *key)
{
	int err = skyaifs_mount(&fs, &dev, &env, (const uint8_t *)key, key ? strlen(key) : 0, 0);
	if (err)
		return err;
	return skyaifs_vol_open(fs, "main", &vol);
}

static void fresh(uint64_t blocks, const char *key)
{
	memdev_new(blocks);
	struct skyaifs_format_options opt = { (const uint8_t *)key, key ? strlen(key) : 0, 16 };
	EXPECT(skyaifs_format(&dev, &env, &opt) == 0);
	EXPECT(mount_main(key) == 0);
}

static void remount(const char *key)
{
	skyaifs_vol_close(vol);
	EXPECT(skyaifs_unmount(fs) == 0);
	EXPECT(mount_main(key) == 0);
}

static void done(void)
{
	skyaifs_vol_close(vol);
	EXPECT(skyaifs_unmount(fs) == 0);
}

static uint64_t create(uint64_t dir, const char *name)
{
	struct skyaifs_stat st;
	int err = skyaifs_mknod(vol, dir, name, 0100644, 0, 1000, 1000, &st);
	EXPECT(err == 0);
	return err ? 0 : st.ino;
}

static void test_empty_volume(void)
{
	fresh(4096, NULL);
	struct skyaifs_stat st;
	EXPECT(skyaifs_getattr(vol, SKYAIFS_ROOT_INO, &st) == 0);
	EXPECT(st.mode == (0040000 | 0755) && st.nlink == 2);
	struct skyaifs_statfs sf;
	EXPECT(skyaifs_statfs(fs, &sf) == 0);
	EXPECT(sf.blocks == 4096 && sf.blocks_free > 3500 && sf.blocks_avail <= sf.blocks_free);
	EXPECT(skyaifs_lookup(vol, SKYAIFS_ROOT_INO, "nothing", &st) == SKYAIFS_ENOENT);
	remount(NULL);
	EXPECT(skyaifs_getattr(vol, SKYAIFS_ROOT_INO, &st) == 0);
	done();
}

static void test_file_data(void)
{
	fresh(8192, NULL);
	uint64_t ino = create(SKYAIFS_ROOT_INO, "f");
	static uint8_t buf[300000], back[300000];
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (uint8_t)(i * 7 + i / 4096);
	EXPECT(skyaifs_write(vol, ino, 1000, buf, sizeof buf) == (long)sizeof buf);
	EXPECT(skyaifs_read(vol, ino, 1000, back, sizeof back) == (long)sizeof back);
	EXPECT(memcmp(buf, back, sizeof buf) == 0);
	/* the first 1000 bytes are a hole inside a block: zeros */
	EXPECT(skyaifs_read(vol, ino, 0, back, 1000) == 1000);
	EXPECT(back[0] == 0 && back[999] == 0);
	remount(NULL);
	memset(back, 0, sizeof back);
	EXPECT(skyaifs_read(vol, ino, 1000, back, sizeof back) == (long)sizeof back);
	EXPECT(memcmp(buf, back, sizeof buf) == 0);
	/* truncate into a block, then grow: the cut-off bytes read as zeros */
	struct skyaifs_stat a = { .size = 5000 }, st;
	EXPECT(skyaifs_setattr(vol, ino, SKYAIFS_SET_SIZE, &a, &st) == 0 && st.size == 5000);
	a.size = 9000;
	EXPECT(skyaifs_setattr(vol, ino, SKYAIFS_SET_SIZE, &a, &st) == 0);
	EXPECT(skyaifs_read(vol, ino, 0, back, 9000) == 9000);
	EXPECT(memcmp(back + 1000, buf, 4000) == 0 && back[5000] == 0 && back[8999] == 0);
	done();
}

static void test_sparse_huge(void)
{
	fresh(4096, NULL);
	uint64_t ino = create(SKYAIFS_ROOT_INO, "sparse");
	const uint64_t tb = 1ull << 40;
	EXPECT(skyaifs_write(vol, ino, tb - 3, "abcdef", 6) == 6);
	struct skyaifs_stat st;
	EXPECT(skyaifs_getattr(vol, ino, &st) == 0 && st.size == tb + 3);
	EXPECT(st.blocks <= 2 * 8); /* two data blocks */
	char b[8] = { 0 };
	EXPECT(skyaifs_read(vol, ino, tb - 3, b, 8) == 6 && memcmp(b, "abcdef", 6) == 0);
	EXPECT(skyaifs_read(vol, ino, tb / 2, b, 8) == 8 && b[0] == 0 && b[7] == 0);
	EXPECT(skyaifs_write(vol, ino, SKYAIFS_FILE_SIZE_MAX, "x", 1) == SKYAIFS_EFBIG);
	done();
}

static int count_entry(void *ctx, const struct skyaifs_dirent *e)
{
	(void)e;
	(*(unsigned *)ctx)++;
	return 0;
}

static void test_big_directory(void)
{
	fresh(65536, NULL);
	char name[32];
	struct skyaifs_stat st;
	EXPECT(skyaifs_mkdir(vol, SKYAIFS_ROOT_INO, "big", 0755, 0, 0, &st) == 0);
	uint64_t dir = st.ino;
	for (unsigned i = 0; i < 100000 && !case_failed; i++) {
		snprintf(name, sizeof name, "file-%u", i);
		EXPECT(skyaifs_mknod(vol, dir, name, 0100600, 0, 0, 0, NULL) == 0);
	}
	EXPECT(skyaifs_lookup(vol, dir, "file-77777", &st) == 0);
	unsigned n = 0;
	EXPECT(skyaifs_readdir(vol, dir, 0, count_entry, &n) == 0 && n == 100002);
	remount(NULL);
	EXPECT(skyaifs_lookup(vol, dir, "file-99999", &st) == 0);
	for (unsigned i = 0; i < 100000 && !case_failed; i += 2) {
		snprintf(name, sizeof name, "file-%u", i);
		EXPECT(skyaifs_unlink(vol, dir, name) == 0);
	}
	n = 0;
	EXPECT(skyaifs_readdir(vol, dir, 0, count_entry, &n) == 0 && n == 50002);
	EXPECT(skyaifs_lookup(vol, dir, "file-2", &st) == SKYAIFS_ENOENT);
	EXPECT(skyaifs_lookup(vol, dir, "file-3", &st) == 0);
	done();
}

static void test_names(void)
{
	fresh(4096, NULL);
	struct skyaifs_stat st, st2;
	uint64_t f = create(SKYAIFS_ROOT_INO, "a");
	EXPECT(skyaifs_mknod(vol, SKYAIFS_ROOT_INO, "a", 0100644, 0, 0, 0, NULL) == SKYAIFS_EEXIST);
	EXPECT(skyaifs_link(vol, f, SKYAIFS_ROOT_INO, "b", &st) == 0 && st.nlink == 2);
	EXPECT(skyaifs_mkdir(vol, SKYAIFS_ROOT_INO, "d", 0755, 0, 0, &st) == 0);
	uint64_t d = st.ino;
	EXPECT(skyaifs_link(vol, d, SKYAIFS_ROOT_INO, "dl", NULL) == SKYAIFS_EPERM);
	EXPECT(skyaifs_symlink(vol, d, "s", "../a", 0, 0, &st) == 0 && st.size == 4);
	char t[16];
	EXPECT(skyaifs_readlink(vol, st.ino, t, sizeof t) == 4 && memcmp(t, "../a", 4) == 0);
	EXPECT(skyaifs_rmdir(vol, SKYAIFS_ROOT_INO, "d") == SKYAIFS_ENOTEMPTY);
	EXPECT(skyaifs_unlink(vol, SKYAIFS_ROOT_INO, "d") == SKYAIFS_EISDIR);
	/* rename over an existing file: atomic, the old target's inode goes */
	EXPECT(skyaifs_rename(vol, SKYAIFS_ROOT_INO, "b", d, "moved", 0) == 0);
	EXPECT(skyaifs_lookup(vol, d, "moved", &st) == 0 && st.ino == f && st.nlink == 2);
	uint64_t g = create(SKYAIFS_ROOT_INO, "g");
	EXPECT(skyaifs_rename(vol, SKYAIFS_ROOT_INO, "g", d, "moved", 0) == 0);
	EXPECT(skyaifs_lookup(vol, d, "moved", &st) == 0 && st.ino == g);
	EXPECT(skyaifs_getattr(vol, f, &st) == 0 && st.nlink == 1);
	/* a directory cannot go into itself; NOREPLACE and EXCHANGE */
	EXPECT(skyaifs_mkdir(vol, d, "sub", 0755, 0, 0, &st) == 0);
	EXPECT(skyaifs_rename(vol, SKYAIFS_ROOT_INO, "d", st.ino, "x", 0) == SKYAIFS_EINVAL);
	EXPECT(skyaifs_rename(vol, SKYAIFS_ROOT_INO, "a", d, "moved", SKYAIFS_RENAME_NOREPLACE) ==
	       SKYAIFS_EEXIST);
	EXPECT(skyaifs_rename(vol, SKYAIFS_ROOT_INO, "a", d, "moved", SKYAIFS_RENAME_EXCHANGE) ==
	       0);
	EXPECT(skyaifs_lookup(vol, SKYAIFS_ROOT_INO, "a", &st) == 0 && st.ino == g);
	EXPECT(skyaifs_lookup(vol, d, "moved", &st) == 0 && st.ino == f);
	/* directory link counts follow moves */
	EXPECT(skyaifs_getattr(vol, d, &st) == 0 && st.nlink == 3);
	EXPECT(skyaifs_rename(vol, d, "sub", SKYAIFS_ROOT_INO, "sub", 0) == 0);
	EXPECT(skyaifs_getattr(vol, d, &st) == 0 && st.nlink == 2);
	EXPECT(skyaifs_getattr(vol, SKYAIFS_ROOT_INO, &st2) == 0 && st2.nlink == 4);
	EXPECT(skyaifs_rmdir(vol, SKYAIFS_ROOT_INO, "sub") == 0);
	EXPECT(skyaifs_getattr(vol, SKYAIFS_ROOT_INO, &st2) == 0 && st2.nlink == 3);
	remount(NULL);
	EXPECT(skyaifs_lookup(vol, d, "s", &st) == 0 && (st.mode & 0170000) == 0120000);
	done();
}

static void test_open_unlinked(void)
{
	fresh(4096, NULL);
	uint64_t f = create(SKYAIFS_ROOT_INO, "f");
	EXPECT(skyaifs_write(vol, f, 0, "data", 4) == 4);
	EXPECT(skyaifs_ref(vol, f) == 0);
	EXPECT(skyaifs_unlink(vol, SKYAIFS_ROOT_INO, "f") == 0);
	char b[4];
	EXPECT(skyaifs_read(vol, f, 0, b, 4) == 4 && memcmp(b, "data", 4) == 0);
	EXPECT(skyaifs_unref(vol, f) == 0);
	struct skyaifs_stat st;
	EXPECT(skyaifs_getattr(vol, f, &st) == SKYAIFS_ENOENT);
	/* an orphan left by a crash (here: an unmount with the file open) goes at the next mount */
	uint64_t g = create(SKYAIFS_ROOT_INO, "g");
	EXPECT(skyaifs_ref(vol, g) == 0);
	EXPECT(skyaifs_unlink(vol, SKYAIFS_ROOT_INO, "g") == 0);
	remount(NULL);
	EXPECT(skyaifs_getattr(vol, g, &st) == SKYAIFS_ENOENT);
	done();
}

static void test_xattrs(void)
{
	fresh(4096, NULL);
	uint64_t f = create(SKYAIFS_ROOT_INO, "f");
	char v[2000];
	EXPECT(skyaifs_setxattr(vol, f, "user.a", "1", 1, 0) == 0);
	EXPECT(skyaifs_setxattr(vol, f, "user.a", "22", 2, SKYAIFS_XATTR_CREATE) == SKYAIFS_EEXIST);
	EXPECT(skyaifs_setxattr(vol, f, "user.b", "22", 2, SKYAIFS_XATTR_REPLACE) ==
	       SKYAIFS_ENODATA);
	EXPECT(skyaifs_setxattr(vol, f, "user.a", "22", 2, SKYAIFS_XATTR_REPLACE) == 0);
	EXPECT(skyaifs_getxattr(vol, f, "user.a", NULL, 0) == 2);
	EXPECT(skyaifs_getxattr(vol, f, "user.a", v, 1) == SKYAIFS_ERANGE);
	EXPECT(skyaifs_getxattr(vol, f, "user.a", v, sizeof v) == 2 && memcmp(v, "22", 2) == 0);
	EXPECT(skyaifs_setxattr(vol, f, "user.b", v, SKYAIFS_XATTR_VALUE_MAX + 1, 0) ==
	       SKYAIFS_E2BIG);
	memset(v, 'x', sizeof v);
	EXPECT(skyaifs_setxattr(vol, f, "user.big", v, SKYAIFS_XATTR_VALUE_MAX, 0) == 0);
	EXPECT(skyaifs_listxattr(vol, f, NULL, 0) == 16);
	char list[32];
	EXPECT(skyaifs_listxattr(vol, f, list, sizeof list) == 16);
	remount(NULL);
	EXPECT(skyaifs_getxattr(vol, f, "user.big", v, sizeof v) == (int)SKYAIFS_XATTR_VALUE_MAX);
	EXPECT(skyaifs_removexattr(vol, f, "user.a") == 0);
	EXPECT(skyaifs_removexattr(vol, f, "user.a") == SKYAIFS_ENODATA);
	EXPECT(skyaifs_listxattr(vol, f, NULL, 0) == 9);
	done();
}

static void test_free_space(void)
{
	fresh(2048, NULL);
	struct skyaifs_statfs before, during, after;
	EXPECT(skyaifs_statfs(fs, &before) == 0);
	uint64_t f = create(SKYAIFS_ROOT_INO, "f");
	static uint8_t buf[1 << 20];
	memset(buf, 0x5a, sizeof buf);
	EXPECT(skyaifs_write(vol, f, 0, buf, sizeof buf) == (long)sizeof buf);
	EXPECT(skyaifs_sync(fs) == 0);
	EXPECT(skyaifs_statfs(fs, &during) == 0);
	EXPECT(before.blocks_free - during.blocks_free >= 256);
	EXPECT(skyaifs_unlink(vol, SKYAIFS_ROOT_INO, "f") == 0);
	/* freed blocks wait two commits */
	EXPECT(skyaifs_sync(fs) == 0 && skyaifs_sync(fs) == 0);
	struct skyaifs_stat st;
	(void)st;
	create(SKYAIFS_ROOT_INO, "touch"); /* something to commit */
	EXPECT(skyaifs_sync(fs) == 0);
	create(SKYAIFS_ROOT_INO, "touch2");
	EXPECT(skyaifs_sync(fs) == 0);
	EXPECT(skyaifs_statfs(fs, &after) == 0);
	EXPECT(after.blocks_free + 16 >= before.blocks_free);
	/* fill the volume: ENOSPC, and everything already there still reads back */
	uint64_t g = create(SKYAIFS_ROOT_INO, "g");
	long n;
	uint64_t off = 0;
	while ((n = skyaifs_write(vol, g, off, buf, sizeof buf)) > 0)
		off += (uint64_t)n;
	EXPECT(n == SKYAIFS_ENOSPC);
	EXPECT(skyaifs_sync(fs) == 0);
	remount(NULL);
	EXPECT(skyaifs_getattr(vol, g, &st) == 0 && st.size == off);
	static uint8_t back[1 << 20];
	EXPECT(skyaifs_read(vol, g, 0, back, sizeof back) == (long)sizeof back &&
	       memcmp(back, buf, sizeof buf) == 0);
	EXPECT(skyaifs_unlink(vol, SKYAIFS_ROOT_INO, "g") == 0);
	EXPECT(skyaifs_write(vol, f == 0 ? 0 : create(SKYAIFS_ROOT_INO, "h"), 0, buf, 4096) ==
	       4096);
	done();
}

static void test_encrypted(void)
{
	fresh(4096, "correct horse");
	uint64_t f = create(SKYAIFS_ROOT_INO, "secret-name");
	EXPECT(skyaifs_write(vol, f, 0, "attack at dawn", 14) == 14);
	done();
	/* neither the name nor the contents are on the disk in the clear */
	int found = 0;
	for (uint64_t i = 0; i + 14 <= mem.count * SKYAIFS_BLOCK_SIZE; i++)
		if (memcmp(mem.blocks + i, "attack at dawn", 14) == 0 ||
		    memcmp(mem.blocks + i, "secret-name", 11) == 0)
			found = 1;
	EXPECT(!found);
	struct skyaifs *x;
	EXPECT(skyaifs_mount(&x, &dev, &env, (const uint8_t *)"wrong", 5, 0) == SKYAIFS_EACCES);
	EXPECT(skyaifs_mount(&x, &dev, &env, NULL, 0, 0) == SKYAIFS_EINVAL);
	EXPECT(mount_main("correct horse") == 0);
	char b[14];
	struct skyaifs_stat st;
	EXPECT(skyaifs_lookup(vol, SKYAIFS_ROOT_INO, "secret-name", &st) == 0);
	EXPECT(skyaifs_read(vol, st.ino, 0, b, 14) == 14 && memcmp(b, "attack at dawn", 14) == 0);
	done();
}

static void test_snapshot_clone(void)
{
	fresh(8192, NULL);
	uint64_t f = create(SKYAIFS_ROOT_INO, "f");
	EXPECT(skyaifs_write(vol, f, 0, "original", 8) == 8);
	struct skyaifs_stat st;
	EXPECT(skyaifs_mkdir(vol, SKYAIFS_ROOT_INO, "sub", 0755, 0, 0, &st) == 0);
	uint64_t sub = st.ino;
	EXPECT(skyaifs_write(vol, create(sub, "inner"), 0, "in", 2) == 2);
	EXPECT(skyaifs_vol_create_from(fs, "main", 0, "snap", false) == 0);
	EXPECT(skyaifs_vol_create_from(fs, "main", 0, "clone", true) == 0);
	EXPECT(skyaifs_vol_create_from(fs, "main", sub, "subclone", true) == 0);
	EXPECT(skyaifs_vol_create_from(fs, "main", 0, "snap", false) == SKYAIFS_EEXIST);
	EXPECT(skyaifs_vol_create_from(fs, "main", f, "x", false) == SKYAIFS_ENOTDIR);
	struct skyaifs_vol *snap, *clone, *subclone;
	EXPECT(skyaifs_vol_open(fs, "snap", &snap) == 0);
	EXPECT(skyaifs_vol_open(fs, "clone", &clone) == 0);
	EXPECT(skyaifs_vol_open(fs, "subclone", &subclone) == 0);
	/* changes on one side never show on the other */
	EXPECT(skyaifs_write(vol, f, 0, "CHANGED!", 8) == 8);
	EXPECT(skyaifs_write(clone, f, 0, "clone!!!", 8) == 8);
	char b[8];
	EXPECT(skyaifs_read(snap, f, 0, b, 8) == 8 && memcmp(b, "original", 8) == 0);
	EXPECT(skyaifs_read(clone, f, 0, b, 8) == 8 && memcmp(b, "clone!!!", 8) == 0);
	EXPECT(skyaifs_read(vol, f, 0, b, 8) == 8 && memcmp(b, "CHANGED!", 8) == 0);
	EXPECT(skyaifs_write(snap, f, 0, "x", 1) == SKYAIFS_EROFS);
	EXPECT(skyaifs_unlink(clone, SKYAIFS_ROOT_INO, "f") == 0);
	EXPECT(skyaifs_lookup(vol, SKYAIFS_ROOT_INO, "f", &st) == 0);
	/* the subtree clone's root is the directory */
	EXPECT(skyaifs_vol_root(subclone) == sub);
	EXPECT(skyaifs_lookup(subclone, sub, "inner", &st) == 0);
	EXPECT(skyaifs_lookup(subclone, sub, "..", &st) == 0 && st.ino == sub);
	skyaifs_vol_close(snap);
	skyaifs_vol_close(clone);
	skyaifs_vol_close(subclone);
	remount(NULL);
	EXPECT(skyaifs_vol_open(fs, "snap", &snap) == 0);
	EXPECT(skyaifs_read(snap, f, 0, b, 8) == 8 && memcmp(b, "original", 8) == 0);
	skyaifs_vol_close(snap);
	struct skyaifs_check_report r = { 0 };
	EXPECT(skyaifs_check(fs, false, &r) == 0 && r.structure_errors == 0 && r.bad_copies == 0);
	/* deleting the snapshots frees what only they held */
	struct skyaifs_statfs s0, s1;
	EXPECT(skyaifs_statfs(fs, &s0) == 0);
	EXPECT(skyaifs_vol_delete(fs, "snap") == 0 && skyaifs_vol_delete(fs, "clone") == 0);
	EXPECT(skyaifs_vol_delete(fs, "main") == SKYAIFS_EPERM);
	EXPECT(skyaifs_sync(fs) == 0 && skyaifs_sync(fs) == 0);
	EXPECT(skyaifs_statfs(fs, &s1) == 0 && s1.blocks_free > s0.blocks_free);
	memset(&r, 0, sizeof r);
	EXPECT(skyaifs_check(fs, false, &r) == 0 && r.structure_errors == 0);
	done();
}

static void test_views(void)
{
	fresh(4096, NULL);
	struct skyaifs_stat st;
	EXPECT(skyaifs_mkdir(vol, SKYAIFS_ROOT_INO, "jail", 0755, 0, 0, &st) == 0);
	uint64_t jail = st.ino, secret = create(SKYAIFS_ROOT_INO, "secret"),
		 in = create(jail, "file");
	EXPECT(skyaifs_mkdir(vol, jail, "d", 0755, 0, 0, &st) == 0);
	EXPECT(skyaifs_symlink(vol, jail, "abs", "/secret", 0, 0, NULL) == 0);
	EXPECT(skyaifs_symlink(vol, jail, "rel", "../../secret", 0, 0, NULL) == 0);
	EXPECT(skyaifs_symlink(vol, jail, "file-link", "/d/../file", 0, 0, NULL) == 0);
	EXPECT(skyaifs_symlink(vol, jail, "loop", "loop", 0, 0, NULL) == 0);
	uint64_t ino, dir;
	char last[SKYAIFS_NAME_MAX + 1];
	EXPECT(skyaifs_resolve(vol, jail, jail, "..", true, &ino) == 0 && ino == jail);
	EXPECT(skyaifs_resolve(vol, jail, jail, "d/../../../..", true, &ino) == 0 && ino == jail);
	EXPECT(skyaifs_resolve(vol, jail, jail, "/secret", true, &ino) == SKYAIFS_ENOENT);
	EXPECT(skyaifs_resolve(vol, jail, jail, "../secret", true, &ino) == SKYAIFS_ENOENT);
	EXPECT(skyaifs_resolve(vol, jail, jail, "abs", true, &ino) == SKYAIFS_ENOENT);
	EXPECT(skyaifs_resolve(vol, jail, jail, "rel", true, &ino) == SKYAIFS_ENOENT);
	EXPECT(skyaifs_resolve(vol, jail, jail, "file-link", true, &ino) == 0 && ino == in);
	EXPECT(skyaifs_resolve(vol, jail, jail, "loop", true, &ino) == SKYAIFS_ELOOP);
	EXPECT(skyaifs_resolve(vol, SKYAIFS_ROOT_INO, SKYAIFS_ROOT_INO, "/secret", true, &ino) ==
		       0 &&
	       ino == secret);
	/* rename or link out of the view: the target directory cannot even be named */
	EXPECT(skyaifs_resolve_parent(vol, jail, jail, "../../outside", &dir, last) == 0 &&
	       dir == jail);
	EXPECT(skyaifs_resolve_parent(vol, jail, jail, "/", &dir, last) == 0 && dir == jail &&
	       strcmp(last, ".") == 0);
	done();
}

static void flip_byte(uint64_t block, size_t at)
{
	mem.blocks[block * SKYAIFS_BLOCK_SIZE + at] ^= 0x40;
}

static void test_scrub_repairs(void)
{
	fresh(4096, NULL);
	uint64_t f = create(SKYAIFS_ROOT_INO, "f");
	static uint8_t buf[64 * 4096];
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (uint8_t)(i ^ (i >> 9));
	EXPECT(skyaifs_write(vol, f, 0, buf, sizeof buf) == (long)sizeof buf);
	done();
	/* damage every first copy of metadata: find them as blocks the scrub reports */
	EXPECT(mount_main(NULL) == 0);
	struct skyaifs_check_report r = { 0 };
	EXPECT(skyaifs_scrub(fs, false, &r) == 0 && r.bad_copies == 0);
	uint64_t nodes = r.nodes;
	done();
	unsigned damaged = 0;
	for (uint64_t b = 34; b < mem.count; b++) {
		uint8_t *p = mem.blocks + b * SKYAIFS_BLOCK_SIZE;
		if (memcmp(p, "SKYN", 4) == 0 && (b % 2) == 0) {
			flip_byte(b, 100);
			damaged++;
		}
	}
	EXPECT(damaged > 0);
	EXPECT(mount_main(NULL) == 0);
	memset(&r, 0, sizeof r);
	EXPECT(skyaifs_scrub(fs, true, &r) == 0);
	/* some of the damaged blocks were stale copies no commit uses; the live ones are found */
	EXPECT(r.nodes == nodes && r.bad_copies >= 1 && r.bad_copies <= damaged &&
	       r.repaired == r.bad_copies);
	memset(&r, 0, sizeof r);
	EXPECT(skyaifs_scrub(fs, false, &r) == 0 && r.bad_copies == 0);
	static uint8_t back[sizeof buf];
	EXPECT(skyaifs_read(vol, f, 0, back, sizeof back) == (long)sizeof back &&
	       memcmp(back, buf, sizeof buf) == 0);
	done();
	/* a data block has one copy: reported, and reading it fails instead of lying */
	EXPECT(mount_main(NULL) == 0);
	uint64_t data_block = 0;
	for (uint64_t b = 34; b < mem.count && !data_block; b++)
		if (memcmp(mem.blocks + b * SKYAIFS_BLOCK_SIZE, buf + 4096 * 7, 4096) == 0)
			data_block = b;
	EXPECT(data_block != 0);
	flip_byte(data_block, 5);
	memset(&r, 0, sizeof r);
	EXPECT(skyaifs_scrub(fs, true, &r) == SKYAIFS_EUCLEAN && r.unrecoverable == 1);
	EXPECT(skyaifs_read(vol, f, 7 * 4096, back, 4096) == SKYAIFS_EIO);
	EXPECT(skyaifs_read(vol, f, 6 * 4096, back, 4096) == 4096);
	done();
}

/* Break invariants behind the interface (through the internals, with valid checksums): the check
 * finds each, and repair mends the counts. */
static void test_check_finds(void)
{
	fresh(4096, NULL);
	uint64_t f = create(SKYAIFS_ROOT_INO, "f");
	EXPECT(skyaifs_write(vol, f, 0, "x", 1) == 1);
	struct skyaifs_check_report r = { 0 };
	EXPECT(skyaifs_check(fs, false, &r) == 0 && r.structure_errors == 0);
	struct inode in;
	EXPECT(inode_get(vol, f, &in) == 0);
	in.raw[12] = 5; /* link count 5, one name */
	EXPECT(inode_put(vol, f, &in) == 0);
	uint64_t leak;
	EXPECT(space_alloc(fs, &leak, 1) == 0); /* a block nobody points to */
	struct inode lost;
	memset(&lost, 0, sizeof lost);
	st32(lost.raw, 0100644);
	st32(lost.raw + 12, 1);
	EXPECT(inode_put(vol, 999, &lost) == 0); /* an inode no name reaches */
	memset(&r, 0, sizeof r);
	EXPECT(skyaifs_check(fs, false, &r) == SKYAIFS_EUCLEAN && r.structure_errors == 4);
	memset(&r, 0, sizeof r);
	EXPECT(skyaifs_check(fs, true, &r) == 0 && r.repaired == 4);
	remount(NULL); /* the orphaned inode goes now */
	memset(&r, 0, sizeof r);
	EXPECT(skyaifs_check(fs, false, &r) == 0 && r.structure_errors == 0);
	struct skyaifs_stat st;
	EXPECT(skyaifs_getattr(vol, f, &st) == 0 && st.nlink == 1);
	EXPECT(skyaifs_getattr(vol, 999, &st) == SKYAIFS_ENOENT);
	done();
}

/* The prefetcher at work: sequential reads are served ahead of demand; writes are never hidden by
 * blocks read ahead before them. */
static void test_readahead(void)
{
	fresh(4096, NULL);
	uint64_t f = create(SKYAIFS_ROOT_INO, "f");
	static uint8_t buf[256 * 4096], back[4096];
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (uint8_t)(i / 4096 + i);
	EXPECT(skyaifs_write(vol, f, 0, buf, sizeof buf) == (long)sizeof buf);
	for (uint64_t b = 0; b < 256; b++) {
		EXPECT(skyaifs_read(vol, f, b * 4096, back, 4096) == 4096);
		EXPECT(memcmp(back, buf + b * 4096, 4096) == 0);
		if (b == 100) /* overwrite blocks already read ahead */
			for (uint64_t c = 101; c < 105; c++)
				EXPECT(skyaifs_write(vol, f, c * 4096, "new!", 4) == 4 &&
				       memcpy(buf + c * 4096, "new!", 4));
	}
	struct skyaifs_readahead_stats rs;
	skyaifs_readahead_stats(vol, &rs);
	printf("# readahead: %llu reads, %llu read ahead, %llu hits\n",
	       (unsigned long long)rs.reads, (unsigned long long)rs.predicted,
	       (unsigned long long)rs.hits);
	EXPECT(rs.reads == 256 && rs.hits >= 240);
	done();
}

static struct anomaly detector;
static unsigned alerts;

static void on_alert(void *ctx, uint32_t actor, unsigned files, uint64_t t)
{
	(void)ctx;
	(void)actor;
	(void)files;
	(void)t;
	alerts++;
}

static void on_overwrite(void *ctx, uint64_t ino, const uint8_t *new_data, size_t new_len,
			 const uint8_t *old_data, size_t old_len)
{
	(void)ctx;
	anomaly_observe(&detector, 7, ino, (uint64_t)fake_now(), new_data, new_len, old_data,
			old_len);
}

/* The anomaly detector on the library's overwrite watch: unpacking random-looking files and
 * rewriting compressed ones stay silent; rewriting 500 text files with random bytes, in place or
 * after truncating them (open with O_TRUNC), is flagged. */
static void test_watch_anomaly(void)
{
	fresh(16384, NULL);
	static struct anomaly_event ring[256];
	anomaly_init(&detector, ring, 256, 60ull * 1000000000, 50, on_alert, NULL);
	struct skyaifs_watch w = { on_overwrite, NULL };
	skyaifs_set_watch(fs, &w);
	static uint8_t text[4096], noise[4096];
	for (size_t i = 0; i < sizeof text; i++)
		text[i] = (uint8_t)("the quick brown fox jumps over the lazy dog. "[i % 45]);
	uint64_t ino[500], packed[100];
	char name[32];
	for (unsigned i = 0; i < 500; i++) {
		snprintf(name, sizeof name, "doc%u", i);
		ino[i] = create(SKYAIFS_ROOT_INO, name);
		EXPECT(skyaifs_write(vol, ino[i], 0, text, sizeof text) == (long)sizeof text);
	}
	for (unsigned i = 0; i < 100; i++) { /* an archive unpacked, then its files rewritten */
		snprintf(name, sizeof name, "packed%u", i);
		packed[i] = create(SKYAIFS_ROOT_INO, name);
		fake_random(noise, sizeof noise);
		EXPECT(skyaifs_write(vol, packed[i], 0, noise, sizeof noise) == (long)sizeof noise);
	}
	for (unsigned i = 0; i < 100; i++) {
		fake_random(noise, sizeof noise);
		EXPECT(skyaifs_write(vol, packed[i], 0, noise, sizeof noise) == (long)sizeof noise);
	}
	EXPECT(alerts == 0);
	struct skyaifs_stat zero = { .size = 0 };
	for (unsigned i = 0; i < 500; i++) {
		fake_random(noise, sizeof noise);
		if (i % 2) /* half truncated first, as open(O_TRUNC) does */
			EXPECT(skyaifs_setattr(vol, ino[i], SKYAIFS_SET_SIZE, &zero, NULL) == 0);
		EXPECT(skyaifs_write(vol, ino[i], 0, noise, sizeof noise) == (long)sizeof noise);
	}
	EXPECT(alerts >= 1 && detector.suspicious >= 490);
	skyaifs_set_watch(fs, NULL);
	done();
}

static void test_not_ours(void)
{
	memdev_new(1024);
	struct skyaifs *x;
	EXPECT(skyaifs_mount(&x, &dev, &env, NULL, 0, 0) == SKYAIFS_EMEDIUMTYPE);
	fake_random(mem.blocks, mem.count * SKYAIFS_BLOCK_SIZE);
	EXPECT(skyaifs_mount(&x, &dev, &env, NULL, 0, 0) == SKYAIFS_EMEDIUMTYPE);
	EXPECT(skyaifs_format(&dev, &env, NULL) == 0);
	dev.blocks = 512; /* truncated */
	EXPECT(skyaifs_mount(&x, &dev, &env, NULL, 0, 0) == SKYAIFS_EUCLEAN);
}

int main(void)
{
	RUN("skyaifs", test_empty_volume);
	RUN("skyaifs", test_file_data);
	RUN("skyaifs", test_sparse_huge);
	RUN("skyaifs", test_names);
	RUN("skyaifs", test_open_unlinked);
	RUN("skyaifs", test_xattrs);
	RUN("skyaifs", test_free_space);
	RUN("skyaifs", test_encrypted);
	RUN("skyaifs", test_not_ours);
	RUN("skyaifs", test_snapshot_clone);
	RUN("skyaifs", test_views);
	RUN("skyaifs", test_readahead);
	RUN("skyaifs", test_watch_anomaly);
	RUN("skyaifs", test_scrub_repairs);
	RUN("skyaifs", test_check_finds);
	RUN("skyaifs", test_big_directory);
	free(mem.blocks);
	return cases_failed != 0;
}
