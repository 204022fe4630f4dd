/*
 * commit.c — making a volume, mounting it, and the atomic commit.
 *
 * A commit writes every changed tree node and space map chunk to blocks no
 * durable commit uses, flushes, then writes an uberblock naming the new
 * roots into the next ring slot and flushes again. A crash before that
 * last write leaves the previous uberblock as the newest intact one, whose
 * blocks the deferred-free rule (space.c) kept untouched; a torn uberblock
 * fails its check and is passed over. Mount takes the newest uberblock
 * whose check holds and whose trees load.
 */
#include "base/string.h"
#include "crypto/ct.h"
#include "crypto/sha3.h"
#include "skyaifs/internal.h"

const char *skyaifs_strerror(int err)
{
	switch (err) {
	case 0:
		return "success";
	case SKYAIFS_EPERM:
		return "operation not permitted";
	case SKYAIFS_ENOENT:
		return "no such file or directory";
	case SKYAIFS_EIO:
		return "I/O error or checksum mismatch";
	case SKYAIFS_ENOMEM:
		return "out of memory";
	case SKYAIFS_EACCES:
		return "wrong passphrase or key file";
	case SKYAIFS_EBUSY:
		return "in use";
	case SKYAIFS_EEXIST:
		return "already exists";
	case SKYAIFS_EXDEV:
		return "not on the same subvolume";
	case SKYAIFS_ENOTDIR:
		return "not a directory";
	case SKYAIFS_EISDIR:
		return "is a directory";
	case SKYAIFS_EINVAL:
		return "invalid argument";
	case SKYAIFS_EFBIG:
		return "file too large";
	case SKYAIFS_ENOSPC:
		return "no space left on the volume";
	case SKYAIFS_EROFS:
		return "read-only (snapshot, read-only mount, or after a device error)";
	case SKYAIFS_EMLINK:
		return "too many links";
	case SKYAIFS_ERANGE:
		return "buffer too small";
	case SKYAIFS_ENAMETOOLONG:
		return "name too long";
	case SKYAIFS_ENOTEMPTY:
		return "directory not empty";
	case SKYAIFS_ELOOP:
		return "too many symbolic links";
	case SKYAIFS_ENODATA:
		return "no such attribute";
	case SKYAIFS_EOVERFLOW:
		return "value too large";
	case SKYAIFS_E2BIG:
		return "attribute too large";
	case SKYAIFS_EMEDIUMTYPE:
		return "not a SKYAIFS volume (or an unknown version)";
	case SKYAIFS_EUCLEAN:
		return "the volume is damaged or truncated";
	default:
		return "unknown error";
	}
}

/* The check of an uberblock: a hash bound to the volume, or a MAC under the commit key. */
static void uber_check(const struct skyaifs *fs, const uint8_t *ub, uint8_t out[32])
{
	if (fs->encrypted) {
		kmac256(fs->commit_key, 32, ub, UB_CHECK, "skyaifs uberblock", 17, out, 32);
		return;
	}
	struct sha3 c;
	sha3_init(&c, 256);
	sha3_absorb(&c, fs->uuid, 16);
	sha3_absorb(&c, ub, UB_CHECK);
	sha3_final(&c, out);
}

static struct skyaifs *fs_new(const struct skyaifs_device *dev, const struct skyaifs_env *env)
{
	struct skyaifs *fs = env->alloc(sizeof *fs);
	if (!fs)
		return NULL;
	memset(fs, 0, sizeof *fs);
	fs->dev = *dev;
	fs->env = *env;
	fs->root_tree.fs = fs;
	fs->scratch = fs_alloc(fs, SKYAIFS_BLOCK_SIZE);
	if (!fs->scratch) {
		env->free(fs);
		return NULL;
	}
	return fs;
}

static void fs_destroy(struct skyaifs *fs)
{
	while (fs->vols) {
		struct skyaifs_vol *v = fs->vols;
		fs->vols = v->next;
		vol_free(v);
	}
	tree_free(&fs->root_tree);
	space_release(fs);
	keys_wipe(fs);
	skyaifs_set_watch(fs, NULL);
	fs_free(fs, fs->scratch);
	fs->env.free(fs);
}

