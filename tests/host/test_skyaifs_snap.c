/*
 * test_skyaifs_snap — snapshots, clones and views of lib/skyaifs.
 * Snapshots and clones: a change on one side never shows on the other, in
 * both directions, over several generations (snapshots of clones of
 * snapshots), also after a remount; a snapshot refuses every change with
 * EROFS; deleting a snapshot frees exactly the blocks only it held (statfs,
 * give or take a few metadata blocks) and nothing it shared; a subvolume made
 * from a directory has that directory as its root.
 * Views (skyaifs_resolve): "..", "../../..", absolute and relative
 * symlinks pointing out, symlinks through symlinks, loops (ELOOP, the limit
 * of 40), and hard links and renames out of the view: none reaches a name
 * outside it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "skyaifs_memdev.h"
#include "skyaifs_model.h"

#define BS         SKYAIFS_BLOCK_SIZE
#define DEV_BLOCKS 4096
#define META_SLACK 40 /* blocks of tree nodes (two copies each) a snapshot may hold on its own */

static struct memdev dev;
static struct skyaifs *fs;
static struct skyaifs_vol *mainv;
static struct rng rng;
static const char *key; /* set: the volume is encrypted */

/* ---- helpers ------------------------------------------------------------------------------ */

static bool fresh(void)
{
	memdev_free(&dev);
	if (memdev_init(&dev, DEV_BLOCKS))
		abort();
	test_env_seed(42);
	int rc = memdev_format(&dev, key);
	if (!rc)
		rc = memdev_mount(&dev, key, 0, &fs, &mainv);
	if (rc) {
		printf("FAIL %s: format and mount: %s\n", case_name, errname(rc));
		case_failed = 1;
	}
	return rc == 0;
}

static void done(void)
{
	if (mainv)
		skyaifs_vol_close(mainv);
	if (fs)
		EXPECT(skyaifs_unmount(fs) == 0);
	mainv = NULL;
	fs = NULL;
	char why[256];
	if (memdev_check(&dev, key, why, sizeof why) == 0) {
		printf("FAIL %s: the check after the test: %s\n", case_name, why);
		case_failed = 1;
	}
}

static uint64_t at(struct skyaifs_vol *vol, const char *path)
{
	uint64_t ino = 0, root = skyaifs_vol_root(vol);
	if (skyaifs_resolve(vol, root, root, path, false, &ino) != 0)
		return 0;
	return ino;
}

/* Split "a/b/c" into the inode of "a/b" and "c". */
static uint64_t dir_of(struct skyaifs_vol *vol, const char *path, const char **name)
{
	const char *slash = strrchr(path, '/');
	*name = slash ? slash + 1 : path;
	if (!slash)
		return skyaifs_vol_root(vol);
	char d[256];
	snprintf(d, sizeof d, "%.*s", (int)(slash - path), path);
	return at(vol, d);
}

/* Do an operation on both the volume and its model; any error is a failure. */
static void mk(struct skyaifs_vol *vol, struct model *m, const char *path, uint32_t type)
{
	const char *name;
	uint64_t dir = dir_of(vol, path, &name);
	struct skyaifs_stat st;
	int rc = type == SKYAIFS_S_IFDIR
			 ? skyaifs_mkdir(vol, dir, name, 0755, 0, 0, &st)
			 : skyaifs_mknod(vol, dir, name, SKYAIFS_S_IFREG | 0644, 0, 0, 0, &st);
	if (rc) {
		printf("FAIL %s: make %s: %s\n", case_name, path, errname(rc));
		case_failed = 1;
		return;
	}
	model_add(m, path, type, type == SKYAIFS_S_IFDIR ? 0755 : 0644)->ino = st.ino;
}

static void wr(struct skyaifs_vol *vol, struct model *m, const char *path, uint64_t off, size_t len)
{
	uint8_t *buf = malloc(len);
	rng_fill(&rng, buf, len);
	long n = skyaifs_write(vol, at(vol, path), off, buf, len);
	if (n != (long)len) {
		printf("FAIL %s: write %s: %s\n", case_name, path, errname(n));
		case_failed = 1;
	} else {
		mfile_write(model_file(m, path), off, buf, len);
	}
	free(buf);
}

static void trunc_to(struct skyaifs_vol *vol, struct model *m, const char *path, uint64_t size)
{
	struct skyaifs_stat attr = { .size = size };
	int rc = skyaifs_setattr(vol, at(vol, path), SKYAIFS_SET_SIZE, &attr, NULL);
	if (rc) {
		printf("FAIL %s: truncate %s: %s\n", case_name, path, errname(rc));
		case_failed = 1;
	} else {
		mfile_truncate(model_file(m, path), size);
	}
}

static void rm(struct skyaifs_vol *vol, struct model *m, const char *path)
{
	const char *name;
	uint64_t dir = dir_of(vol, path, &name);
	int rc = skyaifs_unlink(vol, dir, name);
	if (rc) {
		printf("FAIL %s: unlink %s: %s\n", case_name, path, errname(rc));
		case_failed = 1;
	} else {
		model_remove(m, path);
	}
}

