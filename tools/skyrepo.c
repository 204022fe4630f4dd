/*
 * skyrepo — keeps a repository directory (docs/pkg.md): the anchor (root
 * keys), the trust store, the signed snapshot, the highest-seen versions,
 * and packages/, images/, results/. Packages enter only through the
 * promotion gate; every change is staged beside the files it replaces and
 * renamed into place only when all of it has been made and checked, so a
 * refused or failed command leaves the directory as it was.
 * `skyrepo --help` lists the commands.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/file.h"
#include "crypto/sha3.h"
#include "pkgtool/pkgtool.h"

#define FILE_MAX (SKY_PKG_ELF_MAX + (8u << 20))

static const char usage[] =
	"usage:\n"
	"  skyrepo init DIR --root R.pub... --threshold N --sign R.sec... --cert C.crt...\n"
	"               --expires TIME [--thresholds P,I,PR,S] [--policy FILE] [--now TIME]\n"
	"      Make a repository: the anchor (root keys, N of which must sign the trust store),\n"
	"      and trust store version 1 with the certified role keys, the signatures each role\n"
	"      needs (package, image, promotion, snapshot; default 1 each) and the promotion\n"
	"      policy (lines 'PREFIX CHECK...', '*' matching every name).\n"
	"  skyrepo add DIR FILE [RESULT.skv...] [--now TIME]\n"
	"      Admit a package (.skm) through the promotion gate: it must verify, be no older\n"
	"      than the highest seen, and have a passing result for each check the policy asks\n"
	"      of its name. Or admit an image bundle (.ski) whose modules are all in packages/.\n"
	"  skyrepo snapshot DIR --key S.sec... --expires TIME [--now TIME]\n"
	"      Sign a new snapshot listing every package and image with its digest and size.\n"
	"  skyrepo rotate DIR --cert NEW.crt --sign R.sec... [--expires TIME] [--now TIME]\n"
	"      Replace the role keys of NEW's role by NEW. The old keys' signatures count until\n"
	"      the current snapshot expires, so what it lists stays valid until then.\n"
	"  skyrepo revoke DIR --key K.pub --sign R.sec... [--now TIME]\n"
	"      Revoke a key: nothing it signed is accepted from now on.\n"
	"  skyrepo rotate-root DIR --root NEW.pub... --threshold N --sign OLD.sec... --sign "
	"NEW.sec...\n"
	"                     [--expires TIME] [--now TIME]\n"
	"      Replace the root keys: the new set (version + 1, kept in roots/) is signed by the\n"
	"      old threshold and its own, and so is the trust store re-signed under it; a\n"
	"      verifier holding the old anchor follows the rotation.\n"
	"\n"
	"TIME is Unix seconds. Exit status: 0 done, 1 refused (the reason on stderr), 2 usage or\n"
	"I/O error.\n";

#define MANY 8

struct options {
	const char *dir, *policy, *cert, *key, *files[MANY];
	const char *roots[4], *signs[4], *certs[MANY], *keys[4];
	int nfiles, nroots, nsigns, ncerts, nkeys;
	uint64_t threshold, expires, now;
	uint8_t thresholds[4];
};

static bool push(const char **arr, int *n, int max, const char *v)
{
	if (*n == max)
		return false;
	arr[(*n)++] = v;
	return true;
}

static int parse(int argc, char **argv, struct options *o)
{
	*o = (struct options){ .now = pt_clock(), .thresholds = { 1, 1, 1, 1 } };
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		bool ok = v != NULL;
		if (!strcmp(a, "--root"))
			ok = ok && push(o->roots, &o->nroots, 4, v);
		else if (!strcmp(a, "--sign"))
			ok = ok && push(o->signs, &o->nsigns, 4, v);
		else if (!strcmp(a, "--cert"))
			ok = ok && push(o->certs, &o->ncerts, MANY, v);
		else if (!strcmp(a, "--key"))
			ok = ok && push(o->keys, &o->nkeys, 4, v);
		else if (!strcmp(a, "--policy"))
			o->policy = v;
		else if (!strcmp(a, "--threshold"))
			ok = ok && pt_number(v, 4, &o->threshold) && o->threshold > 0;
		else if (!strcmp(a, "--expires"))
			ok = ok && pt_number(v, UINT64_MAX, &o->expires);
		else if (!strcmp(a, "--now"))
			ok = ok && pt_number(v, UINT64_MAX, &o->now);
		else if (!strcmp(a, "--thresholds")) {
			unsigned t[4];
			char end;
			ok = ok &&
			     sscanf(v, "%u,%u,%u,%u%c", &t[0], &t[1], &t[2], &t[3], &end) == 4;
			for (int r = 0; ok && r < 4; r++) {
				ok = t[r] >= 1 && t[r] <= SKY_PKG_SIGS_MAX;
				o->thresholds[r] = (uint8_t)t[r];
			}
		} else if (a[0] == '-') {
			ok = false;
		} else {
			ok = push(o->files, &o->nfiles, MANY, a);
			i--;
		}
		if (!ok)
			return pt_error(PT_USAGE, "bad argument '%s' (skyrepo --help)", a);
		i++;
	}
	if (o->nfiles == 0)
		return pt_error(PT_USAGE, "no repository directory (skyrepo --help)");
	o->dir = o->files[0];
	return 0;
}

/* ---- staging: every file of a change is written beside, then all renamed ---- */

