/*
 * test_skyaifs_corrupt — damaged and hostile images. Random bit flips in
 * random blocks of a volume holding many files (metadata and data, plain
 * and encrypted): mounting may fail with a clear error, but never crashes,
 * and every read afterwards gives the right bytes or an error, never wrong
 * ones; the library's check reports the damage. The same for blocks that
 * cannot be read at all. A wrong passphrase is EACCES, a missing one EINVAL;
 * truncated images, random bytes, zeros and an ext4-like image are refused
 * with clear errors; a full volume says ENOSPC having written nothing, loses
 * nothing, stays mountable and clean, and works again once a file is
 * deleted.
 * CORRUPT_SEED picks the seed; CORRUPT_TRIAL=n runs only trial n.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "skyaifs/check.h"
#include "skyaifs/format.h"
#include "skyaifs_memdev.h"
#include "skyaifs_model.h"

#define BS         SKYAIFS_BLOCK_SIZE
#define DEV_BLOCKS 4096 /* 16 MiB */
#define TRIALS     60
/* Blocks before FIRST_DATA_BLOCK: the two superblocks and the uberblock ring (format.h), where
 * a copy or an older commit may stand in for a damaged block; past them, every block a full read
 * of the volume touches holds something only it has (or a copy the check must still report). */
#define RESERVED_BLOCKS FIRST_DATA_BLOCK
#define KEY             "corrupt test passphrase"

static uint64_t seed;
static long only = -1;
static struct rng rng;
static struct memdev pristine, work;
static struct model model;
static bool check_missing;
static uint64_t last_commit; /* of the populated volume */

/* Errors a mount of a damaged or foreign image may give. */
static bool clear_mount_error(int rc)
{
	return rc == SKYAIFS_EIO || rc == SKYAIFS_EUCLEAN || rc == SKYAIFS_EMEDIUMTYPE ||
	       rc == SKYAIFS_EINVAL || rc == SKYAIFS_EACCES;
}

static int mkfile(struct skyaifs_vol *vol, uint64_t dir, const char *name, const char *path,
		  size_t size)
{
	struct skyaifs_stat st;
	int rc = skyaifs_mknod(vol, dir, name, SKYAIFS_S_IFREG | 0644, 0, 0, 0, &st);
	if (rc)
		return rc;
	struct mentry *e = model_add(&model, path, SKYAIFS_S_IFREG, 0644);
	e->ino = st.ino;
	uint8_t *buf = malloc(size ? size : 1);
	/* Half the files compressible text, half random bytes. */
	if (rng_below(&rng, 2))
		for (size_t i = 0; i < size; i++)
			buf[i] = (uint8_t) "skyaifs keeps every block checksummed "[i % 38];
	else
		rng_fill(&rng, buf, size);
	/* In a few pieces, some leaving holes that later pieces fill. */
	for (size_t off = 0; off < size;) {
		size_t len = 1 + (size_t)rng_below(&rng, 40000);
		if (len > size - off)
			len = size - off;
		long n = skyaifs_write(vol, st.ino, off, buf + off, len);
		if (n != (long)len) {
			free(buf);
			return n < 0 ? (int)n : -1;
		}
		off += len;
	}
	mfile_write(e->f, 0, buf, size);
	free(buf);
	return 0;
}

/* A volume with directories, 80 files of 0 to 100 KB, hard links and symlinks, in `pristine`
 * and `model`. */
static int populate(const char *key)
{
	int rc = memdev_format(&pristine, key);
	struct skyaifs *fs;
	struct skyaifs_vol *vol;
	if (rc || (rc = memdev_mount(&pristine, key, 0, &fs, &vol)))
		return rc;
	model_init(&model);
	uint64_t dirs[7] = { skyaifs_vol_root(vol) };
	const char *dname[7] = { "", "etc", "usr", "usr/lib", "home", "home/u", "var" };
	for (int d = 1; d < 7 && !rc; d++) {
		struct skyaifs_stat st;
		const char *slash = strrchr(dname[d], '/');
		uint64_t parent = slash ? dirs[d - 1] : dirs[0];
		rc = skyaifs_mkdir(vol, parent, slash ? slash + 1 : dname[d], 0755, 0, 0, &st);
		dirs[d] = st.ino;
		model_add(&model, dname[d], SKYAIFS_S_IFDIR, 0755)->ino = st.ino;
	}
	for (int i = 0; i < 80 && !rc; i++) {
		int d = (int)rng_below(&rng, 7);
		char name[32], path[64];
		snprintf(name, sizeof name, "file%02d", i);
		snprintf(path, sizeof path, "%s%s%s", dname[d], d ? "/" : "", name);
		size_t size = i % 10 == 0 ? (size_t)(i / 10) * BS : (size_t)rng_below(&rng, 100000);
		rc = mkfile(vol, dirs[d], name, path, size);
	}
	for (int i = 0; i < 6 && !rc; i++) {
		struct skyaifs_stat st;
		char name[32], target[64];
		const struct mentry *e = &model.e[7 + rng_below(&rng, 70)];
		snprintf(name, sizeof name, "link%d", i);
		if (i % 2) {
			rc = skyaifs_link(vol, e->ino, dirs[0], name, &st);
			if (!rc)
				model_link(&model, e->path, name);
		} else {
			snprintf(target, sizeof target, "/%s", e->path);
			rc = skyaifs_symlink(vol, dirs[0], name, target, 0, 0, &st);
			if (!rc)
				model_add(&model, name, SKYAIFS_S_IFLNK, 0)->target =
					strdup(target);
		}
	}
	/* Two more commits that change only a time: losing the newest uberblock (an older commit
	 * stands in) then loses no file. */
	for (int i = 0; i < 2 && !rc; i++) {
		struct skyaifs_stat attr = { .mtime = { 7 + i, 0 } };
		rc = skyaifs_setattr(vol, dirs[0], SKYAIFS_SET_MTIME, &attr, NULL);
		if (!rc)
			rc = skyaifs_sync(fs);
	}
	struct skyaifs_statfs sf;
	if (!rc && !(rc = skyaifs_statfs(fs, &sf)))
		last_commit = sf.commit;
	skyaifs_vol_close(vol);
	int rc2 = skyaifs_unmount(fs);
	return rc ? rc : rc2;
}