/* The volume holds exactly what the model says. */
static void expect_tree(struct skyaifs_vol *vol, const struct model *m, const char *what)
{
	struct model got;
	char why[512];
	int rc = model_scan(vol, skyaifs_vol_root(vol), false, &got);
	if (rc) {
		if (!case_failed)
			printf("FAIL %s: %s: scan: %s\n", case_name, what, errname(rc));
		case_failed = 1;
		return;
	}
	if (model_diff(m, &got, why, sizeof why)) {
		if (!case_failed)
			printf("FAIL %s: %s: %s\n", case_name, what, why);
		case_failed = 1;
	}
	model_free(&got);
}

static struct skyaifs_vol *open_vol(const char *name)
{
	struct skyaifs_vol *v = NULL;
	int rc = skyaifs_vol_open(fs, name, &v);
	if (rc) {
		printf("FAIL %s: open %s: %s\n", case_name, name, errname(rc));
		case_failed = 1;
		return NULL;
	}
	return v;
}

static bool make_vol(const char *src, uint64_t dir, const char *name, bool writable)
{
	int rc = skyaifs_vol_create_from(fs, src, dir, name, writable);
	if (rc) {
		printf("FAIL %s: make %s from %s: %s\n", case_name, name, src, errname(rc));
		case_failed = 1;
	}
	return rc == 0;
}

/* The root directory of subvolume `name` (0 if it cannot be opened). */
static uint64_t root_of(const char *name)
{
	struct skyaifs_vol *v = open_vol(name);
	uint64_t root = v ? skyaifs_vol_root(v) : 0;
	if (v)
		skyaifs_vol_close(v);
	return root;
}

static void remount(void)
{
	skyaifs_vol_close(mainv);
	EXPECT(skyaifs_unmount(fs) == 0);
	fs = NULL;
	mainv = NULL;
	int rc = memdev_mount(&dev, key, 0, &fs, &mainv);
	if (rc) {
		printf("FAIL %s: remount: %s\n", case_name, errname(rc));
		case_failed = 1;
	}
}

/* ---- snapshots and clones ------------------------------------------------------------------ */

static void isolation(void)
{
	if (!fresh())
		return;
	struct model m, snap, clone;
	model_init(&m);
	rng_seed(&rng, 1);
	mk(mainv, &m, "a", SKYAIFS_S_IFREG);
	wr(mainv, &m, "a", 0, 65536 + 100);
	mk(mainv, &m, "b", SKYAIFS_S_IFREG);
	wr(mainv, &m, "b", 0, 3000);
	mk(mainv, &m, "d", SKYAIFS_S_IFDIR);
	mk(mainv, &m, "d/c", SKYAIFS_S_IFREG);
	wr(mainv, &m, "d/c", 5000, 9000);
	EXPECT(skyaifs_setxattr(mainv, at(mainv, "a"), "user.tag", "one", 3, 0) == 0);
	uint64_t root = skyaifs_vol_root(mainv);
	if (!make_vol("main", root, "s1", false) || !make_vol("main", root, "c1", true))
		return;
	model_copy(&snap, &m);
	model_copy(&clone, &m);
	struct skyaifs_vol *s1 = open_vol("s1"), *c1 = open_vol("c1");
	if (!s1 || !c1)
		return;
	expect_tree(s1, &snap, "the snapshot as made");
	expect_tree(c1, &clone, "the clone as made");
	/* Main changes: nothing shows in the snapshot or the clone. */
	wr(mainv, &m, "a", 4000, 10000);
	trunc_to(mainv, &m, "b", 10);
	rm(mainv, &m, "d/c");
	mk(mainv, &m, "e", SKYAIFS_S_IFREG);
	wr(mainv, &m, "e", 0, 5);
	EXPECT(skyaifs_setxattr(mainv, at(mainv, "a"), "user.tag", "two", 3, 0) == 0);
	expect_tree(mainv, &m, "main after its changes");
	expect_tree(s1, &snap, "the snapshot after main changed");
	expect_tree(c1, &clone, "the clone after main changed");
	/* The clone changes: nothing shows in main or the snapshot. */
	wr(c1, &clone, "b", 100, 20000);
	mk(c1, &clone, "g", SKYAIFS_S_IFREG);
	wr(c1, &clone, "g", 0, 7000);
	rm(c1, &clone, "a");
	trunc_to(c1, &clone, "d/c", 1);
	/* A hard link in the clone: its link count changes there only. */
	struct skyaifs_stat lst;
	EXPECT(skyaifs_link(c1, at(c1, "b"), at(c1, "d"), "b2", &lst) == 0 && lst.nlink == 2);
	model_link(&clone, "b", "d/b2");
	expect_tree(c1, &clone, "the clone after its changes");
	expect_tree(mainv, &m, "main after the clone changed");
	expect_tree(s1, &snap, "the snapshot after the clone changed");
	char val[8] = "";
	EXPECT(skyaifs_getxattr(s1, at(s1, "a"), "user.tag", val, sizeof val) == 3 &&
	       memcmp(val, "one", 3) == 0);
	EXPECT(skyaifs_getxattr(mainv, at(mainv, "a"), "user.tag", val, sizeof val) == 3 &&
	       memcmp(val, "two", 3) == 0);
	/* All of it survives a remount. */
	skyaifs_vol_close(s1);
	skyaifs_vol_close(c1);
	remount();
	if (case_failed)
		return;
	s1 = open_vol("s1");
	c1 = open_vol("c1");
	if (s1 && c1) {
		expect_tree(mainv, &m, "main after a remount");
		expect_tree(s1, &snap, "the snapshot after a remount");
		expect_tree(c1, &clone, "the clone after a remount");
	}
	if (s1)
		skyaifs_vol_close(s1);
	if (c1)
		skyaifs_vol_close(c1);
	/* An open subvolume cannot go; main never. */
	struct skyaifs_vol *held = open_vol("s1");
	EXPECT(skyaifs_vol_delete(fs, "s1") == SKYAIFS_EBUSY);
	if (held)
		skyaifs_vol_close(held);
	EXPECT(skyaifs_vol_delete(fs, "main") == SKYAIFS_EPERM);
	/* Names are unique; deleting what does not exist says so. */
	EXPECT(skyaifs_vol_create_from(fs, "main", root, "s1", false) == SKYAIFS_EEXIST);
	EXPECT(skyaifs_vol_delete(fs, "nosuch") == SKYAIFS_ENOENT);
	EXPECT(skyaifs_vol_create_from(fs, "nosuch", root, "s9", false) == SKYAIFS_ENOENT);
	model_free(&m);
	model_free(&snap);
	model_free(&clone);
	done();
}