struct stage {
	char *tmp[MANY + 4], *path[MANY + 4];
	int n;
	int status;
};

static void stage(struct stage *s, char *path, const void *data, size_t len)
{
	if (s->status || !data) {
		s->status = s->status ? s->status : pt_error(PT_USAGE, "out of memory");
		free(path);
		return;
	}
	if (file_stage(path, data, len, 0644, &s->tmp[s->n])) {
		s->status = pt_error(PT_USAGE, "%s: cannot write: %s", path, strerror(errno));
		free(path);
		return;
	}
	s->path[s->n++] = path;
}

static int commit(struct stage *s)
{
	for (int i = 0; i < s->n; i++) {
		if (s->status)
			file_discard(s->tmp[i]);
		else if (file_commit(s->tmp[i], s->path[i]))
			s->status = pt_error(PT_USAGE, "%s: cannot rename into place", s->path[i]);
		free(s->path[i]);
	}
	return s->status;
}

static uint8_t *state_file(const struct pkg_state *st, size_t *len)
{
	size_t blen;
	uint8_t *body = PT_ENCODE(pkg_state_encode, st, PKG_STATE_MAX, &blen);
	uint8_t *f = body ? pt_meta_build(SKY_META_STATE, body, blen, NULL, 0, len) : NULL;
	free(body);
	return f;
}

static int read_sks(const char *const *paths, int n, uint8_t (*sks)[SKY_PKG_SK_SIZE])
{
	for (int i = 0; i < n; i++)
		if (pt_read_key(paths[i], sks[i], SKY_PKG_SK_SIZE))
			return PT_USAGE;
	return 0;
}

/* Sign a trust store with the root keys and check it loads as a verifier would. */
static uint8_t *trust_file(struct pkg_trust *t, const struct pkg_trust_store *ts,
			   const uint8_t (*sks)[SKY_PKG_SK_SIZE], int nsk, uint64_t now,
			   size_t *len, int *status)
{
	size_t blen;
	uint8_t *body = PT_ENCODE(pkg_trust_store_encode, ts, PKG_TRUST_STORE_MAX, &blen);
	uint8_t *f = body ? pt_meta_build(SKY_META_TRUST, body, blen, sks, nsk, len) : NULL;
	struct pkg_err e;
	free(body);
	if (!f)
		*status = pt_error(PT_USAGE, "cannot make the trust store");
	else if (pkg_trust_load(t, f, *len, now, &e))
		*status = pt_refused("the new trust store", &e);
	if (*status) {
		free(f);
		f = NULL;
	}
	return f;
}

