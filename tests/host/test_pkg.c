/*
 * test_pkg — lib/pkg on packages, trust stores and snapshots built here in
 * memory from fixed-seed keys: the round trip, every truncation and every
 * bit flip of a package's header, manifest and compression header refused,
 * thresholds, duplicate signers, retired and revoked keys, rollback, the
 * snapshot's pins, the promotion gate's rules, and a refused verification
 * leaving nothing in the output buffer. (tests/pkg/run.sh drives the tools.)
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "crypto/mldsa.h"
#include "crypto/sha3.h"
#include "pkg/pkg.h"

#define NOW 1000000
enum { ROOT1, ROOT2, PKG1, PKG2, SNAP, PROMO, IMG, ROGUE, NKEYS };
static uint8_t pk[NKEYS][SKY_PKG_PK_SIZE], sk[NKEYS][SKY_PKG_SK_SIZE];
static const uint8_t zero_rnd[32];
static uint8_t content[3000], elf[4096], work[256 << 10];
static struct pkg_repo repo;
static struct pkg_trust_store ts;
static struct pkg_snapshot snap;
static struct pkg_root_keys roots;
static unsigned load_flags; /* PKG_L_* for load() */

static void keys(void)
{
	for (int i = 0; i < NKEYS; i++) {
		uint8_t seed[32];
		memset(seed, 0x40 + i, sizeof seed);
		mldsa_keygen(87, seed, pk[i], sk[i]);
	}
	for (size_t i = 0; i < sizeof content; i++)
		content[i] = (uint8_t)(i * 7 + (i >> 5));
}

/* A metadata file of body (encoded by the caller) signed by the keys listed (-1 ends). */
static uint8_t *meta(const char magic[8], const uint8_t *body, size_t blen, const int *signers,
		     size_t *len)
{
	int n = 0;
	while (signers && signers[n] >= 0)
		n++;
	size_t sl = SKY_META_HEADER_SIZE + blen;
	*len = sl + 4 + (size_t)n * SKY_PKG_SIG_ENTRY;
	uint8_t *f = calloc(1, *len);
	pkg_meta_header_write(f, magic, (uint32_t)blen);
	memcpy(f + SKY_META_HEADER_SIZE, body, blen);
	pkg_put_le(f + sl, (uint64_t)n, 4);
	for (int i = 0; i < n; i++)
		pkg_sign(sk[signers[i]], magic, f, sl, zero_rnd,
			 f + sl + 4 + i * SKY_PKG_SIG_ENTRY);
	return f;
}

#define ENCODE(fn, v, buf)                                                                         \
	({                                                                                         \
		struct sila_msg m_ = { .data = (buf), .space = sizeof(buf) };                      \
		EXPECT(fn((v), &m_) == 0);                                                         \
		(size_t) m_.len;                                                                   \
	})

static uint8_t body[64 << 10];

static void role_key(int k, uint8_t role, uint64_t retired)
{
	struct pkg_role_key *r = &ts.keys.items[ts.keys.count++];
	r->role = role;
	memcpy(r->public_key, pk[k], SKY_PKG_PK_SIZE);
	pkg_key_id(pk[k], r->key_id);
	r->expires = NOW * 2;
	r->retired_until = retired;
}

/* The standard trust store: one key per role, PKG2 retired until NOW + 10. */
static void default_store(void)
{
	memset(&ts, 0, sizeof ts);
	ts.version = 3;
	ts.expires = NOW * 2;
	memset(ts.thresholds, 1, 4);
	role_key(PKG1, PKG_ROLE_PACKAGE, 0);
	role_key(PKG2, PKG_ROLE_PACKAGE, NOW + 10);
	role_key(SNAP, PKG_ROLE_SNAPSHOT, 0);
	role_key(PROMO, PKG_ROLE_PROMOTION, 0);
	role_key(IMG, PKG_ROLE_IMAGE, 0);
}

