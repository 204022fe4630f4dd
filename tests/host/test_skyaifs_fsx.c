/*
 * test_skyaifs_fsx — a seeded fsx-style exerciser of lib/skyaifs: random
 * writes (at random offsets, past the end, leaving holes), truncates down
 * and up, reads, fsyncs and syncs on several files, each read checked
 * byte for byte against an in-memory model; now and then an unmount and
 * mount (everything must have persisted), a snapshot or writable clone
 * (compared with a frozen copy of the model, and kept apart from its
 * source while both change), and the deletion of one. One file is sparse
 * over 2^40 bytes: holes read as zeros and take no space.
 *
 * Three runs: 100,000 operations on a plain volume, 20,000 on an encrypted
 * one, 20,000 on a 2 MiB one where ENOSPC is a normal answer (the write or
 * truncate did nothing, later reads check that; syncs never fail).
 * FSX_SEED and FSX_OPS (environment) pick the seed and the number of
 * operations, FSX_ENCRYPTED=1 or FSX_TIGHT=1 the run; a failure names the
 * seed and the operation number, and the run is deterministic, so it
 * reproduces.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "skyaifs_memdev.h"

#define BS           SKYAIFS_BLOCK_SIZE
#define FILES        4 /* f0..f2 dense, f3 sparse */
#define SPARSE       3
#define DENSE_MAX    (256u << 10) /* fsx's default file size limit */
#define SPARSE_MAX   (1ull << 40)
#define OP_MAX       (64u << 10)
#define VOLS         4     /* main and up to three snapshots or clones */
#define DEV_BLOCKS   16384 /* 64 MiB */
#define TIGHT_BLOCKS 512   /* 2 MiB: the tight run, where ENOSPC is a normal answer */

/* ---- the model: 4 KiB pages, absent pages read as zeros ------------------------------- */

struct page {
	uint64_t no;
	uint8_t d[BS];
};

struct mfile {
	uint64_t size;
	struct page **p; /* sorted by no; bytes past size are zero */
	size_t n, cap;
};

static long page_find(const struct mfile *f, uint64_t no, size_t *at)
{
	size_t lo = 0, hi = f->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (f->p[mid]->no < no)
			lo = mid + 1;
		else
			hi = mid;
	}
	*at = lo;
	return lo < f->n && f->p[lo]->no == no ? (long)lo : -1;
}

static struct page *page_get(struct mfile *f, uint64_t no)
{
	size_t at;
	long i = page_find(f, no, &at);
	if (i >= 0)
		return f->p[i];
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 16;
		f->p = realloc(f->p, f->cap * sizeof *f->p);
		if (!f->p)
			abort();
	}
	memmove(&f->p[at + 1], &f->p[at], (f->n - at) * sizeof *f->p);
	struct page *pg = calloc(1, sizeof *pg);
	if (!pg)
		abort();
	pg->no = no;
	f->p[at] = pg;
	f->n++;
	return pg;
}

static void mfile_write(struct mfile *f, uint64_t off, const uint8_t *buf, size_t len)
{
	for (size_t done = 0; done < len;) {
		uint64_t o = off + done;
		size_t in = (size_t)(o % BS), k = BS - in < len - done ? BS - in : len - done;
		memcpy(page_get(f, o / BS)->d + in, buf + done, k);
		done += k;
	}
	if (off + len > f->size)
		f->size = off + len;
}

/* What a read of len bytes at off must return: the count, and the bytes in out. */
static size_t mfile_read(const struct mfile *f, uint64_t off, uint8_t *out, size_t len)
{
	if (off >= f->size)
		return 0;
	if (len > f->size - off)
		len = (size_t)(f->size - off);
	for (size_t done = 0; done < len;) {
		uint64_t o = off + done;
		size_t in = (size_t)(o % BS), k = BS - in < len - done ? BS - in : len - done, at;
		long i = page_find(f, o / BS, &at);
		if (i >= 0)
			memcpy(out + done, f->p[i]->d + in, k);
		else
			memset(out + done, 0, k);
		done += k;
	}
	return len;
}