int fs_writable(struct skyaifs *fs)
{
	if (fs->failed)
		return SKYAIFS_EROFS;
	return fs->readonly ? SKYAIFS_EROFS : 0;
}

static int uber_write(struct skyaifs *fs, uint8_t *ub)
{
	uber_check(fs, ub, ub + UB_CHECK);
	struct skyaifs_io io = { UBER_RING_START + fs->txg % UBER_RING_LEN, ub };
	return dev_write(fs, &io, 1);
}

int fs_commit(struct skyaifs *fs)
{
	int err = fs_writable(fs);
	if (err)
		return fs->readonly && !fs->failed ? 0 : err;
	bool dirty = fs->dirty_nodes > 0 || fs->deferred_count > 0; /* frees wait for commits */
	for (uint32_t c = 0; c < fs->chunks && !dirty; c++)
		dirty = fs->chunk_dirty[c];
	for (struct skyaifs_vol *v = fs->vols; v && !dirty; v = v->next)
		dirty = v->record_dirty;
	if (!dirty)
		return 0;
	for (struct skyaifs_vol *v = fs->vols; v; v = v->next)
		if ((err = vol_store(v)) != 0)
			goto failed;
	uint8_t *ub = fs_zalloc(fs, SKYAIFS_BLOCK_SIZE);
	if (!ub)
		return SKYAIFS_ENOMEM;
	struct bp root;
	if ((err = tree_commit(&fs->root_tree, &root)) != 0)
		goto failed_ub;
	memcpy(ub + UB_MAGIC, UBER_MAGIC, 8);
	st64(ub + UB_TXG, fs->txg);
	st64(ub + UB_TIME, (uint64_t)fs->env.now_ns());
	st64(ub + UB_NEXT_VOL, fs->next_vol);
	bp_store(&root, ub + UB_ROOT);
	if ((err = space_commit(fs, ub)) != 0 || (err = fs->dev.flush(fs->dev.ctx)) != 0 ||
	    (err = uber_write(fs, ub)) != 0 || (err = fs->dev.flush(fs->dev.ctx)) != 0)
		goto failed_ub;
	fs_free(fs, ub);
	fs->txg++;
	space_commit_done(fs);
	fs->data_written = 0;
	if (fs->nodes_cached > 32768) {
		tree_unload(&fs->root_tree);
		for (struct skyaifs_vol *v = fs->vols; v; v = v->next)
			tree_unload(&v->tree);
	}
	return 0;
failed_ub:
	fs_free(fs, ub);
failed:
	/* Half a commit is on disk under no uberblock: harmless, but memory no longer matches it.
	 */
	fs->failed = err == SKYAIFS_ENOSPC ? SKYAIFS_ENOSPC : SKYAIFS_EIO;
	return err;
}

int fs_maybe_commit(struct skyaifs *fs)
{
	if (fs->dirty_nodes > 8192 || fs->data_written > 16384 ||
	    fs->deferred_count > fs->blocks / 16)
		return fs_commit(fs);
	return 0;
}

int skyaifs_sync(struct skyaifs *fs)
{
	return fs_commit(fs);
}

/* ---- format ---- */

static int vol_create_main(struct skyaifs *fs)
{
	struct skyaifs_vol *v = fs_zalloc(fs, sizeof *v);
	if (!v)
		return SKYAIFS_ENOMEM;
	v->fs = fs;
	v->tree.fs = fs;
	v->tree.id = v->id = 1;
	v->root_ino = SKYAIFS_ROOT_INO;
	v->next_ino = SKYAIFS_ROOT_INO + 1;
	v->inodes = 1;
	v->created = fs->txg;
	v->writable = true;
	v->record_dirty = true;
	memcpy(v->name, "main", 5);
	fs->vols = v;
	fs->next_vol = 2;
	int err = tree_new(&v->tree);
	if (err)
		return err;
	struct inode in;
	memset(&in, 0, sizeof in);
	st32(in.raw + 0, SKYAIFS_S_IFDIR | 0755);
	st32(in.raw + 12, 2);
	st64(in.raw + 40, SKYAIFS_ROOT_INO);
	inode_touch(v, &in, SKYAIFS_SET_ATIME | SKYAIFS_SET_MTIME | SKYAIFS_SET_CTIME);
	memcpy(in.raw + 84, in.raw + 72, 12);
	if ((err = keys_new_file(fs, SKYAIFS_ROOT_INO, in.raw + INODE_KEY)) != 0)
		return err;
	return inode_put(v, SKYAIFS_ROOT_INO, &in);
}

