/*
 * repo.c — the repository directory as the tools keep it (docs/pkg.md):
 * root.skr (anchor), trust.skt, snapshot.sks, state.sks, packages/,
 * images/, results/, dicts/. Every file is replaced atomically (written
 * beside, then renamed), so a refused or failed command changes nothing.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/file.h"
#include "pkgtool/pkgtool.h"

char *pt_path(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/* A file of DIR that may be absent (*len 0, NULL); PT_USAGE if unreadable. */
static int read_opt(const char *dir, const char *name, uint8_t **p, size_t *len, bool must)
{
	char *path = pt_path(dir, name);
	FILE *f = fopen(path, "rb");
	*p = NULL;
	*len = 0;
	if (!f && errno == ENOENT && !must) {
		free(path);
		return 0;
	}
	if (f)
		fclose(f);
	*p = pt_read(path, len,
		     SKY_META_HEADER_SIZE + SKY_META_BODY_MAX + 4 +
			     SKY_PKG_SIGS_MAX * SKY_PKG_SIG_ENTRY);
	free(path);
	return *p ? 0 : PT_USAGE;
}

static int read_chain(const char *dir, const uint8_t **chain, size_t *lens, uint32_t *n)
{
	char *d = pt_path(dir, "roots");
	struct dirent **names;
	int count = scandir(d, &names, NULL, alphasort), status = 0;
	for (int i = 0; i < count; i++) {
		const char *name = names[i]->d_name;
		if (!status && name[0] != '.') {
			char *f = pt_path(d, name);
			if (*n == PT_CHAIN_MAX)
				status = pt_error(PT_USAGE, "%s: more than %d root rotations", d,
						  PT_CHAIN_MAX);
			else if (!(chain[*n] = pt_read(f, &lens[*n], 1 << 17)))
				status = PT_USAGE;
			else
				(*n)++;
			free(f);
		}
		free(names[i]);
	}
	if (count >= 0)
		free(names);
	free(d);
	return status;
}

int pt_repo_open(const char *dir, const char *anchor, uint64_t now, unsigned flags,
		 struct pkg_repo *r)
{
	uint8_t *files[4] = { NULL };
	size_t lens[4];
	int status = 0;
	if (anchor) {
		files[0] = pt_read(anchor, &lens[0],
				   SKY_META_HEADER_SIZE + SKY_META_BODY_MAX + 4 +
					   SKY_PKG_SIGS_MAX * SKY_PKG_SIG_ENTRY);
		status = files[0] ? 0 : PT_USAGE;
	} else {
		status = read_opt(dir, PT_ROOTS, &files[0], &lens[0], true);
	}
	if (!status)
		status = read_opt(dir, PT_TRUST, &files[1], &lens[1], true);
	if (!status)
		status = read_opt(dir, PT_SNAPSHOT, &files[2], &lens[2], false);
	if (!status)
		status = read_opt(dir, PT_STATE, &files[3], &lens[3], false);
	/* The root rotations, roots/root-NNNNNN.skr in version order. */
	const uint8_t *chain[PT_CHAIN_MAX];
	size_t chain_lens[PT_CHAIN_MAX];
	uint32_t nchain = 0;
	if (!status)
		status = read_chain(dir, chain, chain_lens, &nchain);
	if (!status) {
		struct pkg_repo_files f = {
			.root_chain = chain,
			.root_chain_lens = chain_lens,
			.root_chain_count = nchain,
			.roots = files[0],
			.roots_len = lens[0],
			.trust = files[1],
			.trust_len = lens[1],
			.snapshot = files[2],
			.snapshot_len = lens[2],
			.state = files[3],
			.state_len = lens[3],
		};
		struct pkg_err e;
		if (pkg_repo_load(r, &f, now, flags, &e))
			status = pt_refused(dir, &e);
	}
	for (int i = 0; i < 4; i++)
		free(files[i]);
	for (uint32_t i = 0; i < nchain; i++)
		free((void *)chain[i]);
	return status;
}

int pt_state_save(const char *dir, const struct pkg_state *s)
{
	size_t blen, len;
	uint8_t *body = PT_ENCODE(pkg_state_encode, s, PKG_STATE_MAX, &blen);
	uint8_t *file = body ? pt_meta_build(SKY_META_STATE, body, blen, NULL, 0, &len) : NULL;
	char *path = pt_path(dir, PT_STATE);
	int status = 0;
	if (!file || file_write(path, file, len, 0644))
		status = pt_error(PT_USAGE, "%s: cannot write: %s", path, strerror(errno));
	free(body);
	free(file);
	free(path);
	return status;
}

int pt_dicts_load(const char *dir, struct zstd_params *zp)
{
	static struct zstd_dict dicts[16];
	memset(zp, 0, sizeof *zp);
	char *path = pt_path(dir, "dicts");
	DIR *d = opendir(path);
	if (!d) {
		free(path);
		return 0;
	}
	struct dirent *de;
	int status = 0;
	while (!status && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (zp->dict_count == 16) {
			status = pt_error(PT_USAGE, "%s: more than 16 dictionaries", path);
			break;
		}
		char *f = pt_path(path, de->d_name);
		size_t len;
		uint8_t *bytes = pt_read(f, &len, 16u << 20); /* kept for the run */
		size_t at;
		if (!bytes)
			status = PT_USAGE;
		else if (zstd_dict_load(&dicts[zp->dict_count], bytes, len, &at) != ZSTD_OK)
			status = pt_error(PT_USAGE, "%s: not a zstd dictionary", f);
		else
			zp->dict_count++;
		free(f);
	}
	closedir(d);
	free(path);
	zp->dicts = dicts;
	return status;
}
