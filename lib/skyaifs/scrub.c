/*
 * scrub.c — the scrubber: walk everything the newest commit reaches (space
 * map, root tree, every subvolume's tree, every file's blocks), verify
 * each copy of each block on its own, and rewrite a damaged metadata copy
 * from the intact one. Data blocks have one copy: damage there is
 * reported, and reads of it keep failing with EIO rather than lying.
 * Shared subtrees are read once. The walk also counts the references to
 * every block, which the consistency check compares with the space map.
 */
#include "base/fmt.h"
#include "base/string.h"
#include "skyaifs/check.h"
#include "skyaifs/internal.h"

struct scrub {
	struct skyaifs *fs;
	bool repair;
	struct skyaifs_check_report *r;
	uint8_t *seen;  /* bit per block: verified already */
	uint32_t *refs; /* references found per block (NULL: not counting) */
	uint8_t *raw;   /* one block */
	int err;        /* first error that stopped part of the walk */
};

void check_problem(struct skyaifs_check_report *r, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	va_start(ap, fmt);
	fmt_vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (r->problem)
		r->problem(r->ctx, line);
}

static bool seen(struct scrub *s, uint64_t b)
{
	bool was = s->seen[b / 8] >> (b % 8) & 1;
	s->seen[b / 8] |= (uint8_t)(1u << (b % 8));
	return was;
}

static void count_refs(struct scrub *s, const struct bp *bp)
{
	for (int i = 0; i < 2; i++)
		if (s->refs && bp->addr[i] >= FIRST_DATA_BLOCK && bp->addr[i] < s->fs->blocks)
			s->refs[bp->addr[i]]++;
}

/* Verify each copy of a block; mend a bad copy from a good one; plaintext into out. */
static int scrub_block(struct scrub *s, const struct bp *bp, const uint8_t *key, uint8_t *out,
		       const char *what)
{
	struct skyaifs *fs = s->fs;
	int good = -1, ncopies = bp->addr[1] ? 2 : 1;
	bool bad[2] = { false, false };
	for (int c = 0; c < ncopies; c++) {
		uint64_t a = bp->addr[c];
		if (a < FIRST_DATA_BLOCK || a >= fs->blocks || dev_read1(fs, a, s->raw) != 0 ||
		    block_open(fs, bp, key, s->raw, good < 0 ? out : NULL) != 0) {
			bad[c] = true;
			s->r->bad_copies++;
			check_problem(s->r, "%s: block %llu (copy %d): checksum mismatch", what,
				      (unsigned long long)a, c + 1);
			continue;
		}
		if (good < 0)
			good = c;
	}
	if (good < 0) {
		s->r->unrecoverable++;
		check_problem(s->r, "%s: no intact copy", what);
		return SKYAIFS_EIO;
	}
	for (int c = 0; c < ncopies && s->repair; c++) {
		if (!bad[c])
			continue;
		/* the good copy's raw bytes are exactly what belongs there */
		if (dev_read1(fs, bp->addr[good], s->raw) != 0)
			return SKYAIFS_EIO;
		struct skyaifs_io io = { bp->addr[c], s->raw };
		if (bp->addr[c] >= FIRST_DATA_BLOCK && bp->addr[c] < fs->blocks &&
		    dev_write(fs, &io, 1) == 0) {
			s->r->repaired++;
			check_problem(s->r, "%s: block %llu rewritten from copy %d", what,
				      (unsigned long long)bp->addr[c], good + 1);
		}
	}
	return 0;
}

static int scrub_data(struct scrub *s, struct skyaifs_vol *vol, uint64_t ino, const struct bp *bp,
		      uint8_t *buf)
{
	count_refs(s, bp);
	if (bp->addr[0] >= s->fs->blocks || seen(s, bp->addr[0]))
		return 0;
	s->r->data_blocks++;
	uint8_t key[32] = { 0 };
	struct inode in;
	char what[96];
	fmt_snprintf(what, sizeof what, "subvolume %s: inode %llu data", vol->name,
		     (unsigned long long)ino);
	if (s->fs->encrypted &&
	    (inode_get(vol, ino, &in) != 0 || keys_file(vol, ino, in.raw, key) != 0)) {
		s->r->structure_errors++;
		check_problem(s->r, "%s: no key to check it with", what);
		return 0;
	}
	scrub_block(s, bp, key, buf, what);
	return 0;
}