static int parse_policy(const char *path, struct pkg_trust_store *ts)
{
	size_t len;
	char *text = (char *)pt_read(path, &len, 1 << 20), *save;
	if (!text)
		return PT_USAGE;
	int status = 0, no = 0;
	for (char *line = strtok_r(text, "\n", &save); line && !status;
	     line = strtok_r(NULL, "\n", &save)) {
		no++;
		char *hash = strchr(line, '#'), *ws;
		if (hash)
			*hash = 0;
		char *prefix = strtok_r(line, " \t\r", &ws);
		if (!prefix)
			continue;
		if (ts->policy.count == 16 || strlen(prefix) > 64)
			status = pt_error(PT_USAGE, "%s:%d: at most 16 rules, prefixes of 64 bytes",
					  path, no);
		struct pkg_policy_rule *r = &ts->policy.items[ts->policy.count];
		if (strcmp(prefix, "*") != 0) {
			r->prefix.len = (uint16_t)strlen(prefix);
			memcpy(r->prefix.data, prefix, r->prefix.len);
		}
		for (char *c = strtok_r(NULL, " \t\r", &ws); c && !status;
		     c = strtok_r(NULL, " \t\r", &ws)) {
			if (r->checks.count == 8 || strlen(c) > 32) {
				status = pt_error(PT_USAGE, "%s:%d: at most 8 checks of 32 bytes",
						  path, no);
				break;
			}
			r->checks.items[r->checks.count].len = (uint16_t)strlen(c);
			memcpy(r->checks.items[r->checks.count++].data, c, strlen(c));
		}
		ts->policy.count++;
	}
	free(text);
	return status;
}

static int init(const struct options *o)
{
	static struct pkg_trust t;
	static struct pkg_root_keys rk;
	static struct pkg_trust_store ts;
	static uint8_t sks[4][SKY_PKG_SK_SIZE];
	static struct pkg_key_cert c;
	if (!o->nroots || !o->threshold || !o->nsigns || !o->expires || o->nfiles != 1)
		return pt_error(PT_USAGE,
				"init needs DIR, --root, --threshold, --sign and --expires");
	char *trust = pt_path(o->dir, PT_TRUST);
	struct stat sb;
	int status = 0;
	if (stat(trust, &sb) == 0)
		status = pt_error(PT_USAGE, "%s exists: the repository is made already", trust);
	free(trust);
	rk.version = 1;
	rk.threshold = (uint8_t)o->threshold;
	rk.keys.count = (uint16_t)o->nroots;
	for (int i = 0; !status && i < o->nroots; i++)
		status = pt_read_key(o->roots[i], rk.keys.items[i].key, SKY_PKG_PK_SIZE);
	if (!status)
		status = read_sks(o->signs, o->nsigns, sks);
	if (status)
		return status;
	size_t blen, rlen, tlen, slen;
	uint8_t *body = PT_ENCODE(pkg_root_keys_encode, &rk, PKG_ROOT_KEYS_MAX, &blen);
	uint8_t *roots =
		body ? pt_meta_build(SKY_META_ROOT, body, blen,
				     (const uint8_t(*)[SKY_PKG_SK_SIZE])sks, o->nsigns, &rlen)
		     : NULL;
	free(body);
	struct pkg_err e;
	if (!roots)
		status = pt_error(PT_USAGE, "cannot make the root keys file");
	else if (pkg_roots_load(&t, roots, rlen, &e))
		status = pt_refused("the root keys (do the --sign keys match --root?)", &e);
	ts.version = 1;
	ts.expires = o->expires;
	memcpy(ts.thresholds, o->thresholds, 4);
	for (int i = 0; !status && i < o->ncerts; i++) {
		size_t len;
		uint8_t *cf = pt_read(o->certs[i], &len, 1 << 16);
		if (!cf)
			status = PT_USAGE;
		else if (pkg_cert_load(&t, cf, len, o->now, &c, &e))
			status = pt_refused(o->certs[i], &e);
		free(cf);
		if (status)
			break;
		struct pkg_role_key *k = &ts.keys.items[ts.keys.count++];
		k->role = c.role;
		memcpy(k->public_key, c.public_key, SKY_PKG_PK_SIZE);
		pkg_key_id(k->public_key, k->key_id);
		k->expires = c.expires;
	}
	if (!status && o->policy)
		status = parse_policy(o->policy, &ts);
	uint8_t *tf = status ? NULL
			     : trust_file(&t, &ts, (const uint8_t(*)[SKY_PKG_SK_SIZE])sks,
					  o->nsigns, o->now, &tlen, &status);
	struct pkg_state st = { .roots_version = 1, .trust_version = 1 };
	uint8_t *sf = status ? NULL : state_file(&st, &slen);
	memset(sks, 0, sizeof sks);
	if (!status) {
		const char *sub[] = { "", "packages", "images", "results", "dicts", "roots" };
		for (int i = 0; i < 6 && !status; i++) {
			char *d = pt_path(o->dir, sub[i]);
			if (mkdir(d, 0755) && errno != EEXIST)
				status = pt_error(PT_USAGE, "%s: %s", d, strerror(errno));
			free(d);
		}
	}
	struct stage s = { .status = status };
	if (!status) {
		stage(&s, pt_path(o->dir, PT_ROOTS), roots, rlen);
		stage(&s, pt_path(o->dir, PT_TRUST), tf, tlen);
		stage(&s, pt_path(o->dir, PT_STATE), sf, slen);
	}
	status = commit(&s);
	free(roots);
	free(tf);
	free(sf);
	return status;
}

