/*
 * volume.c — subvolumes: named file trees recorded in the root tree. A
 * snapshot or clone is a new record pointing at the same tree root, whose
 * reference count goes up by one: constant time, whatever the size. The
 * first change on either side copies just the path it touches (btree.c).
 * A subvolume made from a directory keeps the whole tree but starts its
 * namespace there; views (view.c) keep it from being left.
 */
#include "base/string.h"
#include "crypto/ct.h"
#include "skyaifs/internal.h"

static struct key vol_key(uint64_t id)
{
	return (struct key){ .obj = id, .type = KT_SUBVOL, .off = 0 };
}

void vol_encode(const struct skyaifs_vol *vol, const struct bp *root, uint8_t *out)
{
	memset(out, 0, SUBVOL_SIZE);
	bp_store(root, out);
	st64(out + 64, vol->root_ino);
	st64(out + 72, vol->next_ino);
	st64(out + 80, vol->inodes);
	st64(out + 88, vol->created);
	st32(out + 96, vol->writable ? SUBVOL_WRITABLE : 0);
	memcpy(out + 104, vol->name, strnlen(vol->name, SKYAIFS_VOLUME_NAME_MAX));
}

static int vol_decode(struct skyaifs_vol *vol, const struct item *it, struct bp *root)
{
	if (it->len != SUBVOL_SIZE || it->val[104 + SKYAIFS_VOLUME_NAME_MAX] != 0)
		return SKYAIFS_EUCLEAN;
	bp_load(root, it->val);
	vol->id = it->key.obj;
	vol->root_ino = ld64(it->val + 64);
	vol->next_ino = ld64(it->val + 72);
	vol->inodes = ld64(it->val + 80);
	vol->created = ld64(it->val + 88);
	vol->writable = ld32(it->val + 96) & SUBVOL_WRITABLE;
	memcpy(vol->name, it->val + 104, SKYAIFS_VOLUME_NAME_MAX + 1);
	return 0;
}

/* Commit the subvolume's tree and bring its record in the root tree up to date. */
int vol_store(struct skyaifs_vol *vol)
{
	struct bp root;
	int err = tree_commit(&vol->tree, &root);
	if (err)
		return err;
	uint8_t rec[SUBVOL_SIZE];
	vol_encode(vol, &root, rec);
	struct key k = vol_key(vol->id);
	struct item it;
	err = tree_get(&vol->fs->root_tree, &k, &it);
	if (err == 0 && it.len == SUBVOL_SIZE && memcmp(it.val, rec, SUBVOL_SIZE) == 0) {
		vol->record_dirty = false;
		return 0;
	}
	if (err && err != SKYAIFS_ENOENT)
		return err;
	if ((err = tree_put(&vol->fs->root_tree, &k, rec, SUBVOL_SIZE)) == 0)
		vol->record_dirty = false;
	return err;
}

/* Find a subvolume's record by name. */
static int vol_find(struct skyaifs *fs, const char *name, struct skyaifs_vol *out, struct bp *root)
{
	struct key k = { .obj = 0, .type = 0, .off = 0 };
	struct item it;
	int err;
	while ((err = tree_next(&fs->root_tree, &k, &it)) == 0) {
		if (it.key.type == KT_SUBVOL) {
			if ((err = vol_decode(out, &it, root)) != 0)
				return err;
			if (strcmp(out->name, name) == 0)
				return 0;
		}
		k = it.key;
		key_after(&k);
	}
	return err;
}

static int name_ok(const char *name)
{
	size_t n = strnlen(name, SKYAIFS_VOLUME_NAME_MAX + 1);
	if (n == 0 || n > SKYAIFS_VOLUME_NAME_MAX)
		return SKYAIFS_EINVAL;
	return strchr(name, '/') ? SKYAIFS_EINVAL : 0;
}

static int vol_remove_orphans(struct skyaifs_vol *vol)
{
	struct key k = { .obj = ORPHAN_OBJ, .type = KT_ORPHAN, .off = 0 };
	struct item it;
	int err;
	while ((err = tree_next(&vol->tree, &k, &it)) == 0 && it.key.obj == ORPHAN_OBJ &&
	       it.key.type == KT_ORPHAN) {
		uint64_t ino = it.key.off;
		if ((err = inode_release(vol, ino)) != 0)
			return err;
		k.off = ino + 1;
	}
	return err == SKYAIFS_ENOENT || err == 0 ? 0 : err;
}

int skyaifs_vol_open(struct skyaifs *fs, const char *name, struct skyaifs_vol **out)
{
	for (struct skyaifs_vol *v = fs->vols; v; v = v->next)
		if (strcmp(v->name, name) == 0) {
			v->users++;
			*out = v;
			return 0;
		}
	struct skyaifs_vol *v = fs_zalloc(fs, sizeof *v);
	if (!v)
		return SKYAIFS_ENOMEM;
	struct bp root;
	int err = vol_find(fs, name, v, &root);
	if (err)
		goto fail;
	v->fs = fs;
	v->tree.fs = fs;
	v->tree.id = v->id;
	if ((err = tree_load_root(&v->tree, &root)) != 0)
		goto fail;
	v->users = 1;
	v->next = fs->vols;
	fs->vols = v;
	if (v->writable && !fs->checking && !fs_writable(fs) && (err = vol_remove_orphans(v)) != 0)
		return err; /* stays listed: the volume is usable read-only */
	*out = v;
	return 0;
fail:
	fs_free(fs, v);
	return err;
}

