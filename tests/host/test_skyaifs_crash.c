/*
 * test_skyaifs_crash — crash consistency of lib/skyaifs. A seeded workload
 * (creates, writes, truncates, renames, unlinks, hard and symbolic links,
 * directories, an open file unlinked and written, snapshots made and
 * deleted, fsyncs of particular files, syncs) runs over a device that records every block write and
 * flush. Then, for crash points at every flush and at random places between
 * flushes, the disk as it could be after a power cut is built: every write
 * before the last flush is on it; of the writes after it, any subset, in any
 * order (a block written twice may hold either version). Each such image
 * must
 *   (a) mount;
 *   (b) pass the library's consistency check (when it has one);
 *   (c) hold exactly the state after some operation t with S <= t <= T,
 *       where S is the last sync or fsync that returned before the crash
 *       and T the last operation that had started: a commit is atomic and
 *       covers the whole volume (skyaifs.h), so everything synced is there,
 *       nothing appears half-done, and no file holds bytes nobody wrote;
 *   (d) stay usable: now and then, a file written, synced and found again
 *       after another mount.
 * Three workloads: plain, encrypted, and plain with files held open after
 * their last name went (orphans a mount must clean up).
 * CRASH_SEED picks the workload, CRASH_POINT=n runs only crash point n (to
 * reproduce one failure).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "skyaifs_memdev.h"
#include "skyaifs_model.h"

#define BS         SKYAIFS_BLOCK_SIZE
#define DEV_BLOCKS 4096 /* 16 MiB */
#define OPS        400
#define VARIANTS   4 /* random crash points between two flushes, per flush */
#define MAX_FILES  40

enum kind {
	OP_CREATE,
	OP_MKDIR,
	OP_WRITE,
	OP_TRUNCATE,
	OP_RENAME,
	OP_UNLINK,
	OP_LINK,
	OP_SYMLINK,
	OP_FSYNC,
	OP_SYNC,
	OP_ORPHAN,  /* hold a file open, unlink it, write to it, fsync it */
	OP_RELEASE, /* let go of the orphan */
	OP_SNAP,    /* a snapshot of main */
	OP_SNAPDEL, /* delete one */
	OP_UNMOUNT,
};

struct op {
	enum kind kind;
	char a[64], b[64]; /* paths (or a symlink's target in b) */
	uint64_t off, len;
	uint8_t *data;
	size_t start, end; /* log positions when it started and when it returned */
	uint64_t digest;   /* of the model after it */
};

static const char *kind_name[] = { "create", "mkdir",   "write",    "truncate",        "rename",
				   "unlink", "link",    "symlink",  "fsync",           "sync",
				   "orphan", "release", "snapshot", "delete-snapshot", "unmount" };

static struct op ops[OPS + 3];
static size_t nops;
static uint64_t seed;
static const char *key;
static bool orphans; /* the workload holds unlinked files open */
static bool snaps;   /* the workload makes and deletes snapshots */

/* The snapshots that exist, sorted by name, each with the digest of its tree. */
struct snapset {
	int n;
	char name[8][16];
	uint64_t digest[8];
};

static void snap_add(struct snapset *ss, const char *name, uint64_t digest)
{
	int i = ss->n++;
	while (i > 0 && strcmp(ss->name[i - 1], name) > 0) {
		memcpy(ss->name[i], ss->name[i - 1], sizeof ss->name[i]);
		ss->digest[i] = ss->digest[i - 1];
		i--;
	}
	snprintf(ss->name[i], sizeof ss->name[i], "%s", name);
	ss->digest[i] = digest;
}

static void snap_remove(struct snapset *ss, const char *name)
{
	for (int i = 0; i < ss->n; i++)
		if (strcmp(ss->name[i], name) == 0) {
			for (int j = i + 1; j < ss->n; j++) {
				memcpy(ss->name[j - 1], ss->name[j], sizeof ss->name[j]);
				ss->digest[j - 1] = ss->digest[j];
			}
			ss->n--;
			return;
		}
}

/* The whole volume: main's tree and every snapshot's. */
static uint64_t state_digest(uint64_t main_digest, const struct snapset *ss)
{
	uint64_t h = main_digest;
	for (int i = 0; i < ss->n; i++) {
		for (const char *c = ss->name[i]; *c; c++)
			h = (h ^ (uint8_t)*c) * 1099511628211ull;
		h = (h ^ ss->digest[i]) * 1099511628211ull;
	}
	return h;
}
static struct memdev dev, base, work;
static char failure[1024];

/* ---- the workload ------------------------------------------------------------------ */

static struct rng rng;