/* The digest and size of a package file's signed region (after a structural check). */
static bool package_id(const uint8_t *in, size_t len, struct pkg_manifest *m, uint8_t digest[64],
		       size_t *signed_len)
{
	struct pkg_skm p;
	struct pkg_err e;
	if (pkg_skm_open(&p, in, len, &e) || pkg_manifest_read(m, p.manifest, p.manifest_len, &e))
		return false;
	pkg_digest(in, p.signed_len, digest);
	*signed_len = p.signed_len;
	return true;
}

/* Call fn for each file of DIR/SUB; stops at the first non-zero status. */
static int each_file(const char *dir, const char *sub,
		     int (*fn)(const char *path, const uint8_t *in, size_t len, void *arg),
		     void *arg)
{
	char *d = pt_path(dir, sub);
	struct dirent **names;
	int n = scandir(d, &names, NULL, alphasort), status = 0;
	if (n < 0)
		status = pt_error(PT_USAGE, "%s: %s", d, strerror(errno));
	for (int i = 0; i < n; i++) {
		if (!status && names[i]->d_name[0] != '.') {
			char *f = pt_path(d, names[i]->d_name);
			size_t len;
			uint8_t *in = pt_read(f, &len, FILE_MAX);
			status = in ? fn(f, in, len, arg) : PT_USAGE;
			free(in);
			free(f);
		}
		free(names[i]);
	}
	free(names);
	free(d);
	return status;
}

struct find_digest {
	const uint8_t *digest;
	bool found;
};

static int match_package(const char *path, const uint8_t *in, size_t len, void *arg)
{
	static struct pkg_manifest m;
	struct find_digest *f = arg;
	uint8_t digest[64];
	size_t sl;
	(void)path;
	if (package_id(in, len, &m, digest, &sl) && !memcmp(digest, f->digest, 64))
		f->found = true;
	return 0;
}

/* Admit FILE to DIR: same name and version must be the same bytes or absent. */
static void stage_new(struct stage *s, const char *dir, const char *sub, const char *name,
		      const uint8_t *in, size_t len)
{
	char *rel = malloc(strlen(sub) + strlen(name) + 2);
	sprintf(rel, "%s/%s", sub, name);
	char *path = pt_path(dir, rel);
	free(rel);
	size_t old_len;
	const char *why;
	uint8_t *old = file_read(path, &old_len, FILE_MAX, &why);
	if (old && (old_len != len || memcmp(old, in, len) != 0)) {
		s->status = pt_error(PT_REFUSED,
				     "%s: another file of this name and version is in the "
				     "repository; versions are never reused",
				     path);
		free(path);
	} else if (!old) {
		stage(s, path, in, len);
	} else {
		free(path);
	}
	free(old);
}