void skyaifs_vol_close(struct skyaifs_vol *vol)
{
	if (vol && vol->users)
		vol->users--;
}

uint64_t skyaifs_vol_root(const struct skyaifs_vol *vol)
{
	return vol->root_ino;
}

int skyaifs_vol_create_from(struct skyaifs *fs, const char *source, uint64_t dir_ino,
			    const char *name, bool writable)
{
	int err = fs_writable(fs);
	if (err || (err = name_ok(name)) != 0)
		return err;
	struct skyaifs_vol probe;
	struct bp root;
	if ((err = vol_find(fs, name, &probe, &root)) != SKYAIFS_ENOENT)
		return err ? err : SKYAIFS_EEXIST;
	struct skyaifs_vol *src;
	if ((err = skyaifs_vol_open(fs, source, &src)) != 0)
		return err;
	struct inode in;
	if (dir_ino == 0)
		dir_ino = src->root_ino;
	if ((err = inode_get(src, dir_ino, &in)) != 0 ||
	    ((inode_mode(&in) & SKYAIFS_S_IFMT) != SKYAIFS_S_IFDIR && (err = SKYAIFS_ENOTDIR)) ||
	    (err = space_reserve(fs, 0, false)) != 0 || (err = fs_commit(fs)) != 0)
		goto out;
	/* the source is now all on disk: share its root */
	root = src->tree.root->ptr;
	if (space_refs(fs, root.addr[0]) >= REFCOUNT_MAX) {
		err = SKYAIFS_EMLINK;
		goto out;
	}
	struct skyaifs_vol nv = *src;
	nv.id = fs->next_vol;
	nv.root_ino = dir_ino;
	nv.created = fs->txg;
	nv.writable = writable;
	memset(nv.name, 0, sizeof nv.name);
	memcpy(nv.name, name, strlen(name));
	uint8_t rec[SUBVOL_SIZE];
	vol_encode(&nv, &root, rec);
	struct key k = vol_key(nv.id);
	if ((err = tree_insert(&fs->root_tree, &k, rec, SUBVOL_SIZE)) != 0)
		goto out;
	space_inc(fs, &root);
	fs->next_vol++;
	err = fs_commit(fs);
out:
	skyaifs_vol_close(src);
	return err;
}

void vol_free(struct skyaifs_vol *v)
{
	struct skyaifs *fs = v->fs;
	tree_free(&v->tree);
	for (unsigned b = 0; v->refs && b < REF_BUCKETS; b++)
		while (v->refs[b]) {
			struct open_ref *r = v->refs[b];
			v->refs[b] = r->next;
			fs_free(fs, r);
		}
	fs_free(fs, v->refs);
	ct_zeroize(v->keys, sizeof v->keys);
	ra_release(v);
	fs_free(fs, v);
}

/* Forget a loaded subvolume nobody uses. */
static int vol_unload(struct skyaifs *fs, const char *name)
{
	for (struct skyaifs_vol **pp = &fs->vols; *pp; pp = &(*pp)->next) {
		struct skyaifs_vol *v = *pp;
		if (strcmp(v->name, name) != 0)
			continue;
		if (v->users || v->ref_count)
			return SKYAIFS_EBUSY;
		int err = fs_commit(fs);
		if (err)
			return err;
		*pp = v->next;
		vol_free(v);
		return 0;
	}
	return 0;
}

int skyaifs_vol_delete(struct skyaifs *fs, const char *name)
{
	int err = fs_writable(fs);
	if (err || (err = name_ok(name)) != 0)
		return err;
	if (strcmp(name, "main") == 0)
		return SKYAIFS_EPERM;
	struct skyaifs_vol v;
	struct bp root;
	if ((err = vol_find(fs, name, &v, &root)) != 0 || (err = vol_unload(fs, name)) != 0 ||
	    (err = vol_find(fs, name, &v, &root)) != 0 || (err = space_reserve(fs, 0, true)) != 0)
		return err;
	struct key k = vol_key(v.id);
	if ((err = tree_delete(&fs->root_tree, &k)) != 0)
		return err;
	if ((err = tree_drop(fs, &root)) != 0)
		fs->failed = SKYAIFS_EIO; /* half dropped: leaked blocks at worst, fsck --repair
					     finds them */
	return err ? err : fs_commit(fs);
}

int skyaifs_vol_list(struct skyaifs *fs, int (*fn)(void *ctx, const struct skyaifs_vol_info *info),
		     void *ctx)
{
	int err = fs_commit(fs); /* so that open subvolumes' records are current */
	if (err && err != SKYAIFS_EROFS)
		return err;
	struct key k = { 0, 0, 0 };
	struct item it;
	while ((err = tree_next(&fs->root_tree, &k, &it)) == 0) {
		if (it.key.type == KT_SUBVOL) {
			struct skyaifs_vol v;
			struct bp root;
			if ((err = vol_decode(&v, &it, &root)) != 0)
				return err;
			struct skyaifs_vol_info info;
			memcpy(info.name, v.name, sizeof info.name);
			info.id = v.id;
			info.root_ino = v.root_ino;
			info.created_commit = v.created;
			info.writable = v.writable;
			if (fn(ctx, &info))
				return 0;
		}
		k = it.key;
		key_after(&k);
	}
	return err == SKYAIFS_ENOENT ? 0 : err;
}