int skyaifs_format(const struct skyaifs_device *dev, const struct skyaifs_env *env,
		   const struct skyaifs_format_options *opt)
{
	if (dev->blocks < FIRST_DATA_BLOCK + 256)
		return SKYAIFS_EINVAL; /* under 1 MiB */
	if (dev->blocks > SPACE_MAX_BLOCKS)
		return SKYAIFS_EFBIG;
	struct skyaifs *fs = fs_new(dev, env);
	if (!fs)
		return SKYAIFS_ENOMEM;
	fs->blocks = dev->blocks;
	fs->txg = 1;
	fs->encrypted = opt && opt->key;
	uint8_t *sb = fs_zalloc(fs, SKYAIFS_BLOCK_SIZE);
	int err = sb ? 0 : SKYAIFS_ENOMEM;
	if (err)
		goto out;
	memcpy(sb + SB_MAGIC, SKYAIFS_SUPER_MAGIC, 8);
	st32(sb + SB_VERSION, SKYAIFS_VERSION);
	st32(sb + SB_BLOCK_SIZE, SKYAIFS_BLOCK_SIZE);
	st64(sb + SB_BLOCKS, fs->blocks);
	if ((err = env->random(sb + SB_UUID, 16)) != 0)
		goto out;
	memcpy(fs->uuid, sb + SB_UUID, 16);
	if (fs->encrypted) {
		st32(sb + SB_FLAGS, SB_FLAG_ENCRYPTED);
		uint32_t iter = opt->kdf_iterations ? opt->kdf_iterations : SKYAIFS_KDF_ITERATIONS;
		if ((err = keys_create(fs, sb, opt->key, opt->key_len, iter)) != 0)
			goto out;
	}
	sha3_256(sb, SB_HASH, sb + SB_HASH);
	/* Old uberblocks in the ring must not be taken for ours. */
	uint8_t *zero = fs->scratch;
	memset(zero, 0, SKYAIFS_BLOCK_SIZE);
	for (uint32_t i = 0; i < UBER_RING_LEN && !err; i++) {
		struct skyaifs_io io = { UBER_RING_START + i, zero };
		err = dev_write(fs, &io, 1);
	}
	if (err || (err = space_init_new(fs)) != 0 || (err = tree_new(&fs->root_tree)) != 0 ||
	    (err = vol_create_main(fs)) != 0 || (err = fs_commit(fs)) != 0)
		goto out;
	struct skyaifs_io io[2] = { { 0, sb }, { 1, sb } };
	if ((err = dev_write(fs, io, 2)) == 0)
		err = fs->dev.flush(fs->dev.ctx);
out:
	fs_free(fs, sb);
	fs_destroy(fs);
	return err;
}

/* ---- mount ---- */

static int super_read(struct skyaifs *fs, uint8_t *sb)
{
	bool ours = false;
	for (uint64_t b = 0; b < 2; b++) {
		if (dev_read1(fs, b, sb) != 0)
			continue;
		if (memcmp(sb + SB_MAGIC, SKYAIFS_SUPER_MAGIC, 8) != 0)
			continue;
		ours = true;
		uint8_t sum[32];
		sha3_256(sb, SB_HASH, sum);
		if (memcmp(sum, sb + SB_HASH, 32) == 0 &&
		    ld32(sb + SB_VERSION) == SKYAIFS_VERSION &&
		    ld32(sb + SB_BLOCK_SIZE) == SKYAIFS_BLOCK_SIZE)
			return 0;
	}
	return ours ? SKYAIFS_EUCLEAN : SKYAIFS_EMEDIUMTYPE;
}