static int add(const struct options *o)
{
	static struct pkg_repo r;
	static struct image_descriptor d;
	static uint8_t work[256 << 10];
	if (o->nfiles < 2)
		return pt_error(PT_USAGE, "add needs DIR and a package or image file");
	int status = pt_repo_open(o->dir, NULL, o->now, PKG_L_KEEPER, &r);
	size_t len, slen;
	uint8_t *in = status ? NULL : pt_read(o->files[1], &len, FILE_MAX);
	if (!in)
		return status ? status : PT_USAGE;
	struct pkg_err e;
	struct stage s = { 0 };
	char name[128], ver[32];
	if (len >= 8 && !memcmp(in, SKY_META_IMAGE, 8)) {
		uint8_t digest[64];
		size_t sl;
		if (pkg_verify_image(&r, in, len, o->now, 0, &d, digest, &sl, &e))
			status = pt_refused(o->files[1], &e);
		for (uint32_t i = 0; !status && i < d.modules.count; i++) {
			struct find_digest f = { d.modules.items[i].digest, false };
			status = each_file(o->dir, "packages", match_package, &f);
			if (!status && !f.found)
				status = pt_error(
					PT_REFUSED,
					"%s: module %.*s is not a package of the repository",
					o->files[1], d.modules.items[i].package.len,
					d.modules.items[i].package.data);
		}
		pkg_version_str(&d.version, ver, sizeof ver);
		snprintf(name, sizeof name, "%.*s-%s.ski", d.name.len, d.name.data, ver);
		s.status = status;
		if (!status) {
			stage_new(&s, o->dir, "images", name, in, len);
			pkg_seen_note(&r.state, true, d.name.data, d.name.len, &d.version);
		}
	} else {
		static struct pkg_verified v;
		struct zstd_params zp;
		uint8_t *elf = malloc(SKY_PKG_ELF_MAX);
		const uint8_t *results[MANY];
		size_t lens[MANY];
		int nres = 0;
		status = elf ? pt_dicts_load(o->dir, &zp) : PT_USAGE;
		if (!status && pkg_verify_package(&r, in, len, o->now, PKG_V_CONTENT, elf,
						  SKY_PKG_ELF_MAX, work, sizeof work, &zp, &v, &e))
			status = pt_refused(o->files[1], &e);
		free(elf);
		for (int i = 2; !status && i < o->nfiles; i++) {
			uint8_t *rf = pt_read(o->files[i], &lens[nres], 1 << 16);
			if (!rf)
				status = PT_USAGE;
			else
				results[nres++] = rf;
		}
		if (!status &&
		    pkg_gate_check(&r.trust, &v, results, lens, (uint32_t)nres, o->now, &e))
			status = pt_refused(o->files[1], &e);
		pkg_version_str(&v.manifest.version, ver, sizeof ver);
		snprintf(name, sizeof name, "%.*s-%s.skm", v.manifest.name.len,
			 v.manifest.name.data, ver);
		s.status = status;
		if (!status)
			stage_new(&s, o->dir, "packages", name, in, len);
		/* The results go along, as the record of why the package was admitted. */
		for (int i = 0; i < nres; i++) {
			char rel[200];
			snprintf(rel, sizeof rel, "results/%.*s-%s.%d.skv", v.manifest.name.len,
				 v.manifest.name.data, ver, i);
			if (!s.status)
				stage(&s, pt_path(o->dir, rel), results[i], lens[i]);
		}
		for (int i = 0; i < nres; i++)
			free((void *)results[i]);
		if (!s.status)
			pkg_seen_note(&r.state, false, v.manifest.name.data, v.manifest.name.len,
				      &v.manifest.version);
	}
	uint8_t *sf = s.status ? NULL : state_file(&r.state, &slen);
	if (!s.status)
		stage(&s, pt_path(o->dir, PT_STATE), sf, slen);
	status = commit(&s);
	if (!status)
		printf("%s: admitted as %s\n", o->files[1], name);
	free(sf);
	free(in);
	return status;
}

struct listing {
	struct pkg_snapshot *snap;
};

static int list_package(const char *path, const uint8_t *in, size_t len, void *arg)
{
	static struct pkg_manifest m;
	struct pkg_snapshot *sn = arg;
	size_t sl;
	if (sn->packages.count == 256)
		return pt_error(PT_USAGE, "more than 256 packages");
	struct pkg_entry *en = &sn->packages.items[sn->packages.count];
	if (!package_id(in, len, &m, en->digest, &sl))
		return pt_error(PT_USAGE, "%s: not a package", path);
	en->name.len = m.name.len;
	memcpy(en->name.data, m.name.data, m.name.len);
	en->version = m.version;
	en->size = sl;
	sn->packages.count++;
	return 0;
}