/* The same on an encrypted volume: per-file keys shared by the clone, and every block sealed. */
static void isolation_encrypted(void)
{
	key = "snapshot passphrase";
	isolation();
	key = NULL;
}

/* Six generations of snapshots; clones of a snapshot and of that clone, a snapshot of the
 * last; a deletion in between. */
static void generations(void)
{
	if (!fresh())
		return;
	enum { GENS = 6 };
	struct model m, gen[GENS], fork, fork2, f2snap;
	model_init(&m);
	model_init(&f2snap);
	for (int g = 0; g < GENS; g++)
		model_init(&gen[g]);
	rng_seed(&rng, 2);
	mk(mainv, &m, "log", SKYAIFS_S_IFREG);
	mk(mainv, &m, "dir", SKYAIFS_S_IFDIR);
	for (int g = 0; g < GENS && !case_failed; g++) {
		char path[32], name[16];
		snprintf(path, sizeof path, "dir/gen%d", g);
		mk(mainv, &m, path, SKYAIFS_S_IFREG);
		wr(mainv, &m, path, 0, 1000 + 3000 * (size_t)g);
		wr(mainv, &m, "log", (uint64_t)g * 5000, 5000); /* grows */
		wr(mainv, &m, "log", 0, 100);                   /* and is overwritten */
		if (g == 2)
			rm(mainv, &m, "dir/gen0");
		if (g == 4)
			trunc_to(mainv, &m, "log", 7000);
		snprintf(name, sizeof name, "gen%d", g);
		make_vol("main", skyaifs_vol_root(mainv), name, false);
		model_copy(&gen[g], &m);
	}
	if (case_failed)
		goto out;
	for (int g = 0; g < GENS; g++) {
		char name[16], what[64];
		snprintf(name, sizeof name, "gen%d", g);
		snprintf(what, sizeof what, "snapshot %s", name);
		struct skyaifs_vol *v = open_vol(name);
		if (v) {
			expect_tree(v, &gen[g], what);
			skyaifs_vol_close(v);
		}
	}
	/* A clone of generation 1, changed; a clone of that clone, changed; a snapshot of it. */
	model_copy(&fork, &gen[1]);
	struct skyaifs_vol *v1 =
		make_vol("gen1", root_of("gen1"), "fork", true) ? open_vol("fork") : NULL;
	if (!v1)
		goto out_fork;
	EXPECT(skyaifs_vol_root(v1) != 0);
	wr(v1, &fork, "log", 2000, 9000);
	mk(v1, &fork, "dir/forked", SKYAIFS_S_IFREG);
	wr(v1, &fork, "dir/forked", 0, 300);
	model_copy(&fork2, &fork);
	struct skyaifs_vol *v2 =
		make_vol("fork", skyaifs_vol_root(v1), "fork2", true) ? open_vol("fork2") : NULL;
	if (v2) {
		rm(v2, &fork2, "dir/gen1");
		wr(v2, &fork2, "dir/forked", 100, 100);
		EXPECT(make_vol("fork2", skyaifs_vol_root(v2), "fork2snap", false));
		model_free(&f2snap);
		model_copy(&f2snap, &fork2);
		wr(v2, &fork2, "log", 0, 1);
		expect_tree(v2, &fork2, "the clone of the clone");
		skyaifs_vol_close(v2);
	}
	expect_tree(v1, &fork, "the clone of generation 1 after its clone changed");
	skyaifs_vol_close(v1);
	/* Deleting generation 3 leaves the others alone; all of it survives a remount. */
	EXPECT(skyaifs_vol_delete(fs, "gen3") == 0);
	EXPECT(skyaifs_sync(fs) == 0);
	remount();
	if (case_failed)
		goto out_fork2;
	struct skyaifs_vol *v = NULL;
	EXPECT(skyaifs_vol_open(fs, "gen3", &v) == SKYAIFS_ENOENT);
	for (int g = 0; g < GENS; g++) {
		char name[16], what[64];
		snprintf(name, sizeof name, "gen%d", g);
		snprintf(what, sizeof what, "snapshot %s after gen3 went and a remount", name);
		if (g != 3 && (v = open_vol(name)) != NULL) {
			expect_tree(v, &gen[g], what);
			skyaifs_vol_close(v);
		}
	}
	expect_tree(mainv, &m, "main after a remount");
	if ((v = open_vol("fork")) != NULL) {
		expect_tree(v, &fork, "the clone of generation 1 after a remount");
		skyaifs_vol_close(v);
	}
	if ((v = open_vol("fork2")) != NULL) {
		expect_tree(v, &fork2, "the clone of the clone after a remount");
		skyaifs_vol_close(v);
	}
	if ((v = open_vol("fork2snap")) != NULL) {
		expect_tree(v, &f2snap, "the snapshot of the clone of the clone after a remount");
		skyaifs_vol_close(v);
	}
out_fork2:
	model_free(&fork2);
	model_free(&f2snap);
out_fork:
	model_free(&fork);
out:
	model_free(&m);
	for (int g = 0; g < GENS; g++)
		model_free(&gen[g]);
	done();
}

