/*
 * dir.c — directory entries. A directory's entries are items keyed by a
 * 48-bit hash of the name, so a lookup is one B+tree search (logarithmic
 * in the entry count) and a directory of any size costs no more than its
 * entries; names with the same hash share one item (a bucket).
 * readdir walks the items in hash order; its cookie is (hash, position in
 * the bucket), which stays valid while entries come and go.
 */
#include "base/string.h"
#include "skyaifs/internal.h"

uint64_t name_hash(const char *name, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a, then a 64-bit finaliser to spread it */
	for (size_t i = 0; i < len; i++)
		h = (h ^ (uint8_t)name[i]) * 0x100000001b3ull;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h & 0xffffffffffffull;
}

int name_check(const char *name)
{
	size_t n = strnlen(name, SKYAIFS_NAME_MAX + 1);
	if (n > SKYAIFS_NAME_MAX)
		return SKYAIFS_ENAMETOOLONG;
	if (n == 0 || strchr(name, '/'))
		return SKYAIFS_EINVAL;
	if ((n == 1 && name[0] == '.') || (n == 2 && name[0] == '.' && name[1] == '.'))
		return SKYAIFS_EEXIST;
	return 0;
}

static struct key dirent_key(uint64_t dir, const char *name, size_t len)
{
	return (struct key){ .obj = dir, .type = KT_DIRENT, .off = name_hash(name, len) };
}

/* Where `name` sits in a bucket, or -1. */
static long bucket_find(const uint8_t *v, size_t len, const char *name, size_t nlen)
{
	size_t pos = 0;
	while (pos + DIRENT_FIXED <= len) {
		size_t l = v[pos + 12];
		if (pos + DIRENT_FIXED + l > len)
			return -2; /* damaged */
		if (l == nlen && memcmp(v + pos + DIRENT_FIXED, name, nlen) == 0)
			return (long)pos;
		pos += DIRENT_FIXED + l;
	}
	return pos == len ? -1 : -2;
}

int dir_find(struct skyaifs_vol *vol, uint64_t dir, const char *name, uint64_t *ino, uint32_t *type)
{
	size_t nlen = strlen(name);
	struct key k = dirent_key(dir, name, nlen);
	struct item it;
	int err = tree_get(&vol->tree, &k, &it);
	if (err)
		return err;
	long pos = bucket_find(it.val, it.len, name, nlen);
	if (pos == -2)
		return SKYAIFS_EUCLEAN;
	if (pos < 0)
		return SKYAIFS_ENOENT;
	*ino = ld64(it.val + pos);
	if (type)
		*type = ld32(it.val + pos + 8);
	return 0;
}

int dir_add(struct skyaifs_vol *vol, uint64_t dir, const char *name, uint64_t ino, uint32_t type)
{
	size_t nlen = strlen(name);
	struct key k = dirent_key(dir, name, nlen);
	uint8_t v[VALUE_MAX];
	size_t len = 0;
	struct item it;
	int err = tree_get(&vol->tree, &k, &it);
	if (err == 0) {
		if (bucket_find(it.val, it.len, name, nlen) != -1)
			return SKYAIFS_EEXIST;
		len = it.len;
		memcpy(v, it.val, len);
	} else if (err != SKYAIFS_ENOENT) {
		return err;
	}
	if (len + DIRENT_FIXED + nlen > VALUE_MAX)
		return SKYAIFS_ENOSPC; /* a bucket full of colliding names */
	st64(v + len, ino);
	st32(v + len + 8, type & SKYAIFS_S_IFMT);
	v[len + 12] = (uint8_t)nlen;
	memcpy(v + len + DIRENT_FIXED, name, nlen);
	return tree_put(&vol->tree, &k, v, (uint16_t)(len + DIRENT_FIXED + nlen));
}

int dir_remove(struct skyaifs_vol *vol, uint64_t dir, const char *name)
{
	size_t nlen = strlen(name);
	struct key k = dirent_key(dir, name, nlen);
	uint8_t v[VALUE_MAX];
	struct item it;
	int err = tree_get(&vol->tree, &k, &it);
	if (err)
		return err;
	long pos = bucket_find(it.val, it.len, name, nlen);
	if (pos < 0)
		return pos == -1 ? SKYAIFS_ENOENT : SKYAIFS_EUCLEAN;
	size_t len = it.len, cut = DIRENT_FIXED + nlen;
	if (len == cut)
		return tree_delete(&vol->tree, &k);
	memcpy(v, it.val, (size_t)pos);
	memcpy(v + pos, it.val + pos + cut, len - (size_t)pos - cut);
	return tree_put(&vol->tree, &k, v, (uint16_t)(len - cut));
}

int dir_is_empty(struct skyaifs_vol *vol, uint64_t dir)
{
	struct key k = { .obj = dir, .type = KT_DIRENT, .off = 0 };
	struct item it;
	int err = tree_next(&vol->tree, &k, &it);
	if (err == SKYAIFS_ENOENT)
		return 1;
	if (err)
		return err;
	return !(it.key.obj == dir && it.key.type == KT_DIRENT);
}

/* Cookies: 0 ".", 1 "..", then 2 + (hash << 8 | position); 2 itself is the first entry. */
static uint64_t cookie_of(uint64_t hash, unsigned pos)
{
	return 3 + (hash << 8 | pos);
}

int skyaifs_readdir(struct skyaifs_vol *vol, uint64_t dir, uint64_t cookie,
		    int (*fn)(void *ctx, const struct skyaifs_dirent *e), void *ctx)
{
	struct inode in;
	int err = inode_get(vol, dir, &in);
	if (err)
		return err;
	if ((inode_mode(&in) & SKYAIFS_S_IFMT) != SKYAIFS_S_IFDIR)
		return SKYAIFS_ENOTDIR;
	struct skyaifs_dirent e;
	if (cookie < 2) {
		for (uint64_t c = cookie; c < 2; c++) {
			memset(&e, 0, sizeof e);
			e.ino = c == 0 || dir == vol->root_ino ? dir : ld64(in.raw + 40);
			e.next = c + 1;
			e.type = SKYAIFS_S_IFDIR;
			e.name_len = (uint16_t)(c + 1);
			memcpy(e.name, "..", c + 1);
			if (fn(ctx, &e))
				return 0;
		}
		cookie = 2;
	}
	uint64_t start = cookie <= 2 ? 0 : cookie - 3;
	uint64_t hash = start >> 8;
	unsigned skip = (unsigned)(start & 0xff);
	struct key k = { .obj = dir, .type = KT_DIRENT, .off = hash };
	struct item it;
	while ((err = tree_next(&vol->tree, &k, &it)) == 0) {
		if (it.key.obj != dir || it.key.type != KT_DIRENT)
			break;
		unsigned pos = 0;
		size_t at = 0;
		while (at + DIRENT_FIXED <= it.len) {
			size_t l = it.val[at + 12];
			if (at + DIRENT_FIXED + l > it.len)
				return SKYAIFS_EUCLEAN;
			if (it.key.off != hash || pos >= skip) {
				memset(&e, 0, sizeof e);
				e.ino = ld64(it.val + at);
				e.type = ld32(it.val + at + 8);
				e.name_len = (uint16_t)l;
				memcpy(e.name, it.val + at + DIRENT_FIXED, l);
				e.next = cookie_of(it.key.off, pos + 1);
				if (fn(ctx, &e))
					return 0;
			}
			pos++;
			at += DIRENT_FIXED + l;
		}
		k = it.key;
		if (++k.off == 0)
			break;
	}
	return err == SKYAIFS_ENOENT ? 0 : err;
}
