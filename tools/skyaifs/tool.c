/*
 * skyaifs-tool — everything about a SKYAIFS image that is not mounting it:
 * subvolumes (list, snapshot, clone, delete), files (stat, ls, cat, put,
 * mkdir), the scrubber, and dumps of the superblock and statfs figures.
 * Paths are resolved inside the chosen subvolume as a view (lib/skyaifs
 * view.c). See --help.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/file.h"
#include "skyaifs/check.h"
#include "skyaifs/image.h"

static const char usage[] =
	"usage: skyaifs-tool IMAGE COMMAND [ARGS] [--key-file FILE] [--subvol NAME]\n"
	"commands:\n"
	"  info                      size, free space, last commit, encryption\n"
	"  list                      subvolumes (snapshots and clones)\n"
	"  snapshot SOURCE NAME [PATH]  read-only copy of subvolume SOURCE (or of its\n"
	"                            directory PATH, which becomes the new root)\n"
	"  clone SOURCE NAME [PATH]  the same, writable\n"
	"  delete NAME               delete a subvolume (its unshared blocks are freed)\n"
	"  stat PATH                 an inode's attributes\n"
	"  ls PATH                   a directory's entries\n"
	"  cat PATH                  a file's contents to stdout\n"
	"  put LOCAL PATH            copy a local file in (made or replaced)\n"
	"  mkdir PATH                make a directory\n"
	"  scrub [--repair]          verify every block; rewrite damaged copies\n"
	"--subvol NAME picks the subvolume for file commands (default main).\n"
	"Exit status: 0 done, 1 failed (or scrub found damage), 2 usage error.\n";

struct ctx {
	struct image img;
	struct skyaifs *fs;
	struct skyaifs_vol *vol;
	const char *subvol;
};

static int fail(const char *what, int err)
{
	fprintf(stderr, "skyaifs-tool: %s: %s\n", what, skyaifs_strerror(err));
	return 1;
}

static int open_vol(struct ctx *c)
{
	int err = skyaifs_vol_open(c->fs, c->subvol, &c->vol);
	return err ? fail(c->subvol, err) : 0;
}

static int resolve(struct ctx *c, const char *path, uint64_t *ino)
{
	uint64_t root = skyaifs_vol_root(c->vol);
	int err = skyaifs_resolve(c->vol, root, root, path, true, ino);
	return err ? fail(path, err) : 0;
}

static void print_time(const char *label, const struct skyaifs_time *t)
{
	printf("%s %lld.%09u\n", label, (long long)t->sec, t->nsec);
}

static int cmd_stat(struct ctx *c, const char *path)
{
	uint64_t ino;
	struct skyaifs_stat st;
	int err;
	if (open_vol(c) || resolve(c, path, &ino))
		return 1;
	if ((err = skyaifs_getattr(c->vol, ino, &st)) != 0)
		return fail(path, err);
	printf("inode %llu\nmode 0%o\nlinks %u\nuid %u\ngid %u\nsize %llu\nblocks %llu\n",
	       (unsigned long long)st.ino, st.mode, st.nlink, st.uid, st.gid,
	       (unsigned long long)st.size, (unsigned long long)st.blocks);
	print_time("atime", &st.atime);
	print_time("mtime", &st.mtime);
	print_time("ctime", &st.ctime);
	print_time("btime", &st.btime);
	return 0;
}

static int print_entry(void *ctx, const struct skyaifs_dirent *e)
{
	(void)ctx;
	printf("%llu %06o %s\n", (unsigned long long)e->ino, e->type, e->name);
	return 0;
}

static int cmd_ls(struct ctx *c, const char *path)
{
	uint64_t ino;
	if (open_vol(c) || resolve(c, path, &ino))
		return 1;
	int err = skyaifs_readdir(c->vol, ino, 0, print_entry, NULL);
	return err ? fail(path, err) : 0;
}

static int cmd_cat(struct ctx *c, const char *path)
{
	uint64_t ino;
	if (open_vol(c) || resolve(c, path, &ino))
		return 1;
	static uint8_t buf[1 << 20];
	uint64_t off = 0;
	long n;
	while ((n = skyaifs_read(c->vol, ino, off, buf, sizeof buf)) > 0) {
		if (fwrite(buf, 1, (size_t)n, stdout) != (size_t)n)
			return fail("stdout", SKYAIFS_EIO);
		off += (uint64_t)n;
	}
	return n < 0 ? fail(path, (int)n) : 0;
}

static int cmd_put(struct ctx *c, const char *local, const char *path)
{
	const char *why;
	size_t size;
	uint8_t *data = file_read(local, &size, 1ull << 34, &why);
	if (!data) {
		fprintf(stderr, "skyaifs-tool: %s: %s\n", local, why);
		return 1;
	}
	uint64_t dir, root;
	char name[SKYAIFS_NAME_MAX + 1];
	struct skyaifs_stat st;
	int err = open_vol(c);
	if (err)
		goto out;
	root = skyaifs_vol_root(c->vol);
	if ((err = skyaifs_resolve_parent(c->vol, root, root, path, &dir, name)) == 0) {
		err = skyaifs_lookup(c->vol, dir, name, &st);
		if (err == SKYAIFS_ENOENT)
			err = skyaifs_mknod(c->vol, dir, name, 0100644, 0, 0, 0, &st);
	}
	struct skyaifs_stat zero = { .size = 0 };
	long n = 0;
	if (!err && (err = skyaifs_setattr(c->vol, st.ino, SKYAIFS_SET_SIZE, &zero, NULL)) == 0)
		n = skyaifs_write(c->vol, st.ino, 0, data, size);
	if (n < 0)
		err = (int)n;
	if (!err)
		err = skyaifs_fsync(c->vol, st.ino, false);
	err = err ? fail(path, err) : 0;
out:
	free(data);
	return err ? 1 : 0;
}

static int cmd_mkdir(struct ctx *c, const char *path)
{
	uint64_t dir, root;
	char name[SKYAIFS_NAME_MAX + 1];
	if (open_vol(c))
		return 1;
	root = skyaifs_vol_root(c->vol);
	int err = skyaifs_resolve_parent(c->vol, root, root, path, &dir, name);
	if (!err)
		err = skyaifs_mkdir(c->vol, dir, name, 0755, 0, 0, NULL);
	return err ? fail(path, err) : 0;
}

static int print_vol(void *ctx, const struct skyaifs_vol_info *info)
{
	(void)ctx;
	printf("%-20s id %llu root inode %llu created at commit %llu %s\n", info->name,
	       (unsigned long long)info->id, (unsigned long long)info->root_ino,
	       (unsigned long long)info->created_commit, info->writable ? "writable" : "read-only");
	return 0;
}

static int cmd_copy(struct ctx *c, const char *source, const char *name, const char *path,
		    bool writable)
{
	uint64_t dir = 0;
	if (path) {
		c->subvol = source;
		if (open_vol(c) || resolve(c, path, &dir))
			return 1;
		skyaifs_vol_close(c->vol);
		c->vol = NULL;
	}
	int err = skyaifs_vol_create_from(c->fs, source, dir, name, writable);
	return err ? fail(name, err) : 0;
}

static void print_problem(void *ctx, const char *line)
{
	(void)ctx;
	printf("%s\n", line);
}

static int cmd_scrub(struct ctx *c, bool repair)
{
	struct skyaifs_check_report r = { .problem = print_problem };
	int err = skyaifs_scrub(c->fs, repair, &r);
	if (err && err != SKYAIFS_EUCLEAN)
		return fail("scrub", err);
	printf("scrubbed %llu tree nodes, %llu data blocks, %llu space map blocks: %llu damaged "
	       "copies, "
	       "%llu unrecoverable, %llu repaired\n",
	       (unsigned long long)r.nodes, (unsigned long long)r.data_blocks,
	       (unsigned long long)r.space_blocks, (unsigned long long)r.bad_copies,
	       (unsigned long long)r.unrecoverable, (unsigned long long)r.repaired);
	return err ? 1 : 0;
}

static int cmd_info(struct ctx *c)
{
	struct skyaifs_statfs sf;
	skyaifs_statfs(c->fs, &sf);
	printf("blocks %llu\nfree %llu\navailable %llu\ncommit %llu\nencrypted %s\n",
	       (unsigned long long)sf.blocks, (unsigned long long)sf.blocks_free,
	       (unsigned long long)sf.blocks_avail, (unsigned long long)sf.commit,
	       sf.encrypted ? "yes" : "no");
	return 0;
}

static int run(struct ctx *c, int argc, char **argv)
{
	const char *cmd = argv[0];
	if (strcmp(cmd, "info") == 0 && argc == 1)
		return cmd_info(c);
	if (strcmp(cmd, "list") == 0 && argc == 1) {
		int err = skyaifs_vol_list(c->fs, print_vol, NULL);
		return err ? fail("list", err) : 0;
	}
	if ((strcmp(cmd, "snapshot") == 0 || strcmp(cmd, "clone") == 0) && (argc == 3 || argc == 4))
		return cmd_copy(c, argv[1], argv[2], argc == 4 ? argv[3] : NULL, cmd[0] == 'c');
	if (strcmp(cmd, "delete") == 0 && argc == 2) {
		int err = skyaifs_vol_delete(c->fs, argv[1]);
		return err ? fail(argv[1], err) : 0;
	}
	if (strcmp(cmd, "stat") == 0 && argc == 2)
		return cmd_stat(c, argv[1]);
	if (strcmp(cmd, "ls") == 0 && argc == 2)
		return cmd_ls(c, argv[1]);
	if (strcmp(cmd, "cat") == 0 && argc == 2)
		return cmd_cat(c, argv[1]);
	if (strcmp(cmd, "put") == 0 && argc == 3)
		return cmd_put(c, argv[1], argv[2]);
	if (strcmp(cmd, "mkdir") == 0 && argc == 2)
		return cmd_mkdir(c, argv[1]);
	if (strcmp(cmd, "scrub") == 0 && argc <= 2 &&
	    (argc == 1 || strcmp(argv[1], "--repair") == 0))
		return cmd_scrub(c, argc == 2);
	fprintf(stderr, "skyaifs-tool: bad command or arguments\n%s", usage);
	return 2;
}

static bool read_only_command(const char *cmd)
{
	static const char *const ro[] = { "info", "list", "stat", "ls", "cat", NULL };
	for (int i = 0; ro[i]; i++)
		if (strcmp(cmd, ro[i]) == 0)
			return true;
	return false;
}

int main(int argc, char **argv)
{
	struct ctx c = { .subvol = "main" };
	const char *key_file = NULL;
	char *args[8];
	int nargs = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(usage, stdout);
			return 0;
		} else if (strcmp(argv[i], "--key-file") == 0 && i + 1 < argc) {
			key_file = argv[++i];
		} else if (strcmp(argv[i], "--subvol") == 0 && i + 1 < argc) {
			c.subvol = argv[++i];
		} else if (nargs < 8 && (strcmp(argv[i], "--repair") == 0 || argv[i][0] != '-' ||
					 argv[i][1] == '\0')) {
			args[nargs++] = argv[i];
		} else {
			fprintf(stderr, "skyaifs-tool: unexpected '%s'\n%s", argv[i], usage);
			return 2;
		}
	}
	if (nargs < 2) {
		fputs(usage, stderr);
		return 2;
	}
	const char *why;
	size_t key_len = 0;
	uint8_t *key = NULL;
	if (key_file && !(key = image_read_key(key_file, &key_len, &why))) {
		fprintf(stderr, "skyaifs-tool: cannot read key file '%s': %s\n", key_file, why);
		return 1;
	}
	bool ro = read_only_command(args[1]);
	if (image_open(&c.img, args[0], !ro, 0, &why) != 0) {
		fprintf(stderr, "skyaifs-tool: %s: %s\n", args[0], why);
		free(key);
		return 1;
	}
	int err = skyaifs_mount(&c.fs, &c.img.dev, &image_env, key, key_len,
				ro ? SKYAIFS_MOUNT_RDONLY : 0);
	free(key);
	if (err) {
		fprintf(stderr, "skyaifs-tool: %s: cannot mount: %s\n", args[0],
			skyaifs_strerror(err));
		image_close(&c.img);
		return 1;
	}
	int status = run(&c, nargs - 1, args + 1);
	if (c.vol)
		skyaifs_vol_close(c.vol);
	err = skyaifs_unmount(c.fs);
	image_close(&c.img);
	if (err && status == 0)
		status = fail("unmount", err);
	return status;
}
