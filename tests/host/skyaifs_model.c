/*
 * skyaifs_model.c — the tree model, the scan of a volume through the API,
 * and their comparisons (see skyaifs_model.h).
 */
#include "skyaifs_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BS SKYAIFS_BLOCK_SIZE

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fprintf(stderr, "skyaifs_model: out of memory\n");
		abort();
	}
	return p;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

void model_init(struct model *m)
{
	memset(m, 0, sizeof *m);
}

static void mfile_put(struct mfile *f)
{
	if (f && --f->refs == 0) {
		free(f->data);
		free(f);
	}
}

static void entry_free(struct mentry *e)
{
	free(e->path);
	free(e->target);
	free(e->bad);
	mfile_put(e->f);
}

void model_free(struct model *m)
{
	for (size_t i = 0; i < m->n; i++)
		entry_free(&m->e[i]);
	free(m->e);
	model_init(m);
}

static struct mentry *push(struct model *m)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		struct mentry *e = realloc(m->e, m->cap * sizeof *e);
		if (!e)
			abort();
		m->e = e;
	}
	struct mentry *e = &m->e[m->n++];
	memset(e, 0, sizeof *e);
	return e;
}

static struct mfile *mfile_new(void)
{
	struct mfile *f = xmalloc(sizeof *f);
	memset(f, 0, sizeof *f);
	f->refs = 1;
	f->nlink = 1;
	return f;
}

void model_copy(struct model *dst, const struct model *src)
{
	model_init(dst);
	/* Copies of shared files: the i-th source file maps to the i-th copy. */
	struct mfile **from = xmalloc(src->n * sizeof *from), **to = xmalloc(src->n * sizeof *to);
	size_t files = 0;
	for (size_t i = 0; i < src->n; i++) {
		const struct mentry *s = &src->e[i];
		struct mentry *d = push(dst);
		*d = *s;
		d->path = xstrdup(s->path);
		d->target = s->target ? xstrdup(s->target) : NULL;
		d->bad = NULL;
		d->f = NULL;
		if (!s->f)
			continue;
		size_t k = 0;
		while (k < files && from[k] != s->f)
			k++;
		if (k == files) {
			struct mfile *c = mfile_new();
			c->nlink = s->f->nlink;
			c->size = s->f->size;
			c->cap = s->f->size;
			c->data = xmalloc(c->cap);
			memcpy(c->data, s->f->data, s->f->size);
			c->refs = 0;
			from[files] = s->f;
			to[files++] = c;
		}
		to[k]->refs++;
		d->f = to[k];
	}
	free(from);
	free(to);
}

long model_find(const struct model *m, const char *path)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->e[i].path, path) == 0)
			return (long)i;
	return -1;
}

struct mentry *model_add(struct model *m, const char *path, uint32_t type, uint32_t perm)
{
	struct mentry *e = push(m);
	e->path = xstrdup(path);
	e->type = type;
	e->perm = perm;
	if (type == SKYAIFS_S_IFREG)
		e->f = mfile_new();
	return e;
}

struct mfile *model_file(struct model *m, const char *path)
{
	long i = model_find(m, path);
	return i < 0 ? NULL : m->e[i].f;
}

void model_link(struct model *m, const char *from, const char *to)
{
	long i = model_find(m, from);
	struct mentry *e = push(m);
	const struct mentry *s = &m->e[i]; /* after push: the array may have moved */
	e->path = xstrdup(to);
	e->type = s->type;
	e->perm = s->perm;
	e->ino = s->ino;
	e->f = s->f;
	e->f->refs++;
	e->f->nlink++;
}

static void remove_at(struct model *m, size_t i)
{
	if (m->e[i].f)
		m->e[i].f->nlink--;
	entry_free(&m->e[i]);
	m->e[i] = m->e[--m->n];
}

void model_remove(struct model *m, const char *path)
{
	long i = model_find(m, path);
	if (i >= 0)
		remove_at(m, (size_t)i);
}

/* Is `path` inside directory `dir` (strictly below it)? */
static bool below(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	return strncmp(path, dir, n) == 0 && path[n] == '/';
}