/* Blocks touched by a mount and a full read of everything (the live blocks). */
static uint8_t *live;
static uint64_t nlive;

static int find_live(const char *key)
{
	struct skyaifs *fs;
	struct skyaifs_vol *vol;
	memdev_copy_from(&work, &pristine);
	int rc = memdev_mount(&work, key, SKYAIFS_MOUNT_RDONLY, &fs, &vol);
	if (rc)
		return rc;
	struct model got;
	char why[512];
	rc = model_scan(vol, skyaifs_vol_root(vol), true, &got);
	if (!rc && model_diff(&model, &got, why, sizeof why)) {
		printf("    the undamaged volume differs: %s\n", why);
		rc = -1;
	}
	model_free(&got);
	skyaifs_vol_close(vol);
	skyaifs_unmount(fs);
	/* A read-only mount, a full read and an unmount write nothing. */
	if (work.writes || work.flushes) {
		printf("    a read-only mount wrote %llu blocks and flushed %llu times\n",
		       (unsigned long long)work.writes, (unsigned long long)work.flushes);
		rc = -1;
	}
	live = malloc(work.blocks);
	memcpy(live, work.touched, work.blocks);
	nlive = 0;
	for (uint64_t b = RESERVED_BLOCKS; b < work.blocks; b++)
		nlive += live[b];
	return rc;
}

/* A random live block past the reserved area (or any written block, now and then). */
static uint64_t pick_block(void)
{
	for (;;) {
		uint64_t b = rng_below(&rng, work.blocks);
		if (rng_below(&rng, 10) == 0 ? work.written[b] : live[b])
			return b;
	}
}

struct damage_stats {
	unsigned trials, mount_refused, reads_failed, silent, check_caught, live_hit;
	unsigned long errors;
};

/* Mount the damaged `work` read-only and read everything: right data or errors only. Returns
 * true if the damage showed (a refused mount or a failed read). */
static bool read_damaged(const char *key, const char *what, struct damage_stats *ds)
{
	struct skyaifs *fs;
	struct skyaifs_vol *vol;
	int rc = memdev_mount(&work, key, SKYAIFS_MOUNT_RDONLY, &fs, &vol);
	if (rc) {
		if (!clear_mount_error(rc)) {
			printf("FAIL %s: seed %llu: mount of the damaged image: %s\n", case_name,
			       (unsigned long long)seed, errname(rc));
			case_failed = 1;
		}
		ds->mount_refused++;
		return true;
	}
	struct model got;
	char why[512];
	unsigned errors = 0;
	rc = model_scan(vol, skyaifs_vol_root(vol), true, &got);
	if (rc) {
		errors++;
	} else if (model_check_tolerant(&model, &got, why, sizeof why, &errors)) {
		if (!case_failed)
			printf("FAIL %s: seed %llu %s: WRONG DATA: %s\n", case_name,
			       (unsigned long long)seed, what, why);
		case_failed = 1;
	}
	if (!rc)
		model_free(&got);
	skyaifs_vol_close(vol);
	skyaifs_unmount(fs);
	ds->errors += errors;
	if (errors)
		ds->reads_failed++;
	return errors != 0;
}

static void check_reports(const char *key, bool must, const char *what, struct damage_stats *ds)
{
	char why[512];
	int clean = memdev_check(&work, key, why, sizeof why);
	if (clean < 0) {
		check_missing = true;
		return;
	}
	if (clean == 0)
		ds->check_caught++;
	else if (must) {
		if (!case_failed)
			printf("FAIL %s: seed %llu %s: the check finds nothing wrong\n", case_name,
			       (unsigned long long)seed, what);
		case_failed = 1;
	}
}

static void bitflips(const char *key)
{
	struct damage_stats ds = { 0 };
	for (unsigned t = 0; t < TRIALS; t++) {
		rng_seed(&rng, seed * 7919 + t);
		if (only >= 0 && t != only)
			continue;
		memdev_copy_from(&work, &pristine);
		char what[256];
		int n = snprintf(what, sizeof what, "trial %u (CORRUPT_TRIAL=%u):", t, t);
		bool hit_live = false;
		unsigned blocks = 1 + (unsigned)rng_below(&rng, 3);
		for (unsigned k = 0; k < blocks; k++) {
			uint64_t b = pick_block();
			unsigned bits = 1 + (unsigned)rng_below(&rng, 8);
			for (unsigned j = 0; j < bits; j++) {
				uint64_t bit = rng_below(&rng, BS * 8);
				work.data[b * BS + bit / 8] ^= (uint8_t)(1u << (bit % 8));
			}
			hit_live |= b >= RESERVED_BLOCKS && live[b];
			n += snprintf(what + n, sizeof what - (size_t)n, " %u bits in block %llu%s",
				      bits, (unsigned long long)b, live[b] ? "" : " (not live)");
		}
		ds.trials++;
		ds.live_hit += hit_live;
		if (!read_damaged(key, what, &ds))
			ds.silent++;
		check_reports(key, hit_live, what, &ds);
	}
	printf("%s: %u trials (%u hit live blocks): %u mounts refused, %u with failed reads (%lu "
	       "errors), %u read back right in full (a copy stood in, or the block was stale)%s%u "
	       "caught by the check\n",
	       case_name, ds.trials, ds.live_hit, ds.mount_refused, ds.reads_failed, ds.errors,
	       ds.silent, check_missing ? "; no check in the library yet, " : "; ",
	       ds.check_caught);
	/* The damage has to show somewhere: a test that never sees an error proves nothing. */
	EXPECT(ds.mount_refused + ds.reads_failed > ds.trials / 4 || only >= 0);
}

