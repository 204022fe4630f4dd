/*
 * verify.c — the whole verification of what a repository serves, in the
 * order that keeps untrusted bytes away from the expensive and complex
 * code: sizes and structure, then signatures, then the signed records
 * (manifest, snapshot entry, highest-seen version), then decompression,
 * then the content hash. The host tools and the module manager call
 * exactly these functions.
 */
#include "pkg/pkg.h"

#include "base/string.h"
#include "crypto/sha3.h"

/* The snapshot: signed by snapshot keys, not rolled back, unexpired, made under this trust store.
 */
static int snapshot_load(struct pkg_repo *r, const struct pkg_repo_files *f, uint64_t now,
			 struct pkg_err *e)
{
	struct pkg_meta m;
	int err = pkg_meta_open(&m, SKY_META_SNAPSHOT, f->snapshot, f->snapshot_len, e);
	if (!err)
		err = pkg_trust_check(&r->trust, PKG_ROLE_SNAPSHOT, SKY_META_SNAPSHOT, &m,
				      f->snapshot, now, e);
	if (err)
		return err;
	struct sila_msg msg = pkg_meta_msg(&m);
	struct sila_where where = { 0, "" };
	if (pkg_snapshot_decode(&r->snap, &msg, &where))
		return pkg_fail(e, PKG_R_MALFORMED, "snapshot: bad field '%s' at byte %u",
				where.field, where.offset);
	const struct pkg_snapshot *s = &r->snap;
	if (s->version < r->state.snapshot_version)
		return pkg_fail(e, PKG_R_ROLLBACK,
				"snapshot version %llu is older than %llu, the highest seen",
				(unsigned long long)s->version,
				(unsigned long long)r->state.snapshot_version);
	if (now >= s->expires)
		return pkg_fail(e, PKG_R_EXPIRED,
				"snapshot %llu expired at %llu (frozen repository)",
				(unsigned long long)s->version, (unsigned long long)s->expires);
	if (s->trust_version > r->trust.store.version)
		return pkg_fail(e, PKG_R_NOT_IN_SNAPSHOT,
				"snapshot %llu was made under trust store %llu; this one is %llu",
				(unsigned long long)s->version,
				(unsigned long long)s->trust_version,
				(unsigned long long)r->trust.store.version);
	return 0;
}

int pkg_repo_load(struct pkg_repo *r, const struct pkg_repo_files *f, uint64_t now, unsigned flags,
		  struct pkg_err *e)
{
	r->have_snapshot = false;
	int err = pkg_roots_load(&r->trust, f->roots, f->roots_len, e);
	for (uint32_t i = 0; !err && i < f->root_chain_count; i++)
		if (pkg_roots_version(f->root_chain[i], f->root_chain_lens[i]) >
		    r->trust.roots.version)
			err = pkg_roots_advance(&r->trust, f->root_chain[i], f->root_chain_lens[i],
						e);
	if (!err)
		err = pkg_state_load(&r->state, f->state, f->state ? f->state_len : 0, e);
	if (!err && r->trust.roots.version < r->state.roots_version)
		err = pkg_fail(e, PKG_R_ROLLBACK,
			       "root keys version %llu are older than %llu, the highest seen",
			       (unsigned long long)r->trust.roots.version,
			       (unsigned long long)r->state.roots_version);
	if (!err)
		err = pkg_trust_load(&r->trust, f->trust, f->trust_len, now, e);
	if (err == -PKG_R_EXPIRED && (flags & PKG_L_KEEPER) && r->trust.have_store)
		err = 0;
	if (err)
		return err;
	const struct pkg_trust_store *ts = &r->trust.store;
	if (ts->version < r->state.trust_version)
		return pkg_fail(e, PKG_R_ROLLBACK,
				"trust store version %llu is older than %llu, the highest seen",
				(unsigned long long)ts->version,
				(unsigned long long)r->state.trust_version);
	if (!f->snapshot)
		return 0;
	err = snapshot_load(r, f, now, e);
	if (err && (flags & PKG_L_KEEPER))
		return 0; /* the keeper makes a new one; the state keeps the numbering */
	r->have_snapshot = err == 0;
	return err;
}

/* Decompress and hash: the only steps that touch the payload's frames. */
static int unpack(const struct pkg_skm *p, uint8_t *elf, size_t elf_cap, void *work,
		  size_t work_size, const struct zstd_params *zp, size_t *elf_len,
		  struct pkg_err *e)
{
	const char *why;
	if (p->cmh.decompressed_size > elf_cap)
		return pkg_fail(e, PKG_R_TOO_LARGE,
				"declares a %llu-byte module; this verifier holds %zu",
				(unsigned long long)p->cmh.decompressed_size, elf_cap);
	if (compress_unwrap(p->payload, p->payload_len, elf, elf_cap, elf_len, work, work_size, zp,
			    &why))
		return pkg_fail(e, PKG_R_CONTENT, "payload: %s", why);
	return 0;
}