struct seen {
	int main, ro, rw, other;
};

static int list(void *ctx, const struct skyaifs_vol_info *info)
{
	struct seen *seen = ctx;
	if (strcmp(info->name, "main") == 0 && info->writable)
		seen->main++;
	else if (strcmp(info->name, "ro") == 0 && !info->writable)
		seen->ro++;
	else if (strcmp(info->name, "rw") == 0 && info->writable)
		seen->rw++;
	else
		seen->other++;
	return 0;
}

/* A snapshot refuses every change with EROFS and stays as it was; vol_list says which is
 * which. */
static void readonly(void)
{
	if (!fresh())
		return;
	struct model m;
	model_init(&m);
	rng_seed(&rng, 3);
	mk(mainv, &m, "f", SKYAIFS_S_IFREG);
	wr(mainv, &m, "f", 0, 5000);
	mk(mainv, &m, "d", SKYAIFS_S_IFDIR);
	mk(mainv, &m, "d/g", SKYAIFS_S_IFREG);
	EXPECT(skyaifs_setxattr(mainv, at(mainv, "f"), "user.x", "1", 1, 0) == 0);
	if (!make_vol("main", skyaifs_vol_root(mainv), "ro", false) ||
	    !make_vol("main", skyaifs_vol_root(mainv), "rw", true))
		goto out;
	struct skyaifs_vol *s = open_vol("ro");
	if (!s)
		goto out;
	uint64_t root = skyaifs_vol_root(s), f = at(s, "f"), d = at(s, "d");
	struct skyaifs_stat st, attr = { .size = 1, .mode = 0600 };
	EXPECT(f != 0 && d != 0);
	EXPECT(skyaifs_write(s, f, 0, "x", 1) == SKYAIFS_EROFS);
	EXPECT(skyaifs_write(s, f, 100000, "x", 1) == SKYAIFS_EROFS);
	EXPECT(skyaifs_setattr(s, f, SKYAIFS_SET_SIZE, &attr, NULL) == SKYAIFS_EROFS);
	EXPECT(skyaifs_setattr(s, f, SKYAIFS_SET_MODE, &attr, NULL) == SKYAIFS_EROFS);
	EXPECT(skyaifs_mknod(s, root, "new", SKYAIFS_S_IFREG | 0644, 0, 0, 0, &st) ==
	       SKYAIFS_EROFS);
	EXPECT(skyaifs_mkdir(s, root, "newd", 0755, 0, 0, &st) == SKYAIFS_EROFS);
	EXPECT(skyaifs_symlink(s, root, "sl", "f", 0, 0, &st) == SKYAIFS_EROFS);
	EXPECT(skyaifs_link(s, f, root, "hl", &st) == SKYAIFS_EROFS);
	EXPECT(skyaifs_unlink(s, root, "f") == SKYAIFS_EROFS);
	EXPECT(skyaifs_unlink(s, d, "g") == SKYAIFS_EROFS);
	EXPECT(skyaifs_rmdir(s, root, "d") == SKYAIFS_EROFS);
	EXPECT(skyaifs_rename(s, root, "f", root, "f2", 0) == SKYAIFS_EROFS);
	EXPECT(skyaifs_rename(s, root, "f", d, "f", 0) == SKYAIFS_EROFS);
	EXPECT(skyaifs_setxattr(s, f, "user.y", "2", 1, 0) == SKYAIFS_EROFS);
	EXPECT(skyaifs_removexattr(s, f, "user.x") == SKYAIFS_EROFS);
	EXPECT(skyaifs_getxattr(s, f, "user.x", NULL, 0) == 1);
	expect_tree(s, &m, "the snapshot after refused changes");
	skyaifs_vol_close(s);
	/* vol_list: main and rw writable, ro not. */
	struct seen seen = { 0 };
	EXPECT(skyaifs_vol_list(fs, list, &seen) == 0);
	EXPECT(seen.main == 1 && seen.rw == 1 && seen.ro == 1 && seen.other == 0);
	/* A read-only mount refuses changes too. */
	skyaifs_vol_close(mainv);
	EXPECT(skyaifs_unmount(fs) == 0);
	mainv = NULL;
	fs = NULL;
	if (memdev_mount(&dev, key, SKYAIFS_MOUNT_RDONLY, &fs, &mainv) == 0) {
		EXPECT(skyaifs_write(mainv, at(mainv, "f"), 0, "x", 1) == SKYAIFS_EROFS);
		EXPECT(skyaifs_mknod(mainv, skyaifs_vol_root(mainv), "n", SKYAIFS_S_IFREG | 0644, 0,
				     0, 0, &st) == SKYAIFS_EROFS);
		EXPECT(skyaifs_vol_create_from(fs, "main", skyaifs_vol_root(mainv), "x", false) ==
		       SKYAIFS_EROFS);
		EXPECT(skyaifs_vol_delete(fs, "ro") == SKYAIFS_EROFS);
		expect_tree(mainv, &m, "main on a read-only mount");
	} else {
		EXPECT(!"read-only mount");
	}
out:
	model_free(&m);
	done();
}