/* A random entry of the model of the given type, or NULL. */
static const struct mentry *pick(const struct model *m, uint32_t type, bool single_link)
{
	size_t n = 0;
	for (size_t i = 0; i < m->n; i++)
		n += m->e[i].type == type && (!single_link || m->e[i].f->nlink == 1);
	if (!n)
		return NULL;
	size_t k = rng_below(&rng, n);
	for (size_t i = 0; i < m->n; i++)
		if (m->e[i].type == type && (!single_link || m->e[i].f->nlink == 1) && k-- == 0)
			return &m->e[i];
	return NULL;
}

/* A random directory ("" is the root). */
static const char *pick_dir(const struct model *m)
{
	const struct mentry *d = rng_below(&rng, 3) ? pick(m, SKYAIFS_S_IFDIR, false) : NULL;
	return d ? d->path : "";
}

static void join(char *out, const char *dir, const char *name)
{
	snprintf(out, 64, "%s%s%s", dir, *dir ? "/" : "", name);
}

/* Apply op to the model. */
static void model_apply(struct model *m, const struct op *o)
{
	switch (o->kind) {
	case OP_CREATE:
		model_add(m, o->a, SKYAIFS_S_IFREG, 0644);
		break;
	case OP_MKDIR:
		model_add(m, o->a, SKYAIFS_S_IFDIR, 0755);
		break;
	case OP_WRITE:
		mfile_write(model_file(m, o->a), o->off, o->data, o->len);
		break;
	case OP_TRUNCATE:
		mfile_truncate(model_file(m, o->a), o->len);
		break;
	case OP_RENAME:
		model_rename(m, o->a, o->b);
		break;
	case OP_UNLINK:
	case OP_ORPHAN:
		model_remove(m, o->a);
		break;
	case OP_LINK:
		model_link(m, o->a, o->b);
		break;
	case OP_SYMLINK:
		model_add(m, o->a, SKYAIFS_S_IFLNK, 0)->target = strdup(o->b);
		break;
	default:
		break;
	}
}

/* The next operation, valid in the model's state. */
static void generate(struct model *m, const struct snapset *ss, struct op *o, bool orphan_held)
{
	static unsigned snap_counter;
	memset(o, 0, sizeof *o);
	if (snaps && rng_below(&rng, 40) == 0) {
		if (ss->n > 0 && (ss->n >= 4 || rng_below(&rng, 3) == 0)) {
			o->kind = OP_SNAPDEL;
			snprintf(o->a, sizeof o->a, "%s", ss->name[rng_below(&rng, ss->n)]);
		} else {
			o->kind = OP_SNAP;
			snprintf(o->a, sizeof o->a, "snap%u", ++snap_counter);
		}
		return;
	}
	size_t files = 0;
	for (size_t i = 0; i < m->n; i++)
		files += m->e[i].type == SKYAIFS_S_IFREG;
	for (;;) {
		unsigned r = (unsigned)rng_below(&rng, 100);
		const struct mentry *f = pick(m, SKYAIFS_S_IFREG, false);
		char name[32];
		snprintf(name, sizeof name, "n%u", (unsigned)rng_below(&rng, 60));
		if (r < 12 || !f) {
			if (files >= MAX_FILES)
				continue;
			o->kind = OP_CREATE;
			join(o->a, pick_dir(m), name);
			if (model_find(m, o->a) >= 0)
				continue;
		} else if (r < 42) {
			o->kind = OP_WRITE;
			snprintf(o->a, sizeof o->a, "%s", f->path);
			o->len = 1 + rng_below(&rng, 1ull << rng_below(&rng, 15));
			o->off = rng_below(&rng, f->f->size + 2 * BS);
			o->data = malloc(o->len);
			rng_fill(&rng, o->data, o->len);
		} else if (r < 47) {
			o->kind = OP_TRUNCATE;
			snprintf(o->a, sizeof o->a, "%s", f->path);
			o->len = rng_below(&rng, f->f->size + 3 * BS);
		} else if (r < 56) {
			/* A file to a new name or over another file; now and then a directory. */
			const struct mentry *d = pick(m, SKYAIFS_S_IFDIR, false);
			const struct mentry *src = rng_below(&rng, 5) || !d ? f : d;
			o->kind = OP_RENAME;
			snprintf(o->a, sizeof o->a, "%s", src->path);
			const struct mentry *over = pick(m, SKYAIFS_S_IFREG, false);
			if (src == f && over && rng_below(&rng, 2))
				snprintf(o->b, sizeof o->b, "%s", over->path);
			else
				join(o->b, pick_dir(m), name);
			long t = model_find(m, o->b);
			size_t n = strlen(o->a), longest = 0;
			for (size_t i = 0; i < m->n; i++)
				if (strncmp(m->e[i].path, o->a, n) == 0 &&
				    strlen(m->e[i].path) - n > longest)
					longest = strlen(m->e[i].path) - n;
			if (strlen(o->b) + longest > 56) /* paths stay short */
				continue;
			/* Not into itself, not over a directory or symlink. */
			if ((strncmp(o->b, o->a, n) == 0 && (o->b[n] == '/' || o->b[n] == 0)) ||
			    (t >= 0 && m->e[t].type != SKYAIFS_S_IFREG) ||
			    (t >= 0 && src->type != SKYAIFS_S_IFREG))
				continue;
		} else if (r < 63) {
			o->kind = OP_UNLINK;
			snprintf(o->a, sizeof o->a, "%s", f->path);
		} else if (r < 66) {
			o->kind = OP_LINK;
			snprintf(o->a, sizeof o->a, "%s", f->path);
			join(o->b, pick_dir(m), name);
			if (model_find(m, o->b) >= 0)
				continue;
		} else if (r < 68) {
			o->kind = OP_SYMLINK;
			join(o->a, pick_dir(m), name);
			snprintf(o->b, sizeof o->b, "../%s", f->path);
			if (model_find(m, o->a) >= 0)
				continue;
		} else if (r < 70) {
			o->kind = OP_MKDIR;
			snprintf(name, sizeof name, "d%u", (unsigned)rng_below(&rng, 8));
			join(o->a, pick_dir(m), name);
			if (model_find(m, o->a) >= 0 || strlen(o->a) > 40)
				continue;
		} else if (r < 84) {
			o->kind = OP_FSYNC;
			snprintf(o->a, sizeof o->a, "%s", f->path);
		} else if (r < 91) {
			o->kind = OP_SYNC;
		} else if (r < 94 && !orphan_held && orphans) {
			const struct mentry *g = pick(m, SKYAIFS_S_IFREG, true);
			if (!g)
				continue;
			o->kind = OP_ORPHAN;
			snprintf(o->a, sizeof o->a, "%s", g->path);
		} else if (r >= 94 && orphan_held) {
			o->kind = OP_RELEASE;
		} else {
			continue;
		}
		return;
	}
}

