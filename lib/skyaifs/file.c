/*
 * file.c — file contents. Each 4 KiB block of a file is an extent item
 * (ino, EXTENT, block index) holding the block's pointer; a missing item is
 * a hole that reads as zeros, so sparse files of any size cost nothing.
 * Writes never overwrite: each written block goes to a new place and the
 * item is repointed (the old block is freed once no commit needs it).
 * Invariant: the bytes of the last block past the end of file are zero, so
 * growing a file never reveals old data.
 */
#include "base/string.h"
#include "crypto/ct.h"
#include "skyaifs/internal.h"

#define WRITE_BATCH 16u

static struct key extent_key(uint64_t ino, uint64_t index)
{
	return (struct key){ .obj = ino, .type = KT_EXTENT, .off = index };
}

/* The pointer of block `index`, or ENOENT for a hole. */
static int extent_get(struct skyaifs_vol *vol, uint64_t ino, uint64_t index, struct bp *bp)
{
	struct key k = extent_key(ino, index);
	struct item it;
	int err = tree_get(&vol->tree, &k, &it);
	if (err)
		return err;
	if (it.len != BP_SIZE)
		return SKYAIFS_EUCLEAN;
	bp_load(bp, it.val);
	return bp->kind == BP_DATA ? 0 : SKYAIFS_EUCLEAN;
}

/* Read block `index` of a file into out (zeros for a hole). */
int file_read_block(struct skyaifs_vol *vol, uint64_t ino, const uint8_t *key, uint64_t index,
		    uint8_t *out)
{
	struct bp bp;
	int err = extent_get(vol, ino, index, &bp);
	if (err == SKYAIFS_ENOENT) {
		memset(out, 0, SKYAIFS_BLOCK_SIZE);
		return 0;
	}
	return err ? err : block_read(vol->fs, &bp, key, out);
}

static int file_inode(struct skyaifs_vol *vol, uint64_t ino, struct inode *in, uint8_t key[32])
{
	int err = inode_get(vol, ino, in);
	if (err)
		return err;
	uint32_t type = inode_mode(in) & SKYAIFS_S_IFMT;
	if (type == SKYAIFS_S_IFDIR)
		return SKYAIFS_EISDIR;
	if (type != SKYAIFS_S_IFREG && type != SKYAIFS_S_IFLNK)
		return SKYAIFS_EINVAL;
	return keys_file(vol, ino, in->raw, key);
}

long skyaifs_read(struct skyaifs_vol *vol, uint64_t ino, uint64_t off, void *buf, size_t len)
{
	struct inode in;
	uint8_t key[32];
	int err = file_inode(vol, ino, &in, key);
	if (err)
		return err;
	uint64_t size = inode_size(&in);
	if (off >= size)
		return 0;
	if (len > size - off)
		len = (size_t)(size - off);
	if (len > 0x40000000)
		len = 0x40000000;
	uint8_t *blk = fs_alloc(vol->fs, SKYAIFS_BLOCK_SIZE);
	if (!blk)
		return SKYAIFS_ENOMEM;
	size_t done = 0;
	while (done < len) {
		uint64_t pos = off + done, index = pos / SKYAIFS_BLOCK_SIZE;
		size_t in_blk = (size_t)(pos % SKYAIFS_BLOCK_SIZE), n = SKYAIFS_BLOCK_SIZE - in_blk;
		if (n > len - done)
			n = len - done;
		if (!ra_lookup(vol, ino, index, blk) &&
		    (err = file_read_block(vol, ino, key, index, blk)) != 0)
			break;
		ra_observe(vol, ino, index, size, key);
		memcpy((uint8_t *)buf + done, blk + in_blk, n);
		done += n;
	}
	fs_free(vol->fs, blk);
	return err ? err : (long)done;
}

/* Point block `index` at `bp`, freeing what it pointed at. */
static int extent_set(struct skyaifs_vol *vol, uint64_t ino, struct inode *in, uint64_t index,
		      const struct bp *bp)
{
	struct bp old;
	ra_forget(vol, ino, index);
	int err = extent_get(vol, ino, index, &old);
	if (err && err != SKYAIFS_ENOENT)
		return err;
	bool had = err == 0;
	uint8_t raw[BP_SIZE];
	bp_store(bp, raw);
	struct key k = extent_key(ino, index);
	if ((err = tree_put(&vol->tree, &k, raw, BP_SIZE)) != 0)
		return err;
	if (had)
		space_dec(vol->fs, &old);
	else
		st64(in->raw + 24, ld64(in->raw + 24) + 1);
	return 0;
}

struct write_batch {
	struct skyaifs_io io[WRITE_BATCH];
	uint8_t *bufs;
	unsigned n;
};