static void mfile_truncate(struct mfile *f, uint64_t size)
{
	if (size < f->size) {
		/* Drop whole pages past the end and zero the tail of the last one. */
		size_t keep = 0;
		for (size_t i = 0; i < f->n; i++) {
			struct page *pg = f->p[i];
			if (pg->no * BS >= size) {
				free(pg);
				continue;
			}
			if (pg->no * BS + BS > size)
				memset(pg->d + size % BS, 0, BS - size % BS);
			f->p[keep++] = pg;
		}
		f->n = keep;
	}
	f->size = size;
}

static void mfile_clear(struct mfile *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->p[i]);
	free(f->p);
	memset(f, 0, sizeof *f);
}

static void mfile_copy(struct mfile *dst, const struct mfile *src)
{
	mfile_clear(dst);
	dst->size = src->size;
	dst->n = dst->cap = src->n;
	dst->p = malloc((src->n ? src->n : 1) * sizeof *dst->p);
	if (!dst->p)
		abort();
	for (size_t i = 0; i < src->n; i++) {
		dst->p[i] = malloc(sizeof *dst->p[i]);
		if (!dst->p[i])
			abort();
		memcpy(dst->p[i], src->p[i], sizeof *dst->p[i]);
	}
}

/* ---- the run ----------------------------------------------------------------------- */

struct fvol {
	bool live, writable;
	char name[32];
	struct skyaifs_vol *vol;
	uint64_t ino[FILES];
	struct mfile f[FILES];
	unsigned long made_at; /* the operation that made it */
};

static struct memdev dev;
static const char *key; /* an encrypted volume's passphrase */
static bool tight;      /* a small device: writes, truncates and snapshots may say ENOSPC */
static struct skyaifs *fs;
static struct fvol vols[VOLS];
static struct rng rng;
static uint64_t seed;
static unsigned long op, nops;
static bool failed;
static uint8_t wbuf[OP_MAX], rbuf[OP_MAX], ebuf[OP_MAX];
static struct {
	unsigned long writes, reads, truncates, fsyncs, syncs, remounts, snapshots, clones, deletes,
		erofs, enospc;
	uint64_t bytes_written, bytes_read;
} stats;

/* The last operations, shown when one fails. */
static char history[32][160];