void model_rename(struct model *m, const char *from, const char *to)
{
	if (strcmp(from, to) == 0)
		return;
	char *src = xstrdup(from), *dst = xstrdup(to);
	long t = model_find(m, dst);
	if (t >= 0) {
		/* Hard links of one file: rename does nothing (POSIX). */
		long f = model_find(m, src);
		if (m->e[t].f && m->e[t].f == m->e[f].f) {
			free(src);
			free(dst);
			return;
		}
		remove_at(m, (size_t)t); /* an empty directory or a non-directory */
	}
	size_t n = strlen(src);
	for (size_t i = 0; i < m->n; i++) {
		char *p = m->e[i].path;
		if (strcmp(p, src) == 0 || below(p, src)) {
			size_t len = strlen(dst) + strlen(p + n) + 1;
			char *q = xmalloc(len);
			snprintf(q, len, "%s%s", dst, p + n);
			free(p);
			m->e[i].path = q;
		}
	}
	free(src);
	free(dst);
}

/* Room for `end` bytes; bytes past the size are kept zero, so a hole or an extension reads as
 * zeros. */
static void mfile_reserve(struct mfile *f, uint64_t end)
{
	if (end <= f->cap)
		return;
	size_t cap = f->cap ? f->cap : 4096;
	while (cap < end)
		cap *= 2;
	uint8_t *d = realloc(f->data, cap);
	if (!d)
		abort();
	memset(d + f->cap, 0, cap - f->cap);
	f->data = d;
	f->cap = cap;
}

void mfile_write(struct mfile *f, uint64_t off, const void *buf, size_t len)
{
	if (len == 0)
		return;
	mfile_reserve(f, off + len);
	memcpy(f->data + off, buf, len);
	if (off + len > f->size)
		f->size = off + len;
}

void mfile_truncate(struct mfile *f, uint64_t size)
{
	mfile_reserve(f, size);
	if (size < f->size)
		memset(f->data + size, 0, f->size - size); /* keep the bytes past the end zero */
	f->size = size;
}

/* ---- digest ---------------------------------------------------------------------------- */

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ull;
	return h;
}

static const struct model *sort_model;
static int by_path(const void *a, const void *b)
{
	return strcmp(sort_model->e[*(const size_t *)a].path,
		      sort_model->e[*(const size_t *)b].path);
}

uint64_t model_digest(const struct model *m)
{
	size_t *order = xmalloc(m->n * sizeof *order);
	for (size_t i = 0; i < m->n; i++)
		order[i] = i;
	sort_model = m;
	qsort(order, m->n, sizeof *order, by_path);
	uint64_t h = 1469598103934665603ull;
	for (size_t k = 0; k < m->n; k++) {
		const struct mentry *e = &m->e[order[k]];
		h = fnv(h, e->path, strlen(e->path) + 1);
		h = fnv(h, &e->type, sizeof e->type);
		if (e->type != SKYAIFS_S_IFLNK)
			h = fnv(h, &e->perm, sizeof e->perm);
		if (e->f) {
			h = fnv(h, &e->f->size, sizeof e->f->size);
			h = fnv(h, &e->f->nlink, sizeof e->f->nlink);
			h = fnv(h, e->f->data, e->f->size);
		}
		if (e->target)
			h = fnv(h, e->target, strlen(e->target) + 1);
		h = fnv(h, &e->err, sizeof e->err);
	}
	free(order);
	return h;
}

/* ---- scanning a volume ----------------------------------------------------------------------- */

struct dirlist {
	struct skyaifs_dirent *d;
	size_t n, cap;
};

static int collect(void *ctx, const struct skyaifs_dirent *e)
{
	struct dirlist *l = ctx;
	if ((e->name_len == 1 && e->name[0] == '.') ||
	    (e->name_len == 2 && e->name[0] == '.' && e->name[1] == '.'))
		return 0;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		struct skyaifs_dirent *d = realloc(l->d, l->cap * sizeof *d);
		if (!d)
			abort();
		l->d = d;
	}
	l->d[l->n++] = *e;
	return 0;
}