/* Write (a piece of) one block: compose it, seal it to a new place, repoint the extent. */
static int write_block(struct skyaifs_vol *vol, uint64_t ino, struct inode *in, const uint8_t *key,
		       uint64_t index, size_t in_blk, const uint8_t *data, size_t n,
		       struct write_batch *wb)
{
	struct skyaifs *fs = vol->fs;
	uint8_t *plain = fs->scratch, *out = wb->bufs + wb->n * SKYAIFS_BLOCK_SIZE;
	int err;
	if (n < SKYAIFS_BLOCK_SIZE && (uint64_t)index * SKYAIFS_BLOCK_SIZE < inode_size(in)) {
		if ((err = file_read_block(vol, ino, key, index, plain)) != 0)
			return err;
	} else {
		memset(plain, 0, SKYAIFS_BLOCK_SIZE);
	}
	memcpy(plain + in_blk, data, n);
	struct bp bp = { .birth = fs->txg, .kind = BP_DATA };
	if ((err = space_alloc(fs, bp.addr, 1)) != 0)
		return err;
	if ((err = block_seal(fs, &bp, key, plain, out)) != 0 ||
	    (err = extent_set(vol, ino, in, index, &bp)) != 0) {
		space_dec(fs, &bp);
		return err;
	}
	wb->io[wb->n++] = (struct skyaifs_io){ bp.addr[0], out };
	if (wb->n == WRITE_BATCH) {
		err = dev_write(fs, wb->io, wb->n);
		wb->n = 0;
	}
	fs->data_written++;
	return err;
}

static long write_locked(struct skyaifs_vol *vol, uint64_t ino, struct inode *in,
			 const uint8_t *key, uint64_t off, const uint8_t *buf, size_t len)
{
	struct write_batch wb = { .n = 0,
				  .bufs = fs_alloc(vol->fs, WRITE_BATCH * SKYAIFS_BLOCK_SIZE) };
	if (!wb.bufs)
		return SKYAIFS_ENOMEM;
	int err = 0;
	size_t done = 0;
	while (done < len && !err) {
		uint64_t pos = off + done;
		size_t in_blk = (size_t)(pos % SKYAIFS_BLOCK_SIZE), n = SKYAIFS_BLOCK_SIZE - in_blk;
		if (n > len - done)
			n = len - done;
		err = write_block(vol, ino, in, key, pos / SKYAIFS_BLOCK_SIZE, in_blk, buf + done,
				  n, &wb);
		done += n;
	}
	if (!err && wb.n)
		err = dev_write(vol->fs, wb.io, wb.n);
	fs_free(vol->fs, wb.bufs);
	if (err)
		return err;
	if (off + len > inode_size(in))
		st64(in->raw + 16, off + len);
	inode_touch(vol, in, SKYAIFS_SET_MTIME | SKYAIFS_SET_CTIME);
	if ((err = inode_put(vol, ino, in)) != 0)
		return err;
	return (long)len;
}

void skyaifs_set_watch(struct skyaifs *fs, const struct skyaifs_watch *watch)
{
	fs->watch = watch ? *watch : (struct skyaifs_watch){ 0 };
	if (!watch && fs->cut) {
		ct_zeroize(fs->cut, sizeof *fs->cut);
		fs_free(fs, fs->cut);
		fs->cut = NULL;
	}
}

/* Show the watcher the bytes a write replaces: those in the file, or those a truncate just cut. */
static int watch_overwrite(struct skyaifs_vol *vol, uint64_t ino, struct inode *in,
			   const uint8_t *key, uint64_t off, const uint8_t *buf, size_t len)
{
	struct skyaifs *fs = vol->fs;
	size_t in_blk = (size_t)(off % SKYAIFS_BLOCK_SIZE),
	       n = len < SKYAIFS_BLOCK_SIZE - in_blk ? len : SKYAIFS_BLOCK_SIZE - in_blk;
	uint64_t size = inode_size(in);
	if (off < size) {
		uint8_t *old = fs_alloc(fs, SKYAIFS_BLOCK_SIZE);
		if (!old)
			return SKYAIFS_ENOMEM;
		int err = file_read_block(vol, ino, key, off / SKYAIFS_BLOCK_SIZE, old);
		size_t old_len = size - off < n ? (size_t)(size - off) : n;
		if (!err)
			fs->watch.overwrite(fs->watch.ctx, ino, buf, n, old + in_blk, old_len);
		ct_zeroize(old, SKYAIFS_BLOCK_SIZE);
		fs_free(fs, old);
		return err;
	}
	struct truncated *cut = fs->cut;
	bool was_cut =
		cut && cut->vol == vol->id && cut->ino == ino && cut->len > 0 && off < cut->len;
	fs->watch.overwrite(fs->watch.ctx, ino, buf, n, was_cut ? cut->data + off : NULL,
			    was_cut ? (cut->len - off < n ? cut->len - off : n) : 0);
	if (was_cut)
		cut->len = 0; /* shown once */
	return 0;
}