/* blocks_free as a user sees it on an idle volume: after a sync or two. */
static long idle_free(void)
{
	struct skyaifs_statfs sf;
	if (skyaifs_sync(fs) || skyaifs_sync(fs) || skyaifs_statfs(fs, &sf))
		return -1;
	return (long)sf.blocks_free;
}

/* blocks_free once every free has matured: a freed block waits two commits before reuse, so
 * make two commits (a change of mtime each) first. */
static long settled_free(void)
{
	for (int i = 0; i < 2; i++) {
		struct skyaifs_stat attr = { .mtime = { 1000 + i, 0 } };
		if (skyaifs_setattr(mainv, skyaifs_vol_root(mainv), SKYAIFS_SET_MTIME, &attr,
				    NULL) ||
		    skyaifs_sync(fs))
			return -1;
	}
	return idle_free();
}

/* Deleting a snapshot frees the blocks only it held, and nothing it shared. */
static void space(void)
{
	if (!fresh())
		return;
	struct model m;
	model_init(&m);
	rng_seed(&rng, 4);
	mk(mainv, &m, "shared", SKYAIFS_S_IFREG);
	wr(mainv, &m, "shared", 0, 128 * BS); /* 128 blocks both will share */
	mk(mainv, &m, "x", SKYAIFS_S_IFREG);
	wr(mainv, &m, "x", 0, 256 * BS);
	long f0 = settled_free();
	/* A snapshot costs (next to) nothing; deleting it untouched gives that back. */
	EXPECT(make_vol("main", skyaifs_vol_root(mainv), "idle", false));
	long f1 = settled_free();
	EXPECT(skyaifs_vol_delete(fs, "idle") == 0);
	long f2 = settled_free();
	printf("%s: free %ld, with an idle snapshot %ld, after deleting it %ld\n", case_name, f0,
	       f1, f2);
	EXPECT(labs(f0 - f1) <= META_SLACK);
	EXPECT(labs(f2 - f1) <= META_SLACK);
	EXPECT(labs(f2 - f0) <= 2);
	/* Now main overwrites x: the snapshot alone holds x's old 256 blocks. */
	EXPECT(make_vol("main", skyaifs_vol_root(mainv), "s", false));
	long f3 = settled_free();
	wr(mainv, &m, "x", 0, 256 * BS);
	long f4 = settled_free();
	EXPECT(skyaifs_vol_delete(fs, "s") == 0);
	long idle = idle_free(), f5 = settled_free();
	printf("%s: with snapshot s %ld, after overwriting x %ld, after deleting s %ld (%ld on the "
	       "idle volume, two syncs after the delete); x is 256 blocks, shared 128\n",
	       case_name, f3, f4, f5, idle);
	EXPECT(f3 - f4 >= 256 && f3 - f4 <= 256 + META_SLACK);
	EXPECT(f5 - f4 >= 256 && f5 - f4 <= 256 + META_SLACK); /* not the 128 shared ones */
	EXPECT(labs(f5 - f2) <= META_SLACK);
	expect_tree(mainv, &m, "main after the snapshot went");
	/* The figures hold after a remount too. */
	remount();
	if (!case_failed) {
		long f6 = settled_free();
		EXPECT(labs(f6 - f5) <= 2);
		expect_tree(mainv, &m, "main after a remount");
	}
	model_free(&m);
	done();
	/* statfs tells the truth on an idle volume too: the space of a deleted snapshot shows
	 * once the delete and a sync returned. */
	if (idle - f4 < 256) {
		printf("FAIL %s/idle: deleting snapshot s, then syncing twice, an idle volume "
		       "shows "
		       "%ld free blocks, %ld after the next two commits with changes\n",
		       case_name, idle, f5);
		cases_failed++;
	} else {
		printf("PASS %s/idle\n", case_name);
	}
}