static void scan_file(struct skyaifs_vol *vol, struct mentry *e, bool fine)
{
	uint64_t size = e->f->size; /* from getattr */
	e->f->size = 0;
	size_t chunk = fine ? BS : 16 * BS;
	uint8_t *buf = xmalloc(chunk);
	size_t chunks = (size_t)((size + BS - 1) / BS);
	e->bad = calloc(chunks ? chunks : 1, 1);
	for (uint64_t off = 0; off < size; off += chunk) {
		size_t want = (size_t)(size - off < chunk ? size - off : chunk);
		long got = skyaifs_read(vol, e->ino, off, buf, chunk);
		if (got < 0) {
			if (!e->err)
				e->err = (int)got;
			memset(buf, 0, want);
			for (uint64_t b = off / BS; b < (off + want + BS - 1) / BS; b++)
				e->bad[b] = 1;
		} else if ((size_t)got != want) {
			e->err = 1; /* short read inside the file, or data past its end */
		}
		mfile_write(e->f, off, buf, want);
	}
	/* Reading at the end gives nothing. */
	long tail = skyaifs_read(vol, e->ino, size, buf, 1);
	if (tail != 0 && !e->err)
		e->err = tail < 0 ? (int)tail : 1;
	free(buf);
}

static int scan_dir(struct skyaifs_vol *vol, uint64_t dir, const char *prefix, bool fine,
		    struct model *out)
{
	struct dirlist l = { 0 };
	int rc = skyaifs_readdir(vol, dir, 0, collect, &l);
	if (rc != 0) {
		free(l.d);
		return rc;
	}
	for (size_t i = 0; i < l.n; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s%s%.*s", prefix, *prefix ? "/" : "",
			 (int)l.d[i].name_len, l.d[i].name);
		struct skyaifs_stat st;
		int err = skyaifs_getattr(vol, l.d[i].ino, &st);
		uint32_t type = err ? l.d[i].type : (st.mode & SKYAIFS_S_IFMT);
		struct mentry *e = model_add(out, path, type, err ? 0 : st.mode & 07777);
		e->ino = l.d[i].ino;
		if (err) {
			e->err = err;
			continue;
		}
		if (type != l.d[i].type)
			e->err = 1;
		if (type == SKYAIFS_S_IFREG) {
			e->f->nlink = st.nlink;
			e->f->size = st.size;
			scan_file(vol, e, fine);
		} else if (type == SKYAIFS_S_IFLNK) {
			char target[SKYAIFS_SYMLINK_MAX + 1];
			int n = skyaifs_readlink(vol, e->ino, target, sizeof target - 1);
			if (n < 0) {
				e->err = n;
			} else {
				target[n] = 0;
				e->target = xstrdup(target);
			}
		} else if (type == SKYAIFS_S_IFDIR) {
			int sub = scan_dir(vol, e->ino, path, fine, out);
			if (sub)
				out->e[model_find(out, path)].err = sub;
		}
	}
	free(l.d);
	return 0;
}

int model_scan(struct skyaifs_vol *vol, uint64_t root, bool fine, struct model *out)
{
	model_init(out);
	return scan_dir(vol, root, "", fine, out);
}

/* ---- comparisons --------------------------------------------------------------------------- */

/* The first difference between two entries of the same path, or NULL. */
static const char *entry_diff(const struct mentry *w, const struct mentry *g, char *buf, size_t cap)
{
	if (g->err) {
		snprintf(buf, cap, "error %d reading it", g->err);
		return buf;
	}
	if (w->type != g->type) {
		snprintf(buf, cap, "type %o, expected %o", g->type, w->type);
		return buf;
	}
	if (w->type != SKYAIFS_S_IFLNK && w->perm != g->perm) {
		snprintf(buf, cap, "mode %o, expected %o", g->perm, w->perm);
		return buf;
	}
	if (w->f) {
		if (w->f->size != g->f->size) {
			snprintf(buf, cap, "size %llu, expected %llu",
				 (unsigned long long)g->f->size, (unsigned long long)w->f->size);
			return buf;
		}
		if (w->f->nlink != g->f->nlink) {
			snprintf(buf, cap, "nlink %u, expected %u", g->f->nlink, w->f->nlink);
			return buf;
		}
		for (uint64_t i = 0; i < w->f->size; i++)
			if (w->f->data[i] != g->f->data[i]) {
				snprintf(buf, cap, "byte %llu is %02x, expected %02x",
					 (unsigned long long)i, g->f->data[i], w->f->data[i]);
				return buf;
			}
	}
	if (w->target && (!g->target || strcmp(w->target, g->target) != 0)) {
		snprintf(buf, cap, "target '%s', expected '%s'", g->target ? g->target : "",
			 w->target);
		return buf;
	}
	return NULL;
}