static int list_image(const char *path, const uint8_t *in, size_t len, void *arg)
{
	static struct image_descriptor d;
	struct pkg_snapshot *sn = arg;
	struct pkg_meta m;
	struct pkg_err e;
	if (sn->images.count == 64)
		return pt_error(PT_USAGE, "more than 64 images");
	struct pkg_entry *en = &sn->images.items[sn->images.count];
	struct sila_msg msg;
	if (pkg_meta_open(&m, SKY_META_IMAGE, in, len, &e) ||
	    (msg = pkg_meta_msg(&m), image_descriptor_decode(&d, &msg, NULL)))
		return pt_error(PT_USAGE, "%s: not an image bundle", path);
	pkg_digest(in, m.signed_len, en->digest);
	en->size = m.signed_len;
	en->name.len = d.name.len;
	memcpy(en->name.data, d.name.data, d.name.len);
	en->version = d.version;
	sn->images.count++;
	return 0;
}

static int snapshot(const struct options *o)
{
	static struct pkg_repo r;
	static struct pkg_snapshot sn;
	static uint8_t sks[4][SKY_PKG_SK_SIZE];
	if (!o->nkeys || !o->expires || o->nfiles != 1)
		return pt_error(PT_USAGE, "snapshot needs DIR, --key and --expires");
	int status = pt_repo_open(o->dir, NULL, o->now, PKG_L_KEEPER, &r);
	if (!status)
		status = read_sks(o->keys, o->nkeys, sks);
	if (status)
		return status;
	memset(&sn, 0, sizeof sn);
	uint64_t last = r.state.snapshot_version;
	if (r.have_snapshot && r.snap.version > last)
		last = r.snap.version;
	sn.version = last + 1;
	sn.issued = o->now;
	sn.expires = o->expires;
	sn.trust_version = r.trust.store.version;
	status = each_file(o->dir, "packages", list_package, &sn);
	if (!status)
		status = each_file(o->dir, "images", list_image, &sn);
	size_t blen, flen, slen;
	uint8_t *body =
		status ? NULL : PT_ENCODE(pkg_snapshot_encode, &sn, PKG_SNAPSHOT_MAX, &blen);
	uint8_t *f = body ? pt_meta_build(SKY_META_SNAPSHOT, body, blen,
					  (const uint8_t(*)[SKY_PKG_SK_SIZE])sks, o->nkeys, &flen)
			  : NULL;
	memset(sks, 0, sizeof sks);
	struct pkg_meta m;
	struct pkg_err e;
	if (!status && !f)
		status = pt_error(PT_USAGE, "cannot make the snapshot");
	/* Refuse to write what a verifier would refuse (wrong keys, too few). */
	if (!status &&
	    (pkg_meta_open(&m, SKY_META_SNAPSHOT, f, flen, &e) ||
	     pkg_trust_check(&r.trust, PKG_ROLE_SNAPSHOT, SKY_META_SNAPSHOT, &m, f, o->now, &e)))
		status = pt_refused("the new snapshot", &e);
	r.state.snapshot_version = sn.version;
	uint8_t *sf = status ? NULL : state_file(&r.state, &slen);
	struct stage s = { .status = status };
	stage(&s, pt_path(o->dir, PT_SNAPSHOT), f, flen);
	stage(&s, pt_path(o->dir, PT_STATE), sf, slen);
	status = commit(&s);
	if (!status)
		printf("%s: snapshot %llu: %u packages, %u images, expires %llu\n", o->dir,
		       (unsigned long long)sn.version, sn.packages.count, sn.images.count,
		       (unsigned long long)sn.expires);
	free(body);
	free(f);
	free(sf);
	return status;
}

/* Write trust store version + 1 (made by change()), signed by the --sign root keys. */
static int new_trust(const struct options *o, struct pkg_repo *r, struct pkg_trust_store *ts)
{
	static uint8_t sks[4][SKY_PKG_SK_SIZE];
	static struct pkg_trust t;
	if (!o->nsigns)
		return pt_error(PT_USAGE, "--sign ROOT.sec is required");
	int status = read_sks(o->signs, o->nsigns, sks);
	if (status)
		return status;
	ts->version = r->trust.store.version + 1;
	if (o->expires)
		ts->expires = o->expires;
	t = r->trust; /* the same anchor */
	size_t tlen, slen;
	uint8_t *tf = trust_file(&t, ts, (const uint8_t(*)[SKY_PKG_SK_SIZE])sks, o->nsigns, o->now,
				 &tlen, &status);
	memset(sks, 0, sizeof sks);
	r->state.trust_version = ts->version;
	uint8_t *sf = status ? NULL : state_file(&r->state, &slen);
	struct stage s = { .status = status };
	stage(&s, pt_path(o->dir, PT_TRUST), tf, tlen);
	stage(&s, pt_path(o->dir, PT_STATE), sf, slen);
	status = commit(&s);
	if (!status)
		printf("%s: trust store version %llu\n", o->dir, (unsigned long long)ts->version);
	free(tf);
	free(sf);
	return status;
}

