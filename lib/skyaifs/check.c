/*
 * check.c — the consistency check behind fsck.skyaifs: the scrub (every
 * block verified, references counted), then the space map against those
 * counts, then the file-system invariants of every subvolume, read item by
 * item in key order: each inode's link count against the entries naming
 * it, each entry against the inode it names, extents against the file
 * size, block counts against extents, directories' parents. Repair sets
 * counts to what was found; an inode no name reaches becomes an orphan,
 * freed at the next mount. Nothing is guessed: damaged data stays
 * reported, never replaced.
 */
#include "base/string.h"
#include "skyaifs/check.h"
#include "skyaifs/internal.h"

struct ientry {
	uint64_t ino, size, blocks, parent;
	uint32_t mode, nlink;
	uint32_t names, subdirs;
	uint64_t extents;
	bool orphan;
};

struct itable {
	struct ientry *e;
	size_t n, cap;
};

static struct ientry *itable_find(struct itable *t, uint64_t ino)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (t->e[mid].ino < ino)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < t->n && t->e[lo].ino == ino ? &t->e[lo] : NULL;
}

static int itable_add(struct skyaifs *fs, struct itable *t, const struct ientry *e)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 256;
		struct ientry *ne = fs_alloc(fs, cap * sizeof *ne);
		if (!ne)
			return SKYAIFS_ENOMEM;
		if (t->e)
			memcpy(ne, t->e, t->n * sizeof *ne);
		fs_free(fs, t->e);
		t->e = ne;
		t->cap = cap;
	}
	t->e[t->n++] = *e;
	return 0;
}

/* Pass 1: every inode, in ino order. */
static int collect_inodes(struct skyaifs_vol *vol, struct itable *t)
{
	struct key k = { 0, 0, 0 };
	struct item it;
	int err;
	while ((err = tree_next(&vol->tree, &k, &it)) == 0) {
		if (it.key.type == KT_INODE && it.len == INODE_SIZE) {
			struct ientry e = {
				.ino = it.key.obj,
				.mode = ld32(it.val),
				.nlink = ld32(it.val + 12),
				.size = ld64(it.val + 16),
				.blocks = ld64(it.val + 24),
				.parent = ld64(it.val + 40),
			};
			if ((err = itable_add(vol->fs, t, &e)) != 0)
				return err;
		}
		k = it.key;
		key_after(&k);
	}
	return err == SKYAIFS_ENOENT ? 0 : err;
}

static void bad(struct skyaifs_check_report *r, struct skyaifs_vol *vol, uint64_t ino,
		const char *what, unsigned long long a, unsigned long long b)
{
	r->structure_errors++;
	check_problem(r, "subvolume %s: inode %llu: %s (%llu, %llu)", vol->name,
		      (unsigned long long)ino, what, a, b);
}

