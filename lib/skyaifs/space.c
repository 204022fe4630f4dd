/*
 * space.c — who owns which block. Every block has a 16-bit reference count
 * (the space map): a tree node counts the parents pointing to it (Rodeh's
 * lazy reference counts: a snapshot adds one to a root only, and copying a
 * shared node passes its references down to its children), a data block
 * the leaves pointing to it. The whole map is held in memory (2 bytes per
 * block) and written back per changed chunk at each commit.
 *
 * A block freed while commit T is being built may still be named by the
 * last durable commits, so it is reused only from commit T + 2 on (blocks
 * born in T itself were never durable and are free at once).
 */
#include "base/string.h"
#include "skyaifs/internal.h"

static uint32_t index_count(const struct skyaifs *fs)
{
	return (fs->chunks + CHUNKS_PER_INDEX - 1) / CHUNKS_PER_INDEX;
}

static bool is_deferred(const struct skyaifs *fs, uint64_t b)
{
	return fs->deferred_map[b / 8] >> (b % 8) & 1;
}

static int space_alloc_tables(struct skyaifs *fs)
{
	if (fs->blocks > SPACE_MAX_BLOCKS || fs->blocks <= FIRST_DATA_BLOCK)
		return SKYAIFS_EINVAL;
	fs->chunks = (uint32_t)((fs->blocks + SPACE_PER_CHUNK - 1) / SPACE_PER_CHUNK);
	fs->refcount = fs_zalloc(fs, fs->chunks * (size_t)SPACE_PER_CHUNK * sizeof(uint16_t));
	fs->deferred_map = fs_zalloc(fs, fs->blocks / 8 + 1);
	fs->chunk_dirty = fs_zalloc(fs, fs->chunks);
	fs->chunk_ptr = fs_zalloc(fs, fs->chunks * sizeof(struct bp));
	fs->index_ptr = fs_zalloc(fs, index_count(fs) * sizeof(struct bp));
	if (!fs->refcount || !fs->deferred_map || !fs->chunk_dirty || !fs->chunk_ptr ||
	    !fs->index_ptr)
		return SKYAIFS_ENOMEM;
	fs->alloc_cursor = FIRST_DATA_BLOCK;
	return 0;
}

static void space_count_free(struct skyaifs *fs)
{
	fs->free_blocks = 0;
	for (uint64_t b = FIRST_DATA_BLOCK; b < fs->blocks; b++)
		if (fs->refcount[b] == 0 && !is_deferred(fs, b))
			fs->free_blocks++;
}

int space_init_new(struct skyaifs *fs)
{
	int err = space_alloc_tables(fs);
	if (err)
		return err;
	memset(fs->chunk_dirty, 1, fs->chunks);
	space_count_free(fs);
	return 0;
}

void space_release(struct skyaifs *fs)
{
	fs_free(fs, fs->refcount);
	fs_free(fs, fs->deferred_map);
	fs_free(fs, fs->chunk_dirty);
	fs_free(fs, fs->chunk_ptr);
	fs_free(fs, fs->index_ptr);
	fs_free(fs, fs->deferred);
	fs->refcount = NULL;
	fs->deferred_map = NULL;
	fs->chunk_dirty = NULL;
	fs->chunk_ptr = NULL;
	fs->index_ptr = NULL;
	fs->deferred = NULL;
}

static bool space_bp_sane(const struct skyaifs *fs, const struct bp *bp, uint8_t level)
{
	return bp->kind == BP_SPACE && bp->level == level && bp->addr[0] >= FIRST_DATA_BLOCK &&
	       bp->addr[0] < fs->blocks && bp->addr[1] >= FIRST_DATA_BLOCK &&
	       bp->addr[1] < fs->blocks;
}