static void unreadable(const char *key)
{
	struct damage_stats ds = { 0 };
	for (unsigned t = 0; t < TRIALS / 3; t++) {
		rng_seed(&rng, seed * 104729 + t);
		memdev_copy_from(&work, &pristine);
		char what[128];
		uint64_t b = pick_block();
		work.bad[b] = 1;
		snprintf(what, sizeof what, "trial %u: block %llu unreadable", t,
			 (unsigned long long)b);
		ds.trials++;
		if (!read_damaged(key, what, &ds))
			ds.silent++;
		check_reports(key, b >= RESERVED_BLOCKS && live[b], what, &ds);
	}
	printf("%s: %u unreadable blocks: %u mounts refused, %u with failed reads, %u read back "
	       "right in full; %u caught by the check\n",
	       case_name, ds.trials, ds.mount_refused, ds.reads_failed, ds.silent, ds.check_caught);
	EXPECT(ds.mount_refused + ds.reads_failed > ds.trials / 4);
}

/* Damage exactly these blocks (one bit each) and read everything: with `mounts`, the mount must
 * succeed and every file read back right; without, it must fail with a clear error. */
static void targeted(const char *key, const char *what, const uint64_t *blocks, size_t n,
		     bool mounts)
{
	memdev_copy_from(&work, &pristine);
	for (size_t i = 0; i < n; i++)
		work.data[blocks[i] * BS + 100] ^= 0x10; /* inside the checksummed bytes */
	struct skyaifs *fs;
	struct skyaifs_vol *vol;
	int rc = memdev_mount(&work, key, SKYAIFS_MOUNT_RDONLY, &fs, &vol);
	if (!mounts) {
		if (rc == 0 || !clear_mount_error(rc)) {
			printf("FAIL %s: %s: mount gives %s, expected a clear error\n", case_name,
			       what, errname(rc));
			case_failed = 1;
		}
		if (rc == 0) {
			skyaifs_vol_close(vol);
			skyaifs_unmount(fs);
		}
		return;
	}
	if (rc != 0) {
		printf("FAIL %s: %s: mount: %s\n", case_name, what, errname(rc));
		case_failed = 1;
		return;
	}
	struct model got;
	char why[512];
	if ((rc = model_scan(vol, skyaifs_vol_root(vol), true, &got)) != 0) {
		printf("FAIL %s: %s: scan: %s\n", case_name, what, errname(rc));
		case_failed = 1;
	} else {
		if (model_diff(&model, &got, why, sizeof why)) {
			printf("FAIL %s: %s: %s\n", case_name, what, why);
			case_failed = 1;
		}
		model_free(&got);
	}
	skyaifs_vol_close(vol);
	skyaifs_unmount(fs);
}

static void count_problem(void *ctx, const char *line)
{
	(void)line;
	++*(unsigned *)ctx;
}

/* Scrub with repair mends a damaged copy of metadata from the intact one: afterwards the check
 * is clean and the volume reads back exactly; damage without a copy (file data) stays reported,
 * never "repaired" into something else. */
static void repair(const char *key)
{
	unsigned mended = 0, kept = 0;
	for (unsigned t = 0; t < 40 && !case_failed; t++) {
		rng_seed(&rng, seed * 31337 + t);
		memdev_copy_from(&work, &pristine);
		/* Half the time a tree node (its magic shows on plain volumes), which has a copy.
		 */
		bool node = !key && t % 2 == 0;
		uint64_t b;
		do
			b = pick_block();
		while (b < RESERVED_BLOCKS || !live[b] ||
		       (node && memcmp(work.data + b * BS, "SKYN", 4) != 0));
		work.data[b * BS + rng_below(&rng, BS)] ^= (uint8_t)(1u << rng_below(&rng, 8));
		struct skyaifs *fs;
		unsigned lines = 0;
		struct skyaifs_check_report r = { .problem = count_problem, .ctx = &lines };
		int rc = skyaifs_mount(&fs, &work.dev, &test_env, (const uint8_t *)key,
				       key ? strlen(key) : 0, 0);
		if (rc) {
			printf("FAIL %s: mount with block %llu damaged: %s\n", case_name,
			       (unsigned long long)b, errname(rc));
			case_failed = 1;
			break;
		}
		rc = skyaifs_scrub(fs, true, &r);
		int urc = skyaifs_unmount(fs);
		char why[512];
		int clean = memdev_check(&work, key, why, sizeof why);
		if (r.unrecoverable == 0 && r.bad_copies > 0) {
			mended++;
			/* A copy stood in: all mended, and everything reads back exactly. */
			if (rc != 0 || urc != 0 || r.repaired == 0 || clean != 1) {
				printf("FAIL %s: block %llu (a metadata copy): scrub --repair %s, "
				       "%llu "
				       "repaired, unmount %s, then the check: %s\n",
				       case_name, (unsigned long long)b, errname(rc),
				       (unsigned long long)r.repaired, errname(urc),
				       clean == 1 ? "clean" : why);
				case_failed = 1;
			} else {
				struct damage_stats ds = { 0 };
				if (read_damaged(key, "after repair", &ds) || ds.errors) {
					printf("FAIL %s: block %llu: reads fail after a repair\n",
					       case_name, (unsigned long long)b);
					case_failed = 1;
				}
			}
		} else if (r.unrecoverable > 0) {
			kept++;
			/* No copy: the damage stays, reported again by the next check. */
			if (rc == 0 || clean != 0) {
				printf("FAIL %s: block %llu has no intact copy, yet scrub --repair "
				       "gives "
				       "%s and the check %s\n",
				       case_name, (unsigned long long)b, errname(rc),
				       clean ? "is clean" : "still reports it");
				case_failed = 1;
			}
		} else {
			printf("FAIL %s: block %llu damaged, scrub found nothing (%u lines)\n",
			       case_name, (unsigned long long)b, lines);
			case_failed = 1;
		}
	}
	printf("%s: 40 live blocks damaged: %u metadata copies mended by scrub, %u without a copy "
	       "kept reported\n",
	       case_name, mended, kept);
	EXPECT(kept > 0 && (key || mended >= 20));
}

/* The redundancy the format promises: either superblock alone suffices, and a damaged newest
 * uberblock gives the commit before it. */