/* A subvolume made from a directory: its root is that directory, and nothing above it. */
static void subtree(void)
{
	if (!fresh())
		return;
	struct model m, sub;
	model_init(&m);
	model_init(&sub);
	rng_seed(&rng, 5);
	mk(mainv, &m, "top", SKYAIFS_S_IFREG);
	mk(mainv, &m, "img", SKYAIFS_S_IFDIR);
	mk(mainv, &m, "img/bin", SKYAIFS_S_IFDIR);
	mk(mainv, &m, "img/bin/sh", SKYAIFS_S_IFREG);
	wr(mainv, &m, "img/bin/sh", 0, 20000);
	mk(mainv, &m, "img/etc", SKYAIFS_S_IFREG);
	wr(mainv, &m, "img/etc", 0, 10);
	/* What the clone of img/ must hold. */
	model_add(&sub, "bin", SKYAIFS_S_IFDIR, 0755);
	model_add(&sub, "etc", SKYAIFS_S_IFREG, 0644);
	model_add(&sub, "bin/sh", SKYAIFS_S_IFREG, 0644);
	mfile_write(model_file(&sub, "bin/sh"), 0, model_file(&m, "img/bin/sh")->data, 20000);
	mfile_write(model_file(&sub, "etc"), 0, model_file(&m, "img/etc")->data, 10);
	uint64_t img = at(mainv, "img");
	if (!make_vol("main", img, "container", true))
		goto out;
	struct skyaifs_vol *c = open_vol("container");
	if (!c)
		goto out;
	expect_tree(c, &sub, "the clone of img/");
	uint64_t root = skyaifs_vol_root(c), ino = 0;
	struct skyaifs_stat st;
	/* ".." of its root is its root, or nothing: never main's root. */
	int rc = skyaifs_lookup(c, root, "..", &st);
	EXPECT(rc != 0 || st.ino == root);
	EXPECT(skyaifs_resolve(c, root, root, "../../top", false, &ino) == SKYAIFS_ENOENT);
	/* Changes on either side stay there. */
	wr(c, &sub, "etc", 0, 50);
	wr(mainv, &m, "img/bin/sh", 0, 3);
	expect_tree(c, &sub, "the container after both changed");
	expect_tree(mainv, &m, "main after both changed");
	skyaifs_vol_close(c);
out:
	model_free(&m);
	model_free(&sub);
	done();
}

/* ---- views ------------------------------------------------------------------------------------
 */

/* Main holds /secret, /outside/data and the view /view; inside the view a decoy named secret,
 * in/, in/file and symlinks that try to get out. */
static uint64_t vroot, vin, decoy, vfile;
static uint64_t outside[4]; /* the root, /secret, /outside, /outside/data */

static uint64_t mkv(uint64_t dir, const char *name, uint32_t type, const char *target)
{
	struct skyaifs_stat st = { 0 };
	int rc = type == SKYAIFS_S_IFDIR ? skyaifs_mkdir(mainv, dir, name, 0755, 0, 0, &st)
		 : type == SKYAIFS_S_IFLNK
			 ? skyaifs_symlink(mainv, dir, name, target, 0, 0, &st)
			 : skyaifs_mknod(mainv, dir, name, type | 0644, 0, 0, 0, &st);
	if (rc) {
		printf("FAIL %s: make %s: %s\n", case_name, name, errname(rc));
		case_failed = 1;
	}
	return st.ino;
}

static bool view_setup(void)
{
	if (!fresh())
		return false;
	uint64_t root = skyaifs_vol_root(mainv);
	outside[0] = root;
	outside[1] = mkv(root, "secret", SKYAIFS_S_IFREG, NULL);
	outside[2] = mkv(root, "outside", SKYAIFS_S_IFDIR, NULL);
	outside[3] = mkv(outside[2], "data", SKYAIFS_S_IFREG, NULL);
	vroot = mkv(root, "view", SKYAIFS_S_IFDIR, NULL);
	decoy = mkv(vroot, "secret", SKYAIFS_S_IFREG, NULL);
	vin = mkv(vroot, "in", SKYAIFS_S_IFDIR, NULL);
	vfile = mkv(vin, "file", SKYAIFS_S_IFREG, NULL);
	mkv(vroot, "up", SKYAIFS_S_IFLNK, "../../..");
	mkv(vin, "rel_out", SKYAIFS_S_IFLNK, "../../secret");
	mkv(vin, "rel_out2", SKYAIFS_S_IFLNK, "../../../outside/data");
	mkv(vroot, "abs_out", SKYAIFS_S_IFLNK, "/secret");
	mkv(vroot, "abs_dotdot", SKYAIFS_S_IFLNK, "/../../outside/data");
	mkv(vin, "via", SKYAIFS_S_IFLNK, "../up/outside");
	mkv(vin, "via2", SKYAIFS_S_IFLNK, "../up/secret");
	mkv(vroot, "loop1", SKYAIFS_S_IFLNK, "loop2");
	mkv(vroot, "loop2", SKYAIFS_S_IFLNK, "loop1");
	mkv(vroot, "self", SKYAIFS_S_IFLNK, "self");
	mkv(vroot, "dirloop", SKYAIFS_S_IFLNK, "in/../dirloop/x");
	/* chain0 -> chain1 -> ... -> chain40 -> secret: 41 links from chain0, 40 from chain1. */
	for (int i = 0; i <= 40; i++) {
		char name[24], target[24];
		snprintf(name, sizeof name, "chain%d", i);
		snprintf(target, sizeof target, i == 40 ? "secret" : "chain%d", i + 1);
		mkv(vroot, name, SKYAIFS_S_IFLNK, target);
	}
	return !case_failed;
}

static bool is_outside(uint64_t ino)
{
	for (int i = 0; i < 4; i++)
		if (ino == outside[i])
			return true;
	return false;
}

/* Resolve in the view; expect `want` (an inode) or, if err != 0, that error. */
static void expect_resolve(uint64_t cwd, const char *path, bool follow, int err, uint64_t want)
{
	uint64_t ino = 0;
	int rc = skyaifs_resolve(mainv, vroot, cwd, path, follow, &ino);
	if (rc == 0 && is_outside(ino)) {
		printf("FAIL %s: '%s' (from %s) ESCAPES the view to inode %llu\n", case_name, path,
		       cwd == vroot ? "the view root" : "in/", (unsigned long long)ino);
		case_failed = 1;
	} else if (rc != err || (rc == 0 && ino != want)) {
		if (!case_failed)
			printf("FAIL %s: '%s' (from %s, %s): %s inode %llu, expected %s inode "
			       "%llu\n",
			       case_name, path, cwd == vroot ? "the view root" : "in/",
			       follow ? "following" : "not following", errname(rc),
			       (unsigned long long)ino, errname(err), (unsigned long long)want);
		case_failed = 1;
	}
}