/* Load roots (ROOT1, ROOT2, threshold 2), ts and snap into repo; returns the status. */
static int load(uint64_t now, struct pkg_err *e)
{
	static const int both[] = { ROOT1, ROOT2, -1 }, snapper[] = { SNAP, -1 };
	memset(&roots, 0, sizeof roots);
	roots.version = 1;
	roots.threshold = 2;
	roots.keys.count = 2;
	memcpy(roots.keys.items[0].key, pk[ROOT1], SKY_PKG_PK_SIZE);
	memcpy(roots.keys.items[1].key, pk[ROOT2], SKY_PKG_PK_SIZE);
	size_t rl, tl, sl;
	uint8_t *r =
		meta(SKY_META_ROOT, body, ENCODE(pkg_root_keys_encode, &roots, body), both, &rl);
	uint8_t *t =
		meta(SKY_META_TRUST, body, ENCODE(pkg_trust_store_encode, &ts, body), both, &tl);
	uint8_t *s = meta(SKY_META_SNAPSHOT, body, ENCODE(pkg_snapshot_encode, &snap, body),
			  snapper, &sl);
	struct pkg_repo_files f = { .roots = r,
				    .trust = t,
				    .snapshot = s,
				    .roots_len = rl,
				    .trust_len = tl,
				    .snapshot_len = sl };
	int err = pkg_repo_load(&repo, &f, now, load_flags, e);
	free(r);
	free(t);
	free(s);
	return err;
}

/* A zstd frame of one raw block, no declared size. */
static size_t frame(uint8_t *p, const uint8_t *data, size_t n)
{
	static const uint8_t head[] = { 0x28, 0xB5, 0x2F, 0xFD, 0x00, 0x30 };
	memcpy(p, head, sizeof head);
	uint32_t bh = (uint32_t)n << 3 | 1;
	p[6] = (uint8_t)bh;
	p[7] = (uint8_t)(bh >> 8);
	p[8] = (uint8_t)(bh >> 16);
	memcpy(p + 9, data, n);
	return 9 + n;
}

static struct pkg_manifest man;

/* A package of content under `man`, signed by the keys listed (-1 ends). */
static uint8_t *package(const int *signers, size_t *len, size_t *mlen_out)
{
	uint8_t mbuf[SKY_PKG_MANIFEST_MAX], z[4096];
	size_t mlen = ENCODE(pkg_manifest_encode, &man, mbuf),
	       zlen = frame(z, content, sizeof content);
	struct compress_info ci = { SKY_CMH_ALGO_ZSTD, 0, zlen, sizeof content, { 0 } };
	sha3_512(content, sizeof content, ci.sha3_512);
	int n = 0;
	while (signers[n] >= 0)
		n++;
	size_t sl = SKY_PKG_HEADER_SIZE + mlen + SKY_CMH_SIZE + zlen;
	*len = sl + 4 + (size_t)n * SKY_PKG_SIG_ENTRY;
	uint8_t *f = calloc(1, *len), digest[64];
	pkg_skm_header_write(f, (uint32_t)mlen, SKY_CMH_SIZE + zlen);
	memcpy(f + SKY_PKG_HEADER_SIZE, mbuf, mlen);
	compress_header_write(&ci, f + SKY_PKG_HEADER_SIZE + mlen);
	memcpy(f + SKY_PKG_HEADER_SIZE + mlen + SKY_CMH_SIZE, z, zlen);
	pkg_put_le(f + sl, (uint64_t)n, 4);
	pkg_digest(f, sl, digest);
	for (int i = 0; i < n; i++)
		pkg_sign(sk[signers[i]], SKY_PKG_MAGIC, digest, 64, zero_rnd,
			 f + sl + 4 + i * SKY_PKG_SIG_ENTRY);
	if (mlen_out)
		*mlen_out = mlen;
	return f;
}

static void set_manifest(const char *name, uint16_t major)
{
	memset(&man, 0, sizeof man);
	man.name.len = (uint16_t)strlen(name);
	memcpy(man.name.data, name, man.name.len);
	man.version = (struct modmgr_version){ major, 0, 0 };
	man.abi = 1;
	man.requires.count = 1;
	man.requires.items[0] = (struct modmgr_cap_requirement){ .name = { 7, "console" },
								 .object = 6,
								 .rights = 2 };
}