int model_diff(const struct model *want, const struct model *got, char *why, size_t cap)
{
	char buf[256];
	for (size_t i = 0; i < want->n; i++) {
		long j = model_find(got, want->e[i].path);
		if (j < 0) {
			snprintf(why, cap, "'%s' is missing", want->e[i].path);
			return 1;
		}
		const char *d = entry_diff(&want->e[i], &got->e[j], buf, sizeof buf);
		if (d) {
			snprintf(why, cap, "'%s': %s", want->e[i].path, d);
			return 1;
		}
	}
	for (size_t j = 0; j < got->n; j++)
		if (model_find(want, got->e[j].path) < 0) {
			snprintf(why, cap, "'%s' should not exist", got->e[j].path);
			return 1;
		}
	return 0;
}

/* Did reading some directory above `path` in `got` fail (or is that directory missing)? */
static bool parent_unreadable(const struct model *got, const char *path)
{
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (!slash)
		return false; /* in the root, which was read */
	*slash = 0;
	long j = model_find(got, dir);
	return j < 0 || got->e[j].err != 0 || parent_unreadable(got, dir);
}

int model_check_tolerant(const struct model *want, const struct model *got, char *why, size_t cap,
			 unsigned *errors)
{
	for (size_t j = 0; j < got->n; j++) {
		const struct mentry *g = &got->e[j];
		long i = model_find(want, g->path);
		if (i < 0) {
			snprintf(why, cap, "'%s' appeared", g->path);
			return 1;
		}
		const struct mentry *w = &want->e[i];
		if (g->err < 0) {
			(*errors)++;
			continue;
		}
		if (g->err > 0) {
			snprintf(why, cap, "'%s': inconsistent answers (short read or wrong type)",
				 g->path);
			return 1;
		}
		if (w->type != g->type || (w->type != SKYAIFS_S_IFLNK && w->perm != g->perm)) {
			snprintf(why, cap, "'%s': type/mode %o/%o, expected %o/%o", g->path,
				 g->type, g->perm, w->type, w->perm);
			return 1;
		}
		if (w->target && (!g->target || strcmp(w->target, g->target) != 0)) {
			snprintf(why, cap, "'%s': symlink target is wrong", g->path);
			return 1;
		}
		if (w->f) {
			if (w->f->size != g->f->size || w->f->nlink != g->f->nlink) {
				snprintf(why, cap, "'%s': size %llu nlink %u, expected %llu and %u",
					 g->path, (unsigned long long)g->f->size, g->f->nlink,
					 (unsigned long long)w->f->size, w->f->nlink);
				return 1;
			}
			for (uint64_t k = 0; k < w->f->size; k++) {
				if (g->bad[k / BS]) {
					(*errors)++;
					k = (k / BS + 1) * BS - 1;
					continue;
				}
				if (w->f->data[k] != g->f->data[k]) {
					snprintf(why, cap, "'%s': byte %llu is %02x, expected %02x",
						 g->path, (unsigned long long)k, g->f->data[k],
						 w->f->data[k]);
					return 1;
				}
			}
		}
	}
	for (size_t i = 0; i < want->n; i++)
		if (model_find(got, want->e[i].path) < 0 &&
		    !parent_unreadable(got, want->e[i].path)) {
			snprintf(why, cap, "'%s' vanished though its directory was read",
				 want->e[i].path);
			return 1;
		}
	return 0;
}