int space_load(struct skyaifs *fs, const uint8_t *uber)
{
	int err = space_alloc_tables(fs);
	if (err)
		return err;
	if (ld32(uber + UB_CHUNKS) != fs->chunks)
		return SKYAIFS_EUCLEAN;
	uint8_t *buf = fs->scratch;
	for (uint32_t i = 0; i < index_count(fs); i++) {
		bp_load(&fs->index_ptr[i], uber + UB_INDEX + i * BP_SIZE);
		if (!space_bp_sane(fs, &fs->index_ptr[i], 1))
			return SKYAIFS_EUCLEAN;
		if ((err = block_read(fs, &fs->index_ptr[i], NULL, buf)) != 0)
			return err;
		for (uint32_t j = 0; j < CHUNKS_PER_INDEX && i * CHUNKS_PER_INDEX + j < fs->chunks;
		     j++)
			bp_load(&fs->chunk_ptr[i * CHUNKS_PER_INDEX + j], buf + j * BP_SIZE);
	}
	for (uint32_t c = 0; c < fs->chunks; c++) {
		if (!space_bp_sane(fs, &fs->chunk_ptr[c], 0))
			return SKYAIFS_EUCLEAN;
		if ((err = block_read(fs, &fs->chunk_ptr[c], NULL, buf)) != 0)
			return err;
		for (uint32_t k = 0; k < SPACE_PER_CHUNK; k++)
			fs->refcount[(uint64_t)c * SPACE_PER_CHUNK + k] = ld16(buf + 2 * k);
	}
	space_count_free(fs);
	return 0;
}

uint16_t space_refs(struct skyaifs *fs, uint64_t block)
{
	return block < fs->blocks ? fs->refcount[block] : 0;
}

static void mark(struct skyaifs *fs, uint64_t b)
{
	fs->chunk_dirty[b / SPACE_PER_CHUNK] = 1;
}

int space_alloc(struct skyaifs *fs, uint64_t *out, size_t n)
{
	if (fs->free_blocks < n)
		return SKYAIFS_ENOSPC;
	uint64_t b = fs->alloc_cursor;
	for (size_t i = 0; i < n; i++) {
		while (fs->refcount[b] != 0 || is_deferred(fs, b)) {
			if (++b >= fs->blocks)
				b = FIRST_DATA_BLOCK;
		}
		fs->refcount[b] = 1;
		mark(fs, b);
		fs->free_blocks--;
		out[i] = b;
	}
	fs->alloc_cursor = b;
	return 0;
}

void space_inc(struct skyaifs *fs, const struct bp *bp)
{
	for (int i = 0; i < 2; i++) {
		uint64_t b = bp->addr[i];
		if (b < FIRST_DATA_BLOCK || b >= fs->blocks)
			continue;
		if (fs->refcount[b] < UINT16_MAX)
			fs->refcount[b]++;
		mark(fs, b);
	}
}

static int defer(struct skyaifs *fs, uint64_t b)
{
	if (fs->deferred_count == fs->deferred_cap) {
		size_t cap = fs->deferred_cap ? fs->deferred_cap * 2 : 1024;
		struct deferred *d = fs_alloc(fs, cap * sizeof *d);
		if (!d)
			return SKYAIFS_ENOMEM;
		if (fs->deferred)
			memcpy(d, fs->deferred, fs->deferred_count * sizeof *d);
		fs_free(fs, fs->deferred);
		fs->deferred = d;
		fs->deferred_cap = cap;
	}
	fs->deferred[fs->deferred_count++] = (struct deferred){ b, fs->txg + 2 };
	fs->deferred_map[b / 8] |= (uint8_t)(1u << (b % 8));
	return 0;
}

void space_dec(struct skyaifs *fs, const struct bp *bp)
{
	for (int i = 0; i < 2; i++) {
		uint64_t b = bp->addr[i];
		if (b < FIRST_DATA_BLOCK || b >= fs->blocks || fs->refcount[b] == 0)
			continue;
		mark(fs, b);
		if (--fs->refcount[b] != 0)
			continue;
		if (bp->birth == fs->txg)
			fs->free_blocks++; /* never durable: reusable at once */
		else if (defer(fs, b) != 0)
			/* Without memory to remember it, the block stays unused until the next
			 * mount. */
			fs->deferred_map[b / 8] |= (uint8_t)(1u << (b % 8));
	}
}

uint64_t space_reserve_blocks(const struct skyaifs *fs)
{
	return 2 * (fs->dirty_nodes + 64 + fs->chunks + index_count(fs) + 8);
}

static uint64_t delete_reserve(const struct skyaifs *fs)
{
	uint64_t r = fs->blocks / 256;
	return r < 32 ? 32 : r;
}

int space_reserve(struct skyaifs *fs, uint64_t data_blocks, bool is_delete)
{
	for (int attempt = 0; attempt < 3; attempt++) {
		uint64_t need = data_blocks + space_reserve_blocks(fs) +
				(is_delete ? 0 : delete_reserve(fs));
		if (fs->free_blocks >= need)
			return 0;
		if (fs->deferred_count == 0 && fs->dirty_nodes == 0)
			break;
		/* Frees wait two commits before reuse: commit to release them. */
		int err = fs_commit(fs);
		if (err)
			return err;
	}
	return SKYAIFS_ENOSPC;
}