static int rotate(const struct options *o)
{
	static struct pkg_repo r;
	static struct pkg_trust_store ts;
	static struct pkg_key_cert c;
	if (!o->ncerts || o->nfiles != 1)
		return pt_error(PT_USAGE, "rotate needs DIR and --cert NEW.crt");
	int status = pt_repo_open(o->dir, NULL, o->now, PKG_L_KEEPER, &r);
	size_t len;
	uint8_t *cf = status ? NULL : pt_read(o->certs[0], &len, 1 << 16);
	struct pkg_err e;
	if (!cf)
		return status ? status : PT_USAGE;
	if (pkg_cert_load(&r.trust, cf, len, o->now, &c, &e))
		status = pt_refused(o->certs[0], &e);
	free(cf);
	ts = r.trust.store;
	uint8_t id[SKY_PKG_KEY_ID_SIZE];
	pkg_key_id(c.public_key, id);
	if (!status && pkg_trust_key(&ts, id))
		status =
			pt_error(PT_USAGE, "%s: the trust store has this key already", o->certs[0]);
	if (!status && ts.keys.count == 16)
		status = pt_error(PT_USAGE, "the trust store holds 16 keys; revoke one first");
	if (status)
		return status;
	/* The old keys keep counting until what the current snapshot lists expires. */
	uint64_t until = r.have_snapshot ? r.snap.expires : o->now;
	for (uint32_t i = 0; i < ts.keys.count; i++)
		if (ts.keys.items[i].role == c.role && !ts.keys.items[i].retired_until)
			ts.keys.items[i].retired_until = until;
	struct pkg_role_key *k = &ts.keys.items[ts.keys.count++];
	memset(k, 0, sizeof *k);
	k->role = c.role;
	memcpy(k->public_key, c.public_key, SKY_PKG_PK_SIZE);
	memcpy(k->key_id, id, sizeof id);
	k->expires = c.expires;
	return new_trust(o, &r, &ts);
}

static int revoke(const struct options *o)
{
	static struct pkg_repo r;
	static struct pkg_trust_store ts;
	static uint8_t pk[SKY_PKG_PK_SIZE];
	if (!o->nkeys || o->nfiles != 1)
		return pt_error(PT_USAGE, "revoke needs DIR and --key K.pub");
	int status = pt_repo_open(o->dir, NULL, o->now, PKG_L_KEEPER, &r);
	if (!status)
		status = pt_read_key(o->keys[0], pk, sizeof pk);
	if (status)
		return status;
	ts = r.trust.store;
	uint8_t id[SKY_PKG_KEY_ID_SIZE];
	pkg_key_id(pk, id);
	for (uint32_t i = 0; i < ts.revoked.count; i++)
		if (!memcmp(ts.revoked.items[i].id, id, sizeof id))
			return pt_error(PT_USAGE, "%s is revoked already", o->keys[0]);
	if (ts.revoked.count == 64)
		return pt_error(PT_USAGE, "the revocation list is full");
	memcpy(ts.revoked.items[ts.revoked.count++].id, id, sizeof id);
	/* A revoked key leaves the store; its id stays on the list. */
	for (uint32_t i = 0; i < ts.keys.count; i++)
		if (!memcmp(ts.keys.items[i].key_id, id, sizeof id)) {
			ts.keys.items[i] = ts.keys.items[--ts.keys.count];
			break;
		}
	return new_trust(o, &r, &ts);
}

/*
 * A root rotation: root keys version + 1, signed by the --sign keys (which
 * must include the old threshold and the new one), and the trust store
 * re-signed by those of them that are new roots.
 */