/* Walk a tree from `bp`: verify, count, recurse into children and file data. */
static int scrub_node(struct scrub *s, struct skyaifs_vol *vol, const struct bp *bp,
		      const char *tree, int depth)
{
	struct skyaifs *fs = s->fs;
	count_refs(s, bp);
	if (bp->addr[0] >= fs->blocks || seen(s, bp->addr[0]))
		return 0;
	if (depth >= TREE_MAX_LEVELS || bp->kind != BP_NODE) {
		s->r->structure_errors++;
		check_problem(s->r, "%s: malformed pointer to block %llu", tree,
			      (unsigned long long)bp->addr[0]);
		return 0;
	}
	s->r->nodes++;
	uint8_t *buf = fs_alloc(fs, 2 * SKYAIFS_BLOCK_SIZE);
	if (!buf)
		return SKYAIFS_ENOMEM;
	int err = scrub_block(s, bp, NULL, buf, tree);
	if (err == 0 && node_check(buf, bp) != 0) {
		s->r->structure_errors++;
		check_problem(s->r, "%s: node at block %llu is malformed", tree,
			      (unsigned long long)bp->addr[0]);
		err = SKYAIFS_EUCLEAN;
	}
	unsigned n = err ? 0 : ld16(buf + 6);
	for (unsigned i = 0; i < n; i++) {
		struct bp c;
		if (buf[4]) {
			bp_load(&c, buf + NODE_HDR + i * INTERNAL_ENTRY + KEY_SIZE);
			if ((err = scrub_node(s, vol, &c, tree, depth + 1)) == SKYAIFS_ENOMEM)
				break;
			continue;
		}
		const uint8_t *h = buf + NODE_HDR + i * ITEM_HDR;
		if (!item_has_bp(h[16]))
			continue;
		bp_load(&c, buf + ld16(h + 18));
		if (h[16] == KT_EXTENT && vol) {
			scrub_data(s, vol, ld64(h), &c, buf + SKYAIFS_BLOCK_SIZE);
		} else if (h[16] == KT_SUBVOL && !vol) {
			char name[SKYAIFS_VOLUME_NAME_MAX + 1], label[96];
			memcpy(name, buf + ld16(h + 18) + 104, sizeof name);
			name[SKYAIFS_VOLUME_NAME_MAX] = '\0';
			fmt_snprintf(label, sizeof label, "subvolume %s", name);
			struct skyaifs_vol *sub;
			if (skyaifs_vol_open(fs, name, &sub) != 0) {
				/* its root is damaged: still verify what can be read and count
				 * references */
				if ((err = scrub_node(s, NULL, &c, label, 0)) == SKYAIFS_ENOMEM)
					break;
				continue;
			}
			err = scrub_node(s, sub, &c, label, 0);
			skyaifs_vol_close(sub);
			if (err == SKYAIFS_ENOMEM)
				break;
		}
	}
	fs_free(fs, buf);
	return err == SKYAIFS_ENOMEM ? err : 0;
}

/* The space map: index and chunk blocks, as the last commit wrote them. */
static void scrub_space(struct scrub *s)
{
	struct skyaifs *fs = s->fs;
	uint32_t nindex = (fs->chunks + CHUNKS_PER_INDEX - 1) / CHUNKS_PER_INDEX;
	for (uint32_t i = 0; i < nindex; i++) {
		count_refs(s, &fs->index_ptr[i]);
		if (!seen(s, fs->index_ptr[i].addr[0]))
			s->r->space_blocks++;
		scrub_block(s, &fs->index_ptr[i], NULL, s->raw + SKYAIFS_BLOCK_SIZE,
			    "space map index");
	}
	for (uint32_t c = 0; c < fs->chunks; c++) {
		count_refs(s, &fs->chunk_ptr[c]);
		if (!seen(s, fs->chunk_ptr[c].addr[0]))
			s->r->space_blocks++;
		scrub_block(s, &fs->chunk_ptr[c], NULL, s->raw + SKYAIFS_BLOCK_SIZE, "space map");
	}
}

int scrub_walk(struct skyaifs *fs, bool repair, struct skyaifs_check_report *r, uint32_t *refs)
{
	if (repair && fs_writable(fs))
		return SKYAIFS_EROFS;
	/* what is checked is what is on disk: commit what is pending first */
	int err = fs_commit(fs);
	if (err)
		return err;
	struct scrub s = { .fs = fs, .repair = repair, .r = r, .refs = refs };
	fs->checking = true;
	s.seen = fs_zalloc(fs, fs->blocks / 8 + 1);
	s.raw = fs_alloc(fs, 2 * SKYAIFS_BLOCK_SIZE);
	if (!s.seen || !s.raw) {
		err = SKYAIFS_ENOMEM;
		goto out;
	}
	scrub_space(&s);
	err = scrub_node(&s, NULL, &fs->root_tree.root->ptr, "root tree", 0);
out:
	fs->checking = false;
	fs_free(fs, s.seen);
	fs_free(fs, s.raw);
	return err;
}

int skyaifs_scrub(struct skyaifs *fs, bool repair, struct skyaifs_check_report *r)
{
	uint64_t before = r->bad_copies + r->unrecoverable + r->structure_errors,
		 repaired = r->repaired;
	int err = scrub_walk(fs, repair, r, NULL);
	if (err)
		return err;
	uint64_t found = r->bad_copies + r->unrecoverable + r->structure_errors - before;
	return found > r->repaired - repaired ? SKYAIFS_EUCLEAN : 0;
}
