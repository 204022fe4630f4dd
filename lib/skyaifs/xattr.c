/*
 * xattr.c — extended attributes: items (ino, XATTR, hash of the name),
 * each a bucket of (name, value) pairs whose names share the hash. Name
 * and value live in one leaf item, which bounds a value at
 * SKYAIFS_XATTR_VALUE_MAX bytes.
 */
#include "base/string.h"
#include "skyaifs/internal.h"

static int xname_check(const char *name, size_t *len)
{
	*len = strnlen(name, SKYAIFS_XATTR_NAME_MAX + 1);
	return *len == 0 || *len > SKYAIFS_XATTR_NAME_MAX ? SKYAIFS_ERANGE : 0;
}

static struct key xattr_key(uint64_t ino, const char *name, size_t len)
{
	return (struct key){ .obj = ino, .type = KT_XATTR, .off = name_hash(name, len) };
}

/* Position of `name` in a bucket: -1 absent, -2 damaged. */
static long xbucket_find(const uint8_t *v, size_t len, const char *name, size_t nlen, size_t *vlen)
{
	size_t pos = 0;
	while (pos + XATTR_FIXED <= len) {
		size_t l = v[pos], vl = ld16(v + pos + 1);
		if (pos + XATTR_FIXED + l + vl > len)
			return -2;
		if (l == nlen && memcmp(v + pos + XATTR_FIXED, name, nlen) == 0) {
			*vlen = vl;
			return (long)pos;
		}
		pos += XATTR_FIXED + l + vl;
	}
	return pos == len ? -1 : -2;
}

static int xattr_inode(struct skyaifs_vol *vol, uint64_t ino)
{
	struct inode in;
	return inode_get(vol, ino, &in);
}

int skyaifs_setxattr(struct skyaifs_vol *vol, uint64_t ino, const char *name, const void *value,
		     size_t size, unsigned flags)
{
	size_t nlen, vlen = 0;
	int err = vol_writable(vol);
	if (err || (err = xname_check(name, &nlen)) != 0 || (err = xattr_inode(vol, ino)) != 0)
		return err;
	if (size > SKYAIFS_XATTR_VALUE_MAX)
		return SKYAIFS_E2BIG;
	if (flags & ~(SKYAIFS_XATTR_CREATE | SKYAIFS_XATTR_REPLACE))
		return SKYAIFS_EINVAL;
	struct key k = xattr_key(ino, name, nlen);
	uint8_t v[VALUE_MAX];
	size_t len = 0;
	struct item it;
	long pos = -1;
	if ((err = tree_get(&vol->tree, &k, &it)) == 0) {
		if ((pos = xbucket_find(it.val, it.len, name, nlen, &vlen)) == -2)
			return SKYAIFS_EUCLEAN;
		/* copy the bucket without the old pair */
		if (pos >= 0) {
			size_t cut = XATTR_FIXED + nlen + vlen;
			memcpy(v, it.val, (size_t)pos);
			memcpy(v + pos, it.val + pos + cut, it.len - (size_t)pos - cut);
			len = it.len - cut;
		} else {
			memcpy(v, it.val, it.len);
			len = it.len;
		}
	} else if (err != SKYAIFS_ENOENT) {
		return err;
	}
	if (pos >= 0 && (flags & SKYAIFS_XATTR_CREATE))
		return SKYAIFS_EEXIST;
	if (pos < 0 && (flags & SKYAIFS_XATTR_REPLACE))
		return SKYAIFS_ENODATA;
	if (len + XATTR_FIXED + nlen + size > VALUE_MAX)
		return SKYAIFS_ENOSPC;
	v[len] = (uint8_t)nlen;
	st16(v + len + 1, (uint16_t)size);
	memcpy(v + len + XATTR_FIXED, name, nlen);
	if (size)
		memcpy(v + len + XATTR_FIXED + nlen, value, size);
	len += XATTR_FIXED + nlen + size;
	struct inode in;
	if ((err = space_reserve(vol->fs, 0, false)) != 0 ||
	    (err = tree_put(&vol->tree, &k, v, (uint16_t)len)) != 0 ||
	    (err = inode_get(vol, ino, &in)) != 0)
		return err;
	inode_touch(vol, &in, SKYAIFS_SET_CTIME);
	return inode_put(vol, ino, &in);
}