static int rotate_root(const struct options *o)
{
	static struct pkg_repo r;
	static struct pkg_root_keys rk;
	static struct pkg_trust t;
	static struct pkg_trust_store ts;
	static uint8_t sks[4][SKY_PKG_SK_SIZE], new_sks[4][SKY_PKG_SK_SIZE];
	if (!o->nroots || !o->threshold || !o->nsigns || o->nfiles != 1)
		return pt_error(PT_USAGE, "rotate-root needs DIR, --root, --threshold and --sign");
	int status = pt_repo_open(o->dir, NULL, o->now, PKG_L_KEEPER, &r);
	if (!status)
		status = read_sks(o->signs, o->nsigns, sks);
	memset(&rk, 0, sizeof rk);
	rk.version = r.trust.roots.version + 1;
	rk.threshold = (uint8_t)o->threshold;
	rk.keys.count = (uint16_t)o->nroots;
	for (int i = 0; !status && i < o->nroots; i++)
		status = pt_read_key(o->roots[i], rk.keys.items[i].key, SKY_PKG_PK_SIZE);
	if (status)
		return status;
	size_t blen, rlen, tlen, slen;
	uint8_t *body = PT_ENCODE(pkg_root_keys_encode, &rk, PKG_ROOT_KEYS_MAX, &blen);
	uint8_t *rf = body ? pt_meta_build(SKY_META_ROOT, body, blen,
					   (const uint8_t(*)[SKY_PKG_SK_SIZE])sks, o->nsigns, &rlen)
			   : NULL;
	free(body);
	struct pkg_err e;
	t = r.trust;
	if (!rf)
		status = pt_error(PT_USAGE, "cannot make the root keys");
	else if (pkg_roots_advance(&t, rf, rlen, &e))
		status = pt_refused("the new root keys", &e);
	/* The trust store, once more, under the new roots. */
	int nnew = 0;
	for (int i = 0; !status && i < o->nsigns; i++) {
		uint8_t id[SKY_PKG_KEY_ID_SIZE];
		pkg_sk_key_id(sks[i], id);
		for (uint32_t k = 0; k < rk.keys.count; k++)
			if (!memcmp(id, t.root_ids[k], sizeof id))
				memcpy(new_sks[nnew++], sks[i], SKY_PKG_SK_SIZE);
	}
	ts = r.trust.store;
	ts.version++;
	if (o->expires)
		ts.expires = o->expires;
	uint8_t *tf = status ? NULL
			     : trust_file(&t, &ts, (const uint8_t(*)[SKY_PKG_SK_SIZE])new_sks, nnew,
					  o->now, &tlen, &status);
	memset(sks, 0, sizeof sks);
	memset(new_sks, 0, sizeof new_sks);
	r.state.roots_version = rk.version;
	r.state.trust_version = ts.version;
	uint8_t *sf = status ? NULL : state_file(&r.state, &slen);
	char chain_name[64];
	snprintf(chain_name, sizeof chain_name, "roots/root-%06llu.skr",
		 (unsigned long long)rk.version);
	struct stage s = { .status = status };
	stage(&s, pt_path(o->dir, chain_name), rf, rlen);
	stage(&s, pt_path(o->dir, PT_ROOTS), rf, rlen);
	stage(&s, pt_path(o->dir, PT_TRUST), tf, tlen);
	stage(&s, pt_path(o->dir, PT_STATE), sf, slen);
	status = commit(&s);
	if (!status)
		printf("%s: root keys version %llu, trust store version %llu\n", o->dir,
		       (unsigned long long)rk.version, (unsigned long long)ts.version);
	free(rf);
	free(tf);
	free(sf);
	return status;
}

int main(int argc, char **argv)
{
	pt_prog = "skyrepo";
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc < 2)
		return pt_error(PT_USAGE, "no command (skyrepo --help)");
	struct options o;
	int status = parse(argc, argv, &o);
	if (status)
		return status;
	const char *c = argv[1];
	if (!strcmp(c, "init"))
		return init(&o);
	if (!strcmp(c, "add"))
		return add(&o);
	if (!strcmp(c, "snapshot"))
		return snapshot(&o);
	if (!strcmp(c, "rotate"))
		return rotate(&o);
	if (!strcmp(c, "rotate-root"))
		return rotate_root(&o);
	if (!strcmp(c, "revoke"))
		return revoke(&o);
	return pt_error(PT_USAGE, "unknown command '%s' (skyrepo --help)", c);
}