/* ---- running it through the library --------------------------------------------------- */

static int walk(struct skyaifs_vol *vol, const char *path, uint64_t *ino)
{
	uint64_t at = skyaifs_vol_root(vol);
	char buf[64];
	snprintf(buf, sizeof buf, "%s", path);
	for (char *save, *c = strtok_r(buf, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		struct skyaifs_stat st;
		int rc = skyaifs_lookup(vol, at, c, &st);
		if (rc != 0)
			return rc;
		at = st.ino;
	}
	*ino = at;
	return 0;
}

/* Split a path into its directory's inode and its last name. */
static int parent(struct skyaifs_vol *vol, const char *path, uint64_t *dir, const char **name)
{
	char d[64];
	snprintf(d, sizeof d, "%s", path);
	char *slash = strrchr(d, '/');
	*name = slash ? path + (slash - d) + 1 : path;
	if (!slash)
		d[0] = 0;
	else
		*slash = 0;
	return walk(vol, d, dir);
}

static uint64_t orphan_ino;

static int execute(struct skyaifs **fs, struct skyaifs_vol **vol, const struct op *o)
{
	uint64_t ino, dir, dir2;
	const char *name, *name2;
	struct skyaifs_stat st;
	int rc = 0;
	switch (o->kind) {
	case OP_CREATE:
		if (!(rc = parent(*vol, o->a, &dir, &name)))
			rc = skyaifs_mknod(*vol, dir, name, SKYAIFS_S_IFREG | 0644, 0, 0, 0, &st);
		break;
	case OP_MKDIR:
		if (!(rc = parent(*vol, o->a, &dir, &name)))
			rc = skyaifs_mkdir(*vol, dir, name, 0755, 0, 0, &st);
		break;
	case OP_WRITE:
		if (!(rc = walk(*vol, o->a, &ino))) {
			long n = skyaifs_write(*vol, ino, o->off, o->data, o->len);
			rc = n == (long)o->len ? 0 : n < 0 ? (int)n : -1;
		}
		break;
	case OP_TRUNCATE:
		if (!(rc = walk(*vol, o->a, &ino))) {
			struct skyaifs_stat attr = { .size = o->len };
			rc = skyaifs_setattr(*vol, ino, SKYAIFS_SET_SIZE, &attr, NULL);
		}
		break;
	case OP_RENAME:
		if (!(rc = parent(*vol, o->a, &dir, &name)) &&
		    !(rc = parent(*vol, o->b, &dir2, &name2)))
			rc = skyaifs_rename(*vol, dir, name, dir2, name2, 0);
		break;
	case OP_UNLINK:
		if (!(rc = parent(*vol, o->a, &dir, &name)))
			rc = skyaifs_unlink(*vol, dir, name);
		break;
	case OP_LINK:
		if (!(rc = walk(*vol, o->a, &ino)) && !(rc = parent(*vol, o->b, &dir, &name)))
			rc = skyaifs_link(*vol, ino, dir, name, &st);
		break;
	case OP_SYMLINK:
		if (!(rc = parent(*vol, o->a, &dir, &name)))
			rc = skyaifs_symlink(*vol, dir, name, o->b, 0, 0, &st);
		break;
	case OP_FSYNC:
		if (!(rc = walk(*vol, o->a, &ino)))
			rc = skyaifs_fsync(*vol, ino, rng_below(&rng, 2));
		break;
	case OP_SYNC:
		rc = skyaifs_sync(*fs);
		break;
	case OP_ORPHAN: {
		static uint8_t junk[2 * BS];
		memset(junk, 0x6f, sizeof junk);
		if ((rc = walk(*vol, o->a, &orphan_ino)) || (rc = skyaifs_ref(*vol, orphan_ino)) ||
		    (rc = parent(*vol, o->a, &dir, &name)) ||
		    (rc = skyaifs_unlink(*vol, dir, name)))
			break;
		long n = skyaifs_write(*vol, orphan_ino, 0, junk, sizeof junk);
		rc = n == (long)sizeof junk ? skyaifs_fsync(*vol, orphan_ino, false)
		     : n < 0                ? (int)n
					    : -1;
		break;
	}
	case OP_RELEASE:
		rc = skyaifs_unref(*vol, orphan_ino);
		break;
	case OP_SNAP:
		rc = skyaifs_vol_create_from(*fs, "main", skyaifs_vol_root(*vol), o->a, false);
		break;
	case OP_SNAPDEL:
		rc = skyaifs_vol_delete(*fs, o->a);
		break;
	case OP_UNMOUNT:
		skyaifs_vol_close(*vol);
		*vol = NULL;
		rc = skyaifs_unmount(*fs);
		*fs = NULL;
		break;
	}
	return rc;
}

static bool is_sync(enum kind k)
{
	return k == OP_FSYNC || k == OP_SYNC || k == OP_UNMOUNT || k == OP_ORPHAN;
}

/* Run the workload on `dev`, recording; fills ops[] with positions and digests. */
static int record(void)
{
	struct skyaifs *fs;
	struct skyaifs_vol *vol;
	struct model m;
	model_init(&m);
	dev.recording = true;
	int rc = memdev_mount(&dev, key, 0, &fs, &vol);
	if (rc != 0) {
		snprintf(failure, sizeof failure, "mount of the fresh volume: %s", errname(rc));
		return -1;
	}
	ops[0] = (struct op){ .kind = OP_SYNC, .digest = model_digest(&m) }; /* the empty volume */
	bool held = false;
	struct snapset ss = { 0 };
	for (size_t i = 1;; i++) {
		struct op *o = &ops[i];
		if (i <= OPS) {
			generate(&m, &ss, o, held);
		} else {
			memset(o, 0, sizeof *o);
			o->kind = held ? OP_RELEASE : OP_UNMOUNT; /* let go of the orphan first */
		}
		o->start = dev.log_n;
		rc = execute(&fs, &vol, o);
		o->end = dev.log_n;
		nops = i;
		if (rc != 0) {
			snprintf(failure, sizeof failure, "workload op %zu (%s %s %s): %s", i,
				 kind_name[o->kind], o->a, o->b, errname(rc));
			model_free(&m);
			return -1;
		}
		held = o->kind == OP_ORPHAN || (held && o->kind != OP_RELEASE);
		model_apply(&m, o);
		if (o->kind == OP_SNAP)
			snap_add(&ss, o->a, model_digest(&m));
		if (o->kind == OP_SNAPDEL)
			snap_remove(&ss, o->a);
		o->digest = state_digest(model_digest(&m), &ss);
		if (o->kind == OP_UNMOUNT)
			break;
	}
	model_free(&m);
	dev.recording = false;
	return 0;
}

/* ---- crash points ------------------------------------------------------------------------- */

static struct {
	unsigned long points, at_flush, between, pending_applied, pending_dropped, checked;
	unsigned long failed[4];
	bool check_missing;
	char first[4][1024];
} res;
enum { F_MOUNT, F_CHECK, F_STATE, F_USABLE };

static void failure_at(int what, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void failure_at(int what, const char *fmt, ...)
{
	if (res.failed[what]++)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(res.first[what], sizeof res.first[what], fmt, ap);
	va_end(ap);
}

/* Run the check over the image; a verdict of damage is a failure. */
static void check_image(const char *where, const char *point)
{
	char why[512];
	int clean = memdev_check(&work, key, why, sizeof why);
	if (clean < 0)
		res.check_missing = true;
	else if (clean == 0)
		failure_at(F_CHECK, "%s (%s): the check reports: %s", point, where, why);
	else
		res.checked++;
}

/* Does the state match the one after some op in [lo, hi]? Returns the op, or -1. */
static long match(uint64_t digest, size_t lo, size_t hi)
{
	for (size_t t = lo; t <= hi; t++)
		if (ops[t].digest == digest)
			return (long)t;
	return -1;
}

/* (d): write, sync, remount and find a new file, the rest unchanged. */
static void check_usable(struct skyaifs *fs, struct skyaifs_vol *vol, uint64_t digest,
			 const char *point)
{
	static uint8_t buf[10000], back[10000];
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (uint8_t)(i * 7 + 3);
	struct skyaifs_stat st;
	int rc = skyaifs_mknod(vol, skyaifs_vol_root(vol), "probe", SKYAIFS_S_IFREG | 0600, 0, 0, 0,
			       &st);
	long n = rc ? rc : skyaifs_write(vol, st.ino, 0, buf, sizeof buf);
	rc = n == (long)sizeof buf ? skyaifs_sync(fs) : n < 0 ? (int)n : -1;
	skyaifs_vol_close(vol);
	int rc2 = skyaifs_unmount(fs);
	if (rc || rc2) {
		failure_at(F_USABLE, "%s: write and sync after recovery: %s, unmount: %s", point,
			   errname(rc), errname(rc2));
		return;
	}
	if ((rc = memdev_mount(&work, key, 0, &fs, &vol)) != 0) {
		failure_at(F_USABLE, "%s: second mount after recovery: %s", point, errname(rc));
		return;
	}
	struct model got;
	rc = skyaifs_lookup(vol, skyaifs_vol_root(vol), "probe", &st);
	n = rc ? rc : skyaifs_read(vol, st.ino, 0, back, sizeof back);
	if (n != (long)sizeof back || memcmp(buf, back, sizeof buf) != 0)
		failure_at(F_USABLE,
			   "%s: the probe file written after recovery reads back wrong (%s)", point,
			   errname(n));
	else if ((rc = model_scan(vol, skyaifs_vol_root(vol), false, &got)) != 0)
		failure_at(F_USABLE, "%s: scan after recovery: %s", point, errname(rc));
	else {
		model_remove(&got, "probe");
		if (model_digest(&got) != digest)
			failure_at(F_USABLE,
				   "%s: the recovered files changed after a write and sync", point);
	}
	if (!rc)
		model_free(&got);
	skyaifs_vol_close(vol);
	skyaifs_unmount(fs);
	check_image("after using it", point);
}

struct listing {
	int n;
	char name[16][SKYAIFS_VOLUME_NAME_MAX + 1];
};

static int list_one(void *ctx, const struct skyaifs_vol_info *info)
{
	struct listing *l = ctx;
	if (l->n < 16)
		memcpy(l->name[l->n++], info->name, sizeof l->name[0]);
	return 0;
}

/* Every subvolume but main, with the digest of its tree; a problem goes to why. */
static void scan_snapshots(struct skyaifs *fs, struct snapset *out, char *why, size_t cap)
{
	struct listing l = { 0 };
	int rc = skyaifs_vol_list(fs, list_one, &l);
	if (rc) {
		snprintf(why, cap, "listing the subvolumes: %s", errname(rc));
		return;
	}
	for (int i = 0; i < l.n; i++) {
		if (strcmp(l.name[i], "main") == 0)
			continue;
		struct skyaifs_vol *v;
		struct model got;
		if (out->n == 8 || (rc = skyaifs_vol_open(fs, l.name[i], &v)) != 0) {
			snprintf(why, cap, "subvolume %s: %s", l.name[i],
				 out->n == 8 ? "one too many" : errname(rc));
			return;
		}
		rc = model_scan(v, skyaifs_vol_root(v), false, &got);
		skyaifs_vol_close(v);
		if (rc) {
			snprintf(why, cap, "scanning snapshot %s: %s", l.name[i], errname(rc));
			return;
		}
		snap_add(out, l.name[i], model_digest(&got));
		model_free(&got);
	}
}

/* Check one crash image (built in `work`): the log prefix [0, k) happened, of which everything
 * before `durable` is certainly on the disk. */
static void check_point(unsigned long p, size_t k, size_t durable, const char *how)
{
	char point[256];
	snprintf(point, sizeof point, "seed %llu%s point %lu (crash after event %zu of %zu, %s)",
		 (unsigned long long)seed, key ? " encrypted" : "", p, k, dev.log_n, how);
	/* The full check costs more than the rest: every flush, and every third point between. */
	if (durable == k || p % 3 == 0)
		check_image("as the crash left it", point);
	struct skyaifs *fs;
	struct skyaifs_vol *vol;
	int rc = memdev_mount(&work, key, 0, &fs, &vol);
	if (rc != 0) {
		failure_at(F_MOUNT, "%s: mount: %s", point, errname(rc));
		return;
	}
	size_t S = 0, T = 0;
	for (size_t t = 0; t <= nops; t++) {
		if (is_sync(ops[t].kind) && ops[t].end <= k)
			S = t;
		if (ops[t].start < k || t == 0)
			T = t;
	}
	if (T < S)
		T = S;
	struct model got;
	rc = model_scan(vol, skyaifs_vol_root(vol), false, &got);
	if (rc != 0) {
		failure_at(F_STATE, "%s: reading the root directory: %s", point, errname(rc));
		skyaifs_vol_close(vol);
		skyaifs_unmount(fs);
		return;
	}
	uint64_t main_digest = model_digest(&got);
	struct snapset found = { 0 };
	char snapwhy[160] = "";
	scan_snapshots(fs, &found, snapwhy, sizeof snapwhy);
	uint64_t digest = state_digest(main_digest, &found);
	if (snapwhy[0]) {
		failure_at(F_STATE, "%s: %s", point, snapwhy);
	} else if (match(digest, S, T) < 0) {
		/* Say how it differs from the last synced state, and whether it is some other
		 * state of the workload (too old or too new). */
		struct model want;
		model_init(&want);
		for (size_t t = 1; t <= S; t++)
			model_apply(&want, &ops[t]);
		char why[512] = "no difference in the scanned tree";
		model_diff(&want, &got, why, sizeof why);
		long other = match(digest, 0, nops);
		char also[256] = "";
		int n = other >= 0 ? snprintf(also, sizeof also, "; it is the state after op %ld",
					      other)
				   : 0;
		n += snprintf(also + n, sizeof also - (size_t)n, "; snapshots found:");
		for (int i = 0; i < found.n && n < (int)sizeof also; i++)
			n += snprintf(also + n, sizeof also - (size_t)n, " %s", found.name[i]);
		failure_at(
			F_STATE,
			"%s: the volume is in none of the states after ops %zu..%zu (last sync: op "
			"%zu %s %s); against that sync: %s%s",
			point, S, T, S, kind_name[ops[S].kind], ops[S].a, why, also);
		model_free(&want);
	}
	if (p % 8 == 0)
		check_usable(fs, vol, main_digest, point); /* unmounts */
	else {
		skyaifs_vol_close(vol);
		if ((rc = skyaifs_unmount(fs)) != 0)
			failure_at(F_USABLE, "%s: unmount after recovery: %s", point, errname(rc));
	}
	model_free(&got);
}

static void apply(struct memdev *m, const struct memdev_event *e)
{
	memcpy(m->data + e->block * BS, e->data, BS);
}

static long only = -1;

/* A crash before the flush that ends [durable, end): the writes in [durable, k) for a random k
 * were in flight; a random subset of them reached the disk, in a random order. */
static void between(unsigned long *p, struct memdev *durable_img, size_t durable, size_t end)
{
	size_t idx[1024];
	for (unsigned v = 0; v < VARIANTS; v++, (*p)++) {
		struct rng r;
		rng_seed(&r, seed * 1000003 + *p);
		size_t k = durable + rng_below(&r, end - durable + 1);
		if (only >= 0 && (long)*p != only)
			continue;
		memdev_copy_from(&work, durable_img);
		size_t n = 0;
		unsigned mode = (unsigned)rng_below(&r, 3); /* all, a random half, a random few */
		for (size_t i = durable; i < k && n < 1024; i++)
			if (dev.log[i].data &&
			    (mode == 0 || (mode == 1 ? rng_below(&r, 2) : !rng_below(&r, 4))))
				idx[n++] = i;
		for (size_t i = n; i > 1; i--) { /* shuffle: any order */
			size_t j = rng_below(&r, i), t = idx[i - 1];
			idx[i - 1] = idx[j];
			idx[j] = t;
		}
		for (size_t i = 0; i < n; i++)
			apply(&work, &dev.log[idx[i]]);
		res.pending_applied += n;
		res.pending_dropped += k - durable - n;
		char how[96];
		snprintf(how, sizeof how, "%zu of the %zu writes since the last flush applied", n,
			 k - durable);
		res.points++;
		res.between++;
		check_point(*p, k, durable, how);
	}
}

static void crash_points(void)
{
	static struct memdev durable_img;
	if (memdev_init(&durable_img, DEV_BLOCKS) != 0)
		abort();
	memdev_copy_from(&durable_img, &base);
	unsigned long p = 0;
	size_t durable = 0;
	for (size_t i = 0; i < dev.log_n; i++) {
		if (dev.log[i].data)
			continue;
		between(&p, &durable_img, durable, i);
		for (size_t j = durable; j < i; j++)
			apply(&durable_img, &dev.log[j]);
		durable = i + 1;
		if (only < 0 || (long)p == only) {
			memdev_copy_from(&work, &durable_img);
			res.points++;
			res.at_flush++;
			check_point(p, i + 1, durable, "at a flush");
		}
		p++;
	}
	/* Writes after the last flush: in flight when the power went. */
	between(&p, &durable_img, durable, dev.log_n);
	memdev_free(&durable_img);
}

static void run(const char *name, const char *volume_key, bool with_orphans, bool with_snapshots)
{
	case_name = name;
	key = volume_key;
	orphans = with_orphans;
	snaps = with_snapshots;
	memset(&res, 0, sizeof res);
	failure[0] = 0;
	rng_seed(&rng, seed);
	test_env_seed(seed);
	if (memdev_init(&dev, DEV_BLOCKS) || memdev_init(&base, DEV_BLOCKS) ||
	    memdev_init(&work, DEV_BLOCKS))
		abort();
	int rc = memdev_format(&dev, key);
	if (rc != 0) {
		printf("FAIL %s/workload: format: %s\n", name, errname(rc));
		cases_failed++;
		goto out;
	}
	memdev_copy_from(&base, &dev);
	if (record() != 0) {
		printf("FAIL %s/workload: seed %llu: %s\n", name, (unsigned long long)seed,
		       failure);
		cases_failed++;
		goto out;
	}
	printf("PASS %s/workload\n", name);
	crash_points();
	size_t writes = 0, syncs = 0, made = 0, dropped = 0;
	for (size_t i = 0; i < dev.log_n; i++)
		writes += dev.log[i].data != NULL;
	for (size_t t = 1; t <= nops; t++) {
		syncs += is_sync(ops[t].kind);
		made += ops[t].kind == OP_SNAP;
		dropped += ops[t].kind == OP_SNAPDEL;
	}
	printf("%s: the workload: %zu syncs and fsyncs, %zu snapshots made, %zu deleted\n", name,
	       syncs, made, dropped);
	printf("%s: seed %llu, %zu ops, %zu block writes and %zu flushes recorded; %lu crash "
	       "points "
	       "(%lu at flushes, %lu between: %lu in-flight writes applied, %lu dropped); %lu "
	       "images checked by the library%s\n",
	       name, (unsigned long long)seed, nops, writes, dev.log_n - writes, res.points,
	       res.at_flush, res.between, res.pending_applied, res.pending_dropped, res.checked,
	       res.check_missing ? " (the library has no check yet: skipped)" : "");
	static const char *what[] = { "mount", "check", "state", "usable" };
	for (int w = 0; w < 4; w++) {
		if (w == F_CHECK && res.check_missing && !res.failed[w])
			continue;
		if (res.failed[w]) {
			printf("FAIL %s/%s: %lu of %lu crash points; first: %s\n", name, what[w],
			       res.failed[w], res.points, res.first[w]);
			cases_failed++;
		} else {
			printf("PASS %s/%s\n", name, what[w]);
		}
	}
out:
	for (size_t i = 1; i <= nops; i++)
		free(ops[i].data);
	memset(ops, 0, sizeof ops);
	memdev_free(&dev);
	memdev_free(&base);
	memdev_free(&work);
}

/* A crash while formatting: at every point, the image either is refused with a clear error
 * (EMEDIUMTYPE, EUCLEAN, EIO) or mounts as an empty volume whose check is clean. */
static void format_crash(void)
{
	struct memdev m, img;
	if (memdev_init(&m, 1024) || memdev_init(&img, 1024))
		abort();
	m.recording = true;
	int rc = memdev_format(&m, NULL);
	char why[320] = "";
	unsigned refused = 0, mounted = 0;
	if (rc)
		snprintf(why, sizeof why, "format: %s", errname(rc));
	struct rng r;
	rng_seed(&r, seed);
	for (size_t k = 0; k <= m.log_n && !why[0]; k++) {
		for (unsigned v = 0; v < 3 && !why[0]; v++) {
			/* Everything before the last flush in [0, k), and a random subset after it.
			 */
			memset(img.data, 0, img.blocks * BS);
			size_t last = 0;
			for (size_t i = 0; i < k; i++)
				if (!m.log[i].data)
					last = i + 1;
			for (size_t i = 0; i < k; i++)
				if (m.log[i].data && (i < last || (v && rng_below(&r, 2))))
					apply(&img, &m.log[i]);
			struct skyaifs *fs;
			struct skyaifs_vol *vol;
			rc = memdev_mount(&img, NULL, 0, &fs, &vol);
			if (rc == SKYAIFS_EMEDIUMTYPE || rc == SKYAIFS_EUCLEAN ||
			    rc == SKYAIFS_EIO) {
				refused++;
				continue;
			}
			if (rc) {
				snprintf(why, sizeof why, "crash after event %zu: mount: %s", k,
					 errname(rc));
				break;
			}
			mounted++;
			struct model got;
			if ((rc = model_scan(vol, skyaifs_vol_root(vol), false, &got)) || got.n)
				snprintf(why, sizeof why,
					 "crash after event %zu: the new volume is not empty (%s, "
					 "%zu "
					 "entries)",
					 k, errname(rc), rc ? 0 : got.n);
			if (!rc)
				model_free(&got);
			skyaifs_vol_close(vol);
			skyaifs_unmount(fs);
			char cwhy[256];
			if (!why[0] && memdev_check(&img, NULL, cwhy, sizeof cwhy) == 0)
				snprintf(why, sizeof why, "crash after event %zu: the check: %s", k,
					 cwhy);
		}
	}
	printf("skyaifs_crash/format: %zu events; crash images refused %u times, mounted empty %u "
	       "times\n",
	       m.log_n, refused, mounted);
	if (why[0]) {
		printf("FAIL skyaifs_crash/format: %s\n", why);
		cases_failed++;
	} else {
		printf("PASS skyaifs_crash/format\n");
	}
	memdev_free(&m);
	memdev_free(&img);
}

/* The smallest orphan case: a file held open loses its last name and is written, and the volume
 * is unmounted with it still open. The next mount must open main, drop the orphan and be
 * clean. */
static void orphan_remount(void)
{
	struct memdev m;
	struct skyaifs *fs;
	struct skyaifs_vol *vol;
	struct skyaifs_stat st;
	struct skyaifs_statfs sf;
	char why[256] = "";
	if (memdev_init(&m, 1024))
		abort();
	int rc = memdev_format(&m, NULL);
	if (!rc)
		rc = memdev_mount(&m, NULL, 0, &fs, &vol);
	if (rc) {
		printf("FAIL skyaifs_crash/orphan_remount: format and mount: %s\n", errname(rc));
		cases_failed++;
		memdev_free(&m);
		return;
	}
	uint64_t root = skyaifs_vol_root(vol);
	uint64_t files = skyaifs_statfs(fs, &sf) == 0 ? sf.files : 0;
	long n = 0;
	if ((rc = skyaifs_mknod(vol, root, "f", SKYAIFS_S_IFREG | 0644, 0, 0, 0, &st)) ||
	    (rc = skyaifs_ref(vol, st.ino)) || (rc = skyaifs_unlink(vol, root, "f")) ||
	    (n = skyaifs_write(vol, st.ino, 0, "x", 1)) != 1)
		snprintf(why, sizeof why, "create, ref, unlink, write: %s", errname(rc ? rc : n));
	skyaifs_vol_close(vol);
	if ((rc = skyaifs_unmount(fs)) && !why[0])
		snprintf(why, sizeof why, "unmount with the orphan open: %s", errname(rc));
	if (!why[0] && (rc = memdev_mount(&m, NULL, 0, &fs, &vol)))
		snprintf(why, sizeof why, "mount and open main afterwards: %s", errname(rc));
	else if (!why[0]) {
		if (skyaifs_statfs(fs, &sf) || sf.files != files)
			snprintf(why, sizeof why,
				 "%llu inodes in use after the orphan went, %llu before",
				 (unsigned long long)sf.files, (unsigned long long)files);
		skyaifs_vol_close(vol);
		skyaifs_unmount(fs);
		char cwhy[200];
		if (!why[0] && memdev_check(&m, NULL, cwhy, sizeof cwhy) == 0)
			snprintf(why, sizeof why, "the check: %s", cwhy);
	}
	if (why[0]) {
		printf("FAIL skyaifs_crash/orphan_remount: %s\n", why);
		cases_failed++;
	} else {
		printf("PASS skyaifs_crash/orphan_remount\n");
	}
	memdev_free(&m);
}

int main(void)
{
	const char *s = getenv("CRASH_SEED"), *p = getenv("CRASH_POINT");
	seed = s ? strtoull(s, NULL, 0) : 6;
	only = p ? strtol(p, NULL, 0) : -1;
	/* Open-but-unlinked files get a run of their own, so a failure says which part broke. */
	run("skyaifs_crash/plain", NULL, false, true);
	run("skyaifs_crash/encrypted", "crash test passphrase", false, true);
	run("skyaifs_crash/orphans", NULL, true, false);
	orphan_remount();
	format_crash();
	return cases_failed != 0;
}