/* Load the state an uberblock names. */
static int uber_load(struct skyaifs *fs, const uint8_t *ub)
{
	struct bp root;
	bp_load(&root, ub + UB_ROOT);
	fs->txg = ld64(ub + UB_TXG) + 1;
	fs->next_vol = ld64(ub + UB_NEXT_VOL);
	int err = space_load(fs, ub);
	if (!err)
		err = tree_load_root(&fs->root_tree, &root);
	return err;
}

int skyaifs_mount(struct skyaifs **out, const struct skyaifs_device *dev,
		  const struct skyaifs_env *env, const uint8_t *key, size_t key_len, unsigned flags)
{
	struct skyaifs *fs = fs_new(dev, env);
	if (!fs)
		return SKYAIFS_ENOMEM;
	fs->readonly = flags & SKYAIFS_MOUNT_RDONLY;
	uint8_t *sb = fs_alloc(fs, 2 * SKYAIFS_BLOCK_SIZE), *ub = sb + SKYAIFS_BLOCK_SIZE;
	int err = sb ? super_read(fs, sb) : SKYAIFS_ENOMEM;
	if (err)
		goto fail;
	fs->blocks = ld64(sb + SB_BLOCKS);
	memcpy(fs->uuid, sb + SB_UUID, 16);
	fs->encrypted = ld32(sb + SB_FLAGS) & SB_FLAG_ENCRYPTED;
	if (fs->blocks > dev->blocks || fs->blocks > SPACE_MAX_BLOCKS ||
	    fs->blocks <= FIRST_DATA_BLOCK) {
		err = SKYAIFS_EUCLEAN; /* truncated image */
		goto fail;
	}
	if (fs->encrypted && !key) {
		err = SKYAIFS_EINVAL;
		goto fail;
	}
	if (fs->encrypted && (err = keys_unlock(fs, sb, key, key_len)) != 0)
		goto fail;
	/* newest intact uberblock first; older ones if its trees do not load */
	uint64_t tried_below = UINT64_MAX;
	err = SKYAIFS_EIO;
	for (uint32_t attempt = 0; attempt < UBER_RING_LEN && err; attempt++) {
		uint64_t best = 0;
		int best_slot = -1;
		for (uint32_t i = 0; i < UBER_RING_LEN; i++) {
			uint8_t sum[32];
			if (dev_read1(fs, UBER_RING_START + i, ub) != 0 ||
			    memcmp(ub, UBER_MAGIC, 8) != 0)
				continue;
			uber_check(fs, ub, sum);
			uint64_t txg = ld64(ub + UB_TXG);
			if (ct_differ(sum, ub + UB_CHECK, 32) || txg >= tried_below || txg <= best)
				continue;
			best = txg;
			best_slot = (int)i;
		}
		if (best_slot < 0)
			break;
		tried_below = best;
		if (dev_read1(fs, UBER_RING_START + (uint32_t)best_slot, ub) != 0)
			continue;
		space_release(fs);
		tree_free(&fs->root_tree);
		err = uber_load(fs, ub);
	}
	if (err)
		goto fail;
	fs_free(fs, sb);
	*out = fs;
	return 0;
fail:
	fs_free(fs, sb);
	fs_destroy(fs);
	return err;
}

int skyaifs_unmount(struct skyaifs *fs)
{
	int err = fs->readonly ? 0 : fs_commit(fs);
	if (fs->failed && !err)
		err = fs->failed;
	fs_destroy(fs);
	return err;
}

int skyaifs_statfs(struct skyaifs *fs, struct skyaifs_statfs *out)
{
	memset(out, 0, sizeof *out);
	out->blocks = fs->blocks;
	out->blocks_free = space_avail(fs, false);
	out->blocks_avail = space_avail(fs, true);
	for (struct skyaifs_vol *v = fs->vols; v; v = v->next)
		out->files += v->inodes;
	out->commit = fs->txg - 1;
	out->encrypted = fs->encrypted;
	return 0;
}