/* Pass 2: every other item, against the inodes. */
static int check_items(struct skyaifs_vol *vol, struct itable *t, struct skyaifs_check_report *r)
{
	struct key k = { 0, 0, 0 };
	struct item it;
	int err;
	while ((err = tree_next(&vol->tree, &k, &it)) == 0) {
		struct ientry *owner = it.key.obj == ORPHAN_OBJ ? NULL : itable_find(t, it.key.obj);
		switch (it.key.type) {
		case KT_INODE:
			if (it.len != INODE_SIZE)
				bad(r, vol, it.key.obj, "inode item of the wrong size", it.len,
				    INODE_SIZE);
			break;
		case KT_DIRENT: {
			if (!owner || (owner->mode & SKYAIFS_S_IFMT) != SKYAIFS_S_IFDIR) {
				bad(r, vol, it.key.obj,
				    "entries in something that is not a directory", 0, 0);
				break;
			}
			size_t at = 0;
			while (at + DIRENT_FIXED <= it.len &&
			       at + DIRENT_FIXED + it.val[at + 12] <= it.len) {
				uint64_t ino = ld64(it.val + at);
				uint32_t type = ld32(it.val + at + 8);
				struct ientry *target = itable_find(t, ino);
				if (name_hash((const char *)it.val + at + DIRENT_FIXED,
					      it.val[at + 12]) != it.key.off)
					bad(r, vol, it.key.obj, "entry filed under the wrong hash",
					    it.key.off, ino);
				if (!target) {
					bad(r, vol, it.key.obj, "entry names a missing inode", ino,
					    0);
				} else {
					target->names++;
					if ((target->mode & SKYAIFS_S_IFMT) != type)
						bad(r, vol, ino,
						    "entry type differs from the inode's", type,
						    target->mode);
					if ((target->mode & SKYAIFS_S_IFMT) == SKYAIFS_S_IFDIR) {
						owner->subdirs++;
						if (target->parent != it.key.obj)
							bad(r, vol, ino,
							    "directory's parent is not the one "
							    "naming it",
							    target->parent, it.key.obj);
					}
				}
				at += DIRENT_FIXED + it.val[at + 12];
			}
			if (at != it.len)
				bad(r, vol, it.key.obj, "malformed directory entries", at, it.len);
			break;
		}
		case KT_XATTR:
			if (!owner)
				bad(r, vol, it.key.obj, "attributes of a missing inode", 0, 0);
			break;
		case KT_EXTENT:
			if (!owner) {
				bad(r, vol, it.key.obj, "data of a missing inode", it.key.off, 0);
				break;
			}
			owner->extents++;
			if (it.key.off >=
			    (owner->size + SKYAIFS_BLOCK_SIZE - 1) / SKYAIFS_BLOCK_SIZE)
				bad(r, vol, it.key.obj, "data block past the end of file",
				    it.key.off, owner->size);
			break;
		case KT_ORPHAN: {
			struct ientry *o = itable_find(t, it.key.off);
			if (it.key.obj != ORPHAN_OBJ || !o)
				bad(r, vol, it.key.off, "orphan record without its inode", 0, 0);
			else
				o->orphan = true;
			break;
		}
		default:
			bad(r, vol, it.key.obj, "item of unknown type", it.key.type, it.key.off);
		}
		k = it.key;
		key_after(&k);
	}
	return err == SKYAIFS_ENOENT ? 0 : err;
}

/* Pass 3: the counts; with repair, set them to what was found. */
static int check_counts(struct skyaifs_vol *vol, struct itable *t, bool repair,
			struct skyaifs_check_report *r)
{
	for (size_t i = 0; i < t->n; i++) {
		struct ientry *e = &t->e[i];
		bool is_root = e->ino == SKYAIFS_ROOT_INO || e->ino == vol->root_ino;
		bool dir = (e->mode & SKYAIFS_S_IFMT) == SKYAIFS_S_IFDIR;
		uint32_t want = dir ? (e->names || is_root ? 2 + e->subdirs : 0) : e->names;
		bool lost = want == 0 && !is_root && !e->orphan;
		bool wrong_links = e->nlink != want && !(want == 0 && e->orphan);
		if (wrong_links)
			bad(r, vol, e->ino, "link count differs from the names found", e->nlink,
			    want);
		if (e->blocks != e->extents)
			bad(r, vol, e->ino, "block count differs from the data blocks found",
			    e->blocks, e->extents);
		if (lost)
			bad(r, vol, e->ino, "no name reaches this inode", 0, 0);
		if (!repair || (!wrong_links && e->blocks == e->extents && !lost))
			continue;
		struct inode in;
		int err = inode_get(vol, e->ino, &in);
		if (err)
			return err;
		if (wrong_links)
			st32(in.raw + 12, want);
		st64(in.raw + 24, e->extents);
		if ((err = inode_put(vol, e->ino, &in)) != 0)
			return err;
		if (lost) {
			struct key orphan = { .obj = ORPHAN_OBJ, .type = KT_ORPHAN, .off = e->ino };
			if ((err = tree_put(&vol->tree, &orphan, NULL, 0)) != 0)
				return err;
		}
		r->repaired += wrong_links + (e->blocks != e->extents) + lost;
	}
	return 0;
}