static void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void note(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *h = history[op % 32];
	int n = snprintf(h, sizeof history[0], "op %lu: ", op);
	vsnprintf(h + n, sizeof history[0] - (size_t)n, fmt, ap);
	va_end(ap);
}

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...)
{
	if (failed)
		return;
	failed = true;
	char why[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	printf("FAIL skyaifs_fsx/%s: seed %llu op %lu: %s (reproduce: FSX_SEED=%llu "
	       "FSX_OPS=%lu%s)\n",
	       tight ? "tight"
	       : key ? "encrypted"
		     : "plain",
	       (unsigned long long)seed, op, why, (unsigned long long)seed, op,
	       tight ? " FSX_TIGHT=1"
	       : key ? " FSX_ENCRYPTED=1"
		     : "");
	printf("    the operations before it:\n");
	for (unsigned long k = op > 31 ? op - 31 : 0; k <= op; k++)
		if (history[k % 32][0])
			printf("    %s\n", history[k % 32]);
}

static const char *fname(int i)
{
	static const char *names[FILES] = { "f0", "f1", "f2", "sparse" };
	return names[i];
}

static uint64_t maxlen(int i)
{
	return i == SPARSE ? SPARSE_MAX : DENSE_MAX;
}

/* An operation length, log-uniform in [1, OP_MAX]: mostly small, sometimes 64 KiB. */
static size_t op_len(void)
{
	return 1 + (size_t)rng_below(&rng, 1ull << rng_below(&rng, 17));
}

/* Read through the library and compare with the model. */
static bool check_read(struct fvol *v, int i, uint64_t off, size_t len)
{
	size_t want = mfile_read(&v->f[i], off, ebuf, len);
	memset(rbuf, 0xa5, len);
	long got = skyaifs_read(v->vol, v->ino[i], off, rbuf, len);
	stats.reads++;
	if (got < 0) {
		fail("%s:%s read %zu at %llu: %s", v->name, fname(i), len, (unsigned long long)off,
		     errname(got));
		return false;
	}
	if ((size_t)got != want) {
		fail("%s:%s read %zu at %llu returned %ld, expected %zu (size %llu)", v->name,
		     fname(i), len, (unsigned long long)off, got, want,
		     (unsigned long long)v->f[i].size);
		return false;
	}
	stats.bytes_read += want;
	for (size_t k = 0; k < want; k++)
		if (rbuf[k] != ebuf[k]) {
			fail("%s:%s read %zu at %llu: byte at %llu is %02x, expected %02x", v->name,
			     fname(i), len, (unsigned long long)off, (unsigned long long)(off + k),
			     rbuf[k], ebuf[k]);
			return false;
		}
	return true;
}

static bool check_size(struct fvol *v, int i)
{
	struct skyaifs_stat st;
	int rc = skyaifs_getattr(v->vol, v->ino[i], &st);
	if (rc != 0) {
		fail("%s:%s getattr: %s", v->name, fname(i), errname(rc));
		return false;
	}
	if (st.size != v->f[i].size) {
		fail("%s:%s size %llu, expected %llu", v->name, fname(i),
		     (unsigned long long)st.size, (unsigned long long)v->f[i].size);
		return false;
	}
	/* Holes take no space: at most the pages ever written are allocated. */
	if (st.blocks * 512 > (uint64_t)v->f[i].n * BS) {
		fail("%s:%s allocates %llu bytes, more than the %zu pages holding data", v->name,
		     fname(i), (unsigned long long)st.blocks * 512, v->f[i].n);
		return false;
	}
	return true;
}

/* Everything in file i of v: its size, every byte of a dense file; every written page of the
 * sparse one, holes around them, and its last byte. */
static bool verify_file(struct fvol *v, int i)
{
	if (!check_size(v, i))
		return false;
	struct mfile *f = &v->f[i];
	if (i != SPARSE) {
		for (uint64_t off = 0; off < f->size; off += OP_MAX)
			if (!check_read(v, i, off, OP_MAX))
				return false;
		return true;
	}
	for (size_t k = 0; k < f->n; k++)
		if (!check_read(v, i, f->p[k]->no * BS, BS))
			return false;
	for (int k = 0; k < 8 && f->size; k++)
		if (!check_read(v, i, rng_below(&rng, f->size), BS))
			return false;
	return f->size == 0 || check_read(v, i, f->size - 1, 2);
}

static bool verify_all(void)
{
	for (int k = 0; k < VOLS; k++)
		for (int i = 0; vols[k].live && i < FILES; i++)
			if (!verify_file(&vols[k], i))
				return false;
	return true;
}

/* A volume to operate on: main most of the time, else any live one. */
static struct fvol *pick_vol(void)
{
	int k = rng_below(&rng, 4) ? 0 : (int)rng_below(&rng, VOLS);
	return vols[k].live ? &vols[k] : &vols[0];
}

static uint64_t pick_offset(struct fvol *v, int i, size_t len)
{
	struct mfile *f = &v->f[i];
	uint64_t max = maxlen(i) - len;
	switch (rng_below(&rng, 4)) {
	case 0: /* at or just past the end: appends and small holes */
		return f->size + rng_below(&rng, 3 * BS) < max ? f->size + rng_below(&rng, 3 * BS)
							       : max;
	case 1: /* near data already written (the sparse file is mostly holes) */
		if (f->n) {
			uint64_t near = f->p[rng_below(&rng, f->n)]->no * BS;
			uint64_t o = near + rng_below(&rng, 2 * BS);
			o = o > BS ? o - BS : 0;
			return o < max ? o : max;
		}
		/* fall through */
	default:
		return rng_below(&rng, max + 1);
	}
}

static void do_write(struct fvol *v, int i)
{
	size_t len = op_len();
	uint64_t off = pick_offset(v, i, len);
	rng_fill(&rng, wbuf, len);
	note("write %s:%s %zu at %llu (size %llu)", v->name, fname(i), len, (unsigned long long)off,
	     (unsigned long long)v->f[i].size);
	long got = skyaifs_write(v->vol, v->ino[i], off, wbuf, len);
	if (!v->writable) {
		stats.erofs++;
		if (got != SKYAIFS_EROFS)
			fail("write to snapshot %s gave %s, expected EROFS", v->name, errname(got));
		return;
	}
	if (got == SKYAIFS_ENOSPC && tight) {
		stats.enospc++; /* nothing written: the model stays, later reads check that */
		return;
	}
	if (got != (long)len) {
		fail("write %s:%s %zu at %llu: %s", v->name, fname(i), len, (unsigned long long)off,
		     errname(got));
		return;
	}
	mfile_write(&v->f[i], off, wbuf, len);
	stats.writes++;
	stats.bytes_written += len;
}

static void do_truncate(struct fvol *v, int i)
{
	struct mfile *f = &v->f[i];
	uint64_t size;
	if (i == SPARSE && f->n > 256)
		size = rng_below(&rng, BS * 64); /* keep the model small */
	else if (rng_below(&rng, 2) && f->size)
		size = rng_below(&rng, f->size + 1); /* down */
	else
		size = rng_below(&rng, maxlen(i) + 1); /* anywhere: up, or down */
	note("truncate %s:%s to %llu (size %llu)", v->name, fname(i), (unsigned long long)size,
	     (unsigned long long)f->size);
	struct skyaifs_stat attr = { .size = size }, st;
	int rc = skyaifs_setattr(v->vol, v->ino[i], SKYAIFS_SET_SIZE, &attr, &st);
	if (!v->writable) {
		stats.erofs++;
		if (rc != SKYAIFS_EROFS)
			fail("truncate in snapshot %s gave %s, expected EROFS", v->name,
			     errname(rc));
		return;
	}
	if (rc == SKYAIFS_ENOSPC && tight) {
		stats.enospc++;
		return;
	}
	if (rc != 0) {
		fail("truncate %s:%s to %llu: %s", v->name, fname(i), (unsigned long long)size,
		     errname(rc));
		return;
	}
	if (st.size != size)
		fail("truncate %s:%s to %llu: setattr reports size %llu", v->name, fname(i),
		     (unsigned long long)size, (unsigned long long)st.size);
	mfile_truncate(f, size);
	stats.truncates++;
}

static void do_read(struct fvol *v, int i)
{
	size_t len = op_len();
	uint64_t off =
		rng_below(&rng, 8) ? pick_offset(v, i, len) : v->f[i].size + rng_below(&rng, BS);
	note("read %s:%s %zu at %llu (size %llu)", v->name, fname(i), len, (unsigned long long)off,
	     (unsigned long long)v->f[i].size);
	check_read(v, i, off, len);
}

static int open_vol(struct fvol *v)
{
	int rc = skyaifs_vol_open(fs, v->name, &v->vol);
	if (rc != 0) {
		fail("open volume %s: %s", v->name, errname(rc));
		return rc;
	}
	uint64_t root = skyaifs_vol_root(v->vol);
	for (int i = 0; i < FILES; i++) {
		struct skyaifs_stat st;
		rc = skyaifs_lookup(v->vol, root, fname(i), &st);
		if (rc != 0) {
			fail("lookup %s in %s: %s", fname(i), v->name, errname(rc));
			return rc;
		}
		/* Inode numbers are stable across mounts (FUSE hands them out). */
		if (v->ino[i] && v->ino[i] != st.ino) {
			fail("%s:%s is inode %llu, was %llu", v->name, fname(i),
			     (unsigned long long)st.ino, (unsigned long long)v->ino[i]);
			return -1;
		}
		v->ino[i] = st.ino;
	}
	return 0;
}

static int mount_all(void)
{
	int rc = skyaifs_mount(&fs, &dev.dev, &test_env, (const uint8_t *)key,
			       key ? strlen(key) : 0, 0);
	if (rc != 0) {
		fail("mount: %s", errname(rc));
		return rc;
	}
	for (int k = 0; k < VOLS; k++)
		if (vols[k].live && (rc = open_vol(&vols[k])) != 0)
			return rc;
	return 0;
}

static int unmount_all(void)
{
	for (int k = 0; k < VOLS; k++)
		if (vols[k].live && vols[k].vol) {
			skyaifs_vol_close(vols[k].vol);
			vols[k].vol = NULL;
		}
	int rc = skyaifs_unmount(fs);
	fs = NULL;
	if (rc != 0)
		fail("unmount: %s", errname(rc));
	return rc;
}

static void do_remount(void)
{
	note("unmount, mount, verify everything");
	stats.remounts++;
	if (unmount_all() == 0 && mount_all() == 0)
		verify_all();
}

static void do_delete(int k)
{
	struct fvol *v = &vols[k];
	note("delete volume %s", v->name);
	skyaifs_vol_close(v->vol);
	v->vol = NULL;
	int rc = skyaifs_vol_delete(fs, v->name);
	if (rc != 0)
		fail("delete volume %s: %s", v->name, errname(rc));
	v->live = false;
	for (int i = 0; i < FILES; i++)
		mfile_clear(&v->f[i]);
	memset(v->ino, 0, sizeof v->ino);
	stats.deletes++;
}

/* A snapshot or clone of a random live volume, compared at once with the frozen model. */
static void do_snapshot(void)
{
	int k = 1;
	while (k < VOLS && vols[k].live)
		k++;
	if (k == VOLS)
		do_delete(k = 1 + (int)rng_below(&rng, VOLS - 1));
	if (failed)
		return;
	struct fvol *src = &vols[rng_below(&rng, VOLS)];
	if (!src->live)
		src = &vols[0];
	struct fvol *v = &vols[k];
	v->writable = rng_below(&rng, 2);
	snprintf(v->name, sizeof v->name, "%s%lu", v->writable ? "clone" : "snap", op);
	note("%s %s of %s", v->writable ? "clone" : "snapshot", v->name, src->name);
	int rc = skyaifs_vol_create_from(fs, src->name, skyaifs_vol_root(src->vol), v->name,
					 v->writable);
	if (rc == SKYAIFS_ENOSPC && tight) {
		stats.enospc++;
		return;
	}
	if (rc != 0) {
		fail("make %s from %s: %s", v->name, src->name, errname(rc));
		return;
	}
	v->live = true;
	v->made_at = op;
	for (int i = 0; i < FILES; i++)
		mfile_copy(&v->f[i], &src->f[i]);
	if (open_vol(v) == 0)
		for (int i = 0; i < FILES && !failed; i++)
			verify_file(v, i);
	if (v->writable)
		stats.clones++;
	else
		stats.snapshots++;
}

static void do_fsync(struct fvol *v, int i, bool datasync)
{
	note("fsync %s:%s%s", v->name, fname(i), datasync ? " (data)" : "");
	int rc = skyaifs_fsync(v->vol, v->ino[i], datasync);
	/* A snapshot has nothing to commit: fsync of its files succeeds (or says EROFS). */
	if (rc != 0 && !(rc == SKYAIFS_EROFS && !v->writable))
		fail("fsync %s:%s: %s", v->name, fname(i), errname(rc));
	stats.fsyncs++;
}

static void step(void)
{
	struct fvol *v = pick_vol();
	int i = (int)rng_below(&rng, FILES);
	unsigned r = (unsigned)rng_below(&rng, 10000);
	if (r < 4000) {
		do_write(v, i);
	} else if (r < 6500) {
		do_read(v, i);
	} else if (r < 7700) {
		do_truncate(v, i);
	} else if (r < 9000) {
		note("getattr %s:%s", v->name, fname(i));
		check_size(v, i);
	} else if (r < 9300) {
		do_fsync(v, i, rng_below(&rng, 2));
	} else if (r < 9400) {
		note("sync");
		int rc = skyaifs_sync(fs);
		if (rc != 0)
			fail("sync: %s", errname(rc));
		stats.syncs++;
	} else if (r < 9900) {
		note("verify %s:%s whole", v->name, fname(i));
		verify_file(v, i);
	} else if (r < 9905) {
		do_remount();
	} else if (r < 9910) {
		do_snapshot();
	} else if (r < 9913) {
		int k = 1 + (int)rng_below(&rng, VOLS - 1);
		if (vols[k].live)
			do_delete(k);
	}
}

static void run(void)
{
	if (memdev_init(&dev, tight ? TIGHT_BLOCKS : DEV_BLOCKS) != 0) {
		fail("out of memory");
		return;
	}
	int rc = memdev_format(&dev, key);
	if (rc != 0) {
		fail("format: %s", errname(rc));
		return;
	}
	if (skyaifs_mount(&fs, &dev.dev, &test_env, (const uint8_t *)key, key ? strlen(key) : 0,
			  0) != 0) {
		fail("mount after format");
		return;
	}
	struct fvol *m = &vols[0];
	m->live = m->writable = true;
	snprintf(m->name, sizeof m->name, "main");
	if ((rc = skyaifs_vol_open(fs, "main", &m->vol)) != 0) {
		fail("open main: %s", errname(rc));
		return;
	}
	for (int i = 0; i < FILES; i++) {
		struct skyaifs_stat st;
		rc = skyaifs_mknod(m->vol, skyaifs_vol_root(m->vol), fname(i),
				   SKYAIFS_S_IFREG | 0644, 0, 0, 0, &st);
		if (rc != 0) {
			fail("create %s: %s", fname(i), errname(rc));
			return;
		}
		m->ino[i] = st.ino;
	}
	for (op = 1; op <= nops && !failed; op++)
		step();
	if (failed)
		return;
	note("final: verify, unmount, check, mount, verify");
	if (!verify_all() || unmount_all() != 0)
		return;
	char why[256];
	int clean = memdev_check(&dev, key, why, sizeof why);
	if (clean == 0)
		fail("the check finds damage after the run: %s", why);
	else if (clean < 0)
		printf("fsx: consistency check skipped: %s\n", why);
	if (mount_all() == 0)
		verify_all();
	if (fs)
		unmount_all();
}

/* One run of `count` operations from `run_seed`, on a fresh volume. */
static void exercise(uint64_t run_seed, unsigned long count, const char *volume_key, bool small)
{
	seed = run_seed;
	nops = count;
	key = volume_key;
	tight = small;
	failed = false;
	memset(&stats, 0, sizeof stats);
	memset(history, 0, sizeof history);
	rng_seed(&rng, seed);
	test_env_seed(seed ^ 0x5eed);
	const char *name = tight ? "tight" : key ? "encrypted" : "plain";
	printf("fsx/%s: seed %llu, %lu operations\n", name, (unsigned long long)seed, nops);
	run();
	printf("fsx/%s: %lu writes (%llu KiB), %lu reads (%llu KiB), %lu truncates, %lu fsyncs, "
	       "%lu syncs, %lu remounts, %lu snapshots, %lu clones, %lu deletions, %lu EROFS "
	       "checks, %lu ENOSPC\n",
	       name, stats.writes, (unsigned long long)stats.bytes_written >> 10, stats.reads,
	       (unsigned long long)stats.bytes_read >> 10, stats.truncates, stats.fsyncs,
	       stats.syncs, stats.remounts, stats.snapshots, stats.clones, stats.deletes,
	       stats.erofs, stats.enospc);
	if (!failed)
		printf("PASS skyaifs_fsx/%s\n", name);
	cases_failed += failed;
	for (int k = 0; k < VOLS; k++) {
		for (int i = 0; i < FILES; i++)
			mfile_clear(&vols[k].f[i]);
		memset(&vols[k], 0, sizeof vols[k]);
	}
	memdev_free(&dev);
}

/* The largest file: a byte at 2^44 - 1 is fine, one past it EFBIG, writing nothing; holes of
 * terabytes cost no space. */
static void limits(void)
{
	struct memdev m;
	struct skyaifs *lfs;
	struct skyaifs_vol *vol;
	bool ok = memdev_init(&m, 1024) == 0 && memdev_format(&m, NULL) == 0 &&
		  memdev_mount(&m, NULL, 0, &lfs, &vol) == 0;
	if (!ok) {
		printf("FAIL skyaifs_fsx/limits: format and mount\n");
		cases_failed++;
		return;
	}
	const uint64_t max = SKYAIFS_FILE_SIZE_MAX;
	struct skyaifs_stat st, attr = { 0 };
	struct skyaifs_statfs before, after;
	char why[320] = "";
	uint8_t buf[BS];
	int rc = skyaifs_mknod(vol, skyaifs_vol_root(vol), "huge", SKYAIFS_S_IFREG | 0644, 0, 0, 0,
			       &st);
	uint64_t ino = st.ino;
	skyaifs_statfs(lfs, &before);
	long n;
	if (rc)
		snprintf(why, sizeof why, "create: %s", errname(rc));
	else if ((n = skyaifs_write(vol, ino, max - 1, "z", 1)) != 1)
		snprintf(why, sizeof why, "a byte at 2^44 - 1: %s", errname(n));
	else if ((n = skyaifs_write(vol, ino, max - 1, "zz", 2)) != SKYAIFS_EFBIG)
		snprintf(why, sizeof why, "two bytes at 2^44 - 1: %s, expected EFBIG", errname(n));
	else if ((n = skyaifs_write(vol, ino, max, "z", 1)) != SKYAIFS_EFBIG)
		snprintf(why, sizeof why, "a byte at 2^44: %s, expected EFBIG", errname(n));
	else if (skyaifs_getattr(vol, ino, &st) || st.size != max)
		snprintf(why, sizeof why, "size %llu after the refused writes, expected 2^44",
			 (unsigned long long)st.size);
	else if ((n = skyaifs_read(vol, ino, max - 1, buf, 10)) != 1 || buf[0] != 'z')
		snprintf(why, sizeof why, "reading the last byte: %s", errname(n));
	else if ((n = skyaifs_read(vol, ino, max / 2, buf, BS)) != BS ||
		 memcmp(buf, (uint8_t[BS]){ 0 }, BS) != 0)
		snprintf(why, sizeof why, "the hole at 2^43: %s", errname(n));
	else if ((attr.size = max + 1,
		  (rc = skyaifs_setattr(vol, ino, SKYAIFS_SET_SIZE, &attr, NULL)) != SKYAIFS_EFBIG))
		snprintf(why, sizeof why, "truncate to 2^44 + 1: %s, expected EFBIG", errname(rc));
	else if ((attr.size = 1ull << 40,
		  (rc = skyaifs_setattr(vol, ino, SKYAIFS_SET_SIZE, &attr, NULL)) != 0))
		snprintf(why, sizeof why, "truncate to 2^40: %s", errname(rc));
	else if (skyaifs_sync(lfs) || skyaifs_statfs(lfs, &after) ||
		 before.blocks_free - after.blocks_free > 64)
		snprintf(why, sizeof why, "the sparse file costs %lld blocks",
			 (long long)(before.blocks_free - after.blocks_free));
	skyaifs_vol_close(vol);
	if ((rc = skyaifs_unmount(lfs)) != 0 && !why[0])
		snprintf(why, sizeof why, "unmount: %s", errname(rc));
	char cwhy[256];
	if (!why[0] && memdev_check(&m, NULL, cwhy, sizeof cwhy) == 0)
		snprintf(why, sizeof why, "the check: %s", cwhy);
	if (why[0]) {
		printf("FAIL skyaifs_fsx/limits: %s\n", why);
		cases_failed++;
	} else {
		printf("PASS skyaifs_fsx/limits\n");
	}
	memdev_free(&m);
}

/* 100,000 operations on a plain volume, and a shorter run on an encrypted one (per-file keys,
 * sealed blocks, clones sharing both). FSX_ENCRYPTED=1 with FSX_SEED and FSX_OPS repeats only
 * the encrypted run. */
int main(void)
{
	const char *s = getenv("FSX_SEED"), *n = getenv("FSX_OPS"), *e = getenv("FSX_ENCRYPTED"),
		   *t = getenv("FSX_TIGHT");
	uint64_t base = s ? strtoull(s, NULL, 0) : 20261127;
	if (!s)
		limits();
	if (!e && !t)
		exercise(base, n ? strtoul(n, NULL, 0) : 100000, NULL, false);
	if (e || !s)
		exercise(s ? base : base + 1, n ? strtoul(n, NULL, 0) : 20000, "fsx passphrase",
			 false);
	if (t || !s)
		exercise(s ? base : base + 2, n ? strtoul(n, NULL, 0) : 20000, NULL, true);
	return cases_failed != 0;
}