static void critical(const char *key)
{
	uint64_t b0 = 0, b1 = 1, both[2] = { 0, 1 };
	uint64_t newest = UBER_RING_START + last_commit % UBER_RING_LEN;
	targeted(key, "superblock 0 damaged", &b0, 1, true);
	targeted(key, "superblock 1 damaged", &b1, 1, true);
	targeted(key, "both superblocks damaged", both, 2, false);
	targeted(key, "the newest uberblock damaged", &newest, 1, true);
}

static void damage(const char *key)
{
	if (memdev_init(&pristine, DEV_BLOCKS) || memdev_init(&work, DEV_BLOCKS))
		abort();
	rng_seed(&rng, seed);
	int rc = populate(key);
	if (rc) {
		printf("FAIL %s: making the volume: %s\n", case_name, errname(rc));
		case_failed = 1;
	} else if ((rc = find_live(key)) != 0) {
		printf("FAIL %s: reading the undamaged volume: %s\n", case_name, errname(rc));
		case_failed = 1;
	} else {
		printf("%s: %zu entries, %llu live blocks past the reserved area\n", case_name,
		       model.n, (unsigned long long)nlive);
		bitflips(key);
		unreadable(key);
		critical(key);
		repair(key);
	}
	model_free(&model);
	free(live);
	memdev_free(&pristine);
	memdev_free(&work);
}

static void damage_plain(void)
{
	damage(NULL);
}

static void damage_encrypted(void)
{
	damage(KEY);
}

/* ---- keys, truncated and foreign images ----------------------------------------------------- */

static void wrong_key(void)
{
	struct memdev m;
	if (memdev_init(&m, 1024))
		abort();
	struct skyaifs *fs;
	struct skyaifs_vol *vol;
	EXPECT(memdev_format(&m, KEY) == 0);
	int rc = memdev_mount(&m, KEY, 0, &fs, &vol);
	EXPECT(rc == 0);
	if (rc == 0) {
		struct skyaifs_stat st;
		EXPECT(skyaifs_mknod(vol, skyaifs_vol_root(vol), "secret", SKYAIFS_S_IFREG | 0600,
				     0, 0, 0, &st) == 0);
		EXPECT(skyaifs_write(vol, st.ino, 0, "attack at dawn", 14) == 14);
		skyaifs_vol_close(vol);
		EXPECT(skyaifs_unmount(fs) == 0);
	}
	/* Wrong, a prefix, one byte longer, empty-but-given, none. */
	EXPECT(memdev_mount(&m, "corrupt test passphrasf", 0, &fs, &vol) == SKYAIFS_EACCES);
	EXPECT(memdev_mount(&m, "corrupt test", 0, &fs, &vol) == SKYAIFS_EACCES);
	EXPECT(memdev_mount(&m, KEY "!", 0, &fs, &vol) == SKYAIFS_EACCES);
	/* An empty passphrase is a wrong one, or no key at all. */
	int empty = skyaifs_mount(&fs, &m.dev, &test_env, (const uint8_t *)"", 0, 0);
	EXPECT(empty == SKYAIFS_EINVAL || empty == SKYAIFS_EACCES);
	EXPECT(memdev_mount(&m, NULL, 0, &fs, &vol) == SKYAIFS_EINVAL);
	/* The passphrase never lies on the disk, nor does the plaintext. */
	size_t klen = strlen(KEY);
	for (uint64_t off = 0; off + klen <= m.blocks * BS && !case_failed; off++) {
		EXPECT(memcmp(m.data + off, "attack at dawn", 14) != 0);
		EXPECT(memcmp(m.data + off, KEY, klen) != 0);
	}
	/* Still opens with the right one, contents intact. */
	rc = memdev_mount(&m, KEY, 0, &fs, &vol);
	EXPECT(rc == 0);
	if (rc == 0) {
		struct skyaifs_stat st;
		char buf[32] = "";
		EXPECT(skyaifs_lookup(vol, skyaifs_vol_root(vol), "secret", &st) == 0);
		EXPECT(skyaifs_read(vol, st.ino, 0, buf, sizeof buf) == 14);
		EXPECT(memcmp(buf, "attack at dawn", 14) == 0);
		struct skyaifs_statfs sf;
		EXPECT(skyaifs_statfs(fs, &sf) == 0 && sf.encrypted);
		skyaifs_vol_close(vol);
		EXPECT(skyaifs_unmount(fs) == 0);
	}
	memdev_free(&m);
}

/* A copy of `src` cut to `blocks` blocks: the mount must refuse it. */
static void try_truncated(const struct memdev *src, uint64_t blocks)
{
	struct memdev m;
	if (memdev_init(&m, blocks ? blocks : 1))
		abort();
	memcpy(m.data, src->data, (blocks ? blocks : 1) * BS);
	m.dev.blocks = m.blocks = blocks;
	struct skyaifs *fs;
	struct skyaifs_vol *vol;
	int rc = memdev_mount(&m, NULL, 0, &fs, &vol);
	if (rc == 0) {
		printf("FAIL %s: an image cut to %llu of %llu blocks mounts\n", case_name,
		       (unsigned long long)blocks, (unsigned long long)src->blocks);
		case_failed = 1;
		skyaifs_vol_close(vol);
		skyaifs_unmount(fs);
	} else if (!clear_mount_error(rc)) {
		printf("FAIL %s: an image cut to %llu blocks: %s\n", case_name,
		       (unsigned long long)blocks, errname(rc));
		case_failed = 1;
	}
	memdev_free(&m);
}

static void truncated(void)
{
	struct memdev m;
	if (memdev_init(&m, 2048))
		abort();
	rng_seed(&rng, seed);
	struct skyaifs *fs;
	struct skyaifs_vol *vol;
	EXPECT(memdev_format(&m, NULL) == 0);
	EXPECT(memdev_mount(&m, NULL, 0, &fs, &vol) == 0);
	if (case_failed)
		return;
	struct skyaifs_stat st;
	static uint8_t buf[256 << 10];
	rng_fill(&rng, buf, sizeof buf);
	EXPECT(skyaifs_mknod(vol, skyaifs_vol_root(vol), "f", SKYAIFS_S_IFREG | 0644, 0, 0, 0,
			     &st) == 0);
	EXPECT(skyaifs_write(vol, st.ino, 0, buf, sizeof buf) == (long)sizeof buf);
	skyaifs_vol_close(vol);
	EXPECT(skyaifs_unmount(fs) == 0);
	static const uint64_t cuts[] = { 0, 1, 2, 33, 34, 100, 1024, 2047 };
	for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++)
		try_truncated(&m, cuts[i]);
	memdev_free(&m);
}