/* Pin a package in the snapshot the next load() signs. */
static void pin(const uint8_t *f, size_t len)
{
	struct pkg_skm p;
	struct pkg_err e;
	EXPECT(pkg_skm_open(&p, f, len, &e) == 0);
	struct pkg_entry *en = &snap.packages.items[snap.packages.count++];
	memset(en, 0, sizeof *en);
	memcpy(en->name.data, man.name.data, man.name.len);
	en->name.len = man.name.len;
	en->version = man.version;
	en->size = p.signed_len;
	pkg_digest(f, p.signed_len, en->digest);
}

static int verify(const uint8_t *f, size_t len, uint64_t now, struct pkg_err *e)
{
	static struct pkg_verified v;
	return pkg_verify_package(&repo, f, len, now, PKG_V_SNAPSHOT | PKG_V_CONTENT, elf,
				  sizeof elf, work, sizeof work, NULL, &v, e);
}

static const int by_pkg1[] = { PKG1, -1 };

static void setup(void)
{
	default_store();
	memset(&snap, 0, sizeof snap);
	snap.version = 5;
	snap.trust_version = 3;
	snap.expires = NOW + 100;
	set_manifest("hello", 2);
}

static void round_trip(void)
{
	setup();
	size_t len;
	uint8_t *f = package(by_pkg1, &len, NULL);
	pin(f, len);
	struct pkg_err e;
	EXPECT(load(NOW, &e) == 0);
	memset(elf, 0, sizeof elf);
	static struct pkg_verified v;
	EXPECT(pkg_verify_package(&repo, f, len, NOW, PKG_V_SNAPSHOT | PKG_V_CONTENT, elf,
				  sizeof elf, work, sizeof work, NULL, &v, &e) == 0);
	EXPECT(v.elf_len == sizeof content && memcmp(elf, content, sizeof content) == 0);
	EXPECT(v.manifest.requires.count == 1 && v.manifest.version.major == 2);
	EXPECT(memcmp(v.digest, snap.packages.items[0].digest, 64) == 0);
	/* The content flag off: no output, still valid. */
	EXPECT(pkg_verify_package(&repo, f, len, NOW, PKG_V_SNAPSHOT, NULL, 0, NULL, 0, NULL, &v,
				  &e) == 0);
	free(f);
}

static void every_truncation_refused(void)
{
	setup();
	size_t len;
	uint8_t *f = package(by_pkg1, &len, NULL);
	pin(f, len);
	struct pkg_err e;
	EXPECT(load(NOW, &e) == 0);
	int bad = 0;
	for (size_t n = 0; n < len; n++) {
		uint8_t *cut = malloc(n ? n : 1);
		memcpy(cut, f, n);
		bad += verify(cut, n, NOW, &e) == 0;
		free(cut);
	}
	EXPECT(bad == 0);
	free(f);
}

static void every_bit_flip_refused(void)
{
	setup();
	size_t len, mlen;
	uint8_t *f = package(by_pkg1, &len, &mlen);
	pin(f, len);
	struct pkg_err e;
	EXPECT(load(NOW, &e) == 0);
	int bad = 0, reasons[PKG_R_COUNT] = { 0 };
	size_t end = SKY_PKG_HEADER_SIZE + mlen + SKY_CMH_SIZE + 16;
	for (size_t at = 0; at < end; at++)
		for (int b = 0; b < 8; b++) {
			f[at] ^= (uint8_t)(1u << b);
			int err = verify(f, len, NOW, &e);
			bad += err == 0;
			reasons[err ? e.reason : 0]++;
			f[at] ^= (uint8_t)(1u << b);
		}
	EXPECT(bad == 0);
	EXPECT(reasons[PKG_R_MALFORMED] > 0 && reasons[PKG_R_SIGNATURE] > 0);
	EXPECT(verify(f, len, NOW, &e) == 0);
	free(f);
}