/* Keep the start of a file being truncated to nothing, for watch_overwrite. */
static void watch_truncate(struct skyaifs_vol *vol, uint64_t ino, const uint8_t *key,
			   uint64_t old_size)
{
	struct skyaifs *fs = vol->fs;
	if (!fs->cut && !(fs->cut = fs_zalloc(fs, sizeof *fs->cut)))
		return;
	fs->cut->vol = vol->id;
	fs->cut->ino = ino;
	fs->cut->len = 0;
	if (file_read_block(vol, ino, key, 0, fs->cut->data) == 0)
		fs->cut->len =
			old_size < SKYAIFS_BLOCK_SIZE ? (size_t)old_size : SKYAIFS_BLOCK_SIZE;
}

long skyaifs_write(struct skyaifs_vol *vol, uint64_t ino, uint64_t off, const void *buf, size_t len)
{
	struct inode in;
	uint8_t key[32];
	int err = vol_writable(vol);
	if (err || (err = file_inode(vol, ino, &in, key)) != 0)
		return err;
	if (len > 0x40000000)
		len = 0x40000000;
	if (off > SKYAIFS_FILE_SIZE_MAX || len > SKYAIFS_FILE_SIZE_MAX - off)
		return SKYAIFS_EFBIG;
	if (len == 0)
		return 0;
	uint64_t first = off / SKYAIFS_BLOCK_SIZE, last = (off + len - 1) / SKYAIFS_BLOCK_SIZE;
	/* every block written is a new block; the metadata reserve covers the extent items */
	if ((err = space_reserve(vol->fs, last - first + 1 + (last - first) / 40, false)) != 0)
		return err;
	if (vol->fs->watch.overwrite &&
	    (err = watch_overwrite(vol, ino, &in, key, off, buf, len)) != 0)
		return err;
	long n = write_locked(vol, ino, &in, key, off, buf, len);
	if (n < 0)
		return n;
	err = fs_maybe_commit(vol->fs);
	return err ? err : n;
}

int file_free_blocks(struct skyaifs_vol *vol, uint64_t ino, uint64_t from_block)
{
	struct key k = extent_key(ino, from_block);
	struct item it;
	struct inode in;
	bool have_inode = inode_get(vol, ino, &in) == 0;
	int err;
	while ((err = tree_next(&vol->tree, &k, &it)) == 0 && it.key.obj == ino &&
	       it.key.type == KT_EXTENT) {
		struct bp bp;
		if (it.len != BP_SIZE)
			return SKYAIFS_EUCLEAN;
		bp_load(&bp, it.val);
		k = it.key;
		if ((err = tree_delete(&vol->tree, &k)) != 0)
			return err;
		ra_forget(vol, ino, k.off);
		space_dec(vol->fs, &bp);
		if (have_inode && ld64(in.raw + 24))
			st64(in.raw + 24, ld64(in.raw + 24) - 1);
		k.off++;
	}
	if (err && err != SKYAIFS_ENOENT)
		return err;
	return have_inode ? inode_put(vol, ino, &in) : 0;
}

int file_truncate(struct skyaifs_vol *vol, uint64_t ino, struct inode *in, uint64_t size)
{
	uint64_t old = inode_size(in);
	int err;
	if (size < old) {
		uint8_t wkey[32];
		if (size == 0 && vol->fs->watch.overwrite &&
		    keys_file(vol, ino, in->raw, wkey) == 0)
			watch_truncate(vol, ino, wkey, old);
		uint64_t keep = (size + SKYAIFS_BLOCK_SIZE - 1) / SKYAIFS_BLOCK_SIZE;
		if ((err = space_reserve(vol->fs, 1, true)) != 0 ||
		    (err = file_free_blocks(vol, ino, keep)) != 0 ||
		    (err = inode_get(vol, ino, in)) != 0)
			return err;
		size_t tail = (size_t)(size % SKYAIFS_BLOCK_SIZE);
		struct bp bp;
		if (tail && extent_get(vol, ino, size / SKYAIFS_BLOCK_SIZE, &bp) == 0) {
			/* zero the rest of the new last block (the invariant above) */
			static const uint8_t zeros[SKYAIFS_BLOCK_SIZE];
			uint8_t key[32];
			if ((err = keys_file(vol, ino, in->raw, key)) != 0)
				return err;
			long n = write_locked(vol, ino, in, key, size, zeros,
					      SKYAIFS_BLOCK_SIZE - tail);
			if (n < 0)
				return (int)n;
		}
	}
	st64(in->raw + 16, size);
	inode_touch(vol, in, SKYAIFS_SET_MTIME | SKYAIFS_SET_CTIME);
	return 0;
}

int skyaifs_fsync(struct skyaifs_vol *vol, uint64_t ino, bool datasync)
{
	(void)ino;
	(void)datasync;
	return fs_commit(vol->fs);
}
