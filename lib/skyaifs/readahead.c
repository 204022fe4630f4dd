/*
 * readahead.c — the prefetcher (prefetch.c) put to work on file reads.
 * Each subvolume keeps a small cache of verified plaintext blocks keyed by
 * (inode, block index). Every demand read is shown to the prefetcher; the
 * blocks it names (same file, inside the file) are read into the cache at
 * once, and a later demand read served from there counts as a hit, which
 * skyaifs_readahead_stats reports. Writes and frees drop what they touch,
 * so the cache never serves stale data.
 */
#include "base/string.h"
#include "crypto/ct.h"
#include "skyaifs/internal.h"
#include "skyaifs/prefetch.h"

#define RA_ENTRIES 64u
#define RA_SLOTS   1024u
#define RA_DEPTH   8u

struct ra_entry {
	uint64_t id;
	bool valid;
	uint8_t data[SKYAIFS_BLOCK_SIZE];
};

struct readahead {
	struct prefetch p;
	struct prefetch_slot table[RA_SLOTS];
	struct ra_entry e[RA_ENTRIES];
	unsigned next; /* round-robin replacement */
};

static uint64_t ra_id(uint64_t ino, uint64_t index)
{
	return ino << 32 | (index & 0xffffffffu);
}

static struct readahead *ra_get(struct skyaifs_vol *vol)
{
	if (!vol->ra) {
		vol->ra = fs_zalloc(vol->fs, sizeof *vol->ra);
		if (vol->ra)
			prefetch_init(&vol->ra->p, vol->ra->table, RA_SLOTS, RA_DEPTH);
	}
	return vol->ra;
}

static struct ra_entry *ra_find(struct readahead *ra, uint64_t id)
{
	for (unsigned i = 0; i < RA_ENTRIES; i++)
		if (ra->e[i].valid && ra->e[i].id == id)
			return &ra->e[i];
	return NULL;
}

bool ra_lookup(struct skyaifs_vol *vol, uint64_t ino, uint64_t index, uint8_t *out)
{
	struct readahead *ra = vol->ra;
	struct ra_entry *e = ra ? ra_find(ra, ra_id(ino, index)) : NULL;
	if (!e)
		return false;
	memcpy(out, e->data, SKYAIFS_BLOCK_SIZE);
	e->valid = false; /* served once: the prediction was used */
	prefetch_hit(&ra->p);
	return true;
}

void ra_observe(struct skyaifs_vol *vol, uint64_t ino, uint64_t index, uint64_t size,
		const uint8_t *key)
{
	struct readahead *ra = ra_get(vol);
	if (!ra || index > 0xffffffffu)
		return;
	uint64_t ahead[PREFETCH_DEPTH_MAX];
	unsigned n = prefetch_read(&ra->p, ra_id(ino, index), ahead);
	for (unsigned i = 0; i < n; i++) {
		uint64_t idx = ahead[i] & 0xffffffffu;
		if (ahead[i] >> 32 != ino || idx * SKYAIFS_BLOCK_SIZE >= size ||
		    ra_find(ra, ahead[i]))
			continue;
		struct ra_entry *e = &ra->e[ra->next];
		ra->next = (ra->next + 1) % RA_ENTRIES;
		e->valid = file_read_block(vol, ino, key, idx, e->data) == 0;
		e->id = ahead[i];
	}
}

void ra_forget(struct skyaifs_vol *vol, uint64_t ino, uint64_t index)
{
	struct ra_entry *e = vol->ra ? ra_find(vol->ra, ra_id(ino, index)) : NULL;
	if (e)
		e->valid = false;
}

void ra_forget_file(struct skyaifs_vol *vol, uint64_t ino)
{
	for (unsigned i = 0; vol->ra && i < RA_ENTRIES; i++)
		if (vol->ra->e[i].id >> 32 == ino)
			vol->ra->e[i].valid = false;
}

void ra_release(struct skyaifs_vol *vol)
{
	if (vol->ra)
		ct_zeroize(vol->ra, sizeof *vol->ra); /* plaintext of encrypted files */
	fs_free(vol->fs, vol->ra);
	vol->ra = NULL;
}

void skyaifs_readahead_stats(struct skyaifs_vol *vol, struct skyaifs_readahead_stats *out)
{
	memset(out, 0, sizeof *out);
	if (!vol->ra)
		return;
	out->reads = vol->ra->p.stats.reads;
	out->predicted = vol->ra->p.stats.predicted;
	out->hits = vol->ra->p.stats.useful;
}
