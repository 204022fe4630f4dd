/*
 * fuzz_pkg — lib/pkg's parsers on arbitrary bytes: the package layout and
 * its manifest, every kind of signed metadata file with its SILA record
 * (root keys, trust store, certificate, snapshot, result, image
 * descriptor, state), and the whole package verification against the
 * example repository (FUZZ_PKG_REPO, e.g. build/repo). They must return
 * cleanly, and what they accept must lie inside the input and add up.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/sha3.h"
#include "pkg/pkg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct pkg_repo repo;
static int have_repo = -1;
static uint8_t elf[1 << 20], work[256 << 10];

static uint8_t *slurp(const char *dir, const char *name, size_t *len)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	uint8_t *p = malloc(1 << 17);
	*len = f && p ? fread(p, 1, 1 << 17, f) : 0;
	if (f)
		fclose(f);
	return p;
}

/* The repository the verification runs against; checked at time 1 so it never expires. */
static void load_repo(void)
{
	const char *dir = getenv("FUZZ_PKG_REPO");
	have_repo = 0;
	if (!dir)
		return;
	struct pkg_repo_files f;
	memset(&f, 0, sizeof f);
	f.roots = slurp(dir, "root.skr", &f.roots_len);
	f.trust = slurp(dir, "trust.skt", &f.trust_len);
	f.snapshot = slurp(dir, "snapshot.sks", &f.snapshot_len);
	f.state = NULL;
	f.state_len = 0;
	struct pkg_err e;
	have_repo = pkg_repo_load(&repo, &f, 1, 0, &e) == 0;
	if (!have_repo) {
		fprintf(stderr, "fuzz_pkg: %s: %s\n", dir, e.why);
		abort();
	}
	free((void *)f.roots);
	free((void *)f.trust);
	free((void *)f.snapshot);
}

static void package(const uint8_t *data, size_t size)
{
	struct pkg_skm p;
	struct pkg_err e;
	if (pkg_skm_open(&p, data, size, &e) == 0) {
		if (p.manifest != data + SKY_PKG_HEADER_SIZE ||
		    p.payload != p.manifest + p.manifest_len ||
		    p.signed_len + 4 + (size_t)p.sigs.count * SKY_PKG_SIG_ENTRY != size ||
		    p.cmh.compressed_size + SKY_CMH_SIZE != p.payload_len)
			abort();
		static struct pkg_manifest m;
		if (pkg_manifest_read(&m, p.manifest, p.manifest_len, &e) == 0 &&
		    (m.name.len > sizeof m.name.data || m.requires.count > 32))
			abort();
	}
	if (!have_repo)
		return;
	static struct pkg_verified v;
	if (pkg_verify_package(&repo, data, size, 1, PKG_V_SNAPSHOT | PKG_V_CONTENT, elf,
			       sizeof elf, work, sizeof work, NULL, &v, &e) == 0) {
		uint8_t h[64];
		sha3_512(elf, v.elf_len, h);
		if (pkg_skm_open(&p, data, size, &e) || v.elf_len != p.cmh.decompressed_size ||
		    memcmp(h, p.cmh.sha3_512, 64) != 0)
			abort();
	} else if (e.reason <= PKG_OK || e.reason >= PKG_R_COUNT || !e.why[0]) {
		abort();
	}
}

#define DECODE(magic, type, fn)                                                                    \
	do {                                                                                       \
		static type v_;                                                                    \
		struct pkg_meta m_;                                                                \
		if (pkg_meta_open(&m_, magic, data, size, &e) == 0) {                              \
			if (m_.signed_len + 4 + (size_t)m_.sigs.count * SKY_PKG_SIG_ENTRY != size) \
				abort();                                                           \
			struct sila_msg msg_ = pkg_meta_msg(&m_);                                  \
			(void)fn(&v_, &msg_, NULL);                                                \
		}                                                                                  \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pkg_err e;
	if (have_repo < 0)
		load_repo();
	package(data, size);
	DECODE(SKY_META_ROOT, struct pkg_root_keys, pkg_root_keys_decode);
	DECODE(SKY_META_TRUST, struct pkg_trust_store, pkg_trust_store_decode);
	DECODE(SKY_META_CERT, struct pkg_key_cert, pkg_key_cert_decode);
	DECODE(SKY_META_SNAPSHOT, struct pkg_snapshot, pkg_snapshot_decode);
	DECODE(SKY_META_RESULT, struct pkg_verification_result, pkg_verification_result_decode);
	DECODE(SKY_META_IMAGE, struct image_descriptor, image_descriptor_decode);
	static struct pkg_state st;
	(void)pkg_state_load(&st, data, size, &e);
	if (have_repo) {
		static struct image_descriptor d;
		uint8_t digest[64];
		size_t sl;
		if (pkg_verify_image(&repo, data, size, 1, PKG_V_SNAPSHOT, &d, digest, &sl, &e) ==
			    0 &&
		    (sl > size || d.modules.count > 16))
			abort();
		/* Any of these, as a trust store or a root rotation, must be refused or
		 * taken cleanly. */
		static struct pkg_trust t;
		t = repo.trust;
		(void)pkg_trust_load(&t, data, size, 1, &e);
		t = repo.trust;
		if (pkg_roots_advance(&t, data, size, &e) == 0 &&
		    t.roots.version != repo.trust.roots.version + 1)
			abort();
	}
	return 0;
}
