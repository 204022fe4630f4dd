/*
 * view.c — path resolution inside a view: a directory taken as the root of
 * everything its holder can name (the basis of a container's mount
 * namespace). ".." at the view's root stays there, an absolute symbolic
 * link starts again at the view's root, and nothing else leads out: the
 * resolver only ever steps from a directory to an entry in it or to its
 * recorded parent, and never above the root.
 */
#include "base/string.h"
#include "skyaifs/internal.h"

#define SYMLINK_FOLLOW_MAX 40

struct walk {
	struct skyaifs_vol *vol;
	uint64_t root;
	unsigned links; /* symlinks followed so far */
};

/* Resolve `path` from `at`; with `parent_only`, stop before the last component and copy it. */
static int walk(struct walk *w, uint64_t at, const char *path, bool follow_last, bool parent_only,
		uint64_t *out, char *last)
{
	char name[SKYAIFS_NAME_MAX + 1];
	if (path[0] == '/')
		at = w->root;
	const char *p = path;
	for (;;) {
		while (*p == '/')
			p++;
		if (*p == '\0') {
			if (parent_only) /* the path names a directory itself ("/", "..", "a/."):
					    its "." */
				memcpy(last, ".", 2);
			*out = at;
			return 0;
		}
		const char *end = strchr(p, '/');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len > SKYAIFS_NAME_MAX)
			return SKYAIFS_ENAMETOOLONG;
		memcpy(name, p, len);
		name[len] = '\0';
		p += len;
		const char *rest = p;
		while (*rest == '/')
			rest++;
		bool is_last = *rest == '\0';
		bool dots = strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
		if (is_last && parent_only && !dots) {
			memcpy(last, name, len + 1);
			*out = at;
			return 0;
		}
		struct skyaifs_stat st;
		int err;
		if (strcmp(name, "..") == 0 && at == w->root)
			st.ino = at, st.mode = SKYAIFS_S_IFDIR, err = 0;
		else
			err = skyaifs_lookup(w->vol, at, name, &st);
		if (err)
			return err;
		if ((st.mode & SKYAIFS_S_IFMT) == SKYAIFS_S_IFLNK &&
		    (!is_last || follow_last || *p == '/')) {
			if (++w->links > SYMLINK_FOLLOW_MAX)
				return SKYAIFS_ELOOP;
			char *target = fs_alloc(w->vol->fs, SKYAIFS_SYMLINK_MAX + 1);
			if (!target)
				return SKYAIFS_ENOMEM;
			int n = skyaifs_readlink(w->vol, st.ino, target, SKYAIFS_SYMLINK_MAX);
			if (n < 0) {
				fs_free(w->vol->fs, target);
				return n;
			}
			target[n] = '\0';
			uint64_t dest;
			err = walk(w, at, target, true, false, &dest, NULL);
			fs_free(w->vol->fs, target);
			if (err)
				return err;
			st.ino = dest;
			if ((err = skyaifs_getattr(w->vol, dest, &st)) != 0)
				return err;
		}
		if (!is_last && (st.mode & SKYAIFS_S_IFMT) != SKYAIFS_S_IFDIR)
			return SKYAIFS_ENOTDIR;
		at = st.ino;
	}
}

/* A walk starts inside the view: a working directory moved out of it (by someone who sees more)
 * must not become a way out, as it would for chroot. */
static int view_start(struct skyaifs_vol *vol, uint64_t root, uint64_t cwd, const char *path)
{
	if (path[0] == '\0')
		return SKYAIFS_ENOENT;
	if (path[0] == '/')
		return 0;
	int in = inode_is_within(vol, cwd, root);
	return in == 1 ? 0 : in == 0 ? SKYAIFS_EXDEV : in;
}

int skyaifs_resolve(struct skyaifs_vol *vol, uint64_t root, uint64_t cwd, const char *path,
		    bool follow_last, uint64_t *ino)
{
	struct walk w = { vol, root, 0 };
	int err = view_start(vol, root, cwd, path);
	return err ? err : walk(&w, cwd, path, follow_last, false, ino, NULL);
}

int skyaifs_resolve_parent(struct skyaifs_vol *vol, uint64_t root, uint64_t cwd, const char *path,
			   uint64_t *dir, char *last)
{
	struct walk w = { vol, root, 0 };
	int err = view_start(vol, root, cwd, path);
	return err ? err : walk(&w, cwd, path, true, true, dir, last);
}