static void expect_foreign(struct memdev *m, const char *what)
{
	struct skyaifs *fs;
	struct skyaifs_vol *vol;
	int rc = memdev_mount(m, NULL, 0, &fs, &vol);
	if (rc != SKYAIFS_EMEDIUMTYPE) {
		printf("FAIL %s: %s: mount gives %s, expected EMEDIUMTYPE\n", case_name, what,
		       errname(rc));
		case_failed = 1;
		if (rc == 0) {
			skyaifs_vol_close(vol);
			skyaifs_unmount(fs);
		}
	}
	rc = memdev_mount(m, KEY, 0, &fs, &vol);
	if (rc != SKYAIFS_EMEDIUMTYPE) {
		printf("FAIL %s: %s, with a key: mount gives %s, expected EMEDIUMTYPE\n", case_name,
		       what, errname(rc));
		case_failed = 1;
		if (rc == 0) {
			skyaifs_vol_close(vol);
			skyaifs_unmount(fs);
		}
	}
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static void foreign(void)
{
	struct memdev m;
	if (memdev_init(&m, 1024))
		abort();
	expect_foreign(&m, "a zeroed image");
	rng_seed(&rng, seed);
	rng_fill(&rng, m.data, m.blocks * BS);
	expect_foreign(&m, "random bytes");
	/* An ext4 superblock at byte 1024: counts, block size, magic 0xEF53, state, revision. */
	memset(m.data, 0, m.blocks * BS);
	uint8_t *sb = m.data + 1024;
	put32(sb + 0, 256);     /* inodes */
	put32(sb + 4, 1024);    /* blocks */
	put32(sb + 24, 2);      /* log block size: 4096 */
	put32(sb + 32, 32768);  /* blocks per group */
	put16(sb + 56, 0xef53); /* magic */
	put16(sb + 58, 1);      /* clean */
	put32(sb + 76, 1);      /* dynamic revision */
	memcpy(sb + 120, "rootfs", 6);
	expect_foreign(&m, "an ext4 image");
	/* A SKYAIFS image whose superblocks were overwritten by another format's header. */
	memset(m.data, 0, m.blocks * BS);
	EXPECT(memdev_format(&m, NULL) == 0);
	memset(m.data, 0, 2 * BS); /* both superblocks gone, the uberblock ring kept */
	put16(m.data + 1024 + 56, 0xef53);
	expect_foreign(&m, "a SKYAIFS image with both superblocks overwritten");
	/* Too small for anything: format refuses, mount refuses. */
	struct memdev tiny;
	if (memdev_init(&tiny, 8))
		abort();
	int rc = memdev_format(&tiny, NULL);
	if (rc == 0) {
		printf("FAIL %s: format of an 8-block device succeeds\n", case_name);
		case_failed = 1;
	} else if (rc != SKYAIFS_EINVAL && rc != SKYAIFS_ENOSPC) {
		printf("FAIL %s: format of an 8-block device: %s, expected EINVAL or ENOSPC\n",
		       case_name, errname(rc));
		case_failed = 1;
	}
	memdev_free(&tiny);
	memdev_free(&m);
}

/* ---- a full volume -------------------------------------------------------------------------- */

static long avail(struct skyaifs *fs)
{
	struct skyaifs_statfs sf;
	return skyaifs_statfs(fs, &sf) == 0 ? (long)sf.blocks_avail : -1;
}

static void full(void)
{
	struct memdev m;
	if (memdev_init(&m, 2048)) /* 8 MiB */
		abort();
	rng_seed(&rng, seed);
	model_init(&model);
	struct skyaifs *fs;
	struct skyaifs_vol *vol;
	EXPECT(memdev_format(&m, NULL) == 0);
	EXPECT(memdev_mount(&m, NULL, 0, &fs, &vol) == 0);
	if (case_failed)
		return;
	uint64_t root = skyaifs_vol_root(vol);
	for (int i = 0; i < 10; i++) {
		char name[16];
		snprintf(name, sizeof name, "keep%d", i);
		EXPECT(mkfile(vol, root, name, name, (size_t)rng_below(&rng, 30000)) == 0);
	}
	EXPECT(skyaifs_sync(fs) == 0);
	long before = avail(fs);
	/* Fill with 64 KiB writes, then 4 KiB ones, until ENOSPC. */
	struct skyaifs_stat st;
	EXPECT(skyaifs_mknod(vol, root, "big", SKYAIFS_S_IFREG | 0644, 0, 0, 0, &st) == 0);
	uint64_t big = st.ino, size = 0;
	static uint8_t chunk[64 << 10], back[64 << 10], last[BS];
	long rc = 0;
	for (size_t len = sizeof chunk; len >= BS; len /= 16) {
		for (;;) {
			rng_fill(&rng, chunk, len);
			rc = skyaifs_write(vol, big, size, chunk, len);
			if (rc != (long)len)
				break;
			size += len;
			memcpy(last, chunk + len - BS, BS);
		}
		if (rc != SKYAIFS_ENOSPC) {
			printf("FAIL %s: filling the volume: a write of %zu at %llu gives %s\n",
			       case_name, len, (unsigned long long)size, errname(rc));
			case_failed = 1;
			break;
		}
	}
	/* The refused write wrote nothing; what statfs says is left is (about) nothing. */
	EXPECT(skyaifs_getattr(vol, big, &st) == 0 && st.size == size);
	EXPECT(skyaifs_read(vol, big, size, back, sizeof back) == 0);
	long after = avail(fs);
	printf("%s: %ld blocks available, %llu KiB written before ENOSPC, then %ld blocks "
	       "available\n",
	       case_name, before, (unsigned long long)size >> 10, after);
	EXPECT(after >= 0 && after < 32);
	/* statfs did not promise much more than there was. */
	EXPECT(size >= (uint64_t)before * BS / 10 * 8);
	/* Writes it accepted are committed: a sync never fails for want of space. */
	rc = skyaifs_sync(fs);
	if (rc != 0) {
		printf("FAIL %s: sync of a full volume: %s\n", case_name, errname(rc));
		case_failed = 1;
	}
	/* The last bytes written are the ones read. */
	EXPECT(skyaifs_read(vol, big, size - BS, back, BS) == BS);
	EXPECT(memcmp(back, last, BS) == 0);
	/* Every other file intact, also after a remount; the check is clean. */
	struct model got;
	char why[512];
	skyaifs_vol_close(vol);
	EXPECT(skyaifs_unmount(fs) == 0);
	char cwhy[256];
	int clean = memdev_check(&m, NULL, cwhy, sizeof cwhy);
	if (clean == 0) {
		printf("FAIL %s: the check after filling the volume: %s\n", case_name, cwhy);
		case_failed = 1;
	}
	if (memdev_mount(&m, NULL, 0, &fs, &vol) != 0) {
		printf("FAIL %s: a full volume does not mount\n", case_name);
		case_failed = 1;
		goto out;
	}
	model_add(&model, "big", SKYAIFS_S_IFREG, 0644);
	if (model_scan(vol, root, false, &got) == 0) {
		model_remove(&got, "big");
		model_remove(&model, "big");
		if (model_diff(&model, &got, why, sizeof why)) {
			printf("FAIL %s: after filling the volume: %s\n", case_name, why);
			case_failed = 1;
		}
		model_free(&got);
	}
	EXPECT(skyaifs_getattr(vol, big, &st) == 0 && st.size == size);
	/* Deleting works on the full volume and gives the space back. */
	long full_avail = avail(fs);
	EXPECT(skyaifs_unlink(vol, root, "big") == 0);
	/* Freed blocks may wait for the next commit before reuse (the previous root holds them). */
	EXPECT(skyaifs_sync(fs) == 0);
	EXPECT(skyaifs_sync(fs) == 0);
	long freed = avail(fs) - full_avail;
	EXPECT((uint64_t)freed * BS >= size);
	EXPECT(skyaifs_mknod(vol, root, "again", SKYAIFS_S_IFREG | 0644, 0, 0, 0, &st) == 0);
	for (uint64_t off = 0; off < size / 2; off += sizeof chunk)
		if (skyaifs_write(vol, st.ino, off, chunk, sizeof chunk) != (long)sizeof chunk) {
			printf("FAIL %s: writing after a delete freed %ld blocks fails at %llu\n",
			       case_name, freed, (unsigned long long)off);
			case_failed = 1;
			break;
		}
	skyaifs_vol_close(vol);
	EXPECT(skyaifs_unmount(fs) == 0);
	clean = memdev_check(&m, NULL, cwhy, sizeof cwhy);
	if (clean == 0) {
		printf("FAIL %s: the check after freeing space: %s\n", case_name, cwhy);
		case_failed = 1;
	}
	EXPECT(memdev_mount(&m, NULL, 0, &fs, &vol) == 0);
	if (!case_failed) {
		EXPECT(skyaifs_lookup(vol, root, "again", &st) == 0 && st.size >= size / 2);
		skyaifs_vol_close(vol);
		EXPECT(skyaifs_unmount(fs) == 0);
	}
out:
	model_free(&model);
	memdev_free(&m);
}

/* A full volume while a snapshot shares a 2 MiB file: overwriting it needs new blocks, so with
 * 1 MiB free ENOSPC comes in the middle of the overwrite; every write accepted commits, the
 * snapshot keeps the old contents, and deleting the snapshot (which alone holds the old half
 * overwritten) lets the overwrite finish. */
static void full_snapshot(void)
{
	struct memdev m;
	if (memdev_init(&m, 2048))
		abort();
	rng_seed(&rng, seed + 1);
	model_init(&model);
	struct skyaifs *fs;
	struct skyaifs_vol *vol, *snap = NULL;
	EXPECT(memdev_format(&m, NULL) == 0);
	EXPECT(memdev_mount(&m, NULL, 0, &fs, &vol) == 0);
	if (case_failed)
		goto out;
	uint64_t root = skyaifs_vol_root(vol);
	EXPECT(mkfile(vol, root, "shared", "shared", 2u << 20) == 0);
	EXPECT(skyaifs_vol_create_from(fs, "main", root, "snap", false) == 0);
	struct model old;
	model_copy(&old, &model);
	/* Fill what is left with another file. */
	struct skyaifs_stat st;
	static uint8_t chunk[64 << 10];
	EXPECT(skyaifs_mknod(vol, root, "filler", SKYAIFS_S_IFREG | 0644, 0, 0, 0, &st) == 0);
	uint64_t filler = st.ino, fsize = 0;
	rng_fill(&rng, chunk, sizeof chunk);
	while (skyaifs_write(vol, filler, fsize, chunk, sizeof chunk) == (long)sizeof chunk)
		fsize += sizeof chunk;
	/* Give 1 MiB back: room for half the overwrite. */
	fsize = fsize > (1u << 20) ? fsize - (1u << 20) : 0;
	struct skyaifs_stat attr = { .size = fsize };
	EXPECT(skyaifs_setattr(vol, filler, SKYAIFS_SET_SIZE, &attr, NULL) == 0);
	EXPECT(skyaifs_sync(fs) == 0);
	/* Overwrite the shared file until the space runs out. */
	uint64_t shared = model.e[model_find(&model, "shared")].ino, done_bytes = 0;
	long rc = 0;
	while (done_bytes < (2u << 20)) {
		rng_fill(&rng, chunk, sizeof chunk);
		rc = skyaifs_write(vol, shared, done_bytes, chunk, sizeof chunk);
		if (rc != (long)sizeof chunk)
			break;
		mfile_write(model_file(&model, "shared"), done_bytes, chunk, sizeof chunk);
		done_bytes += sizeof chunk;
	}
	printf("%s: filler %llu KiB, then %llu KiB of the 2 MiB shared file overwritten before "
	       "%s\n",
	       case_name, (unsigned long long)fsize >> 10, (unsigned long long)done_bytes >> 10,
	       errname(rc));
	EXPECT(rc == SKYAIFS_ENOSPC && done_bytes >= (512u << 10));
	int src = skyaifs_sync(fs);
	if (src != 0) {
		printf("FAIL %s: sync after the accepted overwrites: %s\n", case_name,
		       errname(src));
		case_failed = 1;
	}
	/* Main holds the overwrite as far as it went, the snapshot the old file. */
	struct model got;
	char why[512];
	model_add(&model, "filler", SKYAIFS_S_IFREG, 0644);
	mfile_truncate(model_file(&model, "filler"), fsize);
	if (model_scan(vol, root, false, &got) == 0) {
		model_remove(&got, "filler");
		model_remove(&model, "filler");
		if (model_diff(&model, &got, why, sizeof why)) {
			printf("FAIL %s: main after ENOSPC: %s\n", case_name, why);
			case_failed = 1;
		}
		model_free(&got);
	}
	if (skyaifs_vol_open(fs, "snap", &snap) == 0) {
		if (model_scan(snap, skyaifs_vol_root(snap), false, &got) == 0) {
			if (model_diff(&old, &got, why, sizeof why)) {
				printf("FAIL %s: the snapshot after ENOSPC in main: %s\n",
				       case_name, why);
				case_failed = 1;
			}
			model_free(&got);
		}
		skyaifs_vol_close(snap);
	} else {
		EXPECT(!"open the snapshot");
	}
	/* Without the snapshot, the overwrite finishes. */
	EXPECT(skyaifs_vol_delete(fs, "snap") == 0);
	EXPECT(skyaifs_sync(fs) == 0);
	while (done_bytes < (2u << 20) && !case_failed) {
		rc = skyaifs_write(vol, shared, done_bytes, chunk, sizeof chunk);
		if (rc != (long)sizeof chunk) {
			printf("FAIL %s: overwrite after deleting the snapshot, at %llu: %s\n",
			       case_name, (unsigned long long)done_bytes, errname(rc));
			case_failed = 1;
		}
		done_bytes += sizeof chunk;
	}
	EXPECT(skyaifs_sync(fs) == 0);
	skyaifs_vol_close(vol);
	EXPECT(skyaifs_unmount(fs) == 0);
	char cwhy[256];
	if (memdev_check(&m, NULL, cwhy, sizeof cwhy) == 0) {
		printf("FAIL %s: the check: %s\n", case_name, cwhy);
		case_failed = 1;
	}
	model_free(&old);
out:
	model_free(&model);
	memdev_free(&m);
}

/* Running out of space with metadata alone (empty files with attributes): ENOSPC, every file
 * made before it is there after a remount, and the check is clean. */
static void full_inodes(void)
{
	struct memdev m;
	if (memdev_init(&m, 1024)) /* 4 MiB */
		abort();
	struct skyaifs *fs;
	struct skyaifs_vol *vol;
	EXPECT(memdev_format(&m, NULL) == 0);
	EXPECT(memdev_mount(&m, NULL, 0, &fs, &vol) == 0);
	if (case_failed)
		goto out;
	uint64_t root = skyaifs_vol_root(vol);
	static char value[1024];
	memset(value, 'v', sizeof value);
	unsigned made = 0;
	int rc = 0;
	for (; made < 100000; made++) {
		char name[64];
		struct skyaifs_stat st;
		snprintf(name, sizeof name, "a-rather-long-file-name-to-fill-leaves-%06u", made);
		rc = skyaifs_mknod(vol, root, name, SKYAIFS_S_IFREG | 0644, 0, 0, 0, &st);
		if (rc)
			break;
		rc = skyaifs_setxattr(vol, st.ino, "user.pad", value, sizeof value, 0);
		if (rc) {
			EXPECT(skyaifs_unlink(vol, root, name) == 0);
			break;
		}
	}
	printf("%s: %u files with a 1 KiB attribute, then %s\n", case_name, made, errname(rc));
	EXPECT(rc == SKYAIFS_ENOSPC);
	int src = skyaifs_sync(fs);
	if (src) {
		printf("FAIL %s: sync after ENOSPC: %s\n", case_name, errname(src));
		case_failed = 1;
	}
	skyaifs_vol_close(vol);
	EXPECT(skyaifs_unmount(fs) == 0);
	char cwhy[256];
	if (memdev_check(&m, NULL, cwhy, sizeof cwhy) == 0) {
		printf("FAIL %s: the check: %s\n", case_name, cwhy);
		case_failed = 1;
	}
	if (memdev_mount(&m, NULL, 0, &fs, &vol) == 0) {
		unsigned found = 0;
		for (unsigned i = 0; i < made; i++) {
			char name[64], v[8];
			struct skyaifs_stat st;
			snprintf(name, sizeof name, "a-rather-long-file-name-to-fill-leaves-%06u",
				 i);
			found += skyaifs_lookup(vol, root, name, &st) == 0 &&
				 skyaifs_getxattr(vol, st.ino, "user.pad", v, 0) == 1024;
		}
		EXPECT(found == made);
		/* Deleting works on the full volume. */
		EXPECT(skyaifs_unlink(vol, root, "a-rather-long-file-name-to-fill-leaves-000000") ==
		       0);
		EXPECT(skyaifs_sync(fs) == 0);
		skyaifs_vol_close(vol);
		EXPECT(skyaifs_unmount(fs) == 0);
	} else {
		EXPECT(!"mount after filling with metadata");
	}
out:
	memdev_free(&m);
}

/* ---- a device that fails writes ------------------------------------------------------------- */

/* The state of the volume on `m`: 0 if it mounts and holds exactly `a` or `b` (*which says
 * which), else an error; the check must be clean. */
static int state_of(struct memdev *m, const struct model *a, const struct model *b, int *which,
		    char *why, size_t cap)
{
	struct skyaifs *fs;
	struct skyaifs_vol *vol;
	int rc = memdev_mount(m, NULL, 0, &fs, &vol);
	if (rc) {
		snprintf(why, cap, "mount: %s", errname(rc));
		return rc;
	}
	struct model got;
	rc = model_scan(vol, skyaifs_vol_root(vol), false, &got);
	skyaifs_vol_close(vol);
	skyaifs_unmount(fs);
	if (rc) {
		snprintf(why, cap, "scan: %s", errname(rc));
		return rc;
	}
	uint64_t d = model_digest(&got);
	*which = d == model_digest(a) ? 0 : d == model_digest(b) ? 1 : -1;
	if (*which < 0)
		model_diff(a, &got, why, cap);
	model_free(&got);
	char cwhy[256];
	if (*which >= 0 && memdev_check(m, NULL, cwhy, sizeof cwhy) == 0) {
		snprintf(why, cap, "the check: %s", cwhy);
		return -1;
	}
	return *which < 0 ? -1 : 0;
}

/* Every write of a commit fails in turn (once, or for good: a disk that died): the sync says so,
 * and the volume mounts afterwards in the state before or after the commit, never between. */
static void write_errors(void)
{
	struct memdev m, before;
	if (memdev_init(&m, 2048) || memdev_init(&before, 2048))
		abort();
	rng_seed(&rng, seed);
	model_init(&model);
	struct skyaifs *fs;
	struct skyaifs_vol *vol;
	EXPECT(memdev_format(&m, NULL) == 0);
	EXPECT(memdev_mount(&m, NULL, 0, &fs, &vol) == 0);
	if (case_failed)
		goto out;
	uint64_t root = skyaifs_vol_root(vol);
	for (int i = 0; i < 6; i++) {
		char name[16];
		snprintf(name, sizeof name, "f%d", i);
		EXPECT(mkfile(vol, root, name, name, (size_t)rng_below(&rng, 40000)) == 0);
	}
	skyaifs_vol_close(vol);
	EXPECT(skyaifs_unmount(fs) == 0);
	memdev_copy_from(&before, &m);
	/* State B: what the failing commit tries to make durable. */
	struct model after;
	model_copy(&after, &model);
	static uint8_t data[30000];
	rng_fill(&rng, data, sizeof data);
	mfile_write(model_file(&after, "f1"), 1000, data, sizeof data);
	model_remove(&after, "f2");
	model_add(&after, "new", SKYAIFS_S_IFREG, 0644);
	mfile_write(model_file(&after, "new"), 0, data, 5000);
	unsigned tried = 0, landed_before = 0, landed_after = 0;
	for (int sticky = 0; sticky < 2; sticky++) {
		for (uint64_t n = 1; n < 200 && !case_failed; n++) {
			memdev_copy_from(&m, &before);
			struct skyaifs_stat st;
			if (memdev_mount(&m, NULL, 0, &fs, &vol)) {
				EXPECT(!"mount of the volume before the commit");
				break;
			}
			EXPECT(skyaifs_lookup(vol, root, "f1", &st) == 0);
			uint64_t f1 = st.ino;
			EXPECT(skyaifs_write(vol, f1, 1000, data, sizeof data) ==
			       (long)sizeof data);
			EXPECT(skyaifs_unlink(vol, root, "f2") == 0);
			EXPECT(skyaifs_mknod(vol, root, "new", SKYAIFS_S_IFREG | 0644, 0, 0, 0,
					     &st) == 0);
			EXPECT(skyaifs_write(vol, st.ino, 0, data, 5000) == 5000);
			/* The n-th block write from here on fails. */
			m.fail_write_at = m.writes + n;
			m.fail_sticky = sticky;
			int rc = skyaifs_sync(fs);
			bool hit = m.writes >= m.fail_write_at;
			int retry = rc ? skyaifs_sync(fs) : 0;
			skyaifs_vol_close(vol);
			skyaifs_unmount(fs);
			if (!hit) {
				EXPECT(rc == 0);
				break; /* n is past the commit's last write */
			}
			tried++;
			if (rc == 0) {
				printf("FAIL %s: a write of the commit failed (%s, write %llu) but "
				       "sync "
				       "returned 0\n",
				       case_name, sticky ? "for good" : "once",
				       (unsigned long long)n);
				case_failed = 1;
				break;
			}
			m.fail_write_at = 0;
			m.failed = false;
			char why[512] = "";
			int which = -1;
			if (state_of(&m, &model, &after, &which, why, sizeof why) != 0) {
				printf("FAIL %s: write %llu of the commit failed (%s; sync %s, "
				       "retry %s): "
				       "afterwards %s\n",
				       case_name, (unsigned long long)n,
				       sticky ? "for good" : "once", errname(rc), errname(retry),
				       why);
				case_failed = 1;
			} else if (which == 0 && retry == 0) {
				printf("FAIL %s: write %llu failed once, the retried sync returned "
				       "0, but "
				       "the volume is as before the commit\n",
				       case_name, (unsigned long long)n);
				case_failed = 1;
			}
			landed_before += which == 0;
			landed_after += which == 1;
		}
	}
	printf("%s: %u failed commits: %u left the state before, %u the state after\n", case_name,
	       tried, landed_before, landed_after);
	EXPECT(tried >= 4);
	model_free(&after);
out:
	model_free(&model);
	memdev_free(&m);
	memdev_free(&before);
}

int main(void)
{
	const char *s = getenv("CORRUPT_SEED"), *t = getenv("CORRUPT_TRIAL");
	seed = s ? strtoull(s, NULL, 0) : 1127;
	only = t ? strtol(t, NULL, 0) : -1;
	printf("corrupt: seed %llu\n", (unsigned long long)seed);
	test_env_seed(seed);
	RUN("skyaifs_corrupt", damage_plain);
	RUN("skyaifs_corrupt", damage_encrypted);
	RUN("skyaifs_corrupt", wrong_key);
	RUN("skyaifs_corrupt", truncated);
	RUN("skyaifs_corrupt", foreign);
	RUN("skyaifs_corrupt", full);
	RUN("skyaifs_corrupt", full_snapshot);
	RUN("skyaifs_corrupt", full_inodes);
	RUN("skyaifs_corrupt", write_errors);
	if (check_missing)
		printf("corrupt: the library has no consistency check yet: its verdicts were "
		       "skipped\n");
	return cases_failed != 0;
}