static int check_volume(struct skyaifs *fs, const char *name, bool repair,
			struct skyaifs_check_report *r)
{
	struct skyaifs_vol *vol;
	int err = skyaifs_vol_open(fs, name, &vol);
	if (err) {
		r->structure_errors++;
		check_problem(r, "subvolume %s: cannot be opened: %s", name, skyaifs_strerror(err));
		return 0;
	}
	struct itable t = { 0 };
	err = collect_inodes(vol, &t);
	if (!err)
		err = check_items(vol, &t, r);
	if (!err)
		err = check_counts(vol, &t, repair && vol->writable, r);
	if (err == SKYAIFS_EIO || err == SKYAIFS_EUCLEAN) {
		r->structure_errors++;
		check_problem(r, "subvolume %s: tree unreadable: %s", name, skyaifs_strerror(err));
		err = 0;
	}
	fs_free(fs, t.e);
	skyaifs_vol_close(vol);
	return err;
}

struct names {
	char (*name)[SKYAIFS_VOLUME_NAME_MAX + 1];
	size_t n, cap;
};

static int add_name(void *ctx, const struct skyaifs_vol_info *info)
{
	struct names *ns = ctx;
	if (ns->n == ns->cap)
		return 1;
	memcpy(ns->name[ns->n++], info->name, sizeof info->name);
	return 0;
}

/* The space map against the references the scrub counted. */
static void check_space(struct skyaifs *fs, const uint32_t *refs, bool repair,
			struct skyaifs_check_report *r)
{
	for (uint64_t b = FIRST_DATA_BLOCK; b < fs->blocks; b++) {
		uint32_t want = refs[b] > UINT16_MAX ? UINT16_MAX : refs[b];
		if (fs->refcount[b] == want)
			continue;
		r->structure_errors++;
		check_problem(r, "space map: block %llu has %u references recorded, %u found",
			      (unsigned long long)b, fs->refcount[b], want);
		if (repair && !(fs->deferred_map[b / 8] >> (b % 8) & 1)) {
			if (fs->refcount[b] == 0 && want)
				fs->free_blocks--;
			else if (want == 0)
				fs->free_blocks++;
			fs->refcount[b] = (uint16_t)want;
			fs->chunk_dirty[b / SPACE_PER_CHUNK] = 1;
			r->repaired++; /* the dirty chunk goes out with the next commit */
		}
	}
}

int skyaifs_check(struct skyaifs *fs, bool repair, struct skyaifs_check_report *r)
{
	uint64_t found0 = r->bad_copies + r->unrecoverable + r->structure_errors,
		 fixed0 = r->repaired;
	uint32_t *refs = fs_zalloc(fs, fs->blocks * sizeof *refs);
	if (!refs)
		return SKYAIFS_ENOMEM;
	int err = scrub_walk(fs, repair, r, refs);
	if (!err)
		check_space(fs, refs, repair, r);
	fs_free(fs, refs);
	struct names ns = { .cap = 1024 };
	ns.name = fs_alloc(fs, ns.cap * sizeof *ns.name);
	if (!err && !ns.name)
		err = SKYAIFS_ENOMEM;
	if (!err && (err = skyaifs_vol_list(fs, add_name, &ns)) == SKYAIFS_EIO) {
		r->structure_errors++;
		check_problem(r, "root tree unreadable");
		err = 0;
	}
	for (size_t i = 0; i < ns.n && !err; i++)
		err = check_volume(fs, ns.name[i], repair, r);
	fs_free(fs, ns.name);
	if (!err && repair)
		err = fs_commit(fs);
	if (err)
		return err;
	uint64_t found = r->bad_copies + r->unrecoverable + r->structure_errors - found0;
	return found > r->repaired - fixed0 ? SKYAIFS_EUCLEAN : 0;
}