static void thresholds_and_signers(void)
{
	setup();
	ts.thresholds[0] = 2;
	struct pkg_err e;
	size_t l1, l2, l3;
	static const int both[] = { PKG1, PKG2, -1 }, twice[] = { PKG1, PKG1, -1 };
	uint8_t *one = package(by_pkg1, &l1, NULL), *two = package(both, &l2, NULL),
		*dup = package(twice, &l3, NULL);
	pin(one, l1);
	EXPECT(load(NOW, &e) == 0);
	EXPECT(verify(one, l1, NOW, &e) == -PKG_R_THRESHOLD);
	EXPECT(verify(two, l2, NOW, &e) == 0);
	EXPECT(verify(dup, l3, NOW, &e) == -PKG_R_MALFORMED);
	/* PKG2 was rotated out: counted until NOW + 10 only. */
	EXPECT(verify(two, l2, NOW + 10, &e) == -PKG_R_KEY_EXPIRED);
	free(one);
	free(two);
	free(dup);
}

static void keys_refused(void)
{
	setup();
	struct pkg_err e;
	size_t l;
	static const int rogue[] = { ROGUE, -1 }, img[] = { IMG, -1 }, root[] = { ROOT1, -1 };
	uint8_t *f = package(by_pkg1, &l, NULL);
	pin(f, l);
	memcpy(ts.revoked.items[0].id, ts.keys.items[0].key_id, 32);
	ts.revoked.count = 1;
	EXPECT(load(NOW, &e) == 0);
	EXPECT(verify(f, l, NOW, &e) == -PKG_R_REVOKED_KEY);
	free(f);
	f = package(rogue, &l, NULL);
	EXPECT(verify(f, l, NOW, &e) == -PKG_R_UNKNOWN_KEY);
	free(f);
	f = package(img, &l, NULL);
	EXPECT(verify(f, l, NOW, &e) == -PKG_R_WRONG_ROLE);
	free(f);
	/* Root keys sign the trust store, not packages. */
	f = package(root, &l, NULL);
	EXPECT(verify(f, l, NOW, &e) == -PKG_R_UNKNOWN_KEY);
	free(f);
	/* A key past its own expiry. */
	setup();
	ts.keys.items[0].expires = NOW;
	f = package(by_pkg1, &l, NULL);
	pin(f, l);
	EXPECT(load(NOW, &e) == 0);
	EXPECT(verify(f, l, NOW, &e) == -PKG_R_KEY_EXPIRED);
	free(f);
}

static void repository_refusals(void)
{
	setup();
	struct pkg_err e;
	EXPECT(load(NOW + 100, &e) == -PKG_R_EXPIRED); /* the snapshot: freeze */
	ts.expires = NOW;
	EXPECT(load(NOW, &e) == -PKG_R_EXPIRED); /* the trust store */
	/* The keeper, about to replace both, may still read them. */
	load_flags = PKG_L_KEEPER;
	EXPECT(load(NOW + 100, &e) == 0 && repo.trust.have_store && !repo.have_snapshot);
	load_flags = 0;
	setup();
	snap.trust_version = 4;
	EXPECT(load(NOW, &e) == -PKG_R_NOT_IN_SNAPSHOT);
	/* Only one root of the two it takes. */
	setup();
	EXPECT(load(NOW, &e) == 0);
	size_t tl;
	static const int one[] = { ROOT1, -1 };
	uint8_t *t =
		meta(SKY_META_TRUST, body, ENCODE(pkg_trust_store_encode, &ts, body), one, &tl);
	EXPECT(pkg_trust_load(&repo.trust, t, tl, NOW, &e) == -PKG_R_THRESHOLD);
	free(t);
	/* A key id that is not its key's. */
	ts.keys.items[1].key_id[0] ^= 1;
	EXPECT(load(NOW, &e) == -PKG_R_MALFORMED);
}