static void view_dotdot(void)
{
	if (!view_setup())
		return;
	expect_resolve(vroot, "..", true, 0, vroot);
	expect_resolve(vroot, "../../..", true, 0, vroot);
	expect_resolve(vroot, "/..", true, 0, vroot);
	expect_resolve(vroot, "/../../", true, 0, vroot);
	expect_resolve(vroot, "in/../..", true, 0, vroot);
	expect_resolve(vroot, "in/../../in", true, 0, vin);
	expect_resolve(vroot, "../secret", true, 0, decoy);
	expect_resolve(vroot, "../../../../secret", true, 0, decoy);
	expect_resolve(vroot, "../view", true, SKYAIFS_ENOENT, 0);
	expect_resolve(vroot, "../outside/data", true, SKYAIFS_ENOENT, 0);
	expect_resolve(vroot, "/outside", true, SKYAIFS_ENOENT, 0);
	expect_resolve(vroot, "/secret", true, 0, decoy);
	expect_resolve(vin, "..", true, 0, vroot);
	expect_resolve(vin, "../..", true, 0, vroot);
	expect_resolve(vin, "../../../secret", true, 0, decoy);
	expect_resolve(vin, "../../outside", true, SKYAIFS_ENOENT, 0);
	expect_resolve(vin, "file", true, 0, vfile);
	expect_resolve(vin, "/in/file", true, 0, vfile);
	expect_resolve(vroot, "in/file/..", true, SKYAIFS_ENOTDIR, 0);
	expect_resolve(vroot, "in/file/x", true, SKYAIFS_ENOTDIR, 0);
	expect_resolve(vroot, ".", true, 0, vroot);
	expect_resolve(vroot, "./in/./file", true, 0, vfile);
	expect_resolve(vroot, "", true, SKYAIFS_ENOENT, 0);
	char longname[SKYAIFS_NAME_MAX + 8];
	memset(longname, 'x', sizeof longname - 1);
	longname[sizeof longname - 1] = 0;
	expect_resolve(vroot, longname, true, SKYAIFS_ENAMETOOLONG, 0);
	done();
}

static void view_symlinks(void)
{
	if (!view_setup())
		return;
	uint64_t up = 0;
	EXPECT(skyaifs_lookup(mainv, vroot, "up", &(struct skyaifs_stat){ 0 }) == 0);
	expect_resolve(vroot, "up", true, 0, vroot);
	struct skyaifs_stat st;
	if (skyaifs_lookup(mainv, vroot, "up", &st) == 0)
		up = st.ino;
	expect_resolve(vroot, "up", false, 0, up); /* the link itself */
	expect_resolve(vroot, "up/secret", true, 0, decoy);
	expect_resolve(vroot, "up/up/up/in/file", true, 0, vfile);
	expect_resolve(vroot, "up/outside", true, SKYAIFS_ENOENT, 0);
	expect_resolve(vroot, "in/rel_out", true, 0, decoy);
	expect_resolve(vroot, "in/rel_out2", true, SKYAIFS_ENOENT, 0);
	expect_resolve(vroot, "abs_out", true, 0, decoy);
	expect_resolve(vroot, "abs_dotdot", true, SKYAIFS_ENOENT, 0);
	expect_resolve(vroot, "in/via", true, SKYAIFS_ENOENT, 0);
	expect_resolve(vroot, "in/via2", true, 0, decoy);
	expect_resolve(vin, "rel_out", true, 0, decoy);
	expect_resolve(vin, "../up/../secret", true, 0, decoy);
	done();
}

static void view_loops(void)
{
	if (!view_setup())
		return;
	struct skyaifs_stat st;
	expect_resolve(vroot, "loop1", true, SKYAIFS_ELOOP, 0);
	expect_resolve(vroot, "loop1/x", true, SKYAIFS_ELOOP, 0);
	expect_resolve(vroot, "in/../loop2", true, SKYAIFS_ELOOP, 0);
	expect_resolve(vroot, "self", true, SKYAIFS_ELOOP, 0);
	expect_resolve(vroot, "dirloop", true, SKYAIFS_ELOOP, 0);
	if (skyaifs_lookup(mainv, vroot, "loop1", &st) == 0)
		expect_resolve(vroot, "loop1", false, 0, st.ino); /* not followed: no loop */
	expect_resolve(vroot, "chain1", true, 0, decoy);          /* 40 links: the limit */
	expect_resolve(vroot, "chain0", true, SKYAIFS_ELOOP, 0);  /* 41 */
	done();
}

/* Names outside cannot be reached, so hard links and renames cannot take anything out or bring
 * anything in: whatever resolve_parent hands out lies inside the view. */