int pkg_verify_package(const struct pkg_repo *r, const uint8_t *in, size_t len, uint64_t now,
		       unsigned flags, uint8_t *elf, size_t elf_cap, void *work, size_t work_size,
		       const struct zstd_params *zp, struct pkg_verified *out, struct pkg_err *e)
{
	struct pkg_skm p;
	memset(out, 0, sizeof *out);
	int err = pkg_skm_open(&p, in, len, e);
	if (err)
		return err;
	if ((flags & PKG_V_CONTENT) && p.cmh.decompressed_size > elf_cap)
		return pkg_fail(e, PKG_R_TOO_LARGE,
				"declares a %llu-byte module; this verifier holds %zu",
				(unsigned long long)p.cmh.decompressed_size, elf_cap);
	pkg_digest(in, p.signed_len, out->digest);
	out->signed_len = p.signed_len;
	if (!r->trust.have_store)
		return pkg_fail(e, PKG_R_UNKNOWN_KEY, "no trust store");
	err = pkg_sigs_check(&r->trust.role_set, PKG_ROLE_PACKAGE,
			     r->trust.store.thresholds[PKG_ROLE_PACKAGE - 1], SKY_PKG_MAGIC,
			     out->digest, sizeof out->digest, &p.sigs, now, e);
	if (!err)
		err = pkg_manifest_read(&out->manifest, p.manifest, p.manifest_len, e);
	const struct pkg_manifest *m = &out->manifest;
	if (!err && (flags & PKG_V_SNAPSHOT) && !r->have_snapshot)
		err = pkg_fail(e, PKG_R_NOT_IN_SNAPSHOT, "the repository has no snapshot");
	if (!err && (flags & PKG_V_SNAPSHOT))
		err = pkg_snapshot_check(&r->snap, false, m->name.data, m->name.len, &m->version,
					 p.signed_len, out->digest, e);
	if (!err)
		err = pkg_seen_check(&r->state, false, m->name.data, m->name.len, &m->version, e);
	if (!err && (flags & PKG_V_CONTENT))
		err = unpack(&p, elf, elf_cap, work, work_size, zp, &out->elf_len, e);
	return err;
}

int pkg_verify_image(const struct pkg_repo *r, const uint8_t *in, size_t len, uint64_t now,
		     unsigned flags, struct image_descriptor *d, uint8_t digest[64],
		     size_t *signed_len, struct pkg_err *e)
{
	struct pkg_meta m;
	int err = pkg_meta_open(&m, SKY_META_IMAGE, in, len, e);
	if (err)
		return err;
	pkg_digest(in, m.signed_len, digest);
	*signed_len = m.signed_len;
	err = pkg_trust_check(&r->trust, PKG_ROLE_IMAGE, SKY_META_IMAGE, &m, in, now, e);
	if (err)
		return err;
	struct sila_msg msg = pkg_meta_msg(&m);
	struct sila_where where = { 0, "" };
	if (image_descriptor_decode(d, &msg, &where))
		return pkg_fail(e, PKG_R_MALFORMED, "image descriptor: bad field '%s' at byte %u",
				where.field, where.offset);
	if (!pkg_name_valid(d->name.data, d->name.len))
		return pkg_fail(e, PKG_R_MALFORMED, "image descriptor: bad name");
	if (flags & PKG_V_SNAPSHOT) {
		if (!r->have_snapshot)
			return pkg_fail(e, PKG_R_NOT_IN_SNAPSHOT, "the repository has no snapshot");
		err = pkg_snapshot_check(&r->snap, true, d->name.data, d->name.len, &d->version,
					 m.signed_len, digest, e);
		/* Every module must be a package the same snapshot pins. */
		for (uint32_t i = 0; !err && i < d->modules.count; i++) {
			const struct image_module *mod = &d->modules.items[i];
			const struct pkg_snapshot *s = &r->snap;
			uint32_t j = 0;
			while (j < s->packages.count &&
			       (memcmp(s->packages.items[j].digest, mod->digest, 64) != 0 ||
				s->packages.items[j].name.len != mod->package.len ||
				memcmp(s->packages.items[j].name.data, mod->package.data,
				       mod->package.len) != 0))
				j++;
			if (j == s->packages.count)
				err = pkg_fail(e, PKG_R_NOT_IN_SNAPSHOT,
					       "module %.*s: snapshot %llu pins no package of "
					       "that name with its digest",
					       (int)mod->package.len, mod->package.data,
					       (unsigned long long)s->version);
		}
	}
	if (!err)
		err = pkg_seen_check(&r->state, true, d->name.data, d->name.len, &d->version, e);
	return err;
}