static void snapshot_pins_and_rollback(void)
{
	setup();
	struct pkg_err e;
	size_t l, l2;
	uint8_t *f = package(by_pkg1, &l, NULL);
	pin(f, l);
	content[0] ^= 1; /* same name and version, other bytes */
	uint8_t *g = package(by_pkg1, &l2, NULL);
	content[0] ^= 1;
	EXPECT(load(NOW, &e) == 0);
	EXPECT(verify(g, l2, NOW, &e) == -PKG_R_NOT_IN_SNAPSHOT);
	EXPECT(strstr(e.why, "digest or size differ") != NULL);
	snap.packages.items[0].version.minor = 1;
	EXPECT(load(NOW, &e) == 0);
	EXPECT(verify(f, l, NOW, &e) == -PKG_R_NOT_IN_SNAPSHOT);
	EXPECT(strstr(e.why, "lists no package") != NULL);
	snap.packages.items[0].version.minor = 0;
	EXPECT(load(NOW, &e) == 0);
	struct modmgr_version v3 = { 3, 0, 0 }, v1 = { 1, 9, 9 };
	EXPECT(pkg_seen_note(&repo.state, false, "hello", 5, &v3));
	EXPECT(verify(f, l, NOW, &e) == -PKG_R_ROLLBACK);
	EXPECT(pkg_seen_note(&repo.state, false, "hello", 5, &v1)); /* never lowers */
	EXPECT(pkg_seen_check(&repo.state, false, "hello", 5, &v3, &e) == 0);
	EXPECT(pkg_seen_check(&repo.state, true, "hello", 5, &v1, &e) == 0); /* images apart */
	free(f);
	free(g);
}

static void refusal_leaves_nothing(void)
{
	setup();
	struct pkg_err e;
	size_t l;
	uint8_t *f = package(by_pkg1, &l, NULL);
	/* A signed package whose header hash lies: decoded, then wiped. */
	struct pkg_skm p;
	EXPECT(pkg_skm_open(&p, f, l, &e) == 0);
	f[(size_t)(p.payload - f) + SKY_CMH_HASH_OFFSET] ^= 1;
	uint8_t digest[64];
	pkg_digest(f, p.signed_len, digest);
	pkg_sign(sk[PKG1], SKY_PKG_MAGIC, digest, 64, zero_rnd, f + p.signed_len + 4);
	pin(f, l);
	EXPECT(load(NOW, &e) == 0);
	memset(elf, 0x5A, sizeof elf);
	EXPECT(verify(f, l, NOW, &e) == -PKG_R_CONTENT);
	bool clean = true;
	for (size_t i = 0; i < sizeof content; i++)
		clean &= elf[i] == 0 || elf[i] == 0x5A;
	EXPECT(clean);
	/* Too small a buffer: refused before decoding. */
	static struct pkg_verified v;
	EXPECT(pkg_verify_package(&repo, f, l, NOW, PKG_V_CONTENT, elf, 100, work, sizeof work,
				  NULL, &v, &e) == -PKG_R_TOO_LARGE);
	free(f);
}

static void promotion_gate(void)
{
	setup();
	ts.policy.count = 2;
	ts.policy.items[0].checks.count = 1;
	memcpy(ts.policy.items[0].checks.items[0].data, "tests", 5);
	ts.policy.items[0].checks.items[0].len = 5;
	ts.policy.items[1].prefix.len = 4;
	memcpy(ts.policy.items[1].prefix.data, "hell", 4);
	ts.policy.items[1].checks.count = 2;
	ts.policy.items[1].checks.items[0] = ts.policy.items[0].checks.items[0];
	memcpy(ts.policy.items[1].checks.items[1].data, "spin", 4);
	ts.policy.items[1].checks.items[1].len = 4;
	struct pkg_err e;
	EXPECT(load(NOW, &e) == 0);
	EXPECT(pkg_policy_rule(&repo.trust.store, "hello", 5) == &repo.trust.store.policy.items[1]);
	EXPECT(pkg_policy_rule(&repo.trust.store, "hel", 3) == &repo.trust.store.policy.items[0]);
	size_t l;
	uint8_t *f = package(by_pkg1, &l, NULL);
	static struct pkg_verified v;
	EXPECT(pkg_verify_package(&repo, f, l, NOW, 0, NULL, 0, NULL, 0, NULL, &v, &e) == 0);
	static struct pkg_verification_result r;
	memcpy(r.package.data, man.name.data, man.name.len);
	r.package.len = man.name.len;
	r.version = man.version;
	memcpy(r.digest, v.digest, 64);
	r.outcome = PKG_OUTCOME_PASS;
	const uint8_t *files[2];
	size_t lens[2];
	static const int promo[] = { PROMO, -1 }, pkgk[] = { PKG1, -1 };
	memcpy(r.check.data, "tests", 5);
	r.check.len = 5;
	uint8_t *a = meta(SKY_META_RESULT, body, ENCODE(pkg_verification_result_encode, &r, body),
			  promo, &lens[0]);
	memcpy(r.check.data, "spin", 4);
	r.check.len = 4;
	uint8_t *b = meta(SKY_META_RESULT, body, ENCODE(pkg_verification_result_encode, &r, body),
			  promo, &lens[1]);
	uint8_t *c = meta(SKY_META_RESULT, body, ENCODE(pkg_verification_result_encode, &r, body),
			  pkgk, &lens[1]);
	files[0] = a;
	EXPECT(pkg_gate_check(&repo.trust, &v, files, lens, 1, NOW, &e) == -PKG_R_POLICY);
	files[1] = c;
	EXPECT(pkg_gate_check(&repo.trust, &v, files, lens, 2, NOW, &e) == -PKG_R_WRONG_ROLE);
	files[1] = b;
	EXPECT(pkg_gate_check(&repo.trust, &v, files, lens, 2, NOW, &e) == 0);
	v.digest[0] ^= 1; /* results about another package count for nothing */
	EXPECT(pkg_gate_check(&repo.trust, &v, files, lens, 2, NOW, &e) == -PKG_R_POLICY);
	free(a);
	free(b);
	free(c);
	free(f);
}