static void view_links(void)
{
	if (!view_setup())
		return;
	static const char *const paths[] = {
		"../../stolen", "/../stolen", "up/stolen", "in/rel_out/../stolen",
		"../",          "..",         "/",         "up",
		"../..",        "in/../../.."
	};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		uint64_t dir = 0;
		char last[SKYAIFS_NAME_MAX + 1] = "";
		int rc = skyaifs_resolve_parent(mainv, vroot, vroot, paths[i], &dir, last);
		if (rc != 0)
			continue;
		struct skyaifs_stat st;
		bool out = is_outside(dir) ||
			   (strcmp(last, "..") == 0 && skyaifs_lookup(mainv, dir, last, &st) == 0 &&
			    is_outside(st.ino));
		if (out) {
			if (!case_failed)
				printf("FAIL %s: resolve_parent('%s') gives directory %llu and "
				       "'%s', "
				       "which looks up to outside the view\n",
				       case_name, paths[i], (unsigned long long)dir, last);
			case_failed = 1;
		}
	}
	uint64_t dir = 0;
	char last[SKYAIFS_NAME_MAX + 1] = "";
	EXPECT(skyaifs_resolve_parent(mainv, vroot, vroot, "/", &dir, last) == 0 && dir == vroot &&
	       strcmp(last, ".") == 0);
	EXPECT(skyaifs_resolve_parent(mainv, vroot, vroot, "../outside/x", &dir, last) ==
	       SKYAIFS_ENOENT);
	/* A hard link "out": it lands inside. */
	EXPECT(skyaifs_resolve_parent(mainv, vroot, vin, "../../../stolen", &dir, last) == 0);
	EXPECT(dir == vroot && strcmp(last, "stolen") == 0);
	struct skyaifs_stat st;
	EXPECT(skyaifs_link(mainv, vfile, dir, last, &st) == 0);
	EXPECT(skyaifs_lookup(mainv, skyaifs_vol_root(mainv), "stolen", &st) == SKYAIFS_ENOENT);
	EXPECT(skyaifs_lookup(mainv, vroot, "stolen", &st) == 0 && st.ino == vfile);
	/* A rename "out": it lands inside too. */
	EXPECT(skyaifs_resolve_parent(mainv, vroot, vroot, "up/../../moved", &dir, last) == 0);
	EXPECT(dir == vroot && strcmp(last, "moved") == 0);
	EXPECT(skyaifs_rename(mainv, vin, "file", dir, last, 0) == 0);
	EXPECT(skyaifs_lookup(mainv, skyaifs_vol_root(mainv), "moved", &st) == SKYAIFS_ENOENT);
	EXPECT(skyaifs_lookup(mainv, vroot, "moved", &st) == 0 && st.ino == vfile);
	/* Nothing outside can be named as a source either. */
	uint64_t ino = 0;
	static const char *const sources[] = { "../secret",  "/secret",   "in/rel_out",
					       "abs_out",    "up/secret", "../../outside/data",
					       "in/rel_out2" };
	for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++)
		if (skyaifs_resolve(mainv, vroot, vroot, sources[i], true, &ino) == 0)
			EXPECT(ino != outside[1] && ino != outside[3]);
	EXPECT(skyaifs_lookup(mainv, skyaifs_vol_root(mainv), "secret", &st) == 0 &&
	       st.ino == outside[1] && st.nlink == 1);
	done();
}

/* Directories moved inside the view: ".." follows the move. A directory moved out of the view
 * (by someone who sees more) while a holder of the view has it as its working directory: ".."
 * from there must not reach names outside the view (Linux's RESOLVE_IN_ROOT refuses with EAGAIN
 * or EXDEV when a rename races it). */
static void view_moved(void)
{
	if (!view_setup())
		return;
	uint64_t a = mkv(vroot, "a", SKYAIFS_S_IFDIR, NULL),
		 c = mkv(vroot, "c", SKYAIFS_S_IFDIR, NULL);
	uint64_t b = mkv(a, "b", SKYAIFS_S_IFDIR, NULL);
	EXPECT(skyaifs_rename(mainv, a, "b", c, "b", 0) == 0);
	expect_resolve(b, "..", true, 0, c);
	expect_resolve(vroot, "c/b/..", true, 0, c);
	expect_resolve(vroot, "a/b", true, SKYAIFS_ENOENT, 0);
	/* The holder's working directory b goes out of the view, into /outside. */
	EXPECT(skyaifs_rename(mainv, c, "b", outside[2], "b", 0) == 0);
	static const char *const paths[] = { "..", "../data", "../..", "../../secret",
					     "../../../.." };
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		uint64_t ino = 0;
		int rc = skyaifs_resolve(mainv, vroot, b, paths[i], true, &ino);
		if (rc == 0 && is_outside(ino)) {
			if (!case_failed)
				printf("FAIL %s: working directory moved out of the view: '%s' "
				       "resolves to inode %llu outside it\n",
				       case_name, paths[i], (unsigned long long)ino);
			case_failed = 1;
		}
	}
	done();
}

int main(void)
{
	RUN("skyaifs_snap", isolation);
	RUN("skyaifs_snap", isolation_encrypted);
	RUN("skyaifs_snap", generations);
	RUN("skyaifs_snap", readonly);
	RUN("skyaifs_snap", space);
	RUN("skyaifs_snap", subtree);
	RUN("skyaifs_view", view_dotdot);
	RUN("skyaifs_view", view_symlinks);
	RUN("skyaifs_view", view_loops);
	RUN("skyaifs_view", view_links);
	RUN("skyaifs_view", view_moved);
	memdev_free(&dev);
	return cases_failed != 0;
}