uint64_t space_avail(const struct skyaifs *fs, bool for_files)
{
	uint64_t used = space_reserve_blocks(fs) + (for_files ? delete_reserve(fs) : 0);
	return fs->free_blocks > used ? fs->free_blocks - used : 0;
}

/* Move one space map block to two new blocks for this commit, unless it moved already. */
static int space_move(struct skyaifs *fs, struct bp *p, uint8_t level, bool *moved)
{
	if (p->addr[0] && p->birth == fs->txg)
		return 0;
	struct bp old = *p;
	if (space_alloc(fs, p->addr, 2) != 0)
		return SKYAIFS_ENOSPC;
	p->birth = fs->txg;
	p->kind = BP_SPACE;
	p->level = level;
	space_dec(fs, &old);
	*moved = true;
	return 0;
}

/* Give every dirty chunk and index block a new home for this commit; moving them changes the map,
 * so repeat until nothing moves. */
static int space_relocate(struct skyaifs *fs, uint8_t *index_dirty)
{
	bool moved = true;
	while (moved) {
		moved = false;
		for (uint32_t c = 0; c < fs->chunks; c++) {
			if (!fs->chunk_dirty[c])
				continue;
			index_dirty[c / CHUNKS_PER_INDEX] = 1;
			if (space_move(fs, &fs->chunk_ptr[c], 0, &moved) != 0)
				return SKYAIFS_ENOSPC;
		}
		for (uint32_t i = 0; i < index_count(fs); i++)
			if (index_dirty[i] && space_move(fs, &fs->index_ptr[i], 1, &moved) != 0)
				return SKYAIFS_ENOSPC;
	}
	return 0;
}

static int space_write(struct skyaifs *fs, struct bp *p, const uint8_t *plain)
{
	int err = block_seal(fs, p, NULL, plain, fs->scratch);
	if (err)
		return err;
	struct skyaifs_io io[2] = { { p->addr[0], fs->scratch }, { p->addr[1], fs->scratch } };
	return dev_write(fs, io, 2);
}

int space_commit(struct skyaifs *fs, uint8_t *uber)
{
	uint32_t nindex = index_count(fs);
	uint8_t index_dirty[UB_INDEX_MAX] = { 0 };
	int err = space_relocate(fs, index_dirty);
	if (err)
		return err;
	uint8_t *plain = fs_alloc(fs, SKYAIFS_BLOCK_SIZE);
	if (!plain)
		return SKYAIFS_ENOMEM;
	for (uint32_t c = 0; c < fs->chunks && !err; c++) {
		if (!fs->chunk_dirty[c])
			continue;
		for (uint32_t k = 0; k < SPACE_PER_CHUNK; k++)
			st16(plain + 2 * k, fs->refcount[(uint64_t)c * SPACE_PER_CHUNK + k]);
		err = space_write(fs, &fs->chunk_ptr[c], plain);
		fs->chunk_dirty[c] = 0;
	}
	for (uint32_t i = 0; i < nindex && !err; i++) {
		if (!index_dirty[i])
			continue;
		memset(plain, 0, SKYAIFS_BLOCK_SIZE);
		for (uint32_t j = 0; j < CHUNKS_PER_INDEX && i * CHUNKS_PER_INDEX + j < fs->chunks;
		     j++)
			bp_store(&fs->chunk_ptr[i * CHUNKS_PER_INDEX + j], plain + j * BP_SIZE);
		err = space_write(fs, &fs->index_ptr[i], plain);
	}
	fs_free(fs, plain);
	if (err)
		return err;
	st32(uber + UB_CHUNKS, fs->chunks);
	for (uint32_t i = 0; i < nindex; i++)
		bp_store(&fs->index_ptr[i], uber + UB_INDEX + i * BP_SIZE);
	return 0;
}

void space_commit_done(struct skyaifs *fs)
{
	size_t keep = 0;
	for (size_t i = 0; i < fs->deferred_count; i++) {
		struct deferred d = fs->deferred[i];
		if (d.txg <= fs->txg) {
			fs->deferred_map[d.block / 8] &= (uint8_t) ~(1u << (d.block % 8));
			if (fs->refcount[d.block] == 0)
				fs->free_blocks++;
		} else {
			fs->deferred[keep++] = d;
		}
	}
	fs->deferred_count = keep;
}