static void small_pieces(void)
{
	struct modmgr_version a = { 1, 2, 3 }, b = { 1, 10, 0 }, c = { 2, 0, 0 };
	EXPECT(pkg_version_cmp(&a, &b) < 0 && pkg_version_cmp(&b, &c) < 0 &&
	       pkg_version_cmp(&c, &a) > 0 && pkg_version_cmp(&a, &a) == 0);
	char s[32];
	pkg_version_str(&b, s, sizeof s);
	EXPECT(strcmp(s, "1.10.0") == 0);
	EXPECT(pkg_name_valid("net-stack_2.x", 13) && !pkg_name_valid(".x", 2) &&
	       !pkg_name_valid("A", 1) && !pkg_name_valid("a/b", 3) && !pkg_name_valid("", 0));
	uint8_t block[4 + SKY_PKG_SIG_ENTRY] = { 1 };
	struct pkg_sigs sg;
	struct pkg_err e;
	EXPECT(pkg_sigs_parse(&sg, block, sizeof block, &e) == 0 && sg.count == 1);
	EXPECT(pkg_sigs_parse(&sg, block, sizeof block - 1, &e) == -PKG_R_MALFORMED);
	EXPECT(pkg_sigs_parse(&sg, block, 3, &e) == -PKG_R_MALFORMED);
	block[0] = 5;
	EXPECT(pkg_sigs_parse(&sg, block, sizeof block, &e) == -PKG_R_TOO_LARGE);
	/* A state that fills up reports it instead of overflowing. */
	static struct pkg_state st;
	bool all = true;
	for (int i = 0; i < 256; i++) {
		char n[8];
		int k = snprintf(n, sizeof n, "p%d", i);
		all &= pkg_seen_note(&st, false, n, (size_t)k, &a);
	}
	EXPECT(all && !pkg_seen_note(&st, false, "one-more", 8, &a));
	EXPECT(strcmp(pkg_reason_name(PKG_R_ROLLBACK), "rollback") == 0);
	EXPECT(strcmp(pkg_reason_name(PKG_R_COUNT), "?") == 0);
}

int main(void)
{
	keys();
	RUN("pkg", small_pieces);
	RUN("pkg", round_trip);
	RUN("pkg", every_truncation_refused);
	RUN("pkg", every_bit_flip_refused);
	RUN("pkg", thresholds_and_signers);
	RUN("pkg", keys_refused);
	RUN("pkg", repository_refusals);
	RUN("pkg", snapshot_pins_and_rollback);
	RUN("pkg", refusal_leaves_nothing);
	RUN("pkg", promotion_gate);
	return cases_failed != 0;
}