/* The bucket holding `name` and its place in it, or ENODATA (or another error). */
static long xattr_find(struct skyaifs_vol *vol, const struct key *k, struct item *it,
		       const char *name, size_t nlen, size_t *vlen)
{
	int err = tree_get(&vol->tree, k, it);
	if (err)
		return err == SKYAIFS_ENOENT ? SKYAIFS_ENODATA : err;
	long pos = xbucket_find(it->val, it->len, name, nlen, vlen);
	return pos >= 0 ? pos : pos == -1 ? SKYAIFS_ENODATA : SKYAIFS_EUCLEAN;
}

int skyaifs_getxattr(struct skyaifs_vol *vol, uint64_t ino, const char *name, void *buf,
		     size_t size)
{
	size_t nlen, vlen;
	int err = xname_check(name, &nlen);
	if (err || (err = xattr_inode(vol, ino)) != 0)
		return err;
	struct key k = xattr_key(ino, name, nlen);
	struct item it;
	long pos = xattr_find(vol, &k, &it, name, nlen, &vlen);
	if (pos < 0)
		return (int)pos;
	if (size == 0)
		return (int)vlen;
	if (size < vlen)
		return SKYAIFS_ERANGE;
	memcpy(buf, it.val + pos + XATTR_FIXED + nlen, vlen);
	return (int)vlen;
}

int skyaifs_listxattr(struct skyaifs_vol *vol, uint64_t ino, char *buf, size_t size)
{
	int err = xattr_inode(vol, ino);
	if (err)
		return err;
	struct key k = { .obj = ino, .type = KT_XATTR, .off = 0 };
	struct item it;
	size_t total = 0;
	while ((err = tree_next(&vol->tree, &k, &it)) == 0 && it.key.obj == ino &&
	       it.key.type == KT_XATTR) {
		size_t pos = 0;
		while (pos + XATTR_FIXED <= it.len) {
			size_t l = it.val[pos], vl = ld16(it.val + pos + 1);
			if (pos + XATTR_FIXED + l + vl > it.len)
				return SKYAIFS_EUCLEAN;
			if (size) {
				if (total + l + 1 > size)
					return SKYAIFS_ERANGE;
				memcpy(buf + total, it.val + pos + XATTR_FIXED, l);
				buf[total + l] = '\0';
			}
			total += l + 1;
			pos += XATTR_FIXED + l + vl;
		}
		k = it.key;
		if (++k.off == 0)
			break;
	}
	if (err && err != SKYAIFS_ENOENT)
		return err;
	return total > 0x7fffffff ? SKYAIFS_E2BIG : (int)total;
}

int skyaifs_removexattr(struct skyaifs_vol *vol, uint64_t ino, const char *name)
{
	size_t nlen, vlen;
	int err = vol_writable(vol);
	if (err || (err = xname_check(name, &nlen)) != 0 || (err = xattr_inode(vol, ino)) != 0)
		return err;
	struct key k = xattr_key(ino, name, nlen);
	struct item it;
	long pos = xattr_find(vol, &k, &it, name, nlen, &vlen);
	if (pos < 0)
		return (int)pos;
	size_t cut = XATTR_FIXED + nlen + vlen;
	uint8_t v[VALUE_MAX];
	memcpy(v, it.val, (size_t)pos);
	memcpy(v + pos, it.val + pos + cut, it.len - (size_t)pos - cut);
	size_t len = it.len - cut;
	struct inode in;
	if ((err = space_reserve(vol->fs, 0, true)) != 0 ||
	    (err = len ? tree_put(&vol->tree, &k, v, (uint16_t)len)
		       : tree_delete(&vol->tree, &k)) != 0 ||
	    (err = inode_get(vol, ino, &in)) != 0)
		return err;
	inode_touch(vol, &in, SKYAIFS_SET_CTIME);
	return inode_put(vol, ino, &in);
}

int xattr_remove_all(struct skyaifs_vol *vol, uint64_t ino)
{
	struct key k = { .obj = ino, .type = KT_XATTR, .off = 0 };
	struct item it;
	int err;
	while ((err = tree_next(&vol->tree, &k, &it)) == 0 && it.key.obj == ino &&
	       it.key.type == KT_XATTR) {
		k = it.key;
		if ((err = tree_delete(&vol->tree, &k)) != 0)
			return err;
	}
	return err == SKYAIFS_ENOENT || err == 0 ? 0 : err;
}
